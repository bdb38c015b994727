"""Converting a register's text cells to their types, reporting the cells that are not.

A cell must match the file's dialect exactly (a Belgian file's ``1.5`` is not 1,5 nor 15).
Each distinct text is converted once, then spread over the rows: a register of millions of
rows holds far fewer distinct dates and amounts.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .columns import Kind
from .exports import PLAIN, Dialect


def _matches(raw: pd.Series, pattern: str) -> pd.Series:
    """Mask of the cells that fully match ``pattern`` (tested once per distinct value: fast)."""
    codes, uniques = pd.factorize(raw)
    regex = re.compile(pattern)
    values = np.asarray(uniques, dtype=object)
    ok = np.array([bool(regex.fullmatch(u)) for u in values] + [False], dtype=bool)
    return pd.Series(ok[codes], index=raw.index)  # code -1 (missing) takes the last: False


def convert(kind: Kind, raw: pd.Series, dialect: Dialect = PLAIN) -> tuple[pd.Series, pd.Series]:
    """Convert a text column; returns the converted column and a mask of unconvertible cells."""
    if kind == "text":
        empty = raw.eq("") | raw.isna()
        return raw.where(~empty), pd.Series(False, index=raw.index)
    codes, uniques = pd.factorize(raw)
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    # A last entry for missing cells (code -1): empty, so neither a value nor a problem.
    distinct = pd.concat([distinct, pd.Series([""], dtype=object)], ignore_index=True)
    values, bad = _convert_distinct(kind, distinct, dialect)
    taken = values.to_numpy()[codes]
    converted = pd.Series(taken, index=raw.index, dtype=values.dtype)
    return converted, pd.Series(bad.to_numpy()[codes], index=raw.index)


def _convert_distinct(kind: Kind, raw: pd.Series, dialect: Dialect) -> tuple[pd.Series, pd.Series]:
    """:func:`convert` on distinct texts (a column of objects)."""
    empty = raw.eq("") | raw.isna()
    if kind == "bool":
        mapped = raw.str.strip().str.lower().map(dialect.booleans)
        bad = mapped.isna() & ~empty
        if mapped[~empty].isna().any() or empty.iloc[:-1].any():
            return mapped.astype("boolean"), bad
        return mapped.fillna(False).astype(bool), bad
    if kind == "date":
        well_formed = _matches(raw, dialect.date_pattern)
        parsed = pd.to_datetime(raw.where(well_formed), format=dialect.date_format, errors="coerce")
        parsed = parsed.astype("datetime64[ns]")
        return parsed, parsed.isna() & ~empty
    return _numbers(kind, raw, empty, dialect)


def _numbers(
    kind: Kind, raw: pd.Series, empty: pd.Series, dialect: Dialect
) -> tuple[pd.Series, pd.Series]:
    """Whole numbers (``int``) or numbers (``float``) written as ``dialect`` writes them."""
    pattern = dialect.int_pattern if kind == "int" else dialect.number_pattern
    well_formed = _matches(raw, pattern)
    plain = dialect.numbers_to_plain(raw.where(well_formed).astype(str)).where(well_formed)
    numbers = pd.to_numeric(plain, errors="coerce").astype("float64")
    # Hundreds of digits make an infinite float, and a whole number beyond 2**53 is no longer
    # exact (nor, beyond 2**63, an int64): neither is a value, let alone a plausible one.
    limit = 2.0**53 if kind == "int" else np.finfo("float64").max
    unreadable = numbers.notna() & ~(numbers.abs() <= limit)
    numbers = numbers.mask(unreadable)
    bad = (~well_formed | unreadable) & ~empty
    if kind == "int" and not numbers.iloc[:-1].isna().any():
        return numbers.fillna(0).astype("int64"), bad
    return numbers, bad
