"""The pages of ``docs/`` that describe the design's data files, written from them.

``docs/figures.md`` lists every figure with its rule, unit, printed style and the function that
computes it, read from the ``metrics/*.meta.yml`` files; ``docs/registers.md`` every register,
read from ``registers.yaml`` (``registers/docs.py``); so the documentation cannot drift from what
the build does. ``sociaal-verslag docs`` writes the pages; a test checks that the
committed pages are up to date. The words are in ``templates/docs/`` (plain text: Markdown
for the repository, from the project's own files).

``docs/architecture.md`` is written by hand but for two parts, each between two marker lines: the
list of the package's folders and modules, made from their docstrings in the order of the layers
in ``pyproject.toml``, and the table of what each step's cache key covers, made from
``cache/steps.yaml``.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import ReportError
from ..base.paths import PACKAGE_DIR, PROJECT_ROOT
from ..cache.identity import DECLARATIONS
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


def steps_section() -> str:
    """What each kind of step's cache key covers, from ``cache/steps.yaml``: the table in
    ``docs/architecture.md``."""
    steps = {name: declared.model_dump() for name, declared in DECLARATIONS.items()}
    return templating.render("docs/steps.txt.j2", steps=steps).rstrip("\n") + "\n"


@dataclass(frozen=True)
class Section:
    """A written part of a page of ``docs/`` otherwise written by hand, between two marker
    lines that name what it is written from."""

    page: str
    source: str
    """What it is written from, as the marker line says: "the docstrings: edit those"."""
    write: Callable[[], str]

    @property
    def start(self) -> str:
        """The marker line above the written part."""
        return f"<!-- written by `sociaal-verslag docs` from {self.source} -->\n"


SECTIONS = (
    Section("architecture.md", "the docstrings: edit those", folders_section),
    Section("architecture.md", "cache/steps.yaml: edit that file", steps_section),
)
"""The written parts of the pages of ``docs/`` written by hand."""
SECTION_END = "<!-- end of the written part -->\n"


def _with_section(text: str, section: Section) -> str:
    start = text.find(section.start)
    end = text.find(SECTION_END, start)
    if start < 0 or end < start:
        raise DesignDocsError(
            f"docs/{section.page}: the marker lines of its part written from"
            f" {section.source.split(':')[0]} are missing"
        )
    return text[: start + len(section.start)] + "\n" + section.write() + "\n" + text[end:]


def _written(docs_dir: Path) -> dict[str, str]:
    """Every page as the design's files and the docstrings say it should read."""
    pages = {name: page() for name, page in PAGES.items()}
    for section in SECTIONS:
        if section.page not in pages:
            pages[section.page] = (docs_dir / section.page).read_text(encoding="utf-8")
        pages[section.page] = _with_section(pages[section.page], section)
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
