"""Bescherming: the employment contracts that ran in the year."""

from __future__ import annotations

import pandas as pd

from ._common import Values, metric, overlaps_year, rounded, year_start

CONTRACT_COLUMNS = [
    "worker_id",
    "worker_role",
    "contract_type",
    "start_date",
    "end_date",
    "declared_days",
    "declared_hours",
]
"""The columns of the contracts register that the figures below and the contracts chart read:
the notebook loads only these (a year's contracts can number in the millions)."""


@metric
def contracts(contracts: pd.DataFrame, year: int, fte_hours_per_year: float) -> Values:
    # FTE counts worked hours only, so it is lower than a social-balance-sheet FTE, which counts
    # contract time (holidays and sick leave included): see docs/assumptions.md.
    # Only the columns the figures need: a year's contracts can number in the millions.
    mask = overlaps_year(contracts["start_date"], contracts["end_date"], year)
    needed = ["worker_id", "worker_role", "contract_type", "declared_days", "declared_hours"]
    running = contracts.loc[mask, needed]
    started = int((contracts.loc[mask, "start_date"] >= year_start(year)).sum())
    hours = round(float(running["declared_hours"].sum()), 2)
    open_ended = running[
        (running["contract_type"] == "open_ended") & (running["worker_role"] == "member")
    ]
    return {
        "employment.workers": int(running["worker_id"].nunique()),
        "employment.contracts": len(running),
        "employment.contracts_started": started,
        "employment.contracts_from_before": len(running) - started,
        "employment.days": int(running["declared_days"].sum()),
        "employment.hours": rounded(hours) if hours.is_integer() else hours,
        "employment.fte": rounded(hours / fte_hours_per_year),
        "employment.open_ended_members": int(open_ended["worker_id"].nunique()),
    }
