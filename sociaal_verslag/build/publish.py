"""Publishing a build: one build of a year at a time, and the last good report kept.

A build is made in a staging folder beside the published one and replaces it in two renames
only when every step succeeded; a failed build is kept as ``.failed-YEAR/`` for inspection.
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..base.errors import BuildError
from ..base.paths import relative_to_root


@contextmanager
def year_lock(out_root: Path, year: int) -> Iterator[None]:
    """One build of a year at a time in one output folder."""
    lock_path = out_root / f".build-{year}.lock"
    with lock_path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another build of {year} is running in {relative_to_root(out_root)}"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` in two renames; on failure the last good build stays."""
    previous = target.with_name(f".previous-{target.name}")
    if previous.exists() and not target.exists():
        previous.rename(target)  # an earlier publish was interrupted: its old build comes back
    if previous.exists():
        shutil.rmtree(previous)
    if target.exists():
        target.rename(previous)
    try:
        staging.rename(target)
    except OSError:
        if previous.exists() and not target.exists():
            previous.rename(target)
        raise
    if previous.exists():
        shutil.rmtree(previous, ignore_errors=True)


def keep_failed(staging: Path, failed: Path) -> None:
    """Keep what a failed build got to as ``failed``, for inspection; never raise doing so."""
    try:
        if failed.exists():
            shutil.rmtree(failed)
        staging.rename(failed)
    except OSError:
        pass  # e.g. a full or read-only disk: the error that stopped the build says more


def replace(staging: Path, target: Path, failed: Path) -> None:
    """Publish ``staging`` as ``target``; when that fails, keep it as ``failed`` and say so."""
    try:
        publish(staging, target)
    except OSError as error:
        keep_failed(staging, failed)
        raise BuildError(
            f"cannot publish {relative_to_root(target)}: {error.strerror or error};"
            f" the last good report is untouched, this build is in {relative_to_root(failed)}"
        ) from None
    if failed.exists():
        shutil.rmtree(failed, ignore_errors=True)
