"""What a chapter notebook calls: set up, load registers, record figures, show charts.

Kept small so that the notebooks stay thin: a reviewer reads one call per step, and every
recorded figure shows up under its cell as a table (id, value, printed form, inputs).
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import display
from matplotlib.figure import Figure as MplFigure

from . import charts, registers, validated
from . import params as params_module
from .figures import CHART_METADATA_KEY, FIGURES_MIME, make_figures
from .paths import absolute, relative_to_root


def setup(year: int, params_file: str) -> params_module.ReportParams:
    """Load the build's parameters (already checked and resolved by the build) and chart style."""
    report_params = params_module.validate(
        params_module.read_raw(absolute(params_file)), relative_to_root(params_file)
    )
    if report_params.year != year:
        raise ValueError(f"{params_file} is for {report_params.year}, this run is for {year}")
    charts.apply_style()
    return report_params


def load(name: str, params: params_module.ReportParams) -> pd.DataFrame:
    """Load and check one register of the year (see ``registers.REGISTERS``).

    From the parameters' data folder, its file and format as their ``registers:`` say, else
    detected. In a build, the register was validated before the notebooks started and comes as
    a typed frame from the build's cache (``validated.py``); opened in Jupyter, the file is read
    and checked here.
    """
    frame = validated.frame_from_index(name, params.data_path, params.year)
    if frame is not None:
        return frame
    return registers.load_register(name, params.data_path, params.year, params.registers.get(name))


def load_previous(name: str, params: params_module.ReportParams) -> pd.DataFrame | None:
    """Last year's register ``name``, for the charts that show both years; None without one.

    Last year's data is there when last year's build is (the build says where in the
    parameters, under ``previous``). A register of last year that no longer loads is left out
    with a note, so that it cannot stop this year's report.
    """
    previous = params.previous
    if previous is None:
        return None
    try:
        return registers.load_register(
            name, absolute(previous.data_dir), params.year - 1, previous.registers.get(name)
        )
    except registers.RegisterError as error:
        print(f"last year's {name} is left out of the comparison: {error}")
        return None


def _input_names(inputs: tuple[Any, ...]) -> tuple[str, ...]:
    names = []
    for item in inputs:
        if isinstance(item, pd.DataFrame):
            names.append(str(item.attrs.get("source_file", "?")))
        elif isinstance(item, params_module.ReportParams):
            names.append(relative_to_root(params_module.params_file(item.year)))
        else:
            names.append(relative_to_root(Path(str(item))))
    return tuple(names)


def record(values: dict[str, Any], *inputs: Any) -> None:
    """Record a metric's figures under this cell; ``inputs`` are the registers (or files) read."""
    figures = make_figures(values, _input_names(inputs))
    rows = "".join(
        f"<tr><td><code>{html.escape(figure.id)}</code></td><td>{figure.value!r}</td>"
        f"<td>{html.escape(figure.printed)}</td><td>{html.escape(figure.unit)}</td></tr>"
        for figure in figures
    )
    table = (
        "<table><thead><tr><th>figuur</th><th>waarde</th><th>gedrukt</th><th>eenheid</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
        f"<p><small>bronnen: {html.escape(', '.join(_input_names(inputs)))}</small></p>"
    )
    plain = "\n".join(f"{figure.id} = {figure.value!r} ({figure.printed})" for figure in figures)
    display(
        {
            FIGURES_MIME: [figure.to_dict() for figure in figures],
            "text/html": table,
            "text/plain": plain,
        },
        raw=True,
    )


def chart(chart_id: str, figure: MplFigure, caption: str, figures: tuple[str, ...] = ()) -> None:
    """Show a chart under this cell as SVG, tagged with its id and caption for the report."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    charts.close(figure)
    display(
        {"image/svg+xml": buffer.getvalue(), "text/plain": caption},
        metadata={
            CHART_METADATA_KEY: {"id": chart_id, "caption": caption, "figures": list(figures)}
        },
        raw=True,
    )
