"""Werkomgeving: the ethics committee, its members, topics and meetings."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, year_end

ROLE_FIGURES = {
    "support_team": "ethics.members_staff",
    "external_expert": "ethics.members_external",
    "service_user": "ethics.members_users",
}
"""Member role in the register -> the figure that counts it."""

PRODUCES = {
    "members": (*ROLE_FIGURES.values(), "ethics.new_members"),
    "topics": ("ethics.topics", "ethics.recommendations"),
    "meetings": ("ethics.meetings",),
}


def members(members: pd.DataFrame, year: int) -> Values:
    """Committee members at year end per role, and the members who joined during the year."""
    end = year_end(year)
    seated = members[
        (members["joined_on"] <= end) & (members["left_on"].isna() | (members["left_on"] > end))
    ]
    counts = seated["role"].value_counts()
    values: Values = {figure: int(counts.get(role, 0)) for role, figure in ROLE_FIGURES.items()}
    values["ethics.new_members"] = int(in_year(members["joined_on"], year).sum())
    return values


def topics(topics: pd.DataFrame, year: int) -> Values:
    """Topics taken up in the year, and those that led to a recommendation."""
    handled = topics[in_year(topics["opened_on"], year)]
    return {
        "ethics.topics": len(handled),
        "ethics.recommendations": int((handled["outcome"] == "recommendation").sum()),
    }


def meetings(meetings: pd.DataFrame, year: int) -> Values:
    """Committee meetings held in the year."""
    return {"ethics.meetings": int(in_year(meetings["held_on"], year).sum())}
