"""A rebuild with nothing changed, answered before anything heavy is imported.

A build run from the command line records what it read from its first moment, on Python's audit
hooks (``notebook/file_audit.py``, as the notebooks' kernels do): the parameters, registers,
chapters and notebooks, the package's code and data, and every file the notebooks' stored runs
read (the build hashes each to check the run still holds). When the build has published, that
record is kept in the cache (kind ``builds``, under the build's options): each file with its size,
modification time and sha256, the folders listed and the paths looked for, the Python
installation, the git commit and whether the work tree had changes (the colophon prints both),
the kernels' environment, and the published files with their size and modification time.

The next build with the same options first compares all of that (:func:`unchanged`). A file whose
size or time differs is hashed and compared by content; one changed within a moment of the
build that read it is always hashed (its time may not have moved). Only when everything is as
recorded, the published files included, does the build end at once: the published report is
already what it would make, byte for byte, and it says so with the last build's summary.
Anything else, a missing or damaged record included, runs the build, whose steps take what they
can from the cache. This module imports only the standard library and the package's light
modules, so that the answer comes before the build's libraries would load.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..base.git_state import git_state
from ..base.kept_files import SNAPSHOTS_DIR
from ..base.paths import PACKAGE_DIR
from ..cache.store import Store, digest
from ..execution.kernel_environment import KERNEL_PASSED
from ..notebook import file_audit

KIND = "builds"
"""The cache's kind for the builds' records."""
RACY_NS = 2 * 10**9
"""A file changed this close to the start of the build that read it is checked by content: its
modification time may not have moved since."""
ENVIRONMENT = ("SOURCE_DATE_EPOCH", *KERNEL_PASSED)
"""The environment variables a build's result can depend on: the build's date, and those the
kernels are given."""
SKIPPED = frozenset({"__pycache__"})


@dataclass(frozen=True)
class Request:
    """What was asked of a build: the command line's options that change what it publishes."""

    year: int
    out_root: str
    """Where it publishes ``YEAR/`` (or ``partial/YEAR/``), absolute."""
    params: str
    overrides: tuple[str, ...]
    formats: tuple[str, ...]
    languages: tuple[str, ...] | None
    final: bool
    review_pages: bool
    compare_previous: bool
    directory: str
    """Where it was asked from: a relative path in a parameter is taken from there."""

    def key(self) -> str:
        """The request's digest, which its records are kept under."""
        return digest({**asdict(self), "environment": _environment()})[:32]


def _environment() -> dict[str, str | None]:
    return {name: os.environ.get(name) for name in ENVIRONMENT}


def start() -> None:
    """Record what this process reads from now on (once per process)."""
    file_audit.install()
    if not hasattr(sys, "_sociaal_verslag_started"):
        sys._sociaal_verslag_started = time.time_ns()  # type: ignore[attr-defined]


# --- the record ----------------------------------------------------------------------------------


def _excluded(request: Request, store: Store) -> tuple[str, ...]:
    """The folders whose files a build writes or keeps (never its inputs): the published
    folder and its companions, the partial builds, the cache, the kept versions of the
    registers and the code that approvals compare with. (Its temporary files are among those it
    wrote.)"""
    root, year = Path(request.out_root), request.year
    names = [str(year), f".staging-{year}", f".failed-{year}", f".previous-{year}", "partial"]
    folders = [root / name for name in names] + [*store.roots, SNAPSHOTS_DIR]
    folders.append(root / f".build-{year}.lock")
    return tuple(os.path.join(os.path.realpath(folder), "") for folder in folders)


def _outside(path: str, excluded: tuple[str, ...]) -> bool:
    real = os.path.join(os.path.realpath(path), "")
    return real.startswith(excluded) or any(folder.startswith(real) for folder in excluded)


def _files(
    read: Mapping[str, Any], written: set[str], excluded: tuple[str, ...]
) -> dict[str, list] | None:
    """Each file read (but those the build wrote), with its size, time and sha256 now; None
    when one changed since the build read it (the record would not be what the build used)."""
    files = {}
    for path in sorted({*read, *_package_files()} - written):
        if _outside(path, excluded) or _scratch(path) or os.path.isdir(path):
            continue  # (a folder opened is one listed: recorded with the folders)
        now = file_audit.signature(path)
        if path in read and read[path] != now:
            return None
        content = _content(path) if now is not None else None
        if content == "unreadable":
            return None  # a file that cannot be read now: no record rather than a wrong one
        files[path] = [*now, content] if now is not None else None
    return files


def _scratch(path: str) -> bool:
    """Whether ``path`` is a temporary file or folder gone at the build's end: its own."""
    scratch = os.path.join(os.path.realpath(tempfile.gettempdir()), "")
    return os.path.realpath(path).startswith(scratch) and not os.path.lexists(path)


def _package_files() -> list[str]:
    """Every file of the package: its code and data, whether this build opened them or not."""
    found = []
    for folder, names, files in os.walk(PACKAGE_DIR):
        names[:] = [name for name in names if name not in SKIPPED and not name.startswith(".")]
        found += [os.path.join(folder, name) for name in files if not name.endswith(".pyc")]
    return found


def _content(path: str) -> str:
    """A file's sha256, read now: never one remembered by size and time ("unreadable" when it
    cannot be read: never a recorded one)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return "unreadable"


def _published(target: Path) -> dict[str, list[int] | None]:
    """Every published file with its size and time."""
    return {
        str(path): file_audit.signature(str(path))
        for path in sorted(target.rglob("*"))
        if path.is_file()
    }


def _installation(audit: Mapping[str, Any]) -> dict[str, Any]:
    """The Python that ran the build and the installed distributions (their folders' names)."""
    return {
        "python": [audit["python"], file_audit.signature(audit["python"])],
        "site": {folder: file_audit.listing(folder) for folder in audit["site"]},
    }


def save(request: Request, target: Path, said: Mapping[str, Any]) -> None:
    """Keep the record of the build just published in ``target``, with what it ``said`` (its
    summary's parts, for the next one to say again); nothing when this process did not record
    from its start or something changed while it ran."""
    if not hasattr(sys, "_sociaal_verslag_started"):
        return
    store = Store.default()
    try:
        record = _record(request, store, target)
        if record is not None:
            record["said"] = dict(said)
            key = f"{request.key()}-{digest(record)[:16]}"
            store.put(KIND, key, [], record)
    except OSError:
        pass  # the record only spares the next build its work: no build fails for it
    finally:
        store.close()


def _record(request: Request, store: Store, target: Path) -> dict[str, Any] | None:
    audit = json.loads(file_audit.report())
    excluded = _excluded(request, store)
    written = set(audit["written"])
    files = _files(audit["read"], written, excluded)
    if files is None:
        return None
    listed = {
        folder: names
        for folder, names in audit["listed"].items()
        if not _outside(folder, excluded) and not _scratch(folder)
    }
    probed = {
        path: there
        for path, there in audit["probed"].items()
        if path not in files
        and path not in written
        and not _outside(path, excluded)
        and not _scratch(path)
    }
    return {
        "started_ns": sys._sociaal_verslag_started,  # type: ignore[attr-defined]
        "files": files,
        "listed": listed,
        "probed": probed,
        "installation": _installation(audit),
        "git": asdict(git_state()),
        "target": str(target),
        "published": _published(target),
    }


# --- the comparison ------------------------------------------------------------------------------


def unchanged(request: Request) -> dict[str, Any] | None:
    """What the last build with these options said (and where it published, ``target``), when
    nothing it depends on has changed since and its published files are as it left them; else
    None."""
    store = Store.default()
    try:
        record = _last_record(store, request.key())
    finally:
        store.close()
    if record is None or record["published"] != _published(Path(record["target"])):
        return None
    same = (
        _same_files(record["files"], record["started_ns"])
        and all(file_audit.listing(folder) == names for folder, names in record["listed"].items())
        and all(os.path.exists(path) == there for path, there in record["probed"].items())
        and _same_installation(record["installation"])
        and record["git"] == asdict(git_state())
    )
    return {**record["said"], "target": record["target"]} if same else None


def _last_record(store: Store, prefix: str) -> dict[str, Any] | None:
    """The most recent record kept under ``prefix`` (None: none, or it cannot be read)."""
    for key, _ in store.variants(KIND, prefix)[:1]:
        found = store.find(KIND, key)
        if found is None:
            return None
        try:
            record = Store.meta(found)
        except (OSError, ValueError):
            return None
        keys = {"files", "listed", "probed", "installation", "git", "target", "published", "said"}
        return record if keys <= set(record) else None
    return None


def _same_files(files: Mapping[str, list | None], started_ns: int) -> bool:
    for path, recorded in files.items():
        now = file_audit.signature(path)
        if recorded is None or now is None:
            if recorded != now:
                return False
            continue
        racy = now[1] >= started_ns - RACY_NS
        if (now != recorded[:2] or racy) and _content(path) != recorded[2]:
            return False
    return True


def _same_installation(recorded: Mapping[str, Any]) -> bool:
    python, signature = recorded["python"]
    return file_audit.signature(python) == signature and all(
        file_audit.listing(folder) == names for folder, names in recorded["site"].items()
    )
