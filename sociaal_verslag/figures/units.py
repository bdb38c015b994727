"""The figures' units in Dutch words, for the review pages (``units.yaml``).

The catalogue names a unit by a short code (``EUR``, ``count``); a reviewer reads it in words.
"""

from __future__ import annotations

from functools import cache

from ..base.errors import ReportError
from ..base.paths import PACKAGE_DIR
from ..base.yamlfiles import read_mapping

UNITS_FILE = PACKAGE_DIR / "figures" / "units.yaml"


class UnitsError(ReportError):
    """``units.yaml`` cannot be read."""


@cache
def unit_words() -> dict[str, str]:
    """Unit code -> its Dutch words (``"EUR"`` -> ``"euro"``)."""
    return {str(unit): str(words) for unit, words in read_mapping(UNITS_FILE, UnitsError).items()}


def in_words(unit: str) -> str:
    """``unit`` in Dutch words; a unit without words is shown as it is written."""
    return unit_words().get(unit, unit)
