"""The sign-off's history, ``reviews/YEAR.yaml``: every approval and withdrawal, only ever added to.

The file is committed with the project. Under a header saying what it is, ``history:`` lists the
events in the order they were recorded: an *approve* (who, when in UTC, the figure, the value and
printed form approved, its cell, an optional note, the key of what produced it) or a *withdraw*
(who, when, the figure, the reason). A new event is appended to the end of the file: the bytes
before it never change, so nothing recorded can be lost, and ``git log -p`` shows each decision
as one addition. The approvals in force are the history's last word on each figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, ValidationError

from ..base import yamlfiles
from ..base.paths import relative_to_root, reviews_file
from .approval import Approval, ApprovalError, _Strict

HEADER = """\
# Every approval and withdrawal of the figures and charts of {year}, in the order they were made,
# written by
#   sociaal-verslag review approve {year} --by NAME (--figure ID ... | --chapter N | --all)
#   sociaal-verslag review withdraw {year} --by NAME --figure ID ... --reason TEXT
# Each new one is added at the end; nothing above it is ever changed. An approval keeps the value
# and printed form approved, the cell that recorded it and the key of what produced it (sha256 of
# the cell's code, of the metric's code and description, of each register read; the parameters
# read); a chart's, the sha256 of the table it draws. Every build compares its figures and charts
# with the last word on each. Commit this file.
year: {year}
history:
"""


class Approved(Approval):
    """An approval, as an event of the history."""

    action: Literal["approve"] = "approve"
    figure: str = Field(min_length=1)


class Withdrawn(_Strict):
    """A withdrawal of a figure's approval: it is unchecked again."""

    action: Literal["withdraw"] = "withdraw"
    figure: str = Field(min_length=1)
    by: str = Field(min_length=1)
    at: datetime
    reason: str = Field(min_length=1)


Event = Annotated[Approved | Withdrawn, Field(discriminator="action")]


class _HistoryFile(_Strict):
    year: int
    history: list[Event] | None = None


def events(year: int, path: Path | None = None) -> list[Approved | Withdrawn]:
    """The history of ``year`` in the order it was recorded (none when there is no file yet)."""
    path = path or reviews_file(year)
    if not path.is_file():
        return []
    where = relative_to_root(path)
    try:
        parsed = _HistoryFile.model_validate(yamlfiles.read_mapping(path, ApprovalError))
    except ValidationError as error:
        raise ApprovalError("\n".join(yamlfiles.problems(error, where))) from None
    if parsed.year != year:
        raise ApprovalError(f"{where}: year: {parsed.year}, but this file is for {year}")
    return list(parsed.history or [])


def approvals(year: int, path: Path | None = None) -> dict[str, Approval]:
    """The approvals in force, by figure id: each figure's last event, if an approval."""
    return approvals_in(events(year, path))


def approvals_in(history: Iterable[Approved | Withdrawn]) -> dict[str, Approval]:
    """The approvals in force after ``history`` (events in the order recorded), by figure id."""
    in_force: dict[str, Approval] = {}
    for event in history:
        if isinstance(event, Approved):
            in_force[event.figure] = Approval(**event.model_dump(exclude={"action", "figure"}))
        else:
            in_force.pop(event.figure, None)
    return dict(sorted(in_force.items()))


def approved(figure_id: str, approval: Approval) -> Approved:
    """The event that records ``approval`` of ``figure_id``."""
    return Approved(figure=figure_id, **approval.model_dump())


def append(year: int, new: Iterable[Approved | Withdrawn], path: Path | None = None) -> Path:
    """Add ``new`` at the end of the history of ``year`` (the file, with its header, when it is
    the first); what was there before is left byte for byte. A file that would not read back
    is left as it was."""
    path = path or reviews_file(year)
    entries = [event.model_dump(mode="json", exclude_none=True) for event in new]
    if not entries:
        return path
    events(year, path)  # the file as it is reads (else: its own error, nothing added)
    text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.stat().st_size if path.is_file() else None
    with path.open("a", encoding="utf-8") as handle:
        if before is None:
            handle.write(HEADER.format(year=year))
        elif before and not path.read_bytes().endswith(b"\n"):
            handle.write("\n")  # a file edited by hand may lack its last line's end
        handle.write(text)
    try:
        events(year, path)
    except ApprovalError:
        _cut(path, before)
        raise
    return path


def _cut(path: Path, size: int | None) -> None:
    """Back to its first ``size`` bytes (None: there was no file)."""
    if size is None:
        path.unlink(missing_ok=True)
        return
    with path.open("r+b") as handle:
        handle.truncate(size)
