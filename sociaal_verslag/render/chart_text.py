"""A chart in words, for whoever cannot see it: the table it draws, its numbers in the edition's
form, as the web page's collapsed table and as the text alternative of the PDF's image."""

from __future__ import annotations

from numbers import Number
from typing import Any

from ..language.formatting import quantity
from ..language.phrases import phrases
from ..language.typography import NO_BREAK_SPACE, tie_positions

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


def table(data: dict[str, list[Any]], language: str) -> dict[str, list[Any]]:
    """The chart's table (``columns``, ``rows``) with every cell as the edition prints it."""
    return {
        "columns": [str(column) for column in data.get("columns", [])],
        "rows": [[shown(value, language) for value in row] for row in data.get("rows", [])],
    }


def alternative(caption: str, data: dict[str, list[Any]], language: str) -> str:
    """The caption, then each row of the table: 'jan: toegekend 2025 3; uitbetaald 2025 5.'
    (in French, 'janv. : accordé en 2025 9 708 ; …', its spaces tied as the text's are)."""
    written = table(data, language)
    series = written["columns"][1:]
    # A language that ties ":" and ";" to the word before puts a space before them (French).
    space = " " if ":" in phrases(language).tie_punctuation else ""
    rows = [
        f"{row[0]}{space}: "
        + f"{space}; ".join(f"{name} {value}" for name, value in zip(series, row[1:], strict=False))
        for row in written["rows"]
        if row
    ]
    text = " ".join(part for part in [caption.rstrip(), *(f"{row}." for row in rows)] if part)
    tied = tie_positions(text, language)
    return "".join(NO_BREAK_SPACE if at in tied else char for at, char in enumerate(text))
