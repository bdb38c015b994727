"""The reviewer's checks at their edges, beyond tests/test_checks.py: rounding on a half, the
parameters they read, one cent either way, a total of zero, every share, and what they print."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from sociaal_verslag.review import checks

from .test_checks import _with_compliance, _with_figure, consistent_inputs


@pytest.fixture(scope="module")
def inputs() -> checks.CheckInputs:
    return consistent_inputs()


def _with_params(inputs: checks.CheckInputs, **changes) -> checks.CheckInputs:
    return dataclasses.replace(inputs, params=inputs.params.model_copy(update=changes))


def _with_figures(inputs: checks.CheckInputs, **values) -> checks.CheckInputs:
    for figure_id, value in values.items():
        inputs = _with_figure(inputs, figure_id, value)
    return inputs


# --- fte_matches_hours -------------------------------------------------------------------------


@pytest.mark.parametrize(("fte", "ok"), [(3, True), (2, False)])
def test_the_fte_check_rounds_a_half_up(inputs, fte, ok):
    # 4940 / 1976 = 2.5: the figure is 3 (a round to even would say 2).
    changed = _with_figures(inputs, **{"employment.hours": 4940, "employment.fte": fte})
    result = checks.fte_matches_hours(changed)
    assert result.ok is ok
    basis = inputs.params.fte_hours_per_year_source
    assert result.detail == f"4940 / 1976 ({basis}) = 2.50 → 3; figuur: {fte}"


@pytest.mark.parametrize(("hours_per_year", "fte"), [(1976, 2), (1600, 3), (2000, 2)])
def test_the_fte_check_divides_by_the_full_time_hours_of_the_parameters(
    inputs, hours_per_year, fte
):
    # 4000 h: 2.02 FTE at 1976 h, 2.5 (-> 3) at 1600 h, 2 at 2000 h.
    changed = _with_params(
        _with_figures(inputs, **{"employment.hours": 4000, "employment.fte": fte}),
        fte_hours_per_year=hours_per_year,
    )
    assert checks.fte_matches_hours(changed).ok
    wrong = _with_figure(changed, "employment.fte", fte + 1)
    assert not checks.fte_matches_hours(wrong).ok


# --- loans_since_launch_add_up -----------------------------------------------------------------


def _since_launch(
    inputs: checks.CheckInputs, previous: float, this_year: float, total: float
) -> checks.CheckInputs:
    """Last year's total, this year's payouts and the total since launch, as given."""
    figures = {
        "financing.projects_since_launch.amount_eur": total,
        "financing.projects_supported.amount_eur": this_year,
    }
    return dataclasses.replace(
        _with_figures(inputs, **figures), since_launch_previous_year=previous
    )


@pytest.mark.parametrize(
    ("total", "ok"),
    [(1000.0, True), (1000.01, False), (999.99, False), (1000.06, False), (999.94, False)],
)
def test_loans_since_launch_add_up_to_the_cent(inputs, total, ok):
    changed = _since_launch(inputs, previous=750.0, this_year=250.0, total=total)
    assert checks.loans_since_launch_add_up(changed).ok is ok


@pytest.mark.parametrize(("total", "ok"), [(1020.06, True), (1020.1, False), (1020.0, False)])
def test_loans_since_launch_are_compared_in_cents_not_tenths(inputs, total, ok):
    changed = _since_launch(inputs, previous=1000.04, this_year=20.02, total=total)
    assert checks.loans_since_launch_add_up(changed).ok is ok


def test_loans_since_launch_add_up_without_float_noise(inputs):
    # 0.1 + 0.2 is 0.30000000000000004 in floating point; the euros add up.
    changed = dataclasses.replace(
        _with_figures(
            inputs,
            **{
                "financing.projects_since_launch.amount_eur": 0.3,
                "financing.projects_supported.amount_eur": 0.2,
            },
        ),
        since_launch_previous_year=0.1,
    )
    assert checks.loans_since_launch_add_up(changed).ok


def test_a_last_year_total_of_zero_is_known_not_missing(inputs):
    # The service's first year: nothing was paid out before; zero is a total, not "unknown".
    first_year = dataclasses.replace(
        _with_figures(
            inputs,
            **{
                "financing.projects_since_launch.amount_eur": 5000.0,
                "financing.projects_supported.amount_eur": 5000.0,
            },
        ),
        since_launch_previous_year=0.0,
    )
    result = checks.loans_since_launch_add_up(first_year)
    assert result.ok
    assert "onbekend" not in result.detail
    unknown = dataclasses.replace(first_year, since_launch_previous_year=None)
    assert "onbekend" in checks.loans_since_launch_add_up(unknown).detail


def test_the_loans_check_says_where_last_years_total_comes_from(inputs):
    from_build = checks.loans_since_launch_add_up(inputs)
    assert from_build.detail == ("764553.0 (build 2024) + 236510.0 = 1001063.0; figuur: 1001063.0")
    from_register = dataclasses.replace(inputs, since_launch_previous_register="data/loans.csv")
    assert checks.loans_since_launch_add_up(from_register).detail.startswith(
        "764553.0 (register data/loans.csv tot eind 2024) + 236510.0"
    )


# --- kbs_grants_within_bounds ------------------------------------------------------------------


def _grants(inputs, count, low, high, total):
    return _with_figures(
        inputs,
        **{
            "financing.kbs_grants.count": count,
            "financing.kbs_grants.min_eur": low,
            "financing.kbs_grants.max_eur": high,
            "financing.kbs_grants.total_eur": total,
        },
    )


@pytest.mark.parametrize(("total", "ok"), [(5000.0, True), (5000.01, False), (4999.99, False)])
def test_one_grant_is_its_own_smallest_largest_and_total(inputs, total, ok):
    assert checks.kbs_grants_within_bounds(_grants(inputs, 1, 5000.0, 5000.0, total)).ok is ok


def test_a_smallest_grant_above_the_largest_fails_even_when_the_total_fits(inputs):
    # With no grant counted, every total of 0 lies within the bounds: only min <= max can fail.
    assert checks.kbs_grants_within_bounds(_grants(inputs, 0, 3500.0, 3500.0, 0.0)).ok
    assert not checks.kbs_grants_within_bounds(_grants(inputs, 0, 3500.01, 3500.0, 0.0)).ok


# --- survey_shares_are_percentages -------------------------------------------------------------


@pytest.mark.parametrize("figure_id", checks.SHARE_FIGURES)
@pytest.mark.parametrize(("share", "ok"), [(0, True), (100, True), (-0.01, False), (100.01, False)])
def test_every_survey_share_lies_between_0_and_100(inputs, figure_id, share, ok):
    assert checks.survey_shares_are_percentages(_with_figure(inputs, figure_id, share)).ok is ok


def test_the_survey_check_looks_at_the_three_shares_of_the_survey():
    assert set(checks.SHARE_FIGURES) == {
        "survey.stay_3y_pct",
        "survey.main_activity_pct",
        "survey.unemployment_benefit_pct",
    }


# --- dividend_within_cap, directors_unpaid, votes_within_cap -----------------------------


@pytest.mark.parametrize(("rate", "ok"), [(6.5, True), (7.25, True), (7.26, False)])
def test_the_dividend_is_held_to_the_cap_of_the_parameters_exactly(inputs, rate, ok):
    raised = _with_params(inputs, dividend_cap_pct=7.25)
    result = checks.dividend_within_cap(_with_compliance(raised, "dividend_rate_pct", rate))
    assert result.ok is ok
    assert result.detail.startswith(f"uitgekeerd {rate} % ≤ maximum 7.25 % (")


@pytest.mark.parametrize(("paid", "ok"), [(0.0, True), (0, True), (0.01, False)])
def test_directors_are_unpaid_only_at_exactly_zero(inputs, paid, ok):
    assert (
        checks.directors_unpaid(_with_compliance(inputs, "directors_remuneration_eur", paid)).ok
        is ok
    )


@pytest.mark.parametrize(("share", "ok"), [(9.99, True), (10.0, True), (10.001, False)])
def test_the_vote_cap_is_the_year_s_whatever_the_dividend_cap(inputs, share, ok):
    # Another parameter of the same size must not stand in for the vote cap.
    other_cap = _with_params(inputs, dividend_cap_pct=20)
    changed = _with_compliance(other_cap, "largest_vote_share_pct", share)
    result = checks.votes_within_cap(changed)
    assert result.ok is ok
    assert result.detail == (
        f"grootste aandeel {share} % ≤ maximum 10 % ({inputs.params.vote_cap_source}); bron: test"
    )


@pytest.mark.parametrize(("share", "ok"), [(24.99, True), (25, True), (25.01, False)])
def test_a_new_vote_cap_is_read_from_the_parameters(inputs, share, ok):
    raised = _with_params(inputs, vote_cap_pct=25, vote_cap_source="wet X")
    result = checks.votes_within_cap(_with_compliance(raised, "largest_vote_share_pct", share))
    assert result.ok is ok
    assert result.detail == f"grootste aandeel {share} % ≤ maximum 25 % (wet X); bron: test"


def test_every_check_names_what_it_compared(inputs):
    details = {result.id: result.detail for result in checks.run_all(inputs)}
    assert details["fte_matches_hours"] == (
        f"4492962 / 1976 ({inputs.params.fte_hours_per_year_source}) = 2273.77 → 2274; figuur: 2274"
    )
    assert details["kbs_grants_within_bounds"] == "15 × 3500.0 ≤ 78910.0 ≤ 15 × 7000.0"
    assert details["directors_unpaid"].startswith("bezoldiging 0 euro; bron: ")


# --- checks.yaml: each check's words -----------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("[a, b]", "expected the keys description and detail"),
        ("{description: a}", "expected the keys description and detail"),
        ("{description: a, detail: b, note: c}", "expected the keys description and detail"),
        ("{description: a, detail: 3}", "description and detail must be text"),
        ("{description: a, detail: '{{ x'}", ".detail: "),
    ],
)
def test_a_check_s_words_that_do_not_fit_are_named(tmp_path, entry, problem):
    lines = [f"{check_id}: {{description: a, detail: b}}" for check_id in checks.CHECKS]
    lines[0] = f"{next(iter(checks.CHECKS))}: {entry}"
    path = tmp_path / "checks.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(checks.CheckTextError) as caught:
        checks.texts(path)
    assert f"{next(iter(checks.CHECKS))}" in str(caught.value)
    assert problem in str(caught.value)


def test_a_check_names_its_sources_in_the_words_of_the_record_s_language(inputs):
    basis = {
        "fte_hours_per_year_source": "wet A",
        "fte_hours_per_year_source_translations": {"fr": "loi A"},
    }
    result = checks.fte_matches_hours(_with_params(inputs, **basis))
    assert "(wet A)" in result.detail
    french = checks.detail_in(result, "fr")
    assert "(loi A)" in french and "wet A" not in french
    paid = inputs.params.compliance.directors_remuneration_eur.model_copy(
        update={"source": "jaarrekening", "source_translations": {"fr": "comptes annuels"}}
    )
    compliance = inputs.params.compliance.model_copy(update={"directors_remuneration_eur": paid})
    result = checks.directors_unpaid(_with_params(inputs, compliance=compliance))
    assert result.detail.endswith("bron: jaarrekening")
    assert checks.detail_in(result, "fr").endswith("comptes annuels")
    assert pickle.loads(pickle.dumps(result)).compared["source"].in_language("fr") == (
        "comptes annuels"
    )
