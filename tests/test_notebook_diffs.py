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
    record.execution_count = 2
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
    chart.execution_count = 3
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


AT = datetime(2026, 1, 1, tzinfo=UTC)


def _basis(version: str | None) -> notebook_diffs.Basis:
    return notebook_diffs.Basis(version, FIGURE.id, "An Peeters", AT)


@pytest.fixture
def kept_root(tmp_path):
    return tmp_path / "kept"


def test_nothing_changed_but_ids_timings_and_metadata_is_unchanged(tmp_path, kept_root):
    approved = _notebook(tmp_path / "a.ipynb", "78.910", "<svg>1</svg>")
    digest = notebook_diffs.keep(approved, kept_root)
    now = _notebook(tmp_path / "b.ipynb", "78.910", "<svg>1</svg>", parameters_id="p2", seconds=9)
    found = notebook_diffs.compare("01-dynamiek", now, {"01-dynamiek": _basis(digest)}, kept_root)
    assert not found.changed
    assert found.summary() == (
        f"01-dynamiek: ongewijzigd sinds de goedgekeurde versie {digest[:12]} (de goedkeuring"
        f" van {FIGURE.id} door An Peeters op 2026-01-01)"
    )


def test_a_changed_output_and_drawing_are_named_by_their_cell(tmp_path, kept_root):
    digest = notebook_diffs.keep(
        _notebook(tmp_path / "a.ipynb", "78.910", "<svg>1</svg>"), kept_root
    )
    now = _notebook(tmp_path / "b.ipynb", "78.920", "<svg>2</svg>")
    found = notebook_diffs.compare("01-dynamiek", now, {"01-dynamiek": _basis(digest)}, kept_root)
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
    lines = notebook_diffs.compare(
        "x", tmp_path / "b.ipynb", {"x": _basis(digest)}, kept_root
    ).lines
    assert list(lines) == [
        "## modified cel 2 (rec1)/source:",
        '-  record("financing.kbs_grants", grants, year)',
        '+  record("financing.kbs_grants", grants[1:], year)',
    ]


def test_a_version_not_kept_and_a_notebook_never_approved_are_said(tmp_path, kept_root):
    now = _notebook(tmp_path / "b.ipynb", "1", "<svg/>")
    missing = notebook_diffs.compare("x", now, {"x": _basis("f" * 64)}, kept_root)
    assert missing.missing and not missing.changed and "niet bewaard" in missing.summary()
    never = notebook_diffs.compare("x", now, {"y": _basis("f" * 64)}, kept_root)
    assert never.summary() == "x: nooit goedgekeurd, niets om mee te vergelijken"
    # Approved before versions were kept: said so, not "never approved".
    unversioned = notebook_diffs.compare("x", now, {"x": _basis(None)}, kept_root)
    assert unversioned.unversioned and not unversioned.changed
    assert unversioned.summary().startswith(f"x: {notebook_diffs.UNVERSIONED} (de goedkeuring")


def _approved(figure: str, notebook: str, version: str | None) -> Approved:
    return Approved(
        figure=figure, by="An", at=AT, value=FIGURE.value, printed=FIGURE.printed,
        notebook=notebook, cell=FIGURE.cell_id, key=KEY.to_dict(), notebook_version=version,
    )  # fmt: skip


EVENTS = [
    _approved("a.total", "01-dynamiek", "a" * 64),
    _approved("b.count", "01-dynamiek", "b" * 64),
    _approved("c.count", "02-bescherming", "c" * 64),
    _approved("a.total", "01-dynamiek", "d" * 64),  # approved again
    _approved("e.count", "03-erkenning", None),  # approved before versions were kept
    _approved("f.count", "04-ontplooiing", "f" * 64),
    Withdrawn(figure="f.count", by="An", at=AT, reason="r"),  # nothing in force
    _approved("gone.chart", "02-bescherming", "9" * 64),  # a chart the build no longer has
]
PRESENT = {"a.total", "b.count", "c.count", "e.count", "f.count"}


def _versions(events: list, pending: set[str]) -> dict[str, str | None]:
    bases = notebook_diffs.approved_versions(events, PRESENT, pending)
    return {notebook: basis.version for notebook, basis in bases.items()}


def test_with_nothing_to_review_a_notebook_is_compared_with_its_latest_approval():
    assert _versions(EVENTS, set()) == {
        "01-dynamiek": "d" * 64,  # a.total approved again, after b.count
        "02-bescherming": "c" * 64,  # not the approval of a chart the build no longer has
        "03-erkenning": None,
    }


def test_while_something_changed_the_oldest_of_those_approvals_hides_nothing():
    # b.count changed since its approval: a later approval of a.total must not hide that.
    assert _versions(EVENTS, {"b.count"})["01-dynamiek"] == "b" * 64
    # Both changed: the older of their approvals (b.count's; a.total's was renewed after it).
    assert _versions(EVENTS, {"a.total", "b.count"})["01-dynamiek"] == "b" * 64
    # b.count approved again (reviewed): back to the latest approval.
    later = [*EVENTS, _approved("b.count", "01-dynamiek", "8" * 64)]
    assert _versions(later, set())["01-dynamiek"] == "8" * 64
    basis = notebook_diffs.approved_versions(EVENTS, PRESENT, {"b.count"})["01-dynamiek"]
    assert basis.describe() == "de goedkeuring van b.count door An op 2026-01-01"


def test_a_cell_added_at_the_end_is_named_so(tmp_path, kept_root):
    digest = notebook_diffs.keep(_notebook(tmp_path / "a.ipynb", "1", "<svg/>"), kept_root)
    longer = nbformat.read(tmp_path / "a.ipynb", as_version=4)
    longer.cells.append(new_code_cell("print('nieuw')", id="new1"))
    nbformat.write(longer, tmp_path / "b.ipynb")
    lines = notebook_diffs.compare(
        "x", tmp_path / "b.ipynb", {"x": _basis(digest)}, kept_root
    ).lines
    assert lines[0] == "## inserted before het einde van het notebook:"
    assert "print('nieuw')" in "\n".join(lines)


def test_the_parameters_cell_is_named_as_the_pages_name_it_and_cell_text_is_kept(
    tmp_path, kept_root
):
    approved = nbformat.read(_notebook(tmp_path / "a.ipynb", "1", "<svg/>"), as_version=4)
    approved.cells[0].metadata["tags"] = ["injected-parameters"]
    nbformat.write(approved, tmp_path / "a.ipynb")
    digest = notebook_diffs.keep(tmp_path / "a.ipynb", kept_root)
    approved.cells[0].source = "year = 2025\npath = 'cells/2'"
    nbformat.write(approved, tmp_path / "b.ipynb")
    lines = notebook_diffs.compare("x", tmp_path / "b.ipynb", {"x": _basis(digest)}, kept_root)
    assert lines.lines[0] == "## modified parameters van de build (p1)/source:"
    assert "+  path = 'cells/2'" in lines.lines  # a cell's own text is not renamed
