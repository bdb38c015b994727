"""Financiering: the interest-free loans of the shared enterprise and the KBS grants."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, money, year_end

PRODUCES = {
    "loans_granted": ("financing.loans_granted.count", "financing.loans_granted.amount_eur"),
    "loans_disbursed": (
        "financing.projects_supported.count",
        "financing.projects_supported.amount_eur",
    ),
    "loans_since_launch": (
        "financing.projects_since_launch.count",
        "financing.projects_since_launch.amount_eur",
    ),
    "kbs_grants": (
        "financing.kbs_grants.count",
        "financing.kbs_grants.min_eur",
        "financing.kbs_grants.max_eur",
        "financing.kbs_grants.total_eur",
    ),
}


def loans_granted(loans: pd.DataFrame, year: int) -> Values:
    """Loans with a grant date in the year, and the sum of their granted amounts."""
    granted = loans[in_year(loans["granted_on"], year)]
    return {
        "financing.loans_granted.count": len(granted),
        "financing.loans_granted.amount_eur": money(granted["amount_granted_eur"].sum()),
    }


def loans_disbursed(loans: pd.DataFrame, year: int) -> Values:
    """Loans paid out in the year (whatever year they were granted), and the amounts paid."""
    paid = loans[in_year(loans["disbursed_on"], year)]
    return {
        "financing.projects_supported.count": len(paid),
        "financing.projects_supported.amount_eur": money(paid["amount_disbursed_eur"].sum()),
    }


def loans_since_launch(loans: pd.DataFrame, year: int) -> Values:
    """Every loan paid out from the launch of the service up to the end of the year."""
    paid = loans[loans["disbursed_on"].notna() & (loans["disbursed_on"] <= year_end(year))]
    return {
        "financing.projects_since_launch.count": len(paid),
        "financing.projects_since_launch.amount_eur": money(paid["amount_disbursed_eur"].sum()),
    }


def kbs_grants(grants: pd.DataFrame, year: int) -> Values:
    """King Baudouin Foundation grants received in the year: count, smallest, largest, total."""
    received = grants.loc[in_year(grants["received_on"], year), "amount_eur"]
    if received.empty:
        raise ValueError(f"no KBS grant received in {year}: the report's sentence needs one")
    return {
        "financing.kbs_grants.count": len(received),
        "financing.kbs_grants.min_eur": money(received.min()),
        "financing.kbs_grants.max_eur": money(received.max()),
        "financing.kbs_grants.total_eur": money(received.sum()),
    }
