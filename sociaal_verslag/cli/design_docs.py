"""The pages of ``docs/`` that describe the design's data files, written from them.

``docs/figures.md`` lists every figure with its rule, unit, printed style and the function that
computes it, read from the ``metrics/*.meta.yml`` files; ``docs/registers.md`` every register,
read from ``registers.yaml`` (``registers/docs.py``); so the documentation cannot drift from what
the build does. ``sociaal-verslag docs`` writes the pages; a test checks that the
committed pages are up to date. The words are in ``templates/docs/`` (plain text: Markdown
for the repository, from the project's own files).

``docs/architecture.md`` is written by hand but for its list of the package's folders and
modules, which is made from their docstrings in the order of the layers in ``pyproject.toml``,
between two marker lines.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Callable
from pathlib import Path

from ..base.errors import ReportError
from ..base.paths import PACKAGE_DIR, PROJECT_ROOT
from ..figures.catalogue import CATALOGUE, FigureSpec, charts
from ..language import templating
from ..registers import docs as register_docs
from ..year import chapters

DOCS_DIR = PROJECT_ROOT / "docs"


class DesignDocsError(ReportError):
    """A page of ``docs/`` cannot be written as the design's files say."""


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


def _first_paragraph(docstring: str | None) -> str:
    return " ".join((docstring or "").split("\n\n")[0].split())


def _docstring(path: Path) -> str | None:
    return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))


def layers() -> list[list[str]]:
    """The package's folders from the top layer down, as ``pyproject.toml``'s layers contract
    names them (folders side by side share a layer)."""
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = config["tool"]["importlinter"]["contracts"][0]
    return [[name.strip() for name in layer.split("|")] for layer in contract["layers"]]


def folders_section() -> str:
    """The folders of the package, top layer first, each with its docstring and its modules'
    first lines: the list in ``docs/architecture.md``."""
    folders = []
    for layer in layers():
        for name in layer:
            folder = PACKAGE_DIR / name
            modules = [
                (path.name, _first_paragraph(_docstring(path)).split(". ")[0].rstrip("."))
                for path in sorted(folder.glob("*.py"))
                if path.name != "__init__.py"
            ]
            about = _first_paragraph(_docstring(folder / "__init__.py"))
            folders.append(
                {"name": name, "side_by_side": layer, "about": about, "modules": modules}
            )
    return templating.render("docs/folders.txt.j2", folders=folders).rstrip("\n") + "\n"


PAGES: dict[str, Callable[[], str]] = {
    "figures.md": figures_page,
    "registers.md": register_docs.docs_page,
}
"""Page of ``docs/`` -> the function that writes it."""

SECTIONS: dict[str, Callable[[], str]] = {"architecture.md": folders_section}
"""Page of ``docs/`` written by hand -> the function that writes its section between
:data:`SECTION_START` and :data:`SECTION_END`."""
SECTION_START = "<!-- written by `sociaal-verslag docs` from the docstrings: edit those -->\n"
SECTION_END = "<!-- end of the written part -->\n"


def _with_section(text: str, section: str, name: str) -> str:
    start, end = text.find(SECTION_START), text.find(SECTION_END)
    if start < 0 or end < start:
        raise DesignDocsError(f"docs/{name}: the marker lines of its written part are missing")
    return text[: start + len(SECTION_START)] + "\n" + section + "\n" + text[end:]


def _written(docs_dir: Path) -> dict[str, str]:
    """Every page as the design's files and the docstrings say it should read."""
    pages = {name: page() for name, page in PAGES.items()}
    for name, section in SECTIONS.items():
        current = (docs_dir / name).read_text(encoding="utf-8")
        pages[name] = _with_section(current, section(), name)
    return pages


def stale_pages(docs_dir: Path = DOCS_DIR) -> list[str]:
    """The pages whose committed text is not what the design's files say today."""
    return [
        name
        for name, text in _written(docs_dir).items()
        if not (docs_dir / name).is_file() or (docs_dir / name).read_text(encoding="utf-8") != text
    ]


def write_pages(docs_dir: Path = DOCS_DIR) -> list[Path]:
    """Write every page of ``PAGES`` and every section of ``SECTIONS`` into ``docs_dir``; the
    paths written."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in _written(docs_dir).items():
        path = docs_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
