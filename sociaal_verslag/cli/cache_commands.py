"""``sociaal-verslag cache info|verify|prune``: the build cache seen, checked and trimmed from
the terminal (the store itself is ``cache/store.py``)."""

from __future__ import annotations

import argparse

from ..base.errors import ReportError
from ..base.paths import relative_to_root
from ..cache.store import DEFAULT_MAX_BYTES, Store
from .options import Commands, size


def add(commands: Commands, common: argparse.ArgumentParser) -> None:
    """The ``cache`` commands."""
    cache_parser = commands.add_parser(
        "cache",
        parents=[common],
        help="the build cache: its size, a check of every entry, pruning",
        description=(
            "The cache of the builds' steps (output/.cache, or the folder SOCIAAL_VERSLAG_CACHE"
            " names). It can only save time: every entry is checked against its checksums when"
            " a build reads it, and a damaged one is discarded and made again. Every build keeps"
            f" it under {DEFAULT_MAX_BYTES // 2**30} GiB by removing the entries used longest ago."
        ),
    )
    actions = cache_parser.add_subparsers(dest="cache_command", required=True, metavar="ACTION")
    info_parser = actions.add_parser(
        "info", parents=[common], help="its folder and size, per kind of entry"
    )
    info_parser.set_defaults(handler=info)
    verify_parser = actions.add_parser(
        "verify",
        parents=[common],
        help="check every entry against its checksums; remove the damaged ones",
        description=(
            "Read every entry of the cache and check each file against the size and sha256"
            " stored with it. A damaged or unfinished entry is listed and removed (a build"
            " would discard it when it met it). Exit status 1 when any was damaged."
        ),
    )
    verify_parser.set_defaults(handler=verify)
    prune_parser = actions.add_parser(
        "prune",
        parents=[common],
        help="remove the entries used longest ago until the cache fits a size",
        description=(
            "Remove the entries used longest ago until the cache holds at most --max-size,"
            " and what interrupted builds left half-written. Builds do this on their own,"
            f" at {DEFAULT_MAX_BYTES // 2**30} GiB."
        ),
    )
    prune_parser.add_argument(
        "--max-size",
        type=size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="the most it may hold: 500M, 2G, 0 to empty it"
        f" (default: {DEFAULT_MAX_BYTES // 2**30}G)",
    )
    prune_parser.set_defaults(handler=prune)


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
    """Print the cache's folder and size, per kind of entry."""
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
    """Check every entry; list and remove the damaged ones (exit status 1 when any)."""
    store = _store()
    entries = list(store.entries())
    damaged = store.verify(entries)
    for entry, problem in damaged:
        print(f"damaged: {entry.kind}/{entry.key}: {problem} (removed)")
    checked = f"checked {_entries(len(entries))} ({_size(sum(e.size for e in entries))})"
    print(f"{checked}: {len(damaged)} damaged, removed" if damaged else f"{checked}: all whole")
    return 1 if damaged else 0


def prune(arguments: argparse.Namespace) -> int:
    """Remove the entries used longest ago until the cache fits ``--max-size``."""
    store = _store()
    removed = store.prune(arguments.max_size)
    left = sum(entry.size for entry in store.entries())
    print(
        f"removed {_entries(len(removed))} ({_size(sum(entry.size for entry in removed))});"
        f" the cache {relative_to_root(store.root)} holds {_size(left)}"
    )
    return 0
