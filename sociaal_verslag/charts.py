"""The report's charts: Dutch axis labels, nl-BE numbers, the figures of the text drawn as given.

Each function takes registers, the year and, where the text prints a figure the chart shows (an
average, a count of respondents), that recorded figure; ``@drawing`` makes it return a
``Drawing`` that the notebook's ``chart()`` renders in every layout (``chart_style.py``). Charts
show what a sentence cannot (a spread over months, a distribution); the figures quoted in the text
are computed in ``metrics`` and handed in, never recomputed here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from babel.dates import get_month_names
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .chart_style import (
    LAYOUTS,
    NARROW,
    PALETTE,
    REFERENCE,
    WIDE,
    Drawing,
    Layout,
    apply_style,
    close,
    drawing,
)
from .figures import Figure as Recorded
from .formatting import LOCALE, integer
from .registers import REGISTERS

__all__ = ["LAYOUTS", "NARROW", "PALETTE", "WIDE", "Drawing", "Layout", "apply_style", "close"]

MONTHS = [get_month_names("abbreviated", locale=LOCALE)[m].rstrip(".") for m in range(1, 13)]


def _figure(layout: Layout, wide_height: float, narrow_height: float, rows: int = 1) -> tuple:
    height = wide_height if layout is WIDE else narrow_height
    return plt.subplots(rows, 1, figsize=(layout.width_in, height), sharex=rows > 1)


def _month_axis(axes: Axes, layout: Layout, label: str = "maand") -> np.ndarray:
    x = np.arange(12)
    labels = [name if m % layout.month_step == 0 else "" for m, name in enumerate(MONTHS)]
    axes.set_xticks(x, labels)
    axes.set_xlabel(label)
    return x


def _count_axis(axis: Axis, bins: int | str = "auto") -> None:
    # Whole-number ticks only: a tick at 2,5 must not be printed as "3".
    axis.set_major_locator(MaxNLocator(nbins=bins, integer=True))
    axis.set_major_formatter(FuncFormatter(lambda value, _: integer(value)))


def _euro_axis(axes: Axes, layout: Layout, label: str) -> None:
    # On a phone "€ 300.000" takes a third of the width: there the axis counts thousands.
    if layout is WIDE:
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"€ {integer(value)}"))
        axes.set_ylabel(label)
    else:
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: integer(value / 1000)))
        axes.set_ylabel(f"{label} (× € 1.000)")


def _legend_below(figure: Figure, layout: Layout, axes: Axes | None = None) -> None:
    # Below the drawing, so that it never hides a bar or a line.
    source = axes or figure.axes[0]
    pairs = zip(*source.get_legend_handles_labels(), strict=True)
    # This year's bars first, then last year's lines.
    handles, labels = zip(*sorted(pairs, key=lambda pair: isinstance(pair[0], Line2D)), strict=True)
    columns = min(layout.legend_columns, len(handles))
    figure.legend(handles, labels, loc="outside lower center", ncols=columns)


def _note(axes: Axes, text: str, layout: Layout) -> None:
    """A note above the drawing: what it counts (n = ...)."""
    axes.set_title(textwrap.fill(text, layout.wrap), color=REFERENCE)


def _per_month(dates: pd.Series, year: int, weights: pd.Series | None = None) -> np.ndarray:
    mask = dates.dt.year == year
    months = dates[mask].dt.month
    values = weights[mask] if weights is not None else pd.Series(1, index=months.index)
    return values.groupby(months).sum().reindex(range(1, 13), fill_value=0).to_numpy()


LAST_YEAR_STYLE = {"linestyle": "--", "linewidth": 1.2, "marker": ".", "alpha": 0.9}
"""Last year's series: dashed lines over this year's bars or lines."""


LOAN_SERIES = [
    ("toegekend", "granted_on", "amount_granted_eur"),
    ("uitbetaald", "disbursed_on", "amount_disbursed_eur"),
]
"""The loans chart's series: Dutch name, date column, amount column."""


@drawing
def loans_per_month(
    loans: pd.DataFrame, year: int, previous: pd.DataFrame | None = None, *, layout: Layout = WIDE
) -> Figure:
    """Amounts of the interest-free loans granted and paid out, per month of the year.

    With ``previous`` (last year's loans register), last year's months as dashed lines.
    """
    figure, axes = _figure(layout, 3.0, 3.6)
    x = _month_axis(axes, layout)
    for offset, color, (name, date, amount) in zip((-0.2, 0.2), PALETTE, LOAN_SERIES, strict=False):
        months = _per_month(loans[date], year, loans[amount])
        axes.bar(x + offset, months, width=0.4, color=color, label=f"{name} {year}")
    if previous is not None:
        for color, (name, date, amount) in zip(PALETTE, LOAN_SERIES, strict=False):
            months = _per_month(previous[date], year - 1, previous[amount])
            axes.plot(x, months, color=color, label=f"{name} {year - 1}", **LAST_YEAR_STYLE)
    _euro_axis(axes, layout, "bedrag")
    _legend_below(figure, layout)
    return figure


@drawing
def disbursed_per_year(loans: pd.DataFrame, year: int, *, layout: Layout = WIDE) -> Figure:
    """Loans paid out per year since the launch of the service, with the count above each bar."""
    paid = loans[loans["disbursed_on"].notna() & (loans["disbursed_on"].dt.year <= year)]
    per_year = paid.groupby(paid["disbursed_on"].dt.year)["amount_disbursed_eur"].agg(
        ["sum", "size"]
    )
    figure, axes = _figure(layout, 2.8, 3.2)
    bars = axes.bar([str(label) for label in per_year.index], per_year["sum"], color=PALETTE[0])
    # A phone has no room for "38 leningen" above each bar: the note says what the number is.
    unit = " leningen" if layout is WIDE else ""
    axes.bar_label(bars, labels=[f"{integer(n)}{unit}" for n in per_year["size"]])
    if layout is not WIDE:
        _note(axes, "boven elke staaf: aantal leningen", layout)
    _euro_axis(axes, layout, "uitbetaald")
    axes.set_xlabel("jaar van uitbetaling")
    axes.margins(y=0.15)
    return figure


@drawing
def contracts_per_month(
    contracts: pd.DataFrame,
    year: int,
    previous: pd.DataFrame | None = None,
    *,
    layout: Layout = WIDE,
) -> Figure:
    """Employment contracts that started in each month of the year, with their count (n).

    With ``previous`` (last year's contracts), last year's contracts per month as a dashed line.
    """
    started = _per_month(contracts["start_date"], year)
    figure, axes = _figure(layout, 2.8, 3.4)
    x = _month_axis(axes, layout, "maand van aanvang")
    axes.bar(x, started, color=PALETTE[0], label=f"begonnen in {year}")
    if previous is not None:
        before = _per_month(previous["start_date"], year - 1)
        axes.plot(x, before, color=REFERENCE, label=f"begonnen in {year - 1}", **LAST_YEAR_STYLE)
        _legend_below(figure, layout)
    _count_axis(axes.yaxis)
    axes.set_ylabel("overeenkomsten")
    _note(axes, f"n = {integer(started.sum())} overeenkomsten begonnen in {year}", layout)
    return figure


@drawing
def satisfaction_distribution(
    responses: pd.DataFrame,
    year: int,
    figures: Mapping[str, Recorded],
    *,
    layout: Layout = WIDE,
) -> Figure:
    """Share of respondents per satisfaction score (0-10), with the recorded mean marked and
    the recorded number of respondents (``survey.responses``, ``survey.satisfaction_mean``)."""
    answered = responses[responses["submitted_on"].dt.year == year]
    shares = (
        answered["satisfaction"].value_counts(normalize=True).reindex(range(11), fill_value=0) * 100
    )
    mean = figures["survey.satisfaction_mean"]
    figure, axes = _figure(layout, 2.8, 3.4)
    axes.bar(shares.index, shares.to_numpy(), color=PALETTE[0])
    axes.axvline(mean.value, color=REFERENCE, linestyle="--", linewidth=1.4, label="gemiddelde")
    axes.annotate(
        f"gemiddelde\n{mean.printed}",
        xy=(mean.value, float(shares.max())),
        xytext=(-6, 0),
        textcoords="offset points",
        ha="right",
        va="top",
        color=REFERENCE,
    )
    axes.set_xticks(range(11))
    axes.set_xlabel(textwrap.fill("score (0 = helemaal niet tevreden, 10 = volledig)", layout.wrap))
    axes.set_ylabel("respondenten")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{integer(value)}%"))
    _note(axes, f"n = {integer(figures['survey.responses'].value)} respondenten", layout)
    return figure


@drawing
def events_per_month(
    events: pd.DataFrame,
    year: int,
    figures: Mapping[str, Recorded],
    previous: pd.DataFrame | None = None,
    *,
    layout: Layout = WIDE,
) -> Figure:
    """Cooperative-life events per month of the year, stacked by kind, with their recorded
    total (``events.total``) as n.

    With ``previous`` (last year's events), last year's total per month as a dashed line. The
    kinds, their Dutch names and their order are those of ``registers.yaml`` (``categories``).
    """
    kinds = REGISTERS["coop_events"].labels("kind")
    held = events[events["held_on"].dt.year == year]
    table = (
        held.groupby([held["held_on"].dt.month, "kind"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=range(1, 13), columns=list(kinds), fill_value=0)
    )
    figure, axes = _figure(layout, 3.0, 4.4)
    x = _month_axis(axes, layout)
    bottom = np.zeros(12)
    for kind, label in kinds.items():
        counts = table[kind].to_numpy()
        if counts.any():
            axes.bar(x, counts, bottom=bottom, label=label)
            bottom += counts
    if previous is not None:
        before = _per_month(previous["held_on"], year - 1)
        axes.plot(x, before, color=REFERENCE, label=f"totaal {year - 1}", **LAST_YEAR_STYLE)
    _count_axis(axes.yaxis)
    axes.set_ylabel("evenementen")
    _note(axes, f"n = {integer(figures['events.total'].value)} evenementen in {year}", layout)
    _legend_below(figure, layout)
    return figure


@drawing
def hours_per_group(
    groups: pd.DataFrame, meetings: pd.DataFrame, year: int, *, layout: Layout = WIDE
) -> Figure:
    """Meeting hours of each SmartLab group since the start, longest first.

    On a phone each group's name stands above its bar, where it has the whole width.
    """
    met = meetings[meetings["held_on"].dt.year <= year]
    hours = met.groupby("group_id")["hours"].sum()
    names = groups.set_index("group_id")["name"].reindex(hours.index).astype(str)
    table = pd.DataFrame({"name": names.to_numpy(), "hours": hours.to_numpy()})
    table = table.sort_values("hours").reset_index(drop=True)
    # Low bars and names on at most two lines on the page: the PDF caps a chart's height, and a
    # taller drawing would be shrunk there until its text is too small to read.
    per_bar = 0.27 if layout is WIDE else 0.8
    figure, axes = _figure(layout, per_bar * len(table) + 0.9, per_bar * len(table) + 0.9)
    axes.barh(table.index, table["hours"], height=0.5 if layout is WIDE else 0.3, color=PALETTE[0])
    if layout is WIDE:
        axes.set_yticks(table.index, [textwrap.fill(name, 48) for name in table["name"]])
        axes.set_ylabel("groep")
    else:
        axes.set_yticks([])
        for row in table.itertuples():
            axes.text(0, row.Index + 0.2, textwrap.fill(row.name, layout.wrap), va="bottom")
        axes.set_ylim(-0.5, len(table) - 0.1)
    axes.grid(axis="x")
    axes.grid(axis="y", visible=False)
    _count_axis(axes.xaxis)
    axes.set_xlabel("uren ontmoeting sinds de start")
    return figure


BLOCK_SERIES = {
    "av_threats": ("antivirus: dreigingen", "cyber.av_threats_monthly"),
    "av_phishing": ("antivirus: phishing", "cyber.av_phishing_monthly"),
    "fw_threats": ("firewall: dreigingen", "cyber.fw_threats_monthly"),
}
"""The series of the security chart: the log's column, its Dutch name, its recorded average."""


def average_label(average: Recorded, layout: Layout = WIDE) -> str:
    """The label of an average line: 'gemiddelde: 30.451 per maand' (on a phone, two lines)."""
    separator = " " if layout is WIDE else "\n"
    return f"gemiddelde:{separator}{integer(average.value)} per maand"


def _average_line(axes: Axes, average: Recorded, layout: Layout) -> None:
    # The recorded average, not one recomputed here: the line is the number the text prints.
    # Its label is the panel's legend, in the room kept above the months, so that it hides
    # no month.
    line = axes.axhline(
        average.value, color=REFERENCE, linewidth=1.6, label=average_label(average, layout)
    )
    axes.legend(handles=[line], loc="upper right", borderaxespad=0.2, handlelength=1.5)


@drawing
def blocks_per_month(
    log: pd.DataFrame,
    year: int,
    figures: Mapping[str, Recorded],
    previous: pd.DataFrame | None = None,
    *,
    layout: Layout = WIDE,
) -> Figure:
    """What the antivirus and the firewall blocked in each month of the year, one panel per
    series, each with its recorded monthly average (the figure the text prints) as a line.

    With ``previous`` (last year's log), last year's months as dashed lines.
    """
    months = log[log["month"].str.startswith(f"{year}-")].sort_values("month")
    before = None
    if previous is not None:
        before = previous[previous["month"].str.startswith(f"{year - 1}-")].sort_values("month")
    # As low as three panels allow: the PDF caps a chart's height (print.css), and a taller
    # drawing would be shrunk there until its text is too small to read.
    figure, panels = _figure(layout, 3.7, 6.0, rows=len(BLOCK_SERIES))
    x = np.arange(len(months))
    for axes, (column, (name, figure_id)) in zip(panels, BLOCK_SERIES.items(), strict=True):
        axes.plot(x, months[column], marker="o", color=PALETTE[0], label=str(year))
        if before is not None:
            months_before = np.arange(len(before))
            axes.plot(
                months_before,
                before[column],
                color=PALETTE[1],
                label=str(year - 1),
                **LAST_YEAR_STYLE,
            )
        average = figures[figure_id]
        top = max(float(months[column].max()), average.value)
        axes.set_ylim(0, top * (1.5 if layout is WIDE else 1.75))
        _count_axis(axes.yaxis, bins=3)
        axes.set_title(name)
        _average_line(axes, average, layout)
    _month_axis(panels[-1], layout)
    figure.supylabel("geblokkeerd per maand", fontsize="medium")
    if before is not None:
        handles = [line for line in panels[0].get_lines() if line.get_label().isdigit()]
        figure.legend(handles=handles, loc="outside lower center", ncols=2)
    return figure
