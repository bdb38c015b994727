"""A chart in words, for whoever cannot see it: the table it draws, its numbers in the edition's
form, as the web page's collapsed table and as the text alternative of the PDF's image."""

from __future__ import annotations

import functools
import re
from numbers import Number
from typing import Any

from babel.dates import get_month_names
from babel.lists import format_list

from ..language.formatting import quantity, with_percent_sign
from ..language.phrases import locale, phrases
from ..language.translations import translate
from ..language.typography import tied_text

EMPTY = "–"
"""What a cell the chart leaves empty shows (a month without a value)."""


def shown(value: Any, language: str, in_percent: bool = False) -> str:
    """One cell of a chart's table as the edition prints it: a number in its locale's form (as
    exact as it is, two decimals at most; with its percent sign when the values are
    percentages), a label as it is."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Number) and not isinstance(value, bool):
        number = quantity(value, language)
        return with_percent_sign(number, language) if in_percent else number
    return str(value)


def table(data: dict[str, Any], language: str) -> dict[str, Any]:
    """The chart's table (``columns``, ``rows``, ``reference_rows``: how many of the last rows
    are reference lines) with every cell as the edition prints it; the values of a chart whose
    value axis counts in % ("% van de respondenten") each with the sign, read aloud alone."""
    in_percent = str(data.get("values", "")).startswith("%")
    months = _months_in_full(language)
    return {
        "columns": [str(column) for column in data.get("columns", [])],
        "rows": [
            [
                months.get(str(row[0]), str(row[0])),
                *(shown(value, language, in_percent) for value in row[1:]),
            ]
            if row
            else []
            for row in data.get("rows", [])
        ],
        "reference_rows": int(data.get("reference_rows", 0)),
        "values": str(data.get("values", "")),
        "key_texts": [tied_text(str(text), language) for text in data.get("key_texts", [])],
    }


@functools.cache
def _months_in_full(language: str) -> dict[str, str]:
    """A month as a chart's axis abbreviates it -> its full name (CLDR): the table and the text
    alternative say "januari", "janvier", which a screen reader reads as a word, not "janv"."""
    short = get_month_names("abbreviated", locale=locale(language))
    full = get_month_names("wide", locale=locale(language))
    return {short[month]: full[month] for month in range(1, 13)}


ZERO = re.compile(r"[0,.]+")
"""A printed value of none: "0", "0,0"."""
MOST_CELLS_READ = 12
"""Up to this many values, the page's text alternative reads every row; above, each series'
highest and lowest value and the reference lines: the table under the chart holds them all, and
a listener heard every month twice."""
ALL_CELLS_READ = 80
"""Up to this many values (every chart of 2025: the events, 72), the PDF's text alternative reads
every row: in the PDF it is a screen reader's only way to them."""


def alternative(
    caption: str, data: dict[str, Any], language: str, every_value: bool = False
) -> str:
    """The caption, what the values are ('Bedrag (euro).'), the key numbers the chart prints
    ('n = 2.237 respondenten.'), the reference lines ('Gemiddelde: 30.451.'), then the chart's
    values in the edition's words and punctuation: every row ('Januari — toegekend 2025: 3;
    uitbetaald 2025: 5.') while the table is small (:data:`MOST_CELLS_READ`; with
    ``every_value``, for the PDF, :data:`ALL_CELLS_READ`), else each series in a sentence
    (:func:`_series_sentence`)."""
    written = table(data, language)
    # A language that ties ":" and ";" to the word before puts a space before them (French).
    space = " " if ":" in phrases(language).tie_punctuation else ""
    split = len(written["rows"]) - int(data.get("reference_rows", 0))
    rows, references = written["rows"][:split], written["rows"][split:]
    values = sum(1 for row in rows for cell in row[1:] if cell != EMPTY)
    # The reference lines first ('Gemiddelde — antivirus: 30.451; …'): a listener has the key
    # numbers before twelve months of values (Figure 7's were at the end of 1.500 characters).
    parts = [_reference_text(written["columns"][1:], row, space) for row in references]
    if values <= (ALL_CELLS_READ if every_value else MOST_CELLS_READ):
        parts += [_row_text(written["columns"][1:], row, space) for row in rows if row]
    else:
        parts += _extremes(data["rows"][:split], written["columns"], rows, language)
    # What the numbers are ("Bedrag (euro)."), then the key numbers the chart prints in words
    # ("n = 2.237 respondenten."), before the values; each a sentence.
    parts[:0] = [written["values"], *written["key_texts"]]
    sentences = [f"{_sentence(part)}." for part in parts if part]
    text = " ".join(part for part in [caption.rstrip(), *sentences] if part)
    return tied_text(text, language)


def _sentence(text: str) -> str:
    """A text as a sentence of the alternative: its first letter a capital, but for a count's
    "n = ..." (a symbol, not a word)."""
    return text if re.match(r"n\s=", text) else text[:1].upper() + text[1:]


def _reference_text(series: list[str], row: list[str], space: str) -> str:
    """A reference line's row: its one value ('gemiddelde: 30.451'), or each panel's with its
    name ('gemiddelde — antivirus: 30.451; firewall: 16.239'): the row read without its empty
    cells."""
    filled = [(name, cell) for name, cell in zip(series, row[1:], strict=False) if cell != EMPTY]
    names = [name for name, _ in filled]
    return _row_text(names, [row[0], *(cell for _, cell in filled)], space)


def _row_text(series: list[str], row: list[str], space: str) -> str:
    if len(series) == 1:  # one series: the sentence before says what the values are
        return f"{row[0]}{space}: {row[1]}"
    # Each series' name, a colon, its value: "toegekend 2025 9.708" sounded like one number,
    # and "9.708 toegekend 2025" read "57 aantal leningen", "1 conferenties". The row's name is
    # set off by a dash, so that a colon says only what a value is. A series without a value
    # that month is left out (the table shows its dash), and so is one of none, unless all are:
    # the events' six kinds read "algemene vergadering: 0" eleven times.
    pairs = [(name, value) for name, value in zip(series, row[1:], strict=False) if value != EMPTY]
    some = [(name, value) for name, value in pairs if not ZERO.fullmatch(value)] or pairs
    cells = [f"{name}{space}: {value}" for name, value in some]
    return f"{row[0]} \u2014 " + f"{space}; ".join(cells)


def _extremes(
    raw: list[list[Any]], columns: list[str], rows: list[list[str]], language: str
) -> list[str]:
    """Each series in a sentence: its highest and lowest value with every category that has it
    ("hoogst in maart en mei (17)"), or, for a series of a few values among zeros (one event a
    year), those values ("algemene vergadering: 1 in juni, elders 0")."""
    parts = []
    for column, name in enumerate(columns[1:], start=1):
        cells = [
            (raw_row[column], row[0], row[column])
            for raw_row, row in zip(raw, rows, strict=True)
            if isinstance(raw_row[column], Number)
        ]
        if cells:
            parts.append(_series_sentence(name, cells, language))
    return parts


FEW_VALUES = 2
"""A series with at most this many values other than zero is read value by value."""


def _series_sentence(name: str, cells: list[tuple[Any, str, str]], language: str) -> str:
    """One series of (value, category, printed value) cells in words."""
    others = [cell for cell in cells if cell[0] != 0]
    if len(others) <= FEW_VALUES < len(cells):
        at = translate("{value} in {category}", language)
        values = ", ".join(at.format(value=printed, category=where) for _, where, printed in others)
        return translate("{series}: {values}, elders 0", language).format(
            series=name, values=values
        )
    high, low = max(cell[0] for cell in cells), min(cell[0] for cell in cells)

    def where(value: Any) -> tuple[str, str]:
        found = [cell for cell in cells if cell[0] == value]
        return format_list([cell[1] for cell in found], locale=locale(language)), found[0][2]

    (high_at, high_printed), (low_at, low_printed) = where(high), where(low)
    return translate(
        "{series}: hoogst in {high_at} ({high}), laagst in {low_at} ({low})", language
    ).format(series=name, high_at=high_at, high=high_printed, low_at=low_at, low=low_printed)
