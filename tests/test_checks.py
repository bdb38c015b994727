"""The reviewer's checks: each passes on the published year and fails when its rule is broken."""

from __future__ import annotations

import dataclasses

import pytest

from sociaal_verslag.figures.records import make_figures
from sociaal_verslag.review import checks
from sociaal_verslag.year import params


def consistent_inputs() -> checks.CheckInputs:
    """The published year's figures that the checks compare, all consistent."""
    report_params, _ = params.load(2025)
    figures = {
        figure.id: figure
        for figure in make_figures(
            {
                "employment.hours": 4492962,
                "employment.fte": 2274,
                "financing.projects_since_launch.amount_eur": 1001063.0,
                "financing.projects_supported.amount_eur": 236510.0,
                "financing.kbs_grants.count": 15,
                "financing.kbs_grants.min_eur": 3500.0,
                "financing.kbs_grants.max_eur": 7000.0,
                "financing.kbs_grants.total_eur": 78910.0,
                "survey.stay_3y_pct": 74,
                "survey.main_activity_pct": 40,
                "survey.unemployment_benefit_pct": 28.9,
            }
        )
    }
    return checks.CheckInputs(figures, report_params, 764553.0)


@pytest.fixture
def inputs() -> checks.CheckInputs:
    return consistent_inputs()


def _with_figure(inputs, figure_id, value):
    figure = dataclasses.replace(inputs.figures[figure_id], value=value)
    return dataclasses.replace(inputs, figures={**inputs.figures, figure_id: figure})


def _with_compliance(inputs, key, value):
    compliance = inputs.params.compliance.model_copy(
        update={key: params.Fact(value=value, source="test")}
    )
    return dataclasses.replace(
        inputs, params=inputs.params.model_copy(update={"compliance": compliance})
    )


def test_all_checks_pass_on_consistent_figures(inputs):
    results = checks.run_all(inputs)
    assert [result.id for result in results if not result.ok] == []
    assert len(results) == len(checks.CHECKS)


@pytest.mark.parametrize(
    ("change", "failing"),
    [
        (lambda i: _with_figure(i, "employment.fte", 2275), "fte_matches_hours"),
        (
            lambda i: dataclasses.replace(i, since_launch_previous_year=764000.0),
            "loans_since_launch_add_up",
        ),
        (
            lambda i: dataclasses.replace(i, since_launch_previous_year=None),
            "loans_since_launch_add_up",
        ),
        (
            lambda i: _with_figure(i, "financing.kbs_grants.total_eur", 106000.0),
            "kbs_grants_within_bounds",
        ),
        (
            lambda i: _with_figure(i, "survey.main_activity_pct", 140),
            "survey_shares_are_percentages",
        ),
        (lambda i: _with_compliance(i, "dividend_rate_pct", 6.5), "dividend_within_cap"),
        (lambda i: _with_compliance(i, "directors_remuneration_eur", 1200), "directors_unpaid"),
        (lambda i: _with_compliance(i, "largest_vote_share_pct", 10.5), "votes_within_cap"),
    ],
)
def test_each_check_fails_when_its_rule_is_broken(inputs, change, failing):
    results = {result.id: result for result in checks.run_all(change(inputs))}
    assert not results[failing].ok
    assert [key for key, result in results.items() if not result.ok] == [failing]


def test_a_check_that_cannot_run_counts_as_failed(inputs):
    broken = dataclasses.replace(inputs, figures={})
    assert not any(result.ok for result in checks.run_all(broken)[:4])


@pytest.mark.parametrize(
    ("key", "at_the_cap", "just_above", "check"),
    [
        ("dividend_rate_pct", 6, 6.01, "dividend_within_cap"),
        ("largest_vote_share_pct", 10, 10.01, "votes_within_cap"),
        ("directors_remuneration_eur", 0, 0.01, "directors_unpaid"),
    ],
)
def test_every_legal_cap_holds_exactly_at_its_edge_and_fails_just_above(
    inputs, key, at_the_cap, just_above, check
):
    at = {result.id: result for result in checks.run_all(_with_compliance(inputs, key, at_the_cap))}
    above = {
        result.id: result for result in checks.run_all(_with_compliance(inputs, key, just_above))
    }
    assert at[check].ok
    assert not above[check].ok


def test_the_dividend_cap_comes_from_the_parameters(inputs):
    lower_cap = dataclasses.replace(
        inputs, params=inputs.params.model_copy(update={"dividend_cap_pct": 0})
    )
    assert checks.dividend_within_cap(_with_compliance(lower_cap, "dividend_rate_pct", 0)).ok
    assert not checks.dividend_within_cap(_with_compliance(lower_cap, "dividend_rate_pct", 0.5)).ok


@pytest.mark.parametrize(
    ("total", "ok"),
    [(15 * 3500.0, True), (15 * 3500.0 - 1, False), (15 * 7000.0, True), (15 * 7000.0 + 1, False)],
)
def test_the_kbs_total_may_lie_exactly_on_its_bounds(inputs, total, ok):
    changed = _with_figure(inputs, "financing.kbs_grants.total_eur", total)
    assert checks.kbs_grants_within_bounds(changed).ok is ok


@pytest.mark.parametrize(("share", "ok"), [(0, True), (100, True), (-0.1, False), (100.1, False)])
def test_survey_shares_hold_at_0_and_100(inputs, share, ok):
    changed = _with_figure(inputs, "survey.stay_3y_pct", share)
    assert checks.survey_shares_are_percentages(changed).ok is ok


def test_the_fte_check_fails_for_any_fte_that_does_not_follow_the_hours(inputs):
    # 4492962 / 1976 = 2273,76: 2274 passes, its neighbours and a zero do not.
    for fte, ok in [(2274, True), (2273, False), (2275, False), (0, False)]:
        assert checks.fte_matches_hours(_with_figure(inputs, "employment.fte", fte)).ok is ok
