"""Nothing active is ever published: HTML cleaned by an allow-list, outputs checked, CSV defused.

The report is a legal filing whose text and parameters are edited by people who are not
programmers, and whose values come from exports of other systems. Three defences, each for one
kind of output:

- :func:`clean_html` passes every HTML fragment made from Markdown through nh3 (the Rust
  ammonia allow-list sanitizer): only the tags and attributes the report uses survive, and only
  http(s), mailto and relative links.
- :func:`active_content` reads a finished HTML page and lists anything that could run: a
  script, an ``on*=`` handler, a ``javascript:`` URL, a frame or an object. The build refuses to
  publish a page where it finds one (:func:`check_publishable`), whatever let it through.
- :func:`spreadsheet_cell` neutralises a CSV cell that a spreadsheet would read as a formula.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import nh3

from .errors import ReportError
from .paths import relative_to_root

REPORT_TAGS = frozenset(
    {
        # No images: the text has none (the charts are placed by the template, not by Markdown).
        *(nh3.ALLOWED_TAGS - {"img"}),
        "nav",
        "section",
        "wbr",
        "figure",
        "figcaption",
        "caption",
        "colgroup",
        "col",
    }
)
"""The tags the report's text may hold (nh3's safe defaults, tables, and our own sections)."""

REPORT_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href", "aria-label"},  # a link's name for a screen reader (the appendix's "zie tekst")
    "nav": {"aria-label"},  # the contents' name among the page's navigation landmarks
    "span": {"data-href"},  # an entry's last word in the contents, which prints its page
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
LINK_SCHEMES = {"http", "https", "mailto"}


def clean_html(fragment: str) -> str:
    """``fragment`` with every tag, attribute and URL scheme outside the allow-list removed."""
    return nh3.clean(
        fragment,
        tags=set(REPORT_TAGS),
        attributes=REPORT_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def escape_markdown(text: str) -> str:
    """A value shown verbatim inside Markdown: every mark (and ``<``, ``&``) backslashed, so
    that it renders as the same text and never as markup; line breaks become spaces."""
    one_line = re.sub(r"\s+", " ", text)
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~&\"'])", r"\\\1", one_line)


ACTIVE_TAGS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form"}
)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}
)
SAFE_DATA_URL = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)[;,]")
"""Images embedded as data URLs (the charts) cannot run anything inside an <img>."""
SAFE_SOURCE_URL = re.compile(r"^data:image/svg\+xml;base64,[a-z0-9+/=]+$")
"""A chart's phone drawing, offered by a <picture>'s <source srcset>: an SVG image, nothing else."""


def _scheme(value: str) -> str:
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    squeezed = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
    return squeezed


def _safe_image(tag: str, attribute: str, url: str) -> bool:
    """A data URL that can only be shown as an image: an <img src> or a <source srcset> (one
    SVG, no list of candidates)."""
    if tag == "img" and attribute == "src":
        return bool(SAFE_DATA_URL.match(url))
    return tag == "source" and attribute == "srcset" and bool(SAFE_SOURCE_URL.match(url))


class _ActiveContentFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        position = f"line {self.getpos()[0]}"
        if tag in ACTIVE_TAGS:
            self.found.append(f"{position}: a <{tag}> element")
        if tag == "meta" and any(
            name == "http-equiv" and (value or "").lower() == "refresh" for name, value in attrs
        ):
            self.found.append(f"{position}: a <meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{position}: an event handler {name}= on <{tag}>")
            elif name in URL_ATTRIBUTES and value:
                url = _scheme(value)
                if url.startswith(("javascript:", "vbscript:")):
                    self.found.append(f"{position}: a {url.split(':')[0]}: URL in {name}=")
                elif url.startswith("data:") and not _safe_image(tag, name, url):
                    self.found.append(f"{position}: a data: URL in {name}= on <{tag}>")
            elif name == "style" and value and re.search(r"expression\(|javascript:", value, re.I):
                self.found.append(f"{position}: script in a style= attribute")

    handle_startendtag = handle_starttag


def active_content(page: str) -> list[str]:
    """Everything in an HTML page that could run in a browser, one line each with its line."""
    finder = _ActiveContentFinder()
    finder.feed(page)
    finder.close()
    return finder.found


class UnsafeOutputError(ReportError):
    """A page about to be published holds active content; the message says where."""


def check_publishable(folder: Path) -> None:
    """Refuse a build folder where any HTML page holds active content (listing every case)."""
    problems = []
    for page in sorted(folder.rglob("*.html")):
        for found in active_content(page.read_text(encoding="utf-8")):
            problems.append(f"{relative_to_root(page)}, {found}")
    if problems:
        raise UnsafeOutputError(
            "active content found in the pages to publish (nothing was published):\n"
            + "\n".join(problems)
        )


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ gets a leading quote.

    Numbers, and text that is a plain number such as ``-12.5``, are left as they are.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if PLAIN_NUMBER.match(value):
        return value
    return "'" + value
