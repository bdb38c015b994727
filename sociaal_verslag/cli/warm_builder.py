"""The preview's side of its build process (``cli/warm_server.py``): builds run there, in a
process forked from one that imported the libraries and the package once; in a new process per
build when that one cannot start. A build can be stopped from another thread.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from typing import Any

from .warm_server import PROJECT_ROOT


class WarmBuilder:
    """The preview's side: builds run in the warm process, started on first use; a new process
    per build when that one cannot start. A build can be stopped (as by Ctrl-C) from another
    thread, even before it has started: it then does not start."""

    def __init__(self, ahead: bool = False) -> None:
        self.ahead = ahead
        """Each next build's process forked ahead, its first kernel started (the page's builds)."""
        self.process: subprocess.Popen[str] | None = None
        self.lock = threading.Lock()
        self.child: int | None = None
        """The process id of the build that runs, if any."""
        self.cold = ""
        """Why builds run each in a new process (slower) instead ('' when they do not)."""
        self.slower = ""
        """Why each build imports the package itself (the warm process could not import it,
        or not work out what it works out for every build: '' when it could)."""
        self.stopped = threading.Event()
        """Set by :meth:`cancel`: the build asked for does not run, or is stopped at once."""
        self.closed = False

    def _started(self) -> subprocess.Popen[str] | None:
        if self.process is not None and self.process.poll() is None:
            return self.process
        command = [sys.executable, "-m", "sociaal_verslag.cli.warm_server"]
        if self.ahead:
            command.append("--ahead")
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
        with contextlib.suppress(ValueError, AttributeError):
            self.slower = str(json.loads(ready).get("not_preloaded") or "")
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
            # The warm process broke: stop its build too (as Ctrl-C does: its kernels shut
            # down) before one is made in a new process.
            if self.child is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.child, signal.SIGTERM)
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
