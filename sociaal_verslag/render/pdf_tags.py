"""What the PDF's tags need beyond WeasyPrint's, for a screen reader reading the filed report.

WeasyPrint 70 builds the structure tree from the page's boxes (``weasyprint.pdf.tags``) but drops
three things the page says: the language of a passage in another language (``lang`` on an
element: a French group name in the Dutch report, read with a Dutch voice without it), the scope of
a header cell (``scope`` on ``th``: which cells a header names), and what a link is (it describes
each link by its target, "value-activity-turnover-eur", which a screen reader announces); and it
gives a figure's bounding box in the page's CSS pixels from its top, where PDF wants points from
its foot (a box 710 wide on a page of 595); and an image's ``data-print-alt`` is its /Alt; and an
entry of the table of contents reads as its heading and page (/ActualText), not its dots; and a
list item's paragraphs stand in a list body (/LBody), which WeasyPrint made only for inline text.
They are added to each structure element as WeasyPrint builds it, by wrapping the function that
builds one: an internal of the pinned version (constraints.txt), so tests/test_pdf.py reads them
back from the written file and fails if an upgrade changes it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

import pydyf
from weasyprint.pdf import tags as weasyprint_tags

SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Column"}
"""PDF scope of a header cell by its HTML ``scope``: a chapter's row over the figures under it
heads the columns below it (PDF knows no row group)."""


def _scope(element: Any) -> str:
    """A header cell's scope; a cell without one heads its column (a table's header row)."""
    return SCOPES.get(element.get("scope"), "/Column")


def link_description(element: Any) -> str:
    """What a link is, in the page's words: its accessible name (``aria-label``), else its
    text, else its title; '' when it has none of them."""
    text = " ".join("".join(element.itertext()).split())
    return element.get("aria-label") or text or element.get("title") or ""


TOC_ENTRY = "toc-entry"
"""The class of a link of the table of contents (toc.html.j2): read as its heading and page."""
TOC_END = "toc-end"
"""The class of an entry's last word, which carries its leader and page (toc.html.j2)."""


def _box_text(box: Any) -> str:
    """The text a box and the boxes inside it show, in order."""
    children = getattr(box, "children", None) or []
    return getattr(box, "text", "") + "".join(_box_text(child) for child in children)


LEADER_AND_PAGE = re.compile(r"[\s\u00a0]*(?:\.[\s\u00a0]*){2,}(?P<page>\d+)\s*$")
"""The dotted leader and the page number that end an entry of the table of contents."""


def toc_entry_text(shown: str) -> str:
    """What the part ``shown`` of an entry of the table of contents (the whole entry, or one of
    its lines) reads as: its words, and its page after a comma ("Juridisch kader, 3"); the
    dotted leader, which a screen reader read out dot by dot, left out."""
    words = LEADER_AND_PAGE.sub(lambda match: f", {match['page']}", shown)
    return " ".join(words.split())


PRINT_ALT = "data-print-alt"
"""An image's text alternative in the PDF, where it is the only way to what the image shows (on
the page a table under a chart gives its values, and its ``alt`` is shorter)."""
PT_PER_PX = 0.75
"""A CSS pixel in PDF points (96 to the inch, 72 to the inch); the report is never zoomed."""


def _page_height(pdf: Any, page_number: int) -> float:
    """The height in points of the PDF's page ``page_number`` (its MediaBox)."""
    number = int(pdf.page_references[page_number].split()[0])
    box = pdf.objects[number]["MediaBox"]
    return float(box[3]) - float(box[1])


def _in_points(bbox: Any, page_height: float) -> pydyf.Array:
    """A box given in CSS pixels from the page's top left, in points from its bottom left."""
    x1, y1, x2, y2 = (float(value) * PT_PER_PX for value in bbox)
    return pydyf.Array((x1, page_height - y2, x2, page_height - y1))


def _complete(box: Any, element: pydyf.Dictionary, pdf: Any, page_number: int) -> None:
    """Add to the structure element built for ``box`` (on page ``page_number`` of ``pdf``) what
    its HTML element says."""
    if element.get("S") == "/Figure" and "BBox" in element.get("A", {}):
        # The page's height only for a figure: the page list is rebuilt at each lookup.
        height = _page_height(pdf, page_number)
        element["A"]["BBox"] = _in_points(element["A"]["BBox"], height)
    html = box.element
    if html is None or box.element_tag in ("html", "body"):
        return
    if element.get("S") == "/Figure" and html.get(PRINT_ALT):
        element["Alt"] = pydyf.String(html.get(PRINT_ALT))
    if html.get("lang") and element.get("S") not in ("/LI",):
        element["Lang"] = pydyf.String(html.get("lang"))
    if (
        element.get("S") == "/Link"
        and box.element_tag == "a"
        and TOC_ENTRY in html.get("class", "").split()
    ):
        # Each line of an entry is a box of its own: each reads as what it shows.
        element["ActualText"] = pydyf.String(toc_entry_text(_box_text(box)))
    if element.get("S") == "/LI" and box.element_tag == "li":
        _with_a_body(element, pdf)
    if element.get("S") == "/TH" and "A" in element:
        element["A"]["Scope"] = _scope(html)
    annotation = getattr(box, "link_annotation", None)
    # Only the link's own box: a box inside it holds a part of its text (a web address cut
    # over two lines); it keeps WeasyPrint's description, the address. But for the last word
    # of an entry of the contents, whose link leads to a heading's anchor: it reads as its line.
    if annotation is not None and html.tag == "a" and (description := link_description(html)):
        annotation["Contents"] = pydyf.String(description)
    elif annotation is not None and TOC_END in html.get("class", "").split():
        annotation["Contents"] = pydyf.String(toc_entry_text(_box_text(box)))


def _with_a_body(item: pydyf.Dictionary, pdf: Any) -> None:
    """A list item whose content is blocks (a paragraph, a nested list's items) has them in a
    list body (/LBody) after its label (/Lbl), as PDF/UA wants: WeasyPrint makes one only for
    an item of inline text, and put a paragraph straight under the item."""
    kids = list(item["K"])
    structures = {kid: pdf.objects[int(kid.split()[0])] for kid in kids if isinstance(kid, bytes)}
    if any(kid.get("S") == "/LBody" for kid in structures.values()):
        return
    content = [kid for kid in kids if structures.get(kid, {}).get("S") != "/Lbl"]
    if not content:
        return
    body = pydyf.Dictionary(
        {"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array(content), "P": item.reference}
    )
    if "Pg" in item:
        body["Pg"] = item["Pg"]
    pdf.add_object(body)
    for kid in content:
        if kid in structures:
            structures[kid]["P"] = body.reference
    item["K"] = pydyf.Array([*[kid for kid in kids if kid not in content], body.reference])


def _with_what_the_page_says(build: Callable[..., Iterator]) -> Callable[..., Iterator]:
    @functools.wraps(build)
    def build_completed(box: Any, parent: Any, pdf: Any, page_number: int, *args: Any) -> Iterator:
        for element in build(box, parent, pdf, page_number, *args):
            if element.get("P") == parent.reference:  # built for this box, not passed up
                _complete(box, element, pdf, page_number)
            yield element

    build_completed.completes_tags = True  # type: ignore[attr-defined]
    return build_completed


def install() -> None:
    """Complete every structure element WeasyPrint builds from now on (once per process: the
    recursive builder calls itself by its module's name, so each box passes the wrapper)."""
    if not getattr(weasyprint_tags._build_box_tree, "completes_tags", False):
        weasyprint_tags._build_box_tree = _with_what_the_page_says(weasyprint_tags._build_box_tree)
