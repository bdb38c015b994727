"""Financiering: the interest-free loans of the shared enterprise and the KBS grants."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, metric, money, year_end


@metric
def loans_granted(loans: pd.DataFrame, year: int) -> Values:
    granted = loans[in_year(loans["granted_on"], year)]
    return {
        "financing.loans_granted.count": len(granted),
        "financing.loans_granted.amount_eur": money(granted["amount_granted_eur"].sum()),
    }


@metric
def loans_disbursed(loans: pd.DataFrame, year: int) -> Values:
    # Whatever year they were granted: a loan granted in December may be paid out in January.
    paid = loans[in_year(loans["disbursed_on"], year)]
    return {
        "financing.projects_supported.count": len(paid),
        "financing.projects_supported.amount_eur": money(paid["amount_disbursed_eur"].sum()),
    }


@metric
def loans_since_launch(loans: pd.DataFrame, year: int) -> Values:
    paid = loans[loans["disbursed_on"].notna() & (loans["disbursed_on"] <= year_end(year))]
    return {
        "financing.projects_since_launch.count": len(paid),
        "financing.projects_since_launch.amount_eur": money(paid["amount_disbursed_eur"].sum()),
    }


@metric
def kbs_grants(grants: pd.DataFrame, year: int) -> Values:
    received = grants.loc[in_year(grants["received_on"], year), "amount_eur"]
    if received.empty:
        raise ValueError(f"no KBS grant received in {year}: the report's sentence needs one")
    return {
        "financing.kbs_grants.count": len(received),
        "financing.kbs_grants.min_eur": money(received.min()),
        "financing.kbs_grants.max_eur": money(received.max()),
        "financing.kbs_grants.total_eur": money(received.sum()),
    }
