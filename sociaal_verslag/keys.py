"""The cache keys of the build's steps: everything a product depends on, and nothing else.

A key is the sha256 of a JSON list naming the step and its inputs (see ``cache.digest``). Keys
are precise on purpose: a notebook's key covers its own code, the parameters injected into it,
the registers, parameters and facts its code reads (``notebook_sources``), the package code it can
run and the versions of the libraries that compute or print a figure, so that a change re-runs the
notebooks that depend on it and no other.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .cache import digest
from .catalogue import meta_files
from .notebook_sources import NotebookSource, code_modules
from .paths import PACKAGE_DIR, REVIEW_TEMPLATE, TEMPLATES_DIR
from .provenance import library_versions, sha256

NOTEBOOK_LIBRARIES = (
    "pandas",
    "numpy",
    "pyarrow",
    "pandera",
    "matplotlib",
    "babel",
    "num2words",
    "papermill",
    "nbclient",
    "nbformat",
    "ipykernel",
)
"""Libraries whose version can change what a notebook computes, prints or draws."""

DOCUMENT_LIBRARIES = ("nbconvert", "nbformat", "mistune", "nh3", "jinja2", "babel")
"""Libraries whose version can change the HTML pages."""


def files_digest(paths: Iterable[Path]) -> dict[str, str]:
    """sha256 of each file, by its path relative to the package (or its name)."""
    result = {}
    for path in sorted(Path(p) for p in paths):
        try:
            name = path.relative_to(PACKAGE_DIR).as_posix()
        except ValueError:
            name = path.name
        result[name] = sha256(path)
    return result


def translations_digest() -> dict[str, str]:
    """sha256 of every translation catalogue (``locale/<language>/*.po``) and of the modules
    that read them and print in a language."""
    modules = ("translations.py", "phrases.yaml", "phrases.py", "formatting.py", "editions.py")
    return files_digest(
        [*(PACKAGE_DIR / "locale").glob("*/*.po"), *(PACKAGE_DIR / name for name in modules)]
    )


def template_digest(folder: str) -> dict[str, str]:
    """sha256 of every file of a template folder (or of one template file)."""
    path = TEMPLATES_DIR / folder
    return files_digest(path.rglob("*") if path.is_dir() else [path])


def _params_read(source: NotebookSource, raw_params: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of the parameters a notebook's code reads."""
    if source.params_keys is None:
        return dict(raw_params)
    keys = set(source.params_keys) | {"year"}
    read: dict[str, Any] = {key: raw_params.get(key) for key in sorted(keys)}
    facts = raw_params.get("facts", {})
    read["facts"] = {fact: facts.get(fact) for fact in source.facts}
    return read


def notebook_key(
    source: NotebookSource,
    parameters: Mapping[str, Any],
    raw_params: Mapping[str, Any],
    registers: Mapping[str, str],
    previous_registers: Mapping[str, str],
) -> str:
    """The key of a notebook's run.

    ``registers``: sha256 of each of this year's register files; ``previous_registers``: of last
    year's (empty without a comparison). Only those the notebook loads count.
    """
    # ``parameters`` name the parameters file, not its content: of that, only the part the
    # notebook reads counts (next line), so a run stays valid when a parameter it does not read
    # changes.
    return digest(
        [
            "notebook",
            sha256(source.path),
            dict(parameters),
            _params_read(source, raw_params),
            {name: registers.get(name) for name in source.registers},
            {name: previous_registers.get(name) for name in source.previous_registers},
            files_digest([*code_modules(source), PACKAGE_DIR / "__init__.py"]),
            library_versions(NOTEBOOK_LIBRARIES),
        ]
    )


def review_key(executed: Path, linked: list[str]) -> str:
    """The key of a notebook's review page (``linked``: the files it links back to)."""
    return digest(
        [
            "review",
            sha256(executed),
            linked,
            template_digest(REVIEW_TEMPLATE),
            files_digest([PACKAGE_DIR / "review.py"]),
            library_versions(DOCUMENT_LIBRARIES),
        ]
    )


def html_key(content: Any) -> str:
    """The key of the report's HTML: its whole content but the time it is made, unless the
    build is dated by ``SOURCE_DATE_EPOCH`` (then the date is part of the content). The content
    holds the colophon's facts: the inputs' checksums, among them ``reviews/YEAR.yaml``, and the
    sign-off's summary, so that a new approval gives a new colophon."""
    return digest(
        [
            "html",
            content,
            os.environ.get("SOURCE_DATE_EPOCH"),
            template_digest("bijzonder_verslag"),
            files_digest(
                [
                    PACKAGE_DIR / name
                    for name in (
                        "report.py",
                        "appendix.py",
                        "figure_refs.py",
                        "review.py",
                        "sanitize.py",
                        "templating.py",
                        "provenance.py",
                        "figures.py",
                        "typography.py",
                        # the appendix's words: the figures' labels, the registers' names
                        "registers.yaml",
                        *(f"metrics/{path.name}" for path in meta_files()),
                    )
                ]
            ),
            translations_digest(),
            library_versions(DOCUMENT_LIBRARIES),
        ]
    )


def pdf_key(html: Path, attachments: Iterable[tuple[Path, str]], built_at: str) -> str:
    """The key of the PDF: the HTML, the attached files with their descriptions and the date
    they carry."""
    return digest(
        [
            "pdf",
            sha256(html),
            [[sha256(path), description] for path, description in attachments],
            built_at,
            template_digest("bijzonder_verslag/print.css"),
            # The footer's words ("Pagina X van Y"), in the page's language.
            template_digest("bijzonder_verslag/metadata.txt.j2"),
            translations_digest(),
            files_digest([PACKAGE_DIR / "pdf.py"]),
            library_versions(("weasyprint", "pydyf", "fonttools", "matplotlib")),
        ]
    )
