"""The approximate phrasings of a number, in the language of the edition: the round number nearest
to the value with the qualifier that makes it true ("meer dan 30.000", "bijna 200"; "plus de",
"près de"), a number of tens ("een tiental", "une dizaine"), millions ("ongeveer 7 miljoen").

Each rule has an explicit edge (:data:`APPROXIMATE_TOLERANCE`, :data:`APPROXIMATE_FROM`), so that
next year's value is phrased by the same rule, never by hand. The exact forms they print with are
``language/formatting.py``'s; the words, ``phrases.yaml``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from .formatting import (
    Number,
    _dec,
    integer,
    noun,
    quantity,
    round_half_up,
    with_percent_sign,
)
from .phrases import DEFAULT_LANGUAGE, Phrases, phrases

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


def approximate_percent(value: Number, language: str = DEFAULT_LANGUAGE) -> str:
    """``approximate`` for a percentage, the sign written as ``percent`` does: 28.878 ->
    'bijna 30%', 'près de 30 %'; 30.4 -> 'meer dan 30%'; 30 -> '30%'.

    Below 10 %, zero and negative: the value with its decimals (at most two), 9.5 -> '9,5%'.
    """
    return _approximate(value, language, lambda number: with_percent_sign(number, language))


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
