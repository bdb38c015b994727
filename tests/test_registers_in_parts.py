"""A big register is validated part by part (``registers.validate_in_parts``): it must give what
reading the whole file gives, the same frame when the file is good and the same problems when
it is not, however the records fall into parts. The parts here are made small (a few hundred
records) so that a 5.000-record file has several."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.registers import export_arrow, loading
from sociaal_verslag.registers.loading import RegisterError, load_register, validate_in_parts
from sociaal_verslag.registers.validation import key_digests, may_repeat

pytestmark = pytest.mark.unit

NAME = "employment_contracts"  # contract_id is its primary key
SAMPLE = PROJECT_ROOT / "data" / "2025" / f"{NAME}.csv"
RECORDS = 5000


@pytest.fixture
def small_parts(monkeypatch):
    """Every CSV streamed, 1.000 records a part, read 16 KiB at a time."""
    monkeypatch.setattr(loading, "STREAM_FROM_BYTES", 0)
    monkeypatch.setattr(loading, "STREAM_ROWS", 1000)
    monkeypatch.setattr(export_arrow, "BLOCK_BYTES", 16 << 10)


def _register(tmp_path, edit=None):
    """The first records of the sample contracts in a folder of their own, ``edit`` applied
    to the text lines (the header is line 0)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[: RECORDS + 1]
    if edit:
        edit(lines)
    (tmp_path / f"{NAME}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def _in_parts(folder):
    written = []
    result = validate_in_parts(NAME, folder, 2025, None, written.append)
    return result, written


def _whole_problems(folder):
    with pytest.raises(RegisterError) as raised:
        load_register(NAME, folder, 2025)
    return raised.value.problems


def test_a_good_file_in_parts_gives_the_frame_of_the_whole_file(tmp_path, small_parts):
    folder = _register(tmp_path)
    result, written = _in_parts(folder)
    assert result == (RECORDS, [])
    assert len(written) >= 5  # really in parts
    whole = load_register(NAME, folder, 2025)
    together = pd.concat(written, ignore_index=True)
    pd.testing.assert_frame_equal(together, whole.reset_index(drop=True), check_like=False)


def test_a_key_repeated_in_another_part_is_named_as_the_whole_reader_names_it(
    tmp_path, small_parts
):
    def repeat(lines):  # record 4.500 takes the id of record 3, three parts earlier
        lines[4500] = lines[3].split(",", 1)[0] + "," + lines[4500].split(",", 1)[1]

    folder = _register(tmp_path, repeat)
    result, _ = _in_parts(folder)
    assert result is None  # read whole, which names the repeat and its first row
    problems = _whole_problems(folder)
    assert [(p.row, p.column) for p in problems] == [(4501, "contract_id")]
    assert "already on row 4" in problems[0].expected


def test_a_bad_cell_in_a_later_part_has_its_row_in_the_file(tmp_path, small_parts):
    def damage(lines):  # record 3.210's declared days: not a number
        cells = lines[3210].split(",")
        cells[6] = "veel"
        lines[3210] = ",".join(cells)

    folder = _register(tmp_path, damage)
    result, _ = _in_parts(folder)
    assert result is not None
    rows, problems = result
    assert rows == RECORDS
    assert problems == _whole_problems(folder)
    assert [(p.row, p.column) for p in problems] == [(3211, "declared_days")]


def test_only_a_key_met_twice_may_repeat():
    spec = loading.REGISTERS[NAME]

    def part(*ids):
        return key_digests(spec, pd.DataFrame({"contract_id": pd.Series(ids, dtype="str")}))

    assert not may_repeat([part("C1", "C2"), part("C3", None), part(None, "C4")])
    assert may_repeat([part("C1", "C2"), part("C3", "C1")])  # across parts
    assert may_repeat([part("C1", "C1")])  # within one part
    assert not may_repeat([part(None), part(None)])  # an empty key is no repeat
    assert all(d.dtype == np.uint64 for d in part("C1"))
