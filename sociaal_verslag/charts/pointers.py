"""A name beside a band of a stack too thin to see (one event in a month of forty): above the
stacks, clear of the bars it stands over, with a straight leader from the gap beside the bar,
slanting into the bar and down to the band. The key still lists the kind; the name says where
it is."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

THIN = 0.03
"""A band thinner than this share of the axes' height cannot be seen (about 4 px on a phone)."""
MOST_POINTED = 2
"""A kind in more months than this has bands to see; its name on each would crowd the stack."""
BAR_HALF = 0.4
"""Half a bar's width (matplotlib's 0.8), in months."""


def name_thin_bands(
    axes: Axes,
    name: str,
    places: np.ndarray,
    counts: np.ndarray,
    bottoms: np.ndarray,
    tops: np.ndarray,
) -> None:
    """Point out each of a kind's bands (``counts`` on ``bottoms``, its bars at ``places``) by
    ``name`` when every one of them is too thin to see and there are at most
    :data:`MOST_POINTED`. ``tops``: each bar's stack, which the name stands clear of."""
    months = np.flatnonzero(counts)
    height = axes.get_ylim()[1]
    if not 0 < len(months) <= MOST_POINTED or counts.max() >= THIN * height:
        return
    for index in months:
        _point_out(axes, name, index, places, bottoms[index] + counts[index] / 2, tops)


def _point_out(
    axes: Axes, name: str, index: int, places: np.ndarray, level: float, tops: np.ndarray
) -> None:
    """``name`` above the stacks it spans, centred on the gap after bar ``index`` (before it,
    for the last bar), its leader slanting from there into the bar, down to ``level``."""
    place = float(places[index])
    side = 1 if index < len(places) - 1 else -1
    gap = place + side * 0.5
    label = axes.annotate(
        name,
        # Its arrow in the band, past the bar's middle, so that the leader slants across the
        # bar's top: straight down the gap, it read as the border of the bar's box above the
        # band, or of the next bar.
        xy=(place - side * 0.1, level),
        xytext=(gap, level),
        ha="center",
        va="bottom",
        arrowprops={
            "arrowstyle": "-|>",
            "mutation_scale": 9,
            "connectionstyle": "arc3,rad=0",
            "linewidth": 0.8,
            "shrinkA": 1,
            "shrinkB": 0,
        },
    )
    # Its words' width in months, once drawn, says which stacks they stand above (the text's
    # own box: the annotation's takes in the leader).
    box = _words_box(axes, label)
    spanned = [
        top
        for at, top in zip(places, tops, strict=True)
        if at + BAR_HALF >= box.x0 and at - BAR_HALF <= box.x1
    ]
    above = max(spanned) + 0.07 * axes.get_ylim()[1]  # clear of them on a phone too
    label.set_position((gap, above))
    # Inside the axes, clear of a note above them, with a line's room to spare: the figure's
    # layout, made when it is drawn, leaves the axes shorter than they are now.
    top = above + _words_box(axes, label).height * 2
    axes.set_ylim(top=max(axes.get_ylim()[1], top))


def _words_box(axes: Axes, label: Annotation) -> Bbox:
    """The box of ``label``'s words, without its leader, in the axes' counts."""
    renderer = axes.figure.canvas.get_renderer()
    label.update_positions(renderer)  # where its words go, as drawing would place them
    return Text.get_window_extent(label, renderer).transformed(axes.transData.inverted())
