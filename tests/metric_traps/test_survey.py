"""The rules of metrics/survey.py against their traps: responses outside the year, and shares and
a mean that fall exactly on a half."""

from __future__ import annotations

import pytest

from sociaal_verslag import metrics

from .frames import DAY_AFTER, DAY_BEFORE, DEC_31, JAN_1, MID_YEAR, YEAR, register


def _response(day: str, satisfaction: int, stays: bool, main: bool, benefit: bool) -> dict:
    return {
        "submitted_on": day,
        "satisfaction": satisfaction,
        "sees_self_at_smart_in_3y": stays,
        "smart_is_main_activity": main,
        "receives_unemployment_benefit": benefit,
    }


def test_responses_outside_the_year_count_in_no_figure():
    responses = register(
        "survey_responses",
        [
            _response(JAN_1, 10, True, True, True),
            _response(DEC_31, 8, True, False, False),
            _response(DAY_BEFORE, 0, False, False, False),
            _response(DAY_AFTER, 0, False, False, False),
        ],
    )
    assert metrics.survey.responses(responses, YEAR) == {
        "survey.responses": 2,
        "survey.satisfaction_mean": 9.0,
        "survey.stay_3y_pct": 100,
        "survey.main_activity_pct": 50,
        "survey.unemployment_benefit_pct": 50.0,
    }


def test_shares_and_mean_on_a_half_round_up_and_the_almost_share_stays_exact():
    # 8 responses: 5 stay (62.5 % -> 63), 1 main activity (12.5 % -> 13); mean 7.25 -> 7.3.
    answers = [(7, True, True), (7, True, False), (7, True, False), (8, True, False)]
    answers += [(7, True, False), (7, False, False), (7, False, False), (8, False, False)]
    responses = register(
        "survey_responses",
        [
            _response(MID_YEAR, score, stays, main, benefit=n < 3)
            for n, (score, stays, main) in enumerate(answers)
        ],
    )
    assert metrics.survey.responses(responses, YEAR) == {
        "survey.responses": 8,
        "survey.satisfaction_mean": 7.3,
        "survey.stay_3y_pct": 63,
        "survey.main_activity_pct": 13,
        "survey.unemployment_benefit_pct": 37.5,
    }


def test_the_unemployment_share_is_kept_to_four_decimals():
    responses = register(
        "survey_responses",
        [_response(MID_YEAR, 5, True, True, benefit=n == 0) for n in range(3)],
    )
    values = metrics.survey.responses(responses, YEAR)
    assert values["survey.unemployment_benefit_pct"] == 33.3333
    assert values["survey.stay_3y_pct"] == 100


def test_a_year_without_responses_is_refused():
    responses = register("survey_responses", [_response(DAY_BEFORE, 5, True, True, True)])
    with pytest.raises(ValueError, match=f"no survey response submitted in {YEAR}"):
        metrics.survey.responses(responses, YEAR)
