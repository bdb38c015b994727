"""Sign-off: the figures a reviewer checked and what became of them since.

An approval (``reviews/YEAR.yaml``, kept by ``review/history.py``) says who checked a figure and
when, the value and printed form they saw, the notebook cell, an optional note, and the key of
what produced it (``review/signoff_keys.py``). Every build reads the approvals in force and gives
each of its figures a state:

- *nagekeken*: its printed form, its value and its code are those that were approved;
- *gewijzigd sinds nazicht*: its value, its printed form or its code changed since; the state
  says what changed of its key (gegevens, code, parameters). New data or parameters that give the
  same number do not undo a check, since the number the reviewer checked stands; a changed rule
  does, since the reviewer checked the rule too;
- *niet nagekeken*: nobody approved it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..base.errors import ReportError
from ..figures.records import Figure
from .signoff_keys import FigureKey

CHECKED = "nagekeken"
CHANGED = "gewijzigd sinds nazicht"
UNCHECKED = "niet nagekeken"
STATES = (CHECKED, CHANGED, UNCHECKED)
"""A figure's state, in the words the review index, the terminal and the colophon use."""

CHANGE_WORDS = {"data": "gegevens", "code": "code", "parameters": "parameters"}
"""What can change of a figure's key, in Dutch."""


class ApprovalError(ReportError):
    """The sign-off file cannot be read, or an approval cannot be made."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Key(_Strict):
    cell: str = Field(pattern=r"^[0-9a-f]{64}$")
    metric: str = Field(pattern=r"^[0-9a-f]{64}$")
    data: dict[str, str] = {}
    parameters: dict[str, Any] = {}


class Approval(_Strict):
    """One figure as a reviewer approved it."""

    by: str = Field(min_length=1)
    at: datetime
    value: int | float
    printed: str
    notebook: str
    cell: str
    note: str | None = None
    key: _Key
    notebook_version: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """sha256 of the executed notebook approved (kept by ``review/notebook_diffs.py``)."""

    def figure_key(self) -> FigureKey:
        """The approved key, comparable with a build's."""
        return FigureKey.from_dict(self.key.model_dump())


def approve(
    figure: Figure,
    key: FigureKey,
    by: str,
    at: datetime,
    note: str | None = None,
    notebook_version: str | None = None,
) -> Approval:
    """The approval of ``figure`` as a build shows it, produced as ``key`` says, in the
    executed notebook whose sha256 is ``notebook_version``."""
    return Approval(
        by=by,
        at=at,
        value=figure.value,
        printed=figure.printed,
        notebook=figure.notebook,
        cell=figure.cell_id,
        note=note,
        key=_Key(**key.to_dict()),
        notebook_version=notebook_version,
    )


# --- states ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureState:
    """A figure of a build against its approval."""

    id: str
    state: str
    """One of :data:`STATES`."""
    printed: str
    approval: Approval | None = None
    changed: tuple[str, ...] = ()
    """What changed of its key since its approval, in Dutch (``gegevens``, ``code``...)."""
    key: FigureKey | None = None
    """What produced it now (to compare with the approval's key)."""

    @property
    def ok(self) -> bool:
        """Approved and unchanged."""
        return self.state == CHECKED

    def describe(self) -> str:
        """The state in words: 'gewijzigd sinds nazicht: 12 → 13 (gegevens)'."""
        if self.state != CHANGED or self.approval is None:
            return self.state
        what = ", ".join(self.changed) or "oorzaak onbekend"
        return f"{self.state}: {self.approval.printed} → {self.printed} ({what})"


def what_changed(approved: FigureKey, current: FigureKey) -> tuple[str, ...]:
    """The parts of a figure's key that differ, in Dutch, in the order data, code, parameters."""
    differs = {
        "data": approved.data != current.data,
        "code": (approved.cell, approved.metric) != (current.cell, current.metric),
        "parameters": approved.parameters != current.parameters,
    }
    return tuple(CHANGE_WORDS[part] for part, changed in differs.items() if changed)


def state_of(figure: Figure, key: FigureKey, approval: Approval | None) -> FigureState:
    """The state of one figure of a build (see the module's docstring)."""
    if approval is None:
        return FigureState(figure.id, UNCHECKED, figure.printed)
    changed = what_changed(approval.figure_key(), key)
    moved = (approval.value, approval.printed) != (figure.value, figure.printed)
    if moved or CHANGE_WORDS["code"] in changed:
        return FigureState(figure.id, CHANGED, figure.printed, approval, changed, key)
    return FigureState(figure.id, CHECKED, figure.printed, approval, changed, key)


def states(
    figures: Mapping[str, Figure],
    keys: Mapping[str, FigureKey],
    approvals: Mapping[str, Approval],
) -> dict[str, FigureState]:
    """Every figure's state, by id in the order of the ids."""
    return {
        figure_id: state_of(figures[figure_id], keys[figure_id], approvals.get(figure_id))
        for figure_id in sorted(figures)
    }


@dataclass(frozen=True)
class Summary:
    """What the colophon says of the sign-off: how many figures, checked by whom, changed since."""

    total: int
    checked: int
    """Figures with an approval (unchanged or not)."""
    changed: int
    reviewers: tuple[str, ...]

    @property
    def open(self) -> int:
        """Figures not approved as they are now: never checked, or changed since."""
        return self.total - self.checked + self.changed

    def to_dict(self) -> dict[str, Any]:
        """Plain mapping (part of the content the HTML is made of, hence of its cache key)."""
        return {
            "total": self.total,
            "checked": self.checked,
            "changed": self.changed,
            "reviewers": list(self.reviewers),
        }


def summary(figure_states: Iterable[FigureState]) -> Summary:
    """Count the states; the reviewers in alphabetical order."""
    figure_states = list(figure_states)
    approved = [state for state in figure_states if state.approval is not None]
    return Summary(
        total=len(figure_states),
        checked=len(approved),
        changed=sum(1 for state in figure_states if state.state == CHANGED),
        reviewers=tuple(sorted({state.approval.by for state in approved if state.approval})),
    )


def not_approved(figure_states: Mapping[str, FigureState]) -> list[FigureState]:
    """The figures that stop a build for filing: unchecked, or changed since approval."""
    return [state for state in figure_states.values() if not state.ok]
