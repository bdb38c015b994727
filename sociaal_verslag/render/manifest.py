"""Where a build came from: its inputs' checksums, the code's commit, the packages, the time.

Everything a reviewer needs to rerun the same build and get the same result goes into
``manifest.json``; a short colophon says the same in a sentence or two at the end of the report.
Timestamps come from ``SOURCE_DATE_EPOCH`` when it is set, so that two builds of the same inputs
give identical documents.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..base.errors import ReportError
from ..base.git_state import GitState
from ..base.hashing import sha256
from ..base.paths import relative_to_root
from ..base.versions import library_versions
from ..language import templating
from ..language.formatting import long_date
from ..language.phrases import DEFAULT_LANGUAGE

if TYPE_CHECKING:
    from ..review.approval import Summary

PACKAGES = (
    "papermill",
    "nbconvert",
    "nbclient",
    "nbformat",
    "ipykernel",
    "pandas",
    "numpy",
    "matplotlib",
    "pandera",
    "pydantic",
    "babel",
    "num2words",
    "jinja2",
    "weasyprint",
    "openpyxl",
    "ruamel.yaml",
)
"""The packages whose version can change a figure, a chart or the documents."""


class ProvenanceError(ReportError):
    """The build cannot be dated (a ``SOURCE_DATE_EPOCH`` that is not whole seconds)."""


def build_time() -> datetime:
    """The build's timestamp: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except ValueError:
            raise ProvenanceError(
                f"SOURCE_DATE_EPOCH must be whole seconds, got {epoch!r}"
            ) from None
    return datetime.now(tz=UTC).replace(microsecond=0)


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} in the manifest")


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that matter, plus Python and this project."""
    return {**library_versions(PACKAGES), "sociaal-verslag": __version__}


def input_checksums(paths: list[Path]) -> dict[str, str]:
    """SHA-256 of every input file, by its path relative to the project root."""
    return {relative_to_root(path): sha256(path) for path in sorted(set(paths))}


def inputs_fingerprint(checksums: dict[str, str]) -> str:
    """One short hash over all inputs: equal fingerprints, equal inputs."""
    digest = hashlib.sha256(json.dumps(checksums, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:12]


@dataclass
class Manifest:
    """What ``manifest.json`` holds about one build."""

    year: int
    built_at: datetime
    parameters: dict[str, Any]
    overrides: list[str]
    inputs: dict[str, str]
    git: GitState
    packages: dict[str, str]
    notebook_seconds: dict[str, float] = field(default_factory=dict)
    checks: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    """Each step of the build: ran or taken from the cache, its key, its seconds."""
    final: bool = False
    """The build for filing (``build --final``); any other build's documents are drafts."""

    def to_dict(self, timings: bool = True) -> dict[str, Any]:
        """Plain JSON-ready mapping; without ``timings``, only what the same inputs reproduce
        (no seconds, no steps): the manifest attached to the PDF, made before the PDF is."""
        whole = {
            "year": self.year,
            "final": self.final,
            "built_at": self.built_at.isoformat(),
            "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
            "parameters": self.parameters,
            "overrides": self.overrides,
            "inputs": self.inputs,
            "inputs_fingerprint": inputs_fingerprint(self.inputs),
            "git": {"commit": self.git.commit, "dirty": self.git.dirty},
            "packages": self.packages,
            "notebook_seconds": self.notebook_seconds,
            "checks": self.checks,
            "steps": self.steps,
        }
        if not timings:
            del whole["notebook_seconds"], whole["steps"]
        return whole

    def write(self, path: Path, timings: bool = True) -> None:
        """Write the manifest as indented JSON (``timings``: see :meth:`to_dict`)."""
        path.write_text(
            # The parameters as written may hold dates (company.adopted_on): ISO 8601.
            json.dumps(self.to_dict(timings), ensure_ascii=False, indent=1, default=_iso) + "\n",
            encoding="utf-8",
        )


def colophon(
    built_at: datetime,
    git: GitState,
    inputs: dict[str, str],
    overrides: list[str],
    review: Summary | None = None,
    language: str = DEFAULT_LANGUAGE,
    final: bool = False,
    charts_review: Summary | None = None,
) -> str:
    """A few sentences for the end of the report: when, from which code and which inputs, how many
    of the figures and charts a reviewer checked (``review``, ``charts_review``, see
    ``review/approval.py``) and, unless it is the
    ``final`` build, that it is a draft; plain text,
    ``templates/bijzonder_verslag/colophon.txt.j2``, escaped where it is shown."""
    return templating.render(
        "bijzonder_verslag/colophon.txt.j2",
        language,
        date=long_date(built_at.date(), language),
        version=__version__,
        git=git,
        inputs=len(inputs),
        fingerprint=inputs_fingerprint(inputs),
        overrides=overrides,
        review=review,
        charts_review=charts_review,
        final=final,
    )
