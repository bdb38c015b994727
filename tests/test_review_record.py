"""The review record to file: each figure and chart of a chapter with its state, reviewer and
key, in each edition's language."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sociaal_verslag.figures.catalogue import CATALOGUE
from sociaal_verslag.figures.records import printed_in
from sociaal_verslag.review import approval, chart_keys, record
from sociaal_verslag.review.checks import CheckResult
from sociaal_verslag.year.chapters import Chapter
from sociaal_verslag.year.editions import Edition

from .test_approval import FIGURE, KEY
from .test_chart_signoff import CHART

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
CHAPTERS = [Chapter("inleiding"), Chapter("dynamiek", notebook=Path("notebooks/01-dynamiek.ipynb"))]
FRENCH = {"caption": "Prêts sans intérêt en 2025.", "svg": "<svg/>"}
CHART = replace(CHART, translations={"fr": FRENCH})
CHART_KEY = replace(KEY, data={**KEY.data, chart_keys.DRAWN: chart_keys.drawn_digest(CHART)})


def _rows(language: str, moved: bool = True) -> list[record.ChapterRows]:
    now = replace(FIGURE, value=78920, printed="78.920 euro") if moved else FIGURE
    now = replace(now, rule=CATALOGUE[FIGURE.id].rule)
    given = approval.approve(FIGURE, KEY, "An Peeters", AT, note="gezien")
    states = {
        FIGURE.id: approval.state_of(now, KEY, given),
        CHART.id: approval.state_of(chart_keys.as_record(CHART), CHART_KEY, None),
    }
    keys = {FIGURE.id: KEY, CHART.id: CHART_KEY}
    return record.rows(CHAPTERS, {FIGURE.id: now}, {CHART.id: CHART}, states, keys, language)


def test_a_chapter_lists_its_figures_then_its_charts_with_their_keys():
    (chapter,) = _rows("nl")  # the chapter without a notebook records nothing
    figure, chart = chapter.rows
    assert (chapter.notebook, figure.id, chart.id) == ("01-dynamiek", FIGURE.id, CHART.id)
    assert figure.state.state == approval.CHANGED
    assert figure.approved == printed_in(FIGURE.id, 78910, "nl")
    assert figure.key == [
        "cel aaaaaaaaaaaa",
        "regel bbbbbbbbbbbb",
        "data/2025/kbs_grants.csv cccccccccccc",
    ]
    digest = chart_keys.drawn_digest(CHART)[: record.SHOWN]
    assert chart.chart and chart.printed == f"2 waarden ({digest})"
    assert chart.key[1] == "tekening bbbbbbbbbbbb" and chart.key[-1] == f"tabel {digest}"


def test_in_french_the_values_words_and_states_are_french():
    (chapter,) = _rows("fr")
    figure, chart = chapter.rows
    assert figure.printed == printed_in(FIGURE.id, 78920, "fr")
    assert (
        figure.approved == printed_in(FIGURE.id, 78910, "fr") != printed_in(FIGURE.id, 78910, "nl")
    )
    assert figure.key[0] == "cellule aaaaaaaaaaaa" and chart.key[1].startswith("dessin ")
    assert chart.printed.startswith("2 valeurs (")
    facts = record.Facts(2025, "SmartCoop", AT, "c" * 40, False, "d" * 64, None, final=False)
    checks = [
        CheckResult("survey_shares", "aandelen uit de enquête liggen tussen 0 en 100 %", True, "")
    ]
    page = record.html(Edition(2025, "fr"), facts, [chapter], checks)
    assert '<html lang="fr-BE">' in page
    assert "Vérification des chiffres du rapport spécial 2025" in page
    assert "modifié depuis la vérification" in page and "non vérifié" in page
    assert "les proportions issues de l’enquête sont comprises entre 0 et 100 %" in page
    assert "conforme" in page and "aucune approbation à ce jour" in page
    assert "An Peeters, 2026-03-02" in page and "gezien" in page  # the reviewer's own words
    assert "niet nagekeken" not in page and ">Nazicht<" not in page


def test_the_dutch_record_counts_the_states_and_names_the_build():
    facts = record.Facts(2025, "SmartCoop", AT, "c" * 40, True, "d" * 64, "e" * 64, final=True)
    page = record.html(Edition(2025, "nl"), facts, _rows("nl", moved=False), [])
    assert "c" * 40 in page and "met niet-vastgelegde wijzigingen" in page
    assert "d" * 64 in page and "e" * 64 in page and "CONCEPT" not in page
    assert "1 nagekeken, 0 gewijzigd sinds nazicht, 0 niet nagekeken" in page
    assert "0 nagekeken, 0 gewijzigd sinds nazicht, 1 niet nagekeken" in page
    assert printed_in(FIGURE.id, 78910, "nl") in page
