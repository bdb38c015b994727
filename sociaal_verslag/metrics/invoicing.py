"""Invoicing: the invoices of the year and the automatic payment reminders."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, metric


@metric
def invoices(invoices: pd.DataFrame, year: int) -> Values:
    return {"invoicing.invoices": int(in_year(invoices["issued_on"], year).sum())}


@metric
def reminders(reminders: pd.DataFrame, year: int) -> Values:
    # Manual reminders are not counted.
    sent = in_year(reminders["sent_on"], year) & reminders["automatic"]
    return {"invoicing.reminders": int(sent.sum())}
