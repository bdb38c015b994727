"""The text of every version of a figure's code the builds keyed, kept by its sha256, so that a
figure whose code changed since its approval can show the lines that changed.

A figure's key names its recording cell and its metric by the sha256 of their text
(``review/signoff_keys.py``). Each build keeps that text once per version in
``output/snapshots/code/<sha256>.txt``; :func:`changed_lines` gives a unified diff of two versions,
or says that one is no longer kept (the folder was cleared).
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..base.kept_files import SNAPSHOTS_DIR, write_once

CODE_DIR = SNAPSHOTS_DIR / "code"


def keep(digest: str, text: str, root: Path | None = None) -> None:
    """Keep ``text``, whose sha256 is ``digest``, once."""
    target = (root or CODE_DIR) / f"{digest}.txt"
    write_once(target, lambda partial: partial.write_text(text, encoding="utf-8"))


def text_of(digest: str, root: Path | None = None) -> str | None:
    """The text kept for ``digest`` (None: not kept)."""
    path = (root or CODE_DIR) / f"{digest}.txt"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def changed_lines(old: str, new: str, root: Path | None = None, shown: int = 12) -> list[str]:
    """The lines that differ between the versions ``old`` and ``new`` (a unified diff without
    its header, at most ``shown`` lines), or why they cannot be shown."""
    texts = [text_of(digest, root) for digest in (old, new)]
    if texts[0] is None or texts[1] is None:
        gone = [digest[:12] for digest, text in zip((old, new), texts, strict=True) if text is None]
        return [f"geen kopie meer van versie {', '.join(gone)}"]
    diff = difflib.unified_diff(texts[0].splitlines(), texts[1].splitlines(), lineterm="", n=0)
    lines = [line for line in diff if not line.startswith(("---", "+++", "@@"))]
    return lines[:shown] + (
        [f"... ({len(lines) - shown} regels meer)"] if len(lines) > shown else []
    )
