"""What a reviewer does from the terminal: approve figures of a published build, list their states.

An approval is of what a published build shows (``output/YEAR/``: its figures, their keys and its
manifest), never of what the code checked out now would compute: build first, look at the review
pages, then approve. ``review/approval.py`` keeps the file and says what a state is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..base.paths import OUTPUT_DIR, params_file, relative_to_root, year_output_dir
from ..base.suggest import did_you_mean
from ..figures.records import Figure
from ..review import approval, changes, chart_keys, history, notebook_diffs, signoff_keys
from ..review.pages import REVIEW_DIR, diff_page
from ..review.signoff_keys import FigureKey
from ..year import chapters
from ..year import params as params_module


@dataclass(frozen=True)
class PublishedBuild:
    """A year's published build as the sign-off reads it."""

    directory: Path
    figures: dict[str, Figure]
    keys: dict[str, FigureKey]
    manifest: dict[str, Any]
    charts: dict[str, Figure] = field(default_factory=dict)
    """Its charts as the sign-off records them (``review/chart_keys.py``)."""
    chart_keys: dict[str, FigureKey] = field(default_factory=dict)

    @property
    def signed(self) -> dict[str, Figure]:
        """What a reviewer signs off: the figures, then the charts."""
        return {**self.figures, **self.charts}

    @property
    def signed_keys(self) -> dict[str, FigureKey]:
        """The keys of :attr:`signed`."""
        return {**self.keys, **self.chart_keys}


def published(year: int, out_root: Path | None = None) -> PublishedBuild:
    """The published build of ``year`` under ``out_root`` (default output/), or one line saying
    that there is none to approve."""
    directory = year_output_dir(year, out_root or OUTPUT_DIR)
    where = relative_to_root(directory)
    files = {name: directory / name for name in ("figures.json", "manifest.json")}
    missing = [name for name, path in files.items() if not path.is_file()]
    if missing:
        raise approval.ApprovalError(
            f"{where}: no published build of {year} ({', '.join(missing)} missing):"
            f" run sociaal-verslag build {year} first, then approve what it shows"
        )
    try:
        items = json.loads(files["figures.json"].read_text(encoding="utf-8"))
        figures = {item["id"]: Figure.from_dict(item) for item in items}
        manifest = json.loads(files["manifest.json"].read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as error:
        raise approval.ApprovalError(f"{where}: not a build folder ({error})") from None
    charts, drawn = chart_keys.read(directory)
    return PublishedBuild(directory, figures, signoff_keys.read(directory), manifest, charts, drawn)


def unknown_figure(
    figure_id: str, known: Sequence[str], what: str = "a figure"
) -> approval.ApprovalError:
    """The error for an id that is not ``what`` of the build, naming the closest ones."""
    hint = did_you_mean(figure_id, known)
    return approval.ApprovalError(f"{figure_id}: not {what} of this build{hint}")


def _chapter_notebook(chapter: str, option: str = "--chapter") -> str:
    """The notebook (name without extension) of a chapter, by its number in report.yaml (from 1)
    or its id; ``option`` names where it was given in a message."""
    entry = chapters.find(chapter, option=option)
    if entry.notebook is None:
        raise approval.ApprovalError(f"{option} {chapter}: chapter {entry.id} has no notebook")
    return Path(entry.notebook).stem


def select(build: PublishedBuild, figure_ids: Sequence[str], chapter: str | None) -> list[str]:
    """The figures and charts named (all of them when neither ids nor a chapter are given)."""
    signed = build.signed
    if chapter is not None:
        notebook = _chapter_notebook(chapter)
        return sorted(item.id for item in signed.values() if item.notebook == notebook)
    if not figure_ids:
        return sorted(signed)
    for figure_id in figure_ids:
        if figure_id not in signed:
            raise unknown_figure(figure_id, sorted(signed), "a figure or chart")
    return sorted(set(figure_ids))


@dataclass(frozen=True)
class Approved:
    """What ``review approve`` did."""

    approved: list[str]
    skipped: list[str]
    """Already checked as they are now: left as approved (``--chapter``, ``--all`` without
    ``--again``)."""
    charts: frozenset[str] = frozenset()
    """Which of the ids are charts."""


def reviewer(year: int, by: str) -> str:
    """``by``, when the year's parameters name that reviewer (else one line listing them)."""
    name = by.strip()
    if not name:
        raise approval.ApprovalError("--by: the reviewer's name is empty")
    path = params_file(year)
    named = [person.name for person in params_module.load(year, path=path)[0].reviewers]
    if name in named:
        return name
    where = relative_to_root(path)
    if not named:
        raise approval.ApprovalError(
            f"--by {name}: {where} names no reviewer: add them under reviewers: (name, role)"
        )
    raise approval.ApprovalError(
        f"--by {name}: not a reviewer of {year} in {where} (reviewers: {', '.join(named)})"
    )


def approve(
    year: int,
    by: str,
    figure_ids: Sequence[str] = (),
    chapter: str | None = None,
    note: str | None = None,
    out_root: Path | None = None,
    again: bool = False,
) -> Approved:
    """Add to ``reviews/YEAR.yaml`` that ``by`` approved the figures as the published build shows
    them, now (UTC). Of a chapter or of all figures, only those not checked as they are now,
    unless ``again``; figures named one by one are approved whatever their state."""
    by = reviewer(year, by)
    build = published(year, out_root)
    chosen = select(build, figure_ids, chapter)
    in_force = history.approvals(year)
    skipped = []
    signed, keys = build.signed, build.signed_keys
    if not figure_ids and not again:
        states = approval.states(signed, keys, in_force)
        skipped = [figure_id for figure_id in chosen if states[figure_id].ok]
    now = datetime.now(tz=UTC).replace(microsecond=0)
    approved = [figure_id for figure_id in chosen if figure_id not in skipped]
    versions = _keep_notebooks(build, {signed[figure_id].notebook for figure_id in approved})
    events = [
        history.approved(
            figure_id,
            approval.approve(
                signed[figure_id],
                keys[figure_id],
                by,
                now,
                note,
                versions.get(signed[figure_id].notebook),
            ),
        )
        for figure_id in approved
    ]
    history.append(year, events)
    return Approved(approved, skipped, frozenset(build.charts))


def _keep_notebooks(build: PublishedBuild, notebooks: set[str]) -> dict[str, str]:
    """Keep the build's executed notebooks of the approved figures (for ``review diff``): their
    sha256 by name."""
    review_dir = build.directory / REVIEW_DIR
    return {
        name: notebook_diffs.keep(review_dir / f"{name}.ipynb")
        for name in sorted(notebooks)
        if (review_dir / f"{name}.ipynb").is_file()
    }


def withdraw(year: int, by: str, figure_ids: Sequence[str], reason: str) -> list[str]:
    """Add to ``reviews/YEAR.yaml`` that ``by`` withdrew the approval of the figures, with the
    reason: they are unchecked again. Each must have an approval in force."""
    by = reviewer(year, by)
    if not reason.strip():
        raise approval.ApprovalError("--reason: say why the approval is withdrawn")
    in_force = history.approvals(year)
    for figure_id in figure_ids:
        if figure_id not in in_force:
            hint = did_you_mean(figure_id, sorted(in_force))
            raise approval.ApprovalError(f"{figure_id}: has no approval to withdraw{hint}")
    now = datetime.now(tz=UTC).replace(microsecond=0)
    chosen = sorted(set(figure_ids))
    history.append(
        year,
        [
            history.Withdrawn(figure=figure_id, by=by, at=now, reason=reason.strip())
            for figure_id in chosen
        ],
    )
    return chosen


def log_lines(year: int, figure_id: str | None = None) -> list[str]:
    """The history of ``year`` (of one figure), oldest first: one line per approval or
    withdrawal."""
    events = history.events(year)
    if figure_id is not None:
        known = sorted({event.figure for event in events})
        events = [event for event in events if event.figure == figure_id]
        if not events:
            hint = did_you_mean(figure_id, known)
            raise approval.ApprovalError(f"{figure_id}: nothing in the history of {year}{hint}")
    return [_log_line(event) for event in events]


def _log_line(event: history.Approved | history.Withdrawn) -> str:
    when = event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(event, history.Withdrawn):
        return f"{when}  ingetrokken    {event.figure}  door {event.by}: {event.reason}"
    note = f" — {event.note}" if event.note else ""
    return f"{when}  goedgekeurd    {event.figure} = {event.printed}  door {event.by}{note}"


@dataclass(frozen=True)
class Status:
    """The states of a published build's figures and charts, each by id."""

    figures: dict[str, approval.FigureState]
    charts: dict[str, approval.FigureState]

    @property
    def every(self) -> dict[str, approval.FigureState]:
        """The states of the figures, then of the charts."""
        return {**self.figures, **self.charts}


def status(year: int, out_root: Path | None = None) -> Status:
    """The state of every figure and every chart of the published build of ``year``."""
    return _status_of(published(year, out_root), history.events(year))


def _status_of(build: PublishedBuild, events: list[history.Approved | history.Withdrawn]) -> Status:
    """The states of ``build``'s figures and charts after the sign-off's ``events``."""
    in_force = history.approvals_in(events)
    return Status(
        approval.states(build.figures, build.keys, in_force),
        approval.states(build.charts, build.chart_keys, in_force),
    )


def status_lines(found: Status) -> list[str]:
    """One line per figure and per chart, its id and its state in words (and for one changed
    since its approval, what changed: rows, code lines, parameters), then how many of each."""
    every = found.every
    width = max((len(item_id) for item_id in every), default=0)
    lines = []
    for item_id, state in every.items():
        lines.append(f"{item_id:<{width}}  {state.describe()}")
        lines += [f"{'':<{width}}    {line}" for line in changes.of(state)]
    lines.append(_counts(list(found.figures.values()), "cijfers"))
    if found.charts:
        lines.append(_counts(list(found.charts.values()), "grafieken"))
    return lines


def _counts(states: list[approval.FigureState], what: str) -> str:
    """'81 cijfers: 3 nagekeken, 1 gewijzigd sinds nazicht, 77 niet nagekeken'."""
    counts = [
        f"{sum(1 for state in states if state.state == name)} {name}" for name in approval.STATES
    ]
    return f"{len(states)} {what}: {', '.join(counts)}"


def diff_lines(year: int, chapter: str | None = None, out_root: Path | None = None) -> list[str]:
    """Each notebook of the published build of ``year`` (of one chapter) against the approved
    version it is compared with (``review/notebook_diffs.py``): a line saying what was found
    and against which approval, nbdime's lines indented, and the page."""
    build = published(year, out_root)
    review_dir = build.directory / REVIEW_DIR
    names = sorted(path.stem for path in review_dir.glob("*.ipynb"))
    if chapter is not None:
        names = [_chapter_notebook(chapter, option="CHAPTER")]
        if not (review_dir / f"{names[0]}.ipynb").is_file():
            where = relative_to_root(review_dir)
            raise approval.ApprovalError(f"CHAPTER {chapter}: {where} has no {names[0]}.ipynb")
    events = history.events(year)
    bases = notebook_diffs.bases(events, _status_of(build, events).every)
    lines = []
    for name in names:
        found = notebook_diffs.compare(name, review_dir / f"{name}.ipynb", bases)
        lines.append(found.summary())
        lines += [f"    {line}" for line in found.lines]
        page = review_dir / diff_page(name)
        if found.changed and page.is_file():
            lines.append(f"    (ook als pagina: {relative_to_root(page)})")
    return lines
