"""The register specifications: the committed 2025 registers pass, broken copies fail precisely."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from sociaal_verslag.registers.loading import (
    MAX_LISTED_PER_FILE,
    PROJECT_ROOT,
    REGISTERS,
    Problem,
    RegisterError,
    check_registers,
    display_path,
    load_register,
    load_registers,
)

DATA_2025 = PROJECT_ROOT / "data" / "2025"


def _copy(tmp_path: Path, *names: str) -> Path:
    """Copy the committed files of these registers into tmp_path."""
    for name in names:
        shutil.copy(REGISTERS[name].path(DATA_2025), tmp_path)
    return tmp_path


def _edit(tmp_path: Path, name: str, row: int, column: str, value: str) -> str:
    """Set one cell (spreadsheet row: header = 1) of a copied register; returns the old value."""
    path = REGISTERS[name].path(tmp_path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    old = rows[row - 1][rows[0].index(column)]
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return old


def _cell(name: str, row: int, column: str) -> str:
    frame = pd.read_csv(REGISTERS[name].path(DATA_2025), dtype=str, keep_default_na=False)
    return frame.at[row - 2, column]


def _error(name: str, data_dir: Path, year: int = 2025) -> RegisterError:
    with pytest.raises(RegisterError) as caught:
        load_register(name, data_dir, year)
    return caught.value


# --- the committed registers ----------------------------------------------------------------


@pytest.mark.parametrize("name", list(REGISTERS))
def test_every_committed_register_loads_with_its_types(name):
    spec = REGISTERS[name]
    frame = load_register(name, DATA_2025, 2025)
    assert len(frame) > 0
    assert tuple(frame.columns) == spec.columns
    assert frame.attrs["source_file"] == f"data/2025/{spec.filename}"
    for column in spec.columns:
        kind, dtype = spec.column_kind(column), frame[column].dtype
        if kind == "date":
            assert dtype == "datetime64[ns]", column
        elif kind == "bool":
            assert pd.api.types.is_bool_dtype(dtype), column
        elif kind == "int":
            assert dtype == "int64", column
        elif kind == "float":
            assert dtype == "float64", column
        else:
            assert pd.api.types.is_string_dtype(dtype), column


def test_the_committed_registers_have_no_problems_references_included():
    assert check_registers(DATA_2025, 2025) == []


def test_the_same_registers_do_not_pass_as_another_year():
    problems = check_registers(DATA_2025, 2024, names=["info_sessions"])
    rows = (DATA_2025 / "info_sessions.csv").read_text(encoding="utf-8").count("\n") - 1
    assert len(problems) == rows  # each session's date is in 2025
    assert str(problems[0]).startswith("data/2025/info_sessions.csv, row 2, column held_on: ")
    assert "expected a date in 2024, got '2025-" in str(problems[0])


def test_every_register_has_a_description_a_source_and_a_csv_file():
    assert REGISTERS
    for name, spec in REGISTERS.items():
        assert spec.name == name
        assert spec.filename == f"{name}.csv"
        assert spec.description and spec.usual_source
        assert all(spec.column_kind(c) == "date" for c in spec.year_dates)


@pytest.mark.parametrize("name", ["employment_contracts", "invoices"])
def test_the_big_registers_hold_over_200_000_records(name):
    # Their loading time is measured by tests/benchmark.py, not asserted here.
    assert len(load_register(name, DATA_2025, 2025)) > 200_000


# --- broken copies give precise messages ------------------------------------------------------


def test_a_non_number_amount_names_file_row_column_expectation_and_value(tmp_path):
    _edit(_copy(tmp_path, "loans"), "loans", 14, "amount_granted_eur", "abc")
    error = _error("loans", tmp_path)
    file = display_path(tmp_path / "loans.csv")
    expected = "a number > 0 and <= 100000 (plausible range for a loan)"
    assert (
        str(error) == f"{file}, row 14, column amount_granted_eur: expected {expected}, got 'abc'"
    )
    assert error.problems == [Problem(file, 14, "amount_granted_eur", expected, "'abc'")]


def test_a_negative_amount_is_out_of_range(tmp_path):
    _edit(_copy(tmp_path, "loans"), "loans", 5, "amount_granted_eur", "-12.5")
    assert str(_error("loans", tmp_path)).endswith(
        "row 5, column amount_granted_eur: expected a number > 0 and <= 100000 (plausible range"
        " for a loan), got '-12.5'"
    )


def test_a_date_outside_the_year(tmp_path):
    _edit(_copy(tmp_path, "info_sessions"), "info_sessions", 7, "held_on", "2024-12-31")
    assert str(_error("info_sessions", tmp_path)).endswith(
        "info_sessions.csv, row 7, column held_on: expected a date in 2025, got '2024-12-31'"
    )


def test_a_date_that_does_not_exist(tmp_path):
    _edit(_copy(tmp_path, "info_sessions"), "info_sessions", 3, "held_on", "2025-02-30")
    assert str(_error("info_sessions", tmp_path)).endswith(
        "row 3, column held_on: expected a date yyyy-mm-dd, got '2025-02-30'"
    )


def test_a_duplicate_id_points_to_the_first_occurrence(tmp_path):
    first = _cell("loans", 3, "loan_id")
    _edit(_copy(tmp_path, "loans"), "loans", 10, "loan_id", first)
    assert str(_error("loans", tmp_path)).endswith(
        f"row 10, column loan_id: expected a unique value (already on row 3), got '{first}'"
    )


def test_an_attendee_listed_twice_for_the_same_session(tmp_path):
    _copy(tmp_path, "info_session_attendees")
    session = _cell("info_session_attendees", 2, "session_id")
    person = _cell("info_session_attendees", 2, "person_id")
    _edit(tmp_path, "info_session_attendees", 3, "session_id", session)
    _edit(tmp_path, "info_session_attendees", 3, "person_id", person)
    message = str(_error("info_session_attendees", tmp_path))
    assert message.endswith(
        "row 3, column session_id: expected a unique combination of session_id, person_id "
        f"(already on row 2), got session_id '{session}', person_id '{person}'"
    )


def test_an_unknown_allowed_value(tmp_path):
    _edit(_copy(tmp_path, "info_sessions"), "info_sessions", 4, "language", "de")
    assert str(_error("info_sessions", tmp_path)).endswith(
        "row 4, column language: expected one of nl, fr, en, got 'de'"
    )


def test_an_empty_required_cell(tmp_path):
    _edit(_copy(tmp_path, "loans"), "loans", 6, "holder_id", "")
    assert str(_error("loans", tmp_path)).endswith(
        "row 6, column holder_id: expected a value, got an empty cell"
    )


def test_a_rule_across_columns(tmp_path):
    _copy(tmp_path, "loans")
    paid = _cell("loans", 2, "disbursed_on")
    _edit(tmp_path, "loans", 2, "amount_disbursed_eur", "")
    assert str(_error("loans", tmp_path)).endswith(
        "row 2, column amount_disbursed_eur: expected a value exactly when disbursed_on is "
        f"filled in, got an empty cell with disbursed_on '{paid}'"
    )


def test_a_missing_column(tmp_path):
    path = _copy(tmp_path, "info_sessions") / "info_sessions.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns="office")
    frame.to_csv(path, index=False, lineterminator="\n")
    assert str(_error("info_sessions", tmp_path)) == (
        f"{display_path(path)}, header row, column office: "
        "expected a column named 'office', got no such column"
    )


def test_an_extra_column(tmp_path):
    path = _copy(tmp_path, "info_sessions") / "info_sessions.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["remark"] = ""
    frame.to_csv(path, index=False, lineterminator="\n")
    assert str(_error("info_sessions", tmp_path)).endswith(
        "header row, column remark: expected only the columns session_id, held_on, office, "
        "language, got an extra column 'remark'"
    )


def test_a_missing_file_names_the_file_and_its_columns(tmp_path):
    assert str(_error("kbs_grants", tmp_path)) == (
        f"{display_path(tmp_path / 'kbs_grants.csv')}: expected a file kbs_grants.csv or "
        "kbs_grants.xlsx with the columns grant_id, member_id, craft, received_on, amount_eur,"
        " got no such file"
    )


def test_a_missing_month_in_the_security_log(tmp_path):
    path = _copy(tmp_path, "security_monthly") / "security_monthly.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:7] + lines[8:]), encoding="utf-8")  # drop 2025-07
    assert str(_error("security_monthly", tmp_path)).endswith(
        "column month: expected every month of 2025 exactly once, got no row for 2025-07"
    )


def test_a_bad_reference_is_found_by_check_registers_not_by_load_register(tmp_path):
    _copy(tmp_path, "info_sessions", "info_session_attendees")
    _edit(tmp_path, "info_session_attendees", 9, "session_id", "IS-2025-9999")
    load_register("info_session_attendees", tmp_path, 2025)  # alone: no reference check
    problems = check_registers(tmp_path, 2025, names=["info_sessions", "info_session_attendees"])
    assert [str(p) for p in problems] == [
        f"{display_path(tmp_path / 'info_session_attendees.csv')}, row 9, column session_id: "
        f"expected a session_id listed in {display_path(tmp_path / 'info_sessions.csv')}, "
        "got 'IS-2025-9999'"
    ]
    with pytest.raises(RegisterError):
        load_registers(["info_sessions", "info_session_attendees"], tmp_path, 2025)


def test_all_problems_of_a_file_are_reported_and_the_listing_is_capped(tmp_path):
    _copy(tmp_path, "legal_cases")
    for row in range(2, 2 + MAX_LISTED_PER_FILE + 5):
        _edit(tmp_path, "legal_cases", row, "about_unit_activity", "ja")
    error = _error("legal_cases", tmp_path)
    assert len(error.problems) == MAX_LISTED_PER_FILE + 5
    lines = str(error).splitlines()
    assert len(lines) == MAX_LISTED_PER_FILE + 1
    assert lines[0].endswith("row 2, column about_unit_activity: expected true or false, got 'ja'")
    assert lines[-1] == f"... and 5 more problems in {display_path(tmp_path / 'legal_cases.csv')}"


def test_paths_under_the_project_are_shown_relative_to_it(tmp_path):
    assert display_path(PROJECT_ROOT / "data" / "2025" / "loans.csv") == "data/2025/loans.csv"
    assert display_path(tmp_path / "loans.csv") == (tmp_path / "loans.csv").as_posix()


def test_a_blank_line_is_one_problem_on_its_row(tmp_path):
    path = _copy(tmp_path, "info_sessions") / "info_sessions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[:3], "\n", *lines[3:]]), encoding="utf-8")
    assert str(_error("info_sessions", tmp_path)) == (
        f"{display_path(path)}, row 4: expected a record, got a blank line"
    )


# --- plausible ranges -------------------------------------------------------------------------

NUMBER_COLUMNS = [
    (name, column)
    for name, spec in REGISTERS.items()
    for column in spec.columns
    if spec.column_kind(column) in ("int", "float")
]


def _small_copy(tmp_path: Path, name: str) -> Path:
    """The committed register cut to its first records (all of them for the monthly log)."""
    lines = REGISTERS[name].path(DATA_2025).read_text(encoding="utf-8").splitlines(keepends=True)
    keep = len(lines) if REGISTERS[name].months_of_year else 4
    REGISTERS[name].path(tmp_path).write_text("".join(lines[:keep]), encoding="utf-8")
    return tmp_path


def _step(name: str, column: str) -> float:
    """The smallest step a value of the column can take."""
    if REGISTERS[name].column_kind(column) == "int":
        return 1
    return 0.5 if (name, column) == ("trainings", "days") else 0.01


def _text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _problems_with(tmp_path: Path, name: str, column: str, value: str) -> list[str]:
    _edit(_small_copy(tmp_path, name), name, 2, column, value)
    try:
        load_register(name, tmp_path, 2025)
    except RegisterError as error:
        return [str(problem) for problem in error.problems]
    return []


def test_every_number_column_states_a_plausible_range_in_what_it_expects():
    assert NUMBER_COLUMNS
    for name, column in NUMBER_COLUMNS:
        spec = REGISTERS[name]
        plausible = spec.plausible_range(column)
        assert plausible is not None, f"{name}.{column}"
        expected = spec.schema.columns[column].metadata["expected"]
        assert " and <= " in expected and expected.endswith(f"({plausible.why})")
        assert spec.schema.columns[column].checks[0].error == expected


@pytest.mark.parametrize(("name", "column"), NUMBER_COLUMNS)
def test_the_maximum_is_accepted_and_just_above_it_is_refused(tmp_path, name, column):
    spec = REGISTERS[name]
    high = spec.plausible_range(column).high
    assert _problems_with(tmp_path, name, column, _text(high)) == []
    above = _text(high + _step(name, column))
    expected = spec.schema.columns[column].metadata["expected"]
    assert _problems_with(tmp_path, name, column, above) == [
        f"{display_path(tmp_path / spec.filename)}, row 2, column {column}: expected {expected},"
        f" got '{above}'"
    ]


@pytest.mark.parametrize(("name", "column"), NUMBER_COLUMNS)
def test_zero_is_refused_exactly_where_the_schema_says_above_zero(tmp_path, name, column):
    spec = REGISTERS[name]
    plausible = spec.plausible_range(column)
    assert plausible.low == 0
    zeros = ["0"] if spec.column_kind(column) == "int" else ["0", "0.00"]
    for zero in zeros:
        problems = _problems_with(tmp_path, name, column, zero)
        if plausible.low_included:
            assert problems == [], zero
        else:
            expected = spec.schema.columns[column].metadata["expected"]
            assert expected.startswith(("a number > 0 and", "a whole number > 0 and"))
            assert problems == [
                f"{display_path(tmp_path / spec.filename)}, row 2, column {column}: expected"
                f" {expected}, got '{zero}'"
            ]


@pytest.mark.parametrize(
    ("name", "column"), [("invoices", "amount_excl_vat_eur"), ("trainings", "participants")]
)
@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "Infinity", "NaN", "1e400", "9" * 400])
def test_a_value_that_is_not_finite_is_refused(tmp_path, name, column, value):
    expected = REGISTERS[name].schema.columns[column].metadata["expected"]
    assert _problems_with(tmp_path, name, column, value) == [
        f"{display_path(tmp_path / REGISTERS[name].filename)}, row 2, column {column}: expected"
        f" {expected}, got {value!r}"
    ]


def test_an_absurd_invoice_amount_is_refused_with_the_plausible_range(tmp_path):
    problems = _problems_with(tmp_path, "invoices", "amount_excl_vat_eur", "1000000000000000000.00")
    assert problems == [
        f"{display_path(tmp_path / 'invoices.csv')}, row 2, column amount_excl_vat_eur: expected"
        " a number > 0 and <= 5000000 (plausible range for one invoice), got"
        " '1000000000000000000.00'"
    ]


def test_a_whole_number_too_large_for_64_bits_is_refused_not_wrapped(tmp_path):
    problems = _problems_with(tmp_path, "employment_contracts", "declared_days", "9" * 20)
    assert problems == [
        f"{display_path(tmp_path / 'employment_contracts.csv')}, row 2, column declared_days:"
        f" expected a whole number >= 0 and <= 366 (the days of one year), got '{'9' * 20}'"
    ]
