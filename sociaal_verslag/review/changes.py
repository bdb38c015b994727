"""What changed of a figure's key since its approval, precisely, in words: the rows of its
registers (``registers/snapshots.py``), the lines of its cell and its metric
(``review/code_versions.py``), its parameters' old and new values. Shown by ``review status``,
``explain``, the build's summary and the review index.
"""

from __future__ import annotations

from pathlib import Path

from ..registers import snapshots
from ..registers.loading import REGISTERS
from . import approval, chart_keys, code_versions


def of(state: approval.FigureState) -> list[str]:
    """For a figure changed since its approval, what changed of its key, precisely: the rows
    of its registers, the lines of its cell and its metric, its parameters' values."""
    if state.state != approval.CHANGED or state.approval is None or state.key is None:
        return []
    approved, now = state.approval.figure_key(), state.key
    lines = _data_changes(approved.data, now.data)
    for part, old, new in (
        ("cel", approved.cell, now.cell),
        ("regel", approved.metric, now.metric),
    ):
        if old != new:
            lines += [f"{part}: {line}" for line in code_versions.changed_lines(old, new)]
    for name in sorted(set(approved.parameters) | set(now.parameters)):
        old, new = approved.parameters.get(name), now.parameters.get(name)
        if old != new:
            lines.append(f"parameter {name}: {old!r} → {new!r}")
    return lines


def _data_changes(approved: dict[str, str], now: dict[str, str]) -> list[str]:
    """Each register file whose version changed, and its rows added, removed or changed (from
    the versions the builds kept); of a chart, the rows of the table it draws that changed."""
    lines = []
    for path in sorted(set(approved) | set(now)):
        if approved.get(path) == now.get(path):
            continue
        if path == chart_keys.DRAWN and path in approved and path in now:
            drawn = code_versions.changed_lines(approved[path], now[path])
            lines += [f"getekend: {line}" for line in drawn]
            continue
        register = _register_of(path)
        if register is None or path not in approved or path not in now:
            lines.append(f"{path}: een ander bestand")
            continue
        rows = snapshots.row_changes(register, approved[path], now[path])
        lines += [f"{path}: {line}" for line in rows.lines()]
    return lines


def _register_of(path: str) -> str | None:
    """The register whose file ``path`` is (by its name in ``registers.yaml``)."""
    name = Path(path).name
    return next((spec.name for spec in REGISTERS.values() if spec.filename == name), None)
