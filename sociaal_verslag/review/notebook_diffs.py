"""How each executed notebook changed since it was last approved, by nbdime.

``review approve`` keeps the executed notebooks of the build it approves, by their sha256, in
``output/snapshots/notebooks/`` and records that sha256 with each approval
(``notebook_version``). A notebook is compared with the version its oldest approval still in
force names (:func:`approved_versions`). nbdime compares it with the notebook of the build now:
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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..base.kept_files import SNAPSHOTS_DIR, write_once
from ..base.paths import relative_to_root
from ..figures.records import FIGURES_MIME
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


def approved_versions(events: Iterable[Approved | Withdrawn]) -> dict[str, str | None]:
    """Each notebook with an approval in force, and the version to compare it with: the
    version of its oldest approval still in force, so that nothing approved earlier and
    changed since is hidden by a later approval of another figure (None: that approval was
    recorded before versions were kept)."""
    in_force: dict[str, tuple[int, Approved]] = {}
    for order, event in enumerate(events):
        if isinstance(event, Approved):
            in_force[event.figure] = (order, event)
        else:
            in_force.pop(event.figure, None)
    versions: dict[str, str | None] = {}
    for _, event in sorted(in_force.values(), key=lambda item: item[0]):
        versions.setdefault(event.notebook, event.notebook_version)
    return versions


@dataclass(frozen=True)
class NotebookDiff:
    """One notebook against its last approved version."""

    notebook: str
    approved: str | None
    """The sha256 of the approved version it is compared with (None: none to compare with)."""
    lines: tuple[str, ...]
    """nbdime's account of what changed, in plain text (empty: nothing changed)."""
    missing: bool = False
    """The approved version is not kept on this machine (``output/`` was cleared)."""
    unversioned: bool = False
    """Approved, but by an approval recorded before notebook versions were kept."""

    @property
    def changed(self) -> bool:
        """Something changed since the approved version."""
        return bool(self.lines)

    def summary(self) -> str:
        """One line in Dutch: what the comparison found."""
        if self.unversioned:
            return (
                f"{self.notebook}: goedgekeurd vóór de versies van de notebooks werden bewaard,"
                " niets om mee te vergelijken (keur opnieuw goed met --again)"
            )
        if self.approved is None:
            return f"{self.notebook}: nooit goedgekeurd, niets om mee te vergelijken"
        if self.missing:
            return (
                f"{self.notebook}: de goedgekeurde versie {self.approved[:12]} is niet bewaard"
                f" in {relative_to_root(NOTEBOOKS_DIR)}"
            )
        if not self.changed:
            return f"{self.notebook}: ongewijzigd sinds de goedgekeurde versie {self.approved[:12]}"
        return f"{self.notebook}: gewijzigd sinds de goedgekeurde versie {self.approved[:12]}"


def compare(
    notebook: str, current: Path, versions: dict[str, str | None], root: Path | None = None
) -> NotebookDiff:
    """``current`` (an executed notebook) against its approved version in ``versions``
    (:func:`approved_versions`)."""
    approved = versions.get(notebook)
    if approved is None:
        return NotebookDiff(notebook, None, (), unversioned=notebook in versions)
    base = kept(approved, root)
    if base is None:
        return NotebookDiff(notebook, approved, (), missing=True)
    return NotebookDiff(notebook, approved, tuple(diff_lines(base, current)))


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
    config = PrettyPrintConfig(out=out, include=_COMPARED, use_color=False, use_git=False)
    pretty_print_diff(base, found, "", config)
    names = [_cell_name(cell) for cell in base.cells]
    text = re.sub(r"/?cells/(\d+)", lambda found: _named(names, found), out.getvalue())
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def _cell_name(cell: Any) -> str:
    """A cell of the approved version as the review pages name it: 'cel 9 (3f2a9c1d)' by its
    number beside it in Jupyter (a code cell that ran), else 'markdown-cel (id)'."""
    number = cell.get("execution_count")
    if cell.get("cell_type") == "code" and isinstance(number, int):
        return f"cel {number} ({cell.get('id', '?')})"
    return f"{cell.get('cell_type', '?')}-cel ({cell.get('id', '?')})"


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
