"""What can be wrong with an export as a whole: the errors, and the damage the reader refuses.

A register file that is not 8-bit text (UTF-16, a workbook or an archive named .csv, binary
data), that holds a stray or unclosed quote, or whose last row has no line end (it may be cut
off) is never read into silently wrong numbers: each is a :class:`Flaw` at its row and column.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..base.errors import ReportError


class ExportError(ReportError):
    """The file cannot be read as the register it should be; the message says why."""


@dataclass(frozen=True)
class Flaw:
    """One thing wrong at one place of an export, found while reading it.

    ``row`` is the spreadsheet row (header = 1, first record = 2), or ``None`` for the file as a
    whole; ``column`` is the column's name where one is concerned. The register loader reports
    it as a :class:`~sociaal_verslag.registers.loading.Problem` of the file.
    """

    row: int | None
    column: str | None
    expected: str
    got: str

    def __str__(self) -> str:
        where = [] if self.row is None else [f"row {self.row}"]
        if self.column is not None:
            where.append(f"column {self.column}")
        prefix = f"{', '.join(where)}: " if where else ""
        return f"{prefix}expected {self.expected}, got {self.got}"


class FlawedExportError(ExportError):
    """The file cannot be read reliably at all; ``flaws`` say where and why."""

    def __init__(self, flaws: Sequence[Flaw]) -> None:
        self.flaws: tuple[Flaw, ...] = tuple(flaws)
        super().__init__("; ".join(str(flaw) for flaw in self.flaws))


TEXT = "UTF-8 or Windows-1252 text"

_SIGNATURES: dict[bytes, str] = {
    b"PK\x03\x04": "a zip archive (an .xlsx workbook named .csv? name it .xlsx)",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook (save it as .xlsx or as CSV)",
}
"""The first bytes of files that are often dropped in place of a CSV export."""

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Characters no text export holds: NUL and the other control characters but tab and line ends."""


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: in Latin text, every other byte is NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    return any(half.count(0) > len(half) // 2 for half in (sample[0::2], sample[1::2]))


def refuse_binary(data: bytes) -> None:
    """Raise for a file that is not 8-bit text, saying what it looks like and what to do."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_like_utf16(data):
        got = "UTF-16 text; save the export again as CSV UTF-8 or as CSV (Windows-1252)"
        raise FlawedExportError([Flaw(None, None, TEXT, got)])
    for signature, what in _SIGNATURES.items():
        if data.startswith(signature):
            raise FlawedExportError([Flaw(None, None, TEXT, what)])


def refuse_control_characters(text: str) -> None:
    """Raise at the first control character: binary data, not an export, or a damaged one."""
    found = CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        got = f"binary data (character 0x{ord(found.group()):02x} on line {line})"
        raise FlawedExportError([Flaw(None, None, TEXT, got)])


def cut_off(text: str, records: int) -> tuple[Flaw, ...]:
    """A last row without a line end: the file may have been cut off inside that row.

    Every exporter ends its last row with a line break; a copy or download that stopped early
    does not, and its last value may still look plausible (a grant of 51 instead of 5100).
    """
    if records == 0 or text.endswith(("\n", "\r")):
        return ()
    got = (
        "none (the file may be cut off; if it is complete, re-export it or end it with a line"
        " break)"
    )
    return (Flaw(records + 1, None, "a line end after the last row", got),)


# --- quotes -----------------------------------------------------------------------------------
#
# pandas and the csv module read a misplaced quote without a word: a quote inside an unquoted
# value is kept as text ('12"50'), a value that is quoted and goes on after its closing quote is
# glued together ('"12"50' is read as 1250) and a quote that is never closed swallows the
# following lines into one value, so that the error surfaces rows later, or not at all. So when a
# file holds a quote, every record is first matched against the CSV grammar (RFC 4180: a value
# is either quoted, with inner quotes doubled, or holds no quote at all); only a record that does
# not match is walked value by value, to say in which column the quote is.

_LINE_END = re.compile(r"\r\n|\n|\r")
_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')


def _grammar(separator: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """For ``separator``: the patterns of one record, of one unquoted value, and of the rest of
    a value (up to the next separator or line end)."""
    sep = re.escape(separator)
    value = rf'(?:"[^"]*(?:""[^"]*)*"|[^{sep}"\r\n]*)'
    record = re.compile(rf"{value}(?:{sep}{value})*(?=\r\n|\n|\r|\Z)")
    return record, re.compile(rf'[^{sep}"\r\n]*'), re.compile(rf"[^{sep}\r\n]*")


def _after_line_end(text: str, position: int) -> int:
    """The position after the line end at ``position`` (or ``position`` at the end of text)."""
    found = _LINE_END.match(text, position)
    return found.end() if found else position


def _excerpt(text: str, start: int, limit: int = 40) -> str:
    """The rest of the line from ``start``, shortened, as it appears in a message."""
    line = _LINE_END.split(text[start : start + limit + 1], maxsplit=1)[0]
    return repr(line[:limit] + ("…" if len(line) > limit else ""))


def quote_flaws(text: str, separator: str, header: Sequence[str]) -> list[Flaw]:
    """Every stray quote and the first unclosed one in a CSV text, at its row and column.

    ``header`` names the columns by position. Rows are counted as records, the header being
    row 1 (a quoted value may span lines). After an unclosed quote nothing further can be told,
    so the search stops there.
    """
    patterns = _grammar(separator)
    flaws: list[Flaw] = []
    position, row = 0, 1
    while position < len(text):
        match = patterns[0].match(text, position)
        if match and not _swallows_lines(match.group(), separator, header):
            position = _after_line_end(text, match.end())
        else:
            flaw, position = _locate_quote(text, position, row, header, separator, patterns)
            flaws.append(flaw)
        row += 1
    return flaws


def _swallows_lines(record_text: str, separator: str, header: Sequence[str]) -> bool:
    """A record over several lines without the header's number of values: an unclosed quote
    swallowed lines up to a later quote (a real multi-line value leaves the columns right)."""
    if _LINE_END.search(record_text) is None:
        return False
    values = next(csv.reader(io.StringIO(record_text, newline=""), delimiter=separator), [])
    return len(values) != len(header)


def _locate_quote(
    text: str,
    start: int,
    row: int,
    header: Sequence[str],
    separator: str,
    patterns: tuple[re.Pattern[str], ...],
) -> tuple[Flaw, int]:
    """The quote flaw of the record at ``start``, and where to go on reading after it."""
    _, unquoted, rest = patterns
    column, position = 0, start
    while True:
        name = header[column] if column < len(header) else f"{column + 1} (beyond the header)"
        if text.startswith('"', position):
            quoted = _QUOTED.match(text, position)
            if quoted is None or _LINE_END.search(quoted.group()):
                # Its closing quote, if any, is a stray one on a later line.
                got = f"{_excerpt(text, position)} (the quote is never closed)"
                return Flaw(row, name, "a value whose opening quote is closed", got), len(text)
            end = quoted.end()
        else:
            end = unquoted.match(text, position).end()
        if not text.startswith(separator, end):
            break  # the value goes on after a quote (the record does not match the grammar)
        column, position = column + 1, end + len(separator)
    stop = rest.match(text, end).end()
    got = repr(text[position:stop])
    return Flaw(row, name, "a value without a stray quote", got), _next_line(text, stop)


def _next_line(text: str, position: int) -> int:
    """The start of the line after the one ``position`` is on (or the end of text)."""
    found = _LINE_END.search(text, position)
    return found.end() if found else len(text)
