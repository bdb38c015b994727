"""Coöperatief leven: events, workshops and the CoopInside tour before the general meeting."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, metric


@metric
def coop_events(events: pd.DataFrame, year: int, coopinside_month: int) -> Values:
    # The report's sentence names the month ("In mei"): meetings of another month do not count.
    held = events[in_year(events["held_on"], year)]
    coopinside = held[
        (held["kind"] == "coopinside") & (held["held_on"].dt.month == coopinside_month)
    ]
    return {
        "events.total": len(held),
        "events.coopinside_days": int(coopinside["held_on"].dt.normalize().nunique()),
        "events.coopinside_cities": int(coopinside["city"].nunique()),
    }
