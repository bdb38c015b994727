"""The data each chart draws, on small registers made by hand: the months on the year's edges,
last year's series drawn from last year's register, and the figures the chart claims to show.

The drawings are read as tests/test_charts.py reads them (bars by their label, lines by their
label); no pixel is looked at.
"""

from __future__ import annotations

import itertools
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from matplotlib.text import Annotation

from sociaal_verslag import metrics
from sociaal_verslag.charts import drawings as charts
from sociaal_verslag.charts import parts
from sociaal_verslag.charts.table import drawn_table

from .chart_drawings import recorded
from .metric_traps.frames import (
    DAY_AFTER,
    DAY_BEFORE,
    DEC_31,
    JAN_1,
    LONG_AGO,
    MID_YEAR,
    YEAR,
    register,
)

LAST_YEAR = YEAR - 1
LAST_JAN_1 = f"{LAST_YEAR}-01-01"
TWO_YEARS_AGO = f"{YEAR - 2}-06-15"


@pytest.fixture(autouse=True)
def _close_figures():
    charts.apply_style()
    yield
    plt.close("all")


def months(**values: float) -> list[float]:
    """Twelve months, zero but for the named ones: ``months(jan=2, dec=1)``."""
    names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    unknown = set(values) - set(names)
    assert not unknown, unknown
    return [values.get(name, 0) for name in names]


def _bars(axes, label: str) -> list[float]:
    for container in axes.containers:
        if container.get_label() == label:
            return [float(patch.get_height()) for patch in container.patches]
    raise AssertionError(f"no bars {label!r}: {[c.get_label() for c in axes.containers]}")


def _line(axes, label: str) -> list[float]:
    for line in axes.get_lines():
        if line.get_label() == label:
            return [float(y) for y in line.get_ydata()]
    raise AssertionError(f"no line {label!r}: {[line.get_label() for line in axes.get_lines()]}")


def _labels(axes) -> list[str]:
    return [line.get_label() for line in axes.get_lines()]


# --- per_month: the months of one year --------------------------------------------------------


def test_per_month_puts_1_january_in_january_and_31_december_in_december_only():
    dates = pd.to_datetime(
        pd.Series([DAY_BEFORE, JAN_1, JAN_1, MID_YEAR, DEC_31, DAY_AFTER, None], dtype=object)
    )
    assert parts.per_month(dates, YEAR).tolist() == months(jan=2, jun=1, dec=1)
    assert parts.per_month(dates, YEAR + 1).tolist() == months(jan=1)


def test_per_month_sums_the_weights_of_the_years_dates_only():
    dates = pd.to_datetime(
        pd.Series([DAY_BEFORE, JAN_1, JAN_1, MID_YEAR, DEC_31, DAY_AFTER, None], dtype=object)
    )
    weights = pd.Series([1000.0, 1.0, 2.0, 4.0, 8.0, 2000.0, np.nan])
    assert parts.per_month(dates, YEAR, weights).tolist() == months(jan=3, jun=4, dec=8)


# --- financing.loans_per_month -----------------------------------------------------------------


def _loan(granted_on, granted, disbursed_on=None, disbursed=None) -> dict:
    return {
        "granted_on": granted_on,
        "amount_granted_eur": granted,
        "disbursed_on": disbursed_on,
        "amount_disbursed_eur": disbursed,
    }


THIS_YEARS_LOANS = [
    _loan(DAY_BEFORE, 100.0, JAN_1, 90.0),  # granted last year, paid out this year
    _loan(JAN_1, 200.0, MID_YEAR, 150.0),
    _loan(MID_YEAR, 800.0),  # not paid out
    _loan(DEC_31, 400.0, DAY_AFTER, 400.0),  # paid out next year
]
LAST_YEARS_LOANS = [
    _loan(TWO_YEARS_AGO, 99.0, TWO_YEARS_AGO, 99.0),  # the register holds every year
    _loan(LAST_JAN_1, 10.0, DAY_BEFORE, 10.0),
    _loan(DAY_BEFORE, 30.0),  # not paid out yet when last year's register was made
]


def test_the_loans_chart_draws_this_years_months_and_the_figures_of_the_text():
    loans = register("loans", THIS_YEARS_LOANS)
    axes = charts.loans_per_month(loans, YEAR).render().axes[0]
    granted = _bars(axes, f"toegekend {YEAR}")
    paid = _bars(axes, f"uitbetaald {YEAR}")
    assert granted == months(jan=200, jun=800, dec=400)
    assert paid == months(jan=90, jun=150)
    assert (
        sum(granted)
        == metrics.financing.loans_granted(loans, YEAR)["financing.loans_granted.amount_eur"]
    )
    assert (
        sum(paid)
        == metrics.financing.loans_disbursed(loans, YEAR)["financing.projects_supported.amount_eur"]
    )
    assert _labels(axes) == []  # no last year without last year's register


def test_the_loans_chart_draws_last_year_from_last_years_register():
    loans = register("loans", THIS_YEARS_LOANS)
    previous = register("loans", LAST_YEARS_LOANS)
    axes = charts.loans_per_month(loans, YEAR, previous).render().axes[0]
    assert _line(axes, f"toegekend {LAST_YEAR}") == months(jan=10, dec=30)
    assert _line(axes, f"uitbetaald {LAST_YEAR}") == months(dec=10)
    # This year's bars do not change with last year's register.
    assert _bars(axes, f"toegekend {YEAR}") == months(jan=200, jun=800, dec=400)


# --- financing.disbursed_per_year --------------------------------------------------------------


def test_the_payouts_per_year_run_from_the_first_payout_to_31_december():
    loans = register(
        "loans",
        [
            _loan(LONG_AGO, 150.0, LONG_AGO, 100.0),
            _loan(LONG_AGO, 250.0, LONG_AGO, 200.0),
            _loan(DAY_BEFORE, 50.0, DAY_BEFORE, 50.0),
            _loan(DAY_BEFORE, 15.0, JAN_1, 10.0),
            _loan(MID_YEAR, 25.0, DEC_31, 20.0),
            _loan(DEC_31, 1000.0, DAY_AFTER, 1000.0),  # paid out next year
            _loan(MID_YEAR, 5000.0),  # not paid out
        ],
    )
    axes = charts.disbursed_per_year(loans, YEAR).render().axes[0]
    bars = axes.containers[0].patches
    years = [label.get_text() for label in axes.get_xticklabels()]
    # Every year from the first payout on, one without payouts as an empty bar.
    assert years == [str(year) for year in range(int(LONG_AGO[:4]), YEAR + 1)]
    assert [patch.get_height() for patch in bars] == [300.0, 0, 0, 0, 0, 50.0, 30.0]
    assert [text.get_text() for text in axes.texts] == [
        "2 leningen",
        *["0 leningen"] * 4,
        "1 lening",
        "2 leningen",
    ]
    since = metrics.financing.loans_since_launch(loans, YEAR)
    assert (
        sum(patch.get_height() for patch in bars)
        == (since["financing.projects_since_launch.amount_eur"])
    )
    assert since["financing.projects_since_launch.count"] == 5


# --- employment.contracts_per_month ------------------------------------------------------------


def _contracts(*periods: tuple[str, str] | str):
    rows = [(period, period) if isinstance(period, str) else period for period in periods]
    return register(
        "employment_contracts",
        [{"worker_id": "W1", "start_date": start, "end_date": end} for start, end in rows],
    )


def _contract_figures(contracts):
    return recorded(metrics.employment.contracts(contracts, YEAR, 1976))


def test_the_contracts_chart_counts_contracts_by_their_first_day_in_the_year():
    # One worker's contracts each count; a contract that began last year is not drawn.
    contracts = _contracts(DAY_BEFORE, JAN_1, JAN_1, MID_YEAR, DEC_31, DAY_AFTER)
    axes = charts.contracts_per_month(contracts, YEAR, _contract_figures(contracts)).render()
    assert _bars(axes.axes[0], f"begonnen in {YEAR}") == months(jan=2, jun=1, dec=1)
    assert axes.axes[0].get_title(loc="left") == f"n = 4 overeenkomsten begonnen in {YEAR}"


def test_the_contracts_note_adds_those_from_before_up_to_the_texts_count():
    # Begun on the last day of last year and still running on 1 January: in the text's count,
    # not among the bars; the note says how many, so that it adds up to the text.
    contracts = _contracts((DAY_BEFORE, JAN_1), DAY_BEFORE, JAN_1, MID_YEAR)
    figures = _contract_figures(contracts)
    axes = charts.contracts_per_month(contracts, YEAR, figures).render().axes[0]
    assert sum(_bars(axes, f"begonnen in {YEAR}")) == figures["employment.contracts_started"].value
    assert axes.get_title(loc="left").replace("\n", " ") == (
        f"n = 2 overeenkomsten begonnen in {YEAR}; met de 1 die eerder begon, liepen er 3 in {YEAR}"
    )
    phone = charts.contracts_per_month(contracts, YEAR, figures).render(charts.NARROW)
    # Across the phone's whole drawing (over its axes alone it took five lines), in the page's
    # words (shorter ones, "met 1 van eerder liepen er 3", read as garbled).
    note = phone.get_suptitle()
    expected = (
        f"n = 2 overeenkomsten begonnen in {YEAR}; met de 1 die eerder begon, liepen er 3 in {YEAR}"
    )
    assert note.replace("\n", " ") == expected
    assert note.count("\n") <= 3 and not phone.axes[0].get_title(loc="left")
    assert drawn_table(phone)["key_texts"] == [note.replace("\n", " ")]  # read aloud too
    two = _contracts((DAY_BEFORE, JAN_1), (f"{LAST_YEAR}-06-01", MID_YEAR), JAN_1)
    axes = charts.contracts_per_month(two, YEAR, _contract_figures(two)).render(language="fr")
    title = axes.axes[0].get_title(loc="left").replace("\n", " ")
    assert "avec les 2 commencés plus tôt, 3 étaient en cours" in title


def test_the_contracts_chart_draws_last_year_from_last_years_register():
    contracts = _contracts(DAY_BEFORE, JAN_1, MID_YEAR)
    previous = _contracts(TWO_YEARS_AGO, LAST_JAN_1, DAY_BEFORE, DAY_BEFORE)
    figures = _contract_figures(contracts)
    axes = charts.contracts_per_month(contracts, YEAR, figures, previous).render().axes[0]
    assert _line(axes, f"begonnen in {LAST_YEAR}") == months(jan=1, dec=2)
    assert _bars(axes, f"begonnen in {YEAR}") == months(jan=1, jun=1)
    assert axes.get_title(loc="left") == f"n = 2 overeenkomsten begonnen in {YEAR}"


# --- survey.satisfaction_distribution ----------------------------------------------------------


def test_the_satisfaction_chart_shares_are_of_the_years_respondents_per_score():
    responses = register(
        "survey_responses",
        [
            {"submitted_on": JAN_1, "satisfaction": 10},
            {"submitted_on": DEC_31, "satisfaction": 10},
            {"submitted_on": MID_YEAR, "satisfaction": 7},
            {"submitted_on": MID_YEAR, "satisfaction": 0},
            {"submitted_on": DAY_BEFORE, "satisfaction": 5},
            {"submitted_on": DAY_AFTER, "satisfaction": 5},
        ],
    )
    figures = recorded(metrics.survey.responses(responses, YEAR))
    axes = charts.satisfaction_distribution(responses, YEAR, figures).render().axes[0]
    shares = [float(patch.get_height()) for patch in axes.containers[0].patches]
    assert shares == [25.0, 0, 0, 0, 0, 0, 0, 25.0, 0, 0, 50.0]
    mean = next(line for line in axes.get_lines() if line.get_label() == "gemiddelde")
    assert list(mean.get_xdata()) == [6.8, 6.8]  # (10 + 10 + 7 + 0) / 4 = 6.75 -> 6.8
    assert axes.get_title(loc="left") == "n = 4 respondenten"


# --- events.per_month --------------------------------------------------------------------------


def _events(*events: tuple[str, str]):
    return register(
        "coop_events", [{"held_on": day, "kind": kind, "city": "Gent"} for day, kind in events]
    )


def test_the_events_chart_stacks_the_kinds_of_each_month_of_the_year():
    events = _events(
        (DAY_BEFORE, "workshop"),
        (JAN_1, "workshop"),
        (JAN_1, "workshop"),
        (JAN_1, "coopinside"),
        (MID_YEAR, "lets_meet"),
        (DEC_31, "general_assembly"),
        (DAY_AFTER, "workshop"),
    )
    figures = recorded(metrics.events.coop_events(events, YEAR, 1))
    axes = charts.events_per_month(events, YEAR, figures).render().axes[0]
    # In the order of registers.yaml's categories; kinds without an event are not drawn.
    assert [container.get_label() for container in axes.containers] == [
        "workshops",
        "Let’s meet",  # the register's label, with the apostrophe Dutch prints
        "algemene vergadering",
        "CoopInside",
    ]
    assert _bars(axes, "workshops") == months(jan=2)
    assert _bars(axes, "CoopInside") == months(jan=1)
    assert _bars(axes, "Let’s meet") == months(jun=1)
    assert _bars(axes, "algemene vergadering") == months(dec=1)
    january_coopinside = axes.containers[3].patches[0]
    assert january_coopinside.get_y() == 2  # on top of January's two workshops
    drawn = sum(patch.get_height() for container in axes.containers for patch in container)
    assert drawn == figures["events.total"].value == 5
    assert axes.get_title(loc="left") == f"n = 5 evenementen in {YEAR}"


def _lab(colour):
    """CIE L*a*b* of an sRGB colour (D65), to compare colours as readers see them."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    x, y, z = (
        sum(w * c for w, c in zip(row, linear, strict=True)) / white
        for row, white in (
            ((0.4124, 0.3576, 0.1805), 0.95047),
            ((0.2126, 0.7152, 0.0722), 1.0),
            ((0.0193, 0.1192, 0.9505), 1.08883),
        )
    )
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def test_the_events_chart_gives_each_kind_a_fill_of_its_own_whichever_are_drawn():
    kinds = ["workshop", "lets_meet", "conference", "general_assembly", "coopinside", "other"]
    every = _events(*((JAN_1, kind) for kind in kinds))
    figures = recorded(metrics.events.coop_events(every, YEAR, 1))
    axes = charts.events_per_month(every, YEAR, figures).render().axes[0]
    fills = {
        c.get_label(): (c.patches[0].get_facecolor(), c.patches[0].get_hatch())
        for c in axes.containers
    }
    assert len(fills) == 6
    # No two kinds alike: a pattern of their own, or colours apart (CIE76 distance; the
    # palette's orange and dark orange are 21 apart).
    for (colour, hatch), (colour_2, hatch_2) in itertools.combinations(fills.values(), 2):
        assert hatch != hatch_2 or math.dist(_lab(colour), _lab(colour_2)) >= 23
    some = _events((JAN_1, "general_assembly"), (JAN_1, "other"))
    figures = recorded(metrics.events.coop_events(some, YEAR, 1))
    axes = charts.events_per_month(some, YEAR, figures).render().axes[0]
    for container in axes.containers:  # a kind keeps its fill when others are missing
        patch = container.patches[0]
        assert (patch.get_facecolor(), patch.get_hatch()) == fills[container.get_label()]


def test_the_events_chart_draws_last_years_total_from_last_years_register():
    events = _events((DAY_BEFORE, "workshop"), (JAN_1, "workshop"))
    previous = _events(
        (TWO_YEARS_AGO, "workshop"),
        (LAST_JAN_1, "conference"),
        (DAY_BEFORE, "other"),
        (DAY_BEFORE, "coopinside"),
    )
    figures = recorded(metrics.events.coop_events(events, YEAR, 5))
    axes = charts.events_per_month(events, YEAR, figures, previous).render().axes[0]
    assert _line(axes, f"totaal {LAST_YEAR}") == months(jan=1, dec=2)
    assert _bars(axes, "workshops") == months(jan=1)


def test_the_events_chart_of_a_year_without_events_and_without_last_year_is_empty():
    events = _events((DAY_BEFORE, "workshop"))
    figures = recorded(metrics.events.coop_events(events, YEAR, 5))
    axes = charts.events_per_month(events, YEAR, figures).render().axes[0]
    drawn = sum(patch.get_height() for container in axes.containers for patch in container)
    assert drawn == figures["events.total"].value == 0


# --- smartlabs.hours_per_group -----------------------------------------------------------------


def test_the_smartlab_chart_draws_each_groups_hours_up_to_31_december_shortest_first():
    groups = register(
        "smartlab_groups",
        [
            {"group_id": "G1", "name": "Alpha", "started_on": LONG_AGO},
            {"group_id": "G2", "name": "Beta", "started_on": LONG_AGO},
            {"group_id": "G3", "name": "Gamma", "started_on": DAY_AFTER},
        ],
    )
    meetings = register(
        "smartlab_meetings",
        [
            {"group_id": "G1", "held_on": LONG_AGO, "hours": 2.0},
            {"group_id": "G1", "held_on": DEC_31, "hours": 1.5},
            {"group_id": "G2", "held_on": JAN_1, "hours": 1.0},
            {"group_id": "G2", "held_on": DAY_AFTER, "hours": 5.0},
            {"group_id": "G3", "held_on": DAY_AFTER, "hours": 4.0},
        ],
    )
    axes = charts.hours_per_group(groups, meetings, YEAR).render().axes[0]
    assert [patch.get_width() for patch in axes.containers[0].patches] == [1.0, 3.5]
    assert [label.get_text() for label in axes.get_yticklabels()] == ["Beta", "Alpha"]
    values = metrics.smartlabs.smartlabs(
        register("smartlab_registrations"), meetings, register("smartlab_attendance"), YEAR, 3
    )
    assert (values["smartlabs.groups"], values["smartlabs.hours"]) == (2, 4.5)


def test_on_a_phone_no_smartlab_group_name_touches_a_bar():
    long = "Reconnaissance légale des artisan·es des entreprises partagées et de leurs droits"
    names = [long, "Kort", long, "Muziek live: organiseren en spelen", "Beeldende Kunsten"]
    groups = register(
        "smartlab_groups",
        [
            {"group_id": f"G{n}", "name": name, "started_on": LONG_AGO}
            for n, name in enumerate(names)
        ],
    )
    meetings = register(
        "smartlab_meetings",
        [{"group_id": f"G{n}", "held_on": JAN_1, "hours": 20.0 - n} for n in range(len(names))],
    )
    figure = charts.hours_per_group(groups, meetings, YEAR).render(charts.NARROW)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    axes = figure.axes[0]
    bars = [patch.get_window_extent(renderer) for patch in axes.containers[0].patches]
    names = [text for text in axes.texts if not isinstance(text, Annotation)]  # not the hours
    texts = [text.get_window_extent(renderer) for text in names]
    assert len(texts) == len(bars) == len(names)
    for text in texts:
        assert not any(text.overlaps(bar) for bar in bars)
        assert text.y1 <= axes.get_window_extent(renderer).y1  # inside the drawing
    plt.close(figure)


# --- cyber.blocks_per_month --------------------------------------------------------------------


def _security_log(year: int, scale: int, extra_months: tuple[str, ...] = ()):
    """Twelve months of ``year`` in reverse order (each counter ``month x scale x its number``),
    and ``extra_months`` of other years with huge counts."""
    columns = ("av_threats", "av_phishing", "av_malware", "av_websites")
    columns += ("fw_threats", "fw_malicious_sites", "fw_malware")
    entries = [
        {"month": f"{year}-{month:02d}"}
        | {column: month * scale * n for n, column in enumerate(columns, 1)}
        for month in range(12, 0, -1)
    ]
    entries += [{"month": month} | dict.fromkeys(columns, 10**7) for month in extra_months]
    return register("security_monthly", entries)


def test_the_security_chart_draws_each_series_by_month_this_year_and_last_year():
    log = _security_log(YEAR, 1, (f"{YEAR - 1}-12", f"{YEAR + 1}-01"))
    previous = _security_log(LAST_YEAR, 1000, (f"{YEAR - 2}-12", f"{YEAR}-01"))
    figures = recorded(metrics.cyber.monthly_blocks(log, YEAR))
    panels = charts.blocks_per_month(log, YEAR, figures, previous).render().axes
    # Panels: av_threats (the 1st counter), av_phishing (2nd), fw_threats (5th).
    for axes, number in zip(panels, (1, 2, 5), strict=True):
        assert _line(axes, str(YEAR)) == [month * number for month in range(1, 13)]
        assert _line(axes, str(LAST_YEAR)) == [1000 * month * number for month in range(1, 13)]


def test_the_security_chart_draws_no_last_year_without_last_years_log():
    log = _security_log(YEAR, 1)
    figures = recorded(metrics.cyber.monthly_blocks(log, YEAR))
    panels = charts.blocks_per_month(log, YEAR, figures).render().axes
    assert all(str(LAST_YEAR) not in _labels(axes) for axes in panels)


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda layout: layout.name)
def test_a_month_chart_s_table_has_every_month_whichever_it_names(language, layout):
    # The security chart names every second or third month beside its keys, a phone every
    # other month: its table still has twelve rows, one per month, in order.
    log = _security_log(YEAR, 1)
    figures = recorded(metrics.cyber.monthly_blocks(log, YEAR))
    _, table = charts.blocks_per_month(log, YEAR, figures).svg_and_table(layout, language)
    names = list(parts.month_names(language))
    assert [row[0] for row in table["rows"][:12]] == names
    assert [row[1] for row in table["rows"][:12]] == [month for month in range(1, 13)]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("n = 300 evenementen in 2025", 22, ["n = 300 evenementen", "in 2025"]),  # no year alone
        ("n = 2.237 respondenten", 22, ["n = 2.237 respondenten"]),  # fits: one line
        ("a b c d e f g h", 4, ["a b", "c d", "e f", "g h"]),  # as many lines, even
        # a line ends where a clause does, when no more lines it takes
        ("n = 10 groupes, au total 154,5 heures", 22, ["n = 10 groupes,", "au total 154,5 heures"]),
        ("x y z, v w", 6, ["x y z,", "v w"]),
        # a number keeps the word after it: not "(219.949 / euro)"
        ("n = 67 toegekend (219.949 euro)", 26, ["n = 67 toegekend", "(219.949 euro)"]),
    ],
)
def test_a_note_is_wrapped_on_as_few_and_as_even_lines_as_it_can(text, width, lines):
    assert parts.balanced(text, width).split("\n") == lines
