"""The rules of metrics/cyber.py and metrics/facts.py against their traps: months of other years
in the log, averages that fall on a half, and the facts of the parameters."""

from __future__ import annotations

import pytest

from sociaal_verslag import metrics
from sociaal_verslag.figures.catalogue import fact_ids
from sociaal_verslag.year import params

from .frames import YEAR, register

COUNTERS = [
    "av_threats",
    "av_phishing",
    "av_malware",
    "av_websites",
    "fw_threats",
    "fw_malicious_sites",
    "fw_malware",
]


def _month(month: str, **counts: int) -> dict:
    return {"month": month, **{counter: counts.get(counter, 0) for counter in COUNTERS}}


def _log(months: list[str], **counts: list[int]):
    """A log of ``months``, each counter's months from ``counts`` (0 where not given)."""
    return register(
        "security_monthly",
        [
            _month(month, **{counter: values[n] for counter, values in counts.items()})
            for n, month in enumerate(months)
        ],
    )


YEAR_MONTHS = [f"{YEAR}-{month:02d}" for month in range(1, 13)]


def test_the_monthly_averages_are_of_the_twelve_months_of_the_year_only():
    # The months in any order, with last December and next January, which count ten times more.
    months = [*reversed(YEAR_MONTHS), f"{YEAR - 1}-12", f"{YEAR + 1}-01"]
    log = _log(
        months,
        av_threats=[1200] * 12 + [99999, 99999],
        av_malware=[10] * 12 + [99, 99],
        fw_threats=[15000] * 12 + [99999, 99999],
    )
    values = metrics.cyber.monthly_blocks(log, YEAR)
    assert values["cyber.av_threats_monthly"] == 1200
    assert values["cyber.av_malware_monthly"] == 10
    assert values["cyber.fw_threats_monthly"] == 15000


def test_each_monthly_average_is_of_its_own_counter():
    log = _log(YEAR_MONTHS, **{counter: [n + 1] * 12 for n, counter in enumerate(COUNTERS)})
    assert metrics.cyber.monthly_blocks(log, YEAR) == {
        "cyber.av_threats_monthly": 1,
        "cyber.av_phishing_monthly": 2,
        "cyber.av_malware_monthly": 3,
        "cyber.av_websites_monthly": 4,
        "cyber.fw_threats_monthly": 5,
        "cyber.fw_malicious_sites_monthly": 6,
        "cyber.fw_malware_monthly": 7,
    }


def test_small_averages_on_a_half_round_up_and_large_ones_keep_their_cents():
    half = [0] * 6 + [1] * 6  # average 0.5 more than the base
    log = _log(
        YEAR_MONTHS,
        av_threats=[30000 + h for h in half],  # 30000.5: kept to two decimals
        av_phishing=[28000 + 2 * h for h in half],  # 28001
        av_malware=[6 + h for h in half],  # 6.5 -> 7
        av_websites=[236 + h for h in half],  # 236.5 -> 237
        fw_threats=[16000 + 1000 * h for h in half],  # 16500: not rounded to 17000
        fw_malicious_sites=[3400 + 100 * h for h in half],  # 3450
        fw_malware=[35 + h for h in half],  # 35.5 -> 36
    )
    assert metrics.cyber.monthly_blocks(log, YEAR) == {
        "cyber.av_threats_monthly": 30000.5,
        "cyber.av_phishing_monthly": 28001.0,
        "cyber.av_malware_monthly": 7,
        "cyber.av_websites_monthly": 237,
        "cyber.fw_threats_monthly": 16500,
        "cyber.fw_malicious_sites_monthly": 3450,
        "cyber.fw_malware_monthly": 36,
    }


def test_a_month_of_another_year_does_not_stand_in_for_a_missing_month():
    months = [*YEAR_MONTHS[:-1], f"{YEAR + 1}-12"]  # no December of the year
    with pytest.raises(ValueError, match=f"expected 12 months of {YEAR}, found 11"):
        metrics.cyber.monthly_blocks(_log(months), YEAR)


# --- the facts: figures recorded by hand in the parameters -------------------------------------


@pytest.fixture(scope="module")
def report_params() -> params.ReportParams:
    loaded, _ = params.load(2025)
    facts = {
        figure_id: fact.model_copy(update={"value": 1000 + n})
        for n, (figure_id, fact) in enumerate(sorted(loaded.facts.items()))
    }
    return loaded.model_copy(update={"facts": facts})


def test_facts_are_the_values_of_the_parameters_for_the_ids_asked_only(report_params):
    asked = ("site.area_m2", "cyber.machines")
    expected = {figure_id: report_params.facts[figure_id].value for figure_id in asked}
    assert metrics.facts.recorded(report_params, asked) == expected
    assert metrics.facts.recorded(report_params, list(fact_ids())) == {
        figure_id: report_params.facts[figure_id].value for figure_id in fact_ids()
    }
    assert metrics.facts.recorded(report_params, ()) == {}


def test_a_figure_that_is_not_a_fact_is_refused_by_name(report_params):
    with pytest.raises(KeyError, match=r"not fact figures: employment\.workers'"):
        metrics.facts.recorded(report_params, ["site.area_m2", "employment.workers"])


def test_a_month_counted_twice_is_refused_not_averaged():
    months = [*YEAR_MONTHS, YEAR_MONTHS[0]]  # thirteen rows of the year: an export read twice
    with pytest.raises(ValueError, match=f"expected 12 months of {YEAR}, found 13"):
        metrics.cyber.monthly_blocks(_log(months), YEAR)


def test_the_antivirus_averages_keep_two_decimals():
    # 12 months summing to 14: 1.1666... a month, kept as 1.17 (not 1.2, not 1.167).
    values = [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1]
    figures = metrics.cyber.monthly_blocks(
        _log(YEAR_MONTHS, av_threats=values, av_phishing=values), YEAR
    )
    assert figures["cyber.av_threats_monthly"] == 1.17
    assert figures["cyber.av_phishing_monthly"] == 1.17
