"""Every page the build writes passes axe-core (WCAG 2.1 A and AA) at a phone's and a desktop's
width, and none scrolls sideways: both reports, both review editions, the review index, each
notebook's page and a notebook's page of changes since its approval. axe-core is the copy that
axe-playwright-python ships (pinned in constraints.txt); the browser is the system's chromium."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from sociaal_verslag.review import notebook_diffs
from sociaal_verslag.review import pages as review_pages

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
axe_module = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
)

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def written(build_2025, tmp_path_factory) -> list[Path]:
    """Every HTML page of the 2025 build, and a page of changes since an approval."""
    folder = build_2025.output_dir
    found = sorted([*folder.glob("*.html"), *(folder / "review").glob("*.html")])
    diff = notebook_diffs.NotebookDiff(
        "01-dynamiek",
        notebook_diffs.Basis("a" * 64, "financing.loans_per_month", "An Peeters", _at()),
        (
            "## modified cel 14 (c0b7665c)/outputs/0/metadata/sociaal_verslag_chart/data/rows/0:",
            "-    ['jan', 13.0, 6.0, 2.0, 0.0, 0.0, 3.0]",
            "+    ['jan', 13.0, 5.0, 2.0, 0.0, 0.0, 3.0]",
        ),
    )
    review = tmp_path_factory.mktemp("review")
    written_pages = review_pages.write_diff_pages(review, 2025, [diff])
    return [*found, *(review / name for name in written_pages.values())]


def _violations(page: Any) -> list[str]:
    results = axe_module.Axe().run(page, options=RULES)
    return [
        f"{violation['id']}: {node['target']} {node['html'][:80]}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_passes_axe_core_and_nothing_scrolls_sideways(browser, written, width):
    names = {path.name for path in written}
    assert {"bijzonder-verslag-2025.html", "rapport-special-2025.html", "index.html"} <= names
    assert {"verslag.html", "rapport.html", "01-dynamiek.html"} <= names
    assert "01-dynamiek.sinds-nazicht.html" in names
    problems = []
    for path in written:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(path.as_uri())
        problems += [f"{path.name} at {width} px: {found}" for found in _violations(page)]
        sideways = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if sideways > 0:
            problems.append(f"{path.name} at {width} px scrolls {sideways} px sideways")
        page.close()
    assert problems == []


def _at() -> datetime:
    return datetime(2026, 3, 2, tzinfo=UTC)
