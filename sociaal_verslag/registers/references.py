"""The references between registers: a value in one that must be listed in another.

``registers.yaml`` declares them as each register's ``foreignKeys``; they are checked on the
loaded frames, once both registers of a reference are there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from .problems import Problem, sheet_row, show
from .spec import Reference


def referenced_registers(references: Iterable[Reference]) -> frozenset[str]:
    """The registers on either side of a reference."""
    return frozenset(name for ref in references for name in (ref.register, ref.target))


def dangling(
    references: Iterable[Reference],
    frames: Mapping[str, pd.DataFrame],
    filenames: Mapping[str, str],
) -> list[Problem]:
    """A problem for every value that ``references`` says must be listed elsewhere and is not.

    A reference is checked only when both registers are in ``frames``; a frame's file is its
    ``source_file`` attribute, else its name in ``filenames``.
    """
    problems: list[Problem] = []
    for ref in references:
        if ref.register not in frames or ref.target not in frames:
            continue
        child, parent = frames[ref.register], frames[ref.target]
        file = child.attrs.get("source_file", filenames[ref.register])
        target_file = parent.attrs.get("source_file", filenames[ref.target])
        values = child[ref.column]
        missing = values.notna() & ~values.isin(parent[ref.target_column].dropna())
        problems += [
            Problem(
                file,
                sheet_row(index),
                ref.column,
                f"a {ref.target_column} listed in {target_file}",
                show(values.at[index]),
            )
            for index in missing[missing].index
        ]
    return problems
