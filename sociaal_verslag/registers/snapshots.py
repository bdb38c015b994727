"""Every version of a register the builds validated, kept by the sha256 of its file, so that what
changed since a figure was approved can be named row by row.

A build keeps the checked copy of each register (Parquet, typed as the notebooks read it) in
``output/snapshots/registers/<sha256>.parquet``, once per version. :func:`row_changes` compares
two versions by the register's primary key (``registers.yaml``): the rows added, removed and
changed, with the columns and values that changed. A version whose snapshot is gone (the folder
was cleared) cannot be compared: it says so.
"""

from __future__ import annotations

import functools
import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.kept_files import SNAPSHOTS_DIR as KEPT_DIR
from ..base.kept_files import write_once
from .loading import REGISTERS

SNAPSHOTS_DIR = KEPT_DIR / "registers"


def keep(parquet: Path | str, sha256: str, root: Path = SNAPSHOTS_DIR) -> Path:
    """The snapshot of the register version ``sha256``, its checked copy ``parquet`` kept once."""
    return write_once(root / f"{sha256}.parquet", lambda partial: shutil.copyfile(parquet, partial))


@dataclass(frozen=True)
class RowChanges:
    """What differs between two versions of a register, rows named by their primary key."""

    register: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[tuple[str, Any, Any]]]] = field(default_factory=list)
    """Each changed row's key, with (column, old value, new value) for each changed column."""
    missing: str = ""
    """Why the versions could not be compared ('' when they were)."""

    def lines(self, shown: int = 5) -> list[str]:
        """In words, at most ``shown`` rows of each kind."""
        if self.missing:
            return [self.missing]
        said = [
            f"{len(self.changed)} rij(en) gewijzigd, {len(self.added)} toegevoegd,"
            f" {len(self.removed)} verwijderd"
        ]
        for key, columns in self.changed[:shown]:
            moved = "; ".join(f"{name} {old!r} → {new!r}" for name, old, new in columns)
            said.append(f"gewijzigd {key}: {moved}")
        said += [f"toegevoegd {key}" for key in self.added[:shown]]
        said += [f"verwijderd {key}" for key in self.removed[:shown]]
        return said


@functools.lru_cache(maxsize=32)
def row_changes(register: str, old: str, new: str, root: Path = SNAPSHOTS_DIR) -> RowChanges:
    """The rows of ``register`` that differ between its versions ``old`` and ``new`` (sha256).
    Remembered: the versions never change, and several figures of one register ask the same."""
    import pandas as pd  # only when versions are compared

    paths = [root / f"{sha}.parquet" for sha in (old, new)]
    gone = [path.stem[:12] for path in paths if not path.is_file()]
    if gone:
        return RowChanges(register, missing=f"geen kopie meer van versie {', '.join(gone)}")
    before, after = (pd.read_parquet(path) for path in paths)
    key = list(REGISTERS[register].primary_key)
    if not key:
        return RowChanges(register, missing=f"{len(before)} rijen voor, {len(after)} na")
    before, after = before.set_index(key), after.set_index(key)
    common = before.index.intersection(after.index)
    changed = []
    for index in common.sort_values():
        columns = [
            (column, _plain(before.at[index, column]), _plain(after.at[index, column]))
            for column in before.columns
            if column in after.columns
            and not _same(before.at[index, column], after.at[index, column])
        ]
        if columns:
            changed.append((_named(key, index), columns))
    added = [_named(key, index) for index in after.index.difference(before.index).sort_values()]
    removed = [_named(key, index) for index in before.index.difference(after.index).sort_values()]
    return RowChanges(register, added, removed, changed)


def _named(key: list[str], index: Any) -> str:
    values = index if isinstance(index, tuple) else (index,)
    return ", ".join(f"{name}={value}" for name, value in zip(key, values, strict=True))


def _plain(value: Any) -> Any:
    """A cell as a plain Python value (a number, a text, a date as its ISO form)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def _same(one: Any, other: Any) -> bool:
    missing = [_missing(value) for value in (one, other)]
    if any(missing):
        return all(missing)
    return bool(one == other)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(value)
    except TypeError:
        return str(value) in ("NaT", "<NA>")
