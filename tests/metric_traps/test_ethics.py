"""The rules of metrics/ethics.py against their traps: each role in its own figure, members who
join or leave on the year's edges, open end dates, and every outcome of a topic."""

from __future__ import annotations

import pytest

from sociaal_verslag import metrics

from .frames import DAY_AFTER, DAY_BEFORE, DEC_31, EDGES, JAN_1, LONG_AGO, MID_YEAR, YEAR, register

# --- ethics.members_*: leden op het einde van het jaar, per rol ----------------------------------


def test_each_role_counts_in_its_own_figure():
    members = register(
        "ethics_members",
        [
            {"role": "support_team", "joined_on": LONG_AGO},
            *[{"role": "external_expert", "joined_on": LONG_AGO}] * 2,
            *[{"role": "service_user", "joined_on": LONG_AGO}] * 3,
        ],
    )
    assert metrics.ethics.members(members, YEAR) == {
        "ethics.members_staff": 1,
        "ethics.members_external": 2,
        "ethics.members_users": 3,
        "ethics.new_members": 0,
    }


@pytest.mark.parametrize(
    ("joined_on", "left_on", "seated"),
    [
        (DEC_31, None, True),  # joined on the last day
        (DAY_AFTER, None, False),  # joins next year
        (LONG_AGO, None, True),  # open end: still seated
        (LONG_AGO, DAY_BEFORE, False),
        (LONG_AGO, MID_YEAR, False),
        (LONG_AGO, DEC_31, False),  # left on the last day: gone at the end of the year
        (LONG_AGO, DAY_AFTER, True),  # leaves next year
    ],
)
def test_a_member_counts_when_seated_at_the_end_of_the_year(joined_on, left_on, seated):
    members = register(
        "ethics_members",
        [{"role": "external_expert", "joined_on": joined_on, "left_on": left_on}],
    )
    assert metrics.ethics.members(members, YEAR)["ethics.members_external"] == (1 if seated else 0)


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_new_members_joined_in_the_year_even_if_they_left_again(day, in_year):
    members = register(
        "ethics_members",
        [
            {"role": "support_team", "joined_on": MID_YEAR, "left_on": MID_YEAR},
            {"role": "service_user", "joined_on": day},
        ],
    )
    values = metrics.ethics.members(members, YEAR)
    assert values["ethics.new_members"] == (2 if in_year else 1)
    assert values["ethics.members_staff"] == 0


# --- ethics.topics, ethics.recommendations: onderwerpen van het jaar -----------------------------


def test_recommendations_are_the_topics_of_the_year_that_led_to_one():
    topics = register(
        "ethics_topics",
        [
            {"opened_on": JAN_1, "outcome": "recommendation"},
            {"opened_on": DEC_31, "outcome": "recommendation"},
            {"opened_on": MID_YEAR, "outcome": "no_recommendation"},
            {"opened_on": MID_YEAR, "outcome": "ongoing"},
            {"opened_on": MID_YEAR, "outcome": "ongoing"},
            {"opened_on": DAY_BEFORE, "outcome": "recommendation"},
            {"opened_on": DAY_AFTER, "outcome": "recommendation"},
        ],
    )
    assert metrics.ethics.topics(topics, YEAR) == {
        "ethics.topics": 5,
        "ethics.recommendations": 2,
    }


# --- ethics.meetings: vergaderingen in het jaar -------------------------------------------------


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_meetings_count_from_1_january_to_31_december(day, in_year):
    meetings = register("ethics_meetings", [{"held_on": MID_YEAR}, {"held_on": day}])
    assert metrics.ethics.meetings(meetings, YEAR) == {"ethics.meetings": 2 if in_year else 1}
