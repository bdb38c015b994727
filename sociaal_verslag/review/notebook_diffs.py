"""How each executed notebook changed since it was last approved, by nbdime.

``review approve`` keeps the executed notebooks of the build it approves, by their sha256, in
``output/snapshots/notebooks/`` and records that sha256 with each approval
(``notebook_version``). The last approved version of a notebook is the one its latest approval
names. nbdime compares it with the notebook of the build now: the cells' sources and outputs, not
their metadata or ids (papermill's timings change every run). A chart's drawing is compared by its
sha256 (its drawn values are in its output's metadata, compared line by line), and a recording
cell by its plain text and figures (its HTML block says the same in more bytes).
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


def last_approved(events: Iterable[Approved | Withdrawn]) -> dict[str, str]:
    """Each notebook's last approved version: the ``notebook_version`` of its latest approval."""
    versions: dict[str, str] = {}
    for event in events:
        if isinstance(event, Approved) and event.notebook_version:
            versions[event.notebook] = event.notebook_version
    return versions


@dataclass(frozen=True)
class NotebookDiff:
    """One notebook against its last approved version."""

    notebook: str
    approved: str | None
    """The sha256 of its last approved version (None: never approved with a kept version)."""
    lines: tuple[str, ...]
    """nbdime's account of what changed, in plain text (empty: nothing changed)."""
    missing: bool = False
    """The approved version is not kept on this machine (``output/`` was cleared)."""

    @property
    def changed(self) -> bool:
        """Something changed since the approved version."""
        return bool(self.lines)

    def summary(self) -> str:
        """One line in Dutch: what the comparison found."""
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
    notebook: str, current: Path, approved: str | None, root: Path | None = None
) -> NotebookDiff:
    """``current`` (an executed notebook) against the approved version ``approved``."""
    if approved is None:
        return NotebookDiff(notebook, None, ())
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
    names = [f"cel {n} ({cell.get('id', '?')})" for n, cell in enumerate(base.cells, 1)]
    text = re.sub(r"/?cells/(\d+)", lambda m: names[int(m.group(1))], out.getvalue())
    return [line.rstrip() for line in text.splitlines() if line.strip()]


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
