"""The preview's builder: a process that has imported the libraries a build uses and the package,
and forks a build from itself for each rebuild.

A rebuild in a new Python process spends most of a text edit's second importing pandas, pyarrow,
nbconvert, the package and the rest. This process imports them once, then, for each request on
its standard input (one JSON line: the command line's arguments), forks a child that runs the
command; it answers on its standard output with one JSON line: the exit status and what the
command wrote on its standard error.

A change to the package's files counts at once: before each fork the process compares the
package's files with those it imported; when one differs the child forgets the package and
imports it afresh from disk (as a new process would), and the answer says ``stale``, so that
:class:`WarmBuilder` replaces this process with one that imports the new code. (The package
reads none of its files as it is imported; a test keeps it so.) A library upgraded while it
runs counts only once the preview is started again.

Run as ``python -m sociaal_verslag.cli.warm_builder``.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PROJECT_ROOT = PACKAGE_DIR.parent
"""Where the builds run (as the command line's own ``base.paths``; not imported here: the
package is imported by :func:`_preload`, after its files were listed)."""


WARMED = (
    "numpy",
    "pandas",
    "pyarrow",
    "pyarrow.parquet",
    "pandera.pandas",
    "pydantic",
    "yaml",
    "ruamel.yaml",
    "babel.numbers",
    "babel.dates",
    "jinja2",
    "nbformat",
    "nbconvert",
    "jupyter_client",
    "psutil",
    "tqdm",
    "openpyxl",
    "matplotlib.pyplot",
    "num2words",
    "markdown_it",
    "bs4",
)
"""The libraries a build imports that take time to import: imported once, before any fork."""


def _warm() -> list[str]:
    """Import :data:`WARMED`; the names that could not be imported (the build then does)."""
    missing = []
    for name in WARMED:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    with contextlib.suppress(Exception):  # only time is lost when a library does it otherwise
        _compile_lazily_made_parts()
    return missing


def _compile_lazily_made_parts() -> None:
    """Make once what the libraries make on first use in every build: the CSS selector parser's
    patterns (Beautiful Soup's ``select``) and the notebook format's schema validators."""
    # imported by _warm() just before; at the top they would slow every command of the
    # command line, which imports this module with the preview's
    import bs4
    import nbformat

    page = bs4.BeautifulSoup('<div id="a" class="b"><p lang="nl">x</p></div>', "html.parser")
    page.select('div#a.b > p[lang|="nl"]:not(.c):first-child, p ~ span + em, li:nth-child(2n+1)')
    for minor in (4, 5):
        nbformat.validate(nbformat.v4.new_notebook(nbformat_minor=minor))


PackageFiles = dict[str, tuple[int, int]]
"""Each file of the package (its path in the package) with its modification time and size."""


def package_files() -> PackageFiles:
    """The package's files as they are now (caches of compiled code left out)."""
    listed = {}
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        status = path.stat()
        listed[path.relative_to(PACKAGE_DIR).as_posix()] = (status.st_mtime_ns, status.st_size)
    return listed


def _preload() -> tuple[PackageFiles, bool]:
    """Import every module of the package: its files as they were before, and whether all
    imported (if not, each child imports the package itself, and its build says why it fails)."""
    import pkgutil  # only the warm process walks the package

    before = package_files()
    own = {"sociaal_verslag.cli.warm_builder", "sociaal_verslag.__main__"}
    try:
        package = importlib.import_module("sociaal_verslag")
        for module in pkgutil.walk_packages(package.__path__, "sociaal_verslag."):
            if module.name not in own:
                importlib.import_module(module.name)
    except Exception:  # an analyst's unfinished edit
        _forget_the_package()
        return before, False
    return before, True


def _forget_the_package() -> None:
    """Drop the package's modules, so that the child imports each of them from disk."""
    for name in [name for name in sys.modules if name.split(".")[0] == "sociaal_verslag"]:
        del sys.modules[name]


def _child(arguments: list[str], errors: int, fresh: bool) -> None:
    """In the forked child: run the command, its standard error into ``errors``, with the
    package imported afresh from disk if ``fresh``; never return."""
    code = 1
    try:
        os.dup2(errors, 2)
        sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        sys.stdout = os.fdopen(1, "w", buffering=1, closefd=False)
        if fresh:
            _forget_the_package()
        main = importlib.import_module("sociaal_verslag.cli.main").main
        code = main(arguments)
    except SystemExit as done:  # --help, --version, a usage error: argparse's own status
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 2)
    except BaseException as error:  # a child must never go back into the parent's loop
        print(f"error: the build could not start: {type(error).__name__}: {error}", file=sys.stderr)
    finally:
        sys.stderr.flush()
        os._exit(code if isinstance(code, int) else 1)


def run_once(
    arguments: list[str], told: Callable[[int], None] | None = None, fresh: bool = True
) -> dict[str, Any]:
    """Fork a child that runs ``sociaal-verslag ARGUMENTS`` (``told`` its process id), with the
    package imported afresh if ``fresh``; its exit status and standard error."""
    with tempfile.TemporaryFile() as errors:
        pid = os.fork()
        if pid == 0:
            _child(arguments, errors.fileno(), fresh)
        if told is not None:
            told(pid)
        _, status = os.waitpid(pid, 0)
        errors.seek(0)
        text = errors.read().decode("utf-8", errors="replace")
    return {"code": os.waitstatus_to_exitcode(status), "stderr": text}


def serve() -> None:
    """Answer each request line on standard input: a line with the child's process id (to stop
    it), then one with its exit status, its standard error and whether this process's package
    is out of date (``stale``)."""
    missing = _warm()
    imported, whole = _preload()
    # What the libraries and the package made as they were imported stays for good: the
    # collector of each forked build then never walks it (without this, every collection in a
    # build goes over the whole warm heap, and a warm build is no faster than a new process).
    gc.freeze()
    print(json.dumps({"ready": True, "not_warmed": missing}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        stale = package_files() != imported
        told = lambda pid: print(json.dumps({"pid": pid}), flush=True)  # noqa: E731
        answer = run_once(json.loads(line), told, fresh=stale or not whole)
        print(json.dumps({**answer, "stale": stale}), flush=True)


class WarmBuilder:
    """The preview's side: builds run in the warm process, started on first use; a new process
    per build when that one cannot start. A build can be stopped (as by Ctrl-C) from another
    thread, even before it has started: it then does not start."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.lock = threading.Lock()
        self.child: int | None = None
        """The process id of the build that runs, if any."""
        self.cold = ""
        """Why builds run each in a new process (slower) instead ('' when they do not)."""
        self.stopped = threading.Event()
        """Set by :meth:`cancel`: the build asked for does not run, or is stopped at once."""
        self.closed = False

    def _started(self) -> subprocess.Popen[str] | None:
        if self.process is not None and self.process.poll() is None:
            return self.process
        command = [sys.executable, "-m", "sociaal_verslag.cli.warm_builder"]
        # No threads across a fork; the charts' backend, as charts/style.py sets it.
        environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "Agg"}
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        ready = process.stdout.readline() if process.stdout else ""
        if not ready.strip():
            _stop(process)
            self.cold = "the process that imports the libraries once did not start"
            return None
        self.process = process
        return process

    def build(self, arguments: list[str]) -> tuple[int, str]:
        """Run ``sociaal-verslag ARGUMENTS``: its exit status and standard error
        (:data:`INTERRUPTED` when it was stopped by :meth:`cancel`)."""
        with self.lock:
            if self.stopped.is_set():
                return INTERRUPTED, ""
            process = self._started()
            if process is not None and process.stdin and process.stdout:
                answer = self._warm_build(process, arguments)
                if answer is not None:
                    return answer
            return self._cold_build(arguments)

    def _warm_build(self, process: subprocess.Popen[str], arguments: list[str]) -> Any:
        try:
            process.stdin.write(json.dumps(arguments) + "\n")  # type: ignore[union-attr]
            process.stdin.flush()  # type: ignore[union-attr]
            self._running(int(json.loads(process.stdout.readline())["pid"]))  # type: ignore[union-attr]
            answer = json.loads(process.stdout.readline())  # type: ignore[union-attr]
            self.child = None
            if answer.get("stale"):
                self._renew(process)
            return _status(int(answer["code"])), str(answer["stderr"])
        except (OSError, ValueError, KeyError, TypeError) as broken:
            # The warm process broke: stop its build too before one is made in a new process.
            if self.child is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.child, signal.SIGKILL)
            self.child = None
            _stop(process)
            self.process = None
            self.cold = f"the process that imports the libraries once stopped ({broken})"
            return None

    def _renew(self, old: subprocess.Popen[str]) -> None:
        """Replace the warm process, whose package is older than the files, by one that imports
        the package as it is now: in the background (the next build waits for it if need be)."""

        def renew() -> None:
            with self.lock:
                if self.closed or self.process is not old:
                    return
                _stop(old)
                self.process = None
                self._started()
                if self.closed:  # closed meanwhile
                    self.close()

        threading.Thread(target=renew, daemon=True).start()

    def _cold_build(self, arguments: list[str]) -> tuple[int, str]:
        command = [sys.executable, "-m", "sociaal_verslag.cli.main", *arguments]
        running = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self._running(running.pid)
        try:
            _, errors = running.communicate()
        finally:
            self.child = None
        return _status(running.returncode), errors

    def _running(self, pid: int) -> None:
        """Note the build's process; stop it at once when it was cancelled meanwhile."""
        self.child = pid
        if self.stopped.is_set():
            self.cancel()

    def cancel(self) -> None:
        """Stop the build that runs, as Ctrl-C does (its kernels stopped, nothing published),
        or keep the one asked for from starting. :meth:`resume` lets builds run again."""
        self.stopped.set()
        child = self.child
        if child is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    def resume(self) -> None:
        """Let the next build run (after :meth:`cancel`)."""
        self.stopped.clear()

    def close(self) -> None:
        """Stop the warm process."""
        self.closed = True
        if self.process is not None:
            _stop(self.process)
            self.process = None


INTERRUPTED = 130
"""The exit status of a build stopped by a newer one (as by Ctrl-C)."""


def _status(code: int) -> int:
    """A build killed by a signal (a negative status) was stopped: :data:`INTERRUPTED`."""
    return INTERRUPTED if code < 0 else code


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()


if __name__ == "__main__":
    serve()
