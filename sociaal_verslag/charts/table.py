"""The data a chart draws, read back from the drawing as a table: a column of the categories
along its axis (the months, the groups) and a column per series it draws (each bar series and
each labelled line), for ``figures.xlsx``, the web page's table under the chart and the
image's text alternative.

A series without a name of its own is named by its value axis ("uitbetaald (euro)"); a reference
line across the axes (an average) is one row of its own at the end, not a column repeating its
value on every row; the panels of one chart share their rows when they share their categories
(the months), each panel's series named "panel — series" (a panel of one series by the
panel's name alone), and their reference lines of one name share a row ("gemiddelde", each
panel's value in its column); the counts printed at the bars' ends are a column of their own
when the drawing names them (:func:`name_bar_labels`).

Read from the drawn figure rather than from each drawing function, so that the table holds
exactly what the reader sees, in the chart's own words, and a new chart has one without more code.
"""

from __future__ import annotations

import math
import re
from typing import Any

from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.text import Annotation

KEY_TEXT = "key-text"
"""The id (matplotlib's gid) a drawing gives a text it prints that says a key number, a count
(n = ...) or an average: the table and the text alternative say it too."""

Table = dict[str, Any]
"""``columns``: the header; ``rows``: one list per category, then one per reference line;
``reference_rows``: how many of the last rows are reference lines; ``values``: what the values
are, as the value axis names them; ``key_texts``: the key numbers the chart prints in words
("n = 2.237 respondenten")."""


def _series(axes: Axes) -> tuple[list[tuple[str, dict[float, float]]], bool]:
    """Each series the axes draw: its name and its values by position along the category axis
    (a reference line's one value at :data:`CONSTANT`); and whether the bars lie along the y
    axis (a horizontal bar chart)."""
    found: list[tuple[str, dict[float, float]]] = []
    horizontal = False
    for container in axes.containers:
        if not isinstance(container, BarContainer):
            continue
        horizontal = container.orientation == "horizontal"
        values = {}
        for bar in container.patches:
            if horizontal:
                place, value = bar.get_y() + bar.get_height() / 2, bar.get_width()
            else:
                place, value = bar.get_x() + bar.get_width() / 2, bar.get_height()
            if _finite(value):
                values[float(place)] = float(value)
        found.append((_name(container.get_label(), axes, horizontal, len(found)), values))
    for line in axes.get_lines():
        label = line.get_label()
        if label.startswith("_"):
            continue  # a reference line without a name of its own (an average is named)
        found.append((label, _line_values(axes, line)))
    found += _bar_labels(axes, horizontal)
    return found, horizontal


def _bar_labels(axes: Axes, horizontal: bool) -> list[tuple[str, dict[float, float]]]:
    """The numbers printed at the bars' ends ("38 leningen"), as a series of their own when the
    drawing names them (see :func:`name_bar_labels`): what the reader sees, the table holds."""
    series: dict[str, dict[float, float]] = {}
    for text in axes.texts:
        name = text.get_label()
        number = re.match(r"\d[\d.,\s\u00a0\u202f]*", text.get_text())
        if not isinstance(text, Annotation) or not name or name.startswith("_") or not number:
            continue
        place = text.xy[1] if horizontal else text.xy[0]
        series.setdefault(name, {})[float(place)] = float(re.sub(r"\D", "", number.group(0)))
    return list(series.items())


def name_bar_labels(labels: list[Annotation], name: str) -> None:
    """Name the counts a drawing prints at its bars' ends (``axes.bar_label``), so that its table
    has them as a column of that name; whole numbers, as bar labels print counts."""
    for label in labels:
        label.set_label(name)


CONSTANT = math.nan
"""The place of a horizontal reference line's value (see :func:`_line_values`)."""
ACROSS_X = float("nan")
"""The place of a vertical one's: another object, told apart by identity."""


def _line_values(axes: Axes, line: Any) -> dict[float, float]:
    """A line's values by place; a reference line across the axes (``axhline``, ``axvline``,
    one of its coordinates in the axes' own fractions) is one value, the same on every row."""
    transform = line.get_transform()
    if transform == axes.get_yaxis_transform(which="grid"):
        return {CONSTANT: float(line.get_ydata()[0])}
    if transform == axes.get_xaxis_transform(which="grid"):
        return {ACROSS_X: float(line.get_xdata()[0])}
    points = zip(line.get_xdata(), line.get_ydata(), strict=True)
    return {float(x): float(y) for x, y in points if _finite(y)}


def _name(label: str, axes: Axes, horizontal: bool, number: int) -> str:
    """A series' name: its label, else its value axis's label, else its number."""
    if label and not label.startswith("_"):
        return label
    axis_label = axes.get_xlabel() if horizontal else axes.get_ylabel()
    return axis_label.replace("\n", " ") or f"#{number + 1}"


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _categories(axes: Axes, horizontal: bool) -> tuple[str, list[tuple[float, str]]]:
    """The category axis's label and its ticks (position, name) in order: those of the axes
    that shows them, when several share the axis (the panels of one chart)."""
    shared = axes.get_shared_y_axes() if horizontal else axes.get_shared_x_axes()
    axes_list = [axes, *shared.get_siblings(axes)]
    axis_of = [sibling.yaxis if horizontal else sibling.xaxis for sibling in axes_list]
    # The panel that shows the axis is the one whose tick labels are shown (the others hide
    # theirs under it); its label names the categories.
    shown = [
        axis for axis in axis_of if any(t.label1.get_visible() for t in axis.get_major_ticks())
    ]
    for axis in shown + axis_of:
        label, ticks = _ticks(axis)
        if any(name for _, name in ticks):
            return label, ticks
    return _ticks(axis_of[0])


def _ticks(axis: Any) -> tuple[str, list[tuple[float, str]]]:
    label = axis.get_label().get_text() or "categorie"
    # Asking for the tick labels first gives every tick its text (a formatter writes them on
    # demand). Named minor ticks are categories too: a phone's every other month, a row lower.
    axis.get_majorticklabels()
    axis.get_minorticklabels()
    ticks = _named(axis.get_majorticklocs(), axis.get_major_ticks())
    minor = [tick for tick in _named(axis.get_minorticklocs(), axis.get_minor_ticks()) if tick[1]]
    return label, sorted(ticks + minor) if minor else ticks


def _named(locations: Any, ticks: list[Any]) -> list[tuple[float, str]]:
    """Each tick's place and its name on one line (a wrapped one too)."""
    return [
        (float(position), " ".join(tick.label1.get_text().split()))
        for position, tick in zip(locations, ticks, strict=False)
    ]


def _nearest(position: float, ticks: list[tuple[float, str]]) -> int:
    return min(range(len(ticks)), key=lambda index: abs(ticks[index][0] - position))


Block = tuple[str, list[str], list[list[Any]], list[tuple[str, float]]]
"""One axes' table: its category label, its series' names, its rows, its reference lines."""


def _joined(panel: str, name: str) -> str:
    """A series' name in a chart of panels: "phishing (antivirus) — 2025"."""
    return f"{panel} — {name}" if panel else name


def _axes_table(axes: Axes, panel: str) -> Block | None:
    """One axes' table; ``panel`` is its title in a chart of several, and names its series
    (a panel of one series by the title alone: "phishing", not "phishing — 2025")."""
    series, horizontal = _series(axes)
    if not series:
        return None
    label, ticks = _categories(axes, horizontal)
    if not ticks:
        positions = sorted({position for _, values in series for position in values})
        ticks = [(position, f"{position:g}") for position in positions]
    drawn = [(name, values) for name, values in series if not _is_reference(values)]
    # A reference line across the values (an average of them) is a row of its own; one across
    # the categories (the mean score among the scores) is no value of any series: the chart
    # shows it, the table leaves it out.
    on_values = ACROSS_X if horizontal else CONSTANT
    references = [
        (_reference_name(name), values[on_values]) for name, values in series if on_values in values
    ]
    rows: list[list[Any]] = [[name] + [None] * len(drawn) for _, name in ticks]
    for column, (_, values) in enumerate(drawn, start=1):
        for position, value in values.items():
            rows[_nearest(position, ticks)][column] = value
    names = [_joined(panel, name) if len(drawn) > 1 else panel or name for name, _ in drawn]
    kept = [row for row in rows if any(cell is not None for cell in row[1:])]
    # A horizontal bar chart draws its first category at the bottom: the table reads top down.
    return label, names, kept[::-1] if horizontal else kept, references


def _reference_name(label: str) -> str:
    """A reference line's name without the value its label prints ("gemiddelde: 30.451 per
    maand" -> "gemiddelde"): the table gives the value in its column."""
    return re.split(r"\s*:\s*(?=[^:]*\d)", label, maxsplit=1)[0].strip()


def _is_reference(values: dict[float, float]) -> bool:
    return any(math.isnan(position) for position in values)


def drawn_table(figure: Figure) -> Table:
    """What ``figure`` draws, one row per category (the panels' rows merged by category), then
    a row per reference line, its value in the column of its panel's first series."""
    blocks: list[Block] = []
    drawn = [axes for axes in figure.axes if axes.get_visible()]
    for axes in drawn:
        title = axes.get_title("left") or axes.get_title() or axes.get_title("right")
        title = title or axes.get_ylabel()
        block = _axes_table(axes, title if len(drawn) > 1 else "")
        if block is not None:
            blocks.append(block)
    if not blocks:
        return {"columns": [], "rows": [], "reference_rows": 0, "values": "", "key_texts": []}
    columns = [blocks[0][0]]
    for _, names, _, _ in blocks:
        columns += [name for name in names if name not in columns]
    merged: dict[str, dict[str, Any]] = {}
    for _, names, block_rows, _ in blocks:
        for row in block_rows:
            merged.setdefault(row[0], {}).update(zip(names, row[1:], strict=True))
    rows = [
        [category, *(cells.get(name) for name in columns[1:])] for category, cells in merged.items()
    ]
    # One row per reference line's name, each panel's value in its panel's column: the three
    # panels' averages are one row "gemiddelde", not three rows mostly empty.
    references: dict[str, list[Any]] = {}
    for _, names, _, lines in blocks:
        at = columns.index(names[0]) if names else 1
        for name, value in lines:
            row = references.get(name)
            if row is None or row[at] is not None:  # a second line of one name in one panel
                key = name if row is None else f"{name} ({len(references) + 1})"
                row = references[key] = [name, *([None] * (len(columns) - 1))]
            row[at] = value
    rows += list(references.values())
    return {
        "columns": columns,
        "rows": rows,
        "reference_rows": len(references),
        # What the values are, when one axis says it: not when the counts printed at the bars
        # are a column of their own (its name says what it counts).
        "values": ""
        if any(_bar_labels(axes, False) for axes in drawn)
        else _value_label(figure, drawn),
        "key_texts": _key_texts(drawn),
    }


def _key_texts(drawn: list[Axes]) -> list[str]:
    """The texts the chart prints that give a key number (:data:`KEY_TEXT`: "n = 2.237
    respondenten", "gemiddelde 7,4"), each on one line."""
    heading = [drawn[0].figure._suptitle] if drawn and drawn[0].figure._suptitle else []
    texts = [
        text
        for text in heading
        + [t for axes in drawn for t in (axes.title, axes._left_title, axes._right_title)]
        + [t for axes in drawn for t in axes.texts]
        if text.get_gid() == KEY_TEXT and text.get_text()
    ]
    # The lines a note was wrapped on joined again; the spaces inside a number ("2 237" in
    # French: a narrow no-break space) kept.
    return [re.sub(r" *\n *", " ", text.get_text()).strip() for text in texts]


def _value_label(figure: Figure, drawn: list[Axes]) -> str:
    """What the values are, as the chart's value axis names them ("bedrag (euro)"): the figure's
    label shared by its panels, else the first panel's."""
    shared = figure.get_supylabel() or figure.get_supxlabel()
    if shared:
        return " ".join(shared.split())
    for axes in drawn:
        horizontal = any(
            isinstance(container, BarContainer) and container.orientation == "horizontal"
            for container in axes.containers
        )
        label = axes.get_xlabel() if horizontal else axes.get_ylabel()
        if label:
            return " ".join(label.split())
    return ""


def with_total(table: Table, name: str) -> Table:
    """``table`` with a last row ``name`` holding each series' total (its cells added; none
    where a series has no value), read as a reference row: after the categories, apart from
    them, as an average is."""
    split = len(table["rows"]) - table["reference_rows"]
    categories = table["rows"][:split]
    totals: list[Any] = [name]
    for column in range(1, len(table["columns"])):
        cells = [row[column] for row in categories if row[column] is not None]
        totals.append(round(math.fsum(cells), 6) if cells else None)
    rows = [*categories, totals, *table["rows"][split:]]
    return {**table, "rows": rows, "reference_rows": table["reference_rows"] + 1}
