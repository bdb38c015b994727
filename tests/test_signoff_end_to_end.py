"""The reviewers' sign-off, end to end in a copy of the project: approve every figure of 2025,
rebuild (all checked); correct one register row, rebuild (exactly the figures it moves are changed
since their approval, because of the data); the build for filing refuses, naming them, and keeps
the last good report; approve them again (the build for filing passes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sociaal_verslag import formatting
from sociaal_verslag.catalogue import CATALOGUE

from .conftest import html_text
from .project_copy import copy_project, edit, sociaal_verslag

ROW = "KBS-2025-02,P1844866,stained_glass,2025-04-10,5370"
CORRECTED = "KBS-2025-02,P1844866,stained_glass,2025-04-10,5380"
MOVED = {"financing.kbs_grants.total_eur"}
"""What the corrected grant (neither the smallest nor the largest) moves: the total only."""
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def _ok(root: Path, *arguments: str) -> str:
    done = sociaal_verslag(root, *arguments)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _build(root: Path, *options: str) -> str:
    return _ok(root, "build", "2025", "--to", "html", "-q", *options)


def _figures(root: Path) -> dict[str, dict]:
    items = json.loads((root / "output/2025/figures.json").read_text(encoding="utf-8"))
    return {item["id"]: item for item in items}


def _french_page(root: Path) -> str:
    page = (root / "output/2025/rapport-special-2025.html").read_text(encoding="utf-8")
    return html_text(page).translate(SPACES)


def _french(figure: dict) -> str:
    """A figure as the French edition prints it."""
    style = CATALOGUE[figure["id"]].style
    return formatting.render(figure["value"], style, "fr").translate(SPACES)


def _states(status: str) -> dict[str, str]:
    lines = status.splitlines()[:-1]
    return dict(line.split(None, 1) for line in lines)


@pytest.mark.usefixtures("reproducible_time")
def test_approve_change_a_row_refuse_and_approve_again(tmp_path):
    root = copy_project(tmp_path / "project")
    _build(root)
    before = _figures(root)
    said = _ok(root, "review", "approve", "2025", "--by", "An Peeters", "--all", "--note", "ok")
    assert f"approved {len(before)} figures" in said
    signed = yaml.safe_load((root / "reviews/2025.yaml").read_text(encoding="utf-8"))
    assert list(signed["figures"]) == sorted(before)

    # 1. Rebuilt with nothing changed: every figure checked, and the colophon says so.
    _build(root, "--require-approval")
    states = _states(_ok(root, "review", "status", "2025"))
    assert set(states.values()) == {"nagekeken"} and len(states) == len(before)
    page = html_text((root / "output/2025/bijzonder-verslag-2025.html").read_text("utf-8"))
    count = len(before)
    assert f"Van de {count} cijfers werden er {count} nagekeken door An Peeters." in page
    french = _french_page(root)
    assert f"Sur les {count} chiffres, {count} ont été vérifiés par An Peeters." in french
    french_total = _french(before["financing.kbs_grants.total_eur"])
    assert french_total in french

    # 2. One register row corrected (and its receipt recorded again): exactly the figures it
    #    moves are changed since their approval, because of the data.
    edit(root / "data/2025/kbs_grants.csv", ROW, CORRECTED)
    _ok(root, "data", "record", "2025", "kbs_grants")
    _build(root)
    after = _figures(root)
    moved = {i for i in after if after[i]["printed"] != before[i]["printed"]}
    assert moved == MOVED
    states = _states(_ok(root, "review", "status", "2025"))
    changed = {i: state for i, state in states.items() if state != "nagekeken"}
    total = before["financing.kbs_grants.total_eur"]["printed"]
    new_total = after["financing.kbs_grants.total_eur"]["printed"]
    assert changed == {
        "financing.kbs_grants.total_eur": f"gewijzigd sinds nazicht: {total} → {new_total}"
        " (gegevens)"
    }
    index = html_text((root / "output/2025/review/index.html").read_text(encoding="utf-8"))
    assert f"gewijzigd sinds nazicht: {total} → {new_total} (gegevens)" in index
    page = html_text((root / "output/2025/bijzonder-verslag-2025.html").read_text("utf-8"))
    assert "nagekeken door An Peeters; 1 daarvan is sindsdien gewijzigd." in page
    # The same row changes the French edition too: its total, in its French form, and its
    # colophon.
    french = _french_page(root)
    new_french_total = _french(after["financing.kbs_grants.total_eur"])
    assert new_french_total != french_total
    assert new_french_total in french and french_total not in french
    assert "vérifiés par An Peeters ; 1 a changé depuis." in french

    # 3. The build for filing refuses, naming the figure, and the last good report stays.
    refused = sociaal_verslag(root, "build", "2025", "--to", "html", "-q", "--require-approval")
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert lines[0].startswith("error: 1 of the 81 figures are not approved")
    assert [line.strip() for line in lines[1:]] == [
        f"financing.kbs_grants.total_eur: gewijzigd sinds nazicht: {total} → {new_total} (gegevens)"
    ]
    assert _figures(root) == after

    # 4. Approved again: the build for filing passes.
    _ok(root, "review", "approve", "2025", "--by", "Bart", "--figure", *sorted(MOVED))
    _build(root, "--require-approval")
    states = _states(_ok(root, "review", "status", "2025"))
    assert set(states.values()) == {"nagekeken"}
    page = html_text((root / "output/2025/bijzonder-verslag-2025.html").read_text("utf-8"))
    assert "nagekeken door An Peeters en Bart." in page
