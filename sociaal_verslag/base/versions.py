"""The installed versions of Python and of the libraries a result depends on."""

from __future__ import annotations

import os
import platform
import sys
from functools import cache
from importlib import metadata
from typing import Any


@cache
def library_versions(names: tuple[str, ...]) -> dict[str, str]:
    """Python's version and the installed versions of the named libraries."""
    found = {"python": platform.python_version()}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


@cache
def installation() -> dict[str, Any]:
    """The Python installation a process runs on: Python's version and every installed
    distribution, by the names of their ``*.dist-info`` folders (which carry the version)."""
    folders = sorted({path for path in sys.path if path.endswith(("site-packages", "-packages"))})
    distributions = []
    for folder in folders:
        try:
            distributions += [name for name in os.listdir(folder) if name.endswith(".dist-info")]
        except OSError:
            continue
    return {"python": sys.version, "distributions": sorted(distributions)}
