"""Werkomgeving: the SmartLabs, counted since their start."""

from __future__ import annotations

import pandas as pd

from ._common import Values, metric, year_end


@metric
def smartlabs(
    registrations: pd.DataFrame,
    meetings: pd.DataFrame,
    attendance: pd.DataFrame,
    year: int,
    smartlab_regular_min_meetings: int,
) -> Values:
    end = year_end(year)
    met = meetings[meetings["held_on"] <= end]
    registered = registrations[registrations["registered_on"] <= end]
    attended = attendance[attendance["meeting_id"].isin(met["meeting_id"])]
    meetings_per_person = attended.groupby("person_id")["meeting_id"].nunique()
    hours = round(float(met["hours"].sum()), 2)
    return {
        "smartlabs.groups": int(met["group_id"].nunique()),
        "smartlabs.interested": int(registered["person_id"].nunique()),
        "smartlabs.regular": int((meetings_per_person >= smartlab_regular_min_meetings).sum()),
        "smartlabs.hours": int(hours) if hours.is_integer() else hours,
    }
