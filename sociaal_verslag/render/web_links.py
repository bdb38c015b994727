"""What only the web page of an edition links, and its PDF leaves out: the PDF itself, the other
editions (each named in its own language) and the files the PDF attaches, published beside the
page."""

from __future__ import annotations

import html
import re
from typing import Any

from ..language import templating
from ..language.phrases import phrases
from ..year.editions import Edition
from ..year.params import ReportParams

WEB_FILES = ("figures.csv", "params.yaml", "manifest.json")
"""The files the PDF attaches that a web reader finds beside the page."""


def links(
    edition: Edition, params: ReportParams, in_review: bool, draft: bool = False
) -> dict[str, Any]:
    """What the web page links and the PDF leaves out: the PDF (a draft's says so), the other
    editions (each named in its own language) and the files beside the page (the review
    record, in ``review/``, is not published with the page: the PDF carries it). The review
    edition, in ``review/``, links the other review editions and the files one folder up."""
    up = "../" if in_review else ""
    texts = templating.macros("bijzonder_verslag/metadata.txt.j2", edition.language)
    others = [Edition(params.year, language) for language in params.languages]
    pdf_text = texts.draft_pdf_link() if draft else texts.pdf_link()
    return {
        "label": str(texts.links_label()),
        "pdf": {"href": up + edition.pdf_file, "text": str(pdf_text)},
        "editions": [
            {
                "href": other.review_file if in_review else other.report_file,
                "lang": other.tag,
                "text": phrases(other.language).edition_name,
            }
            for other in others
            if other.language != edition.language
        ],
        "contents": str(texts.to_contents()),
        "to_text": str(texts.to_text()),
        "files": str(texts.files_intro()),
        "file_links": [{"href": up + name, "text": name} for name in WEB_FILES],
    }


ATTACHED_FILE = re.compile(r'<span class="attached-file">(?P<name>[^<]+)</span>')
"""How a text names a file the PDF attaches (the appendix's list of them)."""


def link_attached(fragment: str, links: dict[str, Any] | None) -> str:
    """Each file of ``fragment`` that the PDF attaches and the page has beside it, as a link on
    the screen and as its name on paper (the PDF carries the file itself)."""
    hrefs = {link["text"]: link["href"] for link in (links or {}).get("file_links", [])}

    def linked(match: re.Match[str]) -> str:
        name = html.unescape(match["name"])
        if name not in hrefs:
            return match[0]
        shown = html.escape(name)
        return (
            f'<a class="on-screen" href="{html.escape(hrefs[name])}">{shown}</a>'
            f'<span class="on-paper">{shown}</span>'
        )

    return ATTACHED_FILE.sub(linked, fragment)
