"""The review record to file: each figure and chart of a chapter with its state, reviewer and
key, in each edition's language."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import jinja2
from jinja2 import meta

from sociaal_verslag.figures.catalogue import CATALOGUE
from sociaal_verslag.figures.records import printed_in
from sociaal_verslag.language.translations import translate
from sociaal_verslag.review import approval, chart_keys, checks, record
from sociaal_verslag.review.checks import CheckResult
from sociaal_verslag.year.chapters import Chapter
from sociaal_verslag.year.editions import Edition

from .test_approval import FIGURE, KEY
from .test_chart_signoff import CHART

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
CHAPTERS = [Chapter("inleiding"), Chapter("dynamiek", notebook=Path("notebooks/01-dynamiek.ipynb"))]
FRENCH = {"caption": "Prêts sans intérêt en 2025.", "svg": "<svg/>"}
CHART = replace(CHART, translations={"fr": FRENCH})
COUNT = "financing.kbs_grants.count"
UNCHECKED = replace(FIGURE, id=COUNT, value=15, printed="15", rule=CATALOGUE[COUNT].rule)
CHART_KEY = replace(KEY, data={**KEY.data, chart_keys.DRAWN: chart_keys.drawn_digest(CHART)})


def _rows(language: str, moved: bool = True) -> list[record.ChapterRows]:
    now = replace(FIGURE, value=78920, printed="78.920 euro") if moved else FIGURE
    now = replace(now, rule=CATALOGUE[FIGURE.id].rule)
    given = approval.approve(FIGURE, KEY, "An Peeters", AT, note="gezien")
    chart = chart_keys.as_record(CHART)
    seen = approval.approve(chart, CHART_KEY, "Bart Claes", AT)
    # The build now reads another file: the record names the one the approval recorded.
    moved_file = replace(KEY, data={"data/2025/kbs_grants.csv": "9" * 64})
    states = {
        FIGURE.id: approval.state_of(now, moved_file, given),
        CHART.id: approval.state_of(chart, CHART_KEY, seen),
        UNCHECKED.id: approval.state_of(UNCHECKED, KEY, None),
    }
    figures = {FIGURE.id: now, UNCHECKED.id: UNCHECKED}
    return record.rows(CHAPTERS, figures, {CHART.id: CHART}, states, language)


def test_a_chapter_lists_its_figures_then_its_charts_with_the_keys_approved():
    (chapter,) = _rows("nl")  # the chapter without a notebook records nothing
    unchecked, figure, chart = chapter.rows  # the figures by id, then the charts
    assert (chapter.notebook, figure.id, chart.id) == ("01-dynamiek", FIGURE.id, CHART.id)
    assert figure.state.state == approval.CHANGED
    assert figure.approved == printed_in(FIGURE.id, 78910, "nl")
    # What the reviewer checked against, not the file the build reads now.
    assert figure.key == [
        "cel aaaaaaaaaaaa",
        "regel bbbbbbbbbbbb",
        "data/2025/kbs_grants.csv cccccccccccc",
    ]
    assert unchecked.key == [] and unchecked.state.state == approval.UNCHECKED
    digest = chart_keys.drawn_digest(CHART)[: record.SHOWN]
    assert chart.chart and chart.printed == f"2 waarden ({digest})"
    assert chart.key[1] == "tekening bbbbbbbbbbbb" and chart.key[-1] == f"tabel {digest}"


def test_in_french_the_values_words_and_states_are_french():
    (chapter,) = _rows("fr")
    _, figure, chart = chapter.rows
    assert figure.printed == printed_in(FIGURE.id, 78920, "fr")
    assert figure.approved == printed_in(FIGURE.id, 78910, "fr")
    assert figure.approved != printed_in(FIGURE.id, 78910, "nl")
    assert figure.key[0] == "cellule aaaaaaaaaaaa" and chart.key[1].startswith("dessin ")
    assert chart.printed.startswith("2 valeurs (")
    facts = record.Facts(2025, "SmartCoop", AT, "c" * 40, False, "d" * 64, None, final=False)
    shares = "aandelen uit de enquête liggen tussen 0 en 100 %"
    checks = [
        CheckResult("survey_shares", shares, True, ""),
        CheckResult(
            "directors_unpaid",
            "onbezoldigd mandaat van bestuurder",
            True,
            "bezoldiging 0 euro; bron: jaarrekening",
            {"paid": 0, "source": "jaarrekening"},
        ),
    ]
    page = record.html(Edition(2025, "fr"), facts, [chapter], checks)
    assert '<html lang="fr-BE">' in page
    assert "Vérification des chiffres du rapport spécial 2025" in page
    assert "modifié depuis la vérification" in page and "non vérifié" in page
    assert "les proportions issues de l’enquête sont comprises entre 0 et 100 %" in page
    assert (
        "rémunération en euros\u00a0: 0\u202f; source\u00a0: jaarrekening" in page
    )  # the values kept
    assert "bezoldiging" not in page
    assert "conforme" in page and "aucune approbation à ce jour" in page
    assert "An Peeters, 2026-03-02" in page and "gezien" in page  # the reviewer's own words
    assert "0 vérifié, 1 modifié depuis la vérification, 1 non vérifié" in page  # figures
    assert "1 vérifié, 0 modifié depuis la vérification, 0 non vérifié" in page  # the chart
    assert "niet nagekeken" not in page and ">Nazicht<" not in page


def test_french_counts_agree_with_their_number():
    (chapter,) = _rows("fr")
    unchecked, figure, _ = chapter.rows
    many = record.ChapterRows(chapter.chapter, chapter.notebook, [figure, unchecked, unchecked])
    facts = record.Facts(2025, "SmartCoop", AT, None, None, "d" * 64, None, final=False)
    page = record.html(Edition(2025, "fr"), facts, [many], [])
    assert "0 vérifié, 1 modifié depuis la vérification, 2 non vérifiés" in page


def test_the_dutch_record_counts_the_states_and_names_the_build():
    facts = record.Facts(2025, "SmartCoop", AT, "c" * 40, True, "d" * 64, "e" * 64, final=True)
    page = record.html(Edition(2025, "nl"), facts, _rows("nl", moved=False), [])
    assert "c" * 40 in page and "met niet-vastgelegde wijzigingen" in page
    assert "d" * 64 in page and "e" * 64 in page and "CONCEPT" not in page
    assert "1 nagekeken, 0 gewijzigd sinds nazicht, 1 niet nagekeken" in page  # the figures
    assert "1 nagekeken, 0 gewijzigd sinds nazicht, 0 niet nagekeken" in page  # the chart
    assert printed_in(FIGURE.id, 78910, "nl") in page


def test_every_check_says_what_it_compared_in_french_with_the_same_values():
    environment = jinja2.Environment()
    for check_id, text in checks.texts().items():
        french = translate(text.source, "fr")
        names = meta.find_undeclared_variables(environment.parse(text.source))
        assert meta.find_undeclared_variables(environment.parse(french)) == names, check_id
