"""The PDF that is filed: the report's HTML rendered by WeasyPrint as A4, paged, PDF/A-3b.

The same HTML as the web page, plus a print style sheet (``templates/bijzonder_verslag/print.css``)
for the pages: a cover, a table of contents with page numbers, the chapter in the running header,
"Pagina X van Y". The fonts are the DejaVu files matplotlib ships, so they come with a pinned
dependency and are embedded. The year's figures and the parameters used travel inside the PDF as
embedded files, so the filed document carries the numbers behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import matplotlib
import weasyprint

from .paths import REPORT_TEMPLATE, TEMPLATES_DIR

PDF_VARIANT = "pdf/a-3b"
"""PDF/A-3b: archivable, allows embedded files, and tolerates the charts' transparency (1b does
not)."""

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@dataclass(frozen=True)
class EmbeddedFile:
    """A file attached to the PDF, with what it is."""

    path: Path
    description: str


def print_stylesheet() -> str:
    """The print style sheet, pointing at the bundled fonts."""
    css = (TEMPLATES_DIR / REPORT_TEMPLATE / "print.css").read_text(encoding="utf-8")
    return css.replace("FONT_DIR", FONT_DIR.as_uri())


class _BundledOnly(weasyprint.urls.URLFetcher):
    """Lets WeasyPrint read the charts (data: URLs) and the bundled fonts, nothing else: the
    filed PDF never depends on, or leaks, a file or a web address named in the page."""

    def fetch(self, url: str, headers: dict | None = None) -> weasyprint.urls.URLFetcherResponse:
        """Fetch ``url`` when it is a data: URL or one of the bundled fonts; refuse the rest."""
        if url.startswith("data:") or url.startswith(FONT_DIR.as_uri()):
            return super().fetch(url, headers)
        raise ValueError(f"the PDF embeds only the charts and the bundled fonts, not {url[:80]}")


REVIEW_LINK = re.compile(r'<a class="review-link[^"]*"[^>]*>(.*?)</a>', re.DOTALL)


def write_pdf(html: str, target: Path, attachments: list[EmbeddedFile], created: datetime) -> None:
    """Render ``html`` to ``target`` as PDF/A-3b with ``attachments`` embedded.

    Title, author, subject, keywords, dates and language come from the HTML's ``<title>``,
    ``<meta>`` tags and ``lang``; headings become the PDF's bookmarks. ``created`` dates the
    attachments, so that a build with ``SOURCE_DATE_EPOCH`` gives the same bytes.
    """
    # The web page links each number to the review notebooks beside it; the filed PDF travels
    # alone, so the numbers are plain text there (the appendix names notebook and cell).
    paged = REVIEW_LINK.sub(r"\1", html)
    # Inlined last in <head>, so that the print rules win over the screen rules they refine
    # (a style sheet passed to WeasyPrint apart would rank below the document's own).
    paged = paged.replace("</head>", f"<style>\n{print_stylesheet()}\n</style>\n</head>", 1)
    fonts = weasyprint.text.fonts.FontConfiguration()
    document = weasyprint.HTML(
        string=paged,
        base_url=str(target.parent),
        url_fetcher=_BundledOnly(allowed_protocols=("data", "file")),
    )
    document.write_pdf(
        target,
        font_config=fonts,
        pdf_variant=PDF_VARIANT,
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
