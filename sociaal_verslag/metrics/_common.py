"""Small helpers shared by the metric functions."""

from __future__ import annotations

import pandas as pd

from ..formatting import round_half_up

Values = dict[str, int | float]
"""Figure id -> exact value, as every metric function returns it."""


def year_start(year: int) -> pd.Timestamp:
    """1 January of ``year``."""
    return pd.Timestamp(year=year, month=1, day=1)


def year_end(year: int) -> pd.Timestamp:
    """31 December of ``year``."""
    return pd.Timestamp(year=year, month=12, day=31)


def in_year(dates: pd.Series, year: int) -> pd.Series:
    """Mask of the dates that fall in ``year``."""
    return dates.dt.year == year


def active_on(start: pd.Series, end: pd.Series, day: pd.Timestamp) -> pd.Series:
    """Mask of the periods that have started on ``day`` and not ended before it (open end = on)."""
    return (start <= day) & (end.isna() | (end >= day))


def overlaps_year(start: pd.Series, end: pd.Series, year: int) -> pd.Series:
    """Mask of the periods that overlap ``year`` at least one day (open end = still running)."""
    return (start <= year_end(year)) & (end.isna() | (end >= year_start(year)))


def money(total: float) -> float:
    """A sum of amounts in cents precision, free of float noise (198412345.37, not ...3699)."""
    return float(round(total, 2))


def share_pct(mask: pd.Series) -> float:
    """Share of True values in percent, unrounded; NaN-free masks only."""
    if len(mask) == 0:
        raise ValueError("share of an empty set of responses")
    return 100.0 * float(mask.sum()) / len(mask)


def rounded(value: float, digits: int = 0) -> int | float:
    """Half-up rounding as the report prints; whole numbers come back as int."""
    result = round_half_up(value, digits)
    return int(result) if digits == 0 else float(result)
