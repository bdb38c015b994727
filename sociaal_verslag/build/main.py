"""Build one year's report: check the inputs, run the steps, publish.

Everything that can be checked without running a notebook is checked first (``build/inputs.py``),
and everything found is reported at once. The steps (``build/steps.py``) then run in a staging
folder beside the published one; ``output/YEAR/`` is replaced only when every step succeeded, so a
failed build never destroys the last good report (``build/publish.py``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..base import sanitize
from ..base.errors import BuildError
from ..base.paths import (
    OUTPUT_DIR,
    params_file,
    partial_output_dir,
    relative_to_root,
    year_output_dir,
)
from ..cache.store import Store
from ..execution import pool as runner
from ..figures import comparison
from ..figures.comparison import Difference
from ..figures.records import Figure
from ..registers import snapshots
from ..registers.validated import INDEX_ENV
from ..review import approval, checks
from ..review import pages as review
from ..text import narrative
from ..year import editions
from ..year.editions import Edition
from . import notebook_step, proofread_step, publish
from . import staging as staging_steps
from . import steps as stages
from .inputs import Inputs, Ready, preflight, read_inputs
from .options import FORMATS, BuildOptions, checked_formats
from .step_log import StepRecord, Steps

__all__ = [
    "FORMATS",
    "Ahead",
    "BuildError",
    "BuildOptions",
    "BuildResult",
    "build",
    "checked_formats",
    "start_ahead",
]


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
    overrides: list[str] = field(default_factory=list)
    """The ``-p NAME=VALUE`` in force."""
    review: approval.Summary | None = None
    """The sign-off's state of the figures as they are now."""
    changed_since: list[approval.FigureState] = field(default_factory=list)
    """The figures and charts changed since their approval (old → new, what changed)."""
    charts_review: approval.Summary | None = None
    """The sign-off's state of the charts as they are now."""
    moved: list[Difference] | None = None
    """The figures that differ from the published build's, largest change first (None: there
    was no published build to compare with)."""


# --- the build -----------------------------------------------------------------------------------


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
    its approval, or when the board's adoption is not dated (``company.adopted_on``).

    ``formats`` chooses the documents: the HTML page is always assembled (the PDF is made from
    it) but only written when asked for. The review folder (without the review pages when
    ``review_pages`` is False), the figures as data and the manifest are always written. A build
    of some formats or languages goes to ``out_root/partial/YEAR``, never over the published one.

    One report is written per language of the year's parameters (``languages:``), all from the
    same figures; ``languages`` (``--lang nl,fr``) chooses among them (``year/editions.py``).
    """
    formats, final = checked_formats(options.formats), options.final
    # Absolute: the notebooks' kernels run elsewhere (in the project root, then in the folder of
    # their notebook), so that a relative --out is taken from where the command was given.
    out_root = Path(options.out_root).resolve() if options.out_root else OUTPUT_DIR
    params_path = Path(options.params_path) if options.params_path else params_file(year)
    store = Store.default(read=options.use_cache)
    steps = Steps(listener=_said if options.progress else None)
    started = time.perf_counter()
    overrides = list(options.overrides)
    inputs = read_inputs(year, overrides, params_path, out_root, options.compare_previous)
    chosen = editions.chosen(year, inputs.params.languages, options.languages, params_path)
    partial = _partial(options, formats, len(chosen) != len(inputs.params.languages))
    _check_adopted(final, inputs, params_path)
    inputs = inputs.in_languages([edition.language for edition in chosen])
    index_path, pool = _pool(options.jobs or runner.default_workers())
    try:
        # The kernels of the notebooks that will run start now, while the inputs are checked.
        pool.warm(_expected_runs(inputs, store))
        ready = _validate(inputs, store, steps, started)
        out_root.mkdir(parents=True, exist_ok=True)
        with publish.year_lock(out_root, year):
            run = stages.Run(
                store,
                steps,
                options.progress,
                formats,
                pool,
                index_path,
                final,
                partial,
                chosen,
                options.review_pages,
            )
            return _build_locked(ready, out_root, run)
    finally:
        pool.close()
        store.close()
        index_path.unlink(missing_ok=True)


def _partial(options: BuildOptions, formats: tuple[str, ...], some_languages: bool) -> bool:
    """Whether the build writes only part of the report (some formats or languages, or no
    review pages): refused for the build for filing."""
    partial = set(formats) != set(FORMATS) or some_languages or not options.review_pages
    if options.final and partial:
        raise BuildError(
            "--final builds the whole report, every format and language: leave out --to, --lang"
            " and --no-review-pages"
        )
    return partial


def _check_adopted(final: bool, inputs: Inputs, params_path: Path) -> None:
    """The build for filing carries the day the board adopted the report on its cover."""
    company = inputs.params.company
    if final and (company is None or company.adopted_on is None):
        raise BuildError(
            f"{relative_to_root(params_path)}: company.adopted_on: the day the board adopted the"
            " report is needed for the build for filing (e.g. adopted_on: 2026-03-12)"
        )


def _new_pool(workers: int) -> tuple[Path, runner.Pool]:
    """The notebooks' workers, and the file their kernels read the registers' index from (the
    build writes it once the registers are checked)."""
    index_path = Path(tempfile.mkstemp(prefix="sv-registers-", suffix=".json")[1])
    environment = runner.kernel_environment({INDEX_ENV: str(index_path)})
    return index_path, runner.Pool(workers, environment)


@dataclass
class Ahead:
    """The first notebook's kernel of a build not asked for yet, starting (:func:`start_ahead`)."""

    index_path: Path
    pool: runner.Pool

    def close(self) -> None:
        """Stop its kernel, if no build took it."""
        global _ahead
        if _ahead is self:
            _ahead = None
            self.pool.close()
            self.index_path.unlink(missing_ok=True)


_ahead: Ahead | None = None
"""What :func:`start_ahead` started in this process, until a build takes it."""


def start_ahead() -> Ahead:
    """Start the kernel of the first notebook the next build of this process may run, before
    that build is asked for (the preview's next rebuild: a register row saved then needs no
    kernel start). It has only imported the package, as every build's kernels have before their
    notebook is known; a build with another ``-j`` or no notebook to run stops it."""
    global _ahead
    index_path, pool = _new_pool(runner.default_workers())
    pool.warm(1)
    _ahead = Ahead(index_path, pool)
    return _ahead


def _pool(workers: int) -> tuple[Path, runner.Pool]:
    """:func:`_new_pool`, or the one started ahead if it has as many ``workers``."""
    global _ahead
    if _ahead is not None and _ahead.pool.workers == workers:
        taken, _ahead = _ahead, None
        return taken.index_path, taken.pool
    if _ahead is not None:
        _ahead.close()
    return _new_pool(workers)


def _said(record: StepRecord) -> None:
    """A finished step, said on the terminal (the notebooks have their progress bar)."""
    if record.name.startswith("notebook "):
        return
    how = "from the cache" if record.status == "cached" else f"{record.seconds:.1f} s"
    print(f"  {record.name}: {how}", file=sys.stderr, flush=True)


def _validate(inputs: Inputs, store: Store, steps: Steps, started: float) -> Ready:
    """The inputs checked before anything runs, recorded as the build's first step."""
    ready = preflight(inputs, store)
    for entry in ready.validated.entries.values():  # what changed since an approval, by row
        snapshots.keep(entry.parquet, entry.sha256)
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


def _target(run: stages.Run, out_root: Path, year: int) -> Path:
    """The folder this build publishes."""
    if run.partial:
        return partial_output_dir(year, out_root)
    return year_output_dir(year, out_root)


def _build_locked(ready: Ready, out_root: Path, run: stages.Run) -> BuildResult:
    year = ready.inputs.year
    steps = run.steps
    target = _target(run, out_root, year)
    staging = target.with_name(f".staging-{year}")
    failed = target.with_name(f".failed-{year}")
    if staging.exists():
        shutil.rmtree(staging)
    (staging / review.REVIEW_DIR).mkdir(parents=True)
    ctx = stages.Context(ready.inputs, ready.validated, run, staging, failed)
    try:
        ctx.warnings += proofread_step.warnings(ctx)  # before the review index lists them
        made = staging_steps.make(ctx)
        with steps.step("check the pages"):
            # Whatever let it through, a page with active content is never published.
            sanitize.check_publishable(staging)
    except BaseException:
        publish.keep_failed(staging, failed)
        raise
    moved = _moved(year_output_dir(year, out_root), made.figures)
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
        overrides=list(ready.inputs.overrides),
        review=made.review,
        changed_since=made.changed_since,
        charts_review=made.charts_review,
        moved=moved,
    )


def _moved(published: Path, figures: dict[str, Figure]) -> list[Difference] | None:
    """The figures that differ from those of the published build in ``published`` (None when
    there is none, or it cannot be read: the summary then says so)."""
    now = {figure_id: figure.to_dict() for figure_id, figure in figures.items()}
    try:
        before = comparison.load_figures(published)
        return [row for row in comparison.side_by_side(before, now) if row.changed]
    except (comparison.DiffError, OSError, ValueError, KeyError, TypeError):
        # Only the summary reads it: a published build that cannot be read is not compared.
        return None


def _unused(text: narrative.RenderedNarrative) -> list[str]:
    warnings = [
        f"figure {figure_id} is computed but neither the text nor a chart uses it"
        for figure_id in text.unused_figures
    ]
    return warnings + [
        f"chart {chart_id} is drawn but the text does not place it"
        for chart_id in text.unused_charts
    ]
