"""Compare the figures of two builds: which changed, from what to what, by how much.

Works on any two build folders (``figures.json`` inside each): a year with and without an
override, the same year from two commits, or this year against last year's build.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import ReportError


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


def compare(old_dir: Path, new_dir: Path) -> list[Difference]:
    """Every figure whose value or printed form differs, or that only one build has."""
    old, new = load_figures(old_dir), load_figures(new_dir)
    differences = []
    for figure_id in sorted(set(old) | set(new)):
        before, after = old.get(figure_id), new.get(figure_id)
        same = (
            before is not None
            and after is not None
            and before["value"] == after["value"]
            and before["printed"] == after["printed"]
        )
        if not same:
            differences.append(
                Difference(
                    id=figure_id,
                    old=before["value"] if before else None,
                    new=after["value"] if after else None,
                    old_printed=before["printed"] if before else "",
                    new_printed=after["printed"] if after else "",
                )
            )
    return differences


def report(differences: list[Difference], old_dir: Path, new_dir: Path) -> str:
    """A plain-text table of the differences, for the terminal."""
    if not differences:
        return f"no figure differs between {old_dir} and {new_dir}"
    rows = [("figure", "old", "new", "change", "%", "printed old → new")]
    for item in differences:
        pct = "" if item.change_pct is None else f"{item.change_pct:+.2f}%"
        change = "" if item.change is None else f"{item.change:+g}"
        rows.append(
            (
                item.id,
                "—" if item.old is None else f"{item.old:g}",
                "—" if item.new is None else f"{item.new:g}",
                change,
                pct,
                f"{item.old_printed or '—'} → {item.new_printed or '—'}",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    header = f"{len(differences)} figure(s) differ between {old_dir} and {new_dir}:"
    return "\n".join([header, *lines])


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
