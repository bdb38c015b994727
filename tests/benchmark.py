"""Timings of the build's steps, printed (never asserted): python tests/benchmark.py [YEAR].

Not collected by pytest. Measures loading and checking every register, and a whole build into a
temporary folder, so that a slow-down shows up in numbers rather than in a flaky test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from sociaal_verslag import params, registers
from sociaal_verslag.build import build


def main(year: int = 2025) -> None:
    """Print how long each register takes to load and check, and a full build."""
    report_params, _ = params.load(year)
    print(f"registers of {year} ({report_params.data_dir}):")
    total = 0.0
    for name, spec in registers.REGISTERS.items():
        start = time.perf_counter()
        frame = registers.load_register(name, report_params.data_path, year)
        elapsed = time.perf_counter() - start
        total += elapsed
        print(f"  {spec.filename:32s} {len(frame):>8,d} rows  {elapsed:6.2f} s")
    print(f"  {'all registers':32s} {'':>8s}       {total:6.2f} s")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        result = build(year, out_root=Path(out), progress=False)
        elapsed = time.perf_counter() - start
    print(f"full build of {year}: {elapsed:.1f} s ({len(result.figures)} figures)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2025)
