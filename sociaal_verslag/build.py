"""Build one year's report: parameters -> notebooks (papermill) -> figures -> narrative -> HTML.

A build works in a staging folder beside the published one and replaces ``output/YEAR/`` only
when every step succeeded, so a failed build never destroys the last good report. A failed
build's staging folder is kept as ``output/.failed-YEAR/`` for inspection.
"""

from __future__ import annotations

import fcntl
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import papermill
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from tqdm import tqdm

from . import (
    checks,
    diff,
    exports,
    metrics,
    narrative,
    provenance,
    receipts,
    registers,
    report,
    review,
    sanitize,
)
from . import figures as figures_module
from . import params as params_module
from .catalogue import CATALOGUE
from .engine import ENGINE_NAME
from .figures import Chart, Figure
from .notebook_charts import NotebookSourceError, declared_charts
from .paths import (
    KERNEL_NAME,
    OUTPUT_DIR,
    PROJECT_ROOT,
    absolute,
    chapter_notebooks,
    params_file,
    relative_to_root,
    report_basename,
    year_output_dir,
)


class BuildError(Exception):
    """A build step failed; the message says what and where to look."""


@dataclass
class BuildResult:
    """Where a finished build was published, and what it warned about."""

    output_dir: Path
    html: Path
    pdf: Path | None
    figures: dict[str, Figure]
    checks: list[checks.CheckResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _check_kernel() -> None:
    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        raise BuildError(
            f"the Jupyter kernel {KERNEL_NAME!r} the notebooks name is not installed;"
            " run `make report` once (it installs it into .venv)"
        ) from None


def _run_notebook(
    notebook: Path,
    review_dir: Path,
    failed: Path,
    parameters: dict[str, object],
    timeout: int,
    report_file: str,
) -> Path:
    executed = review_dir / notebook.name
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(PROJECT_ROOT),
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            engine_name=ENGINE_NAME,
            failure_path=str(executed),  # a timed-out or interrupted run is kept for review
            # The kernel only talks to this process on localhost; its start-up chatter
            # (e.g. the unencrypted-TCP notice) is noise to an analyst.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except papermill.PapermillExecutionError as error:
        cause = " ".join(str(error.evalue).split())[:300] or "(no message)"
        raise _notebook_failed(executed, failed, report_file, f"{error.ename}: {cause}") from None
    except CellTimeoutError:
        # nbclient has interrupted the cell and shut the kernel down by now.
        raise _notebook_failed(
            executed,
            failed,
            report_file,
            f"did not finish within {timeout} s (cell_timeout_seconds in the parameters);"
            " the kernel was stopped",
        ) from None
    except DeadKernelError as error:
        raise _notebook_failed(executed, failed, report_file, f"the kernel died: {error}") from None
    except (OSError, RuntimeError, ValueError) as error:  # the kernel could not start
        raise BuildError(
            f"{notebook.name} could not be run: {type(error).__name__}: {error}"
        ) from None
    return executed


def _notebook_failed(executed: Path, failed: Path, report_file: str, reason: str) -> BuildError:
    """The error for a notebook that stopped, its review page written with the cell marked."""
    cell = review.write_failed_notebook_html(executed, report_file, reason)
    page = relative_to_root(failed / review.REVIEW_DIR / executed.with_suffix(".html").name)
    where = f", cell {cell.number} (id {cell.cell_id})" if cell else ""
    see = (
        f"{page}#{review.FAILED_ANCHOR}"
        if cell
        else relative_to_root(failed / review.REVIEW_DIR / executed.name)
    )
    return BuildError(f"{executed.stem}{where} failed: {reason}; see {see}")


def _collect(executed: list[Path]) -> tuple[dict[str, Figure], dict[str, Chart]]:
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
        raise BuildError("\n".join(problems))
    return figures, charts


def _publish(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` in two renames; on failure the last good build stays."""
    previous = target.with_name(f".previous-{target.name}")
    if previous.exists() and not target.exists():
        previous.rename(target)  # an earlier publish was interrupted: its old build comes back
    if previous.exists():
        shutil.rmtree(previous)
    if target.exists():
        target.rename(previous)
    try:
        staging.rename(target)
    except OSError:
        if previous.exists() and not target.exists():
            previous.rename(target)
        raise
    if previous.exists():
        shutil.rmtree(previous, ignore_errors=True)


def _keep_failed(staging: Path, failed: Path) -> None:
    """Keep what a failed build got to as ``failed``, for inspection; never raise doing so."""
    try:
        if failed.exists():
            shutil.rmtree(failed)
        staging.rename(failed)
    except OSError:
        pass  # e.g. a full or read-only disk: the error that stopped the build says more


def _previous_since_launch(
    report_params: params_module.ReportParams, previous_figures: dict[str, dict] | None
) -> tuple[float | None, str]:
    """Loans paid out since launch up to last year's end: last year's build, else the register."""
    year = report_params.year
    figure_id = "financing.projects_since_launch.amount_eur"
    if previous_figures is not None and figure_id in previous_figures:
        return float(previous_figures[figure_id]["value"]), f"build {year - 1}"
    loans = registers.load_register(
        "loans", report_params.data_path, year, report_params.registers.get("loans")
    )
    value = metrics.financing.loans_since_launch(loans, year - 1)[figure_id]
    source = f"register {relative_to_root(loans.attrs['source_file'])} tot eind {year - 1}"
    return float(value), source


def _previous_year(previous_build: Path) -> dict[str, object]:
    """What this year needs of last year's build, or a BuildError that says what is wrong."""
    hint = " (build without the comparison: --no-previous)"
    figures_file = previous_build / "figures.json"
    try:
        previous_raw = params_module.read_raw(previous_build / "params.yaml")
        diff.load_figures(previous_build)
    except (params_module.ParamsError, diff.DiffError) as error:
        raise BuildError(f"last year's build cannot be compared with: {error}{hint}") from None
    if "data_dir" not in previous_raw:
        raise BuildError(
            f"{relative_to_root(figures_file.parent)}/params.yaml has no data_dir{hint}"
        )
    return {
        "build_dir": relative_to_root(previous_build),
        "data_dir": previous_raw["data_dir"],
        "registers": previous_raw.get("registers", {}),
    }


def _input_files(
    report_params: params_module.ReportParams, params_path: Path, notebooks: list[Path]
) -> list[Path]:
    data = [
        exports.find_file(report_params.data_path, name, report_params.registers.get(name))
        for name in registers.REGISTERS
    ]
    text = narrative.chapter_files(report_params.narrative_path)
    previous = []
    if report_params.previous is not None:
        previous = [absolute(report_params.previous.build_dir) / "figures.json"]
    return [params_path, *data, *text, *notebooks, *previous]


@contextmanager
def _year_lock(out_root: Path, year: int) -> Iterator[None]:
    """One build of a year at a time in one output folder."""
    lock_path = out_root / f".build-{year}.lock"
    with lock_path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another build of {year} is running in {relative_to_root(out_root)}"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


FORMATS = ("html", "pdf")
"""What a build can write: the web page, and the PDF that is filed (made from that page)."""


@dataclass
class _Ready:
    """Everything checked before any notebook starts."""

    year: int
    params_path: Path
    params: params_module.ReportParams
    raw_params: dict[str, object]
    overrides: list[str]
    notebooks: list[Path]
    warnings: list[str]


def _check_inputs(
    report_params: params_module.ReportParams, params_path: Path, year: int
) -> tuple[list[str], list[str]]:
    """Problems and warnings of the registers, their receipts and the facts to confirm."""
    check = receipts.check_data(report_params.data_path, year, report_params.registers)
    problems = [str(problem) for problem in check.problems]
    problems += [
        f"{relative_to_root(params_path)}, {key}: still to be confirmed for {year}"
        " (copied from last year; check the value and its source, then remove 'confirmed: false')"
        for key in report_params.unconfirmed()
    ]
    return problems, check.warnings


def _check_narrative(report_params: params_module.ReportParams, notebooks: list[Path]) -> list[str]:
    """The narrative's problems (encoding, syntax, names, markup), before any notebook runs."""
    try:
        charts = declared_charts(notebooks)
        narrative.check(report_params.narrative_path, CATALOGUE, charts)
    except (NotebookSourceError, narrative.NarrativeError) as error:
        return str(error).splitlines()
    return []


def _with_previous(
    report_params: params_module.ReportParams,
    raw_params: dict[str, object],
    params_path: Path,
    previous_build: Path,
    compare_previous: bool,
) -> tuple[params_module.ReportParams, dict[str, object]]:
    if not compare_previous:
        raw_params.pop("previous", None)
    elif report_params.previous is None and previous_build.exists():
        # Last year's build is there: compare with it, and let the charts show both years.
        raw_params["previous"] = _previous_year(previous_build)
    else:
        return report_params, raw_params
    return params_module.validate(raw_params, relative_to_root(params_path)), raw_params


def preflight(
    year: int,
    overrides: list[str],
    params_path: Path,
    out_root: Path,
    compare_previous: bool,
) -> _Ready:
    """Every check that needs no notebook: parameters, registers, facts, text, kernel.

    Raises BuildError with every problem found, before anything runs or is written.
    """
    try:
        report_params, raw_params = params_module.load(year, path=params_path, overrides=overrides)
    except params_module.ParamsError as error:
        raise BuildError(str(error)) from None
    notebooks = chapter_notebooks()
    if not notebooks:
        raise BuildError("no chapter notebooks (notebooks/NN-name.ipynb) found")
    problems, warnings = _check_inputs(report_params, params_path, year)
    problems += _check_narrative(report_params, notebooks)
    if problems:
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise BuildError(f"the inputs of {year} have {len(problems)} problem(s):\n{listing}")
    _check_kernel()
    try:
        provenance.build_time()
    except ValueError as error:
        raise BuildError(str(error)) from None
    report_params, raw_params = _with_previous(
        report_params,
        raw_params,
        params_path,
        year_output_dir(year - 1, out_root),
        compare_previous,
    )
    return _Ready(year, params_path, report_params, raw_params, overrides, notebooks, warnings)


def build(
    year: int,
    overrides: list[str] | tuple[str, ...] = (),
    out_root: Path | None = None,
    progress: bool = True,
    formats: tuple[str, ...] = FORMATS,
    params_path: Path | None = None,
    compare_previous: bool = True,
) -> BuildResult:
    """Build the report of ``year`` and publish it under ``out_root/YEAR`` (default output/).

    The parameters are ``params/YEAR.yaml`` unless ``params_path`` names another file. When
    last year's build is in ``out_root`` it is compared with, unless ``compare_previous`` is
    False.

    ``formats`` chooses the documents: the HTML page is always assembled (the PDF is rendered
    from it) but only written when asked for. The review folder, the figures as data and the
    manifest are always written.
    """
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        raise BuildError(
            f"unknown output format {', '.join(unknown) or '(none)'}:"
            f" choose from {', '.join(FORMATS)}"
        )
    out_root = Path(out_root) if out_root else OUTPUT_DIR
    params_path = Path(params_path) if params_path else params_file(year)
    ready = preflight(year, list(overrides), params_path, out_root, compare_previous)
    out_root.mkdir(parents=True, exist_ok=True)
    with _year_lock(out_root, year):
        return _build_locked(ready, out_root, progress, formats)


def _run_notebooks(
    ready: _Ready, staging: Path, failed: Path, progress: bool, resolved: Path
) -> list[Path]:
    parameters = {
        "year": ready.year,
        "params_file": relative_to_root(resolved),
        "data_dir": relative_to_root(ready.params.data_path),
        "output_dir": relative_to_root(staging),
    }
    review_dir = staging / review.REVIEW_DIR
    report_file = f"{report_basename(ready.year)}.html"
    return [
        _run_notebook(
            notebook,
            review_dir,
            failed,
            parameters,
            ready.params.cell_timeout_seconds,
            report_file,
        )
        for notebook in tqdm(
            ready.notebooks,
            desc=f"notebooks {ready.year}",
            unit="nb",
            disable=not progress,
            file=sys.stderr,
        )
    ]


def _build_locked(
    ready: _Ready, out_root: Path, progress: bool, formats: tuple[str, ...]
) -> BuildResult:
    year = ready.year
    staging = out_root / f".staging-{year}"
    failed = out_root / f".failed-{year}"
    if staging.exists():
        shutil.rmtree(staging)
    (staging / review.REVIEW_DIR).mkdir(parents=True)
    try:
        text, figures, check_results = _make(ready, staging, failed, progress, formats)
        # Whatever let it through, a page with active content is never published.
        sanitize.check_publishable(staging)
    except sanitize.UnsafeOutputError as error:
        _keep_failed(staging, failed)
        raise BuildError(str(error)) from None
    except BaseException:
        _keep_failed(staging, failed)
        raise

    target = year_output_dir(year, out_root)
    try:
        _publish(staging, target)
    except OSError as error:
        _keep_failed(staging, failed)
        raise BuildError(
            f"cannot publish {relative_to_root(target)}: {error.strerror or error};"
            f" the last good report is untouched, this build is in {relative_to_root(failed)}"
        ) from None
    if failed.exists():
        shutil.rmtree(failed, ignore_errors=True)
    basename = report_basename(year)
    return BuildResult(
        output_dir=target,
        html=target / f"{basename}.html",
        pdf=target / f"{basename}.pdf" if "pdf" in formats else None,
        figures=figures,
        checks=check_results,
        warnings=ready.warnings + _unused(text),
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


def _make(
    ready: _Ready, staging: Path, failed: Path, progress: bool, formats: tuple[str, ...]
) -> tuple[narrative.RenderedNarrative, dict[str, Figure], list[checks.CheckResult]]:
    """Run the notebooks and write every output into ``staging``."""
    year, report_params = ready.year, ready.params
    built_at = provenance.build_time()
    basename = report_basename(year)
    review_dir = staging / review.REVIEW_DIR
    # Process data.
    resolved = staging / "params.yaml"
    params_module.dump(ready.raw_params, resolved)
    executed = _run_notebooks(ready, staging, failed, progress, resolved)
    figures, charts = _collect(executed)
    # Last year's figures, read once: for the loans check and the comparison.
    previous_figures = None
    if report_params.previous is not None:
        previous_figures = diff.load_figures(absolute(report_params.previous.build_dir))
    previous, previous_source = _previous_since_launch(report_params, previous_figures)
    check_results = checks.run_all(
        checks.CheckInputs(figures, report_params, previous, previous_source)
    )
    inputs = provenance.input_checksums(
        _input_files(report_params, ready.params_path, ready.notebooks)
    )
    git = provenance.git_state()
    colophon = provenance.colophon(built_at, git, inputs, ready.overrides)
    try:
        text = narrative.render(
            report_params.narrative_path, figures, charts, report_params, review.figure_link
        )
    except narrative.NarrativeError as error:
        raise BuildError(f"the narrative cannot be rendered:\n{error}") from None
    comparison = None
    if previous_figures is not None:
        comparison = diff.year_over_year(
            previous_figures,
            {key: (figure.value, figure.printed) for key, figure in figures.items()},
        )
    report_notebook = report.build_notebook(
        text, charts, report_params, list(figures.values()), colophon, built_at, comparison
    )
    html = report.to_html(report_notebook, report_params)

    # Save outputs.
    figures_module.write_table(list(figures.values()), staging)
    runs = []
    for path in executed:
        review.write_notebook_html(path, f"{basename}.html")
        recorded = sum(1 for figure in figures.values() if figure.notebook == path.stem)
        runs.append(review.NotebookRun(path.stem, review.notebook_seconds(path), recorded))
    review.write_index(
        review_dir,
        year=year,
        organisation=report_params.organisation,
        report_file=f"{basename}.html",
        colophon=colophon,
        runs=runs,
        figures=list(figures.values()),
        checks=check_results,
        comparison=comparison,
        warnings=ready.warnings,
    )
    provenance.Manifest(
        year=year,
        built_at=built_at,
        parameters=ready.raw_params,
        overrides=ready.overrides,
        inputs=inputs,
        git=git,
        packages=provenance.package_versions(),
        notebook_seconds={run.name: round(run.seconds, 3) for run in runs},
        checks=[result.to_dict() for result in check_results],
    ).write(staging / "manifest.json")
    failures = [result for result in check_results if not result.ok]
    if failures:
        listing = "\n".join(
            f"{result.id}: {result.description}: {result.detail}" for result in failures
        )
        raise BuildError(
            f"{len(failures)} check(s) failed:\n{listing}\n"
            f"see {relative_to_root(failed / review.REVIEW_DIR / 'index.html')}"
        )
    if "html" in formats:
        (staging / f"{basename}.html").write_text(html, encoding="utf-8")
    if "pdf" in formats:
        _write_pdf(html, staging, resolved, year, built_at)
    return text, figures, check_results


def _write_pdf(html: str, staging: Path, resolved: Path, year: int, built_at: object) -> None:
    from . import pdf  # WeasyPrint (and Pango) only when a PDF is asked for

    pdf.write_pdf(
        html,
        staging / f"{report_basename(year)}.pdf",
        [
            pdf.EmbeddedFile(
                staging / "figures.csv",
                f"De cijfers van het verslag {year}: id, waarde, eenheid, gedrukte vorm,"
                " notebook, cel, bronbestanden, regel",
            ),
            pdf.EmbeddedFile(resolved, f"De parameters van het verslag {year} zoals gebruikt"),
        ],
        created=built_at,
    )
