"""The rules of metrics/activity.py against their traps: a holder or person seen several times,
the days around the year's edges, open end dates, and every channel and office."""

from __future__ import annotations

import pytest

from sociaal_verslag import metrics

from .frames import (
    DAY_AFTER,
    DAY_BEFORE,
    DEC_31,
    EDGES,
    JAN_1,
    LONG_AGO,
    MID_YEAR,
    YEAR,
    register,
    rows,
)

# --- activity.turnover_eur: som van de gefactureerde omzet van het jaar, van alle eenheden -----


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_turnover_counts_invoices_issued_from_1_january_to_31_december(day, in_year):
    invoices = register(
        "invoices",
        [
            {"issued_on": MID_YEAR, "amount_excl_vat_eur": 100.0},
            {"issued_on": day, "amount_excl_vat_eur": 0.5},
        ],
    )
    expected = 100.5 if in_year else 100.0
    assert metrics.activity.turnover(invoices, YEAR) == {"activity.turnover_eur": expected}


def test_turnover_sums_every_invoice_of_every_unit_whatever_its_channel():
    invoices = register(
        "invoices",
        [
            {"unit_id": "U1", "issued_on": MID_YEAR, "amount_excl_vat_eur": 100.0},
            {"unit_id": "U1", "issued_on": MID_YEAR, "amount_excl_vat_eur": 100.0},
            {
                "unit_id": "U2",
                "issued_on": JAN_1,
                "amount_excl_vat_eur": 20.25,
                "channel": "learning_catalogue",
            },
        ],
    )
    assert metrics.activity.turnover(invoices, YEAR) == {"activity.turnover_eur": 220.25}


# --- activity.guide_articles_new: artikels die in het jaar verschenen ----------------------------


def test_guide_articles_of_earlier_years_are_not_new():
    # The register holds every article ever published.
    articles = register(
        "guide_articles",
        [
            {"published_on": LONG_AGO},
            {"published_on": DAY_BEFORE},
            {"published_on": JAN_1, "language": "nl"},
            {"published_on": JAN_1, "language": "fr"},
            {"published_on": DEC_31, "language": "en"},
            {"published_on": DAY_AFTER},
        ],
    )
    assert metrics.activity.guide_articles(articles, YEAR) == {"activity.guide_articles_new": 3}


# --- activity.advisers, activity.offices: actief op het einde van het jaar -----------------------


@pytest.mark.parametrize(
    ("started_on", "left_on", "active"),
    [
        (LONG_AGO, None, True),  # still in service
        (DEC_31, None, True),  # started on the last day
        (DAY_AFTER, None, False),  # starts next year
        (LONG_AGO, DAY_BEFORE, False),  # left last year
        (LONG_AGO, MID_YEAR, False),  # left during the year
        (LONG_AGO, DEC_31, False),  # left on the last day: gone at the end of the year
        (LONG_AGO, DAY_AFTER, True),  # leaves next year
    ],
)
def test_an_adviser_counts_when_active_at_the_end_of_the_year(started_on, left_on, active):
    advisers = register(
        "advisers",
        [
            {"office": "Gent", "started_on": LONG_AGO},
            {"office": "Luik", "started_on": started_on, "left_on": left_on},
        ],
    )
    assert metrics.activity.advisers(advisers, YEAR) == {
        "activity.advisers": 2 if active else 1,
        "activity.offices": 2 if active else 1,
    }


def test_offices_are_distinct_offices_of_the_advisers_active_at_year_end():
    advisers = register(
        "advisers",
        [
            *rows(3, office="Gent", started_on=LONG_AGO),
            {"office": "Namen", "started_on": LONG_AGO},
            {"office": "Namen", "started_on": LONG_AGO},
            {"office": "Luik", "started_on": LONG_AGO, "left_on": MID_YEAR},
            {"office": "Aarlen", "started_on": DAY_AFTER},
        ],
    )
    assert metrics.activity.advisers(advisers, YEAR) == {
        "activity.advisers": 5,
        "activity.offices": 2,
    }


# --- activity.info_sessions: infosessies gehouden in het jaar -----------------------------------


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_info_sessions_count_from_1_january_to_31_december(day, in_year):
    sessions = register("info_sessions", [{"held_on": MID_YEAR}, {"held_on": day}])
    assert metrics.activity.info_sessions(sessions, YEAR) == {
        "activity.info_sessions": 2 if in_year else 1
    }


def test_info_sessions_on_the_same_day_at_the_same_office_count_each():
    sessions = register("info_sessions", rows(3, held_on=MID_YEAR, office="Gent", language="nl"))
    assert metrics.activity.info_sessions(sessions, YEAR) == {"activity.info_sessions": 3}


# --- activity.active_holders(_new): houders met een eenheid actief in het jaar -------------------


def test_a_holder_with_several_active_units_counts_once():
    units = register(
        "production_units",
        [
            {"holder_id": "OLD", "opened_on": LONG_AGO},
            {"holder_id": "OLD", "opened_on": LONG_AGO, "closed_on": MID_YEAR},
            {"holder_id": "OLD", "opened_on": MID_YEAR},
            {"holder_id": "NEW", "opened_on": JAN_1},
            {"holder_id": "NEW", "opened_on": MID_YEAR},
        ],
    )
    assert metrics.activity.holders(units, YEAR) == {
        "activity.active_holders": 2,
        "activity.active_holders_new": 1,
    }


@pytest.mark.parametrize(
    ("opened_on", "closed_on", "active"),
    [
        (DEC_31, None, True),  # opened on the last day
        (DAY_AFTER, None, False),  # opens next year
        (LONG_AGO, None, True),  # open end: still running
        (LONG_AGO, DAY_BEFORE, False),  # closed the day before the year
        (LONG_AGO, JAN_1, True),  # closed on the first day: active that day
        (LONG_AGO, DAY_AFTER, True),
    ],
)
def test_a_holder_is_active_when_a_unit_overlaps_the_year_by_one_day(opened_on, closed_on, active):
    units = register(
        "production_units",
        [
            {"holder_id": "H1", "opened_on": LONG_AGO},
            {"holder_id": "H2", "opened_on": opened_on, "closed_on": closed_on},
        ],
    )
    assert metrics.activity.holders(units, YEAR)["activity.active_holders"] == (2 if active else 1)


@pytest.mark.parametrize(
    ("first_opened", "new"),
    [(DAY_BEFORE, False), (JAN_1, True), (DEC_31, True)],
)
def test_an_active_holder_is_new_when_the_first_unit_ever_opened_in_the_year(first_opened, new):
    units = register(
        "production_units",
        [
            {"holder_id": "H1", "opened_on": first_opened, "closed_on": first_opened},
            {"holder_id": "H1", "opened_on": DEC_31},
        ],
    )
    assert metrics.activity.holders(units, YEAR) == {
        "activity.active_holders": 1,
        "activity.active_holders_new": 1 if new else 0,
    }


def test_the_year_of_the_holders_is_the_year_asked_for():
    units = register("production_units", [{"holder_id": "H1", "opened_on": DAY_AFTER}])
    assert metrics.activity.holders(units, YEAR + 1) == {
        "activity.active_holders": 1,
        "activity.active_holders_new": 1,
    }
    assert metrics.activity.holders(units, YEAR) == {
        "activity.active_holders": 0,
        "activity.active_holders_new": 0,
    }


# --- activity.new_unit_holders: deelnemers van het jaar met hun eerste eenheid in dat jaar -----


def _sessions(*days: str):
    return register(
        "info_sessions",
        [{"session_id": f"S{n}", "held_on": day} for n, day in enumerate(days, start=1)],
    )


def _attendees(*pairs: tuple[str, str]):
    return register(
        "info_session_attendees",
        [{"session_id": session, "person_id": person} for session, person in pairs],
    )


def test_a_new_holder_who_attended_several_sessions_with_several_units_counts_once():
    sessions = _sessions(JAN_1, MID_YEAR, DEC_31)
    attendees = _attendees(("S1", "P1"), ("S2", "P1"), ("S3", "P1"), ("S2", "P2"))
    units = register(
        "production_units",
        [
            {"holder_id": "P1", "opened_on": MID_YEAR},
            {"holder_id": "P1", "opened_on": DEC_31},
            {"holder_id": "P2", "opened_on": JAN_1},
        ],
    )
    assert metrics.activity.new_unit_holders(sessions, attendees, units, YEAR) == {
        "activity.new_unit_holders": 2
    }


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_new_unit_holders_attended_a_session_held_in_the_year(day, in_year):
    sessions = _sessions(day)
    attendees = _attendees(("S1", "P1"))
    units = register("production_units", [{"holder_id": "P1", "opened_on": MID_YEAR}])
    assert metrics.activity.new_unit_holders(sessions, attendees, units, YEAR) == {
        "activity.new_unit_holders": 1 if in_year else 0
    }


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_new_unit_holders_opened_their_first_unit_in_the_year(day, in_year):
    sessions = _sessions(MID_YEAR)
    attendees = _attendees(("S1", "P1"), ("S1", "NOT_A_HOLDER"), ("S1", "ALREADY_A_HOLDER"))
    units = register(
        "production_units",
        [
            {"holder_id": "P1", "opened_on": day},
            {"holder_id": "P1", "opened_on": DAY_AFTER},
            {"holder_id": "DID_NOT_ATTEND", "opened_on": MID_YEAR},
            # Opens another unit after the session: not a new holder.
            {"holder_id": "ALREADY_A_HOLDER", "opened_on": LONG_AGO, "closed_on": DAY_BEFORE},
            {"holder_id": "ALREADY_A_HOLDER", "opened_on": MID_YEAR},
        ],
    )
    assert metrics.activity.new_unit_holders(sessions, attendees, units, YEAR) == {
        "activity.new_unit_holders": 1 if in_year else 0
    }
