"""What the metric functions share: their registration in the catalogue, and small helpers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..figures.catalogue import CATALOGUE, MetricSpec, metric_spec
from ..language.formatting import round_half_up

Values = dict[str, int | float]
"""Figure id -> exact value, as every metric function returns it."""


def docstring(spec: MetricSpec) -> str:
    """A metric function's docstring, made of the rules of the figures it returns."""
    rules = [f"- ``{figure_id}``: {CATALOGUE[figure_id].rule}." for figure_id in spec.figures]
    head = "The figures named by the caller, of:" if spec.named_by_caller else "Returns:"
    reads = f"\n\nParameters read: {', '.join(spec.parameters)}." if spec.parameters else ""
    return "\n".join([head, *rules]) + reads + f"\n\n(From metrics/{spec.module}.meta.yml.)"


def metric(function: Callable[..., Values]) -> Callable[..., Values]:
    """Register ``function`` as the metric its module's ``.meta.yml`` describes.

    Its docstring is made from the rules written there, and every call is checked: it returns
    exactly the figures described (or, for the facts, only described ones), so that the catalogue
    and the code cannot drift apart.
    """
    module = function.__module__.rsplit(".", 1)[-1]
    spec = metric_spec(f"{module}.{function.__name__}")
    meta = f"metrics/{module}.meta.yml"

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Values:
        values = function(*args, **kwargs)
        unknown = [figure_id for figure_id in values if figure_id not in spec.figures]
        missing = [figure_id for figure_id in spec.figures if figure_id not in values]
        problems = []
        if unknown:
            problems.append(f"returns {', '.join(unknown)}, which {meta} does not describe")
        if missing and not spec.named_by_caller:
            problems.append(f"does not return {', '.join(missing)}, which {meta} describes")
        if problems:
            raise ValueError(f"metrics.{spec.name} " + " and ".join(problems))
        return values

    checked.__doc__ = docstring(spec)
    return checked


def year_start(year: int) -> pd.Timestamp:
    """1 January of ``year``."""
    return pd.Timestamp(year=year, month=1, day=1)


def year_end(year: int) -> pd.Timestamp:
    """31 December of ``year``."""
    return pd.Timestamp(year=year, month=12, day=31)


def in_year(dates: pd.Series, year: int) -> pd.Series:
    """Mask of the dates that fall in ``year``."""
    return dates.dt.year == year


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
