"""The web pages a year's chapters link (``notebooks/narrative/YEAR/links.yaml``): the language
each page is in, and its address in the other languages where SmartCoop publishes one.

An edition links a page in its own language when there is one (``tests/test_web_pages.py``
checks the chapters against the list); a page that exists only in another language keeps its
link and says so after it, in the edition's words ("(en néerlandais)", ``phrases.yaml``:
``page_in``), for the reader who follows it. A link the list does not know is reported by the
text lint, not guessed at.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..base.errors import ReportError
from ..base.paths import relative_to_root
from ..base.yamlfiles import describe, read_mapping
from ..language.phrases import languages, phrases

LINKS_FILE = "links.yaml"
"""The list of linked pages, in a year's narrative folder."""

AUTOLINK = re.compile(r"<(?P<url>https?://[^>\s]+)>")
INLINE_LINK = re.compile(r"\]\((?P<url>https?://[^)\s]+)\)")


class WebPagesError(ReportError):
    """``links.yaml`` cannot be read."""


class WebPage(BaseModel):
    """One linked page: its language, and its versions in other languages (None: none known)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(min_length=2)
    versions: dict[str, str | None] = {}
    note: str = ""


def read_pages(narrative_dir: Path) -> dict[str, WebPage]:
    """Address -> the page, as the year's ``links.yaml`` lists them; no file, no pages. Read
    at each build (not kept: the preview sees an edit)."""
    path = narrative_dir / LINKS_FILE
    if not path.is_file():
        return {}
    pages, problems = {}, []
    for url, entry in read_mapping(path, WebPagesError).items():
        try:
            pages[str(url)] = WebPage.model_validate(entry)
        except ValidationError as error:
            problems += [f"{relative_to_root(path)}: {url}.{describe(e)}" for e in error.errors()]
        else:
            unknown = {pages[str(url)].language, *pages[str(url)].versions} - set(languages())
            problems += [
                f"{relative_to_root(path)}: {url}: no language {name!r}" for name in unknown
            ]
    if problems:
        raise WebPagesError("\n".join(problems))
    return pages


def links_in(markdown: str) -> list[tuple[int, str]]:
    """Every web address a chapter links (``<https://…>`` or ``[text](https://…)``), with the
    number of its line."""
    found = []
    for number, line in enumerate(markdown.splitlines(), 1):
        for pattern in (AUTOLINK, INLINE_LINK):
            found += [(number, match["url"]) for match in pattern.finditer(line)]
    return found


def mark_other_languages(markdown: str, pages: dict[str, WebPage], language: str) -> str:
    """``markdown`` with each link to a page in another language than ``language`` followed by
    the words that say which ("(en néerlandais)")."""
    # The note's words stay on one line: "(en" at a line's end reads as a stray word.
    words = {name: text.replace(" ", "\u00a0") for name, text in phrases(language).page_in.items()}

    def marked(match: re.Match[str]) -> str:
        page = pages.get(match["url"])
        if page is None or page.language == language or page.language not in words:
            return match.group()
        # The text may say it already: "<https://…> (artikel in het Frans)".
        said = " ".join(match.string[match.end() : match.end() + 40].split())
        if words[page.language].replace("\u00a0", " ") in said:
            return match.group()
        if match.string[match.end() : match.end() + 1] == ")":  # "(<https://…>, in het Frans)"
            return f"{match.group()}, {words[page.language]}"
        return f"{match.group()} ({words[page.language]})"

    markdown = AUTOLINK.sub(marked, markdown)
    return INLINE_LINK.sub(marked, markdown)


def link_problems(markdown: str, pages: dict[str, WebPage], language: str) -> list[tuple[int, str]]:
    """What is wrong with the links of a chapter in ``language``, by line: a page the list does
    not know, and a page in another language where the list gives one in ``language``."""
    found = []
    for line, url in links_in(markdown):
        page = pages.get(url)
        if page is None:
            found.append((line, f"{url}: not in {LINKS_FILE} (which language is it in?)"))
        elif page.language != language and page.versions.get(language):
            found.append((line, f"{url}: link the {language} page {page.versions[language]}"))
    return found
