"""Charts signed off like figures: what a chart drew and the key of what produced it.

A reviewer who checks a chart checks what it draws. Its sign-off record is made like a figure's
(``figures.records.Figure``), so that one history, one set of states and one review record hold
both: its *value* is the number of values it draws, its *printed form* names them by the sha256 of
the table it draws (``charts/table.py``), so that any other drawn number makes it *gewijzigd
sinds nazicht*. Its key is a figure's key: the cell that drew it, the drawing function's code
with its ``charts.yaml`` entry, the registers it drew from, and under :data:`DRAWN` the sha256 of
the drawn table, whose text is kept (``review/code_versions.py``) to show which values moved.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..base.paths import params_file, relative_to_root
from ..figures.catalogue import chart_spec
from ..figures.records import Chart, Figure
from . import code_versions
from .signoff_keys import FigureKey, FigureKeyError, function_source

DRAWN = "getekende gegevens"
"""The entry of a chart's key ``data`` that holds the sha256 of the table it draws."""

CHART_UNIT = "grafiek"
"""The unit of a chart's sign-off record (no figure of the catalogue has it)."""

DRAWINGS_FILE = "charts/drawings.py"
"""The module of the drawing functions, under the package."""


def drawn_text(chart: Chart) -> str:
    """The table a chart draws as lines to compare: its columns, then a line per row."""
    columns = chart.data.get("columns") or []
    rows = chart.data.get("rows") or []
    return "\n".join(" | ".join(_cell(value) for value in line) for line in [columns, *rows])


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def drawn_digest(chart: Chart) -> str:
    """sha256 of what the chart draws (its table, as JSON)."""
    keyed = json.dumps(chart.data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(keyed.encode("utf-8")).hexdigest()


def values_drawn(chart: Chart) -> int:
    """How many values the chart draws: the table's cells but its first column's (the
    categories), empty ones left out."""
    rows = chart.data.get("rows") or []
    return sum(1 for row in rows for value in row[1:] if value not in (None, ""))


def as_record(chart: Chart) -> Figure:
    """The chart as the sign-off records it (see the module's docstring)."""
    digest = drawn_digest(chart)
    count = values_drawn(chart)
    return Figure(
        id=chart.id,
        value=count,
        unit=CHART_UNIT,
        printed=f"grafiek van {count} waarden ({digest[:12]})",
        source="chart",
        rule=chart.caption,
        inputs=chart.inputs,
        notebook=chart.notebook,
        cell_id=chart.cell_id,
    )


@functools.cache
def _drawing_digest(name: str, entry: str) -> str:
    code = function_source(DRAWINGS_FILE, name)
    digest = hashlib.sha256(json.dumps([code, entry]).encode("utf-8")).hexdigest()
    code_versions.keep(digest, f"{code}\n# charts.yaml\n{entry}")
    return digest


def drawing_digest(chart: Chart) -> str:
    """sha256 of the chart's drawing function's source and of its ``charts.yaml`` entry."""
    spec = chart_spec(chart.id)
    entry = json.dumps({"caption": spec.caption, "figures": list(spec.figures)}, indent=1)
    return _drawing_digest(chart.drawing, entry)


def chart_keys(
    charts: Mapping[str, Chart],
    cells: Mapping[tuple[str, str], str],
    inputs: Mapping[str, str],
    year: int,
) -> dict[str, FigureKey]:
    """The key of every chart of a build: ``cells`` the sha256 of each (notebook, cell id)'s
    source, ``inputs`` the sha256 of the build's input files (as in the manifest)."""
    # As for a figure, what a chart reads of the parameters is in what it draws, not the file.
    parameters_file = relative_to_root(params_file(year))
    keys = {}
    for chart_id, chart in sorted(charts.items()):
        drawn = drawn_digest(chart)
        code_versions.keep(drawn, drawn_text(chart))
        data = {
            path: inputs.get(path, "onbekend") for path in chart.inputs if path != parameters_file
        }
        keys[chart_id] = FigureKey(
            cell=cells.get((chart.notebook, chart.cell_id), ""),
            metric=drawing_digest(chart),
            data={**data, DRAWN: drawn},
            parameters={},
        )
    return keys


KEYS_FILE = "chart_keys.json"
"""The charts' sign-off records and keys in a build folder, beside ``figure_keys.json``."""


def write(charts: Mapping[str, Chart], keys: Mapping[str, FigureKey], directory: Path) -> None:
    """Write ``chart_keys.json`` into a build folder: each chart's record and key."""
    entries = {
        chart_id: {"record": as_record(chart).to_dict(), "key": keys[chart_id].to_dict()}
        for chart_id, chart in sorted(charts.items())
    }
    text = json.dumps(entries, ensure_ascii=False, indent=1) + "\n"
    (directory / KEYS_FILE).write_text(text, encoding="utf-8")


def read(directory: Path) -> tuple[dict[str, Figure], dict[str, FigureKey]]:
    """The charts' records and keys of a build folder (none in a folder built before charts
    were signed off), or one line saying why they cannot be read."""
    path = directory / KEYS_FILE
    if not path.is_file():
        return {}, {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        records = {chart_id: Figure.from_dict(entry["record"]) for chart_id, entry in raw.items()}
        keys = {chart_id: FigureKey.from_dict(entry["key"]) for chart_id, entry in raw.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise FigureKeyError(
            f"{relative_to_root(path)}: not a file of chart keys ({error})"
        ) from None
    return records, keys
