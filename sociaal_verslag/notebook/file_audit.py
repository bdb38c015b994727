"""What a notebook's kernel really reads: every file it opens and every folder it lists.

Runs in the kernel, from its first moment (``engine.start_kernel`` installs it before anything of
the package is imported), on Python's audit hooks (PEP 578): every ``open`` made through Python, the
folders listed (``os.listdir``, ``os.scandir``) and the libraries loaded with ctypes are
recorded, with each file's size and modification time when it was opened. Files of the Python
installation, and of the kernel's own IPython folder, are left out. pyarrow opens files
in C++, past the hooks: its readers that take a path are wrapped to record it
(``compiled_readers.py``). What the kernel
imports is among what it opened, and so are the package's data files. Whether a file was there
when the kernel looked (``os.stat``, which ``Path.exists`` and ``os.path.isfile`` call) is
recorded too: a run that reads a file only if it exists depends on its absence as well.
What the import system opens and lists to find modules is left out: the modules it loaded are
recorded instead.

Some reads cannot be recorded: a program the notebook starts, a connection it opens. Such a run is
marked, and the build keeps nothing of it in the cache (``build/read_sets.py`` turns the record into
the run's key). The files of the Python installation are not recorded one by one: the build keys on
the installation itself (the Python executable and the installed distributions).

Only the standard library is imported here, so that the hooks are in place before the package's
own imports.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import site
import sys
from collections.abc import Iterator
from typing import Any

from . import compiled_readers

PROGRAM_NOTES = {
    "fc-list": "matplotlib lists the machine's fonts once, when its font cache is missing;"
    " the next build keeps the run",
}
"""What a program a kernel starts usually means, said with the warning."""

UNRECORDABLE = {
    "subprocess.Popen": "starts a program",
    "os.system": "starts a program",
    "os.exec": "starts a program",
    "os.posix_spawn": "starts a program",
    "os.spawn": "starts a program",
    "os.fork": "starts a process",
    "os.forkpty": "starts a process",
    "socket.connect": "opens a network connection",
    "socket.sendto": "opens a network connection",
}
"""Events after which what the kernel reads can no longer be known: the reads happen in another
process, or come over the network."""

LISTED = ("os.listdir", "os.scandir")

_WRITING_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class _Record:
    def __init__(self) -> None:
        self.read: dict[str, list[int] | None] = {}
        self.listed: dict[str, str] = {}
        self.written: set[str] = set()
        self.probed: dict[str, bool] = {}
        self.unrecordable = ""
        self.on = True
        installation = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
        installation.add(site.getusersitepackages())
        # The kernel's own IPython folder, made fresh for it (``engine.start_kernel``).
        installation.add(os.environ.get("IPYTHONDIR") or sys.prefix)
        forms = (os.path.realpath, os.path.abspath)
        self.installation = tuple(
            sorted({os.path.join(form(path), "") for path in installation for form in forms})
        )


_RECORD = _Record()


_STAT = os.stat
_LSTAT = os.lstat
_LISTDIR = os.listdir

MISSING = "missing"
"""What :func:`listing` (and a read set, of a file) says of what is not there."""

NOT_LISTED = frozenset({"__pycache__"})
"""Entries of a folder that are not part of its listing: Python's own cache of compiled
modules, which appears in a package's folder as soon as a kernel imports from it."""


def listing(folder: str) -> str:
    """The sha256 of the names in ``folder`` (sorted, but :data:`NOT_LISTED`): "missing" when it
    is not there, "unreadable (...)" when it cannot be listed."""
    try:
        names = sorted(set(_LISTDIR(folder)) - NOT_LISTED)
    except (FileNotFoundError, NotADirectoryError):
        return MISSING
    except OSError as error:
        return f"unreadable ({error.strerror})"
    return hashlib.sha256("\n".join(names).encode("utf-8", "surrogateescape")).hexdigest()


def signature(path: str) -> list[int] | None:
    """A file's size and modification time (None: it is not there), by the stat the hooks do
    not watch."""
    try:
        status = _STAT(path)
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]


def _absolute(path: Any) -> str | None:
    """The path as the code named it, made absolute (a symbolic link stays itself: a link
    pointed elsewhere is then a changed file); None for a file descriptor or a file of the
    installation."""
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    elif hasattr(path, "__fspath__"):
        path = os.fspath(path)
    if not isinstance(path, str) or not path:
        return None
    path = os.path.abspath(path)
    if path.startswith(_RECORD.installation):
        return None
    return None if os.path.realpath(path).startswith(_RECORD.installation) else path


def _writes(mode: Any, flags: Any) -> bool:
    if isinstance(mode, str):
        return any(letter in mode for letter in "wax+")
    return isinstance(flags, int) and bool(flags & _WRITING_FLAGS)


def _note_read(path: Any) -> None:
    absolute = _absolute(path)
    # A compiled module stands for its source, which is recorded: Python uses it only while it
    # matches the source, and rewrites it when it does not.
    if absolute is not None and absolute not in _RECORD.read and not absolute.endswith(".pyc"):
        _RECORD.read[absolute] = signature(absolute)


def _note_tree(path: Any) -> None:
    """A path given to a reader that opens it in C: a file, or a folder it reads whole (a
    dataset of Parquet files): every folder in it listed, every file read."""
    absolute = _absolute(path)
    if absolute is None or not os.path.isdir(absolute):
        _note_read(path)
        return
    for folder, _, names in os.walk(absolute):
        _RECORD.listed.setdefault(folder, listing(folder))
        for name in names:
            _note_read(os.path.join(folder, name))


def _note_database(arguments: tuple[Any, ...]) -> None:
    """A SQLite database opened (in C): its file and its write-ahead log are read; one named
    by a URI (which may say anything of where it is) cannot be recorded."""
    given = arguments[0] if arguments else None
    if not isinstance(given, str | bytes | os.PathLike):
        return
    database = os.fsdecode(os.fspath(given))
    if database in ("", ":memory:"):
        return
    if database.startswith("file:"):
        _RECORD.unrecordable = _RECORD.unrecordable or "opens a database by URI (sqlite3)"
        return
    _note_read(database)
    _note_read(f"{database}-wal")


IMPORTING = frozenset({"_find_and_load", "_path_hooks", "_path_importer_cache", "find_spec"})
"""The functions of Python's frozen import machinery that look for a module to import."""


def _by_the_import_system(frame: Any) -> bool:
    """Whether the event comes from Python's import system looking for a module to import or
    for the installed distributions (``frame``: the code that raised it): what it finds is
    recorded as the modules loaded and the installation. Data read through importlib
    (``importlib.resources``, ``pkgutil.get_data``, a module run from a file) is a read."""
    # The callers in the installation, up to the first that is not (the package's code, a
    # notebook's cell) or that runs a module's own code as it is imported (a library reading
    # its settings, which is a read like any other).
    while frame is not None:
        code = frame.f_code
        caller = code.co_filename
        if caller.startswith("<frozen zipimport") or (
            caller.startswith("<frozen importlib") and code.co_name in IMPORTING
        ):
            return True
        if f"{os.sep}importlib{os.sep}metadata{os.sep}" in caller and caller.startswith(
            _RECORD.installation
        ):
            return True
        if code.co_name == "<module>" or not caller.startswith(("<frozen ", *_RECORD.installation)):
            return False
        frame = frame.f_back
    return False


_WATCHED = frozenset({"open", *LISTED, "ctypes.dlopen", "sqlite3.connect", *UNRECORDABLE})


def _hook(event: str, arguments: tuple[Any, ...]) -> None:
    record = _RECORD
    if event not in _WATCHED or not record.on:
        return  # the common case, kept fast: most events are of no interest here
    record.on = False  # what the hook itself does (stat, list, look at frames) is not recorded
    try:
        _handle(event, arguments, sys._getframe(1))
    finally:
        record.on = True


def _handle(event: str, arguments: tuple[Any, ...], caller: Any) -> None:
    record = _RECORD
    if event in UNRECORDABLE:
        if not record.unrecordable:
            what = _what(event, arguments)
            note = f"; {PROGRAM_NOTES[what]}" if what in PROGRAM_NOTES else ""
            record.unrecordable = f"{UNRECORDABLE[event]} ({what}{note})"
    elif event == "ctypes.dlopen":
        if arguments and os.path.isabs(str(arguments[0])):
            _note_read(arguments[0])
    elif event == "sqlite3.connect":
        _note_database(arguments)
    elif _by_the_import_system(caller):
        return
    elif event == "open":
        path, mode, flags = arguments
        if not _writes(mode, flags):
            _note_read(path)
        elif (absolute := _absolute(path)) is not None:
            record.written.add(absolute)
    else:  # a folder listed
        folder = _absolute(arguments[0] if arguments and arguments[0] is not None else ".")
        if folder is not None and folder not in record.listed:
            record.listed[folder] = listing(folder)


def _probing(function: Any) -> Any:
    """``os.stat`` or ``os.lstat``, recording whether the path was there: a notebook that
    looks whether a file exists (``Path.exists``, ``os.path.isfile``) and reads it only then
    depends on its absence too."""

    @functools.wraps(function)
    def probe(path: Any, *args: Any, **kwargs: Any) -> Any:
        record = _RECORD
        if not record.on or isinstance(path, int):
            return function(path, *args, **kwargs)
        record.on = False
        try:
            location = os.path.abspath(os.fspath(path))
            outside = not location.startswith(record.installation)
            outside = outside and not _by_the_import_system(sys._getframe(1))
        except TypeError:
            outside = False
        finally:
            record.on = True
        try:
            result = function(path, *args, **kwargs)
        except OSError:
            if outside:
                record.probed.setdefault(location, False)
            raise
        if outside:
            record.probed.setdefault(location, True)
        return result

    return probe


def _what(event: str, arguments: tuple[Any, ...]) -> str:
    """The program an event starts (``fc-list``), or the event's name."""
    if event == "subprocess.Popen" and len(arguments) > 1:
        given = arguments[1]
        listed = given if isinstance(given, str | bytes) else next(iter(given), None)
        program = arguments[0] or listed
        return os.path.basename(os.fsdecode(program)).split()[0] if program else event
    if event in ("os.system", "os.exec", "os.posix_spawn") and arguments:
        return os.path.basename(os.fsdecode(arguments[0])).split()[0] or event
    return event


def _note_compiled_read(path: Any) -> None:
    """A path given to a reader that opens it in compiled code (``compiled_readers.py``)."""
    if _RECORD.on:
        _RECORD.on = False
        try:
            _note_tree(path)
        finally:
            _RECORD.on = True


@contextlib.contextmanager
def keyed_elsewhere() -> Iterator[None]:
    """What the kernel reads inside is not recorded: the first part of the run's key covers it
    (``notebook.setup`` reading the build's parameters, of which the key counts the ones the
    notebook's code names). A read of the same file elsewhere is recorded as any other."""
    before = _RECORD.on
    _RECORD.on = False
    try:
        yield
    finally:
        _RECORD.on = before


def install() -> None:
    """Start recording (once per process)."""
    if getattr(sys, "_sociaal_verslag_audit", False):
        return
    sys._sociaal_verslag_audit = True  # type: ignore[attr-defined]
    sys.addaudithook(_hook)
    os.stat = _probing(_STAT)
    os.lstat = _probing(_LSTAT)
    compiled_readers.wrap(_note_compiled_read)


def report() -> str:
    """What the kernel read so far, as JSON: files with their size and modification time (None:
    it was not there), folders listed with their :func:`listing`, files it wrote, the
    modules it holds from outside the Python installation, the installation's folders of
    distributions, and why the record cannot be trusted ('' when it can)."""
    record = _RECORD
    record.on = False
    try:
        modules = []
        for name, module in list(sys.modules.items()):
            location = _absolute(getattr(module, "__dict__", {}).get("__file__"))
            if location is not None:
                modules.append(name)
                _note_read(location)
        return json.dumps(
            {
                "read": record.read,
                "listed": record.listed,
                "written": sorted(record.written),
                "probed": record.probed,
                "modules": sorted(modules),
                "python": os.path.realpath(sys.executable),
                "site": sorted(os.path.realpath(path) for path in _site_folders()),
                "unrecordable": record.unrecordable
                or ("" if getattr(sys, "_sociaal_verslag_audit", False) else "was not recording"),
            }
        )
    finally:
        record.on = True


def _site_folders() -> list[str]:
    folders = [*site.getsitepackages(), site.getusersitepackages()]
    return [folder for folder in folders if os.path.isdir(folder)]
