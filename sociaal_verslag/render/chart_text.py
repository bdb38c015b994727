"""A chart in words, for whoever cannot see it: the table it draws, its numbers in the edition's
form, as the web page's collapsed table and as the text alternative of the PDF's image."""

from __future__ import annotations

from numbers import Number
from typing import Any

from ..language.formatting import quantity
from ..language.phrases import phrases
from ..language.translations import translate
from ..language.typography import tied_text

EMPTY = "–"
"""What a cell the chart leaves empty shows (a month without a value)."""


def shown(value: Any, language: str) -> str:
    """One cell of a chart's table as the edition prints it: a number in its locale's form (as
    exact as it is, two decimals at most), a label as it is."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Number) and not isinstance(value, bool):
        return quantity(value, language)
    return str(value)


def table(data: dict[str, Any], language: str) -> dict[str, Any]:
    """The chart's table (``columns``, ``rows``, ``reference_rows``: how many of the last rows
    are reference lines) with every cell as the edition prints it."""
    return {
        "columns": [str(column) for column in data.get("columns", [])],
        "rows": [[shown(value, language) for value in row] for row in data.get("rows", [])],
        "reference_rows": int(data.get("reference_rows", 0)),
        "values": str(data.get("values", "")),
    }


EXTREMES = "{series}: hoogst in {high_at} ({high}), laagst in {low_at} ({low})"
"""A series' highest and lowest value, in the text alternative of a chart of many values."""

MOST_CELLS_READ = 12
"""Up to this many values, the text alternative reads every row; above, each series' highest and
lowest value and the reference lines (the table under the chart holds every value)."""


def alternative(caption: str, data: dict[str, Any], language: str) -> str:
    """The caption, what the values are ('Bedrag (euro).'), then the chart's key values in the
    edition's words and punctuation: every row ('jan: toegekend 2025 3; uitbetaald 2025 5.')
    while the table is small, else each series' highest and lowest value; then the reference
    lines ('gemiddelde: 30.451.')."""
    written = table(data, language)
    # A language that ties ":" and ";" to the word before puts a space before them (French).
    space = " " if ":" in phrases(language).tie_punctuation else ""
    split = len(written["rows"]) - int(data.get("reference_rows", 0))
    rows, references = written["rows"][:split], written["rows"][split:]
    values = sum(1 for row in rows for cell in row[1:] if cell != EMPTY)
    if values <= MOST_CELLS_READ:
        parts = [_row_text(written["columns"][1:], row, space) for row in rows if row]
    else:
        parts = _extremes(data["rows"][:split], written["columns"], rows, language)
    parts += [_reference_text(written["columns"][1:], row, space) for row in references]
    if written["values"]:  # what the numbers are: "Bedrag (euro)."
        parts.insert(0, written["values"][:1].upper() + written["values"][1:])
    text = " ".join(part for part in [caption.rstrip(), *(f"{part}." for part in parts)] if part)
    return tied_text(text, language)


def _reference_text(series: list[str], row: list[str], space: str) -> str:
    """A reference line's row: its one value ('gemiddelde: 30.451'), or each panel's with its
    name ('gemiddelde: antivirus 30.451; firewall 16.239'): the row read without its empty
    cells."""
    filled = [(name, cell) for name, cell in zip(series, row[1:], strict=False) if cell != EMPTY]
    names = [name for name, _ in filled]
    return _row_text(names, [row[0], *(cell for _, cell in filled)], space)


def _row_text(series: list[str], row: list[str], space: str) -> str:
    if len(series) == 1:  # one series: the sentence before says what the values are
        return f"{row[0]}{space}: {row[1]}"
    cells = [f"{name} {value}" for name, value in zip(series, row[1:], strict=False)]
    return f"{row[0]}{space}: " + f"{space}; ".join(cells)


def _extremes(
    raw: list[list[Any]], columns: list[str], rows: list[list[str]], language: str
) -> list[str]:
    """Each series' highest and lowest value, with the category each stands at."""
    template = translate(
        "{series}: hoogst in {high_at} ({high}), laagst in {low_at} ({low})", language
    )
    parts = []
    for column, name in enumerate(columns[1:], start=1):
        cells = [
            (raw_row[column], row[0], row[column])
            for raw_row, row in zip(raw, rows, strict=True)
            if isinstance(raw_row[column], Number)
        ]
        if cells:
            high = max(cells, key=lambda cell: cell[0])
            low = min(cells, key=lambda cell: cell[0])
            parts.append(
                template.format(
                    series=name, high_at=high[1], high=high[2], low_at=low[1], low=low[2]
                )
            )
    return parts
