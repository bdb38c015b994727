"""Assemble the rendered narrative and the charts into one notebook, and export it as HTML.

The report itself is a notebook that nobody executes: Markdown cells carry the chapters, and each
chart is a cell whose only output is the SVG the chapter notebook drew. nbconvert turns it into a
single self-contained HTML page with the project's template (``templates/bijzonder_verslag``):
no code, no script, no font or style sheet from elsewhere, a table of contents, and captions.
What the build adds to the text (headings' anchors, the table of contents, the appendices, the
colophon, the metadata) is written by the partials beside that template (``*.j2``,
``language/templating.py``); this module hands them the data.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat

from ..base.paths import REPORT_TEMPLATE, TEMPLATES_DIR
from ..base.sanitize import clean_html
from ..charts.style import BODY_PX, NARROW_BELOW_PX
from ..figures.comparison import Difference
from ..figures.records import CHART_METADATA_KEY, NARROW_SVG_MIME, Chart, Figure
from ..language import formatting, templating, typography
from ..language.phrases import DEFAULT_LANGUAGE
from ..language.translations import translate
from ..text import appendix
from ..text import figure_links as figure_refs
from ..text.figure_links import CellLink
from ..text.foreign_phrases import foreign_phrases
from ..text.narrative import (
    CHART_MARKER,
    CHART_WORD,
    HEADING,
    RenderedChapter,
    RenderedNarrative,
    chart_anchor,
    plain_heading,
)
from ..year.editions import Edition
from ..year.params import ReportParams
from . import chart_text, web_links
from .closing import closing_chapter


@dataclass(frozen=True)
class Heading:
    """A heading of the report, with the plain id it is linked by."""

    level: int
    text: str
    anchor: str


def slug(text: str) -> str:
    """A plain ASCII anchor for a heading ("Delen van de middelen" -> "delen-van-de-middelen").

    nbconvert's own ids percent-encode accents, which PDF renderers cannot resolve as links.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "sectie"


class _Anchors:
    def __init__(self) -> None:
        self.seen: dict[str, int] = {}
        self.headings: list[Heading] = []

    def heading_html(self, match: re.Match[str]) -> str:
        level = len(match["hashes"])
        text = plain_heading(match["text"])
        anchor = slug(text)
        count = self.seen.get(anchor, 0)
        self.seen[anchor] = count + 1
        if count:
            anchor = f"{anchor}-{count + 1}"
        heading = Heading(level, text, anchor)
        self.headings.append(heading)
        return templating.render("bijzonder_verslag/heading.html.j2", heading=heading)


def _toc_cell(headings: list[Heading], language: str = DEFAULT_LANGUAGE) -> nbformat.NotebookNode:
    entries = _toc_entries(headings)
    cell = nbformat.v4.new_markdown_cell(
        templating.render("bijzonder_verslag/toc.html.j2", language, entries=entries)
    )
    cell.metadata["tags"] = ["toc"]
    return cell


def _toc_entries(headings: list[Heading]) -> list[tuple[Heading, list[Heading]]]:
    """The contents' entries: each heading of level 2 with those of level 3 under it (one
    before any of level 2 an entry of its own)."""
    entries: list[tuple[Heading, list[Heading]]] = []
    for heading in headings:
        if heading.level == 3 and entries and entries[-1][0].level == 2:
            entries[-1][1].append(heading)
        elif heading.level in (2, 3):
            entries.append((heading, []))
    return entries


def _chart_cell(chart: Chart, number: int, language: str) -> nbformat.NotebookNode:
    """A chart's cell: its SVGs (wide, and narrow when drawn) and its caption with its number,
    which is its place among the report's charts; its table in the edition's forms, which the
    page shows collapsed and the PDF's image carries as its text alternative."""
    cell = nbformat.v4.new_code_cell(source="")
    data = {"image/svg+xml": chart.svg, "text/plain": chart.caption}
    if chart.narrow_svg:
        data[NARROW_SVG_MIME] = chart.narrow_svg
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data=data,
            metadata={
                CHART_METADATA_KEY: {
                    "id": chart.id,
                    "anchor": chart_anchor(chart.id),
                    "number": number,
                    "caption": chart.caption,
                    "source": appendix.source_sentence(chart.inputs, language),
                    "notebook": chart.notebook,
                    "cell_id": chart.cell_id,
                    "table": chart_text.table(chart.data, language),
                    "values": chart_text.alternative("", chart.data, language),
                    "every_value": chart_text.alternative("", chart.data, language, True),
                }
            },
        )
    ]
    return cell


def _review_note(edition: Edition) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(
        templating.render(
            "bijzonder_verslag/review_note.md.j2", edition.language, report_file=edition.report_file
        )
    )
    cell.metadata["tags"] = ["review-note"]
    return cell


def build_notebook(
    narrative: RenderedNarrative,
    charts: dict[str, Chart],
    params: ReportParams,
    figures: list[Figure],
    colophon: str,
    built_at: datetime,
    comparison: list[Difference] | None = None,
    running_headers: dict[str, str] | None = None,
    links: Callable[[Figure, str], CellLink] | None = None,
    language: str = DEFAULT_LANGUAGE,
    draft: bool = True,
) -> nbformat.NotebookNode:
    """The report as a notebook in ``language`` (``narrative`` is the text in it): the title
    chapter, the table of contents, the chapters, then the appendix on the figures' provenance
    and the colophon (``colophon`` in that language too).

    ``running_headers`` gives a chapter's short title (by its narrative's name) for the PDF's
    running header. The published edition prints each number as plain text; with ``links`` (the
    review edition, ``review/verslag.html``, ``rapport.html``) each number links to its cell.
    A ``draft`` (any build but the one for filing) says so at the top of the page and on every
    page of the PDF.
    """
    edition = Edition(params.year, language)
    anchors = _Anchors()
    numbers = figure_refs.Resolver({figure.id: figure for figure in figures}, links)
    charted = _charted(narrative, charts, language)
    closing = closing_chapter(
        narrative.chapters, figures, colophon, comparison, params, language, charted
    )
    closing = RenderedChapter(name="99-bijlage", source=Path("-"), markdown=closing)
    shown = {chart_id: chart.in_language(language) for chart_id, chart in charts.items()}
    chapter_cells = []
    for chapter in [*narrative.chapters, closing]:
        text = numbers.resolve(chapter.markdown)
        cells = _chapter_cells(text, shown, narrative, anchors, language)
        for cell in cells:
            cell.metadata["chapter"] = chapter.name
            if chapter.name in (running_headers or {}):
                cell.metadata["running_header"] = running_headers[chapter.name]
        chapter_cells.append(cells)
    for cell in chapter_cells[0]:
        cell.metadata["tags"] = ["cover"]
    _add_company(chapter_cells[0][-1], params, language)

    notebook = nbformat.v4.new_notebook()
    _describe(notebook, params, built_at, edition, draft)
    notebook.metadata["report"]["links"] = {
        **web_links.links(edition, params, in_review=links is not None, draft=draft),
        "text_anchor": _first_chapter(anchors.headings),
    }
    notebook.cells = [*chapter_cells[0], _toc_cell(anchors.headings, language)]
    if links is not None:
        notebook.cells.insert(len(chapter_cells[0]), _review_note(edition))
    for cells in chapter_cells[1:]:
        notebook.cells.extend(cells)
        _mark_chapter_end(cells)
    return notebook


def _charted(
    narrative: RenderedNarrative, charts: dict[str, Chart], language: str
) -> dict[str, tuple[str, str]]:
    """Each figure a placed chart shows: the first such chart's name in the text ("figuur 3")
    and its anchor, where the appendix leads for a figure the text does not print."""
    word = translate(CHART_WORD, language)
    charted: dict[str, tuple[str, str]] = {}
    for chart_id, number in narrative.chart_numbers.items():
        for figure_id in charts[chart_id].figure_ids:
            charted.setdefault(figure_id, (f"{word} {number}", chart_anchor(chart_id)))
    return charted


def _first_chapter(headings: list[Heading]) -> str:
    """The anchor of the first chapter, past the cover and the contents: where the skip link
    lands ('' without one)."""
    entries = _toc_entries(headings)
    return entries[0][0].anchor if entries else ""


def _mark_chapter_end(cells: list[nbformat.NotebookNode]) -> None:
    """The chapter's last text cell closes it (a way back to the contents on a phone)."""
    texts = [cell for cell in cells if cell.cell_type == "markdown"]
    if texts:
        texts[-1].metadata["chapter_end"] = True


def _chapter_cells(
    text: str,
    charts: dict[str, Chart],
    narrative: RenderedNarrative,
    anchors: _Anchors,
    language: str,
) -> list[nbformat.NotebookNode]:
    """A chapter's text as Markdown cells, cut where it places a chart, and the chart cells."""
    cells = []
    position = 0
    for match in CHART_MARKER.finditer(text):
        part = text[position : match.start()].strip()
        if part:
            cells.append(nbformat.v4.new_markdown_cell(HEADING.sub(anchors.heading_html, part)))
        number = narrative.chart_numbers[match["id"]]
        cells.append(_chart_cell(charts[match["id"]], number, language))
        position = match.end()
    rest = text[position:].strip()
    if rest:
        cells.append(nbformat.v4.new_markdown_cell(HEADING.sub(anchors.heading_html, rest)))
    return cells


def _add_company(cover: nbformat.NotebookNode, params: ReportParams, language: str) -> None:
    """The enterprise number, the registered office and the board's adoption of the report
    (its date, or that it is still to come) at the end of the cover, each on a line of its
    own, from the year's parameters (the cover's text is the client's; these are the
    parameters')."""
    company = params.company
    if company is None:
        return
    texts = templating.macros("bijzonder_verslag/metadata.txt.j2", language)
    # The street and its number stay on one line ("Koolmijnenkaai 30-34"), as the register.
    office = re.sub(r" (?=\d)", "\u00a0", company.registered_office[language], count=1)
    adoption = (
        texts.adopted(formatting.long_date(company.adopted_on, language))
        if company.adopted_on
        else texts.to_adopt()
    )
    register = company.legal_entities_register.get(language, "").replace(" ", "\u00a0")
    lines = [texts.company_number(company.number, register), texts.company_office(office), adoption]
    text = "  \n".join(str(line) for line in lines)  # a line break: one paragraph
    cover.source += "\n\n" + text.replace("*", "\\*").replace("_", "\\_")


def _describe(
    notebook: nbformat.NotebookNode,
    params: ReportParams,
    built_at: datetime,
    edition: Edition,
    draft: bool,
) -> None:
    """The report's title, language and document metadata (the page's and the PDF's), and the
    words the page's template prints (a chart's caption: "Figuur 3 – …"; a draft's mark)."""
    texts = templating.macros("bijzonder_verslag/metadata.txt.j2", edition.language)
    notebook.metadata["title"] = texts.title(params.year, params.organisation)
    notebook.metadata["language_info"] = {"name": "markdown"}
    notebook.metadata["report"] = {
        "language": edition.tag,
        "figure_word": str(texts.figure_word()),
        "chart_data_word": str(texts.chart_data_word()),
        "organisation": params.organisation,
        "year": params.year,
        "built_at": built_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "subject": texts.subject(params.year, params.organisation),
        "keywords": texts.keywords(params.year, params.organisation),
    }
    if draft:
        notebook.metadata["report"]["draft"] = {
            "mark": str(texts.draft_mark()),
            "note": str(texts.draft_note()),
        }


@functools.cache
def _exporter(language: str) -> Any:
    """The HTML exporter of the editions in ``language``, made once per process: its templates
    are compiled once for the page and its review edition."""
    from nbconvert import HTMLExporter  # 0.4 s: only when the page is made

    exporter = HTMLExporter(
        template_name=REPORT_TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )
    # Every fragment made from Markdown passes the allow-list: no script, handler or
    # javascript: link can reach the page, whatever a chapter or a value holds.
    # (Looked up at each call, not when the exporter is made: the module's own functions.)
    exporter.register_filter("sanitize_html", lambda fragment: clean_html(fragment))
    # Then typeset in the edition's language (no-break spaces, web addresses, lead-ins, the
    # phrases quoted in another language), for page and PDF.
    foreign = foreign_phrases(language)
    exporter.register_filter(
        "typeset", lambda text: typography.typeset(text, language=language, foreign=foreign)
    )
    # The files the appendix names that are published beside the page: linked there.
    exporter.register_filter("link_attached", web_links.link_attached)
    return exporter


def compile_templates(languages: list[str]) -> None:
    """Make the page's exporter in each of ``languages`` and compile its templates, by exporting
    a one-cell notebook, as a build's first page would (for the preview's process that forks
    each build: then none does it again). It reads only the package's own templates."""
    for language in languages:
        templating.compile_all(language)
        warm_up = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("*1*")])
        resources = {"report": {"year": 0, "organisation": ""}, "narrow_up_to": "0em"}
        _exporter(language).from_notebook_node(warm_up, resources=resources)


def to_html(
    notebook: nbformat.NotebookNode, params: ReportParams, language: str = DEFAULT_LANGUAGE
) -> str:
    """Export the report notebook (an edition in ``language``) to one self-contained HTML
    page."""
    body, _ = _exporter(language).from_notebook_node(
        notebook,
        resources={
            "report": {"year": params.year, "organisation": params.organisation},
            # Up to this viewport width the page shows each chart's phone drawing. In em (of
            # the reader's text size, 16 px unless they chose more): with larger text, the
            # wide drawing's words would be small beside it up to a wider screen.
            "narrow_up_to": f"{(NARROW_BELOW_PX - 1) / BODY_PX:g}em",
        },
    )
    return body
