"""The installed versions of Python and of the libraries a result depends on."""

from __future__ import annotations

import platform
from functools import cache
from importlib import metadata


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
