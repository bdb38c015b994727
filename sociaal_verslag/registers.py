"""The year's data registers: what each CSV file holds, and loading it with precise errors.

Every register is one CSV file in ``data/<year>/`` (UTF-8, comma separated, a header row,
ISO dates ``yyyy-mm-dd``, booleans ``true``/``false``, a dot as decimal separator, an empty
cell for a missing value). :data:`REGISTERS` maps a register's name to its
:class:`RegisterSpec`: file name, what one row is, where such a register usually comes from,
a pandera schema (types, allowed values, ranges, unique ids), the date columns that must fall
inside the report year and the rules that involve several columns.

:func:`load_register` reads a file with every column as text, converts the columns to their
types itself (so that a bad cell is reported with its row) and then validates the result with
pandera. Every problem of the file is collected and raised together as a
:class:`RegisterError`, one line per problem, with the row as an analyst sees it in a
spreadsheet (the header is row 1, the first record row 2)::

    data/2025/loans.csv, row 14, column amount_granted_eur: expected a number > 0 and <= 100000
    (plausible range for a loan), got 'abc'

Every number column declares its plausible range, a minimum and a maximum that a real export
never exceeds, so that a damaged or misread value (an amount of 1000000000000000000.00) is
refused rather than printed.

:func:`check_registers` returns the problems of all registers instead of raising, including
the references between registers (:func:`check_references`); :func:`load_and_check` returns
the loaded registers with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandera.pandas as pa

import numpy as np
import pandas as pd

__all__ = [
    "LANGUAGES",
    "MAX_LISTED_PER_FILE",
    "OFFICES",
    "PROJECT_ROOT",
    "REFERENCES",
    "REGISTERS",
    "PlausibleRange",
    "Problem",
    "Reference",
    "RegisterError",
    "RegisterSpec",
    "RowRule",
    "check_references",
    "check_registers",
    "display_path",
    "format_problems",
    "load_and_check",
    "load_register",
    "load_registers",
]

from .errors import ReportError
from .exports import (
    PLAIN,
    Cells,
    Dialect,
    ExportError,
    FlawedExportError,
    RegisterSource,
    find_file,
    read_cells,
)
from .paths import PROJECT_ROOT, relative_to_root

"""The root of the project: paths under it are shown relative to it in messages."""

OFFICES: tuple[str, ...] = (
    "Brussel",
    "Antwerpen",
    "Gent",
    "Luik",
    "Namen",
    "Charleroi",
    "Bergen",
    "Aarlen",
)
"""SmartCoop's offices in Belgium (Dutch names), the allowed values of every ``office``."""

LANGUAGES: tuple[str, ...] = ("nl", "fr", "en")
"""Allowed values of every ``language`` column."""

_LOAN_MAX_EUR = 100_000
"""The largest plausible loan: the loans service lends small sums (at most 15.000 so far)."""

MAX_LISTED_PER_FILE = 20
"""How many problems of one file :func:`format_problems` lists before '... and N more'."""

Kind = Literal["text", "date", "bool", "int", "float"]


# --------------------------------------------------------------------------------------------
# Problems and the error that carries them
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a register file.

    ``row`` is the spreadsheet row (header = 1, first record = 2), ``"header"`` for a problem
    with the columns, or ``None`` for a problem with the file as a whole or with a column as a
    whole. ``column`` is ``None`` for a problem with the file itself.
    """

    file: str
    row: int | Literal["header"] | None
    column: str | None
    expected: str
    got: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row == "header":
            where.append("header row")
        elif self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: expected {self.expected}, got {self.got}"


def format_problems(problems: Sequence[Problem], limit: int = MAX_LISTED_PER_FILE) -> str:
    """One line per problem, at most ``limit`` per file followed by '... and N more'."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    lines: list[str] = []
    for file, file_problems in by_file.items():
        lines.extend(str(p) for p in file_problems[:limit])
        if len(file_problems) > limit:
            lines.append(f"... and {len(file_problems) - limit} more problems in {file}")
    return "\n".join(lines)


class RegisterError(ReportError):
    """One or more registers are missing or do not match their specification.

    ``problems`` holds every :class:`Problem`; ``str()`` lists them one per line.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(format_problems(self.problems))

    def __str__(self) -> str:
        return format_problems(self.problems)


# --------------------------------------------------------------------------------------------
# Specifications
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowRule:
    """A rule on each row that involves several columns (or the report year).

    ``ok(df, year)`` returns a boolean Series, True where the row satisfies the rule; it gets
    the converted frame and should treat empty cells as satisfying it (a required value is
    checked by the schema). A failing row is reported on ``columns[0]``; the other columns'
    values are shown with it. ``expected`` may contain ``{year}``.
    """

    columns: tuple[str, ...]
    expected: str
    ok: Callable[[pd.DataFrame, int], pd.Series]


@dataclass(frozen=True)
class RegisterSpec:
    """What one register file holds and how it is checked."""

    name: str
    filename: str
    description: str
    """What one row is (English, one line)."""
    usual_source: str
    """Where such a register usually comes from at SmartCoop."""
    table: TableSpec
    """Its columns: type, what a cell must hold, checks, plausible range."""
    year_dates: tuple[str, ...] = ()
    """Date columns whose every value must fall inside the report year."""
    rules: tuple[RowRule, ...] = ()
    months_of_year: str | None = None
    """A ``yyyy-mm`` text column that must list each month of the report year exactly once."""
    kind: Literal["register", "log"] = "register"

    @property
    def columns(self) -> tuple[str, ...]:
        """The expected columns, in file order."""
        return tuple(self.table.columns)

    @cached_property
    def schema(self) -> pa.DataFrameSchema:
        """The pandera schema of all columns, built (and pandera imported) on first use."""
        return self.table.build()

    def column_kind(self, column: str) -> Kind:
        """How the column is converted from text: text, date, bool, int or float."""
        return self.table.columns[column].kind

    def plausible_range(self, column: str) -> PlausibleRange | None:
        """The values a number column may hold (``None`` for other columns)."""
        return self.table.columns[column].plausible

    def path(self, data_dir: Path) -> Path:
        """The register's file in ``data_dir``."""
        return Path(data_dir) / self.filename


@dataclass(frozen=True)
class Reference:
    """``register.column`` must only hold values found in ``target.target_column``."""

    register: str
    column: str
    target: str
    target_column: str


# --- column builders -------------------------------------------------------------------------


def _figure(value: float) -> str:
    """A bound as a plain CSV file writes numbers (100000, 0.5): a Dutch '100.000' would read
    as a hundred to someone filling in a file with decimal points."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


@dataclass(frozen=True)
class PlausibleRange:
    """The values a number column may hold: above (or from) ``low`` up to ``high`` included.

    ``why`` says where the bounds come from, in the message: 'plausible range for a loan'.
    """

    low: float
    low_included: bool
    high: float
    why: str

    def text(self, noun: str) -> str:
        """What a cell must hold: 'a number > 0 and <= 100000 (plausible range for a loan)'."""
        low = f"{'>=' if self.low_included else '>'} {_figure(self.low)}"
        return f"{noun} {low} and <= {_figure(self.high)} ({self.why})"

    def check(self, noun: str) -> CheckMaker:
        """The pandera check, whose error is the whole range (so a failure shows it all)."""
        return lambda pa: pa.Check.in_range(
            self.low,
            self.high,
            include_min=self.low_included,
            include_max=True,
            error=self.text(noun),
        )


def _plausible(ge: float | None, gt: float | None, le: float, why: str) -> PlausibleRange:
    if ge is not None and gt is None:
        return PlausibleRange(float(ge), True, float(le), why)
    if gt is not None and ge is None:
        return PlausibleRange(float(gt), False, float(le), why)
    raise ValueError("a number column needs exactly one lower bound: ge or gt")


CheckMaker = Callable[[Any], Any]
"""Makes one pandera check from the pandera module: pandera is imported only to validate."""


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a register: its type, what a cell must hold, its checks."""

    dtype: object
    kind: Kind
    expected: str
    checks: tuple[CheckMaker, ...] = ()
    nullable: bool = False
    unique: bool = False
    plausible: PlausibleRange | None = None
    allowed: tuple[str, ...] | None = None
    """For a text column: the values it may hold (None: any)."""

    def build(self, pa: Any, unique: bool = True) -> pa.Column:
        """The pandera column (``unique=False``: without its uniqueness, checked elsewhere)."""
        return pa.Column(
            self.dtype,
            [make(pa) for make in self.checks],
            nullable=self.nullable,
            unique=self.unique and unique,
            metadata={"kind": self.kind, "expected": self.expected, "range": self.plausible},
        )


@dataclass(frozen=True)
class TableSpec:
    """The columns of a register, in file order, and the ones that are unique together."""

    columns: dict[str, ColumnSpec]
    unique: list[str] | None = field(default=None)

    def build(
        self, present: Sequence[str] | None = None, unique: bool = True
    ) -> pa.DataFrameSchema:
        """The pandera schema of the ``present`` columns (default: all of them); with
        ``unique=False``, without the checks of unique values (a part of a file cannot tell)."""
        import pandera.pandas as pa  # 0.2 s: only when a register is validated

        names = list(self.columns) if present is None else [c for c in self.columns if c in present]
        together = self.unique if unique and all(c in names for c in self.unique or []) else None
        columns = {c: self.columns[c].build(pa, unique) for c in names}
        return pa.DataFrameSchema(columns, unique=together)

    def unique_keys(self) -> list[list[str]]:
        """The columns, or combinations of columns, whose values must not repeat."""
        keys = [[name] for name, column in self.columns.items() if column.unique]
        return keys + ([list(self.unique)] if self.unique else [])


def _column(
    dtype: object,
    kind: Kind,
    expected: str,
    checks: Sequence[CheckMaker] = (),
    *,
    nullable: bool = False,
    unique: bool = False,
    plausible: PlausibleRange | None = None,
    allowed: Sequence[str] | None = None,
) -> ColumnSpec:
    return ColumnSpec(
        dtype,
        kind,
        expected,
        tuple(checks),
        nullable=nullable,
        unique=unique,
        plausible=plausible,
        allowed=None if allowed is None else tuple(allowed),
    )


def _id() -> ColumnSpec:
    return _column(str, "text", "an identifier", unique=True)


def _text(allowed: Sequence[str] | None = None, *, nullable: bool = False) -> ColumnSpec:
    checks: list[CheckMaker] = []
    if allowed is not None:
        values = list(allowed)
        checks.append(lambda pa: pa.Check.isin(values, error="one of " + ", ".join(values)))
    return _column(str, "text", "a text", checks, nullable=nullable, allowed=allowed)


def _month() -> ColumnSpec:
    pattern = r"^\d{4}-(0[1-9]|1[0-2])$"
    check: CheckMaker = lambda pa: pa.Check.str_matches(pattern, error="a month yyyy-mm")  # noqa: E731
    return _column(str, "text", "a month yyyy-mm", [check], unique=True)


def _date(*, nullable: bool = False) -> ColumnSpec:
    return _column("datetime64[ns]", "date", "a date yyyy-mm-dd", nullable=nullable)


def _bool() -> ColumnSpec:
    return _column(bool, "bool", "true or false")


def _int(*, ge: int | None = None, gt: int | None = None, le: int, why: str) -> ColumnSpec:
    """A whole-number column; its plausible range is required (see :class:`PlausibleRange`)."""
    plausible = _plausible(ge, gt, le, why)
    noun = "a whole number"
    return _column(
        "int64", "int", plausible.text(noun), [plausible.check(noun)], plausible=plausible
    )


def _number(
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float,
    why: str,
    decimals: int | None = None,
    multiple_of: float | None = None,
    nullable: bool = False,
) -> ColumnSpec:
    """A number column; its plausible range is required (see :class:`PlausibleRange`)."""
    plausible = _plausible(ge, gt, le, why)
    noun = "a number"
    checks = [plausible.check(noun)]
    if decimals is not None:
        factor = 10**decimals

        def at_most_decimals(s: pd.Series) -> pd.Series:
            scaled = s * factor
            return (scaled - scaled.round()).abs() < 1e-6

        checks.append(
            lambda pa: pa.Check(
                at_most_decimals,
                name="decimals",
                error=f"a number with at most {decimals} decimals",
            )
        )
    if multiple_of is not None:
        step = multiple_of

        def is_multiple(s: pd.Series) -> pd.Series:
            ratio = s / step
            return (ratio - ratio.round()).abs() < 1e-9

        checks.append(
            lambda pa: pa.Check(is_multiple, name="multiple_of", error=f"a multiple of {step:g}")
        )
    return _column(
        "float64", "float", plausible.text(noun), checks, nullable=nullable, plausible=plausible
    )


def _monthly_count() -> ColumnSpec:
    return _int(ge=0, le=100_000_000, why="plausible range for a month's count")


def _schema(columns: dict[str, ColumnSpec], unique: list[str] | None = None) -> TableSpec:
    return TableSpec(columns, unique)


# --- row rules ---------------------------------------------------------------------------------


def _not_before(column: str, other: str) -> RowRule:
    """``column`` (nullable date) must be on or after ``other`` when both are filled in."""

    def ok(df: pd.DataFrame, year: int) -> pd.Series:
        return df[column].isna() | df[other].isna() | (df[column] >= df[other])

    return RowRule((column, other), f"a date on or after {other}", ok)


def _year_bounds(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)


def _overlaps_year(start: str, end: str) -> RowRule:
    def ok(df: pd.DataFrame, year: int) -> pd.Series:
        first, last = _year_bounds(year)
        starts_in_time = df[start].isna() | (df[start] <= last)
        ends_in_time = df[end].isna() | (df[end] >= first)
        return starts_in_time & ends_in_time

    return RowRule((start, end), "a contract period that overlaps {year}", ok)


def _end_only_open_ended() -> RowRule:
    def ok(df: pd.DataFrame, year: int) -> pd.Series:
        return df["end_date"].notna() | (df["contract_type"] == "open_ended")

    return RowRule(
        ("end_date", "contract_type"),
        "an end date (only open_ended contracts may leave it empty)",
        ok,
    )


def _filled_together(column: str, other: str) -> RowRule:
    def ok(df: pd.DataFrame, year: int) -> pd.Series:
        return df[column].isna() == df[other].isna()

    return RowRule((column, other), f"a value exactly when {other} is filled in", ok)


def _month_in_year(column: str) -> RowRule:
    def ok(df: pd.DataFrame, year: int) -> pd.Series:
        return df[column].isna() | df[column].str.startswith(f"{year}-")

    return RowRule((column,), "a month of {year}", ok)


# --------------------------------------------------------------------------------------------
# Loading and checking
# --------------------------------------------------------------------------------------------


display_path = relative_to_root
"""``path`` relative to the project root when it lies under it, else as given (posix)."""


def _show(value: object) -> str:
    """A raw cell as it appears in a message."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return "an empty cell"
    return repr(str(value))


def _spec(name: str) -> RegisterSpec:
    try:
        return REGISTERS[name]
    except KeyError:
        known = ", ".join(REGISTERS)
        raise ValueError(f"unknown register {name!r}; known registers: {known}") from None


def _read_text(
    spec: RegisterSpec, path: Path, file: str, source: RegisterSource | None
) -> Cells | list[Problem]:
    """The file with every cell as text ('' for an empty cell), or the problems reading it."""
    columns = ", ".join(spec.columns)
    if not path.is_file():
        return [
            Problem(
                file,
                None,
                None,
                f"a file {spec.name}.csv or {spec.name}.xlsx with the columns {columns}",
                "no such file",
            )
        ]
    try:
        return read_cells(path, spec.columns, source)
    except FlawedExportError as exc:
        return [Problem(file, f.row, f.column, f.expected, f.got) for f in exc.flaws]
    except ExportError as exc:
        return [Problem(file, None, None, f"a {spec.name} register", str(exc))]


def _matches(raw: pd.Series, pattern: str) -> pd.Series:
    """Mask of the cells that fully match ``pattern`` (tested once per distinct value: fast)."""
    codes, uniques = pd.factorize(raw)
    regex = re.compile(pattern)
    values = np.asarray(uniques, dtype=object)
    ok = np.array([bool(regex.fullmatch(u)) for u in values] + [False], dtype=bool)
    return pd.Series(ok[codes], index=raw.index)  # code -1 (missing) takes the last: False


def _convert(kind: Kind, raw: pd.Series, dialect: Dialect = PLAIN) -> tuple[pd.Series, pd.Series]:
    """Convert a text column; returns the converted column and a mask of unconvertible cells.

    A cell must match the file's dialect exactly (a Belgian file's ``1.5`` is not 1,5 nor 15).
    Each distinct text is converted once, then spread over the rows: a register of millions of
    rows holds far fewer distinct dates and amounts.
    """
    if kind == "text":
        empty = raw.eq("") | raw.isna()
        return raw.where(~empty), pd.Series(False, index=raw.index)
    codes, uniques = pd.factorize(raw)
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    # A last entry for missing cells (code -1): empty, so neither a value nor a problem.
    distinct = pd.concat([distinct, pd.Series([""], dtype=object)], ignore_index=True)
    values, bad = _convert_distinct(kind, distinct, dialect)
    taken = values.to_numpy()[codes]
    converted = pd.Series(taken, index=raw.index, dtype=values.dtype)
    return converted, pd.Series(bad.to_numpy()[codes], index=raw.index)


def _convert_distinct(kind: Kind, raw: pd.Series, dialect: Dialect) -> tuple[pd.Series, pd.Series]:
    """:func:`_convert` on distinct texts (a column of objects)."""
    empty = raw.eq("") | raw.isna()
    if kind == "bool":
        mapped = raw.str.strip().str.lower().map(dialect.booleans)
        bad = mapped.isna() & ~empty
        if mapped[~empty].isna().any() or empty.iloc[:-1].any():
            return mapped.astype("boolean"), bad
        return mapped.fillna(False).astype(bool), bad
    if kind == "date":
        well_formed = _matches(raw, dialect.date_pattern)
        parsed = pd.to_datetime(raw.where(well_formed), format=dialect.date_format, errors="coerce")
        parsed = parsed.astype("datetime64[ns]")
        return parsed, parsed.isna() & ~empty
    pattern = dialect.int_pattern if kind == "int" else dialect.number_pattern
    well_formed = _matches(raw, pattern)
    plain = dialect.numbers_to_plain(raw.where(well_formed).astype(str)).where(well_formed)
    numbers = pd.to_numeric(plain, errors="coerce").astype("float64")
    # Hundreds of digits make an infinite float, and a whole number beyond 2**53 is no longer
    # exact (nor, beyond 2**63, an int64): neither is a value, let alone a plausible one.
    limit = 2.0**53 if kind == "int" else np.finfo("float64").max
    unreadable = numbers.notna() & ~(numbers.abs() <= limit)
    numbers = numbers.mask(unreadable)
    bad = (~well_formed | unreadable) & ~empty
    if kind == "int" and not numbers.iloc[:-1].isna().any():
        return numbers.fillna(0).astype("int64"), bad
    return numbers, bad


def _row(index: object) -> int:
    return int(index) + 2  # type: ignore[call-overload]


def _uniqueness_problems(
    file: str, raw: pd.DataFrame, converted: pd.DataFrame, columns: list[str]
) -> list[Problem]:
    """Every repeated value (or combination) after its first occurrence."""
    keys = converted[columns]
    repeated = keys.duplicated(keep="first") & keys.notna().all(axis=1)
    if not repeated.any():
        return []
    first_rows = keys.reset_index().groupby(columns, sort=False)["index"].transform("min")
    first_rows.index = keys.index
    problems = []
    what = (
        "a unique value" if len(columns) == 1 else "a unique combination of " + ", ".join(columns)
    )
    for index in repeated[repeated].index:
        if len(columns) == 1:
            got = _show(raw.at[index, columns[0]])
        else:
            got = ", ".join(f"{c} {_show(raw.at[index, c])}" for c in columns)
        problems.append(
            Problem(
                file,
                _row(index),
                columns[0],
                f"{what} (already on row {_row(first_rows.at[index])})",
                got,
            )
        )
    return problems


def _expected(spec: RegisterSpec, column: str, dialect: Dialect) -> str:
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


def _validate(
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
    problems: list[Problem] = []
    expected = list(spec.columns)
    present = [c for c in expected if c in raw.columns]
    for column in expected:
        if column not in raw.columns:
            problems.append(
                Problem(file, "header", column, f"a column named {column!r}", "no such column")
            )
    for column in raw.columns:
        if column not in expected:
            problems.append(
                Problem(
                    file,
                    "header",
                    str(column),
                    "only the columns " + ", ".join(expected),
                    f"an extra column {str(column)!r}",
                )
            )

    # 1. Conversion from text, reporting cells that are not of the column's type.
    converted: dict[str, pd.Series] = {}
    unconvertible: dict[str, pd.Series] = {}
    for column in present:
        values, bad = _convert(spec.column_kind(column), raw[column], dialect)
        converted[column] = values
        unconvertible[column] = bad
        what = _expected(spec, column, dialect)
        for index in bad[bad].index:
            problems.append(Problem(file, _row(index), column, what, _show(raw.at[index, column])))
    df = pd.DataFrame(converted, index=raw.index)
    blocked = {(column, index) for column, bad in unconvertible.items() for index in bad[bad].index}

    # 2. The schema: required values, types, allowed values, ranges, unique ids (pandera).
    from pandera.errors import SchemaErrors

    whole = len(present) == len(expected) and unique
    schema = spec.schema if whole else spec.table.build(present, unique)
    try:
        schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        problems.extend(_translate(exc.failure_cases, raw, df, file, blocked))
        checks = exc.failure_cases["check"]
        for column in exc.failure_cases.loc[checks == "field_uniqueness", "column"].unique():
            problems.extend(_uniqueness_problems(file, raw, df, [str(column)]))
        if (checks == "multiple_fields_uniqueness").any():
            problems.extend(_uniqueness_problems(file, raw, df, list(schema.unique or [])))

    # 3. The report year and the rules across columns.
    first, last = _year_bounds(year)
    for column in spec.year_dates:
        if column not in df:
            continue
        values = df[column]
        outside = values.notna() & ((values < first) | (values > last))
        for index in outside[outside].index:
            problems.append(
                Problem(
                    file, _row(index), column, f"a date in {year}", _show(raw.at[index, column])
                )
            )
    for rule in spec.rules:
        if not all(c in df for c in rule.columns):
            continue
        ok = rule.ok(df, year).fillna(True).astype(bool)
        for column in rule.columns:
            ok |= unconvertible[column]
        for index in ok[~ok].index:
            got = _show(raw.at[index, rule.columns[0]])
            others = [f"{c} {_show(raw.at[index, c])}" for c in rule.columns[1:]]
            if others:
                got += " with " + ", ".join(others)
            problems.append(
                Problem(file, _row(index), rule.columns[0], rule.expected.format(year=year), got)
            )
    # A blank line is one problem, not one per column.
    blank = (raw.isna() | raw.eq("")).all(axis=1)
    if blank.any():
        blank_rows = {_row(index) for index in blank[blank].index}
        problems = [p for p in problems if p.row not in blank_rows]
        problems.extend(Problem(file, row, None, "a record", "a blank line") for row in blank_rows)
    if spec.months_of_year and spec.months_of_year in df and len(df):
        months = set(df[spec.months_of_year].dropna())
        for month in range(1, 13):
            label = f"{year}-{month:02d}"
            if label not in months:
                problems.append(
                    Problem(
                        file,
                        None,
                        spec.months_of_year,
                        f"every month of {year} exactly once",
                        f"no row for {label}",
                    )
                )
    return df, problems


def _translate(
    failures: pd.DataFrame,
    raw: pd.DataFrame,
    df: pd.DataFrame,
    file: str,
    blocked: set[tuple[str, object]],
) -> list[Problem]:
    """Pandera's failure cases as problems, without those already reported on conversion."""
    problems = []
    for column, check, index in failures[["column", "check", "index"]].itertuples(index=False):
        column = str(column)
        has_row = index is not None and not (isinstance(index, float) and np.isnan(index))
        if check.startswith("dtype("):
            if column in df and df[column].isna().any():
                continue  # an empty or unconvertible cell, reported on its own row
            problems.append(Problem(file, None, column, f"values of type {check}", "other types"))
            continue
        if not has_row:
            problems.append(Problem(file, None, column, check, "a failing column"))
            continue
        if check in ("field_uniqueness", "multiple_fields_uniqueness"):
            continue  # reported with the row of the first occurrence, see _uniqueness_problems
        if (column, index) in blocked:
            continue
        if check == "not_nullable":
            problems.append(Problem(file, _row(index), column, "a value", "an empty cell"))
            continue
        problems.append(Problem(file, _row(index), column, check, _show(raw.at[index, column])))
    return problems


def _sort_key(problem: Problem, order: Mapping[str, int]) -> tuple[int, int]:
    """File-level problems first, then the header, then by row and column order."""
    if problem.row == "header":
        row = 1
    elif problem.row is None:
        row = 0
    else:
        row = problem.row
    return (row, order.get(problem.column or "", len(order)))


def load_register(
    name: str, data_dir: Path, year: int, source: RegisterSource | None = None
) -> pd.DataFrame:
    """Read, convert and validate one register of ``year`` from ``data_dir``.

    Returns the frame with dates as ``datetime64[ns]``, booleans as ``bool``, whole numbers as
    ``int64``, amounts as ``float64`` and text as pandas strings (an empty cell is missing);
    ``df.attrs["source_file"]`` is the file's path (relative to the project root when under
    it). Raises :class:`RegisterError` with every problem of the file. References to other
    registers are not checked here (see :func:`check_references`).

    The file is ``<name>.csv`` or ``<name>.xlsx`` in plain CSV, Belgian Excel CSV or a
    workbook, detected, unless ``source`` (from the parameters) says otherwise
    (see :mod:`sociaal_verslag.exports`).
    """
    spec = _spec(name)
    try:
        path = find_file(Path(data_dir), name, source)
    except ExportError as exc:
        raise RegisterError(
            [Problem(display_path(Path(data_dir)), None, None, f"one {name} file", str(exc))]
        ) from None
    file = display_path(path)
    cells = _read_text(spec, path, file, source)
    if isinstance(cells, list):
        raise RegisterError(cells)
    df, problems = _validate(spec, cells.frame, file, year, cells.dialect)
    problems += [Problem(file, f.row, f.column, f.expected, f.got) for f in cells.flaws]
    if problems:
        order = {c: i for i, c in enumerate(spec.columns)}
        raise RegisterError(sorted(problems, key=lambda p: _sort_key(p, order)))
    df = df[list(spec.columns)]
    df.attrs["source_file"] = file
    df.attrs["register"] = name
    df.attrs["dialect"] = cells.dialect.name
    df.attrs["encoding"] = cells.encoding
    return df


STREAM_FROM_BYTES = 32 * 2**20
"""A CSV file larger than this is validated part by part (see :func:`validate_in_parts`)."""

STREAM_ROWS = 250_000
"""The records of one part."""


def validate_in_parts(
    name: str,
    data_dir: Path,
    year: int,
    source: RegisterSource | None,
    write: Callable[[pd.DataFrame], None],
) -> tuple[int, list[Problem]] | None:
    """Validate a big CSV register part by part, handing each valid converted part to
    ``write``; its records and every problem (sorted as :func:`load_register` sorts them).

    The same problems as :func:`load_register`, without holding the whole file in memory
    several times over: each part is converted and checked, and only the unique columns are
    kept to find values repeated across parts. None when the file is small, or not one that
    can be read part by part (quotes, a damaged file...): then :func:`load_register` reads it.
    """
    spec = _spec(name)
    try:
        path = find_file(Path(data_dir), name, source)
    except ExportError:
        return None
    if spec.months_of_year or not path.is_file() or path.stat().st_size < STREAM_FROM_BYTES:
        return None
    from .exports import stream_csv

    parts = stream_csv(path, spec.columns, source, STREAM_ROWS)
    if parts is None:
        return None
    file = display_path(path)
    problems: list[Problem] = []
    key_columns = sorted({column for key in spec.table.unique_keys() for column in key})
    raw_keys = []
    rows = 0
    for part in parts.frames:
        df, found = _validate(spec, part, file, year, parts.dialect, unique=False)
        problems += [p for p in found if not (rows and p.row == "header")]
        raw_keys.append(part[[c for c in key_columns if c in part]])
        if not problems:
            write(df[list(spec.columns)])
        rows += len(df)
    problems += [Problem(file, f.row, f.column, f.expected, f.got) for f in parts.flaws]
    problems += _repeated_values(spec, file, raw_keys, parts.dialect)
    order = {c: i for i, c in enumerate(spec.columns)}
    return rows, sorted(problems, key=lambda p: _sort_key(p, order))


def _repeated_values(
    spec: RegisterSpec, file: str, raw: list[pd.DataFrame], dialect: Dialect
) -> list[Problem]:
    """Values (or combinations) that repeat across the parts of a file. Only the text of the
    unique columns was kept; it is converted again here, a column at a time."""
    if not raw:
        return []
    raw_all = pd.concat(raw)
    converted_all = pd.DataFrame(
        {c: _convert(spec.column_kind(c), raw_all[c], dialect)[0] for c in raw_all.columns},
        index=raw_all.index,
    )
    problems = []
    for key in spec.table.unique_keys():
        if all(column in converted_all for column in key):
            problems += _uniqueness_problems(file, raw_all, converted_all, key)
    return problems


def check_references(frames: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Problems with references between the given loaded registers (see :data:`REFERENCES`).

    A reference is checked only when both registers are in ``frames``.
    """
    problems: list[Problem] = []
    for ref in REFERENCES:
        if ref.register not in frames or ref.target not in frames:
            continue
        child, parent = frames[ref.register], frames[ref.target]
        file = child.attrs.get("source_file", REGISTERS[ref.register].filename)
        target_file = parent.attrs.get("source_file", REGISTERS[ref.target].filename)
        values = child[ref.column]
        dangling = values.notna() & ~values.isin(parent[ref.target_column].dropna())
        for index in dangling[dangling].index:
            problems.append(
                Problem(
                    file,
                    _row(index),
                    ref.column,
                    f"a {ref.target_column} listed in {target_file}",
                    _show(values.at[index]),
                )
            )
    return problems


def _load_many(
    names: Iterable[str],
    data_dir: Path,
    year: int,
    sources: Mapping[str, RegisterSource] | None = None,
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name in names:
        try:
            frames[name] = load_register(name, data_dir, year, (sources or {}).get(name))
        except RegisterError as exc:
            problems.extend(exc.problems)
    problems.extend(check_references(frames))
    return frames, problems


def load_registers(
    names: Iterable[str],
    data_dir: Path,
    year: int,
    sources: Mapping[str, RegisterSource] | None = None,
) -> dict[str, pd.DataFrame]:
    """Load several registers; raises one :class:`RegisterError` with the problems of all.

    References between the requested registers are checked too.
    """
    frames, problems = _load_many(names, data_dir, year, sources)
    if problems:
        raise RegisterError(problems)
    return frames


def load_and_check(
    data_dir: Path,
    year: int,
    names: Iterable[str] | None = None,
    sources: Mapping[str, RegisterSource] | None = None,
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The registers that load (all of them by default), and every problem; no raise.

    The problems are those of :func:`check_registers`; a register with a problem of its own is
    not among the frames (one whose only problem is a reference or being empty is).
    """
    frames, problems = _load_many(REGISTERS if names is None else names, data_dir, year, sources)
    for name, frame in frames.items():
        if frame.empty:
            problems.append(
                Problem(
                    frame.attrs["source_file"],
                    None,
                    None,
                    f"the {name} records of {year}",
                    "only a header row (not filled in yet)",
                )
            )
    return frames, problems


def check_registers(
    data_dir: Path,
    year: int,
    names: Iterable[str] | None = None,
    sources: Mapping[str, RegisterSource] | None = None,
) -> list[Problem]:
    """Every problem of the registers (all of them by default), references included; no raise.

    A register without a single record (a template not yet filled in) is a problem too. The
    files' receipts are not checked here (see :func:`sociaal_verslag.receipts.check_data`).
    """
    return load_and_check(data_dir, year, names, sources)[1]


# --------------------------------------------------------------------------------------------
# The registers
# --------------------------------------------------------------------------------------------

_SPECS: list[RegisterSpec] = [
    RegisterSpec(
        name="production_units",
        filename="production_units.csv",
        description="one production unit (ever opened) with its holder, office and dates",
        usual_source="membership system (production-unit records)",
        table=_schema(
            {
                "unit_id": _id(),
                "holder_id": _text(),
                "office": _text(OFFICES),
                "opened_on": _date(),
                "closed_on": _date(nullable=True),
            }
        ),
        rules=(_not_before("closed_on", "opened_on"),),
    ),
    RegisterSpec(
        name="info_sessions",
        filename="info_sessions.csv",
        description="one information session held in the year",
        usual_source="offices' event agenda (info-session planning)",
        table=_schema(
            {
                "session_id": _id(),
                "held_on": _date(),
                "office": _text(OFFICES),
                "language": _text(LANGUAGES),
            }
        ),
        year_dates=("held_on",),
    ),
    RegisterSpec(
        name="info_session_attendees",
        filename="info_session_attendees.csv",
        description="one person attending one information session of the year",
        usual_source="info-session registration and attendance lists",
        table=_schema(
            {"session_id": _text(), "person_id": _text()},
            unique=["session_id", "person_id"],
        ),
    ),
    RegisterSpec(
        name="guide_articles",
        filename="guide_articles.csv",
        description="one article of the user guide (guide.smart.coop), ever published",
        usual_source="export of the guide.smart.coop content system",
        table=_schema(
            {
                "article_id": _id(),
                "title": _text(),
                "language": _text(LANGUAGES),
                "published_on": _date(),
            }
        ),
    ),
    RegisterSpec(
        name="advisers",
        filename="advisers.csv",
        description="one adviser (adviesverlener) with office and start/leave dates",
        usual_source="HR system (support-team staff list)",
        table=_schema(
            {
                "adviser_id": _id(),
                "office": _text(OFFICES),
                "started_on": _date(),
                "left_on": _date(nullable=True),
            }
        ),
        rules=(_not_before("left_on", "started_on"),),
    ),
    RegisterSpec(
        name="loans",
        filename="loans.csv",
        description="one interest-free loan since the service's launch: grant and disbursement",
        usual_source="loans desk (financing service)",
        table=_schema(
            {
                "loan_id": _id(),
                "holder_id": _text(),
                "purpose": _text(("equipment", "stock", "training", "investment", "cash_advance")),
                "granted_on": _date(),
                "amount_granted_eur": _number(
                    gt=0, le=_LOAN_MAX_EUR, why="plausible range for a loan"
                ),
                "disbursed_on": _date(nullable=True),
                "amount_disbursed_eur": _number(
                    gt=0, le=_LOAN_MAX_EUR, why="plausible range for a loan", nullable=True
                ),
            }
        ),
        rules=(
            _not_before("disbursed_on", "granted_on"),
            _filled_together("amount_disbursed_eur", "disbursed_on"),
        ),
    ),
    RegisterSpec(
        name="kbs_grants",
        filename="kbs_grants.csv",
        description="one King Baudouin Foundation grant received by a member in the year",
        usual_source="financing service (King Baudouin Foundation partnership file)",
        table=_schema(
            {
                "grant_id": _id(),
                "member_id": _text(),
                "craft": _text(
                    ("ceramics", "instrument_making", "stained_glass", "tiling", "other_craft")
                ),
                "received_on": _date(),
                "amount_eur": _number(
                    gt=0, le=50_000, why="plausible range for a King Baudouin Foundation grant"
                ),
            }
        ),
        year_dates=("received_on",),
    ),
    RegisterSpec(
        name="employment_contracts",
        filename="employment_contracts.csv",
        description="one employment contract in Belgium overlapping the year, with declared "
        "days and hours",
        usual_source="payroll (Dimona declarations and pay slips)",
        table=_schema(
            {
                "contract_id": _id(),
                "worker_id": _text(),
                "worker_role": _text(("member", "support_staff")),
                "contract_type": _text(("daily", "fixed_term", "open_ended")),
                "start_date": _date(),
                "end_date": _date(nullable=True),
                "declared_days": _int(ge=0, le=366, why="the days of one year"),
                "declared_hours": _number(
                    ge=0,
                    le=12 * 366,
                    why="plausible range for one contract in a year: 12 hours a day at most",
                    decimals=2,
                ),
            }
        ),
        rules=(
            _end_only_open_ended(),
            _not_before("end_date", "start_date"),
            _overlaps_year("start_date", "end_date"),
        ),
    ),
    RegisterSpec(
        name="trainings",
        filename="trainings.csv",
        description="one training session of the year for the support teams or the members",
        usual_source="training department (HR and learning)",
        table=_schema(
            {
                "session_id": _id(),
                "title": _text(),
                "audience": _text(("support_team", "members")),
                "held_on": _date(),
                "days": _number(
                    gt=0, le=60, why="plausible range for one training session", multiple_of=0.5
                ),
                "participants": _int(
                    gt=0, le=5_000, why="plausible range for one training session"
                ),
            }
        ),
        year_dates=("held_on",),
    ),
    RegisterSpec(
        name="legal_cases",
        filename="legal_cases.csv",
        description="one legal request or case opened by the legal department in the year",
        usual_source="legal department (case tracking)",
        table=_schema(
            {
                "case_id": _id(),
                "opened_on": _date(),
                "topic": _text(
                    ("social_law", "tax_law", "labour_law", "contract_review", "dispute", "other")
                ),
                "about_unit_activity": _bool(),
            }
        ),
        year_dates=("opened_on",),
    ),
    RegisterSpec(
        name="gembloux_jobs",
        filename="gembloux_jobs.csv",
        description="one job created in the Objectif Emploi Gembloux project (since 2023)",
        usual_source="Objectif Emploi Gembloux project reporting",
        table=_schema(
            {
                "job_id": _id(),
                "function": _text(),
                "created_on": _date(),
                "fte": _number(gt=0, le=1, why="a job's share of a full-time job", decimals=2),
            }
        ),
    ),
    RegisterSpec(
        name="survey_responses",
        filename="survey_responses.csv",
        description="one response to the members' survey of the year",
        usual_source="survey tool export",
        table=_schema(
            {
                "response_id": _id(),
                "submitted_on": _date(),
                "satisfaction": _int(ge=0, le=10, why="the survey's scale"),
                "sees_self_at_smart_in_3y": _bool(),
                "smart_is_main_activity": _bool(),
                "receives_unemployment_benefit": _bool(),
            }
        ),
        year_dates=("submitted_on",),
    ),
    RegisterSpec(
        name="coop_events",
        filename="coop_events.csv",
        description="one cooperative-life event of the year (workshop, Let's meet, ...)",
        usual_source="Coöperatief leven event agenda",
        table=_schema(
            {
                "event_id": _id(),
                "held_on": _date(),
                "kind": _text(
                    (
                        "workshop",
                        "conference",
                        "lets_meet",
                        "coopinside",
                        "general_assembly",
                        "other",
                    )
                ),
                "city": _text(),
                "format": _text(("breakfast", "lunch", "reception", "session")),
            }
        ),
        year_dates=("held_on",),
    ),
    RegisterSpec(
        name="pvcb_publications",
        filename="pvcb_publications.csv",
        description="one PVCB publication of the year (analysis or study)",
        usual_source="PVCB publication list",
        table=_schema(
            {
                "publication_id": _id(),
                "published_on": _date(),
                "kind": _text(("analysis", "study")),
                "title": _text(),
                "translated_nl": _bool(),
            }
        ),
        year_dates=("published_on",),
    ),
    RegisterSpec(
        name="pvcb_activities",
        filename="pvcb_activities.csv",
        description="one PVCB activity of the year (film, workshop, debate, ...)",
        usual_source="PVCB activity report",
        table=_schema(
            {
                "activity_id": _id(),
                "held_on": _date(),
                "kind": _text(
                    (
                        "film",
                        "workshop",
                        "public_debate",
                        "lets_meet",
                        "round_table",
                        "theatre",
                        "european_meeting",
                    )
                ),
                "title": _text(),
            }
        ),
        year_dates=("held_on",),
    ),
    RegisterSpec(
        name="smartlab_groups",
        filename="smartlab_groups.csv",
        description="one SmartLab group ever started",
        usual_source="SmartLab coordination (group list)",
        table=_schema({"group_id": _id(), "name": _text(), "started_on": _date()}),
    ),
    RegisterSpec(
        name="smartlab_registrations",
        filename="smartlab_registrations.csv",
        description="one person registering interest in one SmartLab group",
        usual_source="SmartLab coordination (registration forms)",
        table=_schema(
            {
                "registration_id": _id(),
                "person_id": _text(),
                "group_id": _text(),
                "registered_on": _date(),
            }
        ),
    ),
    RegisterSpec(
        name="smartlab_meetings",
        filename="smartlab_meetings.csv",
        description="one meeting of a SmartLab group, with its length in hours",
        usual_source="SmartLab coordination (meeting calendar)",
        table=_schema(
            {
                "meeting_id": _id(),
                "group_id": _text(),
                "held_on": _date(),
                "hours": _number(gt=0, le=24, why="the hours of one day"),
            }
        ),
    ),
    RegisterSpec(
        name="smartlab_attendance",
        filename="smartlab_attendance.csv",
        description="one person attending one SmartLab meeting",
        usual_source="SmartLab coordination (attendance sheets)",
        table=_schema(
            {"meeting_id": _text(), "person_id": _text()},
            unique=["meeting_id", "person_id"],
        ),
    ),
    RegisterSpec(
        name="ethics_members",
        filename="ethics_members.csv",
        description="one member of the ethics committee, ever, with role and dates",
        usual_source="ethics committee secretariat",
        table=_schema(
            {
                "member_id": _id(),
                "role": _text(("support_team", "external_expert", "service_user")),
                "joined_on": _date(),
                "left_on": _date(nullable=True),
            }
        ),
        rules=(_not_before("left_on", "joined_on"),),
    ),
    RegisterSpec(
        name="ethics_topics",
        filename="ethics_topics.csv",
        description="one topic the ethics committee took up in the year, with its outcome",
        usual_source="ethics committee secretariat",
        table=_schema(
            {
                "topic_id": _id(),
                "opened_on": _date(),
                "title": _text(),
                "outcome": _text(("recommendation", "no_recommendation", "ongoing")),
            }
        ),
        year_dates=("opened_on",),
    ),
    RegisterSpec(
        name="ethics_meetings",
        filename="ethics_meetings.csv",
        description="one meeting of the ethics committee in the year",
        usual_source="ethics committee secretariat",
        table=_schema({"meeting_id": _id(), "held_on": _date()}),
        year_dates=("held_on",),
    ),
    RegisterSpec(
        name="medical_exams",
        filename="medical_exams.csv",
        description="one medical examination of a worker in the year, with its reason",
        usual_source="internal prevention service (IDPB) and the occupational health service",
        table=_schema(
            {
                "exam_id": _id(),
                "person_id": _text(),
                "examined_on": _date(),
                "reason": _text(("registration", "periodic", "resumption")),
            }
        ),
        year_dates=("examined_on",),
    ),
    RegisterSpec(
        name="security_monthly",
        filename="security_monthly.csv",
        description="one month of antivirus and firewall counters",
        usual_source="IT security consoles (monthly antivirus and firewall reports)",
        table=_schema(
            {
                "month": _month(),
                "av_threats": _monthly_count(),
                "av_phishing": _monthly_count(),
                "av_malware": _monthly_count(),
                "av_websites": _monthly_count(),
                "fw_threats": _monthly_count(),
                "fw_malicious_sites": _monthly_count(),
                "fw_malware": _monthly_count(),
            }
        ),
        rules=(_month_in_year("month"),),
        months_of_year="month",
        kind="log",
    ),
    RegisterSpec(
        name="invoices",
        filename="invoices.csv",
        description="one invoice issued in the year by a production unit (amount excl. VAT)",
        usual_source="invoicing system",
        table=_schema(
            {
                "invoice_id": _id(),
                "unit_id": _text(),
                "issued_on": _date(),
                "amount_excl_vat_eur": _number(
                    gt=0, le=5_000_000, why="plausible range for one invoice", decimals=2
                ),
                "channel": _text(("direct", "learning_catalogue")),
            }
        ),
        year_dates=("issued_on",),
    ),
    RegisterSpec(
        name="payment_reminders",
        filename="payment_reminders.csv",
        description="one payment reminder sent in the year for an unpaid invoice",
        usual_source="invoicing system (reminder runs)",
        table=_schema(
            {
                "reminder_id": _id(),
                "invoice_id": _text(),
                "sent_on": _date(),
                "automatic": _bool(),
            }
        ),
        year_dates=("sent_on",),
    ),
]

REGISTERS: dict[str, RegisterSpec] = {spec.name: spec for spec in _SPECS}
"""Every register by name, in the order of the report's sections."""

REFERENCES: tuple[Reference, ...] = (
    Reference("info_session_attendees", "session_id", "info_sessions", "session_id"),
    Reference("smartlab_registrations", "group_id", "smartlab_groups", "group_id"),
    Reference("smartlab_meetings", "group_id", "smartlab_groups", "group_id"),
    Reference("smartlab_attendance", "meeting_id", "smartlab_meetings", "meeting_id"),
)
"""References between registers, checked by :func:`check_references`."""
