"""A worked example of docs/architecture.md: adding a figure, end to end, in a copy of the project.

The average KBS grant becomes a figure of the report with three edits a newcomer makes: its
description in the module's ``.meta.yml`` (with its rule), one line in the metric function that
computes it, and a placeholder in the chapter's text. The notebook already runs that function
(``record("financing.kbs_grants", ...)`` names every ``financing.kbs_grants.*`` figure), so it
is not touched. The build of the copy then prints the new figure, links it to its cell, and
lists it with its rule.
"""

from __future__ import annotations

import json
import re

import pytest

from sociaal_verslag.notebook.recording import figure_anchor

from .conftest import html_text
from .project_copy import copy_project, edit, sociaal_verslag

pytestmark = pytest.mark.build  # builds, or starts kernels or the command line: seconds each


@pytest.mark.usefixtures("reproducible_time")
def test_adding_a_figure_takes_its_description_its_computation_and_its_sentence(tmp_path):
    root = copy_project(tmp_path / "project")
    files = _files(root)
    metrics = root / "sociaal_verslag" / "metrics"
    # 1. The description, beside the function that computes it: unit, printed style, label, rule.
    edit(
        metrics / "financing.meta.yml",
        "      financing.kbs_grants.total_eur:\n",
        "      financing.kbs_grants.mean_eur:\n"
        "        unit: EUR\n"
        "        style: amount\n"
        "        label: gemiddelde beurs\n"
        "        rule: gemiddelde van de beurzen van het jaar\n"
        "      financing.kbs_grants.total_eur:\n",
    )
    # 2. The computation: one more value returned by the metric function.
    edit(
        metrics / "financing.py",
        '        "financing.kbs_grants.total_eur": money(received.sum()),\n',
        '        "financing.kbs_grants.total_eur": money(received.sum()),\n'
        '        "financing.kbs_grants.mean_eur": money(received.mean()),\n',
    )
    # 3. The sentence that prints it.
    chapter = root / "notebooks" / "narrative" / "2025" / "03-dynamiek.md"
    edit(
        chapter,
        "voor een totaalbedrag van {{ financing.kbs_grants.total_eur }} euro.",
        "voor een totaalbedrag van {{ financing.kbs_grants.total_eur }} euro, gemiddeld"
        " {{ financing.kbs_grants.mean_eur }} euro per beurs.",
    )
    # 4. Its French: the label and rule in the French catalogue, the sentence in the French text.
    with (root / "sociaal_verslag" / "language" / "locale" / "fr" / "figures.po").open(
        "a"
    ) as catalogue:
        catalogue.write(
            '\nmsgid "gemiddelde beurs"\nmsgstr "bourse moyenne"\n'
            '\nmsgid "gemiddelde van de beurzen van het jaar"\n'
            'msgstr "moyenne des bourses de l\'année"\n'
        )
    edit(
        root / "notebooks" / "narrative" / "2025" / "fr" / "03-dynamiek.md",
        "pour un montant total de {{ financing.kbs_grants.total_eur }} euros.",
        "pour un montant total de {{ financing.kbs_grants.total_eur }} euros, soit en moyenne"
        " {{ financing.kbs_grants.mean_eur }} euros par bourse.",
    )
    docs = sociaal_verslag(root, "docs")
    assert docs.returncode == 0, docs.stderr
    changed = sorted(name for name, data in _files(root).items() if files.get(name) != data)
    assert changed == [  # as docs/architecture.md lists them ("A figure")
        "docs/figures.md",
        "notebooks/narrative/2025/03-dynamiek.md",
        "notebooks/narrative/2025/fr/03-dynamiek.md",
        "sociaal_verslag/language/locale/fr/figures.po",
        "sociaal_verslag/metrics/financing.meta.yml",
        "sociaal_verslag/metrics/financing.py",
    ]
    assert (
        "`financing.kbs_grants.mean_eur` | gemiddelde beurs"
        " | gemiddelde van de beurzen van het jaar"
        in (root / "docs" / "figures.md").read_text(encoding="utf-8")
    )

    built = sociaal_verslag(root, "build", "2025", "--to", "html", "--no-previous", "-q")
    assert built.returncode == 0, built.stderr

    output = root / "output" / "partial" / "2025"  # the page alone: a partial build
    figures = {item["id"]: item for item in json.loads((output / "figures.json").read_text())}
    mean = figures["financing.kbs_grants.mean_eur"]
    assert mean["value"] == pytest.approx(78910 / 15, abs=0.005)
    assert mean["printed"] == "5.261"
    assert mean["rule"] == "gemiddelde van de beurzen van het jaar"
    assert mean["notebook"] == "01-dynamiek" and mean["inputs"] == ["data/2025/kbs_grants.csv"]
    report = (output / "bijzonder-verslag-2025.html").read_text(encoding="utf-8")
    assert "voor een totaalbedrag van 78.910 euro, gemiddeld 5.261 euro per beurs." in html_text(
        report
    )
    assert "Gemiddelde beurs" in html_text(report)  # the appendix names it in words
    french = html_text((output / "rapport-special-2025.html").read_text(encoding="utf-8"))
    sentence = "pour un montant total de 78 910 euros, soit en moyenne 5 261 euros par bourse."
    assert sentence in french
    assert "Bourse moyenne" in french
    review_edition = (output / "review" / "verslag.html").read_text(encoding="utf-8")
    # The number links to its rule block under its cell, which the cell's output shows.
    block = figure_anchor(mean["id"])
    assert f'01-dynamiek.html#{block}"' in review_edition
    assert f'id="{block}"' in (output / "review" / "01-dynamiek.html").read_text(encoding="utf-8")


def test_a_figure_described_but_not_computed_stops_the_build_with_one_line(tmp_path):
    root = copy_project(tmp_path / "project")
    edit(
        root / "sociaal_verslag" / "metrics" / "financing.meta.yml",
        "      financing.kbs_grants.total_eur:\n",
        "      financing.kbs_grants.mean_eur:"
        " {unit: EUR, style: amount, label: gemiddelde, rule: gemiddelde beurs}\n"
        "      financing.kbs_grants.total_eur:\n",
    )
    # Dutch only: the French catalogue would miss its label and rule first.
    built = sociaal_verslag(
        root, "build", "2025", "--to", "html", "--no-previous", "-q", "-p", "languages=[nl]"
    )
    assert built.returncode == 1
    assert (
        "metrics.financing.kbs_grants does not return financing.kbs_grants.mean_eur, which"
        " metrics/financing.meta.yml describes"
    ) in built.stderr


def _files(root) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "output" not in path.relative_to(root).parts
    }


@pytest.mark.usefixtures("reproducible_time")
def test_a_legal_threshold_changed_for_next_year_touches_only_that_year_s_parameters(tmp_path):
    """The worked example of docs/architecture.md: the vote cap changes from 2026. After
    `new-year`, one file is edited, and the 2025 report stays byte for byte as it was."""
    root = copy_project(tmp_path / "project")
    built = sociaal_verslag(root, "build", "2025", "--to", "html", "--no-previous", "-q")
    assert built.returncode == 0, built.stderr
    pages = sorted((root / "output" / "partial" / "2025").glob("*.html"))
    before = {page.name: page.read_bytes() for page in pages}
    started = sociaal_verslag(root, "new-year", "2026")
    assert started.returncode == 0, started.stderr
    files = _files(root)

    edit(root / "params" / "2026.yaml", "vote_cap_pct: 10\n", "vote_cap_pct: 25\n")

    changed = [name for name, data in _files(root).items() if files.get(name) != data]
    assert changed == ["params/2026.yaml"]
    again = sociaal_verslag(root, "build", "2025", "--to", "html", "--no-previous", "-q")
    assert again.returncode == 0, again.stderr
    assert {page.name: page.read_bytes() for page in pages} == before


@pytest.mark.usefixtures("reproducible_time")
def test_a_register_column_added_touches_the_description_the_export_its_receipt_and_the_docs(
    tmp_path,
):
    """The worked example of docs/architecture.md: the HR export of the advisers gains a column
    (their team). Four files change, each by the step the docs name, and the report is as it
    was: no figure reads the column yet."""
    root = copy_project(tmp_path / "project")
    built = sociaal_verslag(root, "build", "2025", "--to", "html", "--no-previous", "-q")
    assert built.returncode == 0, built.stderr
    pages = sorted((root / "output" / "partial" / "2025").glob("*.html"))
    before_pages = {page.name: page.read_bytes() for page in pages}
    files = _files(root)

    # 1. The description, once, in registers.yaml.
    edit(
        root / "sociaal_verslag" / "registers" / "registers.yaml",
        "        description: the day the adviser left; empty while in service\n"
        "        constraints: {required: false}\n",
        "        description: the day the adviser left; empty while in service\n"
        "        constraints: {required: false}\n"
        "      - name: team\n"
        "        type: string\n"
        "        description: the team the adviser belongs to; empty when none\n"
        "        constraints: {required: false}\n",
    )
    # 2. The export as the HR system now writes it: the new column, empty where not known.
    export = root / "data" / "2025" / "advisers.csv"
    lines = export.read_text(encoding="utf-8").splitlines()
    rows = [lines[0] + ",team"] + [
        f"{line},{'Gent-Noord' if n == 1 else ''}" for n, line in enumerate(lines[1:], 1)
    ]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    # 3. Its receipt, renewed for the deliberate change; 4. the docs written again.
    assert sociaal_verslag(root, "data", "record", "2025", "advisers").returncode == 0
    assert sociaal_verslag(root, "docs").returncode == 0

    changed = sorted(name for name, data in _files(root).items() if files.get(name) != data)
    assert changed == [
        "data/2025/PROVENANCE.yaml",
        "data/2025/advisers.csv",
        "docs/registers.md",
        "sociaal_verslag/registers/registers.yaml",
    ]
    assert "team" in (root / "docs" / "registers.md").read_text(encoding="utf-8")
    again = sociaal_verslag(root, "build", "2025", "--to", "html", "--no-previous", "-q")
    assert again.returncode == 0, again.stderr
    # The same report but for the colophon's fingerprint of the inputs, one of which changed.
    assert {page.name: _unprinted_fingerprint(page) for page in pages} == {
        name: _unprinted_fingerprint(data) for name, data in before_pages.items()
    }


def _unprinted_fingerprint(page) -> str:
    text = page if isinstance(page, bytes) else page.read_bytes()
    return re.sub(r"(vingerafdruk|empreinte) [0-9a-f]{12}", r"\1 …", text.decode("utf-8"))
