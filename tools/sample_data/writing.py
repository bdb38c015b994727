"""Writing the generated frames as the registers' CSV files, the same bytes every time."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from sociaal_verslag.registers.loading import REGISTERS
from sociaal_verslag.registers.spec import RegisterSpec


def _as_text(spec: RegisterSpec, column: str, values: pd.Series) -> pd.Series:
    """A column as text. A number column with its decimals in registers.yaml is written with
    that many decimals (12.50); the other numbers drop trailing zeros (0.5)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%d").fillna("")
    if pd.api.types.is_bool_dtype(values):
        return values.map({True: "true", False: "false"})
    if pd.api.types.is_integer_dtype(values):
        return values.astype(np.int64).astype(str)
    if pd.api.types.is_float_dtype(values):
        decimals = spec.table.columns[column].decimals
        if decimals is not None:
            text = [f"{v:.{decimals}f}" for v in values.to_numpy()]
        else:
            text = [f"{v:.2f}".rstrip("0").rstrip(".") for v in values.to_numpy()]
        return pd.Series(text, index=values.index).where(values.notna(), "")
    return values.astype(object).where(values.notna(), "").astype(str)


def write_registers(frames: Mapping[str, pd.DataFrame], data_dir: Path) -> dict[str, Path]:
    """Write each frame as its register's CSV file in ``data_dir``; returns the paths.

    Byte-stable: UTF-8, ``\\n`` line endings, ISO dates, ``true``/``false``, fixed number
    formatting, rows in the frame's order.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in frames.items():
        spec = REGISTERS[name]
        text = pd.DataFrame({c: _as_text(spec, c, frame[c]) for c in spec.columns})
        path = spec.path(data_dir)
        text.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        paths[name] = path
    return paths
