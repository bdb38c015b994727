"""The review record to file, ``review/nazicht-YEAR.pdf`` (``verification-YEAR.pdf`` in French):
what the sign-off says of the build, in each edition's language.

Per chapter, each figure and chart with its value as that edition prints it, its state, who
approved it, when, their note, and the key it was checked against (the sha256 of its cell, its
rule or drawing, each register it read; the parameters it read); then the build's checks and their
results, its commit and the sha256 of the manifest attached beside it. The build makes it a
tagged PDF/A like the report (``build/pdf_step.py``) and attaches it to the report's PDF.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..figures.catalogue import CATALOGUE
from ..figures.records import Chart, Figure, printed_in
from ..language import templating
from ..language.formatting import integer
from ..language.translations import translate, translate_plural
from ..year.chapters import Chapter
from ..year.editions import Edition
from .approval import CHANGED, CHECKED, UNCHECKED, FigureState
from .chart_keys import DRAWN, drawn_digest, values_drawn
from .checks import CheckResult, detail_in
from .signoff_keys import FigureKey

SHOWN = 12
"""The characters of a sha256 the record prints (enough to find the version)."""


@dataclass(frozen=True)
class Row:
    """One figure or chart as the record lists it."""

    id: str
    label: str
    printed: str
    state: FigureState
    key: list[str]
    """What it was checked against, one item per line (``cel 3f2a9c1d0b4e``)."""
    chart: bool = False
    approved: str = ""
    """The printed form approved, in the row's language ('' when not approved)."""


@dataclass(frozen=True)
class ChapterRows:
    """The figures and charts a chapter's notebook recorded."""

    chapter: str
    notebook: str
    rows: list[Row]


@dataclass(frozen=True)
class Facts:
    """What the record says of the build besides its figures."""

    year: int
    organisation: str
    built_at: datetime
    commit: str | None
    dirty: bool | None
    manifest_sha256: str
    history_sha256: str | None
    """sha256 of ``reviews/YEAR.yaml`` as the build read it (None: nobody approved yet)."""
    final: bool


def key_lines(key: FigureKey | None, chart: bool, language: str) -> list[str]:
    """A key in short lines, in ``language``: the cell, the rule (or the drawing), each file
    (of a chart, its drawn table), each parameter."""
    if key is None:
        return []
    rule = translate("tekening" if chart else "regel", language)
    lines = [f"{translate('cel', language)} {key.cell[:SHOWN]}", f"{rule} {key.metric[:SHOWN]}"]
    for path, digest in sorted(key.data.items()):
        shown = translate("tabel", language) if path == DRAWN else path
        lines.append(f"{shown} {digest[:SHOWN]}")
    lines += [f"{name} = {_parameter(value)}" for name, value in sorted(key.parameters.items())]
    return lines


def _parameter(value: Any) -> str:
    """A parameter's value; a fact's entry (value and source) by its value."""
    if isinstance(value, Mapping) and "value" in value:
        return str(value["value"])
    return str(value)


def rows(
    chapters: Sequence[Chapter],
    figures: Mapping[str, Figure],
    charts: Mapping[str, Chart],
    states: Mapping[str, FigureState],
    language: str,
) -> list[ChapterRows]:
    """Each chapter with a notebook, its figures then its charts, in ``language``, each with
    the key its approval recorded."""
    found = []
    for chapter in chapters:
        if chapter.notebook is None:
            continue
        notebook = chapter.notebook.stem
        listed = [
            Row(
                figure.id,
                translate(CATALOGUE[figure.id].label, language),
                figure.in_language(language).printed,
                states[figure.id],
                key_lines(_checked_against(states[figure.id]), False, language),
                approved=_approved(figure.id, states[figure.id], language),
            )
            for figure in sorted(figures.values(), key=lambda item: item.id)
            if figure.notebook == notebook
        ]
        listed += [
            Row(
                chart.id,
                chart.in_language(language).caption,
                f"{_values(values_drawn(chart), language)} ({drawn_digest(chart)[:SHOWN]})",
                states[chart.id],
                key_lines(_checked_against(states[chart.id]), True, language),
                chart=True,
                approved=_chart_approved(states[chart.id], language),
            )
            for chart in sorted(charts.values(), key=lambda item: item.id)
            if chart.notebook == notebook
        ]
        found.append(ChapterRows(chapter.id, notebook, listed))
    return found


def _checked_against(state: FigureState) -> FigureKey | None:
    """The key its approval recorded: what the reviewer checked (None: nobody did)."""
    return state.approval.figure_key() if state.approval is not None else None


def _approved(figure_id: str, state: FigureState, language: str) -> str:
    """The figure's approved value as ``language`` prints it."""
    if state.approval is None:
        return ""
    return printed_in(figure_id, state.approval.value, language)


def _chart_approved(state: FigureState, language: str) -> str:
    """A chart's approved table: its count of values and its sha256."""
    if state.approval is None:
        return ""
    drawn = state.approval.key.data.get(DRAWN, "")
    return f"{_values(int(state.approval.value), language)} ({drawn[:SHOWN]})"


def _values(count: int, language: str) -> str:
    """'72 waarden' in ``language``."""
    word = translate_plural("waarde", "waarden", count, language)
    return f"{integer(count, language)} {word}"


def _check_row(check: CheckResult, language: str) -> tuple[str, str, CheckResult]:
    """A check as the record lists it: what it verifies and what it compared, in ``language``."""
    return translate(check.description, language), detail_in(check, language), check


def html(
    edition: Edition,
    facts: Facts,
    chapters: list[ChapterRows],
    checks: Sequence[CheckResult],
) -> str:
    """The record of ``edition``'s language as a page, for the PDF."""
    every = [row for chapter in chapters for row in chapter.rows]
    return templating.render(
        "review_record/record.html.j2",
        edition.language,
        edition=edition,
        CHECKED=CHECKED,
        CHANGED=CHANGED,
        UNCHECKED=UNCHECKED,
        facts=facts,
        chapters=chapters,
        checks=[_check_row(check, edition.language) for check in checks],
        figures=[row for row in every if not row.chart],
        charts=[row for row in every if row.chart],
    )
