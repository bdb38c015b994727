"""Random draws that hit exact totals: integer partitions, dates, ids, people.

Every total is split into parts with integer arithmetic (cents, half days, ...), never by
rounding floats, so the totals the report computes from the records are exact.
"""

from __future__ import annotations

import zlib
from datetime import date

import numpy as np
import pandas as pd

Rng = np.random.Generator
DAY = np.timedelta64(1, "D")


def allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Non-negative integers proportional to ``weights`` that sum exactly to ``total``."""
    weights = np.asarray(weights, dtype=float)
    if total == 0 or len(weights) == 0:
        return np.zeros(len(weights), dtype=np.int64)
    share = total * (weights / weights.sum())
    base = np.floor(share).astype(np.int64)
    rest = int(total - base.sum())
    order = np.argsort(-(share - base), kind="stable")
    if rest >= 0:
        base[order[:rest]] += 1
    else:  # float rounding made the floors overshoot: take back from the largest parts
        base[np.argsort(-base, kind="stable")[:-rest]] -= 1
    return base


def bounded(
    rng: Rng,
    total: int,
    n: int,
    lo: int,
    hi: int,
    sigma: float = 0.6,
    unit: int = 1,
) -> np.ndarray:
    """``n`` integers in ``[lo, hi]`` (multiples of ``unit``) summing to ``total``, shuffled."""
    if n == 0:
        if total != 0:
            raise ValueError(f"cannot split {total} into 0 parts")
        return np.zeros(0, dtype=np.int64)
    if total % unit or lo % unit or hi % unit:
        raise ValueError(f"{total}, {lo} and {hi} must be multiples of {unit}")
    free, cap = (total - n * lo) // unit, (hi - lo) // unit
    if not 0 <= free <= n * cap:
        raise ValueError(f"cannot split {total} into {n} parts between {lo} and {hi}")
    weights = rng.lognormal(0.0, sigma, n)
    parts = allocate(free, weights)
    while (over := parts > cap).any():
        excess = int((parts[over] - cap).sum())
        parts[over] = cap
        room = parts < cap
        parts[room] += allocate(excess, weights[room])
    return lo + parts * unit


def exact_sum_ints(rng: Rng, values: np.ndarray, total: int, lo: int, hi: int) -> np.ndarray:
    """Nudge integer ``values`` by one step at a time until they sum to ``total``."""
    values = values.copy()
    while (diff := total - int(values.sum())) != 0:
        step = 1 if diff > 0 else -1
        room = np.flatnonzero(values < hi) if step > 0 else np.flatnonzero(values > lo)
        if len(room) == 0:
            raise ValueError(f"cannot reach a sum of {total}")
        chosen = rng.choice(room, size=min(abs(diff), len(room)), replace=False)
        values[chosen] += step
    return values


def as_day(value: date | str) -> np.datetime64:
    """A day as numpy holds it."""
    return np.datetime64(value, "D")


def uniform_days(rng: Rng, start: np.ndarray | np.datetime64, end, n: int) -> np.ndarray:
    """Uniform dates between ``start`` and ``end`` inclusive (scalars or arrays)."""
    span = ((np.asarray(end) - np.asarray(start)) // DAY).astype(np.int64)
    return np.asarray(start) + (rng.random(n) * (span + 1)).astype(np.int64) * DAY


FIXED_HOLIDAYS = ("01-01", "05-01", "07-21", "08-15", "11-01", "11-11", "12-25")
"""Belgian public holidays on a fixed date (the movable ones are left out)."""


def workdays(start: np.datetime64, end: np.datetime64) -> np.ndarray:
    """Monday to Friday between ``start`` and ``end`` inclusive, without fixed holidays."""
    days = np.arange(start, end + DAY, DAY)
    years = range(int(str(start)[:4]), int(str(end)[:4]) + 1)
    holidays = [np.datetime64(f"{y}-{md}") for y in years for md in FIXED_HOLIDAYS]
    return days[np.is_busday(days, holidays=holidays)]


def growing_days(rng: Rng, start: np.datetime64, end: np.datetime64, n: int) -> np.ndarray:
    """Dates between ``start`` and ``end``, more of them in recent years (a growing base)."""
    span = int((end - start) // DAY)
    return start + (rng.random(n) ** 0.6 * (span + 1)).astype(np.int64) * DAY


def pick_workdays(
    rng: Rng, start: np.datetime64, end: np.datetime64, n: int, replace: bool = True
) -> np.ndarray:
    """``n`` working days between ``start`` and ``end``, sorted (``replace=False``: distinct)."""
    return np.sort(rng.choice(workdays(start, end), size=n, replace=replace))


def make_ids(prefix: str, n: int, width: int) -> list[str]:
    """Sequential ids from 1: ``prefix`` and the number over ``width`` digits."""
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def as_dates(values: np.ndarray) -> pd.Series:
    """Days as the column of dates a loaded register holds (``datetime64[ns]``)."""
    return pd.Series(np.asarray(values, dtype="datetime64[D]").astype("datetime64[ns]"))


def rng_for(seed: int, name: str) -> Rng:
    """An independent stream per register, so one register's draws never shift another's."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def finish(
    df: pd.DataFrame, sort: list[str], id_column: str | None, ids: list[str] | None
) -> pd.DataFrame:
    """Sort rows (stable), set sequential ids in that order, reset the index."""
    df = df.sort_values(sort, kind="stable").reset_index(drop=True)
    if id_column is not None and ids is not None:
        df.insert(0, id_column, ids)
    return df


class People:
    """Hands out unique person ids P0000000 in a random order."""

    def __init__(self, rng: Rng, size: int = 2_000_000) -> None:
        self._numbers = rng.permutation(size) + 100_000
        self._next = 0

    def take(self, n: int) -> np.ndarray:
        """``n`` ids never handed out before."""
        numbers = self._numbers[self._next : self._next + n]
        self._next += n
        return np.array([f"P{k:07d}" for k in numbers], dtype=object)
