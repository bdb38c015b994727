"""The cache's store on its own: entries checked on every read, written whole or not at all,
an unusable folder only slower, and kept to a size."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from sociaal_verslag.cache import store as cache
from sociaal_verslag.cache.store import CHECKSUMS, Store, damage


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "cache")


def _file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _stored(store: Store, tmp_path: Path, key: str = "k1", content: bytes = b"x" * 1000) -> Path:
    return store.put("notebooks", key, [_file(tmp_path, "run.ipynb", content)], {"n": 1})


def test_an_entry_is_found_with_its_files_and_meta(store, tmp_path):
    _stored(store, tmp_path)
    found = store.find("notebooks", "k1")
    assert found is not None
    assert (found / "run.ipynb").read_bytes() == b"x" * 1000
    assert Store.meta(found) == {"n": 1}
    assert store.warnings == []
    assert store.find("notebooks", "k2") is None


@pytest.mark.parametrize(
    ("damage_it", "said"),
    [
        (lambda f: (f / "run.ipynb").write_bytes(b"x" * 10), "has 10 bytes where 1000"),
        (lambda f: (f / "run.ipynb").write_bytes(b"y" * 1000), "is not what was stored"),
        (lambda f: (f / "run.ipynb").unlink(), "run.ipynb is missing"),
        (lambda f: (f / "meta.json").write_text("{", "utf-8"), "meta.json"),
        (lambda f: (f / CHECKSUMS).unlink(), "not finished"),
        (lambda f: (f / CHECKSUMS).write_text("[]", "utf-8"), "cannot be read"),
    ],
    ids=["cut off", "changed", "missing", "meta changed", "half-written", "checksums garbled"],
)
def test_a_damaged_entry_is_discarded_with_one_warning(store, tmp_path, damage_it, said):
    folder = _stored(store, tmp_path)
    damage_it(folder)
    assert store.find("notebooks", "k1") is None
    assert not folder.exists()  # discarded: the step runs again and stores it anew
    [warning] = store.warnings
    assert warning.startswith("cache entry ") and said in warning
    assert warning.endswith("discarded, the step runs again")
    _stored(store, tmp_path)
    assert store.find("notebooks", "k1") is not None


def test_an_entry_already_stored_whole_is_kept_and_a_damaged_one_replaced(store, tmp_path):
    first = _stored(store, tmp_path)
    inode = first.stat().st_ino
    assert _stored(store, tmp_path) == first and first.stat().st_ino == inode
    (first / "run.ipynb").write_bytes(b"")
    _stored(store, tmp_path)
    assert damage(first) == ""  # replaced by a whole one
    assert not [path for path in first.parent.iterdir() if path.name.startswith(".")]


def test_an_interrupted_write_leaves_no_entry(store, tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cache, "_checksum", fail)
    with pytest.raises(KeyboardInterrupt):
        _stored(store, tmp_path)
    assert list((store.root / "notebooks").iterdir()) == []


def _writer(root: str, source: str, rounds: int) -> None:
    store = Store.open(Path(root))
    for _ in range(rounds):
        store.put("notebooks", "shared", [Path(source)], {"n": 1})


def test_two_builds_writing_one_entry_never_show_half_of_it(tmp_path):
    source = _file(tmp_path, "big.ipynb", os.urandom(4 * 2**20))
    root = tmp_path / "cache"
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_writer, args=(str(root), str(source), 15)) for _ in "ab"]
    for writer in writers:
        writer.start()
    reader = Store.open(root)
    seen = 0
    while any(writer.is_alive() for writer in writers):
        found = reader.find("notebooks", "shared")
        if found is not None:
            seen += 1
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert reader.warnings == []  # never a half-written or damaged entry
    assert reader.find("notebooks", "shared") is not None and seen
    assert not [path for path in (root / "notebooks").iterdir() if path.name.startswith(".")]


def test_a_folder_that_cannot_be_created_is_one_warning_and_a_private_store(tmp_path):
    blocker = _file(tmp_path, "a-file", b"")
    store = Store.open(blocker / "cache")
    [warning] = store.warnings
    assert warning == (
        f"the cache {(blocker / 'cache').as_posix()} cannot be used (Not a directory):"
        " this build runs without it and keeps nothing for the next one"
    )
    entry = _stored(store, tmp_path)
    assert store.find("notebooks", "k1") == entry  # this build's own entries are there
    store.close()
    assert not entry.exists()  # and gone with it


def test_a_folder_that_cannot_be_written_midway_is_one_warning(store, tmp_path, monkeypatch):
    real = cache._copy_hashing

    def full(source: Path, folder: Path) -> list:
        if store.root in folder.parents:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(source, folder)

    monkeypatch.setattr(cache, "_copy_hashing", full)
    first = _stored(store, tmp_path, "k1")
    second = _stored(store, tmp_path, "k2")
    assert store.root not in first.parents and first.parent == second.parent
    assert store.find("notebooks", "k2") == second
    [warning] = store.warnings
    assert "cannot be written (No space left on device)" in warning


def test_a_folder_that_cannot_be_read_is_one_warning(store, tmp_path, monkeypatch):
    _stored(store, tmp_path)

    def refuse(folder: Path) -> str:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(cache, "damage", refuse)
    assert store.find("notebooks", "k1") is None
    assert store.find("html", "k1") is None
    assert store.warnings == [
        f"the cache {store.root.as_posix()} cannot be read (Permission denied):"
        " this build runs without it"
    ]


def test_without_reading_nothing_is_found_but_everything_is_stored(tmp_path):
    _stored(Store.open(tmp_path / "cache"), tmp_path)
    refreshing = Store.open(tmp_path / "cache", read=False)
    assert refreshing.find("notebooks", "k1") is None
    assert refreshing.variants("notebooks", "k") == []
    _stored(refreshing, tmp_path, "k2")
    assert Store.open(tmp_path / "cache").find("notebooks", "k2") is not None


def test_variants_are_the_entries_of_a_key_prefix_most_recently_used_first(store, tmp_path):
    for key in ("first-a", "first-b", "firstx-c", "other-d"):
        _stored(store, tmp_path, key)
    os.utime(store.root / "notebooks" / "first-a", (1, 1))
    assert [key for key, _ in store.variants("notebooks", "first")] == ["first-b", "first-a"]


def _aged(store: Store, tmp_path: Path, key: str, size: int, used: float) -> Path:
    folder = _stored(store, tmp_path, key, b"z" * size)
    os.utime(folder, (used, used))
    return folder


def test_pruning_removes_the_entries_used_longest_ago_until_the_store_fits(store, tmp_path):
    now = time.time()
    old = _aged(store, tmp_path, "old", 10_000, now - 300)
    kept = _aged(store, tmp_path, "kept", 10_000, now - 400)  # older, but used by this build
    recent = _aged(store, tmp_path, "recent", 10_000, now - 100)
    newest = _aged(store, tmp_path, "newest", 10_000, now)
    removed = store.prune(35_000, keep=[kept])  # four entries of a little over 10 kB
    assert [info.key for info in removed] == ["old"]
    assert not old.exists() and kept.exists() and recent.exists() and newest.exists()
    assert store.find("notebooks", "recent") is not None
    assert [info.key for info in store.prune(0)] == ["kept", "newest", "recent"]


def test_a_build_that_stored_something_prunes_at_its_end(store, tmp_path):
    stale = _aged(store, tmp_path, "stale", 50_000, time.time() - 1000)
    store = Store.open(store.root)
    used = _stored(store, tmp_path, "used", b"u" * 50_000)
    store.close(max_bytes=60_000)
    assert used.exists() and not stale.exists()


def test_what_killed_builds_left_is_pruned_after_a_day(store, tmp_path):
    partial = store.root / "notebooks" / ".key.abc"
    partial.mkdir(parents=True)
    fresh = store.root / "notebooks" / ".key.def"
    fresh.mkdir()
    day_ago = time.time() - cache.LEFTOVER_SECONDS - 10
    os.utime(partial, (day_ago, day_ago))
    store.prune(cache.DEFAULT_MAX_BYTES)
    assert not partial.exists() and fresh.exists()


def test_verify_lists_and_removes_the_damaged_entries(store, tmp_path):
    whole = _stored(store, tmp_path, "whole")
    broken = _stored(store, tmp_path, "broken")
    (broken / "run.ipynb").write_bytes(b"cut")
    damaged = store.verify(store.entries())
    assert [(info.key, problem) for info, problem in damaged] == [
        ("broken", "run.ipynb has 3 bytes where 1000 were stored")
    ]
    assert whole.exists() and not broken.exists()


def test_the_checksums_list_every_file_with_its_size_and_sha256(store, tmp_path):
    folder = _stored(store, tmp_path)
    listed = json.loads((folder / CHECKSUMS).read_text("utf-8"))["files"]
    assert sorted(listed) == ["meta.json", "run.ipynb"]
    assert listed["run.ipynb"][0] == 1000 and len(listed["run.ipynb"][1]) == 64


def test_keys_change_with_the_layout_of_the_store(monkeypatch):
    key = cache.digest(["html", 1])
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    assert cache.digest(["html", 1]) != key


def test_a_build_without_the_cache_replaces_what_it_finds_stored(tmp_path):
    _stored(Store.open(tmp_path / "cache"), tmp_path, "k1", b"stale")
    refreshing = Store.open(tmp_path / "cache", read=False)
    _stored(refreshing, tmp_path, "k1", b"fresh")
    found = Store.open(tmp_path / "cache").find("notebooks", "k1")
    assert (found / "run.ipynb").read_bytes() == b"fresh"


@pytest.mark.parametrize(
    "listed",
    ['{"files": []}', '{"files": null}', '{"files": {"meta.json": null}}', '{"files": {}}', "[1]"],
)
def test_checksums_of_another_shape_are_a_damaged_entry(store, tmp_path, listed):
    folder = _stored(store, tmp_path)
    (folder / CHECKSUMS).write_text(listed, "utf-8")
    assert store.find("notebooks", "k1") is None
    assert "cannot be read" in store.warnings[0]
