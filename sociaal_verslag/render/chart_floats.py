"""Charts placed on the PDF's pages as a typesetter places figures.

A chart is never split (print.css). One that does not fit below the text it follows goes to the
next page alone, the text before it filling its page; only a line that introduces the chart (a
paragraph ending with a colon: ``led``) goes along with it. Where a chart so leaves a hole at
the foot of the page before, it is moved one block of text further down (the paragraph or list
that follows it in its chapter comes before it instead, and fills the hole), or, when a heading
follows it, one block up (the block before it follows it instead), and the pages are laid out
again, a few times at most, as long as the holes get smaller and the chart stays on the page it
was pushed to (a long list moved before it would carry it pages away from its text). A
heading never moves past a chart, and nothing moves across chapters. The web page keeps every
chart where the text places it; only the PDF's pages move them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from bs4 import BeautifulSoup, Tag
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

MOST_LAYOUTS = 4
"""Layouts made at most, the first included; each costs as much as the PDF's own (about 2,5 s
of processor time for 25 pages), and one is made only while a chart still leaves a hole. On the
2025 report the Dutch edition needs two, the French four: Figure 5 moves down one short
paragraph per layout, and the hole before it went from 25 % to 19 %, 14 %, then 1 %."""
HOLE = 0.12
"""A page this much empty (of its text block's height) before a chart that begins the next
page is a hole the chart left."""
LED = "led"
"""The class of a chart whose text ends with a line that introduces it: that line stays with the
chart (print.css)."""
NOT_MOVED = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "figure"})
"""What never moves before a chart: a heading belongs with the text under it."""


def leaves(box) -> Iterator:
    """The lines and images of a box, in order: what a page shows."""
    children = getattr(box, "children", None)
    if isinstance(box, boxes.LineBox | boxes.ReplacedBox) or not children:
        yield box
        return
    for child in children:
        yield from leaves(child)


def all_boxes(box) -> Iterator:
    """A box and every box inside it."""
    yield box
    for child in getattr(box, "children", None) or []:
        yield from all_boxes(child)


def fill(page_box) -> float:
    """How full a page is: the bottom of what it shows, as a share of its text block's height."""
    top, height = page_box.content_box_y(), page_box.height
    root = page_box.children[0]
    bottom = max((leaf.position_y + leaf.margin_height() for leaf in leaves(root)), default=top)
    return (bottom - top) / height


TOP = 0.25
"""A chart that begins this high on its page (a share of the text block) begins the page, but
for the lines of text it took along."""


def _charts_at_top(page_box) -> list[str]:
    """The ids of the charts that begin near the top of a page."""
    top, height = page_box.content_box_y(), page_box.height
    return [
        box.element.get("id")
        for box in all_boxes(page_box.children[0])
        if box.element is not None
        and box.element_tag == "figure"
        and "chart" in (box.element.get("class") or "")
        and box.position_y - top < TOP * height
    ]


def pushed_charts(document: Document) -> list[str]:
    """The charts that begin a page after one left a hole: near the top of their page, the
    page before less full than :data:`HOLE` allows."""
    pushed = []
    pages = [page._page_box for page in document.pages]
    for before, page in itertools.pairwise(pages):
        if fill(before) < 1 - HOLE:
            pushed += [chart for chart in dict.fromkeys(_charts_at_top(page)) if chart]
    return pushed


def page_of(document: Document, chart_id: str) -> int | None:
    """The number of the page a chart begins on (0 the first), None when it is not laid out."""
    for number, page in enumerate(document.pages):
        for box in all_boxes(page._page_box.children[0]):
            if box.element is not None and box.element.get("id") == chart_id:
                return number
    return None


def holes(document: Document) -> float:
    """How badly the pages are filled: the sum of each page's emptiness squared (a large hole
    counts more than several small ones), but the last page's."""
    pages = [page._page_box for page in document.pages][:-1]
    return sum((1 - fill(page)) ** 2 for page in pages)


def deferred(html: str, charts: list[str]) -> str | None:
    """The page with each chart of ``charts`` one block of text further down, where the block
    after it is text of the same chapter (None: none could move)."""
    soup = BeautifulSoup(html, "html.parser")
    moved = False
    for chart_id in charts:
        figure = soup.find(id=chart_id)
        before, after = _text_around(figure)
        if before is None:
            continue
        blocks = [child for child in after.children if isinstance(child, Tag)]
        if not blocks or blocks[0].name in NOT_MOVED:
            moved = _advanced(figure, before) or moved
            continue
        # A line that introduces what follows it moves with it, or not at all.
        taken = blocks[:2] if _introduces(blocks[0]) and len(blocks) > 1 else blocks[:1]
        if any(block.name in NOT_MOVED for block in taken) or _introduces(taken[-1]):
            moved = _advanced(figure, before) or moved
            continue
        for block in taken:
            before.append(block.extract())
        if LED in figure["class"]:  # what it brings up introduces it no more
            figure["class"] = [name for name in figure["class"] if name != LED]
        moved = True
        if not any(isinstance(child, Tag) for child in after.children):
            after.decompose()
    return str(soup) if moved else None


def _introduces(block: Tag) -> bool:
    """Whether a block is a line that introduces what follows it: it ends with a colon, or the
    typesetting marked it a lead-in (a short line before a list, "… blokkeert dan weer …"),
    which print.css keeps with what follows (language/lead_ins.py)."""
    lead_in = "lead-in" in (block.get("class") or [])
    return block.name == "p" and (lead_in or block.get_text().rstrip().endswith(":"))


def _advanced(figure: Tag, before: Tag) -> bool:
    """A chart that cannot move down (a heading follows it) moved one block up instead: the
    last block of the text before it goes after it, in a section of its own, with the line
    that introduces it if one does. Whether it moved."""
    blocks = [child for child in before.children if isinstance(child, Tag)]
    taken = blocks[-2:] if len(blocks) > 1 and _introduces(blocks[-2]) else blocks[-1:]
    if len(blocks) <= len(taken) or _introduces(taken[-1]):
        return False  # all the section holds, or a line that introduces the chart: it stays
    if any(block.name in NOT_MOVED for block in taken):
        return False  # a heading stays with the text under it
    section = Tag(name="section", attrs=dict(before.attrs))
    for block in taken:
        section.append(block.extract())
    figure.insert_after(section)
    return True


def _text_around(figure: Tag | None) -> tuple[Tag | None, Tag]:
    """The section of text just before a chart (None: there is none), and the one after it
    when it is of the same chapter (else an empty tag: nothing may move up)."""
    nothing = Tag(name="section")
    if figure is None:
        return None, nothing
    before, after = figure.find_previous_sibling(), figure.find_next_sibling()
    if not _is_text(before):
        return None, nothing
    if _is_text(after) and before.get("data-chapter") == after.get("data-chapter"):
        return before, after
    return before, nothing


def _is_text(tag: object) -> bool:
    return isinstance(tag, Tag) and tag.name == "section" and "text" in (tag.get("class") or [])


def _no_later(now: int | None, before: int | None) -> bool:
    return now is not None and before is not None and now <= before


def led(html: str) -> str:
    """The page with each chart whose text ends with a line that introduces it marked
    :data:`LED`."""
    soup = BeautifulSoup(html, "html.parser")
    for figure in soup.find_all("figure", class_="chart"):
        before, _ = _text_around(figure)
        blocks = [child for child in before.children if isinstance(child, Tag)] if before else []
        if blocks and _introduces(blocks[-1]):
            figure["class"] = [*figure["class"], LED]
    return str(soup)


def placed(html: str, render: Callable[[str], Document]) -> Document:
    """``html`` laid out by ``render``, its charts :func:`led`; then, chart by chart in page
    order, one that left a hole is moved while that makes the holes smaller and keeps the chart
    on the page it was pushed to (:data:`MOST_LAYOUTS` layouts at most)."""
    html = led(html)
    document, layouts = render(html), 1
    improved = True
    while improved and layouts < MOST_LAYOUTS:
        improved = False
        for chart in pushed_charts(document):
            moved = deferred(html, [chart])
            if moved is None or layouts >= MOST_LAYOUTS:
                continue
            candidate, layouts = render(moved), layouts + 1
            # Kept when the holes shrink and the chart stays on its page: a long list moved
            # before it would fill the hole but carry the chart pages away from its text.
            stays = _no_later(page_of(candidate, chart), page_of(document, chart))
            if stays and holes(candidate) < holes(document):
                html, document, improved = moved, candidate, True
                break
    return document
