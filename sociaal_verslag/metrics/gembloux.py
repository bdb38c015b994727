"""Bescherming: the jobs of the Objectif Emploi Gembloux project."""

from __future__ import annotations

import pandas as pd

from ._common import Values, metric, year_end


@metric
def jobs(jobs: pd.DataFrame, year: int) -> Values:
    created = jobs[jobs["created_on"] <= year_end(year)]
    return {
        "gembloux.jobs": len(created),
        "gembloux.fte": round(float(created["fte"].sum()), 2),
    }
