"""The rules of metrics/employment.py against their traps: one person with several contracts,
contracts that end or start on the year's edges, open end dates, every role and contract type, and
the full-time hours of the parameters."""

from __future__ import annotations

import pytest

from sociaal_verslag import metrics

from .frames import DAY_AFTER, DAY_BEFORE, DEC_31, JAN_1, LONG_AGO, MID_YEAR, YEAR, register

FULL_TIME = 1976


def _contract(
    worker="W1",
    start=MID_YEAR,
    end=MID_YEAR,
    kind="daily",
    role="member",
    days=1,
    hours=8.0,
) -> dict:
    return {
        "worker_id": worker,
        "worker_role": role,
        "contract_type": kind,
        "start_date": start,
        "end_date": end,
        "declared_days": days,
        "declared_hours": hours,
    }


def _contracts(*contracts: dict):
    return register("employment_contracts", contracts)


def test_a_person_with_several_contracts_is_one_worker_and_each_contract_counts():
    contracts = _contracts(
        _contract("W1", JAN_1, JAN_1, days=1, hours=8.0),
        _contract("W1", MID_YEAR, MID_YEAR, days=1, hours=6.0),
        _contract("W1", DEC_31, DEC_31, days=1, hours=4.0),
        _contract("W2", LONG_AGO, None, "open_ended", "support_staff", days=200, hours=1500.0),
    )
    values = metrics.employment.contracts(contracts, YEAR, FULL_TIME)
    assert values["employment.workers"] == 2
    assert values["employment.contracts"] == 4
    assert values["employment.days"] == 203
    assert values["employment.hours"] == 1518


@pytest.mark.parametrize(
    ("start", "end", "kind", "runs"),
    [
        (LONG_AGO, DAY_BEFORE, "fixed_term", False),  # ended the day before the year
        (LONG_AGO, JAN_1, "fixed_term", True),  # ended on the first day
        (DEC_31, DEC_31, "daily", True),  # the last day
        (DAY_AFTER, DAY_AFTER, "daily", False),  # the day after the year
        (LONG_AGO, None, "open_ended", True),  # open end: still running
        (DAY_AFTER, None, "open_ended", False),  # open end, but starts next year
        (DAY_BEFORE, DAY_AFTER, "fixed_term", True),  # runs through the whole year
    ],
)
def test_a_contract_counts_when_it_ran_at_least_one_day_of_the_year(start, end, kind, runs):
    contracts = _contracts(
        _contract("W1", MID_YEAR, MID_YEAR, days=1, hours=8.0),
        _contract("W2", start, end, kind, days=10, hours=80.0),
    )
    assert metrics.employment.contracts(contracts, YEAR, FULL_TIME) == {
        "employment.workers": 2 if runs else 1,
        "employment.contracts": 2 if runs else 1,
        # a contract that ran is one of the year's or one from before it: never both
        "employment.contracts_started": 2 if runs and start >= JAN_1 else 1,
        "employment.contracts_from_before": 1 if runs and start < JAN_1 else 0,
        "employment.days": 11 if runs else 1,
        "employment.hours": 88 if runs else 8,
        "employment.fte": 0,
        "employment.open_ended_members": 1 if runs and kind == "open_ended" else 0,
    }


def test_open_ended_members_are_distinct_members_with_an_open_ended_contract_of_the_year():
    contracts = _contracts(
        # M1: two open-ended contracts in the year: one member.
        _contract("M1", LONG_AGO, None, "open_ended"),
        _contract("M1", MID_YEAR, None, "open_ended"),
        # M2: open-ended until the first day of the year.
        _contract("M2", LONG_AGO, JAN_1, "open_ended"),
        # Not counted: support staff, other contract types, a contract ended last year.
        _contract("S1", LONG_AGO, None, "open_ended", role="support_staff"),
        _contract("M3", JAN_1, DEC_31, "fixed_term"),
        _contract("M4", MID_YEAR, MID_YEAR, "daily"),
        _contract("M5", LONG_AGO, DAY_BEFORE, "open_ended"),
    )
    values = metrics.employment.contracts(contracts, YEAR, FULL_TIME)
    assert values["employment.open_ended_members"] == 2
    assert values["employment.workers"] == 5


@pytest.mark.parametrize(
    ("hours_per_year", "fte"),
    [
        (1976, 2),  # 4000 / 1976 = 2.02
        (1600, 3),  # 4000 / 1600 = 2.5, half up
        (2000, 2),  # 4000 / 2000 = 2
    ],
)
def test_fte_divides_the_hours_by_the_full_time_hours_of_the_parameters(hours_per_year, fte):
    contracts = _contracts(
        _contract("W1", LONG_AGO, None, "open_ended", hours=2500.0),
        _contract("W2", LONG_AGO, None, "open_ended", hours=1500.0),
    )
    values = metrics.employment.contracts(contracts, YEAR, hours_per_year)
    assert values["employment.hours"] == 4000
    assert values["employment.fte"] == fte


def test_hours_keep_their_fraction_and_fte_rounds_half_up():
    # 4940 h / 1976 = 2.5 -> 3 (a round to even would say 2).
    contracts = _contracts(
        _contract("W1", LONG_AGO, None, "open_ended", hours=4000.25),
        _contract("W2", MID_YEAR, MID_YEAR, hours=939.75),
        _contract("W3", MID_YEAR, MID_YEAR, hours=7.6),
    )
    values = metrics.employment.contracts(contracts, YEAR, FULL_TIME)
    assert values["employment.hours"] == pytest.approx(4947.6)
    exactly_half = metrics.employment.contracts(contracts.iloc[:2], YEAR, FULL_TIME)
    assert exactly_half["employment.hours"] == 4940
    assert exactly_half["employment.fte"] == 3


def test_hours_keep_their_cents_of_an_hour():
    contracts = _contracts(
        _contract("W1", LONG_AGO, None, "open_ended", hours=7.25),
        _contract("W2", MID_YEAR, MID_YEAR, hours=0.5),
    )
    assert metrics.employment.contracts(contracts, YEAR, FULL_TIME)["employment.hours"] == 7.75
