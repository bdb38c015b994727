"""The helpers every metric shares (metrics/_common.py) on their own: the docstring made from the
catalogue, the check of what a metric returns, the shares, the rounding and the year's edges."""

from __future__ import annotations

import pandas as pd
import pytest

from sociaal_verslag import metrics
from sociaal_verslag.figures.catalogue import CATALOGUE, METRICS
from sociaal_verslag.metrics._common import (
    metric,
    money,
    overlaps_year,
    rounded,
    share_pct,
)

from .frames import DAY_AFTER, DAY_BEFORE, DEC_31, JAN_1, LONG_AGO, YEAR


def _rules(name: str) -> list[str]:
    return [f"- ``{f}``: {CATALOGUE[f].rule}." for f in METRICS[name].figures]


def test_a_metric_s_docstring_lists_its_rules_its_parameters_and_its_source():
    doc = metrics.function("smartlabs.smartlabs").__doc__
    assert doc == "\n".join(
        [
            "Returns:",
            *_rules("smartlabs.smartlabs"),
            "",
            "Parameters read: smartlab_regular_min_meetings.",
            "",
            "(From metrics/smartlabs.meta.yml.)",
        ]
    )


def test_the_facts_docstring_says_the_caller_names_the_figures_and_reads_no_parameter():
    doc = metrics.function("facts.recorded").__doc__
    assert doc == "\n".join(
        [
            "The figures named by the caller, of:",
            *_rules("facts.recorded"),
            "",
            "(From metrics/facts.meta.yml.)",
        ]
    )


def test_a_metric_returning_both_too_much_and_too_little_is_told_both_in_one_line():
    def holders(frame, year):
        return {"activity.active_holders": 1, "x.y": 2}

    holders.__module__ = "sociaal_verslag.metrics.activity"
    with pytest.raises(ValueError) as raised:
        metric(holders)(None, YEAR)
    assert str(raised.value) == (
        "metrics.activity.holders returns x.y, which metrics/activity.meta.yml does not describe"
        " and does not return activity.active_holders_new, which metrics/activity.meta.yml"
        " describes"
    )


def test_a_metric_returning_exactly_its_figures_gives_them_unchanged():
    def holders(frame, year):
        return {"activity.active_holders": frame, "activity.active_holders_new": year}

    holders.__module__ = "sociaal_verslag.metrics.activity"
    assert metric(holders)(3, YEAR) == {
        "activity.active_holders": 3,
        "activity.active_holders_new": YEAR,
    }


def test_a_share_of_nothing_is_refused_rather_than_divided_by_zero():
    with pytest.raises(ValueError, match="share of an empty set of responses"):
        share_pct(pd.Series([], dtype=bool))


def test_a_share_is_in_percent_and_unrounded():
    assert share_pct(pd.Series([True, False, False])) == pytest.approx(100 / 3, abs=1e-12)
    assert share_pct(pd.Series([True])) == 100.0


def test_rounded_goes_half_up_and_gives_whole_numbers_as_int():
    assert rounded(2.5) == 3 and isinstance(rounded(2.5), int)
    assert rounded(0.25, 1) == 0.3 and isinstance(rounded(0.25, 1), float)
    assert isinstance(rounded(3.0, 1), float)  # one decimal asked: a float, even when whole


def test_money_keeps_cents_and_drops_float_noise():
    assert money(0.1 + 0.2) == 0.3
    assert money(1234.56) == 1234.56
    assert money(1234.567) == 1234.57


@pytest.mark.parametrize(
    ("start", "end", "overlaps"),
    [
        (LONG_AGO, None, True),  # still running
        (LONG_AGO, DAY_BEFORE, False),  # ended the day before the year
        (LONG_AGO, JAN_1, True),  # ended on its first day
        (DEC_31, None, True),  # started on its last day
        (DAY_AFTER, None, False),  # starts the day after
        (DEC_31, DAY_AFTER, True),
    ],
)
def test_a_period_overlaps_the_year_from_its_first_to_its_last_day(start, end, overlaps):
    starts = pd.Series(pd.to_datetime([start]))
    ends = pd.Series(pd.to_datetime([end]))
    assert overlaps_year(starts, ends, YEAR).tolist() == [overlaps]
