"""Every failure a user can cause or meet ends in one line and a non-zero exit, never hangs, and
never touches the last good report: each test here starts with a good build in place."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.build import staging as build_staging
from sociaal_verslag.cli import main as cli
from sociaal_verslag.figures import records as figures
from sociaal_verslag.year import chapters

FIXTURES = Path(__file__).parent / "fixtures"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def published(tmp_path, build_2025):
    """An output folder holding a good 2025 build, and a snapshot of every byte of it."""
    out = tmp_path / "out"
    shutil.copytree(build_2025.output_dir, out / "2025")
    return out, _files(out / "2025")


def _main(capsys, *arguments: str) -> tuple[int, str]:
    code = cli.main(list(arguments))
    return code, capsys.readouterr().err


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def _kernels() -> set[int]:
    """The kernels this test process started (other builds on the machine are not ours)."""
    found = set()
    for process in psutil.Process().children(recursive=True):
        try:
            if "ipykernel_launcher" in " ".join(process.cmdline()):
                found.add(process.pid)
        except psutil.Error:  # ended while we looked
            continue
    return found


@pytest.fixture
def first_notebook(monkeypatch):
    """Run a fixture notebook before the chapters (it fails before they start)."""

    def use(name: str) -> None:
        listed = [chapters.Chapter("fixture", notebook=FIXTURES / name), *chapters.listed()]
        monkeypatch.setattr(chapters, "listed", lambda: listed)

    return use


# --- notebooks that fail or never finish ------------------------------------------------------


def test_a_failing_cell_is_named_and_shown_highlighted_and_the_last_good_report_stays(
    capsys, published, first_notebook
):
    out, before = published
    first_notebook("99-fails.ipynb")
    code, stderr = _main(capsys, "build", "2025", "-q", "--out", str(out))
    line = _one_line(stderr)
    assert code == 1
    assert line.startswith("error: 99-fails, cell 4 (id fail0003) failed: ValueError: a <b>")
    page = out / ".failed-2025" / "review" / "99-fails.html"
    assert line.endswith(f"see {page.as_posix()}#failed-cell")
    html = page.read_text(encoding="utf-8")
    assert 'id="failed-cell"' in html and "Deze cel stopte de build" in html
    assert "<b>deliberate</b>" not in html  # the exception text is shown as text
    assert _files(out / "2025") == before


def test_a_cell_that_never_returns_is_stopped_by_the_timeout(capsys, published, first_notebook):
    out, before = published
    first_notebook("99-hangs.ipynb")
    kernels_before = _kernels()
    started = time.monotonic()
    code, stderr = _main(
        capsys, "build", "2025", "-q", "--out", str(out), "-p", "cell_timeout_seconds=2"
    )
    assert time.monotonic() - started < 60
    line = _one_line(stderr)
    assert code == 1
    assert line.startswith(
        "error: 99-hangs, cell 4 (id hang0003) failed: did not finish within 2 s"
        " (cell_timeout_seconds in the parameters); the kernel was stopped; see "
    )
    assert line.endswith("99-hangs.html#failed-cell")
    assert _kernels() <= kernels_before  # no kernel left behind
    assert not (out / ".staging-2025").exists()
    executed = nbformat.read(out / ".failed-2025" / "review" / "99-hangs.ipynb", as_version=4)
    assert executed.cells[-1].metadata["papermill"]["status"] == "failed"
    assert _files(out / "2025") == before


RUNNER = """
import sys
from pathlib import Path
from sociaal_verslag.cli import main as cli
from sociaal_verslag.year import chapters
listed = [chapters.Chapter("fixture", notebook=Path(sys.argv[1])), *chapters.listed()]
chapters.listed = lambda: listed
sys.exit(cli.main(sys.argv[2:]))
"""


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_leaves_no_kernel_and_the_last_good_report(tmp_path, published, how):
    out, before = published
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER, encoding="utf-8")
    command = [sys.executable, str(runner), str(FIXTURES / "99-hangs.ipynb")]
    marker = out / ".staging-2025" / "review" / "hang-started"
    process = subprocess.Popen(
        [*command, "build", "2025", "-q", "--out", str(out)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As a terminal starts it: Ctrl-C raises KeyboardInterrupt (a background job of a
        # non-interactive shell would ignore SIGINT).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    kernels: list[psutil.Process] = []
    while not kernels and time.monotonic() < deadline:
        time.sleep(0.2)
        kernels = [
            child
            for child in psutil.Process(process.pid).children(recursive=True)
            if "ipykernel" in " ".join(child.cmdline())
        ]
    assert kernels, "the notebook's kernel never started"
    # Kernels are started ahead of their notebook: wait until the run is in the endless cell.
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.exists(), "the notebook never reached its endless cell"
    time.sleep(0.5)
    process.send_signal(how)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert _one_line(stderr) == "error: interrupted; the last good build is untouched"
    psutil.wait_procs(kernels, timeout=10)
    assert not [kernel for kernel in kernels if kernel.is_running()]
    assert not (out / ".staging-2025").exists()
    assert (out / ".failed-2025" / "review" / "99-hangs.ipynb").is_file()
    assert _files(out / "2025") == before


# --- checks and the operating system ----------------------------------------------------------


def test_a_failed_check_keeps_the_last_good_report(capsys, published):
    out, before = published
    code, stderr = _main(
        capsys,
        "build",
        "2025",
        "-q",
        "--to",
        "html",
        "-p",
        "compliance.dividend_rate_pct.value=7",
        "--out",
        str(out),
    )
    assert code == 1
    assert stderr.startswith("error: 1 check(s) failed:")
    # The page alone is a partial build: kept for inspection beside its own folder.
    assert (out / "partial" / ".failed-2025" / "review" / "index.html").is_file()
    assert _files(out / "2025") == before


def test_a_full_disk_is_one_line_and_keeps_the_last_good_report(capsys, published, monkeypatch):
    out, before = published

    def full(figures_list, directory, languages=()):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(directory / "figures.csv"))

    monkeypatch.setattr(figures, "write_table", full)
    code, stderr = _main(capsys, "build", "2025", "-q", "--out", str(out))
    assert code == 1
    line = _one_line(stderr)
    assert line.startswith("error: ") and "/.staging-2025/figures.csv: the disk is full" in line
    assert line.endswith("(the last good report is untouched)")
    assert _files(out / "2025") == before
    assert not (out / ".staging-2025").exists()


@pytest.mark.build
def test_a_read_only_output_folder_is_one_line(capsys, tmp_path, monkeypatch):
    out = tmp_path / "readonly"
    mkdir = Path.mkdir

    def refuse(self, *args, **kwargs):
        # Only the output folder: the cache, elsewhere, may be written.
        if self == out or out in self.parents:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)
    code, stderr = _main(capsys, "build", "2025", "-q", "--to", "html", "--out", str(out))
    assert code == 1
    assert _one_line(stderr) == (
        f"error: {out.as_posix()}: no permission: fix the folder's permissions, or build"
        " elsewhere with --out DIR (the last good report is untouched)"
    )


def test_a_publish_that_cannot_rename_keeps_the_last_good_report(capsys, published, monkeypatch):
    out, before = published
    rename = Path.rename

    def busy(self, target):
        if self.name == ".staging-2025" and Path(target).name == "2025":
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(self), str(target))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", busy)
    code, stderr = _main(capsys, "build", "2025", "-q", "--out", str(out))
    assert code == 1
    line = _one_line(stderr)
    assert line.startswith(f"error: cannot publish {(out / '2025').as_posix()}:")
    assert "the last good report is untouched" in line
    assert _files(out / "2025") == before
    assert not (out / ".previous-2025").exists()
    assert (out / ".failed-2025" / "figures.json").is_file()


def test_a_busy_year_is_one_line(capsys, published):
    out, before = published
    with (out / ".build-2025.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        code, stderr = _main(capsys, "build", "2025", "-q", "--out", str(out))
    assert code == 1
    assert _one_line(stderr) == f"error: another build of 2025 is running in {out.as_posix()}"
    assert _files(out / "2025") == before


def test_a_bug_is_one_line_and_the_traceback_comes_with_debug(capsys, published, monkeypatch):
    out, before = published

    def bug(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(build_staging, "git_state", bug)
    code, stderr = _main(capsys, "build", "2025", "-q", "--to", "html", "--out", str(out))
    assert code == 1
    assert _one_line(stderr).startswith("error: unexpected ZeroDivisionError: division by zero")
    assert _files(out / "2025") == before
    code, stderr = _main(
        capsys, "build", "2025", "--debug", "-q", "--to", "html", "--out", str(out)
    )
    assert code == 1
    assert "Traceback" in stderr and stderr.strip().splitlines()[-1].startswith("error: ")


# --- inputs that are not what they should be, each one line -----------------------------------


def _copy_narrative(tmp_path: Path) -> Path:
    narrative = tmp_path / "narrative"
    shutil.copytree(PROJECT_ROOT / "notebooks" / "narrative" / "2025", narrative)
    return narrative


def test_a_narrative_not_in_utf8_is_found_before_any_notebook_runs(capsys, tmp_path, published):
    out, before = published
    narrative = _copy_narrative(tmp_path)
    chapter = narrative / "06-ontplooiing.md"
    chapter.write_bytes(chapter.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    code, stderr = _main(
        capsys, "build", "2025", "-q", "-p", f"narrative_dir={narrative}", "--out", str(out)
    )
    assert code == 1
    assert "06-ontplooiing.md:3: not UTF-8 text (byte 0xb2); save the chapter as UTF-8" in stderr
    assert not (out / ".failed-2025").exists()  # nothing ran
    assert _files(out / "2025") == before


def test_a_register_in_utf16_says_utf16(capsys, tmp_path, published):
    out, _ = published
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data" / "2025", data)
    advisers = data / "advisers.csv"
    advisers.write_bytes(advisers.read_text(encoding="utf-8").encode("utf-16"))
    code, stderr = _main(capsys, "build", "2025", "-q", "-p", f"data_dir={data}", "--out", str(out))
    assert code == 1
    assert "advisers.csv: expected UTF-8 or Windows-1252 text, got UTF-16 text" in stderr


def test_a_register_cut_off_in_its_last_value_is_refused(capsys, tmp_path, published):
    out, before = published
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data" / "2025", data)
    (data / "PROVENANCE.yaml").unlink()  # without receipts, the cut must still be noticed
    grants = data / "kbs_grants.csv"
    text = grants.read_text(encoding="utf-8")
    grants.write_text(text.rstrip("\n")[:-3], encoding="utf-8")  # "5100.00" -> "51"? cut
    code, stderr = _main(capsys, "build", "2025", "-q", "-p", f"data_dir={data}", "--out", str(out))
    assert code == 1
    assert "kbs_grants.csv, row 16: expected a line end after the last row, got none" in stderr
    assert _files(out / "2025") == before


def test_a_register_that_no_longer_matches_its_receipt_is_listed_with_its_problems(
    capsys, tmp_path, published
):
    out, _ = published
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data" / "2025", data)
    loans = data / "loans.csv"
    lines = loans.read_text(encoding="utf-8").splitlines()
    cells = lines[3].split(",")
    cells[4] = "0"  # an amount of zero where the schema says > 0
    lines[3] = ",".join(cells)
    loans.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, stderr = _main(capsys, "build", "2025", "-q", "-p", f"data_dir={data}", "--out", str(out))
    assert code == 1
    assert "loans.csv: expected the file recorded in" in stderr
    assert "record it again: sociaal-verslag data record 2025 loans" in stderr
    assert "loans.csv, row 4, column amount_granted_eur: expected a number > 0" in stderr
