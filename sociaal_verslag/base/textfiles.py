"""Text files as people save them: decoded strictly, and an encoding problem located.

The parameters, the chapters, the list of chapters and the register exports are all edited or
saved by hand, so a file in another encoding than expected is a common mistake; the message names
its line and byte. A YAML file is read by :func:`read_yaml`, whose errors name the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .paths import relative_to_root

# libyaml reads the same documents as PyYAML's own reader, several times faster; a build reads
# some forty YAML files, so this is most of the time a rebuild spends on them.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextEncodingError(ValueError):
    """The bytes are not text in the expected encoding; ``line`` and ``byte`` say where."""

    def __init__(self, encoding: str, line: int, byte: int) -> None:
        self.encoding = encoding
        self.line = line
        self.byte = byte
        super().__init__(f"line {line}: not {encoding} text (byte 0x{byte:02x})")


def decode(data: bytes, encoding: str = "utf-8") -> str:
    """``data`` as text; UTF-8 may start with a byte order mark, which is dropped."""
    codec = "utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        shown = "UTF-8" if codec == "utf-8-sig" else encoding
        raise TextEncodingError(shown, line, data[error.start]) from None


def yaml_problem(error: yaml.YAMLError) -> str:
    """A YAML error in one line: what went wrong and, when known, its line."""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    mark = getattr(error, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    return f"{problem.strip()}{where}"


def read_yaml(path: Path, error: type[Exception], what: str) -> Any:
    """The content of the YAML file ``path`` (``what`` it is, for the message); a file that is
    missing, unreadable, not UTF-8 or not YAML raises ``error`` with one line naming it."""
    where = relative_to_root(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{where}: {what} not found") from None
    except OSError as problem:
        raise error(f"{where}: cannot be read: {problem.strerror}") from None
    try:
        text = decode(data)
    except TextEncodingError as problem:
        raise error(f"{where}, {problem}; save the file as UTF-8") from None
    try:
        return yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as problem:
        raise error(f"{where}: not valid YAML: {yaml_problem(problem)}") from None
