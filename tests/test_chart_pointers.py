"""A band of a stack too thin to see is named on the chart, above the stacks, with a leader
to it (charts/pointers.py)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import ConnectionStyle
from matplotlib.text import Annotation

from sociaal_verslag.charts.pointers import name_thin_bands

PLACES = np.arange(12.0)


def _stack(*kinds: np.ndarray) -> tuple[plt.Axes, list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    _, axes = plt.subplots(figsize=(6, 3))
    bottom, bands = np.zeros(12), []
    for counts in kinds:
        axes.bar(PLACES, counts, bottom=bottom)
        bands.append((counts, bottom.copy()))
        bottom = bottom + counts
    return axes, bands, bottom


def _names(axes: plt.Axes) -> list[Annotation]:
    return [text for text in axes.texts if isinstance(text, Annotation)]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_one_event_in_a_month_of_forty_is_named_above_the_stacks_with_a_leader_to_it():
    one = np.zeros(12)
    one[5] = 1
    many = np.full(12, 20.0)
    many[4] = 39  # the stack beside it is the tallest: the name stands above it
    axes, bands, tops = _stack(many, one)
    name_thin_bands(axes, "algemene vergadering", PLACES, *bands[1], tops)
    (name,) = _names(axes)
    assert name.get_text() == "algemene vergadering"
    # into the band, past the middle of its bar from the gap: the leader slants across June's
    # top, never down a bar's edge
    assert name.xy == pytest.approx((4.9, 20.5))
    x, y = name.get_position()
    assert x == 5.5  # over the gap between June and July
    style = name.arrow_patch.get_connectionstyle()  # straight, no run down the gap
    assert isinstance(style, ConnectionStyle.Arc3) and style.rad == 0
    spanned = [top for place, top in enumerate(tops) if abs(place - x) < 2]
    assert y > max(spanned)
    assert axes.get_ylim()[1] > y  # the axes grew to hold it
    assert name.get_label() in ("", None) or name.get_label().startswith("_")  # not a series


def test_in_the_last_month_the_leader_comes_from_the_gap_before_it():
    one = np.zeros(12)
    one[11] = 1
    axes, bands, tops = _stack(np.full(12, 40.0), one)
    name_thin_bands(axes, "x", PLACES, *bands[1], tops)
    (name,) = _names(axes)
    assert name.get_position()[0] == 10.5 and 11 < name.xy[0] < 11 + 0.4


@pytest.mark.parametrize(
    "counts",
    [
        np.array([1.0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0]),  # thin, but in three months
        np.array([0.0, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0]),  # one month, but a band to see
        np.array([0.0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 9]),  # one thin band, one to see
        np.zeros(12),  # none at all
    ],
)
def test_a_kind_with_a_band_to_see_or_in_many_months_is_left_to_the_key(counts):
    axes, bands, tops = _stack(np.full(12, 30.0), counts)
    name_thin_bands(axes, "x", PLACES, *bands[1], tops)
    assert _names(axes) == []
