"""Compare the figures of two builds: which changed, from what to what, by how much.

Works on any two build folders (``figures.json`` inside each): a year with and without an
override, the same year from two commits, or this year against last year's build. Each figure is
named by its label (the catalogue's) and chapter; the rows come largest change first, as a reader
looks for what moved.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import ReportError
from ..base.sanitize import spreadsheet_cell
from ..language import formatting
from .catalogue import CATALOGUE


class DiffError(ReportError):
    """A build folder cannot be compared (no figures.json, or not a list of figures)."""

    exit_code = 2  # the command was given something that is not a build


@dataclass(frozen=True)
class Difference:
    """One figure that is not the same in both builds (None: absent from that build)."""

    id: str
    old: int | float | None
    new: int | float | None
    old_printed: str
    new_printed: str

    @property
    def change(self) -> float | None:
        """New minus old, when both exist."""
        if self.old is None or self.new is None:
            return None
        return round(self.new - self.old, 6)

    @property
    def change_pct(self) -> float | None:
        """The change relative to the old value, in percent (None when old is 0 or absent)."""
        if self.change is None or not self.old:
            return None
        return 100.0 * self.change / abs(self.old)

    @property
    def changed(self) -> bool:
        """Whether the value or the printed form differs, or only one build has the figure."""
        return self.old != self.new or self.old_printed != self.new_printed

    @property
    def label(self) -> str:
        """What the figure counts, in the catalogue's Dutch words (its id when it is no longer
        a figure of the catalogue)."""
        return CATALOGUE[self.id].label if self.id in CATALOGUE else self.id

    @property
    def chapter(self) -> str:
        """The chapter of the figure (its id in report.yaml), or '' when it is unknown."""
        return CATALOGUE[self.id].chapter if self.id in CATALOGUE else ""


def by_size_of_change(row: Difference) -> tuple[int, float, float, str]:
    """Sort key: changed before unchanged; a figure only one build has first, then the
    largest relative change (a change from 0 counts as infinite), then the largest absolute
    change; ties by id."""
    if not row.changed:
        return (2, 0.0, 0.0, row.id)
    if row.change is None:
        return (0, 0.0, 0.0, row.id)
    relative = math.inf if row.change_pct is None and row.change else abs(row.change_pct or 0)
    return (1, -relative, -abs(row.change), row.id)


def load_figures(build_dir: Path) -> dict[str, dict]:
    """The figures of a build folder, by id."""
    path = Path(build_dir) / "figures.json"
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DiffError(f"{path}: not found (is {build_dir} a build folder?)") from None
    except json.JSONDecodeError as error:
        raise DiffError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise DiffError(f"{path}: expected a list of figures")
    return {item["id"]: item for item in items}


def rows(old_dir: Path, new_dir: Path) -> list[Difference]:
    """Every figure of either build folder beside the other's, largest change first."""
    return side_by_side(load_figures(old_dir), load_figures(new_dir))


def side_by_side(old: Mapping[str, Mapping], new: Mapping[str, Mapping]) -> list[Difference]:
    """Every figure of either set (id -> its ``figures.json`` entry) beside the other's, largest
    change first."""
    found = []
    for figure_id in set(old) | set(new):
        before, after = old.get(figure_id), new.get(figure_id)
        found.append(
            Difference(
                id=figure_id,
                old=before["value"] if before else None,
                new=after["value"] if after else None,
                old_printed=before["printed"] if before else "",
                new_printed=after["printed"] if after else "",
            )
        )
    return sorted(found, key=by_size_of_change)


def compare(old_dir: Path, new_dir: Path) -> list[Difference]:
    """Every figure whose value or printed form differs, or that only one build has, largest
    change first."""
    return [row for row in rows(old_dir, new_dir) if row.changed]


def _printed_value(value: float | None) -> str:
    return "—" if value is None else formatting.exact(value)


def _printed_change(row: Difference) -> tuple[str, str]:
    change = "" if row.change is None else formatting.signed(row.change)
    pct = "" if row.change_pct is None else formatting.percent_signed(row.change_pct, 2)
    return change, pct


def report(shown: list[Difference], old_dir: Path, new_dir: Path) -> str:
    """A plain-text table of the figures shown, for the terminal: the label and id, the exact
    values in nl-BE forms, the change and the relative change, the printed forms."""
    changed = sum(1 for row in shown if row.changed)
    between = f"between {old_dir} and {new_dir}"
    header = f"{changed} figure(s) differ {between}:" if changed else f"no figure differs {between}"
    if not shown:
        return header
    table = [("figure", "id", "old", "new", "change", "%", "printed old → new")]
    for row in shown:
        change, pct = _printed_change(row)
        table.append(
            (
                row.label,
                row.id,
                _printed_value(row.old),
                _printed_value(row.new),
                change,
                pct,
                f"{row.old_printed or '—'} → {row.new_printed or '—'}",
            )
        )
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    right = {2, 3, 4, 5}
    lines = [
        "  ".join(
            cell.rjust(width) if column in right and number else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for number, line in enumerate(table)
    ]
    return "\n".join([header, *lines])


CSV_COLUMNS = (
    "id",
    "label",
    "chapter",
    "old",
    "new",
    "change",
    "change_pct",
    "old_printed",
    "new_printed",
)
"""The columns of ``diff --csv``: the values as numbers (a full stop before the decimals)."""


def write_csv(shown: list[Difference], path: Path) -> None:
    """The rows as CSV (UTF-8 with a byte order mark, so that a spreadsheet reads the accents)."""
    with Path(path).open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in shown:
            values = {
                "id": row.id,
                "label": row.label,
                "chapter": row.chapter,
                "old": row.old,
                "new": row.new,
                "change": row.change,
                "change_pct": None if row.change_pct is None else round(row.change_pct, 6),
                "old_printed": row.old_printed,
                "new_printed": row.new_printed,
            }
            cells = ["" if values[name] is None else values[name] for name in CSV_COLUMNS]
            writer.writerow([spreadsheet_cell(cell) for cell in cells])


def year_over_year(
    previous: dict[str, dict], current: dict[str, tuple[float, str]]
) -> list[Difference]:
    """Every figure of this year (id -> (value, printed)) beside last year's, sorted by id."""
    rows = []
    for figure_id, (value, printed) in sorted(current.items()):
        before = previous.get(figure_id)
        rows.append(
            Difference(
                id=figure_id,
                old=before["value"] if before else None,
                new=value,
                old_printed=before["printed"] if before else "",
                new_printed=printed,
            )
        )
    return rows
