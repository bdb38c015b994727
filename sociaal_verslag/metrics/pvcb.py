"""Erkenning: what the PVCB published and organised in the year."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, metric

ACTIVITY_FIGURES = {
    "film": "pvcb.films",
    "workshop": "pvcb.workshops",
    "public_debate": "pvcb.public_debates",
    "lets_meet": "pvcb.lets_meet",
    "round_table": "pvcb.round_tables",
    "theatre": "pvcb.theatre",
    "european_meeting": "pvcb.european_meetings",
}
"""Activity kind in the register -> the figure that counts it."""


@metric
def publications(publications: pd.DataFrame, year: int) -> Values:
    published = publications[in_year(publications["published_on"], year)]
    analyses = published["kind"] == "analysis"
    return {
        "pvcb.publications": len(published),
        "pvcb.analyses": int(analyses.sum()),
        "pvcb.studies": int((published["kind"] == "study").sum()),
        "pvcb.translated_nl": int((analyses & published["translated_nl"]).sum()),
    }


@metric
def activities(activities: pd.DataFrame, year: int) -> Values:
    # A kind with no activity in the year counts 0.
    counts = activities.loc[in_year(activities["held_on"], year), "kind"].value_counts()
    return {figure: int(counts.get(kind, 0)) for kind, figure in ACTIVITY_FIGURES.items()}
