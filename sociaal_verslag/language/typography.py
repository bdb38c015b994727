"""Typesetting of the report's text, in its edition's language: its marks, and what must not be
parted at the end of a line.

Applied to every HTML fragment made from the chapters' Markdown, after it was cleaned, so that
the web page and the PDF (made from the same HTML) read alike:

- quotation marks and apostrophes as the language writes them, whatever the text types
  (``language/quotes.py``; ``phrases.yaml``: ``quotes``): "risico's" prints "risico’s", and a
  French "sociale" prints « sociale »;
- one percent style per language, the one its figures print with (CLDR's: "74%" in Dutch,
  "74 %" in French): a typed "0 % btw" prints "0% btw";

- a no-break space (U+00A0) where typesetting keeps two words on one line: a number and
  ``%``, ``€`` and its amount, a number and ``euro``, ``miljoen`` or a unit, a day
  and its month ("31 december"), a number and the word after it ("87 adviesverleners"),
  ``art.``, ``artikel`` or ``§`` and its number, and in French
  the space before ``: ; ! ? »`` and after ``«``; the words are the language's
  (``phrases.yaml``: ``tie_after_number``, ``tie_before_number``, ``tie_punctuation``);
- a span of numbers ("Koolmijnenkaai 30-34") and a name of several parts, one of them after
  the first capitalised ("Sint-Jans-Molenbeek"), never break at their hyphens;
- a web address shown as text breaks only after one of its slashes or before a dot of its
  site's name, never after ``https://`` or inside a name: each part is a ``span.url-part``
  (the style sheets keep the first whole), with a ``<wbr>`` after it;
- the ending of an ordinal number superscript where the language raises it (French "1er",
  ``phrases.yaml``: ``ordinal_endings``), as a ``sup.ordinal``;
- a phrase the text quotes in another language (``text/foreign_phrases.py``) in a
  ``span lang``, so that a screen reader speaks it in its language;
- a paragraph that introduces what follows, and a short list it introduces, are marked for
  the print style sheet to keep together (``language/lead_ins.py``).

Only text is changed, never a tag or an attribute; code is left alone. The HTML is read with
a real parser (Beautiful Soup), and a rule may span an element's edge: in "<a>219.949</a> euro"
the space before "euro" is tied although the number is a link.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from babel.dates import get_month_names
from bs4 import BeautifulSoup, NavigableString

from . import quotes
from .formatting import percent_spacing
from .lead_ins import mark_lead_ins
from .phrases import DEFAULT_LANGUAGE, Phrases, languages, phrases
from .unbroken import WORD_JOINER, keep_joined_whole, tie_into_elements

NO_BREAK_SPACE = "\u00a0"
NARROW_NO_BREAK_SPACE = "\u202f"
UNTOUCHED = frozenset({"code", "pre", "script", "style", "kbd", "samp"})
"""Elements whose text is shown as it is written."""

URL_TEXT = re.compile(r"^(?P<start>[a-z]+://[^/\s]+/?)(?P<path>\S*)$")
URL_PART = re.compile(r"[^/]*/|[^/]+$")


def _alternatives(words: tuple[str, ...]) -> str:
    # A word that starts with a letter starts at a word's edge ("art." but not "start.").
    return "|".join(
        rf"\b{re.escape(word)}" if word[0].isalnum() else re.escape(word) for word in words
    )


def _qualifiers(words: Phrases) -> tuple[str, ...]:
    return (words.more_than, words.nearly, words.about)


def _inside_qualifiers(words: Phrases) -> list[str]:
    """A rule per space inside a qualifier of several words before a number ("meer | dan
    198"): a line that broke there would leave "meer" alone, and the reader the wrong sense."""
    rules = []
    for qualifier in _qualifiers(words):
        parts = qualifier.split(" ")
        for cut in range(1, len(parts)):
            before, after = " ".join(parts[:cut]), " ".join(parts[cut:])
            rules.append(rf"\b{re.escape(before)}(?P<space> ){re.escape(after)} \d")
    return rules


@cache
def _ties(language: str) -> list[re.Pattern[str]]:
    """The rules of ``language``, each a pattern whose group ``space`` is a space to tie."""
    words = phrases(language)
    months = "|".join(get_month_names("wide", locale=words.locale).values())
    units = "|".join(re.escape(word) for word in words.tie_after_number)
    rules = [
        r"\d(?P<space> )%",  # 0 % btw
        r"€(?P<space> )\d",  # € 7.000
        r"\d(?P<space> )€",  # 7 000 €
        rf"\d(?P<space> )(?:{units})(?!\w)",  # 219.949 euro, 4.800 m²
        *(
            rf"\b{re.escape(first)}(?P<space> ){re.escape(second)}\b"  # 198 miljoen euro
            for first, second in (pair.split(" ", 1) for pair in words.tie_words)
        ),
        rf"(?<![\d.,])\d{{1,2}}(?P<space> )(?:{months})\b",  # 31 december
        rf"(?<!\d )\b(?:{months})(?P<space> )(?:19|20)\d\d\b",  # juin 2022 (31 december | 2025)
        # 87 adviesverleners: a number (not a year, not the 5 of "8:5") and the word after it,
        # if that word has four letters or more, which "en", "tot" and "van" have not.
        r"(?<![\w.,:])(?!(?:19|20)\d\d\b)\d(?:[\d.,\u202f]*\d)?(?P<space> )(?=[^\W\d_]{4})",
        rf"(?:{_alternatives(words.tie_before_number)})(?P<space> )\d",  # art. 8:5
        # "meer dan" whole before its number; the line may break between it and the number
        # (tied to its number too, "meer dan 198 miljoen euro" leaves a short line before it).
        *_inside_qualifiers(words),
        r"\S(?P<space> )\u2026",  # blokkeert …: an ellipsis never begins a line
        r"\S(?P<space> )[\u2013\u2014](?= )",  # brussels – een: nor does a dash between words
        r"\S(?P<space> )=(?= )",  # 1 persoon = 1 stem: an equation stays on one line
        r"(?<= )=(?P<space> )\S",
    ]
    if words.tie_before_word:  # relatif à | l'agrément: "à" never ends a French line
        rules.append(rf"(?<![\w’'-])(?:{_alternatives(words.tie_before_word)})(?P<space> )(?=\w)")
    if words.tie_punctuation:
        marks = "".join(re.escape(mark) for mark in words.tie_punctuation)
        rules.append(rf"\S(?P<space> )[{marks}]")  # Let's meet ! » : ...
    if words.tie_opening:
        marks = "".join(re.escape(mark) for mark in words.tie_opening)
        rules.append(rf"[{marks}](?P<space> )")  # « Let's
    return [re.compile(rule, re.IGNORECASE) for rule in rules]


def tie_positions(text: str, language: str = DEFAULT_LANGUAGE) -> set[int]:
    """Where in ``text`` a space is to be a no-break space (each rule apart, so that two may
    share a word: "artikel 1 januari")."""
    return {match.start("space") for rule in _ties(language) for match in rule.finditer(text)}


def tied_text(text: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Plain ``text`` with the spaces typesetting in ``language`` ties made no-break, and the
    space before a mark the one the language sets there."""
    tied = tie_positions(text, language)
    text = "".join(NO_BREAK_SPACE if at in tied else char for at, char in enumerate(text))
    edits = punctuation_space_edits(text, language)
    return "".join(edits.get(at, char) for at, char in enumerate(text))


def punctuation_space_edits(text: str, language: str = DEFAULT_LANGUAGE) -> dict[int, str]:
    """The edits that give the space before each mark the language ties to the word before it
    its one form: narrow before French "; ! ?", a no-break space before ":" and "»" (the text,
    the translations and the generated sentences typed either)."""
    words, edits = phrases(language), {}
    marks = "".join(re.escape(mark) for mark in words.tie_punctuation)
    for match in re.finditer(rf"(?<=\S)[ \u00a0\u202f](?=[{marks}])", text) if marks else ():
        mark = text[match.end()]
        wanted = NARROW_NO_BREAK_SPACE if mark in words.thin_before else NO_BREAK_SPACE
        if match.group() != wanted:
            edits[match.start()] = wanted
    return edits


def _texts(soup: BeautifulSoup) -> list[NavigableString]:
    """The fragment's text nodes in reading order, leaving out code."""
    return [
        node
        for node in soup.find_all(string=True)
        if type(node) is NavigableString
        and not any(parent.name in UNTOUCHED for parent in node.parents)
    ]


def _edit(soup: BeautifulSoup, edits: dict[int, str]) -> None:
    """Replace characters of the fragment's text, by their position in its joined text
    (``_texts``), with the given strings; a rule may so see across elements' edges."""
    if not edits:
        return
    start = 0
    for node in _texts(soup):
        end = start + len(node)
        here = {at - start: text for at, text in edits.items() if start <= at < end}
        if here:
            chars = [here.get(index, char) for index, char in enumerate(node)]
            node.replace_with(NavigableString("".join(chars)))
        start = end


def _joined(soup: BeautifulSoup) -> str:
    return "".join(_texts(soup))


def tie_spaces(soup: BeautifulSoup, language: str = DEFAULT_LANGUAGE) -> None:
    """Replace the spaces typesetting in ``language`` ties by no-break spaces, across elements'
    edges."""
    _edit(soup, dict.fromkeys(tie_positions(_joined(soup), language), NO_BREAK_SPACE))


PERCENT = re.compile(r"\d(?P<space>[ \u00a0\u202f]?)%")


def percent_edits(text: str, language: str = DEFAULT_LANGUAGE) -> dict[int, str]:
    """The edits that give every percentage of ``text`` the space (or none) before ``%`` that
    the language's figures print with."""
    wanted = percent_spacing(language)
    edits = {}
    for match in PERCENT.finditer(text):
        if match["space"] == wanted:
            continue
        if match["space"]:
            edits[match.start("space")] = wanted
        else:
            edits[match.end() - 1] = wanted + "%"
    return edits


YEAR_RANGE = re.compile(r"(?<![\w/.\-])(?:19|20)\d\d(?P<dash>-)(?:19|20)\d\d(?![\w/\-])")
"""Two years joined by a hyphen ("2024-2025"), not inside a web address or a longer number."""


ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")
"""Three full stops, typed for an ellipsis."""


def ellipsis_edits(text: str) -> dict[int, str]:
    """The edits that print three typed full stops as the ellipsis "…" (both languages)."""
    edits: dict[int, str] = {}
    for match in ELLIPSIS.finditer(text):
        edits.update({match.start(): "\u2026", match.start() + 1: "", match.start() + 2: ""})
    return edits


def range_edits(text: str) -> dict[int, str]:
    """The edits that join two years with an en dash, as both languages print a span of years
    ("2024–2025"), which no line breaks (:data:`WORD_JOINER`, as a span of numbers)."""
    return {match.start("dash"): "\u2013" + WORD_JOINER for match in YEAR_RANGE.finditer(text)}


SECTION_SIGN = re.compile(r"§(?=\d)")
"""A section sign set against its number ("§2"): both languages print "§ 2", tied."""
NUMBER_SPAN = re.compile(r"(?<=\d)[-\u2013](?=\d)")  # a span of numbers: Koolmijnenkaai 30–34
ADDRESS = re.compile(r"\S*(?:://|@|www\.)\S*")
COMPOUND = re.compile(r"(?<![\w-])[^\W\d_][\w’']*(?:-[\w’']+)+")


SHORT_COMPOUND = 16
"""A compound of at most this many characters never breaks at its hyphens ("pare-feu",
"procès-verbal", "non-distribution"): broken, it left "feu »." alone on a line. A longer one
("peer-to-peerbegeleiding") may, as any line may break at a space."""


def hyphen_edits(text: str) -> dict[int, str]:
    """The edits that keep a span of numbers ("30-34"), a name of several parts and a short
    compound on one line: a word joiner after each of their hyphens. A name is a compound with
    a part after the first capitalised (Sint-Jans-Molenbeek, Saint-Josse-ten-Noode); a short
    compound, one of at most :data:`SHORT_COMPOUND` characters."""
    hyphens = [match.start() for match in NUMBER_SPAN.finditer(text)]
    for match in COMPOUND.finditer(text):
        named = any(part[:1].isupper() for part in match.group().split("-")[1:])
        if named or len(match.group()) <= SHORT_COMPOUND:
            hyphens += [match.start() + at for at, char in enumerate(match.group()) if char == "-"]
    # An address is copied as it stands: nothing is added inside it.
    addresses = [match.span() for match in ADDRESS.finditer(text)]
    kept = [at for at in hyphens if not any(start <= at < end for start, end in addresses)]
    return {at: text[at] + WORD_JOINER for at in kept}


def mark_punctuation(soup: BeautifulSoup, language: str = DEFAULT_LANGUAGE) -> None:
    """Quotation marks, apostrophes, percent signs, spans of years and ellipses as ``language``
    writes them; hyphens that must not end a line marked so."""
    text = _joined(soup)
    edits = {**quotes.changes(text, phrases(language)), **percent_edits(text, language)}
    edits |= hyphen_edits(text) | punctuation_space_edits(text, language)
    edits |= {match.start(): "§" + NO_BREAK_SPACE for match in SECTION_SIGN.finditer(text)}
    _edit(soup, {**edits, **range_edits(text), **ellipsis_edits(text)})


LONG_SITE = 40
"""A web address's start ("https://www.objectifemploigembloux.be") this long or longer may break
before its dots; a shorter one stays whole: it fits a phone's line, and a reader finds the
site's name unbroken."""


def break_urls(soup: BeautifulSoup) -> None:
    """Split each link whose text is a web address into parts that end at a slash, a long
    site's name (:data:`LONG_SITE`) also before each of its dots ("https://www |
    .objectifemploigembloux | .be/"): it would otherwise leave the line before it half
    empty."""
    for link in soup.find_all("a"):
        text = link.string
        if text is None or len(link.contents) != 1:
            continue
        match = URL_TEXT.match(str(text))
        if match is None:
            continue
        start = match["start"]
        site = re.split(r"(?<=\w)(?=\.)", start) if len(start) >= LONG_SITE else [start]
        parts = [*site, *URL_PART.findall(match["path"])]
        link.clear()
        for number, part in enumerate(parts):
            span = soup.new_tag("span", attrs={"class": "url-part"})
            span.string = part
            link.append(span)
            if part.endswith("/") or number < len(site) - 1:
                link.append(soup.new_tag("wbr"))


def raise_ordinals(soup: BeautifulSoup, language: str = DEFAULT_LANGUAGE) -> None:
    """Set the ending of an ordinal number superscript where ``language`` raises it: French
    "l'article 1<sup>er</sup>", "le 2<sup>e</sup> trimestre" (``phrases.yaml``:
    ``ordinal_endings``)."""
    endings = phrases(language).ordinal_endings
    if not endings:
        return
    longest_first = sorted(endings, key=len, reverse=True)
    ending = "|".join(re.escape(letters) for letters in longest_first)
    ordinal = re.compile(rf"(?<![\w.,])(\d+)({ending})(?!\w)")
    for node in _texts(soup):
        pieces = ordinal.split(str(node))
        if len(pieces) == 1 or node.find_parent("sup") is not None:
            continue
        replacement = []
        for index, piece in enumerate(pieces):
            if index % 3 == 2:  # the ending, after its number
                sup = soup.new_tag("sup", attrs={"class": "ordinal"})
                sup.string = piece
                replacement.append(sup)
            elif piece:
                replacement.append(NavigableString(piece))
        node.replace_with(*replacement)


def _phrase_pattern(phrase: str) -> str:
    """A phrase as typed, found as typeset: any apostrophe, a tied space, a joined hyphen."""
    parts = []
    for char in phrase:
        if char in "'’":
            parts.append("['’]")
        elif char.isspace():
            parts.append(r"[ \u00a0\u202f]+")
        elif char == "-":
            parts.append(f"-{WORD_JOINER}?")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _tied_as(text: str, language: str) -> str:
    """``text`` with the spaces ``language`` ties made no-break, when the report knows its
    rules (a French phrase in a Dutch text keeps its space before a colon)."""
    return tied_text(text, language) if language in languages() else text


def mark_foreign(soup: BeautifulSoup, foreign: Mapping[str, Sequence[str]]) -> None:
    """Mark each phrase of ``foreign`` (language -> phrases) with its language: a
    ``span lang="fr"`` around it, wherever a text node holds it whole."""
    by_pattern = {
        _phrase_pattern(phrase): language
        for language, phrases in foreign.items()
        for phrase in sorted(phrases, key=len, reverse=True)
    }
    if not by_pattern:
        return
    found = re.compile("|".join(f"(?<!\\w)(?:{pattern})(?!\\w)" for pattern in by_pattern))
    languages = [(re.compile(pattern), language) for pattern, language in by_pattern.items()]
    for node in _texts(soup):
        text = str(node)
        matches = list(found.finditer(text))
        if not matches or node.find_parent(attrs={"lang": True}) is not None:
            continue
        replacement: list[Any] = []
        start = 0
        for match in matches:
            language = next(lang for rule, lang in languages if rule.fullmatch(match.group()))
            span = soup.new_tag("span", attrs={"lang": language})
            span.string = _tied_as(match.group(), language)
            replacement += [NavigableString(text[start : match.start()]), span]
            start = match.end()
        replacement.append(NavigableString(text[start:]))
        node.replace_with(*[part for part in replacement if str(part)])


def typeset(
    fragment: str,
    language: str = DEFAULT_LANGUAGE,
    foreign: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """``fragment`` (HTML) typeset in ``language``, the phrases of ``foreign`` (language ->
    phrases) marked with their language; tags and attributes are left as they are."""
    soup = BeautifulSoup(fragment, "html.parser")
    mark_punctuation(soup, language)
    tie_spaces(soup, language)
    mark_foreign(soup, foreign or {})
    break_urls(soup)
    raise_ordinals(soup, language)
    keep_joined_whole(soup)
    tie_into_elements(soup)
    mark_lead_ins(soup)
    return str(soup)
