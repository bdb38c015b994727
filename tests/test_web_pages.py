"""The web pages the chapters link: each edition links the page in its own language when there
is one, and says so after a link to a page in another language."""

from __future__ import annotations

import pytest

from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.text import web_pages
from sociaal_verslag.text.web_pages import WebPage, WebPagesError

pytestmark = pytest.mark.unit

NARRATIVE_2025 = PROJECT_ROOT / "notebooks" / "narrative" / "2025"
CHAPTERS = {"nl": sorted(NARRATIVE_2025.glob("*.md")), "fr": sorted(NARRATIVE_2025.glob("fr/*.md"))}
DUTCH_ONLY = "https://kronik.smart.coop/debat/?lang=nl"
TRANSLATED = "https://kronik.smart.coop/enquete/?lang=nl"
PAGES = {
    DUTCH_ONLY: WebPage(language="nl", versions={"fr": None}),
    TRANSLATED: WebPage(language="nl", versions={"fr": "https://kronik.smart.coop/enquete/"}),
    "https://kronik.smart.coop/enquete/": WebPage(language="fr"),
}


@pytest.mark.parametrize("language", CHAPTERS)
def test_every_chapter_of_2025_links_known_pages_in_its_own_language_where_there_is_one(language):
    pages = web_pages.read_pages(NARRATIVE_2025)
    problems = [
        f"{path.name}:{line}: {problem}"
        for path in CHAPTERS[language]
        for line, problem in web_pages.link_problems(path.read_text("utf-8"), pages, language)
    ]
    assert problems == []


def test_a_french_text_linking_a_dutch_page_that_has_a_french_one_is_named_with_its_line():
    markdown = (
        f"Titre\n\nPlus d'infos : <{TRANSLATED}> et [le débat]({DUTCH_ONLY})\n<https://x.be/>"
    )
    assert web_pages.link_problems(markdown, PAGES, "fr") == [
        (3, f"{TRANSLATED}: link the fr page https://kronik.smart.coop/enquete/"),
        (4, "https://x.be/: not in links.yaml (which language is it in?)"),
    ]
    assert web_pages.link_problems(markdown, PAGES, "nl")[:1] == [
        (4, "https://x.be/: not in links.yaml (which language is it in?)")
    ]


def test_a_link_to_a_page_in_another_language_says_which_in_the_editions_words():
    markdown = f"Plus d'infos : <{DUTCH_ONLY}>. Voir [le site](https://kronik.smart.coop/enquete/)."
    assert web_pages.mark_other_languages(markdown, PAGES, "fr") == (
        f"Plus d'infos : <{DUTCH_ONLY}> (en\u00a0néerlandais). Voir [le site]"
        "(https://kronik.smart.coop/enquete/)."
    )
    assert web_pages.mark_other_languages(markdown, PAGES, "nl") == (
        f"Plus d'infos : <{DUTCH_ONLY}>. Voir [le site]"
        "(https://kronik.smart.coop/enquete/) (in\u00a0het\u00a0Frans)."
    )
    within = "in Gembloux (<https://kronik.smart.coop/enquete/>). Sinds"
    assert web_pages.mark_other_languages(within, PAGES, "nl") == (
        "in Gembloux (<https://kronik.smart.coop/enquete/>, in\u00a0het\u00a0Frans). Sinds"
    )
    said = "Zie <https://kronik.smart.coop/enquete/> (artikel in het Frans)."
    assert web_pages.mark_other_languages(said, PAGES, "nl") == said  # the text says it already
    unknown = "Zie <https://x.be/>."
    assert web_pages.mark_other_languages(unknown, PAGES, "fr") == unknown


def test_a_bad_entry_of_links_yaml_is_one_line_naming_the_address(tmp_path):
    (tmp_path / "links.yaml").write_text(
        "https://a.be/:\n  language: de\nhttps://b.be/:\n  langage: fr\n", encoding="utf-8"
    )
    with pytest.raises(WebPagesError) as raised:
        web_pages.read_pages(tmp_path)
    lines = str(raised.value).splitlines()
    assert any("https://a.be/: no language 'de'" in line for line in lines)
    assert any("https://b.be/" in line and "langage" in line for line in lines)
