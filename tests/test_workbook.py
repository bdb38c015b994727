"""figures.xlsx and the data of each chart: numbers as numbers, text never a formula, the same
bytes for the same figures, and a chart's table read back from what it draws."""

from __future__ import annotations

import time
import zipfile
from datetime import UTC, datetime

import matplotlib.pyplot as plt
import openpyxl
import pytest

from sociaal_verslag.charts.parts import note_above
from sociaal_verslag.charts.style import NARROW, WIDE
from sociaal_verslag.charts.table import KEY_TEXT, drawn_table, name_bar_labels
from sociaal_verslag.figures.records import Chart, Figure
from sociaal_verslag.render import workbook

MADE = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)


def _figure(figure_id: str, value: float, unit: str, printed: str, rule: str = "r") -> Figure:
    return Figure(figure_id, value, unit, printed, "register", rule, (), {}, "01-x", "c1")


FIGURES = [
    _figure("activity.active_holders", 21585, "count", "21.585"),
    _figure("activity.turnover_eur", 1234567.5, "EUR", "€ 1.234.568"),
    _figure("employment.fte", 2274.25, "FTE", "2.274,25", rule='=HYPERLINK("x")'),
]
CHART = Chart(
    "x.per_month",
    "Leningen per maand",
    "<svg/>",
    data={"columns": ["maand", "toegekend 2025"], "rows": [["jan", 3.0], ["feb", 5.5]]},
)


def test_figures_xlsx_holds_numbers_with_their_unit_and_text_as_text(tmp_path):
    path = tmp_path / "figures.xlsx"
    workbook.write_figures(FIGURES, [CHART], path, MADE)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["cijfers", "x.per_month"]
    sheet = book["cijfers"]
    header = [cell.value for cell in sheet[1]]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    value = header.index("waarde")
    holders, turnover = rows["activity.active_holders"], rows["activity.turnover_eur"]
    assert holders[value].value == 21585 and holders[value].data_type == "n"
    assert holders[value].number_format == "#,##0"
    assert turnover[value].value == 1234567.5 and turnover[value].number_format.endswith('"€"')
    assert holders[header.index("omschrijving")].value == "actieve houders"
    rule = rows["employment.fte"][header.index("regel")]
    assert rule.data_type == "s" and rule.value.startswith("=")  # text, never a formula
    chart = book["x.per_month"]
    assert [[cell.value for cell in row] for row in chart.iter_rows()] == [
        ["maand", "toegekend 2025"],
        ["jan", 3],
        ["feb", 5.5],
    ]


def test_the_same_figures_give_the_same_bytes_whenever_they_are_written(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    workbook.write_figures(FIGURES, [CHART], first, MADE)
    time.sleep(1.1)  # openpyxl's own clock moves on; the workbook carries the build's time
    workbook.write_figures(FIGURES, [CHART], second, MADE)
    assert first.read_bytes() == second.read_bytes()
    core = zipfile.ZipFile(first).read("docProps/core.xml").decode()
    assert "2026-01-31T12:00:00Z" in core and core.count("2026-01-31T12:00:00Z") == 2


def test_a_chart_s_words_are_text_and_its_id_a_title_excel_takes(tmp_path):
    hostile = Chart(
        "x/y:z", "c", "<svg/>", data={"columns": ["=cmd()", "@reeks"], "rows": [["=a", 1.0]]}
    )
    path = tmp_path / "figures.xlsx"
    workbook.write_figures(FIGURES, [hostile], path, MADE)
    sheet = openpyxl.load_workbook(path)["x_y_z"]
    assert [cell.data_type for cell in sheet[1]] == ["s", "s"]
    assert [cell.data_type for cell in sheet[2]] == ["s", "n"]


def test_sheet_titles_fit_excel_and_stay_apart():
    long = "financing.loans_disbursed_per_month_a"
    titles = workbook.sheet_titles([long, long + "b", "x"])
    assert all(len(title) <= workbook.SHEET_NAME_MAX for title in titles.values())
    assert len(set(titles.values())) == 3 and titles["x"] == "x"


def test_a_chart_s_table_is_what_it_draws_bars_and_lines_by_category():
    figure, axes = plt.subplots()
    axes.bar([0, 1, 2], [4, 0, 6], label="dit jaar")
    axes.plot([0, 1, 2], [3, 2, float("nan")], label="vorig jaar")
    axes.plot([0, 2], [5, 5], label="_gemiddelde")  # a reference line without a name
    axes.set_xticks([0, 1, 2], ["jan", "feb", "mrt"])
    axes.set_xlabel("maand")
    table = drawn_table(figure)
    plt.close(figure)
    assert table == {
        "columns": ["maand", "dit jaar", "vorig jaar"],
        "rows": [["jan", 4.0, 3.0], ["feb", 0.0, 2.0], ["mrt", 6.0, None]],
        "reference_rows": 0,
        "values": "",
        "key_texts": [],
    }


def test_a_chart_s_key_numbers_in_words_are_read_and_no_other_text():
    figure, axes = plt.subplots()
    axes.bar([0, 1], [4, 6])
    note_above(axes, "n = 10 evenementen in 2025", WIDE)
    axes.annotate("gemiddelde\n5", xy=(0.5, 6), gid=KEY_TEXT)
    axes.annotate("een gewone tekst", xy=(0, 4))  # a label, not a key number
    table = drawn_table(figure)
    plt.close(figure)
    assert table["key_texts"] == ["n = 10 evenementen in 2025", "gemiddelde 5"]


def test_a_key_number_keeps_the_spaces_inside_it():
    figure, axes = plt.subplots()
    axes.bar([0, 1], [4, 6])
    note_above(axes, "n = 2\u202f237 répondants au total, en 2025", NARROW)
    table = drawn_table(figure)
    plt.close(figure)
    assert table["key_texts"] == ["n = 2\u202f237 répondants au total, en 2025"]


def test_reference_lines_are_rows_of_their_own_and_panels_share_the_months():
    figure, (top, bottom) = plt.subplots(2, 1, sharex=True)
    # Three months: a reference line read as points at its axes fractions (0 and 1) would
    # leave March empty.
    for axes, name, values in ((top, "gevaren", [1, 2, 5]), (bottom, "phishing", [3, 4, 6])):
        axes.bar([0, 1, 2], values, label="2025")
        axes.axhline(2.5, label="gemiddelde")
        axes.set_title(name, loc="left")
    top.axvline(0.5, label="grens")
    bottom.set_xticks([0, 1, 2], ["jan", "feb", "mrt"])
    bottom.set_xlabel("maand")
    table = drawn_table(figure)
    plt.close(figure)
    # A panel of one series: its column is named by the panel alone.
    assert table["columns"] == ["maand", "gevaren", "phishing"]
    assert table["rows"] == [
        ["jan", 1.0, 3.0],
        ["feb", 2.0, 4.0],
        ["mrt", 5.0, 6.0],
        # The panels' lines of one name share a row, each value in its panel's column; one
        # across the categories (a boundary between months) is no value, and not in the table.
        ["gemiddelde", 2.5, 2.5],
    ]
    assert table["reference_rows"] == 1


def test_panels_of_two_series_name_each_by_panel_and_series():
    figure, (top, bottom) = plt.subplots(2, 1, sharex=True)
    for axes, name in ((top, "gevaren"), (bottom, "phishing")):
        axes.bar([0, 1], [1, 2], label="2025")
        axes.plot([0, 1], [3, 4], label="2024")
        axes.set_title(name, loc="left")
    bottom.set_xticks([0, 1], ["jan", "feb"])
    table = drawn_table(figure)
    plt.close(figure)
    assert table["columns"][1:] == [
        "gevaren — 2025",
        "gevaren — 2024",
        "phishing — 2025",
        "phishing — 2024",
    ]


def test_named_counts_at_the_bars_ends_are_a_column_of_their_own():
    figure, axes = plt.subplots()
    bars = axes.bar([0, 1, 2], [300, 0, 500])
    # The counts as printed: words after them, thousands grouped as each language does.
    labels = axes.bar_label(bars, labels=["38 leningen", "0 leningen", "1.204\u202fprêts"])
    name_bar_labels(labels, "aantal leningen")
    axes.bar_label(bars, labels=["a", "b", "c"])  # unnamed labels are no column
    axes.annotate("gemiddelde 4", xy=(1, 4))  # nor is a note
    axes.set_xticks([0, 1, 2], ["2023", "2024", "2025"])
    axes.set_ylabel("uitbetaald (euro)")
    table = drawn_table(figure)
    plt.close(figure)
    assert table["columns"] == ["categorie", "uitbetaald (euro)", "aantal leningen"]
    assert table["rows"] == [["2023", 300.0, 38.0], ["2024", 0.0, 0.0], ["2025", 500.0, 1204.0]]


def test_a_series_without_a_name_is_named_by_its_value_axis():
    figure, axes = plt.subplots()
    axes.bar([0, 1], [3, 4])
    axes.set_xticks([0, 1], ["2024", "2025"])
    axes.set_ylabel("uitbetaald (euro)")
    table = drawn_table(figure)
    plt.close(figure)
    assert table["columns"] == ["categorie", "uitbetaald (euro)"]


def test_a_horizontal_bar_chart_s_categories_are_its_y_ticks():
    figure, axes = plt.subplots()
    axes.barh([0, 1], [12.5, 7], label="uren")
    axes.set_yticks([0, 1], ["groep A", "groep B"])
    axes.set_ylabel("groep")
    table = drawn_table(figure)
    plt.close(figure)
    assert table == {
        "columns": ["groep", "uren"],
        # Top down, as the chart shows them: barh draws the first category at the bottom.
        "rows": [["groep B", 7.0], ["groep A", 12.5]],
        "reference_rows": 0,
        "values": "",
        "key_texts": [],
    }


@pytest.mark.build
def test_every_build_writes_figures_xlsx_with_a_sheet_per_chart(build_2025):
    book = openpyxl.load_workbook(build_2025.output_dir / "figures.xlsx")
    assert book.sheetnames[0] == "cijfers"
    assert book["cijfers"].max_row == len(build_2025.figures) + 1
    charts = book.sheetnames[1:]
    assert "financing.loans_per_month" in charts
    loans = book["financing.loans_per_month"]
    months = [row[0].value for row in loans.iter_rows(min_row=2)]
    assert months[:3] == ["jan", "feb", "mrt"]
    assert all(
        isinstance(cell.value, int | float)
        for row in loans.iter_rows(min_row=2)
        for cell in row[1:]
        if cell.value is not None
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (3.0, "#,##0"),
        (0.5, "#,##0.00"),
        (2274.25, "#,##0.00"),
        (0.123456, "#,##0.00####"),  # a ratio keeps its digits
        (0.00003, "#,##0.00###"),  # a small change is not shown as 0,00
        (-1.0625, "#,##0.00##"),
    ],
)
def test_a_number_is_shown_with_as_many_decimals_as_it_has(value, shown):
    assert workbook.number_format(value) == shown


def test_a_reference_line_that_prints_its_value_is_named_without_it():
    figure, axes = plt.subplots()
    axes.bar([0, 1], [3, 5], label="2025")
    axes.axhline(4, label="gemiddelde: 4 per maand")
    axes.set_xticks([0, 1], ["jan", "feb"])
    table = drawn_table(figure)
    plt.close(figure)
    assert table["rows"][-1] == ["gemiddelde", 4.0]


def test_a_category_axis_named_by_its_formatter_names_the_rows():
    # Scores 0-10 ticked by position: their names come from the axis's formatter, on demand.
    figure, axes = plt.subplots()
    axes.bar(range(3), [0.5, 0.25, 0.25])
    axes.set_xticks(range(3))
    table = drawn_table(figure)
    plt.close(figure)
    assert [row[0] for row in table["rows"]] == ["0", "1", "2"]
