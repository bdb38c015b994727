"""Charts moved down the PDF's pages where they would leave a hole (render/chart_floats.py):
which block moves, what never does."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.render import chart_floats

pytestmark = pytest.mark.unit


def _page(*parts: str) -> str:
    return f"<main>{''.join(parts)}</main>"


def _section(chapter: str, *blocks: str) -> str:
    return f'<section class="text" data-chapter="{chapter}">{"".join(blocks)}</section>'


FIGURE = '<figure class="chart" id="chart-a"><img alt="a"></figure>'


def _order(html: str) -> list[str]:
    """The page's blocks in order: each paragraph's text, a heading's, or the chart's id."""
    soup = BeautifulSoup(html, "html.parser")
    return [tag.get("id") or tag.get_text() for tag in soup.find_all(["p", "h3", "ul", "figure"])]


def test_the_block_after_a_pushed_chart_comes_before_it():
    html = _page(_section("c1", "<p>voor</p>"), FIGURE, _section("c1", "<p>na 1</p><p>na 2</p>"))
    moved = chart_floats.deferred(html, ["chart-a"])
    assert _order(moved) == ["voor", "na 1", "chart-a", "na 2"]


def test_a_line_that_introduces_a_list_moves_with_it():
    after = _section("c1", "<p>Zo:</p><ul><li>een</li></ul><p>na</p>")
    html = _page(_section("c1", "<p>voor</p>"), FIGURE, after)
    assert _order(chart_floats.deferred(html, ["chart-a"]))[:4] == ["voor", "Zo:", "een", "chart-a"]


def test_a_section_emptied_by_the_move_goes():
    html = _page(_section("c1", "<p>voor</p>"), FIGURE, _section("c1", "<ul><li>x</li></ul>"))
    soup = BeautifulSoup(chart_floats.deferred(html, ["chart-a"]), "html.parser")
    assert len(soup.find_all("section")) == 1
    assert soup.find("section").find_next_sibling().name == "figure"


@pytest.mark.parametrize(
    "after",
    [
        _section("c1", "<h3>Kop</h3><p>na</p>"),  # a heading stays with its text
        _section("c2", "<p>ander hoofdstuk</p>"),  # nothing crosses chapters
        "",  # the chart ends the page
    ],
)
def test_a_chart_that_cannot_move_down_moves_up_a_block(after):
    html = _page(_section("c1", "<p>voor 1</p><p>voor 2</p>"), FIGURE, after)
    moved = chart_floats.deferred(html, ["chart-a"])
    assert _order(moved)[:3] == ["voor 1", "chart-a", "voor 2"]
    soup = BeautifulSoup(moved, "html.parser")
    assert soup.find("figure").find_next_sibling()["data-chapter"] == "c1"  # a section of its own
    # A section's only block stays, and so does a line that introduces the chart.
    alone = _page(_section("c1", "<p>voor</p>"), FIGURE, after)
    assert chart_floats.deferred(alone, ["chart-a"]) is None
    led = chart_floats.led(_page(_section("c1", "<p>x</p><p>zie:</p>"), FIGURE, after))
    assert chart_floats.deferred(led, ["chart-a"]) is None


@pytest.mark.parametrize(
    ("last", "led"),
    [
        ("<p>Zo ziet dat eruit:</p>", True),  # it introduces the chart: it goes along
        ("<p>Zo ziet dat eruit.</p>", False),
        ("<ul><li>een punt:</li></ul>", False),  # a list item introduces nothing
    ],
)
def test_only_a_line_that_introduces_a_chart_goes_along_with_it(last, led):
    html = chart_floats.led(_page(_section("c1", "<p>eerst</p>", last), FIGURE))
    figure = BeautifulSoup(html, "html.parser").find("figure")
    assert (chart_floats.LED in figure["class"]) is led


def test_a_chart_moved_down_is_no_longer_led():
    html = _page(_section("c1", "<p>zie:</p>"), FIGURE, _section("c1", "<p>na</p><p>meer</p>"))
    moved = chart_floats.deferred(chart_floats.led(html), ["chart-a"])
    assert chart_floats.LED not in BeautifulSoup(moved, "html.parser").find("figure")["class"]


def test_a_chart_not_after_text_stays_as_it_is():
    html = _page(FIGURE, _section("c1", "<p>na</p>"))
    assert chart_floats.deferred(html, ["chart-a"]) is None
    assert chart_floats.deferred(_page(_section("c1", "<p>x</p>")), ["chart-zzz"]) is None


class _Laid:
    """A stand-in layout: its holes are given per page text."""

    def __init__(self, html: str, holes: float, page: int = 3) -> None:
        self.html, self.holes, self.pages, self.page = html, holes, [], page


def test_the_layout_kept_is_the_one_with_the_smaller_holes(monkeypatch):
    html = _page(_section("c1", "<p>voor</p>"), FIGURE, _section("c1", "<p>na</p><p>meer</p>"))
    scores = iter([0.5, 0.2, 0.3])  # the first move helps, the second does not
    laid = []

    def render(page: str) -> _Laid:
        laid.append(page)
        return _Laid(page, next(scores))

    monkeypatch.setattr(chart_floats, "pushed_charts", lambda document: ["chart-a"])
    monkeypatch.setattr(chart_floats, "holes", lambda document: document.holes)
    monkeypatch.setattr(chart_floats, "page_of", lambda document, chart: document.page)
    monkeypatch.setattr(chart_floats, "MOST_LAYOUTS", 4)  # room for a move that does not help
    kept = chart_floats.placed(html, render)
    assert kept.holes == 0.2
    assert _order(kept.html) == ["voor", "na", "chart-a", "meer"]
    assert len(laid) == 3


def test_no_more_layouts_than_allowed(monkeypatch):
    sections = [_section("c1", f"<p>{n}</p>") for n in range(10)]
    html = _page(_section("c1", "<p>voor</p>"), FIGURE, *sections)
    laid = []

    def render(page: str) -> _Laid:
        laid.append(page)
        return _Laid(page, 1.0 - len(laid) / 10)  # every move helps

    monkeypatch.setattr(chart_floats, "pushed_charts", lambda document: ["chart-a"])
    monkeypatch.setattr(chart_floats, "holes", lambda document: document.holes)
    monkeypatch.setattr(chart_floats, "page_of", lambda document, chart: document.page)
    chart_floats.placed(html, render)
    assert len(laid) == chart_floats.MOST_LAYOUTS


def test_a_move_that_carries_the_chart_to_a_later_page_is_not_kept(monkeypatch):
    # A long list moved before the chart fills the hole it left, but takes it pages further.
    html = _page(_section("c1", "<p>voor</p>"), FIGURE, _section("c1", "<ul><li>lang</li></ul>"))
    laid = iter([_Laid("first", 0.5, page=8), _Laid("moved", 0.1, page=10)])
    monkeypatch.setattr(chart_floats, "pushed_charts", lambda document: ["chart-a"])
    monkeypatch.setattr(chart_floats, "holes", lambda document: document.holes)
    monkeypatch.setattr(chart_floats, "page_of", lambda document, chart: document.page)
    assert chart_floats.placed(html, lambda page: next(laid)).html == "first"


def test_a_list_that_a_short_line_introduces_stays_with_it_when_the_chart_moves_up():
    # "De Firewall … blokkeert dan weer …": a lead-in without a colon (language/lead_ins.py); the
    # list it introduces never goes after the chart without it.
    before = _section("c1", "<p>eerst</p>", '<p class="lead-in">blokkeert dan weer …</p>')
    listed = _section("c1", "<p>eerst</p>", '<p class="lead-in">weer …</p><ul><li>x</li></ul>')
    heading = _section("c1", "<h3>Kop</h3><p>na</p>")
    moved = chart_floats.deferred(_page(listed, FIGURE, heading), ["chart-a"])
    assert _order(moved)[:4] == ["eerst", "chart-a", "weer …", "x"]  # together, or not at all
    alone = _section("c1", '<p class="lead-in">weer …</p><ul><li>x</li></ul>')
    assert chart_floats.deferred(_page(alone, FIGURE, heading), ["chart-a"]) is None
    # Nor does a chart move down past a list and leave its lead-in behind.
    after = _section("c1", '<p class="lead-in">zo …</p><ul><li>een</li></ul><p>na</p>')
    moved = chart_floats.deferred(_page(before, FIGURE, after), ["chart-a"])
    assert _order(moved)[:5] == ["eerst", "blokkeert dan weer …", "zo …", "een", "chart-a"]
