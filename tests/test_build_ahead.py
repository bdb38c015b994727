"""A build's first kernel started before the build is asked for (the preview's next rebuild)."""

from __future__ import annotations

import pytest

from sociaal_verslag.base.paths import params_file
from sociaal_verslag.build import main as build_main
from sociaal_verslag.build.inputs import read_inputs
from sociaal_verslag.execution import pool as runner


class _Pool:
    """Stands for the notebooks' pool: what was started and stopped (no kernel starts)."""

    def __init__(self, workers: int, environment: dict) -> None:
        self.workers, self.environment = workers, environment
        self.warmed = 0
        self.closed = False

    def warm(self, count: int) -> None:
        self.warmed += count

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(runner, "Pool", _Pool)
    monkeypatch.setattr(runner, "default_workers", lambda: 2)
    monkeypatch.setattr(build_main, "_ahead", None)


def test_the_build_takes_the_kernel_started_ahead(pools):
    ahead = build_main.start_ahead()
    assert ahead.pool.warmed == 1 and ahead.index_path.is_file()
    index_path, pool = build_main._pool(2)
    assert (index_path, pool) == (ahead.index_path, ahead.pool)
    ahead.close()  # taken: the build stops it, not the process that started it
    assert not pool.closed and index_path.is_file()
    # The kernels read the registers' index the build writes into that file.
    assert pool.environment[build_main.INDEX_ENV] == str(index_path)
    index_path.unlink()


def test_a_build_with_another_number_of_workers_stops_the_one_started_ahead(pools):
    ahead = build_main.start_ahead()
    index_path, pool = build_main._pool(1)
    assert pool is not ahead.pool and pool.workers == 1
    assert ahead.pool.closed and not ahead.index_path.exists()
    index_path.unlink()


def test_a_kernel_started_ahead_and_not_taken_is_stopped(pools):
    ahead = build_main.start_ahead()
    ahead.close()
    assert ahead.pool.closed and not ahead.index_path.exists()
    index_path, pool = build_main._pool(2)  # nothing left to take
    assert pool is not ahead.pool
    index_path.unlink()


def test_a_build_of_some_languages_gives_its_notebooks_those_languages(tmp_path):
    year = 2025
    inputs = read_inputs(year, [], params_file(year), tmp_path, compare_previous=False)
    assert inputs.params.languages == ["nl", "fr"]
    assert inputs.in_languages(["nl", "fr"]) is inputs  # the whole build: as written
    assert inputs.in_languages(["fr", "nl"]) is inputs  # in whatever order asked
    dutch = inputs.in_languages(["nl"])
    assert dutch.raw_params["languages"] == ["nl"]  # the charts drawn in Dutch only
    assert dutch.params.languages == ["nl", "fr"]  # every language's text still checked
    assert inputs.raw_params["languages"] == ["nl", "fr"]  # not changed in place
    assert {key: value for key, value in dutch.raw_params.items() if key != "languages"} == {
        key: value for key, value in inputs.raw_params.items() if key != "languages"
    }
