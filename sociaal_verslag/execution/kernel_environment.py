"""The environment every notebook's kernel gets: fixed settings, and the few variables of the
build's own that it passes on. Light on purpose: a rebuild with nothing changed compares them
before anything else is imported (``build/up_to_date.py``)."""

from __future__ import annotations

import os

from ..base.paths import PROJECT_ROOT

KERNEL_SETTINGS = {
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "PYTHONUTF8": "1",
    "PATH": os.defpath,
    "PYTHONPATH": str(PROJECT_ROOT),
    "JUPYTER_NO_CONFIG": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
}
"""The environment every kernel gets, whatever the build's own: the same language settings on
every machine, the package of this checkout (the one the build runs), no Jupyter configuration
files of the user's (they would run code before the kernel records what it reads), no
warning from the debugger about the kernel's ``-Xfrozen_modules=off``, and Arrow's memory from
the C library's allocator: Arrow's own (mimalloc) keeps what a register's reading freed, about
60 MiB more in a kernel that reads two million rows (measured on ×10 registers)."""

KERNEL_PASSED = ("HOME", "TMPDIR", "TZ", "MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
"""The build's own environment variables a kernel gets, when they are set: where its user's
files and temporary files are, the time zone, matplotlib's configuration. No other variable
reaches a notebook, so none can change a figure without being in its cache key."""
