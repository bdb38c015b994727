"""Start the next year's report from the last one, without touching the last one.

``sociaal-verslag new-year 2026`` copies the parameters and the narrative of 2025 forward (the
year inside them updated, every recorded fact flagged as still to be confirmed) and creates
``data/2026/`` with an empty template per register and a README that says what each register
holds and where it usually comes from (both from ``registers.yaml``, by
:mod:`~sociaal_verslag.registers.docs`, which writes the sample data's README too). Nothing of
2025 is changed, and nothing that exists for 2026 is overwritten. Until the data is there and
the facts are confirmed, building 2026 fails with one list of everything that is missing.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from ..base.errors import ReportError
from ..base.paths import PROJECT_ROOT, relative_to_root
from ..registers.docs import data_readme, write_templates
from .provisional import PROVISIONAL_MARK


class NewYearError(ReportError):
    """The new year cannot be started (it exists already, or the year to copy does not)."""


@dataclass(frozen=True)
class NewYear:
    """What ``start_year`` created."""

    params_file: Path
    narrative_dir: Path
    data_dir: Path
    facts_to_confirm: list[str]


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments and key order stay as the analyst wrote them
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _flag(fact: dict, from_year: int) -> None:
    if "confirmed" in fact:
        fact["confirmed"] = False
    else:
        # Beside its value, not after the last key: a comment that follows the fact (about the
        # next one) stays after it, and the fact's keys stay together.
        keys = list(fact)
        fact.insert(keys.index("value") + 1 if "value" in keys else 0, "confirmed", False)
    if not str(fact.get("source", "")).startswith(PROVISIONAL_MARK):
        fact["source"] = f"{PROVISIONAL_MARK} (waarde van {from_year}): {fact.get('source', '')}"
    # The source in the other languages is last year's too: marked alike, to be checked with it.
    translated = fact.get("source_translations") or {}
    for language, source in translated.items():
        if not str(source).startswith(PROVISIONAL_MARK):
            translated[language] = f"{PROVISIONAL_MARK} (waarde van {from_year}): {source}"
    # A note to the reviewers is about last year's text: it does not carry over.
    fact.pop("review_note", None)


def _data_intro(year: int) -> list[str]:
    """What an analyst does with the data folder of ``year``, paragraph by paragraph."""
    return [
        "One file per register, exported from the system that keeps it. Each file starts as an"
        " empty template (its header row): replace it by the export, or delete it and drop the"
        " export as `<register>.csv` or `<register>.xlsx`. Accepted: plain CSV (comma, UTF-8,"
        " dates yyyy-mm-dd), CSV as Belgian Excel writes it (semicolon, decimal comma, dates"
        " dd/mm/yyyy, Windows-1252 or UTF-8 with BOM) and .xlsx (first sheet). The format is"
        " detected; where an export has another name or needs saying, write it in the"
        " parameters, e.g.",
        "```yaml\n"
        "registers:\n"
        "  employment_contracts: {file: dimona-export.csv, format: csv-be, encoding: cp1252}\n"
        "  loans: {file: leningen.xlsx, sheet: Leningen}\n"
        "```",
        "**Record each export as you drop it in**, after checking it against what the source"
        " system reported (its number of records):",
        f"```sh\nsociaal-verslag data record {year} loans --rows 258\n```",
        "This writes the file's sha256 and number of records into `PROVENANCE.yaml` beside it."
        " Every build compares the files with these receipts: a file that changes afterwards"
        " (replaced, edited, cut off by a copy that failed) stops the build until it is recorded"
        " again. A register without a receipt is built, with a warning on the review index.",
        f"`sociaal-verslag build {year}` lists everything that is still missing or wrong, with"
        " the file, the row and the column. Every number column has a plausible range (below):"
        " a value outside it is refused, not published.",
    ]


def start_year(year: int, from_year: int | None = None, root: Path = PROJECT_ROOT) -> NewYear:
    """Create the parameters, narrative and data folder of ``year`` from ``from_year``."""
    from_year = year - 1 if from_year is None else from_year
    source_params = root / "params" / f"{from_year}.yaml"
    if not source_params.is_file():
        raise NewYearError(
            f"{relative_to_root(source_params)}: no parameters of {from_year} to copy"
        )
    yaml = _yaml()
    params = yaml.load(source_params.read_text(encoding="utf-8"))
    source_narrative = root / str(params["narrative_dir"])
    if not source_narrative.is_dir():
        raise NewYearError(f"{relative_to_root(source_narrative)}: no narrative of {from_year}")

    target_params = root / "params" / f"{year}.yaml"
    target_narrative = source_narrative.parent / str(year)
    target_data = root / "data" / str(year)
    existing = [path for path in (target_params, target_narrative, target_data) if path.exists()]
    if existing:
        raise NewYearError(
            f"{year} has been started already: {', '.join(map(relative_to_root, existing))}"
            " exist (nothing was changed)"
        )

    params["year"] = year
    params["data_dir"] = relative_to_root(target_data)
    params["narrative_dir"] = relative_to_root(target_narrative)
    to_confirm = []
    for key, fact in params.get("facts", {}).items():
        _flag(fact, from_year)
        to_confirm.append(f"facts.{key}")
    for key, fact in params.get("compliance", {}).items():
        _flag(fact, from_year)
        to_confirm.append(f"compliance.{key}")

    target_data.mkdir(parents=True)
    try:
        with target_params.open("w", encoding="utf-8") as handle:
            yaml.dump(params, handle)
        shutil.copytree(source_narrative, target_narrative)
        write_templates(target_data)
        readme = data_readme(f"Registers {year}", _data_intro(year))
        (target_data / "README.md").write_text(readme, encoding="utf-8")
    except BaseException:
        for path in (target_params, target_narrative, target_data):
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
        raise
    return NewYear(target_params, target_narrative, target_data, to_confirm)
