"""Words that never break at a line's end, kept whole by the style sheets, not by a character.

While it edits the text (its edits work on characters), typography marks the places no line may
break with an invisible word joiner (U+2060): a span of numbers ("30–34"), a span of years, a
name of several parts ("Sint-Jans-Molenbeek"). Here each word that holds one becomes a
``span.nowrap`` without it (report.css: ``white-space: nowrap``), so that a reader who copies
the registered office, or searches the page for it, gets what the page shows.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

WORD_JOINER = "\u2060"
"""An invisible mark that forbids a line break beside it (Unicode's line-breaking rules; browsers
and WeasyPrint follow them), unlike a no-break hyphen, which a font may lack. An attribute's text
(an alternative text), which can hold no span, keeps it."""
NO_BREAK_SPACES = "\u00a0\u202f"
TIED = f"\\S|[{NO_BREAK_SPACES}]"
"""A character of a word, or a no-break space that ties the word to the one before or after."""
JOINED_WORD = re.compile(rf"(?:{TIED})*{WORD_JOINER}(?:{TIED})*")
"""A word that holds a word joiner, with the words tied to it ("à Saint-Gilles" whole: after
"à" and its no-break space, a span that began at "Saint" made WeasyPrint break the line
before it half empty)."""


def keep_joined_whole(soup: BeautifulSoup) -> None:
    """Each word of ``soup``'s text that holds a word joiner, as a ``span.nowrap`` without
    it."""
    for node in list(soup.find_all(string=JOINED_WORD)):
        text = str(node)
        pieces: list = []
        position = 0
        for match in JOINED_WORD.finditer(text):
            pieces.append(NavigableString(text[position : match.start()]))
            span = soup.new_tag("span", attrs={"class": "nowrap"})
            span.string = match.group().replace(WORD_JOINER, "")
            pieces.append(span)
            position = match.end()
        pieces.append(NavigableString(text[position:]))
        node.replace_with(*[piece for piece in pieces if str(piece) or piece.name])


def tie_into_elements(soup: BeautifulSoup) -> None:
    """Each no-break space that ends a text just before an element ("à␣<strong>2 274 …") set
    in a ``span.tie`` of its own: the same text, tied the same. WeasyPrint 70 broke the line
    such a space ends one or more words too early ("… 4 492 962 heures" over half a line, then
    "de travail. Cela correspond à 2 274 …"), but not where the text ends in a letter. (Inside
    the element, the space became part of a figure's value, or of a quote's language.)"""
    for node in list(soup.find_all(string=True)):
        following = node.next_sibling
        text = str(node)
        if not isinstance(following, Tag) or not text or text[-1] not in NO_BREAK_SPACES:
            continue
        tie = soup.new_tag("span", attrs={"class": "tie"})
        tie.string = text[-1]
        node.replace_with(*[part for part in (NavigableString(text[:-1]), tie) if str(part)])
