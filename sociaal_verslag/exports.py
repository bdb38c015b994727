"""Reading registers as the source systems export them: CSV (plain or Belgian Excel) and .xlsx.

A register file arrives in one of three dialects:

- ``csv``: comma-separated, UTF-8, ISO dates (2025-03-31), a dot as decimal separator;
- ``csv-be``: as Excel writes CSV on a Belgian Windows machine: semicolon-separated, decimal
  comma (1.234,56), dates dd/mm/yyyy, Windows-1252 or UTF-8 with BOM;
- ``xlsx``: an Excel workbook, first sheet (or the one named), typed cells.

The reader detects the dialect and the encoding, or is told them per register in the year's
parameters (``registers:``). A file that does not fit what was detected or told is an error that
names the file; it is never read into silently wrong numbers: a cell that does not match its
dialect (``1.5`` in a Belgian file, ``03/04/2025`` in a plain one) is reported, not guessed.
Neither is a damaged file: UTF-16 or binary data, a stray or unclosed quote (reported at its row
and column, see :func:`quote_flaws`) and a last row without a line end (the file may be cut off)
are each reported as a :class:`Flaw`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

from . import textfiles
from .errors import ReportError

FormatName = Literal["csv", "csv-be", "xlsx"]
Encoding = Literal["utf-8", "utf-8-sig", "cp1252"]


class RegisterSource(BaseModel):
    """How one register's file is written, when it differs from ``<register>.csv`` detected."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    file: str | None = None
    """File name inside the year's data folder (default: <register>.csv, else .xlsx)."""
    format: FormatName | None = None
    """csv, csv-be or xlsx (default: from the extension, and for CSV from the header line)."""
    encoding: Encoding | None = None
    """For CSV: utf-8 (with or without BOM) or cp1252 (default: detected)."""
    sheet: str | None = None
    """For xlsx: the sheet (default: the first)."""


@dataclass(frozen=True)
class Dialect:
    """How values are written in a file: the patterns a cell must match, and their labels."""

    name: FormatName
    date_pattern: str
    date_format: str
    date_label: str
    int_pattern: str
    number_pattern: str
    number_label: str
    booleans: dict[str, bool]

    def numbers_to_plain(self, cells: pd.Series) -> pd.Series:
        """Numbers as Python reads them (no thousands separator, a dot for decimals)."""
        if self.name != "csv-be":
            return cells
        return cells.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)


_PLAIN_BOOLEANS = {"true": True, "false": False}

PLAIN = Dialect(
    name="csv",
    date_pattern=r"\d{4}-\d{2}-\d{2}",
    date_format="%Y-%m-%d",
    date_label="yyyy-mm-dd",
    int_pattern=r"[+-]?\d+",
    number_pattern=r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)",
    number_label="with a decimal point",
    booleans=_PLAIN_BOOLEANS,
)
BELGIAN = Dialect(
    name="csv-be",
    date_pattern=r"\d{1,2}/\d{1,2}/\d{4}",
    date_format="%d/%m/%Y",
    date_label="dd/mm/yyyy",
    int_pattern=r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)",
    number_pattern=r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?",
    number_label="with a decimal comma",
    # Excel in Dutch writes WAAR/ONWAAR, in French VRAI/FAUX.
    booleans={**_PLAIN_BOOLEANS, "waar": True, "onwaar": False, "vrai": True, "faux": False},
)
WORKBOOK = Dialect(
    name="xlsx",
    date_pattern=PLAIN.date_pattern,
    date_format=PLAIN.date_format,
    date_label="cell (or text yyyy-mm-dd)",
    int_pattern=PLAIN.int_pattern,
    number_pattern=PLAIN.number_pattern,
    number_label="in a number cell",
    booleans={**BELGIAN.booleans},
)
DIALECTS: dict[str, Dialect] = {dialect.name: dialect for dialect in (PLAIN, BELGIAN, WORKBOOK)}


class ExportError(ReportError):
    """The file cannot be read as the register it should be; the message says why."""


@dataclass(frozen=True)
class Flaw:
    """One thing wrong at one place of an export, found while reading it.

    ``row`` is the spreadsheet row (header = 1, first record = 2), or ``None`` for the file as a
    whole; ``column`` is the column's name where one is concerned. The register loader reports
    it as a :class:`~sociaal_verslag.registers.Problem` of the file.
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


@dataclass(frozen=True)
class Cells:
    """A register file read as text cells ('' when empty), with the dialect they are in.

    ``flaws`` are what is wrong with the file although it could be read (a last row without a
    line end); they are problems of the file like those of its cells.
    """

    frame: pd.DataFrame
    dialect: Dialect
    encoding: str | None
    flaws: tuple[Flaw, ...] = ()


def find_file(data_dir: Path, register: str, source: RegisterSource | None) -> Path:
    """The file of ``register``: as named in the parameters, else <register>.csv or .xlsx."""
    if source is not None and source.file:
        return data_dir / source.file
    found = [
        data_dir / f"{register}{extension}"
        for extension in (".csv", ".xlsx")
        if (data_dir / f"{register}{extension}").is_file()
    ]
    if len(found) > 1:
        raise ExportError(
            f"both {found[0].name} and {found[1].name} are in {data_dir}: keep the one to use"
            f" (an empty template included), or name it in the parameters (registers: {register}:"
            " file: ...)"
        )
    return found[0] if found else data_dir / f"{register}.csv"


TEXT = "UTF-8 or Windows-1252 text"

_SIGNATURES: dict[bytes, str] = {
    b"PK\x03\x04": "a zip archive (an .xlsx workbook named .csv? name it .xlsx)",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook (save it as .xlsx or as CSV)",
}
"""The first bytes of files that are often dropped in place of a CSV export."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Characters no text export holds: NUL and the other control characters but tab and line ends."""


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: in Latin text, every other byte is NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    return any(half.count(0) > len(half) // 2 for half in (sample[0::2], sample[1::2]))


def _refuse_binary(data: bytes) -> None:
    """Raise for a file that is not 8-bit text, saying what it looks like and what to do."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_like_utf16(data):
        got = "UTF-16 text; save the export again as CSV UTF-8 or as CSV (Windows-1252)"
        raise FlawedExportError([Flaw(None, None, TEXT, got)])
    for signature, what in _SIGNATURES.items():
        if data.startswith(signature):
            raise FlawedExportError([Flaw(None, None, TEXT, what)])


def _refuse_control_characters(text: str) -> None:
    """Raise at the first control character: binary data, not an export, or a damaged one."""
    found = _CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        got = f"binary data (character 0x{ord(found.group()):02x} on line {line})"
        raise FlawedExportError([Flaw(None, None, TEXT, got)])


def _decode(data: bytes, told: str | None) -> tuple[str, str]:
    _refuse_binary(data)
    if told:
        try:
            return textfiles.decode(data, told), told
        except textfiles.TextEncodingError as error:
            raise ExportError(f"{error}; is the file written in another encoding?") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Windows-1252 decodes nearly any byte: only reached when the file is not UTF-8.
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as error:
            raise ExportError(
                f"neither UTF-8 nor Windows-1252 text (byte 0x{data[error.start]:02x})"
            ) from None


def _header_cells(header: str, separator: str) -> list[str]:
    """The column names of a header line (a name may be quoted, as some exporters write it)."""
    return [cell.strip() for cell in next(csv.reader([header], delimiter=separator), [])]


def _separator(header: str, columns: tuple[str, ...], told: str | None) -> str:
    fits = {separator: _header_cells(header, separator) for separator in (",", ";")}
    expected = set(columns)
    matching = [sep for sep, cells in fits.items() if expected & set(cells) and len(cells) > 1]
    if told is not None:
        separator = ";" if told == "csv-be" else ","
        if separator not in matching:
            raise ExportError(
                f"header row: expected the columns separated by {separator!r} as in {told}"
                f" ({', '.join(columns)}), got {header[:120]!r}"
            )
        return separator
    if len(matching) == 1:
        return matching[0]
    if not matching:
        raise ExportError(
            f"header row: expected the columns {', '.join(columns)} separated by ',' (csv)"
            f" or ';' (csv-be), got {header[:120]!r}"
        )
    raise ExportError(
        f"header row: cannot tell whether ',' or ';' separates the columns in {header[:120]!r};"
        " say it in the parameters (registers: <name>: format: csv or csv-be)"
    )


def read_csv(path: Path, columns: tuple[str, ...], source: RegisterSource | None) -> Cells:
    """A CSV export as text cells, its separator and encoding detected or as told."""
    told_format = source.format if source else None
    if told_format == "xlsx":
        raise ExportError(f"the parameters say xlsx, but {path.name} is not an .xlsx file")
    data = path.read_bytes()
    text, encoding = _decode(data, source.encoding if source else None)
    _refuse_control_characters(text)
    header = text.split("\n", 1)[0].rstrip("\r")
    if not header.strip():
        raise ExportError(f"expected a header row with the columns {', '.join(columns)}")
    separator = _separator(header, columns, told_format)
    if '"' in text:  # only then can a quote be misplaced; most exports have none
        flaws = quote_flaws(text, separator, _header_cells(header, separator))
        if flaws:
            raise FlawedExportError(flaws)
    frame = _read_fast(data, encoding, separator, _header_cells(header, separator))
    del data  # the text is enough from here on; the bytes were only for the fast parser
    if frame is not None:
        dialect = BELGIAN if separator == ";" else PLAIN
        return Cells(frame, dialect, encoding, _cut_off(text, len(frame)))
    options = {
        "sep": separator,
        "dtype": str,
        "keep_default_na": False,
        "na_filter": False,
        "skip_blank_lines": False,
        "quoting": csv.QUOTE_MINIMAL,
        "index_col": False,  # a trailing separator must not turn the ids into row labels
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            try:
                frame = pd.read_csv(io.StringIO(text), **options)
            except pd.errors.ParserWarning:
                frame = _without_trailing_field(text, options)
    except pd.errors.ParserError as error:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
        if match:
            expected, line, saw = match.groups()
            raise ExportError(f"row {line}: expected {expected} fields, got {saw}") from None
        raise ExportError(f"not a well-formed CSV file: {error}") from None
    frame.columns = [str(column).strip() for column in frame.columns]
    dialect = BELGIAN if separator == ";" else PLAIN
    return Cells(frame, dialect, encoding, _cut_off(text, len(frame)))


class StreamBrokenError(ExportError):
    """The file turned out not to be readable part by part; read it whole instead."""


@dataclass(frozen=True)
class Stream:
    """A CSV file read part by part: the parts (text cells, indexed by record number from 0),
    how the file is written, and what is wrong with it as a whole (a missing last line end)."""

    frames: Iterator[pd.DataFrame]
    dialect: Dialect
    encoding: str
    flaws: tuple[Flaw, ...]


def stream_csv(
    path: Path, columns: tuple[str, ...], source: RegisterSource | None, rows: int
) -> Stream | None:
    """A big, well-formed CSV export read ``rows`` records at a time with pyarrow's streaming
    reader, or None when it must be read whole (a workbook, quotes in it, a file that does not
    decode or has no recognisable header): the whole-file reader then says what is wrong.

    Iterating the parts raises StreamBrokenError when pyarrow finds a malformed record.
    """
    if (source is not None and source.format == "xlsx") or path.suffix.lower() == ".xlsx":
        return None
    scan = _scan(path, source.encoding if source else None)
    if scan is None or scan.quoted:  # a misplaced quote is found only by the whole reader
        return None
    try:
        separator = _separator(scan.header, columns, source.format if source else None)
    except ExportError:
        return None
    header = _header_cells(scan.header, separator)
    flaws = () if scan.line_end else _cut_off("", scan.records)
    dialect = BELGIAN if separator == ";" else PLAIN
    parts = _parts(path, scan.encoding, separator, header, rows)
    return Stream(parts, dialect, scan.encoding, flaws)


@dataclass(frozen=True)
class _Scan:
    encoding: str
    header: str
    quoted: bool
    records: int
    line_end: bool


SCAN_BLOCK = 8 << 20


def _scan(path: Path, told: str | None) -> _Scan | None:
    """What the whole reader learns from the text, read a block at a time (never the whole
    file in memory): the encoding, the header line, whether there is a quote, the records and
    whether the last one ends its line. None for anything the whole reader must explain."""
    import codecs

    with path.open("rb") as handle:
        first = handle.read(SCAN_BLOCK)
    try:
        _refuse_binary(first)
    except ExportError:
        return None
    candidates = [told] if told else (["utf-8"] if first.startswith(codecs.BOM_UTF8) else [])
    for encoding in candidates or ["utf-8", "cp1252"]:
        scan = _scan_as(path, "utf-8-sig" if encoding == "utf-8" else encoding)
        if scan is not None:
            return _Scan("utf-8" if encoding.startswith("utf") else encoding, *scan)
    return None


def _scan_as(path: Path, encoding: str) -> tuple[str, bool, int, bool] | None:
    import codecs

    decoder = codecs.getincrementaldecoder(encoding)()
    header, quoted, newlines, last = None, False, 0, ""
    with path.open("rb") as handle:
        while True:
            block = handle.read(SCAN_BLOCK)
            try:
                text = decoder.decode(block, final=not block)
            except UnicodeDecodeError:
                return None
            if _CONTROL.search(text):
                return None
            if header is None:
                header = text.split("\n", 1)[0].rstrip("\r")
            quoted = quoted or '"' in text
            newlines += text.count("\n")
            last = text[-1:] or last
            if not block:
                break
    line_end = last in ("\n", "\r")
    records = newlines - (1 if line_end else 0)
    return header or "", quoted, records, line_end


def _parts(
    path: Path, encoding: str, separator: str, header: list[str], rows: int
) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    from pyarrow import csv as pa_csv

    try:
        # pyarrow skips a UTF-8 byte order mark itself.
        reader = pa_csv.open_csv(
            str(path),
            read_options=pa_csv.ReadOptions(
                encoding="utf8" if encoding == "utf-8" else encoding, block_size=8 << 20
            ),
            parse_options=_parse_options(separator),
            convert_options=_convert_options(header),
        )
        offset, pending = 0, []
        for batch in reader:
            pending.append(batch)
            if sum(len(item) for item in pending) >= rows:
                yield _frame(pa.Table.from_batches(pending), offset)
                offset += sum(len(item) for item in pending)
                pending = []
        if pending:
            yield _frame(pa.Table.from_batches(pending), offset)
    except (pa.ArrowInvalid, pa.ArrowKeyError, pa.ArrowTypeError) as error:
        raise StreamBrokenError(str(error)) from None


def _frame(table: object, offset: int) -> pd.DataFrame:
    frame = table.to_pandas().astype(str)
    frame.columns = [str(column).strip() for column in frame.columns]
    frame.index = pd.RangeIndex(offset, offset + len(frame))
    return frame


def _parse_options(separator: str) -> object:
    from pyarrow import csv as pa_csv

    return pa_csv.ParseOptions(
        delimiter=separator, quote_char='"', double_quote=True, ignore_empty_lines=False
    )


def _convert_options(header: list[str]) -> object:
    import pyarrow as pa
    from pyarrow import csv as pa_csv

    return pa_csv.ConvertOptions(
        column_types={name: pa.string() for name in header},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )


def _read_fast(
    data: bytes, encoding: str, separator: str, header: list[str]
) -> pd.DataFrame | None:
    """The cells as text with pyarrow's multi-threaded parser, or None when the file is not a
    plain rectangle of cells (a blank line, a row of another length, a trailing separator):
    then the careful reader below reads it and says where it differs."""
    import codecs

    import pyarrow as pa
    from pyarrow import csv as pa_csv

    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(memoryview(data)[start:]),
            read_options=pa_csv.ReadOptions(encoding="utf8" if encoding == "utf-8" else encoding),
            parse_options=_parse_options(separator),
            convert_options=_convert_options(header),
        )
    except (pa.ArrowInvalid, pa.ArrowKeyError, pa.ArrowTypeError):
        return None
    if table.num_columns != len(header) or len(set(header)) != len(header):
        return None
    frame = table.to_pandas()
    del table
    frame.columns = [str(column).strip() for column in frame.columns]
    return frame.astype(str)


def _cut_off(text: str, records: int) -> tuple[Flaw, ...]:
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


EXTRA = "\x00extra"


def _without_trailing_field(text: str, options: dict) -> pd.DataFrame:
    """Rows with one field more than the header (Excel's trailing separator): the extra field
    must be empty everywhere, else the file is refused rather than cut."""
    header = pd.read_csv(io.StringIO(text), nrows=0, **options).columns.tolist()
    frame = pd.read_csv(
        io.StringIO(text), header=0, names=[*header, EXTRA], **{**options, "na_filter": True}
    )
    extra = frame.pop(EXTRA).fillna("")
    filled = extra[extra != ""]
    if len(filled):
        raise ExportError(
            f"row {int(filled.index[0]) + 2}: a value after the last column {header[-1]!r}"
            f" ({filled.iloc[0]!r}); a column without a header?"
        )
    return frame.fillna("")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            return value.isoformat(sep=" ")
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(path: Path, columns: tuple[str, ...], source: RegisterSource | None) -> Cells:
    """An Excel workbook's sheet as text cells: dates as yyyy-mm-dd, numbers with a dot."""
    import openpyxl

    if source is not None and source.format not in (None, "xlsx"):
        raise ExportError(f"the parameters say {source.format}, but {path.name} is a workbook")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a damaged file
        raise ExportError(f"not a readable .xlsx workbook: {error}") from None
    try:
        sheet_name = source.sheet if source and source.sheet else workbook.sheetnames[0]
        if sheet_name not in workbook.sheetnames:
            raise ExportError(f"no sheet {sheet_name!r} (sheets: {', '.join(workbook.sheetnames)})")
        sheet = workbook[sheet_name]
        # Some exporters write a wrong sheet size; read every row there is, not what it says.
        sheet.reset_dimensions()
        rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows:
        raise ExportError(f"sheet is empty; expected a header row with {', '.join(columns)}")
    header, body = rows[0], rows[1:]
    while header and header[-1] == "":
        header = header[:-1]
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise ExportError(f"header row: the column {', '.join(repeated)} appears more than once")
    width = len(header)
    beyond = [
        number + 2 for number, row in enumerate(body) if any(cell != "" for cell in row[width:])
    ]
    if beyond:
        raise ExportError(
            f"row {beyond[0]}: values to the right of the last column {header[-1]!r}"
            f" ({len(beyond)} row(s)); a column without a header?"
        )
    frame = pd.DataFrame([(row + [""] * width)[:width] for row in body], columns=header, dtype=str)
    # Trailing empty rows are formatting, not records.
    while len(frame) and (frame.iloc[-1] == "").all():
        frame = frame.iloc[:-1]
    return Cells(frame, WORKBOOK, None)


def read_cells(path: Path, columns: tuple[str, ...], source: RegisterSource | None) -> Cells:
    """Read a register file of any supported dialect as text cells."""
    is_workbook = path.suffix.lower() == ".xlsx" or (source is not None and source.format == "xlsx")
    if is_workbook:
        return read_xlsx(path, columns, source)
    return read_csv(path, columns, source)
