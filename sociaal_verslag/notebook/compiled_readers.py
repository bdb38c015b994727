"""Readers that open a path in compiled code (pyarrow's C++, libxml2), past Python's audit hooks:
wrapped so that the path they are given is recorded as read (``file_audit.py``).

Only the standard library is imported here: the kernel wraps them before the package's own
imports, and a module imported later is wrapped when it is imported.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.util
import sys
from collections.abc import Callable
from typing import Any

Note = Callable[[Any], None]
"""What is told of a path a reader was given."""

PATH_READERS = {
    "pyarrow.parquet": ("read_table", "read_metadata", "read_schema", "ParquetFile.__init__"),
    "pyarrow.csv": ("read_csv", "open_csv"),
    "pyarrow.json": ("read_json",),
    "pyarrow.feather": ("read_table", "read_feather"),
    "pyarrow.orc": ("read_table",),
    "pyarrow.dataset": ("dataset",),
    "pyarrow.ipc": ("open_file", "open_stream"),
    "pyarrow": ("memory_map", "input_stream"),
    "lxml.etree": ("parse", "iterparse"),
}
"""Functions (by module) whose first argument may be a path they open in compiled code (pyarrow's
C++, libxml2), unseen by the audit hooks: wrapped to record it (a folder: every file in it). A
module imported later is wrapped when it is imported."""


def _recording_path(function: Any, position: int, note: Note) -> Any:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if len(args) > position:
            note(args[position])
        return function(*args, **kwargs)

    return wrapper


def _wrap(module: Any, note: Note) -> None:
    for name in PATH_READERS.get(module.__name__, ()):
        owner_name, _, attribute = name.rpartition(".")
        owner = getattr(module, owner_name) if owner_name else module
        function = getattr(owner, attribute or name, None)
        if function is None or getattr(function, "_records_path", False):
            continue
        wrapped = _recording_path(function, 1 if owner_name else 0, note)
        wrapped._records_path = True  # type: ignore[attr-defined]
        setattr(owner, attribute or name, wrapped)


class _WrapOnImport(importlib.abc.MetaPathFinder):
    """Wraps the readers of a module of :data:`PATH_READERS` once it is imported."""

    def __init__(self, note: Note) -> None:
        self.note = note

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in PATH_READERS:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return None
        execute = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            execute(module)
            _wrap(module, self.note)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def wrap(note: Note) -> None:
    """Wrap the readers of :data:`PATH_READERS` imported already, and those imported later, so
    that each tells ``note`` the path it is given."""
    for name in PATH_READERS:
        if name in sys.modules:
            _wrap(sys.modules[name], note)
    sys.meta_path.insert(0, _WrapOnImport(note))
