"""One register as the loader uses it: :class:`RegisterSpec`, and :class:`Reference` between two.

Both are made from ``registers.yaml`` by :mod:`sociaal_verslag.registers.schema`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..base.suggest import did_you_mean
from .columns import Kind, PlausibleRange, TableSpec
from .rules import RowRule

if TYPE_CHECKING:
    import pandera.pandas as pa


@dataclass(frozen=True)
class RegisterSpec:
    """What one register file holds and how it is checked."""

    name: str
    filename: str
    description: str
    """What one row is (English, one line)."""
    usual_source: str
    """Where such a register usually comes from at SmartCoop."""
    table: TableSpec
    """Its columns: type, what a cell must hold, checks, plausible range."""
    year_dates: tuple[str, ...] = ()
    """Date columns whose every value must fall inside the report year."""
    rules: tuple[RowRule, ...] = ()
    months_of_year: str | None = None
    """A ``yyyy-mm`` text column that must list each month of the report year exactly once."""
    primary_key: tuple[str, ...] = ()
    """The columns that name a row (``primaryKey``): how two versions' rows are matched."""
    kind: Literal["register", "log"] = "register"
    title: str = ""
    """Its name in Dutch, as the report names the source of a figure ("productie-eenheden")."""

    @property
    def columns(self) -> tuple[str, ...]:
        """The expected columns, in file order."""
        return tuple(self.table.columns)

    @cached_property
    def schema(self) -> pa.DataFrameSchema:
        """The pandera schema of all columns, built (and pandera imported) on first use."""
        return self.table.build()

    def chosen_columns(self, columns: Sequence[str] | None) -> list[str] | None:
        """``columns`` checked against the register's (None: all of them). Raises ValueError
        with one line naming the unknown column and the register's."""
        if columns is None:
            return None
        for column in columns:
            if column not in self.table.columns:
                raise ValueError(
                    f"{column!r} is not a column of {self.name} (registers.yaml:"
                    f" {', '.join(self.columns)}){did_you_mean(column, self.columns)}"
                )
        return list(dict.fromkeys(columns))

    def enumerations(self, columns: Sequence[str] | None = None) -> dict[str, tuple[str, ...]]:
        """The columns (of ``columns``, or all) that hold one of a list of values, with that
        list: a notebook holds them as categories."""
        chosen = self.columns if columns is None else columns
        return {
            column: allowed
            for column in chosen
            if (allowed := self.table.columns[column].allowed) is not None
        }

    def column_kind(self, column: str) -> Kind:
        """How the column is converted from text: text, date, bool, int or float."""
        return self.table.columns[column].kind

    def plausible_range(self, column: str) -> PlausibleRange | None:
        """The values a number column may hold (``None`` for other columns)."""
        return self.table.columns[column].plausible

    def allowed(self, column: str) -> tuple[str, ...]:
        """The values a text column may hold; raises ValueError for a column that allows any."""
        values = self.table.columns[column].allowed
        if values is None:
            raise ValueError(f"{self.name}.{column} has no list of allowed values")
        return values

    def labels(self, column: str) -> dict[str, str]:
        """The allowed values' Dutch names, in the order the charts show them."""
        labels = self.table.columns[column].labels
        if labels is None:
            raise ValueError(f"{self.name}.{column} gives its values no names (categories)")
        return dict(labels)

    def path(self, data_dir: Path) -> Path:
        """The register's file in ``data_dir``."""
        return Path(data_dir) / self.filename


@dataclass(frozen=True)
class Reference:
    """``register.column`` must only hold values found in ``target.target_column``."""

    register: str
    column: str
    target: str
    target_column: str
