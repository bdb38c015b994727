"""The rules of metrics/events.py against their traps: every kind of event that is not CoopInside,
distinct days and cities, the month of the parameters and the months on the year's edges."""

from __future__ import annotations

import pytest

from sociaal_verslag import metrics
from sociaal_verslag.registers.loading import REGISTERS

from .frames import DAY_AFTER, DAY_BEFORE, DEC_31, EDGES, JAN_1, MID_YEAR, YEAR, register

OTHER_KINDS = [kind for kind in REGISTERS["coop_events"].allowed("kind") if kind != "coopinside"]


def _event(day: str, kind: str = "coopinside", city: str = "Gent") -> dict:
    return {"held_on": day, "kind": kind, "city": city}


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_events_of_every_kind_count_from_1_january_to_31_december(day, in_year):
    events = register(
        "coop_events",
        [_event(MID_YEAR, kind) for kind in OTHER_KINDS] + [_event(day, "workshop")],
    )
    assert metrics.events.coop_events(events, YEAR, 5)["events.total"] == len(OTHER_KINDS) + (
        1 if in_year else 0
    )


def test_coopinside_days_and_cities_leave_out_every_other_kind_of_the_month():
    may = [f"{YEAR}-05-{day:02d}" for day in range(10, 10 + len(OTHER_KINDS))]
    events = register(
        "coop_events",
        [
            _event(f"{YEAR}-05-02", city="Gent"),
            *[
                _event(day, kind, city=f"City {kind}")
                for day, kind in zip(may, OTHER_KINDS, strict=True)
            ],
        ],
    )
    assert metrics.events.coop_events(events, YEAR, 5) == {
        "events.total": 1 + len(OTHER_KINDS),
        "events.coopinside_days": 1,
        "events.coopinside_cities": 1,
    }


def test_coopinside_days_and_cities_are_each_counted_once():
    events = register(
        "coop_events",
        [
            _event(f"{YEAR}-05-02", city="Gent"),
            _event(f"{YEAR}-05-02", city="Luik"),  # same day, another city
            _event(f"{YEAR}-05-09", city="Gent"),  # same city, another day
            _event(f"{YEAR}-05-09", city="Gent"),  # the same again
        ],
    )
    assert metrics.events.coop_events(events, YEAR, 5) == {
        "events.total": 4,
        "events.coopinside_days": 2,
        "events.coopinside_cities": 2,
    }


@pytest.mark.parametrize(
    ("month", "days", "cities"),
    [(1, 1, 1), (12, 1, 1), (5, 0, 0), (6, 1, 1)],
)
def test_coopinside_counts_the_month_of_the_parameters_of_the_year_only(month, days, cities):
    events = register(
        "coop_events",
        [
            _event(DAY_BEFORE, city="Namen"),  # December of last year
            _event(JAN_1, city="Gent"),
            _event(MID_YEAR, city="Luik"),  # June
            _event(DEC_31, city="Bergen"),
            _event(DAY_AFTER, city="Aarlen"),  # January of next year
        ],
    )
    values = metrics.events.coop_events(events, YEAR, coopinside_month=month)
    assert (values["events.coopinside_days"], values["events.coopinside_cities"]) == (days, cities)
    assert values["events.total"] == 3
