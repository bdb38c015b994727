"""The printed forms the figure catalogue names (``style:`` in ``metrics/*.meta.yml``), each a
function of the exact value and the edition's language, and a count printed in a style with the
noun that agrees with it.
"""

from __future__ import annotations

from collections.abc import Callable

from .approximate import (
    about_millions,
    about_tens,
    approximate,
    approximate_millions,
    approximate_percent,
)
from .formatting import Number, amount, decimal, percent, quantity, with_noun, word
from .phrases import DEFAULT_LANGUAGE

Style = Callable[[Number, str], str]
"""A printed form: (exact value, language) -> the text."""

STYLES: dict[str, Style] = {
    "quantity": quantity,
    "amount": amount,
    "decimal1": lambda value, language: decimal(value, 1, language),
    "decimal2": lambda value, language: decimal(value, 2, language),
    "percent": lambda value, language: percent(value, 0, language),
    "word": word,
    "approximate": approximate,
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
