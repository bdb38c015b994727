"""The web page as its readers see it: rendered by a real browser at a phone's and a desktop's
width and measured there. The browser is the system's chromium (Debian: ``apt-get install
chromium``) driven by Playwright; without either, these tests are skipped with a message."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from sociaal_verslag.build.main import BuildResult
from sociaal_verslag.charts.style import NARROW_BELOW_PX
from sociaal_verslag.year.editions import Edition

from .svg_text import svg_text_sizes, view_box

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is not installed: pip install -c constraints.txt -e '.[test]'",
)

PHONE, LAPTOP, DESKTOP = 390, 1024, 1280

MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const outside = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if ((box.left < -0.5 || box.right > width + 0.5) && !clipped(el)) {
      const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
      outside.push(`<${el.tagName.toLowerCase()} class="${el.className}"> `
        + `${Math.round(box.left)}..${Math.round(box.right)} px: ${text}`);
    }
  }
  const sizes = [...document.querySelectorAll('main p')].map(
    (p) => parseFloat(getComputedStyle(p).fontSize));
  const charts = [...document.querySelectorAll('figure.chart img')].map((img) => ({
    id: img.closest('figure').id, src: img.currentSrc, width: img.getBoundingClientRect().width,
  }));
  const scrolling = [...document.querySelectorAll('.table-scroll')]
    .filter((box) => box.scrollWidth > box.clientWidth + 1)
    .map((box) => box.firstElementChild.className || '(a table of the text)');
  const texts = [...document.querySelectorAll('main p')].map((p) => p.getBoundingClientRect());
  const column = [Math.min(...texts.map((b) => b.left)), Math.max(...texts.map((b) => b.right))];
  const shown = (el) => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  const covering = [...document.body.querySelectorAll('*')]
    .filter((el) => ['fixed', 'sticky'].includes(getComputedStyle(el).position) && shown(el))
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([, box]) => box.right > column[0] && box.left < column[1])
    .map(([el, box]) => `<${el.tagName.toLowerCase()} class="${el.className}"> `
      + `${Math.round(box.left)}..${Math.round(box.right)} px over the text's `
      + `${Math.round(column[0])}..${Math.round(column[1])} px`);
  const toContents = [...document.querySelectorAll('a[href="#contents"]')].filter(shown).map(
    (a) => getComputedStyle(a).position === 'fixed'
      ? 'fixed' : (a.closest('section[data-chapter]') || {dataset: {}}).dataset.chapter);
  // Characters per line of each paragraph of the text of four lines or more: its characters
  // over its lines, the last (a part line) counted as half.
  const lineChars = [...document.querySelectorAll('main section.text > p')]
    .map((p) => [p.textContent.trim().length,
                 p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight)])
    .filter(([, lines]) => Math.round(lines) >= 4)
    .map(([chars, lines]) => chars / (Math.round(lines) - 0.5));
  return {width, scrollWidth: document.documentElement.scrollWidth, outside, sizes, charts,
          scrolling, covering, toContents, lineChars};
}"""
"""What the tests measure, in the browser: the viewport's and the document's width, every element
that reaches outside the viewport (except inside a box that scrolls or clips, which is itself
measured), the font size of every paragraph, each chart's image as shown, and the tables that
only show whole by scrolling inside their box."""


@dataclass(frozen=True)
class PageMeasure:
    """The page as the browser laid it out at one viewport width."""

    width: int
    scroll_width: int
    outside: list[str]
    paragraph_sizes: list[float]
    charts: list[dict[str, Any]]
    scrolling_tables: list[str]
    """The class of each table wider than its box (it scrolls sideways inside it)."""
    covering: list[str]
    """Each element fixed on the screen over the text's column (it hides the text under it)."""
    to_contents: list[str]
    """Each link back to the contents shown: "fixed", or the chapter it closes."""
    line_chars: list[float]
    """The characters per line of each paragraph of the text four lines long or more."""

    @property
    def body_text_px(self) -> float:
        """The font size of the body text: the size most paragraphs have."""
        return max(set(self.paragraph_sizes), key=self.paragraph_sizes.count)


@pytest.fixture(
    scope="module",
    params=[(lang, width) for lang in ("nl", "fr") for width in (PHONE, LAPTOP, DESKTOP)],
    ids=lambda param: f"{param[0]}-{param[1]}px",
)
def page(request: pytest.FixtureRequest, browser: Any, build_2025: BuildResult) -> PageMeasure:
    """Each edition's 2025 page measured at the width of the test's parameter."""
    language, width = request.param
    viewport = browser.new_page(viewport={"width": width, "height": 900})
    try:
        viewport.goto((build_2025.output_dir / Edition(2025, language).report_file).as_uri())
        found = viewport.evaluate(MEASURE)
    finally:
        viewport.close()
    return PageMeasure(
        width=found["width"],
        scroll_width=found["scrollWidth"],
        outside=found["outside"],
        paragraph_sizes=found["sizes"],
        charts=found["charts"],
        scrolling_tables=found["scrolling"],
        covering=found["covering"],
        to_contents=found["toContents"],
        line_chars=found["lineChars"],
    )


def test_the_page_never_scrolls_sideways(page: PageMeasure) -> None:
    assert page.scroll_width <= page.width, (
        f"the page is {page.scroll_width} px wide in a {page.width} px window"
    )
    assert not page.outside, "reaching outside the window:\n" + "\n".join(page.outside[:20])


def test_the_text_and_the_appendix_are_read_without_scrolling_a_table(page: PageMeasure) -> None:
    # The text's tables reflow, and the appendix reads as a list on a phone; only the comparison
    # with last year (columns of numbers kept whole) may scroll inside its box.
    assert [table for table in page.scrolling_tables if table != "comparison"] == []


def test_nothing_fixed_on_the_screen_hides_the_text(page: PageMeasure) -> None:
    assert page.covering == []


def test_the_contents_are_at_hand_from_every_chapter(page: PageMeasure) -> None:
    # Beside the text where the screen leaves room for a button; on a phone, at each chapter's
    # end (the cover and the contents themselves need none).
    if page.width == DESKTOP:
        assert page.to_contents == ["fixed"]
    else:
        assert "fixed" not in page.to_contents
        assert len(page.to_contents) == len(set(page.to_contents)) >= 7
        assert {"02-juridisch-kader", "07-middelen-en-risicos", "99-bijlage"} <= set(
            page.to_contents
        )


def test_a_line_of_text_is_read_in_one_sweep_of_the_eye(page: PageMeasure) -> None:
    # About 45 to 75 characters a line: longer, the eye loses the next line's start (at 1280 px
    # the column's lines were 85 to 90 long); a phone's are shorter, and fine.
    assert page.line_chars, "no paragraph of four lines or more"
    assert max(page.line_chars) <= 80, f"{max(page.line_chars):.0f} characters in a line"
    if page.width >= LAPTOP:
        assert sorted(page.line_chars)[len(page.line_chars) // 2] >= 55


def test_body_text_is_at_least_16_px(page: PageMeasure) -> None:
    # 16 px is the browsers' default size, the one phones are made to be read at.
    assert page.body_text_px >= 16


def svg_of(src: str) -> str:
    """The SVG document an image shows, from its data: or file: URL."""
    if src.startswith("data:"):
        header, _, payload = src.partition(",")
        raw = base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode()
        return raw.decode("utf-8")
    with open(unquote(urlparse(src).path), encoding="utf-8") as file:
        return file.read()


def smallest_chart_text_px(chart: dict[str, Any]) -> float:
    """The size on screen of a chart's smallest text: its size in the SVG times the scale at
    which the image is shown (its width on screen over its viewBox's width)."""
    root_svg = svg_of(chart["src"])
    return min(svg_text_sizes(root_svg)) * chart["width"] / view_box(root_svg)[0]


def test_chart_text_is_as_large_as_body_text(page: PageMeasure) -> None:
    assert page.charts, "no chart found in the page (figure.chart img)"
    too_small = {
        chart["id"]: round(size, 1)
        for chart in page.charts
        if (size := smallest_chart_text_px(chart)) < page.body_text_px
    }
    assert not too_small, (
        f"charts whose smallest text is under the body text's {page.body_text_px} px "
        f"at {page.width} px: {too_small}"
    )


def test_on_a_small_tablet_a_phone_drawing_is_not_blown_up(browser, build_2025):
    """Up to the width where the wide drawing takes over, the phone's is shown no wider than a
    large phone's column: its text at most a fourth larger than the body's (at 740 px it was
    half as large again)."""
    viewport = browser.new_page(viewport={"width": NARROW_BELOW_PX - 20, "height": 900})
    try:
        viewport.goto(build_2025.html.as_uri())
        found = viewport.evaluate(MEASURE)
    finally:
        viewport.close()
    body = max(set(found["sizes"]), key=found["sizes"].count)
    # Each chart's text at its smallest: the size its body-sized words are drawn at.
    sizes = {chart["id"]: round(smallest_chart_text_px(chart), 1) for chart in found["charts"]}
    assert sizes and max(sizes.values()) <= body * 1.3, sizes


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_keyboard_skips_to_the_text_and_sees_where_it_is(browser, build_2025, language):
    """The first Tab shows a link past the links above the text and the contents; it lands on
    the first chapter; the focus is drawn, on the button back to the contents too."""
    viewport = browser.new_page(viewport={"width": DESKTOP, "height": 900})
    try:
        viewport.goto((build_2025.output_dir / Edition(2025, language).report_file).as_uri())
        viewport.keyboard.press("Tab")
        focused = viewport.evaluate(
            """() => { const a = document.activeElement, box = a.getBoundingClientRect();
                return {cls: a.className, href: a.getAttribute('href'), top: box.top,
                        outline: getComputedStyle(a).outlineStyle}; }"""
        )
        assert "skip-link" in focused["cls"] and focused["top"] >= 0, focused
        assert focused["outline"] != "none"
        target = focused["href"][1:]
        first_chapter = viewport.evaluate(
            "() => document.querySelector('section[data-chapter] h2[id]:not(.toc-title)').id"
        )
        assert target == first_chapter
        viewport.keyboard.press("Enter")
        assert viewport.evaluate("() => location.hash") == f"#{target}"
        # the next stops: the PDF, the other edition, then the way back to the contents
        for _ in range(3):
            viewport.keyboard.press("Tab")
        reached = viewport.evaluate("() => document.activeElement.className")
        assert "to-contents" not in reached  # the skip moved the keyboard past them
    finally:
        viewport.close()


LANDING = """(id) => {
  const mark = document.getElementById(id), line = mark.parentElement;
  const column = document.querySelector('main.report').getBoundingClientRect();
  const after = getComputedStyle(mark, '::after');
  const value = mark.previousElementSibling;
  return {height: line.getBoundingClientRect().height, text: line.getBoundingClientRect().width,
          value: value && value.classList.contains('figure-value')
            ? getComputedStyle(value).backgroundColor : null,
          content: after.content, position: after.position,
          left: parseFloat(after.left) + column.left, textLeft: line.getBoundingClientRect().left};
}"""


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_where_an_appendix_link_lands_is_marked_beside_the_text_not_in_it(
    browser, build_2025, width
):
    """The figure's line is marked in the margin; the text around the number does not move (a
    mark between "198 miljoen" and "euro" parted a number from its unit)."""
    viewport = browser.new_page(viewport={"width": width, "height": 900})
    page_file = (build_2025.output_dir / Edition(2025, "nl").report_file).as_uri()
    try:
        viewport.goto(page_file)
        anchor = viewport.evaluate("() => document.querySelector('span.figure-ref[id]').id")
        before = viewport.evaluate(LANDING, anchor)
        viewport.goto(f"{page_file}#{anchor}")
        landed = viewport.evaluate(LANDING, anchor)
    finally:
        viewport.close()
    assert before["content"] in ("none", "normal") and landed["content"] not in ("none", "normal")
    assert landed["position"] == "absolute" and landed["left"] < landed["textLeft"]
    # The number itself marked too: a line may hold three numbers.
    assert before["value"] == "rgba(0, 0, 0, 0)" and landed["value"] not in (None, before["value"])
    assert (landed["height"], landed["text"]) == (before["height"], before["text"])


def test_on_a_phone_a_value_is_read_once_with_its_column(browser, build_2025):
    """A phone shows each value's column before it; a screen reader has it from the header,
    so the shown name is no part of the cell's text."""
    viewport = browser.new_page(viewport={"width": PHONE, "height": 900})
    try:
        viewport.goto(build_2025.html.as_uri())
        table = viewport.locator("#chart-financing-loans_per_month table")
        viewport.locator("#chart-financing-loans_per_month summary").click()
        shown = table.locator("tbody td").first.evaluate(
            "(td) => getComputedStyle(td, '::before').content"
        )
        assert "toegekend" in shown  # seen
        snapshot = table.aria_snapshot()
        assert "toegekend 2025 toegekend 2025" not in snapshot
        assert 'cell "9.708"' in snapshot, snapshot[:400]
    finally:
        viewport.close()


OPENED_TABLES = """() => {
  document.querySelectorAll('details.chart-data').forEach((details) => { details.open = true; });
  return [...document.querySelectorAll('.chart-table')]
    .filter((box) => box.scrollWidth > box.clientWidth + 1)
    .map((box) => `${box.closest('figure').id}: ${box.scrollWidth} px in ${box.clientWidth}`);
}"""


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_charts_table_opened_shows_whole_from_the_tablet_to_the_desktop(
    browser, build_2025, language
):
    # Above the width where it reads as cards, the events' table (eight columns) showed its
    # last column cut at the column's edge, with no sign on a screen that hides scroll bars.
    for width, cut in _found_at_tablet_to_desktop(browser, build_2025, language, OPENED_TABLES):
        assert cut == [], width


TABLET_TO_DESKTOP = (NARROW_BELOW_PX, LAPTOP, DESKTOP)
"""The widths above the phone's, where the appendix and the charts' tables are tables."""


def _found_at_tablet_to_desktop(
    browser: Any, build_2025: BuildResult, language: str, script: str
) -> list[tuple[int, Any]]:
    """What ``script`` finds in the edition's page at each width of :data:`TABLET_TO_DESKTOP`."""
    found = []
    for width in TABLET_TO_DESKTOP:
        viewport = browser.new_page(viewport={"width": width, "height": 900})
        try:
            viewport.goto((build_2025.output_dir / Edition(2025, language).report_file).as_uri())
            found.append((width, viewport.evaluate(script)))
        finally:
            viewport.close()
    return found


SPLIT_CELLS = """() => [...document.querySelectorAll('table.provenance :is(td, th)')]
  .filter((cell) => cell.getClientRects().length && cell.scrollWidth > cell.clientWidth + 1)
  .map((cell) => cell.textContent.trim().slice(0, 40))"""
"""The appendix's cells whose longest word is wider than the cell (its columns are fixed, and a
word that does not fit spills over: report.css lets none break inside)."""


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_no_word_of_the_appendix_is_wider_than_its_column(browser, build_2025, language):
    # "198 miljoen eur|o", "4 492 962 heure|s", "Arbeidsovereenkomste|n": a value tied to its
    # unit, a long label, cut inside a word by a column too narrow for them.
    for width, split in _found_at_tablet_to_desktop(browser, build_2025, language, SPLIT_CELLS):
        assert split == [], width


APPENDIX_ON_SCREEN = """() => {
  const table = document.querySelector('table.provenance');
  const box = table.getBoundingClientRect();
  const text = document.querySelector('main section.text > p').getBoundingClientRect();
  const button = document.querySelector('a.to-contents');
  const shownButton = button && getComputedStyle(button).display !== 'none'
    ? button.getBoundingClientRect() : null;
  const rows = [...table.querySelectorAll('tbody tr')];
  return {
    left: box.left, right: box.right, textLeft: text.left, textRight: text.right,
    buttonLeft: shownButton ? shownButton.left : null,
    valueLinks: rows.filter((row) => row.querySelector('td.value a.value-ref')).length,
    rows: rows.length,
    pageCells: [...table.querySelectorAll('td.page, tr.columns th:last-child')]
      .filter((cell) => cell.getClientRects().length).length,
  };
}"""


@pytest.mark.parametrize("width", TABLET_TO_DESKTOP)
def test_on_screen_an_appendix_value_is_its_link_and_no_page_column_is_shown(
    browser, build_2025, width
):
    """On screen the value leads to its place in the text, so the page column (paper's) is
    neither seen nor read, and the rules get its width (five lines a row with it), in the
    column of the charts and the text's other tables, clear of the button in the margin."""
    viewport = browser.new_page(viewport={"width": width, "height": 900})
    try:
        viewport.goto(build_2025.html.as_uri())
        found = viewport.evaluate(APPENDIX_ON_SCREEN)
        snapshot = viewport.locator("table.provenance").first.aria_snapshot()
    finally:
        viewport.close()
    assert found["valueLinks"] == found["rows"] > 0
    assert found["pageCells"] == 0
    assert "Blz." not in snapshot and "columnheader" in snapshot
    assert 'link "Omzet van de gedeelde onderneming: meer dan 198 miljoen euro, zie tekst"' in (
        snapshot.replace("\u00a0", " ")
    ), snapshot[:600]
    if found["buttonLeft"] is not None:
        assert found["right"] < found["buttonLeft"]


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_at_twice_the_text_size_the_page_takes_the_phone_layout_and_nothing_scrolls_sideways(
    browser, build_2025, language
):
    """A reader who sets their browser's text size to 200 % (WCAG 1.4.4, 1.4.10): the widths
    where the layout changes are in em, so a 640 px window lays the page out as a phone's (in
    px, the text's tables overflowed and the page scrolled 747 px in 640)."""
    for width in (640, LAPTOP):
        viewport = browser.new_page(viewport={"width": width, "height": 900})
        try:
            cdp = viewport.context.new_cdp_session(viewport)
            cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32}})
            viewport.goto((build_2025.output_dir / Edition(2025, language).report_file).as_uri())
            found = viewport.evaluate(MEASURE)
        finally:
            viewport.close()
        assert found["scrollWidth"] <= found["width"], width
        assert not found["outside"], found["outside"][:5]
        assert [table for table in found["scrolling"] if table != "comparison"] == [], width
        assert min(found["sizes"]) >= 32 * 0.85  # the larger text, not a fixed size
