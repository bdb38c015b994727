"""Spreadsheets for whoever takes the figures further: each build's ``figures.xlsx`` (the figures,
and the data of each chart) and ``sociaal-verslag diff --xlsx``.

Written with openpyxl. A value is a number cell with a number format (its unit's sign after it,
decimals only when it has them), so that a colleague can sum and chart it; text is a text cell,
never a formula. The workbook carries the build's time, and its zip entries a fixed date, so that
a rebuild with nothing changed writes the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..figures import units
from ..figures.catalogue import CATALOGUE
from ..figures.comparison import Difference
from ..figures.records import Chart, Figure

SHEET_NAME_MAX = 31
"""The longest name Excel accepts for a sheet."""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The date of every entry of the file (the earliest a zip file can carry)."""
WIDEST_COLUMN = 60


def number_format(value: float, unit: str = "") -> str:
    """The Excel number format of a value: thousands grouped, decimals only when it has them
    (at least two, then as many as the value has: a small change never shows as 0,00), the
    unit's sign after it (``units.yaml``). Excel shows it with the reader's own separators."""
    decimals = _decimals(value)
    digits = "#,##0" if decimals == 0 else "#,##0." + "0" * 2 + "#" * max(0, decimals - 2)
    sign = units.sign(unit)
    return f'{digits} "{sign}"' if sign else digits


def _decimals(value: float) -> int:
    """How many decimals the value has, as Python writes it shortest (``0.1`` has one)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _write_row(sheet: Worksheet, values: Sequence[Any], formats: Sequence[str | None]) -> None:
    sheet.append(list(values))
    padded = [*formats, *[None] * (len(values) - len(formats))]
    for cell, number in zip(sheet[sheet.max_row], padded, strict=False):
        if isinstance(cell.value, str):
            cell.data_type = TYPE_STRING  # never a formula, whatever the text starts with
        elif number is not None and cell.value is not None:
            cell.number_format = number


def _sheet(workbook: Workbook, title: str, header: Sequence[str]) -> Worksheet:
    sheet = workbook.create_sheet(title)
    _write_row(sheet, [str(name) for name in header], [])  # a chart's words: text, never run
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def _fit_columns(sheet: Worksheet) -> None:
    for column in sheet.columns:
        longest = max(len(str(cell.value)) if cell.value is not None else 0 for cell in column)
        width = min(WIDEST_COLUMN, max(8, longest + 2))
        sheet.column_dimensions[get_column_letter(column[0].column)].width = width


FIGURE_COLUMNS = ("id", "omschrijving", "waarde", "gedrukt", "eenheid", "hoofdstuk", "regel")


def _figures_sheet(workbook: Workbook, figures: Iterable[Figure]) -> None:
    sheet = _sheet(workbook, "cijfers", FIGURE_COLUMNS)
    for figure in sorted(figures, key=lambda figure: figure.id):
        spec = CATALOGUE.get(figure.id)
        label = spec.label if spec is not None else ""
        chapter = spec.chapter if spec is not None else ""
        values = [figure.id, label, figure.value, figure.printed, figure.unit, chapter, figure.rule]
        _write_row(sheet, values, [None, None, number_format(figure.value, figure.unit)])
    _fit_columns(sheet)


def sheet_titles(ids: Iterable[str]) -> dict[str, str]:
    """A sheet title per chart id: the id itself, shortened to Excel's 31 characters (and
    numbered when two shortened ids would be the same)."""
    titles: dict[str, str] = {}
    for chart_id in ids:
        safe = re.sub(r"[\[\]:*?/\\]", "_", chart_id)  # characters Excel refuses in a title
        title = safe[:SHEET_NAME_MAX]
        number = 2
        while title in titles.values():
            suffix = f"~{number}"
            title = safe[: SHEET_NAME_MAX - len(suffix)] + suffix
            number += 1
        titles[chart_id] = title
    return titles


def _chart_sheets(workbook: Workbook, charts: Iterable[Chart]) -> None:
    drawn = [chart for chart in charts if chart.data.get("columns")]
    titles = sheet_titles(chart.id for chart in drawn)
    for chart in drawn:
        sheet = _sheet(workbook, titles[chart.id], chart.data["columns"])
        for row in chart.data["rows"]:
            formats = [number_format(value) if _is_number(value) else None for value in row]
            _write_row(sheet, row, formats)
        _fit_columns(sheet)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _save(workbook: Workbook, path: Path, made_at: datetime) -> None:
    """Save with the build's time as the workbook's and a fixed date on every zip entry, in one
    step (never half a file)."""
    if made_at.tzinfo is not None:
        made_at = made_at.astimezone(UTC).replace(tzinfo=None)
    workbook.properties.created = workbook.properties.modified = made_at
    buffer = io.BytesIO()
    workbook.save(buffer)
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as made,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as written,
    ):
        for entry in made.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            content = made.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                # openpyxl writes the time it saves as "modified": the build's time instead.
                stamp = made_at.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            written.writestr(info, content)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(fixed.getvalue())
    partial.replace(path)


def write_figures(
    figures: Iterable[Figure], charts: Iterable[Chart], path: Path, made_at: datetime
) -> None:
    """``figures.xlsx``: a sheet of the figures (id, label, value as a number, printed form,
    unit, chapter, rule), then one sheet per chart with the data it draws."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _figures_sheet(workbook, figures)
    _chart_sheets(workbook, charts)
    _save(workbook, path, made_at)


COMPARISON_COLUMNS = (
    "id",
    "omschrijving",
    "hoofdstuk",
    "oud",
    "nieuw",
    "verschil",
    "verschil (%)",
    "oud gedrukt",
    "nieuw gedrukt",
)


def write_comparison(shown: Iterable[Difference], path: Path, made_at: datetime) -> None:
    """``diff --xlsx``: the figures compared, values and changes as numbers, the relative
    change as a percentage cell."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheet = _sheet(workbook, "vergelijking", COMPARISON_COLUMNS)
    for row in shown:
        unit = CATALOGUE[row.id].unit if row.id in CATALOGUE else ""
        fraction = None if row.change_pct is None else row.change_pct / 100
        values = [
            row.id,
            row.label,
            row.chapter,
            row.old,
            row.new,
            row.change,
            fraction,
            row.old_printed,
            row.new_printed,
        ]
        formats = [None, None, None]
        formats += [None if v is None else number_format(v, unit) for v in values[3:6]]
        _write_row(sheet, values, [*formats, "+0.00%;-0.00%;0.00%"])
    _fit_columns(sheet)
    _save(workbook, path, made_at)
