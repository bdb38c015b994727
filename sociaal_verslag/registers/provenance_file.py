"""A year's ``PROVENANCE.yaml``: the receipts it holds under ``files:``, read strictly and written
back in one step with the rest of the file and its comments as they were (``receipts.py`` checks
and records them).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from .loading import Problem, display_path


@dataclass(frozen=True)
class Receipt:
    """What was recorded of one register file."""

    register: str
    file: str
    """The file's path inside the data folder (its key under ``files:``)."""
    sha256: str
    rows: int
    """Its number of records, as loaded (the header and nothing else not counted)."""


class MalformedError(Exception):
    """PROVENANCE.yaml cannot be read; ``problem`` says where and what."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _Entry(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$")]
    rows: Annotated[int, Field(ge=0)]


class _Document(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    files: dict[str, _Entry] | None = None


_EXPECTED_AT = {
    "sha256": "a sha256 (64 hexadecimal digits)",
    "rows": "a whole number of records (0 or more)",
    "[key]": "a file name",
}


def _yaml() -> YAML:
    yaml = YAML()  # round trip: the comments and the other keys stay as they are
    yaml.width = 4096  # never fold a long value onto a second line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _describe(value: object) -> str:
    """A YAML value as it appears in a message."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def _validation_problem(file: str, error: ValidationError) -> Problem:
    """The first thing wrong in the document, naming its key."""
    first = error.errors()[0]
    location = [str(part) for part in first["loc"]]
    key = ".".join(part for part in location if part != "[key]")
    if not location:
        expected = "a mapping with the key files"
    elif location == ["files"]:
        expected = "a mapping of file names to their sha256 and rows"
    else:
        expected = _EXPECTED_AT.get(location[-1], "a mapping with the keys sha256 and rows")
    got = "no such key" if first["type"] == "missing" else _describe(first["input"])
    where = f"key {key} to be {expected}" if key else expected
    return Problem(file, None, None, where, got)


def read_document(path: Path) -> Any:
    """The round-trip document of ``path`` (``None`` when absent or empty), checked."""
    if not path.is_file():
        return None
    file = display_path(path)
    try:
        document = _yaml().load(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as error:
        raise MalformedError(Problem(file, None, None, "UTF-8 text", f"{error.reason}")) from None
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" on line {mark.line + 1}" if mark is not None else ""
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        reason = reason.split(" with value ")[0]  # a duplicate key's values can be long
        raise MalformedError(
            Problem(file, None, None, "YAML text", f"a syntax error{line}: {reason}")
        ) from None
    if document is not None:
        try:
            _Document.model_validate(document)
        except ValidationError as error:
            raise MalformedError(_validation_problem(file, error)) from None
    return document


def receipts_in(document: Any) -> dict[str, tuple[str, int]]:
    """The receipts of a checked document: file → (sha256, rows)."""
    if document is None or document.get("files") is None:
        return {}
    return {
        str(file): (str(entry["sha256"]).lower(), int(entry["rows"]))
        for file, entry in document["files"].items()
    }


def write(path: Path, document: Any, receipts: Iterable[Receipt]) -> None:
    """Set the receipts in ``document`` and write it, in one step (never half a file)."""
    if document is None:
        document = CommentedMap()
    if document.get("files") is None:
        document["files"] = CommentedMap()
    files = document["files"]
    for receipt in receipts:
        entry = files.get(receipt.file)
        if entry is None:
            files[receipt.file] = CommentedMap([("sha256", receipt.sha256), ("rows", receipt.rows)])
        else:
            entry["sha256"] = receipt.sha256
            entry["rows"] = receipt.rows
    buffer = io.StringIO()
    _yaml().dump(document, buffer)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(buffer.getvalue(), encoding="utf-8")
    os.replace(partial, path)
