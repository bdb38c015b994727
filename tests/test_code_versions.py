"""A figure changed since its approval says what changed of its key: its cell's and its
metric's lines (their text kept by sha256), its parameters' values."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from sociaal_verslag.review import approval, changes, code_versions
from sociaal_verslag.review.signoff_keys import FigureKey

from .test_approval import FIGURE


def _kept(text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    code_versions.keep(digest, text)
    return digest


@pytest.fixture(autouse=True)
def kept_here(monkeypatch, tmp_path):
    monkeypatch.setattr(code_versions, "CODE_DIR", tmp_path / "code")


def test_the_lines_that_changed_between_two_versions():
    old = _kept("total = grants.amount_eur.sum()\nrecord('x', total)\n")
    new = _kept("total = grants.amount_eur.sum() / 2\nrecord('x', total)\n")
    assert code_versions.changed_lines(old, new) == [
        "-total = grants.amount_eur.sum()",
        "+total = grants.amount_eur.sum() / 2",
    ]
    many = _kept("".join(f"line {number}\n" for number in range(30)))
    shown = code_versions.changed_lines(old, many, shown=4)
    assert len(shown) == 5 and shown[-1] == "... (28 regels meer)"


def test_a_version_no_longer_kept_is_said():
    kept = _kept("a = 1\n")
    assert code_versions.changed_lines(kept, "f" * 64) == [
        "geen kopie meer van versie ffffffffffff"
    ]


def test_a_changed_figure_names_its_changed_cell_lines_and_parameters():
    cell_before, cell_now = _kept("record('x', 1)\n"), _kept("record('x', 2)\n")
    approved = FigureKey(cell_before, "b" * 64, {}, {"fte_hours_per_year": 1976, "kept": 1})
    now = FigureKey(cell_now, "b" * 64, {}, {"fte_hours_per_year": 2000, "kept": 1})
    given = approval.approve(FIGURE, approved, "An Peeters", datetime(2026, 1, 1, tzinfo=UTC))
    state = approval.state_of(FIGURE, now, given)
    assert state.state == approval.CHANGED
    assert changes.of(state) == [
        "cel: -record('x', 1)",
        "cel: +record('x', 2)",
        "parameter fte_hours_per_year: 1976 → 2000",
    ]
    unchanged = approval.state_of(FIGURE, approved, given)
    assert changes.of(unchanged) == []  # checked: nothing to say
