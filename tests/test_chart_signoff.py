"""Charts signed off like figures: what a chart draws is its value, keyed by the sha256 of its
table; a chart that draws anything else since its approval is changed, with the rows that moved.

End to end (a register row changes a chart): test_signoff_end_to_end.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from sociaal_verslag.build import steps
from sociaal_verslag.cli import main as cli
from sociaal_verslag.figures.records import Chart
from sociaal_verslag.review import approval, changes, chart_keys, code_versions, history

MONTHS = {"columns": ["maand", "toegekend 2025"], "rows": [["jan", 3], ["feb", None], ["mrt", 5]]}
CHART = Chart(
    id="financing.loans_per_month",
    caption="Renteloze leningen in 2025.",
    svg="<svg/>",
    notebook="01-dynamiek",
    cell_id="c1",
    data=MONTHS,
    inputs=("data/2025/loans.csv", "params/2025.yaml"),
    drawing="loans_per_month",
)
CELLS = {("01-dynamiek", "c1"): "a" * 64}
INPUTS = {"data/2025/loans.csv": "b" * 64, "params/2025.yaml": "c" * 64}
AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def kept_here(monkeypatch, tmp_path):
    monkeypatch.setattr(code_versions, "CODE_DIR", tmp_path / "code")


def _with_rows(*rows: list) -> Chart:
    return replace(CHART, data={"columns": MONTHS["columns"], "rows": [list(r) for r in rows]})


def _key(chart: Chart, inputs: dict[str, str] = INPUTS):
    return chart_keys.chart_keys({chart.id: chart}, CELLS, inputs, 2025)[chart.id]


def _state(approved: Chart, now: Chart, inputs: dict[str, str] = INPUTS) -> approval.FigureState:
    given = approval.approve(chart_keys.as_record(approved), _key(approved), "An Peeters", AT)
    return approval.state_of(chart_keys.as_record(now), _key(now, inputs), given)


def test_a_chart_record_counts_the_values_drawn_and_names_their_table():
    record = chart_keys.as_record(CHART)
    assert record.value == 2  # the empty cell and the categories are not values
    assert chart_keys.values_drawn(_with_rows(["jan", 3], ["feb", ""], ["mrt", 0])) == 2
    digest = chart_keys.drawn_digest(CHART)
    assert record.printed == f"grafiek van 2 waarden ({digest[:12]})"
    assert (record.notebook, record.cell_id, record.rule) == ("01-dynamiek", "c1", CHART.caption)
    assert chart_keys.drawn_digest(_with_rows(["jan", 3], ["feb", None], ["mrt", 6])) != digest
    assert chart_keys.drawn_digest(_with_rows(["jan", 3], ["feb", 0], ["mrt", 5])) != digest


def test_its_key_holds_its_registers_and_its_drawing_not_the_parameters_file():
    key = _key(CHART)
    assert key.data == {
        "data/2025/loans.csv": "b" * 64,
        chart_keys.DRAWN: chart_keys.drawn_digest(CHART),
    }
    assert key.cell == "a" * 64 and len(key.metric) == 64 and key.parameters == {}


def test_a_drawing_key_follows_its_function_and_its_caption(monkeypatch):
    before = chart_keys.drawing_digest(CHART)
    chart_keys._drawing_digest.cache_clear()
    monkeypatch.setattr(chart_keys, "function_source", lambda module, name: "def other(): ...")
    assert chart_keys.drawing_digest(CHART) != before
    chart_keys._drawing_digest.cache_clear()


def test_a_chart_that_draws_the_same_is_checked_even_from_another_file():
    state = _state(CHART, CHART, {**INPUTS, "data/2025/loans.csv": "d" * 64})
    assert state.state == approval.CHECKED


def test_a_chart_that_draws_another_value_is_changed_with_the_row_that_moved():
    moved = _with_rows(["jan", 3], ["feb", None], ["mrt", 6])
    state = _state(CHART, moved, {**INPUTS, "data/2025/loans.csv": "d" * 64})
    assert state.state == approval.CHANGED and "gegevens" in state.changed
    lines = changes.of(state)
    assert "getekend: -mrt | 5" in lines and "getekend: +mrt | 6" in lines
    assert not any(line.startswith("getekend:") and "jan" in line for line in lines)


def test_a_chart_whose_empty_month_got_a_zero_is_changed():
    state = _state(CHART, _with_rows(["jan", 3], ["feb", 0], ["mrt", 5]))
    assert state.state == approval.CHANGED
    assert changes.of(state) == ["getekend: -feb | ", "getekend: +feb | 0"]


def test_a_build_keys_its_charts_and_the_reviewer_signs_them_off(
    build_2025, capsys, monkeypatch, tmp_path
):
    records, keys = chart_keys.read(build_2025.output_dir)
    executed = sorted((build_2025.output_dir / "review").glob("*.ipynb"))
    drawn = set(steps.collect(executed)[1])
    assert set(records) == set(keys) == drawn and len(drawn) == 7
    reviews = tmp_path / "2025.yaml"
    monkeypatch.setattr(history, "reviews_file", lambda year: reviews)
    out = str(build_2025.output_dir.parent)
    approve = ["review", "approve", "2025", "--by", "An Peeters", "--out", out]
    assert cli.main([*approve, "--figure", "financing.loans_per_month"]) == 0
    assert capsys.readouterr().out.startswith("approved 1 chart of 2025 in ")
    assert cli.main(["review", "status", "2025", "--out", out]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "7 grafieken: 1 nagekeken, 0 gewijzigd sinds nazicht, 6 niet nagekeken"
    assert any(line.split() == ["financing.loans_per_month", "nagekeken"] for line in lines)
    assert cli.main([*approve, "--figure", "financing.loans_per_mont"]) == 1
    error = capsys.readouterr().err
    assert "not a figure or chart of this build; did you mean financing.loans_per_month" in error
