"""Begeleiding: the shared enterprise's activity, advisers and the production-unit holders."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, overlaps_year, year_end

PRODUCES = {
    "guide_articles": ("activity.guide_articles_new",),
    "advisers": ("activity.advisers", "activity.offices"),
    "info_sessions": ("activity.info_sessions",),
    "holders": ("activity.active_holders", "activity.active_holders_new"),
    "new_unit_holders": ("activity.new_unit_holders",),
}


def guide_articles(articles: pd.DataFrame, year: int) -> Values:
    """User-guide articles with a publication date in the year."""
    return {"activity.guide_articles_new": int(in_year(articles["published_on"], year).sum())}


def advisers(advisers: pd.DataFrame, year: int) -> Values:
    """Advisers active at year end, and the distinct offices where they work."""
    end = year_end(year)
    active = advisers[
        (advisers["started_on"] <= end) & (advisers["left_on"].isna() | (advisers["left_on"] > end))
    ]
    return {
        "activity.advisers": len(active),
        "activity.offices": int(active["office"].nunique()),
    }


def info_sessions(sessions: pd.DataFrame, year: int) -> Values:
    """Information sessions held in the year."""
    return {"activity.info_sessions": int(in_year(sessions["held_on"], year).sum())}


def holders(units: pd.DataFrame, year: int) -> Values:
    """Holders with a production unit active in the year, and those whose first unit is new.

    A holder is new when the earliest opening date over all their units falls in the year.
    """
    active = units[overlaps_year(units["opened_on"], units["closed_on"], year)]
    active_holders = active["holder_id"].unique()
    first_opened = units.groupby("holder_id")["opened_on"].min()
    new = in_year(first_opened.loc[active_holders], year)
    return {
        "activity.active_holders": len(active_holders),
        "activity.active_holders_new": int(new.sum()),
    }


def new_unit_holders(
    sessions: pd.DataFrame, attendees: pd.DataFrame, units: pd.DataFrame, year: int
) -> Values:
    """Distinct attendees of the year's info sessions who became holders that year.

    A person becomes a holder when their first production unit ever opens: a member who
    already held a unit and opened another one after a session is not a new holder.
    """
    year_sessions = sessions.loc[in_year(sessions["held_on"], year), "session_id"]
    persons = attendees.loc[attendees["session_id"].isin(year_sessions), "person_id"].unique()
    first_opened = units.groupby("holder_id")["opened_on"].min()
    new_holders = first_opened.index[in_year(first_opened, year)]
    return {"activity.new_unit_holders": len(set(persons) & set(new_holders))}
