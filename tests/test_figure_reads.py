"""A figure that declares the registers its rule reads (``reads`` in its .meta.yml) names only
those as its inputs and its source: the declaration must be true, or the appendix would send a
reader to the wrong register."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from sociaal_verslag import metrics
from sociaal_verslag.base.errors import ReportError
from sociaal_verslag.figures.catalogue import CATALOGUE, FigureSpec, metric_spec
from sociaal_verslag.notebook import calls


def _dates(*values: str) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object"))


def _smartlabs_args() -> dict[str, object]:
    """Every register counts for some figure here: a registration after the year, a meeting
    after the year, and attendance that only the meetings of the year make regular."""
    return {
        "registrations": pd.DataFrame(
            {
                "person_id": ["P1", "P2", "P2", "P3"],
                "group_id": ["G1", "G1", "G2", "G3"],
                "registered_on": _dates("2023-01-01", "2023-01-01", "2024-01-01", "2026-01-01"),
            }
        ),
        "meetings": pd.DataFrame(
            {
                "meeting_id": ["M1", "M2", "M3", "M4"],
                "group_id": ["G1", "G1", "G2", "G3"],
                "held_on": _dates("2023-03-01", "2024-03-01", "2025-03-01", "2026-02-01"),
                "hours": [2.0, 2.5, 1.5, 3.0],
            }
        ),
        "attendance": pd.DataFrame(
            {
                "meeting_id": ["M1", "M2", "M3", "M1", "M2", "M4"],
                "person_id": ["P1", "P1", "P1", "P2", "P2", "P2"],
            }
        ),
        "year": 2025,
        "smartlab_regular_min_meetings": 2,
    }


ARGUMENTS = {
    "smartlabs.smartlabs": _smartlabs_args,
}
"""For each metric function of which a figure declares ``reads``: records on which each of its
registers changes some figure."""

DECLARING = sorted({spec.metric for spec in CATALOGUE.values() if spec.reads})


def _call(metric: str, args: dict[str, object]) -> dict[str, object]:
    return metrics.function(metric)(**args)


def test_every_function_with_a_figure_that_declares_its_reads_has_records_here():
    assert DECLARING, "no figure declares its reads: the test below would check nothing"
    assert set(DECLARING) <= set(ARGUMENTS)


@pytest.mark.parametrize("metric", DECLARING)
def test_a_figure_reads_only_the_registers_it_declares(metric):
    """Emptying a register a figure does not declare leaves it as it was."""
    args = ARGUMENTS[metric]()
    before = _call(metric, args)
    frames = [name for name, value in args.items() if isinstance(value, pd.DataFrame)]
    for figure_id in metric_spec(metric).figures:
        declared = CATALOGUE[figure_id].reads
        for name in frames:
            if declared and name not in declared:
                emptied = {**args, name: args[name].iloc[0:0]}
                assert _call(metric, emptied)[figure_id] == before[figure_id], (figure_id, name)


@pytest.mark.parametrize("metric", DECLARING)
def test_the_records_here_make_each_register_count(metric):
    """Without this, the test above would pass on records where no register matters."""
    args = ARGUMENTS[metric]()
    before = _call(metric, args)
    for name, value in args.items():
        if isinstance(value, pd.DataFrame):
            assert _call(metric, {**args, name: value.iloc[0:0]}) != before, name


def test_a_declared_read_is_an_argument_of_its_function():
    for spec in CATALOGUE.values():
        if spec.reads:
            arguments = inspect.signature(metrics.function(spec.metric)).parameters
            assert set(spec.reads) <= set(arguments), spec.id


def _with_source(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    frame = frame.copy()
    frame.attrs["source_file"] = f"data/2025/{name}.csv"
    return frame


def test_a_figure_that_declares_its_reads_records_only_those_and_the_parameters():
    args = _smartlabs_args()
    given = (
        _with_source(args["registrations"], "smartlab_registrations"),
        _with_source(args["meetings"], "smartlab_meetings"),
        _with_source(args["attendance"], "smartlab_attendance"),
        2025,
        2,
    )
    spec = metric_spec("smartlabs.smartlabs")
    inputs = calls._inputs_by_figure(spec, metrics.function(spec.name), given)
    parameters = "params/2025.yaml"
    assert inputs["smartlabs.hours"] == ("data/2025/smartlab_meetings.csv", parameters)
    assert inputs["smartlabs.interested"] == ("data/2025/smartlab_registrations.csv", parameters)
    assert inputs["smartlabs.regular"] == (
        "data/2025/smartlab_meetings.csv",
        "data/2025/smartlab_attendance.csv",
        parameters,
    )


def test_a_read_its_function_is_not_given_is_named(monkeypatch):
    spec = metric_spec("smartlabs.smartlabs")
    wrong = FigureSpec(**{**vars(CATALOGUE["smartlabs.hours"]), "reads": ("sessions",)})
    monkeypatch.setattr(calls, "spec_for", lambda figure_id: wrong)
    args = tuple(_smartlabs_args().values())
    with pytest.raises(ReportError, match=r"smartlabs\.\w+: reads sessions, which smartlabs"):
        calls._inputs_by_figure(spec, metrics.function(spec.name), args)
