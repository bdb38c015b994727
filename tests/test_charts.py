"""The charts: Dutch labels, nl-BE numbers on the axes, last year beside this year when given."""

from __future__ import annotations

import pandas as pd
import pytest

from sociaal_verslag import charts, metrics
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


# --- what a chart draws agrees with the figures the text prints --------------------------------


def _bars(axes, label: str) -> list[float]:
    for container in axes.containers:
        if container.get_label() == label:
            return [patch.get_height() for patch in container.patches]
    raise AssertionError(f"no bars labelled {label!r}: {[c.get_label() for c in axes.containers]}")


def _line(axes, label: str) -> list[float]:
    for line in axes.get_lines():
        if line.get_label() == label:
            return [float(value) for value in line.get_ydata()]
    raise AssertionError(f"no line labelled {label!r}")


@pytest.fixture(scope="module")
def registers_2025() -> dict[str, pd.DataFrame]:
    names = [
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
    return {name: load_register(name, DATA, 2025) for name in names}


def test_the_loans_chart_draws_the_granted_and_paid_amounts_of_the_text(registers_2025):
    loans = registers_2025["loans"]
    figure = charts.loans_per_month(loans, 2025)
    axes = figure.axes[0]
    granted = metrics.financing.loans_granted(loans, 2025)
    paid = metrics.financing.loans_disbursed(loans, 2025)
    assert sum(_bars(axes, "toegekend 2025")) == pytest.approx(
        granted["financing.loans_granted.amount_eur"]
    )
    assert sum(_bars(axes, "uitbetaald 2025")) == pytest.approx(
        paid["financing.projects_supported.amount_eur"]
    )
    charts.close(figure)


def test_the_loans_per_year_chart_adds_up_to_the_total_since_launch(registers_2025):
    loans = registers_2025["loans"]
    figure = charts.disbursed_per_year(loans, 2025)
    axes = figure.axes[0]
    heights = [patch.get_height() for patch in axes.containers[0].patches]
    since = metrics.financing.loans_since_launch(loans, 2025)
    this_year = metrics.financing.loans_disbursed(loans, 2025)
    assert sum(heights) == pytest.approx(since["financing.projects_since_launch.amount_eur"])
    assert heights[-1] == pytest.approx(this_year["financing.projects_supported.amount_eur"])
    counts = [int(text.get_text().split()[0].replace(".", "")) for text in axes.texts]
    assert sum(counts) == since["financing.projects_since_launch.count"]
    charts.close(figure)


def test_the_satisfaction_chart_marks_the_mean_of_the_text(registers_2025):
    responses = registers_2025["survey_responses"]
    figure = charts.satisfaction_distribution(responses, 2025)
    axes = figure.axes[0]
    assert sum(patch.get_height() for patch in axes.patches) == pytest.approx(100)
    mean_line = next(line for line in axes.get_lines() if line.get_linestyle() == "--")
    printed_mean = metrics.survey.responses(responses, 2025)["survey.satisfaction_mean"]
    assert mean_line.get_xdata()[0] == pytest.approx(printed_mean, abs=0.05)
    charts.close(figure)


def test_the_events_chart_counts_the_events_of_the_text(registers_2025):
    events = registers_2025["coop_events"]
    figure = charts.events_per_month(events, 2025)
    axes = figure.axes[0]
    drawn = sum(patch.get_height() for container in axes.containers for patch in container)
    assert drawn == metrics.events.coop_events(events, 2025, 5)["events.total"]
    charts.close(figure)


def test_the_smartlab_chart_draws_the_groups_and_hours_of_the_text(registers_2025):
    r = registers_2025
    figure = charts.hours_per_group(r["smartlab_groups"], r["smartlab_meetings"], 2025)
    bars = figure.axes[0].containers[0].patches
    values = metrics.smartlabs.smartlabs(
        r["smartlab_registrations"], r["smartlab_meetings"], r["smartlab_attendance"], 2025, 3
    )
    assert len(bars) == values["smartlabs.groups"]
    assert sum(patch.get_width() for patch in bars) == pytest.approx(values["smartlabs.hours"])
    charts.close(figure)


def test_the_security_chart_draws_the_months_whose_average_the_text_prints(registers_2025):
    log = registers_2025["security_monthly"]
    figure = charts.blocks_per_month(log, 2025)
    axes = figure.axes[0]
    values = metrics.cyber.monthly_blocks(log, 2025)
    for label, figure_id in [
        ("antivirus: dreigingen 2025", "cyber.av_threats_monthly"),
        ("antivirus: phishing 2025", "cyber.av_phishing_monthly"),
    ]:
        months = _line(axes, label)
        assert len(months) == 12
        assert sum(months) / 12 == pytest.approx(values[figure_id], abs=0.01)
    firewall = _line(axes, "firewall: dreigingen 2025")
    assert sum(firewall) / 12 == pytest.approx(values["cyber.fw_threats_monthly"], rel=0.05)
    charts.close(figure)


def test_the_contracts_chart_counts_the_contracts_that_started_each_month(registers_2025):
    contracts = registers_2025["employment_contracts"]
    figure = charts.contracts_per_month(contracts, 2025)
    started = contracts["start_date"].dt.year == 2025
    assert sum(_bars(figure.axes[0], "arbeidsovereenkomsten 2025")) == int(started.sum())
    hours = _line(figure.axes[1], "werkuren 2025")
    assert sum(hours) == pytest.approx(contracts.loc[started, "declared_hours"].sum())
    charts.close(figure)
