"""Trimming the versions kept under ``output/snapshots/``: only what the sign-off may still ask.

The builds keep every register version they validate, the text of every version of a figure's
code and of a chart's drawn table, and ``review approve`` every executed notebook it approves,
each by its sha256 (``base/kept_files.py``). Without trimming they only grow. A version is still
needed when an approval in ``reviews/*.yaml`` names it (its key, its notebook's version), or when
a published build's keys do (``output/YEAR/figure_keys.json``, ``chart_keys.json``): the next
build compares with those. Every other version is removed, except one written in the last hour,
which a build still running may be about to name.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..base.kept_files import SNAPSHOTS_DIR
from ..base.paths import OUTPUT_DIR, REVIEWS_DIR
from . import chart_keys, history, signoff_keys

RECENT_SECONDS = 3600
"""A version younger than this is kept: a build running now may not have published its keys."""


@dataclass(frozen=True)
class Pruned:
    """What a trim removed and kept."""

    removed: list[Path]
    kept: int
    freed_bytes: int


def named_by_approvals(reviews_dir: Path = REVIEWS_DIR) -> set[str]:
    """Every sha256 an approval of any year names: its key's and its notebook's version."""
    named: set[str] = set()
    for path in sorted(reviews_dir.glob("*.yaml")):
        if not path.stem.isdigit():
            continue
        for event in history.events(int(path.stem), path):
            if isinstance(event, history.Approved):
                key = event.figure_key()
                named |= {key.cell, key.metric, *key.data.values()}
                if event.notebook_version:
                    named.add(event.notebook_version)
    return named


def named_by_builds(output_dir: Path = OUTPUT_DIR) -> set[str]:
    """Every sha256 the keys of a published build name (``output/YEAR/``)."""
    named: set[str] = set()
    for directory in sorted(output_dir.iterdir()) if output_dir.is_dir() else []:
        if not (directory.name.isdigit() and (directory / signoff_keys.KEYS_FILE).is_file()):
            continue
        keys = signoff_keys.read(directory)
        keys.update(chart_keys.read(directory)[1])
        for key in keys.values():
            named |= {key.cell, key.metric, *key.data.values()}
    return named


def kept_files(root: Path = SNAPSHOTS_DIR) -> Iterable[Path]:
    """Every kept version: a file named by a sha256, in a folder of ``root``."""
    for path in sorted(root.glob("*/*")):
        if path.is_file() and len(path.name.split(".")[0]) == 64:
            yield path


def prune(
    named: set[str], root: Path = SNAPSHOTS_DIR, dry_run: bool = False, now: float | None = None
) -> Pruned:
    """Remove the kept versions not in ``named`` (and not written in the last hour)."""
    now = time.time() if now is None else now
    removed, kept, freed = [], 0, 0
    for path in kept_files(root):
        stat = path.stat()
        if path.name.split(".")[0] in named or now - stat.st_mtime < RECENT_SECONDS:
            kept += 1
            continue
        removed.append(path)
        freed += stat.st_size
        if not dry_run:
            path.unlink(missing_ok=True)
    return Pruned(removed, kept, freed)
