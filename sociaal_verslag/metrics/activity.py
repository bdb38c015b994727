"""Begeleiding: the shared enterprise's turnover and activity, its advisers and the holders."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, metric, money, overlaps_year, year_end


@metric
def turnover(invoices: pd.DataFrame, year: int) -> Values:
    # Only the columns the figure needs: a year's invoices can number in the millions.
    issued = in_year(invoices["issued_on"], year)
    return {"activity.turnover_eur": money(invoices.loc[issued, "amount_excl_vat_eur"].sum())}


@metric
def guide_articles(articles: pd.DataFrame, year: int) -> Values:
    return {"activity.guide_articles_new": int(in_year(articles["published_on"], year).sum())}


@metric
def advisers(advisers: pd.DataFrame, year: int) -> Values:
    end = year_end(year)
    active = advisers[
        (advisers["started_on"] <= end) & (advisers["left_on"].isna() | (advisers["left_on"] > end))
    ]
    return {
        "activity.advisers": len(active),
        "activity.offices": int(active["office"].nunique()),
    }


@metric
def info_sessions(sessions: pd.DataFrame, year: int) -> Values:
    return {"activity.info_sessions": int(in_year(sessions["held_on"], year).sum())}


@metric
def holders(units: pd.DataFrame, year: int) -> Values:
    active = units[overlaps_year(units["opened_on"], units["closed_on"], year)]
    active_holders = active["holder_id"].unique()
    # New: the earliest opening over all of a holder's units falls in the year.
    first_opened = units.groupby("holder_id")["opened_on"].min()
    new = in_year(first_opened.loc[active_holders], year)
    return {
        "activity.active_holders": len(active_holders),
        "activity.active_holders_new": int(new.sum()),
    }


@metric
def new_unit_holders(
    sessions: pd.DataFrame, attendees: pd.DataFrame, units: pd.DataFrame, year: int
) -> Values:
    year_sessions = sessions.loc[in_year(sessions["held_on"], year), "session_id"]
    persons = attendees.loc[attendees["session_id"].isin(year_sessions), "person_id"].unique()
    # A member who already held a unit and opened another one after a session is not new.
    first_opened = units.groupby("holder_id")["opened_on"].min()
    new_holders = first_opened.index[in_year(first_opened, year)]
    return {"activity.new_unit_holders": len(set(persons) & set(new_holders))}
