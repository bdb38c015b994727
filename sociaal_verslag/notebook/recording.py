"""What a recording cell shows under it: each figure beside its rule, and what it was made from.

``notebook.record()`` displays, under the cell that ran a metric function, one block per call
(``templates/review_notebook/recorded.html.j2``): every figure with its label and rule in words
(from ``metrics/*.meta.yml``), its exact value, printed form and unit; a fact's source as the
parameters record it; the registers the function read, each with its number of records and the
sha256 of its file; the parameters it read, with their values; and the function's code, folded.
It is part of the cell's output, so that the executed notebook keeps the code as it was when the
build ran, and a reviewer who runs the cell again in Jupyter sees the same block. Nothing here
computes a figure: it shows what the cell was given and what it returned.
"""

from __future__ import annotations

import inspect
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from ..base.hashing import sha256
from ..base.paths import absolute, params_file, relative_to_root
from ..figures.catalogue import MetricSpec, spec_for
from ..figures.records import Figure
from ..figures.units import in_words
from ..language import templating
from ..registers.validated import INDEX_ENV
from ..year.params import ReportParams, override_of

TEMPLATE = "review_notebook/recorded.html.j2"


def figure_anchor(figure_id: str) -> str:
    """The anchor of a figure's block under its cell: ``figuur-activity-turnover_eur``."""
    return "figuur-" + figure_id.replace(".", "-")


@dataclass(frozen=True)
class RegisterRead:
    """A register a metric function was given: its file, its records and the file's sha256."""

    name: str
    file: str
    rows: int
    sha256: str


@dataclass(frozen=True)
class ParameterRead:
    """A parameter a metric function read, and its value in this run."""

    name: str
    value: Any
    override: str | None = None
    """The ``-p NAME=VALUE`` that set it, when the build was given one."""


@dataclass(frozen=True)
class FactSource:
    """Where the parameters say a fact comes from."""

    source: str
    key: str
    """Its key in the parameters file, ``facts.site.area_m2``."""
    confirmed: bool
    override: str | None = None
    """The ``-p NAME=VALUE`` that set its value or source, when the build was given one."""
    review_note: str | None = None
    """The parameters' note to the reviewers (never in the filed report)."""


@cache
def _index(path: str, mtime_ns: int) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _indexed_sha256(register: str, file: str) -> str | None:
    """The sha256 the build validated the register's file with, when the build gave this kernel its
    index of validated registers (see ``registers/validated.py``) and it covers that file."""
    path = os.environ.get(INDEX_ENV)
    if not path or not Path(path).is_file():
        return None
    entry = _index(path, Path(path).stat().st_mtime_ns)["registers"].get(register)
    return entry["sha256"] if entry and entry["file"] == file else None


def register_read(frame: pd.DataFrame) -> RegisterRead:
    """What the cell read of a register: the records it gave the function, and the sha256 of
    the file they came from (as the build validated it, else hashed now, in Jupyter)."""
    name = str(frame.attrs.get("register", "?"))
    file = str(frame.attrs.get("source_file", "?"))
    digest = _indexed_sha256(name, file)
    if digest is None:
        digest = sha256(absolute(file)) if absolute(file).is_file() else "?"
    return RegisterRead(name, file, len(frame), digest)


def _handed_params(args: tuple[Any, ...]) -> ReportParams | None:
    """The year's parameters among a metric's arguments, when it was handed them whole."""
    return next((arg for arg in args if isinstance(arg, ReportParams)), None)


def parameters_read(
    spec: MetricSpec,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    overrides: list[str] | tuple[str, ...] = (),
) -> list[ParameterRead]:
    """The parameters the metric reads (``parameters:`` in its ``.meta.yml``) with the values
    it was given: passed by name, or read from the parameters it was handed; each with the
    ``-p`` among ``overrides`` that set it."""
    given = inspect.signature(function).bind(*args).arguments
    report_params = _handed_params(args)
    read = []
    for name in spec.parameters:
        value = given[name] if name in given else getattr(report_params, name, "?")
        read.append(ParameterRead(name, value, override_of(overrides, name)))
    return read


def fact_sources(
    figures: list[Figure], args: tuple[Any, ...], overrides: list[str] | tuple[str, ...] = ()
) -> dict[str, FactSource]:
    """Figure id -> its source as the parameters record it, for the facts among ``figures``."""
    report_params = _handed_params(args)
    if report_params is None:
        return {}
    return {
        figure.id: FactSource(
            fact.source,
            f"facts.{figure.id}",
            fact.confirmed,
            override_of(overrides, f"facts.{figure.id}"),
            fact.review_note,
        )
        for figure in figures
        if figure.source == "fact" and (fact := report_params.facts.get(figure.id)) is not None
    }


def _params_file(function: Callable[..., Any], args: tuple[Any, ...]) -> str:
    """The year's parameters file, from the project root (the year from the parameters the
    function was handed, else from its ``year`` argument)."""
    report_params = _handed_params(args)
    year = report_params.year if report_params else None
    if year is None:
        year = inspect.signature(function).bind(*args).arguments.get("year")
    return relative_to_root(params_file(year)) if isinstance(year, int) else ""


def metric_code(function: Callable[..., Any]) -> Markup:
    """The metric function's source as HTML, highlighted by Pygments (the classes nbconvert's
    and JupyterLab's styles colour)."""

    source = inspect.getsource(inspect.unwrap(function))
    return Markup(highlight(source, PythonLexer(), HtmlFormatter(cssclass="highlight")))


def metric_file(function: Callable[..., Any]) -> tuple[str, int]:
    """The file of the metric function (from the project root) and the line it starts on."""
    original = inspect.unwrap(function)
    file = relative_to_root(inspect.getsourcefile(original) or "?")
    return file, original.__code__.co_firstlineno


def recorded_html(
    spec: MetricSpec,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    figures: list[Figure],
    overrides: list[str] | tuple[str, ...] = (),
) -> str:
    """The block a recording cell displays: its figures beside their rules, what it read (a
    value set by one of the build's ``overrides`` shown as such), and the metric function's
    code, folded."""
    file, line = metric_file(function)
    return templating.render(
        TEMPLATE,
        metric=spec.name,
        figures=figures,
        specs={figure.id: spec_for(figure.id) for figure in figures},
        anchors={figure.id: figure_anchor(figure.id) for figure in figures},
        units={figure.id: in_words(figure.unit) for figure in figures},
        facts=fact_sources(figures, args, overrides),
        registers=[register_read(arg) for arg in args if isinstance(arg, pd.DataFrame)],
        parameters=parameters_read(spec, function, args, overrides),
        params_file=_params_file(function, args),
        code=metric_code(function),
        code_file=file,
        code_line=line,
    )
