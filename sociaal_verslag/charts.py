"""The report's charts: one shared style, Dutch labels, nl-BE numbers on the axes.

Each function takes registers and the year and returns a matplotlib figure; the notebook shows it
with a caption. Charts show what a sentence cannot (a spread over months, a distribution); the
figures quoted in the text are computed in ``metrics``, never here.
"""

from __future__ import annotations

import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from babel.dates import get_month_names
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .formatting import LOCALE, decimal, integer
from .registers import REGISTERS

PALETTE = ["#1f4e79", "#e07b39", "#7aa95c", "#c8553d", "#8e7cc3", "#5fa8d3", "#b0a990"]
WIDTH_IN = 6.3
"""Text width of an A4 page with 2.5 cm margins, so charts keep their size in the PDF."""

MONTHS = [get_month_names("abbreviated", locale=LOCALE)[m].rstrip(".") for m in range(1, 13)]


def apply_style() -> None:
    """The one style of every chart: quiet grid, no top/right spines, reproducible SVG."""
    plt.rcParams.update(
        {
            "figure.figsize": (WIDTH_IN, 2.7),
            "figure.dpi": 100,
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "axes.grid.axis": "y",
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            "legend.frameon": False,
            "svg.hashsalt": "sociaal-verslag",
            "svg.fonttype": "path",
            "savefig.bbox": "tight",
        }
    )


def close(figure: Figure) -> None:
    """Release a figure once it has been rendered."""
    plt.close(figure)


def _nl_axis(axis: matplotlib.axis.Axis, digits: int = 0) -> None:
    if digits:
        axis.set_major_formatter(FuncFormatter(lambda value, _: decimal(value, digits)))
    else:
        # Whole-number ticks only: a tick at 2,5 must not be printed as "3".
        axis.set_major_locator(MaxNLocator(integer=True))
        axis.set_major_formatter(FuncFormatter(lambda value, _: integer(value)))


def _euro_axis(axis: matplotlib.axis.Axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"€ {integer(value)}"))


def _legend_below(axes: matplotlib.axes.Axes, handles: list | None = None, ncols: int = 3) -> None:
    # Below the axes, so that it never hides a bar or a line.
    axes.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=ncols, fontsize=8
    )


def _per_month(dates: pd.Series, year: int, weights: pd.Series | None = None) -> np.ndarray:
    mask = dates.dt.year == year
    months = dates[mask].dt.month
    values = weights[mask] if weights is not None else pd.Series(1, index=months.index)
    return values.groupby(months).sum().reindex(range(1, 13), fill_value=0).to_numpy()


LAST_YEAR_STYLE = {"linestyle": "--", "linewidth": 1.2, "marker": ".", "alpha": 0.9}
"""Last year's series: dashed lines over this year's bars or lines."""


def loans_per_month(loans: pd.DataFrame, year: int, previous: pd.DataFrame | None = None) -> Figure:
    """Amounts of the interest-free loans granted and paid out, per month of the year.

    With ``previous`` (last year's loans register), last year's months as dashed lines.
    """
    granted = _per_month(loans["granted_on"], year, loans["amount_granted_eur"])
    paid = _per_month(loans["disbursed_on"], year, loans["amount_disbursed_eur"])
    figure, axes = plt.subplots()
    x = np.arange(12)
    axes.bar(x - 0.2, granted, width=0.4, label=f"toegekend {year}")
    axes.bar(x + 0.2, paid, width=0.4, label=f"uitbetaald {year}")
    if previous is not None:
        before = year - 1
        axes.plot(
            x,
            _per_month(previous["granted_on"], before, previous["amount_granted_eur"]),
            color=PALETTE[0],
            label=f"toegekend {before}",
            **LAST_YEAR_STYLE,
        )
        axes.plot(
            x,
            _per_month(previous["disbursed_on"], before, previous["amount_disbursed_eur"]),
            color=PALETTE[1],
            label=f"uitbetaald {before}",
            **LAST_YEAR_STYLE,
        )
    axes.set_xticks(x, MONTHS)
    _euro_axis(axes.yaxis)
    axes.set_title(f"Renteloze leningen per maand, {year}")
    _legend_below(axes, ncols=4 if previous is not None else 2)
    return figure


def disbursed_per_year(loans: pd.DataFrame, year: int) -> Figure:
    """Loans paid out per year since the launch of the service, with the count above each bar."""
    paid = loans[loans["disbursed_on"].notna() & (loans["disbursed_on"].dt.year <= year)]
    per_year = paid.groupby(paid["disbursed_on"].dt.year)["amount_disbursed_eur"].agg(
        ["sum", "size"]
    )
    figure, axes = plt.subplots()
    labels = [str(label) for label in per_year.index]
    bars = axes.bar(labels, per_year["sum"], color=PALETTE[0])
    axes.bar_label(bars, labels=[f"{integer(n)} leningen" for n in per_year["size"]], fontsize=8)
    _euro_axis(axes.yaxis)
    axes.set_title("Uitbetaalde renteloze leningen per jaar sinds de lancering")
    axes.margins(y=0.15)
    return figure


def contracts_per_month(
    contracts: pd.DataFrame, year: int, previous: pd.DataFrame | None = None
) -> Figure:
    """Employment contracts that started in each month of the year, and their declared hours.

    With ``previous`` (last year's contracts), last year's contracts per month as a dashed line.
    """
    started = _per_month(contracts["start_date"], year)
    hours = _per_month(contracts["start_date"], year, contracts["declared_hours"])
    figure, axes = plt.subplots()
    x = np.arange(12)
    axes.bar(x, started, color=PALETTE[0], label=f"arbeidsovereenkomsten {year}")
    if previous is not None:
        axes.plot(
            x,
            _per_month(previous["start_date"], year - 1),
            color=PALETTE[4],
            label=f"arbeidsovereenkomsten {year - 1}",
            **LAST_YEAR_STYLE,
        )
    axes.set_xticks(x, MONTHS)
    _nl_axis(axes.yaxis)
    axes.set_ylabel("overeenkomsten")
    hours_axes = axes.twinx()
    hours_axes.plot(x, hours, color=PALETTE[1], marker="o", label=f"werkuren {year}")
    hours_axes.set_ylim(bottom=0)
    hours_axes.grid(False)
    hours_axes.spines["right"].set_visible(True)
    _nl_axis(hours_axes.yaxis)
    hours_axes.set_ylabel("werkuren")
    axes.set_title(f"Arbeidsovereenkomsten naar maand van aanvang, {year}")
    handles = axes.get_legend_handles_labels()[0] + hours_axes.get_legend_handles_labels()[0]
    _legend_below(axes, handles, ncols=3)
    return figure


def satisfaction_distribution(responses: pd.DataFrame, year: int) -> Figure:
    """Share of respondents per satisfaction score (0-10), with the mean marked."""
    answered = responses[responses["submitted_on"].dt.year == year]
    shares = (
        answered["satisfaction"].value_counts(normalize=True).reindex(range(11), fill_value=0) * 100
    )
    mean = float(answered["satisfaction"].mean())
    figure, axes = plt.subplots()
    axes.bar(shares.index, shares.to_numpy(), color=PALETTE[0])
    axes.axvline(mean, color=PALETTE[1], linestyle="--", linewidth=1.2)
    axes.annotate(
        f"gemiddelde {decimal(mean, 1)}",
        xy=(mean, float(shares.max())),
        xytext=(-6, 0),
        textcoords="offset points",
        ha="right",
        color=PALETTE[1],
    )
    axes.set_xticks(range(11))
    axes.set_xlabel("tevredenheid (0 = helemaal niet, 10 = volledig)")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{integer(value)}%"))
    axes.set_title(f"Tevredenheid van de leden, enquête {year}")
    return figure


def events_per_month(
    events: pd.DataFrame, year: int, previous: pd.DataFrame | None = None
) -> Figure:
    """Cooperative-life events per month of the year, stacked by kind.

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
    figure, axes = plt.subplots()
    bottom = np.zeros(12)
    x = np.arange(12)
    for kind, label in kinds.items():
        counts = table[kind].to_numpy()
        if counts.any():
            axes.bar(x, counts, bottom=bottom, label=label)
            bottom += counts
    if previous is not None:
        axes.plot(
            x,
            _per_month(previous["held_on"], year - 1),
            color="#333333",
            label=f"totaal {year - 1}",
            **LAST_YEAR_STYLE,
        )
    axes.set_xticks(x, MONTHS)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    _nl_axis(axes.yaxis)
    axes.set_title(f"Evenementen van het coöperatieve leven per maand, {year}")
    _legend_below(axes, ncols=3)
    return figure


def hours_per_group(groups: pd.DataFrame, meetings: pd.DataFrame, year: int) -> Figure:
    """Meeting hours of each SmartLab group since the start, longest first."""
    met = meetings[meetings["held_on"].dt.year <= year]
    hours = met.groupby("group_id")["hours"].sum()
    names = groups.set_index("group_id")["name"]
    labels = [textwrap.fill(str(name), 34) for name in names.reindex(hours.index)]
    table = pd.DataFrame({"name": labels, "hours": hours.to_numpy()}).sort_values("hours")
    figure, axes = plt.subplots(figsize=(WIDTH_IN, 0.4 * len(table) + 1.0))
    axes.barh(table["name"], table["hours"], color=PALETTE[2])
    axes.grid(axis="x")
    axes.grid(axis="y", visible=False)
    _nl_axis(axes.xaxis)
    axes.set_xlabel("uren ontmoeting")
    axes.set_title(f"SmartLabs: uren ontmoeting per groep, tot eind {year}", loc="center")
    return figure


BLOCK_SERIES = {
    "av_threats": "antivirus: dreigingen",
    "av_phishing": "antivirus: phishing",
    "fw_threats": "firewall: dreigingen",
}


def blocks_per_month(log: pd.DataFrame, year: int, previous: pd.DataFrame | None = None) -> Figure:
    """What the antivirus and the firewall blocked in each month of the year.

    With ``previous`` (last year's log), last year's months as dashed lines.
    """
    months = log[log["month"].str.startswith(f"{year}-")].sort_values("month")
    figure, axes = plt.subplots()
    x = np.arange(len(months))
    for color, (column, label) in zip(PALETTE, BLOCK_SERIES.items(), strict=False):
        axes.plot(x, months[column], marker="o", color=color, label=f"{label} {year}")
    if previous is not None:
        before = previous[previous["month"].str.startswith(f"{year - 1}-")].sort_values("month")
        for color, (column, label) in zip(PALETTE, BLOCK_SERIES.items(), strict=False):
            axes.plot(
                np.arange(len(before)),
                before[column],
                color=color,
                label=f"{label} {year - 1}",
                **LAST_YEAR_STYLE,
            )
    axes.set_xticks(x, [MONTHS[int(month[5:7]) - 1] for month in months["month"]])
    axes.set_ylim(bottom=0)
    _nl_axis(axes.yaxis)
    axes.set_title(f"Geblokkeerd per maand, {year}")
    _legend_below(axes, ncols=3)
    return figure
