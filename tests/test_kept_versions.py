"""Trimming output/snapshots/: a version an approval or a published build names stays, a recent
one stays, the rest goes."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

from sociaal_verslag.review import approval, chart_keys, history, kept_versions
from sociaal_verslag.review.signoff_keys import KEYS_FILE, FigureKey

from .test_approval import FIGURE

OLD = 1_000_000.0
NOW = OLD + 10 * kept_versions.RECENT_SECONDS


def _kept(root, folder: str, digest: str, suffix: str, recent: bool = False):
    path = root / folder / f"{digest}{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    stamp = NOW if recent else OLD
    os.utime(path, (stamp, stamp))
    return path


def test_what_an_approval_or_a_build_names_stays_and_the_rest_goes(tmp_path):
    approved_key = FigureKey("a" * 64, "b" * 64, {"data/2025/loans.csv": "c" * 64}, {})
    given = approval.approve(
        FIGURE, approved_key, "An", datetime(2026, 1, 1, tzinfo=UTC), notebook_version="d" * 64
    )
    reviews = tmp_path / "reviews"
    history.append(2025, [history.approved(FIGURE.id, given)], reviews / "2025.yaml")
    (reviews / "notes.yaml").write_text("not: a history\n", encoding="utf-8")  # not a year
    build = tmp_path / "output" / "2025"
    build.mkdir(parents=True)
    build_key = FigureKey("e" * 64, "b" * 64, {"data/2025/loans.csv": "f" * 64}, {})
    (build / KEYS_FILE).write_text(json.dumps({FIGURE.id: build_key.to_dict()}), "utf-8")
    drawn = {chart_keys.DRAWN: "1" * 64}
    chart = {"record": FIGURE.to_dict(), "key": FigureKey("2" * 64, "3" * 64, drawn, {}).to_dict()}
    (build / chart_keys.KEYS_FILE).write_text(json.dumps({"c": chart}), "utf-8")
    named = kept_versions.named_by_approvals(reviews) | kept_versions.named_by_builds(
        tmp_path / "output"
    )
    assert named == {c * 64 for c in "abcdef123"}

    root = tmp_path / "snapshots"
    stays = [
        _kept(root, "code", "a" * 64, ".txt"),
        _kept(root, "registers", "c" * 64, ".parquet"),
        _kept(root, "notebooks", "d" * 64, ".ipynb"),
        _kept(root, "registers", "f" * 64, ".parquet"),
        _kept(root, "code", "1" * 64, ".txt"),
        _kept(root, "code", "9" * 64, ".txt", recent=True),  # a build may be about to name it
    ]
    goes = [_kept(root, "registers", "0" * 64, ".parquet"), _kept(root, "code", "8" * 64, ".txt")]
    (root / "code" / ".x.partial").write_text("", encoding="utf-8")  # not a version: left alone

    listed = kept_versions.prune(named, root, dry_run=True, now=NOW)
    assert sorted(listed.removed) == sorted(goes) and all(path.is_file() for path in goes)
    done = kept_versions.prune(named, root, now=NOW)
    assert (sorted(done.removed), done.kept, done.freed_bytes) == (sorted(goes), len(stays), 2)
    assert all(path.is_file() for path in stays) and not any(path.exists() for path in goes)
    assert (root / "code" / ".x.partial").is_file()
