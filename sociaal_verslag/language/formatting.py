"""How the report prints an exact number, and a count with its noun, in the language of its edition
(nl-BE, fr-BE).

Plain numbers, money, percentages and dates go through Babel (CLDR data for the edition's
locale); numbers written out as words through num2words. The printed form follows the value: a
quantity that is not whole prints its decimals, and a noun after a count agrees with it by the
locale's CLDR plural rule. The approximate phrasings ("meer dan 30.000") are
``language/approximate.py``'s; the styles the figure catalogue names, ``language/styles.py``'s.

The rules are written once for every language; the words they choose among are data, per language,
in ``phrases.yaml`` (``language/phrases.py``). Every function takes the ``language`` of the edition
("nl" or "fr"), by default Dutch, the language of the report as published.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import num2words as num2words_module
from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    format_percent,
    parse_decimal,
)
from num2words import num2words

from .phrases import DEFAULT_LANGUAGE, locale, phrases

Number = int | float | Decimal


def _dec(value: Number) -> Decimal:
    # Through str() so that 8.55 stays 8.55 and does not become 8.5499999...
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_half_up(value: Number, digits: int = 0) -> Decimal:
    """Round as a reader expects (2.5 -> 3), unlike Python's round() which rounds to even."""
    return _dec(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------------------------
# Exact numbers
# --------------------------------------------------------------------------------------------


def integer(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """A whole number, rounded half up, with the locale's thousands separator: 21585 ->
    '21.585' (nl), '21 585' (fr, a narrow no-break space U+202F as CLDR gives it).

    Not a style of the catalogue (it would print 90,5 days as '91'): figures use ``quantity``
    or, for money, ``amount``. Charts use it for axis labels, which are whole by construction.
    """
    return format_decimal(round_half_up(value), format="#,##0", locale=locale(language))


def decimal(value: Number, digits: int, language: str = DEFAULT_LANGUAGE) -> str:
    """A number with a fixed count of decimals and a decimal comma: 8.55 -> '8,55'."""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(round_half_up(value, digits), format=pattern, locale=locale(language))


EXACT_PATTERN = "#,##0." + "#" * 12
"""Every digit a stored value has (a float's shortest repr has at most 17 significant ones)."""


def exact(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """A value with every digit it has, in the locale's form, for the tables that compare
    figures (a rounded form would hide a change): 198438000.0 -> '198.438.000', 2.675 ->
    '2,675' (nl), '2,675' (fr); a float as its shortest repr, never '1.98438e+08'."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return format_decimal(number, format=EXACT_PATTERN, locale=locale(language))


MINUS = "\u2212"
"""The minus sign the report prints before a negative change (not the hyphen)."""


def signed(value: Number, digits: int | None = None, language: str = DEFAULT_LANGUAGE) -> str:
    """A change with its sign: '+2', '−28', '0'; with ``digits`` decimals (rounded half up), or
    every digit it has (None)."""
    size = abs(value)
    text = exact(size, language) if digits is None else decimal(size, digits, language)
    if value == 0 or text.strip("0,. \u202f") == "":
        return text
    return ("+" if value > 0 else MINUS) + text


QUANTITY_DIGITS = 2
"""The most decimals a quantity prints; beyond them the value is rounded half up."""

QUANTITY_SIGNIFICANT = 4
"""The digits a quantity's decimals may bring it to: a decimal beyond the fourth digit means
nothing to a reader (4.492.962,25 hours print as whole hours, 154,5 hours keep their half)."""


def _quantity_decimals(value: Decimal) -> int:
    whole_digits = len(str(int(abs(value)))) if abs(value) >= 1 else 0
    return min(QUANTITY_DIGITS, max(0, QUANTITY_SIGNIFICANT - whole_digits))


def quantity(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """A count or measure (persons, days, hours, m²) as exact as the value is, and no more
    than means something.

    A whole value prints without decimals, a value that is not whole with its decimals: at most
    two, and none beyond the fourth digit of the number, rounded half up, trailing zeros
    dropped. 21585 -> '21.585', 90.5 -> '90,5', 154.55 -> '154,6', 4492962.25 -> '4.492.962',
    2.675 -> '2,68', 2.999 -> '3', 8.50 -> '8,5'. Rounding to a round number is not this
    function's: a form that does says so (``approximate.py``).
    """
    # "#" digits in the pattern are dropped when zero: 90.50 prints as 90,5 and 3.00 as 3.
    digits = _quantity_decimals(_dec(value))
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    rounded = round_half_up(value, digits)
    return format_decimal(rounded, format=pattern, locale=locale(language))


def amount(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """A sum of money in whole euros, without the sign (the text writes '219.949 euro').

    Cents are not printed, by the report's convention: rounded half up, 219949.5 -> '219.950'.
    """
    return integer(value, language)


@cache
def _percent_affixes(locale_name: str) -> tuple[str, str]:
    # What CLDR writes before and after the number of a percentage: nl_BE ("", "%"),
    # fr_BE ("", "\u00a0%"): the French sign takes a no-break space.
    prefix, _, suffix = format_percent(0, locale=locale_name).partition("0")
    return prefix, suffix


def percent_spacing(language: str = DEFAULT_LANGUAGE) -> str:
    """What stands between a number and ``%`` in ``language``: '' (nl), U+202F (fr)."""
    _, suffix = _percent_affixes(locale(language))
    return suffix[: len(suffix) - len(suffix.lstrip())]


def with_percent_sign(number: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A number already printed, with the percent sign as ``language`` writes it."""
    prefix, suffix = _percent_affixes(locale(language))
    return f"{prefix}{number}{suffix}"


def percent(value: Number, digits: int = 0, language: str = DEFAULT_LANGUAGE) -> str:
    """A percentage given in percent (74, not 0.74), the sign as CLDR writes it: 74 -> '74%'
    (nl), '74 %' (fr, with a no-break space U+00A0)."""
    return with_percent_sign(decimal(value, digits, language), language)


def percent_signed(value: Number, digits: int, language: str = DEFAULT_LANGUAGE) -> str:
    """A change in percent with its sign: '+1,23%', '−4,5%' (nl); '+1,23 %' (fr)."""
    return with_percent_sign(signed(value, digits, language), language)


def long_date(day: date, language: str = DEFAULT_LANGUAGE) -> str:
    """A date in full, in the locale's long form: '31 december 2025' (nl),
    '31 décembre 2025' (fr). French writes the first of a month as an ordinal, '1er décembre
    2025', which CLDR does not: the word is ``first`` in ``phrases.yaml``."""
    words = phrases(language)
    pattern = Locale.parse(words.locale).date_formats["long"].pattern
    if day.day == 1 and words.first:
        # The day field is a lone "d" in the pattern ("d MMMM y"); quoted, the word is literal.
        pattern = re.sub(r"(?<![d'])d(?![d'])", f"'{words.first}'", pattern)
    return format_date(day, format=pattern, locale=words.locale)


def article_number(number: int, language: str = DEFAULT_LANGUAGE) -> str:
    """The number of an article as a citation writes it: 'artikel 1' (nl), 'l'article 1er'
    (fr), with the word ``first`` of ``phrases.yaml``; any other number as it is."""
    first = phrases(language).first
    return first if number == 1 and first else str(number)


WORD_MAX = 20
"""The report writes whole numbers from 0 up to this one as words."""


def _spell(number: int, language: str) -> str:
    # num2words knows some languages per region ("fr_BE": septante, nonante), others only by
    # language ("nl"): the locale when it knows it, the language otherwise.
    loc = locale(language)
    return num2words(number, lang=loc if loc in num2words_module.CONVERTER_CLASSES else language)


def word(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """A small whole number written out, as the report does up to twenty: 4 -> 'vier',
    'quatre'.

    One is 'één' in Dutch, with the accents that tell the numeral from the article 'een' ('één
    studie'), and 'un' in French ('une' before a feminine noun: see ``with_noun``). Larger or
    negative numbers, and values that are not whole, print as a ``quantity``: 21 -> '21',
    2.5 -> '2,5'.
    """
    exact = _dec(value)
    if exact == exact.to_integral_value() and 0 <= exact <= WORD_MAX:
        return _spell(int(exact), language)
    return quantity(value, language)


# --------------------------------------------------------------------------------------------
# A count and its noun
# --------------------------------------------------------------------------------------------


@cache
def _number_words(language: str) -> dict[str, int]:
    # Every word the style `word` writes, and the language's other words for a number ("een").
    spelled = {_spell(number, language): number for number in range(WORD_MAX + 1)}
    return {**spelled, **phrases(language).number_words}


def _last_word(printed: str) -> str:
    # Only an ordinary space separates words: the no-break spaces inside a French number
    # ("1 001", "30 %") are part of it.
    return printed.rsplit(" ", 1)[-1]


def _reads_as(printed: str, language: str) -> Decimal | None:
    """The number a printed form ends with, as the reader reads it; None when it ends in a
    word that is not a number ('een tiental', '1 miljoen', '30%')."""
    last = _last_word(printed).lower()
    if last in _number_words(language):
        return Decimal(_number_words(language)[last])
    try:
        # Decimals as written: "1,0" is 1.0, not 1, which CLDR's plural rules tell apart.
        return parse_decimal(last, locale=locale(language), strict=True)
    except NumberFormatError:
        return None


def noun(number: Number | str, one: str, other: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The form of a noun that agrees with a number, by the locale's CLDR plural rule.

    Dutch takes the singular only for exactly one: '1 studie', 'één studie', 'meer dan 1 dag',
    but '0 studies', '2 studies', '1,5 dagen', '1,0 dagen', '1 miljoen euro', 'een tiental
    acties'. French takes it for a number below two: '0 étude', '1 étude', '1,5 jour', but
    '2 études', '1 000 études'.

    ``number`` is preferably the printed form the reader sees (any style): its last word is the
    number the noun follows ('1', 'één', 'une'); a form that ends in a word that is not a
    number ('een tiental') takes ``other``. A bare value is first printed as a ``quantity``, so
    that the noun agrees with what would be printed: 1 and 1.001 ('1') take ``one``, 1.5
    ('1,5') takes ``other`` in Dutch.
    """
    printed = number if isinstance(number, str) else quantity(number, language)
    value = _reads_as(printed, language)
    if value is None:
        return other
    return one if Locale.parse(locale(language)).plural_form(value) == "one" else other


def in_gender(printed: str, feminine: bool, language: str = DEFAULT_LANGUAGE) -> str:
    """A printed number in the gender of the noun after it: 'un' -> 'une' before a feminine
    French noun ('une étude'); every other form, and every Dutch form, as it is."""
    if not feminine:
        return printed
    head, _, last = printed.rpartition(" ")
    changed = phrases(language).feminine.get(last.lower())
    if changed is None:
        return printed
    if last[:1].isupper():
        changed = capitalize(changed)
    return f"{head} {changed}" if head else changed


_ELIDING = re.compile(r"[aeiouyhàâäæéèêëîïôöœùûü]", re.IGNORECASE)
"""The first letters before which French elides 'de' to 'd''. A word with a silent h ('d'heures')
elides; the rare aspirated h ('de hauts') would not, and is not told apart here."""


def linked(printed: str, words: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The words after a printed number, joined to it as the language does when the number is
    itself a noun: French 'une dizaine' + 'études' -> "d'études", '198 millions' + 'euros' ->
    "d'euros", 'une soixantaine' + 'médecins' -> 'de médecins'; after a plain number ('12'),
    and always in Dutch ('een tiental studies'), the words as they are."""
    link = phrases(language).noun_link
    if link is None or _last_word(printed).lower() not in phrases(language).collective:
        return words
    if _ELIDING.match(words):
        return f"{link.elided}{words}"
    return f"{link.plain} {words}"


def with_noun(
    printed: str, one: str, other: str, language: str = DEFAULT_LANGUAGE, *, feminine: bool = False
) -> str:
    """A printed number followed by the noun that agrees with it: ('1', ...) -> '1 studie';
    in French ('un', 'étude', 'études', feminine) -> 'une étude', ('une dizaine', ...) ->
    "une dizaine d'études"."""
    number = in_gender(printed, feminine, language)
    return f"{number} {linked(number, noun(number, one, other, language), language)}"


def capitalize(text: str) -> str:
    """Upper-case the first character only ('meer dan 30.000' -> 'Meer dan 30.000')."""
    return text[:1].upper() + text[1:]
