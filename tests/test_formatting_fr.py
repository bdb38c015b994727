"""The fr-BE printing rules, each at its edges, and the words of both languages complete.

The rules are the Dutch ones (tests/test_formatting.py); here they must give the French words and
CLDR's fr_BE forms: a narrow no-break space (U+202F) between thousands, a no-break space (U+00A0)
before "%" and "€".
"""

from __future__ import annotations

import math
import re
from datetime import date

import pytest
import yaml
from babel.numbers import format_decimal, get_group_symbol
from fontTools.ttLib import TTFont

from sociaal_verslag.base.paths import PACKAGE_DIR
from sociaal_verslag.language import formatting, phrases, styles
from sociaal_verslag.render.pdf import FONT_DIR

from .conftest import recorded_reads

NNBSP = "\u202f"
"""Narrow no-break space: CLDR's fr_BE thousands separator."""
NBSP = "\u00a0"
"""No-break space: CLDR's fr_BE space before % and €."""


def fr(value, style):
    return styles.render(value, style, "fr")


# --------------------------------------------------------------------------------------------
# Exact numbers
# --------------------------------------------------------------------------------------------


def test_the_thousands_separator_is_babels_narrow_no_break_space():
    assert get_group_symbol("fr_BE") == NNBSP
    assert formatting.integer(21585, "fr") == format_decimal(21585, locale="fr_BE")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (999, "999"),
        (1000, f"1{NNBSP}000"),
        (21585, f"21{NNBSP}585"),
        (1001063, f"1{NNBSP}001{NNBSP}063"),
        (90.5, "90,5"),
        (4492962.25, f"4{NNBSP}492{NNBSP}962"),
        (8.50, "8,5"),
        (2.675, "2,68"),
        (2.999, "3"),
        (-1.5, "-1,5"),
    ],
)
def test_quantity(value, expected):
    assert fr(value, "quantity") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(219949.0, f"219{NNBSP}949"), (219949.49, f"219{NNBSP}949"), (219949.5, f"219{NNBSP}950")],
)
def test_amount_drops_the_cents_half_up(value, expected):
    assert fr(value, "amount") == expected


def test_decimal_uses_a_comma():
    assert fr(8.55, "decimal2") == "8,55"
    assert fr(7.4, "decimal1") == "7,4"
    assert formatting.decimal(8.5, 2, "fr") == "8,50"
    assert formatting.decimal(1234.5, 1, "fr") == f"1{NNBSP}234,5"


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [(30, 0, f"30{NBSP}%"), (73.5, 0, f"74{NBSP}%"), (7.45, 1, f"7,5{NBSP}%"), (0, 0, f"0{NBSP}%")],
)
def test_percent_takes_a_no_break_space(value, digits, expected):
    assert formatting.percent(value, digits, "fr") == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 12, 31), "31 décembre 2025"),
        (date(2025, 12, 1), "1er décembre 2025"),  # the first of a month is an ordinal
        (date(2026, 1, 1), "1er janvier 2026"),
        (date(2025, 12, 2), "2 décembre 2025"),
        (date(2025, 8, 11), "11 août 2025"),  # an 1 in the day is not the first
        (date(2025, 12, 10), "10 décembre 2025"),
    ],
)
def test_long_date(day, expected):
    assert formatting.long_date(day, "fr") == expected


def test_long_date_in_dutch_is_cldrs_form():
    assert formatting.long_date(date(2025, 12, 31)) == "31 december 2025"
    assert formatting.long_date(date(2025, 12, 1)) == "1 december 2025"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "zéro"),
        (1, "un"),
        (2, "deux"),
        (3, "trois"),
        (4, "quatre"),
        (17, "dix-sept"),
        (20, "vingt"),
        (21, "21"),
        (2.5, "2,5"),
        (-1, "-1"),
        (1500, f"1{NNBSP}500"),
    ],
)
def test_word_spells_small_whole_numbers(value, expected):
    assert fr(value, "word") == expected


# --------------------------------------------------------------------------------------------
# A count and its noun
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, "étude"),  # French: the singular below two, zero included
        (1, "étude"),
        (1.5, "étude"),
        (1.99, "étude"),
        (0.5, "étude"),
        (1.999, "études"),  # printed "2"
        (2, "études"),
        (1001, "études"),  # printed "1 001": its last group is not the number
        ("1", "étude"),
        ("1,5", "étude"),
        ("un", "étude"),
        ("une", "étude"),
        ("Une", "étude"),
        ("zéro", "étude"),
        ("plus de 1", "étude"),
        ("deux", "études"),
        ("2", "études"),
        (f"1{NNBSP}001", "études"),
        ("11", "études"),
        ("1 million", "études"),
        ("une dizaine", "études"),
        (f"30{NBSP}%", "études"),
        ("", "études"),
    ],
)
def test_noun_is_singular_below_two(number, expected):
    assert formatting.noun(number, "étude", "études", "fr") == expected


def test_a_noun_in_dutch_still_agrees_with_exactly_one():
    assert formatting.noun("1,5", "studie", "studies", "nl") == "studies"
    assert formatting.noun("0", "studie", "studies", "nl") == "studies"
    assert formatting.noun("nul", "studie", "studies", "nl") == "studies"
    assert formatting.noun("1.001", "studie", "studies", "nl") == "studies"


def test_a_written_one_takes_the_gender_of_its_noun():
    assert styles.count_with_noun(1, "étude", "études", "word", "fr", feminine=True) == (
        "une étude"
    )
    assert styles.count_with_noun(1, "jour", "jours", "word", "fr") == "un jour"
    assert styles.count_with_noun(2, "étude", "études", "word", "fr", feminine=True) == (
        "deux études"
    )
    assert styles.count_with_noun(0, "étude", "études", "word", "fr", feminine=True) == (
        "zéro étude"
    )
    assert styles.count_with_noun(1, "étude", "études", language="fr", feminine=True) == ("1 étude")
    assert styles.count_with_noun(0, "étude", "études", language="fr") == "0 étude"
    assert styles.count_with_noun(2, "étude", "études", language="fr") == "2 études"
    assert styles.count_with_noun(1.5, "jour", "jours", language="fr") == "1,5 jour"


def test_in_gender_changes_only_a_written_one():
    assert formatting.in_gender("un", True, "fr") == "une"
    assert formatting.in_gender("Un", True, "fr") == "Une"  # at a sentence start
    assert formatting.in_gender("plus de un", True, "fr") == "plus de une"
    assert formatting.in_gender("un", False, "fr") == "un"
    assert formatting.in_gender("1", True, "fr") == "1"
    assert formatting.in_gender("une dizaine", True, "fr") == "une dizaine"
    assert formatting.in_gender("één", True, "nl") == "één"  # Dutch numerals have no gender


@pytest.mark.parametrize(
    ("printed", "words", "expected"),
    [
        ("une dizaine", "études", "une dizaine d'études"),
        ("une soixantaine", "médecins", "une soixantaine de médecins"),
        ("une vingtaine", "heures", "une vingtaine d'heures"),  # a silent h elides
        ("plus de 198 millions", "euros", "plus de 198 millions d'euros"),
        ("près de 1 million", "euros", "près de 1 million d'euros"),
        ("environ 7 millions", "euros", "environ 7 millions d'euros"),
        ("12", "études", "12 études"),  # after a plain number: nothing between them
        (f"plus de 950{NNBSP}000", "euros", f"plus de 950{NNBSP}000 euros"),
        ("environ quatre-vingts", "médecins", "environ quatre-vingts médecins"),
    ],
)
def test_a_noun_after_a_number_that_is_a_noun_takes_de(printed, words, expected):
    assert f"{printed} {formatting.linked(printed, words, 'fr')}" == expected


def test_with_noun_links_and_agrees():
    assert formatting.with_noun("une dizaine", "étude", "études", "fr") == "une dizaine d'études"
    assert formatting.with_noun("un", "étude", "études", "fr", feminine=True) == "une étude"
    # Dutch puts nothing between them.
    assert formatting.with_noun("een tiental", "actie", "acties") == "een tiental acties"
    assert formatting.with_noun("meer dan 198 miljoen", "euro", "euro") == (
        "meer dan 198 miljoen euro"
    )


# --------------------------------------------------------------------------------------------
# Approximate phrasings
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (30451.0, f"plus de 30{NNBSP}000"),
        (28918.17, f"près de 30{NNBSP}000"),
        (29993, f"près de 30{NNBSP}000"),
        (30085, f"plus de 30{NNBSP}000"),
        (30000, f"30{NNBSP}000"),
        (2237, f"plus de 2{NNBSP}200"),
        (204318, f"plus de 200{NNBSP}000"),
        (154.5, "plus de 150"),
        (1480, f"près de 1{NNBSP}500"),
        (28571.43, f"près de 30{NNBSP}000"),  # just within 5 % below
        (28571.42, f"près de 29{NNBSP}000"),  # just outside
        (31578.94, f"plus de 30{NNBSP}000"),
        (2250, f"près de 2{NNBSP}300"),  # a tie goes up
        (10, "10"),
        (10.4, "plus de 10"),
        (9.99, "9,99"),  # below 10: the value
    ],
)
def test_approximate(value, expected):
    assert fr(value, "approximate") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (28.878, f"près de 30{NBSP}%"),  # "bijna 30%" in 2025
        (28.58, f"près de 30{NBSP}%"),
        (28.57, f"près de 29{NBSP}%"),
        (30.0, f"30{NBSP}%"),
        (31.2, f"plus de 30{NBSP}%"),
        (99.6, f"près de 100{NBSP}%"),
        (9.5, f"9,5{NBSP}%"),
        (0, f"0{NBSP}%"),
    ],
)
def test_approximate_percent(value, expected):
    assert fr(value, "approximate_percent") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (10, "une dizaine"),  # smartlabs.groups in 2025
        (8, "une dizaine"),
        (12, "une dizaine"),
        (7, "7"),
        (13, "13"),
        (13.5, "13,5"),
        (15, "15"),  # a tie goes to 20, then too far
        (18, "une vingtaine"),
        (30, "une trentaine"),
        (40, "une quarantaine"),
        (50, "une cinquantaine"),
        (61, "une soixantaine"),  # safety.medical_exams in 2025
        (57, "une soixantaine"),
        (63, "une soixantaine"),
        (56, "56"),
        (64, "64"),
        (65, "65"),
        (67, "une septantaine"),  # Belgian French
        (80, "environ quatre-vingts"),  # no -aine word for eighty in Belgium
        (90, "une nonantaine"),
        (95, "95"),  # no "centaine": the Dutch rule stops at 90 too
    ],
)
def test_about_tens(value, expected):
    assert fr(value, "about_tens") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (198_437_615.47, "plus de 198 millions"),  # "meer dan 198 miljoen" in 2025
        (198_000_000, "198 millions"),
        (198_500_000, "près de 199 millions"),
        (1_000_001, "plus de 1 million"),  # one million: the singular
        (1_000_000, "1 million"),
        (952_381, "près de 1 million"),
        (952_380, f"plus de 950{NNBSP}000"),  # outside 5 %: the general rule
        (1_950_000, "près de 2 millions"),
        (2_000_000, "2 millions"),
        (1_400_000, f"1{NNBSP}400{NNBSP}000"),
    ],
)
def test_approximate_millions(value, expected):
    assert fr(value, "approximate_millions") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (6_937_284.3, "environ 7 millions"),  # "ongeveer 7 miljoen" in 2025
        (7_499_999, "environ 7 millions"),
        (7_500_000, "environ 8 millions"),
        (1_499_999, "environ 1 million"),
        (500_000, "environ 1 million"),
        (499_999, f"environ 500{NNBSP}000"),
        (138_456, f"environ 140{NNBSP}000"),
    ],
)
def test_about_millions(value, expected):
    assert fr(value, "about_millions") == expected


def test_capitalize_a_french_phrase():
    assert formatting.capitalize(fr(10, "about_tens")) == "Une dizaine"
    assert formatting.capitalize(fr(29993, "approximate")) == f"Près de 30{NNBSP}000"
    assert formatting.capitalize(fr(6_937_284.3, "about_millions")) == "Environ 7 millions"


# --------------------------------------------------------------------------------------------
# One rule, two languages
# --------------------------------------------------------------------------------------------

NUMBER_STYLES = ["quantity", "approximate", "approximate_percent"]
TO_FRENCH = {"meer dan ": "plus de ", "bijna ": "près de ", ".": NNBSP, "%": f"{NBSP}%"}


def _as_french(dutch: str) -> str:
    return re.sub("|".join(map(re.escape, TO_FRENCH)), lambda m: TO_FRENCH[m.group()], dutch)


@pytest.mark.parametrize("style", NUMBER_STYLES)
def test_both_languages_name_the_same_number_with_the_same_qualifier(style):
    # From 5 to 500 million in small steps: each edition says the same thing, in its words.
    values = [round(5 * math.exp(step / 40), 2) for step in range(0, 740)]
    for value in values:
        dutch = styles.render(value, style, "nl")
        assert fr(value, style) == _as_french(dutch), (value, dutch)


# (figure, value as the 2025 build computed it, style, the published Dutch, the French)
PUBLISHED_2025 = [
    ("activity.turnover_eur", 198437615.47, "approximate_millions", "plus de 198 millions"),
    ("activity.active_holders", 21585, "quantity", f"21{NNBSP}585"),
    ("financing.loans_granted.amount_eur", 219949.0, "amount", f"219{NNBSP}949"),
    ("financing.kbs_grants.min_eur", 3500.0, "amount", f"3{NNBSP}500"),
    ("learning.turnover_eur", 6937284.3, "about_millions", "environ 7 millions"),
    ("gembloux.fte", 8.55, "decimal2", "8,55"),
    ("survey.responses", 2237, "quantity", f"2{NNBSP}237"),
    ("survey.satisfaction_mean", 7.4, "decimal1", "7,4"),
    ("survey.stay_3y_pct", 74, "percent", f"74{NBSP}%"),
    ("survey.unemployment_benefit_pct", 28.878, "approximate_percent", f"près de 30{NBSP}%"),
    ("reform.working_groups", 4, "word", "quatre"),
    ("smartlabs.groups", 10, "about_tens", "une dizaine"),
    ("smartlabs.hours", 154.5, "approximate", "plus de 150"),
    ("safety.medical_exams", 61, "about_tens", "une soixantaine"),
    ("cyber.av_phishing_monthly", 28918.17, "approximate", f"près de 30{NNBSP}000"),
]


@pytest.mark.parametrize(("figure", "value", "style", "printed"), PUBLISHED_2025)
def test_the_2025_figures_in_french(figure, value, style, printed):
    assert fr(value, style) == printed, figure


# --------------------------------------------------------------------------------------------
# The words: complete for both languages
# --------------------------------------------------------------------------------------------

DUTCH_WORDS = re.compile(r"meer dan|bijna|ongeveer|miljoen|tal\b|één|twee|vier|nul")


def test_the_languages_are_dutch_and_french():
    assert phrases.languages() == ["nl", "fr"]
    assert phrases.locale("nl") == "nl_BE"
    assert phrases.locale("fr") == "fr_BE"


def test_every_language_has_every_word():
    # As written in the file, not as the schema fills it in: the same keys for every language,
    # the same tens, and no French word left Dutch.
    raw = yaml.safe_load((PACKAGE_DIR / "language" / "phrases.yaml").read_text(encoding="utf-8"))
    assert set(raw) == {"nl", "fr"}
    assert set(raw["nl"]) == set(raw["fr"]) == set(phrases.Phrases.model_fields)
    assert set(raw["nl"]["tens"]) == set(raw["fr"]["tens"]) == set(range(10, 100, 10))
    assert set(raw["nl"]["million"]) == set(raw["fr"]["million"])
    french = phrases.phrases("fr")
    for words in (french.more_than, french.nearly, french.about, *french.tens.values()):
        assert not DUTCH_WORDS.search(words), words


@pytest.mark.parametrize("style", sorted(styles.STYLES))
def test_every_style_prints_french_without_a_dutch_word(style):
    for value in (0, 1, 4, 10, 61, 80, 2237, 28.878, 154.5, 960_000, 6_937_284.3, 198_437_615):
        printed = fr(value, style)
        assert not DUTCH_WORDS.search(printed), (style, value, printed)
        assert "." not in printed, (style, value, printed)  # the Dutch thousands separator


def test_an_unknown_language_is_named_with_the_known():
    with pytest.raises(phrases.PhrasesError, match=r"'de' \(known: nl, fr\)"):
        styles.render(4, "word", "de")


def test_a_phrases_file_missing_a_word_is_refused_with_its_key(tmp_path, monkeypatch):
    broken = tmp_path / "phrases.yaml"
    text = (PACKAGE_DIR / "language" / "phrases.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("  nearly: près de\n", ""), encoding="utf-8")
    monkeypatch.setattr(phrases, "PHRASES_FILE", broken)
    phrases.all_phrases.cache_clear()
    try:
        with pytest.raises(phrases.PhrasesError, match=r"fr\.nearly: missing key"):
            phrases.all_phrases()
    finally:
        phrases.all_phrases.cache_clear()


def test_a_change_to_the_words_runs_the_notebooks_again(build_2025, build_cache):
    # The notebooks print the figures: their kernels read the words, which key their runs.
    files = recorded_reads(build_2025, build_cache, "02-bescherming")["files"]
    assert str(PACKAGE_DIR / "language" / "phrases.yaml") in files


# --------------------------------------------------------------------------------------------
# The fonts
# --------------------------------------------------------------------------------------------

PRINT_CSS = PACKAGE_DIR / "templates" / "bijzonder_verslag" / "print.css"
SPACES = {NNBSP: "narrow no-break space", NBSP: "no-break space"}


def _pdf_fonts() -> list[str]:
    return re.findall(r'url\("FONT_DIR/([^"]+)"\)', PRINT_CSS.read_text(encoding="utf-8"))


def test_the_pdf_embeds_fonts():
    assert len(_pdf_fonts()) >= 4


@pytest.mark.parametrize("font", _pdf_fonts())
def test_every_pdf_font_has_the_french_spaces(font):
    characters = TTFont(FONT_DIR / font).getBestCmap()
    for space, name in SPACES.items():
        assert ord(space) in characters, f"{font} has no glyph for the {name}"


def test_the_charts_font_has_the_french_spaces():
    import matplotlib
    from matplotlib import font_manager

    from sociaal_verslag.charts.style import apply_style

    with matplotlib.rc_context():  # the style is global: put it back afterwards
        apply_style()
        family = matplotlib.rcParams["font.family"]
    found = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    characters = TTFont(found).getBestCmap()
    for space, name in SPACES.items():
        assert ord(space) in characters, f"{found} has no glyph for the {name}"


@pytest.mark.parametrize(
    ("number", "language", "expected"),
    [(1, "fr", "1er"), (2, "fr", "2"), (11, "fr", "11"), (20, "fr", "20"), (1, "nl", "1")],
)
def test_an_article_one_is_cited_as_french_writes_it(number, language, expected):
    # 'l'article 1er', but 'l'article 11' and 'artikel 1': only the number one is an ordinal.
    assert formatting.article_number(number, language) == expected
