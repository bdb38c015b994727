"""Financing: the interest-free loans since the service's launch, the King Baudouin
Foundation grants of the year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .context import Context
from .draws import (
    DAY,
    Rng,
    as_dates,
    as_day,
    bounded,
    finish,
    make_ids,
    pick_workdays,
    uniform_days,
)
from .targets import SampleTargets
from .values import weighted

LOAN_PURPOSES = weighted(
    "loans",
    "purpose",
    {"equipment": 0.45, "stock": 0.14, "training": 0.12, "investment": 0.13, "cash_advance": 0.16},
)
"""What the loans pay for."""

KBS_CRAFTS = weighted(
    "kbs_grants",
    "craft",
    {
        "ceramics": 0.4,
        "instrument_making": 0.2,
        "stained_glass": 0.15,
        "tiling": 0.1,
        "other_craft": 0.15,
    },
)
"""The crafts of the grants beyond the first four (one of each of the first four crafts)."""

LOAN_LOW, LOAN_HIGH = 500, 15_000
"""The smallest and the largest loan drawn."""


def _loan_groups(t: SampleTargets) -> tuple[dict[str, int], dict[str, int]]:
    """How many loans of each group, and their amounts' sums. a: granted and disbursed in the
    year; b: granted in the year, not yet disbursed; c: granted late the year before, disbursed
    in the year; d: disbursed before the year."""
    lo, hi = LOAN_LOW, LOAN_HIGH
    b = t.loans_pending
    a = t.loans_granted - b
    c = t.loans_disbursed - a
    d = t.loans_since_launch - t.loans_disbursed
    shift = t.loans_disbursed_eur - t.loans_granted_eur  # = C - B
    low = max(b * lo, t.loans_granted_eur - a * hi, c * lo - shift)
    high = min(b * hi, t.loans_granted_eur - a * lo, c * hi - shift)
    if low > high:
        raise ValueError("loan targets cannot be met with amounts between 500 and 15 000")
    pending_sum = int(np.clip(round(b * t.loans_granted_eur / t.loans_granted * 1.1), low, high))
    sums = {
        "a": t.loans_granted_eur - pending_sum,
        "b": pending_sum,
        "c": shift + pending_sum,
        "d": t.loans_since_launch_eur - t.loans_disbursed_eur,
    }
    return {"a": a, "b": b, "c": c, "d": d}, sums


def _loan_dates(ctx: Context, rng: Rng, group: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """When the loans of ``group`` were granted and paid out (NaT: not yet)."""
    ys, ye = ctx.ys, ctx.ye
    if group == "a":
        granted = uniform_days(rng, ys, ye - 45 * DAY, n)
        return granted, granted + rng.integers(3, 36, size=n) * DAY
    if group == "b":
        return uniform_days(rng, ye - 30 * DAY, ye, n), np.full(n, np.datetime64("NaT", "D"))
    if group == "c":
        granted = uniform_days(rng, ys - 40 * DAY, ys - DAY, n)
        return granted, uniform_days(rng, np.full(n, ys), ys + 30 * DAY, n)
    granted = uniform_days(rng, as_day(ctx.targets.loans_launch), ys - 45 * DAY, n)
    return granted, granted + rng.integers(5, 41, size=n) * DAY


def add_loans(ctx: Context) -> None:
    """Loans since the launch, in four groups whose counts and sums hit the targets."""
    rng = ctx.rng("loans")
    counts, sums = _loan_groups(ctx.targets)
    frames = []
    for group, n in counts.items():
        amount = bounded(rng, sums[group], n, LOAN_LOW, LOAN_HIGH, sigma=0.7)
        granted, paid = _loan_dates(ctx, rng, group, n)
        frames.append(
            pd.DataFrame(
                {
                    "holder_id": rng.choice(ctx.active_holders, size=n, replace=False),
                    "purpose": LOAN_PURPOSES.draw(rng, n),
                    "granted_on": as_dates(granted),
                    "amount_granted_eur": amount.astype(float),
                    "disbursed_on": as_dates(paid),
                    "amount_disbursed_eur": np.where(np.isnat(paid), np.nan, amount),
                }
            )
        )
    loans = pd.concat(frames, ignore_index=True)
    loans = finish(loans, ["granted_on", "holder_id"], None, None)
    grant_year = loans["granted_on"].dt.year
    seq = loans.groupby(grant_year).cumcount() + 1
    loans.insert(0, "loan_id", [f"LN-{y}-{s:04d}" for y, s in zip(grant_year, seq, strict=True)])
    ctx.frames["loans"] = loans


def add_kbs_grants(ctx: Context) -> None:
    """The year's grants: their minimum, maximum and total as the targets say."""
    t, rng = ctx.targets, ctx.rng("kbs_grants")
    n, lo, hi = t.kbs_grants, t.kbs_min_eur, t.kbs_max_eur
    if n == 1:
        amounts = np.array([t.kbs_total_eur])
    else:
        rest_total = t.kbs_total_eur - lo - hi
        unit = 10 if all(v % 10 == 0 for v in (rest_total, lo, hi)) else 1
        rest = bounded(rng, rest_total, n - 2, lo, hi, sigma=0.3, unit=unit)
        amounts = rng.permutation(np.concatenate([[lo, hi], rest]))
    craft = np.concatenate([KBS_CRAFTS.values[: min(4, n)], KBS_CRAFTS.draw(rng, max(0, n - 4))])
    grants = pd.DataFrame(
        {
            "member_id": rng.choice(ctx.active_holders, size=n, replace=False),
            "craft": rng.permutation(craft),
            "received_on": as_dates(pick_workdays(rng, ctx.ys + 59 * DAY, ctx.ye - 30 * DAY, n)),
            "amount_eur": amounts.astype(float),
        }
    )
    ctx.frames["kbs_grants"] = finish(
        grants, ["received_on", "member_id"], "grant_id", make_ids(f"KBS-{ctx.year}-", n, 2)
    )
