"""Small registers made by hand, shaped as the loader returns them, for the metric trap tests.

``register("advisers", [{"office": "Gent", "started_on": JAN_1}])`` is a frame with every column
of the register (``registers.yaml``), in its order and with the loader's dtypes: dates as
``datetime64[ns]``, booleans as ``bool``, whole numbers as ``int64``, amounts as ``float64``,
text as pandas strings. A column a row does not name gets a harmless value: a fresh id for the
register's key, the first allowed value of an enum, ``False``, 0 or an empty date. So a test
names only what its rule looks at. ``register(name)`` is the register with no rows.

The year of these tests is ``YEAR``, not the sample data's 2025: a metric that had the year of
the published report written into it would fail them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from sociaal_verslag.registers.loading import REGISTERS

YEAR = 2024
"""The report year of the trap tests (a leap year, and not the sample data's year)."""

JAN_1 = f"{YEAR}-01-01"
"""The first day of the year: inside it."""
DEC_31 = f"{YEAR}-12-31"
"""The last day of the year: inside it."""
DAY_BEFORE = f"{YEAR - 1}-12-31"
"""31 December of the year before: outside it."""
DAY_AFTER = f"{YEAR + 1}-01-01"
"""1 January of the next year: outside it."""
MID_YEAR = f"{YEAR}-06-15"
"""A day well inside the year."""
LONG_AGO = f"{YEAR - 6}-03-01"
"""A day years before the year."""

EDGES = [(DAY_BEFORE, False), (JAN_1, True), (DEC_31, True), (DAY_AFTER, False)]
"""The days around the year's edges, and whether each lies in the year."""

_DTYPES = {
    "text": "str",
    "date": "datetime64[ns]",
    "bool": "bool",
    "int": "int64",
    "float": "float64",
}

_FILLERS = {"bool": False, "int": 0, "float": 0.0, "date": None}


def _filler(name: str, column: str, number: int) -> Any:
    spec = REGISTERS[name].table.columns[column]
    if spec.kind != "text":
        return _FILLERS[spec.kind]
    if spec.allowed:
        return spec.allowed[0]
    return f"{column}-{number}"


def register(name: str, rows: Sequence[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """The register ``name`` holding ``rows`` (column -> value; a date as ``yyyy-mm-dd`` text or
    None), with the loader's columns and dtypes. Raises on a column the register does not have."""
    columns = REGISTERS[name].columns
    for row in rows:
        unknown = set(row) - set(columns)
        if unknown:
            raise KeyError(f"{name} has no column {', '.join(sorted(unknown))}")
    data = {
        column: [
            row[column] if column in row else _filler(name, column, number)
            for number, row in enumerate(rows, start=1)
        ]
        for column in columns
    }
    frame = pd.DataFrame(
        {column: pd.Series(values, dtype=object) for column, values in data.items()}
    )
    for column in columns:
        kind = REGISTERS[name].table.columns[column].kind
        if kind == "date":
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        frame[column] = frame[column].astype(_DTYPES[kind])
    return frame


def rows(count: int, **values: Any) -> list[dict[str, Any]]:
    """``count`` rows that hold the same ``values``."""
    return [dict(values) for _ in range(count)]
