"""Registers as the source systems export them: Belgian Excel CSV and .xlsx read to the same
numbers as the plain CSV, and a wrong guess is an error, never a silently wrong number."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sociaal_verslag import params
from sociaal_verslag.exports import RegisterSource
from sociaal_verslag.paths import PROJECT_ROOT
from sociaal_verslag.registers import RegisterError, load_register

DATA_2025 = PROJECT_ROOT / "data" / "2025"


@pytest.fixture(scope="module")
def plain() -> pd.DataFrame:
    return load_register("trainings", DATA_2025, 2025)


def _belgian_text(plain_csv: Path) -> str:
    """The plain register as Belgian Excel writes it: ';', decimal comma, dd/mm/yyyy."""
    frame = pd.read_csv(plain_csv, dtype=str, keep_default_na=False)
    frame["held_on"] = pd.to_datetime(frame["held_on"]).dt.strftime("%d/%m/%Y")
    frame["days"] = frame["days"].str.replace(".", ",", regex=False)
    frame["title"] = frame["title"] + " – coöperatie"
    return frame.to_csv(sep=";", index=False, lineterminator="\r\n")


def _assert_same_numbers(frame: pd.DataFrame, plain: pd.DataFrame) -> None:
    pd.testing.assert_series_equal(frame["held_on"], plain["held_on"])
    pd.testing.assert_series_equal(frame["days"], plain["days"])
    pd.testing.assert_series_equal(frame["participants"], plain["participants"])


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_belgian_excel_csv_is_detected_and_read_to_the_same_numbers(tmp_path, plain, encoding):
    text = _belgian_text(DATA_2025 / "trainings.csv")
    (tmp_path / "trainings.csv").write_bytes(text.encode(encoding))
    frame = load_register("trainings", tmp_path, 2025)
    _assert_same_numbers(frame, plain)
    assert frame["title"].iloc[0].endswith(" – coöperatie")
    assert frame.attrs["dialect"] == "csv-be"
    assert frame.attrs["encoding"] == ("cp1252" if encoding == "cp1252" else "utf-8")


def test_thousands_separators_in_a_belgian_file(tmp_path):
    lines = (DATA_2025 / "kbs_grants.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    belgian = [header.replace(",", ";")]
    for row in rows:
        cells = row.split(",")
        day = datetime.strptime(cells[3], "%Y-%m-%d")
        amount = int(float(cells[4]))
        cells[3] = f"{day.day}/{day.month:02d}/{day.year}"
        cells[4] = f"{amount // 1000}.{amount % 1000:03d},00"
        belgian.append(";".join(cells))
    (tmp_path / "kbs_grants.csv").write_text("\n".join(belgian) + "\n", encoding="utf-8")
    frame = load_register("kbs_grants", tmp_path, 2025)
    assert frame["amount_eur"].sum() == 78910
    assert frame["amount_eur"].min() == 3500


def test_xlsx_with_typed_cells_reads_to_the_same_numbers(tmp_path, plain):
    source = pd.read_csv(DATA_2025 / "trainings.csv", dtype=str, keep_default_na=False)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Opleidingen"
    sheet.append(list(source.columns))
    for row in source.itertuples(index=False):
        sheet.append(
            [
                row.session_id,
                row.title,
                row.audience,
                datetime.strptime(row.held_on, "%Y-%m-%d"),
                float(row.days),
                int(row.participants),
            ]
        )
    sheet.append([None] * 6)  # a formatted but empty row at the end is not a record
    workbook.save(tmp_path / "opleidingen-2025.xlsx")
    told = RegisterSource(file="opleidingen-2025.xlsx", sheet="Opleidingen")
    frame = load_register("trainings", tmp_path, 2025, told)
    _assert_same_numbers(frame, plain)
    assert frame.attrs["dialect"] == "xlsx"


def _error(tmp_path: Path, source: RegisterSource | None = None) -> str:
    with pytest.raises(RegisterError) as caught:
        load_register("trainings", tmp_path, 2025, source)
    return str(caught.value)


def test_told_plain_csv_but_the_file_is_belgian(tmp_path):
    text = _belgian_text(DATA_2025 / "trainings.csv")
    (tmp_path / "trainings.csv").write_text(text, encoding="utf-8")
    message = _error(tmp_path, RegisterSource(format="csv"))
    assert "trainings.csv: expected a trainings register, got header row: expected the" in message
    assert "separated by ',' as in csv" in message


def test_told_utf8_but_the_file_is_windows_1252(tmp_path):
    text = _belgian_text(DATA_2025 / "trainings.csv")
    (tmp_path / "trainings.csv").write_bytes(text.encode("cp1252"))
    message = _error(tmp_path, RegisterSource(encoding="utf-8"))
    assert "not utf-8 text" in message and "line 2" in message


def test_a_plain_decimal_in_a_belgian_file_is_an_error_not_a_number(tmp_path):
    text = _belgian_text(DATA_2025 / "trainings.csv").replace(";1,5;", ";1.5;", 1)
    (tmp_path / "trainings.csv").write_text(text, encoding="utf-8")
    message = _error(tmp_path)
    assert "column days: expected a number > 0 (with a decimal comma), got '1.5'" in message


def test_a_belgian_date_in_a_plain_file_is_an_error(tmp_path):
    lines = (DATA_2025 / "trainings.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[3] = "03/04/2025"
    lines[1] = ",".join(cells)
    (tmp_path / "trainings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "row 2, column held_on: expected a date yyyy-mm-dd, got '03/04/2025'" in _error(tmp_path)


def test_two_files_for_one_register_is_an_error(tmp_path):
    shutil.copy(DATA_2025 / "trainings.csv", tmp_path / "trainings.csv")
    openpyxl.Workbook().save(tmp_path / "trainings.xlsx")
    assert "both trainings.csv and trainings.xlsx" in _error(tmp_path)


def test_register_sources_in_the_parameters_are_checked():
    report_params, _ = params.load(
        2025, overrides=["registers={trainings: {file: opleidingen.xlsx}}"]
    )
    assert report_params.registers["trainings"].file == "opleidingen.xlsx"
    with pytest.raises(params.ParamsError, match=r"registers\.leningen: not a register"):
        params.load(2025, overrides=["registers={leningen: {format: csv-be}}"])
    with pytest.raises(params.ParamsError, match=r"registers\.loans\.format"):
        params.load(2025, overrides=["registers={loans: {format: ods}}"])


def test_a_trailing_separator_on_every_row_is_read_as_the_same_records(tmp_path, plain):
    lines = (DATA_2025 / "trainings.csv").read_text(encoding="utf-8").splitlines()
    body = [line + "," for line in lines[1:]]
    (tmp_path / "trainings.csv").write_text("\n".join([lines[0], *body]) + "\n", "utf-8")
    frame = load_register("trainings", tmp_path, 2025)
    assert list(frame["session_id"]) == list(plain["session_id"])
    _assert_same_numbers(frame, plain)


def test_a_workbook_with_a_repeated_or_unnamed_column_is_refused(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["session_id", "title", "audience", "held_on", "days", "days"])
    sheet.append(["T1", "x", "members", datetime(2025, 3, 1), 1.0, 2.0])
    workbook.save(tmp_path / "trainings.xlsx")
    assert "the column days appears more than once" in _error(tmp_path)

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["session_id", "title", "audience", "held_on", "days", "participants"])
    sheet.append(["T1", "x", "members", datetime(2025, 3, 1), 1.0, 12, "stray"])
    workbook.save(tmp_path / "trainings.xlsx")
    assert "row 2: values to the right of the last column 'participants'" in _error(tmp_path)


def test_a_value_beyond_the_last_column_is_refused_not_dropped(tmp_path):
    lines = (DATA_2025 / "trainings.csv").read_text(encoding="utf-8").splitlines()
    body = [line + "," for line in lines[1:]]
    body[4] += "stray"
    (tmp_path / "trainings.csv").write_text("\n".join([lines[0], *body]) + "\n", "utf-8")
    assert "row 6: a value after the last column 'participants' ('stray')" in _error(tmp_path)
