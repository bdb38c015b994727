"""The figures printed in the text: marked when the narrative is rendered, made into an anchor
or a link when a page is assembled.

The narrative is rendered once (``text/narrative.py``); each printed figure comes out as a mark that
names its id (:func:`mark`). ``render/page.py`` resolves the marks for one edition of the page
(:func:`resolve`): the published page and the PDF show the number as plain text, its first
occurrence carrying the anchor that the appendix's page number points to; the review edition
(``review/verslag.html``, ``review/rapport.html`` in French) makes every number a link to the
cell that computed it, with a tooltip. A figure the text prints in two forms ("2.237", "meer dan
2.200") has an anchor where each form first stands. The marks are control characters that no
chapter or printed value can hold, so that nothing the narrative writes can pass for one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..figures.records import Figure
from ..language import formatting, templating

MARK = re.compile("\x02(?P<id>[A-Za-z0-9_.]+)\x1f(?P<text>[^\x02\x03]*)\x03")
ANCHOR_PREFIX = "value-"
"""Of the id where the text prints a figure: in English, as the figure's id is, so that both
editions' addresses read alike (a Dutch "cijfer-" stood in the French page's links)."""


def mark(figure: Figure, text: str) -> str:
    """``text`` (the figure as the sentence prints it) marked as figure ``figure.id``."""
    return f"\x02{figure.id}\x1f{text}\x03"


def anchor(figure_id: str, form: int = 1) -> str:
    """The id of the first place the text prints a figure in one of its forms: in its first
    ("value-survey-responses"), in its second ("value-survey-responses-2"), ..."""
    base = ANCHOR_PREFIX + re.sub(r"[^a-z0-9]+", "-", figure_id.lower()).strip("-")
    return base if form == 1 else f"{base}-{form}"


def form_key(text: str) -> str:
    """What makes two printed forms of a figure one: the same words, capitalised or not."""
    return formatting.capitalize(text)


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
        self.forms: dict[str, list[str]] = {}
        """The forms of each figure printed so far, in the order the text first prints them."""

    def _shown(self, found: re.Match[str]) -> str:
        figure = self.figures[found["id"]]
        forms = self.forms.setdefault(figure.id, [])
        first = form_key(found["text"]) not in forms
        if first:
            forms.append(form_key(found["text"]))
        link = self.links(figure, found["text"]) if self.links else None
        return templating.render(
            "bijzonder_verslag/figure_link.html.j2",
            text=found["text"],
            anchor=anchor(figure.id, len(forms)) if first else None,
            link=link,
        )

    def resolve(self, markdown: str) -> str:
        """``markdown`` with every mark made into this edition's number."""
        return MARK.sub(self._shown, markdown)
