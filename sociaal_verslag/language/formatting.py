"""How the report prints a number, in the language of its edition (nl-BE, fr-BE).

Plain numbers, money, percentages and dates go through Babel (CLDR data for the edition's
locale); numbers written out as words through num2words. The printed form follows the value: a
quantity that is not whole prints its decimals, an approximate phrase names the round number
nearest to the value with the qualifier that makes it true ("meer dan", "bijna"; "plus de",
"près de"), and a noun after a count agrees with it by the locale's CLDR plural rule. Each rule
has an explicit edge, so that next year's value is phrased by the same rule, never by hand.

The rules are written once for every language; the words they choose among are data, per language,
in ``phrases.yaml`` (``language/phrases.py``). Every function takes the ``language`` of the edition
("nl" or "fr"), by default Dutch, the language of the report as published.

Every style is registered in ``STYLES`` at the end of this module; the figure catalogue names a
style per figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import num2words as num2words_module
from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    format_percent,
    parse_decimal,
)
from num2words import num2words

from .phrases import DEFAULT_LANGUAGE, Phrases, locale, phrases

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


QUANTITY_DIGITS = 2
"""The most decimals a quantity prints; beyond them the value is rounded half up."""


def quantity(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """A count or measure (persons, days, hours, m²) as exact as the value is.

    A whole value prints without decimals, a value that is not whole with its decimals: at most
    two, rounded half up, trailing zeros dropped. 21585 -> '21.585', 90.5 -> '90,5',
    4492962.25 -> '4.492.962,25', 2.675 -> '2,68', 2.999 -> '3', 8.50 -> '8,5'.
    """
    # "#" digits in the pattern are dropped when zero: 90.50 prints as 90,5 and 3.00 as 3.
    pattern = "#,##0." + "#" * QUANTITY_DIGITS
    rounded = round_half_up(value, QUANTITY_DIGITS)
    return format_decimal(rounded, format=pattern, locale=locale(language))


def amount(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """A sum of money in whole euros, without the sign (the text writes '219.949 euro').

    Cents are not printed, by the report's convention: rounded half up, 219949.5 -> '219.950'.
    """
    return integer(value, language)


@cache
def _cldr_whole_currency_pattern(locale_name: str) -> str:
    # The locale's own pattern for money, without its decimals (the report prints whole euros):
    # fr_BE "#,##0.00 ¤" -> "#,##0 ¤".
    pattern = Locale.parse(locale_name).currency_formats["standard"].pattern
    return re.sub(r"\.0+", "", pattern)


def euro(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """Whole euros with the sign: 3500 -> '€ 3.500' (nl, as published), '3 500 €' (fr, as CLDR
    gives it: U+202F between the thousands, a no-break space U+00A0 before the sign).

    The pattern is ``euro_pattern`` in ``phrases.yaml``, or the locale's CLDR pattern.
    """
    words = phrases(language)
    pattern = words.euro_pattern or _cldr_whole_currency_pattern(words.locale)
    return format_currency(
        round_half_up(value), "EUR", format=pattern, currency_digits=False, locale=words.locale
    )


@cache
def _percent_affixes(locale_name: str) -> tuple[str, str]:
    # What CLDR writes before and after the number of a percentage: nl_BE ("", "%"),
    # fr_BE ("", "\u00a0%"): the French sign takes a no-break space.
    prefix, _, suffix = format_percent(0, locale=locale_name).partition("0")
    return prefix, suffix


def _with_percent_sign(number: str, language: str) -> str:
    prefix, suffix = _percent_affixes(locale(language))
    return f"{prefix}{number}{suffix}"


def percent(value: Number, digits: int = 0, language: str = DEFAULT_LANGUAGE) -> str:
    """A percentage given in percent (74, not 0.74), the sign as CLDR writes it: 74 -> '74%'
    (nl), '74 %' (fr, with a no-break space U+00A0)."""
    return _with_percent_sign(decimal(value, digits, language), language)


def long_date(day: date, language: str = DEFAULT_LANGUAGE) -> str:
    """A date in full, in the locale's long form: '31 december 2025' (nl),
    '31 décembre 2025' (fr). French writes the first of a month as an ordinal, '1er décembre
    2025', which CLDR does not: the word is ``first_of_month`` in ``phrases.yaml``."""
    words = phrases(language)
    pattern = Locale.parse(words.locale).date_formats["long"].pattern
    if day.day == 1 and words.first_of_month:
        # The day field is a lone "d" in the pattern ("d MMMM y"); quoted, the word is literal.
        pattern = re.sub(r"(?<![d'])d(?![d'])", f"'{words.first_of_month}'", pattern)
    return format_date(day, format=pattern, locale=words.locale)


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


def count_with_noun(
    value: Number,
    one: str,
    other: str,
    style: str = "quantity",
    language: str = DEFAULT_LANGUAGE,
    *,
    feminine: bool = False,
) -> str:
    """``value`` printed in ``style``, then the noun in the number that agrees with it.

    (1, 'studie', 'studies') -> '1 studie'; (2, ...) -> '2 studies';
    (1.5, 'dag', 'dagen') -> '1,5 dagen'; (1, 'studie', 'studies', 'word') -> 'één studie'.
    """
    return with_noun(render(value, style, language), one, other, language, feminine=feminine)


# --------------------------------------------------------------------------------------------
# Approximate phrasings
# --------------------------------------------------------------------------------------------

APPROXIMATE_TOLERANCE = Decimal("0.05")
"""How far from the value a round number may lie, as a share of the value (5 %)."""

APPROXIMATE_FROM = Decimal(10)
"""Below this value there is no rounder number worth naming: the value prints as it is."""


def _within_tolerance(value: Decimal, candidate: Decimal) -> bool:
    return abs(value - candidate) <= APPROXIMATE_TOLERANCE * value


def _nearest_multiple(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def round_number(value: Number) -> Decimal | None:
    """The roundest number within 5 % of ``value``; None below 10 (see ``approximate``).

    With k = floor(log10(value)), the candidates are the nearest multiple (round half up) of
    10^k, then of 5 × 10^(k−1), then of 10^(k−1); the first that lies within 5 % of the value
    (|value − N| ≤ 0.05 × value) is taken. The last always does, since a multiple of 10^(k−1)
    lies at most 0.5 × 10^(k−1) from a value of at least 10^k.
    """
    exact = _dec(value)
    if exact < APPROXIMATE_FROM:
        return None
    # floor(log10) exactly: math.log10 on a float can land on the wrong side of a power of 10.
    k = exact.adjusted()
    unit = Decimal(10) ** k
    for step in (unit, unit / 2, unit / 10):
        nearest = _nearest_multiple(exact, step)
        if _within_tolerance(exact, nearest):
            return nearest
    raise AssertionError("unreachable: a multiple of 10^(k-1) always lies within 5 %")


def _qualified(value: Decimal, rounded: Decimal, number: str, words: Phrases) -> str:
    """``number`` (the printed ``rounded``) after the qualifier that makes it true of ``value``:
    'meer dan' when the value is above it, 'bijna' when below, nothing when equal."""
    if value > rounded:
        return f"{words.more_than} {number}"
    if value < rounded:
        return f"{words.nearly} {number}"
    return number


def _approximate(value: Number, language: str, sign: Callable[[str], str] = str) -> str:
    exact = _dec(value)
    rounded = round_number(exact)
    if rounded is None:
        return sign(quantity(value, language))
    return _qualified(exact, rounded, sign(quantity(rounded, language)), phrases(language))


def approximate(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """The roundest number close to the value, with the qualifier that makes it true.

    The rule: with k = floor(log10(value)), N is the nearest multiple (rounding half up) of
    10^k (one significant digit); if that lies more than 5 % of the value away from the value
    (|value − N| > 0.05 × value), the nearest multiple of 5 × 10^(k−1); if that too is more
    than 5 % away, the nearest multiple of 10^(k−1) (two significant digits), which always
    lies within 5 %. Exactly 5 % away counts as within. N is printed as 'meer dan N' ('plus de
    N') when the value is above it, 'bijna N' ('près de N') when below, and 'N' alone when equal.

    30451 -> 'meer dan 30.000'; 29993 -> 'bijna 30.000'; 30000 -> '30.000';
    154.5 -> 'meer dan 150' (200 is 29 % away, 150 is 2.9 %);
    2237 -> 'meer dan 2.200' (2.000 is 10.6 % away, and so is the nearest multiple of 500).

    Below 10, and for zero and negative values, no round number is named: the value prints
    as a ``quantity`` (7.4 -> '7,4').
    """
    return _approximate(value, language)


def round_figure(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """The number of ``approximate`` without its qualifier: 2237 -> '2.200', 29993 -> '30.000'.

    For a sentence where the qualifier would not fit ('vulden 2.200 leden de enquête in').
    Below 10, zero and negative: the value as a ``quantity``.
    """
    rounded = round_number(value)
    return quantity(value if rounded is None else rounded, language)


def approximate_percent(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """``approximate`` for a percentage, the sign written as ``percent`` does: 28.878 ->
    'bijna 30%', 'près de 30 %'; 30.4 -> 'meer dan 30%'; 30 -> '30%'.

    Below 10 %, zero and negative: the value with its decimals (at most two), 9.5 -> '9,5%'.
    """
    return _approximate(value, language, lambda number: _with_percent_sign(number, language))


def round_significant(value: Number, significant: int) -> Decimal:
    """Round half up to ``significant`` significant digits: (16212, 2) -> 16000."""
    exact = _dec(value)
    if exact == 0:
        return exact
    step = Decimal(10) ** (exact.adjusted() - significant + 1)
    return (exact / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def about_tens(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """'een tiental', 'een zestigtal' ('une dizaine', 'une soixantaine'): the nearest multiple
    of ten from 10 to 90 (rounding half up), when the value lies within 5 % of it, and at least
    within 2: 8..12 -> 'een tiental', 57..63 -> 'een zestigtal'. The words per ten are
    ``tens`` in ``phrases.yaml``.

    Any other value prints as a ``quantity``: 13 -> '13', 13.5 -> '13,5'.
    """
    exact = _dec(value)
    nearest = int(round_half_up(exact / 10)) * 10
    if 10 <= nearest <= 90:
        # 5 % of ten is half a unit: "een tiental" would then mean 10 only, so at least 2.
        tolerance = max(Decimal(2), Decimal(nearest) / 20)
        if abs(exact - nearest) <= tolerance:
            return phrases(language).tens[nearest]
    return quantity(value, language)


MILLION = Decimal(1_000_000)


def _millions(number: Decimal, language: str) -> str:
    # "198 miljoen"; in French the word agrees: "1 million", "198 millions".
    printed = integer(number, language)
    forms = phrases(language).million
    return f"{printed} {noun(printed, forms.one, forms.other, language)}"


def approximate_millions(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """The nearest whole number of millions (rounding half up), with the qualifier that makes
    it true, when it lies within 5 % of the value (always so from 10 million):
    198_437_615.47 -> 'meer dan 198 miljoen' ('plus de 198 millions'), 198_700_000 -> 'bijna
    199 miljoen', 199_000_000 -> '199 miljoen', 960_000 -> 'bijna 1 miljoen' ('près de 1
    million').

    Otherwise (below 952.381, or below 10 million and more than 5 % from a whole million) the
    general rule of ``approximate``: 602_000 -> 'meer dan 600.000', 1_400_000 -> '1.400.000'.
    """
    exact = _dec(value)
    millions = round_half_up(exact / MILLION)
    if millions >= 1 and _within_tolerance(exact, millions * MILLION):
        printed = _millions(millions, language)
        return _qualified(exact, millions * MILLION, printed, phrases(language))
    return approximate(value, language)


def about_millions(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """Whole millions, rounded half up, after 'ongeveer' ('environ'): 6_930_000 -> 'ongeveer
    7 miljoen' ('environ 7 millions').

    What would round to 0 million is rounded to two significant digits instead:
    138_456 -> 'ongeveer 140.000'.
    """
    about = phrases(language).about
    millions = round_half_up(_dec(value) / MILLION)
    if millions == 0:
        return f"{about} {integer(round_significant(value, 2), language)}"
    return f"{about} {_millions(millions, language)}"


def capitalize(text: str) -> str:
    """Upper-case the first character only ('meer dan 30.000' -> 'Meer dan 30.000')."""
    return text[:1].upper() + text[1:]


Style = Callable[[Number, str], str]
"""A printed form: (exact value, language) -> the text."""

STYLES: dict[str, Style] = {
    "quantity": quantity,
    "amount": amount,
    "decimal1": lambda value, language: decimal(value, 1, language),
    "decimal2": lambda value, language: decimal(value, 2, language),
    "euro": euro,
    "percent": lambda value, language: percent(value, 0, language),
    "word": word,
    "approximate": approximate,
    "round_figure": round_figure,
    "approximate_percent": approximate_percent,
    "about_tens": about_tens,
    "approximate_millions": approximate_millions,
    "about_millions": about_millions,
}
"""Style name -> function from an exact value and a language to its printed form."""


def render(value: Number, style: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Print ``value`` in the named style and language; an unknown style is a programming
    error, an unknown language names the known ones."""
    try:
        style_function = STYLES[style]
    except KeyError:
        raise KeyError(f"unknown number style {style!r}; known: {', '.join(STYLES)}") from None
    return style_function(value, language)
