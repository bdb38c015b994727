"""The preview's status bar as an analyst sees it in a real browser: at the top of the window
wherever the page is scrolled, above the page, at a phone's and a desktop's width, saying the
error of a failed rebuild with its file and line, and that a rebuild runs."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.cli import preview

from .test_browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser

BAR = """() => {
  const bar = document.getElementById('preview-status');
  const box = bar.getBoundingClientRect();
  const top = document.elementFromPoint(document.documentElement.clientWidth / 2, 3);
  return {top: box.top, height: box.height, width: box.width, shown: getComputedStyle(bar).display,
          state: bar.dataset.state || '', text: bar.textContent, onTop: bar.contains(top),
          scrolled: window.scrollY, viewport: document.documentElement.clientWidth};
}"""


@pytest.fixture(scope="module")
def failed_preview(tmp_path_factory: pytest.TempPathFactory):
    """A preview whose last rebuild failed on a misspelled placeholder, serving the last good
    page."""
    root = tmp_path_factory.mktemp("preview")
    text = root / "text"
    shutil.copytree(PROJECT_ROOT / "notebooks" / "narrative" / "2025", text)
    live = preview.Preview(2025, root / "out", [f"--param=narrative_dir={text}"])
    server = live.serve(0)
    assert live.rebuild()
    chapter = text / "03-dynamiek.md"
    chapter.write_text(chapter.read_text("utf-8") + "\n{{ activity.active_holder }}\n", "utf-8")
    assert not live.rebuild()
    yield live, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    live.close()


def _bar(browser: Any, url: str, width: int, scroll_to: float) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(url)
        page.wait_for_function("document.getElementById('preview-status').dataset.state")
        page.evaluate(f"window.scrollTo(0, document.body.scrollHeight * {scroll_to})")
        page.wait_for_timeout(100)
        return page.evaluate(BAR)
    finally:
        page.close()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("scroll_to", [0, 0.5, 1])
def test_a_failed_rebuild_shows_at_the_top_wherever_the_page_is_scrolled(
    browser: Any,
    failed_preview,
    width: int,
    scroll_to: float,
) -> None:
    _, url = failed_preview
    bar = _bar(browser, url, width, scroll_to)
    assert bar["state"] == "failed" and bar["shown"] == "block"
    assert bar["top"] == 0 and bar["height"] > 20 and bar["onTop"], bar
    assert abs(bar["width"] - bar["viewport"]) <= 1  # the whole width, never wider
    assert scroll_to == 0 or bar["scrolled"] > 1000  # the page was scrolled indeed
    assert "03-dynamiek.md:" in bar["text"]
    assert (
        "unknown figure id 'activity.active_holder'; did you mean activity.active_holders"
        in (bar["text"])
    )
    assert "laatste goede versie" in bar["text"]


def test_a_rebuild_that_runs_shows_as_such(browser: Any, failed_preview) -> None:
    live, url = failed_preview
    with live.state.lock:
        error, live.state.error, live.state.building = live.state.error, "", True
    try:
        bar = _bar(browser, url, PHONE, 0.5)
    finally:
        with live.state.lock:
            live.state.error, live.state.building = error, False
    assert bar["state"] == "building" and bar["top"] == 0 and "opnieuw bouwen" in bar["text"]
