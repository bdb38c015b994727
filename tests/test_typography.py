"""Dutch typesetting of the text: no-break spaces where Dutch keeps words together, web
addresses that break only at a slash, lead-ins marked; tags, attributes and code untouched."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.language.typography import LONG_SITE, tied_text, typeset
from sociaal_verslag.language.typography import NO_BREAK_SPACE as NBSP


@pytest.mark.parametrize(
    ("text", "tied"),
    [
        ("lesgevers om 0 % btw toe te passen", "0% btw"),  # Dutch prints 74%, so 0%
        ("tussen € 3.500 en € 7.000", f"€{NBSP}3.500 en €{NBSP}7.000"),
        ("werden er 87 adviesverleners", f"87{NBSP}adviesverleners"),
        ("de 2.237 leden", f"2.237{NBSP}leden"),
        ("met 12,5 dagen", f"12,5{NBSP}dagen"),
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
        "een 0 tot 10",  # a short word
        "in 2025 werden",  # a year
        "de regel 8:5 WVV",  # the 5 of 8:5 is no number of WVV
        "op 2,68. Daarna",  # the end of a sentence
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


TIE = f'<span class="tie">{NBSP}</span>'


@pytest.mark.parametrize(
    ("typed", "set_as"),
    [
        # the space that ties "à" to the number in a span of its own: the same text, tied
        ("correspond à <strong>2 274 équivalents</strong>", f"correspond à{TIE}<strong>2 274"),
        ("soit <b>4 492 962</b> heures", "soit <b>4 492 962</b>"),  # no tie: left as it was
        ('à <span class="figure-value">21 585</span>', f'à{TIE}<span class="figure-value">21'),
    ],
)
def test_a_tie_before_an_element_is_a_span_of_its_own(typed, set_as):
    """WeasyPrint 70 breaks a line early where a no-break space ends the text before an
    element; in a span of its own, the text before it ending in a letter, it breaks where it
    should. The element keeps its own text (a figure's value, no space)."""
    result = typeset(f"<p>{typed}</p>", "fr")
    assert set_as in result
    plain = BeautifulSoup(typed, "html.parser").get_text()
    assert BeautifulSoup(result, "html.parser").get_text() == typeset(plain, "fr")


def test_code_is_left_as_written():
    assert typeset("<p><code>3 %</code></p>") == "<p><code>3 %</code></p>"


def _url_parts(url: str) -> tuple[list[str], int]:
    link = BeautifulSoup(typeset(f'<p><a href="{url}">{url}</a></p>'), "html.parser").a
    assert link.get_text() == url and link["href"] == url
    return [span.get_text() for span in link.find_all("span", class_="url-part")], len(
        link.find_all("wbr")
    )


def test_a_web_address_breaks_after_a_slash_its_short_site_name_whole():
    parts, breaks = _url_parts("https://kronik.smart.coop/decouvrez-le-catalogue/?lang=nl")
    assert parts == ["https://kronik.smart.coop/", "decouvrez-le-catalogue/", "?lang=nl"]
    assert breaks == 2  # after each part but the last


def test_a_long_site_name_breaks_before_its_dots_never_after_https():
    parts, breaks = _url_parts("https://www.een-heel-lange-naam-van-een-site.be/a")
    assert parts == ["https://www", ".een-heel-lange-naam-van-een-site", ".be/", "a"]
    assert breaks == 3
    # One character shorter than a long name: whole.
    short = "https://" + "x" * (LONG_SITE - len("https://") - 1)
    assert _url_parts(short + "/a")[0] == [short + "/", "a"]


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
    assert "0% btw" in html
    # tied after its span and its anchor
    assert re.search(f"87(</span>)?(<span[^>]*></span>)?{NBSP}adviesverleners", html)
    assert f"31{NBSP}december" in html
    assert f"art.{NBSP}8:5 WVV" in html
    # A short site's name whole, a break after it and after each slash of the path.
    assert '<span class="url-part">https://kronik.smart.coop/</span><wbr/>' in html
    assert '<p class="lead-in">Meer info hier:</p>' in html


@pytest.mark.parametrize(
    ("language", "typed", "printed"),
    [
        (
            "nl",
            "de regel '1 persoon = 1 stem' en risico's",
            f"de regel ‘1{NBSP}persoon{NBSP}={NBSP}1{NBSP}stem’ en risico’s",
        ),
        ("nl", 'de erkenning als "sociale onderneming"', "de erkenning als “sociale onderneming”"),
        ("nl", "„sociaal oogmerk” en «elders»", "“sociaal oogmerk” en “elders”"),
        ("nl", "'s avonds en 't is", "’s avonds en ’t is"),
        ("nl", "SmartCoop's leden", "SmartCoop’s leden"),
        ("fr", "l'agrément", "l’agrément"),
        ("fr", 'la "finalité sociale".', f"la «{NBSP}finalité sociale{NBSP}»."),
        ("fr", "« entreprise sociale »", f"«{NBSP}entreprise sociale{NBSP}»"),
        ("fr", "“une” et ‘deux’ d'ici", f"«{NBSP}une{NBSP}» et “deux” d’ici"),
        (
            "fr",
            "la règle '1 personne = 1 voix' s'applique",
            f"la règle “1{NBSP}personne{NBSP}={NBSP}1{NBSP}voix” s’applique",
        ),
    ],
)
def test_quotes_and_apostrophes_are_the_languages_whatever_the_text_types(language, typed, printed):
    assert typeset(f"<p>{typed}</p>", language) == f"<p>{printed}</p>"


def test_a_quote_before_a_link_is_an_opening_one_and_attributes_keep_theirs():
    html = '<p>het "<a href="x" title="a \'b\'">model</a>" van</p>'
    soup = BeautifulSoup(typeset(html), "html.parser")
    assert soup.get_text() == "het “model” van"
    assert soup.a["title"] == "a 'b'"


@pytest.mark.parametrize(
    ("language", "typed", "printed"),
    [
        ("nl", "0 % btw en 74% ziet", "0% btw en 74% ziet"),
        ("nl", f"40{NBSP}% en 3\u202f%", "40% en 3%"),
        ("fr", "0 % de TVA, 74% et 3\u202f%", f"0{NBSP}% de TVA, 74{NBSP}% et 3{NBSP}%"),
    ],
)
def test_one_percent_style_per_language_the_one_its_figures_print_with(language, typed, printed):
    from sociaal_verslag.language.formatting import percent  # the figures' own style

    assert percent(74, 0, language) in typeset(f"<p>{percent(74, 0, language)}</p>", language)
    assert BeautifulSoup(typeset(f"<p>{typed}</p>", language), "html.parser").get_text() == printed


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("de nota's van 2024-2025 en 2023–2026", "de nota's van 2024–2025 en 2023–2026"),
        ("tel. 02-2025-2026", "tel. 02-2025-2026"),  # not two years: part of a longer number
        ("het plan 2030-2035-bis", "het plan 2030-2035-bis"),
        ("art. 8:5, 1998-2025.", "art. 8:5, 1998–2025."),
    ],
)
def test_a_span_of_years_is_joined_by_an_en_dash(typed, printed):
    got = BeautifulSoup(typeset(f"<p>{typed}</p>"), "html.parser").get_text()
    assert got.replace("\u2019", "'").replace(NBSP, " ").replace("\u2060", "") == printed


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("breekt ... de dingen", f"breekt{NBSP}\u2026 de dingen"),  # never first on a line
        ("voeren ...", f"voeren{NBSP}\u2026"),
        ("vier.... punten", "vier.... punten"),  # not three: left as typed
        ("een. twee.", "een. twee."),
    ],
)
def test_three_full_stops_are_an_ellipsis(typed, printed):
    assert BeautifulSoup(typeset(f"<p>{typed}</p>"), "html.parser").get_text() == printed


WJ = "\u2060"


def _kept_whole(html: str) -> str:
    """The text of ``html``, each ``span.nowrap`` in brackets."""
    soup = BeautifulSoup(html, "html.parser")
    for span in soup.find_all("span", class_="nowrap"):
        span.replace_with(f"[{span.get_text()}]")
    return soup.get_text()


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Koolmijnenkaai 30-34, 1080", "Koolmijnenkaai [30-34,] 1080"),
        ("Koolmijnenkaai 30\u201334, 1080", "Koolmijnenkaai [30\u201334,] 1080"),  # en dash
        ("tel. 02-2025-2026", "tel. [02-2025-2026]"),
        # With the number tied to it: the span holds both (a span from the name's first part,
        # after a no-break space, made WeasyPrint break the line before them).
        ("1080 Sint-Jans-Molenbeek", "[1080 Sint-Jans-Molenbeek]"),
        # A name with a part in lower case, after the first, keeps all its hyphens.
        ("à Saint-Josse-ten-Noode", "à [Saint-Josse-ten-Noode]"),
        ("Île-de-France", "[Île-de-France]"),
        ("de zon-Wallonie", "de [zon-Wallonie]"),
        # A short compound never breaks ("pare-feu »." left "feu »." alone); a long one may.
        ("de SmartLab-groep en peut-être, e-mail", "de [SmartLab-groep] en [peut-être,] [e-mail]"),
        ("le procès-verbal du pare-feu", "le [procès-verbal] du [pare-feu]"),
        ("de peer-to-peerbegeleiding", "de peer-to-peerbegeleiding"),  # 23 characters
        ("van 2024-2025", "van [2024–2025]"),  # a span of years: an en dash, never broken
        ("zie https://x.be/Sint-Jans en a-B@x.be", "zie https://x.be/Sint-Jans en a-B@x.be"),
    ],
)
def test_a_span_of_numbers_and_a_name_of_several_parts_never_break_at_a_hyphen(typed, printed):
    html = typeset(f"<p>{typed}</p>")
    # Kept whole by the style sheet: the text holds no invisible mark a reader would copy.
    assert WJ not in html
    assert _kept_whole(html).replace(NBSP, " ") == printed


def test_a_web_address_keeps_its_hyphens():
    html = '<p><a href="https://x.be/2024-2025/">https://x.be/2024-2025/</a></p>'
    assert "2024-2025" in BeautifulSoup(typeset(html), "html.parser").get_text()


EDITIONS = {"nl": "bijzonder-verslag-2025.html", "fr": "rapport-special-2025.html"}


def _running_text(page) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["style", "script", "head", "code", "pre"]):
        hidden.decompose()
    return soup.get_text()


@pytest.mark.parametrize("language", EDITIONS)
def test_each_built_edition_prints_one_style_of_quotes_percent_and_euro(build_2025, language):
    from sociaal_verslag.language.formatting import percent_spacing

    text = _running_text(build_2025.output_dir / EDITIONS[language])
    assert "'" not in text and '"' not in text, "a straight quote or apostrophe is printed"
    assert "€" not in text, "the text writes the word after an amount, never the sign"
    spaces = {found.group(1) for found in re.finditer(r"\d([ \u00a0\u202f]?)%", text)}
    assert spaces == {percent_spacing(language)}
    other_quotes = "“”‘" if language == "fr" else "«»„"
    assert not set(other_quotes) & set(text)
    # A break is allowed by <wbr>, never by an invisible character a reader copies or searches.
    assert "\u200b" not in text, "a zero-width space is printed"


@pytest.mark.parametrize(
    ("typed", "language", "printed"),
    [
        ("l'article 1er des statuts", "fr", "l’article 1<sup>er</sup> des statuts"),
        (
            "le 2e trimestre, la 1re fois",
            "fr",
            "le 2<sup>e</sup> trimestre, la 1<sup>re</sup> fois",
        ),
        # Not an ordinal: inside a word or a number, or an ending French does not write.
        ("H2e, e1er, 1,5e, 3ème", "fr", "H2e, e1er, 1,5e, 3ème"),
        ("<code>1er</code>", "fr", "<code>1er</code>"),
        ("de 1e keer", "nl", "de 1e keer"),  # Dutch raises nothing
    ],
)
def test_an_ordinals_ending_is_raised_where_the_language_raises_it(typed, language, printed):
    got = typeset(f"<p>{typed}</p>", language).replace(' class="ordinal"', "").replace(NBSP, " ")
    assert got == f"<p>{printed}</p>"


FOREIGN = {"fr": ["Bijouterie : optimisons le merchandising", "Saint-Gilles"], "en": ["Let's meet"]}


@pytest.mark.parametrize(
    ("typed", "language", "printed"),
    [
        # Typed with a straight apostrophe, found typeset with a curly one.
        ('"Let\'s meet!"', "nl", '“<span lang="en">Let’s meet</span>!”'),
        # French ties the space before its colon: the phrase is found across it. (The space
        # after «, before an element, is a span of its own: typography.py.)
        (
            "« Bijouterie : optimisons le merchandising »",
            "fr",
            f'«<span class="tie">{NBSP}</span><span lang="fr">Bijouterie{NBSP}: optimisons le'
            f" merchandising</span>{NBSP}»",
        ),
        (
            "in Saint-Gilles",
            "nl",
            'in <span lang="fr"><span class="nowrap">Saint-Gilles</span></span>',
        ),
        # A French phrase in a Dutch text is typeset as French: its colon tied.
        (
            '"Bijouterie : optimisons le merchandising"',
            "nl",
            f'“<span lang="fr">Bijouterie{NBSP}: optimisons le merchandising</span>”',
        ),
        ("Let's meeting", "nl", "Let’s meeting"),  # not inside a longer word
        ('<span lang="en">Let\'s meet</span>', "nl", '<span lang="en">Let’s meet</span>'),
        ("<code>Let's meet</code>", "nl", "<code>Let's meet</code>"),
    ],
)
def test_a_phrase_quoted_in_another_language_is_marked_with_it(typed, language, printed):
    assert typeset(f"<p>{typed}</p>", language, FOREIGN) == f"<p>{printed}</p>"


@pytest.mark.parametrize(
    ("typed", "language", "tied"),
    [
        # A qualifier stays whole ("meer" never ends a line before "dan 198"); a line may end
        # after it, before its number.
        ("bedroeg meer dan 198 miljoen", "nl", "bedroeg meer_dan 198_miljoen"),
        ("meer dan ooit", "nl", "meer dan ooit"),  # no number: no qualifier
        ("plus de 30 000", "fr", "plus_de 30"),
        ("près de 30 000", "fr", "près_de 30"),
        ("bijna 2.200", "nl", "bijna 2.200"),
        # Only a qualifier's: "un montant de" may end a line before its amount.
        ("un montant de 236 510 euros", "fr", "montant de 236 510_euros"),
        ("150 uur", "nl", "150_uur"),
        ("l'assemblée de juin 2022", "fr", "juin_2022"),  # a month with its year
        ("in december 2020 goedgekeurd", "nl", "december_2020 goedgekeurd"),
        ("equal.brussels – een veilige plek", "nl", "brussels_– een"),  # a dash ends a line
        ("Figure 1 — Prêts", "fr", "1_— Prêts"),
        ("après 25 ans, 24 h", "fr", "25_ans, 24_h"),
        ("de 1 à 5 en m²", "fr", "à_5 en_m²"),
        ("artikel 6, §2", "nl", "§_2"),  # the section sign apart from its number, tied
        ("§ 2, alinéa 2, de l'arrêté", "fr", "alinéa_2,"),  # "alinéa | 2" split a line
    ],
)
def test_what_typesetting_keeps_on_one_line(typed, language, tied):
    got = BeautifulSoup(typeset(f"<p>{typed}</p>", language), "html.parser").get_text()
    assert tied.replace("_", NBSP) in got.replace("\u202f", " ")


NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("typed", "set_as"),
    [
        ("Rapoûlaedje ; les", f"Rapoûlaedje{NNBSP}; les"),  # a space typed
        ("clé\u00a0; les contrôles", f"clé{NNBSP}; les contrôles"),  # a translation's
        (f"source{NNBSP}: registre", f"source{NBSP}: registre"),  # a colon's is whole
        ("collective ?* Au", f"collective{NNBSP}?* Au"),
        ("lire https://kronik.smart.coop/?lang=fr", "lire https://kronik.smart.coop/?lang=fr"),
        ("« Let's meet » !", f"«{NBSP}Let’s meet{NBSP}»{NNBSP}!"),
    ],
)
def test_french_sets_one_space_before_each_mark_whatever_was_typed(typed, set_as):
    assert BeautifulSoup(typeset(typed, "fr"), "html.parser").get_text() == set_as


def test_a_plain_french_text_gets_the_same_spaces():
    """A chart's text alternative and its table, typeset without HTML."""
    assert tied_text("clé\u00a0; source : registre ?", "fr") == (
        f"clé{NNBSP}; source{NBSP}: registre{NNBSP}?"
    )


def test_dutch_leaves_the_space_before_a_mark_as_it_is():
    assert typeset("vraag ? ja ; nee", "nl") == "vraag ? ja ; nee"


def test_a_french_a_never_ends_a_line():
    tied = typeset("Rapport spécial relatif à l'agrément", "fr")
    assert f"relatif à{NBSP}l’agrément" in tied
    assert typeset("Voilà un", "fr") == "Voilà un"  # a word ending in "à" is no "à"


@pytest.mark.parametrize(
    ("before", "lead_in"),
    [
        ("<p>En 2025…</p>", True),  # short, right before its list: it introduces it
        ("<p>Zo:</p>", True),
        (f"<p>{'Een lange alinea die toevallig voor een lijst staat. ' * 5}</p>", False),
    ],
)
def test_a_short_paragraph_before_a_list_introduces_it(before, lead_in):
    soup = BeautifulSoup(typeset(f"{before}<ul><li>een</li></ul>", "nl"), "html.parser")
    assert ("lead-in" in (soup.p.get("class") or [])) is lead_in


@pytest.mark.parametrize(
    ("before", "items", "kept"),
    [
        ("<p>Op die manier wil het comité:</p>", ["de debatten verrijken"] * 4, True),
        (
            "<p>Zo:</p>",
            ["een lang punt van de lijst, " * 4] * 5,
            False,
        ),  # longer than a page's third
        (f"<p>{'Een lange alinea die toevallig voor een lijst staat. ' * 5}</p>", ["een"], False),
        ("<h3>Kop</h3>", ["een"], False),  # no line introduces it
        ("Op die manier wil het comité:", ["de debatten verrijken"] * 4, False),  # tight list
    ],
)
def test_a_short_list_that_a_line_introduces_is_kept_whole(before, items, kept):
    listed = "".join(f"<li>{item}</li>" for item in items)
    soup = BeautifulSoup(typeset(f"<li>{before}<ul>{listed}</ul></li>", "nl"), "html.parser")
    assert ("kept" in (soup.find("ul").get("class") or [])) is kept


@pytest.mark.parametrize(
    ("items", "short_last"),
    [
        (["een", "twee"], True),
        (["een"], False),  # a list of one item: its item would hold the paragraph before it
        (["een", "een lang laatste punt, " * 10], False),  # long enough to begin a page
    ],
)
def test_a_lists_short_last_item_is_marked_to_go_with_the_one_before(items, short_last):
    listed = "".join(f"<li>{item}</li>" for item in items)
    soup = BeautifulSoup(typeset(f"<ul>{listed}</ul>", "nl"), "html.parser")
    assert ("short-last" in (soup.find_all("li")[-1].get("class") or [])) is short_last
