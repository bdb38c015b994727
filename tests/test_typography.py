"""Dutch typesetting of the text: no-break spaces where Dutch keeps words together, web
addresses that break only at a slash, lead-ins marked; tags, attributes and code untouched."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.language.typography import NO_BREAK_SPACE as NBSP
from sociaal_verslag.language.typography import typeset


@pytest.mark.parametrize(
    ("text", "tied"),
    [
        ("lesgevers om 0 % btw toe te passen", f"0{NBSP}% btw"),
        ("tussen € 3.500 en € 7.000", f"€{NBSP}3.500 en €{NBSP}7.000"),
        ("Tegen 31 december 2025 waren", f"31{NBSP}december 2025"),
        ("op 1 januari 2026 gemaakt", f"1{NBSP}januari 2026"),
        ("opgenomen in art. 8:5 WVV", f"art.{NBSP}8:5 WVV"),
        ("in artikel 8:5 van het Wetboek", f"artikel{NBSP}8:5 van"),
        ("Zie artikels 3 en 4", f"artikels{NBSP}3 en 4"),
        ("artikel 6, § 2, 2e lid", f"artikel{NBSP}6, §{NBSP}2, 2e lid"),
        ("een oppervlakte van 4.800 m² in", f"4.800{NBSP}m² in"),
        ("meer dan 198 miljoen euro.", f"198{NBSP}miljoen{NBSP}euro."),
    ],
)
def test_words_dutch_keeps_together_are_tied(text, tied):
    assert tied in typeset(f"<p>{text}</p>")


@pytest.mark.parametrize(
    "text",
    [
        "in 2025 december",  # a year is not a day
        "de 2.237 leden",
        "een 0 tot 10",
        "mei 2025 en 12 projecten",
    ],
)
def test_other_spaces_stay_spaces(text):
    assert NBSP not in typeset(f"<p>{text}</p>")


def test_a_tie_spans_an_elements_edge_and_leaves_tags_and_attributes_alone():
    html = '<p>goed voor <a class="figure-ref" href="x#a 5" title="8 %">219.949</a> euro</p>'
    result = typeset(html)
    assert f"</a>{NBSP}euro" in result
    link = BeautifulSoup(result, "html.parser").a
    assert link["href"] == "x#a 5" and link["title"] == "8 %" and link["class"] == ["figure-ref"]


def test_code_is_left_as_written():
    assert typeset("<p><code>3 %</code></p>") == "<p><code>3 %</code></p>"


def test_a_web_address_breaks_only_after_a_slash_of_its_path():
    url = "https://kronik.smart.coop/decouvrez-le-catalogue/?lang=nl"
    link = BeautifulSoup(typeset(f'<p><a href="{url}">{url}</a></p>'), "html.parser").a
    parts = [span.get_text() for span in link.find_all("span", class_="url-part")]
    assert parts == ["https://kronik.smart.coop/", "decouvrez-le-catalogue/", "?lang=nl"]
    assert link.get_text() == url and link["href"] == url
    assert len(link.find_all("wbr")) == 2  # after each part that ends with a slash


def test_a_link_with_words_is_not_split():
    html = '<p><a href="https://example.org/a/b">de website</a></p>'
    assert typeset(html) == html


def test_a_paragraph_ending_with_a_colon_leads_in_what_follows():
    soup = BeautifulSoup(
        typeset("<p>Meer info hier:</p><p><a href='https://x.be/'>x</a></p><p>Slot:</p>"),
        "html.parser",
    )
    first, second, last = soup.find_all("p")
    assert first["class"] == ["lead-in"]
    assert "class" not in second.attrs
    assert "class" not in last.attrs  # nothing follows it


def test_the_published_page_is_typeset(build_2025):
    html = build_2025.html.read_text(encoding="utf-8")
    assert f"0{NBSP}% btw" in html
    assert f"31{NBSP}december" in html
    assert f"art.{NBSP}8:5 WVV" in html
    assert '<span class="url-part">https://kronik.smart.coop/</span><wbr/>' in html
    assert '<p class="lead-in">Meer info hier:</p>' in html
