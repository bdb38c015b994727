"""Opleiding: the turnover of the learning catalogue (learning.smart.coop)."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, metric, money

LEARNING_CHANNEL = "learning_catalogue"
"""The invoices' ``channel`` of what is sold through the learning catalogue."""


@metric
def turnover(invoices: pd.DataFrame, year: int) -> Values:
    sold = in_year(invoices["issued_on"], year) & (invoices["channel"] == LEARNING_CHANNEL)
    return {"learning.turnover_eur": money(invoices.loc[sold, "amount_excl_vat_eur"].sum())}
