"""Every metric on empty registers (no rows; the register's columns and dtypes): what it returns.

A count is 0 and an amount 0.0; the three figures the text cannot print without data (the
monthly averages, the KBS grants' bounds and the survey's shares) refuse an empty register.
"""

from __future__ import annotations

import pytest

from sociaal_verslag import metrics
from sociaal_verslag.figures.catalogue import METRICS

from .frames import YEAR, register

PARAMETERS = {
    "fte_hours_per_year": 1976,
    "coopinside_month": 5,
    "smartlab_regular_min_meetings": 3,
}

REGISTERS_READ = {
    "activity.turnover": ["invoices"],
    "activity.guide_articles": ["guide_articles"],
    "activity.advisers": ["advisers"],
    "activity.info_sessions": ["info_sessions"],
    "activity.holders": ["production_units"],
    "activity.new_unit_holders": ["info_sessions", "info_session_attendees", "production_units"],
    "cyber.monthly_blocks": ["security_monthly"],
    "employment.contracts": ["employment_contracts"],
    "ethics.members": ["ethics_members"],
    "ethics.topics": ["ethics_topics"],
    "ethics.meetings": ["ethics_meetings"],
    "events.coop_events": ["coop_events"],
    "financing.loans_granted": ["loans"],
    "financing.loans_disbursed": ["loans"],
    "financing.loans_since_launch": ["loans"],
    "financing.kbs_grants": ["kbs_grants"],
    "gembloux.jobs": ["gembloux_jobs"],
    "invoicing.invoices": ["invoices"],
    "invoicing.reminders": ["payment_reminders"],
    "learning.turnover": ["invoices"],
    "legal.cases": ["legal_cases"],
    "pvcb.publications": ["pvcb_publications"],
    "pvcb.activities": ["pvcb_activities"],
    "safety.medical_exams": ["medical_exams"],
    "smartlabs.smartlabs": [
        "smartlab_registrations",
        "smartlab_meetings",
        "smartlab_attendance",
    ],
    "survey.responses": ["survey_responses"],
    "training.sessions": ["trainings"],
}
"""Each metric computed from registers, and the registers it is given, in order."""

REFUSED = {
    "cyber.monthly_blocks": f"expected 12 months of {YEAR}, found 0",
    "financing.kbs_grants": f"no KBS grant received in {YEAR}",
    "survey.responses": f"no survey response submitted in {YEAR}",
}
"""The metrics that refuse an empty register, and what they say."""

MONEY = {
    "activity.turnover_eur",
    "learning.turnover_eur",
    "financing.loans_granted.amount_eur",
    "financing.projects_supported.amount_eur",
    "financing.projects_since_launch.amount_eur",
    "gembloux.fte",
}
"""The figures that are 0.0 (a float) on an empty register; every other one is the int 0."""


def _on_empty_registers(name: str):
    frames = [register(register_name) for register_name in REGISTERS_READ[name]]
    wanted = {key: value for key, value in PARAMETERS.items() if key in METRICS[name].parameters}
    return metrics.function(name)(*frames, YEAR, **wanted)


def test_every_metric_computed_from_registers_is_tried_on_empty_ones():
    assert set(REGISTERS_READ) == set(METRICS) - {"facts.recorded"}
    assert len(METRICS) == 28


@pytest.mark.parametrize("name", sorted(set(REGISTERS_READ) - set(REFUSED)))
def test_a_metric_on_empty_registers_counts_zero(name):
    values = _on_empty_registers(name)
    assert values == dict.fromkeys(METRICS[name].figures, 0)
    for figure_id, value in values.items():
        assert type(value) is (float if figure_id in MONEY else int), figure_id


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_metric_whose_sentence_needs_data_refuses_empty_registers(name):
    with pytest.raises(ValueError, match=REFUSED[name]):
        _on_empty_registers(name)
