"""Every printed form says what it counts: a style that prints a number other than the value
(at the precision it prints) carries the word that says so, and that word is true.

"vulden 2.200 leden de enquête in" for 2.237 respondents was such a form: it rounded without a
word. Each style of the catalogue, in each language, is tried on values made to expose it.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from babel.numbers import parse_decimal
from num2words import num2words

from sociaal_verslag.language.phrases import languages, phrases
from sociaal_verslag.language.styles import STYLES, render

pytestmark = pytest.mark.unit

VALUES = [
    2237,  # the survey's respondents: not "2.200"
    2279,  # not "2.300"
    29993,
    30451,
    154.5,
    90.5,  # half a day
    28.878,
    9.5,
    16212,
    4492327.58,  # hours: whole hours are its precision, not a round number
    1234.5,
    999.96,
    6937284.3,
    198437615.47,
    57,
    12,
    10,
    3,
    0,
]
SPACES = re.compile(r"[\s\u00a0\u202f]")


def _qualifier(printed: str, language: str) -> str | None:
    words = phrases(language)
    for word in (words.more_than, words.nearly, words.about, *words.tens.values()):
        if word in printed:
            return word
    return None


def _number(printed: str, language: str) -> tuple[Decimal, int]:
    """The number a form prints, and how many decimals it prints."""
    words = phrases(language)
    match = re.search(r"-?\d[\d.,\s\u00a0\u202f]*", printed)
    assert match, printed
    text = SPACES.sub("", match.group()).rstrip(".,")
    decimals = len(text.split(",")[1]) if "," in text else 0
    number = parse_decimal(text, locale=words.locale, strict=False)
    if re.search(rf"\b({words.million.one}|{words.million.other})\b", printed):
        return number * 1_000_000, decimals + 6 * -1
    return number, decimals


@pytest.mark.parametrize("language", languages())
@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_form_that_rounds_says_so_and_truly(style, language):
    words = phrases(language)
    for value in VALUES:
        printed = render(value, style, language)
        qualifier = _qualifier(printed, language)
        if not re.search(r"\d", printed):
            if qualifier is None:  # a number in words: exactly the value
                assert value == int(value), (style, value, printed)
                assert printed == num2words(int(value), lang=language), (style, value, printed)
            continue
        number, decimals = _number(printed, language)
        exact = Decimal(str(value))
        if qualifier == words.more_than:
            assert exact > number, (style, value, printed)
        elif qualifier == words.nearly:
            assert exact < number, (style, value, printed)
        elif qualifier is None:
            # Without a word, the form is the value at the precision it prints.
            step = Decimal(1).scaleb(-decimals)
            assert abs(exact - number) <= step / 2, (style, value, printed)


def test_the_test_catches_a_round_number_without_its_word(monkeypatch):
    """The rule this test enforces would fail a style that printed 2.237 as '2.200'."""
    from sociaal_verslag.language import approximate, formatting

    def bare_round(value, language):
        return formatting.quantity(approximate.round_number(value) or value, language)

    monkeypatch.setitem(STYLES, "bare_round", bare_round)
    with pytest.raises(AssertionError, match="2237"):
        test_a_form_that_rounds_says_so_and_truly("bare_round", "nl")
