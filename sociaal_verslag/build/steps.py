"""The steps of a build after its inputs are checked, each one cached where it is worth it.

notebooks (``build/notebook_step.py``: run side by side, or taken from the cache) → collect the
figures → checks → narrative → HTML and review pages (``build/page_step.py``) → figures.json/csv →
manifest; the PDF is ``build/pdf_step.py``. Every step writes into the staging folder and says in
:class:`~sociaal_verslag.build.step_log.Steps` whether it ran or came from the cache, and under
which key. This module holds what they share (:class:`Context`) and the steps between notebooks and
pages. ``build/inputs.py`` checks the inputs before, ``build/main.py`` runs the steps,
``build/publish.py`` publishes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .. import metrics
from ..base.errors import StageError
from ..cache.identity import StepIdentity
from ..cache.store import Store
from ..execution import pool as runner
from ..figures import records as figures_module
from ..figures.catalogue import CATALOGUE
from ..figures.records import Chart, Figure
from ..registers.validated import Validated, read_frame
from ..review import approval, checks
from ..review import pages as review
from ..text import figure_links as figure_refs
from ..text import narrative
from ..year import chapters
from ..year import params as params_module
from ..year.editions import Edition
from .inputs import Inputs
from .step_log import Steps


@dataclass(frozen=True)
class Run:
    """How this build runs: its cache, record, kernels and what it was asked to write."""

    store: Store
    steps: Steps
    progress: bool
    """Show the notebooks' progress (not with ``-q``)."""
    formats: tuple[str, ...]
    pool: runner.Pool
    index_path: Path
    """Where the kernels (told through their environment) find the validated registers."""
    final: bool
    """The build for filing: every figure approved as it is now, documents without draft mark."""
    partial: bool
    """Only some formats or languages: written beside the published report, never over it."""
    editions: list[Edition]
    """The reports the build writes, one per language, the first the one the review pages
    link back to (Dutch, unless only other languages were asked for)."""
    review_pages: bool = True
    """The review edition and the notebooks' review pages too (``--no-review-pages``: not)."""


@dataclass
class Context:
    """What every step needs: the checked inputs, how the build runs, and its folders."""

    inputs: Inputs
    validated: Validated
    run: Run
    staging: Path
    failed: Path
    """Where a failed build's staging folder is kept for a look."""
    warnings: list[str] = field(default_factory=list)
    """What the steps warn of (the build adds it to its own warnings)."""

    @property
    def year(self) -> int:
        """The report's year (read by nearly every step)."""
        return self.inputs.year

    @property
    def params(self) -> params_module.ReportParams:
        """The year's parameters as used (read by nearly every step)."""
        return self.inputs.params

    @property
    def review_dir(self) -> Path:
        """The staging folder's review pages."""
        return self.staging / review.REVIEW_DIR

    @property
    def report_file(self) -> str:
        """The file name of the report the review pages link back to."""
        return self.run.editions[0].report_file


Texts = dict[str, narrative.RenderedNarrative]
"""The text of each edition, by its language."""


@dataclass(frozen=True)
class Made:
    """What the steps made that the build reports."""

    text: narrative.RenderedNarrative
    figures: dict[str, Figure]
    checks: list[checks.CheckResult]
    built_at: datetime
    review: approval.Summary
    """The sign-off's state of the figures as they are now."""
    changed_since: list[approval.FigureState] = field(default_factory=list)
    """The figures, then the charts, changed since their approval, in the order of their ids."""
    charts_review: approval.Summary | None = None
    """The sign-off's state of the charts as they are now."""


# --- figures, checks, text ---------------------------------------------------------------------


def collect(executed: list[Path]) -> tuple[dict[str, Figure], dict[str, Chart]]:
    """Every figure and chart the notebooks recorded; each figure of the catalogue once."""
    figures: dict[str, Figure] = {}
    charts: dict[str, Chart] = {}
    problems = []
    for path in executed:
        found_figures, found_charts = figures_module.collect(path)
        for figure in found_figures:
            if figure.id in figures:
                problems.append(
                    f"figure {figure.id} recorded twice: {figures[figure.id].notebook}"
                    f" and {figure.notebook}"
                )
            figures[figure.id] = figure
        for chart in found_charts:
            if chart.id in charts:
                problems.append(f"chart {chart.id} drawn twice")
            charts[chart.id] = chart
    missing = [figure_id for figure_id in CATALOGUE if figure_id not in figures]
    if missing:
        problems.append(
            "no notebook recorded these figures of the catalogue: " + ", ".join(missing)
        )
    if problems:
        raise StageError("\n".join(problems))
    return figures, charts


def since_launch_identity(register_key: str, year: int) -> StepIdentity:
    """The identity of last year's total of loans since launch, computed by the build from the
    loans register for a check: made like the notebook figure it is compared with (the
    register's key, the metric's code and description), so that a changed rule computes both
    again."""
    return StepIdentity("since-launch", content=[register_key, year])


def previous_since_launch(
    ctx: Context, previous_figures: dict[str, dict] | None
) -> tuple[float | None, str | None]:
    """Loans paid out since launch up to last year's end: last year's build, else the register
    (its validated copy; the result is cached with the register's key). Returns the total and
    the register file it was computed from (None: from last year's build)."""
    year = ctx.year
    figure_id = "financing.projects_since_launch.amount_eur"
    if previous_figures is not None and figure_id in previous_figures:
        return float(previous_figures[figure_id]["value"]), None
    entry = ctx.validated.entries["loans"]
    source = str(entry.file)
    key = since_launch_identity(entry.key, year).key()
    found = ctx.run.store.find("since-launch", key)
    if found is not None:
        return float(Store.meta(found)["value"]), source

    loans = read_frame(entry.parquet, entry.file, "loans")
    value = float(metrics.financing.loans_since_launch(loans, year - 1)[figure_id])
    ctx.run.store.put("since-launch", key, [], {"value": value})
    return value, source


def run_checks(
    ctx: Context, figures: dict[str, Figure], previous_figures: dict[str, dict] | None
) -> list[checks.CheckResult]:
    """The reviewer's checks on the figures and the parameters."""
    previous, previous_register = previous_since_launch(ctx, previous_figures)
    return checks.run_all(checks.CheckInputs(figures, ctx.params, previous, previous_register))


def render_text(ctx: Context, figures: dict[str, Figure], charts: dict[str, Chart]) -> Texts:
    """Each edition's text with its placeholders filled in, each number printed in the
    edition's language and marked with its figure (made into an anchor, or a link to its cell,
    when the page is assembled: ``text/figure_links.py``)."""
    texts = {}
    for edition in ctx.run.editions:
        language = edition.language
        try:
            narrative_dir = ctx.params.narrative_path_in(language)
            files = chapters.narrative_files(ctx.inputs.chapters, narrative_dir)
            texts[language] = narrative.render(
                files, figures, charts, ctx.params, figure_refs.mark, language
            )
        except narrative.NarrativeError as error:
            which = "" if edition.principal else f" ({language})"
            raise StageError(f"the narrative{which} cannot be rendered:\n{error}") from None
    return texts
