"""The reviewers' sign-off, end to end in a copy of the project: build 2025 (a draft), approve
every figure, make the build for filing (all checked, no draft mark); correct one register row,
rebuild (a draft again: exactly the figures it moves are changed since their approval, because
of the data); the build for filing refuses, naming them, and keeps the last good report; approve
them again (the build for filing passes)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from sociaal_verslag.figures.catalogue import CATALOGUE
from sociaal_verslag.language import styles

from .conftest import html_text
from .project_copy import copy_project, edit, sociaal_verslag

pytestmark = pytest.mark.build  # builds, or starts kernels or the command line: seconds each

ROW = "KBS-2025-02,P1844866,stained_glass,2025-04-10,5370"
CORRECTED = "KBS-2025-02,P1844866,stained_glass,2025-04-10,5380"
MOVED = {"financing.kbs_grants.total_eur"}
EVENT = "EV-2025-001,2025-01-08,lets_meet,Charleroi,lunch"
"""An event that only the chart of events per month counts by its month."""
"""What the corrected grant (neither the smallest nor the largest) moves: the total only."""
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def _ok(root: Path, *arguments: str) -> str:
    done = sociaal_verslag(root, *arguments)
    assert done.returncode == 0, done.stderr
    return done.stdout


FILED = DRAFT = "output/2025"
"""Where every whole build publishes, the build for filing and the drafts alike: reviewers
approve what the published build shows."""


def _build(root: Path) -> str:
    """The whole report, as a draft."""
    return _ok(root, "build", "2025", "-q")


def _final(root: Path) -> str:
    return _ok(root, "build", "2025", "-q", "--final")


def _figures(root: Path, folder: str) -> dict[str, dict]:
    items = json.loads((root / folder / "figures.json").read_text(encoding="utf-8"))
    return {item["id"]: item for item in items}


def _page(root: Path, folder: str) -> str:
    return html_text((root / folder / "bijzonder-verslag-2025.html").read_text("utf-8"))


def _french_page(root: Path, folder: str) -> str:
    page = (root / folder / "rapport-special-2025.html").read_text(encoding="utf-8")
    return html_text(page).translate(SPACES)


def _french(figure: dict) -> str:
    """A figure as the French edition prints it."""
    style = CATALOGUE[figure["id"]].style
    return styles.render(figure["value"], style, "fr").translate(SPACES)


def _states(status: str) -> dict[str, str]:
    """Each figure's and chart's state, from ``review status`` (its counts left out)."""
    lines = status.splitlines()[:-2]  # the counts of figures and of charts
    return dict(line.split(None, 1) for line in lines if not line.startswith(" "))


@dataclass
class _Trail:
    """The project copy and what the steps of the test found so far."""

    root: Path
    before: dict[str, dict] = field(default_factory=dict)
    charts: dict[str, dict] = field(default_factory=dict)
    after: dict[str, dict] = field(default_factory=dict)
    total: str = ""
    new_total: str = ""
    french_total: str = ""


@pytest.mark.usefixtures("reproducible_time")
def test_approve_change_a_row_refuse_and_approve_again(tmp_path):
    t = _Trail(copy_project(tmp_path / "project"))
    _build(t.root)
    t.before = _figures(t.root, DRAFT)
    assert _page(t.root, DRAFT).startswith("CONCEPT")
    said = _ok(t.root, "review", "approve", "2025", "--by", "An Peeters", "--all", "--note", "ok")
    assert f"approved {len(t.before)} figures and 7 charts" in said
    signed = yaml.safe_load((t.root / "reviews/2025.yaml").read_text(encoding="utf-8"))
    t.charts = json.loads((t.root / DRAFT / "chart_keys.json").read_text(encoding="utf-8"))
    assert sorted(event["figure"] for event in signed["history"]) == sorted([*t.before, *t.charts])

    _filed_with_every_figure_checked(t)
    _a_corrected_row_changes_its_figure(t)
    _filing_is_refused_naming_it(t)
    _approved_again_it_files(t)
    _a_changed_metric_line_is_named(t)
    _a_row_only_a_chart_draws_flags_the_chart(t)


def _filed_with_every_figure_checked(t: _Trail) -> None:
    # 1. The build for filing: refused until the board's adoption is recorded, then every
    # figure checked, the colophon says so, no draft mark; the cover dates the adoption.
    refused = sociaal_verslag(t.root, "build", "2025", "-q", "--final")
    assert refused.returncode == 1
    assert "params/2025.yaml: company.adopted_on: the day the board adopted" in refused.stderr
    assert _page(t.root, DRAFT).count("Vast te stellen door de Raad van bestuur.") == 1
    params = t.root / "params" / "2025.yaml"
    text = params.read_text(encoding="utf-8")
    params.write_text(text.replace("company:\n", "company:\n  adopted_on: 2026-03-12\n"), "utf-8")
    _final(t.root)
    assert "Vastgesteld door de Raad van bestuur op 12 maart 2026." in _page(t.root, FILED)
    assert "Arrêté par le Conseil d'administration le 12 mars 2026." in _french_page(t.root, FILED)
    states = _states(_ok(t.root, "review", "status", "2025"))
    assert set(states.values()) == {"nagekeken"} and len(states) == len(t.before) + len(t.charts)
    page = _page(t.root, FILED)
    count = len(t.before)
    assert f"Van de {count} cijfers werden er {count} nagekeken door An Peeters." in page
    assert "CONCEPT" not in page and "Dit is een concept" not in page
    filed = PdfReader(t.root / FILED / "bijzonder-verslag-2025.pdf")
    assert not [number for number, p in enumerate(filed.pages, 1) if "CONCEPT" in p.extract_text()]
    french = _french_page(t.root, FILED)
    assert "PROJET" not in french and "Ceci est un projet" not in french
    assert f"Sur les {count} chiffres, {count} ont été vérifiés par An Peeters." in french
    t.french_total = _french(t.before["financing.kbs_grants.total_eur"])
    assert t.french_total in french


def _a_corrected_row_changes_its_figure(t: _Trail) -> None:
    # 2. One register row corrected (and its receipt recorded again): exactly the figures it
    #    moves are changed since their approval, because of the data.
    edit(t.root / "data/2025/kbs_grants.csv", ROW, CORRECTED)
    _ok(t.root, "data", "record", "2025", "kbs_grants")
    said = _build(t.root)
    t.after = _figures(t.root, DRAFT)
    moved = {i for i in t.after if t.after[i]["printed"] != t.before[i]["printed"]}
    assert moved == MOVED
    status = _ok(t.root, "review", "status", "2025")
    states = _states(status)
    changed = {i: state for i, state in states.items() if state != "nagekeken"}
    # The register and the row that changed, from the versions the builds kept.
    rows = [line.strip() for line in status.splitlines() if line.startswith(" ")]
    assert rows == [
        "data/2025/kbs_grants.csv: 1 rij(en) gewijzigd, 0 toegevoegd, 0 verwijderd",
        "data/2025/kbs_grants.csv: gewijzigd grant_id=KBS-2025-02: amount_eur 5370.0 → 5380.0",
    ]
    explained = _ok(t.root, "explain", "2025", "financing.kbs_grants.total_eur")
    assert "gewijzigd grant_id=KBS-2025-02: amount_eur 5370.0 → 5380.0" in explained
    t.total = t.before["financing.kbs_grants.total_eur"]["printed"]
    t.new_total = t.after["financing.kbs_grants.total_eur"]["printed"]
    assert changed == {
        "financing.kbs_grants.total_eur": f"gewijzigd sinds nazicht: {t.total} → {t.new_total}"
        " (gegevens)"
    }
    # The build says so at its end, with what changed.
    assert (
        f"  financing.kbs_grants.total_eur: gewijzigd sinds nazicht: {t.total} → {t.new_total}"
        in said
    )
    assert "    data/2025/kbs_grants.csv: gewijzigd grant_id=KBS-2025-02: amount_eur" in said
    index = html_text((t.root / DRAFT / "review/index.html").read_text(encoding="utf-8"))
    assert f"gewijzigd sinds nazicht: {t.total} → {t.new_total} (gegevens)" in index
    assert "gewijzigd grant_id=KBS-2025-02: amount_eur 5370.0 → 5380.0" in index  # the row
    page = _page(t.root, DRAFT)
    assert "nagekeken door An Peeters; 1 daarvan is sindsdien gewijzigd." in page
    assert page.startswith("CONCEPT")
    assert "Dit is een concept, niet het verslag dat wordt neergelegd: 1 cijfer is nog niet" in page
    # The same row changes the French edition too: its total, in its French form, and its
    # colophon.
    french = _french_page(t.root, DRAFT)
    new_french_total = _french(t.after["financing.kbs_grants.total_eur"])
    assert new_french_total != t.french_total
    assert new_french_total in french and t.french_total not in french
    assert "vérifiés par An Peeters ; 1 a changé depuis." in french
    assert french.startswith("PROJET")
    assert "Ceci est un projet, et non le rapport déposé : 1 chiffre n'a pas encore été" in french


def _filing_is_refused_naming_it(t: _Trail) -> None:
    # 3. The build for filing refuses, naming the figure, and the last good report stays.
    refused = sociaal_verslag(t.root, "build", "2025", "-q", "--final")
    assert refused.returncode == 1  # and the last good report, the draft, stays
    lines = refused.stderr.strip().splitlines()
    assert lines[0].startswith(
        f"error: 1 of the {len(CATALOGUE) + len(t.charts)} figures and charts are not approved"
    )
    changed = f"gewijzigd sinds nazicht: {t.total} → {t.new_total} (gegevens)"
    assert [line.strip() for line in lines[1:]] == [f"financing.kbs_grants.total_eur: {changed}"]
    assert _figures(t.root, FILED) == t.after
    assert _page(t.root, FILED).startswith("CONCEPT")


def _approved_again_it_files(t: _Trail) -> None:
    # 4. Approved again: the build for filing passes.
    _ok(t.root, "review", "approve", "2025", "--by", "Bart Claes", "--figure", *sorted(MOVED))
    history = yaml.safe_load((t.root / "reviews/2025.yaml").read_text(encoding="utf-8"))["history"]
    assert len(history) == len(t.before) + len(t.charts) + len(MOVED)  # none of An's lost
    _final(t.root)
    states = _states(_ok(t.root, "review", "status", "2025"))
    assert set(states.values()) == {"nagekeken"}
    assert _figures(t.root, FILED) == t.after
    page = _page(t.root, FILED)
    assert "nagekeken door An Peeters en Bart Claes." in page
    assert "CONCEPT" not in page


def _a_changed_metric_line_is_named(t: _Trail) -> None:
    # 5. A line of a metric changed (the same number): changed since, the line named.
    rule = '"financing.kbs_grants.total_eur": money(received.sum()),'
    edit(
        t.root / "sociaal_verslag/metrics/financing.py", rule, rule.replace(".sum()", ".sum() + 0")
    )
    _build(t.root)
    status = _ok(t.root, "review", "status", "2025")
    assert _states(status)["financing.kbs_grants.total_eur"].endswith("(code)")
    named = [line.strip() for line in status.splitlines() if line.startswith(" ")]
    assert f"regel: -        {rule}" in named
    assert f"regel: +        {rule.replace('.sum()', '.sum() + 0')}" in named


def _a_row_only_a_chart_draws_flags_the_chart(t: _Trail) -> None:
    # 6. A register row that only a chart draws (an event moved from January to February): no
    #    figure moves, the chart is changed since its approval, with the row and the drawn
    #    months; the notebook's diff shows its cell's output; the review record lists it, in
    #    both languages, and the report's PDF carries the record.
    edit(t.root / "data/2025/coop_events.csv", EVENT, EVENT.replace("2025-01-08", "2025-02-08", 1))
    _ok(t.root, "data", "record", "2025", "coop_events")
    _build(t.root)
    status = _ok(t.root, "review", "status", "2025")
    assert _states(status)["events.per_month"].startswith("gewijzigd sinds nazicht: grafiek van")
    named = [line.strip() for line in status.splitlines() if line.startswith(" ")]
    assert (
        "data/2025/coop_events.csv: gewijzigd event_id=EV-2025-001:"
        " held_on '2025-01-08T00:00:00' → '2025-02-08T00:00:00'" in named
    )
    drawn = [line for line in named if line.startswith("getekend: ")]
    assert [line[10] for line in drawn] == ["-", "-", "+", "+"]  # January and February
    assert all(line[11:].startswith(("jan | ", "feb | ")) for line in drawn)
    index = html_text((t.root / DRAFT / "review/index.html").read_text(encoding="utf-8"))
    assert "events.per_month" in index and drawn[0] in index
    diff = _ok(t.root, "review", "diff", "2025", "erkenning")
    assert diff.startswith("03-erkenning: gewijzigd sinds de goedgekeurde versie")
    # Compared with the approval of what changed since (not a later one of something else).
    assert "(de goedkeuring van events.per_month door An Peeters op " in diff.splitlines()[0]
    assert "/outputs/0/metadata/sociaal_verslag_chart/data/rows" in diff
    assert "['jan', " in diff and "/outputs/0/data/image/svg+xml" in diff
    assert "ongewijzigd" in _ok(t.root, "review", "diff", "2025", "bescherming")
    page = t.root / DRAFT / "review/03-erkenning.sinds-nazicht.html"
    assert "sociaal_verslag_chart/data/rows" in page.read_text(encoding="utf-8")
    record = _pdf_text(t.root / DRAFT / "review/nazicht-2025.pdf")
    assert "events.per_month" in record and "gewijzigd sinds nazicht" in record
    assert "Nazicht van de cijfers van het bijzonder verslag 2025" in record
    french = _pdf_text(t.root / DRAFT / "review/verification-2025.pdf")
    assert "modifié depuis la vérification" in french and "events.per_month" in french
    attached = PdfReader(t.root / DRAFT / "bijzonder-verslag-2025.pdf").attachments
    assert "nazicht-2025.pdf" in attached
    assert (
        "verification-2025.pdf"
        in PdfReader(t.root / DRAFT / "rapport-special-2025.pdf").attachments
    )


def _pdf_text(path: Path) -> str:
    """A PDF's text, its lines joined (a table's cell may wrap)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)
