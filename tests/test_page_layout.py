"""The pages of the filed PDF as a reader turns them: no page left a quarter empty because what
follows was pushed over, a chart on the page of the sentence that introduces it, a lead-in on
the page of what it introduces, and a running header of one line that names the chapter in
force at the top of the page.

The pages are laid out again from the built HTML by the PDF's own code (``pdf.render``), which
gives the same pages as the PDF (checked: same number, same header on each page).
"""

from __future__ import annotations

import base64
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

from sociaal_verslag.base.paths import REPORT_YAML
from sociaal_verslag.figures import catalogue
from sociaal_verslag.language.translations import translate
from sociaal_verslag.render import chart_floats, pdf
from sociaal_verslag.year import chapters
from sociaal_verslag.year.editions import Edition

from .conftest import BODY_TOP, normalise
from .svg_text import svg_text_sizes, view_box

FORCED = {"page", "left", "right", "recto", "verso"}
NARRATIVE_2025 = REPORT_YAML.parent / "notebooks" / "narrative" / "2025"
MOST_EMPTY = 0.25
"""A page may be left at most this much empty (of its text block's height)..."""
MOST_EMPTY_CHAPTER_END = 0.60
"""...but for one page per edition, the last of a chapter that ends early, which may be left
this much empty."""
DESIGN_PAGES = 2
"""The cover and the table of contents: pages of their own, as full as their text is."""


@dataclass
class Page:
    """One laid-out page: how full its text block is, and what it shows."""

    fill: float
    elements: set[int]
    """The ids of the HTML elements with a box on the page."""
    starts_forced: bool
    """The page begins where the design forces a new page (after the cover, the table of
    contents; before an appendix)."""
    ends_forced: bool
    chapters: list[str]
    """The chapters the page shows, in order (``data-chapter`` of their sections)."""


_all = chart_floats.all_boxes


def _edge(box, first: bool) -> Iterator:
    """The boxes along the page's first (or last) edge, from the page's root down."""
    while box is not None:
        yield box
        children = [child for child in getattr(box, "children", None) or []]
        box = (children[0] if first else children[-1]) if children else None


def _page(page_box) -> Page:
    root = page_box.children[0]
    return Page(
        fill=chart_floats.fill(page_box),
        elements={id(box.element) for box in _all(root) if box.element is not None},
        starts_forced=any(box.style["break_before"] in FORCED for box in _edge(root, True)),
        ends_forced=any(box.style["break_after"] in FORCED for box in _edge(root, False)),
        chapters=list(
            dict.fromkeys(
                box.element.get("data-chapter")
                for box in _all(root)
                if box.element is not None and box.element.get("data-chapter")
            )
        ),
    )


@pytest.fixture(scope="module", params=["nl", "fr"])
def edition(request) -> Edition:
    """Each edition's PDF is laid out and judged by the same rules."""
    return Edition(2025, request.param)


@pytest.fixture(scope="module")
def edition_pdf(build_2025, edition) -> Path:
    return build_2025.output_dir / edition.pdf_file


@pytest.fixture(scope="module")
def laid_out(build_2025, edition):
    html = (build_2025.output_dir / edition.report_file).read_text(encoding="utf-8")
    document = pdf.render(html, build_2025.output_dir)
    return document, [_page(page._page_box) for page in document.pages]


@pytest.fixture(scope="module")
def pages(laid_out):
    return laid_out[1]


def test_layout_is_the_pdfs(edition_pdf, pages):
    assert len(pages) == len(PdfReader(edition_pdf).pages)


def _ends_a_chapter(page: Page, following: Page | None) -> bool:
    return following is None or (page.chapters[-1:] != following.chapters[:1])


def test_no_page_is_left_a_quarter_empty_but_one_chapters_last(pages):
    """After the cover and the table of contents, every page is at least three quarters full;
    one page per edition may be emptier, the last page of a chapter that ends early, and never
    more than 60 % empty. No page is left empty by a forced break."""
    body = list(enumerate(pages, 1))[DESIGN_PAGES:]
    emptier = []
    for (number, page), following in zip(body, [*pages[DESIGN_PAGES + 1 :], None], strict=True):
        if page.fill < 1 - MOST_EMPTY:
            emptier.append((number, round(page.fill, 2), _ends_a_chapter(page, following)))
    assert len(emptier) <= 1, emptier
    for number, fill, ends_chapter in emptier:
        assert ends_chapter, f"page {number} is {1 - fill:.0%} empty mid-chapter"
        assert fill >= 1 - MOST_EMPTY_CHAPTER_END, f"page {number} is {1 - fill:.0%} empty"


def test_the_chapter_of_each_page_is_known(pages):
    """The rule above reads each page's chapters: every body page shows one."""
    assert all(page.chapters for page in pages[DESIGN_PAGES:])


def _elements(document):
    """The page's HTML elements, in document order."""
    return list(document.pages[0]._page_box.children[0].element.iter())


def _neighbour(document, element, step: int):
    """The element's previous (step -1) or next (step 1) sibling, or None."""
    for parent in _elements(document):
        children = list(parent)
        if element in children:
            index = children.index(element) + step
            return children[index] if 0 <= index < len(children) else None
    return None


def _page_of(pages: list[Page], element) -> set[int]:
    return {number for number, page in enumerate(pages, 1) if id(element) in page.elements}


def test_a_chart_follows_its_text_and_stands_with_a_line_that_introduces_it(laid_out):
    document, pages = laid_out
    charts = [
        element
        for element in _elements(document)
        if element.tag == "figure" and "chart" in element.get("class", "")
    ]
    assert charts
    for chart in charts:
        before = _neighbour(document, chart, -1)
        if before is None or before.tag != "section":
            continue  # a chart after a chart: its text is the other chart's
        first, ends = min(_page_of(pages, chart)), max(_page_of(pages, before))
        if chart_floats.LED in chart.get("class", "").split():
            assert first == ends, chart.get("id")  # with the line that introduces it
        else:
            assert first in (ends, ends + 1), chart.get("id")  # right after its text


LEAD_IN = {"nl": "Meer info hier", "fr": "Pour en savoir plus"}
"""A lead-in of the 2025 text, in each edition."""


def test_a_lead_in_stands_on_the_page_of_what_it_introduces(laid_out, edition):
    document, pages = laid_out
    lead_ins = [
        element
        for element in _elements(document)
        if element.tag == "p" and "lead-in" in element.get("class", "").split()
    ]
    assert any(LEAD_IN[edition.language] in "".join(element.itertext()) for element in lead_ins)
    for lead_in in lead_ins:
        follows = _neighbour(document, lead_in, 1)
        assert max(_page_of(pages, lead_in)) in _page_of(pages, follows), lead_in.text


def test_a_kept_list_stands_on_one_page(laid_out):
    document, pages = laid_out
    kept = [
        element
        for element in _elements(document)
        if element.tag in ("ul", "ol") and "kept" in element.get("class", "").split()
    ]
    assert kept  # the 2025 text has short lists that a line introduces ("wil het comité:")
    for listed in kept:
        assert len(_page_of(pages, listed)) == 1, "".join(listed.itertext())[:60]


def test_a_chapter_of_the_appendix_starts_and_ends_with_two_rows_on_a_page(laid_out):
    """Its head (the chapter, the columns' names), which the next page repeats, never stands at
    a page's foot over one row alone, nor repeated at a page's top over its last row alone."""
    document, pages = laid_out
    tables = [
        element
        for element in _elements(document)
        if element.tag == "table" and "provenance" in element.get("class", "").split()
    ]
    assert len(tables) >= 5
    for table in tables:
        rows = list(table.find("tbody"))
        first = min(_page_of(pages, rows[0]))
        on_it = [row for row in rows if first in _page_of(pages, row)]
        name = "".join(table.find("thead").itertext())[:60]
        assert len(on_it) >= min(2, len(rows)), name
        last = max(_page_of(pages, rows[-1]))
        assert len([row for row in rows if last in _page_of(pages, row)]) >= min(2, len(rows)), name


def _text(box) -> str:
    return getattr(box, "text", None) or "".join(_text(child) for child in box.children or [])


def _lines_broken_early(document) -> list[tuple[int, str]]:
    """Lines of a paragraph (not its last) that end before the next line's first word would
    have filled them: a word left alone on a line by a line breaker that missed the break."""
    found = []
    for number, page in enumerate(document.pages, 1):
        for block in _all(page._page_box):
            lines = [child for child in block.children or [] if isinstance(child, boxes.LineBox)]
            for line, following in itertools.pairwise(lines):
                if any(box.element_tag == "br" for box in _all(line)):
                    continue  # a line the text ends on purpose (the cover's lines)
                # words as the line breaker sees them: a no-break space joins two into one
                words = re.split(r"[ \t\n]+", _text(following).strip())
                if not words[0]:
                    continue
                # the width of the next line's first word, at the average width of its letters
                first_word = following.width * len(words[0]) / len(_text(following))
                if line.width + 2 * first_word < 0.97 * block.width:
                    found.append((number, _text(line).strip()))
    return found


def test_no_line_is_broken_before_it_is_full(laid_out):
    """Every line of a paragraph but its last is full: the next word did not fit. A web address
    breaks only after a slash or before a dot of its site (typography.py), so its parts count
    as words of their own."""
    document, _ = laid_out
    early = [
        (number, text)
        for number, text in _lines_broken_early(document)
        if not re.search(r"(/|://\S*|\.\w+)\u200b?$", text)
    ]
    assert early == []


def test_a_lists_short_last_item_never_begins_a_page_alone(laid_out):
    # A long one may (a paragraph of its own): held to the item before it, it moved the page's
    # break up and left a hole (language/lead_ins.py).
    document, _ = laid_out
    alone = []
    for number, page in enumerate(document.pages, 1):
        for box in _all(page._page_box.children[0]):
            if box.element_tag not in ("ul", "ol"):
                continue
            shown = [child for child in box.children if child.element_tag == "li"]
            items = [child for child in box.element if str(child.tag).endswith("li")]
            last = items[-1] if items else None
            alone_on_page = len(shown) == 1 and len(items) > 1 and shown[0].element is last
            if alone_on_page and "short-last" in (last.get("class") or "").split():
                alone.append((number, "".join(last.itertext())[:60]))
    assert alone == []


def _text_past(box, right: float) -> Iterator[str]:
    """The texts inside ``box`` that end past ``right``, a table cell's own edge inside it."""
    if isinstance(box, boxes.TableCellBox):
        right = box.padding_box_x() + box.padding_width()
    if isinstance(box, boxes.TextBox) and box.position_x + box.width > right + 0.5:
        yield box.text[:60]
    for child in getattr(box, "children", None) or []:
        yield from _text_past(child, right)


def test_no_text_runs_out_of_its_block(laid_out):
    """Every word ends inside the text block, or inside its table's cell: a run that cannot
    break (a long web address and the words tied to it) would otherwise print past the right
    margin, or over the next column."""
    document, _ = laid_out
    past = []
    for number, page in enumerate(document.pages, 1):
        right = page._page_box.content_box_x() + page._page_box.width
        past += [(number, text) for text in _text_past(page._page_box.children[0], right)]
    assert past == []


PAPER_MARGIN_MM = 20
"""The least white kept along the paper's edges: the appendix's tables reach wider than the
text (print.css), never nearer the edge than this."""


def test_nothing_prints_near_the_papers_edge(laid_out):
    document, _ = laid_out
    least = PAPER_MARGIN_MM * 96 / 25.4  # CSS px
    near = []
    for number, page in enumerate(document.pages, 1):
        paper_width = page._page_box.margin_width()
        for box in _all(page._page_box.children[0]):
            left, right = box.position_x, box.position_x + box.margin_width()
            if box.margin_width() and (left < least or right > paper_width - least):
                near.append((number, box.element_tag, round(left), round(right)))
    assert near == []


SMALLEST_CHART_TEXT_PT = 10.4
"""The smallest a chart's text may be printed: the body's 10.5 pt, less 1 %. A chart is drawn at
the text block's width (charts/style.py, print.css) and never shrunk to fit the page, so that
every chart's text prints at one size."""


def _chart_text_pt(image) -> float:
    """The printed size of a chart's smallest text: its size in the drawing (points), scaled as
    the image box shows the drawing (contained: the box caps the height, print.css)."""
    svg = base64.b64decode(image.element.get("src").split(",", 1)[1]).decode()
    width_pt, height_pt = view_box(svg)
    shown = min(image.width / (width_pt * 4 / 3), image.height / (height_pt * 4 / 3))  # px per px
    return min(svg_text_sizes(svg)) * shown


def test_every_charts_text_is_printed_at_the_bodys_size(laid_out):
    document, _ = laid_out
    images = [
        box
        for page in document.pages
        for box in _all(page._page_box)
        if isinstance(box, boxes.ReplacedBox) and box.element.tag == "img"
    ]
    assert len(images) == len(catalogue.charts())
    sizes = [round(_chart_text_pt(image), 1) for image in images]
    assert min(sizes) >= SMALLEST_CHART_TEXT_PT, sizes


# --- the running header ---------------------------------------------------------------------


def _header_lines(path) -> list[list[tuple[float, str]]]:
    """Each page's text above its text block (the running header), with its baseline."""
    found: list[list[tuple[float, str]]] = []

    def keep(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = cm[5] + cm[3] * tm[5]
        if text.strip() and BODY_TOP <= y < 841:
            found[-1].append((round(y, 1), text.strip()))

    for page in PdfReader(path).pages:
        found.append([])
        page.extract_text(visitor_text=keep)
    return found


def _first_heading(text: str) -> str:
    match = re.search(r"^#+\s+(.+?)\s*$", text, re.MULTILINE)
    return match[1] if match else ""


def _at_top(document, number: int, element) -> bool:
    """Whether ``element`` begins page ``number``'s text block."""
    edge = _edge(document.pages[number - 1]._page_box.children[0], True)
    return any(box.element is element for box in edge)


def _plain(text: str) -> str:
    # As typeset: the heading's source may type ' and " where the page prints ’ and “ ”.
    return normalise(text)


def _expected_headers(document, pages: list[Page], edition: Edition) -> dict[int, str]:
    """Each page's expected running header, from the page where the first chapter with a
    short title starts to the last page the appendix does not begin: the chapter in force at
    the top, in the edition's language."""
    elements = _elements(document)
    folder = NARRATIVE_2025 if edition.principal else NARRATIVE_2025 / edition.language
    starts = []
    for chapter in chapters.listed():
        if chapter.running_header is None:
            continue
        text = (folder / chapter.narrative).read_text(encoding="utf-8")
        heading = _plain(_first_heading(text))
        element = next(
            e for e in elements if e.tag in ("h2", "h3") and _plain(e.text or "") == heading
        )
        number = min(_page_of(pages, element))
        in_force_from = number if _at_top(document, number, element) else number + 1
        starts.append((in_force_from, translate(chapter.running_header, edition.language)))
    first = starts[0][0]
    # Up to the first page that begins in the appendix (it follows the last chapter's page).
    end = next(
        number
        for number, page in enumerate(pages, 1)
        if number > first and page.chapters[:1] == ["99-bijlage"]
    )
    expected = {}
    for number in range(first, end):
        expected[number] = [header for start, header in starts if start <= number][-1]
    return expected


def test_running_header_is_one_line_and_names_the_chapter_in_force(edition_pdf, laid_out, edition):
    document, pages = laid_out
    headers = _header_lines(edition_pdf)
    for number, line in enumerate(headers[1:], 2):  # the cover has none
        assert len({y for y, _ in line}) == 1, (number, line)
    named = {
        number: " ".join(text for _, text in line if text != "SmartCoop")
        for number, line in enumerate(headers, 1)
    }
    expected = _expected_headers(document, pages, edition)
    assert len(set(expected.values())) >= 5
    assert {number: named[number] for number in expected} == expected
