"""The report's charts, in the language of each edition, the figures of the text drawn as given.

Each function takes registers, the year and, where the text prints a figure the chart shows (an
average, a count of respondents), that recorded figure; ``@drawing`` makes it return a
``Drawing`` that the notebook's ``chart()`` renders in every layout (``charts/style.py``) and in
every language of the year's editions. Charts show what a sentence cannot (a spread over months,
a distribution); the figures quoted in the text are computed in ``metrics`` and handed in, never
recomputed here.

Every word is written here in Dutch and printed through ``translations`` (the French words are in
``locale/fr/charts.po``, the Dutch text their message id); months, numbers and euros come from
the edition's CLDR locale, as the text prints them.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..figures.records import Figure as Recorded
from ..language.formatting import integer, percent, quantity
from ..language.phrases import DEFAULT_LANGUAGE
from ..language.translations import translate, translator
from ..registers.loading import REGISTERS
from .notes import contracts_note, hours_note, joined, loans_note, since_launch_note
from .parts import (
    KEY_TEXT,
    LAST_YEAR_STYLE,
    NAME_LINE,
    average_line,
    balanced,
    count_axis,
    count_note,
    euro_axis,
    figure_for,
    legend_below,
    month_axis,
    note_above,
    per_month,
    printed,
    rows_below_names,
    rows_beside_names,
    ticks_reaching,
)
from .pointers import name_thin_bands
from .style import (
    DARK_ORANGE,
    GRANTED,
    LAYOUTS,
    NARROW,
    PAID,
    PALETTE,
    REFERENCE,
    STACKED,
    WIDE,
    Drawing,
    Layout,
    apply_style,
    close,
    drawing,
)
from .table import name_bar_labels

__all__ = ["LAYOUTS", "NARROW", "PALETTE", "WIDE", "Drawing", "Layout", "apply_style", "close"]


LOAN_SERIES = [
    ("toegekend {year}", "granted_on", "amount_granted_eur"),
    ("uitbetaald {year}", "disbursed_on", "amount_disbursed_eur"),
]
"""The loans chart's series: Dutch name (of one year), date column, amount column."""


@drawing
def loans_per_month(
    loans: pd.DataFrame,
    year: int,
    previous: pd.DataFrame | None = None,
    *,
    figures: Mapping[str, Recorded] | None = None,
    layout: Layout = WIDE,
    language: str = DEFAULT_LANGUAGE,
) -> Figure:
    """Amounts of the interest-free loans granted and paid out, per month of the year.

    With ``previous`` (last year's loans register), last year's months as dashed lines; with
    ``figures`` (the year's recorded loans), their totals as the text gives them, above.
    """
    _ = translator(language)
    figure, axes = figure_for(layout, 3.0, 3.6)
    x = month_axis(axes, layout, language)
    fills = (GRANTED, PAID)
    for offset, fill, (name, date, amount) in zip((-0.2, 0.2), fills, LOAN_SERIES, strict=True):
        months = per_month(loans[date], year, loans[amount])
        axes.bar(x + offset, months, width=0.4, label=_(name).format(year=year), **fill.bar())
    if previous is not None:
        for fill, (name, date, amount) in zip(fills, LOAN_SERIES, strict=True):
            months = per_month(previous[date], year - 1, previous[amount])
            label = _(name).format(year=year - 1)
            axes.plot(x, months, color=fill.colour, label=label, **LAST_YEAR_STYLE)
    euro_axis(axes, layout, language, "bedrag")
    if figures is not None:
        note_above(axes, loans_note(figures, language), layout)
    legend_below(figure, layout)
    return figure


@drawing
def disbursed_per_year(
    loans: pd.DataFrame,
    year: int,
    *,
    figures: Mapping[str, Recorded] | None = None,
    layout: Layout = WIDE,
    language: str = DEFAULT_LANGUAGE,
) -> Figure:
    """Loans paid out per year since the launch of the service, with the count above each bar;
    with ``figures`` (the recorded loans since the launch), their count and sum above."""
    _ = translator(language)
    paid = loans[loans["disbursed_on"].notna() & (loans["disbursed_on"].dt.year <= year)]
    per_year = paid.groupby(paid["disbursed_on"].dt.year)["amount_disbursed_eur"].agg(
        ["sum", "size"]
    )
    if len(per_year):  # every year from the first payout to this one, one without as a 0
        years = range(int(per_year.index.min()), year + 1)
        per_year = per_year.reindex(years, fill_value=0)
    figure, axes = figure_for(layout, 2.8, 3.2)
    bars = axes.bar([str(label) for label in per_year.index], per_year["sum"], **PAID.bar())
    # A phone has no room for "38 leningen" above each bar: the note says what the number is.
    if layout is WIDE:
        counts = [count_note("{n} lening", "{n} leningen", n, language) for n in per_year["size"]]
    else:
        counts = [integer(n, language) for n in per_year["size"]]
    # On a white ground of their own, with a margin: a gridline behind a label struck it
    # through, and one that stopped at its letters seemed to.
    labels = axes.bar_label(
        bars, labels=counts, padding=4, bbox={"facecolor": "white", "edgecolor": "none", "pad": 3}
    )
    name_bar_labels(labels, _("aantal leningen"))
    notes = []
    if figures is not None and len(per_year):
        notes.append(since_launch_note(figures, int(per_year.index.min()), language))
    if layout is not WIDE:
        notes.append(_("boven elke staaf: aantal leningen"))
    if notes:
        note_above(axes, joined(notes, language), layout)
    euro_axis(axes, layout, language, "uitbetaald")
    axes.set_xlabel(_("jaar van uitbetaling"))
    axes.margins(y=0.15)
    return figure


@drawing
def contracts_per_month(
    contracts: pd.DataFrame,
    year: int,
    figures: Mapping[str, Recorded],
    previous: pd.DataFrame | None = None,
    *,
    layout: Layout = WIDE,
    language: str = DEFAULT_LANGUAGE,
) -> Figure:
    """Employment contracts that started in each month of the year, and a note that adds them
    up to the text's count (``employment.contracts``) with those that started before.

    With ``previous`` (last year's contracts), last year's contracts per month as a dashed line.
    """
    _ = translator(language)
    started = per_month(contracts["start_date"], year)
    figure, axes = figure_for(layout, 2.8, 3.4)
    x = month_axis(axes, layout, language, "maand van aanvang")
    axes.bar(x, started, label=_("begonnen in {year}").format(year=year), **GRANTED.bar())
    if previous is not None:
        before = per_month(previous["start_date"], year - 1)
        label = _("begonnen in {year}").format(year=year - 1)
        axes.plot(x, before, color=REFERENCE, label=label, **LAST_YEAR_STYLE)
        legend_below(figure, layout)
    count_axis(axes.yaxis, language)
    axes.set_ylabel(_("overeenkomsten"))
    note_above(axes, contracts_note(figures, year, language), layout)
    return figure


@drawing
def satisfaction_distribution(
    responses: pd.DataFrame,
    year: int,
    figures: Mapping[str, Recorded],
    *,
    layout: Layout = WIDE,
    language: str = DEFAULT_LANGUAGE,
) -> Figure:
    """Share of respondents per satisfaction score (0-10), with the recorded mean marked and
    the recorded number of respondents (``survey.responses``, ``survey.satisfaction_mean``)."""
    _ = translator(language)
    answered = responses[responses["submitted_on"].dt.year == year]
    shares = (
        answered["satisfaction"].value_counts(normalize=True).reindex(range(11), fill_value=0) * 100
    )
    mean = figures["survey.satisfaction_mean"]
    figure, axes = figure_for(layout, 2.8, 3.4)
    axes.bar(shares.index, shares.to_numpy(), color=PALETTE[0])
    axes.axvline(mean.value, color=REFERENCE, linestyle="--", linewidth=1.4, label=_("gemiddelde"))
    axes.annotate(
        f"{_('gemiddelde')}\n{printed(mean, language)}",
        xy=(mean.value, float(shares.max())),
        xytext=(-6, 0),
        textcoords="offset points",
        ha="right",
        va="top",
        color=REFERENCE,
        gid=KEY_TEXT,
    )
    axes.set_xticks(range(11))
    score = _("score (0 = helemaal niet tevreden, 10 = volledig tevreden)")
    # Across the drawing's width: on a phone in two lines (within the axes', it took four).
    axes.set_xlabel(balanced(score.replace(" = ", "\u00a0=\u00a0"), layout.line_chars))
    axes.set_ylabel(_("% van de respondenten"))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: percent(value, 0, language)))
    respondents = figures["survey.responses"].value
    note = count_note("n = {n} respondent", "n = {n} respondenten", respondents, language)
    note_above(axes, note, layout)
    return figure


@drawing
def events_per_month(
    events: pd.DataFrame,
    year: int,
    figures: Mapping[str, Recorded],
    previous: pd.DataFrame | None = None,
    *,
    layout: Layout = WIDE,
    language: str = DEFAULT_LANGUAGE,
) -> Figure:
    """Cooperative-life events per month of the year, stacked by kind, with their recorded
    total (``events.total``) as n.

    With ``previous`` (last year's events), last year's total per month as a dashed line. The
    kinds, their Dutch names and their order are those of ``registers.yaml`` (``categories``);
    the names are translated as the chart's other words are.
    """
    _ = translator(language)
    kinds = REGISTERS["coop_events"].labels("kind")
    held = events[events["held_on"].dt.year == year]
    table = (
        held.groupby([held["held_on"].dt.month, "kind"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=range(1, 13), columns=list(kinds), fill_value=0)
    )
    figure, axes = figure_for(layout, 3.0, 4.4)
    x = month_axis(axes, layout, language)
    bottom, bands = np.zeros(12), []
    for (kind, label), fill in zip(kinds.items(), itertools.cycle(STACKED), strict=False):
        counts = table[kind].to_numpy()
        if counts.any():
            axes.bar(x, counts, bottom=bottom, label=_(label), **fill.bar())
            bands.append((_(label), counts, bottom.copy()))
            bottom += counts
    tops = bottom
    if previous is not None:
        before = per_month(previous["held_on"], year - 1)
        label = _("totaal {year}").format(year=year - 1)
        axes.plot(x, before, color=REFERENCE, label=label, **LAST_YEAR_STYLE)
        tops = np.maximum(tops, np.asarray(before, dtype=float))
    count_axis(axes.yaxis, language)
    for name, counts, bottoms in bands:
        name_thin_bands(axes, name, x, counts, bottoms, tops)
    axes.set_ylabel(_("evenementen"))
    total = figures["events.total"].value
    note = count_note(
        "n = {n} evenement in {year}", "n = {n} evenementen in {year}", total, language, year=year
    )
    note_above(axes, note, layout)
    legend_below(figure, layout, stacked=True, language=language)
    return figure


@drawing
def hours_per_group(
    groups: pd.DataFrame,
    meetings: pd.DataFrame,
    year: int,
    *,
    figures: Mapping[str, Recorded] | None = None,
    layout: Layout = WIDE,
    language: str = DEFAULT_LANGUAGE,
) -> Figure:
    """Meeting hours of each SmartLab group since the start, longest first; with ``figures``
    (the recorded SmartLabs), the groups and their hours together above. On a phone each
    group's name stands above its bar, where it has the whole width. The groups' names are
    their own, in whichever language the group chose: never translated."""
    _ = translator(language)
    met = meetings[meetings["held_on"].dt.year <= year]
    hours = met.groupby("group_id")["hours"].sum()
    names = groups.set_index("group_id")["name"].reindex(hours.index).astype(str)
    table = pd.DataFrame({"name": names.to_numpy(), "hours": hours.to_numpy()})
    table = table.sort_values("hours").reset_index(drop=True)
    # Low bars and names on at most two lines on the page: the PDF caps a chart's height
    # (print.css), and a taller drawing would be shrunk there, its text smaller than the others'.
    if layout is WIDE:
        names = [balanced(name, 48) for name in table["name"]]
        places = rows_beside_names(names)
        figure, axes = figure_for(layout, 0.21 * (places[-1] + 1) + 0.9, 0)
        bars = axes.barh(places, table["hours"], height=0.5, color=PALETTE[0])
        axes.set_yticks(places, names)
        axes.set_ylabel(_("groep"), visible=False)  # the table's column; the names say it
    else:
        # A name has the drawing's whole width above its bar: mostly one line, so that the ten
        # groups fit a phone's screen (wrapped as a label beside an axis, they took two).
        names = [balanced(name, layout.line_chars) for name in table["name"]]
        places = rows_below_names(names)
        top = places[-1] + NAME_LINE * (names[-1].count("\n") + 1) + 0.3
        figure, axes = figure_for(layout, 0, 0.8 * (top + 0.5) + 0.9)
        bars = axes.barh(places, table["hours"], height=0.2, color=PALETTE[0])
        axes.set_yticks([])
        for place, name in zip(places, names, strict=True):
            axes.text(0, place + 0.13, name, va="bottom")
        axes.set_ylim(-0.3, top)
    # Each bar's hours at its end (on a phone the scale is far below the top bars), in the axes.
    axes.bar_label(bars, labels=[quantity(h, language) for h in table["hours"]], padding=3)
    axes.set_xlim(0, float(table["hours"].max() if len(table) else 1) * 1.15)
    axes.grid(axis="x")
    axes.grid(axis="y", visible=False)
    count_axis(axes.xaxis, language)
    axes.set_xlabel(_("uren ontmoeting sinds de start"))
    if figures is not None:
        note_above(axes, hours_note(figures, language), layout, across=layout is WIDE)
    return figure


BLOCK_SERIES = {
    "av_threats": ("dreigingen (antivirus)", "cyber.av_threats_monthly"),
    "av_phishing": ("phishing (antivirus)", "cyber.av_phishing_monthly"),
    "fw_threats": ("dreigingen (firewall)", "cyber.fw_threats_monthly"),
}
"""The series of the security chart: the log's column, its Dutch name, its recorded average."""


def _shared_ticks(
    months: pd.DataFrame, before: pd.DataFrame | None, figures: Mapping[str, Recorded]
) -> list[float]:
    """Three round ticks from 0 that reach every panel's highest month and average."""
    shown = [months] + ([before] if before is not None else [])
    values = [float(frame[column].max()) for frame in shown for column in BLOCK_SERIES]
    return ticks_reaching(max(values + [figures[f].value for _, f in BLOCK_SERIES.values()]))


@drawing
def blocks_per_month(
    log: pd.DataFrame,
    year: int,
    figures: Mapping[str, Recorded],
    previous: pd.DataFrame | None = None,
    *,
    layout: Layout = WIDE,
    language: str = DEFAULT_LANGUAGE,
) -> Figure:
    """What the antivirus and the firewall blocked in each month of the year, one panel per
    series, each with its recorded monthly average (the figure the text prints) as a line.

    With ``previous`` (last year's log), last year's months as dashed lines.
    """
    months = log[log["month"].str.startswith(f"{year}-")].sort_values("month")
    before = None
    if previous is not None:
        before = previous[previous["month"].str.startswith(f"{year - 1}-")].sort_values("month")
    # Each panel's name and average stand above it, so that its months have its whole height
    # and the months the drawing's whole width. On the page, panels about 1,1 inch high, where
    # a month's rise or fall shows (at 0,6 inch the lines lay flat on their averages); within
    # the PDF's cap on a chart's height (print.css), which would shrink a taller drawing and its
    # text.
    figure, panels = figure_for(layout, 3.9, 6.0, rows=len(BLOCK_SERIES))
    wide = layout is WIDE
    x = np.arange(len(months))
    ticks = _shared_ticks(months, before, figures)
    for axes, (column, (name, figure_id)) in zip(panels, BLOCK_SERIES.items(), strict=True):
        axes.plot(x, months[column], marker="o", color=PALETTE[0], label=str(year))
        if before is not None:
            shown = {"color": DARK_ORANGE, "label": str(year - 1)}
            axes.plot(np.arange(len(before)), before[column], **shown, **LAST_YEAR_STYLE)
        # One scale for the three panels, so that their heights compare.
        count_axis(axes.yaxis, language)
        axes.set_yticks(ticks)
        axes.set_ylim(0, ticks[-1] * 1.08)
        # The panel's name, above it (average_line), also names its columns in the chart's
        # table (charts/table.py).
        average_line(axes, figures[figure_id], language, translate(name, language), wide)
    month_axis(panels[-1], layout, language)
    figure.supylabel(translate("geblokkeerd per maand", language), fontsize="medium")
    if before is not None:
        handles = [line for line in panels[0].get_lines() if line.get_label().isdigit()]
        figure.legend(handles=handles, loc="outside lower center", ncols=2)
    return figure
