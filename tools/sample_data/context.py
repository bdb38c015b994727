"""What the steps of the generator share: the targets, the year, the people, the frames made."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .draws import People, Rng, rng_for
from .targets import SampleTargets


@dataclass
class Context:
    """The state of one generation: each step adds its registers' frames and the facts that
    later registers build on (who holds a unit, who opened one in the year...)."""

    targets: SampleTargets
    year: int
    seed: int
    people: People
    ys: np.datetime64
    ye: np.datetime64
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    # facts shared between registers
    new_holders: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    new_first_opened: np.ndarray = field(default_factory=lambda: np.array([], "datetime64[D]"))
    old_holders_no_new_unit: np.ndarray = field(default_factory=lambda: np.array([], object))
    inactive_holders: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    active_holders: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))

    def rng(self, name: str) -> Rng:
        """The random stream of register ``name``."""
        return rng_for(self.seed, name)
