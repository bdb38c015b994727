"""The rules of metrics/invoicing.py and metrics/learning.py against their traps: every channel,
manual reminders, several invoices or reminders of one unit, and the year's edges."""

from __future__ import annotations

import pytest

from sociaal_verslag import metrics

from .frames import EDGES, JAN_1, MID_YEAR, YEAR, register, rows

# --- invoicing.invoices: facturen uitgereikt in het jaar -----------------------------------------


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_invoices_count_from_1_january_to_31_december(day, in_year):
    invoices = register("invoices", [{"issued_on": MID_YEAR}, {"issued_on": day}])
    assert metrics.invoicing.invoices(invoices, YEAR) == {"invoicing.invoices": 2 if in_year else 1}


def test_invoices_count_every_invoice_of_a_unit_in_every_channel():
    invoices = register(
        "invoices",
        [
            *rows(2, unit_id="U1", issued_on=MID_YEAR, channel="direct"),
            {"unit_id": "U1", "issued_on": JAN_1, "channel": "learning_catalogue"},
        ],
    )
    assert metrics.invoicing.invoices(invoices, YEAR) == {"invoicing.invoices": 3}


# --- invoicing.reminders: automatische herinneringen verstuurd in het jaar -----------------------


def test_reminders_count_automatic_ones_only_each_of_them():
    reminders = register(
        "payment_reminders",
        [
            *rows(2, invoice_id="I1", sent_on=MID_YEAR, automatic=True),  # the same invoice
            {"invoice_id": "I2", "sent_on": MID_YEAR, "automatic": True},
            *rows(4, invoice_id="I3", sent_on=MID_YEAR, automatic=False),  # manual
        ],
    )
    assert metrics.invoicing.reminders(reminders, YEAR) == {"invoicing.reminders": 3}


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_reminders_count_from_1_january_to_31_december(day, in_year):
    reminders = register(
        "payment_reminders",
        [{"sent_on": MID_YEAR, "automatic": True}, {"sent_on": day, "automatic": True}],
    )
    assert metrics.invoicing.reminders(reminders, YEAR) == {
        "invoicing.reminders": 2 if in_year else 1
    }


# --- learning.turnover_eur: omzet van het jaar via de opleidingscatalogus ------------------------


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_learning_turnover_counts_catalogue_invoices_from_1_january_to_31_december(day, in_year):
    invoices = register(
        "invoices",
        [
            {"issued_on": MID_YEAR, "amount_excl_vat_eur": 100.0, "channel": "learning_catalogue"},
            {"issued_on": day, "amount_excl_vat_eur": 0.5, "channel": "learning_catalogue"},
        ],
    )
    assert metrics.learning.turnover(invoices, YEAR) == {
        "learning.turnover_eur": 100.5 if in_year else 100.0
    }


def test_learning_turnover_leaves_out_direct_sales_and_sums_a_units_invoices():
    invoices = register(
        "invoices",
        [
            *rows(2, unit_id="U1", issued_on=MID_YEAR, amount_excl_vat_eur=40.0, channel="direct"),
            *rows(
                2,
                unit_id="U1",
                issued_on=MID_YEAR,
                amount_excl_vat_eur=10.5,
                channel="learning_catalogue",
            ),
        ],
    )
    assert metrics.learning.turnover(invoices, YEAR) == {"learning.turnover_eur": 21.0}
