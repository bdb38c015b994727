"""A rebuild with nothing changed ends at once, the published report untouched; anything that
changed, however little, runs the build (build/up_to_date.py).

``tests/test_cache_audit.py`` holds every kind of change to the stronger rule that a cached build
publishes what a build from scratch does: its builds go through the same first check.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sociaal_verslag.base.hashing import sha256
from sociaal_verslag.build import up_to_date

from .project_copy import copy_project, edit, sociaal_verslag

NOTHING = "nothing changed since the last build, nothing ran"
PAGE = "output/2025/bijzonder-verslag-2025.html"


def _build(root: Path, *options: str, environment: dict[str, str] | None = None) -> str:
    done = sociaal_verslag(root, "build", "2025", "-q", *options, environment=environment)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _published(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(root)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted((root / "output" / "2025").rglob("*"))
        if path.is_file()
    }


@pytest.mark.build
def test_only_a_rebuild_with_nothing_changed_ends_at_once(tmp_path):
    root = copy_project(tmp_path / "project")
    cache = {"SOCIAAL_VERSLAG_CACHE": str(tmp_path / "cache")}
    first = _build(root, environment=cache)
    assert NOTHING not in first
    before = _published(root)

    # Nothing changed, or only a file's time: the same lines, nothing written, none of the
    # build's libraries imported.
    assert NOTHING in _build(root, environment=cache)
    assert _heavy_modules_after_a_rebuild(root, cache) == []
    os.utime(root / "notebooks/narrative/2025/03-dynamiek.md")
    said = _build(root, environment=cache)
    assert NOTHING in said and "warning" not in said
    assert _published(root) == before

    # Other options, another environment: the build runs.
    assert NOTHING not in _build(root, "--no-previous", environment=cache)
    assert NOTHING not in _build(root, environment=cache)
    # A date of its own: other tests may have set the suite's (conftest.SOURCE_DATE_EPOCH).
    dated = {**cache, "SOURCE_DATE_EPOCH": "1767312000"}
    assert NOTHING not in _build(root, environment=dated)
    assert NOTHING in _build(root, environment=dated)
    assert NOTHING not in _build(root, "--no-cache", environment=dated)

    # A published file removed or changed: the build runs and puts it back.
    (root / "output/2025/figures.xlsx").unlink()
    assert NOTHING not in _build(root, environment=dated)
    assert (root / "output/2025/figures.xlsx").is_file()

    # A sentence changed: the build runs and publishes it.
    edit(root / "notebooks/narrative/2025/03-dynamiek.md", "was een goed jaar", "was een fijn jaar")
    assert NOTHING not in _build(root, environment=dated)
    assert "was een fijn jaar" in (root / PAGE).read_text(encoding="utf-8")
    assert NOTHING in _build(root, environment=dated)

    # A register row changed: the notebooks that read it run again.
    loans = root / "data/2025/loans.csv"
    lines = loans.read_text(encoding="utf-8").splitlines(keepends=True)
    loans.write_text("".join([*lines, lines[-1]]), encoding="utf-8")  # a duplicate row
    result = sociaal_verslag(root, "build", "2025", "-q", environment=dated)
    assert NOTHING not in result.stdout + result.stderr


HEAVY = ("pandas", "numpy", "pydantic", "matplotlib", "nbconvert", "weasyprint", "babel", "jinja2")
"""Libraries a rebuild with nothing changed must not import: they take most of a second."""


def _heavy_modules_after_a_rebuild(root: Path, environment: dict[str, str]) -> list[str]:
    code = (
        "import sys\n"
        "from sociaal_verslag.cli.main import main\n"
        "assert main(['build', '2025', '-q']) == 0\n"
        f"print(sorted({{name.split('.')[0] for name in sys.modules}} & set({HEAVY!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={**os.environ, **environment, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert NOTHING in done.stdout
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


def _record(tmp_path: Path, content: bytes, started_ns: int) -> tuple[Path, dict]:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    status = path.stat()
    entry = [status.st_size, status.st_mtime_ns, sha256(path)]
    return path, {str(path): entry}


@pytest.mark.unit
def test_a_file_changed_in_the_build_s_moment_is_compared_by_content(tmp_path):
    # Its size and time may be what the record holds although its content is not: hashed.
    path, files = _record(tmp_path, b"aaaa", 0)
    status = path.stat()
    started = status.st_mtime_ns
    path.write_bytes(b"bbbb")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # the same size and time
    assert not up_to_date._same_files(files, started)
    # Long after the build began, the same size and time are taken as unchanged...
    assert up_to_date._same_files(files, started + 10 * up_to_date.RACY_NS)
    # ...and a new time with the same content as unchanged too.
    path.write_bytes(b"aaaa")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert up_to_date._same_files(files, 0)


@pytest.mark.unit
def test_a_file_that_appeared_or_went_is_a_change(tmp_path):
    path, files = _record(tmp_path, b"x", 0)
    missing = {str(tmp_path / "not-there"): None}
    assert up_to_date._same_files(missing, 0)
    (tmp_path / "not-there").write_text("now")
    assert not up_to_date._same_files(missing, 0)
    path.unlink()
    assert not up_to_date._same_files(files, 0)


@pytest.mark.unit
def test_a_damaged_record_is_no_answer(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIAAL_VERSLAG_CACHE", str(tmp_path / "cache"))
    request = up_to_date.Request(
        2025, str(tmp_path), "p", (), ("html",), None, False, True, True, "d"
    )
    store = up_to_date.Store.default()
    store.put(up_to_date.KIND, f"{request.key()}-0", [], {"files": {}})  # keys missing
    store.close()
    assert up_to_date.unchanged(request) is None
    entry = next((tmp_path / "cache" / up_to_date.KIND).iterdir())
    (entry / "meta.json").write_text(json.dumps({"x": 1}))  # fails its checksums: discarded
    assert up_to_date.unchanged(request) is None
