"""YAML files people edit (parameters, the design's data files): read strictly, problems located.

A YAML file that does not parse, is not UTF-8 or is not a mapping is one line naming the file and
the line; a mapping that does not match its schema (a pydantic model) is one line per key, named
by its dotted path as it is spelled in the file.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import textfiles
from .paths import relative_to_root

_UNION_BRANCHES = {"int", "float", "str", "bool", "after"}
"""Names pydantic puts in an error's location for a branch of a union: not keys of the file."""


def read_mapping(path: Path, error_type: type[Exception], what: str = "file") -> dict[str, Any]:
    """The mapping a YAML file holds, or ``error_type`` with one line naming the file."""
    raw = textfiles.read_yaml(path, error_type, what)
    if not isinstance(raw, dict):
        raise error_type(
            f"{relative_to_root(path)}: expected a mapping of keys to values at the top level"
        )
    return raw


def location(error: dict[str, Any]) -> str:
    """The dotted key of a pydantic error, list items numbered from 1 as a person counts them."""
    parts: list[str] = []
    for part in error["loc"]:
        if isinstance(part, int) and parts:
            parts[-1] = f"{parts[-1]}[{part + 1}]"
        elif not isinstance(part, int) and part not in _UNION_BRANCHES:
            parts.append(str(part))
    return ".".join(parts)


def describe(error: dict[str, Any]) -> str:
    """One pydantic error as ``key: what was expected, got what``."""
    where = location(error)
    message = error["msg"]
    given = error.get("input")
    if isinstance(given, float) and not math.isfinite(given):
        message = f"expected a finite number, got {given!r}"
    elif error["type"] == "extra_forbidden":
        message = "unknown key (not in the schema; check its spelling)"
    elif error["type"] == "missing":
        message = "missing key"
    elif error["type"] == "union_tag_invalid":  # a list of kinds of entries, told by one key
        context = error.get("ctx", {})
        where = f"{where}.{str(context.get('discriminator', '')).strip(chr(39))}"
        message = f"expected one of {context.get('expected_tags')}, got {context.get('tag')!r}"
    elif "input" in error and error["type"] != "value_error":
        message = f"{message}, got {error['input']!r}"
    elif error["type"] == "value_error":
        message = message.removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def first_per_key(error: ValidationError) -> list[dict[str, Any]]:
    """One error per key: a number that is neither int nor float is one problem, not two."""
    seen: dict[str, dict[str, Any]] = {}
    for item in error.errors():
        seen.setdefault(location(item), item)
    return list(seen.values())


def problems(
    error: ValidationError, origin: str, blamed: Callable[[str], str] | None = None
) -> list[str]:
    """Every problem of a validation, one line each, prefixed with ``origin`` (the file), or
    with what ``blamed`` says of the problem's key (the ``-p`` that set it)."""
    lines = []
    for item in first_per_key(error):
        # The checks across keys report several problems in one message, "; "-separated.
        parts = item["msg"].removeprefix("Value error, ").split("; ")
        where = blamed(location(item)) if blamed is not None else origin
        if item["type"] == "value_error" and not location(item):
            # A check across keys names each key at the start of its part ("facts.x.value: ...").
            for part in parts:
                key = part.split(":", 1)[0].strip() if ":" in part else ""
                lines.append(f"{blamed(key) if blamed is not None else origin}: {part}")
        else:
            lines.append(f"{where}: {describe(item)}")
    return list(dict.fromkeys(lines))
