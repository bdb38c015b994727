"""The values registers.yaml allows, as the generator draws them.

The generator names no allowed value of its own: it takes the lists from ``registers.yaml``
(through :data:`sociaal_verslag.registers.loading.REGISTERS`), and where it draws values with
weights of its own (:class:`Weighted`) or ties data to them (titles per kind), each value it names
is checked against that list when the generator is imported. A value registers.yaml no longer
allows, or a new one the generator has no weight for, stops it with the register and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from sociaal_verslag.registers.loading import REGISTERS

from .draws import Rng

T = TypeVar("T")


def allowed(register: str, column: str) -> tuple[str, ...]:
    """The values ``registers.yaml`` allows in ``register.column``, in its order."""
    return REGISTERS[register].allowed(column)


def known(register: str, column: str, values: Iterable[str]) -> tuple[str, ...]:
    """``values`` as given, each checked to be allowed in ``register.column``."""
    values = tuple(values)
    unknown = [value for value in values if value not in allowed(register, column)]
    if unknown:
        raise ValueError(
            f"{register}.{column}: {', '.join(unknown)} not allowed by registers.yaml"
            f" (allowed: {', '.join(allowed(register, column))})"
        )
    return values


def keyed(register: str, column: str, mapping: Mapping[str, T]) -> dict[str, T]:
    """``mapping`` as given, each of its keys checked to be allowed in ``register.column``."""
    known(register, column, mapping)
    return dict(mapping)


@dataclass(frozen=True)
class Weighted:
    """Allowed values of ``register.column`` drawn with the given weights, in their order."""

    register: str
    column: str
    weights: dict[str, float]
    every: bool = True
    """Whether it weighs every allowed value (else the others are drawn elsewhere)."""

    @property
    def values(self) -> list[str]:
        """The values, in the order of the weights."""
        return list(self.weights)

    @property
    def shares(self) -> np.ndarray:
        """The weights, in the same order."""
        return np.array(list(self.weights.values()))

    def draw(self, rng: Rng, size: int | None = None) -> np.ndarray:
        """``size`` values (one when None), each with its weight."""
        return rng.choice(self.values, size=size, p=list(self.weights.values()))


def weighted(register: str, column: str, weights: dict[str, float], every: bool = True) -> Weighted:
    """Weights for allowed values of ``register.column``; with ``every``, for each of them."""
    known(register, column, weights)
    missing = [value for value in allowed(register, column) if value not in weights]
    if every and missing:
        raise ValueError(f"{register}.{column}: no weight for {', '.join(missing)}")
    return Weighted(register, column, dict(weights), every)


OFFICES = allowed("production_units", "office")
"""SmartCoop's offices (every register's ``office`` allows the same list)."""

OFFICE_SHARES = weighted(
    "production_units",
    "office",
    {
        "Brussel": 0.36,
        "Antwerpen": 0.15,
        "Gent": 0.12,
        "Luik": 0.11,
        "Namen": 0.07,
        "Charleroi": 0.07,
        "Bergen": 0.07,
        "Aarlen": 0.05,
    },
)
"""Share of each office in the production units."""

SESSION_LANGUAGES = keyed(
    "info_sessions",
    "office",
    {
        "Brussel": weighted("info_sessions", "language", {"fr": 0.55, "nl": 0.30, "en": 0.15}),
        "Antwerpen": weighted("info_sessions", "language", {"fr": 0.05, "nl": 0.88, "en": 0.07}),
        "Gent": weighted("info_sessions", "language", {"fr": 0.05, "nl": 0.88, "en": 0.07}),
    },
)
"""The languages of an info session at these offices."""

WALLOON_LANGUAGES = weighted("info_sessions", "language", {"fr": 0.94, "nl": 0.02, "en": 0.04})
"""The languages of an info session at the other offices."""


def draw_offices(rng: Rng, n: int) -> np.ndarray:
    """``n`` offices, each with its share of the production units."""
    offices = np.array(OFFICE_SHARES.values, dtype=object)
    return rng.choice(offices, size=n, p=OFFICE_SHARES.shares)
