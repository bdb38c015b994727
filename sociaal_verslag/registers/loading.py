"""The year's data registers: what each file holds, and loading it with precise errors.

Every register is one file in ``data/<year>/``, described once in ``registers.yaml`` beside this
module (read by :mod:`~sociaal_verslag.registers.schema`): its file name, what one row is, where
such a register usually comes from, its columns (types, allowed values, plausible ranges), its
unique ids, the date columns that must fall inside the report year, the rules that involve
several columns and the references to other registers. :data:`REGISTERS` maps a register's
name to its :class:`RegisterSpec`, :data:`REFERENCES` lists the references.

:func:`load_register` reads a file with every column as text, converts the columns to their
types itself (so that a bad cell is reported with its row) and then validates the result with
pandera. Every problem of the file is collected and raised together as a
:class:`RegisterError`, one line per problem, with the row as an analyst sees it in a
spreadsheet (the header is row 1, the first record row 2)::

    data/2025/loans.csv, row 14, column amount_granted_eur: expected a number > 0 and <= 100000
    (plausible range for a loan), got 'abc'

Every number column declares its plausible range, a minimum and a maximum that a real export
never exceeds, so that a damaged or misread value (an amount of 1000000000000000000.00) is
refused rather than printed.

:func:`check_registers` returns the problems of all registers instead of raising, including
the references between registers (:func:`check_references`); :func:`load_and_check` returns
the loaded registers with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..base.first_use import ReadOnFirstUse
from ..base.paths import PROJECT_ROOT
from .columns import PlausibleRange
from .exports import (
    Cells,
    ExportError,
    FlawedExportError,
    RegisterSource,
    find_file,
    read_cells,
    stream_csv,
)
from .problems import (
    MAX_LISTED_PER_FILE,
    Problem,
    RegisterError,
    display_path,
    format_problems,
    sorted_problems,
)
from .references import dangling
from .rules import RowRule
from .schema import load_schema
from .spec import Reference, RegisterSpec
from .validation import key_digests, may_repeat, validate

__all__ = [
    "MAX_LISTED_PER_FILE",
    "PROJECT_ROOT",
    "REFERENCES",
    "REGISTERS",
    "PlausibleRange",
    "Problem",
    "Reference",
    "RegisterError",
    "RegisterSpec",
    "RowRule",
    "check_references",
    "check_registers",
    "display_path",
    "format_problems",
    "load_and_check",
    "load_register",
    "load_registers",
    "validate_in_parts",
]


class _References(Sequence[Reference]):
    """The references between registers (``foreignKeys``), read on first use."""

    def __getitem__(self, index):  # type: ignore[override]
        return load_schema().references[index]

    def __len__(self) -> int:
        return len(load_schema().references)


REGISTERS: Mapping[str, RegisterSpec] = ReadOnFirstUse(lambda: load_schema().registers, "REGISTERS")
"""Every register by name, in the order of the report's sections (``registers.yaml``)."""

REFERENCES: Sequence[Reference] = _References()
"""References between registers, checked by :func:`check_references`."""


def _spec(name: str) -> RegisterSpec:
    """The register ``name``; a ValueError that lists the registers when there is none."""
    try:
        return REGISTERS[name]
    except KeyError:
        known = ", ".join(REGISTERS)
        raise ValueError(f"unknown register {name!r}; known registers: {known}") from None


def _read_text(
    spec: RegisterSpec, path: Path, file: str, source: RegisterSource | None
) -> Cells | list[Problem]:
    """The file with every cell as text ('' for an empty cell), or the problems reading it."""
    if not path.is_file():
        columns = ", ".join(spec.columns)
        expected = f"a file {spec.name}.csv or {spec.name}.xlsx with the columns {columns}"
        return [Problem(file, None, None, expected, "no such file")]
    try:
        return read_cells(path, spec.columns, source)
    except FlawedExportError as exc:
        return [Problem(file, f.row, f.column, f.expected, f.got) for f in exc.flaws]
    except ExportError as exc:
        return [Problem(file, None, None, f"a {spec.name} register", str(exc))]


def load_register(
    name: str, data_dir: Path, year: int, source: RegisterSource | None = None
) -> pd.DataFrame:
    """Read, convert and validate one register of ``year`` from ``data_dir``.

    Returns the frame with dates as ``datetime64[ns]``, booleans as ``bool``, whole numbers as
    ``int64``, amounts as ``float64`` and text as pandas strings (an empty cell is missing);
    ``df.attrs["source_file"]`` is the file's path (relative to the project root when under
    it). Raises :class:`RegisterError` with every problem of the file. References to other
    registers are not checked here (see :func:`check_references`).

    The file is ``<name>.csv`` or ``<name>.xlsx`` in plain CSV, Belgian Excel CSV or a
    workbook, detected, unless ``source`` (from the parameters) says otherwise
    (see :mod:`sociaal_verslag.registers.exports`).
    """
    spec = _spec(name)
    try:
        path = find_file(Path(data_dir), name, source)
    except ExportError as exc:
        raise RegisterError(
            [Problem(display_path(Path(data_dir)), None, None, f"one {name} file", str(exc))]
        ) from None
    file = display_path(path)
    cells = _read_text(spec, path, file, source)
    if isinstance(cells, list):
        raise RegisterError(cells)
    df, problems = validate(spec, cells.frame, file, year, cells.dialect)
    problems += [Problem(file, f.row, f.column, f.expected, f.got) for f in cells.flaws]
    if problems:
        raise RegisterError(sorted_problems(problems, spec.columns))
    df = df[list(spec.columns)]
    df.attrs["source_file"] = file
    df.attrs["register"] = name
    df.attrs["dialect"] = cells.dialect.name
    df.attrs["encoding"] = cells.encoding
    return df


STREAM_FROM_BYTES = 32 * 2**20
"""A CSV file larger than this is validated part by part (see :func:`validate_in_parts`)."""

STREAM_ROWS = 250_000
"""The records of one part."""


def validate_in_parts(
    name: str,
    data_dir: Path,
    year: int,
    source: RegisterSource | None,
    write: Callable[[pd.DataFrame], None],
) -> tuple[int, list[Problem]] | None:
    """Validate a big CSV register part by part, handing each valid converted part to
    ``write``; its records and every problem (sorted as :func:`load_register` sorts them).

    The same problems as :func:`load_register`, without holding the whole file in memory
    several times over: each part is converted and checked, and of its unique columns only a
    digest of each record's key is kept (:func:`key_digests`). None when the file is small, or
    not one that can be read part by part (quotes, a damaged file...), or when a key may repeat
    across parts: then :func:`load_register` reads it, and names each repeat with the row it
    repeats.
    """
    spec = _spec(name)
    try:
        path = find_file(Path(data_dir), name, source)
    except ExportError:
        return None
    if spec.months_of_year or not path.is_file() or path.stat().st_size < STREAM_FROM_BYTES:
        return None

    parts = stream_csv(path, spec.columns, source, STREAM_ROWS)
    if parts is None:
        return None
    file = display_path(path)
    problems: list[Problem] = []
    digests = []
    rows = 0
    for part in parts.frames:
        df, found = validate(spec, part, file, year, parts.dialect, unique=False)
        problems += [p for p in found if not (rows and p.row == "header")]
        digests.append(key_digests(spec, df))
        if not problems:
            write(df[list(spec.columns)])
        rows += len(df)
    if may_repeat(digests):
        return None
    problems += [Problem(file, f.row, f.column, f.expected, f.got) for f in parts.flaws]
    return rows, sorted_problems(problems, spec.columns)


def check_references(frames: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Problems with references between the given loaded registers (see :data:`REFERENCES`).

    A reference is checked only when both registers are in ``frames``.
    """
    filenames = {name: spec.filename for name, spec in REGISTERS.items()}
    return dangling(REFERENCES, frames, filenames)


def _load_many(
    names: Iterable[str],
    data_dir: Path,
    year: int,
    sources: Mapping[str, RegisterSource] | None = None,
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name in names:
        try:
            frames[name] = load_register(name, data_dir, year, (sources or {}).get(name))
        except RegisterError as exc:
            problems.extend(exc.problems)
    problems.extend(check_references(frames))
    return frames, problems


def load_registers(
    names: Iterable[str],
    data_dir: Path,
    year: int,
    sources: Mapping[str, RegisterSource] | None = None,
) -> dict[str, pd.DataFrame]:
    """Load several registers; raises one :class:`RegisterError` with the problems of all.

    References between the requested registers are checked too.
    """
    frames, problems = _load_many(names, data_dir, year, sources)
    if problems:
        raise RegisterError(problems)
    return frames


def load_and_check(
    data_dir: Path,
    year: int,
    names: Iterable[str] | None = None,
    sources: Mapping[str, RegisterSource] | None = None,
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The registers that load (all of them by default), and every problem; no raise.

    The problems are those of :func:`check_registers`; a register with a problem of its own is
    not among the frames (one whose only problem is a reference or being empty is).
    """
    frames, problems = _load_many(REGISTERS if names is None else names, data_dir, year, sources)
    for name, frame in frames.items():
        if frame.empty:
            problems.append(
                Problem(
                    frame.attrs["source_file"],
                    None,
                    None,
                    f"the {name} records of {year}",
                    "only a header row (not filled in yet)",
                )
            )
    return frames, problems


def check_registers(
    data_dir: Path,
    year: int,
    names: Iterable[str] | None = None,
    sources: Mapping[str, RegisterSource] | None = None,
) -> list[Problem]:
    """Every problem of the registers (all of them by default), references included; no raise.

    A register without a single record (a template not yet filled in) is a problem too. The
    files' receipts are not checked here (see
    :func:`sociaal_verslag.registers.receipts.check_data`).
    """
    return load_and_check(data_dir, year, names, sources)[1]
