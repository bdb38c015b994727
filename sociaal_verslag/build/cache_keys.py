"""The cache keys of the build's steps: everything a product depends on.

A key is the sha256 of a JSON list naming the step and its inputs (see ``cache.digest``). A
notebook's key has a second part, what its kernel really read (``build/read_sets.py``). The other
steps run in the build's own process; their keys cover:

- their content (the text, the figures, the HTML a PDF is made from, the attached files);
- the code that makes them: the step's module and every package module it imports, with the
  data files those read as code (``base/package_code.py``), so that a change to any
  module on the step's path makes it again;
- the templates, style sheets, fonts and translation catalogues they use;
- the Python installation: its version and every installed distribution with its version.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..base.hashing import sha256
from ..base.package_code import package_files
from ..base.paths import PACKAGE_DIR, REVIEW_TEMPLATE, TEMPLATES_DIR, font_dir
from ..cache.store import digest
from ..figures.catalogue import META_SUFFIX, METRICS_DIR, meta_files
from ..language.translations import LOCALE_DIR
from ..notebook.sources import NotebookSource
from ..registers.schema import REGISTERS_FILE
from ..year.params import override_of


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


def code_digest(*modules: str) -> dict[str, str]:
    """sha256 of the step's modules (``"page_step"``, ``"metrics/financing"``) and of every
    package module they import, with the data files those read as code."""
    return files_digest(package_files(modules))


@cache
def installation() -> dict[str, Any]:
    """The Python installation the build runs on: Python's version and the installed
    distributions, by the names of their ``*.dist-info`` folders (which carry the version)."""
    folders = sorted({path for path in sys.path if path.endswith(("site-packages", "-packages"))})
    distributions = []
    for folder in folders:
        try:
            distributions += [name for name in os.listdir(folder) if name.endswith(".dist-info")]
        except OSError:
            continue
    return {"python": sys.version, "distributions": sorted(distributions)}


def translations_digest() -> dict[str, str]:
    """sha256 of every translation catalogue (``locale/<language>/*.po``)."""
    return files_digest(LOCALE_DIR.glob("*/*.po"))


def template_digest(folder: str) -> dict[str, str]:
    """sha256 of every file of a template folder (or of one template file), but hidden ones
    (an editor's copies in ``.ipynb_checkpoints/``)."""
    path = TEMPLATES_DIR / folder
    if not path.is_dir():
        return files_digest([path])
    return files_digest(
        found
        for found in path.rglob("*")
        if found.is_file()
        and not any(part.startswith(".") for part in found.relative_to(path).parts)
    )


def _params_read(source: NotebookSource, raw_params: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of the parameters a notebook's code reads."""
    if source.params_keys is None:
        return dict(raw_params)
    keys = set(source.params_keys) | {"year"}
    read: dict[str, Any] = {key: raw_params.get(key) for key in sorted(keys)}
    if "facts" not in keys:  # read only through record("facts.recorded", params, [...])
        facts = raw_params.get("facts", {})
        read["facts"] = {fact: facts.get(fact) for fact in source.facts}
    # A recording cell shows a value set by -p as such: the -p of what the notebook reads.
    overrides = raw_params.get("overrides") or []
    named = [*keys, *(f"facts.{fact}" for fact in source.facts)]
    read["overrides"] = sorted({found for key in named if (found := override_of(overrides, key))})
    return read


def notebook_key(
    source: NotebookSource,
    parameters: Mapping[str, Any],
    raw_params: Mapping[str, Any],
    registers: Mapping[str, str],
    previous_registers: Mapping[str, str],
    kernel: Mapping[str, Any],
) -> str:
    """The first part of the key of a notebook's run: what is known before it runs.

    ``registers``: sha256 of each of this year's register files; ``previous_registers``: of last
    year's (empty without a comparison); only those the notebook loads count. ``kernel``: the
    environment its kernel is given and its spec (``runner.kernel_key``). The code it runs and
    every other file it reads are the second part (:func:`notebook_run_key`).
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
            dict(kernel),
        ]
    )


def notebook_run_key(first: str, reads: Mapping[str, Any]) -> str:
    """The key a run is stored under: its first part, then what it read."""
    return f"{first}-{digest(['reads', reads])}"


def review_key(executed: Path, linked: list[str]) -> str:
    """The key of a notebook's review page (``linked``: the files it links back to)."""
    return digest(
        [
            "review",
            sha256(executed),
            linked,
            template_digest(REVIEW_TEMPLATE),
            code_digest("review/pages"),
            installation(),
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
            code_digest("build/page_step"),
            # the appendix's words: the figures' labels and rules, the registers' names
            files_digest([REGISTERS_FILE, *meta_files()]),
            translations_digest(),
            installation(),
        ]
    )


def pdf_key(html: Path, attachments: Iterable[tuple[Path, str]], built_at: str) -> str:
    """The key of the PDF: the HTML, the attached files with their descriptions and the date
    they carry, the print style and the fonts it names."""
    return digest(
        [
            "pdf",
            sha256(html),
            [[sha256(path), description] for path, description in attachments],
            built_at,
            template_digest("bijzonder_verslag/print.css"),
            # The footer's words ("Pagina X van Y"), in the page's language.
            template_digest("bijzonder_verslag/metadata.txt.j2"),
            files_digest(print_fonts()),
            translations_digest(),
            code_digest("build/pdf_step", "render/pdf"),
            installation(),
        ]
    )


def print_fonts() -> list[Path]:
    """The font files the print style sheet names (``FONT_DIR/<file>``)."""
    css = (TEMPLATES_DIR / "bijzonder_verslag" / "print.css").read_text("utf-8")
    return [font_dir() / name for name in sorted(set(re.findall(r"FONT_DIR/([\w.-]+)", css)))]


def since_launch_key(register_key: str, year: int) -> str:
    """The key of last year's total of loans since launch, computed by the build from the
    loans register for a check: keyed like the notebook figure it is compared with (the
    register, the metric's code and description, the installation), so that a changed rule
    computes both again."""
    return digest(
        [
            "since-launch",
            register_key,
            year,
            code_digest("metrics/financing"),
            files_digest([METRICS_DIR / f"financing{META_SUFFIX}"]),
            installation(),
        ]
    )
