"""A run's record as the second part of its key (``build/read_sets.py``): what counts, what is left
out, when a record cannot be trusted, and when a stored run still holds."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from sociaal_verslag.build import read_sets
from sociaal_verslag.build.read_sets import Given, from_record, unchanged
from sociaal_verslag.figures.catalogue import METRICS_DIR


def _signature(path: Path) -> list[int] | None:
    if not path.exists():
        return None
    status = path.stat()
    return [status.st_size, status.st_mtime_ns]


@pytest.fixture
def world(tmp_path: Path) -> dict:
    """A record of a run that read a file, listed a folder and looked for a file not there."""
    data = tmp_path / "data"
    data.mkdir()
    side = data / "side.csv"
    side.write_text("a\n1\n", "utf-8")
    optional = data / "optional.csv"
    record = {
        "read": {str(side): _signature(side)},
        "listed": {str(data): read_sets.listing(str(data))},
        "probed": {str(optional): False, str(side): True},
        "written": [],
        "modules": [],
        "python": sys.executable,
        "site": [],
        "unrecordable": "",
    }
    return {"record": record, "side": side, "data": data, "optional": optional}


def _read_set(world: dict, given: Given | None = None) -> dict:
    reads, reason = from_record(world["record"], given or Given())
    assert reason == "" and reads is not None
    return reads


def test_a_record_holds_while_nothing_it_read_changed(world):
    reads = _read_set(world)
    assert set(reads["files"]) == {str(world["side"]), sys.executable}
    assert reads["folders"] == {str(world["data"]): read_sets.listing(str(world["data"]))}
    assert reads["exists"] == {str(world["optional"]): False}  # the file read counts whole
    assert unchanged(reads, Given())


@pytest.mark.parametrize(
    "change",
    [
        lambda w: w["side"].write_text("a\n2\n", "utf-8"),  # same size, other content
        lambda w: w["side"].unlink(),
        lambda w: (w["data"] / "new.csv").write_text("", "utf-8"),  # the folder listed
        lambda w: w["optional"].write_text("a\n", "utf-8"),  # looked for, not there then
    ],
    ids=["content", "removed", "folder", "appeared"],
)
def test_a_change_to_anything_read_ends_the_record(world, change):
    reads = _read_set(world)
    change(world)
    assert not unchanged(reads, Given())


def test_a_file_touched_but_the_same_still_holds(world):
    reads = _read_set(world)
    os.utime(world["side"], (1, 1))
    assert unchanged(reads, Given())


def test_a_file_changed_while_the_run_read_it_cannot_be_trusted(world):
    world["side"].write_text("a\n1\n2\n", "utf-8")  # after the kernel noted it
    reads, reason = from_record(world["record"], Given())
    assert reads is None and reason.endswith("side.csv changed while the notebook ran")


def test_what_the_build_keys_otherwise_is_left_out(world, tmp_path):
    params = tmp_path / "staging" / "params.yaml"
    params.parent.mkdir()
    params.write_text("year: 2025\n", "utf-8")
    world["record"]["read"][str(params)] = _signature(params)
    given = Given(keyed_elsewhere=frozenset({str(params)}), staging=str(params.parent))
    reads = _read_set(world, given)
    assert str(params) not in reads["files"]
    params.write_text("year: 2025\nother: 1\n", "utf-8")  # a parameter it does not read
    assert unchanged(reads, given)


def test_a_read_of_what_the_build_writes_cannot_be_trusted(world, tmp_path):
    staging = tmp_path / "staging"
    other = staging / "review" / "01-dynamiek.ipynb"
    other.parent.mkdir(parents=True)
    other.write_text("{}", "utf-8")
    world["record"]["read"][str(other)] = _signature(other)
    reads, reason = from_record(world["record"], Given(staging=str(staging)))
    assert reads is None and "which the build itself writes" in reason


def test_registers_given_are_keyed_by_their_cache_entry(world, tmp_path):
    parquet = tmp_path / "cache" / "registers" / "abc" / "register.parquet"
    parquet.parent.mkdir(parents=True)
    parquet.write_bytes(b"PAR1")
    world["record"]["read"][str(parquet)] = _signature(parquet)
    world["record"]["probed"][str(parquet.parent)] = True
    given = Given(
        stored={str(parquet): "registers/abc"},
        store_roots=(os.path.join(str(tmp_path / "cache"), ""),),
    )
    reads = _read_set(world, given)
    assert reads["stored"] == ["registers/abc"] and str(parquet) not in reads["files"]
    assert unchanged(reads, given)
    other = Given(stored={"/elsewhere.parquet": "registers/def"}, store_roots=given.store_roots)
    assert not unchanged(reads, other)  # this build gives other registers
    assert unchanged(reads, None)  # before the registers are known: taken as the same


def test_a_read_in_the_cache_not_given_by_the_build_cannot_be_trusted(world, tmp_path):
    entry = tmp_path / "cache" / "html" / "abc" / "page.html"
    entry.parent.mkdir(parents=True)
    entry.write_text("<p>", "utf-8")
    world["record"]["read"][str(entry)] = _signature(entry)
    given = Given(store_roots=(os.path.join(str(tmp_path / "cache"), ""),))
    reads, reason = from_record(world["record"], given)
    assert reads is None and "in the cache, which this build did not give it" in reason


def test_a_metric_description_counts_only_where_its_module_ran(world):
    cyber, financing = METRICS_DIR / "cyber.meta.yml", METRICS_DIR / "financing.meta.yml"
    for path in (cyber, financing):
        world["record"]["read"][str(path)] = _signature(path)
    world["record"]["modules"] = ["sociaal_verslag.metrics.cyber"]
    files = _read_set(world)["files"]
    assert str(cyber) in files and str(financing) not in files


def test_a_record_of_an_unrecordable_run_or_none_at_all_is_not_kept(world):
    world["record"]["unrecordable"] = "starts a program (subprocess.Popen)"
    assert from_record(world["record"], Given()) == (
        None,
        "it starts a program (subprocess.Popen): what it read cannot all be recorded",
    )
    assert from_record(None, Given())[0] is None


def test_the_installation_counts_by_its_distributions(world, tmp_path):
    site = tmp_path / "site-packages"
    site.mkdir()
    (site / "pandas-2.2.3.dist-info").mkdir()
    world["record"]["site"] = [str(site)]
    reads = _read_set(world)
    (site / "pandas-2.2.3.dist-info").rename(site / "pandas-2.3.0.dist-info")
    assert not unchanged(reads, Given())


def test_a_folder_that_changed_while_the_run_listed_it_cannot_be_trusted(world):
    (world["data"] / "late.csv").write_text("", "utf-8")
    reads, reason = from_record(world["record"], Given())
    assert reads is None and "changed while the notebook ran" in reason


def test_missing_and_unreadable_are_contents_of_their_own(tmp_path):
    assert read_sets._content(str(tmp_path / "absent")) == read_sets.MISSING
    assert read_sets._content(str(tmp_path)).startswith("unreadable")


def test_pythons_own_cache_is_not_part_of_a_folder(world):
    reads = _read_set(world)
    (world["data"] / "__pycache__").mkdir()  # a kernel imported a module from the folder
    assert unchanged(reads, Given())


def test_a_link_pointed_elsewhere_is_a_changed_file(world):
    other = world["data"] / "other.csv"
    other.write_text("a\n9\n", "utf-8")
    link = world["data"] / "latest.csv"
    link.symlink_to(world["side"])
    world["record"]["read"][str(link)] = _signature(link)
    world["record"]["listed"].clear()  # the folder's names stay the same: only the link tells
    reads = _read_set(world)
    link.unlink()
    link.symlink_to(other)
    assert not unchanged(reads, Given())


def test_the_folders_that_hold_the_build_are_there_in_every_build(world, tmp_path):
    staging = tmp_path / "out" / ".staging-2025"
    staging.mkdir(parents=True)
    for folder in (tmp_path / "out", tmp_path):
        world["record"]["probed"][str(folder)] = True
    reads = _read_set(world, Given(staging=str(staging)))
    assert str(tmp_path / "out") not in reads["exists"] and str(tmp_path) not in reads["exists"]


def test_registers_given_are_found_by_their_real_path(world, tmp_path):
    real = tmp_path / "cache" / "registers" / "abc" / "register.parquet"
    real.parent.mkdir(parents=True)
    real.write_bytes(b"PAR1")
    (tmp_path / "alias").symlink_to(tmp_path / "cache")
    seen = tmp_path / "alias" / "registers" / "abc" / "register.parquet"
    world["record"]["read"][str(seen)] = _signature(seen)
    given = Given(
        stored={str(real): "registers/abc"},
        store_roots=(os.path.join(str(tmp_path / "cache"), ""),),
    )
    assert _read_set(world, given)["stored"] == ["registers/abc"]
