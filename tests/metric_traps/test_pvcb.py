"""The rules of metrics/pvcb.py against their traps: each kind in its own figure, translated
studies, and the year's edges."""

from __future__ import annotations

import pytest

from sociaal_verslag import metrics
from sociaal_verslag.metrics.pvcb import ACTIVITY_FIGURES
from sociaal_verslag.registers.loading import REGISTERS

from .frames import EDGES, MID_YEAR, YEAR, register

# --- pvcb.publications, analyses, studies, translated_nl ----------------------------------------


def test_translated_analyses_leave_out_translated_studies():
    publications = register(
        "pvcb_publications",
        [
            {"published_on": MID_YEAR, "kind": "analysis", "translated_nl": True},
            {"published_on": MID_YEAR, "kind": "analysis", "translated_nl": False},
            {"published_on": MID_YEAR, "kind": "analysis", "translated_nl": False},
            {"published_on": MID_YEAR, "kind": "study", "translated_nl": True},
        ],
    )
    assert metrics.pvcb.publications(publications, YEAR) == {
        "pvcb.publications": 4,
        "pvcb.analyses": 3,
        "pvcb.studies": 1,
        "pvcb.translated_nl": 1,
    }


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_publications_count_from_1_january_to_31_december(day, in_year):
    publications = register(
        "pvcb_publications",
        [
            {"published_on": MID_YEAR, "kind": "study"},
            {"published_on": day, "kind": "analysis", "translated_nl": True},
            {"published_on": day, "kind": "study"},
        ],
    )
    inside = 1 if in_year else 0
    assert metrics.pvcb.publications(publications, YEAR) == {
        "pvcb.publications": 1 + 2 * inside,
        "pvcb.analyses": inside,
        "pvcb.studies": 1 + inside,
        "pvcb.translated_nl": inside,
    }


# --- pvcb.films ... pvcb.european_meetings: activiteiten van het jaar per soort ------------------


def test_every_kind_of_activity_counts_in_its_own_figure():
    kinds = REGISTERS["pvcb_activities"].allowed("kind")
    assert set(kinds) == set(ACTIVITY_FIGURES)
    # The first kind once, the second twice, ...: a figure that counts another kind differs.
    activities = register(
        "pvcb_activities",
        [{"held_on": MID_YEAR, "kind": kind} for n, kind in enumerate(kinds, 1) for _ in range(n)],
    )
    values = metrics.pvcb.activities(activities, YEAR)
    assert values == {ACTIVITY_FIGURES[kind]: n for n, kind in enumerate(kinds, 1)}


@pytest.mark.parametrize(("day", "in_year"), EDGES)
def test_activities_count_from_1_january_to_31_december(day, in_year):
    activities = register(
        "pvcb_activities",
        [{"held_on": MID_YEAR, "kind": "theatre"}, {"held_on": day, "kind": "theatre"}],
    )
    assert metrics.pvcb.activities(activities, YEAR)["pvcb.theatre"] == (2 if in_year else 1)
