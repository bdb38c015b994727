"""The preview's latency as an analyst sees it, measured in a real browser (part 5 of
``tests/benchmark.py``; printed, never asserted).

A preview of 2025 is started on a copy of the text and the registers, with the page open in the
system's chromium (Playwright). Each measurement starts when a file is saved and ends when the
browser has loaded the page of the new build (the page polls the preview's status and reloads
itself): a sentence of the text changed, then one register row changed and its receipt recorded.
The first save comes once the preview's first whole build is done; each next one as soon as the
page of the one before has loaded, while the rest of that build (review pages, French) runs.
Each is measured for the preview as it is and for the same preview building each time in a new
process (as before ``cli/warm_builder.py``), in the same run: their ratio is what the warm
builder saves on this machine, whatever its load.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import threading
import time
from pathlib import Path

from sociaal_verslag.cli import preview
from sociaal_verslag.registers import receipts

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2025
SENTENCE_TARGET, ROW_TARGET = 1.5, 5.0
"""The targets (seconds from the save to the new page in the browser)."""
ROUNDS = 3


def _browser():
    """Playwright's chromium on the system's browser, or None (then the section is skipped)."""
    try:
        from playwright.sync_api import sync_playwright  # only this section needs a browser
    except ImportError:
        return None, None
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        return None, None
    playwright = sync_playwright().start()
    return playwright, playwright.chromium.launch(executable_path=executable)


def _reloaded_after(page, saved: float, shows: str = "", timeout: float = 60) -> float:
    """Seconds from ``saved`` until the page has loaded again (a new document), showing the
    text ``shows`` if given (a reload of an older build does not count)."""
    origin = page.evaluate("performance.timeOrigin")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            now = page.evaluate("[performance.timeOrigin, document.readyState]")
            if now[0] != origin and now[1] == "complete":
                if not shows or shows in page.evaluate("document.body.textContent"):
                    return time.perf_counter() - saved
                origin = now[0]
        except Exception:  # the page is being replaced: ask again
            pass
        time.sleep(0.02)
    raise SystemExit("the preview did not show the new build within a minute")


def _settled(live: preview.Preview, quiet: float = 1.0) -> None:
    """Wait until the preview has not been building for ``quiet`` seconds (longer than its
    watcher takes to notice a save)."""
    since = time.monotonic()
    while time.monotonic() - since < quiet:
        if live.state.building:
            since = time.monotonic()
        time.sleep(0.05)


def row_changed(data: Path, step: int) -> None:
    """One loan of the year granted ``step`` euro more (``amount_granted_eur``)."""
    loans = data / "loans.csv"
    rows = loans.read_text("utf-8").splitlines()
    row = next(i for i, line in enumerate(rows) if line.split(",")[3].startswith(f"{YEAR}-"))
    cells = rows[row].split(",")
    cells[4] = f"{float(cells[4]) + step:.2f}"
    rows[row] = ",".join(cells)
    loans.write_text("\n".join(rows) + "\n", "utf-8")


def _print(what: str, seconds: list[float], target: float) -> None:
    median = statistics.median(seconds)
    verdict = "within" if median <= target else "OVER"
    runs = ", ".join(f"{value:.2f}" for value in seconds)
    print(f"preview, {what:31} median {median:5.2f} s ({runs}); target ≤ {target} s: {verdict}")


def _measure(scratch: Path, page_of, name: str, fresh: bool) -> tuple[list[float], list[float]]:
    """Start a preview (``fresh``: each build in a new process, as before the warm builder),
    then time the saves."""
    data, text = scratch / f"{name}-data", scratch / f"{name}-text"
    shutil.copytree(ROOT / "data" / str(YEAR), data)
    shutil.copytree(ROOT / "notebooks" / "narrative" / str(YEAR), text)
    arguments = [f"--param=data_dir={data}", f"--param=narrative_dir={text}"]
    live = preview.Preview(YEAR, scratch / f"{name}-out", arguments)
    if fresh:
        live.builder._started = lambda: None  # the fallback: a new process per build
    server = live.serve(0)
    stop = threading.Event()
    try:
        live.rebuild()
        # As an analyst who opens the preview and reads before the first edit: the first
        # whole build (every language, the review pages) is done before any save.
        live.wait_until_complete()
        watcher = threading.Thread(target=preview.watch, args=(live, [text, data], stop))
        watcher.start()
        time.sleep(1)  # the watcher is listening
        page = page_of(f"http://127.0.0.1:{server.server_address[1]}/")
        chapter = text / "03-dynamiek.md"
        sentences, rows = [], []
        for number in range(ROUNDS):
            # A different word each round (a save of the same text rebuilds nothing).
            words = re.sub(r"was (\(\d+\) )?een", f"was ({number}) een", chapter.read_text("utf-8"))
            saved = time.perf_counter()
            chapter.write_text(words, "utf-8")
            sentences.append(_reloaded_after(page, saved, shows=f"was ({number}) een"))
        for number in range(ROUNDS):
            # No rebuild of an earlier save still to come: the next new page is this row's.
            _settled(live)
            saved = time.perf_counter()  # from the row's save, its receipt recorded at once
            row_changed(data, number + 1)
            receipts.record(data, YEAR, ["loans"])
            rows.append(_reloaded_after(page, saved))
        page.close()
        return sentences, rows
    finally:
        stop.set()
        server.shutdown()
        live.close()


def preview_latency(scratch: Path) -> None:
    """5. Save → visible in the browser: one sentence, one register row (receipt recorded); the
    preview as it is against the same preview building each time in a new process."""
    playwright, browser = _browser()
    if browser is None:
        print("preview latency: skipped (no Playwright or no chromium: apt-get install chromium)")
        return
    os.environ["SOCIAAL_VERSLAG_CACHE"] = str(scratch / "cache-preview")

    def page_of(url: str):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        return page

    try:
        fresh = _measure(scratch, page_of, "fresh", fresh=True)
        warm = _measure(scratch, page_of, "warm", fresh=False)
    finally:
        browser.close()
        playwright.stop()
    for what, number, target in (
        ("one sentence saved → visible:", 0, SENTENCE_TARGET),
        ("one register row → visible:", 1, ROW_TARGET),
    ):
        _print(what, warm[number], target)
        ratio = statistics.median(warm[number]) / statistics.median(fresh[number])
        print(
            f"  a new process per build: median {statistics.median(fresh[number]):5.2f} s;"
            f" ratio as it is / a new process: {ratio:.2f}"
        )
