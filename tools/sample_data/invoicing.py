"""Invoicing: the year's invoices of the production units, and the payment reminders."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .context import Context
from .draws import DAY, as_dates, bounded, finish, make_ids, uniform_days


def add_invoices(ctx: Context) -> None:
    """Invoices of the units active in the year, direct and through the learning catalogue
    (by a few trainers), their amounts adding up to the turnover targets."""
    t, rng = ctx.targets, ctx.rng("invoices")
    ys, ye = ctx.ys, ctx.ye
    units = ctx.frames["production_units"]
    opened = units["opened_on"].to_numpy().astype("datetime64[D]")
    closed = units["closed_on"].to_numpy().astype("datetime64[D]")
    active = (opened <= ye) & (np.isnat(closed) | (closed >= ys))
    unit_ids = units["unit_id"].to_numpy()[active]
    first = np.maximum(opened[active], ys)
    last = np.where(np.isnat(closed[active]), ye, np.minimum(closed[active], ye))
    activity = rng.lognormal(0.0, 1.0, size=len(unit_ids))
    trainer = rng.random(len(unit_ids)) < 0.06
    n_learning, n_direct = t.learning_invoices, t.invoices - t.learning_invoices
    unit_direct = rng.choice(len(unit_ids), size=n_direct, p=activity / activity.sum())
    trainer_idx = np.flatnonzero(trainer)
    unit_learning = rng.choice(
        trainer_idx, size=n_learning, p=activity[trainer] / activity[trainer].sum()
    )
    unit = np.concatenate([unit_direct, unit_learning])
    issued = uniform_days(rng, first[unit], last[unit], len(unit))
    amounts = np.concatenate(
        [
            bounded(
                rng,
                t.turnover_cents - t.learning_turnover_cents,
                n_direct,
                1_500,
                30_000_000,
                sigma=1.1,
            ),
            bounded(rng, t.learning_turnover_cents, n_learning, 5_000, 5_000_000, sigma=0.9),
        ]
    )
    invoices = pd.DataFrame(
        {
            "unit_id": unit_ids[unit],
            "issued_on": as_dates(issued),
            "amount_excl_vat_eur": amounts / 100,
            "channel": np.where(np.arange(len(unit)) < n_direct, "direct", "learning_catalogue"),
        }
    )
    invoices = invoices.iloc[rng.permutation(len(invoices))]
    ctx.frames["invoices"] = finish(
        invoices, ["issued_on"], "invoice_id", make_ids(f"INV-{ctx.year}-", len(invoices), 6)
    )


def add_payment_reminders(ctx: Context) -> None:
    """Reminders for unpaid invoices issued at least a month before the year end; some
    invoices get a second reminder."""
    t, rng, ye = ctx.targets, ctx.rng("payment_reminders"), ctx.ye
    invoices = ctx.frames["invoices"]
    day = invoices["issued_on"].to_numpy().astype("datetime64[D]")
    eligible = np.flatnonzero(day <= ye - 45 * DAY)
    total = t.reminders_automatic + t.reminders_manual
    n_second = total // 9
    n_first = total - n_second
    chosen = rng.choice(eligible, size=n_first, replace=False)
    wait = rng.integers(30, 61, size=n_first) * DAY
    first_sent = np.minimum(day[chosen] + wait, ye - 15 * DAY)
    again = rng.choice(n_first, size=n_second, replace=False)
    second_sent = np.minimum(first_sent[again] + rng.integers(15, 31, size=n_second) * DAY, ye)
    automatic = np.zeros(total, dtype=bool)
    automatic[rng.choice(total, size=t.reminders_automatic, replace=False)] = True
    reminders = pd.DataFrame(
        {
            "invoice_id": invoices["invoice_id"].to_numpy()[
                np.concatenate([chosen, chosen[again]])
            ],
            "sent_on": as_dates(np.concatenate([first_sent, second_sent])),
            "automatic": automatic,
        }
    )
    ctx.frames["payment_reminders"] = finish(
        reminders,
        ["sent_on", "invoice_id"],
        "reminder_id",
        make_ids(f"RM-{ctx.year}-", len(reminders), 6),
    )
