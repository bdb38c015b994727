"""The pages of ``docs/`` that describe the design's data files, written from them.

``docs/figures.md`` lists every figure with its rule, unit, printed style and the function that
computes it, read from the ``metrics/*.meta.yml`` files; ``docs/registers.md`` every register,
read from ``registers.yaml`` (``register_docs.py``); so the documentation cannot drift from what
the build does. ``sociaal-verslag docs`` writes the pages; a test checks that the
committed pages are up to date. The words are in ``templates/docs/`` (plain text: Markdown
for the repository, from the project's own files).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..base.paths import PROJECT_ROOT
from ..figures.catalogue import CATALOGUE, FigureSpec, charts
from ..language import templating
from ..registers import docs as register_docs
from ..year import chapters

DOCS_DIR = PROJECT_ROOT / "docs"


def chapter_order() -> list[str]:
    """The chapters that hold figures, in the order of the report (``report.yaml``)."""
    return [chapter.id for chapter in chapters.listed() if chapter.notebook is not None]


def figures_page() -> str:
    """``docs/figures.md``: every figure by chapter, with its rule and where it is computed."""
    by_chapter: dict[str, list[FigureSpec]] = {chapter: [] for chapter in chapter_order()}
    for spec in CATALOGUE.values():
        by_chapter.setdefault(spec.chapter, []).append(spec)
    illustrated: dict[str, list[str]] = {}
    for chart in charts().values():
        for figure_id in chart.figures:
            illustrated.setdefault(figure_id, []).append(chart.id)
    page = templating.render(
        "docs/figures.txt.j2", chapters=by_chapter, charts=illustrated, total=len(CATALOGUE)
    )
    return page.rstrip("\n") + "\n"


PAGES: dict[str, Callable[[], str]] = {
    "figures.md": figures_page,
    "registers.md": register_docs.docs_page,
}
"""Page of ``docs/`` -> the function that writes it."""


def stale_pages(docs_dir: Path = DOCS_DIR) -> list[str]:
    """The pages whose committed text is not what the design's files say today."""
    return [
        name
        for name, page in PAGES.items()
        if not (docs_dir / name).is_file()
        or (docs_dir / name).read_text(encoding="utf-8") != page()
    ]


def write_pages(docs_dir: Path = DOCS_DIR) -> list[Path]:
    """Write every page of ``PAGES`` into ``docs_dir``; the paths written."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, page in PAGES.items():
        path = docs_dir / name
        path.write_text(page(), encoding="utf-8")
        written.append(path)
    return written
