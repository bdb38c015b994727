"""The words around the printed numbers, per language of an edition (``phrases.yaml``).

The printing rules (``language/formatting.py``, ``language/approximate.py``) are written once for
every language; what differs between languages and is only words lives in ``phrases.yaml``: the CLDR
locale, the qualifiers of an approximate number ("meer dan", "plus de"), the word for millions, the
words for about a ten ("een tiental", "une dizaine"), the feminine form of a written-out number
("une") and the word that joins a noun to a number that is itself a noun ("une dizaine d'études").
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.core import UnknownLocaleError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..base import yamlfiles
from ..base.errors import ReportError
from ..base.paths import PACKAGE_DIR, relative_to_root

PHRASES_FILE = PACKAGE_DIR / "language" / "phrases.yaml"

DEFAULT_LANGUAGE = "nl"
"""The language of the report as published; every printing function defaults to it."""


class PhrasesError(ReportError):
    """``phrases.yaml`` cannot be read, or names a language it does not have."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Forms(_Strict):
    """A noun's singular and plural form."""

    one: str = Field(min_length=1)
    other: str = Field(min_length=1)


class Link(_Strict):
    """The word between a number that is a noun and the noun it counts: 'de', elided 'd''."""

    plain: str = Field(min_length=1)
    elided: str = Field(min_length=1)


class Quotes(_Strict):
    """The quotation marks of a language: double and single, each opening and closing, and
    its apostrophe."""

    double: tuple[str, str]
    single: tuple[str, str]
    apostrophe: str = Field(min_length=1, max_length=1)


class Phrases(_Strict):
    """The words of one language (see the comment at the top of ``phrases.yaml``)."""

    locale: str
    text_qualifiers: list[str] = Field(min_length=1)
    more_than: str = Field(min_length=1)
    nearly: str = Field(min_length=1)
    about: str = Field(min_length=1)
    million: Forms
    tens: dict[int, str]
    number_words: dict[str, int]
    feminine: dict[str, str]
    first: str | None
    ordinal_endings: tuple[str, ...]
    noun_link: Link | None
    collective: frozenset[str]
    report_name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    review_name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    record_name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    edition_name: str = Field(min_length=3)
    tie_after_number: tuple[str, ...]
    tie_before_number: tuple[str, ...]
    tie_words: tuple[str, ...]
    tie_before_word: tuple[str, ...]
    tie_punctuation: tuple[str, ...]
    tie_opening: tuple[str, ...]
    thin_before: tuple[str, ...]
    quotes: Quotes
    elisions: tuple[str, ...]
    page_in: dict[str, str]

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, locale: str) -> str:
        try:
            Locale.parse(locale)
        except (ValueError, UnknownLocaleError):
            raise ValueError(f"not a locale Babel knows: {locale!r}") from None
        return locale

    @field_validator("tens")
    @classmethod
    def _every_ten(cls, tens: dict[int, str]) -> dict[int, str]:
        expected = list(range(10, 100, 10))
        if sorted(tens) != expected:
            raise ValueError(f"expected the tens {expected}, got {sorted(tens)}")
        return tens


@cache
def all_phrases() -> dict[str, Phrases]:
    """Language code -> its words, as ``phrases.yaml`` gives them; checked strictly."""
    raw = yamlfiles.read_mapping(PHRASES_FILE, PhrasesError)
    result = {}
    problems = []
    for language, words in raw.items():
        try:
            result[str(language)] = Phrases.model_validate(words)
        except ValidationError as error:
            problems += [f"{language}.{yamlfiles.describe(e)}" for e in error.errors()]
    if problems:
        where = relative_to_root(PHRASES_FILE)
        raise PhrasesError("\n".join(f"{where}: {problem}" for problem in problems))
    return result


def languages() -> list[str]:
    """The languages the report can be printed in, as ``phrases.yaml`` lists them."""
    return list(all_phrases())


def phrases(language: str) -> Phrases:
    """The words of ``language``; a language ``phrases.yaml`` lacks is named with the known."""
    try:
        return all_phrases()[language]
    except KeyError:
        known = ", ".join(all_phrases())
        raise PhrasesError(f"no phrases for the language {language!r} (known: {known})") from None


def locale(language: str) -> str:
    """The CLDR locale of ``language``: 'nl' -> 'nl_BE', 'fr' -> 'fr_BE'."""
    return phrases(language).locale
