"""Reading registers as the source systems export them: CSV (plain or Belgian Excel) and .xlsx.

A register file arrives in one of three dialects:

- ``csv``: comma-separated, UTF-8, ISO dates (2025-03-31), a dot as decimal separator;
- ``csv-be``: as Excel writes CSV on a Belgian Windows machine: semicolon-separated, decimal
  comma (1.234,56), dates dd/mm/yyyy, Windows-1252 or UTF-8 with BOM;
- ``xlsx``: an Excel workbook, first sheet (or the one named), typed cells.

The reader detects the dialect and the encoding, or is told them per register in the year's
parameters (``registers:``). A file that does not fit what was detected or told is an error that
names the file; it is never read into silently wrong numbers: a cell that does not match its dialect
(``1.5`` in a Belgian file, ``03/04/2025`` in a plain one) is reported, not guessed. Neither is a
damaged file: UTF-16 or binary data, a stray or unclosed quote (reported at its row and column, see
:func:`quote_flaws`) and a last row without a line end (the file may be cut off) are each reported
as a :class:`Flaw` (``registers/export_flaws.py``). Well-formed files are read fast by pyarrow
(``registers/export_arrow.py``), the rest by the careful reader here, which says what is wrong.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

from ..base import textfiles
from . import export_arrow
from .export_flaws import (
    ExportError,
    Flaw,
    FlawedExportError,
    cut_off,
    quote_flaws,
    refuse_binary,
    refuse_control_characters,
)

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


def _decode(data: bytes, told: str | None) -> tuple[str, str]:
    refuse_binary(data)
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
    refuse_control_characters(text)
    header = text.split("\n", 1)[0].rstrip("\r")
    if not header.strip():
        raise ExportError(f"expected a header row with the columns {', '.join(columns)}")
    separator = _separator(header, columns, told_format)
    if '"' in text:  # only then can a quote be misplaced; most exports have none
        flaws = quote_flaws(text, separator, _header_cells(header, separator))
        if flaws:
            raise FlawedExportError(flaws)
    frame = export_arrow.read_fast(data, encoding, separator, _header_cells(header, separator))
    del data  # the text is enough from here on; the bytes were only for the fast parser
    if frame is not None:
        dialect = BELGIAN if separator == ";" else PLAIN
        return Cells(frame, dialect, encoding, cut_off(text, len(frame)))
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
    return Cells(frame, dialect, encoding, cut_off(text, len(frame)))


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
    scan = export_arrow.scan(path, source.encoding if source else None)
    if scan is None or scan.quoted:  # a misplaced quote is found only by the whole reader
        return None
    try:
        separator = _separator(scan.header, columns, source.format if source else None)
    except ExportError:
        return None
    header = _header_cells(scan.header, separator)
    flaws = () if scan.line_end else cut_off("", scan.records)
    dialect = BELGIAN if separator == ";" else PLAIN
    parts = export_arrow.parts(path, scan.encoding, separator, header, rows)
    return Stream(parts, dialect, scan.encoding, flaws)


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
    # openpyxl only for a register exported as .xlsx
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
