"""A register's columns: what a cell must hold, and the pandera checks that say so.

:class:`ColumnSpec` is one column as ``registers.yaml`` describes it: how its text is converted
(:data:`Kind`), what a cell must hold in words (the ``expected`` of a message), its checks and
its plausible range. :class:`TableSpec` is the columns of a register in file order; it builds
the pandera schema, importing pandera only then (it takes 0.2 s, and most commands that list the
registers never validate one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

Kind = Literal["text", "date", "bool", "int", "float"]
"""How a column is converted from text."""

CheckMaker = Callable[[Any], Any]
"""Makes one pandera check from the pandera module: pandera is imported only to validate."""

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


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
    decimals: int | None = None
    """For a number column: the most decimals a value may have (None: any)."""
    multiple_of: float | None = None
    """For a number column: the step its values take (None: any)."""
    labels: Mapping[str, str] | None = None
    """The allowed values' Dutch names, in the order the charts show them (None: none given)."""
    description: str = ""
    """What the column holds (English, one line)."""

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
        import pandera.pandas as pa  # 0.6 s: only when a register is validated

        names = list(self.columns) if present is None else [c for c in self.columns if c in present]
        together = self.unique if unique and all(c in names for c in self.unique or []) else None
        columns = {c: self.columns[c].build(pa, unique) for c in names}
        return pa.DataFrameSchema(columns, unique=together)

    def unique_keys(self) -> list[list[str]]:
        """The columns, or combinations of columns, whose values must not repeat."""
        keys = [[name] for name, column in self.columns.items() if column.unique]
        return keys + ([list(self.unique)] if self.unique else [])


# --- the columns of each type -----------------------------------------------------------------


def text_column(
    *,
    allowed: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    nullable: bool = False,
    unique: bool = False,
    description: str = "",
) -> ColumnSpec:
    """A text column; a unique one is an identifier, an ``allowed`` one holds one of those."""
    checks: list[CheckMaker] = []
    if allowed is not None:
        values = list(allowed)
        checks.append(lambda pa: pa.Check.isin(values, error="one of " + ", ".join(values)))
    return ColumnSpec(
        str,
        "text",
        "an identifier" if unique else "a text",
        tuple(checks),
        nullable=nullable,
        unique=unique,
        allowed=None if allowed is None else tuple(allowed),
        labels=labels,
        description=description,
    )


def month_column(
    *, nullable: bool = False, unique: bool = False, description: str = ""
) -> ColumnSpec:
    """A month ``yyyy-mm``, kept as text."""
    check: CheckMaker = lambda pa: pa.Check.str_matches(MONTH_PATTERN, error="a month yyyy-mm")  # noqa: E731
    return ColumnSpec(
        str,
        "text",
        "a month yyyy-mm",
        (check,),
        nullable=nullable,
        unique=unique,
        description=description,
    )


def date_column(
    *, nullable: bool = False, unique: bool = False, description: str = ""
) -> ColumnSpec:
    """A date ``yyyy-mm-dd`` (in a plain file; the exports' own form otherwise)."""
    return ColumnSpec(
        "datetime64[ns]",
        "date",
        "a date yyyy-mm-dd",
        nullable=nullable,
        unique=unique,
        description=description,
    )


def bool_column(
    *, nullable: bool = False, unique: bool = False, description: str = ""
) -> ColumnSpec:
    """``true`` or ``false``."""
    return ColumnSpec(
        bool, "bool", "true or false", nullable=nullable, unique=unique, description=description
    )


def number_column(
    kind: Literal["int", "float"],
    plausible: PlausibleRange,
    *,
    decimals: int | None = None,
    multiple_of: float | None = None,
    nullable: bool = False,
    unique: bool = False,
    description: str = "",
) -> ColumnSpec:
    """A whole-number (``int``) or number (``float``) column within its plausible range."""
    noun = "a whole number" if kind == "int" else "a number"
    checks = [plausible.check(noun)]
    if decimals is not None:
        checks.append(_at_most_decimals(decimals))
    if multiple_of is not None:
        checks.append(_multiple_of(multiple_of))
    return ColumnSpec(
        "int64" if kind == "int" else "float64",
        kind,
        plausible.text(noun),
        tuple(checks),
        nullable=nullable,
        unique=unique,
        plausible=plausible,
        decimals=decimals,
        multiple_of=multiple_of,
        description=description,
    )


def _at_most_decimals(decimals: int) -> CheckMaker:
    factor = 10**decimals

    def at_most_decimals(s: pd.Series) -> pd.Series:
        scaled = s * factor
        return (scaled - scaled.round()).abs() < 1e-6

    return lambda pa: pa.Check(
        at_most_decimals, name="decimals", error=f"a number with at most {decimals} decimals"
    )


def _multiple_of(step: float) -> CheckMaker:
    def is_multiple(s: pd.Series) -> pd.Series:
        ratio = s / step
        return (ratio - ratio.round()).abs() < 1e-9

    return lambda pa: pa.Check(is_multiple, name="multiple_of", error=f"a multiple of {step:g}")
