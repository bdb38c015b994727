"""The report's chapters in order, from ``report.yaml``: each chapter's text and notebook.

``report.yaml`` at the project root is the one list of the chapters. A chapter names its
narrative file (in the year's narrative folder, ``narrative_dir`` in the parameters), its
notebook (a path from the file's folder), or both. The build reads the text and runs the
notebooks it lists, in its order, and nothing else: a Markdown file in a year's narrative folder
that no chapter lists is an error, as is anything in ``report.yaml`` that does not fit (one line
per problem, naming the file, the chapter and the key).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base import textfiles
from ..base.errors import ReportError
from ..base.paths import REPORT_YAML, relative_to_root
from ..base.suggest import did_you_mean

KEYS = ("id", "narrative", "notebook", "running_header")
"""What a chapter may say."""

RUNNING_HEADER_LENGTH = 50
"""The most characters a running header has: it stands on one line at the top of a page, beside
the organisation's name."""

CHAPTER_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NOT_A_CHAPTER = "README.md"
"""A README in a narrative folder says something about the text; it is not a chapter."""


class ChaptersError(ReportError):
    """``report.yaml``, or a year's narrative folder, does not fit: one line per problem."""


@dataclass(frozen=True)
class Chapter:
    """One chapter: its id, its narrative file's name and its notebook (None: it has none)."""

    id: str
    narrative: str | None = None
    notebook: Path | None = None
    running_header: str | None = None
    """The chapter's short title at the top of the PDF's pages (None: its heading)."""
    where: str = ""
    """Where it is listed (``report.yaml, chapter 3 (dynamiek)``), for messages."""

    @property
    def label(self) -> str:
        """The chapter as a message names it."""
        return self.where or f"chapter {self.id}"


def _file_name(value: Any, suffix: str) -> str | None:
    if isinstance(value, str) and value.endswith(suffix) and len(value) > len(suffix):
        return value
    return None


def _chapter(entry: Any, where: str, base: Path) -> tuple[Chapter | None, list[str]]:
    """One entry of ``chapters:`` as a Chapter, or the problems that keep it from being one."""
    if not isinstance(entry, dict):
        return None, [f"{where}: expected a mapping with {', '.join(KEYS)}, got {entry!r}"]
    problems = []
    chapter_id = entry.get("id")
    if not (isinstance(chapter_id, str) and CHAPTER_ID.match(chapter_id)):
        problems.append(
            f"{where}, id: expected a short name of lower-case letters, digits and dashes,"
            f" got {chapter_id!r}"
        )
    else:
        where = f"{where} ({chapter_id})"
    problems += [
        f"{where}: unknown key {key!r} (a chapter has {', '.join(KEYS)})"
        for key in entry
        if key not in KEYS
    ]
    narrative = entry.get("narrative")
    name = _file_name(narrative, ".md")
    if narrative is not None and (name is None or "/" in name or "\\" in name):
        problems.append(
            f"{where}, narrative: expected the name of a .md file in the year's narrative"
            f" folder, got {narrative!r}"
        )
    notebook = entry.get("notebook")
    path = None
    if notebook is not None:
        if _file_name(notebook, ".ipynb") is None:
            problems.append(
                f"{where}, notebook: expected the path of an .ipynb file, got {notebook!r}"
            )
        elif not (path := base / notebook).is_file():
            problems.append(f"{where}, notebook: {notebook} not found")
    if narrative is None and notebook is None:
        problems.append(f"{where}: expected a narrative, a notebook or both")
    header = entry.get("running_header")
    problems += _running_header_problems(header, where)
    if problems:
        return None, problems
    return Chapter(chapter_id, name, path.resolve() if path else None, header, where), []


def _running_header_problems(header: Any, where: str) -> list[str]:
    """What keeps ``header`` from being a running header: one line of text that fits."""
    if header is None:
        return []
    if not isinstance(header, str) or not header.strip() or "\n" in header:
        return [f"{where}, running_header: expected one line of text, got {header!r}"]
    if len(header) > RUNNING_HEADER_LENGTH:
        return [
            f"{where}, running_header: {len(header)} characters, at most"
            f" {RUNNING_HEADER_LENGTH} fit on one line at the top of a page"
        ]
    return []


def _listed_twice(chapters: Sequence[Chapter]) -> list[str]:
    """An id, a narrative or a notebook that two chapters name."""
    problems = []
    for key in ("id", "narrative", "notebook"):
        first: dict[object, Chapter] = {}
        for chapter in chapters:
            value = getattr(chapter, key)
            if value is None:
                continue
            if value in first:
                shown = relative_to_root(value) if isinstance(value, Path) else value
                problems.append(
                    f"{chapter.label}, {key}: {shown} is listed already ({first[value].label})"
                )
            first.setdefault(value, chapter)
    return problems


def read(path: Path = REPORT_YAML) -> list[Chapter]:
    """The chapters listed in ``path``, in order; ChaptersError lists every problem."""
    where = relative_to_root(path)
    raw = textfiles.read_yaml(path, ChaptersError, "the list of the report's chapters")
    entries = raw.get("chapters") if isinstance(raw, dict) else None
    if not isinstance(raw, dict) or set(raw) != {"chapters"} or not isinstance(entries, list):
        raise ChaptersError(f"{where}: expected one key, chapters: the list of the chapters")
    if not entries:
        raise ChaptersError(f"{where}, chapters: the list is empty")
    chapters, problems = [], []
    for number, entry in enumerate(entries, start=1):
        chapter, found = _chapter(entry, f"{where}, chapter {number}", path.parent)
        problems += found
        if chapter is not None:
            chapters.append(chapter)
    problems += _listed_twice(chapters)
    if problems:
        raise ChaptersError("\n".join(problems))
    return chapters


def listed() -> list[Chapter]:
    """The report's chapters: ``report.yaml`` at the project root, read when asked.

    The build asks here, and only here; a test that runs a fixture notebook as well replaces
    this function.
    """
    return read(REPORT_YAML)


def find(chapter: str, option: str = "chapter") -> Chapter:
    """A chapter of ``report.yaml`` by its number (from 1) or its id; an unknown one is an
    error naming ``option`` as the user typed it, the nearest ids and every chapter."""
    listed_now = listed()
    by_number = {str(number): entry for number, entry in enumerate(listed_now, start=1)}
    found = by_number.get(chapter) or next((c for c in listed_now if c.id == chapter), None)
    if found is not None:
        return found
    hint = did_you_mean(chapter, [entry.id for entry in listed_now])
    known = ", ".join(f"{number} ({c.id})" for number, c in enumerate(listed_now, start=1))
    raise ChaptersError(
        f"{option} {chapter}: no such chapter in report.yaml{hint} (known: {known})"
    )


def notebooks(chapters: Sequence[Chapter]) -> list[Path]:
    """The chapters' notebooks, in report order."""
    return [chapter.notebook for chapter in chapters if chapter.notebook is not None]


def narrative_files(chapters: Sequence[Chapter], narrative_dir: Path) -> list[Path]:
    """The chapters' text files in a year's narrative folder, in report order.

    ChaptersError lists every listed file the folder lacks and every Markdown file in it that no
    chapter lists (a README is not a chapter).
    """
    folder = relative_to_root(narrative_dir)
    if not narrative_dir.is_dir():
        raise ChaptersError(f"{folder}: narrative folder not found")
    names = [chapter.narrative for chapter in chapters if chapter.narrative is not None]
    problems = [
        f"{chapter.label}, narrative: {chapter.narrative} is not in {folder}"
        for chapter in chapters
        if chapter.narrative is not None and not (narrative_dir / chapter.narrative).is_file()
    ]
    problems += [
        f"{relative_to_root(path)}: no chapter of {relative_to_root(REPORT_YAML)} lists this"
        " file (add it there as a chapter's narrative, or move it out of the folder)"
        for path in sorted(narrative_dir.glob("*.md"))
        if path.name not in names and path.name != NOT_A_CHAPTER
    ]
    if problems:
        raise ChaptersError("\n".join(problems))
    return [narrative_dir / name for name in names]
