"""The registers, read and validated once per build, handed to the notebooks as Parquet.

The build validates every register before any notebook runs (:func:`validate`). A register that
passes is stored in the cache as a typed Parquet file, keyed by the sha256 of its file, how it is
read (the parameters' ``registers:``), the year and the loader's own code: the notebooks then load
a typed frame in milliseconds instead of parsing and checking the CSV again, and the next build
validates only the files that changed. The notebooks find the frames through an index file whose
path the build gives their kernels (:data:`INDEX_ENV`); a notebook opened in Jupyter without it
reads and checks the CSV itself, with the same result.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base.hashing import sha256
from ..base.paths import relative_to_root
from ..cache.identity import StepIdentity
from ..cache.store import Store
from .export_arrow import StreamBrokenError
from .exports import ExportError, RegisterSource, find_file
from .loading import (
    REFERENCES,
    REGISTERS,
    Problem,
    RegisterError,
    check_references,
    display_path,
    load_register,
    validate_in_parts,
)
from .receipts import check, merge
from .references import referenced_registers

if TYPE_CHECKING:
    import pandas as pd

    from .loading import Problem

INDEX_ENV = "SOCIAAL_VERSLAG_REGISTERS"
"""Environment variable naming the index (JSON) of the validated registers of a build."""

PARQUET = "register.parquet"


@dataclass(frozen=True)
class Entry:
    """One validated register: its file, the file's sha256, its records, its Parquet copy."""

    file: str
    sha256: str
    rows: int
    parquet: str
    key: str


@dataclass
class Validated:
    """What the validation of a year's registers found."""

    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    validated: list[str] = field(default_factory=list)
    """The registers checked in this build (the others came from the cache)."""

    def write_index(self, path: Path, data_dir: Path, year: int) -> Path:
        """The index the notebooks' ``load()`` reads (see :func:`frame_from_index`)."""
        index = {
            "year": year,
            "data_dir": str(Path(data_dir).resolve()),
            "registers": {name: entry.__dict__ for name, entry in self.entries.items()},
        }
        path.write_text(json.dumps(index, indent=1, sort_keys=True), encoding="utf-8")
        return path


def register_key(name: str, file_sha: str, year: int, source: RegisterSource | None) -> str:
    """The cache key of a validated register: its file, how it is read (the parameters'
    ``registers:``), the year, and the loader declared in ``cache/steps.yaml``."""
    told = source.model_dump(exclude_none=True) if source is not None else {}
    return StepIdentity("register", content=[name, year, file_sha, told]).key()


def _store_frame(store: Store, key: str, frame: pd.DataFrame, file: str) -> Path:
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / PARQUET
        frame.to_parquet(target, index=False)
        entry = store.put("registers", key, [target], {"rows": len(frame), "file": file})
    return entry / PARQUET


def _validate_in_parts(
    name: str, data_dir: Path, year: int, source: RegisterSource | None, store: Store, key: str
) -> tuple[Entry | None, list[Problem]] | None:
    """A big register validated part by part, each part written to the Parquet copy as it
    passes; None when it must be read whole (see ``registers.validate_in_parts``)."""
    # pyarrow (about 0.1 s to import) only when a frame is written or read
    import pyarrow as pa
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / PARQUET
        writer: list[pq.ParquetWriter] = []

        def write(part: pd.DataFrame) -> None:
            table = pa.Table.from_pandas(part, preserve_index=False)
            if not writer:
                writer.append(pq.ParquetWriter(target, table.schema))
            writer[0].write_table(table)

        try:
            result = validate_in_parts(name, data_dir, year, source, write)
        except StreamBrokenError:
            result = None
        finally:
            for open_writer in writer:
                open_writer.close()
        if result is None:
            return None
        rows, problems = result
        if problems:
            return None, problems
        path = find_file(data_dir, name, source)
        entry = store.put("registers", key, [target], {"rows": rows, "file": display_path(path)})
    return Entry(display_path(path), sha256(path), rows, str(entry / PARQUET), key), []


def _check_one(
    name: str, data_dir: Path, year: int, source: RegisterSource | None, store: Store
) -> tuple[Entry | None, list[Problem], pd.DataFrame | None]:
    """A register from the cache, or validated now (and stored): its entry and problems."""

    try:
        path = find_file(data_dir, name, source)
    except ExportError as error:
        problem = Problem(display_path(data_dir), None, None, f"one {name} file", str(error))
        return None, [problem], None
    try:
        # A missing file is reported by the loader, in its words.
        file_sha = sha256(path) if path.is_file() else ""
        key = register_key(name, file_sha, year, source)
        found = store.find("registers", key) if file_sha else None
        if found is not None:
            rows = Store.meta(found)["rows"]
            return Entry(display_path(path), file_sha, rows, str(found / PARQUET), key), [], None
        if file_sha and name not in _referenced():
            in_parts = _validate_in_parts(name, data_dir, year, source, store, key)
            if in_parts is not None:
                return (*in_parts, None)
        frame = load_register(name, data_dir, year, source)
    except RegisterError as error:
        return None, error.problems, None
    parquet = _store_frame(store, key, frame, display_path(path))
    return Entry(display_path(path), file_sha, len(frame), str(parquet), key), [], frame


def _is_stored(
    name: str, data_dir: Path, year: int, source: RegisterSource | None, store: Store
) -> bool:
    """Whether the register's file is in the cache as validated already."""
    try:
        path = find_file(data_dir, name, source)
    except ExportError:
        return False
    if not path.is_file():
        return False
    return store.find("registers", register_key(name, sha256(path), year, source)) is not None


def _references(validated: Validated, fresh: dict[str, pd.DataFrame]) -> list[Problem]:
    """The references between registers, from the frames at hand or their Parquet copies."""

    frames = {}
    for name in _referenced() & set(validated.entries):
        frame = fresh.get(name)
        if frame is None:
            entry = validated.entries[name]
            frame = read_frame(entry.parquet, entry.file, name)
        frames[name] = frame
    return check_references(frames)


def _empty(validated: Validated, year: int) -> list[Problem]:

    return [
        Problem(
            entry.file,
            None,
            None,
            f"the {name} records of {year}",
            "only a header row (not filled in yet)",
        )
        for name, entry in validated.entries.items()
        if entry.rows == 0
    ]


def validate(
    data_dir: Path,
    year: int,
    sources: Mapping[str, RegisterSource],
    store: Store,
) -> Validated:
    """Every register of ``year``: validated (or found validated in ``store``), with the
    problems of all of them, the references between them and their receipts; no raise.

    When the files and their receipts are those of an earlier successful validation, nothing is
    read at all (neither pandas nor pandera is imported).
    """

    data_dir = Path(data_dir)
    whole = _whole_key(data_dir, year, sources)
    found = store.find("validation", whole) if whole else None
    cached = _from_cache(Store.meta(found), store) if found is not None else None
    if cached is not None:
        return cached
    validated = Validated()
    fresh: dict[str, Any] = {}
    for name in REGISTERS:
        was_stored = _is_stored(name, data_dir, year, sources.get(name), store)
        entry, problems, frame = _check_one(name, data_dir, year, sources.get(name), store)
        validated.problems += problems
        if entry is not None:
            validated.entries[name] = entry
        if not was_stored:
            validated.validated.append(name)
        if frame is not None and name in _referenced():
            fresh[name] = frame
    validated.problems += _references(validated, fresh) + _empty(validated, year)
    fresh.clear()
    _release_memory()
    _check_receipts(validated, data_dir, year, sources)
    if not validated.problems and whole:
        store.put("validation", whole, [], _to_meta(validated))
    return validated


def _release_memory() -> None:
    """Give back what reading the registers took: the notebooks' processes are forked from this
    one and run beside it, so what it keeps counts several times over."""

    # pyarrow (about 0.1 s to import) only when a frame is written or read
    import pyarrow

    gc.collect()
    pyarrow.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: given back later
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _check_receipts(
    validated: Validated, data_dir: Path, year: int, sources: Mapping[str, RegisterSource]
) -> None:

    rows = {name: entry.rows for name, entry in validated.entries.items()}
    receipts = check(data_dir, year, sources, rows=rows)
    validated.problems = merge(validated.problems, receipts.problems)
    validated.warnings = receipts.warnings


def _whole_key(data_dir: Path, year: int, sources: Mapping[str, RegisterSource]) -> str | None:
    """A key over every register file and the receipts: all unchanged, nothing to check."""

    parts: dict[str, Any] = {}
    for name in REGISTERS:
        try:
            path = find_file(data_dir, name, sources.get(name))
        except ExportError:
            return None
        if not path.is_file():
            return None
        parts[name] = register_key(name, sha256(path), year, sources.get(name))
    provenance = data_dir / "PROVENANCE.yaml"
    parts["PROVENANCE.yaml"] = sha256(provenance) if provenance.is_file() else None
    parts["data_dir"] = relative_to_root(data_dir)
    return StepIdentity("registers", content=[year, parts]).key()


def _referenced() -> frozenset[str]:
    """The registers on either side of a reference: checked whole, kept for the references."""

    return referenced_registers(REFERENCES)


def _to_meta(validated: Validated) -> dict[str, Any]:
    return {
        "entries": {name: entry.__dict__ for name, entry in validated.entries.items()},
        "warnings": validated.warnings,
    }


def _from_cache(meta: dict[str, Any], store: Store) -> Validated | None:
    """The validation of the same files, when every register's Parquet copy is still stored
    whole (else None: a copy was pruned or damaged, and the registers are validated again)."""
    entries = {}
    for name, data in meta["entries"].items():
        folder = store.find("registers", data["key"])
        if folder is None:
            return None
        entries[name] = Entry(**{**data, "parquet": str(folder / PARQUET)})
    return Validated(entries=entries, warnings=list(meta["warnings"]))


# --- in the notebook's kernel ----------------------------------------------------------------


def as_categories(frame: pd.DataFrame, categories: Mapping[str, Sequence[str]]) -> None:
    """Hold each of ``categories``' columns of ``frame`` as a category of its listed values, in
    their order, however it was read (the same frame from the build's copy or from the file)."""
    import pandas as pd  # in the kernel, where the frame is made

    for column, values in categories.items():
        if column in frame.columns:
            frame[column] = pd.Categorical(frame[column], categories=list(values))


def frame_from_index(
    name: str,
    data_dir: Path,
    year: int,
    columns: list[str] | None = None,
    categories: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame | None:
    """The validated frame of ``name`` (only ``columns``, when given) when the build gave this
    kernel an index that covers it (same year, same data folder), else None (the caller reads
    and checks the file)."""
    index_path = os.environ.get(INDEX_ENV)
    if not index_path or not Path(index_path).is_file():
        return None
    index = json.loads(Path(index_path).read_text(encoding="utf-8"))
    entry = index["registers"].get(name)
    same_folder = index["data_dir"] == str(Path(data_dir).resolve())
    if entry is None or index["year"] != year or not same_folder:
        return None
    return read_frame(entry["parquet"], entry["file"], name, columns, categories)


def read_frame(
    parquet: str | Path,
    file: str,
    name: str,
    columns: list[str] | None = None,
    categories: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """A validated register from its Parquet copy, holding its memory once: the Arrow table
    is given up column by column as the frame is made (a big register takes half again less).
    With ``columns``, only those are read, in that order: Parquet stores a table column by
    column, and a column not read costs nothing. ``categories``: columns read as pandas
    categories of those values (a column of a few values over millions of rows then holds a
    small number a row, not a string)."""
    # pyarrow (about 0.1 s to import) only when a frame is written or read
    import pyarrow
    import pyarrow.parquet as pq

    categories = categories or {}
    table = pq.read_table(parquet, columns=columns, read_dictionary=list(categories) or None)
    frame = table.to_pandas(self_destruct=True, split_blocks=True)
    as_categories(frame, categories)
    del table
    pyarrow.default_memory_pool().release_unused()
    frame.attrs.update(source_file=file, register=name)
    return frame
