"""A seeded generator of synthetic registers whose totals hit given targets exactly.

SmartCoop's real registers are internal. To build, test and show the report without them,
:func:`generate` makes plausible synthetic records for every register of ``registers.yaml``
from a :class:`SampleTargets` (the figures the report must show) and a seed. The records are
random but the totals the report computes from them are exact: every total is split into parts
with integer arithmetic (cents, half days, ...), never by rounding floats. The same targets,
year and seed always give the same frames, and :func:`write_registers` always writes the same
bytes (rows sorted by id, fixed number formatting, ``\\n`` line endings).

Person ids (``P0123456``) are shared between registers as they would be at SmartCoop: unit
holders attend information sessions, sign employment contracts, get loans, and so on.

Not part of the ``sociaal_verslag`` package: only ``data/generate_sample_data.py`` and the
tests use it. One module per part of the report (:mod:`.membership`, :mod:`.financing`,
:mod:`.protection`, :mod:`.cooperative`, :mod:`.workplace`, :mod:`.invoicing`), the draws that
hit exact totals (:mod:`.draws`), the allowed values taken from ``registers.yaml``
(:mod:`.values`).
"""

from .generate import generate
from .targets import SampleTargets
from .writing import write_registers

__all__ = ["SampleTargets", "generate", "write_registers"]
