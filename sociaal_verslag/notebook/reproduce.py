"""A review notebook run again in Jupyter: the inputs of its build, or a refusal in one line.

A build keeps each executed notebook in ``output/YEAR/review/``, reading the build's own parameters
(``../params.yaml``). Run again in Jupyter, outside a build, such a notebook reads the registers
from the data folder as they are now: after a register changed, it would silently compute another
build's figures beside the ones its build printed. So, outside a build, a notebook whose parameters
file has its build's ``manifest.json`` beside it checks its parameters (at
:func:`~sociaal_verslag.notebook.calls.setup`) and every register file it loads (at
:func:`~sociaal_verslag.notebook.calls.load`) against the sha256 the build recorded (last year's
too, at :func:`~sociaal_verslag.notebook.calls.load_previous`), and stops on the first difference:
which file, the checksum recorded and the one now, and the commit that holds the build's inputs.

A chapter notebook opened from ``notebooks/`` reads ``params/YEAR.yaml``, which has no manifest
beside it: it computes from the data as it is, which is what an analyst working on it wants.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import ReportError
from ..base.hashing import sha256
from ..base.paths import relative_to_root

MANIFEST = "manifest.json"


class NotTheBuildInputsError(ReportError):
    """A review notebook run again would read other inputs than its build did."""


@dataclass(frozen=True)
class BuildRecord:
    """What a build recorded of its inputs (its ``manifest.json``)."""

    manifest: Path
    inputs: dict[str, str]
    """sha256 of every input file, by its path from the project root."""
    parameters: dict[str, Any]
    commit: str | None
    dirty: bool

    @classmethod
    def beside(cls, params_path: Path) -> BuildRecord | None:
        """The record of the build whose parameters file is ``params_path``; None when no
        manifest is beside it (the project's own parameters, or a build still running)."""
        manifest = params_path.parent / MANIFEST
        if not manifest.is_file():
            return None
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            git = data.get("git") or {}
            return cls(
                manifest,
                dict(data["inputs"]),
                dict(data["parameters"]),
                git.get("commit"),
                bool(git.get("dirty")),
            )
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise NotTheBuildInputsError(
                f"{relative_to_root(manifest)}: not a build's manifest ({error}); run the"
                " notebook from a whole build folder, or from notebooks/ on today's data"
            ) from None

    def check_parameters(self, raw: dict[str, Any], params_path: Path) -> None:
        """Refuse parameters that differ from those the build used (the file was edited)."""
        keys = sorted(set(raw) | set(self.parameters), key=str)
        changed = [key for key in keys if raw.get(key) != self.parameters.get(key)]
        if changed:
            shown = relative_to_root(params_path)
            raise NotTheBuildInputsError(
                f"{shown}, {changed[0]}: not the value the build used (its parameters are in"
                f" {relative_to_root(self.manifest)}); put it back, or build again with -p to"
                " review another value"
            )

    def check_register(self, path: Path) -> None:
        """Refuse a register file that is not the one the build read."""
        shown = relative_to_root(path)
        recorded = self.inputs.get(shown)
        if recorded is None and not path.exists():
            return  # the build found no such file either (last year's, left out of the charts)
        if recorded is None:
            raise NotTheBuildInputsError(
                f"{shown}: not among the files the build read ({relative_to_root(self.manifest)})"
            )
        current = sha256(path) if path.is_file() else "(missing)"
        if current != recorded:
            raise NotTheBuildInputsError(
                f"{shown}: sha256 {_short(current)} now, {_short(recorded)} when the build read it"
                f" ({relative_to_root(self.manifest)}); {self._how_back(shown)}"
            )

    def _how_back(self, shown: str) -> str:
        """How to get the build's input back, or to review the new one instead."""
        if self.commit is None:
            back = "restore the file the build read"
        else:
            back = f"the build's inputs are those of commit {self.commit[:10]}"
            back += " with changes not committed" if self.dirty else ""
            back += f" (git checkout {self.commit[:10]} -- {shown})"
        return f"{back}, or build again to review the new data"


def _short(checksum: str) -> str:
    return f"{checksum[:12]}…" if len(checksum) == 64 else checksum
