"""The fast readers of CSV exports, with pyarrow: a well-formed file whole, a big one in parts.

Both give text cells, as the careful reader of ``registers/exports.py`` does; they refuse (None, or
:class:`StreamBrokenError`) any file that is not a plain rectangle of cells, which the careful
reader then reads and explains. A big file is first scanned a block at a time, never whole.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .export_flaws import CONTROL, ExportError, refuse_binary


class StreamBrokenError(ExportError):
    """The file turned out not to be readable part by part; read it whole instead."""


@dataclass(frozen=True)
class Scan:
    encoding: str
    header: str
    quoted: bool
    records: int
    line_end: bool


SCAN_BLOCK = 8 << 20

BLOCK_BYTES = 1 << 20
"""The bytes the streaming reader parses at a time. It reads several blocks ahead, so the block
sets its memory: reading the first part of a 137 MB file took 226 MiB more with 8 MiB blocks,
110 MiB with 1 MiB blocks, in the same time."""


def scan(path: Path, told: str | None) -> Scan | None:
    """What the whole reader learns from the text, read a block at a time (never the whole
    file in memory): the encoding, the header line, whether there is a quote, the records and
    whether the last one ends its line. None for anything the whole reader must explain."""

    with path.open("rb") as handle:
        first = handle.read(SCAN_BLOCK)
    try:
        refuse_binary(first)
    except ExportError:
        return None
    candidates = [told] if told else (["utf-8"] if first.startswith(codecs.BOM_UTF8) else [])
    for encoding in candidates or ["utf-8", "cp1252"]:
        scan = _scan_as(path, "utf-8-sig" if encoding == "utf-8" else encoding)
        if scan is not None:
            return Scan("utf-8" if encoding.startswith("utf") else encoding, *scan)
    return None


def _scan_as(path: Path, encoding: str) -> tuple[str, bool, int, bool] | None:

    decoder = codecs.getincrementaldecoder(encoding)()
    header, quoted, newlines, last = None, False, 0, ""
    with path.open("rb") as handle:
        while True:
            block = handle.read(SCAN_BLOCK)
            try:
                text = decoder.decode(block, final=not block)
            except UnicodeDecodeError:
                return None
            if CONTROL.search(text):
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


def parts(
    path: Path, encoding: str, separator: str, header: list[str], rows: int
) -> Iterator[pd.DataFrame]:
    # pyarrow (about 0.1 s to import) only when a CSV is read with it
    import pyarrow as pa
    from pyarrow import csv as pa_csv

    try:
        # pyarrow skips a UTF-8 byte order mark itself.
        reader = pa_csv.open_csv(
            str(path),
            read_options=pa_csv.ReadOptions(
                encoding="utf8" if encoding == "utf-8" else encoding, block_size=BLOCK_BYTES
            ),
            parse_options=_parse_options(separator),
            convert_options=_convert_options(header),
        )
        offset, pending = 0, []
        for batch in reader:
            pending.append(batch)
            if sum(len(item) for item in pending) >= rows:
                table = pa.Table.from_batches(pending)
                offset, pending = offset + len(table), []
                yield _frame(table, offset - len(table))
                del table
                # Arrow's allocator keeps what it freed for its next blocks; given back, a
                # file of millions of records holds about one part's memory at a time.
                pa.default_memory_pool().release_unused()
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
    # pyarrow (about 0.1 s to import) only when a CSV is read with it
    from pyarrow import csv as pa_csv

    return pa_csv.ParseOptions(
        delimiter=separator, quote_char='"', double_quote=True, ignore_empty_lines=False
    )


def _convert_options(header: list[str]) -> object:
    # pyarrow (about 0.1 s to import) only when a CSV is read with it
    import pyarrow as pa
    from pyarrow import csv as pa_csv

    return pa_csv.ConvertOptions(
        column_types={name: pa.string() for name in header},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )


def read_fast(data: bytes, encoding: str, separator: str, header: list[str]) -> pd.DataFrame | None:
    """The cells as text with pyarrow's multi-threaded parser, or None when the file is not a
    plain rectangle of cells (a blank line, a row of another length, a trailing separator):
    then the careful reader below reads it and says where it differs."""

    # pyarrow (about 0.1 s to import) only when a CSV is read with it
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
