"""Bescherming: the training sessions for members."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, metric


@metric
def sessions(sessions: pd.DataFrame, year: int) -> Values:
    held = sessions[in_year(sessions["held_on"], year)]
    days = float(held["days"].sum())
    return {
        "training.days": int(days) if days.is_integer() else days,
        "training.participants": int(held["participants"].sum()),
    }
