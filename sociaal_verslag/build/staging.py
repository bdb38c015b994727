"""What a build makes in its staging folder, step after step: the notebooks run (or taken from
the cache), their figures collected and checked, the text rendered, the sign-off's keys, the
pages, the PDF, the figures as data and the manifest. ``build/main.py`` publishes the folder
only when all of it succeeded.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..base.errors import StageError
from ..base.git_state import git_state
from ..base.paths import (
    BUILD_PARAMS_FILE,
    absolute,
    relative_to_root,
    reviews_file,
)
from ..figures import comparison as diff
from ..figures import records as figures_module
from ..figures.records import Chart, Figure
from ..render import manifest as provenance
from ..render import workbook
from ..review import approval, chart_keys, checks
from ..review import pages as review
from ..text import narrative
from ..year import chapters
from ..year import params as params_module
from . import notebook_step, page_step, pdf_step, signoff_step
from . import steps as stages

WORKBOOK_FILE = "figures.xlsx"
"""The figures and the data of each chart, for a spreadsheet (``render/workbook.py``)."""


def _input_files(ctx: stages.Context) -> list[Path]:
    data = [Path(entry.file) for entry in ctx.validated.entries.values()]
    # Every language's text, whichever editions this build writes: the colophon counts the
    # same inputs for `build` and `build --lang nl`.
    text = [
        path
        for language in ctx.params.languages
        for path in chapters.narrative_files(
            ctx.inputs.chapters, ctx.params.narrative_path_in(language)
        )
    ]
    notebooks = [source.path for source in ctx.inputs.sources]
    previous = []
    if ctx.params.previous is not None:
        previous = [absolute(ctx.params.previous.build_dir) / "figures.json"]
        # Last year's registers that the charts compare with, so that a review notebook run
        # again can check them too (reproduce.py).
        found = notebook_step.previous_register_files(ctx.params, ctx.inputs.sources).values()
        previous += [path for path in found if path is not None and path.is_file()]
    # The sign-off is an input too: the colophon says how many figures were checked.
    signed = [reviews_file(ctx.year)] if reviews_file(ctx.year).is_file() else []
    return [ctx.inputs.params_path, *map(absolute, data), *text, *notebooks, *previous, *signed]


@dataclass
class _Computed:
    """What the notebooks gave and what follows from it before anything is written."""

    figures: dict[str, Figure]
    charts: dict[str, Chart]
    checks: list[checks.CheckResult]
    texts: stages.Texts
    """Each edition's text, by language."""
    comparison: list[diff.Difference] | None

    @property
    def text(self) -> narrative.RenderedNarrative:
        """The first edition's text (the one whose unused figures the build warns about)."""
        return next(iter(self.texts.values()))


def _compute(ctx: stages.Context, executed: list[Path]) -> _Computed:
    """The figures and charts the notebooks recorded, the checks, the text, last year beside."""
    with ctx.run.steps.step("collect figures"):
        figures, charts = stages.collect(executed)
    previous_figures = None
    if ctx.params.previous is not None:
        previous_figures = diff.load_figures(absolute(ctx.params.previous.build_dir))
    with ctx.run.steps.step("checks"):
        check_results = stages.run_checks(ctx, figures, previous_figures)
    with ctx.run.steps.step("narrative"):
        texts = stages.render_text(ctx, figures, charts)
    comparison = None
    if previous_figures is not None:
        comparison = diff.year_over_year(
            previous_figures,
            {key: (figure.value, figure.printed) for key, figure in figures.items()},
        )
    return _Computed(figures, charts, check_results, texts, comparison)


def make(ctx: stages.Context) -> stages.Made:
    """Run the steps into the staging folder."""
    final = ctx.run.final
    resolved = ctx.staging / BUILD_PARAMS_FILE  # read by the notebooks (notebook_parameters)
    params_module.dump(ctx.inputs.raw_params, resolved)
    executed = notebook_step.run_notebooks(ctx)
    made = _compute(ctx, executed)
    inputs = provenance.input_checksums(_input_files(ctx))
    with ctx.run.steps.step("sign-off"):
        signed = signoff_step.sign_off(ctx, made.figures, made.charts, inputs)
    colophon_facts = {
        "git": git_state(),
        "inputs": inputs,
        "overrides": ctx.inputs.overrides,
        "review": approval.summary(signed.figures.values()),
        "charts_review": approval.summary(signed.charts.values()),
        "final": final,
    }
    pages, built_at = page_step.write_html(
        ctx, made.texts, made.charts, made.figures, colophon_facts, made.comparison
    )
    figures_module.write_table(list(made.figures.values()), ctx.staging, ctx.params.languages)
    workbook.write_figures(
        made.figures.values(), made.charts.values(), ctx.staging / WORKBOOK_FILE, built_at
    )
    signed.write(made.charts, ctx.staging)
    stop = _stop_reason(ctx, made.checks, signed, final)
    if stop:
        # Written for inspection in .failed-YEAR/, then the build stops: no report, no PDF.
        page_step.write_review_pages(ctx, executed)
    else:
        recorded = signoff_step.Recorded(made.figures, made.charts, made.checks)
        _write_formats(ctx, pages, executed, built_at, colophon_facts, (signed, recorded))
    _write_index_and_manifest(
        ctx,
        made.figures,
        made.checks,
        made.comparison,
        built_at,
        colophon_facts,
        signed,
        made.charts,
    )
    if stop:
        raise StageError(stop)
    review_state = colophon_facts["review"]
    charts_review = colophon_facts["charts_review"]
    return stages.Made(
        made.text, made.figures, made.checks, built_at, review_state, signed.changed(),
        charts_review,
    )  # fmt: skip


def _write_formats(
    ctx: stages.Context,
    pages: dict[str, str],
    executed: list[Path],
    built_at: datetime,
    colophon_facts: dict,
    sign_off: tuple[signoff_step.SignOff, signoff_step.Recorded],
) -> None:
    """Each edition's page and PDF (as the build's formats ask), with the review record that
    PDF attaches, and the review pages, into staging."""
    formats = ctx.run.formats
    signed, recorded = sign_off
    if "html" in formats:
        for edition in ctx.run.editions:
            (ctx.staging / edition.report_file).write_text(pages[edition.language], "utf-8")
    if "pdf" not in formats:
        if ctx.run.review_pages:
            page_step.write_review_pages(ctx, executed)
        return
    with tempfile.TemporaryDirectory() as scratch:
        # The PDF carries the manifest as far as it is known before the PDF is made: all
        # but the steps' timings, which manifest.json beside the report adds.
        attached = Path(scratch) / "manifest.json"
        _manifest(ctx, recorded.checks, built_at, colophon_facts).write(attached, timings=False)
        resolved = ctx.staging / BUILD_PARAMS_FILE
        records = signoff_step.record_pages(
            ctx, signed, recorded, built_at, colophon_facts["git"], attached
        )
        _make_records(ctx, records, built_at)
        with pdf_step.side_by_side() as jobs:
            for edition in ctx.run.editions:  # each in a process of its own
                html = pages[edition.language]
                jobs.append(pdf_step.start_pdf(ctx, edition, html, resolved, attached, built_at))
            if ctx.run.review_pages:  # while the PDFs are made beside
                page_step.write_review_pages(ctx, executed)
            for job in jobs:
                pdf_step.finish_pdf(ctx, job)


def _make_records(ctx: stages.Context, records: dict[str, str], built_at: datetime) -> None:
    """The review record of each edition's language as a PDF, side by side, before the
    reports' PDFs that attach them."""
    ctx.review_dir.mkdir(parents=True, exist_ok=True)
    with pdf_step.side_by_side() as jobs:
        for edition in ctx.run.editions:
            html = records[edition.language]
            jobs.append(pdf_step.start_record_pdf(ctx, edition, html, built_at))
        for job in jobs:
            pdf_step.finish_pdf(ctx, job)


def _stop_reason(
    ctx: stages.Context,
    check_results: list[checks.CheckResult],
    signed: signoff_step.SignOff,
    final: bool,
) -> str:
    """Why the build stops before publishing ('' when it does not): the checks that failed, or
    (the build for filing) the figures not approved as they are now, one line each."""
    failures = [result for result in check_results if not result.ok]
    if failures:
        listing = "\n".join(
            f"{result.id}: {result.description}: {result.detail}" for result in failures
        )
        see = relative_to_root(ctx.failed / review.REVIEW_DIR / "index.html")
        return f"{len(failures)} check(s) failed:\n{listing}\nsee {see}"
    unapproved = approval.not_approved(signed.every) if final else []
    if not unapproved:
        return ""
    listing = "\n".join(f"{state.id}: {state.describe()}" for state in unapproved)
    return (
        f"{len(unapproved)} of the {len(signed.every)} figures and charts are not approved"
        " as they are now"
        f" (--final; nothing was published): check them and record it with"
        f" sociaal-verslag review approve {ctx.year} --by NAME --figure ID ...\n{listing}"
    )


def _write_index_and_manifest(
    ctx: stages.Context,
    figures: dict[str, Figure],
    check_results: list[checks.CheckResult],
    comparison: list[diff.Difference] | None,
    built_at: object,
    colophon_facts: dict,
    signed: signoff_step.SignOff,
    charts: dict[str, Chart],
) -> None:
    executed = [ctx.review_dir / source.path.name for source in ctx.inputs.sources]
    diffs = signoff_step.since_approval(executed, signed)
    pages = review.write_diff_pages(ctx.review_dir, ctx.year, list(diffs.values()))
    runs = [
        review.NotebookRun(
            path.stem,
            review.notebook_seconds(path),
            sum(1 for figure in figures.values() if figure.notebook == path.stem),
            diffs[path.stem],
            pages.get(path.stem, ""),
        )
        for path in executed
    ]
    colophon = provenance.colophon(built_at, **colophon_facts)
    review.write_index(
        ctx.review_dir,
        year=ctx.year,
        organisation=ctx.params.organisation,
        editions=ctx.run.editions,
        colophon=colophon,
        runs=runs,
        figures=list(figures.values()),
        checks=check_results,
        comparison=comparison,
        warnings=ctx.validated.warnings + ctx.warnings,
        steps=ctx.run.steps.records,
        states=signed.figures,
        charts=[chart_keys.as_record(chart) for chart in charts.values()],
        chart_states=signed.charts,
    )
    manifest = _manifest(ctx, check_results, built_at, colophon_facts)
    manifest.notebook_seconds = {run.name: round(run.seconds, 3) for run in runs}
    manifest.steps = ctx.run.steps.to_list()
    manifest.write(ctx.staging / "manifest.json")


def _manifest(
    ctx: stages.Context,
    check_results: list[checks.CheckResult],
    built_at: datetime,
    colophon_facts: dict,
) -> provenance.Manifest:
    """What the manifest holds before the timings: parameters, inputs, code, packages, checks."""
    return provenance.Manifest(
        year=ctx.year,
        built_at=built_at,
        parameters=ctx.inputs.raw_params,
        overrides=ctx.inputs.overrides,
        inputs=colophon_facts["inputs"],
        git=colophon_facts["git"],
        packages=provenance.package_versions(),
        checks=[result.to_dict() for result in check_results],
        final=colophon_facts["final"],
    )
