"""Assemble the rendered narrative and the charts into one notebook, and export it as HTML.

The report itself is a notebook that nobody executes: Markdown cells carry the chapters, and each
chart is a cell whose only output is the SVG the chapter notebook drew. nbconvert turns it into a
single self-contained HTML page with the project's template (``templates/bijzonder_verslag``):
no code, no script, no font or style sheet from elsewhere, a table of contents, and captions.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import nbformat

from . import formatting
from .diff import Difference
from .figures import CHART_METADATA_KEY, Chart, Figure
from .narrative import CHART_MARKER, RenderedChapter, RenderedNarrative
from .params import ReportParams
from .paths import REPORT_TEMPLATE, TEMPLATES_DIR
from .review import cell_href
from .sanitize import clean_html, escape_markdown

HEADING = re.compile(r"^(?P<hashes>#{1,4})[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
TOC_LEVELS = (2, 3)


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


def _plain(text: str) -> str:
    return re.sub(r"[*_`]", "", re.sub(r"<[^>]+>", "", text))


class _Anchors:
    def __init__(self) -> None:
        self.seen: dict[str, int] = {}
        self.headings: list[Heading] = []

    def heading_html(self, match: re.Match[str]) -> str:
        level = len(match["hashes"])
        text = _plain(match["text"])
        anchor = slug(text)
        count = self.seen.get(anchor, 0)
        self.seen[anchor] = count + 1
        if count:
            anchor = f"{anchor}-{count + 1}"
        self.headings.append(Heading(level, text, anchor))
        return f'<h{level} id="{anchor}">{html.escape(text)}</h{level}>'


def _toc_cell(headings: list[Heading]) -> nbformat.NotebookNode:
    items = []
    for heading in headings:
        if heading.level in TOC_LEVELS:
            items.append(
                f'<li class="toc-level-{heading.level}"><a href="#{heading.anchor}">'
                f"{html.escape(heading.text)}</a></li>"
            )
    body = "\n".join(items)
    source = (
        '<nav class="toc" id="inhoud">\n<h2 class="toc-title">Inhoud</h2>\n'
        f"<ul>\n{body}\n</ul>\n</nav>"
    )
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["tags"] = ["toc"]
    return cell


def _chart_cell(chart: Chart) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source="")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"image/svg+xml": chart.svg, "text/plain": chart.caption},
            metadata={
                CHART_METADATA_KEY: {
                    "id": chart.id,
                    "caption": chart.caption,
                    "notebook": chart.notebook,
                    "cell_id": chart.cell_id,
                }
            },
        )
    ]
    return cell


def provenance_appendix(figures: list[Figure]) -> str:
    """Markdown (with an HTML table) of the appendix: every figure and where it came from."""
    rows = []
    for figure in sorted(figures, key=lambda item: item.id):
        cell = (
            f'<a class="review-link cell-ref" href="{html.escape(cell_href(figure))}">'
            f"{html.escape(figure.cell_id)}</a>"
        )
        rows.append(
            # <wbr> lets a long id wrap at its dots rather than inside a word.
            f"<tr><td>{html.escape(figure.id).replace('.', '.<wbr>')}</td>"
            f"<td>{html.escape(figure.printed)}</td>"
            f"<td>{html.escape(figure.notebook)}</td><td>{cell}</td>"
            f"<td>{html.escape(', '.join(figure.inputs))}</td></tr>"
        )
    return (
        "## Bijlage: herkomst van de cijfers\n\n"
        "Elk cijfer van dit verslag, zoals het gedrukt staat, met het notebook en de cel die het"
        " berekende en de bestanden die die cel las. De notebooks staan uitgevoerd in de map"
        " review/ naast dit verslag.\n\n"
        '<table class="provenance">\n<thead><tr><th>Cijfer</th><th>Gedrukt</th>'
        "<th>Notebook</th><th>Cel</th><th>Bronnen</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )


def _signed(value: float, digits: int) -> str:
    text = formatting.decimal(abs(value), digits)
    return text if value == 0 else ("+" if value > 0 else "−") + text


def comparison_appendix(rows: list[Difference], year: int) -> str:
    """Markdown (with an HTML table) of every figure beside last year's: change and %."""
    lines = []
    for row in rows:
        change = pct = "—"
        if row.change is not None:
            whole = float(row.change).is_integer()
            change = _signed(row.change, 0 if whole else 2)
        if row.change_pct is not None:
            pct = _signed(row.change_pct, 1) + " %"
        lines.append(
            f"<tr><td>{html.escape(row.id).replace('.', '.<wbr>')}</td>"
            f"<td>{html.escape(row.old_printed or '—')}</td>"
            f"<td>{html.escape(row.new_printed)}</td><td>{change}</td><td>{pct}</td></tr>"
        )
    return (
        f"## Bijlage: vergelijking met {year - 1}\n\n"
        f"Elk cijfer van {year} naast dat van het verslag over {year - 1}, met het verschil op"
        " de exacte waarden.\n\n"
        f'<table class="comparison">\n<thead><tr><th>Cijfer</th><th>{year - 1}</th>'
        f"<th>{year}</th><th>Verschil</th><th>%</th></tr></thead>\n<tbody>\n"
        + "\n".join(lines)
        + "\n</tbody>\n</table>"
    )


def build_notebook(
    narrative: RenderedNarrative,
    charts: dict[str, Chart],
    params: ReportParams,
    figures: list[Figure],
    colophon: str,
    built_at: datetime,
    comparison: list[Difference] | None = None,
) -> nbformat.NotebookNode:
    """The report as a notebook: the title chapter, the table of contents, the chapters, then
    the appendix on the figures' provenance and the colophon."""
    anchors = _Anchors()
    chapter_cells: list[list[nbformat.NotebookNode]] = []
    closing = RenderedChapter(
        name="99-bijlage",
        source=Path("-"),
        markdown=(
            (comparison_appendix(comparison, params.year) + "\n\n" if comparison else "")
            + provenance_appendix(figures)
            + f"\n\n## Colofon\n\n{escape_markdown(colophon)}\n"
        ),
    )
    for chapter in [*narrative.chapters, closing]:
        cells = []
        position = 0
        text = chapter.markdown
        for match in CHART_MARKER.finditer(text):
            part = text[position : match.start()].strip()
            if part:
                cells.append(nbformat.v4.new_markdown_cell(HEADING.sub(anchors.heading_html, part)))
            cells.append(_chart_cell(charts[match["id"]]))
            position = match.end()
        rest = text[position:].strip()
        if rest:
            cells.append(nbformat.v4.new_markdown_cell(HEADING.sub(anchors.heading_html, rest)))
        for cell in cells:
            cell.metadata["chapter"] = chapter.name
        chapter_cells.append(cells)

    for cell in chapter_cells[0]:
        cell.metadata["tags"] = ["cover"]

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["title"] = f"Bijzonder verslag {params.year} – {params.organisation}"
    notebook.metadata["language_info"] = {"name": "markdown"}
    notebook.metadata["report"] = {
        "language": "nl-BE",
        "organisation": params.organisation,
        "year": params.year,
        "built_at": built_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "subject": (
            f"Bijzonder verslag van {params.organisation} over het boekjaar {params.year}"
            " betreffende de erkenning als sociale onderneming"
            " (art. 8:5 WVV; art. 6, §2, 2e lid KB 28 juni 2019)"
        ),
        "keywords": ", ".join(
            [
                params.organisation,
                "bijzonder verslag",
                "sociale onderneming",
                "erkenning",
                "art. 8:5 WVV",
                str(params.year),
            ]
        ),
    }
    notebook.cells = [*chapter_cells[0], _toc_cell(anchors.headings)]
    for cells in chapter_cells[1:]:
        notebook.cells.extend(cells)
    return notebook


def to_html(notebook: nbformat.NotebookNode, params: ReportParams) -> str:
    """Export the report notebook to one self-contained HTML page."""
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
    exporter.register_filter("sanitize_html", clean_html)
    body, _ = exporter.from_notebook_node(
        notebook,
        resources={
            "report": {"year": params.year, "organisation": params.organisation},
        },
    )
    return body
