"""Registers as the source systems export them: Belgian Excel CSV and .xlsx read to the same
numbers as the plain CSV, and a wrong guess is an error, never a silently wrong number."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.registers.exports import RegisterSource
from sociaal_verslag.registers.loading import RegisterError, load_register
from sociaal_verslag.year import params

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
    assert "not UTF-8 text" in message and "line 2" in message


def test_a_plain_decimal_in_a_belgian_file_is_an_error_not_a_number(tmp_path):
    text = _belgian_text(DATA_2025 / "trainings.csv").replace(";1,5;", ";1.5;", 1)
    (tmp_path / "trainings.csv").write_text(text, encoding="utf-8")
    message = _error(tmp_path)
    assert (
        "column days: expected a number > 0 and <= 60 (plausible range for one training session),"
        " with a decimal comma, got '1.5'"
    ) in message


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


# --- damaged files: refused with file, row and column, never read into plausible numbers ------


def _register_error(name: str, tmp_path: Path, source: RegisterSource | None = None) -> str:
    with pytest.raises(RegisterError) as caught:
        load_register(name, tmp_path, 2025, source)
    return str(caught.value)


CUT_OFF = (
    "expected a line end after the last row, got none (the file may be cut off; if it is"
    " complete, re-export it or end it with a line break)"
)


def test_a_file_cut_inside_its_last_value_is_refused_though_the_value_looks_plausible(tmp_path):
    data = (DATA_2025 / "kbs_grants.csv").read_bytes()
    assert data.endswith(b",5100\n")
    (tmp_path / "kbs_grants.csv").write_bytes(data[:-3])  # the last grant now reads 51
    file = (tmp_path / "kbs_grants.csv").as_posix()
    assert _register_error("kbs_grants", tmp_path) == f"{file}, row 16: {CUT_OFF}"


def test_a_cut_off_row_is_listed_with_the_other_problems_of_the_file(tmp_path):
    text = _belgian_text(DATA_2025 / "trainings.csv")
    (tmp_path / "trainings.csv").write_text(text[: text.rindex(";")], encoding="utf-8")
    lines = _register_error("trainings", tmp_path).splitlines()
    assert lines == [
        f"{(tmp_path / 'trainings.csv').as_posix()}, row 55, column participants: expected a"
        " value, got an empty cell",
        f"{(tmp_path / 'trainings.csv').as_posix()}, row 55: {CUT_OFF}",
    ]


def test_a_last_row_with_a_line_end_of_any_kind_is_complete(tmp_path, plain):
    text = _belgian_text(DATA_2025 / "trainings.csv")  # \r\n line ends
    (tmp_path / "trainings.csv").write_text(text, encoding="utf-8")
    assert len(load_register("trainings", tmp_path, 2025)) == len(plain)


def test_an_empty_file_or_a_header_without_a_line_end_keeps_its_message(tmp_path):
    (tmp_path / "trainings.csv").write_text("", encoding="utf-8")
    assert "got expected a header row with the columns session_id," in _register_error(
        "trainings", tmp_path
    )
    header = "session_id,title,audience,held_on,days,participants"
    (tmp_path / "trainings.csv").write_text(header, encoding="utf-8")
    assert load_register("trainings", tmp_path, 2025).empty


UTF16 = (
    "expected UTF-8 or Windows-1252 text, got UTF-16 text; save the export again as CSV UTF-8 or"
    " as CSV (Windows-1252)"
)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
@pytest.mark.parametrize("told", [None, RegisterSource(encoding="utf-8")])
def test_utf16_text_is_named_with_what_to_do_not_read_as_a_garbled_header(tmp_path, encoding, told):
    text = (DATA_2025 / "trainings.csv").read_text(encoding="utf-8")
    (tmp_path / "trainings.csv").write_bytes(text.encode(encoding))  # utf-16: with a BOM
    assert _register_error("trainings", tmp_path, told) == (
        f"{(tmp_path / 'trainings.csv').as_posix()}: {UTF16}"
    )


def test_binary_data_is_refused_with_its_line(tmp_path):
    lines = (DATA_2025 / "trainings.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace("members", "mem\x00bers")
    (tmp_path / "trainings.csv").write_text("".join(lines), encoding="utf-8")
    assert _register_error("trainings", tmp_path).endswith(
        "trainings.csv: expected UTF-8 or Windows-1252 text, got binary data (character 0x00 on"
        " line 3)"
    )
    workbook = openpyxl.Workbook()
    workbook.save(tmp_path / "trainings.csv")
    assert _register_error("trainings", tmp_path).endswith(
        "got a zip archive (an .xlsx workbook named .csv? name it .xlsx)"
    )


LOANS_HEADER = (
    "loan_id,holder_id,purpose,granted_on,amount_granted_eur,disbursed_on,amount_disbursed_eur"
)


def _loans_with(tmp_path: Path, row_8: str, separator: str = ",") -> Path:
    """The first 9 rows of the committed loans, row 8 replaced (in the plain or Belgian form)."""
    lines = (DATA_2025 / "loans.csv").read_text(encoding="utf-8").splitlines()[:10]
    lines[7] = row_8
    if separator == ";":
        lines = [line.replace(",", ";") for line in lines]
    path = tmp_path / "loans.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("separator", [",", ";"])
@pytest.mark.parametrize("amount", ['12"50', '"12"50', '12"50"'])
def test_a_stray_quote_is_reported_at_its_row_and_column(tmp_path, separator, amount):
    row = f"LN-2021-0007,P1288724,stock,2021-04-10,{amount},2021-04-21,1527"
    path = _loans_with(tmp_path, row, separator)
    got = repr(amount.replace(",", separator))
    assert _register_error("loans", tmp_path) == (
        f"{path.as_posix()}, row 8, column amount_granted_eur: expected a value without a stray"
        f" quote, got {got}"
    )


@pytest.mark.parametrize("separator", [",", ";"])
def test_a_quote_that_is_never_closed_is_reported_where_it_opens(tmp_path, separator):
    path = _loans_with(tmp_path, 'LN-2021-0007,P1288724,"stock,2021-04-10,1527,2021-04-21,1527')
    if separator == ";":
        path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    got = "'\"stock,2021-04-10,1527,2021-04-21,1527'".replace(",", separator)
    assert _register_error("loans", tmp_path) == (
        f"{path.as_posix()}, row 8, column purpose: expected a value whose opening quote is"
        f" closed, got {got} (the quote is never closed)"
    )


def test_a_quote_closed_only_by_a_stray_quote_rows_later_is_reported_where_it_opens(tmp_path):
    path = _loans_with(tmp_path, 'LN-2021-0007,P1288724,stock,2021-04-10,"1527,2021-04-21,1527')
    text = path.read_text(encoding="utf-8").replace("P0972424", 'P09"72424')  # row 9
    path.write_text(text, encoding="utf-8")
    assert _register_error("loans", tmp_path).startswith(
        f"{path.as_posix()}, row 8, column amount_granted_eur: expected a value whose opening"
        " quote is closed, got '\"1527,2021-04-21,1527' (the quote is never closed)"
    )


def test_stray_quotes_on_two_rows_are_both_reported(tmp_path):
    path = _loans_with(tmp_path, 'LN-2021-0007,P12"88724,stock,2021-04-10,1527,2021-04-21,1527')
    text = path.read_text(encoding="utf-8").replace(",2591,2021-04-18,", ',25"91,2021-04-18,')
    path.write_text(text, encoding="utf-8")
    assert _register_error("loans", tmp_path).splitlines() == [
        f"{path.as_posix()}, row 8, column holder_id: expected a value without a stray quote,"
        " got 'P12\"88724'",
        f"{path.as_posix()}, row 9, column amount_granted_eur: expected a value without a stray"
        " quote, got '25\"91'",
    ]


@pytest.mark.parametrize("separator", [",", ";"])
def test_properly_quoted_values_stay_fine(tmp_path, plain, separator):
    frame = pd.read_csv(DATA_2025 / "trainings.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "title"] = 'Loonfiche, deel 1: "bruto"'
    frame.loc[1, "title"] = "Twee\nregels"
    if separator == ";":
        frame["held_on"] = pd.to_datetime(frame["held_on"]).dt.strftime("%d/%m/%Y")
        frame["days"] = frame["days"].str.replace(".", ",", regex=False)
    path = tmp_path / "trainings.csv"
    frame.to_csv(path, sep=separator, index=False, lineterminator="\n", quoting=1)  # all quoted
    loaded = load_register("trainings", tmp_path, 2025)
    assert list(loaded["title"][:2]) == ['Loonfiche, deel 1: "bruto"', "Twee\nregels"]
    _assert_same_numbers(loaded, plain)


@pytest.mark.parametrize("zero", ["0", "0,00", "0,0"])
def test_a_zero_amount_in_a_belgian_file_is_refused(tmp_path, zero):
    frame = pd.read_csv(DATA_2025 / "kbs_grants.csv", dtype=str, keep_default_na=False)
    frame["received_on"] = pd.to_datetime(frame["received_on"]).dt.strftime("%d/%m/%Y")
    frame.loc[2, "amount_eur"] = zero  # row 4
    frame.to_csv(tmp_path / "kbs_grants.csv", sep=";", index=False, encoding="cp1252")
    assert _register_error("kbs_grants", tmp_path).endswith(
        "row 4, column amount_eur: expected a number > 0 and <= 50000 (plausible range for a"
        f" King Baudouin Foundation grant), got '{zero}'"
    )
