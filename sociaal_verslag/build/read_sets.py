"""What a notebook's run read, as part of its cache key, and whether it still reads the same.

A notebook's key is made in two parts. The first is known before it runs
(``notebook_step.notebook_identity``): its own code, the parameters it is given and reads, the
registers it declares, the environment its kernel gets. The second is what the run really read,
recorded in its kernel (``notebook/file_audit.py``): every file with its sha256 (or that it was
missing), every folder it listed with its entries, the validated registers it was given by this
build, the Python installation. A run is stored under both parts; a later build takes it only when
each file and folder is still as it was recorded (:func:`unchanged`), so that a change to anything
it read runs it again.

What the build gives every kernel and keys in the first part is left out: the index of the
validated registers (its entries are recorded by their cache key instead), the build's
parameters as ``notebook.setup`` reads them (the first part covers the parameters the
notebook's code names, so that a parameter it does not read does not run it again), and the
folders the build writes in, which are there in every build. The catalogue reads every metric's
description when it is imported, to check them together, but a notebook prints only the figures
of the metrics it runs: a description counts for the notebooks whose kernel imported its metric
module.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.hashing import sha256
from ..figures.catalogue import META_SUFFIX, METRICS_DIR
from ..notebook import file_audit
from ..notebook.file_audit import MISSING, listing

ReadSet = dict[str, Any]
"""What a run read: ``files`` (path -> sha256, or "missing"), ``folders`` (path -> sha256 of
its entries' names, or "missing"), ``exists`` (path -> whether it was there when the run looked)
and ``stored`` (the cache entries it was given)."""

METRICS_PACKAGE = "sociaal_verslag.metrics"


@dataclass(frozen=True)
class Given:
    """What this build gives the kernels that a read set names otherwise."""

    keyed_elsewhere: frozenset[str] = frozenset()
    """Files the first part of the key covers (the parameters file, the registers' index) and
    the folders the notebooks run in."""
    stored: Mapping[str, str] = field(default_factory=dict)
    """The validated registers' Parquet files by path -> their cache entry, ``kind/key``."""
    store_roots: tuple[str, ...] = ()
    """The cache's folders: a read there is one of ``stored``, or a read of the cache itself."""
    staging: str = ""
    """The build's staging folder: what it holds, the build writes (the notebooks run in its
    review folder); the folders themselves are there in every build."""


class _NotRecordableError(Exception):
    """Why a run's record cannot be its key."""


def from_record(record: Mapping[str, Any] | None, given: Given) -> tuple[ReadSet | None, str]:
    """The read set of a finished run from its kernel's record, or None and why it cannot be
    trusted (then the run is not cached)."""
    if record is None:
        return None, "its kernel did not say what it read"
    if record.get("unrecordable"):
        return None, f"it {record['unrecordable']}: what it read cannot all be recorded"
    try:
        files, stored = _files(record, given)
        folders = _folders(record, given)
        exists = _probes(record, given, files)
    except _NotRecordableError as reason:
        return None, str(reason)
    return {"files": files, "folders": folders, "exists": exists, "stored": stored}, ""


def unchanged(read_set: Mapping[str, Any], given: Given | None) -> bool:
    """Whether every file and folder is as the run read it, and the registers it was given
    are those this build gives (``given`` None: not known yet, taken as the same)."""
    if given is not None and not set(read_set["stored"]) <= set(given.stored.values()):
        return False
    return (
        all(_content(path) == sha for path, sha in read_set["files"].items())
        and all(listing(folder) == names for folder, names in read_set["folders"].items())
        and all(os.path.exists(path) == there for path, there in read_set["exists"].items())
    )


def _outside(path: str, record: Mapping[str, Any], given: Given) -> bool:
    """Whether a recorded path is one the build keys otherwise, one the run wrote, or a folder
    that holds the build's own (there in every build); a read in the build's own folders or
    the cache that is none of these cannot be recorded."""
    real = os.path.realpath(path)
    if path in record["written"] or {path, real} & given.keyed_elsewhere:
        return True
    inside = os.path.join(real, "")
    if given.staging.startswith(inside) or any(p.startswith(inside) for p in given.stored):
        return True  # the output folder and its parents, the cache's folders of the registers
    if given.staging and real.startswith(os.path.join(given.staging, "")):
        raise _NotRecordableError(f"it read {path}, which the build itself writes")
    if real.startswith(given.store_roots) and real not in given.stored:
        raise _NotRecordableError(f"it read {path} in the cache, which this build did not give it")
    return False


def _given_register(path: str, given: Given) -> str | None:
    """The cache entry of a register this build gave, when ``path`` is its Parquet copy."""
    return given.stored.get(path) or given.stored.get(os.path.realpath(path))


def _files(record: Mapping[str, Any], given: Given) -> tuple[dict[str, str], list[str]]:
    files: dict[str, str] = {}
    stored: set[str] = set()
    loaded = set(record["modules"])
    for path, recorded in sorted(record["read"].items()):
        if _outside(path, record, given) or _other_metric(path, loaded):
            continue
        if (register := _given_register(path, given)) is not None:
            stored.add(register)
        elif file_audit.signature(path) != recorded:
            raise _NotRecordableError(f"{path} changed while the notebook ran")
        else:
            files[path] = _content(path)
    files[record["python"]] = _content(record["python"])
    return files, sorted(stored)


def _folders(record: Mapping[str, Any], given: Given) -> dict[str, str]:
    folders = {}
    for folder, names in sorted(record["listed"].items()):
        if _outside(folder, record, given):
            continue
        if listing(folder) != names:
            raise _NotRecordableError(f"the folder {folder} changed while the notebook ran")
        folders[folder] = names
    for folder in record["site"]:  # the installed distributions, by their folders' names
        folders[folder] = listing(folder)
    return folders


def _probes(record: Mapping[str, Any], given: Given, files: Mapping[str, str]) -> dict[str, bool]:
    """Whether each path the run looked at (and did not read) was there. Only that: code looks
    at many files it does not read (to resolve a path, to name a file), and their content is
    not what it depends on."""
    exists = {}
    for path, there in sorted(record["probed"].items()):
        if path in files or _given_register(path, given) or _outside(path, record, given):
            continue
        if os.path.exists(path) != there:
            raise _NotRecordableError(f"{path} appeared or went while the notebook ran")
        exists[path] = there
    return exists


def _other_metric(path: str, loaded: Iterable[str]) -> bool:
    """Whether ``path`` is the description of a metric module the kernel did not import."""
    location = Path(path)
    if location.parent != METRICS_DIR or not location.name.endswith(META_SUFFIX):
        return False
    return f"{METRICS_PACKAGE}.{location.name.removesuffix(META_SUFFIX)}" not in loaded


def _content(path: str) -> str:
    try:
        return sha256(Path(path))
    except (FileNotFoundError, NotADirectoryError):
        return MISSING
    except OSError as error:  # a folder, or no longer readable: not what was read
        return f"unreadable ({error.strerror})"
