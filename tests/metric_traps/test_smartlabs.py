"""The rules of metrics/smartlabs.py against their traps: counted since the start up to 31
December, one person registered or attending several times, and the threshold of the parameters."""

from __future__ import annotations

import pytest

from sociaal_verslag import metrics

from .frames import DAY_AFTER, DEC_31, LONG_AGO, MID_YEAR, YEAR, register


def _meetings(*meetings: tuple[str, str, str, float]):
    return register(
        "smartlab_meetings",
        [
            {"meeting_id": meeting, "group_id": group, "held_on": day, "hours": hours}
            for meeting, group, day, hours in meetings
        ],
    )


def _attendance(*pairs: tuple[str, str]):
    return register(
        "smartlab_attendance",
        [{"meeting_id": meeting, "person_id": person} for meeting, person in pairs],
    )


def _registrations(*pairs: tuple[str, str]):
    return register(
        "smartlab_registrations",
        [{"person_id": person, "registered_on": day} for person, day in pairs],
    )


def _smartlabs(registrations=None, meetings=None, attendance=None, minimum=3):
    return metrics.smartlabs.smartlabs(
        register("smartlab_registrations") if registrations is None else registrations,
        register("smartlab_meetings") if meetings is None else meetings,
        register("smartlab_attendance") if attendance is None else attendance,
        YEAR,
        minimum,
    )


def test_groups_and_hours_count_every_meeting_since_the_start_up_to_31_december():
    meetings = _meetings(
        ("M1", "G1", LONG_AGO, 2.0),
        ("M2", "G1", MID_YEAR, 1.5),  # G1 again: one group
        ("M3", "G2", DEC_31, 3.25),
        ("M4", "G3", DAY_AFTER, 8.0),  # G3 first meets next year
    )
    values = _smartlabs(meetings=meetings)
    assert (values["smartlabs.groups"], values["smartlabs.hours"]) == (2, 6.75)


def test_meeting_hours_are_whole_when_they_add_up_to_whole_hours():
    values = _smartlabs(meetings=_meetings(("M1", "G1", LONG_AGO, 1.5), ("M2", "G1", DEC_31, 1.5)))
    assert values["smartlabs.hours"] == 3
    assert isinstance(values["smartlabs.hours"], int)


def test_meeting_hours_are_kept_to_the_hundredth_of_an_hour():
    # A meeting's length has no fixed number of decimals: twenty minutes is 0.333... hours.
    meetings = _meetings(("M1", "G1", LONG_AGO, 1 / 3), ("M2", "G1", DEC_31, 1.0))
    assert _smartlabs(meetings=meetings)["smartlabs.hours"] == 1.33


def test_interested_are_distinct_persons_registered_up_to_31_december():
    registrations = _registrations(
        ("P1", LONG_AGO),
        ("P1", MID_YEAR),  # P1 again, for another group
        ("P2", DEC_31),
        ("P3", DAY_AFTER),
    )
    assert _smartlabs(registrations=registrations)["smartlabs.interested"] == 2


@pytest.mark.parametrize(("minimum", "regular"), [(1, 3), (2, 2), (3, 1), (4, 0)])
def test_regulars_attended_at_least_the_meetings_the_parameters_ask(minimum, regular):
    meetings = _meetings(
        ("M1", "G1", LONG_AGO, 2.0),
        ("M2", "G1", MID_YEAR, 2.0),
        ("M3", "G2", DEC_31, 2.0),
        ("M4", "G2", DAY_AFTER, 2.0),  # next year: attending it does not count yet
    )
    attendance = _attendance(
        ("M1", "P3"),
        ("M2", "P3"),
        ("M3", "P3"),  # P3: three meetings
        ("M1", "P2"),
        ("M3", "P2"),
        ("M4", "P2"),  # P2: two up to 31 December
        ("M4", "P1"),
        ("M2", "P1"),  # P1: one
    )
    values = _smartlabs(meetings=meetings, attendance=attendance, minimum=minimum)
    assert values["smartlabs.regular"] == regular
