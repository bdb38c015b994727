"""The entry point of ``sociaal-verslag``: run the command given, and end a failure in one line.

The commands are in one module per group (``cli/parser.py`` lists them); this one runs the
command given and ends it. Every failure a user can cause or meet ends in one line
(``error: ...``) naming the file, row, column or key and what to do, with a non-zero exit status;
``--debug`` shows the traceback.
"""

from __future__ import annotations

import errno
import logging
import signal
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from ..base.errors import ReportError
from ..base.paths import relative_to_root
from .parser import parser

HINTS = {
    errno.ENOSPC: "the disk is full: free some space and build again",
    errno.EDQUOT: "the disk quota is used up: free some space and build again",
    errno.EACCES: "no permission: fix the folder's permissions, or build elsewhere with --out DIR",
    errno.EPERM: "not permitted: fix the folder's permissions, or build elsewhere with --out DIR",
    errno.EROFS: "the disk is read-only: build elsewhere with --out DIR",
    errno.EBUSY: "in use by another program: close it (a PDF viewer?) and build again",
    errno.ENOENT: "not found",
    errno.EXDEV: "on another disk than the output folder: build with --out on one disk",
    errno.EEXIST: "a file is in the way where a folder is needed: choose another --out DIR",
    errno.ENOTDIR: "a file is in the way where a folder is needed: choose another --out DIR",
}
"""What to do about the operating-system errors a user meets."""


def _os_error_line(error: OSError) -> str:
    names = [name for name in (error.filename, error.filename2) if name is not None]
    where = " -> ".join(relative_to_root(str(name)) for name in names)
    what = HINTS.get(error.errno or 0, error.strerror or str(error))
    kept = " (the last good report is untouched)" if error.errno in HINTS else ""
    return f"{where + ': ' if where else ''}{what}{kept}"


def _print_error(message: str) -> None:
    lines = message.splitlines() or ["(no message)"]
    print(f"error: {lines[0]}", file=sys.stderr)
    for line in lines[1:]:
        print(f"  {line.strip()}", file=sys.stderr)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a closed terminal, a stopped job) cleans up like Ctrl-C: kernel stopped, the
    unfinished build kept aside, the last good report untouched."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _quiet_libraries() -> None:
    # papermill and nbclient log what the build already says in its one line.
    for name in ("papermill", "nbclient", "traitlets", "asyncio", "fontTools", "weasyprint"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; exits non-zero with a one-line cause on failure."""
    arguments = parser().parse_args(argv)
    debug = getattr(arguments, "debug", False)
    if not debug:
        _quiet_libraries()
    try:
        with _terminate_as_interrupt():
            return arguments.handler(arguments)
    except KeyboardInterrupt:
        print("error: interrupted; the last good build is untouched", file=sys.stderr)
        return 130
    except Exception as error:
        if debug:
            traceback.print_exception(error)
        _print_error(_message(error))
        return error.exit_code if isinstance(error, ReportError) else 1


def _message(error: Exception) -> str:
    """What the user reads about ``error``: the error's own words, or one line about it."""
    if isinstance(error, ReportError):
        return str(error)
    if isinstance(error, OSError):
        return _os_error_line(error)
    # A bug: say so in one line; the traceback comes with --debug.
    return (
        f"unexpected {type(error).__name__}: {' '.join(str(error).split())[:300]}"
        " (run again with --debug for the details, and report it)"
    )


if __name__ == "__main__":
    sys.exit(main())
