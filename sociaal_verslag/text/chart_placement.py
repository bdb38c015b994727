"""Where a chapter may place a chart: between blocks of text, never inside a list's item.

A ``{{ chart("id") }}`` line inside an item puts a figure in the middle of a bullet. Between two
items it is welcome: a chart that illustrates one item of a long list stands right after that
item, and the list goes on below it (on the page, two lists), rather than pages later after the
list's last item. The chapter is read with the Markdown parser the report is rendered with
(mistune, through nbconvert), so that "inside an item" means what the page will show. The build
does not move a chart itself: the text says where each chart stands, so a misplaced one is an
error naming the file and the line, and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import mistune

CHART_LINE = re.compile(r"""^\s*\{\{-?\s*chart\(\s*["'](?P<id>[^"']+)["']\s*\)\s*-?\}\}\s*$""")


def _text(token: dict[str, Any]) -> str:
    """The raw text of a token and its children, each child on lines of its own."""
    if "raw" in token:
        return token["raw"]
    return "\n".join(_text(child) for child in token.get("children", []))


def _chart_ids(token: dict[str, Any]) -> list[str]:
    """The charts a token holds, each on a line of its own."""
    found = []
    for line in _text(token).splitlines() or [""]:
        match = CHART_LINE.match(line)
        if match:
            found.append(match["id"])
    return found


def _blocks(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [token for token in tokens if token["type"] != "blank_line"]


def misplaced_charts(source: str) -> Iterator[str]:
    """The ids of the charts that stand inside an item of a list in a chapter's Markdown
    ``source``."""
    for block in _blocks(mistune.create_markdown(renderer=None)(source)):
        if block["type"] == "list":
            yield from _chart_ids(block)


def problems(source: str, where: str) -> list[str]:
    """One line per chart placed inside a list's item, naming the file (``where``) and the
    line."""
    misplaced = set(misplaced_charts(source))
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        match = CHART_LINE.match(line)
        if match and match["id"] in misplaced:
            found.append(
                f"{where}:{number}: chart {match['id']!r} stands inside an item of a list;"
                " place it after the item, with an empty line before and after it"
            )
    return found
