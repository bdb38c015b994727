"""The review view: every executed notebook as HTML with its code, plus an index page.

``output/YEAR/review/`` holds each chapter notebook as papermill executed it (``.ipynb``) and as
HTML showing code, outputs, the parameters and the time each cell took; every code cell has a
stable anchor (``#cell-id=<cell id>``) and its number ("cel 3"), which the numbers of the review
editions of the report (``review/verslag.html``, ``rapport.html``) link to and name. The index
lists the checks, the notebooks and every figure with its label, its rule and a link to its
block under the cell that computed it (its rule, the registers it read, the metric function's
code).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale

from ..base.paths import REVIEW_TEMPLATE, TEMPLATES_DIR
from ..figures.catalogue import CATALOGUE
from ..figures.comparison import Difference
from ..figures.records import Figure
from ..figures.units import unit_words
from ..language import templating
from ..language.phrases import DEFAULT_LANGUAGE, locale
from ..notebook.recording import figure_anchor
from ..text.figure_links import CellLink
from ..year.editions import Edition
from . import changes
from .checks import CheckResult
from .notebook_diffs import UNVERSIONED, NotebookDiff

if TYPE_CHECKING:  # the build's steps, shown on the index; the build calls this module
    from ..build.step_log import StepRecord

REVIEW_DIR = "review"


def code_cells(notebook: Any) -> list[Any]:
    """The code cells of an executed notebook as its author wrote them (without the cell of
    parameters papermill injects), in order."""
    return [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and "injected-parameters" not in cell.metadata.get("tags", [])
    ]


def cell_number(cell: Any) -> int | None:
    """A cell's number as Jupyter shows it, ``[9]``: its execution count in the executed
    notebook (the cell papermill injects counts too). None for a cell that did not run. Every
    "cel 9" the build writes (tooltips, explain, the review pages, errors) is this number, so
    that a reviewer finds the cell by the number beside it."""
    number = cell.get("execution_count")
    return number if isinstance(number, int) else None


def notebook_title(notebook: Any) -> str:
    """The title of a notebook: the first heading of its first Markdown cell (else '')."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            found = re.search(r"^#+\s+(.+?)\s*$", cell.source, re.MULTILINE)
            return found[1] if found else ""
    return ""


@dataclass(frozen=True)
class CellPlace:
    """Where a cell is, in words: the notebook's number and title, the cell's number."""

    notebook_number: int
    notebook_title: str
    cell_number: int
    """As Jupyter shows it (:func:`cell_number`)."""


def cell_places(executed: list[Path]) -> dict[str, dict[str, CellPlace]]:
    """Notebook name -> cell id -> its place, for the executed notebooks in report order."""
    # nbformat (about 0.2 s to import) only when a page is made, not when it is cached
    import nbformat

    places: dict[str, dict[str, CellPlace]] = {}
    for number, path in enumerate(executed, start=1):
        notebook = nbformat.read(path, as_version=4)
        title = notebook_title(notebook)
        places[path.stem] = {
            cell.get("id", ""): CellPlace(number, title, shown)
            for cell in code_cells(notebook)
            if (shown := cell_number(cell)) is not None
        }
    return places


def cell_linker(
    places: dict[str, dict[str, CellPlace]],
    labels: dict[str, str],
    language: str = DEFAULT_LANGUAGE,
) -> Callable[[Figure, str], CellLink]:
    """For the review edition (in review/): each number's link to its block under the cell
    that computed it (its rule, code and registers), and its tooltip in words ("21.585 actieve
    houders — berekend in notebook 1 (Dynamiek…), cel 3")."""
    texts = templating.macros("bijzonder_verslag/figure_tooltip.txt.j2", language)

    def link(figure: Figure, text: str) -> CellLink:
        place = places.get(figure.notebook, {}).get(figure.cell_id)
        title = texts.tooltip(text, labels.get(figure.id, ""), place)
        return CellLink(f"{figure.notebook}.html#{figure_anchor(figure.id)}", title)

    return link


@dataclass(frozen=True)
class NotebookRun:
    """One executed notebook as the index shows it."""

    name: str
    seconds: float
    figure_count: int
    since_approval: NotebookDiff | None = None
    """The notebook against the approved version it is compared with (None: not compared)."""
    diff_page: str = ""
    """The file name of its page of changes since its approval (``write_diff_pages``)."""


def notebook_seconds(path: Path) -> float:
    """How long papermill took to run the notebook (when it ran, if it came from the cache)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return float(notebook.get("metadata", {}).get("papermill", {}).get("duration") or 0.0)


FAILED_ANCHOR = "failed-cell"
"""The anchor of the cell that stopped a notebook, on its review page."""


def write_notebook_html(executed: Path, edition: Edition, notebook: Any = None) -> Path:
    """Render one executed notebook next to itself as HTML for reviewers, linking back to
    ``edition`` (the report and its review edition)."""
    # nbformat (about 0.2 s to import) only when a page is made, not when it is cached
    import nbformat
    from nbconvert import HTMLExporter  # 0.4 s: only when a page is made

    exporter = HTMLExporter(
        template_name=REVIEW_TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        embed_images=True,
        language_code="nl",  # nbconvert takes ISO 639-1 only: not nl-BE
    )
    if notebook is None:
        notebook = nbformat.read(executed, as_version=4)
    # The report's tooltips say "cel 9": the page shows each code cell's number beside its id,
    # the one its prompt shows too.
    for cell in code_cells(notebook):
        if cell_number(cell) is not None:
            cell.metadata.setdefault("sociaal_verslag", {})["number"] = cell_number(cell)
    body, _ = exporter.from_notebook_node(
        notebook,
        resources={
            "metadata": {"name": executed.stem},
            "report_file": edition.report_file,
            "review_file": edition.review_file,
        },
    )
    target = executed.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


@dataclass(frozen=True)
class FailedCell:
    """The code cell that stopped a notebook: its number as Jupyter shows it, and its id."""

    number: int | None
    cell_id: str


def _failing_cell(notebook: Any) -> Any:
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell in code:
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return cell
    # A cell stopped from outside (timeout, interrupt) may have no error output: the build's
    # engine marks it failed when it saves the notebook (see engine.py).
    for cell in code:
        if cell.get("metadata", {}).get("papermill", {}).get("status") == "failed":
            return cell
    return None


def write_failed_notebook_html(executed: Path, edition: Edition, reason: str) -> FailedCell | None:
    """Render a notebook that failed, its failing cell marked (anchor ``#failed-cell``).

    Returns the failing cell, or None when the notebook was never written or has no such cell.
    """
    # nbformat (about 0.2 s to import) only when a page is made, not when it is cached
    import nbformat

    try:
        notebook = nbformat.read(executed, as_version=4)
    except (OSError, ValueError):
        return None
    cell = _failing_cell(notebook)
    if cell is None:
        return None
    cell.metadata["sociaal_verslag"] = {"failed": reason}
    write_notebook_html(executed, edition, notebook)
    return FailedCell(cell_number(cell), cell.get("id", ""))


def _language_name(edition: Edition) -> str:
    """The edition's language as Dutch names it ('Frans'), from CLDR."""
    return Locale.parse(locale(edition.language)).get_language_name("nl").capitalize()


def write_index(
    review_dir: Path,
    *,
    year: int,
    organisation: str,
    editions: list[Edition],
    colophon: str,
    runs: list[NotebookRun],
    figures: list[Figure],
    checks: list[CheckResult],
    comparison: list[Difference] | None = None,
    warnings: list[str] | None = None,
    steps: list[StepRecord] | None = None,
    states: dict[str, Any] | None = None,
    charts: list[Figure] | None = None,
    chart_states: dict[str, Any] | None = None,
) -> Path:
    """Write ``review/index.html``: checks, warnings, notebooks and every figure with its cell
    and its sign-off state (``states``: figure id -> ``approval.FigureState``), then every
    chart as the sign-off records it (``review/chart_keys.py``) with its state."""
    every_state = {**(states or {}), **(chart_states or {})}
    page = templating.render(
        "review_index.html.j2",
        year=year,
        organisation=organisation,
        editions=editions,
        records=[e.record_file for e in editions if (review_dir / e.record_file).is_file()],
        unversioned=UNVERSIONED,
        language_names={edition.language: _language_name(edition) for edition in editions},
        colophon=colophon,
        notebooks=runs,
        figures=sorted(figures, key=lambda figure: figure.id),
        labels={spec.id: spec.label for spec in CATALOGUE.values()},
        anchors={figure.id: figure_anchor(figure.id) for figure in figures},
        units=unit_words(),
        checks=checks,
        comparison=comparison or [],
        warnings=warnings or [],
        steps=steps or [],
        states=states or {},
        charts=sorted(charts or [], key=lambda chart: chart.id),
        chart_states=chart_states or {},
        changes={item_id: changes.of(state) for item_id, state in every_state.items()},
    )
    target = review_dir / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def diff_page(notebook: str) -> str:
    """The file name of a notebook's page of changes since its approval, under review/."""
    return f"{notebook}.sinds-nazicht.html"


def write_diff_pages(review_dir: Path, year: int, diffs: list[NotebookDiff]) -> dict[str, str]:
    """Write a page per notebook compared with its approved version (``review/NAME.sinds-
    nazicht.html``); return each page's file name by notebook."""
    written = {}
    for diff in diffs:
        if diff.approved is None:
            continue
        page = templating.render("review_diff.html.j2", year=year, diff=diff)
        (review_dir / diff_page(diff.notebook)).write_text(page, encoding="utf-8")
        written[diff.notebook] = diff_page(diff.notebook)
    return written
