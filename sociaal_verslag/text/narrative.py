"""The report's text: Markdown chapters per year with placeholders bound to figure ids.

A chapter's text is a Markdown file in ``notebooks/narrative/YEAR/`` that a non-programmer can
edit; ``report.yaml`` lists the files in report order (``year/chapters.py``). Placeholders are
Jinja2 expressions: ``{{ employment.workers }}`` prints the figure's nl-BE form,
``{{ survey.responses | benaderd }}`` one of its named alternative forms,
``{{ pvcb.studies | aantal("studie", "studies") }}`` the number with its noun in the right number,
``{{ year }}`` (or ``{{ year - 1 }}``) the report year, ``{{ statute.purpose }}`` a statute
article from the parameters and ``{{ chart("financing.loans_per_month") }}`` on a line of its own
places a chart.

The chapters are edited by people who are not programmers, and the report is a legal filing, so a
chapter can do nothing else. :func:`check` reads every chapter (UTF-8 only) and allows in a
placeholder exactly what ``notebooks/narrative/README.md`` documents: any other expression
(attribute access on a literal, a dunder name, a method call, a tag such as ``{% if %}``, a filter
of Jinja's own such as ``|attr``) is an error naming the file and the line, and so is raw HTML, an
image or a link that is not http(s) or mailto. The build runs :func:`check` before any notebook
starts; :func:`render` checks again and fills in the placeholders in Jinja's sandbox, with no
globals and no filters but the project's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..base import textfiles
from ..base.paths import relative_to_root
from ..figures.records import Chart, Figure
from ..language.formatting import article_number
from ..language.phrases import DEFAULT_LANGUAGE
from ..language.translations import translate
from ..year.params import ReportParams
from . import chart_placement, web_pages
from .placeholders import (
    Link,
    Names,
    NarrativeError,
    Scanner,
    Usage,
    figure_tree,
    filters,
    markup_problems,
)

CHART_WORD = "figuur"
"""What ``figuur("id")`` prints before a chart's number ("figuur 3"), in Dutch."""


def chart_anchor(chart_id: str) -> str:
    """The id of a chart's figure on the page ("chart-events-per_month"), where a link to it
    leads."""
    return "chart-" + chart_id.replace(".", "-")


CHART_MARKER = re.compile(r"^<!-- chart: (?P<id>[\w.\-]+) -->$", re.MULTILINE)
HEADING = re.compile(r"^(?P<hashes>#{1,4})[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
"""A heading of a rendered chapter (levels 1 to 4)."""


def plain_heading(text: str) -> str:
    """A heading's text as the reader sees it: without emphasis marks or tags."""
    return re.sub(r"[*_`]", "", re.sub(r"<[^>]+>", "", text))


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
    chart_numbers: dict[str, int] = field(default_factory=dict)
    """Each placed chart's number ("Figuur 3" under it, "figuur 3" in the text): its place
    among the charts in report order."""
    unused_figures: list[str] = field(default_factory=list)
    unused_charts: list[str] = field(default_factory=list)


def _environment(language: str = DEFAULT_LANGUAGE) -> jinja2.Environment:
    # The sandbox refuses unsafe attributes even if a check below were ever to let one through;
    # no globals (range, lipsum, cycler...) and no filters but the project's.
    environment = ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown; figures' printed forms are plain text
        keep_trailing_newline=True,
    )
    environment.globals.clear()
    environment.filters = filters(language)
    environment.tests = {}
    return environment


# --------------------------------------------------------------------------------------------
# Reading and checking the chapters
# --------------------------------------------------------------------------------------------


def read_chapter(path: Path) -> str:
    """A chapter's text; anything but UTF-8 is an error naming the file, line and byte."""
    where = relative_to_root(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NarrativeError(f"{where}: cannot be read: {error.strerror}") from None
    try:
        return textfiles.decode(data)
    except textfiles.TextEncodingError as error:
        raise NarrativeError(
            f"{where}:{error.line}: not UTF-8 text (byte 0x{error.byte:02x});"
            " save the chapter as UTF-8"
        ) from None


def _scan_chapter(
    environment: jinja2.Environment, path: Path, names: Names
) -> tuple[Usage, str | None]:
    where = relative_to_root(path)
    try:
        source = read_chapter(path)
    except NarrativeError as error:
        return Usage(problems=[str(error)]), None
    try:
        tree = environment.parse(source)
    except jinja2.TemplateSyntaxError as error:
        problem = f"{where}:{error.lineno}: placeholder syntax: {error.message}"
        return Usage(problems=[problem]), None
    usage = Scanner(where, names).template(tree)
    usage.problems += markup_problems(source, where)
    usage.problems += chart_placement.problems(source, where)
    return usage, source


def _scan(
    files: Sequence[Path], names: Names
) -> tuple[list[tuple[Path, str]], Usage, dict[Path, Usage]]:
    """Each chapter's text, what all of them use together, and what each uses."""
    environment = _environment()
    total = Usage()
    sources = []
    per_file = {}
    for path in files:
        usage, source = _scan_chapter(environment, path, names)
        per_file[path] = usage
        total.figures += usage.figures
        total.charts += usage.charts
        total.chart_refs += usage.chart_refs
        total.problems += usage.problems
        if source is not None:
            sources.append((path, source))
    total.problems += total.unplaced_refs()
    if total.problems:
        raise NarrativeError("\n".join(total.problems))
    return sources, total, per_file


def check(files: Sequence[Path], figure_ids: Any, chart_ids: Any) -> dict[Path, Usage]:
    """Check every chapter's text (``files``, in report order) before anything runs: encoding,
    syntax, names, markup. Returns what each chapter uses (figure ids, charts).

    Raises NarrativeError listing every problem, one line each with file and line.
    """
    return _scan(files, Names.of(figure_ids, chart_ids))[2]


def render(
    files: Sequence[Path],
    figures: dict[str, Figure],
    charts: dict[str, Chart],
    params: ReportParams,
    link: Link | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> RenderedNarrative:
    """Fill in every chapter's text (``files``, in report order, written in ``language``);
    raise NarrativeError listing every problem.

    Each figure prints in ``language`` (``Figure.in_language``: the same value, that language's
    forms); a link to a web page in another language says which (``web_pages``). ``link``
    wraps each printed figure (the build marks it with its figure: ``figure_refs``).
    """
    sources, usage, _ = _scan(files, Names.of(figures, charts))
    numbers = {chart_id: number for number, chart_id in enumerate(dict.fromkeys(usage.charts), 1)}
    environment = _environment(language)
    in_language = {figure_id: figure.in_language(language) for figure_id, figure in figures.items()}
    chart_word = translate(CHART_WORD, language)
    context: dict[str, Any] = {
        **figure_tree(in_language, link),
        "year": params.year,
        "statute": {key: article_number(number, language) for key, number in params.statute},
        "chart": lambda chart_id: f"\n<!-- chart: {chart_id} -->\n",
        "figuur": lambda chart_id: f"{chart_word} {numbers[chart_id]}",
    }
    pages = web_pages.read_pages(params.narrative_path)
    chapters = []
    for path, source in sources:
        try:
            markdown = environment.from_string(source).render(context)
        except (jinja2.TemplateError, NarrativeError) as error:
            raise NarrativeError(f"{relative_to_root(path)}: {error}") from None
        markdown = web_pages.mark_other_languages(markdown, pages, language)
        chapters.append(RenderedChapter(name=path.stem, source=path, markdown=markdown))

    used_figures = set(usage.figures)
    shown = used_figures | {
        figure_id for chart_id in usage.charts for figure_id in charts[chart_id].figure_ids
    }
    return RenderedNarrative(
        chapters=chapters,
        used_figures=used_figures,
        used_charts=usage.charts,
        chart_numbers=numbers,
        unused_figures=sorted(set(figures) - shown),
        unused_charts=sorted(set(charts) - set(usage.charts)),
    )
