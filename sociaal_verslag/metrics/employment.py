"""Bescherming: employment, training, legal help and the Gembloux project."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, overlaps_year, rounded, year_end

PRODUCES = {
    "contracts": (
        "employment.workers",
        "employment.contracts",
        "employment.days",
        "employment.hours",
        "employment.fte",
        "employment.open_ended_members",
    ),
    "trainings": ("training.days", "training.participants"),
    "legal_cases": ("legal.cases",),
    "gembloux_jobs": ("gembloux.jobs", "gembloux.fte"),
}


def contracts(contracts: pd.DataFrame, year: int, fte_hours_per_year: float) -> Values:
    """Employment contracts that ran in the year: persons, contracts, days, hours and FTE.

    FTE = declared hours / the yearly hours of one full-time worker, rounded to a whole number.
    It counts worked hours only, so it is lower than a social-balance-sheet FTE, which counts
    contract time (holidays and sick leave included).
    """
    # Only the columns the figures need: a year's contracts can number in the millions.
    mask = overlaps_year(contracts["start_date"], contracts["end_date"], year)
    needed = ["worker_id", "worker_role", "contract_type", "declared_days", "declared_hours"]
    running = contracts.loc[mask, needed]
    hours = round(float(running["declared_hours"].sum()), 2)
    open_ended = running[
        (running["contract_type"] == "open_ended") & (running["worker_role"] == "member")
    ]
    return {
        "employment.workers": int(running["worker_id"].nunique()),
        "employment.contracts": len(running),
        "employment.days": int(running["declared_days"].sum()),
        "employment.hours": rounded(hours) if hours.is_integer() else hours,
        "employment.fte": rounded(hours / fte_hours_per_year),
        "employment.open_ended_members": int(open_ended["worker_id"].nunique()),
    }


def trainings(sessions: pd.DataFrame, year: int) -> Values:
    """Training days and participants of the sessions held in the year."""
    held = sessions[in_year(sessions["held_on"], year)]
    days = float(held["days"].sum())
    return {
        "training.days": int(days) if days.is_integer() else days,
        "training.participants": int(held["participants"].sum()),
    }


def legal_cases(cases: pd.DataFrame, year: int) -> Values:
    """Legal requests opened in the year about the activity of production units."""
    opened = in_year(cases["opened_on"], year) & cases["about_unit_activity"]
    return {"legal.cases": int(opened.sum())}


def gembloux_jobs(jobs: pd.DataFrame, year: int) -> Values:
    """Jobs created in Objectif Emploi Gembloux up to 31 December, and their FTE."""
    created = jobs[jobs["created_on"] <= year_end(year)]
    return {
        "gembloux.jobs": len(created),
        "gembloux.fte": round(float(created["fte"].sum()), 2),
    }
