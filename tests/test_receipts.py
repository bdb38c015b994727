"""Receipts: a register file that changed after it was checked and recorded is an error, a file
never recorded a warning; recording keeps the rest of PROVENANCE.yaml."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.registers import provenance_file, receipts
from sociaal_verslag.registers.exports import RegisterSource
from sociaal_verslag.registers.loading import REGISTERS, Problem, display_path

from .test_sample_data import SCRIPT, TARGETS_2026

DATA_2025 = PROJECT_ROOT / "data" / "2025"
SMALL = ["kbs_grants", "loans", "trainings"]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """Three small committed registers and the committed PROVENANCE.yaml."""
    for name in SMALL:
        shutil.copy(REGISTERS[name].path(DATA_2025), tmp_path)
    shutil.copy(DATA_2025 / "PROVENANCE.yaml", tmp_path)
    return tmp_path


def _check(data_dir: Path) -> receipts.ReceiptCheck:
    return receipts.check(data_dir, 2025, names=SMALL)


def _added_loan(data_dir: Path) -> None:
    with (data_dir / "loans.csv").open("a", encoding="utf-8") as handle:
        handle.write("LN-2025-9999,P0000001,stock,2025-12-01,1000,,\n")


# --- checking ---------------------------------------------------------------------------------


def test_the_committed_files_match_their_receipts():
    assert receipts.check(DATA_2025, 2025) == receipts.ReceiptCheck([], [])


def test_a_file_changed_after_it_was_recorded_is_a_problem_naming_both_receipts(data_dir):
    _added_loan(data_dir)
    file = display_path(data_dir / "loans.csv")
    now = _sha256(data_dir / "loans.csv")[:8]
    assert [str(problem) for problem in _check(data_dir).problems] == [
        f"{file}: expected the file recorded in {display_path(data_dir / 'PROVENANCE.yaml')}"
        f" (258 rows, sha256 51117ebd…), got 259 rows, sha256 {now}…;"
        " if the change is deliberate, record it again: sociaal-verslag data record 2025 loans"
    ]
    assert _check(data_dir).warnings == []


def test_a_receipt_whose_row_count_is_wrong_is_a_problem_too(data_dir):
    provenance = data_dir / "PROVENANCE.yaml"
    provenance.write_text(
        provenance.read_text(encoding="utf-8").replace("rows: 258", "rows: 257"), encoding="utf-8"
    )
    (problem,) = _check(data_dir).problems
    assert "(257 rows, sha256 51117ebd…), got 258 rows, sha256 51117ebd…" in str(problem)


def test_receipt_problems_come_with_the_rows_and_columns_of_the_same_file(data_dir):
    data = (data_dir / "kbs_grants.csv").read_bytes()
    (data_dir / "kbs_grants.csv").write_bytes(data[:-3])  # cut off: the last grant reads 51
    result = receipts.check_data(data_dir, 2025, names=SMALL)
    file = display_path(data_dir / "kbs_grants.csv")
    assert [problem.file for problem in result.problems] == [file, file]
    first, second = (str(problem) for problem in result.problems)
    assert first.startswith(f"{file}: expected the file recorded in ")
    assert "(15 rows, sha256 6ef0ef49…), got 15 rows" in first
    assert second.startswith(f"{file}, row 16: expected a line end after the last row, got none")
    assert result.warnings == []


def test_a_file_that_cannot_be_read_still_has_its_receipt_problem(data_dir):
    path = data_dir / "loans.csv"
    path.write_bytes("loan_id\n".encode("utf-16"))
    result = receipts.check_data(data_dir, 2025, names=SMALL)
    assert [str(problem) for problem in result.problems] == [
        f"{display_path(path)}: expected the file recorded in"
        f" {display_path(data_dir / 'PROVENANCE.yaml')} (258 rows, sha256 51117ebd…), got"
        f" records that cannot be read, sha256 {_sha256(path)[:8]}…; if the change is"
        " deliberate, record it again: sociaal-verslag data record 2025 loans",
        f"{display_path(path)}: expected UTF-8 or Windows-1252 text, got UTF-16 text; save the"
        " export again as CSV UTF-8 or as CSV (Windows-1252)",
    ]


def test_without_provenance_every_file_is_a_warning_not_a_problem(data_dir):
    (data_dir / "PROVENANCE.yaml").unlink()
    result = _check(data_dir)
    assert result.problems == []
    assert result.warnings == [
        f"{display_path(data_dir / REGISTERS[name].filename)}: no receipt in"
        f" {display_path(data_dir / 'PROVENANCE.yaml')}; once the file is checked, record it:"
        f" sociaal-verslag data record 2025 {name}"
        for name in SMALL
    ]


def test_a_missing_register_file_is_left_to_the_registers_check(data_dir):
    (data_dir / "loans.csv").unlink()
    assert _check(data_dir) == receipts.ReceiptCheck([], [])


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("sha256: 51117ebd", "sha256: 51117ebX"),
            "expected key files.loans.csv.sha256 to be a sha256 (64 hexadecimal digits), got"
            " '51117ebX",
        ),
        (
            ("rows: 258", "rows: many"),
            "expected key files.loans.csv.rows to be a whole number of records (0 or more), got"
            " 'many'",
        ),
        (
            ("rows: 258", "rows: true"),
            "expected key files.loans.csv.rows to be a whole number of records (0 or more), got"
            " true",
        ),
        (
            ("rows: 258", "rows: -1"),
            "expected key files.loans.csv.rows to be a whole number of records (0 or more), got -1",
        ),
        (
            ("    rows: 258\n", ""),
            "expected key files.loans.csv.rows to be a whole number of records (0 or more), got"
            " no such key",
        ),
        (
            ("files:\n", "files: []\nother:\n"),
            "expected key files to be a mapping of file names to their sha256 and rows, got a list",
        ),
    ],
)
def test_a_malformed_provenance_is_one_problem_naming_the_file_and_key(data_dir, edit, expected):
    provenance = data_dir / "PROVENANCE.yaml"
    text = provenance.read_text(encoding="utf-8")
    assert edit[0] in text
    _assert_one_problem(data_dir, text.replace(edit[0], edit[1], 1), expected)


def test_a_provenance_that_is_not_yaml_is_one_problem_naming_the_file_and_line(data_dir):
    text = "files:\n  loans.csv:\n    sha256: 51117ebd\n   rows: 258\n"
    _assert_one_problem(data_dir, text, "expected YAML text, got a syntax error on line 4")


def _assert_one_problem(data_dir: Path, text: str, expected: str) -> None:
    """With PROVENANCE.yaml as ``text``: checking gives one problem, recording refuses."""
    provenance = data_dir / "PROVENANCE.yaml"
    provenance.write_text(text, encoding="utf-8")
    (problem,) = _check(data_dir).problems
    assert str(problem).startswith(f"{display_path(provenance)}: {expected}")
    assert _check(data_dir).warnings == []
    with pytest.raises(receipts.RecordError) as caught:
        receipts.record(data_dir, 2025, ["loans"])
    assert caught.value.problems == [problem]
    assert provenance.read_text(encoding="utf-8") == text


# --- recording --------------------------------------------------------------------------------


def test_recording_unchanged_files_again_changes_nothing(data_dir):
    before = (data_dir / "PROVENANCE.yaml").read_bytes()
    written = receipts.record(data_dir, 2025, SMALL)
    assert [(r.register, r.file, r.rows) for r in written] == [
        ("kbs_grants", "kbs_grants.csv", 15),
        ("loans", "loans.csv", 258),
        ("trainings", "trainings.csv", 54),
    ]
    assert (data_dir / "PROVENANCE.yaml").read_bytes() == before


def test_recording_a_deliberate_change_keeps_the_other_keys_and_comments(data_dir):
    provenance = data_dir / "PROVENANCE.yaml"
    text = provenance.read_text(encoding="utf-8")
    provenance.write_text("# checked by the loans desk\n" + text, encoding="utf-8")
    _added_loan(data_dir)
    (receipt,) = receipts.record(data_dir, 2025, ["loans"], rows=259)
    assert receipt == provenance_file.Receipt(
        "loans", "loans.csv", _sha256(data_dir / "loans.csv"), 259
    )
    after = provenance.read_text(encoding="utf-8")
    old_loans = (
        "sha256: 51117ebd85fed12a34589d78b873e3d6335fa7199960221dfb29d4cee8005760\n    rows: 258"
    )
    new_loans = f"sha256: {receipt.sha256}\n    rows: 259"
    assert after == "# checked by the loans desk\n" + text.replace(old_loans, new_loans)
    assert _check(data_dir) == receipts.ReceiptCheck([], [])


def test_a_count_that_differs_from_the_source_systems_is_refused(data_dir):
    before = (data_dir / "PROVENANCE.yaml").read_bytes()
    _added_loan(data_dir)
    with pytest.raises(receipts.RecordError) as caught:
        receipts.record(data_dir, 2025, ["loans"], rows=258)
    assert str(caught.value) == (
        "nothing was recorded:\n"
        f"{display_path(data_dir / 'loans.csv')}: expected 258 records (the count the source"
        " system reported), got 259; nothing was recorded"
    )
    assert (data_dir / "PROVENANCE.yaml").read_bytes() == before


def test_a_count_is_for_exactly_one_register(data_dir):
    with pytest.raises(ValueError, match=r"exactly one register, got 3"):
        receipts.record(data_dir, 2025, SMALL, rows=15)
    with pytest.raises(ValueError, match=r"unknown register leningen"):
        receipts.record(data_dir, 2025, ["leningen"])


def test_a_register_with_problems_is_not_recorded(data_dir):
    before = (data_dir / "PROVENANCE.yaml").read_bytes()
    text = (data_dir / "trainings.csv").read_text(encoding="utf-8")
    (data_dir / "trainings.csv").write_text(text.replace(",1.5,39\n", ",1.5,0\n", 1), "utf-8")
    with pytest.raises(receipts.RecordError) as caught:
        receipts.record(data_dir, 2025, ["loans", "trainings"])
    assert caught.value.problems == [
        Problem(
            display_path(data_dir / "trainings.csv"),
            2,
            "participants",
            "a whole number > 0 and <= 5000 (plausible range for one training session)",
            "'0'",
        )
    ]
    assert (data_dir / "PROVENANCE.yaml").read_bytes() == before


def test_recording_without_provenance_creates_it_for_the_files_named_in_the_parameters(tmp_path):
    shutil.copy(DATA_2025 / "kbs_grants.csv", tmp_path / "kbs-2025.csv")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["session_id", "title", "audience", "held_on", "days", "participants"])
    sheet.append(["TR-1", "Loonfiche", "members", "2025-03-01", 1.5, 12])
    workbook.save(tmp_path / "trainings.xlsx")
    sources = {"kbs_grants": RegisterSource(file="kbs-2025.csv")}
    written = receipts.record(tmp_path, 2025, ["kbs_grants", "trainings"], sources=sources)
    assert [(r.file, r.rows) for r in written] == [("kbs-2025.csv", 15), ("trainings.xlsx", 1)]
    assert (tmp_path / "PROVENANCE.yaml").read_text(encoding="utf-8") == (
        "files:\n"
        f"  kbs-2025.csv:\n    sha256: {_sha256(tmp_path / 'kbs-2025.csv')}\n    rows: 15\n"
        f"  trainings.xlsx:\n    sha256: {_sha256(tmp_path / 'trainings.xlsx')}\n    rows: 1\n"
    )
    check = receipts.check(tmp_path, 2025, sources, names=["kbs_grants", "trainings"])
    assert check == receipts.ReceiptCheck([], [])


def test_an_empty_template_is_not_recorded(tmp_path):
    (tmp_path / "loans.csv").write_text(",".join(REGISTERS["loans"].columns) + "\n", "utf-8")
    with pytest.raises(receipts.RecordError, match="got only a header row"):
        receipts.record(tmp_path, 2026, ["loans"])
    assert not (tmp_path / "PROVENANCE.yaml").exists()


def test_the_generator_writes_receipts_that_match_what_it_writes(tmp_path):
    SCRIPT.generate_year(2026, tmp_path, TARGETS_2026)
    assert receipts.check(tmp_path, 2026) == receipts.ReceiptCheck([], [])
