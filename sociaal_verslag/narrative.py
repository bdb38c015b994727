"""The report's text: Markdown chapters per year with placeholders bound to figure ids.

A chapter is a Markdown file in ``notebooks/narrative/YEAR/`` (file order = report order) that a
non-programmer can edit. Placeholders are Jinja2 expressions: ``{{ employment.workers }}`` prints
the figure's nl-BE form, ``{{ survey.responses | meer_dan }}`` one of its named alternative forms,
``{{ year }}`` the report year, ``{{ statute.purpose }}`` a statute article from the parameters
and ``{{ chart("financing.loans_per_month") }}`` on a line of its own places a chart.

Before anything is rendered every placeholder is checked: an unknown figure id, chart or name is
an error that names the file and the line. Figures that neither the text nor a chart uses are
returned so that the build can warn about them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from . import formatting
from .catalogue import CATALOGUE
from .figures import Chart, Figure
from .params import ReportParams
from .paths import relative_to_root

CHART_MARKER = re.compile(r"^<!-- chart: (?P<id>[\w.\-]+) -->$", re.MULTILINE)


class NarrativeError(Exception):
    """A chapter cannot be rendered: an unknown placeholder, or a syntax error in one."""


@dataclass(frozen=True)
class RenderedChapter:
    """One chapter after its placeholders were filled in; charts are left as markers."""

    name: str
    source: Path
    markdown: str


@dataclass
class RenderedNarrative:
    """All chapters, the figure ids and charts they use, and what nobody uses."""

    chapters: list[RenderedChapter]
    used_figures: set[str] = field(default_factory=set)
    used_charts: list[str] = field(default_factory=list)
    unused_figures: list[str] = field(default_factory=list)
    unused_charts: list[str] = field(default_factory=list)


Link = Callable[[Figure, str], str]
"""Wraps a figure's printed text, e.g. in a link to the cell that computed it."""


class _PrintedFigure:
    """A figure as the text sees it: prints as its printed form; filters pick its variants."""

    def __init__(self, figure: Figure, link: Link | None) -> None:
        self.figure = figure
        self.link = link

    def show(self, text: str) -> str:
        """``text`` (this figure in some printed form) as the document shows it."""
        return self.link(self.figure, text) if self.link else text

    def __str__(self) -> str:
        return self.show(self.figure.printed)


class _Namespace:
    """Dotted access to figures (``financing.loans_granted.count``) without dict-method clashes."""

    def __init__(self) -> None:
        self._children: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_children"][name]
        except KeyError:
            raise AttributeError(name) from None


def _figure_tree(figures: dict[str, Figure], link: Link | None) -> dict[str, Any]:
    roots: dict[str, Any] = {}
    for figure_id, figure in figures.items():
        *parents, leaf = figure_id.split(".")
        level = roots
        for part in parents:
            child = level.setdefault(part, _Namespace())
            if not isinstance(child, _Namespace):
                raise ValueError(f"figure id {figure_id!r} extends another figure id")
            level = child._children
        level[leaf] = _PrintedFigure(figure, link)
    return roots


def _capitalize(value: Any) -> str:
    if isinstance(value, _PrintedFigure):
        return value.show(formatting.capitalize(value.figure.printed))
    return formatting.capitalize(str(value))


def _variant_filter(name: str):
    def pick(value: Any) -> str:
        if not isinstance(value, _PrintedFigure):
            raise NarrativeError(f"the filter '{name}' applies to a figure, not to {value!r}")
        try:
            return value.show(value.figure.variants[name])
        except KeyError:
            raise NarrativeError(
                f"figure {value.figure.id} has no printed form '{name}'"
                f" (it has: {', '.join(value.figure.variants) or 'none'})"
            ) from None

    return pick


VARIANT_NAMES = sorted({name for spec in CATALOGUE.values() for name in spec.variants})
FILTERS = {"capitalize": _capitalize, **{name: _variant_filter(name) for name in VARIANT_NAMES}}


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown; figures' printed forms are plain text
        keep_trailing_newline=True,
    )
    environment.filters.update(FILTERS)
    return environment


def chapter_files(narrative_dir: Path) -> list[Path]:
    """The chapters of a year, in report order (``NN-name.md``; READMEs are not chapters)."""
    if not narrative_dir.is_dir():
        raise NarrativeError(f"{relative_to_root(narrative_dir)}: narrative folder not found")
    files = sorted(narrative_dir.glob("[0-9][0-9]-*.md"))
    if not files:
        raise NarrativeError(f"{relative_to_root(narrative_dir)}: no chapter files NN-name.md")
    return files


def _dotted(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        parent = _dotted(node.node)
        return f"{parent}.{node.attr}" if parent else None
    return None


def _outermost_getattrs(node: nodes.Node) -> Iterator[nodes.Node]:
    """Name/Getattr chains, each reported once at its longest (``a.b.c`` and not ``a.b``)."""
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Getattr | nodes.Name) and _dotted(child):
            yield child
        else:
            yield from _outermost_getattrs(child)


@dataclass(frozen=True)
class _Usage:
    figures: list[tuple[str, int]]
    charts: list[tuple[str, int]]
    problems: list[str]


def _scan(tree: nodes.Template, where: str, figure_ids: set[str], chart_ids: set[str]) -> _Usage:
    figures: list[tuple[str, int]] = []
    charts: list[tuple[str, int]] = []
    problems: list[str] = []
    statute_keys = set(ReportParams.model_fields["statute"].annotation.model_fields)
    figure_roots = {figure_id.split(".")[0] for figure_id in figure_ids}
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "chart":
            argument = call.args[0] if len(call.args) == 1 and not call.kwargs else None
            if not isinstance(argument, nodes.Const) or not isinstance(argument.value, str):
                problems.append(f'{where}:{call.lineno}: write a chart as {{{{ chart("id") }}}}')
            elif argument.value not in chart_ids:
                problems.append(
                    f"{where}:{call.lineno}: unknown chart {argument.value!r}"
                    f" (known: {', '.join(sorted(chart_ids))})"
                )
            else:
                charts.append((argument.value, call.lineno))
    for node in _outermost_getattrs(tree):
        name = _dotted(node)
        assert name is not None
        root = name.split(".")[0]
        if name == "chart" or name in ("year",):
            continue
        if root == "statute":
            if name.count(".") != 1 or name.split(".")[1] not in statute_keys:
                problems.append(
                    f"{where}:{node.lineno}: unknown statute article {name!r}"
                    f" (known: {', '.join(f'statute.{key}' for key in sorted(statute_keys))})"
                )
        elif name in figure_ids:
            figures.append((name, node.lineno))
        elif root in figure_roots or "." in name:
            problems.append(f"{where}:{node.lineno}: unknown figure id {name!r}")
        else:
            problems.append(f"{where}:{node.lineno}: unknown name {name!r}")
    return _Usage(figures, charts, problems)


def render(
    narrative_dir: Path,
    figures: dict[str, Figure],
    charts: dict[str, Chart],
    params: ReportParams,
    link: Link | None = None,
) -> RenderedNarrative:
    """Fill in every chapter of ``narrative_dir``; raise NarrativeError listing every problem.

    ``link`` wraps each printed figure (the report links it to the cell that computed it).
    """
    environment = _environment()
    context: dict[str, Any] = {
        **_figure_tree(figures, link),
        "year": params.year,
        "statute": params.statute,
        "chart": lambda chart_id: f"\n<!-- chart: {chart_id} -->\n",
    }
    problems: list[str] = []
    parsed: list[tuple[Path, jinja2.Template]] = []
    used_figures: set[str] = set()
    used_charts: list[str] = []
    for path in chapter_files(narrative_dir):
        where = relative_to_root(path)
        source = path.read_text(encoding="utf-8")
        try:
            tree = environment.parse(source)
        except jinja2.TemplateSyntaxError as error:
            problems.append(f"{where}:{error.lineno}: placeholder syntax: {error.message}")
            continue
        usage = _scan(tree, where, set(figures), set(charts))
        problems += usage.problems
        used_figures |= {figure_id for figure_id, _ in usage.figures}
        used_charts += [chart_id for chart_id, _ in usage.charts]
        parsed.append((path, environment.from_string(source)))
    if problems:
        raise NarrativeError("\n".join(problems))

    chapters = []
    for path, template in parsed:
        try:
            markdown = template.render(context)
        except (jinja2.UndefinedError, NarrativeError) as error:
            raise NarrativeError(f"{relative_to_root(path)}: {error}") from None
        chapters.append(RenderedChapter(name=path.stem, source=path, markdown=markdown))

    shown = used_figures | {
        figure_id for chart_id in used_charts for figure_id in charts[chart_id].figure_ids
    }
    return RenderedNarrative(
        chapters=chapters,
        used_figures=used_figures,
        used_charts=used_charts,
        unused_figures=sorted(set(figures) - shown),
        unused_charts=sorted(set(charts) - set(used_charts)),
    )
