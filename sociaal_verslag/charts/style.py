"""The one look of every chart: palette, type size, the two layouts, and the SVG they are saved as.

Each chart is drawn twice, once per layout: ``WIDE`` for the desktop page and the PDF, ``NARROW``
for a phone. Both draw their text at ``FONT_PT`` on a canvas whose width is chosen so that, shown
at the width of the page's text column, the text is at least as large as the body text (16 px on
the web page). The page serves the narrow drawing below ``NARROW_BELOW_PX`` of viewport width.
Each layout is drawn once per language of the year's editions (``Drawing.svg(layout, language)``).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from ..language.phrases import DEFAULT_LANGUAGE
from .table import Table, drawn_table

PALETTE_NAME = "tableau-colorblind10"
"""Matplotlib's colour-blind-safe palette (Tableau's): the only colours a chart uses."""
PALETTE: list[str] = plt.style.library[PALETTE_NAME]["axes.prop_cycle"].by_key()["color"]
REFERENCE = PALETTE[3]
"""Dark grey of the palette: reference lines (an average, last year's total) and their labels."""

MIN_CONTRAST = 3.0
"""What a bar or a line needs against the white page to be seen (WCAG 2.2, 1.4.11): the
palette's pale colours (light blue, light orange, light grey) are left out of every chart."""
GREYSCALE_APART = 1.5
"""The contrast at which two fills of one pattern are still told apart in greyscale print."""


def luminance(colour: str) -> float:
    """A colour's relative luminance (WCAG 2.2): 0 for black, 1 for white."""
    linear = [
        part / 12.92 if part <= 0.03928 else ((part + 0.055) / 1.055) ** 2.4
        for part in to_rgb(colour)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(colour: str, against: str = "white") -> float:
    """The WCAG contrast ratio of two colours, from 1 (alike) to 21 (black on white)."""
    lighter, darker = sorted((luminance(colour), luminance(against)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


BLUE, DARK_GREY, DARK_ORANGE, GREY = (PALETTE[index] for index in (0, 3, 5, 6))
"""The palette's colours that reach ``MIN_CONTRAST`` on white."""


@dataclass(frozen=True)
class Fill:
    """How a bar is filled: a colour and, to tell it from a fill of like lightness in greyscale,
    a pattern of white lines (a matplotlib hatch); or, with an ``outline``, a white bar drawn
    by its edge."""

    colour: str
    hatch: str | None = None
    outline: str | None = None

    def bar(self) -> dict[str, Any]:
        """The fill as arguments of ``axes.bar``: a thin white edge parts the bars of a stack
        and draws the pattern; an outline is drawn as thick as a line."""
        edge = {"edgecolor": self.outline, "linewidth": 1.0} if self.outline else {}
        return {
            "color": self.colour,
            "hatch": self.hatch,
            "edgecolor": "white",
            "linewidth": 0.4,
        } | edge


GRANTED = Fill(BLUE)
PAID = Fill(DARK_ORANGE, "//")
"""An amount paid out, in every chart that shows one (Figures 1 and 2)."""
STACKED = (
    Fill(BLUE),
    Fill(DARK_ORANGE, "///"),
    Fill(GREY),
    Fill(DARK_GREY, "xxx"),
    Fill(DARK_GREY, "..."),
    Fill("white", outline=DARK_GREY),
)
"""The kinds of a stack, in their order (workshops, Let's meet, conferences, general assembly,
CoopInside, other): no two alike in colour and pattern, nor in greyscale, where two of one
pattern differ in lightness (CoopInside, striped as Let's meet, looked like it in greyscale).
The conferences, one to four a month, are solid, since a pattern does not show in a thin band;
the general assembly, one a year, the darkest; "other" an outline, the hues being four."""

FONT_PT = 10.5
"""Every text of a chart, in points of the drawing (ticks, labels, legend, notes)."""
AVERAGE_CHAR_EM = 0.6
"""The width of an average character of a label (DejaVu Sans, mixed case), in ems; a little more
than it measures, so that a line counted in characters never runs out of the drawing."""
BODY_PX = 16
"""The web page's body text: a browser's default size (report.css: html { font-size: 100% },
which a reader who chose a larger size gets larger)."""
COLUMN_MAX_PX = 736
"""The web page's text column at its widest (report.css: main.report { max-width: 46rem })."""
COLUMN_PADDING_PX = 48
"""What the page keeps beside the column on a narrow screen (1.5rem on each side)."""
SCROLLBAR_PX = 20
"""What a desktop browser's scroll bar may take from the viewport that media queries measure."""
SMALLEST_PHONE_PX = 360
"""The narrowest viewport whose chart text must still reach the body size."""


@dataclass(frozen=True)
class Layout:
    """How a chart is laid out for one width of screen."""

    name: str
    width_in: float
    month_chars: float = 5
    """How many characters of a month's name fit under its own tick: a language whose
    abbreviations are longer stands them up."""
    legend_columns: int = 3
    wrap: int = 70
    """Characters per line of a long label."""

    @property
    def width_pt(self) -> float:
        """The drawing's width in points, which is its SVG viewBox width."""
        return self.width_in * 72

    @property
    def line_chars(self) -> int:
        """How many characters of chart text a line across the whole drawing holds."""
        return int(self.width_pt / (FONT_PT * AVERAGE_CHAR_EM))

    def months_upright(self, longest: int) -> bool:
        """Whether a month axis whose longest abbreviation has ``longest`` characters names its
        months upright ('jan', 'févr.'), or, where twelve of them do not fit side by side,
        standing up: every month keeps a name that tells it apart. (Every other month named
        left readers counting; initials, "J F M A M J J", left them guessing which J; numbers
        did not fit either.)"""
        return longest <= self.month_chars

    def months_staggered(self, longest: int) -> bool:
        """Whether, where they do not fit side by side, the months' names fit upright on two
        rows, every other month on the second: two months' room each, a character between
        neighbours ('jan', 'mrt'; not 'janv.', 'mars', which stand up)."""
        return longest <= 2 * self.month_chars - 1

    def text_px(self, shown_px: float) -> float:
        """The height of the chart's text when the drawing is shown ``shown_px`` wide."""
        return FONT_PT * shown_px / self.width_pt


WIDE = Layout("breed", width_in=156 / 25.4)
"""The text's measure on the A4 page (print.css: 156 mm), where the drawing prints at its own
size, its text at the body's; also the desktop page's."""
NARROW = Layout(
    "smal",
    width_in=(SMALLEST_PHONE_PX - COLUMN_PADDING_PX) * FONT_PT / BODY_PX / 72,
    month_chars=2,
    legend_columns=1,
    wrap=22,
)
"""A phone's text column: the widest drawing whose text still reaches 16 px at 360 px."""
LAYOUTS = (WIDE, NARROW)

NARROW_BELOW_PX = int(COLUMN_PADDING_PX + SCROLLBAR_PX + BODY_PX * WIDE.width_pt / FONT_PT) + 1
"""Below this viewport width the wide drawing would show its text under 16 px: serve the narrow."""


def apply_style() -> None:
    """The one style of every chart: quiet grid, no top/right spines, reproducible SVG."""
    plt.rcParams.update(
        {
            "figure.figsize": (WIDE.width_in, 2.8),
            "figure.dpi": 100,
            "figure.constrained_layout.use": True,
            "font.family": "DejaVu Sans",
            "font.size": FONT_PT,
            "axes.titlesize": "medium",
            "axes.titleweight": "normal",
            "axes.titlelocation": "left",
            "axes.labelsize": "medium",
            "axes.labelcolor": "#1d1d1b",
            "xtick.labelsize": "medium",
            "ytick.labelsize": "medium",
            "legend.fontsize": "medium",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "axes.axisbelow": True,  # the grid behind the bars, not through them
            "axes.grid.axis": "y",
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            "legend.frameon": False,
            "svg.hashsalt": "sociaal-verslag",
            "svg.fonttype": "path",
        }
    )


def close(figure: Figure) -> None:
    """Release a figure once it has been rendered."""
    plt.close(figure)


@dataclass(frozen=True)
class Drawing:
    """A chart ready to be drawn in any layout: its drawing function and what it draws from."""

    function: Callable[..., Figure]
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)

    def render(self, layout: Layout = WIDE, language: str = DEFAULT_LANGUAGE) -> Figure:
        """The chart drawn in ``layout`` with the words and numbers of ``language``, as a
        matplotlib figure."""
        return self.function(*self.args, layout=layout, language=language, **self.kwargs)

    def svg(self, layout: Layout = WIDE, language: str = DEFAULT_LANGUAGE) -> str:
        """The chart drawn in ``layout`` and ``language``, as SVG text (no date: the same data
        gives the same bytes). Its width is the layout's: the canvas is not trimmed."""
        return self.svg_and_table(layout, language)[0]

    def svg_and_table(
        self, layout: Layout = WIDE, language: str = DEFAULT_LANGUAGE
    ) -> tuple[str, Table]:
        """The chart as :meth:`svg` gives it, and, from the same drawing, what it draws as a
        table: a column of categories and one per series (``charts/table.py``)."""
        figure = self.render(layout, language)
        try:
            table = drawn_table(figure)
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None})
        finally:
            close(figure)
        return buffer.getvalue(), table


def drawing(function: Callable[..., Figure]) -> Callable[..., Drawing]:
    """Make a chart function (taking ``layout=`` and ``language=``) return a ``Drawing`` of its
    arguments, so that the notebook names it once and it is drawn in every layout and in every
    language of the year's editions."""

    @functools.wraps(function)
    def prepare(*args: Any, **kwargs: Any) -> Drawing:
        return Drawing(function, args, kwargs)

    return prepare
