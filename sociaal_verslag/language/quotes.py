"""Quotation marks and apostrophes in the typography of an edition's language, whatever the text
types: straight quotes ('" and "'), the marks of another language („…”, «…» in a Dutch text) and
curly ones all come out as the language writes them (``phrases.yaml``: ``quotes``): Dutch
“…” and ‘…’, French « … » and “…” inside them, and the apostrophe ’ in both.

Which of a straight quote's two sides it is (opening, closing, or an apostrophe as in
"risico's", "l'agrément") is SmartyPants' decision, from the characters around it; the language
then chooses the marks. A Dutch elision ("'s avonds", "'t") opens with an apostrophe, not a quote.

``changes`` works on a text and says what to put where, position by position, so that the
caller can apply it to text spread over several HTML elements (a quote before a link).
"""

from __future__ import annotations

import re
from functools import cache

from smartypants import convert_quotes

from .phrases import Phrases, phrases

# What SmartyPants writes for each side, and the marks of other languages read as those sides.
OPENING_DOUBLE, CLOSING_DOUBLE, OPENING_SINGLE, CLOSING_SINGLE = "“", "”", "‘", "’"
_ENTITIES = {"&#8220;": "“", "&#8221;": "”", "&#8216;": "‘", "&#8217;": "’"}
_READ_AS = {"„": "“", "«": "“", "»": "”", "‚": "‘"}
TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
QUOTE_MARKS = frozenset("'\"“”‘’„‚«»")
"""Every character this module may replace."""


def _educated(text: str) -> str:
    """``text`` with every straight quote turned to its curly side by SmartyPants, the same
    length as ``text``: each quote stays one character."""
    # SmartyPants reads HTML: an ampersand of the text is escaped so no entity is made of it.
    converted = convert_quotes(text.replace("&", "&amp;"))
    for entity, mark in _ENTITIES.items():
        converted = converted.replace(entity, mark)
    return converted.replace("&amp;", "&")


def _sides(text: str, words: Phrases) -> list[str | None]:
    """Each character of ``text``: which side of a quote it is (``"open2"``, ``"close2"``,
    ``"open1"``, ``"close1"``, ``"apostrophe"``), or None for any other character.

    SmartyPants writes a closing single quote and an apostrophe alike; the one that follows an
    opening single quote and ends a word closes it, the others are apostrophes."""
    names = {OPENING_DOUBLE: "open2", CLOSING_DOUBLE: "close2", OPENING_SINGLE: "open1"}
    sides: list[str | None] = []
    single_open = False
    educated = _educated(text)
    for position, typed in enumerate(text):
        mark = _READ_AS.get(educated[position], educated[position])
        if typed not in QUOTE_MARKS:
            sides.append(None)
        elif mark == OPENING_SINGLE and _is_elision(text, position, words):
            sides.append("apostrophe")
        elif mark == CLOSING_SINGLE:
            ends_word = not text[position + 1 : position + 2].isalnum()
            closes = single_open and ends_word
            single_open = single_open and not closes
            sides.append("close1" if closes else "apostrophe")
        else:
            single_open = single_open or mark == OPENING_SINGLE
            sides.append(names.get(mark))
    return sides


def _is_elision(text: str, position: int, words: Phrases) -> bool:
    # "'s avonds": the quote stands for the letters left out, before a word of the language's
    # list (phrases.yaml: elisions) that ends at a space or the end of the text.
    rest = text[position + 1 :]
    return any(re.match(rf"{re.escape(word)}(?!\w)", rest) for word in words.elisions)


def changes(text: str, words: Phrases) -> dict[int, str]:
    """Position in ``text`` -> what replaces its character: every quote mark that the language
    writes otherwise. The French marks bring their no-break space ("«\u00a0sociale\u00a0»"),
    unless the text already has a space there, which typesetting then ties."""
    marks = words.quotes
    wanted = {
        "open2": marks.double[0],
        "close2": marks.double[1],
        "open1": marks.single[0],
        "close1": marks.single[1],
        "apostrophe": marks.apostrophe,
    }
    result = {}
    for position, side in enumerate(_sides(text, words)):
        if side is None:
            continue
        char, replacement = text[position], wanted[side]
        # A mark with a space of its own (French) does not add a second one to a typed space.
        if replacement.endswith((" ", "\u00a0")) and text[position + 1 : position + 2].isspace():
            replacement = replacement.rstrip(" \u00a0")
        if replacement.startswith((" ", "\u00a0")) and text[position - 1 : position].isspace():
            replacement = replacement.lstrip(" \u00a0")
        if replacement != char:
            result[position] = replacement
    return result


@cache
def typographic(text: str, language: str) -> str:
    """``text`` (plain text, not HTML) with its quotes and apostrophes as ``language`` writes
    them: for the fixed words an edition prints outside its chapters' HTML (chart labels, the
    draft notice, the record). A text with a tag is left alone: typesetting sees it later; so is
    the code of a template's ``{{ … }}`` and ``{% … %}`` (a translated message may hold some)."""
    if "<" in text or not QUOTE_MARKS.intersection(text):
        return text
    code = {at for found in TEMPLATE_CODE.finditer(text) for at in range(*found.span())}
    edits = changes(text, phrases(language))
    return "".join(
        edits[at] if at in edits and at not in code else char for at, char in enumerate(text)
    )
