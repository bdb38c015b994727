"""Werkomgeving: the ethics committee, its members, topics and meetings."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, metric, year_end

ROLE_FIGURES = {
    "support_team": "ethics.members_staff",
    "external_expert": "ethics.members_external",
    "service_user": "ethics.members_users",
}
"""Member role in the register -> the figure that counts it."""


@metric
def members(members: pd.DataFrame, year: int) -> Values:
    end = year_end(year)
    seated = members[
        (members["joined_on"] <= end) & (members["left_on"].isna() | (members["left_on"] > end))
    ]
    counts = seated["role"].value_counts()
    values: Values = {figure: int(counts.get(role, 0)) for role, figure in ROLE_FIGURES.items()}
    values["ethics.new_members"] = int(in_year(members["joined_on"], year).sum())
    return values


@metric
def topics(topics: pd.DataFrame, year: int) -> Values:
    handled = topics[in_year(topics["opened_on"], year)]
    return {
        "ethics.topics": len(handled),
        "ethics.recommendations": int((handled["outcome"] == "recommendation").sum()),
    }


@metric
def meetings(meetings: pd.DataFrame, year: int) -> Values:
    return {"ethics.meetings": int(in_year(meetings["held_on"], year).sum())}
