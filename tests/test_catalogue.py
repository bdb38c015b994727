"""The figure and chart descriptions: read strictly, and the one place the code and docs read."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from sociaal_verslag import metrics
from sociaal_verslag.cli import design_docs
from sociaal_verslag.figures import catalogue
from sociaal_verslag.figures.catalogue import CATALOGUE, METRICS, CatalogueError
from sociaal_verslag.metrics._common import metric
from sociaal_verslag.notebook import sources as notebook_sources
from sociaal_verslag.notebook.sources import NotebookSourceError
from sociaal_verslag.year import chapters
from sociaal_verslag.year.params import ReportParams

from .project_copy import copy_project, edit, sociaal_verslag


def test_every_computed_figure_is_named_after_its_module():
    for spec in CATALOGUE.values():
        module = spec.metric.split(".")[0]
        if spec.source == "fact":
            assert module == "facts", spec.id
        else:
            assert spec.id.startswith(f"{module}."), spec.id


def test_a_metric_functions_docstring_is_made_of_its_figures_rules():
    for name, spec in METRICS.items():
        doc = metrics.function(name).__doc__
        for figure_id in spec.figures:
            assert f"``{figure_id}``: {CATALOGUE[figure_id].rule}." in doc, figure_id


def test_a_metric_declares_exactly_the_parameters_it_takes():
    parameters = set(ReportParams.model_fields) - {"year"}  # every metric is for a year
    for name, spec in METRICS.items():
        taken = set(inspect.signature(metrics.function(name)).parameters) & parameters
        assert taken == set(spec.parameters), name


def test_a_metric_that_returns_other_figures_than_described_is_stopped():
    def advisers(frame, year):
        return {"activity.advisers": 1}  # activity.offices is described too

    advisers.__module__ = "sociaal_verslag.metrics.activity"
    with pytest.raises(
        ValueError,
        match=r"does not return activity\.offices, which metrics/activity\.meta\.yml describes",
    ):
        metric(advisers)(None, 2025)

    def holders(frame, year):
        return {"activity.active_holders": 1, "activity.active_holders_new": 0, "x.y": 2}

    holders.__module__ = "sociaal_verslag.metrics.activity"
    with pytest.raises(
        ValueError, match=r"returns x\.y, which metrics/activity\.meta\.yml does not describe"
    ):
        metric(holders)(None, 2025)


def test_a_function_the_catalogue_does_not_describe_cannot_be_a_metric():
    def unknown(frame, year):
        return {}

    unknown.__module__ = "sociaal_verslag.metrics.activity"
    with pytest.raises(KeyError, match=r"'activity\.unknown' is not a metric function"):
        metric(unknown)


GOOD = """\
chapter: dynamiek
functions:
  advisers:
    figures:
      activity.advisers: {unit: count, style: quantity, label: adviseurs, rule: actieve adviseurs}
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + "colour: red\n", "colour: unknown key"),
        (GOOD.replace("style: quantity", "style: quantiti"), "unknown style 'quantiti'"),
        (
            GOOD.replace("activity.advisers:", "financing.advisers:"),
            "functions.advisers.figures.financing.advisers: the id of a figure computed in"
            " metrics/activity.py starts with activity.",
        ),
        (
            GOOD.replace("rule: actieve adviseurs", "plausible: [1, 2], rule: abc"),
            "a fact, and only a fact, declares its plausible range",
        ),
        (
            GOOD.replace(", rule: actieve adviseurs", ""),
            "functions.advisers.figures.activity.advisers.rule: missing key",
        ),
        (
            GOOD.replace(", label: adviseurs", ""),
            "functions.advisers.figures.activity.advisers.label: missing key",
        ),
        ("chapter: [", "not valid YAML"),
    ],
)
def test_a_bad_description_is_one_line_naming_the_file_and_the_key(tmp_path, text, message):
    path = tmp_path / "activity.meta.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        catalogue._read_module(path)
    lines = str(caught.value).splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0], lines


def test_a_chart_of_an_unknown_figure_is_refused(tmp_path, monkeypatch):
    charts_file = tmp_path / "charts.yaml"
    charts_file.write_text(
        "x.chart:\n  caption: Iets in {{ year }}.\n  figures: [activity.advisers, nope.nope]\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(catalogue, "CHARTS_FILE", charts_file)
    catalogue.charts.cache_clear()
    try:
        with pytest.raises(CatalogueError, match=r"x\.chart\.figures: nope\.nope is not a figure"):
            catalogue.charts()
    finally:
        catalogue.charts.cache_clear()


def test_the_figures_page_of_the_docs_is_up_to_date():
    assert design_docs.stale_pages() == [], "run: sociaal-verslag docs"


def test_every_figure_is_recorded_in_the_chapter_its_description_names():
    listed = [chapter for chapter in chapters.listed() if chapter.notebook is not None]
    for chapter in listed:
        for figure_id in notebook_sources.read(chapter.notebook).figures:
            assert CATALOGUE[figure_id].chapter == chapter.id, figure_id
    sources = [notebook_sources.read(chapter.notebook) for chapter in listed]
    swapped = {listed[0].notebook: listed[1].id, listed[1].notebook: listed[0].id}
    with pytest.raises(NotebookSourceError) as caught:
        notebook_sources.check_figures(sources, swapped)
    assert (
        "notebooks/01-dynamiek.ipynb: records activity.turnover_eur, which"
        " metrics/activity.meta.yml places in chapter dynamiek, but report.yaml gives this"
        " notebook to chapter bescherming"
    ) in str(caught.value).splitlines()


# --- a notebook says what it records --------------------------------------------------------


def _notebook(tmp_path: Path, *cells: tuple[str, str]) -> Path:
    notebook = nbformat.v4.new_notebook()
    for kind, source in cells:
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        notebook.cells.append(make(source))
    path = tmp_path / "01-test.ipynb"
    nbformat.write(notebook, path)
    return path


def test_a_cell_names_the_figures_it_records(tmp_path):
    path = _notebook(
        tmp_path,
        ("md", "## Adviseurs\nAdviseurs op het jaareinde (`activity.advisers`)."),
        (
            "code",
            'advisers = load("advisers", params)\nrecord("activity.advisers", advisers, year)',
        ),
    )
    with pytest.raises(NotebookSourceError) as caught:
        notebook_sources.read(path)
    assert str(caught.value).endswith(
        "records activity.offices; name it in the cell or in the markdown above it"
    )
    named = _notebook(
        tmp_path,
        ("md", "Adviseurs (`activity.advisers`) en kantoren (`activity.offices`)."),
        ("code", 'record("activity.advisers", load("advisers", params), year)'),
    )
    source = notebook_sources.read(named)
    assert source.figures == ("activity.advisers", "activity.offices")
    assert source.metric_modules == ("activity",)
    # The metric's name names the figures whose ids extend it.
    by_stem = _notebook(tmp_path, ("code", 'record("financing.kbs_grants", grants, year)'))
    assert len(notebook_sources.read(by_stem).figures) == 4


def test_a_notebook_runs_only_metrics_and_charts_of_the_catalogue(tmp_path):
    path = _notebook(
        tmp_path,
        ("code", 'record("activity.adviser", advisers, year)'),
        ("code", 'chart("activity.nothing", figure, year)'),
    )
    with pytest.raises(NotebookSourceError) as caught:
        notebook_sources.read(path)
    lines = str(caught.value).splitlines()
    assert "record('activity.adviser'): not a metric function of the catalogue" in lines[0]
    assert lines[1].endswith(
        "chart('activity.nothing') is not described in sociaal_verslag/charts/charts.yaml"
    )


def test_each_figure_is_recorded_by_exactly_one_notebook(tmp_path):
    paths = chapters.notebooks(chapters.listed())
    sources = [notebook_sources.read(path) for path in paths]
    notebook_sources.check_figures(sources)
    with pytest.raises(NotebookSourceError, match=r"figure activity\.advisers is recorded 2 times"):
        notebook_sources.check_figures([*sources, sources[0]])
    with pytest.raises(NotebookSourceError, match="no chapter notebook records the figures"):
        notebook_sources.check_figures(sources[1:])


# --- a mistake in a design file is one line of the command, never a failed import ---------------


@pytest.fixture(scope="module")
def misspelled_style(tmp_path_factory):
    """A copy of the project whose gembloux.meta.yml names a style that does not exist."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    edit(
        root / "sociaal_verslag" / "metrics" / "gembloux.meta.yml",
        "style: quantity",
        "style: quantitty",
    )
    return root


@pytest.mark.build
def test_the_package_imports_without_reading_the_design_files(misspelled_style):
    modules = "sociaal_verslag.cli.main, sociaal_verslag.notebook.calls, sociaal_verslag.metrics"
    done = subprocess.run(
        [sys.executable, "-c", f"import {modules}"],
        cwd=misspelled_style,
        env={**os.environ, "PYTHONPATH": str(misspelled_style)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.build
@pytest.mark.parametrize("command", [["build", "2025"], ["docs"]])
def test_a_misspelled_style_is_one_error_line_of_the_command(misspelled_style, command):
    done = sociaal_verslag(misspelled_style, *command)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "error: sociaal_verslag/metrics/gembloux.meta.yml: functions.jobs.figures.gembloux.jobs:"
        " unknown style 'quantitty'"
    )
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_figure_s_parameters_are_some_of_its_function_s(tmp_path, monkeypatch):
    meta = tmp_path / "employment.meta.yml"
    meta.write_text(
        "chapter: bescherming\nfunctions:\n  contracts:\n    parameters: [fte_hours_per_year]\n"
        "    figures:\n      employment.fte:\n        unit: FTE\n        style: quantity\n"
        "        label: voltijdse equivalenten\n        rule: uren gedeeld door jaaruren\n"
        "        parameters: [coopinside_month]\n",
        encoding="utf-8",
    )
    with pytest.raises(catalogue.CatalogueError) as raised:
        catalogue._read_module(meta)
    assert (
        "employment.fte.parameters: 'coopinside_month' is not a parameter its function reads"
        in (str(raised.value))
    )


def test_the_figures_whose_rule_uses_a_parameter_name_it():
    assert catalogue.CATALOGUE["employment.fte"].parameters == ("fte_hours_per_year",)
    assert catalogue.CATALOGUE["employment.contracts"].parameters == ()
    assert catalogue.CATALOGUE["smartlabs.regular"].parameters == ("smartlab_regular_min_meetings",)
