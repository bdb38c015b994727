"""The steps of a build after its inputs are checked, each one cached where it is worth it.

notebooks (run side by side, or taken from the cache) → collect the figures → checks → narrative
→ HTML (cached) → review pages (cached per notebook) and index → figures.json/csv → manifest;
the PDF is ``pdf_step.py``. Every step writes into the staging folder and says in
:class:`~.pipeline.Steps` whether it ran or came from the cache, and under which key.
``inputs.py`` checks the inputs before, ``build.py`` runs the steps, ``publish.py`` publishes.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import chapters, checks, diff, figure_refs, keys, narrative, provenance, review, runner
from . import figures as figures_module
from . import params as params_module
from .cache import Store, digest
from .catalogue import CATALOGUE, spec_for
from .editions import Edition
from .errors import ReportError
from .figures import Chart, Figure
from .notebook_sources import NotebookSource
from .paths import BUILD_PARAMS_FILE, absolute, relative_to_root
from .phrases import DEFAULT_LANGUAGE
from .pipeline import StepRecord, Steps
from .translations import translate
from .validated import Validated


class StageError(ReportError):
    """A step failed; the message says what and where to look (the build reports it)."""


@dataclass
class Context:
    """What every step needs: the checked inputs, the folders, the cache and the record."""

    year: int
    params: params_module.ReportParams
    raw_params: dict[str, Any]
    params_path: Path
    overrides: list[str]
    chapters: list[chapters.Chapter]
    sources: list[NotebookSource]
    validated: Validated
    staging: Path
    failed: Path
    store: Store
    steps: Steps
    pool: runner.Pool
    index_path: Path
    """Where the kernels (told through their environment) find the validated registers."""
    progress: bool
    editions: list[Edition]
    """The reports the build writes, one per language, the first the one the review pages
    link back to (Dutch, unless only other languages were asked for)."""

    @property
    def review_dir(self) -> Path:
        """The staging folder's review pages."""
        return self.staging / review.REVIEW_DIR

    @property
    def report_file(self) -> str:
        """The file name of the report the review pages link back to."""
        return self.editions[0].report_file


Texts = dict[str, narrative.RenderedNarrative]
"""The text of each edition, by its language."""


@dataclass(frozen=True)
class Made:
    """What the steps made that the build reports."""

    text: narrative.RenderedNarrative
    figures: dict[str, Figure]
    checks: list[checks.CheckResult]
    built_at: datetime


# --- notebooks ---------------------------------------------------------------------------------


def notebook_parameters(year: int) -> dict[str, Any]:
    """What papermill injects into every chapter notebook of a build: the year, and the build's
    own parameters file (``params.yaml`` at the top of the build's folder) named from the
    review folder, where the notebook runs and is kept. The executed notebook so reads the
    parameters as used wherever its build is published or copied to, and runs again in place."""
    build_params = Path(BUILD_PARAMS_FILE)
    from_review = Path(os.path.relpath(build_params, review.REVIEW_DIR)).as_posix()
    return {"year": year, "params_file": from_review}


def _previous_registers(
    report_params: params_module.ReportParams, sources: Sequence[NotebookSource]
) -> dict[str, str]:
    """sha256 of last year's register files that the notebooks load (for the comparison)."""
    from .exports import ExportError, find_file

    previous = report_params.previous
    if previous is None:
        return {}
    shas = {}
    for name in sorted({name for source in sources for name in source.previous_registers}):
        try:
            path = find_file(absolute(previous.data_dir), name, previous.registers.get(name))
        except ExportError:
            shas[name] = "ambiguous"
            continue
        shas[name] = provenance.sha256(path) if path.is_file() else "missing"
    return shas


def register_shas(report_params: params_module.ReportParams) -> dict[str, str]:
    """sha256 of this year's register files, as found (before or without validation)."""
    from .exports import ExportError, find_file
    from .registers import REGISTERS

    shas = {}
    for name in REGISTERS:
        try:
            path = find_file(report_params.data_path, name, report_params.registers.get(name))
        except ExportError:
            continue
        if path.is_file():
            shas[name] = provenance.sha256(path)
    return shas


def plan_notebooks(
    year: int,
    report_params: params_module.ReportParams,
    raw_params: dict[str, Any],
    sources: Sequence[NotebookSource],
    registers: dict[str, str],
) -> list[tuple[NotebookSource, str]]:
    """Each notebook with the key of its run."""
    parameters = notebook_parameters(year)
    previous = _previous_registers(report_params, sources)
    return [
        (source, keys.notebook_key(source, parameters, raw_params, registers, previous))
        for source in sources
    ]


def run_notebooks(ctx: Context) -> list[Path]:
    """Every chapter notebook executed into the review folder: from the cache when its key is
    there, else run (side by side, ``ctx.workers`` at a time) and stored."""
    parameters = notebook_parameters(ctx.year)
    registers = {name: entry.sha256 for name, entry in ctx.validated.entries.items()}
    plan = plan_notebooks(ctx.year, ctx.params, ctx.raw_params, ctx.sources, registers)
    to_run: list[tuple[runner.Job, str]] = []
    executed = []
    for source, key in plan:
        target = ctx.review_dir / source.path.name
        found = ctx.store.find("notebooks", key)
        if found is not None:
            shutil.copy2(found / source.path.name, target)
            ctx.steps.cached(f"notebook {source.name}", key)
        else:
            job = runner.Job(
                source.name,
                source.path,
                target,
                parameters,
                ctx.params.cell_timeout_seconds,
                _weight(ctx, source),
            )
            to_run.append((job, key))
        executed.append(target)
    if to_run:
        _run(ctx, to_run)
    return executed


def _weight(ctx: Context, source: NotebookSource) -> int:
    """Bytes of this year's register files the notebook loads."""
    entries = ctx.validated.entries
    return sum(
        absolute(entries[name].file).stat().st_size for name in source.registers if name in entries
    )


def _run(ctx: Context, to_run: Sequence[tuple[runner.Job, str]]) -> None:
    from tqdm import tqdm

    runner.check_kernel()
    cached = len(ctx.sources) - len(to_run)
    bar = tqdm(
        total=len(ctx.sources),
        initial=cached,
        desc=f"notebooks {ctx.year}",
        unit="nb",
        disable=not ctx.progress,
        file=sys.stderr,
    )

    def report(finished: str, running: Sequence[str]) -> None:
        if finished:
            bar.update(1)
        note = f"running: {', '.join(running)}" if running else ""
        bar.set_postfix_str(note + (f"; from cache: {cached}" if cached else ""), refresh=True)

    keys_by_name = {job.name: key for job, key in to_run}
    # The kernels find the validated registers through this index (see validated.py).
    ctx.validated.write_index(ctx.index_path, ctx.params.data_path, ctx.year)
    try:
        outcomes = ctx.pool.run([job for job, _ in to_run], report)
    except runner.NotebookFailedError as failure:
        job = next(job for job, _ in to_run if job.name == failure.outcome.name)
        raise notebook_failed(job.executed, ctx, failure.outcome.message) from None
    finally:
        bar.close()
    for job, _ in to_run:
        key = keys_by_name[job.name]
        ctx.store.put("notebooks", key, [job.executed])
        seconds = round(outcomes[job.name].seconds, 3)
        ctx.steps.add(StepRecord(f"notebook {job.name}", "ran", seconds, key, "invoer gewijzigd"))


def notebook_failed(executed: Path, ctx: Context, reason: str) -> StageError:
    """The error for a notebook that stopped, its review page written with the cell marked."""
    cell = review.write_failed_notebook_html(executed, ctx.editions[0], reason)
    failed_review = ctx.failed / review.REVIEW_DIR
    where = f", cell {cell.number} (id {cell.cell_id})" if cell else ""
    page = failed_review / executed.with_suffix(".html").name
    see = (
        f"{relative_to_root(page)}#{review.FAILED_ANCHOR}"
        if cell
        else relative_to_root(failed_review / executed.name)
    )
    return StageError(f"{executed.stem}{where} failed: {reason}; see {see}")


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
    key = digest(["since-launch", entry.key, year])
    found = ctx.store.find("since-launch", key)
    if found is not None:
        return float(Store.meta(found)["value"]), source
    from . import metrics
    from .validated import read_frame

    loans = read_frame(entry.parquet, entry.file, "loans")
    value = float(metrics.financing.loans_since_launch(loans, year - 1)[figure_id])
    ctx.store.put("since-launch", key, [], {"value": value})
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
    when the page is assembled: ``figure_refs.py``)."""
    texts = {}
    for edition in ctx.editions:
        language = edition.language
        try:
            files = chapters.narrative_files(ctx.chapters, ctx.params.narrative_path_in(language))
            texts[language] = narrative.render(
                files, figures, charts, ctx.params, figure_refs.mark, language
            )
        except narrative.NarrativeError as error:
            which = "" if edition.principal else f" ({language})"
            raise StageError(f"the narrative{which} cannot be rendered:\n{error}") from None
    return texts


# --- documents ---------------------------------------------------------------------------------


def _chart_content(chart: Chart) -> list[Any]:
    """What of a chart makes the pages: its drawings and captions in every language."""
    drawn = [chart.caption, digest(chart.svg), digest(chart.narrow_svg)]
    other = {
        language: digest(sorted(texts.items())) for language, texts in chart.translations.items()
    }
    return [chart.id, *drawn, other, chart.notebook, chart.cell_id]


def running_headers(ctx: Context, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Each chapter's short title for the PDF's running header, by its narrative's name, in
    ``language`` (``report.yaml``'s Dutch title, translated)."""
    return {
        Path(chapter.narrative).stem: translate(chapter.running_header, language)
        for chapter in ctx.chapters
        if chapter.narrative is not None and chapter.running_header is not None
    }


def write_html(
    ctx: Context,
    texts: Texts,
    charts: dict[str, Chart],
    figures: dict[str, Figure],
    colophon_facts: dict[str, Any],
    comparison: list[diff.Difference] | None,
) -> tuple[dict[str, str], datetime]:
    """Each edition's HTML (by language) and the time they carry, and their review editions
    written in review/: from the cache when their content is the same (so that a rebuild with
    nothing changed gives the same bytes), else made now."""
    executed = [ctx.review_dir / source.path.name for source in ctx.sources]
    places = review.cell_places([path for path in executed if path.is_file()])
    content = {
        # In report order, each chapter with its name (the page's sections are named by it):
        # a changed order or file in report.yaml makes the page again.
        "text": {
            language: [[chapter.name, chapter.markdown] for chapter in text.chapters]
            for language, text in texts.items()
        },
        "running_headers": {language: running_headers(ctx, language) for language in texts},
        "editions": [[e.language, e.report_file, e.review_file] for e in ctx.editions],
        "charts": [_chart_content(chart) for chart in charts.values()],
        "figures": [figure.to_dict() for figure in figures.values()],
        "comparison": [row.__dict__ for row in comparison or []],
        "colophon": colophon_facts,
        "report": {"year": ctx.year, "organisation": ctx.params.organisation},
        "places": {
            name: {cell: list(vars(place).values()) for cell, place in cells.items()}
            for name, cells in places.items()
        },
    }
    key = keys.html_key(content)
    reviewed = [ctx.review_dir / edition.review_file for edition in ctx.editions]
    found = ctx.store.find("html", key)
    if found is not None:
        ctx.steps.cached("html", key)
        built_at = datetime.fromisoformat(Store.meta(found)["built_at"])
        for path in reviewed:
            shutil.copy2(found / path.name, path)
        return {
            edition.language: (found / edition.report_file).read_text(encoding="utf-8")
            for edition in ctx.editions
        }, built_at
    with ctx.steps.step("html", key, "inhoud gewijzigd"):
        built_at = provenance.build_time()
        pages = {}
        with tempfile.TemporaryDirectory() as scratch:
            for edition in ctx.editions:
                parts = _Parts(texts[edition.language], charts, figures, colophon_facts, comparison)
                html = _edition_html(ctx, edition, parts, built_at, places)
                pages[edition.language] = html
                (Path(scratch) / edition.report_file).write_text(html, encoding="utf-8")
            files = [Path(scratch) / edition.report_file for edition in ctx.editions]
            ctx.store.put("html", key, files + reviewed, {"built_at": built_at.isoformat()})
    return pages, built_at


@dataclass(frozen=True)
class _Parts:
    """What an edition's page is made of."""

    text: narrative.RenderedNarrative
    charts: dict[str, Chart]
    figures: dict[str, Figure]
    colophon_facts: dict[str, Any]
    comparison: list[diff.Difference] | None


def _edition_html(
    ctx: Context,
    edition: Edition,
    parts: _Parts,
    built_at: datetime,
    places: dict[str, dict[str, review.CellPlace]],
) -> str:
    """One edition's page, returned, and its review edition, written in review/ (each number
    a link to the block of the cell that computed it, with a tooltip in the edition's words)."""
    from . import report

    language = edition.language
    colophon = provenance.colophon(built_at, language=language, **parts.colophon_facts)
    figures = list(parts.figures.values())
    made = [parts.text, parts.charts, ctx.params, figures, colophon, built_at, parts.comparison]
    headers = running_headers(ctx, language)
    html = report.to_html(
        report.build_notebook(*made, headers, language=language), ctx.params, language
    )
    labels = {
        figure_id: translate(spec_for(figure_id).label, language) for figure_id in parts.figures
    }
    links = review.cell_linker(places, labels, language)
    notebook = report.build_notebook(*made, headers, links=links, language=language)
    (ctx.review_dir / edition.review_file).write_text(
        report.to_html(notebook, ctx.params, language), "utf-8"
    )
    return html


def write_review_pages(ctx: Context, executed: list[Path]) -> None:
    """Each executed notebook as an HTML page beside it (cached by the notebook's bytes)."""
    for path in executed:
        edition = ctx.editions[0]
        key = keys.review_key(path, [edition.report_file, edition.review_file])
        page = path.with_suffix(".html")
        found = ctx.store.find("review", key)
        if found is not None:
            shutil.copy2(found / page.name, page)
            ctx.steps.cached(f"review page {path.stem}", key)
            continue
        with ctx.steps.step(f"review page {path.stem}", key, "notebook gewijzigd"):
            review.write_notebook_html(path, edition)
            ctx.store.put("review", key, [page])
