"""Register versions kept by their sha256, compared row by row by their primary key."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sociaal_verslag.registers import snapshots

LOANS = pd.DataFrame(
    {
        "loan_id": ["LN-1", "LN-2", "LN-3"],
        "amount_granted_eur": [2750.0, 1000.0, math.nan],
        "granted_on": pd.to_datetime(["2025-01-05", "2025-02-01", "2025-03-01"]),
    }
)


def _kept(tmp_path, frame: pd.DataFrame, sha: str) -> None:
    written = tmp_path / f"{sha}.source.parquet"
    frame.to_parquet(written)
    snapshots.keep(written, sha, tmp_path / "kept")


def test_a_version_is_kept_once_by_its_sha256(tmp_path):
    _kept(tmp_path, LOANS, "a" * 64)
    kept = tmp_path / "kept" / f"{'a' * 64}.parquet"
    first = kept.stat().st_mtime_ns
    _kept(tmp_path, LOANS.head(1), "a" * 64)  # the same version: not written again
    assert kept.stat().st_mtime_ns == first and len(pd.read_parquet(kept)) == 3
    assert [path.name for path in (tmp_path / "kept").iterdir()] == [kept.name]  # no leftovers


def test_rows_changed_added_and_removed_are_named_by_their_key(tmp_path):
    after = LOANS.copy()
    after.loc[0, "amount_granted_eur"] = 2760.0  # LN-1 corrected
    after = after[after.loan_id != "LN-2"]  # LN-2 removed
    after = pd.concat([after, LOANS.head(1).assign(loan_id="LN-4")])  # LN-4 added
    _kept(tmp_path, LOANS, "a" * 64)
    _kept(tmp_path, after, "b" * 64)
    changes = snapshots.row_changes("loans", "a" * 64, "b" * 64, tmp_path / "kept")
    assert changes.changed == [("loan_id=LN-1", [("amount_granted_eur", 2750.0, 2760.0)])]
    assert (changes.added, changes.removed) == (["loan_id=LN-4"], ["loan_id=LN-2"])
    # LN-3's empty amount, empty in both versions, is not a change.
    assert changes.lines() == [
        "1 rij(en) gewijzigd, 1 toegevoegd, 1 verwijderd",
        "gewijzigd loan_id=LN-1: amount_granted_eur 2750.0 → 2760.0",
        "toegevoegd loan_id=LN-4",
        "verwijderd loan_id=LN-2",
    ]


def test_a_row_named_by_two_columns_and_a_changed_date(tmp_path):
    before = pd.DataFrame({"session_id": ["S1", "S1"], "person_id": ["P1", "P2"]})
    after = pd.DataFrame({"session_id": ["S1", "S2"], "person_id": ["P1", "P2"]})
    _kept(tmp_path, before, "a" * 64)
    _kept(tmp_path, after, "b" * 64)
    changes = snapshots.row_changes("info_session_attendees", "a" * 64, "b" * 64, tmp_path / "kept")
    assert changes.added == ["session_id=S2, person_id=P2"]
    assert changes.removed == ["session_id=S1, person_id=P2"]
    moved = LOANS.assign(granted_on=pd.to_datetime(["2025-01-06", "2025-02-01", "2025-03-01"]))
    _kept(tmp_path, LOANS, "c" * 64)
    _kept(tmp_path, moved, "d" * 64)
    changes = snapshots.row_changes("loans", "c" * 64, "d" * 64, tmp_path / "kept")
    assert changes.changed == [
        ("loan_id=LN-1", [("granted_on", "2025-01-05T00:00:00", "2025-01-06T00:00:00")])
    ]


@pytest.mark.parametrize("kept", [["a"], ["b"], []])
def test_a_version_no_longer_kept_is_said_not_guessed(tmp_path, kept):
    for sha in kept:
        _kept(tmp_path, LOANS, sha * 64)
    changes = snapshots.row_changes("loans", "a" * 64, "b" * 64, tmp_path / "kept")
    assert changes.missing.startswith("geen kopie meer van versie")
    assert changes.lines() == [changes.missing]
