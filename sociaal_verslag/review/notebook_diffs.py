"""How each executed notebook changed since an approval of what it computes, by nbdime.

``review approve`` keeps the executed notebooks of the build it approves, by their sha256, in
``output/snapshots/notebooks/`` and records that sha256 with each approval
(``notebook_version``); :func:`approved_versions` says which approval's version a notebook is
compared with. nbdime compares it with the notebook of the build now:
the cells' sources and outputs, not their metadata or ids (papermill's timings change every run).
A chart's drawing is compared by its sha256 (its drawn values are in its output's metadata,
compared line by line), and a recording cell by its plain text and figures (its HTML block says
the same in more bytes). A cell is named as the review pages name it: by its number in Jupyter.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..base.kept_files import SNAPSHOTS_DIR, write_once
from ..base.paths import relative_to_root
from ..figures.records import FIGURES_MIME
from .approval import CHANGED, FigureState
from .history import Approved, Withdrawn

NOTEBOOKS_DIR = SNAPSHOTS_DIR / "notebooks"

PICTURES = ("image/svg+xml", "image/png", "application/pdf")
"""Output data compared by their sha256 only. A chart's other drawings (for phones, in another
language: every other MIME type that ends in ``svg+xml``) are left out: they change with it."""


def keep(path: Path, root: Path | None = None) -> str:
    """Keep the executed notebook ``path`` once, by its sha256; return the sha256."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    target = (root or NOTEBOOKS_DIR) / f"{digest}.ipynb"
    write_once(target, lambda partial: shutil.copyfile(path, partial))
    return digest


def kept(digest: str, root: Path | None = None) -> Path | None:
    """The kept notebook of sha256 ``digest`` (None: not kept on this machine)."""
    path = (root or NOTEBOOKS_DIR) / f"{digest}.ipynb"
    return path if path.is_file() else None


@dataclass(frozen=True)
class Basis:
    """The approval whose notebook version a notebook is compared with."""

    version: str | None
    """The sha256 of that version (None: the approval was recorded before versions were kept)."""
    figure: str
    by: str
    at: datetime

    def describe(self) -> str:
        """'de goedkeuring van events.per_month door An Peeters op 2026-03-02'."""
        return f"de goedkeuring van {self.figure} door {self.by} op {self.at:%Y-%m-%d}"


def approved_versions(
    events: Iterable[Approved | Withdrawn], present: set[str], pending: set[str]
) -> dict[str, Basis]:
    """Each notebook with an approval in force of a figure or chart the build still has
    (``present``), and the approval to compare it with. While some of them changed since their
    approval (``pending``), the oldest of those approvals, so that no change still to review is
    hidden; else the latest approval, so that what was reviewed since drops out."""
    in_force: dict[str, tuple[int, Approved]] = {}
    for order, event in enumerate(events):
        if isinstance(event, Approved):
            in_force[event.figure] = (order, event)
        else:
            in_force.pop(event.figure, None)
    chosen: dict[str, tuple[bool, int, Approved]] = {}
    for order, event in in_force.values():
        if event.figure not in present:
            continue  # a figure or chart the build no longer has
        rank = (event.figure in pending, -order if event.figure in pending else order)
        best = chosen.get(event.notebook)
        if best is None or rank > best[:2]:
            chosen[event.notebook] = (*rank, event)
    return {
        notebook: Basis(event.notebook_version, event.figure, event.by, event.at)
        for notebook, (_, _, event) in sorted(chosen.items())
    }


def bases(
    events: Iterable[Approved | Withdrawn], states: Mapping[str, FigureState]
) -> dict[str, Basis]:
    """The approval each notebook is compared with, given the states of what a build has."""
    pending = {item_id for item_id, state in states.items() if state.state == CHANGED}
    return approved_versions(events, set(states), pending)


@dataclass(frozen=True)
class NotebookDiff:
    """One notebook against the approved version it is compared with."""

    notebook: str
    basis: Basis | None
    """The approval it is compared with (None: nothing in it is approved)."""
    lines: tuple[str, ...]
    """nbdime's account of what changed, in plain text (empty: nothing changed)."""
    missing: bool = False
    """The approved version is not kept on this machine (``output/`` was cleared)."""

    @property
    def approved(self) -> str | None:
        """The sha256 of the approved version compared with (None: none to compare with)."""
        return self.basis.version if self.basis is not None else None

    @property
    def unversioned(self) -> bool:
        """Approved, but by an approval recorded before notebook versions were kept."""
        return self.basis is not None and self.basis.version is None

    @property
    def changed(self) -> bool:
        """Something changed since the approved version."""
        return bool(self.lines)

    def summary(self) -> str:
        """One line in Dutch: what the comparison found, and against which approval."""
        if self.basis is None:
            return f"{self.notebook}: nooit goedgekeurd, niets om mee te vergelijken"
        basis = self.basis.describe()
        if self.approved is None:
            return (
                f"{self.notebook}: {UNVERSIONED} ({basis}), niets om mee te vergelijken;"
                " een nieuwe goedkeuring bewaart de versie"
            )
        version = f"de goedgekeurde versie {self.approved[:12]} ({basis})"
        if self.missing:
            return (
                f"{self.notebook}: {version} is niet bewaard in {relative_to_root(NOTEBOOKS_DIR)}"
            )
        return f"{self.notebook}: {'gewijzigd' if self.changed else 'ongewijzigd'} sinds {version}"


UNVERSIONED = "goedgekeurd vóór de versies van de notebooks werden bewaard"
"""What the review index and ``review diff`` say of a notebook approved before then."""


def compare(
    notebook: str, current: Path, bases: dict[str, Basis], root: Path | None = None
) -> NotebookDiff:
    """``current`` (an executed notebook) against the approved version its basis in ``bases``
    names (:func:`approved_versions`)."""
    basis = bases.get(notebook)
    if basis is None or basis.version is None:
        return NotebookDiff(notebook, basis, ())
    base = kept(basis.version, root)
    if base is None:
        return NotebookDiff(notebook, basis, (), missing=True)
    return NotebookDiff(notebook, basis, tuple(diff_lines(base, current)))


def diff_lines(base_path: Path, current_path: Path) -> list[str]:
    """What nbdime finds changed from ``base_path`` to ``current_path``, as plain lines, each
    cell named by its number and id in the approved version."""
    # nbdime and nbformat (about 0.3 s to import) only when a notebook is compared
    import nbformat
    from nbdime.diffing.notebooks import diff_notebooks, set_notebook_diff_targets
    from nbdime.prettyprint import PrettyPrintConfig, pretty_print_diff

    base = _comparable(nbformat.read(base_path, as_version=4))
    current = _comparable(nbformat.read(current_path, as_version=4))
    set_notebook_diff_targets(
        sources=True, outputs=True, attachments=False, metadata=False, identifier=False,
        details=False,
    )  # fmt: skip
    found = diff_notebooks(base, current)
    if not found:
        return []
    out = io.StringIO()
    config = PrettyPrintConfig(
        out=out, include=_COMPARED, use_color=False, use_git=False, use_diff=False
    )  # nbdime's own +/- lines, not an external diff's
    pretty_print_diff(base, found, "", config)
    names = [_cell_name(cell) for cell in base.cells]
    lines = [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]
    # Only nbdime's headings name cells by position; a cell's own text is left as it is.
    return [
        re.sub(r"/?cells/(\d+)", lambda found: _named(names, found), line)
        if line.startswith("## ")
        else line
        for line in lines
    ]


def _cell_name(cell: Any) -> str:
    """A cell of the approved version as the review pages name it: 'cel 9 (3f2a9c1d)' by its
    number beside it in Jupyter, 'parameters van de build (id)' for the cell papermill
    injects, else by its type and id."""
    number, cell_id = cell.get("execution_count"), cell.get("id", "?")
    if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
        return f"parameters van de build ({cell_id})"
    if cell.get("cell_type") == "code" and isinstance(number, int):
        return f"cel {number} ({cell_id})"
    return f"{cell.get('cell_type', '?')}-cel ({cell_id})"


def _named(names: list[str], found: re.Match[str]) -> str:
    """nbdime's ``cells/N`` by the cell's name; N past the last cell is the notebook's end
    (nbdime says "inserted before cells/N" of a cell added at the end)."""
    index = int(found.group(1))
    return names[index] if index < len(names) else "het einde van het notebook"


_COMPARED = SimpleNamespace(
    sources=True, outputs=True, attachments=False, metadata=False, id=False, details=False
)
"""What of a cell is compared and shown: papermill gives its parameters cell a new id each run."""


def _comparable(notebook: Any) -> Any:
    """The notebook with each picture replaced by its sha256 and each recording cell's HTML
    block left out (see the module's docstring)."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in list(data):
                if mime != "image/svg+xml" and mime.endswith("svg+xml"):
                    del data[mime]  # the same drawing for phones or in another language
                elif mime in PICTURES:
                    digest = hashlib.sha256(str(data[mime]).encode("utf-8")).hexdigest()
                    data[mime] = f"<{mime}, sha256 {digest[:12]}>"
            if FIGURES_MIME in data:
                data.pop("text/html", None)
    return notebook
