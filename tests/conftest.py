"""Shared fixtures: one real build of 2025, made once per test session into a temporary folder."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.build.main import BuildOptions, BuildResult, build

REFERENCE_DIR = Path(__file__).parent / "reference"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--cache-audit",
        action="store_true",
        help="run every case of the cache audit (tests/test_cache_audit.py), not only the quick"
        " ones (make cache-audit)",
    )


BUILD_FIXTURES = {"build_2025", "worked_2026", "hostile_build", "published", "baseline"}
"""Fixtures that build a report: a test that uses one (at any depth) is a build test."""


def _mark_tier(item: pytest.Item) -> None:
    """Each test in one tier: ``browser`` (a real browser), ``build`` (builds a report, marked
    here by its fixtures or in its module), else ``unit`` (``make test-fast``)."""
    if item.path.name == "test_browser.py":
        item.add_marker(pytest.mark.browser)
    elif item.get_closest_marker("build") is None and BUILD_FIXTURES & set(item.fixturenames):
        item.add_marker(pytest.mark.build)
    if item.get_closest_marker("browser") is None and item.get_closest_marker("build") is None:
        item.add_marker(pytest.mark.unit)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each test gets its tier (:func:`_mark_tier`). Without --cache-audit, the cases of the full
    cache audit are left out (deselected)."""
    for item in items:
        _mark_tier(item)
    if config.getoption("--cache-audit"):
        return
    full = [item for item in items if item.get_closest_marker("cache_audit")]
    if full:
        config.hook.pytest_deselected(items=full)
        items[:] = [item for item in items if not item.get_closest_marker("cache_audit")]


def normalise(text: str) -> str:
    """Text as a reader compares it: no Markdown marks or quotes, one kind of space, one kind of
    apostrophe (typesetting prints "risico's" as "risico’s"), one kind of ellipsis."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'").replace("‘", "'")
    text = text.replace("\u2026", "...")  # typesetting prints a typed "..." as "…"
    text = text.replace("\u200b", "")  # a break allowed where a space would be tied
    text = text.replace("\u2060", "")  # a break forbidden beside a hyphen
    text = re.sub(r"§ (?=\d)", "§", text)  # typeset "§2" prints "§ 2"
    text = re.sub(r"</?p>", "", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"\*+", "", text)
    text = re.sub('["“”«»„]', "", text)
    return re.sub(r"\s+", " ", text).strip()


def html_text(html: str) -> str:
    """The visible text of an HTML page, normalised (without the skip link, which shows only
    to a keyboard)."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in [*soup(["style", "script", "head"]), *soup.select("a.skip-link")]:
        hidden.decompose()
    return normalise(soup.get_text(""))


SOURCE_DATE_EPOCH = "1767225600"  # 1 January 2026, 00:00 UTC


@pytest.fixture(scope="session", autouse=True)
def build_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache for the test session's builds (not the project's output/.cache): a test that
    builds 2025 with one thing changed re-runs only what that change touches. Tests that look
    at the cache itself give themselves a fresh one."""
    from sociaal_verslag.cache.store import CACHE_ENV

    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if before is None:
        del os.environ[CACHE_ENV]
    else:
        os.environ[CACHE_ENV] = before


def recorded_reads(result: BuildResult, cache: Path, notebook: str) -> dict:
    """What the kernel of ``notebook`` (e.g. ``02-bescherming``) read in the build ``result``,
    as stored with its run in the cache at ``cache``: the second part of its key."""
    from sociaal_verslag.cache.store import Store

    step = next(record for record in result.steps.records if record.name == f"notebook {notebook}")
    entry = Store.open(cache).find("notebooks", step.key)
    assert entry is not None, f"the run of {notebook} is not in the cache"
    return Store.meta(entry)["reads"]


@pytest.fixture(scope="session")
def reproducible_time() -> Iterator[str]:
    """Builds in the test session are dated from SOURCE_DATE_EPOCH, as a reproducible build is."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    yield SOURCE_DATE_EPOCH
    if before is None:
        del os.environ["SOURCE_DATE_EPOCH"]
    else:
        os.environ["SOURCE_DATE_EPOCH"] = before


@pytest.fixture(scope="session")
def build_2025(tmp_path_factory: pytest.TempPathFactory, reproducible_time: str) -> BuildResult:
    """The 2025 report built from the committed registers and parameters."""
    return build(2025, BuildOptions(out_root=tmp_path_factory.mktemp("output"), progress=False))


@pytest.fixture(scope="session")
def report_text(build_2025: BuildResult) -> str:
    return html_text(build_2025.html.read_text(encoding="utf-8"))


A4_POINTS = (595.28, 841.89)
BODY_BOTTOM, BODY_TOP = 62.0, 771.0
"""The body of a page in PDF points (from the bottom): the margins hold the running header and
footer, which would otherwise cut sentences that run over a page break."""


def pdf_body_text(path: Path) -> str:
    """The PDF's body text, page after page, without running headers and footers, normalised."""
    from pypdf import PdfReader

    parts: list[str] = []

    def keep(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = cm[5] + cm[3] * tm[5]
        # A line's end comes after its marked content (the PDF is tagged), where the matrix is
        # the page's again: it is kept wherever it seems to stand.
        if text == "\n" or BODY_BOTTOM < y < BODY_TOP:
            parts.append(text)

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=keep)
        parts.append("\n")
    text = "".join(parts)
    # The bullets of a list are labels of the tagged PDF, read out of order (none is text).
    text = re.sub(r"[•◦▪]", " ", text)
    # Hyphenation is off in the PDF, so a hyphen at the end of a line is one of the text.
    text = re.sub(r"-\n", "-", text)
    return squeeze_punctuation(normalise(text))


def squeeze_punctuation(text: str) -> str:
    """No space before punctuation: PDF text extraction sometimes reads a kerned gap as one, so
    PDF text is compared with both sides squeezed."""
    return re.sub(r" ([,;:!?)]|\.(?!\.))", r"\1", text)


@pytest.fixture(scope="session")
def pdf_text(build_2025: BuildResult) -> str:
    assert build_2025.pdf is not None
    return pdf_body_text(build_2025.pdf)


@pytest.fixture(scope="session")
def registers_2025() -> dict:
    """The committed 2025 registers, read once for every chart test."""
    from .chart_drawings import load_registers_2025

    return load_registers_2025()


BROWSERS = ("chromium", "chromium-browser")
"""The system's chromium, by the names Debian and Ubuntu give it (Playwright's own browser
downloads are not needed)."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system's chromium, headless, for the tests that look at pages in a real browser;
    they are skipped when there is no chromium or no Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    executable = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if executable is None:
        pytest.skip("no chromium on this machine: apt-get install chromium (see README)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable)
        yield launched
        launched.close()
