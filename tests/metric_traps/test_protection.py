"""The rules of metrics/safety.py, training.py, legal.py and gembloux.py against their traps: one
person examined twice, every reason, audience and topic, and the year's edges."""

from __future__ import annotations

import pytest

from sociaal_verslag import metrics
from sociaal_verslag.registers.loading import REGISTERS

from .frames import DAY_AFTER, DAY_BEFORE, DEC_31, EDGES, JAN_1, LONG_AGO, MID_YEAR, YEAR, register

# --- safety.medical_exams: vennoten onderzocht bij hun inschrijving in het jaar ------------------


def test_medical_exams_count_persons_examined_at_registration_once_each():
    exams = register(
        "medical_exams",
        [
            {"person_id": "P1", "examined_on": JAN_1, "reason": "registration"},
            {"person_id": "P1", "examined_on": DEC_31, "reason": "registration"},  # again
            {"person_id": "P2", "examined_on": MID_YEAR, "reason": "registration"},
            {"person_id": "P3", "examined_on": MID_YEAR, "reason": "periodic"},
            {"person_id": "P4", "examined_on": MID_YEAR, "reason": "resumption"},
            {"person_id": "P5", "examined_on": DAY_BEFORE, "reason": "registration"},
            {"person_id": "P6", "examined_on": DAY_AFTER, "reason": "registration"},
        ],
    )
    assert metrics.safety.medical_exams(exams, YEAR) == {"safety.medical_exams": 2}


def test_every_reason_other_than_registration_is_left_out():
    others = [r for r in REGISTERS["medical_exams"].allowed("reason") if r != "registration"]
    exams = register(
        "medical_exams",
        [
            {"person_id": f"P{n}", "examined_on": MID_YEAR, "reason": r}
            for n, r in enumerate(others)
        ],
    )
    assert others
    assert metrics.safety.medical_exams(exams, YEAR) == {"safety.medical_exams": 0}


# --- training.days, training.participants: sessies gehouden in het jaar -------------------------


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_training_counts_sessions_from_1_january_to_31_december(day, in_year):
    trainings = register(
        "trainings",
        [
            {"held_on": MID_YEAR, "days": 2.0, "participants": 10},
            {"held_on": day, "days": 1.0, "participants": 5},
        ],
    )
    assert metrics.training.sessions(trainings, YEAR) == {
        "training.days": 3 if in_year else 2,
        "training.participants": 15 if in_year else 10,
    }


def test_training_counts_the_sessions_of_both_audiences_and_keeps_half_days():
    # The text: "opleidingen voor de ondersteunende teams en voor de leden".
    trainings = register(
        "trainings",
        [
            {"held_on": MID_YEAR, "audience": "support_team", "days": 0.5, "participants": 12},
            {"held_on": MID_YEAR, "audience": "members", "days": 1.0, "participants": 30},
            {"held_on": MID_YEAR, "audience": "members", "days": 1.0, "participants": 30},
        ],
    )
    assert metrics.training.sessions(trainings, YEAR) == {
        "training.days": 2.5,
        "training.participants": 72,
    }


# --- legal.cases: dossiers over de activiteit van productie-eenheden, geopend in het jaar --------


def test_legal_cases_leave_out_those_not_about_a_units_activity_whatever_the_topic():
    topics = REGISTERS["legal_cases"].allowed("topic")
    cases = register(
        "legal_cases",
        [{"opened_on": MID_YEAR, "topic": t, "about_unit_activity": True} for t in topics]
        + [{"opened_on": MID_YEAR, "topic": t, "about_unit_activity": False} for t in topics],
    )
    assert metrics.legal.cases(cases, YEAR) == {"legal.cases": len(topics)}


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_legal_cases_count_from_1_january_to_31_december(day, in_year):
    cases = register(
        "legal_cases",
        [
            {"opened_on": MID_YEAR, "about_unit_activity": True},
            {"opened_on": day, "about_unit_activity": True},
        ],
    )
    assert metrics.legal.cases(cases, YEAR) == {"legal.cases": 2 if in_year else 1}


# --- gembloux.jobs, gembloux.fte: banen gecreëerd tot 31 december van het jaar -------------------


def test_gembloux_counts_every_job_created_since_the_start_up_to_31_december():
    jobs = register(
        "gembloux_jobs",
        [
            {"created_on": LONG_AGO, "fte": 0.1},
            {"created_on": DAY_BEFORE, "fte": 0.2},
            {"created_on": JAN_1, "fte": 0.5},
            {"created_on": DEC_31, "fte": 0.75},
            {"created_on": DAY_AFTER, "fte": 1.0},
        ],
    )
    # 0.1 + 0.2 is 0.30000000000000004 in floating point: the figure has two decimals.
    assert metrics.gembloux.jobs(jobs, YEAR) == {"gembloux.jobs": 4, "gembloux.fte": 1.55}
    assert metrics.gembloux.jobs(jobs, YEAR - 1) == {"gembloux.jobs": 2, "gembloux.fte": 0.3}
