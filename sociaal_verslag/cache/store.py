"""A content-keyed store of what a build made, so that a rebuild redoes only what changed.

Every cached product (a validated register, an executed notebook, a review page, the report's HTML,
the PDF) is stored under a key that is the sha256 of everything it was made from (see
``cache/identity.py``). A changed input gives another key, so a product is never served stale; an
unchanged one is found again and copied instead of recomputed.

The store lives in ``output/.cache/`` (git ignores ``output/``) whatever folder a build publishes
to, so that ``--out`` builds share it; the environment variable ``SOCIAAL_VERSLAG_CACHE`` names
another folder (the tests use one of their own). One folder per kind of product, one folder per
entry: its files, ``meta.json`` and ``checksums.json`` (the size and sha256 of each of them).

The store can only cost time, never give a wrong or failed report:

- **An entry is verified whenever it is read**: a file missing, cut off or changed, or an entry
  without its checksums (half-written), is discarded with one warning and the step runs again.
- **Entries are written whole or not at all**: to a folder of their own, renamed into place
  when complete. Two builds that share a store may write the same entry at the same moment; one
  of them wins, and a reader never sees half an entry.
- **A store that cannot be used is only slower**: a folder that cannot be created, read or
  written gives one warning, and the build runs on a private folder that it removes at its end.
- **It keeps to a size** (:data:`DEFAULT_MAX_BYTES`): after a build that stored something, the
  entries used longest ago are removed until the store fits, never those this build used.
  ``sociaal-verslag cache info|verify|prune`` shows, checks and trims it by hand.

``--no-cache`` builds without reading it; what it makes replaces what the store holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.paths import OUTPUT_DIR, relative_to_root

CACHE_ENV = "SOCIAAL_VERSLAG_CACHE"
"""Environment variable naming the cache folder, instead of ``output/.cache``."""

DEFAULT_MAX_BYTES = 2 * 2**30
"""The size the build keeps the store under (2 GiB: a build of 2025 stores about 15 MB, ten
times the registers about 150 MB)."""

FORMAT = 2
"""The layout of an entry (2: with checksums). Part of every key, so that entries of another
layout are never read; they are pruned as the oldest."""

CHECKSUMS = "checksums.json"
"""The file, in each entry, that lists every other file of it with its size and sha256. Written
last: an entry without it was not finished."""

META = "meta.json"

LEFTOVER_SECONDS = 24 * 3600
"""A folder of an entry being written (or discarded) older than this was left by a build that
was killed: pruning removes it."""


def digest(value: Any) -> str:
    """The sha256 of a JSON-able value, written canonically (sorted keys, no spaces)."""
    text = json.dumps(
        [FORMAT, value], sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class EntryInfo:
    """One stored entry: where, how big, when last used (seconds since the epoch)."""

    kind: str
    key: str
    folder: Path
    size: int
    used: float


@dataclass
class Store:
    """Cached products by kind and key, under ``root`` (``output/.cache``)."""

    root: Path
    read: bool = True
    """False for ``--no-cache``: nothing is found, everything made is stored afresh."""
    warnings: list[str] = field(default_factory=list)
    """What went wrong with the store, one line each (the build shows them as warnings)."""
    _spare: Path | None = None
    """A private folder that takes the entries when ``root`` cannot (removed by close)."""
    _root_readable: bool = True
    _used: set[Path] = field(default_factory=set)
    _stored: bool = False

    @classmethod
    def default(cls, read: bool = True) -> Store:
        """The project's store: ``output/.cache``, or the folder ``SOCIAAL_VERSLAG_CACHE`` names."""
        return cls.open(Path(os.environ.get(CACHE_ENV) or OUTPUT_DIR / ".cache"), read)

    @classmethod
    def open(cls, root: Path, read: bool = True) -> Store:
        """The store at ``root``, tried first: one that cannot be created, read or written is
        left aside with one warning, and this store keeps its entries in a private folder."""
        store = cls(Path(root), read)
        try:
            store.root.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=store.root):
                pass
            os.listdir(store.root)
        except OSError as error:
            store._set_aside(error, "cannot be used")
        return store

    # --- reading -------------------------------------------------------------------------------

    def entry(self, kind: str, key: str) -> Path:
        """Where the entry ``key`` of ``kind`` is written (a folder)."""
        return (self._spare or self.root) / kind / key

    def find(self, kind: str, key: str) -> Path | None:
        """The entry's folder when it is stored whole (and reading is allowed), else None. An
        entry that fails its checksums is discarded with a warning."""
        if not self.read:
            return None
        for root in self._roots():
            folder = root / kind / key
            try:
                if not folder.is_dir():
                    continue
                problem = damage(folder)
            except OSError as error:
                self._unreadable(error)
                continue
            if problem:
                self._discard(folder, problem)
                continue
            with contextlib.suppress(OSError):
                os.utime(folder)  # recently used: kept when the store is pruned
            self._used.add(folder)
            return folder
        return None

    def variants(self, kind: str, prefix: str) -> list[tuple[str, Path]]:
        """The entries whose key is ``prefix`` followed by ``-`` and more, most recently used
        first (unverified: ``find`` verifies the one chosen)."""
        if not self.read:
            return []
        found = []
        for root in self._roots():
            with contextlib.suppress(OSError):
                for path in (root / kind).iterdir():
                    if path.name.startswith(f"{prefix}-"):
                        found.append((path.stat().st_mtime, path.name, path))
        return [(name, path) for _, name, path in sorted(found, reverse=True)]

    @staticmethod
    def meta(entry: Path) -> dict:
        """The meta.json stored with an entry."""
        return json.loads((entry / META).read_text("utf-8"))

    # --- writing -------------------------------------------------------------------------------

    def put(self, kind: str, key: str, files: Iterable[Path], meta: dict | None = None) -> Path:
        """Store copies of ``files`` (and ``meta`` as meta.json) as the entry ``key``."""
        files = list(files)
        # A build without the cache refreshes it: what it made replaces what was stored.
        replace = not self.read
        try:
            final = _write_entry(self.entry(kind, key), files, meta or {}, replace)
        except OSError as error:
            if self._spare is not None:
                raise  # not even a private folder can be written: the disk is full
            self._set_aside(error, "cannot be written")
            final = _write_entry(self.entry(kind, key), files, meta or {}, replace)
        self._used.add(final)
        self._stored = True
        return final

    def close(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        """At the end of a build: the private folder removed, the store pruned to
        ``max_bytes`` if this build stored something in it (what it used is kept)."""
        if self._spare is not None:
            shutil.rmtree(self._spare, ignore_errors=True)
        elif self._stored:
            with contextlib.suppress(OSError):
                self.prune(max_bytes, keep=self._used)

    # --- housekeeping --------------------------------------------------------------------------

    def entries(self) -> Iterator[EntryInfo]:
        """Every entry of the store (finished or not), by kind."""
        for kind_folder in sorted(_folders(self.root)):
            for folder in _folders(kind_folder):
                if folder.name.startswith("."):
                    continue
                try:  # an entry another build removes meanwhile is not listed
                    size = sum(path.stat().st_size for path in folder.iterdir())
                    used = folder.stat().st_mtime
                except OSError:
                    continue
                yield EntryInfo(kind_folder.name, folder.name, folder, size, used)

    def verify(self, entries: Iterable[EntryInfo]) -> list[tuple[EntryInfo, str]]:
        """``entries`` checked against their checksums; the damaged ones discarded and returned
        with what is wrong."""
        damaged = []
        for info in entries:
            problem = damage(info.folder)
            if problem:
                _remove(info.folder)
                damaged.append((info, problem))
        return damaged

    def prune(self, max_bytes: int, keep: Iterable[Path] = ()) -> list[EntryInfo]:
        """Remove the entries used longest ago until the store holds at most ``max_bytes``
        (never those in ``keep``), and what killed builds left half-written; the removed."""
        self._remove_leftovers()
        kept = {Path(path) for path in keep}
        entries = sorted(self.entries(), key=lambda info: info.used)
        total = sum(info.size for info in entries)
        removed = []
        for info in entries:
            if total <= max_bytes:
                break
            if info.folder in kept:
                continue
            _remove(info.folder)
            total -= info.size
            removed.append(info)
        return removed

    def _remove_leftovers(self) -> None:
        limit = time.time() - LEFTOVER_SECONDS
        for kind_folder in _folders(self.root):
            for folder in _folders(kind_folder):
                with contextlib.suppress(OSError):
                    if folder.name.startswith(".") and folder.stat().st_mtime < limit:
                        shutil.rmtree(folder, ignore_errors=True)

    # --- when the store cannot be used ---------------------------------------------------------

    @property
    def roots(self) -> list[Path]:
        """The folders that hold this store's entries: ``root``, and the private folder when
        ``root`` could not be written."""
        return [self.root] + ([self._spare] if self._spare is not None else [])

    def _roots(self) -> list[Path]:
        return [root for root in self.roots if root != self.root or self._root_readable]

    def _set_aside(self, error: OSError, what: str) -> None:
        """Go on in a private folder, with one warning."""
        self._spare = Path(tempfile.mkdtemp(prefix="sv-cache-"))
        self.warnings.append(
            f"the cache {relative_to_root(self.root)} {what} ({_reason(error)}):"
            " this build runs without it and keeps nothing for the next one"
        )

    def _unreadable(self, error: OSError) -> None:
        if self._root_readable:
            self._root_readable = False
            self.warnings.append(
                f"the cache {relative_to_root(self.root)} cannot be read ({_reason(error)}):"
                " this build runs without it"
            )

    def _discard(self, folder: Path, problem: str) -> None:
        _remove(folder)
        entry = f"{relative_to_root(folder.parent)}/{folder.name[:12]}…"
        self.warnings.append(
            f"cache entry {entry} is damaged ({problem}): discarded, the step runs again"
        )


def damage(folder: Path) -> str:
    """What is wrong with a stored entry ('' when every file is as its checksums say)."""
    try:
        listed = _checksums(json.loads((folder / CHECKSUMS).read_text("utf-8")))
    except FileNotFoundError:
        return "not finished: it has no checksums"
    except (ValueError, KeyError, TypeError, AttributeError):
        return f"its {CHECKSUMS} cannot be read"
    for name, (size, sha) in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        found = path.stat().st_size
        if found != size:
            return f"{name} has {found} bytes where {size} were stored"
        with path.open("rb") as handle:
            if hashlib.file_digest(handle, "sha256").hexdigest() != sha:
                return f"{name} is not what was stored"
    return ""


def _checksums(written: Any) -> dict[str, tuple[int, str]]:
    """The files a checksums file lists, each with its size and sha256; a ValueError when it
    is not such a list or leaves out the entry's meta.json."""
    listed = {name: (int(size), str(sha)) for name, (size, sha) in written["files"].items()}
    if META not in listed or any(
        len(sha) != 64 or "/" in name for name, (_, sha) in listed.items()
    ):
        raise ValueError(written)
    return listed


def _write_entry(final: Path, files: list[Path], meta: dict, replace: bool) -> Path:
    """Write the entry in a folder of its own and rename it into place; an entry stored whole
    under the same key meanwhile (by another build) is kept unless ``replace``, a damaged one
    replaced."""
    partial = final.with_name(f".{final.name}.{uuid.uuid4().hex}")
    partial.mkdir(parents=True)
    try:
        checksums = {Path(path).name: _copy_hashing(Path(path), partial) for path in files}
        (partial / META).write_text(json.dumps(meta, sort_keys=True), "utf-8")
        checksums[META] = _checksum(partial / META)
        (partial / CHECKSUMS).write_text(json.dumps({"files": checksums}), "utf-8")
        if final.is_dir():
            if not replace and not damage(final):
                shutil.rmtree(partial, ignore_errors=True)
                return final
            _remove(final)
        try:
            partial.rename(final)
        except OSError:
            if not final.is_dir():
                raise
            shutil.rmtree(partial, ignore_errors=True)  # another build stored it just now
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def _copy_hashing(source: Path, folder: Path) -> list[Any]:
    """Copy ``source`` into ``folder``; its size and sha256, read once."""
    hasher = hashlib.sha256()
    size = 0
    with source.open("rb") as reader, (folder / source.name).open("wb") as writer:
        while chunk := reader.read(1 << 20):
            hasher.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    shutil.copystat(source, folder / source.name)
    return [size, hasher.hexdigest()]


def _checksum(path: Path) -> list[Any]:
    data = path.read_bytes()
    return [len(data), hashlib.sha256(data).hexdigest()]


def _remove(folder: Path) -> None:
    """Take an entry out of use at once (renamed aside), then delete it."""
    aside = folder.with_name(f".discarded-{folder.name}.{uuid.uuid4().hex}")
    try:
        folder.rename(aside)
    except OSError:
        aside = folder
    shutil.rmtree(aside, ignore_errors=True)


def _folders(path: Path) -> list[Path]:
    try:
        return [child for child in path.iterdir() if child.is_dir()]
    except OSError:
        return []


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
