"""A notebook loads only the columns of a register its figures and charts read: the same frame
whether it comes from the build's validated copy or from the file (Jupyter), and a column that
is no column of the register is one line naming it."""

from __future__ import annotations

import pandas as pd
import pytest

from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.cache.store import Store
from sociaal_verslag.notebook import calls
from sociaal_verslag.registers import validated
from sociaal_verslag.year import params

DATA = PROJECT_ROOT / "data" / "2025"
COLUMNS = ["amount_granted_eur", "granted_on"]  # not in the register's order


@pytest.fixture
def report_params():
    return params.load(2025)[0]


def _from_file_and_build(name, columns, tmp_path, monkeypatch, report_params):
    """The register loaded as Jupyter loads it (from its file), then as a build's kernel does
    (from the validated copy the index names)."""
    monkeypatch.setattr(calls, "_build_record", None)  # no review record beside the params
    monkeypatch.delenv(validated.INDEX_ENV, raising=False)
    from_file = calls.load(name, report_params, columns=columns)
    checked = validated.validate(DATA, 2025, {}, Store(tmp_path / "cache"))
    index = checked.write_index(tmp_path / "index.json", DATA, 2025)
    monkeypatch.setenv(validated.INDEX_ENV, str(index))
    return from_file, calls.load(name, report_params, columns=columns)


@pytest.mark.build
def test_a_register_loads_only_the_columns_asked_the_same_from_the_build_or_the_file(
    tmp_path, monkeypatch, report_params
):
    from_file, from_build = _from_file_and_build(
        "loans", COLUMNS, tmp_path, monkeypatch, report_params
    )
    assert list(from_build.columns) == COLUMNS
    pd.testing.assert_frame_equal(from_build, from_file)
    assert from_build.attrs["source_file"] == from_file.attrs["source_file"]
    whole = calls.load("loans", report_params)
    pd.testing.assert_frame_equal(whole[COLUMNS], from_build)


def test_a_column_the_register_has_not_is_one_line_naming_it(report_params):
    with pytest.raises(ValueError) as raised:
        calls.load("loans", report_params, columns=["granted_on", "amount_granted"])
    message = str(raised.value)
    assert message.startswith(
        "load('loans', columns=...): 'amount_granted' is not a column of loans"
    )
    assert "did you mean" in message and "amount_granted_eur" in message
    assert len(message.splitlines()) == 1


@pytest.mark.build
def test_a_column_of_listed_values_is_held_as_a_category_of_them_either_way(
    tmp_path, monkeypatch, report_params
):
    from_file, from_build = _from_file_and_build(
        "employment_contracts",
        ["contract_type", "start_date"],
        tmp_path,
        monkeypatch,
        report_params,
    )
    pd.testing.assert_frame_equal(from_build, from_file)
    # The listed values in registers.yaml's order, whichever a year's rows hold.
    assert list(from_build["contract_type"].cat.categories) == ["daily", "fixed_term", "open_ended"]
    assert from_build["start_date"].dtype.kind == "M"  # other columns as they were
