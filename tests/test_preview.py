"""The live preview: it serves the last good build with a reload script that is never written to
disk, rebuilds when a file of the year changes, and shows a failed rebuild's error."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.cli import preview, warm_builder

from .project_copy import copy_project, edit

pytestmark = pytest.mark.build  # builds, or starts kernels or the command line: seconds each


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _status(url: str) -> dict:
    return json.loads(_get(url + preview.STATUS_PATH.lstrip("/")))


def _wait_for(condition, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError("the preview did not get there in time")


@pytest.fixture
def session(tmp_path):
    text = tmp_path / "text"
    shutil.copytree(PROJECT_ROOT / "notebooks" / "narrative" / "2025", text)
    arguments = ["--to=html", f"--param=narrative_dir={text}"]
    live = preview.Preview(2025, tmp_path / "out", arguments)
    server = live.serve(0)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    assert live.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(live, [text], stop), daemon=True)
    watcher.start()
    time.sleep(1)  # the watcher is listening
    yield live, url, text
    stop.set()
    server.shutdown()
    watcher.join(timeout=10)
    live.close()


def test_the_page_is_served_with_a_reload_script_that_is_not_on_disk(session):
    live, url, _ = session
    page = _get(url)
    assert "Bijzonder verslag" in page and "preview-status" in page and "<script>" in page
    on_disk = (live.folder / "bijzonder-verslag-2025.html").read_text("utf-8")
    assert "<script" not in on_disk and "preview-status" not in on_disk
    # The page first, without its review edition; that follows in the rest of the build.
    assert not (live.folder / "review" / "verslag.html").exists()
    live.wait_until_complete()
    assert _status(url) == {
        "version": 1,
        "building": False,
        "error": "",
        "completing": False,
        "completion_error": "",
    }
    assert "<html" in _get(url + "review/index.html")  # the review pages too
    assert "<html" in _get(url + "review/verslag.html")  # from the rest of the build


def test_a_saved_sentence_is_rebuilt_and_a_broken_one_shows_its_error(session):
    _, url, text = session
    chapter = text / "03-dynamiek.md"
    chapter.write_text(
        chapter.read_text("utf-8").replace("was een goed jaar", "was een heel goed jaar"), "utf-8"
    )
    _wait_for(lambda: _status(url)["version"] == 2)
    assert "was een heel goed jaar" in _get(url)

    chapter.write_text(chapter.read_text("utf-8") + "\n{{ bestaat.niet }}\n", "utf-8")
    _wait_for(lambda: _status(url)["error"] != "")
    state = _status(url)
    assert state["version"] == 2  # the last good page stays served
    assert "unknown figure id 'bestaat.niet'" in state["error"]
    assert "was een heel goed jaar" in _get(url)


def test_the_preview_binds_to_the_local_machine_only(tmp_path):
    live = preview.Preview(2025, tmp_path, [])
    server = live.serve(0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.shutdown()


def test_what_is_watched_exists(tmp_path):
    paths = preview.watched(tmp_path / "params.yaml", tmp_path, tmp_path / "missing")
    assert all(Path(path).exists() for path in paths)


def test_the_warm_builder_imports_the_libraries_then_the_whole_package():
    """The libraries first (nothing of the package on the way but this module's folders), then
    every module of the package, after listing its files."""
    probe = (
        "import sys, sociaal_verslag.cli.warm_server as w; w._warm();"
        " print(sorted(m for m in sys.modules if m.startswith('sociaal_verslag')));"
        " print('pandas' in sys.modules and 'nbconvert' in sys.modules);"
        " files, failed = w._preload();"
        " print(failed == '', files == w.package_files(), 'cli/main.py' in files);"
        " print(sorted(m for m in sys.modules if m.startswith('sociaal_verslag.')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    package, warmed, preloaded, modules = done.stdout.splitlines()
    assert (
        package == "['sociaal_verslag', 'sociaal_verslag.cli', 'sociaal_verslag.cli.warm_server']"
    )
    assert warmed == "True"
    assert preloaded == "True True True"
    for module in ("sociaal_verslag.build.main", "sociaal_verslag.render.page"):
        assert f"'{module}'" in modules


def _server(root: Path, *options: str, **environment: str) -> subprocess.Popen[str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "sociaal_verslag.cli.warm_server", *options],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root), **environment},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert json.loads(server.stdout.readline())["ready"]
    return server


def _kernels_under(process: psutil.Process) -> list[psutil.Process]:
    kernels = []
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.Error):  # ended meanwhile, or not yet reaped
            if "ipykernel_launcher" in " ".join(child.cmdline()):
                kernels.append(child)
    return kernels


def test_a_build_forked_ahead_answers_as_one_forked_on_request_and_leaves_nothing(tmp_path):
    """With --ahead the next build's process waits with its first kernel started; it answers
    as a build forked when asked, and nothing of it outlives the warm process."""
    server = _server(PROJECT_ROOT, "--ahead")
    try:
        watched = psutil.Process(server.pid)
        _wait_for(lambda: len(_kernels_under(watched)) == 1, seconds=60)  # started ahead
        asked = ["diff", str(tmp_path / "a"), str(tmp_path / "b")]
        first, second = _ask_server(server, asked), _ask_server(server, asked)
        assert first == second  # the second from the process forked after the first
        assert first["code"] == 2 and "figures.json: not found" in first["stderr"]
        assert first["stale"] is False
        _wait_for(lambda: len(_kernels_under(watched)) == 1, seconds=60)  # the next one's
        below = watched.children(recursive=True)
        server.stdin.close()  # the preview stops: the build forked ahead stops its kernel
        assert server.wait(timeout=60) == 0
        _, alive = psutil.wait_procs(below, timeout=30)
        assert alive == []
    finally:
        server.kill()
        server.wait()


def _waiting_ahead(server: subprocess.Popen[str]) -> psutil.Process:
    """The build's process the server forked ahead, once its kernel has started."""
    watched = psutil.Process(server.pid)
    _wait_for(lambda: len(_kernels_under(watched)) == 1, seconds=60)
    return next(child for child in watched.children() if child.status() != psutil.STATUS_ZOMBIE)


def _ended(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_build_forked_ahead_that_died_is_not_given_the_request(tmp_path):
    """Killed while it waited (out of memory, by hand): the request is built as without it."""
    server = _server(PROJECT_ROOT, "--ahead")
    try:
        _waiting_ahead(server).kill()
        answer = _ask_server(server, ["diff", str(tmp_path / "a"), str(tmp_path / "b")])
        assert answer["code"] == 2 and "figures.json: not found" in answer["stderr"]
    finally:
        server.kill()
        server.wait()


def test_a_build_forked_ahead_stopped_before_its_request_leaves_nothing(tmp_path):
    """SIGTERM before the command line runs: its kernel stopped, its temporary file removed."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    server = _server(PROJECT_ROOT, "--ahead", TMPDIR=str(scratch))
    try:
        waiting = _waiting_ahead(server)
        assert list(scratch.glob("sv-registers-*"))  # the registers' index of its build
        below = waiting.children(recursive=True)
        waiting.terminate()
        _, alive = psutil.wait_procs([waiting, *below], timeout=30)
        # Ended (the server reaps its process with the next request).
        assert [process for process in alive if not _ended(process)] == []
        assert list(scratch.glob("sv-registers-*")) == []
    finally:
        server.kill()
        server.wait()


def _ask_server(server: subprocess.Popen[str], arguments: list[str]) -> dict:
    server.stdin.write(json.dumps(arguments) + "\n")
    server.stdin.flush()
    assert "pid" in json.loads(server.stdout.readline())
    return json.loads(server.stdout.readline())


def test_a_change_to_the_package_counts_at_once_and_the_answer_says_so(tmp_path):
    """A build after a change to the package's code runs the new code (the build forked ahead
    with the old one is dropped; its child imports the package afresh), and the answer asks for
    a warm process with the new code."""
    root = copy_project(tmp_path / "project")
    server = _server(root, "--ahead")
    try:
        asked = ["diff", str(tmp_path / "a"), str(tmp_path / "b")]
        answer = _ask_server(server, asked)
        assert "(is " in answer["stderr"] and answer["stale"] is False
        edit(root / "sociaal_verslag" / "figures" / "comparison.py", "(is {", "(was {")
        answer = _ask_server(server, asked)
        assert "(was " in answer["stderr"] and answer["stale"] is True
        assert answer["code"] == 2
    finally:
        server.kill()
        server.wait()


def test_a_warm_process_out_of_date_is_replaced_by_one_with_the_new_code(monkeypatch, tmp_path):
    root = copy_project(tmp_path / "project")
    monkeypatch.setattr(warm_builder, "PROJECT_ROOT", root)
    monkeypatch.setenv("PYTHONPATH", str(root))
    builder = warm_builder.WarmBuilder()
    asked = ["diff", str(tmp_path / "a"), str(tmp_path / "b")]
    try:
        assert "(is " in builder.build(asked)[1]
        first = builder.process
        edit(root / "sociaal_verslag" / "figures" / "comparison.py", "(is {", "(was {")
        assert "(was " in builder.build(asked)[1]
        _wait_for(
            lambda: builder.process not in (first, None), seconds=60
        )  # made in the background
        assert first.poll() is not None
        renewed = builder.process
        assert "(was " in builder.build(asked)[1]
        assert builder.process is renewed and builder.cold == ""  # up to date: kept
    finally:
        builder.close()


def test_a_warm_build_answers_with_the_command_s_status_and_error_lines(tmp_path):
    builder = warm_builder.WarmBuilder()
    try:
        warm = builder._started()
        assert warm is not None and builder.cold == ""  # not the slower way of a new process
        code, errors = builder.build(["diff", str(tmp_path / "a"), str(tmp_path / "b")])
        assert code == 2 and errors.startswith("error: ") and "figures.json: not found" in errors
        code, errors = builder.build(["docs", "--check"])
        assert (code, errors) == (0, "")
        code, _ = builder.build(["--version"])
        assert code == 0
        code, errors = builder.build(["build"])  # a usage error: argparse's status
        assert code == 2 and "the following arguments are required: year" in errors
        assert builder.process is warm and warm.poll() is None  # every build went through it
    finally:
        builder.close()


def test_the_page_comes_first_the_other_edition_after_and_a_newer_save_stops_it(tmp_path):
    text = tmp_path / "text"
    shutil.copytree(PROJECT_ROOT / "notebooks" / "narrative" / "2025", text)
    live = preview.Preview(
        2025, tmp_path / "out", [f"--param=narrative_dir={text}"], languages=("nl", "fr")
    )
    server = live.serve(0)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        assert live.rebuild()
        # The Dutch page is there at once; the French one is made after it, elsewhere.
        assert (live.folder / "bijzonder-verslag-2025.html").is_file()
        assert not (live.folder / "rapport-special-2025.html").exists()
        assert live._completing is not None and live._completing.is_alive()
        stopped = time.monotonic()
        assert live.rebuild()  # a newer save: the rest of the first rebuild is stopped
        assert live.completed == warm_builder.INTERRUPTED  # stopped, not waited for
        assert live.completer.stopped.is_set() is False  # and the next rest may run
        assert time.monotonic() - stopped < 60
        live.wait_until_complete()
        state = _status(url)
        assert state["completing"] is False and state["completion_error"] == ""
        assert state["version"] == 2
        # The French page is served from the whole build, beside the Dutch one.
        assert "Rapport spécial" in _get(url + "rapport-special-2025.html")
        assert (live.complete_folder / "rapport-special-2025.html").is_file()
    finally:
        server.shutdown()
        live.close()


def test_a_build_stopped_before_it_starts_does_not_run():
    builder = warm_builder.WarmBuilder()
    try:
        builder.cancel()
        assert builder.build(["docs", "--check"]) == (warm_builder.INTERRUPTED, "")
        builder.resume()
        assert builder.build(["docs", "--check"]) == (0, "")
    finally:
        builder.close()


def _ask(port: int, path: str, host: str = "127.0.0.1", method: str = "GET") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest(method, path, skip_host=True)
    connection.putheader("Host", f"{host}:{port}")
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


def test_the_server_answers_this_machine_only_and_nothing_outside_its_folders(tmp_path):
    live = preview.Preview(2025, tmp_path / "out", [], languages=("nl", "fr"))
    server = live.serve(0)
    port = server.server_address[1]
    try:
        live.complete_folder.mkdir(parents=True)
        (live.complete_folder / "rapport-special-2025.html").write_text("<p>fr</p>", "utf-8")
        (tmp_path / "out" / "secret.txt").write_text("geheim", "utf-8")
        assert _ask(port, "/rapport-special-2025.html") == (200, b"<p>fr</p>")
        assert _ask(port, "/rapport-special-2025.html", host="localhost")[0] == 200
        # A page elsewhere whose name points at this machine (DNS rebinding) reads nothing.
        assert _ask(port, "/rapport-special-2025.html", host="evil.example")[0] == 403
        assert _ask(port, "/__preview__/status", host="evil.example")[0] == 403
        for path in ("/../../../secret.txt", "/%2e%2e/%2e%2e/%2e%2e/secret.txt"):
            status, body = _ask(port, path)
            assert status == 404 and b"geheim" not in body, path
        # HEAD as GET, without the body (a browser or a link checker asks first).
        assert _ask(port, "/rapport-special-2025.html", method="HEAD") == (200, b"")
        assert _ask(port, "/rapport-special-2025.html", "evil.example", "HEAD")[0] == 403
        assert _ask(port, "/../../../secret.txt", method="HEAD")[0] == 404
    finally:
        server.shutdown()
        live.close()


def test_an_unknown_format_for_the_preview_is_the_build_s_one_line(capsys):
    from sociaal_verslag.cli import main as cli

    assert cli.main(["preview", "2025", "--to", "html,docx", "--port", "0"]) == 1
    assert capsys.readouterr().err == "error: unknown output format docx: choose from html, pdf\n"
