"""How an executed notebook changed since its approval, by nbdime: the cells' sources and
outputs, a drawing by its sha256, not the metadata or the ids papermill changes every run."""

from __future__ import annotations

from datetime import UTC, datetime

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from sociaal_verslag.figures.records import FIGURES_MIME
from sociaal_verslag.review import notebook_diffs
from sociaal_verslag.review.history import Approved, Withdrawn

from .test_approval import FIGURE, KEY


def _notebook(path, total: str, svg: str, *, parameters_id: str = "p1", seconds: float = 1.0):
    """A small executed notebook: its parameters cell, a recording cell and a chart."""
    record = new_code_cell('record("financing.kbs_grants", grants, year)', id="rec1")
    record.outputs = [
        new_output(
            "display_data",
            data={
                FIGURES_MIME: [{"id": "x", "printed": total}],
                "text/plain": f"financing.kbs_grants.total_eur = {total}",
                "text/html": f"<table><td>{total}</td><td>{seconds}</td></table>",
            },
        )
    ]
    chart = new_code_cell('chart("financing.loans_per_month", drawing, params)', id="chart1")
    chart.outputs = [
        new_output(
            "display_data",
            data={"image/svg+xml": svg, "application/vnd.sociaal-verslag.fr.svg+xml": svg + "fr"},
        )
    ]
    notebook = new_notebook(cells=[new_code_cell("year = 2025", id=parameters_id), record, chart])
    notebook.metadata["papermill"] = {"duration": seconds}
    nbformat.write(notebook, path)
    return path


@pytest.fixture
def kept_root(tmp_path):
    return tmp_path / "kept"


def test_nothing_changed_but_ids_timings_and_metadata_is_unchanged(tmp_path, kept_root):
    approved = _notebook(tmp_path / "a.ipynb", "78.910", "<svg>1</svg>")
    digest = notebook_diffs.keep(approved, kept_root)
    now = _notebook(tmp_path / "b.ipynb", "78.910", "<svg>1</svg>", parameters_id="p2", seconds=9)
    found = notebook_diffs.compare("01-dynamiek", now, digest, kept_root)
    assert not found.changed
    assert found.summary() == f"01-dynamiek: ongewijzigd sinds de goedgekeurde versie {digest[:12]}"


def test_a_changed_output_and_drawing_are_named_by_their_cell(tmp_path, kept_root):
    digest = notebook_diffs.keep(
        _notebook(tmp_path / "a.ipynb", "78.910", "<svg>1</svg>"), kept_root
    )
    now = _notebook(tmp_path / "b.ipynb", "78.920", "<svg>2</svg>")
    found = notebook_diffs.compare("01-dynamiek", now, digest, kept_root)
    assert found.changed and "gewijzigd sinds" in found.summary()
    text = "\n".join(found.lines)
    assert "## deleted cel 2 (rec1)/outputs/0:" in found.lines
    assert "## inserted before cel 2 (rec1)/outputs/0:" in found.lines
    assert "-      text/plain: financing.kbs_grants.total_eur = 78.910" in found.lines
    assert "+      text/plain: financing.kbs_grants.total_eur = 78.920" in found.lines
    assert "cel 3 (chart1)/outputs/0/data/image/svg+xml" in text
    assert "<svg>" not in text  # a drawing by its sha256, its other languages left out
    assert "fr.svg+xml" not in text and "text/html" not in text


def test_a_changed_source_is_shown_line_by_line(tmp_path, kept_root):
    digest = notebook_diffs.keep(_notebook(tmp_path / "a.ipynb", "1", "<svg/>"), kept_root)
    changed = nbformat.read(tmp_path / "a.ipynb", as_version=4)
    changed.cells[1].source = 'record("financing.kbs_grants", grants[1:], year)'
    nbformat.write(changed, tmp_path / "b.ipynb")
    lines = notebook_diffs.compare("x", tmp_path / "b.ipynb", digest, kept_root).lines
    assert list(lines) == [
        "## modified cel 2 (rec1)/source:",
        '-  record("financing.kbs_grants", grants, year)',
        '+  record("financing.kbs_grants", grants[1:], year)',
    ]


def test_a_version_not_kept_and_a_notebook_never_approved_are_said(tmp_path, kept_root):
    now = _notebook(tmp_path / "b.ipynb", "1", "<svg/>")
    missing = notebook_diffs.compare("x", now, "f" * 64, kept_root)
    assert missing.missing and not missing.changed and "niet bewaard" in missing.summary()
    never = notebook_diffs.compare("x", now, None, kept_root)
    assert never.summary() == "x: nooit goedgekeurd, niets om mee te vergelijken"


def test_the_last_approval_of_a_notebook_names_its_version():
    at = datetime(2026, 1, 1, tzinfo=UTC)

    def approved(notebook: str, version: str | None) -> Approved:
        return Approved(
            figure=FIGURE.id, by="An", at=at, value=FIGURE.value, printed=FIGURE.printed,
            notebook=notebook, cell=FIGURE.cell_id, key=KEY.to_dict(), notebook_version=version,
        )  # fmt: skip

    events = [
        approved("01-dynamiek", "a" * 64),
        approved("02-bescherming", "b" * 64),
        approved("01-dynamiek", "c" * 64),
        approved("01-dynamiek", None),  # approved before versions were kept
        Withdrawn(figure=FIGURE.id, by="An", at=at, reason="r"),
    ]
    assert notebook_diffs.last_approved(events) == {
        "01-dynamiek": "c" * 64,
        "02-bescherming": "b" * 64,
    }
