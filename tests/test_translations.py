"""The catalogues of the other languages (``sociaal_verslag/language/translations.py``): read
strictly.

Each test writes its own ``.po`` files into a temporary locale folder; the catalogues the
package ships are read once at the end, as the build reads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sociaal_verslag.language import translations
from sociaal_verslag.language.translations import TranslationError, translate, translate_plural

HEADER = """msgid ""
msgstr ""
"Language: fr_BE\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""


@pytest.fixture
def locale_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty locale folder in place of the package's, with no catalogue cached before or
    after the test."""
    monkeypatch.setattr(translations, "LOCALE_DIR", tmp_path)
    translations.catalogue.cache_clear()
    yield tmp_path
    translations.catalogue.cache_clear()


def write_po(locale_dir: Path, name: str, messages: str, language: str = "fr") -> Path:
    """A ``.po`` file ``name`` of ``language`` with the standard header and ``messages``."""
    folder = locale_dir / language
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(HEADER + messages, encoding="utf-8")
    return path


def test_a_translated_text_is_its_msgstr(locale_dir):
    write_po(locale_dir, "figures.po", 'msgid "actieve houders"\nmsgstr "titulaires actifs"\n')
    assert translate("actieve houders", "fr") == "titulaires actifs"
    assert translations.translator("fr")("actieve houders") == "titulaires actifs"


def test_dutch_is_the_text_itself_without_any_catalogue(locale_dir):
    assert translate("een tekst die nergens staat", "nl") == "een tekst die nergens staat"


def test_a_missing_text_is_an_error_naming_the_text_and_the_folder(locale_dir):
    write_po(locale_dir, "figures.po", 'msgid "adviseurs"\nmsgstr "conseillers"\n')
    with pytest.raises(TranslationError) as raised:
        translate("actieve houders", "fr")
    message = str(raised.value)
    assert "'actieve houders' has no translation" in message
    assert f"{(locale_dir / 'fr').resolve().as_posix()}/*.po" in message


def test_an_empty_translation_is_missing(locale_dir):
    write_po(locale_dir, "figures.po", 'msgid "actieve houders"\nmsgstr ""\n')
    with pytest.raises(TranslationError, match="'actieve houders' has no translation"):
        translate("actieve houders", "fr")


def test_a_fuzzy_translation_is_an_error(locale_dir):
    messages = '#, fuzzy\nmsgid "actieve houders"\nmsgstr "titulaires actifs"\n'
    write_po(locale_dir, "figures.po", messages)
    with pytest.raises(TranslationError, match="'actieve houders' is fuzzy"):
        translate("actieve houders", "fr")


PLURAL = """msgid "lening"
msgid_plural "leningen"
msgstr[0] "prêt"
msgstr[1] "prêts"
"""


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "prêt"), (1, "prêt"), (1.5, "prêt"), (2, "prêts"), (1000, "prêts")]
)
def test_a_plural_follows_the_french_rule_singular_below_two(locale_dir, count, expected):
    write_po(locale_dir, "charts.po", PLURAL)
    assert translate_plural("lening", "leningen", count, "fr") == expected


@pytest.mark.parametrize(("count", "expected"), [(0, "leningen"), (1, "lening"), (2, "leningen")])
def test_a_dutch_plural_is_singular_for_exactly_one(locale_dir, count, expected):
    assert translate_plural("lening", "leningen", count, "nl") == expected


def test_a_plural_asked_of_a_text_without_one_is_an_error(locale_dir):
    write_po(locale_dir, "charts.po", 'msgid "lening"\nmsgstr "prêt"\n')
    with pytest.raises(TranslationError, match="'lening' has no plural"):
        translate_plural("lening", "leningen", 2, "fr")


def test_a_text_translated_alike_in_two_files_is_one_translation(locale_dir):
    write_po(locale_dir, "charts.po", 'msgid "workshops"\nmsgstr "ateliers"\n')
    write_po(locale_dir, "figures.po", 'msgid "workshops"\nmsgstr "ateliers"\n')
    assert translate("workshops", "fr") == "ateliers"


def test_a_text_translated_otherwise_in_two_files_is_an_error_naming_both(locale_dir):
    write_po(locale_dir, "charts.po", 'msgid "adviseurs"\nmsgstr "conseillers"\n')
    write_po(locale_dir, "figures.po", 'msgid "adviseurs"\nmsgstr "conseillères"\n')
    with pytest.raises(TranslationError) as raised:
        translate("adviseurs", "fr")
    message = str(raised.value)
    assert "figures.po: 'adviseurs' is translated otherwise already in" in message
    assert message.endswith("charts.po")


def test_a_broken_catalogue_is_an_error_naming_its_file(locale_dir):
    write_po(locale_dir, "figures.po", 'msgid "adviseurs"\nnot a keyword\nmsgstr "conseillers"\n')
    with pytest.raises(TranslationError, match=r"figures\.po"):
        translate("adviseurs", "fr")


def test_the_packages_catalogues_are_read_without_error():
    translations.catalogue.cache_clear()
    assert translations.catalogue_files("fr"), (
        "no French catalogue in sociaal_verslag/language/locale/fr"
    )
    assert translations.catalogue("fr")
