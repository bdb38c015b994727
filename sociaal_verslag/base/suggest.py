"""The nearest known names to a misspelled one, for the errors that name an unknown id (a
figure, a chart, a chapter, a parameter): "did you mean ...?"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CLOSEST = 3
"""The most names suggested."""
CUTOFF = 0.6
"""How alike a known name must be to be suggested (difflib's ratio, 0 to 1)."""


def nearest(name: str, known: Iterable[str]) -> list[str]:
    """The known names most like ``name``, the closest first."""
    return difflib.get_close_matches(name, list(dict.fromkeys(known)), n=CLOSEST, cutoff=CUTOFF)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``"; did you mean a or b?"`` (empty when no known name is near): the end of an error."""
    close = nearest(name, known)
    if not close:
        return ""
    names = close[0] if len(close) == 1 else f"{', '.join(close[:-1])} or {close[-1]}"
    return f"; did you mean {names}?"


def or_known(name: str, known: Iterable[str]) -> str:
    """:func:`did_you_mean`, or when no known name is near, ``" (known: a, b, c)"``."""
    known = list(known)
    return did_you_mean(name, known) or f" (known: {', '.join(sorted(known))})"
