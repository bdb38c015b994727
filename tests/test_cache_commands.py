"""``sociaal-verslag cache info|verify|prune`` on a store made for the test: what each prints,
what it removes and its exit status."""

from __future__ import annotations

from pathlib import Path

import pytest

from sociaal_verslag.cache.store import CACHE_ENV, Store
from sociaal_verslag.cli import main as cli


@pytest.fixture
def store(tmp_path: Path, monkeypatch) -> Store:
    """A store of three entries (two notebooks of 1,000 bytes, a page of 3,000) that the
    commands find through ``SOCIAAL_VERSLAG_CACHE``."""
    root = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(root))
    store = Store.open(root)
    for kind, key, size in (
        ("notebooks", "a", 1000),
        ("notebooks", "b", 1000),
        ("html", "c", 3000),
    ):
        made = tmp_path / f"{key}.bin"
        made.write_bytes(b"x" * size)
        store.put(kind, key, [made], {})
    store.close()
    return store


def _run(capsys, *arguments: str) -> tuple[int, list[str]]:
    code = cli.main(["cache", *arguments])
    return code, capsys.readouterr().out.splitlines()


def test_info_counts_the_entries_and_their_size_by_kind(store, capsys):
    code, lines = _run(capsys, "info")
    assert code == 0
    assert lines[0].startswith("cache ")
    assert ": 3 entries, " in lines[0] and "(every build keeps it under 2.0 GiB)" in lines[0]
    by_kind = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert by_kind["html"][:2] == ["1", "entry"]
    assert by_kind["notebooks"][:2] == ["2", "entries"]


def test_verify_says_all_whole_and_ends_well_on_a_whole_store(store, capsys):
    code, lines = _run(capsys, "verify")
    assert code == 0
    assert lines[-1].startswith("checked 3 entries (") and lines[-1].endswith("): all whole")


def test_verify_removes_a_damaged_entry_names_it_and_ends_badly(store, capsys):
    entry = next(e for e in Store.default().entries() if e.key == "b")
    for file in entry.folder.iterdir():
        if file.name.endswith(".bin"):
            file.write_bytes(b"y" * 10)
    code, lines = _run(capsys, "verify")
    assert code == 1
    assert lines[0].startswith("damaged: notebooks/b: ") and lines[0].endswith("(removed)")
    assert lines[-1].endswith(": 1 damaged, removed")
    assert sorted(e.key for e in Store.default().entries()) == ["a", "c"]


def test_prune_to_nothing_empties_the_store_and_says_what_it_removed(store, capsys):
    code, lines = _run(capsys, "prune", "--max-size", "0")
    assert code == 0
    assert lines == [lines[0]] and lines[0].startswith("removed 3 entries (")
    assert lines[0].endswith(" holds 0 bytes")
    assert list(Store.default().entries()) == []


def test_prune_to_a_size_keeps_what_fits(store, capsys):
    code, lines = _run(capsys, "prune", "--max-size", "20K")
    assert code == 0
    assert lines[0].startswith("removed 0 entries (0 bytes)")
