"""The fixed words of an edition in another language than Dutch: gettext catalogues (``.po``).

The report is written in Dutch; Dutch is the source language of every fixed word the build adds
to the text (the table of contents, the appendix, the colophon, the metadata, the charts' labels
and captions, the figures' labels and rules, the registers' names). An edition in another
language takes each from that language's catalogues, ``locale/<language>/*.po``, as gettext
does: the message id is the Dutch text, the message string its translation. The files are read
with Babel (no compiled ``.mo`` files to keep in step) and merged; a message may have a plural.

Strict, as a legal filing must be: a Dutch text without a translation (missing, empty or marked
fuzzy) is an error naming it and the folder to add it to, never Dutch text in a French report.
``tests/test_translations.py`` checks that every text the build can ask for is translated.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

from ..base.errors import ReportError
from ..base.paths import PACKAGE_DIR, relative_to_root
from .phrases import DEFAULT_LANGUAGE, locale
from .quotes import typographic

LOCALE_DIR = PACKAGE_DIR / "language" / "locale"

CHARTS_CATALOGUE = "charts.po"
"""The catalogue, in each language's folder of ``locale``, that holds every word the charts
print and their captions (``tests/test_charts_fr.py`` checks that they are all there)."""


class TranslationError(ReportError):
    """A catalogue cannot be read, or a text has no translation in it."""


def catalogue_files(language: str) -> list[Path]:
    """The ``.po`` files of ``language``, in name order."""
    return sorted((LOCALE_DIR / language).glob("*.po"))


@cache
def catalogue(language: str) -> dict[str, Message]:
    """Every message of ``language``'s catalogues by its Dutch id, in one dictionary. The same
    Dutch text may stand in two files (a chart's legend and a figure's label: "workshops") when
    both translate it alike; two different translations of it are an error naming both."""
    messages: dict[str, Message] = {}
    where: dict[str, Path] = {}
    for path in catalogue_files(language):
        try:
            with path.open("rb") as handle:
                read: Catalog = read_po(handle, abort_invalid=True)
        except (PoFileError, ValueError) as error:
            raise TranslationError(f"{relative_to_root(path)}: {error}") from None
        for message in read:
            if not message.id:
                continue  # the header
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if key in messages and messages[key].string != message.string:
                raise TranslationError(
                    f"{relative_to_root(path)}: {key!r} is translated otherwise already in"
                    f" {relative_to_root(where[key])}"
                )
            messages[key] = message
            where[key] = path
    return messages


def _message(text: str, language: str) -> Message:
    message = catalogue(language).get(text)
    strings = message.string if message is not None else ""
    missing = not all(strings) if isinstance(strings, tuple) else not strings
    if message is None or missing or message.fuzzy:
        state = "is fuzzy" if message is not None and message.fuzzy else "has no translation"
        raise TranslationError(
            f"the text {text!r} {state} in {relative_to_root(LOCALE_DIR / language)}/*.po"
            f" (add it: msgid is the Dutch text, msgstr the {language} text)"
        )
    return message


def translate(text: str, language: str) -> str:
    """``text`` (Dutch) in ``language``: itself in Dutch, else its catalogue's translation,
    with the quotes and apostrophes of the language (``quotes.typographic``)."""
    if language == DEFAULT_LANGUAGE or not text:
        return typographic(text, language)
    string = _message(text, language).string
    return typographic(string[0] if isinstance(string, tuple) else string, language)


def translate_plural(one: str, other: str, count: float, language: str) -> str:
    """The form of ``one``/``other`` (Dutch) that agrees with ``count`` in ``language``, by the
    locale's CLDR plural rule (Dutch: one for exactly 1; French: one below 2)."""
    form = Locale.parse(locale(language)).plural_form(count)
    if language == DEFAULT_LANGUAGE:
        return typographic(one if form == "one" else other, language)
    strings = _message(one, language).string
    if not isinstance(strings, tuple):
        raise TranslationError(f"the text {one!r} has no plural in {language}'s catalogue")
    return typographic(strings[0] if form == "one" else strings[-1], language)


def translator(language: str) -> Callable[[str], str]:
    """``translate`` for one language: the function a template or a chart calls ``_``."""

    def translated(text: str) -> str:
        return translate(text, language)

    return translated
