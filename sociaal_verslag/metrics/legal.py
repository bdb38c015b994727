"""Bescherming: the legal help about the activity of production units."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, metric


@metric
def cases(cases: pd.DataFrame, year: int) -> Values:
    opened = in_year(cases["opened_on"], year) & cases["about_unit_activity"]
    return {"legal.cases": int(opened.sum())}
