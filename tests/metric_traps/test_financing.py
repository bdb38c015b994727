"""The rules of metrics/financing.py against their traps: several loans of one member, grants and
payouts of different years, the days around the year's edges and loans not yet paid out."""

from __future__ import annotations

import pytest

from sociaal_verslag import metrics

from .frames import DAY_AFTER, DAY_BEFORE, DEC_31, EDGES, JAN_1, LONG_AGO, MID_YEAR, YEAR, register


def _loan(granted_on, granted, disbursed_on=None, disbursed=None, holder="H1") -> dict:
    return {
        "holder_id": holder,
        "granted_on": granted_on,
        "amount_granted_eur": granted,
        "disbursed_on": disbursed_on,
        "amount_disbursed_eur": disbursed,
    }


# --- financing.loans_granted: leningen toegekend in het jaar ------------------------------------


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_loans_granted_count_from_1_january_to_31_december(day, in_year):
    loans = register("loans", [_loan(MID_YEAR, 1000.0), _loan(day, 250.0)])
    assert metrics.financing.loans_granted(loans, YEAR) == {
        "financing.loans_granted.count": 2 if in_year else 1,
        "financing.loans_granted.amount_eur": 1250.0 if in_year else 1000.0,
    }


def test_loans_granted_count_each_loan_of_one_member_and_those_not_paid_out_yet():
    loans = register(
        "loans",
        [
            _loan(JAN_1, 1000.0, MID_YEAR, 900.0, holder="H1"),
            _loan(MID_YEAR, 2000.0, holder="H1"),  # not paid out yet
            _loan(DEC_31, 4000.0, DAY_AFTER, 4000.0, holder="H1"),  # paid out next year
        ],
    )
    # The granted amounts, not the amounts paid out.
    assert metrics.financing.loans_granted(loans, YEAR) == {
        "financing.loans_granted.count": 3,
        "financing.loans_granted.amount_eur": 7000.0,
    }


# --- financing.projects_supported: leningen uitbetaald in het jaar ------------------------------


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_loans_paid_out_count_from_1_january_to_31_december(day, in_year):
    loans = register(
        "loans",
        [_loan(LONG_AGO, 1000.0, MID_YEAR, 1000.0), _loan(DAY_BEFORE, 300.0, day, 250.0)],
    )
    assert metrics.financing.loans_disbursed(loans, YEAR) == {
        "financing.projects_supported.count": 2 if in_year else 1,
        "financing.projects_supported.amount_eur": 1250.0 if in_year else 1000.0,
    }


def test_loans_paid_out_in_the_year_whatever_year_they_were_granted_in():
    loans = register(
        "loans",
        [
            _loan(DAY_BEFORE, 3000.0, JAN_1, 2500.0, holder="H1"),  # granted last year
            _loan(MID_YEAR, 1000.0, MID_YEAR, 800.0, holder="H1"),  # same member
            _loan(MID_YEAR, 5000.0),  # granted, not paid out: open
        ],
    )
    # The amounts paid out, not the amounts granted.
    assert metrics.financing.loans_disbursed(loans, YEAR) == {
        "financing.projects_supported.count": 2,
        "financing.projects_supported.amount_eur": 3300.0,
    }


# --- financing.projects_since_launch: uitbetaald vanaf de lancering tot het einde van het jaar ---


def test_loans_since_launch_are_every_payout_up_to_31_december_in_the_amounts_paid_out():
    loans = register(
        "loans",
        [
            _loan(LONG_AGO, 1000.0, LONG_AGO, 900.0, holder="H1"),
            _loan(LONG_AGO, 1000.0, LONG_AGO, 700.0, holder="H1"),  # same member, again
            _loan(MID_YEAR, 2000.0, DEC_31, 1500.0),
            _loan(DEC_31, 4000.0, DAY_AFTER, 4000.0),  # granted this year, paid out next year
            _loan(MID_YEAR, 8000.0),  # not paid out
        ],
    )
    assert metrics.financing.loans_since_launch(loans, YEAR) == {
        "financing.projects_since_launch.count": 3,
        "financing.projects_since_launch.amount_eur": 3100.0,
    }
    assert metrics.financing.loans_since_launch(loans, YEAR + 1) == {
        "financing.projects_since_launch.count": 4,
        "financing.projects_since_launch.amount_eur": 7100.0,
    }


# --- financing.kbs_grants: beurzen die vennoten in het jaar ontvingen ---------------------------


def test_kbs_grants_smallest_largest_and_total_are_of_the_year_only():
    grants = register(
        "kbs_grants",
        [
            {"member_id": "M1", "received_on": DAY_BEFORE, "amount_eur": 100.0},
            {"member_id": "M1", "received_on": JAN_1, "amount_eur": 3500.0},
            {"member_id": "M1", "received_on": MID_YEAR, "amount_eur": 5000.0, "craft": "tiling"},
            {"member_id": "M2", "received_on": DEC_31, "amount_eur": 7000.0},
            {"member_id": "M3", "received_on": DAY_AFTER, "amount_eur": 40000.0},
        ],
    )
    # Two grants of one member are two grants.
    assert metrics.financing.kbs_grants(grants, YEAR) == {
        "financing.kbs_grants.count": 3,
        "financing.kbs_grants.min_eur": 3500.0,
        "financing.kbs_grants.max_eur": 7000.0,
        "financing.kbs_grants.total_eur": 15500.0,
    }


def test_kbs_grants_refuse_a_year_without_any_grant():
    grants = register("kbs_grants", [{"received_on": DAY_BEFORE, "amount_eur": 3500.0}])
    with pytest.raises(ValueError, match=f"no KBS grant received in {YEAR}"):
        metrics.financing.kbs_grants(grants, YEAR)


def test_loan_and_grant_amounts_add_up_to_the_cent_without_float_noise():
    # 0.1 + 0.2 is 0.30000000000000004 in floating point; the figures are in cents.
    loans = register(
        "loans",
        [_loan(LONG_AGO, 0.1, JAN_1, 0.1), _loan(MID_YEAR, 0.2, DEC_31, 0.2), _loan(DEC_31, 0.1)],
    )
    assert metrics.financing.loans_granted(loans, YEAR)["financing.loans_granted.amount_eur"] == 0.3
    assert (
        metrics.financing.loans_disbursed(loans, YEAR)["financing.projects_supported.amount_eur"]
        == 0.3
    )
    since = metrics.financing.loans_since_launch(loans, YEAR)
    assert since["financing.projects_since_launch.amount_eur"] == 0.3
    grants = register("kbs_grants", [{"received_on": JAN_1, "amount_eur": a} for a in (0.1, 0.2)])
    assert metrics.financing.kbs_grants(grants, YEAR)["financing.kbs_grants.total_eur"] == 0.3
