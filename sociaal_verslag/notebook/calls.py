"""What a chapter notebook calls: set up, load registers, record figures, show charts.

Kept small so that the notebooks stay thin: a reviewer reads one call per step, naming the metric
function it runs (``record("financing.kbs_grants", grants, year)``) or the chart it draws, and
every recorded figure shows up under its cell beside its rule, with the registers it read and the
metric function's code (see ``notebook/recording.py``).
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import display

from .. import metrics
from ..base.errors import ReportError
from ..base.paths import absolute, notebook_params_path, relative_to_root
from ..charts import drawings as charts
from ..charts.style import Drawing
from ..charts.table import Table, with_total
from ..figures.catalogue import ChartSpec, MetricSpec, chart_spec, metric_spec, spec_for
from ..figures.records import (
    CHART_METADATA_KEY,
    FIGURES_MIME,
    NARROW_SVG_MIME,
    Figure,
    make_figures,
    svg_mime,
)
from ..language import templating
from ..language.phrases import DEFAULT_LANGUAGE
from ..language.translations import translate
from ..registers import loading as registers
from ..registers import validated
from ..registers.exports import ExportError, RegisterSource, find_file
from ..year import params as params_module
from . import file_audit, recording, reproduce

_overrides: list[str] = []
"""The ``-p NAME=VALUE`` of the build whose parameters :func:`setup` loaded: the values they
set are shown as such under each recording cell."""

_build_record: reproduce.BuildRecord | None = None
"""Outside a build, the record of the build whose review notebook this is (see reproduce.py):
what each register this kernel loads must match."""


def _in_a_build() -> bool:
    """The build gives its kernels the index of the registers it validated."""
    return bool(os.environ.get(validated.INDEX_ENV))


def setup(year: int, params_file: str) -> params_module.ReportParams:
    """Load the build's parameters (already checked and resolved by the build) and chart style.

    ``params_file`` is found from the working directory or the project root
    (:func:`~sociaal_verslag.base.paths.notebook_params_path`): a notebook runs from its own folder
    in Jupyter. A review notebook run again in Jupyter checks that its parameters are still those of
    its build, and from then on each register it loads (``notebook/reproduce.py``).
    """
    global _build_record, _overrides
    with file_audit.keyed_elsewhere():  # the key counts the parameters the notebook names
        path = notebook_params_path(params_file)
        raw = params_module.read_raw(path)
        origin = relative_to_root(path)
    _build_record = None if _in_a_build() else reproduce.BuildRecord.beside(path)
    if _build_record is not None:
        _build_record.check_parameters(raw, path)
    report_params = params_module.validate(raw, origin)
    _overrides = list(report_params.overrides)
    if report_params.year != year:
        raise ValueError(f"{params_file} is for {report_params.year}, this run is for {year}")
    charts.apply_style()
    return report_params


def load(
    name: str, params: params_module.ReportParams, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """Load and check one register of the year (see ``registers.REGISTERS``); with
    ``columns``, only those columns, in that order (a register of millions of rows then holds
    only what the cell's figures and charts read).

    From the parameters' data folder, its file and format as their ``registers:`` say, else
    detected. In a build, the register was validated before the notebooks started and comes as a
    typed frame from the build's cache (``registers/validated.py``); opened in Jupyter, the file is
    read and checked here (in a review notebook, first against the sha256 its build recorded).
    Either way the frame is the same.
    """
    wanted, categories = _columns("load", name, columns)
    frame = validated.frame_from_index(name, params.data_path, params.year, wanted, categories)
    if frame is not None:
        return frame
    source = params.registers.get(name)
    if _build_record is not None:  # a review notebook run again: only its build's files
        _build_record.check_register(find_file(params.data_path, name, source))
    frame = registers.load_register(name, params.data_path, params.year, source)
    frame = frame if wanted is None else _only(frame, wanted)
    validated.as_categories(frame, categories)
    return frame


def _columns(
    call: str, name: str, columns: Sequence[str] | None
) -> tuple[list[str] | None, dict[str, tuple[str, ...]]]:
    """The columns ``call`` asks of register ``name`` (None: all), checked against it, and
    those of them that hold a few listed values: held as categories, however the frame is
    read. An unknown register: none (the loader then names the known ones)."""
    spec = registers.REGISTERS.get(name)
    if spec is None:
        return None, {}
    try:
        wanted = spec.chosen_columns(columns)
    except ValueError as error:
        raise ValueError(f"{call}({name!r}, columns=...): {error}") from None
    return wanted, spec.enumerations(wanted)


def _only(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame``'s ``columns``, in that order, with its attributes (its source file)."""
    chosen = frame[columns]
    chosen.attrs.update(frame.attrs)
    return chosen


def load_previous(
    name: str, params: params_module.ReportParams, columns: Sequence[str] | None = None
) -> pd.DataFrame | None:
    """Last year's register ``name`` (only ``columns``, when given), for the charts that show
    both years; None without one.

    Last year's data is there when last year's build is (the build says where in the
    parameters, under ``previous``). A register of last year that no longer loads is left out
    with a note, so that it cannot stop this year's report.
    """
    previous = params.previous
    if previous is None:
        return None
    data_dir, source = absolute(previous.data_dir), previous.registers.get(name)
    if _build_record is not None:  # a review notebook run again: only its build's files
        _check_previous(name, data_dir, source)
    wanted, categories = _columns("load_previous", name, columns)
    try:
        frame = registers.load_register(name, data_dir, params.year - 1, source)
        frame = frame if wanted is None else _only(frame, wanted)
        validated.as_categories(frame, categories)
        return frame
    except registers.RegisterError as error:
        print(f"last year's {name} is left out of the comparison: {error}")
        return None


def _check_previous(name: str, data_dir: Path, source: RegisterSource | None) -> None:
    """Refuse last year's register when it is not the file the build compared with."""
    assert _build_record is not None
    try:
        path = find_file(data_dir, name, source)
    except ExportError:
        return  # two candidate files: the load below leaves the register out, with a note
    _build_record.check_register(path)


def _input_names(inputs: tuple[Any, ...]) -> tuple[str, ...]:
    names = []
    for item in inputs:
        if isinstance(item, pd.DataFrame):
            names.append(str(item.attrs.get("source_file", "?")))
        elif isinstance(item, params_module.ReportParams):
            names.append(relative_to_root(params_module.params_file(item.year)))
    return tuple(names)


def _inputs(spec: MetricSpec, function: Any, args: tuple[Any, ...]) -> tuple[str, ...]:
    """What a metric read: the registers (and parameters) it was given, in order, and the
    parameters file when it reads parameters passed as plain values (``fte_hours_per_year``)."""
    names = _input_names(args)
    params_given = any(isinstance(arg, params_module.ReportParams) for arg in args)
    if spec.parameters and not params_given:
        year = inspect.signature(function).bind(*args).arguments["year"]
        names += (relative_to_root(params_module.params_file(year)),)
    return names


def _inputs_by_figure(
    spec: MetricSpec, function: Any, args: tuple[Any, ...]
) -> dict[str, tuple[str, ...]]:
    """What each figure of a metric read: all its function read, or, for a figure whose
    catalogue entry names the registers its rule reads (``reads``), those and the parameters."""
    every = _inputs(spec, function, args)
    parameters = tuple(name for name in every if name.endswith((".yaml", ".yml")))
    given = inspect.signature(function).bind(*args).arguments
    by_figure = {}
    for figure_id in spec.figures:
        reads = spec_for(figure_id).reads
        unknown = [name for name in reads if name not in given]
        if unknown:
            raise ReportError(
                f"{figure_id}: reads {', '.join(unknown)}, which {spec.name} is not given"
                f" (its arguments: {', '.join(given)})"
            )
        chosen = _input_names(tuple(given[name] for name in reads)) + parameters
        by_figure[figure_id] = chosen if reads else every
    return by_figure


class RecordedFigures(dict[str, Figure]):
    """The figures a cell recorded, by id. Not shown again as the cell's result: the table
    above already shows them, in words a reviewer reads."""

    def _ipython_display_(self) -> None:
        """Show nothing (IPython calls this instead of printing the mapping as ``Out[n]``)."""


def record(metric: str, *args: Any) -> RecordedFigures:
    """Run the metric function ``metric`` (``module.function``) on ``args`` and record its
    figures under this cell, with the registers and parameters it read as their inputs.

    ``record("financing.loans_granted", loans, year)`` runs ``metrics.financing.loans_granted``
    and records the figures ``metrics/financing.meta.yml`` lists under it. Returns them by id,
    for a chart that draws a figure of the text (an average, a count of respondents).
    """
    spec = metric_spec(metric)
    function = metrics.function(metric)
    figures = make_figures(
        function(*args), inputs_by_figure=_inputs_by_figure(spec, function, args)
    )
    # Beside the figures, the rule and what it read: see recording.py.
    block = recording.recorded_html(spec, function, args, figures, _overrides)
    plain = "\n".join(f"{figure.id} = {figure.value!r} ({figure.printed})" for figure in figures)
    display(
        {
            FIGURES_MIME: [figure.to_dict() for figure in figures],
            "text/html": block,
            "text/plain": plain,
        },
        raw=True,
    )
    return RecordedFigures((figure.id, figure) for figure in figures)


def _caption(spec: ChartSpec, year: int, language: str) -> str:
    """A chart's caption in ``language``: its ``charts.yaml`` template (Dutch) or that
    template's translation, rendered for ``year``."""
    return templating.from_string(translate(spec.caption, language)).render(year=year)


def _svg_and_table(spec: ChartSpec, drawing: Drawing, language: str) -> tuple[str, Table]:
    """The chart's wide drawing in ``language`` and its table, with the series' totals when its
    values add up (``charts.yaml``: ``total``)."""
    svg, table = drawing.svg_and_table(charts.WIDE, language)
    return svg, with_total(table, translate("totaal", language)) if spec.total else table


def chart(chart_id: str, drawing: Drawing, params: params_module.ReportParams) -> None:
    """Show a chart under this cell as SVG, tagged with its id, and its caption from
    ``charts.yaml`` (with the figures it illustrates) for the report.

    It is drawn in both layouts and in every language of the year's editions (the parameters'
    ``languages``; its caption names the parameters' ``year``). The Dutch wide drawing is shown;
    the narrow one (for phones) travels beside it, and so do the drawings of each other language
    (``figures.svg_mime``), with their captions in the output's metadata (``captions``).
    """
    year = params.year
    spec = chart_spec(chart_id)
    caption = _caption(spec, year, DEFAULT_LANGUAGE)
    wide, table = _svg_and_table(spec, drawing, DEFAULT_LANGUAGE)  # the table for figures.xlsx
    data = {"image/svg+xml": wide, NARROW_SVG_MIME: drawing.svg(charts.NARROW)}
    metadata: dict[str, Any] = {"id": chart_id, "caption": caption, "figures": list(spec.figures)}
    metadata["data"] = table
    # What it drew from and with, for its sign-off key (review/chart_keys.py).
    metadata["inputs"] = list(_input_names((*drawing.args, *drawing.kwargs.values())))
    metadata["drawing"] = drawing.function.__name__
    others = [language for language in params.languages if language != DEFAULT_LANGUAGE]
    for language in others:
        data[svg_mime(language)], drawn = _svg_and_table(spec, drawing, language)
        data[svg_mime(language, narrow=True)] = drawing.svg(charts.NARROW, language)
        metadata.setdefault("captions", {})[language] = _caption(spec, year, language)
        metadata.setdefault("tables", {})[language] = drawn  # its words in that language
    display({**data, "text/plain": caption}, metadata={CHART_METADATA_KEY: metadata}, raw=True)
