"""The charts: Dutch labels, nl-BE numbers on the axes, last year beside this year when given."""

from __future__ import annotations

import pandas as pd
import pytest

from sociaal_verslag import charts
from sociaal_verslag.paths import PROJECT_ROOT
from sociaal_verslag.registers import load_register

DATA = PROJECT_ROOT / "data" / "2025"


@pytest.fixture(scope="module", autouse=True)
def style():
    charts.apply_style()


def _legend(figure) -> list[str]:
    return [
        text.get_text()
        for axes in figure.axes
        if axes.get_legend()
        for text in axes.get_legend().get_texts()
    ]


def _tick_labels(axes) -> list[str]:
    axes.figure.canvas.draw()
    return [label.get_text() for label in axes.get_yticklabels() if label.get_text()]


def test_loans_per_month_has_dutch_months_euro_ticks_and_last_year_when_given():
    loans = load_register("loans", DATA, 2025)
    figure = charts.loans_per_month(loans, 2025)
    axes = figure.axes[0]
    assert [label.get_text() for label in axes.get_xticklabels()][:3] == ["jan", "feb", "mrt"]
    assert all(label.startswith("€ ") for label in _tick_labels(axes))
    assert any("." in label for label in _tick_labels(axes))  # thousands with a dot
    assert _legend(figure) == ["toegekend 2025", "uitbetaald 2025"]
    with_last_year = charts.loans_per_month(loans, 2025, previous=loans)
    assert "toegekend 2024" in _legend(with_last_year)
    assert "uitbetaald 2024" in _legend(with_last_year)
    charts.close(figure)
    charts.close(with_last_year)


def test_blocks_and_events_show_last_year_when_given():
    log = load_register("security_monthly", DATA, 2025)
    shifted = log.assign(month=log["month"].str.replace("2025-", "2024-"))
    figure = charts.blocks_per_month(log, 2025, previous=shifted)
    assert "antivirus: dreigingen 2024" in _legend(figure)
    events = load_register("coop_events", DATA, 2025)
    previous = events.assign(held_on=events["held_on"] - pd.DateOffset(years=1))
    assert "totaal 2024" in _legend(charts.events_per_month(events, 2025, previous=previous))


def test_satisfaction_axis_is_in_percent():
    responses = load_register("survey_responses", DATA, 2025)
    figure = charts.satisfaction_distribution(responses, 2025)
    assert all(label.endswith("%") for label in _tick_labels(figure.axes[0]))
