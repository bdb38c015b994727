"""A mapping read from the design's files on first use, not when its module is imported."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

T = TypeVar("T")


class ReadOnFirstUse(Mapping[str, T]):
    """A mapping that ``read`` gives when it is first used: a mistake in the file behind it is
    then one ``error:`` line of the command that needs it, not a failed import. ``read`` is
    expected to remember what it read (``functools.cache``)."""

    def __init__(self, read: Callable[[], Mapping[str, T]], name: str) -> None:
        self._read = read
        self._name = name

    def __getitem__(self, key: str) -> T:
        return self._read()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())

    def __repr__(self) -> str:
        return f"{self._name}({', '.join(self)})"
