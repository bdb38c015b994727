"""The build's sign-off step: the key of each figure and chart, and its state against the
approvals in force (``reviews/YEAR.yaml``), written beside the figures for ``review approve``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..base.git_state import GitState
from ..base.hashing import sha256
from ..base.paths import reviews_file
from ..figures.records import Chart, Figure
from ..review import approval, chart_keys, history, notebook_diffs, record, signoff_keys
from ..review.approval import FigureState
from ..review.checks import CheckResult
from ..review.notebook_diffs import NotebookDiff
from ..review.signoff_keys import FigureKey
from . import steps as stages


@dataclass(frozen=True)
class SignOff:
    """The keys and states of a build's figures and charts."""

    keys: dict[str, FigureKey]
    chart_keys: dict[str, FigureKey]
    figures: dict[str, FigureState]
    charts: dict[str, FigureState]
    events: list[history.Approved | history.Withdrawn]
    """The sign-off's history as the build read it (``reviews/YEAR.yaml``)."""

    @property
    def every(self) -> dict[str, FigureState]:
        """The states of the figures, then of the charts."""
        return {**self.figures, **self.charts}

    def changed(self) -> list[FigureState]:
        """The figures, then the charts, changed since their approval."""
        return [state for state in self.every.values() if state.state == approval.CHANGED]

    def write(self, charts: Mapping[str, Chart], directory: Path) -> None:
        """``figure_keys.json`` and ``chart_keys.json`` into a build folder."""
        signoff_keys.write(self.keys, directory)
        chart_keys.write(charts, self.chart_keys, directory)


def sign_off(
    ctx: stages.Context,
    figures: Mapping[str, Figure],
    charts: Mapping[str, Chart],
    inputs: Mapping[str, str],
) -> SignOff:
    """The keys of the figures and charts the notebooks recorded (``inputs``: the sha256 of
    the build's input files) and their states."""
    notebooks = {item.notebook for item in [*figures.values(), *charts.values()]}
    cells = signoff_keys.cell_digests(ctx.review_dir, notebooks)
    keys = signoff_keys.figure_keys(figures, cells, inputs, ctx.inputs.raw_params, ctx.year)
    drawn = chart_keys.chart_keys(charts, cells, inputs, ctx.year)
    events = history.events(ctx.year)
    in_force = history.approvals_in(events)
    records = {chart_id: chart_keys.as_record(chart) for chart_id, chart in charts.items()}
    return SignOff(
        keys,
        drawn,
        approval.states(figures, keys, in_force),
        approval.states(records, drawn, in_force),
        events,
    )


def since_approval(executed: list[Path], signed: SignOff) -> dict[str, NotebookDiff]:
    """Each executed notebook against the approved version ``review/notebook_diffs`` chooses
    from the approvals in force of what the build has, and of those changed since."""
    bases = notebook_diffs.bases(signed.events, signed.every)
    return {path.stem: notebook_diffs.compare(path.stem, path, bases) for path in executed}


def record_pages(
    ctx: stages.Context,
    signed: SignOff,
    made: Recorded,
    built_at: datetime,
    git: GitState,
    manifest: Path,
) -> dict[str, str]:
    """The review record of each edition's language as a page for its PDF (``review/record``):
    ``manifest`` is the manifest the report's PDF carries, whose sha256 it names."""
    history_file = reviews_file(ctx.year)
    facts = record.Facts(
        year=ctx.year,
        organisation=ctx.params.organisation,
        built_at=built_at,
        commit=git.commit,
        dirty=git.dirty,
        manifest_sha256=sha256(manifest),
        history_sha256=sha256(history_file) if history_file.is_file() else None,
        final=ctx.run.final,
    )
    pages = {}
    for edition in ctx.run.editions:
        chapters = record.rows(
            ctx.inputs.chapters, made.figures, made.charts, signed.every, edition.language
        )
        pages[edition.language] = record.html(edition, facts, chapters, made.checks)
    return pages


@dataclass(frozen=True)
class Recorded:
    """What the notebooks recorded and the checks found, for the review record."""

    figures: Mapping[str, Figure]
    charts: Mapping[str, Chart]
    checks: list[CheckResult]
