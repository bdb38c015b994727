"""One report per language from the same figures: the editions' names, the languages a year has,
the templates' words in French, French typesetting and the narrative's French noun filter."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from sociaal_verslag.figures.catalogue import CATALOGUE
from sociaal_verslag.figures.records import Figure
from sociaal_verslag.language import styles, typography
from sociaal_verslag.language.translations import translate, translate_plural
from sociaal_verslag.render import pdf
from sociaal_verslag.review import edition_checks
from sociaal_verslag.text import narrative
from sociaal_verslag.text.placeholders import NarrativeError
from sociaal_verslag.year import chapters, editions, params
from sociaal_verslag.year.editions import Edition, EditionError

NNBSP = "\u202f"
NBSP = "\u00a0"
PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")


def test_the_templates_mark_their_words():
    messages = {one for _, one, _ in edition_checks.template_messages()}
    assert "Inhoud" in messages
    assert "Bijlage: herkomst van de cijfers" in messages
    assert len(messages) > 30


@pytest.mark.parametrize(("where", "one", "other"), edition_checks.template_messages())
def test_every_word_of_the_templates_is_in_french_with_the_same_placeholders(where, one, other):
    forms = [one] if other is None else [one, other]
    for form in forms:
        french = (
            translate(form, "fr")
            if other is None
            else translate_plural(one, other, 1 if form == one else 2, "fr")
        )
        assert french != form or form in ("Colofon",), f"{where}: {form!r} not translated"
        assert set(PLACEHOLDER.findall(french)) == set(PLACEHOLDER.findall(form)), (
            f"{where}: {form!r} -> {french!r}"
        )


def test_every_running_header_is_in_french_and_fits_like_the_dutch():
    for chapter in chapters.listed():
        if chapter.running_header is None:
            continue
        french = translate(chapter.running_header, "fr")
        assert french != chapter.running_header
        assert len(french) <= len(chapter.running_header) + 10, french


def test_the_editions_file_names_and_language_tags():
    dutch, french = Edition(2025), Edition(2025, "fr")
    assert dutch.basename == "bijzonder-verslag-2025"
    assert (dutch.report_file, dutch.pdf_file, dutch.review_file, dutch.tag) == (
        "bijzonder-verslag-2025.html",
        "bijzonder-verslag-2025.pdf",
        "verslag.html",
        "nl-BE",
    )
    assert (french.report_file, french.pdf_file, french.review_file, french.tag) == (
        "rapport-special-2025.html",
        "rapport-special-2025.pdf",
        "rapport.html",
        "fr-BE",
    )
    assert dutch.principal and not french.principal


PARAMS = Path("params/2025.yaml")


def test_a_build_writes_the_years_languages_or_those_asked_for():
    assert [e.language for e in editions.chosen(2025, ["nl", "fr"], None, PARAMS)] == ["nl", "fr"]
    assert [e.language for e in editions.chosen(2025, ["nl", "fr"], ["fr"], PARAMS)] == ["fr"]
    assert [
        e.language for e in editions.chosen(2025, ["nl", "fr"], ["fr", "nl", "fr"], PARAMS)
    ] == [
        "fr",
        "nl",
    ]
    with pytest.raises(EditionError, match=r"--lang de: .* have no de .*written in nl, fr$"):
        editions.chosen(2025, ["nl", "fr"], ["de"], PARAMS)
    with pytest.raises(EditionError, match=r"no fr \(languages: nl\); add it to languages: in "):
        editions.chosen(2025, ["nl"], ["fr"], PARAMS)


def test_the_2025_parameters_have_both_languages_and_every_fact_source_in_french():
    report_params = params.load(2025)[0]
    assert report_params.languages == ["nl", "fr"]
    for fact in report_params.facts.values():
        assert fact.source_in("fr") and fact.source_in("fr") != fact.source


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        (["nl", "de"], "languages: 'de' is not a language of the report (known: nl, fr)"),
        (["nl", "nl"], "languages: a language is named twice"),
        ([], "languages"),
    ],
)
def test_wrong_languages_are_refused_naming_the_key(languages, expected):
    raw = params.load(2025)[1]
    with pytest.raises(params.ParamsError, match=re.escape(expected)):
        params.validate({**raw, "languages": languages}, "params/2025.yaml")


def test_a_french_edition_needs_every_facts_source_in_french():
    raw = params.load(2025)[1]
    facts = {key: dict(fact) for key, fact in raw["facts"].items()}
    del facts["cyber.machines"]["source_translations"]
    with pytest.raises(params.ParamsError, match=r"facts.cyber.machines.source_translations"):
        params.validate({**raw, "facts": facts}, "params/2025.yaml")
    # A Dutch-only year does not need them.
    assert params.validate(
        {**raw, "facts": facts, "languages": ["nl"]}, "params/2025.yaml"
    ).languages == ["nl"]


def test_the_narrative_of_each_language_has_its_folder():
    report_params = params.load(2025)[0]
    assert report_params.narrative_path_in("nl") == report_params.narrative_path
    assert report_params.narrative_path_in("fr") == report_params.narrative_path / "fr"


# --- the narrative's noun filter in French ------------------------------------------------------


def _figure(value: float, style: str) -> Figure:
    """A figure of the catalogue printed in ``style`` (an edition prints it by its style)."""
    figure_id = next(key for key, spec in CATALOGUE.items() if spec.style == style)
    return Figure(
        id=figure_id,
        value=value,
        unit="count",
        printed=styles.render(value, style),
        source="register",
        rule="",
    )


def _render(tmp_path: Path, text: str, figure: Figure, language: str) -> str:
    chapter = tmp_path / "01-test.md"
    chapter.write_text(text, encoding="utf-8")
    figures = {figure.id: figure}
    report_params = params.load(2025)[0]
    rendered = narrative.render([chapter], figures, {}, report_params, None, language)
    return rendered.chapters[0].markdown


@pytest.mark.parametrize(
    ("value", "style", "filter_text", "expected"),
    [
        (1, "word", 'aantal("étude", "études", "f")', "une étude"),
        (1, "word", 'aantal("atelier", "ateliers")', "un atelier"),
        (2, "word", 'aantal("étude", "études", "f")', "deux études"),
        (0, "quantity", 'aantal("étude", "études", "f")', "0 étude"),
        (10, "about_tens", 'aantal("action", "actions", "f")', "une dizaine d'actions"),
        (61, "about_tens", 'aantal("groupe", "groupes")', "une soixantaine de groupes"),
        (13, "about_tens", 'aantal("action", "actions", "f")', "13 actions"),
        (
            198_437_615,
            "approximate_millions",
            'aantal("euro", "euros")',
            "plus de 198 millions d'euros",
        ),
        (219_949, "amount", 'aantal("euro", "euros")', f"219{NNBSP}949 euros"),
    ],
)
def test_french_nouns_agree_with_the_number_in_gender_and_take_de(
    tmp_path, value, style, filter_text, expected
):
    figure = _figure(value, style)
    text = _render(tmp_path, f"{{{{ {figure.id} | {filter_text} }}}}\n", figure, "fr")
    assert text.strip() == expected


def test_the_feminine_mark_changes_nothing_in_dutch(tmp_path):
    figure = _figure(1, "word")
    placeholder = f'{{{{ {figure.id} | aantal("studie", "studies", "f") }}}}\n'
    text = _render(tmp_path, placeholder, figure, "nl")
    assert text.strip() == "één studie"


def test_a_third_argument_of_aantal_other_than_f_is_refused(tmp_path):
    figure = _figure(1, "word")
    with pytest.raises(NarrativeError, match=r'aantal\("étude", "études", "f"\)'):
        _render(tmp_path, f'{{{{ {figure.id} | aantal("étude", "études", "m") }}}}\n', figure, "fr")


def test_a_chart_number_is_named_in_the_editions_language():
    assert translate("figuur", "fr") == "figure"


# --- typesetting and the page counter in French ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chiffre constaté ; source : Actiris", f"Chiffre constaté\u202f; source{NBSP}: Actiris"),
        ("« Let's meet! »", f"«{NBSP}Let’s meet!{NBSP}»"),
        ("voir l'article 8:5 et le § 2", f"voir l’article{NBSP}8:5 et le §{NBSP}2"),
        ("31 décembre 2025", f"31{NBSP}décembre 2025"),
        ("236 510 euros et 198 millions", f"236 510{NBSP}euros et 198{NBSP}millions"),
        ("https://smart.coop/fr/", "https://smart.coop/fr/"),
    ],
)
def test_french_typesetting_ties_what_french_keeps_together(text, expected):
    assert expected in typography.typeset(f"<p>{text}</p>", "fr")


def test_dutch_typesetting_leaves_french_punctuation_alone():
    assert typography.typeset("<p>bron : x</p>") == "<p>bron : x</p>"


def test_the_page_counter_is_in_the_pages_language():
    assert pdf._page_counter("nl") == '"Pagina " counter(page) " van " counter(pages)'
    assert pdf._page_counter("fr") == '"Page " counter(page) " sur " counter(pages)'
    assert pdf.language_of('<html lang="fr-BE">') == "fr"
    assert pdf.language_of("<html>") == "nl"


# --- what the build checks before any notebook runs -----------------------------------------


def _usages(tmp_path: Path, dutch: str, french: str) -> dict:
    (tmp_path / "fr").mkdir()
    (tmp_path / "01-a.md").write_text(dutch, encoding="utf-8")
    (tmp_path / "fr" / "01-a.md").write_text(french, encoding="utf-8")
    charts = {"financing.loans_per_month", "financing.disbursed_per_year"}
    return {
        "nl": narrative.check([tmp_path / "01-a.md"], CATALOGUE, charts),
        "fr": narrative.check([tmp_path / "fr" / "01-a.md"], CATALOGUE, charts),
    }


def test_a_french_text_that_prints_other_figures_is_refused_naming_both_files(tmp_path):
    usages = _usages(
        tmp_path,
        "{{ activity.advisers }} adviseurs in {{ activity.offices }} kantoren.\n",
        "{{ activity.advisers }} conseillers et {{ activity.info_sessions }} séances.\n",
    )
    problems = edition_checks.text_problems(usages)
    assert len(problems) == 2
    assert "fr/01-a.md: does not print activity.offices, which " in problems[0]
    assert problems[0].endswith("/01-a.md prints")
    assert "prints activity.info_sessions, which" in problems[1]


def test_a_french_text_that_places_the_charts_otherwise_is_refused(tmp_path):
    usages = _usages(
        tmp_path,
        '{{ chart("financing.loans_per_month") }}\n\n{{ chart("financing.disbursed_per_year") }}\n',
        '{{ chart("financing.disbursed_per_year") }}\n\n{{ chart("financing.loans_per_month") }}\n',
    )
    (problem,) = edition_checks.text_problems(usages)
    assert "the same charts in the same order" in problem


def test_the_same_figures_and_charts_in_both_languages_pass(tmp_path):
    usages = _usages(
        tmp_path,
        "{{ activity.advisers }} adviseurs.\n",
        '{{ activity.advisers | aantal("conseiller", "conseillers") }}.\n',
    )
    assert edition_checks.text_problems(usages) == []


def test_the_2025_fixed_words_are_all_in_french():
    assert edition_checks.translation_problems(["nl", "fr"], chapters.listed()) == []


def test_a_fixed_word_without_french_is_one_line_naming_where_it_is_written(monkeypatch):
    from sociaal_verslag.language import translations

    messages = dict(translations.catalogue("fr"))
    label = CATALOGUE["activity.offices"].label
    del messages[label]
    monkeypatch.setattr(translations, "catalogue", lambda language: messages)
    problems = edition_checks.translation_problems(["nl", "fr"], chapters.listed())
    assert problems == [
        f"sociaal_verslag/language/locale/fr/*.po: no fr for {label!r} (label of activity.offices)"
    ]


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (("compliance", "directors_remuneration_eur", "source_translations"), None),
        ((), "vote_cap_source_translations"),
    ],
)
def test_a_french_edition_needs_every_source_of_the_parameters_in_french(path, key):
    raw = copy.deepcopy(params.load(2025)[1])
    if key:
        del raw[key]
        expected = key
    else:
        del raw[path[0]][path[1]][path[2]]
        expected = ".".join(path)
    with pytest.raises(params.ParamsError, match=re.escape(f"{expected}: missing 'fr'")):
        params.validate(raw, "params/2025.yaml")


def test_a_facts_source_in_a_language_the_report_has_not_is_refused():
    raw = params.load(2025)[1]
    facts = {key: dict(fact) for key, fact in raw["facts"].items()}
    facts["cyber.machines"]["source_translations"] = {"fr": "x", "fe": "typo"}
    with pytest.raises(params.ParamsError, match=r"source_translations.fe: not a language"):
        params.validate({**raw, "facts": facts}, "params/2025.yaml")
