"""How the report prints a number in Dutch (nl-BE).

Plain numbers, money and percentages go through Babel (CLDR data for nl_BE); numbers written out
as words through num2words. The approximate phrasings of the report ("meer dan 198 miljoen",
"bijna 30%", "een zestigtal") are rules over the exact value, each with an explicit edge, so that
next year's value is phrased by the same rule and never by hand.

Every style is registered in ``STYLES`` at the end of this module; the figure catalogue names a
style per figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, format_decimal
from num2words import num2words

LOCALE = "nl_BE"

Number = int | float


def _dec(value: Number) -> Decimal:
    # Through str() so that 8.55 stays 8.55 and does not become 8.5499999...
    return Decimal(str(value))


def round_half_up(value: Number, digits: int = 0) -> Decimal:
    """Round as a reader expects (2.5 -> 3), unlike Python's round() which rounds to even."""
    return _dec(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def integer(value: Number) -> str:
    """A whole number with a dot as thousands separator: 21585 -> '21.585'."""
    return format_decimal(round_half_up(value), format="#,##0", locale=LOCALE)


def decimal(value: Number, digits: int) -> str:
    """A number with a fixed count of decimals and a decimal comma: 8.55 -> '8,55'."""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(round_half_up(value, digits), format=pattern, locale=LOCALE)


def euro(value: Number) -> str:
    """Whole euros with the sign in front, as CLDR gives it for nl_BE: 3500 -> "€ 3.500"."""
    return format_currency(
        round_half_up(value), "EUR", format="¤ #,##0", currency_digits=False, locale=LOCALE
    )


def percent(value: Number, digits: int = 0) -> str:
    """A percentage given in percent (74, not 0.74): 74 -> '74%'."""
    return decimal(value, digits) + "%"


def word(value: Number) -> str:
    """A small whole number written out, as the report does up to twenty: 4 -> 'vier'.

    Larger numbers, and values that are not whole, stay in digits.
    """
    if float(value).is_integer() and 0 <= value <= 20:
        return num2words(int(value), lang="nl")
    return integer(value)


def _floor_significant(value: Number, significant: int) -> Decimal:
    exact = _dec(value)
    if exact <= 0:
        return exact
    step = Decimal(10) ** (math.floor(math.log10(exact)) - significant + 1)
    return (exact / step).to_integral_value(rounding=ROUND_FLOOR) * step


def floored(value: Number) -> str:
    """Floored to two significant digits and printed without a qualifier: 2237 -> '2.200'."""
    return integer(_floor_significant(value, 2))


def more_than(value: Number) -> str:
    """'meer dan' the value floored to two significant digits: 30412 -> 'meer dan 30.000'.

    Only when the floor is strictly below the value: 30000 itself prints as '30.000'.
    """
    floor = _floor_significant(value, 2)
    if floor < _dec(value):
        return f"meer dan {integer(floor)}"
    return integer(value)


def round_significant(value: Number, significant: int) -> Decimal:
    """Round half up to ``significant`` significant digits: (16212, 2) -> 16000."""
    exact = _dec(value)
    if exact == 0:
        return exact
    step = Decimal(10) ** (math.floor(math.log10(abs(exact))) - significant + 1)
    return (exact / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def two_significant(value: Number) -> str:
    """Rounded (half up) to two significant digits: 16212 -> '16.000', 3461 -> '3.500'."""
    return integer(round_significant(value, 2))


ALMOST_TOLERANCE = Decimal("0.10")


def _almost(value: Number, fallback: Callable[[Number], str], suffix: str = "") -> str:
    exact = _dec(value)
    if exact <= 0:
        return fallback(value)
    step = Decimal(10) ** math.floor(math.log10(exact))
    ceiling = (exact / step).to_integral_value(rounding=ROUND_CEILING) * step
    if exact < ceiling and (ceiling - exact) / ceiling <= ALMOST_TOLERANCE:
        return f"bijna {integer(ceiling)}{suffix}"
    return fallback(value)


def almost(value: Number) -> str:
    """'bijna' the next round figure (one significant digit) when at most 10 % below it.

    28900 -> 'bijna 30.000'; 26000 is too far below and prints as '26.000'.
    """
    return _almost(value, integer)


def almost_percent(value: Number) -> str:
    """As ``almost`` for a percentage: 28.9 -> 'bijna 30%'; 26.0 -> '26%'; 30.0 -> '30%'."""
    return _almost(value, percent, suffix="%")


def about_tens(value: Number) -> str:
    """'een tiental', 'een zestigtal': the nearest multiple of ten from 10 to 90, when the value
    lies within 5 % of it (at least 2): 8..12 -> 'een tiental', 57..63 -> 'een zestigtal'.

    Any other value prints as a plain number.
    """
    nearest = int(round_half_up(_dec(value) / 10)) * 10
    if 10 <= nearest <= 90:
        tolerance = max(Decimal(2), Decimal(nearest) / 20)
        if abs(_dec(value) - nearest) <= tolerance:
            return f"een {num2words(nearest, lang='nl')}tal"
    return integer(value)


MILLION = Decimal(1_000_000)


def more_than_millions(value: Number) -> str:
    """Whole millions, floored, after 'meer dan': 198_412_000 -> 'meer dan 198 miljoen'.

    Below one million, the plain 'meer dan' rule: 640_000 -> 'meer dan 640.000'.
    """
    if _dec(value) < MILLION:
        return more_than(value)
    millions = (_dec(value) / MILLION).to_integral_value(rounding=ROUND_FLOOR)
    if millions * MILLION < _dec(value):
        return f"meer dan {integer(millions)} miljoen"
    return f"{integer(millions)} miljoen"


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
    "integer": integer,
    "decimal1": lambda value: decimal(value, 1),
    "decimal2": lambda value: decimal(value, 2),
    "euro": euro,
    "percent": percent,
    "word": word,
    "floored": floored,
    "more_than": more_than,
    "two_significant": two_significant,
    "almost": almost,
    "almost_percent": almost_percent,
    "about_tens": about_tens,
    "more_than_millions": more_than_millions,
    "about_millions": about_millions,
}
"""Style name -> function from an exact value to its printed nl-BE form."""


def render(value: Number, style: str) -> str:
    """Print ``value`` in the named style; an unknown style is a programming error."""
    try:
        return STYLES[style](value)
    except KeyError:
        raise KeyError(f"unknown number style {style!r}; known: {', '.join(STYLES)}") from None
