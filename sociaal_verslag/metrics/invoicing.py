"""Invoicing: the turnover of the shared enterprise, the learning catalogue, reminders."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, money

PRODUCES = {
    "turnover": ("activity.turnover_eur", "learning.turnover_eur", "invoicing.invoices"),
    "reminders": ("invoicing.reminders",),
}

LEARNING_CHANNEL = "learning_catalogue"


def turnover(invoices: pd.DataFrame, year: int) -> Values:
    """Turnover excl. VAT of the invoices issued in the year, in all and via learning.smart.coop.

    Also the count of those invoices.
    """
    # Only the columns the figures need: a year's invoices can number in the millions.
    issued = invoices.loc[in_year(invoices["issued_on"], year), ["amount_excl_vat_eur", "channel"]]
    learning = issued["channel"] == LEARNING_CHANNEL
    return {
        "activity.turnover_eur": money(issued["amount_excl_vat_eur"].sum()),
        "learning.turnover_eur": money(issued.loc[learning, "amount_excl_vat_eur"].sum()),
        "invoicing.invoices": len(issued),
    }


def reminders(reminders: pd.DataFrame, year: int) -> Values:
    """Payment reminders sent automatically in the year (manual ones are not counted)."""
    sent = in_year(reminders["sent_on"], year) & reminders["automatic"]
    return {"invoicing.reminders": int(sent.sum())}
