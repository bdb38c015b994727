"""Checking a register's text cells against its spec: every problem, each with its row.

:func:`validate` converts the text frame column by column (:mod:`register_convert`), checks the
result with the register's pandera schema (required values, allowed values, plausible ranges,
unique ids) and translates pandera's failure cases into :class:`Problem` s, then checks the
dates of the report year and the rules across columns. A cell that could not be converted is
reported once, as such, and not again by a check.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .convert import convert
from .exports import PLAIN, Dialect
from .problems import Problem, sheet_row, show
from .rules import year_bounds
from .spec import RegisterSpec

Blocked = set[tuple[str, object]]
"""(column, row index) of the cells already reported as not of their column's type."""


def validate(
    spec: RegisterSpec,
    raw: pd.DataFrame,
    file: str,
    year: int,
    dialect: Dialect = PLAIN,
    unique: bool = True,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert and validate the text frame; returns the converted frame and all problems.

    ``unique=False`` leaves out the unique values (the frame is one part of a file).
    """
    problems = _header_problems(spec, raw, file)
    df, unconvertible, found = _converted(spec, raw, file, dialect)
    blocked = {(column, index) for column, bad in unconvertible.items() for index in bad[bad].index}
    problems += found
    problems += _schema_problems(spec, raw, df, file, unique, blocked)
    problems += _year_problems(spec, raw, df, file, year)
    problems += _rule_problems(spec, raw, df, file, year, unconvertible)
    problems = _blank_lines(raw, file, problems)
    problems += _missing_months(spec, df, file, year)
    return df, problems


def _header_problems(spec: RegisterSpec, raw: pd.DataFrame, file: str) -> list[Problem]:
    expected = list(spec.columns)
    problems = [
        Problem(file, "header", column, f"a column named {column!r}", "no such column")
        for column in expected
        if column not in raw.columns
    ]
    problems += [
        Problem(
            file,
            "header",
            str(column),
            "only the columns " + ", ".join(expected),
            f"an extra column {str(column)!r}",
        )
        for column in raw.columns
        if column not in expected
    ]
    return problems


def expected_cell(spec: RegisterSpec, column: str, dialect: Dialect) -> str:
    """What a cell of ``column`` must look like in a file of ``dialect``."""
    kind = spec.column_kind(column)
    if kind == "date":
        return f"a date {dialect.date_label}"
    what = spec.table.columns[column].expected
    if kind in ("int", "float") and dialect is not PLAIN:
        return f"{what}, {dialect.number_label}"
    if kind == "bool" and dialect is not PLAIN:
        return " or ".join(sorted(dialect.booleans))
    return what


def _converted(
    spec: RegisterSpec, raw: pd.DataFrame, file: str, dialect: Dialect
) -> tuple[pd.DataFrame, dict[str, pd.Series], list[Problem]]:
    """The frame converted from text, the cells that were not of their column's type, and a
    problem for each of them."""
    converted: dict[str, pd.Series] = {}
    unconvertible: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    for column in (c for c in spec.columns if c in raw.columns):
        values, bad = convert(spec.column_kind(column), raw[column], dialect)
        converted[column] = values
        unconvertible[column] = bad
        what = expected_cell(spec, column, dialect)
        for index in bad[bad].index:
            problems.append(
                Problem(file, sheet_row(index), column, what, show(raw.at[index, column]))
            )
    return pd.DataFrame(converted, index=raw.index), unconvertible, problems


def _schema_problems(
    spec: RegisterSpec,
    raw: pd.DataFrame,
    df: pd.DataFrame,
    file: str,
    unique: bool,
    blocked: Blocked,
) -> list[Problem]:
    """Required values, types, allowed values, ranges and unique ids (pandera)."""
    # pandera (about 0.6 s to import) only when a register is validated
    from pandera.errors import SchemaErrors

    whole = len(df.columns) == len(spec.columns) and unique
    schema = spec.schema if whole else spec.table.build(list(df.columns), unique)
    try:
        schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        problems = _translate(exc.failure_cases, raw, df, file, blocked)
        checks = exc.failure_cases["check"]
        for column in exc.failure_cases.loc[checks == "field_uniqueness", "column"].unique():
            problems += uniqueness_problems(file, raw, df, [str(column)])
        if (checks == "multiple_fields_uniqueness").any():
            problems += uniqueness_problems(file, raw, df, list(schema.unique or []))
        return problems
    return []


def _translate(
    failures: pd.DataFrame, raw: pd.DataFrame, df: pd.DataFrame, file: str, blocked: Blocked
) -> list[Problem]:
    """Pandera's failure cases as problems, without those already reported on conversion."""
    problems = []
    for column, check, index in failures[["column", "check", "index"]].itertuples(index=False):
        column = str(column)
        has_row = index is not None and not (isinstance(index, float) and index != index)
        if check.startswith("dtype("):
            if column in df and df[column].isna().any():
                continue  # an empty or unconvertible cell, reported on its own row
            problems.append(Problem(file, None, column, f"values of type {check}", "other types"))
        elif not has_row:
            problems.append(Problem(file, None, column, check, "a failing column"))
        elif check in ("field_uniqueness", "multiple_fields_uniqueness"):
            continue  # reported with the row of the first occurrence, see uniqueness_problems
        elif (column, index) in blocked:
            continue
        elif check == "not_nullable":
            problems.append(Problem(file, sheet_row(index), column, "a value", "an empty cell"))
        else:
            got = show(raw.at[index, column])
            problems.append(Problem(file, sheet_row(index), column, check, got))
    return problems


def uniqueness_problems(
    file: str, raw: pd.DataFrame, converted: pd.DataFrame, columns: list[str]
) -> list[Problem]:
    """Every repeated value (or combination) after its first occurrence."""
    keys = converted[columns]
    repeated = keys.duplicated(keep="first") & keys.notna().all(axis=1)
    if not repeated.any():
        return []
    first_rows = keys.reset_index().groupby(columns, sort=False)["index"].transform("min")
    first_rows.index = keys.index
    single = len(columns) == 1
    what = "a unique value" if single else "a unique combination of " + ", ".join(columns)
    problems = []
    for index in repeated[repeated].index:
        if single:
            got = show(raw.at[index, columns[0]])
        else:
            got = ", ".join(f"{c} {show(raw.at[index, c])}" for c in columns)
        first = sheet_row(first_rows.at[index])
        problems.append(
            Problem(file, sheet_row(index), columns[0], f"{what} (already on row {first})", got)
        )
    return problems


def _year_problems(
    spec: RegisterSpec, raw: pd.DataFrame, df: pd.DataFrame, file: str, year: int
) -> list[Problem]:
    """Dates outside the report year in the columns that must be inside it."""
    first, last = year_bounds(year)
    problems = []
    for column in (c for c in spec.year_dates if c in df):
        values = df[column]
        outside = values.notna() & ((values < first) | (values > last))
        for index in outside[outside].index:
            got = show(raw.at[index, column])
            problems.append(Problem(file, sheet_row(index), column, f"a date in {year}", got))
    return problems


def _rule_problems(
    spec: RegisterSpec,
    raw: pd.DataFrame,
    df: pd.DataFrame,
    file: str,
    year: int,
    unconvertible: dict[str, pd.Series],
) -> list[Problem]:
    """The rows that break a rule across columns (not when one of its cells was unreadable)."""
    problems = []
    for rule in spec.rules:
        if not all(c in df for c in rule.columns):
            continue
        ok = rule.ok(df, year).fillna(True).astype(bool)
        for column in rule.columns:
            ok |= unconvertible[column]
        for index in ok[~ok].index:
            got = show(raw.at[index, rule.columns[0]])
            others = [f"{c} {show(raw.at[index, c])}" for c in rule.columns[1:]]
            if others:
                got += " with " + ", ".join(others)
            expected = rule.expected.format(year=year)
            problems.append(Problem(file, sheet_row(index), rule.columns[0], expected, got))
    return problems


def _blank_lines(raw: pd.DataFrame, file: str, problems: list[Problem]) -> list[Problem]:
    """A blank line is one problem, not one per column."""
    blank = (raw.isna() | raw.eq("")).all(axis=1)
    if not blank.any():
        return problems
    blank_rows = {sheet_row(index) for index in blank[blank].index}
    problems = [p for p in problems if p.row not in blank_rows]
    return problems + [Problem(file, row, None, "a record", "a blank line") for row in blank_rows]


def _missing_months(spec: RegisterSpec, df: pd.DataFrame, file: str, year: int) -> list[Problem]:
    """The months of the year a monthly log has no row for."""
    column = spec.months_of_year
    if not column or column not in df or not len(df):
        return []
    months = set(df[column].dropna())
    return [
        Problem(file, None, column, f"every month of {year} exactly once", f"no row for {label}")
        for label in (f"{year}-{month:02d}" for month in range(1, 13))
        if label not in months
    ]


def key_digests(spec: RegisterSpec, converted: pd.DataFrame) -> list[np.ndarray]:
    """For each unique key of the register, a 64-bit digest of each record's key, of the
    records whose key is filled in (an empty key is not a repeat: see
    :func:`uniqueness_problems`). Compared across the parts of a big file, they tell whether a
    key may repeat without keeping the keys' text: eight bytes a record."""
    digests = []
    for key in spec.table.unique_keys():
        if all(column in converted for column in key):
            keys = converted[key]
            filled = keys[keys.notna().all(axis=1)]
            digests.append(pd.util.hash_pandas_object(filled, index=False).to_numpy())
    return digests


def may_repeat(parts: list[list[np.ndarray]]) -> bool:
    """Whether any key's digest occurs twice across ``parts`` (each part's
    :func:`key_digests`): a repeated key, or, rarely, two keys of the same digest."""
    for per_key in zip(*parts, strict=True):
        together = np.sort(np.concatenate(per_key))  # sorted, a repeat sits beside itself
        if (together[1:] == together[:-1]).any():
            return True
    return False
