"""The build as named steps, each of which ran or came from the cache, and why.

A build is a fixed sequence of steps (see ``build/main.py``): validate the inputs, run each chapter
notebook, collect the figures, check them, fill in the narrative, write the HTML, the review
pages, the PDF and the manifest, publish. Each step declares what it is made from; a step whose
product is in the cache under the same key is not done again. :class:`Steps` keeps the record
of every step (name, ran or cached, key, seconds, why) for ``manifest.json``, the review index
and the command line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["ran", "cached"]


@dataclass(frozen=True)
class StepRecord:
    """What one step did: ran, or came from the cache under ``key``."""

    name: str
    status: Status
    seconds: float
    key: str | None = None
    why: str = ""
    cpu: float | None = None
    """Processor seconds it took, in every process that did it (None: not measured)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready mapping."""
        return asdict(self)


@dataclass
class Steps:
    """The record of a build's steps, in the order they finished."""

    records: list[StepRecord] = field(default_factory=list)
    listener: Callable[[StepRecord], None] | None = None

    def add(self, record: StepRecord) -> None:
        """Record a finished step."""
        self.records.append(record)
        if self.listener is not None:
            self.listener(record)

    @contextmanager
    def step(self, name: str, key: str | None = None, why: str = "") -> Iterator[None]:
        """Time a step that always runs (it is cheap, or its inputs are this build's own)."""
        started, processor = time.perf_counter(), time.process_time()
        yield
        seconds, cpu = time.perf_counter() - started, time.process_time() - processor
        self.add(StepRecord(name, "ran", round(seconds, 3), key, why, round(cpu, 3)))

    def cached(self, name: str, key: str) -> None:
        """Record a step whose product came from the cache."""
        self.add(StepRecord(name, "cached", 0.0, key, "zelfde sleutel: uit de cache genomen"))

    def ran(self, name: str) -> list[str]:
        """The names of the steps that ran, among those starting with ``name``."""
        return [record.name for record in self.records if record.name.startswith(name)]

    def to_list(self) -> list[dict[str, Any]]:
        """Every record as a plain mapping (for the manifest)."""
        return [record.to_dict() for record in self.records]
