"""Each metric's rule on a handful of records, where the edges of the rule matter."""

from __future__ import annotations

import pandas as pd
import pytest

from sociaal_verslag import metrics
from sociaal_verslag.figures.catalogue import CATALOGUE

NA = pd.NaT


def _dates(*values: str | None) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object"))


def test_every_catalogued_figure_has_exactly_one_metric():
    assert set(metrics.producer()) == set(CATALOGUE)


def test_loans_granted_paid_out_and_since_launch_count_different_years():
    loans = pd.DataFrame(
        {
            "granted_on": _dates("2024-11-20", "2025-01-10", "2025-12-20", "2023-05-01"),
            "amount_granted_eur": [1000.0, 2000.0, 4000.0, 500.0],
            "disbursed_on": _dates("2025-01-05", "2025-01-20", None, "2023-05-10"),
            "amount_disbursed_eur": [1000.0, 2000.0, None, 500.0],
        }
    )
    assert metrics.financing.loans_granted(loans, 2025) == {
        "financing.loans_granted.count": 2,
        "financing.loans_granted.amount_eur": 6000.0,
    }
    assert metrics.financing.loans_disbursed(loans, 2025) == {
        "financing.projects_supported.count": 2,
        "financing.projects_supported.amount_eur": 3000.0,
    }
    assert metrics.financing.loans_since_launch(loans, 2025) == {
        "financing.projects_since_launch.count": 3,
        "financing.projects_since_launch.amount_eur": 3500.0,
    }
    assert (
        metrics.financing.loans_since_launch(loans, 2024)["financing.projects_since_launch.count"]
        == 1
    )


def test_loans_since_launch_count_up_to_and_including_31_december():
    loans = pd.DataFrame(
        {
            "granted_on": _dates("2025-12-01", "2025-12-01", "2019-01-01"),
            "amount_granted_eur": [100.0, 200.0, 400.0],
            "disbursed_on": _dates("2025-12-31", "2026-01-01", "2019-01-01"),
            "amount_disbursed_eur": [100.0, 200.0, 400.0],
        }
    )
    assert metrics.financing.loans_since_launch(loans, 2025) == {
        "financing.projects_since_launch.count": 2,
        "financing.projects_since_launch.amount_eur": 500.0,
    }
    assert metrics.financing.loans_disbursed(loans, 2025) == {
        "financing.projects_supported.count": 1,
        "financing.projects_supported.amount_eur": 100.0,
    }
    assert metrics.financing.loans_disbursed(loans, 2026) == {
        "financing.projects_supported.count": 1,
        "financing.projects_supported.amount_eur": 200.0,
    }


@pytest.mark.parametrize(
    ("day", "counted"),
    [("2024-12-31", 0), ("2025-01-01", 1), ("2025-12-31", 1), ("2026-01-01", 0)],
)
def test_a_figure_of_the_year_counts_1_january_and_31_december_and_nothing_outside(day, counted):
    articles = pd.DataFrame({"published_on": _dates(day)})
    assert metrics.activity.guide_articles(articles, 2025) == {
        "activity.guide_articles_new": counted
    }
    grants = pd.DataFrame({"received_on": _dates(day, "2025-06-01"), "amount_eur": [1.0, 2.0]})
    assert metrics.financing.kbs_grants(grants, 2025)["financing.kbs_grants.count"] == 1 + counted


def test_kbs_grants_of_the_year_only():
    grants = pd.DataFrame(
        {
            "received_on": _dates("2025-03-01", "2025-06-01", "2024-06-01"),
            "amount_eur": [3500.0, 7000.0, 9000.0],
        }
    )
    assert metrics.financing.kbs_grants(grants, 2025) == {
        "financing.kbs_grants.count": 2,
        "financing.kbs_grants.min_eur": 3500.0,
        "financing.kbs_grants.max_eur": 7000.0,
        "financing.kbs_grants.total_eur": 10500.0,
    }


def test_holders_active_in_the_year_and_new_ones_by_their_first_unit():
    units = pd.DataFrame(
        {
            "holder_id": ["A", "A", "B", "C", "D", "E"],
            # A: old unit closed in 2024, new unit in 2025 -> active, not new.
            # B: opened 2025 -> active and new. C: closed on 1 Jan 2025 -> active, not new.
            # D: closed in 2024 -> not active. E: opens in 2026 -> not active.
            "opened_on": _dates(
                "2019-01-01", "2025-03-01", "2025-02-01", "2020-01-01", "2020-01-01", "2026-01-02"
            ),
            "closed_on": _dates("2024-06-30", None, None, "2025-01-01", "2024-12-31", None),
        }
    )
    assert metrics.activity.holders(units, 2025) == {
        "activity.active_holders": 3,
        "activity.active_holders_new": 1,
    }


def test_new_unit_holders_are_attendees_whose_first_unit_ever_opened_that_year():
    sessions = pd.DataFrame(
        {"session_id": ["S1", "S2"], "held_on": _dates("2025-02-01", "2024-12-01")}
    )
    attendees = pd.DataFrame(
        {
            "session_id": ["S1", "S1", "S1", "S2", "S1", "S1"],
            "person_id": ["P1", "P2", "P3", "P4", "P5", "P6"],
        }
    )
    units = pd.DataFrame(
        {
            # P1: first unit in 2025 (new). P2: only a unit of 2024. P4: attended in 2024 only.
            # P5: held a unit since 2023 and opened a second one after the session: not new.
            # P6: first unit on 1 January 2026, the day after the year: not new.
            "holder_id": ["P1", "P2", "P4", "P5", "P5", "P6"],
            "opened_on": _dates(
                "2025-12-31", "2024-01-01", "2025-01-15", "2023-06-01", "2025-03-01", "2026-01-01"
            ),
        }
    )
    assert metrics.activity.new_unit_holders(sessions, attendees, units, 2025) == {
        "activity.new_unit_holders": 1
    }


def test_advisers_at_year_end_and_their_offices():
    advisers = pd.DataFrame(
        {
            "office": ["Gent", "Gent", "Luik", "Namen"],
            "started_on": _dates("2020-01-01", "2025-12-31", "2021-01-01", "2021-01-01"),
            "left_on": _dates(None, None, "2025-12-31", "2026-01-31"),
        }
    )
    assert metrics.activity.advisers(advisers, 2025) == {
        "activity.advisers": 3,
        "activity.offices": 2,
    }


def test_contracts_fte_uses_the_parameter_and_rounds_half_up():
    contracts = pd.DataFrame(
        {
            "worker_id": ["W1", "W1", "W2", "W3", "W4"],
            "worker_role": ["member", "member", "member", "support_staff", "member"],
            "contract_type": ["daily", "open_ended", "open_ended", "open_ended", "daily"],
            "start_date": _dates(
                "2025-01-02", "2019-01-01", "2025-03-01", "2018-01-01", "2024-01-02"
            ),
            "end_date": _dates("2025-01-02", None, None, None, "2024-01-02"),
            "declared_days": [1, 200, 100, 210, 1],
            "declared_hours": [7.6, 1520.0, 760.0, 1596.0, 8.0],
        }
    )
    values = metrics.employment.contracts(contracts, 2025, fte_hours_per_year=1976)
    assert values["employment.contracts"] == 4  # W4's contract ended in 2024
    assert values["employment.workers"] == 3
    assert values["employment.days"] == 511
    assert values["employment.hours"] == pytest.approx(3883.6)
    assert values["employment.fte"] == 2  # 3883.6 / 1976 = 1.97
    assert values["employment.open_ended_members"] == 2  # support staff is not counted
    assert metrics.employment.contracts(contracts, 2025, 4000)["employment.fte"] == 1


def test_the_years_contracts_are_those_started_in_it_and_those_from_before():
    # Edge days: started on the last day of last year and still running on 1 January; ended on
    # the last day of last year; started on 1 January, on 31 December, and the day after.
    starts = ["2024-12-31", "2024-12-31", "2024-06-01", "2025-01-01", "2025-12-31", "2026-01-01"]
    ends = ["2025-01-01", "2024-12-31", None, "2025-01-01", "2026-02-01", "2026-01-01"]
    contracts = pd.DataFrame(
        {
            "worker_id": ["W1"] * 6,  # one worker's contracts each count
            "worker_role": ["member"] * 6,
            "contract_type": ["daily"] * 6,
            "start_date": _dates(*starts),
            "end_date": _dates(*ends),
            "declared_days": [1] * 6,
            "declared_hours": [7.6] * 6,
        }
    )
    values = metrics.employment.contracts(contracts, 2025, fte_hours_per_year=1976)
    assert values["employment.contracts"] == 4
    assert values["employment.contracts_started"] == 2
    assert values["employment.contracts_from_before"] == 2


def test_gembloux_jobs_up_to_the_end_of_the_year():
    jobs = pd.DataFrame(
        {"created_on": _dates("2023-05-01", "2025-12-31", "2026-01-01"), "fte": [0.8, 0.75, 1.0]}
    )
    assert metrics.gembloux.jobs(jobs, 2025) == {
        "gembloux.jobs": 2,
        "gembloux.fte": 1.55,
    }


def test_survey_rounds_what_is_printed_whole_and_keeps_the_almost_share_exact():
    responses = pd.DataFrame(
        {
            "submitted_on": _dates(*["2025-10-01"] * 8),
            "satisfaction": [7, 8, 7, 8, 7, 8, 7, 7],  # mean 7.375 -> 7.4
            "sees_self_at_smart_in_3y": [True] * 6 + [False] * 2,  # 75 %
            "smart_is_main_activity": [True] * 3 + [False] * 5,  # 37.5 % -> 38
            "receives_unemployment_benefit": [True] * 2 + [False] * 6,  # 25 %
        }
    )
    assert metrics.survey.responses(responses, 2025) == {
        "survey.responses": 8,
        "survey.satisfaction_mean": 7.4,
        "survey.stay_3y_pct": 75,
        "survey.main_activity_pct": 38,
        "survey.unemployment_benefit_pct": 25.0,
    }


def test_events_count_coopinside_days_and_cities_of_the_named_month_only():
    events = pd.DataFrame(
        {
            "held_on": pd.to_datetime(
                [
                    "2025-05-01 10:00",
                    "2025-05-01 18:00",
                    "2025-05-31 09:00",
                    "2025-06-01 09:00",  # June: the sentence "In mei" does not count it
                    "2025-04-30 09:00",  # nor April
                    "2025-09-01 09:00",
                    "2024-05-02 09:00",
                ]
            ),
            "kind": ["coopinside"] * 5 + ["workshop", "coopinside"],
            "city": ["Gent", "Luik", "Gent", "Aarlen", "Bergen", "Brussel", "Namen"],
        }
    )
    assert metrics.events.coop_events(events, 2025, coopinside_month=5) == {
        "events.total": 6,
        "events.coopinside_days": 2,
        "events.coopinside_cities": 2,
    }
    assert metrics.events.coop_events(events, 2025, coopinside_month=6) == {
        "events.total": 6,
        "events.coopinside_days": 1,
        "events.coopinside_cities": 1,
    }


def test_smartlabs_regulars_use_the_threshold():
    meetings = pd.DataFrame(
        {
            "meeting_id": ["M1", "M2", "M3", "M4"],
            "group_id": ["G1", "G1", "G2", "G3"],
            "held_on": _dates("2023-03-01", "2024-03-01", "2025-03-01", "2026-02-01"),
            "hours": [2.0, 2.5, 1.5, 3.0],
        }
    )
    registrations = pd.DataFrame(
        {
            "person_id": ["P1", "P2", "P2", "P3"],
            "registered_on": _dates("2023-01-01", "2023-01-01", "2024-01-01", "2026-01-01"),
        }
    )
    attendance = pd.DataFrame(
        {
            "meeting_id": ["M1", "M2", "M3", "M1", "M2", "M4"],
            "person_id": ["P1", "P1", "P1", "P2", "P2", "P2"],
        }
    )
    values = metrics.smartlabs.smartlabs(registrations, meetings, attendance, 2025, 3)
    assert values == {
        "smartlabs.groups": 2,
        "smartlabs.interested": 2,
        "smartlabs.regular": 1,  # P2's third meeting is in 2026
        "smartlabs.hours": 6,
    }
    assert (
        metrics.smartlabs.smartlabs(registrations, meetings, attendance, 2025, 2)[
            "smartlabs.regular"
        ]
        == 2
    )


def test_ethics_members_at_year_end_by_role():
    members = pd.DataFrame(
        {
            "role": ["support_team", "support_team", "external_expert", "service_user"],
            "joined_on": _dates("2020-01-01", "2025-04-01", "2021-01-01", "2025-09-01"),
            "left_on": _dates(None, None, "2025-12-31", None),
        }
    )
    assert metrics.ethics.members(members, 2025) == {
        "ethics.members_staff": 2,
        "ethics.members_external": 0,
        "ethics.members_users": 1,
        "ethics.new_members": 2,
    }


def test_monthly_blocks_need_twelve_months_and_follow_their_rounding():
    log = pd.DataFrame(
        {
            "month": [f"2025-{month:02d}" for month in range(1, 13)],
            "av_threats": [30400] * 11 + [30500],
            "av_phishing": [28900] * 12,
            "av_malware": [6] * 10 + [7, 7],  # 6.17 -> 6
            "av_websites": [237] * 12,
            "fw_threats": [16212] * 12,  # kept exact: printed "meer dan 16.000"
            "fw_malicious_sites": [3461] * 12,
            "fw_malware": [35] * 6 + [36] * 6,  # 35.5 -> 36 (half up)
        }
    )
    values = metrics.cyber.monthly_blocks(log, 2025)
    assert values["cyber.av_threats_monthly"] == pytest.approx(30408.33, abs=0.01)
    assert values["cyber.av_malware_monthly"] == 6
    assert values["cyber.fw_threats_monthly"] == 16212
    assert values["cyber.fw_malicious_sites_monthly"] == 3461
    assert values["cyber.fw_malware_monthly"] == 36
    with pytest.raises(ValueError, match="expected 12 months of 2025, found 11"):
        metrics.cyber.monthly_blocks(log.iloc[:11], 2025)


def test_pvcb_counts_every_kind_even_when_absent():
    activities = pd.DataFrame(
        {"held_on": _dates("2025-02-01", "2025-03-01"), "kind": ["film", "film"]}
    )
    values = metrics.pvcb.activities(activities, 2025)
    assert values["pvcb.films"] == 2
    assert values["pvcb.theatre"] == 0
    assert len(values) == 7


def test_turnover_and_learning_channel():
    invoices = pd.DataFrame(
        {
            "issued_on": _dates("2025-01-01", "2025-12-31", "2024-12-31"),
            "amount_excl_vat_eur": [0.1, 0.2, 1000.0],
            "channel": ["direct", "learning_catalogue", "direct"],
        }
    )
    assert metrics.activity.turnover(invoices, 2025) == {"activity.turnover_eur": 0.3}
    assert metrics.learning.turnover(invoices, 2025) == {"learning.turnover_eur": 0.2}
    assert metrics.invoicing.invoices(invoices, 2025) == {"invoicing.invoices": 2}


# --- the metric modules, imported when used ----------------------------------------------------


def test_every_function_a_description_names_is_an_metric_function():
    for name in metrics.modules():
        metrics.module(name)  # raises CatalogueError naming what is described but not defined


def test_a_described_function_that_is_not_defined_is_named(monkeypatch):
    from sociaal_verslag.figures.catalogue import CatalogueError, MetricSpec

    ghost = MetricSpec("cyber.ghost", ("cyber.ghost",))
    monkeypatch.setattr(metrics, "METRICS", {**metrics.METRICS, ghost.name: ghost})
    with pytest.raises(CatalogueError, match=r"metrics/cyber.meta.yml .* cyber.ghost"):
        metrics.module("cyber")
    with pytest.raises(AttributeError, match="no metric module 'nope'"):
        metrics.module("nope")


def test_a_metric_module_is_imported_only_when_it_is_used():
    # A kernel then holds, and its cache key covers, only the metrics its notebook runs.
    import subprocess
    import sys

    code = (
        "import sys\nfrom sociaal_verslag import metrics\n"
        "assert 'sociaal_verslag.metrics.cyber' not in sys.modules\n"
        "metrics.function('cyber.monthly_blocks')\n"
        "assert 'sociaal_verslag.metrics.cyber' in sys.modules\n"
        "assert 'sociaal_verslag.metrics.financing' not in sys.modules\n"
        "assert metrics.financing.loans_granted.__wrapped__"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
