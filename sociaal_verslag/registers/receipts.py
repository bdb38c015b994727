"""Receipts of the register files: a file that changes after it was checked is noticed.

``data/YEAR/PROVENANCE.yaml`` lists under ``files:``, for each register file (its name inside
the year's data folder), a receipt: the sha256 of its bytes and its number of records as
loaded::

    files:
      loans.csv:
        sha256: 51117ebd85fed12a34589d78b873e3d6335fa7199960221dfb29d4cee8005760
        rows: 258

:func:`record` writes receipts, for files that load without a problem (``sociaal-verslag data
record YEAR [REGISTER ...] [--rows N]``), keeping the rest of the file and its comments.
:func:`check` compares the files with their receipts: a file that no longer matches (replaced,
edited, cut off, re-exported) is a :class:`~sociaal_verslag.registers.loading.Problem`, a file
without a receipt a warning. :func:`check_data` checks the registers and their receipts together,
the problems of one file side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import ReportError
from ..base.hashing import sha256
from . import provenance_file
from .exports import ExportError, RegisterSource, find_file, read_cells
from .loading import REGISTERS, Problem, RegisterError, display_path, load_and_check
from .provenance_file import Receipt

__all__ = [
    "PROVENANCE_FILE",
    "RECORD_COMMAND",
    "ReceiptCheck",
    "RecordError",
    "check",
    "check_data",
    "merge",
    "record",
]

PROVENANCE_FILE = "PROVENANCE.yaml"
"""The file of a year's data folder that holds the receipts, under ``files:``."""

RECORD_COMMAND = "sociaal-verslag data record {year} {register}"
"""The command that records a register's receipt, as messages name it."""

SHOWN_DIGITS = 8
"""How many hexadecimal digits of a sha256 a message shows."""


@dataclass(frozen=True)
class ReceiptCheck:
    """Problems (errors: stop the build) and warnings (say, but go on) about the receipts."""

    problems: list[Problem]
    warnings: list[str]


class RecordUsageError(ReportError, ValueError):
    """``data record`` was asked something it cannot do (an unknown register, a count for
    several registers)."""


class RecordError(RegisterError):
    """Nothing was recorded; ``problems`` say why, one line each."""

    def __str__(self) -> str:
        return "nothing was recorded:\n" + super().__str__()


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def _key(path: Path, data_dir: Path) -> str:
    """The file's name under ``files:``: its path inside the data folder."""
    try:
        return path.relative_to(data_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _file_of(data_dir: Path, name: str, source: RegisterSource | None) -> Path | None:
    """The register's file, or ``None`` when it is missing or ambiguous (the register's own
    check reports that)."""
    try:
        path = find_file(data_dir, name, source)
    except ExportError:
        return None
    return path if path.is_file() else None


def _count(path: Path, name: str, source: RegisterSource | None) -> int | None:
    """The file's number of records as read, or ``None`` when it cannot be read."""
    try:
        return len(read_cells(path, REGISTERS[name].columns, source).frame)
    except ExportError:
        return None


def _known(names: Iterable[str] | None) -> list[str]:
    if names is None:
        return list(REGISTERS)
    chosen = list(dict.fromkeys(names))
    unknown = [name for name in chosen if name not in REGISTERS]
    if unknown:
        raise RecordUsageError(
            f"unknown register {', '.join(unknown)}; known registers: {', '.join(REGISTERS)}"
        )
    return chosen


# --------------------------------------------------------------------------------------------
# Checking and recording
# --------------------------------------------------------------------------------------------


def check(
    data_dir: Path,
    year: int,
    sources: Mapping[str, RegisterSource] | None = None,
    *,
    names: Iterable[str] | None = None,
    rows: Mapping[str, int] | None = None,
) -> ReceiptCheck:
    """Compare the register files of ``data_dir`` with their receipts in PROVENANCE.yaml.

    ``names`` limits the registers (default: all); ``sources`` says where a register's file is
    (the parameters' ``registers:``). ``rows`` gives a register's records as already loaded (the
    file is then not read again to count them).

    A file whose sha256 or number of records differs from its receipt is a problem of that
    file; a file without a receipt (every file, when there is no PROVENANCE.yaml) is a warning;
    a PROVENANCE.yaml that cannot be read is one problem, naming it and the key. A missing
    file is not mentioned: it is a problem of the register itself.
    """
    data_dir = Path(data_dir)
    provenance = data_dir / PROVENANCE_FILE
    try:
        recorded = provenance_file.receipts_in(provenance_file.read_document(provenance))
    except provenance_file.MalformedError as error:
        return ReceiptCheck([error.problem], [])
    problems: list[Problem] = []
    warnings: list[str] = []
    for name in _known(names):
        source = (sources or {}).get(name)
        path = _file_of(data_dir, name, source)
        if path is None:
            continue
        command = RECORD_COMMAND.format(year=year, register=name)
        receipt = recorded.get(_key(path, data_dir))
        if receipt is None:
            warnings.append(
                f"{display_path(path)}: no receipt in {display_path(provenance)};"
                f" once the file is checked, record it: {command}"
            )
            continue
        digest = sha256(path)
        count = rows[name] if rows is not None and name in rows else _count(path, name, source)
        if (digest, count) != receipt:
            recorded_sha256, recorded_rows = receipt
            shown = f"{count} rows, " if count is not None else "records that cannot be read, "
            problems.append(
                Problem(
                    display_path(path),
                    None,
                    None,
                    f"the file recorded in {display_path(provenance)} ({recorded_rows} rows,"
                    f" sha256 {recorded_sha256[:SHOWN_DIGITS]}…)",
                    f"{shown}sha256 {digest[:SHOWN_DIGITS]}…; if the change is deliberate,"
                    f" record it again: {command}",
                )
            )
    return ReceiptCheck(problems, warnings)


def merge(register_problems: list[Problem], receipt_problems: list[Problem]) -> list[Problem]:
    """Each file's receipt problem just before that file's other problems."""
    pending: dict[str, list[Problem]] = {}
    for problem in receipt_problems:
        pending.setdefault(problem.file, []).append(problem)
    merged: list[Problem] = []
    for problem in register_problems:
        merged.extend(pending.pop(problem.file, []))
        merged.append(problem)
    for rest in pending.values():
        merged.extend(rest)
    return merged


def check_data(
    data_dir: Path,
    year: int,
    sources: Mapping[str, RegisterSource] | None = None,
    *,
    names: Iterable[str] | None = None,
) -> ReceiptCheck:
    """Every problem of the registers and of their receipts, and the warnings; no raise.

    The problems are those of :func:`~sociaal_verslag.registers.loading.check_registers` (cells,
    columns, references, empty templates) with those of :func:`check` (files that differ from
    their receipt, an unreadable PROVENANCE.yaml), a file's receipt problem listed just before
    its other problems. Each register is loaded once.
    """
    chosen = _known(names)
    frames, problems = load_and_check(Path(data_dir), year, chosen, sources)
    counts = {name: len(frame) for name, frame in frames.items()}
    receipts = check(data_dir, year, sources, names=chosen, rows=counts)
    return ReceiptCheck(merge(problems, receipts.problems), receipts.warnings)


def record(
    data_dir: Path,
    year: int,
    names: Iterable[str] | None = None,
    rows: int | None = None,
    sources: Mapping[str, RegisterSource] | None = None,
) -> list[Receipt]:
    """Record (or record again) the receipts of registers in ``data_dir``/PROVENANCE.yaml.

    ``names``: the registers (default: all of them); ``sources``: where their files are (the
    parameters' ``registers:``). With ``rows`` (exactly one register), the file's number of
    records must first equal it: the count the source system reported for its export.

    Only a file that loads without a problem is recorded (for several registers, references
    between them are checked too); otherwise nothing is recorded and :class:`RecordError`
    lists the problems, one line each. The rest of PROVENANCE.yaml (other keys, other files,
    comments) stays as it is; the file is created when there is none. Returns the receipts
    written, in register order. Raises RecordUsageError for an unknown register or for ``rows``
    with other than one register.
    """
    data_dir = Path(data_dir)
    chosen = _known(names)
    if rows is not None and len(chosen) != 1:
        raise RecordUsageError(
            f"a record count (rows={rows}) is for exactly one register, got {len(chosen)}"
        )
    provenance = data_dir / PROVENANCE_FILE
    try:
        document = provenance_file.read_document(provenance)
    except provenance_file.MalformedError as error:
        raise RecordError([error.problem]) from None
    if rows is not None:
        _compare_count(data_dir, chosen[0], rows, (sources or {}).get(chosen[0]))
    frames, problems = load_and_check(data_dir, year, chosen, sources)
    if problems:
        raise RecordError(problems)
    receipts = []
    for name in chosen:
        path = find_file(data_dir, name, (sources or {}).get(name))
        receipts.append(Receipt(name, _key(path, data_dir), sha256(path), len(frames[name])))
    provenance_file.write(provenance, document, receipts)
    return receipts


def _compare_count(data_dir: Path, name: str, rows: int, source: RegisterSource | None) -> None:
    """Raise when the file's records are not the count the source system reported.

    A file that cannot be read is left to the register's own check, which says why.
    """
    path = _file_of(data_dir, name, source)
    count = None if path is None else _count(path, name, source)
    if count is not None and count != rows:
        raise RecordError(
            [
                Problem(
                    display_path(path),
                    None,
                    None,
                    f"{rows} records (the count the source system reported)",
                    f"{count}; nothing was recorded",
                )
            ]
        )
