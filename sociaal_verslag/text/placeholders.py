"""What a placeholder of the narrative may be, and what it prints.

The grammar is that of ``notebooks/narrative/README.md``: a figure id, ``year`` (``year ± n``),
``chart("id")`` on a line of its own, ``figuur("id")`` (the chart's number: "figuur 3"),
``statute.<key>``, and the project's filters
(``capitalize``, ``aantal("one", "other")`` and each figure's named alternative forms). The
scanner checks a parsed chapter against it, and the Markdown around it (no raw HTML, images or
links but http(s) and mailto), one line per problem with the file and line. A figure prints as a
phrase: its number, marked with its figure (``text/figure_links.py`` makes it an anchor or a link to
its cell), and the words a filter adds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import mistune
from jinja2 import nodes

from ..base.errors import ReportError
from ..base.suggest import did_you_mean, or_known
from ..figures.catalogue import CATALOGUE
from ..figures.records import Figure
from ..language import formatting
from ..language.phrases import DEFAULT_LANGUAGE
from ..year.organisation import Statute

LINK_SCHEMES = ("http://", "https://", "mailto:")
"""The only links a chapter may make: to the web, or to an e-mail address."""

MAX_YEAR_OFFSET = 100
"""``year - n`` and ``year + n`` are allowed for a small whole n."""


class NarrativeError(ReportError):
    """A chapter cannot be rendered: what is wrong, one line per problem, with file and line."""


Link = Callable[[Figure, str], str]
"""Wraps a figure's printed text, e.g. in the mark of its figure (``figure_refs.mark``)."""


@dataclass(frozen=True)
class _Phrase:
    """A figure as the text shows it: its number (marked with its figure) and the words after it."""

    figure: Figure
    number: str
    link: Link | None = None
    after: str = ""

    def __str__(self) -> str:
        shown = self.link(self.figure, self.number) if self.link else self.number
        return shown + self.after


class _Namespace:
    """Dotted access to figures (``financing.loans_granted.count``) without dict-method clashes."""

    def __init__(self) -> None:
        self._children: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_children"][name]
        except KeyError:
            raise AttributeError(name) from None


def figure_tree(figures: dict[str, Figure], link: Link | None) -> dict[str, Any]:
    """The figures as the placeholders name them: ``financing.loans_granted.count`` is the
    phrase ``financing`` -> ``loans_granted`` -> ``count``."""
    roots: dict[str, Any] = {}
    for figure_id, figure in figures.items():
        *parents, leaf = figure_id.split(".")
        level = roots
        for part in parents:
            child = level.setdefault(part, _Namespace())
            if not isinstance(child, _Namespace):
                raise ValueError(f"figure id {figure_id!r} extends another figure id")
            level = child._children
        level[leaf] = _Phrase(figure, figure.printed, link)
    return roots


def _phrase(value: Any, filter_name: str) -> _Phrase:
    if not isinstance(value, _Phrase):
        raise NarrativeError(f"the filter '{filter_name}' applies to a figure, not to {value!r}")
    return value


def _capitalize(value: Any) -> Any:
    if isinstance(value, _Phrase):
        return replace(value, number=formatting.capitalize(value.number))
    return formatting.capitalize(str(value))


FEMININE = "f"
"""The third argument of ``aantal`` for a feminine noun: ``aantal("étude", "études", "f")``."""


def _noun_filter(language: str) -> Callable[..., _Phrase]:
    def with_noun(value: Any, one: str, other: str, gender: str = "") -> _Phrase:
        phrase = _phrase(value, NOUN_FILTER)
        # The number takes the noun's gender ("une étude"); the noun agrees with the number as
        # the reader sees it ("één studie", "1,5 dagen", "0 étude") and is joined to a number
        # that is itself a noun ("une dizaine d'études", "198 millions d'euros").
        number = formatting.in_gender(phrase.number, gender == FEMININE, language)
        noun = formatting.noun(number, one, other, language)
        return replace(phrase, number=number, after=" " + formatting.linked(number, noun, language))

    return with_noun


def _variant_filter(name: str) -> Callable[[Any], _Phrase]:
    def pick(value: Any) -> _Phrase:
        phrase = _phrase(value, name)
        return replace(phrase, number=phrase.figure.variants[name])

    return pick


NOUN_FILTER = "aantal"


@cache
def variant_names() -> list[str]:
    """The names of the figures' printed variants (``.meta.yml``): each is a filter."""
    return sorted({name for spec in CATALOGUE.values() for name in spec.variants})


def filters(language: str = DEFAULT_LANGUAGE) -> dict[str, Callable[..., Any]]:
    """The only filters a placeholder may use, printing in ``language``: ``aantal`` takes the
    noun's two forms (and ``"f"`` for a feminine noun), a figure's named forms take nothing."""
    return {
        "capitalize": _capitalize,
        NOUN_FILTER: _noun_filter(language),
        **{name: _variant_filter(name) for name in variant_names()},
    }


@cache
def filter_names() -> frozenset[str]:
    """The names of the filters a placeholder may use (the grammar's)."""
    return frozenset(filters())


@dataclass(frozen=True)
class Names:
    """What a placeholder may name: figure ids, charts and statute articles."""

    figures: frozenset[str]
    charts: frozenset[str]
    statute: frozenset[str] = frozenset(Statute.model_fields)

    @classmethod
    def of(cls, figure_ids: set[str] | Any, chart_ids: set[str] | Any) -> Names:
        """Names from any collections of figure and chart ids."""
        return cls(frozenset(figure_ids), frozenset(chart_ids))


@dataclass
class Usage:
    """What the chapters use (figure ids, chart ids) and the problems found in them."""

    figures: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    chart_refs: list[tuple[str, str]] = field(default_factory=list)
    """Each ``figuur("id")``: where it stands (file:line) and the chart it names."""
    problems: list[str] = field(default_factory=list)

    def unplaced_refs(self) -> list[str]:
        """A problem for each ``figuur("id")`` naming a chart the report does not place."""
        return [
            f"{where}: figuur({chart_id!r}) names a chart the report does not place"
            f' (place it with {{{{ chart("{chart_id}") }}}})'
            for where, chart_id in self.chart_refs
            if chart_id not in self.charts
        ]


def _dotted(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        parent = _dotted(node.node)
        return f"{parent}.{node.attr}" if parent else None
    return None


def allowed() -> str:
    """What a placeholder may be, as a refusal says it."""
    return (
        'a figure id, year, year - n, year + n, chart("id"), figuur("id") or statute.<key>,'
        f" with the filters {', '.join(sorted(filter_names()))}"
    )


class Scanner:
    """Checks one parsed chapter against the placeholder grammar of the narrative README."""

    def __init__(self, where: str, names: Names) -> None:
        self.where = where
        self.names = names
        self.usage = Usage()

    def problem(self, node: nodes.Node, text: str) -> None:
        self.usage.problems.append(f"{self.where}:{node.lineno}: {text}")

    def refuse(self, node: nodes.Node, what: str) -> None:
        self.problem(node, f"not allowed in a placeholder: {what} (allowed: {allowed()})")

    def template(self, tree: nodes.Template) -> Usage:
        for statement in tree.body:
            if not isinstance(statement, nodes.Output):
                self.problem(
                    statement,
                    f"{{% {type(statement).__name__.lower()} %}} tags are not allowed:"
                    " the text holds only {{ placeholders }}",
                )
                continue
            for child in statement.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                if isinstance(child, nodes.Call):
                    self.chart(child)
                else:
                    self.expression(child)
        return self.usage

    def chart(self, call: nodes.Call) -> None:
        """``chart("id")`` places a chart; ``figuur("id")`` prints its number."""
        called = call.node.name if isinstance(call.node, nodes.Name) else None
        if called not in ("chart", "figuur"):
            self.refuse(call, 'a call (only chart("id") and figuur("id") may be called)')
            return
        argument = call.args[0] if len(call.args) == 1 else None
        extra = call.kwargs or call.dyn_args or call.dyn_kwargs
        if extra or not isinstance(argument, nodes.Const) or not isinstance(argument.value, str):
            self.problem(call, f'write it as {{{{ {called}("id") }}}}')
        elif argument.value not in self.names.charts:
            hint = or_known(argument.value, self.names.charts)
            self.problem(call, f"unknown chart {argument.value!r}{hint}")
        elif called == "chart":
            self.usage.charts.append(argument.value)
        else:
            self.usage.chart_refs.append((f"{self.where}:{call.lineno}", argument.value))

    def expression(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Filter):
            self.filter(node)
        elif isinstance(node, nodes.Call) and getattr(node.node, "name", None) == "figuur":
            self.chart(node)  # a chart's number is text: it may take a filter
        elif isinstance(node, nodes.Name | nodes.Getattr):
            self.name(node)
        elif isinstance(node, nodes.Add | nodes.Sub):
            self.year_offset(node)
        else:
            self.refuse(node, _describe(node))

    def filter(self, node: nodes.Filter) -> None:
        if node.name not in filter_names():
            self.refuse(node, f"the filter '{node.name}'")
            return
        if node.kwargs or node.dyn_args or node.dyn_kwargs or node.node is None:
            self.refuse(node, f"the filter '{node.name}' written this way")
            return
        wants = (2, 3) if node.name == NOUN_FILTER else (0,)
        arguments_ok = len(node.args) in wants and all(
            isinstance(argument, nodes.Const) and isinstance(argument.value, str)
            for argument in node.args
        )
        if len(node.args) == 3 and arguments_ok and node.args[2].value != FEMININE:
            arguments_ok = False
        if not arguments_ok:
            usage = (
                f'{NOUN_FILTER}("studie", "studies"), or for a feminine noun'
                f' {NOUN_FILTER}("étude", "études", "{FEMININE}")'
                if node.name == NOUN_FILTER
                else node.name
            )
            self.problem(node, f"write the filter as | {usage}")
            return
        if node.name in variant_names():
            self.variant(node)
        self.expression(node.node)

    def variant(self, node: nodes.Filter) -> None:
        figure_id = _dotted(node.node)
        if figure_id in self.names.figures and figure_id in CATALOGUE:
            forms = CATALOGUE[figure_id].variants
            if node.name not in forms:
                self.problem(
                    node,
                    f"figure {figure_id} has no printed form '{node.name}'"
                    f" (it has: {', '.join(forms) or 'none'})",
                )

    def name(self, node: nodes.Name | nodes.Getattr) -> None:
        dotted = _dotted(node)
        if dotted is None:
            self.refuse(node, _describe(node))
        elif dotted == "year":
            return
        elif dotted in self.names.figures:
            self.usage.figures.append(dotted)
        elif dotted.startswith("statute."):
            if dotted.removeprefix("statute.") not in self.names.statute:
                known = [f"statute.{key}" for key in sorted(self.names.statute)]
                hint = or_known(dotted, known)
                self.problem(node, f"unknown statute article {dotted!r}{hint}")
        elif "__" in dotted or dotted.split(".")[-1].startswith("_"):
            self.refuse(node, f"the private name {dotted!r}")
        elif "." in dotted or dotted in {figure.split(".")[0] for figure in self.names.figures}:
            hint = did_you_mean(dotted, self.names.figures)
            self.problem(node, f"unknown figure id {dotted!r}{hint}")
        else:
            self.problem(node, f"unknown name {dotted!r}")

    def year_offset(self, node: nodes.Add | nodes.Sub) -> None:
        is_year = isinstance(node.left, nodes.Name) and node.left.name == "year"
        offset = node.right
        small = (
            isinstance(offset, nodes.Const)
            and type(offset.value) is int
            and 0 <= offset.value <= MAX_YEAR_OFFSET
        )
        if not (is_year and small):
            self.refuse(node, "arithmetic other than year - n or year + n")


def _describe(node: nodes.Node) -> str:
    """A node as a writer would name it in a message."""
    if isinstance(node, nodes.Const):
        return f"the literal {node.value!r}"
    if isinstance(node, nodes.Getattr):
        return f"the attribute .{node.attr} of something that is not a figure"
    if isinstance(node, nodes.Getitem):
        return "an index [...]"
    if isinstance(node, nodes.Test):
        return f"the test 'is {node.name}'"
    return f"an expression of kind {type(node).__name__}"


_MARKDOWN = mistune.create_markdown(renderer=None, plugins=["table", "url", "strikethrough"])


def _walk(tokens: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for token in tokens:
        yield token
        yield from _walk(token.get("children", []))


def markup_problems(source: str, where: str) -> list[str]:
    """Raw HTML, images and links other than http(s)/mailto: refused, with their line."""
    problems = []
    cursor = 0

    def line_of(raw: str) -> int:
        nonlocal cursor
        found = source.find(raw, cursor)
        if found < 0:
            found = source.find(raw)
        cursor = max(cursor, found)
        return source.count("\n", 0, max(found, 0)) + 1

    for token in _walk(_MARKDOWN(source)):
        kind = token["type"]
        if kind in ("inline_html", "block_html"):
            raw = token["raw"]
            problems.append(
                f"{where}:{line_of(raw)}: raw HTML is not allowed in the text, got"
                f" {raw.strip()[:60]!r} (write Markdown: **vet**, *cursief*, [tekst](https://...))"
            )
        elif kind == "image":
            url = token["attrs"]["url"]
            problems.append(
                f"{where}:{line_of(url)}: images are not allowed in the text, got {url[:60]!r}"
                ' (place a chart with {{ chart("id") }})'
            )
        elif kind == "link":
            url = token["attrs"]["url"]
            if not url.lower().startswith(LINK_SCHEMES):
                problems.append(
                    f"{where}:{line_of(url)}: a link must start with"
                    f" {', '.join(LINK_SCHEMES)}, got {url[:60]!r}"
                )
    return problems
