"""The rules on each row of a register that involve several columns (or the report year).

``registers.yaml`` names them (``{rule: not_before, column: closed_on, other: opened_on}``);
:data:`RULES` makes each name into a :class:`RowRule`. A rule treats empty cells as satisfying
it: a required value is checked by the schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

RowCheck = Callable[[pd.DataFrame, int], pd.Series]
"""Given the converted frame and the report year: True where the row satisfies the rule."""


@dataclass(frozen=True)
class RowRule:
    """A rule on each row that involves several columns (or the report year).

    ``ok(df, year)`` returns a boolean Series, True where the row satisfies the rule. A failing
    row is reported on ``columns[0]``; the other columns' values are shown with it.
    ``expected`` may contain ``{year}``.
    """

    columns: tuple[str, ...]
    expected: str
    ok: RowCheck


def year_bounds(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and the last day of ``year``."""
    return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)


def not_before(column: str, other: str) -> RowRule:
    """``column`` (a date) must be on or after ``other`` when both are filled in."""

    def ok(df: pd.DataFrame, year: int) -> pd.Series:
        return df[column].isna() | df[other].isna() | (df[column] >= df[other])

    return RowRule((column, other), f"a date on or after {other}", ok)


def overlaps_year(column: str, other: str) -> RowRule:
    """The period from ``column`` to ``other`` (either may be empty) overlaps the year."""

    def ok(df: pd.DataFrame, year: int) -> pd.Series:
        first, last = year_bounds(year)
        starts_in_time = df[column].isna() | (df[column] <= last)
        ends_in_time = df[other].isna() | (df[other] >= first)
        return starts_in_time & ends_in_time

    return RowRule((column, other), "a contract period that overlaps {year}", ok)


def filled_together(column: str, other: str) -> RowRule:
    """``column`` holds a value exactly when ``other`` does."""

    def ok(df: pd.DataFrame, year: int) -> pd.Series:
        return df[column].isna() == df[other].isna()

    return RowRule((column, other), f"a value exactly when {other} is filled in", ok)


def filled_unless(column: str, other: str, value: str) -> RowRule:
    """``column`` holds a value, except on rows whose ``other`` is ``value``."""

    def ok(df: pd.DataFrame, year: int) -> pd.Series:
        return df[column].notna() | (df[other] == value)

    return RowRule((column, other), f"a value (only {other} {value} may leave it empty)", ok)


def month_in_year(column: str) -> RowRule:
    """``column`` (a month ``yyyy-mm``) is a month of the report year."""

    def ok(df: pd.DataFrame, year: int) -> pd.Series:
        return df[column].isna() | df[column].str.startswith(f"{year}-")

    return RowRule((column,), "a month of {year}", ok)


@dataclass(frozen=True)
class RuleKind:
    """A rule ``registers.yaml`` may name: what makes it, and what it must be told."""

    make: Callable[..., RowRule]
    needs: tuple[str, ...]
    """The keys of the rule besides ``rule`` (and ``expected``, which any rule may have)."""


RULES: dict[str, RuleKind] = {
    "not_before": RuleKind(not_before, ("column", "other")),
    "overlaps_year": RuleKind(overlaps_year, ("column", "other")),
    "filled_together": RuleKind(filled_together, ("column", "other")),
    "filled_unless": RuleKind(filled_unless, ("column", "other", "value")),
    "month_in_year": RuleKind(month_in_year, ("column",)),
}
"""Every rule ``registers.yaml`` may name, by name."""


def make_rule(name: str, told: dict[str, str], expected: str | None = None) -> RowRule:
    """The rule ``name`` with what it needs (``told``); ``expected`` replaces its own words."""
    kind = RULES[name]
    rule = kind.make(**{key: told[key] for key in kind.needs})
    return rule if expected is None else RowRule(rule.columns, expected, rule.ok)
