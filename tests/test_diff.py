"""sociaal-verslag diff: the figures that differ between two builds, and its exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    assert "x.fte" in table and "2.274 → 2.246" in table and "-1.23%" in table


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
    changed = _build_dir(tmp_path, "changed", {"employment.fte": (2246, "2.246")})
    different = _cli(str(build_2025.output_dir), str(changed))
    assert different.returncode == 1
    assert "employment.fte" in different.stdout and "2.274 → 2.246" in different.stdout
    missing = _cli(str(build_2025.output_dir), str(tmp_path / "nothing"))
    assert missing.returncode == 2 and "figures.json: not found" in missing.stderr
