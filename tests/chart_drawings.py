"""Every chart of the report as its notebook draws it from the 2025 registers, for the chart tests.

``every_drawing(registers)`` gives each chart with the figures its notebook records;
``last_year=True`` gives the charts that compare with last year their last year too (the 2025
registers moved back a year), so that every word a chart can print is drawn.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure as MplFigure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from sociaal_verslag import metrics
from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.charts import drawings as charts
from sociaal_verslag.figures.records import Figure, make_figures
from sociaal_verslag.registers.loading import load_register

DATA = PROJECT_ROOT / "data" / "2025"

REGISTERS = [
    "loans",
    "survey_responses",
    "coop_events",
    "smartlab_groups",
    "smartlab_meetings",
    "smartlab_registrations",
    "smartlab_attendance",
    "security_monthly",
    "employment_contracts",
]
"""The registers the charts (and the figures they print) are drawn from."""


def load_registers_2025() -> dict[str, pd.DataFrame]:
    """The chart registers of 2025, by name."""
    return {name: load_register(name, DATA, 2025) for name in REGISTERS}


def recorded(values: dict) -> dict[str, Figure]:
    """A metric's values as the recorded figures a notebook hands a chart, by id."""
    return {figure.id: figure for figure in make_figures(values)}


def _year_before(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.assign(**{column: frame[column] - pd.DateOffset(years=1) for column in columns})


def _last_year(r: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    log = r["security_monthly"]
    return {
        "loans": _year_before(r["loans"], "granted_on", "disbursed_on"),
        "employment_contracts": _year_before(r["employment_contracts"], "start_date"),
        "coop_events": _year_before(r["coop_events"], "held_on"),
        "security_monthly": log.assign(month=log["month"].str.replace("2025-", "2024-")),
    }


def every_drawing(r: dict[str, pd.DataFrame], last_year: bool = False) -> dict[str, charts.Drawing]:
    """Every chart of the report by its id, as its notebook draws it (with the recorded figures
    and, with ``last_year``, last year's registers)."""
    before = _last_year(r) if last_year else {}
    cyber = recorded(metrics.cyber.monthly_blocks(r["security_monthly"], 2025))
    survey = recorded(metrics.survey.responses(r["survey_responses"], 2025))
    events = recorded(metrics.events.coop_events(r["coop_events"], 2025, 5))
    contracts = recorded(metrics.employment.contracts(r["employment_contracts"], 2025, 1976))
    loans = {
        **recorded(metrics.financing.loans_granted(r["loans"], 2025)),
        **recorded(metrics.financing.loans_disbursed(r["loans"], 2025)),
        **recorded(metrics.financing.loans_since_launch(r["loans"], 2025)),
    }
    smartlabs = recorded(
        metrics.smartlabs.smartlabs(
            r["smartlab_registrations"], r["smartlab_meetings"], r["smartlab_attendance"], 2025, 3
        )
    )
    return {
        "financing.loans_per_month": charts.loans_per_month(
            r["loans"], 2025, before.get("loans"), figures=loans
        ),
        "financing.disbursed_per_year": charts.disbursed_per_year(r["loans"], 2025, figures=loans),
        "employment.contracts_per_month": charts.contracts_per_month(
            r["employment_contracts"], 2025, contracts, before.get("employment_contracts")
        ),
        "survey.satisfaction_distribution": charts.satisfaction_distribution(
            r["survey_responses"], 2025, survey
        ),
        "events.per_month": charts.events_per_month(
            r["coop_events"], 2025, events, before.get("coop_events")
        ),
        "smartlabs.hours_per_group": charts.hours_per_group(
            r["smartlab_groups"], r["smartlab_meetings"], 2025, figures=smartlabs
        ),
        "cyber.blocks_per_month": charts.blocks_per_month(
            r["security_monthly"], 2025, cyber, before.get("security_monthly")
        ),
    }


def _ticks_out_of_view(figure: MplFigure) -> set[int]:
    """The tick labels Matplotlib keeps for ticks outside an axis's view, which it does not draw."""
    hidden: set[int] = set()
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                if not low <= tick.get_loc() <= high:
                    hidden |= {id(tick.label1), id(tick.label2)}
    return hidden


def drawn_texts(figure: MplFigure) -> list[tuple[str, Bbox]]:
    """Every text a reader sees on a chart, with its box on the drawing once laid out: the ticks
    in view, the axis labels, titles, notes and legends."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    hidden = _ticks_out_of_view(figure)
    return [
        (text.get_text(), text.get_window_extent(renderer))
        for text in figure.findobj(Text)
        if text.get_visible() and text.get_text().strip() and id(text) not in hidden
    ]
