"""sociaal-verslag diff: the figures that differ between two builds, and its exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sociaal_verslag.cli import main as cli
from sociaal_verslag.figures import comparison as diff


def _build_dir(root: Path, name: str, figures: dict[str, tuple[float, str]]) -> Path:
    folder = root / name
    folder.mkdir()
    items = [
        {"id": key, "value": value, "printed": printed} for key, (value, printed) in figures.items()
    ]
    (folder / "figures.json").write_text(json.dumps(items), encoding="utf-8")
    return folder


def test_compare_lists_changed_added_and_removed_figures(tmp_path):
    old = _build_dir(
        tmp_path, "a", {"x.same": (1, "1"), "x.fte": (2274, "2.274"), "x.gone": (5, "5")}
    )
    new = _build_dir(
        tmp_path, "b", {"x.same": (1, "1"), "x.fte": (2246, "2.246"), "x.new": (7, "7")}
    )
    differences = {item.id: item for item in diff.compare(old, new)}
    assert set(differences) == {"x.fte", "x.gone", "x.new"}
    assert differences["x.fte"].change == -28
    assert round(differences["x.fte"].change_pct, 2) == -1.23
    assert differences["x.gone"].new is None and differences["x.new"].old is None
    table = diff.report(list(differences.values()), old, new)
    assert "x.fte" in table and "2.274 → 2.246" in table and "−1,23%" in table


def test_a_change_of_printed_form_alone_counts(tmp_path):
    old = _build_dir(tmp_path, "a", {"x": (10, "een tiental")})
    new = _build_dir(tmp_path, "b", {"x": (10, "10")})
    assert [item.id for item in diff.compare(old, new)] == ["x"]


def _cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sociaal_verslag.cli.main", "diff", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )


def test_exit_status_says_equal_different_or_not_a_build(tmp_path, build_2025):
    same = _cli(str(build_2025.output_dir), str(build_2025.output_dir))
    assert same.returncode == 0 and "no figure differs" in same.stdout
    # The build's figures with one changed ("81 figure(s) differ" held "1 figure(s) differ":
    # the count is read at the start of the line).
    built = json.loads((build_2025.output_dir / "figures.json").read_text(encoding="utf-8"))
    figures = {item["id"]: (item["value"], item["printed"]) for item in built}
    changed = _build_dir(tmp_path, "changed", figures | {"employment.fte": (2246, "2.246")})
    different = _cli(str(build_2025.output_dir), str(changed))
    assert different.returncode == 1
    assert "employment.fte" in different.stdout and "2.274 → 2.246" in different.stdout
    assert different.stdout.startswith("1 figure(s) differ ")
    missing = _cli(str(build_2025.output_dir), str(tmp_path / "nothing"))
    assert missing.returncode == 2 and "figures.json: not found" in missing.stderr


# --- what people read and take further ----------------------------------------------------------


def _figures(*rows: tuple[str, float, str]) -> dict[str, tuple[float, str]]:
    return {figure_id: (value, printed) for figure_id, value, printed in rows}


BEFORE = _figures(
    ("financing.kbs_grants.total_eur", 198438000.0, "198 miljoen"),
    ("activity.active_holders", 21585, "21.585"),
    ("employment.fte", 2274, "2.274"),
    ("activity.offices", 0, "0"),
)
AFTER = _figures(
    ("financing.kbs_grants.total_eur", 198438000.5, "198 miljoen"),
    ("activity.active_holders", 21585, "21.585"),
    ("employment.fte", 2246, "2.246"),
    ("activity.offices", 3, "3"),
)


def test_rows_come_largest_relative_change_first_unchanged_last(tmp_path):
    rows = diff.rows(_build_dir(tmp_path, "a", BEFORE), _build_dir(tmp_path, "b", AFTER))
    assert [row.id for row in rows] == [
        "activity.offices",  # from 0: an infinite relative change
        "employment.fte",  # −1,23 %
        "financing.kbs_grants.total_eur",  # +0,5 on 198 million: tiny, but a change
        "activity.active_holders",  # unchanged
    ]
    assert [row.changed for row in rows] == [True, True, True, False]


def test_the_table_names_each_figure_by_its_label_and_prints_exact_nl_be_values(tmp_path):
    old, new = _build_dir(tmp_path, "a", BEFORE), _build_dir(tmp_path, "b", AFTER)
    table = diff.report(diff.rows(old, new), old, new)
    assert "e+" not in table  # never 1.98438e+08
    assert "198.438.000" in table and "198.438.000,5" in table and "+0,5" in table
    fte = next(line for line in table.splitlines() if "employment.fte" in line)
    assert fte.startswith("voltijds equivalenten")  # the figure's label first
    assert "−28" in fte and "−1,23%" in fte


def test_diff_filters_by_chapter_and_change_and_writes_csv_and_xlsx(tmp_path, capsys):
    import openpyxl

    old, new = _build_dir(tmp_path, "a", BEFORE), _build_dir(tmp_path, "b", AFTER)
    csv_file, xlsx_file = tmp_path / "moved.csv", tmp_path / "moved.xlsx"
    exports = ["--csv", str(csv_file), "--xlsx", str(xlsx_file)]
    code = cli.main(["diff", str(old), str(new), "--changed-only", *exports])
    assert code == 1
    assert "activity.active_holders" not in capsys.readouterr().out  # unchanged: left out
    lines = csv_file.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("id,label,chapter,old,new,change,change_pct")
    assert any(line.startswith("employment.fte,") and ",2274,2246,-28," in line for line in lines)
    sheet = openpyxl.load_workbook(xlsx_file).active
    header = [cell.value for cell in sheet[1]]
    by_id = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    fte = by_id["employment.fte"]
    old_cell, change_cell = fte[header.index("oud")], fte[header.index("verschil (%)")]
    assert old_cell.value == 2274 and old_cell.data_type == "n"
    assert round(change_cell.value, 6) == round(-28 / 2274, 6) and "%" in change_cell.number_format
    assert set(by_id) == {"activity.offices", "employment.fte", "financing.kbs_grants.total_eur"}
    cli.main(["diff", str(old), str(new), "--chapter", "bescherming"])
    one_chapter = capsys.readouterr().out
    assert "employment.fte" in one_chapter and "activity." not in one_chapter
    assert cli.main(["diff", str(old), str(new), "--chapter", "dynamik"]) == 2  # not "differ"
    assert "did you mean dynamiek?" in capsys.readouterr().err


def test_an_export_that_cannot_be_written_is_one_line_naming_the_option_and_file(tmp_path, capsys):
    old, new = _build_dir(tmp_path, "a", BEFORE), _build_dir(tmp_path, "b", AFTER)
    nowhere = tmp_path / "missing" / "moved.xlsx"
    assert cli.main(["diff", str(old), str(new), "--xlsx", str(nowhere)]) == 1
    assert capsys.readouterr().err == (
        f"error: --xlsx {nowhere}: cannot be written: No such file or directory\n"
    )
    assert cli.main(["diff", str(old), str(new), "--csv", str(tmp_path)]) == 1
    assert (
        capsys.readouterr().err == f"error: --csv {tmp_path}: cannot be written: Is a directory\n"
    )
