"""Build one year's report: parameters -> notebooks (papermill) -> figures -> narrative -> HTML.

A build works in a staging folder beside the published one and replaces ``output/YEAR/`` only
when every step succeeded, so a failed build never destroys the last good report. A failed
build's staging folder is kept as ``output/.failed-YEAR/`` for inspection.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import papermill
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from tqdm import tqdm

from . import figures as figures_module
from . import narrative, pdf, registers, report
from . import params as params_module
from .catalogue import CATALOGUE
from .figures import Chart, Figure
from .paths import (
    KERNEL_NAME,
    OUTPUT_DIR,
    PROJECT_ROOT,
    chapter_notebooks,
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
    notebook: Path, staging: Path, failed: Path, parameters: dict[str, object]
) -> Path:
    executed = staging / "notebooks" / notebook.name
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(PROJECT_ROOT),
            progress_bar=False,
            request_save_on_cell_execute=False,
            # The kernel only talks to this process on localhost; its start-up chatter
            # (e.g. the unencrypted-TCP notice) is noise to an analyst.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except papermill.PapermillExecutionError as error:
        cause = str(error.evalue).strip().splitlines()
        raise BuildError(
            f"{notebook.name} failed at cell {error.exec_count}: {error.ename}: "
            + ("\n".join(cause[:25]) if cause else "(no message)")
            + "\n  see the executed notebook "
            + relative_to_root(failed / "notebooks" / notebook.name)
        ) from None
    return executed


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
    previous = target.with_name(f".previous-{target.name}")
    if previous.exists():
        shutil.rmtree(previous)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    if previous.exists():
        shutil.rmtree(previous)


FORMATS = ("html", "pdf")
"""What a build can write: the web page, and the PDF that is filed (made from that page)."""


def build(
    year: int,
    overrides: list[str] | tuple[str, ...] = (),
    out_root: Path | None = None,
    progress: bool = True,
    formats: tuple[str, ...] = FORMATS,
) -> BuildResult:
    """Build the report of ``year`` and publish it under ``out_root/YEAR`` (default output/).

    ``formats`` chooses the documents: the HTML page is always assembled (the PDF is rendered
    from it) but only written when asked for.
    """
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        raise BuildError(
            f"unknown output format {', '.join(unknown) or '(none)'}:"
            f" choose from {', '.join(FORMATS)}"
        )
    out_root = Path(out_root) if out_root else OUTPUT_DIR
    # Load inputs.
    try:
        report_params, raw_params = params_module.load(year, overrides=overrides)
    except params_module.ParamsError as error:
        raise BuildError(str(error)) from None
    problems = registers.check_registers(report_params.data_path, year)
    if problems:
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise BuildError(f"the registers of {year} have {len(problems)} problem(s):\n{listing}")
    notebooks = chapter_notebooks()
    if not notebooks:
        raise BuildError("no chapter notebooks (notebooks/NN-name.ipynb) found")
    _check_kernel()

    out_root.mkdir(parents=True, exist_ok=True)
    staging = out_root / f".staging-{year}-{os.getpid()}"
    failed = out_root / f".failed-{year}"
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "notebooks").mkdir(parents=True)
    try:
        # Process data.
        resolved = staging / "params.yaml"
        params_module.dump(raw_params, resolved)
        parameters = {
            "year": year,
            "params_file": str(resolved),
            "data_dir": str(report_params.data_path),
            "output_dir": str(staging),
        }
        executed = [
            _run_notebook(notebook, staging, failed, parameters)
            for notebook in tqdm(
                notebooks,
                desc=f"notebooks {year}",
                unit="nb",
                disable=not progress,
                file=sys.stderr,
            )
        ]
        figures, charts = _collect(executed)
        try:
            text = narrative.render(report_params.narrative_path, figures, charts, report_params)
        except narrative.NarrativeError as error:
            raise BuildError(f"the narrative cannot be rendered:\n{error}") from None
        report_notebook = report.build_notebook(text, charts, report_params)
        html = report.to_html(report_notebook, report_params)

        # Save outputs.
        figures_module.write_table(list(figures.values()), staging)
        if "html" in formats:
            (staging / f"{report_basename(year)}.html").write_text(html, encoding="utf-8")
        if "pdf" in formats:
            pdf.write_pdf(
                html,
                staging / f"{report_basename(year)}.pdf",
                [
                    pdf.EmbeddedFile(
                        staging / "figures.csv",
                        f"De cijfers van het verslag {year}: id, waarde, eenheid, gedrukte vorm,"
                        " notebook, cel, bronbestanden, regel",
                    ),
                    pdf.EmbeddedFile(
                        resolved, f"De parameters van het verslag {year} zoals gebruikt"
                    ),
                ],
            )
    except BaseException:
        if failed.exists():
            shutil.rmtree(failed)
        staging.rename(failed)
        raise

    warnings = [
        f"figure {figure_id} is computed but neither the text nor a chart uses it"
        for figure_id in text.unused_figures
    ]
    warnings += [
        f"chart {chart_id} is drawn but the text does not place it"
        for chart_id in text.unused_charts
    ]
    target = year_output_dir(year, out_root)
    _publish(staging, target)
    return BuildResult(
        output_dir=target,
        html=target / f"{report_basename(year)}.html",
        pdf=target / f"{report_basename(year)}.pdf" if "pdf" in formats else None,
        figures=figures,
        warnings=warnings,
    )
