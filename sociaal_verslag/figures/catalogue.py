"""The catalogue of the report's figures and charts, read from the design's data files.

The figures are described beside the code that computes them, one ``metrics/<module>.meta.yml``
per metric module (as Our World in Data describes each dataset's variables beside its step):
for each metric function, the figures it returns, each with its unit, the style that prints it
(``styles.STYLES``), any alternative printed forms the narrative may ask for by name, its
chapter, its source (``register``: a table of records; ``log``: periodic counts; ``fact``: a value
the analyst records in the year's parameters), **its label and its rule, written once, in Dutch**
(the label names what the figure counts in a few words, "actieve houders"; the rule says how it
is counted, for a reader of the report), the parameters its rule uses, which the appendix
prints with their values (of those its function reads), and, when its rule reads fewer registers
than its function is given, which of them (``reads``: the function's argument names), so that the
figure names only its own registers as its inputs and its source. The metric functions' docstrings,
``docs/figures.md``, the report's appendix, the figure tables and the review pages read them
here.

A computed figure's id starts with the name of its module (``financing.kbs_grants.count`` is
computed in ``metrics/financing.py``); facts are computed by no module and are listed in
``metrics/facts.meta.yml`` under the topic they belong to (``cyber.machines``).

The charts are described in ``charts.yaml``: each chart's caption (a Jinja template; ``year`` is
the report's year) and the figures it illustrates. Both files are checked strictly when loaded:
an unknown key, a style that does not exist or an id in the wrong module is one line naming the
file and the key.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..base import yamlfiles
from ..base.errors import ReportError
from ..base.first_use import ReadOnFirstUse
from ..base.paths import PACKAGE_DIR, relative_to_root
from ..base.suggest import did_you_mean, or_known
from ..language.styles import STYLES

Source = Literal["register", "log", "fact"]
T = TypeVar("T")

METRICS_DIR = PACKAGE_DIR / "metrics"
META_SUFFIX = ".meta.yml"
CHARTS_FILE = PACKAGE_DIR / "charts" / "charts.yaml"


class CatalogueError(ReportError):
    """A figure or chart description does not match its schema."""


@dataclass(frozen=True)
class FigureSpec:
    """What one figure of the report is, how it is printed and which function computes it."""

    id: str
    unit: str
    style: str
    source: Source
    rule: str
    """How it is counted, in Dutch, for a reader of the report."""
    chapter: str
    metric: str
    """The metric function that computes it, ``module.function``."""
    variants: dict[str, str] = field(default_factory=dict)
    """Named alternative printed forms: narrative filter name -> style name."""
    plausible: tuple[float, float] | None = None
    """For a fact: the lowest and highest value that can be true; anything else is refused."""
    label: str = ""
    """What it counts, in a few Dutch words ("actieve houders"), for the report's appendix."""
    parameters: tuple[str, ...] = ()
    """The parameters its rule uses (some of its function's), which the appendix prints with
    their values."""
    reads: tuple[str, ...] = ()
    """The arguments of its function (registers) its rule reads, when fewer than all of them;
    empty: all of them."""


@dataclass(frozen=True)
class MetricSpec:
    """One metric function: the figures it returns and the parameters it reads."""

    name: str
    """``module.function``."""
    figures: tuple[str, ...]
    parameters: tuple[str, ...] = ()
    named_by_caller: bool = False
    """True when the caller names which of the figures it wants (the facts)."""

    @property
    def module(self) -> str:
        """The metric module, e.g. ``financing``."""
        return self.name.split(".", 1)[0]

    @property
    def function(self) -> str:
        """The function's name in its module."""
        return self.name.split(".", 1)[1]


@dataclass(frozen=True)
class ChartSpec:
    """One chart: the template of its caption and the figures it illustrates."""

    id: str
    caption: str
    figures: tuple[str, ...]
    total: bool = False
    """Whether its table ends with each series' total (values that add up: counts, amounts)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Figure(_Strict):
    unit: str = Field(min_length=1)
    style: str
    label: str = Field(min_length=3, max_length=60)
    rule: str = Field(min_length=3)
    chapter: str | None = None
    source: Source | None = None
    variants: dict[str, str] = {}
    plausible: tuple[int | float, int | float] | None = None
    parameters: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()


class _Function(_Strict):
    figures: dict[str, _Figure] = Field(min_length=1)
    parameters: tuple[str, ...] = ()
    named_by_caller: bool = False


class _Module(_Strict):
    chapter: str
    source: Source = "register"
    functions: dict[str, _Function] = Field(min_length=1)


class _Chart(_Strict):
    caption: str = Field(min_length=3)
    figures: tuple[str, ...] = ()
    total: bool = False


def meta_files() -> list[Path]:
    """The figure descriptions, one per metric module, in the order of their module names."""
    return sorted(METRICS_DIR.glob(f"*{META_SUFFIX}"))


def _problems(module: str, spec: FigureSpec) -> Iterator[str]:
    key = f"functions.{spec.metric.split('.', 1)[1]}.figures.{spec.id}"
    if spec.source != "fact" and not spec.id.startswith(f"{module}."):
        yield f"{key}: the id of a figure computed in metrics/{module}.py starts with {module}."
    for name, style in {"style": spec.style, **spec.variants}.items():
        if style not in STYLES:
            where = key if name == "style" else f"{key}.variants.{name}"
            yield f"{where}: unknown style {style!r} (known: {', '.join(sorted(STYLES))})"
    if (spec.source == "fact") != (spec.plausible is not None):
        yield f"{key}: a fact, and only a fact, declares its plausible range"


def _read_module(path: Path) -> tuple[list[FigureSpec], list[MetricSpec]]:
    where = relative_to_root(path)
    module = path.name.removesuffix(META_SUFFIX)
    try:
        meta = _Module.model_validate(yamlfiles.read_mapping(path, CatalogueError))
    except ValidationError as error:
        raise CatalogueError("\n".join(yamlfiles.problems(error, where))) from None
    figures, metrics, problems = [], [], []
    for function, entry in meta.functions.items():
        name = f"{module}.{function}"
        metrics.append(
            MetricSpec(name, tuple(entry.figures), entry.parameters, entry.named_by_caller)
        )
        for figure_id, figure in entry.figures.items():
            spec = FigureSpec(
                id=figure_id,
                unit=figure.unit,
                style=figure.style,
                source=figure.source or meta.source,
                rule=" ".join(figure.rule.split()),
                label=figure.label,
                chapter=figure.chapter or meta.chapter,
                metric=name,
                variants=dict(figure.variants),
                plausible=figure.plausible,
                parameters=figure.parameters,
                reads=figure.reads,
            )
            problems += [f"{where}: {problem}" for problem in _problems(module, spec)]
            problems += [
                f"{where}: {figure_id}.parameters: {key!r} is not a parameter its function"
                f" reads ({', '.join(entry.parameters) or 'none'})"
                for key in figure.parameters
                if key not in entry.parameters
            ]
            figures.append(spec)
    if problems:
        raise CatalogueError("\n".join(problems))
    return figures, metrics


@cache
def _figures() -> tuple[dict[str, FigureSpec], dict[str, MetricSpec]]:
    figures: dict[str, FigureSpec] = {}
    metrics: dict[str, MetricSpec] = {}
    for path in meta_files():
        module_figures, module_metrics = _read_module(path)
        for spec in module_figures:
            if spec.id in figures:
                raise CatalogueError(
                    f"{relative_to_root(path)}: {spec.id} is described twice"
                    f" (also by {figures[spec.id].metric})"
                )
            figures[spec.id] = spec
        metrics.update((metric.name, metric) for metric in module_metrics)
    return figures, metrics


@cache
def charts() -> dict[str, ChartSpec]:
    """Chart id -> its caption template and figures, from ``charts.yaml``."""
    where = relative_to_root(CHARTS_FILE)
    raw = yamlfiles.read_mapping(CHARTS_FILE, CatalogueError)
    result, problems = {}, []
    for chart_id, entry in raw.items():
        try:
            chart = _Chart.model_validate(entry)
        except ValidationError as error:
            problems += yamlfiles.problems(error, f"{where}: {chart_id}")
            continue
        problems += [
            f"{where}: {chart_id}.figures: {figure_id} is not a figure of the catalogue"
            for figure_id in chart.figures
            if figure_id not in CATALOGUE
        ]
        result[str(chart_id)] = ChartSpec(str(chart_id), chart.caption, chart.figures, chart.total)
    if problems:
        raise CatalogueError("\n".join(problems))
    return result


CATALOGUE: Mapping[str, FigureSpec] = ReadOnFirstUse(lambda: _figures()[0], "CATALOGUE")
"""Figure id -> its description, grouped by the module that computes it."""

METRICS: Mapping[str, MetricSpec] = ReadOnFirstUse(lambda: _figures()[1], "METRICS")
"""``module.function`` -> the figures the metric function returns."""


@cache
def fact_ids() -> tuple[str, ...]:
    """The figures an analyst records in the year's parameters, with their source."""
    return tuple(spec.id for spec in CATALOGUE.values() if spec.source == "fact")


def _entry(entries: Mapping[str, T], key: str, missing: str) -> T:
    if key not in entries:
        raise KeyError(missing)
    return entries[key]


def spec_for(figure_id: str) -> FigureSpec:
    """The catalogue entry of ``figure_id``, or a KeyError that says the id is not catalogued."""
    missing = f"figure {figure_id!r} is not in the catalogue (sociaal_verslag/metrics/*.meta.yml)"
    return _entry(CATALOGUE, figure_id, missing)


def chart_spec(chart_id: str) -> ChartSpec:
    """The description of chart ``chart_id``, or a KeyError naming the file."""
    hint = did_you_mean(chart_id, charts())
    missing = f"chart {chart_id!r} is not described in sociaal_verslag/charts/charts.yaml{hint}"
    return _entry(charts(), chart_id, missing)


def metric_spec(name: str) -> MetricSpec:
    """The metric function ``module.function``, or a KeyError naming the known ones."""
    missing = f"{name!r} is not a metric function of the catalogue{or_known(name, METRICS)}"
    return _entry(METRICS, name, missing)
