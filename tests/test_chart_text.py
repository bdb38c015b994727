"""A chart in words: its table in the edition's number forms, on the page (collapsed) and as the
text alternative of the PDF's image."""

from __future__ import annotations

import pikepdf
import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.render import chart_text

DRAWN = {
    "columns": ["maand", "toegekend 2025", "gemiddelde"],
    "rows": [["jan", 9708.0, 2.675], ["feb", None, 3.0]],
}


@pytest.mark.unit
def test_the_table_prints_numbers_as_the_edition_does_and_empty_cells_as_such():
    assert chart_text.table(DRAWN, "nl")["rows"] == [["jan", "9.708", "2,68"], ["feb", "–", "3"]]
    assert chart_text.table(DRAWN, "fr")["rows"][0] == ["jan", "9\u202f708", "2,68"]


@pytest.mark.unit
def test_the_text_alternative_reads_each_row_in_the_languages_punctuation():
    dutch = chart_text.alternative("Figuur 1 — Leningen.", DRAWN, "nl")
    assert dutch == (
        "Figuur 1 — Leningen. jan: toegekend 2025 9.708; gemiddelde 2,68."
        " feb: toegekend 2025 –; gemiddelde 3."
    )
    french = chart_text.alternative("Figure 1 — Prêts.", DRAWN, "fr")
    assert "jan\u00a0: toegekend 2025 9\u202f708\u00a0; gemiddelde 2,68." in french


@pytest.mark.parametrize("page", ["bijzonder-verslag-2025.html", "rapport-special-2025.html"])
def test_every_chart_on_the_page_has_its_table_for_a_screen_reader(build_2025, page):
    soup = BeautifulSoup((build_2025.output_dir / page).read_text("utf-8"), "html.parser")
    figures = soup.find_all("figure", class_="chart")
    assert len(figures) == 7
    for figure in figures:
        details = figure.find("details", class_="chart-data")
        assert details is not None and "on-screen" in details["class"], figure["id"]
        rows = details.find("tbody").find_all("tr")
        assert rows and all(row.find("th", scope="row") for row in rows)
        first = [cell.get_text() for cell in rows[0].find_all(["th", "td"])]
        assert f"{first[0]}" in figure.find("img")["alt"]  # the image's text gives the values
        assert details.find(class_="chart-table")["tabindex"] == "0"  # it scrolls by keyboard


def test_the_pdf_images_carry_the_values_as_their_alternative_text(build_2025):
    alternatives = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if "/Alt" in node:
                alternatives.append(str(node.Alt))
            if "/K" in node:
                walk(node.K)
        elif isinstance(node, pikepdf.Array):
            for item in node:
                walk(item)

    with pikepdf.open(build_2025.pdf) as document:
        walk(document.Root.StructTreeRoot)
    assert len(alternatives) == 7
    # Each begins with its figure's number; the caption, under the image, is not repeated.
    numbers = sorted(text.split(".")[0] for text in alternatives)
    assert numbers == [f"Figuur {n}" for n in range(1, 8)]
    assert not any("Renteloze leningen in 2025" in text for text in alternatives)
    loans = next(text for text in alternatives if "toegekend 2025" in text)
    # 24 values: each series' highest and lowest month (the table on the page has them all).
    assert "toegekend 2025: hoogst in " in loans and "uitbetaald 2025: hoogst in " in loans
    survey = next(text for text in alternatives if "% van de respondenten" in text)
    # 11 values: every row, after what they are; the mean is a place among the scores, no value.
    assert "% van de respondenten. 0: 0,98. 1: " in survey and "10: 10,73." in survey


@pytest.mark.unit
def test_a_chart_of_many_values_reads_each_series_extremes_and_its_reference_lines():
    months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    data = {
        "columns": ["maand", "dreigingen", "phishing"],
        "rows": [
            *([month, 100 + n, 50 - n] for n, month in enumerate(months)),
            ["dreigingen — gemiddelde: 105 per maand", 105.5, None],
        ],
        "reference_rows": 1,
    }
    dutch = chart_text.alternative("Figuur 7 — Blokkeringen.", data, "nl")
    assert dutch == (
        "Figuur 7 — Blokkeringen. dreigingen: hoogst in dec (111), laagst in jan (100)."
        " phishing: hoogst in jan (50), laagst in dec (39)."
        " dreigingen — gemiddelde: 105 per maand: 105,5."
    )
    french = chart_text.alternative("Figure 7.", data, "fr")
    assert "dreigingen\u00a0: au plus haut en dec (111), au plus bas en jan (100)." in french


@pytest.mark.unit
def test_a_small_chart_reads_every_row_and_its_reference_line_once():
    data = {
        "columns": ["score", "aandeel"],
        "rows": [["0", 1.5], ["1", 2.25], ["gemiddelde", 7.4]],
        "reference_rows": 1,
    }
    assert chart_text.alternative("", data, "nl") == "0: 1,5. 1: 2,25. gemiddelde: 7,4."


@pytest.mark.parametrize(
    ("page", "source"),
    [
        ("bijzonder-verslag-2025.html", "Bron: register renteloze leningen."),
        ("rapport-special-2025.html", "Source\u00a0: registre «\u00a0prêts sans intérêt\u00a0»."),
    ],
)
def test_each_chart_caption_names_its_registers_as_the_appendix_does(build_2025, page, source):
    soup = BeautifulSoup((build_2025.output_dir / page).read_text("utf-8"), "html.parser")
    sources = [caption.find(class_="chart-source") for caption in soup.find_all("figcaption")]
    assert len(sources) == 7 and all(sources)
    assert sources[0].get_text() == source


@pytest.mark.unit
def test_a_reference_row_of_several_panels_reads_each_panel_s_value():
    data = {
        "columns": ["maand", "dreigingen", "phishing"],
        "rows": [["jan", 1, 2], ["gemiddelde", 30451, 28918]],
        "reference_rows": 1,
    }
    text = chart_text.alternative("", data, "nl")
    assert text.endswith("gemiddelde: dreigingen 30.451; phishing 28.918.")
