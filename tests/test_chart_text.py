"""A chart in words: its table in the edition's number forms, on the page (collapsed) and as the
text alternative of the PDF's image."""

from __future__ import annotations

import pikepdf
import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.charts.table import with_total
from sociaal_verslag.language.formatting import quantity, with_percent_sign
from sociaal_verslag.render import chart_text

DRAWN = {
    "columns": ["maand", "toegekend 2025", "gemiddelde"],
    "rows": [["jan", 9708.0, 2.675], ["feb", None, 3.0]],
}


@pytest.mark.unit
def test_the_table_prints_numbers_as_the_edition_does_and_empty_cells_as_such():
    assert chart_text.table(DRAWN, "nl")["rows"] == [
        ["januari", "9.708", "2,68"],  # a month in full: a screen reader reads it as a word
        ["februari", "–", "3"],
    ]
    assert chart_text.table(DRAWN, "fr")["rows"][0] == ["jan", "9\u202f708", "2,68"]


@pytest.mark.unit
def test_the_text_alternative_reads_each_row_in_the_languages_punctuation():
    dutch = chart_text.alternative("Figuur 1 — Leningen.", DRAWN, "nl")
    assert dutch == (
        "Figuur 1\u00a0— Leningen. Januari\u00a0— toegekend 2025: 9.708; gemiddelde: 2,68."
        " Februari\u00a0— gemiddelde: 3."
    )
    french = chart_text.alternative("Figure 1 — Prêts.", DRAWN, "fr")
    assert "Jan\u00a0— toegekend 2025\u00a0: 9\u202f708\u202f; gemiddelde\u00a0: 2,68." in french


@pytest.mark.unit
def test_a_row_of_several_series_leaves_out_those_with_none_unless_all_have_none():
    stack = {
        "columns": ["maand", "workshops", "algemene vergadering", "andere"],
        "rows": [["jan", 13.0, 0.0, 3.0], ["feb", 0.0, 0.0, 0.0], ["jun", 11.0, 1.0, None]],
    }
    assert chart_text.alternative("", stack, "nl") == (
        "Januari\u00a0— workshops: 13; andere: 3."
        " Februari\u00a0— workshops: 0; algemene vergadering: 0; andere: 0."
        " Juni\u00a0— workshops: 11; algemene vergadering: 1."
    )


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
        # the image's text gives the values (each a sentence: its first letter a capital)
        assert first[0].lower() in figure.find("img")["alt"].lower()
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
    # Each begins with what its chart shows, its caption's subject (a listener heard the
    # figure's number and an axis first, the subject only after the values); the number is
    # said once, by the caption under the image.
    page = BeautifulSoup(build_2025.html.read_text(encoding="utf-8"), "html.parser")
    subjects = [
        figure.figcaption.contents[0].split(" – ", 1)[1].strip()
        for figure in page.find_all("figure", class_="chart")
    ]
    begun_with = {
        subject for subject in subjects for text in alternatives if text.startswith(subject)
    }
    assert begun_with == set(subjects) and len(subjects) == 7
    assert not any(text.startswith("Figuur") for text in alternatives)
    loans = next(text for text in alternatives if "toegekend 2025" in text)
    # 24 values, every one: in the PDF the text alternative is a screen reader's only way to
    # them (the page has the table too).
    assert "Januari\u00a0— toegekend 2025: 9.708; uitbetaald 2025: 41.117." in loans
    events = next(text for text in alternatives if "Let’s meet" in text)
    assert "Mei — workshops: 17; Let’s meet: 5;" in events.replace("\u00a0", " ")
    # On the page, whose table under the chart gives every value, the image's alternative is
    # each series' highest and lowest: a listener heard every month twice.
    image = page.find("figure", id="chart-events-per_month").img
    assert "Workshops: hoogst in " in image["alt"] and "Mei —" not in image["alt"]
    assert len(image["alt"]) < len(events) / 2
    survey = next(text for text in alternatives if "% van de respondenten" in text)
    # 11 values: every row, after what they are and the count and mean the chart prints.
    assert (
        "% van de respondenten. n\u00a0=\u00a02.237\u00a0respondenten. Gemiddelde 7,4."
        " 0: 0,98%. 1: " in survey
    )
    assert "10: 10,73%." in survey


@pytest.mark.unit
def test_a_chart_of_many_values_reads_each_series_extremes_and_its_reference_lines():
    months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    # More values than a listener is read one by one (chart_text.MOST_CELLS_READ).
    assert chart_text.MOST_CELLS_READ < 12 * 7
    data = {
        "columns": ["maand", "dreigingen", "phishing", "a", "b", "c", "d", "e"],
        "rows": [
            *([month, 100 + n, 50 - n, 1, 1, 1, 1, 1] for n, month in enumerate(months)),
            ["dreigingen — gemiddelde: 105 per maand", 105.5, None],
        ],
        "reference_rows": 1,
    }
    dutch = chart_text.alternative("Figuur 7 — Blokkeringen.", data, "nl")
    # the reference line first, then each series' extremes
    assert dutch.startswith(
        "Figuur 7\u00a0— Blokkeringen. Dreigingen\u00a0— gemiddelde: 105 per maand: 105,5."
        " Dreigingen: hoogst in december (111), laagst in januari"
        " (100). Phishing: hoogst in januari (50), laagst in december (39)."
    )
    french = chart_text.alternative("Figure 7.", data, "fr")
    assert "Dreigingen\u00a0: au plus haut en dec (111), au plus bas en jan (100)." in french


@pytest.mark.unit
def test_a_small_chart_reads_every_row_and_its_reference_line_once():
    data = {
        "columns": ["score", "aandeel"],
        "rows": [["0", 1.5], ["1", 2.25], ["gemiddelde", 7.4]],
        "reference_rows": 1,
    }
    # the reference line first: the key number before the values
    assert chart_text.alternative("", data, "nl") == "Gemiddelde: 7,4. 0: 1,5. 1: 2,25."


MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


@pytest.mark.unit
def test_a_highest_or_lowest_value_shared_by_months_names_them_all():
    counts = [3, 2, 17, 5, 17, 4, 4, 2, 6, 9, 2, 8]  # with six more series: too many to read all
    others = ["a", "b", "c", "d", "e", "f"]
    data = {
        "columns": ["maand", "workshops", *others],
        "rows": [
            [m, c, *(1 + n + k for k in range(len(others)))]
            for n, (m, c) in enumerate(zip(MONTHS, counts, strict=True))
        ],
    }
    assert chart_text.alternative("", data, "nl").startswith(
        "Workshops: hoogst in maart en mei (17), laagst in februari, augustus en november (2)."
    )
    french = chart_text.alternative("", data, "fr")
    assert "au plus haut en mrt et mei (17), au plus bas en feb, aug et nov (2)." in french


@pytest.mark.unit
def test_a_series_of_a_few_values_among_zeros_reads_those_values(monkeypatch):
    monkeypatch.setattr(chart_text, "MOST_CELLS_READ", 12)  # a chart too big to read row by row
    once = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    twice = [0, 0, 0, 0, 12, 0, 0, 0, 0, 3, 0, 0]
    thrice = [0, 0, 1, 0, 12, 0, 0, 0, 0, 3, 0, 0]
    data = {
        "columns": ["maand", "algemene vergadering", "CoopInside", "andere"],
        "rows": [[m, *cells] for m, *cells in zip(MONTHS, once, twice, thrice, strict=True)],
    }
    assert chart_text.alternative("", data, "nl") == (
        "Algemene vergadering: 1 in juni, elders 0. CoopInside: 12 in mei, 3 in oktober, elders 0."
        " Andere: hoogst in mei (12), laagst in januari, februari, april, juni, juli, augustus,"
        " september, november en december (0)."
    )
    assert (
        "Algemene vergadering\u00a0: 1 en jun, 0\u00a0partout ailleurs."
        in chart_text.alternative("", data, "fr")
    )


@pytest.mark.unit
def test_the_key_numbers_the_chart_prints_come_after_what_the_values_are():
    data = {
        "columns": ["score", "aandeel"],
        "rows": [["0", 1.5], ["1", 2.25]],
        "values": "% van de respondenten",
        "key_texts": ["n = 2.237 respondenten", "gemiddelde 7,4"],
    }
    assert chart_text.alternative("", data, "nl") == (
        "% van de respondenten. n\u00a0=\u00a02.237\u00a0respondenten. Gemiddelde 7,4."
        " 0: 1,5%. 1: 2,25%."  # percentages: each value with its sign, heard alone
    )
    french = chart_text.table({**data, "values": "% des répondants"}, "fr")["rows"]
    assert french[0] == ["0", with_percent_sign("1,5", "fr")] and french[0][1] != "1,5"
    assert chart_text.table(data, "nl")["key_texts"][1] == "gemiddelde 7,4"


@pytest.mark.parametrize("page", ["bijzonder-verslag-2025.html", "rapport-special-2025.html"])
def test_a_chart_s_table_gives_the_count_and_the_mean_the_chart_prints(build_2025, page):
    soup = BeautifulSoup((build_2025.output_dir / page).read_text("utf-8"), "html.parser")
    survey = soup.find("figure", id="chart-survey-satisfaction_distribution")
    said = survey.find("p", class_="chart-key-texts").get_text(" ").replace("\u00a0", " ")
    assert "n = 2" in said and "7,4" in said
    for chart_id in ("chart-employment-contracts_per_month", "chart-events-per_month"):
        assert "n =" in soup.find("figure", id=chart_id).find(class_="chart-key-texts").get_text(
            " "
        ).replace("\u00a0", " ")


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
    assert text.startswith("Gemiddelde\u00a0— dreigingen: 30.451; phishing: 28.918. Januari")


@pytest.mark.unit
def test_a_total_adds_each_series_over_the_categories_only():
    drawn = {
        "columns": ["maand", "toegekend", "uitbetaald"],
        "rows": [["jan", 1.1, None], ["feb", 2.2, None], ["gemiddelde", 1.65, None]],
        "reference_rows": 1,
    }
    total = with_total(drawn, "totaal")
    assert total["rows"] == [
        ["jan", 1.1, None],
        ["feb", 2.2, None],
        ["totaal", 3.3, None],  # not 3.3000000000000003, the average left out, none for none
        ["gemiddelde", 1.65, None],
    ]
    assert total["reference_rows"] == 2 and drawn["reference_rows"] == 1


@pytest.mark.parametrize(
    ("chart_id", "figures"),
    [
        (
            "chart-financing-loans_per_month",
            ["financing.loans_granted.amount_eur", "financing.projects_supported.amount_eur"],
        ),
        (
            "chart-financing-disbursed_per_year",
            ["financing.projects_since_launch.amount_eur", "financing.projects_since_launch.count"],
        ),
        ("chart-smartlabs-hours_per_group", ["smartlabs.hours"]),
    ],
)
def test_a_chart_s_total_is_the_figure_the_text_prints(build_2025, chart_id, figures):
    """The table's totals are the chart's data added up; they must give the text's figures."""
    soup = BeautifulSoup(build_2025.html.read_text("utf-8"), "html.parser")
    rows = soup.find("figure", id=chart_id).find("tbody").find_all("tr", class_="reference")
    total = rows[0].find_all(["th", "td"])
    assert total[0].get_text() == "totaal"
    values = [build_2025.figures[figure_id].value for figure_id in figures]
    assert [cell.get_text() for cell in total[1:]] == [quantity(value, "nl") for value in values]


@pytest.mark.parametrize("page", ["bijzonder-verslag-2025.html", "rapport-special-2025.html"])
def test_a_chart_s_table_is_named_by_its_figure_for_a_screen_reader(build_2025, page):
    soup = BeautifulSoup((build_2025.output_dir / page).read_text("utf-8"), "html.parser")
    for figure in soup.find_all("figure", class_="chart"):
        caption = figure.find("table").caption
        hidden = caption.find(class_="visually-hidden").get_text()
        assert hidden.strip() == figure.figcaption.contents[0].strip(), figure["id"]
