"""The pages of ``docs/`` that describe the design's data files, written from them.

``docs/figures.md`` lists every figure with its rule, unit, printed style and the function that
computes it, read from the ``metrics/*.meta.yml`` files, so that the documentation cannot drift
from what the build does. ``sociaal-verslag docs`` writes the pages; a test checks that the
committed pages are up to date. The words are in ``templates/docs/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2

from .catalogue import CATALOGUE, FigureSpec, charts
from .paths import PROJECT_ROOT, TEMPLATES_DIR, chapter_notebooks

DOCS_DIR = PROJECT_ROOT / "docs"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "docs"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown for the repository, from the project's own files
    )


def chapter_order() -> list[str]:
    """The chapters that hold figures, in the order of the report."""
    return [path.stem.split("-", 1)[1] for path in chapter_notebooks()]


def figures_page() -> str:
    """``docs/figures.md``: every figure by chapter, with its rule and where it is computed."""
    by_chapter: dict[str, list[FigureSpec]] = {chapter: [] for chapter in chapter_order()}
    for spec in CATALOGUE.values():
        by_chapter.setdefault(spec.chapter, []).append(spec)
    illustrated: dict[str, list[str]] = {}
    for chart in charts().values():
        for figure_id in chart.figures:
            illustrated.setdefault(figure_id, []).append(chart.id)
    return (
        _environment()
        .get_template("figures.md.j2")
        .render(chapters=by_chapter, charts=illustrated, total=len(CATALOGUE))
    )


PAGES: dict[str, Callable[[], str]] = {"figures.md": figures_page}
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
