"""The figures printed in the text: marked when the narrative is rendered, made into an anchor
or a link when a page is assembled.

The narrative is rendered once (``text/narrative.py``); each printed figure comes out as a mark that
names its id (:func:`mark`). ``render/page.py`` resolves the marks for one edition of the page
(:func:`resolve`): the published page and the PDF show the number as plain text, its first
occurrence carrying the anchor that the appendix's page number points to; the review edition
(``review/verslag.html``, ``review/rapport.html`` in French) makes every number a link to the
cell that computed it, with a tooltip. The marks are control characters that no chapter or
printed value can hold, so that nothing the narrative writes can pass for one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..figures.records import Figure
from ..language import templating

MARK = re.compile("\x02(?P<id>[A-Za-z0-9_.]+)\x1f(?P<text>[^\x02\x03]*)\x03")
ANCHOR_PREFIX = "cijfer-"


def mark(figure: Figure, text: str) -> str:
    """``text`` (the figure as the sentence prints it) marked as figure ``figure.id``."""
    return f"\x02{figure.id}\x1f{text}\x03"


def anchor(figure_id: str) -> str:
    """The id of a figure's first occurrence in the text ("cijfer-activity-active-holders")."""
    return ANCHOR_PREFIX + re.sub(r"[^a-z0-9]+", "-", figure_id.lower()).strip("-")


@dataclass(frozen=True)
class Printed:
    """A figure where the text prints it: its id, the text shown and its place in the chapter."""

    figure_id: str
    text: str
    position: int


def printed(markdown: str) -> Iterator[Printed]:
    """Every printed figure of a chapter's text, in the order of the text."""
    for found in MARK.finditer(markdown):
        yield Printed(found["id"], found["text"], found.start())


@dataclass(frozen=True)
class CellLink:
    """Where a figure's number links in the review edition, and what its tooltip says."""

    href: str
    title: str


class Resolver:
    """Resolves the marks of one edition, chapter after chapter, in report order: the first
    occurrence of each figure gets its anchor; ``links`` (review edition) makes each a link."""

    def __init__(
        self, figures: dict[str, Figure], links: Callable[[Figure, str], CellLink] | None = None
    ) -> None:
        self.figures = figures
        self.links = links
        self.seen: set[str] = set()

    def _shown(self, found: re.Match[str]) -> str:
        figure = self.figures[found["id"]]
        first = figure.id not in self.seen
        self.seen.add(figure.id)
        link = self.links(figure, found["text"]) if self.links else None
        return templating.render(
            "bijzonder_verslag/figure_link.html.j2",
            text=found["text"],
            anchor=anchor(figure.id) if first else None,
            link=link,
        )

    def resolve(self, markdown: str) -> str:
        """``markdown`` with every mark made into this edition's number."""
        return MARK.sub(self._shown, markdown)
