"""The figures' units (``units.yaml``): in Dutch words, for the review pages, and the sign a
spreadsheet prints after the number.

The catalogue names a unit by a short code (``EUR``, ``count``); a reviewer reads it in words.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..base.errors import ReportError
from ..base.paths import PACKAGE_DIR, relative_to_root
from ..base.yamlfiles import describe, read_mapping
from ..language import formatting, translations
from ..language.phrases import DEFAULT_LANGUAGE

UNITS_FILE = PACKAGE_DIR / "figures" / "units.yaml"


class UnitsError(ReportError):
    """``units.yaml`` cannot be read."""


class Unit(BaseModel):
    """One unit: its Dutch words, the sign after a number in a spreadsheet, and the noun after
    a value in the report (singular, plural; Dutch)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: str = Field(min_length=1)
    sign: str = ""
    noun: tuple[str, str] | None = None
    suffix: str = ""
    """Written right after the value in every language, as the text writes it ("7,4/10")."""


@cache
def units() -> dict[str, Unit]:
    """Unit code -> what it is (``"EUR"`` -> words ``euro``, sign ``€``)."""
    found, problems = {}, []
    for code, entry in read_mapping(UNITS_FILE, UnitsError).items():
        try:
            found[str(code)] = Unit.model_validate(entry)
        except ValidationError as error:
            where = relative_to_root(UNITS_FILE)
            problems += [f"{where}: {code}.{describe(e)}".rstrip(".") for e in error.errors()]
    if problems:
        raise UnitsError("\n".join(problems))
    return found


def unit_words() -> dict[str, str]:
    """Unit code -> its Dutch words (``"EUR"`` -> ``"euro"``)."""
    return {code: unit.words for code, unit in units().items()}


def in_words(unit: str) -> str:
    """``unit`` in Dutch words; a unit without words is shown as it is written."""
    return unit_words().get(unit, unit)


def sign(unit: str) -> str:
    """The sign a spreadsheet prints after a number in ``unit`` ('' for none)."""
    found = units().get(unit)
    return found.sign if found is not None else ""


def with_noun(printed: str, unit: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A printed value followed by its unit's noun in ``language``, agreeing with it: '90' days
    -> '90 dagen', '1' -> '1 dag'; 'meer dan 198 miljoen' euros -> 'plus de 198 millions
    d'euros' in French; a score '7,4' -> '7,4/10' (its ``suffix``). A unit without either (a
    count, a percentage) leaves it as it is."""
    found = units().get(unit)
    if found is not None and found.suffix:
        return printed + found.suffix
    if found is None or found.noun is None:
        return printed
    one, other = found.noun
    forms = [translations.translate_plural(one, other, count, language) for count in (1, 2)]
    return formatting.with_noun(printed, *forms, language)
