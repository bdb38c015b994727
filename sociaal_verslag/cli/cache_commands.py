"""``sociaal-verslag cache info|verify|prune``: the build cache seen, checked and trimmed from
the terminal (the store itself is ``cache/store.py``)."""

from __future__ import annotations

import argparse

from ..base.errors import ReportError
from ..base.paths import relative_to_root
from ..cache.store import DEFAULT_MAX_BYTES, Store


def _store() -> Store:
    """The build cache, for the cache commands: one that cannot be used is an error here."""
    store = Store.default()
    if store.warnings:
        store.close()
        raise ReportError(store.warnings[0].split(": this build")[0])
    return store


def _size(count: int) -> str:
    """``15.2 MiB``."""
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return ""


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


def info(arguments: argparse.Namespace) -> int:
    store = _store()
    by_kind: dict[str, list[int]] = {}
    for entry in store.entries():
        by_kind.setdefault(entry.kind, []).append(entry.size)
    total = sum(sum(sizes) for sizes in by_kind.values())
    count = sum(len(sizes) for sizes in by_kind.values())
    print(
        f"cache {relative_to_root(store.root)}: {_entries(count)}, {_size(total)}"
        f" (every build keeps it under {_size(DEFAULT_MAX_BYTES)})"
    )
    for kind, sizes in sorted(by_kind.items()):
        print(f"  {kind:<14} {_entries(len(sizes)):>13}  {_size(sum(sizes)):>11}")
    return 0


def verify(arguments: argparse.Namespace) -> int:
    store = _store()
    entries = list(store.entries())
    damaged = store.verify(entries)
    for entry, problem in damaged:
        print(f"damaged: {entry.kind}/{entry.key}: {problem} (removed)")
    checked = f"checked {_entries(len(entries))} ({_size(sum(e.size for e in entries))})"
    print(f"{checked}: {len(damaged)} damaged, removed" if damaged else f"{checked}: all whole")
    return 1 if damaged else 0


def prune(arguments: argparse.Namespace) -> int:
    store = _store()
    removed = store.prune(arguments.max_size)
    left = sum(entry.size for entry in store.entries())
    print(
        f"removed {_entries(len(removed))} ({_size(sum(entry.size for entry in removed))});"
        f" the cache {relative_to_root(store.root)} holds {_size(left)}"
    )
    return 0
