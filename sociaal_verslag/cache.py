"""A content-keyed store of what a build made, so that a rebuild redoes only what changed.

Every cached product (a validated register, an executed notebook, a review page, the report's
HTML, the PDF) is stored under a key that is the sha256 of everything it was made from: the bytes
of its input files, the parameters it read, the source of the package code it ran and the
versions of the libraries that matter. A changed input gives another key, so a product is never
served stale; an unchanged one is found again and copied instead of recomputed.

The store lives in ``output/.cache/`` (git ignores ``output/``) whatever folder a build publishes
to, so that ``--out`` builds share it; the environment variable ``SOCIAAL_VERSLAG_CACHE`` names
another folder (the tests use one of their own). One folder per kind of product; an entry is
written to a temporary name and renamed, so an interrupted build never leaves half an entry.
``--no-cache`` builds without reading it (and refreshes it).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CACHE_ENV = "SOCIAAL_VERSLAG_CACHE"
"""Environment variable naming the cache folder, instead of ``output/.cache``."""
KEEP_PER_KIND = 40
"""How many entries of one kind the store keeps; the oldest beyond it are removed."""


def digest(value: Any) -> str:
    """The sha256 of a JSON-able value, written canonically (sorted keys, no spaces)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Store:
    """Cached products by kind and key, under ``root`` (``output/.cache``)."""

    root: Path
    read: bool = True
    """False for ``--no-cache``: nothing is found, everything made is stored afresh."""

    @classmethod
    def default(cls, read: bool = True) -> Store:
        """The project's store: ``output/.cache``, or the folder ``SOCIAAL_VERSLAG_CACHE`` names."""
        from .paths import OUTPUT_DIR

        return cls(Path(os.environ.get(CACHE_ENV) or OUTPUT_DIR / ".cache"), read)

    def entry(self, kind: str, key: str) -> Path:
        """Where the entry ``key`` of ``kind`` lives (a folder)."""
        return self.root / kind / key

    def find(self, kind: str, key: str) -> Path | None:
        """The entry's folder when it is stored (and reading is allowed), else None."""
        folder = self.entry(kind, key)
        if self.read and (folder / ".complete").is_file():
            os.utime(folder)  # recently used: kept when the store is pruned
            return folder
        return None

    def put(self, kind: str, key: str, files: Iterable[Path], meta: dict | None = None) -> Path:
        """Store copies of ``files`` (and ``meta`` as meta.json) as the entry ``key``."""
        final = self.entry(kind, key)
        partial = final.with_name(f".{key}.{uuid.uuid4().hex}")
        partial.mkdir(parents=True)
        for path in files:
            shutil.copy2(path, partial / Path(path).name)
        (partial / "meta.json").write_text(json.dumps(meta or {}, sort_keys=True), "utf-8")
        (partial / ".complete").write_text("", "utf-8")
        if final.exists():
            shutil.rmtree(final, ignore_errors=True)
        try:
            partial.rename(final)
        except OSError:  # another build stored the same entry at the same moment
            shutil.rmtree(partial, ignore_errors=True)
        self._prune(kind)
        return final

    @staticmethod
    def meta(entry: Path) -> dict:
        """The meta.json stored with an entry."""
        return json.loads((entry / "meta.json").read_text("utf-8"))

    def _prune(self, kind: str) -> None:
        entries = [path for path in (self.root / kind).iterdir() if not path.name.startswith(".")]
        if len(entries) <= KEEP_PER_KIND:
            return
        entries.sort(key=lambda path: path.stat().st_mtime)
        for old in entries[: len(entries) - KEEP_PER_KIND]:
            shutil.rmtree(old, ignore_errors=True)
