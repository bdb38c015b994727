"""A review notebook run again outside a build reads only its build's inputs (reproduce.py):
here last year's registers, which the charts compare with, checked in-process against a
manifest made for the test."""

from __future__ import annotations

import json
import shutil

import pytest

from sociaal_verslag.base.hashing import sha256
from sociaal_verslag.base.paths import PROJECT_ROOT, params_file, relative_to_root
from sociaal_verslag.notebook import calls as notebook
from sociaal_verslag.notebook import reproduce
from sociaal_verslag.year import params as params_module


@pytest.fixture
def review_run(tmp_path, monkeypatch):
    """A build folder whose manifest records last year's loans, and the parameters of that build;
    the notebook module set up as in a review notebook run again in Jupyter."""
    last_year = tmp_path / "data" / "2024"
    last_year.mkdir(parents=True)
    loans = last_year / "loans.csv"
    shutil.copy(PROJECT_ROOT / "data" / "2025" / "loans.csv", loans)
    raw = params_module.read_raw(params_file(2025))
    raw["previous"] = {"build_dir": str(tmp_path / "2024"), "data_dir": str(last_year)}
    build_dir = tmp_path / "2025"
    build_dir.mkdir()
    (build_dir / reproduce.MANIFEST).write_text(
        json.dumps(
            {
                "inputs": {relative_to_root(loans): sha256(loans)},
                "parameters": raw,
                "git": {"commit": "0123456789abcdef", "dirty": False},
            }
        ),
        encoding="utf-8",
    )
    record = reproduce.BuildRecord.beside(build_dir / "params.yaml")
    monkeypatch.setattr(notebook, "_build_record", record)
    return params_module.validate(raw, "params.yaml"), loans


def test_last_year_s_register_as_the_build_read_it_is_loaded(review_run):
    params, loans = review_run
    frame = notebook.load_previous("loans", params)
    rows = len(loans.read_text("utf-8").splitlines()) - 1  # under its header
    assert frame is not None and len(frame) == rows


def test_last_year_s_register_changed_since_the_build_is_refused_in_one_line(review_run):
    params, loans = review_run
    before = sha256(loans)
    loans.write_text(loans.read_text("utf-8") + "\n", "utf-8")
    with pytest.raises(reproduce.NotTheBuildInputsError) as refused:
        notebook.load_previous("loans", params)
    shown = relative_to_root(loans)
    assert str(refused.value) == (
        f"{shown}: sha256 {sha256(loans)[:12]}… now, {before[:12]}… when the build read it"
        f" ({relative_to_root(notebook._build_record.manifest)}); the build's inputs are those"
        f" of commit 0123456789 (git checkout 0123456789 -- {shown}), or build again to review"
        " the new data"
    )


def test_last_year_s_register_the_build_did_not_have_is_not_read_now(review_run):
    params, _ = review_run
    contracts = params.previous.data_dir + "/employment_contracts.csv"
    shutil.copy(PROJECT_ROOT / "data" / "2025" / "employment_contracts.csv", contracts)
    with pytest.raises(reproduce.NotTheBuildInputsError, match="not among the files the build"):
        notebook.load_previous("employment_contracts", params)


def test_last_year_s_register_missing_then_and_now_is_left_out_as_in_the_build(review_run, capsys):
    params, _ = review_run
    assert notebook.load_previous("coop_events", params) is None
    assert "last year's coop_events is left out of the comparison" in capsys.readouterr().out
