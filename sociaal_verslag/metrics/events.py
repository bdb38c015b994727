"""Coöperatief leven: events, workshops and the CoopInside tour before the general meeting."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year

PRODUCES = {"coop_events": ("events.total", "events.coopinside_days", "events.coopinside_cities")}


def coop_events(events: pd.DataFrame, year: int, coopinside_month: int) -> Values:
    """Events held in the year; distinct days and cities of the CoopInside meetings held in
    ``coopinside_month`` (a parameter): the report's sentence names that month ("In mei"), so
    meetings of another month are not counted."""
    held = events[in_year(events["held_on"], year)]
    coopinside = held[
        (held["kind"] == "coopinside") & (held["held_on"].dt.month == coopinside_month)
    ]
    return {
        "events.total": len(held),
        "events.coopinside_days": int(coopinside["held_on"].dt.normalize().nunique()),
        "events.coopinside_cities": int(coopinside["city"].nunique()),
    }
