"""How the report prints a number in Dutch (nl-BE).

Plain numbers, money and percentages go through Babel (CLDR data for nl_BE); numbers written out
as words through num2words. The printed form follows the value: a quantity that is not whole
prints its decimals, an approximate phrase names the round number nearest to the value with the
qualifier that makes it true ("meer dan", "bijna"), and a noun after a count agrees with it. Each
rule has an explicit edge, so that next year's value is phrased by the same rule, never by hand.

Every style is registered in ``STYLES`` at the end of this module; the figure catalogue names a
style per figure.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, format_decimal
from num2words import num2words

LOCALE = "nl_BE"

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


def integer(value: Number) -> str:
    """A whole number, rounded half up, with a dot for thousands: 21585 -> '21.585'.

    Not a style of the catalogue (it would print 90,5 days as '91'): figures use ``quantity``
    or, for money, ``amount``. Charts use it for axis labels, which are whole by construction.
    """
    return format_decimal(round_half_up(value), format="#,##0", locale=LOCALE)


def decimal(value: Number, digits: int) -> str:
    """A number with a fixed count of decimals and a decimal comma: 8.55 -> '8,55'."""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(round_half_up(value, digits), format=pattern, locale=LOCALE)


QUANTITY_DIGITS = 2
"""The most decimals a quantity prints; beyond them the value is rounded half up."""


def quantity(value: Number) -> str:
    """A count or measure (persons, days, hours, m²) as exact as the value is.

    A whole value prints without decimals, a value that is not whole with its decimals: at most
    two, rounded half up, trailing zeros dropped. 21585 -> '21.585', 90.5 -> '90,5',
    4492962.25 -> '4.492.962,25', 2.675 -> '2,68', 2.999 -> '3', 8.50 -> '8,5'.
    """
    # "#" digits in the pattern are dropped when zero: 90.50 prints as 90,5 and 3.00 as 3.
    pattern = "#,##0." + "#" * QUANTITY_DIGITS
    return format_decimal(round_half_up(value, QUANTITY_DIGITS), format=pattern, locale=LOCALE)


def amount(value: Number) -> str:
    """A sum of money in whole euros, without the sign (the text writes '219.949 euro').

    Cents are not printed, by the report's convention: rounded half up, 219949.5 -> '219.950'.
    """
    return integer(value)


def euro(value: Number) -> str:
    """Whole euros with the sign in front, as CLDR gives it for nl_BE: 3500 -> "€ 3.500"."""
    return format_currency(
        round_half_up(value), "EUR", format="¤ #,##0", currency_digits=False, locale=LOCALE
    )


def percent(value: Number, digits: int = 0) -> str:
    """A percentage given in percent (74, not 0.74), no space before the sign: 74 -> '74%'."""
    return decimal(value, digits) + "%"


WORD_MAX = 20
"""The report writes whole numbers from 0 up to this one as words."""


def word(value: Number) -> str:
    """A small whole number written out, as the report does up to twenty: 4 -> 'vier'.

    One is 'één', with the accents that tell the numeral from the article 'een' ('één studie').
    Larger or negative numbers, and values that are not whole, print as a ``quantity``:
    21 -> '21', 2.5 -> '2,5'.
    """
    exact = _dec(value)
    if exact == exact.to_integral_value() and 0 <= exact <= WORD_MAX:
        return num2words(int(exact), lang="nl")
    return quantity(value)


# --------------------------------------------------------------------------------------------
# A count and its noun
# --------------------------------------------------------------------------------------------

_ONE = frozenset({"1", "één", "een"})


def noun(number: Number | str, one: str, other: str) -> str:
    """The form of a noun that agrees with a number: ``one`` for one, ``other`` for any other.

    Dutch takes the singular only for exactly one: '1 studie', 'één studie', 'meer dan 1 dag',
    but '0 studies', '2 studies', '1,5 dagen', '1 miljoen euro', 'een tiental acties'.

    ``number`` is preferably the printed form the reader sees (any style): it reads as one when
    its last word is '1', 'één' or 'een' (any case). A bare value is first printed as a
    ``quantity``, so that the noun agrees with what would be printed: 1 and 1.001 ('1') take
    ``one``, 1.5 ('1,5') takes ``other``.
    """
    printed = number if isinstance(number, str) else quantity(number)
    words = printed.split()
    return one if words and words[-1].lower() in _ONE else other


def with_noun(printed: str, one: str, other: str) -> str:
    """A printed number followed by the noun that agrees with it: ('1', ...) -> '1 studie'."""
    return f"{printed} {noun(printed, one, other)}"


def count_with_noun(value: Number, one: str, other: str, style: str = "quantity") -> str:
    """``value`` printed in ``style``, then the noun in the number that agrees with it.

    (1, 'studie', 'studies') -> '1 studie'; (2, ...) -> '2 studies';
    (1.5, 'dag', 'dagen') -> '1,5 dagen'; (1, 'studie', 'studies', 'word') -> 'één studie'.
    """
    return with_noun(render(value, style), one, other)


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


def _qualifier(value: Decimal, rounded: Decimal) -> str:
    if value > rounded:
        return "meer dan "
    if value < rounded:
        return "bijna "
    return ""


def approximate(value: Number) -> str:
    """The roundest number close to the value, with the qualifier that makes it true.

    The rule: with k = floor(log10(value)), N is the nearest multiple (rounding half up) of
    10^k (one significant digit); if that lies more than 5 % of the value away from the value
    (|value − N| > 0.05 × value), the nearest multiple of 5 × 10^(k−1); if that too is more
    than 5 % away, the nearest multiple of 10^(k−1) (two significant digits), which always
    lies within 5 %. Exactly 5 % away counts as within. N is printed as 'meer dan N' when the
    value is above it, 'bijna N' when below, and 'N' alone when equal.

    30451 -> 'meer dan 30.000'; 29993 -> 'bijna 30.000'; 30000 -> '30.000';
    154.5 -> 'meer dan 150' (200 is 29 % away, 150 is 2.9 %);
    2237 -> 'meer dan 2.200' (2.000 is 10.6 % away, and so is the nearest multiple of 500).

    Below 10, and for zero and negative values, no round number is named: the value prints
    as a ``quantity`` (7.4 -> '7,4').
    """
    exact = _dec(value)
    rounded = round_number(exact)
    if rounded is None:
        return quantity(value)
    return _qualifier(exact, rounded) + quantity(rounded)


def round_figure(value: Number) -> str:
    """The number of ``approximate`` without its qualifier: 2237 -> '2.200', 29993 -> '30.000'.

    For a sentence where the qualifier would not fit ('vulden 2.200 leden de enquête in').
    Below 10, zero and negative: the value as a ``quantity``.
    """
    rounded = round_number(value)
    return quantity(value) if rounded is None else quantity(rounded)


def approximate_percent(value: Number) -> str:
    """``approximate`` for a percentage, the sign written as ``percent`` does: 28.878 ->
    'bijna 30%', 30.4 -> 'meer dan 30%', 30 -> '30%'.

    Below 10 %, zero and negative: the value with its decimals (at most two), 9.5 -> '9,5%'.
    """
    return approximate(value) + "%"


def round_significant(value: Number, significant: int) -> Decimal:
    """Round half up to ``significant`` significant digits: (16212, 2) -> 16000."""
    exact = _dec(value)
    if exact == 0:
        return exact
    step = Decimal(10) ** (exact.adjusted() - significant + 1)
    return (exact / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def about_tens(value: Number) -> str:
    """'een tiental', 'een zestigtal': the nearest multiple of ten from 10 to 90 (rounding half
    up), when the value lies within 5 % of it, and at least within 2:
    8..12 -> 'een tiental', 57..63 -> 'een zestigtal'.

    Any other value prints as a ``quantity``: 13 -> '13', 13.5 -> '13,5'.
    """
    exact = _dec(value)
    nearest = int(round_half_up(exact / 10)) * 10
    if 10 <= nearest <= 90:
        # 5 % of ten is half a unit: "een tiental" would then mean 10 only, so at least 2.
        tolerance = max(Decimal(2), Decimal(nearest) / 20)
        if abs(exact - nearest) <= tolerance:
            return f"een {num2words(nearest, lang='nl')}tal"
    return quantity(value)


MILLION = Decimal(1_000_000)


def approximate_millions(value: Number) -> str:
    """The nearest whole number of millions (rounding half up), with the qualifier that makes
    it true, when it lies within 5 % of the value (always so from 10 million):
    198_437_615.47 -> 'meer dan 198 miljoen', 198_700_000 -> 'bijna 199 miljoen',
    199_000_000 -> '199 miljoen', 960_000 -> 'bijna 1 miljoen'.

    Otherwise (below 952.381, or below 10 million and more than 5 % from a whole million) the
    general rule of ``approximate``: 602_000 -> 'meer dan 600.000', 1_400_000 -> '1.400.000'.
    """
    exact = _dec(value)
    millions = round_half_up(exact / MILLION)
    if millions >= 1 and _within_tolerance(exact, millions * MILLION):
        return f"{_qualifier(exact, millions * MILLION)}{quantity(millions)} miljoen"
    return approximate(value)


def about_millions(value: Number) -> str:
    """Whole millions, rounded half up, after 'ongeveer': 6_930_000 -> 'ongeveer 7 miljoen'.

    What would round to 0 million is rounded to two significant digits instead:
    138_456 -> 'ongeveer 140.000'.
    """
    millions = round_half_up(_dec(value) / MILLION)
    if millions == 0:
        return f"ongeveer {integer(round_significant(value, 2))}"
    return f"ongeveer {integer(millions)} miljoen"


def capitalize(text: str) -> str:
    """Upper-case the first character only ('meer dan 30.000' -> 'Meer dan 30.000')."""
    return text[:1].upper() + text[1:]


STYLES: dict[str, Callable[[Number], str]] = {
    "quantity": quantity,
    "amount": amount,
    "decimal1": lambda value: decimal(value, 1),
    "decimal2": lambda value: decimal(value, 2),
    "euro": euro,
    "percent": percent,
    "word": word,
    "approximate": approximate,
    "round_figure": round_figure,
    "approximate_percent": approximate_percent,
    "about_tens": about_tens,
    "approximate_millions": approximate_millions,
    "about_millions": about_millions,
}
"""Style name -> function from an exact value to its printed nl-BE form."""


def render(value: Number, style: str) -> str:
    """Print ``value`` in the named style; an unknown style is a programming error."""
    try:
        style_function = STYLES[style]
    except KeyError:
        raise KeyError(f"unknown number style {style!r}; known: {', '.join(STYLES)}") from None
    return style_function(value)
