"""``sociaal-verslag preview YEAR``: build, serve the page on 127.0.0.1, rebuild on every save.

For an analyst editing the text, the parameters or a register: the page in the browser follows
the files. The preview builds into its own folder (``output/preview/partial/YEAR`` by default,
never the report that is filed), serves it, and watches the parameters, the data, the narrative, the
notebooks and the package with watchfiles. Each save starts a rebuild (a fresh process, so that
a change to the package's code counts; the cache makes it take about a second when only the text
changed); the page polls a small status address and reloads itself when a rebuild succeeded, or
shows the rebuild's error above the last good page. The reload script exists only in what the
preview server sends: the files on disk are those of a normal build, without any script.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import DefaultFilter
from watchfiles import watch as watch_files

from ..base.paths import (
    NOTEBOOKS_DIR,
    PACKAGE_DIR,
    PROJECT_ROOT,
    REPORT_YAML,
    TEMPLATES_DIR,
    partial_output_dir,
    year_output_dir,
)
from ..year.editions import Edition

STATUS_PATH = "/__preview__/status"

RELOAD_SNIPPET = TEMPLATES_DIR / "preview" / "reload.html"
"""The status box and reload script the server adds to the report page (and nowhere else)."""


@dataclass
class State:
    """What the page polls: the version of the last good build, whether one runs, its error."""

    version: int = 0
    building: bool = False
    error: str = ""
    building_pdf: bool = False
    pdf_error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to_json(self) -> bytes:
        """The status as the page reads it."""
        with self.lock:
            data = {
                "version": self.version,
                "building": self.building,
                "error": self.error,
                "building_pdf": self.building_pdf,
                "pdf_error": self.pdf_error,
            }
        return json.dumps(data).encode("utf-8")


class _Handler(SimpleHTTPRequestHandler):
    """Serves the build folder; adds the reload script to the report page only."""

    state: State
    report_file: str
    pdf_folder: Path

    def do_GET(self) -> None:
        """The status, the report page with the reload script, or a file of the build."""
        if self.path.startswith(STATUS_PATH):
            self._send(self.state.to_json(), "application/json")
            return
        if self.path in ("/", f"/{self.report_file}"):
            page = Path(self.directory) / self.report_file
            if not page.is_file():
                self._send(b"<p>Nog geen build: even geduld.</p>" + _snippet(), "text/html")
                return
            text = page.read_text(encoding="utf-8")
            body = _with_snippet(text)
            self._send(body.encode("utf-8"), "text/html; charset=utf-8")
            return
        pdf = self.pdf_folder / Path(self.path.split("?")[0]).name
        if self.path.endswith(".pdf") and pdf.is_file():
            self._send(pdf.read_bytes(), "application/pdf")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows the builds, not every request."""


def _with_snippet(page: str) -> str:
    """The page with the status bar first in its body (read first by a screen reader, and fixed
    at the top of the window wherever the page is scrolled)."""
    found = re.search(r"<body[^>]*>", page)
    if found is None:
        return _snippet().decode("utf-8") + page
    return page[: found.end()] + _snippet().decode("utf-8") + page[found.end() :]


POLL_MS = 250
"""How often the page asks for the status: a rebuild shows within this much of its end."""


def _snippet() -> bytes:
    text = RELOAD_SNIPPET.read_text(encoding="utf-8")
    return text.replace("STATUS_PATH", STATUS_PATH).replace("POLL_MS", str(POLL_MS)).encode()


class WarmBuilder:
    """The builds of a preview, each forked from a process that has imported the libraries
    once (``cli/warm_builder.py``); a new process per build when that one cannot start."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.lock = threading.Lock()

    def _started(self) -> subprocess.Popen[str] | None:
        if self.process is not None and self.process.poll() is None:
            return self.process
        command = [sys.executable, "-m", "sociaal_verslag.cli.warm_builder"]
        environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}  # no threads across a fork
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
            process.kill()
            return None
        self.process = process
        return process

    def build(self, arguments: list[str]) -> tuple[int, str]:
        """Run ``sociaal-verslag ARGUMENTS``: its exit status and standard error."""
        with self.lock:
            process = self._started()
            if process is not None and process.stdin and process.stdout:
                try:
                    process.stdin.write(json.dumps(arguments) + "\n")
                    process.stdin.flush()
                    answer = json.loads(process.stdout.readline())
                    return int(answer["code"]), str(answer["stderr"])
                except (OSError, ValueError, KeyError):
                    process.kill()
                    self.process = None
        command = [sys.executable, "-m", "sociaal_verslag.cli.main", *arguments]
        done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
        return done.returncode, done.stderr

    def close(self) -> None:
        """Stop the warm process."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@dataclass
class Preview:
    """A preview of one year: where it builds, what it serves, how it builds."""

    year: int
    out_root: Path
    build_arguments: list[str]
    partial: bool = True
    """The build writes only some formats (the default, the page alone): its folder is then
    ``out_root/partial/YEAR``, as for any partial build."""
    pdf: bool = False
    """After each page, the PDF too (``--to html,pdf``), made in the background: the page is
    shown first."""
    state: State = field(default_factory=State)
    builder: WarmBuilder = field(default_factory=WarmBuilder)

    @property
    def folder(self) -> Path:
        """The build folder the server serves: the page's (``--to html``)."""
        return partial_output_dir(self.year, self.out_root)

    @property
    def pdf_folder(self) -> Path:
        """The folder of the whole build, with its PDF."""
        return year_output_dir(self.year, self.out_root)

    def serve(self, port: int = 0) -> ThreadingHTTPServer:
        """Start serving on 127.0.0.1 (``port`` 0: a free one) in a background thread."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handler = type(
            "PreviewHandler",
            (_Handler,),
            {
                "state": self.state,
                "report_file": Edition(self.year).report_file,
                "pdf_folder": self.pdf_folder,
            },
        )
        serving = functools.partial(handler, directory=self.folder)
        server = ThreadingHTTPServer(("127.0.0.1", port), serving)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def _arguments(self, formats: str) -> list[str]:
        chosen = [argument for argument in self.build_arguments if not argument.startswith("--to")]
        return [
            "build",
            str(self.year),
            "-q",
            "--out",
            str(self.out_root),
            f"--to={formats}",
            *chosen,
        ]

    def rebuild(self) -> bool:
        """Build the page (and then, when asked, the PDF); True when the page was built. The
        error is kept for the page; the last good build stays served."""
        with self.state.lock:
            self.state.building = True
        code, errors = self.builder.build(self._arguments("html"))
        with self.state.lock:
            self.state.building = False
            if code == 0:
                self.state.version += 1
                self.state.error = ""
            else:
                self.state.error = _error_lines(errors, code)
        if code == 0 and self.pdf:
            with self.state.lock:
                self.state.building_pdf = True
            pdf_code, pdf_errors = self.builder.build(self._arguments("html,pdf"))
            with self.state.lock:
                self.state.building_pdf = False
                self.state.pdf_error = "" if pdf_code == 0 else _error_lines(pdf_errors, pdf_code)
        return code == 0


def _error_lines(errors: str, code: int) -> str:
    """What the page shows of a failed build: from its first ``error:`` line on (the steps it
    said before are progress, not the error)."""
    start = errors.find("error:")
    shown = errors[start:] if start >= 0 else errors
    return shown.strip() or f"exit status {code}"


def watched(params_file: Path, data_dir: Path, narrative_dir: Path) -> list[Path]:
    """What a save in triggers a rebuild: the year's inputs, the chapters, the notebooks, the
    package."""
    paths = [params_file, data_dir, narrative_dir, REPORT_YAML, NOTEBOOKS_DIR, PACKAGE_DIR]
    return list(dict.fromkeys(path for path in paths if path.exists()))


def watch(
    preview: Preview,
    paths: list[Path],
    stop: threading.Event | None = None,
    told: Callable[[str], None] | None = None,
) -> None:
    """Rebuild after every batch of saves under ``paths`` until ``stop`` is set (or Ctrl-C)."""

    for changes in watch_files(
        *paths,
        watch_filter=DefaultFilter(ignore_dirs=(*DefaultFilter.ignore_dirs, "output")),
        stop_event=stop,
        debounce=300,
        raise_interrupt=False,
    ):
        names = sorted({Path(path).name for _, path in changes})
        if told:
            told(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}; rebuilding")
        ok = preview.rebuild()
        if told:
            told("rebuilt" if ok else preview.state.error.splitlines()[0])
