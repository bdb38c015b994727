"""The parts the report's charts are made of: a figure in the layout's size, axes of months,
counts and euros printed in the edition's language, the legend below the drawing, a note above
it, and last year's series' style (``charts/drawings.py`` draws with them).
"""

from __future__ import annotations

import itertools
import re
import textwrap
from functools import cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from babel.dates import get_month_names
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..figures.records import Figure as Recorded
from ..figures.records import printed_in
from ..language.formatting import integer
from ..language.phrases import DEFAULT_LANGUAGE, locale
from ..language.translations import translate, translate_plural
from .style import AVERAGE_CHAR_EM, FONT_PT, REFERENCE, WIDE, Layout
from .table import KEY_TEXT

ASCENT = 0.76
"""The height of a capital above the baseline, as a share of the type size (DejaVu Sans)."""
LINE_EM = 1.2
"""A line of chart text's height, in its type size (matplotlib's line spacing)."""


@cache
def month_names(language: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The twelve months as the language abbreviates them (CLDR): 'jan', 'feb', 'mrt' (nl);
    'janv.', 'févr.', 'mars' (fr, whose abbreviations keep their full stop)."""
    names = get_month_names("abbreviated", locale=locale(language))
    return tuple(names[month] for month in range(1, 13))


def figure_for(layout: Layout, wide_height: float, narrow_height: float, rows: int = 1) -> tuple:
    """A figure and its axes, in the layout's width and the height given for it."""
    height = wide_height if layout is WIDE else narrow_height
    return plt.subplots(rows, 1, figsize=(layout.width_in, height), sharex=rows > 1)


def grow(figure: Figure, points: float) -> None:
    """Make ``figure`` taller by ``points``, for text added above or below its axes, so that
    the axes keep their height."""
    figure.set_figheight(figure.get_figheight() + points / 72)


def month_axis(axes: Axes, layout: Layout, language: str, label: str = "maand") -> np.ndarray:
    """The twelve months along the x axis, named as the layout has room for; their places."""
    x = np.arange(12)
    names = month_names(language)
    longest = max(len(name) for name in names)
    if layout.months_upright(longest):
        axes.set_xticks(x, names)
        # The names on one baseline: hung from their tops, an accented one ("févr.", "août")
        # would sit lower than the others. The pad keeps their tops where they were.
        axes.tick_params(axis="x", pad=plt.rcParams["xtick.major.pad"] + ASCENT * FONT_PT)
        for name in axes.get_xticklabels():
            name.set_verticalalignment("baseline")
    elif layout.months_staggered(longest):
        # Upright on two rows, every other month a line lower (the odd months as minor ticks,
        # their names further from the axis): each name has two months' room, and no reader
        # tilts their head. The drawing grows by the line.
        axes.set_xticks(x[::2], names[::2])
        axes.set_xticks(x[1::2], names[1::2], minor=True)
        major = plt.rcParams["xtick.major.pad"]
        axes.tick_params(axis="x", which="minor", length=plt.rcParams["xtick.major.size"])
        axes.tick_params(axis="x", which="minor", pad=major + LINE_EM * FONT_PT)
        grow(axes.figure, LINE_EM * FONT_PT)
    else:
        # Standing up, each under its month, their ends at the axis; the drawing grows by what
        # they take more than a line, so that the bars keep their height.
        axes.set_xticks(x, names, rotation=90)
        grow(axes.figure, longest * FONT_PT * AVERAGE_CHAR_EM - FONT_PT)
    axes.set_xlabel(translate(label, language))
    return x


def count_axis(axis: Axis, language: str, bins: int | str = "auto") -> None:
    """An axis of counts, printed as the edition prints a whole number."""
    # Whole-number ticks only: a tick at 2,5 must not be printed as "3"; in steps of 1, 2, 5 or
    # 10 times a power of ten (a phone's axis ran 0, 6, 12 ... 42).
    locator = MaxNLocator(nbins=bins, integer=True, steps=[1, 2, 5, 10])
    axis.set_major_locator(locator)
    axis.set_major_formatter(FuncFormatter(lambda value, _: integer(value, language)))
    # The scale reaches above the highest value: a bar past the last number reads as off it.
    low, high = axis.get_view_interval()
    highest = axis.get_data_interval()[1]
    above = [tick for tick in locator.tick_values(low, high) if tick >= highest]
    if above and min(above) > high:
        limits = axis.axes.set_ylim if axis.axis_name == "y" else axis.axes.set_xlim
        limits(low, min(above))


def euro_axis(axes: Axes, layout: Layout, language: str, label: str) -> None:
    """The y axis in euros (in thousands of euros on a phone), the word in its label as the
    text writes amounts ("uitbetaald (euro)"), never the sign."""
    if layout is WIDE:
        euros = translate_plural("euro", "euro", 2, language)
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: integer(value, language)))
        axes.set_ylabel(f"{translate(label, language)} ({euros})")
    else:
        # On a phone "300.000" takes a third of the width: there the axis counts thousands.
        thousands = FuncFormatter(lambda value, _: integer(value / 1000, language))
        axes.yaxis.set_major_formatter(thousands)
        axes.set_ylabel(f"{translate(label, language)} ({translate('in duizend euro', language)})")


def legend_below(
    figure: Figure,
    layout: Layout,
    axes: Axes | None = None,
    stacked: bool = False,
    language: str = DEFAULT_LANGUAGE,
) -> None:
    """The legend under the drawing, this year's bars before last year's lines, read along its
    rows; of a ``stacked`` chart, its kinds from the top of the stack down, down each column,
    as the bars show them, each with its count over the year: "algemene vergadering (1)".
    (Beside the drawing, a stack's key left its months too narrow to be named.)"""
    # Below the drawing, so that it never hides a bar or a line.
    source = axes or figure.axes[0]
    pairs = list(zip(*source.get_legend_handles_labels(), strict=True))
    if not pairs:  # nothing drawn (a year without records, and no last year): no legend
        return
    bars = [pair for pair in pairs if not isinstance(pair[0], Line2D)]
    if stacked:
        # A kind of one or two a year is a band too thin to see: its count says it is there.
        bars = [
            (handle, f"{label} ({integer(_total(handle), language)})") for handle, label in bars
        ]
    lines = [pair for pair in pairs if isinstance(pair[0], Line2D)]
    items = [*(bars[::-1] if stacked else bars), *lines]
    # As many columns as the layout has, fewer where their names run past the drawing's edges.
    wanted = min(layout.legend_columns, len(items))
    for columns in range(wanted, 0, -1):
        # A stack's kinds down each column in turn, as the stack shows them from its top (read
        # along the rows, two columns of them matched neither the stack nor its table).
        ordered = items if stacked else _along_rows(items, columns)
        handles, labels = zip(*ordered, strict=True)
        legend = figure.legend(handles, labels, loc="outside lower center", ncols=columns)
        if columns == 1 or _fits_across(figure, legend):
            # Each row more than the layout's columns give: the drawing grows by it, and its
            # axes keep their height (in two columns Figure 5's key took half the drawing).
            added = -(-len(items) // columns) - -(-len(items) // wanted)
            grow(figure, added * LINE_EM * FONT_PT)
            return
        legend.remove()


def _fits_across(figure: Figure, legend: Legend) -> bool:
    """Whether ``legend``, drawn, stands inside the figure's width."""
    box = legend.get_window_extent(figure.canvas.get_renderer())
    return box.x0 >= 0 and box.x1 <= figure.bbox.width


def _total(bars: BarContainer) -> float:
    """What a series of bars adds up to (each bar's height)."""
    return sum(patch.get_height() for patch in bars.patches)


def _along_rows(items: list, columns: int) -> list:
    """``items`` in the order matplotlib fills a legend (down each column in turn) that reads
    them along its rows."""
    rows = -(-len(items) // columns)
    return [
        items[row * columns + column]
        for column in range(columns)
        for row in range(rows)
        if row * columns + column < len(items)
    ]


def note_above(axes: Axes, text: str, layout: Layout, across: bool = False) -> None:
    """A note above the drawing: what it counts (n = ...), already in the edition's language.
    On a phone, a note longer than two lines over the axes runs across the drawing's whole
    width, above the scale's label too (over the axes alone, beside the scale's numbers, it took
    five lines); a shorter one stays over the axes, clear of a long label of the scale.
    ``across``: from the drawing's left edge in every layout, for axes that start far from it
    (beside long names), where a note over the axes alone stood in the middle of the drawing."""
    if not across and (layout is WIDE or len(textwrap.wrap(text, layout.wrap)) <= 2):
        # No wider than the axes, as the figure's layout places them.
        axes.figure.draw_without_rendering()
        over_axes = int(axes.get_position().width * layout.line_chars)
        # Its parts on as few lines as the axes hold: the line breaks between them are a
        # phone's (over the axes, they left the page's notes two and three short lines).
        flowing = text.replace("\n", " ") if layout is WIDE else text
        shown = balanced(flowing, min(layout.wrap, over_axes))
        axes.set_title(shown, color=REFERENCE).set_gid(KEY_TEXT)
        return
    shown = balanced(text, layout.line_chars)
    note = axes.figure.suptitle(shown, x=0, ha="left", color=REFERENCE, fontsize="medium")
    note.set_gid(KEY_TEXT)
    # On a phone the drawing grows by the note's lines, so that the axes keep their height:
    # shortened, their scale's label stood out above them, into the note. (On the page a
    # line's room is there; a taller drawing would push the pages after it.)
    if layout is not WIDE:
        grow(axes.figure, (shown.count("\n") + 1) * LINE_EM * FONT_PT)


def balanced(text: str, width: int) -> str:
    """``text`` on as few lines as ``width`` allows, its lines ending where a clause does where
    they can ("met de 1.893 die eerder begonnen, / liepen er 222.421 in 2025", not "…begonnen,
    liepen er / 222.421 in 2025"), and as even as they can be: "n = 300 evenementen / in
    2025", not "n = 300 evenementen in / 2025". A line break of the text itself is kept."""
    if "\n" in text:
        return "\n".join(balanced(line, width) for line in text.split("\n"))
    # A number stays with the word after it ("219.949 euro"): held by a mark while wrapping.
    held = re.sub(r"(?<=\d) (?=\S)", HELD, text)
    return "\n".join(line.replace(HELD, " ") for line in _wrapped(held, width))


HELD = "\ue000"
"""A space no line breaks at while a note is wrapped: a private character, which no text holds
(textwrap breaks at ASCII spaces only; a no-break space the text has must stay one)."""


def _wrapped(text: str, width: int) -> list[str]:
    """:func:`balanced`'s lines."""
    fewest = len(textwrap.wrap(text, width))
    by_clause = _clauses_packed(text, width)
    if len(by_clause) == fewest and all(len(line) <= width for line in by_clause):
        return by_clause
    candidates = []
    for narrower in range(width, 0, -1):
        lines = textwrap.wrap(text, narrower)
        if len(lines) > fewest:
            break
        mid_clause = sum(1 for line in lines[:-1] if line[-1] not in ",;:")
        spread = max(map(len, lines)) - min(map(len, lines))
        candidates.append((mid_clause, spread, lines))
    return min(candidates, key=lambda one: one[:2])[2]


def _clauses_packed(text: str, width: int) -> list[str]:
    """``text``'s clauses (ending in "," ";" or ":"), as many to a line as ``width`` holds."""
    lines: list[str] = []
    for clause in re.split(r"(?<=[,;:]) ", text):
        if lines and len(lines[-1]) + 1 + len(clause) <= width:
            lines[-1] += " " + clause
        else:
            lines.append(clause)
    return lines


def count_note(one: str, other: str, count: float, language: str, **values: object) -> str:
    """A note on a count, ``n = {n} ...``, whose noun agrees with the count in ``language``."""
    return translate_plural(one, other, count, language).format(
        n=integer(count, language), **values
    )


def printed(figure: Recorded, language: str) -> str:
    """A recorded figure as the text of the edition in ``language`` prints it: its value in its
    catalogue style (in Dutch the form ``record()`` printed it in)."""
    return printed_in(figure.id, figure.value, language)


def per_month(dates: pd.Series, year: int, weights: pd.Series | None = None) -> np.ndarray:
    """The count (or the sum of ``weights``) of each month of ``year``, January first."""
    mask = dates.dt.year == year
    months = dates[mask].dt.month
    values = weights[mask] if weights is not None else pd.Series(1, index=months.index)
    return values.groupby(months).sum().reindex(range(1, 13), fill_value=0).to_numpy()


LAST_YEAR_STYLE = {"linestyle": "--", "linewidth": 1.2, "marker": ".", "alpha": 0.9}
"""Last year's series: dashed lines over this year's bars or lines."""


def rows_beside_names(names: list[str]) -> list[float]:
    """The place of each bar, a row apart, with most of a row more beside a name on two lines
    (a line of a name is about as high as a row): a wrapped name then keeps clear of its
    neighbours' (with a quarter of a row more, its second line touched the next name)."""
    places = [0.0]
    for before, name in itertools.pairwise(names):
        places.append(places[-1] + 1 + 0.45 * (before.count("\n") + name.count("\n")))
    return places


NAME_LINE = 0.21
"""The height of a line of a group's name on a phone, in rows of the SmartLab chart."""
BAR_ROW = 0.32
"""The height a bar and the space under it take on a phone, in rows of the SmartLab chart."""


def rows_below_names(names: list[str]) -> list[float]:
    """On a phone, the place of each bar with its name above it: the next bar up leaves room
    for every line of the name below it, so that a name on three lines never touches it."""
    places = [0.0]
    for name in names[:-1]:
        places.append(places[-1] + BAR_ROW + NAME_LINE * (name.count("\n") + 1))
    return places


def ticks_reaching(top: float) -> list[float]:
    """Three round ticks or so from 0, the last at or above ``top``."""
    ticks = [float(tick) for tick in MaxNLocator(nbins=2, integer=True).tick_values(0, top)]
    ticks = [tick for tick in ticks if tick >= 0]
    reaching = next(index for index, tick in enumerate(ticks) if tick >= top)
    return ticks[: reaching + 1]


def average_label(
    average: Recorded, language: str = DEFAULT_LANGUAGE, two_lines: bool = False
) -> str:
    """The label of an average line: 'gemiddelde: 30.451 per maand' (or on two lines)."""
    separator = "\n" if two_lines else " "
    template = translate("gemiddelde:{separator}{average} per maand", language)
    return template.format(separator=separator, average=integer(average.value, language))


def average_line(axes: Axes, average: Recorded, language: str, key: str, wide: bool) -> None:
    """The recorded average as a dashed line across ``axes``; its legend and the panel's name
    ``key`` above the panel: on the page on one line, the name at its left and the legend at
    its right; on a phone the legend under the name. (Beside the panel, the key left its months
    too narrow to be named; inside it, it took two fifths of its height.)"""
    # The recorded average, not one recomputed here: the line is the number the text prints.
    label = average_label(average, language, two_lines=not wide)
    # Dashed, as the survey's mean: a solid line would read as one of the gridlines. Under the
    # months' line and thinner than it: the months lie close to their average, and the line on
    # top of them hid them.
    line = axes.axhline(
        average.value, color=REFERENCE, linestyle="--", linewidth=1.0, label=label, zorder=1.8
    )
    # The panel's title is its name, which the chart's table reads (charts/table.py); shown on
    # the page, where the key beside it on the title's line leaves it room; on a phone the
    # key's title shows it instead. Outside the axes: the figure's layout keeps room for both.
    # Clear of the top tick's label ("40.000"), which stands half above the axes.
    axes.set_title(key, loc="left", fontsize="medium", pad=9, visible=wide)
    axes.legend(
        handles=[line],
        title=None if wide else key,
        loc="lower right" if wide else "lower left",
        bbox_to_anchor=(1, 1.0) if wide else (0, 1.02),
        alignment="left",
        borderaxespad=0,
        handlelength=1.5,
    )
