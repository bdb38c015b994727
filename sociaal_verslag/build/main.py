"""Build one year's report: check the inputs, run the steps, publish.

Everything that can be checked without running a notebook is checked first (``build/inputs.py``),
and everything found is reported at once. The steps (``build/steps.py``) then run in a staging
folder beside the published one; ``output/YEAR/`` is replaced only when every step succeeded, so a
failed build never destroys the last good report (``build/publish.py``).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..base import sanitize
from ..base.errors import BuildError, StageError
from ..base.paths import (
    BUILD_PARAMS_FILE,
    OUTPUT_DIR,
    absolute,
    params_file,
    partial_output_dir,
    relative_to_root,
    reviews_file,
    year_output_dir,
)
from ..cache.store import Store
from ..execution import pool as runner
from ..figures import comparison as diff
from ..figures import records as figures_module
from ..figures.records import Chart, Figure
from ..registers.validated import INDEX_ENV
from ..render import manifest as provenance
from ..review import approval, checks, signoff_keys
from ..review import pages as review
from ..text import narrative
from ..year import chapters, editions
from ..year import params as params_module
from ..year.editions import Edition
from . import notebook_step, page_step, pdf_step, publish
from . import steps as stages
from .inputs import Inputs, Ready, preflight, read_inputs
from .step_log import StepRecord, Steps

__all__ = ["FORMATS", "BuildError", "BuildOptions", "BuildResult", "build"]


@dataclass
class BuildResult:
    """Where a finished build was published, what it warned about, and what its steps did."""

    output_dir: Path
    html: Path
    pdf: Path | None
    figures: dict[str, Figure]
    editions: list[Edition] = field(default_factory=list)
    """The reports written, one per language; ``html`` and ``pdf`` are the first's."""
    checks: list[checks.CheckResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    steps: Steps = field(default_factory=Steps)
    final: bool = False
    """The build for filing: its documents carry no draft mark."""
    partial: bool = False
    """Only some formats or languages, written beside the published report."""


FORMATS = ("html", "pdf")
"""What a build can write: the web page, and the PDF that is filed (made from that page)."""


# --- the build -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildOptions:
    """How one build runs: the command line's options of ``sociaal-verslag build``."""

    overrides: tuple[str, ...] = ()
    """``-p NAME=VALUE``: parameters set for this build only."""
    out_root: Path | None = None
    """``--out``: where ``YEAR/`` is published (default ``output/``)."""
    progress: bool = True
    """Show the notebooks' progress (not with ``-q``)."""
    formats: tuple[str, ...] = FORMATS
    """``--to``: the documents to write."""
    params_path: Path | None = None
    """``--params``: another parameters file than ``params/YEAR.yaml``."""
    compare_previous: bool = True
    """Compare with last year's build when it is there (not with ``--no-previous``)."""
    jobs: int | None = None
    """``-j``: notebooks at a time (default: one per processor)."""
    use_cache: bool = True
    """Take unchanged steps from the cache (not with ``--no-cache``)."""
    final: bool = False
    """``--final``: the build for filing."""
    languages: tuple[str, ...] | None = None
    """``--lang``: some of the year's languages (default: all)."""


def build(year: int, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the report of ``year`` and publish it under ``options.out_root/YEAR`` (default
    output/), as ``options`` say (:class:`BuildOptions`, the command line's options).

    The parameters are ``params/YEAR.yaml`` unless ``params_path`` names another file. When
    last year's build is in ``out_root`` it is compared with, unless ``compare_previous`` is
    False. ``jobs`` notebooks run at a time (default: one per processor). ``use_cache=False``
    recomputes every step (and refreshes the cache, ``output/.cache``).

    Every build's documents are marked as a draft (CONCEPT, in each edition's language) except
    those of the ``final`` build, the one that is filed: it builds the whole report, and fails,
    publishing nothing, when a figure is not approved in ``reviews/YEAR.yaml`` or changed since
    its approval.

    ``formats`` chooses the documents: the HTML page is always assembled (the PDF is rendered
    from it) but only written when asked for. The review folder, the figures as data and the
    manifest are always written. A build of only some formats or languages is written in
    ``out_root/partial/YEAR``: it never replaces the published report.

    One report is written per language of the year's parameters (``languages:``), all from the
    same figures; ``languages`` (``--lang nl,fr``) chooses among them (``year/editions.py``).
    """
    formats, final = options.formats, options.final
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        raise BuildError(
            f"unknown output format {', '.join(unknown) or '(none)'}:"
            f" choose from {', '.join(FORMATS)}"
        )
    # Absolute: the notebooks' kernels run elsewhere (in the project root, then in the folder of
    # their notebook), so that a relative --out is taken from where the command was given.
    out_root = Path(options.out_root).resolve() if options.out_root else OUTPUT_DIR
    params_path = Path(options.params_path) if options.params_path else params_file(year)
    store = Store.default(read=options.use_cache)
    steps = Steps()
    started = time.perf_counter()
    overrides = list(options.overrides)
    inputs = read_inputs(year, overrides, params_path, out_root, options.compare_previous)
    chosen = editions.chosen(year, inputs.params.languages, options.languages, params_path)
    partial = set(formats) != set(FORMATS) or len(chosen) != len(inputs.params.languages)
    if final and partial:
        raise BuildError(
            "--final builds the whole report, every format and language: leave out --to and --lang"
        )
    index_path = Path(tempfile.mkstemp(prefix="sv-registers-", suffix=".json")[1])
    environment = runner.kernel_environment({INDEX_ENV: str(index_path)})
    pool = runner.Pool(options.jobs or runner.default_workers(), environment)
    try:
        # The kernels of the notebooks that will run start now, while the inputs are checked.
        pool.warm(_expected_runs(inputs, store))
        ready = _validate(inputs, store, steps, started)
        out_root.mkdir(parents=True, exist_ok=True)
        with publish.year_lock(out_root, year):
            run = _Run(
                store, steps, options.progress, formats, pool, index_path, final, partial, chosen
            )
            return _build_locked(ready, out_root, run)
    finally:
        pool.close()
        store.close()
        index_path.unlink(missing_ok=True)


def _validate(inputs: Inputs, store: Store, steps: Steps, started: float) -> Ready:
    """The inputs checked before anything runs, recorded as the build's first step."""
    ready = preflight(inputs, store)
    checked = ready.validated.validated
    steps.add(
        StepRecord(
            "validate inputs",
            "ran" if checked else "cached",
            round(time.perf_counter() - started, 3),
            why=f"registers gecontroleerd: {', '.join(checked)}" if checked else "ongewijzigd",
        )
    )
    return ready


def _expected_runs(inputs: Inputs, store: Store) -> int:
    """How many notebooks will run: those whose key is not in the cache (0 when the inputs
    have problems that stop the build anyway)."""
    if inputs.problems:
        return 0
    shas = notebook_step.register_shas(inputs.params)
    plan = notebook_step.plan_notebooks(
        inputs.year, inputs.params, inputs.raw_params, inputs.sources, shas
    )
    return sum(1 for _, first in plan if notebook_step.find_run(store, first, None) is None)


@dataclass(frozen=True)
class _Run:
    """How this build runs: its cache, record, kernels and what it was asked to write."""

    store: Store
    steps: Steps
    progress: bool
    formats: tuple[str, ...]
    pool: runner.Pool
    index_path: Path
    final: bool
    """The build for filing: every figure approved as it is now, documents without draft mark."""
    partial: bool
    """Only some formats or languages: written beside the published report, never over it."""
    editions: list[Edition]

    def target(self, out_root: Path, year: int) -> Path:
        """The folder this build publishes."""
        if self.partial:
            return partial_output_dir(year, out_root)
        return year_output_dir(year, out_root)


def _build_locked(ready: Ready, out_root: Path, run: _Run) -> BuildResult:
    year = ready.inputs.year
    steps = run.steps
    target = run.target(out_root, year)
    staging = target.with_name(f".staging-{year}")
    failed = target.with_name(f".failed-{year}")
    if staging.exists():
        shutil.rmtree(staging)
    (staging / review.REVIEW_DIR).mkdir(parents=True)
    ctx = stages.Context(
        year=year,
        params=ready.inputs.params,
        raw_params=ready.inputs.raw_params,
        params_path=ready.inputs.params_path,
        overrides=ready.inputs.overrides,
        chapters=ready.inputs.chapters,
        sources=ready.inputs.sources,
        validated=ready.validated,
        staging=staging,
        failed=failed,
        store=run.store,
        steps=steps,
        pool=run.pool,
        index_path=run.index_path,
        progress=run.progress,
        editions=run.editions,
    )
    try:
        made = _make(ctx, run.formats, run.final)
        with steps.step("check the pages"):
            # Whatever let it through, a page with active content is never published.
            sanitize.check_publishable(staging)
    except BaseException:
        publish.keep_failed(staging, failed)
        raise
    with steps.step("publish"):
        publish.replace(staging, target, failed)
    first = run.editions[0]
    return BuildResult(
        output_dir=target,
        html=target / first.report_file,
        pdf=target / first.pdf_file if "pdf" in run.formats else None,
        figures=made.figures,
        editions=run.editions,
        checks=made.checks,
        warnings=ready.validated.warnings + ctx.warnings + run.store.warnings + _unused(made.text),
        steps=steps,
        final=run.final,
        partial=run.partial,
    )


def _unused(text: narrative.RenderedNarrative) -> list[str]:
    warnings = [
        f"figure {figure_id} is computed but neither the text nor a chart uses it"
        for figure_id in text.unused_figures
    ]
    return warnings + [
        f"chart {chart_id} is drawn but the text does not place it"
        for chart_id in text.unused_charts
    ]


def _input_files(ctx: stages.Context) -> list[Path]:
    data = [Path(entry.file) for entry in ctx.validated.entries.values()]
    # Every language's text, whichever editions this build writes: the colophon counts the
    # same inputs for `build` and `build --lang nl`.
    text = [
        path
        for language in ctx.params.languages
        for path in chapters.narrative_files(ctx.chapters, ctx.params.narrative_path_in(language))
    ]
    notebooks = [source.path for source in ctx.sources]
    previous = []
    if ctx.params.previous is not None:
        previous = [absolute(ctx.params.previous.build_dir) / "figures.json"]
        # Last year's registers that the charts compare with, so that a review notebook run
        # again can check them too (reproduce.py).
        found = notebook_step.previous_register_files(ctx.params, ctx.sources).values()
        previous += [path for path in found if path is not None and path.is_file()]
    # The sign-off is an input too: the colophon says how many figures were checked.
    signed = [reviews_file(ctx.year)] if reviews_file(ctx.year).is_file() else []
    return [ctx.params_path, *map(absolute, data), *text, *notebooks, *previous, *signed]


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
    with ctx.steps.step("collect figures"):
        figures, charts = stages.collect(executed)
    previous_figures = None
    if ctx.params.previous is not None:
        previous_figures = diff.load_figures(absolute(ctx.params.previous.build_dir))
    with ctx.steps.step("checks"):
        check_results = stages.run_checks(ctx, figures, previous_figures)
    with ctx.steps.step("narrative"):
        texts = stages.render_text(ctx, figures, charts)
    comparison = None
    if previous_figures is not None:
        comparison = diff.year_over_year(
            previous_figures,
            {key: (figure.value, figure.printed) for key, figure in figures.items()},
        )
    return _Computed(figures, charts, check_results, texts, comparison)


def _make(ctx: stages.Context, formats: tuple[str, ...], final: bool) -> stages.Made:
    """Run the steps into the staging folder."""
    resolved = ctx.staging / BUILD_PARAMS_FILE  # read by the notebooks (notebook_parameters)
    params_module.dump(ctx.raw_params, resolved)
    executed = notebook_step.run_notebooks(ctx)
    made = _compute(ctx, executed)
    inputs = provenance.input_checksums(_input_files(ctx))
    with ctx.steps.step("sign-off"):
        keys = signoff_keys.figure_keys(
            made.figures, ctx.review_dir, inputs, ctx.raw_params, ctx.year
        )
        signed = approval.states(made.figures, keys, approval.read(ctx.year))
    colophon_facts = {
        "git": provenance.git_state(),
        "inputs": inputs,
        "overrides": ctx.overrides,
        "review": approval.summary(signed.values()),
        "final": final,
    }
    pages, built_at = page_step.write_html(
        ctx, made.texts, made.charts, made.figures, colophon_facts, made.comparison
    )
    figures_module.write_table(list(made.figures.values()), ctx.staging)
    signoff_keys.write(keys, ctx.staging)
    stop = _stop_reason(ctx, made.checks, signed, final)
    if stop:
        # Written for inspection in .failed-YEAR/, then the build stops: no report, no PDF.
        page_step.write_review_pages(ctx, executed)
    else:
        _write_formats(ctx, formats, pages, executed, made.checks, built_at, colophon_facts)
    _write_index_and_manifest(
        ctx, made.figures, made.checks, made.comparison, built_at, colophon_facts, signed
    )
    if stop:
        raise StageError(stop)
    return stages.Made(made.text, made.figures, made.checks, built_at)


def _write_formats(
    ctx: stages.Context,
    formats: tuple[str, ...],
    pages: dict[str, str],
    executed: list[Path],
    check_results: list[checks.CheckResult],
    built_at: datetime,
    colophon_facts: dict,
) -> None:
    """Each edition's page and PDF (as ``formats`` asks) and the review pages, into staging."""
    if "html" in formats:
        for edition in ctx.editions:
            (ctx.staging / edition.report_file).write_text(pages[edition.language], "utf-8")
    if "pdf" not in formats:
        page_step.write_review_pages(ctx, executed)
        return
    with tempfile.TemporaryDirectory() as scratch:
        # The PDF carries the manifest as far as it is known before the PDF is made: all
        # but the steps' timings, which manifest.json beside the report adds.
        attached = Path(scratch) / "manifest.json"
        _manifest(ctx, check_results, built_at, colophon_facts).write(attached, timings=False)
        resolved = ctx.staging / BUILD_PARAMS_FILE
        jobs = []
        try:
            for edition in ctx.editions:  # side by side, each in a process of its own
                html = pages[edition.language]
                jobs.append(pdf_step.start_pdf(ctx, edition, html, resolved, attached, built_at))
            page_step.write_review_pages(ctx, executed)  # while the PDFs are made beside
            for job in jobs:
                pdf_step.finish_pdf(ctx, job)
        finally:
            for job in jobs:
                if job.maker is not None:
                    job.maker.close()


def _stop_reason(
    ctx: stages.Context,
    check_results: list[checks.CheckResult],
    signed: dict[str, approval.FigureState],
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
    unapproved = approval.not_approved(signed) if final else []
    if not unapproved:
        return ""
    listing = "\n".join(f"{state.id}: {state.describe()}" for state in unapproved)
    return (
        f"{len(unapproved)} of the {len(signed)} figures are not approved as they are now"
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
    signed: dict[str, approval.FigureState],
) -> None:
    executed = [ctx.review_dir / source.path.name for source in ctx.sources]
    runs = [
        review.NotebookRun(
            path.stem,
            review.notebook_seconds(path),
            sum(1 for figure in figures.values() if figure.notebook == path.stem),
        )
        for path in executed
    ]
    colophon = provenance.colophon(built_at, **colophon_facts)
    review.write_index(
        ctx.review_dir,
        year=ctx.year,
        organisation=ctx.params.organisation,
        editions=ctx.editions,
        colophon=colophon,
        runs=runs,
        figures=list(figures.values()),
        checks=check_results,
        comparison=comparison,
        warnings=ctx.validated.warnings,
        steps=ctx.steps.records,
        states=signed,
    )
    manifest = _manifest(ctx, check_results, built_at, colophon_facts)
    manifest.notebook_seconds = {run.name: round(run.seconds, 3) for run in runs}
    manifest.steps = ctx.steps.to_list()
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
        parameters=ctx.raw_params,
        overrides=ctx.overrides,
        inputs=colophon_facts["inputs"],
        git=colophon_facts["git"],
        packages=provenance.package_versions(),
        checks=[result.to_dict() for result in check_results],
        final=colophon_facts["final"],
    )
