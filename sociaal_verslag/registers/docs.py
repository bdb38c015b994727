"""``registers.yaml`` written out for people: a data folder's README and templates, and the docs.

Every text here is made from :data:`~sociaal_verslag.registers.loading.REGISTERS` in the loader's
own words (what a cell must hold reads as in its error messages), so the README of a data folder,
``docs/registers.md`` and the checks cannot disagree. ``sociaal-verslag docs`` (``make docs``)
writes ``docs/registers.md`` again (``cli/design_docs.py``); a test checks that the committed page
is up to date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..base.paths import PROJECT_ROOT
from .loading import REFERENCES, REGISTERS
from .spec import RegisterSpec

DOCS_PAGE = PROJECT_ROOT / "docs" / "registers.md"

DOCS_INTRO = (
    "Every register of a report year is one file in `data/<year>/`, described once in"
    " `sociaal_verslag/registers/registers.yaml` (fields, types, allowed values, plausible"
    " ranges, keys, rules and references, shaped like a Frictionless Table Schema). This page"
    " is written from it by `make docs`; do not edit it by hand. A file is checked against it"
    " on every build: each line below says what a cell must hold, in the words of the message"
    " that refuses it.",
    "To add a register, or a column, describe it in"
    " `sociaal_verslag/registers/registers.yaml`, run"
    " `make docs`, and let the notebook that needs it `load()` it.",
)


def _column_line(spec: RegisterSpec, column: str) -> str:
    col = spec.table.columns[column]
    holds = [col.expected]
    if col.decimals is not None:
        holds.append(f"at most {col.decimals} decimals")
    if col.multiple_of is not None:
        holds.append(f"a multiple of {col.multiple_of:g}")
    if col.unique:
        holds.append("unique")
    if column in spec.year_dates:
        holds.append("in the year")
    if col.nullable:
        holds.append("may be empty")
    if col.allowed:
        holds.append("one of " + ", ".join(col.allowed))
    return f"- `{column}`: {col.description} — {', '.join(holds)}"


def _row_lines(spec: RegisterSpec) -> list[str]:
    """The checks beyond each cell's own: keys, rules, references, the months of a log."""
    lines = []
    if spec.table.unique:
        columns = spec.table.unique
        together = " with ".join(f"`{column}`" for column in columns)
        lines.append(f"- {together}: a unique combination of {', '.join(columns)}")
    for rule in spec.rules:
        columns = " with ".join(f"`{column}`" for column in rule.columns)
        lines.append(f"- {columns}: {rule.expected.format(year='the year')}")
    for ref in REFERENCES:
        if ref.register == spec.name:
            target = REGISTERS[ref.target].filename
            lines.append(f"- `{ref.column}`: a {ref.target_column} listed in {target}")
    if spec.months_of_year:
        lines.append(f"- `{spec.months_of_year}`: every month of the year exactly once")
    return lines


def register_section(spec: RegisterSpec) -> list[str]:
    """One register: its file, its columns and the checks across them."""
    lines = [f"## {spec.filename}", ""]
    lines += [_column_line(spec, column) for column in spec.columns]
    across = _row_lines(spec)
    if across:
        lines += ["", "Also checked:", "", *across]
    return [*lines, ""]


def registers_markdown(rows: Mapping[str, int] | None = None) -> list[str]:
    """The table of the registers (with their ``rows`` when given), then a section each."""
    head = "| file | one row is | usually comes from |"
    rule = "|---|---|---|"
    if rows is not None:
        head, rule = head + " rows |", rule + "---:|"
    lines = [head, rule]
    for name, spec in REGISTERS.items():
        line = f"| {spec.filename} | {spec.description} | {spec.usual_source} |"
        lines.append(line + (f" {rows[name]:,} |" if rows is not None else ""))
    lines.append("")
    for spec in REGISTERS.values():
        lines += register_section(spec)
    return lines


def data_readme(heading: str, intro: Sequence[str], rows: Mapping[str, int] | None = None) -> str:
    """The README of a data folder: ``heading``, the ``intro`` paragraphs, then the registers
    (:func:`registers_markdown`). The one writer of ``data/<year>/README.md``: ``new-year`` and
    the sample-data generator both call it."""
    lines = [f"# {heading}", ""]
    for paragraph in intro:
        lines += [paragraph, ""]
    return "\n".join(lines + registers_markdown(rows)).rstrip("\n") + "\n"


def write_templates(data_dir: Path) -> list[Path]:
    """An empty template per register in ``data_dir``: its header row."""
    paths = []
    for spec in REGISTERS.values():
        path = spec.path(data_dir)
        path.write_text(",".join(spec.columns) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def docs_page() -> str:
    """``docs/registers.md``: every register, its columns and its rules."""
    return data_readme("The registers", DOCS_INTRO)
