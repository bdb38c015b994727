"""What each chapter notebook declares by its code: the charts it draws, the registers it loads,
the parameters and facts it reads and the metric modules it calls, read without running it.

Two uses. Before the run, the narrative's ``{{ chart("id") }}`` placeholders are checked against
the charts the notebooks draw. And a notebook's cache key covers exactly what it depends on, so
that a changed register, parameter, fact or metric re-runs the notebooks that use it and no other
(see ``build/notebook_step.notebook_identity``). The reading is conservative: a use of
``params`` it cannot follow makes the notebook depend on all parameters.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.errors import ReportError
from ..base.paths import relative_to_root
from ..base.suggest import did_you_mean, or_known
from ..figures import catalogue
from ..figures.catalogue import CATALOGUE, METRICS
from ..year.params import ReportParams, override_of


class NotebookSourceError(ReportError):
    """A chapter notebook cannot be read, or its code does not say what it reads."""


@dataclass(frozen=True)
class NotebookSource:
    """One chapter notebook as its code declares it."""

    path: Path
    charts: tuple[str, ...]
    registers: tuple[str, ...]
    """Registers of the year it loads: ``load("name", ...)``."""
    previous_registers: tuple[str, ...]
    """Registers of last year it loads: ``load_previous("name", ...)``."""
    params_keys: frozenset[str] | None
    """Keys of the parameters it reads (``params.key``); None: possibly all of them."""
    facts: tuple[str, ...]
    """Facts it records: ``record("facts.recorded", params, ["id", ...])``."""
    metric_modules: tuple[str, ...]
    """Modules of ``sociaal_verslag.metrics`` it runs: ``record("<module>.<function>", ...)``."""
    figures: tuple[str, ...] = ()
    """The figures it records, in the order of its cells."""

    @property
    def name(self) -> str:
        """The notebook's name without extension, as the review pages use it."""
        return self.path.stem

    def params_read(self, raw_params: Mapping[str, Any]) -> dict[str, Any]:
        """The parts of the year's parameters (as written, ``raw_params``) its code reads, and
        the ``-p`` among them (a recording cell shows a value set by ``-p`` as such)."""
        if self.params_keys is None:
            return dict(raw_params)
        keys = set(self.params_keys) | {"year"}
        read: dict[str, Any] = {key: raw_params.get(key) for key in sorted(keys)}
        if "facts" not in keys:  # read only through record("facts.recorded", params, [...])
            facts = raw_params.get("facts", {})
            read["facts"] = {fact: facts.get(fact) for fact in self.facts}
        overrides = raw_params.get("overrides") or []
        named = [*keys, *(f"facts.{fact}" for fact in self.facts)]
        read["overrides"] = sorted(
            {found for key in named if (found := override_of(overrides, key))}
        )
        return read


def _literal_strings(node: ast.AST) -> list[str] | None:
    if isinstance(node, ast.List | ast.Tuple) and all(
        isinstance(item, ast.Constant) and isinstance(item.value, str) for item in node.elts
    ):
        return [item.value for item in node.elts]
    return None


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


@dataclass
class _Reading:
    charts: list[str] = field(default_factory=list)
    registers: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)
    params_keys: set[str] | None = field(default_factory=set)
    facts: list[str] = field(default_factory=list)
    metrics: set[str] = field(default_factory=set)
    figures: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


PARAMS_READERS = {
    "load": (1, frozenset({"data_dir", "registers", "year"})),
    "load_previous": (1, frozenset({"previous", "year"})),
    "chart": (2, frozenset({"year", "languages"})),
}
"""The notebook functions given the parameters whole: the position of that argument, and what
they read of it (``load`` the data folder, the register's export settings and the year;
``load_previous`` last year's build; ``chart`` the year and the languages it draws in)."""


def _calls(tree: ast.AST) -> Iterator[tuple[str, ast.Call]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield _dotted(node.func), node


_EXAMPLES = {
    "load": "loans",
    "load_previous": "loans",
    "chart": "financing.loans_per_month",
    "record": "financing.loans_granted",
}


def _first_literal(call: ast.Call, what: str, where: str) -> str:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    raise NotebookSourceError(
        f"{where}: {what}() takes its name as a literal string, e.g."
        f' {what}("{_EXAMPLES[what]}", ...), so that the build knows what the notebook does'
    )


FACTS_METRIC = "facts.recorded"
"""The metric that records facts: ``record("facts.recorded", params, ["id", ...])``."""


def _recorded(call: ast.Call, where: str, reading: _Reading) -> tuple[list[str], set[int]]:
    """The figures a ``record(...)`` call records, and the ``params`` it may pass on whole."""
    metric = _first_literal(call, "record", where)
    spec = METRICS.get(metric)
    if spec is None:
        reading.problems.append(
            f"{where}: record({metric!r}): not a metric function of the catalogue"
            + or_known(metric, METRICS)
        )
        return [], set()
    reading.metrics.add(spec.module)
    if metric != FACTS_METRIC:
        return list(spec.figures), set()
    ids = _literal_strings(call.args[2]) if len(call.args) == 3 else None
    if ids is None or not isinstance(call.args[1], ast.Name):
        reading.problems.append(
            f'{where}: facts are recorded as record("{FACTS_METRIC}", params, ["id", ...])'
        )
        return [], set()
    reading.facts += ids
    # Passed whole, the parameters are read for these facts only.
    return ids, {id(call.args[1])}


def _parameters_names(trees: Iterable[ast.AST]) -> frozenset[str] | None:
    """The names the notebook's code holds the year's parameters in: ``params`` and whatever
    name the result of ``setup(...)`` is given; None when that result goes anywhere else (then
    the code may read any parameter)."""
    names = {"params"}
    for tree in trees:
        named = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and _is_setup(node.value):
                if not all(isinstance(target, ast.Name) for target in node.targets):
                    return None
                names |= {target.id for target in node.targets}
                named.add(id(node.value))
        if any(_is_setup(call) and id(call) not in named for _, call in _calls(tree)):
            return None
    return frozenset(names)


def _is_setup(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and _dotted(node.func).rpartition(".")[2] == "setup"


def _read_cell(
    tree: ast.AST, reading: _Reading, where: str, names: frozenset[str] = frozenset({"params"})
) -> list[str]:
    """Read one code cell into ``reading``; the figures it records. ``names``: those the code
    holds the parameters in (:func:`_parameters_names`)."""
    allowed_params_uses: set[int] = set()
    recorded: list[str] = []
    for name, call in _calls(tree):
        if name == "chart":
            reading.charts.append(_first_literal(call, "chart", where))
        elif name == "load":
            reading.registers.append(_first_literal(call, "load", where))
        elif name == "load_previous":
            reading.previous.append(_first_literal(call, "load_previous", where))
        elif name == "record":
            ids, params_uses = _recorded(call, where, reading)
            recorded += ids
            allowed_params_uses |= params_uses
        if name in PARAMS_READERS and reading.params_keys is not None:
            position, keys = PARAMS_READERS[name]
            reading.params_keys |= keys
            allowed_params_uses.update(id(arg) for arg in call.args[position : position + 1])
    attributes = {
        id(node.value): node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    }
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Name) and node.id in names):
            continue
        if isinstance(node.ctx, ast.Store) or id(node) in allowed_params_uses:
            continue
        if id(node) in attributes and reading.params_keys is not None:
            attribute = attributes[id(node)]
            reading.params_keys |= set(ReportParams.DERIVED.get(attribute, (attribute,)))
        elif id(node) not in attributes:
            reading.params_keys = None  # passed on whole: it may read anything
    return recorded


def _unnamed(recorded: list[str], cell_source: str, markdown_above: str) -> list[str]:
    """The recorded figures that neither the cell nor the markdown just above it names.

    A figure is named by its id, or by the metric a ``record("module.function", ...)`` call of
    the cell runs when the id extends it (``financing.kbs_grants`` names
    ``financing.kbs_grants.count``): grepping a notebook for an id, or its stem, finds its cell.
    """
    text = cell_source + "\n" + markdown_above
    return [
        figure_id
        for figure_id in recorded
        if not re.search(rf"{re.escape(figure_id)}(?![\w.])", text)
        and not any(
            re.search(rf"record\(\s*[\"']{re.escape(stem)}[\"']", cell_source)
            for stem in _stems(figure_id)
        )
    ]


def _stems(figure_id: str) -> list[str]:
    parts = figure_id.split(".")
    return [".".join(parts[:end]) for end in range(2, len(parts))]


def read(path: Path) -> NotebookSource:
    """What the notebook at ``path`` declares by its code cells."""
    import nbformat  # only when the notebooks have to be read

    where = relative_to_root(path)
    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as error:
        raise NotebookSourceError(f"{where}: not a readable notebook: {error}") from None
    trees = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            try:
                trees[id(cell)] = ast.parse(cell.source)
            except SyntaxError as error:
                raise NotebookSourceError(
                    f"{where}, cell {cell.get('id', '?')}: not valid Python"
                    f" (line {error.lineno}: {error.msg})"
                ) from None
    names = _parameters_names(trees.values())
    reading = _Reading(params_keys=None if names is None else set())
    markdown_above = ""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            markdown_above = cell.source if cell.cell_type == "markdown" else ""
            continue
        cell_where = f"{where}, cell {cell.get('id', '?')}"
        recorded = _read_cell(trees[id(cell)], reading, cell_where, names or frozenset())
        reading.figures += recorded
        reading.problems += [
            f"{cell_where}: records {figure_id}; name it in the cell or in the markdown above it"
            for figure_id in _unnamed(recorded, cell.source, markdown_above)
        ]
        markdown_above = ""
    known_charts = catalogue.charts()
    reading.problems += [
        f"{where}: chart({chart_id!r}) is not described in sociaal_verslag/charts/charts.yaml"
        + did_you_mean(chart_id, known_charts)
        for chart_id in reading.charts
        if chart_id not in known_charts
    ]
    if reading.problems:
        raise NotebookSourceError("\n".join(reading.problems))
    return NotebookSource(
        path=path,
        charts=tuple(reading.charts),
        registers=tuple(dict.fromkeys(reading.registers)),
        previous_registers=tuple(dict.fromkeys(reading.previous)),
        params_keys=None if reading.params_keys is None else frozenset(reading.params_keys),
        facts=tuple(dict.fromkeys(reading.facts)),
        metric_modules=tuple(sorted(reading.metrics)),
        figures=tuple(reading.figures),
    )


def declared_charts(sources: Iterable[NotebookSource]) -> dict[str, str]:
    """Chart id -> the notebook whose code draws it."""
    return {chart: source.name for source in sources for chart in source.charts}


def check_figures(
    sources: Iterable[NotebookSource], chapter_of: Mapping[Path, str] | None = None
) -> None:
    """Every figure of the catalogue is recorded by exactly one notebook cell, every chart of
    ``charts.yaml`` drawn once, and each figure by the notebook of the chapter its description
    names (``chapter_of``: notebook -> chapter id, from ``report.yaml``): said before any
    notebook runs, from the notebooks' code."""
    sources = list(sources)
    problems = [
        f"{relative_to_root(source.path)}: records {figure_id}, which"
        f" metrics/{CATALOGUE[figure_id].metric.split('.')[0]}.meta.yml places in chapter"
        f" {CATALOGUE[figure_id].chapter}, but report.yaml gives this notebook to chapter"
        f" {chapter_of[source.path]}"
        for source in sources
        if chapter_of and source.path in chapter_of
        for figure_id in source.figures
        if CATALOGUE[figure_id].chapter != chapter_of[source.path]
    ]
    for kind, wanted, declared in (
        ("figure", CATALOGUE, [(f, s) for s in sources for f in s.figures]),
        ("chart", catalogue.charts(), [(c, s) for s in sources for c in s.charts]),
    ):
        by_id: dict[str, list[str]] = {}
        for item, source in declared:
            by_id.setdefault(item, []).append(relative_to_root(source.path))
        problems += [
            f"{', '.join(places)}: {kind} {item} is {'recorded' if kind == 'figure' else 'drawn'}"
            f" {len(places)} times; once is expected"
            for item, places in by_id.items()
            if len(places) > 1
        ]
        missing = [item for item in wanted if item not in by_id]
        if missing:
            problems.append(f"no chapter notebook records the {kind}s {', '.join(missing)}")
    if problems:
        raise NotebookSourceError("\n".join(problems))
