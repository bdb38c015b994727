"""Files named by their content (a sha256), written once: the register versions and the code
versions the builds keep under ``output/snapshots/`` to say what changed since an approval."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .paths import OUTPUT_DIR

SNAPSHOTS_DIR = OUTPUT_DIR / "snapshots"
"""Where the builds keep each version of what a figure's key names, by its sha256."""


def write_once(target: Path, write: Callable[[Path], None]) -> Path:
    """``target``, written by ``write`` unless it is there already. ``write`` fills a temporary
    file beside it, which then takes its name in one step: a reader never sees part of it, and
    two builds keeping the same version at once both leave it whole."""
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".partial")
    os.close(handle)
    try:
        write(Path(partial))
        os.replace(partial, target)
    finally:
        Path(partial).unlink(missing_ok=True)
    return target
