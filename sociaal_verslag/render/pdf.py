"""The PDF that is filed: the report's HTML rendered by WeasyPrint as A4, paged, PDF/A-3a.

The same HTML as the web page, plus a print style sheet (``templates/bijzonder_verslag/print.css``)
for the pages: a cover, a table of contents with page numbers, the chapter in the running header,
"Pagina X van Y". The fonts are the DejaVu files matplotlib ships, so they come with a pinned
dependency and are embedded. The year's figures and the parameters used travel inside the PDF as
embedded files, so the filed document carries the numbers behind it.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pydyf
import weasyprint

from ..base.paths import REPORT_TEMPLATE, TEMPLATES_DIR, font_dir
from ..language import templating
from ..language.phrases import DEFAULT_LANGUAGE
from . import chart_floats, pdf_tags

PDF_VARIANT = "pdf/a-3a"
"""PDF/A-3a: archivable, allows embedded files, tolerates the charts' transparency (1b does not),
and is tagged (level a): headings, lists, tables with their header cells and charts with their
caption as alternative text are marked up, so that a screen reader can read the filed report."""

FONT_DIR = font_dir()

pdf_tags.install()  # the languages, header scopes and link names WeasyPrint's tags leave out


@dataclass(frozen=True)
class EmbeddedFile:
    """A file attached to the PDF, with what it is."""

    path: Path
    description: str


def _page_counter(language: str) -> str:
    """The footer's "Pagina 3 van 25" as CSS content, in ``language``'s words."""
    words = str(templating.macros("bijzonder_verslag/metadata.txt.j2", language).page_of_pages())
    parts = re.split(r"(\{pages?\})", words)
    css = [
        f"counter({part[1:-1]})" if part in ("{page}", "{pages}") else json.dumps(part)
        for part in parts
        if part
    ]
    return " ".join(css)


def language_tag(html: str) -> str:
    """The language tag of a page, from its ``<html lang="fr-BE">`` ('' without one)."""
    found = re.search(r"<html[^>]*\blang=\"([A-Za-z-]+)\"", html)
    return found[1] if found else ""


def _finish(document: weasyprint.Document, pdf: pydyf.PDF, tag: str) -> None:
    """What WeasyPrint leaves out or doubles, set right before the PDF is written: the
    bookmarks shown when it opens; each attached file once in the catalogue's /AF (WeasyPrint
    lists each twice: from the names tree and from the objects); the language in the XMP
    metadata (dc:language, beside the catalogue's /Lang)."""
    pdf.catalog["PageMode"] = "/UseOutlines"
    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    if tag:
        metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
        metadata.stream = [_with_language(b"".join(metadata.stream), tag)]


def _with_language(xmp: bytes, tag: str) -> bytes:
    """The XMP packet with a dc:language entry (an unordered list of one tag)."""
    language = (
        '<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">'
        f"<dc:language><rdf:Bag><rdf:li>{tag}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description>"
    ).encode()
    end = xmp.rindex(b"</rdf:RDF>")
    return xmp[:end] + language + xmp[end:]


def language_of(html: str) -> str:
    """The language of a report's page, from its ``<html lang="fr-BE">`` (Dutch without one)."""
    found = re.search(r"<html[^>]*\blang=\"([a-z]+)", html)
    return found[1] if found else DEFAULT_LANGUAGE


def print_stylesheet(language: str = DEFAULT_LANGUAGE) -> str:
    """The print style sheet, pointing at the bundled fonts, its words in ``language``."""
    css = (TEMPLATES_DIR / REPORT_TEMPLATE / "print.css").read_text(encoding="utf-8")
    return css.replace("FONT_DIR", FONT_DIR.as_uri()).replace(
        "PAGE_OF_PAGES", _page_counter(language)
    )


class _BundledOnly(weasyprint.urls.URLFetcher):
    """Lets WeasyPrint read the charts (data: URLs) and the bundled fonts, nothing else: the
    filed PDF never depends on, or leaks, a file or a web address named in the page."""

    def fetch(self, url: str, headers: dict | None = None) -> weasyprint.urls.URLFetcherResponse:
        """Fetch ``url`` when it is a data: URL or one of the bundled fonts; refuse the rest."""
        if url.startswith("data:") or url.startswith(FONT_DIR.as_uri()):
            return super().fetch(url, headers)
        raise ValueError(f"the PDF embeds only the charts and the bundled fonts, not {url[:80]}")


FIGURE_VALUE = '<span class="figure-value">'
"""Where the page sets a number of the text, to mark it when an appendix link lands on it."""
SPAN_TAG = re.compile(r"<span\b[^>]*>|</span>")


def without_figure_values(html: str) -> str:
    """``html`` without the spans that set the text's numbers apart, their text kept: the PDF's
    links land on the anchor after them, and WeasyPrint 70 breaks a line too early before an
    inline element that a line's last break opportunity precedes."""
    parts, position = [], 0
    while (start := html.find(FIGURE_VALUE, position)) >= 0:
        depth, end = 1, start + len(FIGURE_VALUE)
        for tag in SPAN_TAG.finditer(html, end):
            depth += -1 if tag.group() == "</span>" else 1
            if depth == 0:
                break
        else:
            raise ValueError(f"a figure's span is not closed: {html[start : start + 80]!r}")
        parts += [html[position:start], html[end : tag.start()]]
        position = tag.end()
    return "".join(parts) + html[position:]


def paged_html(html: str) -> str:
    """The report's HTML as the PDF renders it: the published page with the print style sheet,
    its numbers plain text (:func:`without_figure_values`)."""
    # Inlined last in <head>, so that the print rules win over the screen rules they refine
    # (a style sheet passed to WeasyPrint apart would rank below the document's own).
    css = print_stylesheet(language_of(html))
    paged = html.replace("</head>", f"<style>\n{css}\n</style>\n</head>", 1)
    return without_figure_values(paged)


def render(html: str, base: Path) -> weasyprint.document.Document:
    """The report laid out in pages (as the PDF has them), tagged for PDF/A-3a, each chart
    where it leaves no hole (``render/chart_floats.py``)."""
    return chart_floats.placed(html, functools.partial(_layout, base=base))


def _layout(html: str, base: Path) -> weasyprint.document.Document:
    document = weasyprint.HTML(
        string=paged_html(html),
        base_url=str(base),
        url_fetcher=_BundledOnly(allowed_protocols=("data", "file")),
    )
    return document.render(
        font_config=weasyprint.text.fonts.FontConfiguration(),
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
    )


def write_pdf(html: str, target: Path, attachments: list[EmbeddedFile], created: datetime) -> None:
    """Render ``html`` to ``target`` as PDF/A-3a with ``attachments`` embedded.

    Title, author, subject, keywords, dates and language come from the HTML's ``<title>``,
    ``<meta>`` tags and ``lang``; chapter and section headings become the PDF's bookmarks.
    ``created`` dates the attachments, so that a build with ``SOURCE_DATE_EPOCH`` gives the same
    bytes.
    """
    render(html, target.parent).write_pdf(
        target,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        finisher=functools.partial(_finish, tag=language_tag(html)),
        attachments=[
            weasyprint.Attachment(
                filename=str(item.path),
                name=item.path.name,
                description=item.description,
                relationship="Data",
                created=created,
                modified=created,
            )
            for item in attachments
        ],
    )
