"""What is wrong in a register file: :class:`Problem`, and :class:`RegisterError` that carries them.

A problem names the file, the row as an analyst sees it in a spreadsheet (the header is row 1,
the first record row 2), the column, what was expected and what was found::

    data/2025/loans.csv, row 14, column amount_granted_eur: expected a number > 0 and <= 100000
    (plausible range for a loan), got 'abc'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..base.errors import ReportError
from ..base.paths import relative_to_root

MAX_LISTED_PER_FILE = 20
"""How many problems of one file :func:`format_problems` lists before '... and N more'."""

display_path = relative_to_root
"""``path`` relative to the project root when it lies under it, else as given (posix)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a register file.

    ``row`` is the spreadsheet row (header = 1, first record = 2), ``"header"`` for a problem
    with the columns, or ``None`` for a problem with the file as a whole or with a column as a
    whole. ``column`` is ``None`` for a problem with the file itself.
    """

    file: str
    row: int | Literal["header"] | None
    column: str | None
    expected: str
    got: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row == "header":
            where.append("header row")
        elif self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: expected {self.expected}, got {self.got}"


def format_problems(problems: Sequence[Problem], limit: int = MAX_LISTED_PER_FILE) -> str:
    """One line per problem, at most ``limit`` per file followed by '... and N more'."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    lines: list[str] = []
    for file, file_problems in by_file.items():
        lines.extend(str(p) for p in file_problems[:limit])
        if len(file_problems) > limit:
            lines.append(f"... and {len(file_problems) - limit} more problems in {file}")
    return "\n".join(lines)


class RegisterError(ReportError):
    """One or more registers are missing or do not match their specification.

    ``problems`` holds every :class:`Problem`; ``str()`` lists them one per line.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(format_problems(self.problems))

    def __str__(self) -> str:
        return format_problems(self.problems)


def sheet_row(index: object) -> int:
    """The spreadsheet row of a frame's row ``index`` (0 is the first record: row 2)."""
    return int(index) + 2  # type: ignore[call-overload]


def show(value: object) -> str:
    """A raw cell as it appears in a message: quoted, or 'an empty cell'."""
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return "an empty cell"
    return repr(str(value))


def sorted_problems(problems: Iterable[Problem], columns: Sequence[str]) -> list[Problem]:
    """File-level problems first, then the header, then by row and by column in file order."""
    order: Mapping[str, int] = {column: i for i, column in enumerate(columns)}

    def key(problem: Problem) -> tuple[int, int]:
        if problem.row == "header":
            row = 1
        elif problem.row is None:
            row = 0
        else:
            row = problem.row
        return (row, order.get(problem.column or "", len(order)))

    return sorted(problems, key=key)
