"""The phrases the chapters quote in another language: read from their list, and marked with
their language on the built pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.language.typography import WORD_JOINER
from sociaal_verslag.text import foreign_phrases


@pytest.fixture
def listed(tmp_path, monkeypatch):
    path = tmp_path / "foreign.yaml"
    monkeypatch.setattr(foreign_phrases, "FOREIGN_FILE", path)
    return path


def test_the_phrases_are_read_by_the_chapters_language_then_the_phrases(listed):
    listed.write_text("nl:\n  fr: [Saint-Gilles]\n  en: [Let's meet]\nfr:\n  en: [Let's meet]\n")
    assert foreign_phrases.foreign_phrases("nl") == {"fr": ("Saint-Gilles",), "en": ("Let's meet",)}
    assert foreign_phrases.foreign_phrases("de") == {}
    listed.write_text("nl:\n  fr: [Molenbeek]\n")  # an edited list is read again
    assert foreign_phrases.foreign_phrases("nl") == {"fr": ("Molenbeek",)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nl: [Saint-Gilles]\n", r"foreign\.yaml: nl: expected a language -> \[phrases\]"),
        ("nl:\n  fr: Saint-Gilles\n", r"foreign\.yaml: nl\.fr: expected a list of phrases"),
        ("nl:\n  fr: [1]\n", r"foreign\.yaml: nl\.fr: expected a list of phrases"),
    ],
)
def test_a_bad_list_is_one_line_naming_the_file_and_the_key(listed, text, expected):
    listed.write_text(text)
    with pytest.raises(foreign_phrases.ForeignPhrasesError, match=expected):
        foreign_phrases.foreign_phrases("nl")


def test_no_list_marks_nothing(listed):
    assert foreign_phrases.foreign_phrases("nl") == {}


@pytest.mark.build
@pytest.mark.parametrize(
    ("language", "page"),
    [("nl", "bijzonder-verslag-2025.html"), ("fr", "rapport-special-2025.html")],
)
def test_every_listed_phrase_is_marked_with_its_language_on_its_edition(build_2025, language, page):
    soup = BeautifulSoup((build_2025.output_dir / page).read_text("utf-8"), "html.parser")
    main = soup.find("main")
    marked = {
        (span["lang"], " ".join(span.get_text().replace(WORD_JOINER, "").split()).replace("’", "'"))
        for span in main.find_all("span", attrs={"lang": True})
    }
    listed = foreign_phrases.foreign_phrases(language)
    assert listed, "the 2025 chapters quote phrases in other languages"
    for phrase_language, phrases in listed.items():
        for phrase in phrases:
            # A phrase no chapter quotes any more is a stale entry of the list.
            assert (phrase_language, " ".join(phrase.split())) in marked, phrase
