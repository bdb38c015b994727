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
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to_json(self) -> bytes:
        """The status as the page reads it."""
        with self.lock:
            data = {"version": self.version, "building": self.building, "error": self.error}
        return json.dumps(data).encode("utf-8")


class _Handler(SimpleHTTPRequestHandler):
    """Serves the build folder; adds the reload script to the report page only."""

    state: State
    report_file: str

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
            body = text.replace("</body>", _snippet().decode("utf-8") + "</body>", 1)
            self._send(body.encode("utf-8"), "text/html; charset=utf-8")
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


def _snippet() -> bytes:
    return RELOAD_SNIPPET.read_text(encoding="utf-8").replace("STATUS_PATH", STATUS_PATH).encode()


@dataclass
class Preview:
    """A preview of one year: where it builds, what it serves, how it builds."""

    year: int
    out_root: Path
    build_arguments: list[str]
    partial: bool = True
    """The build writes only some formats (the default, the page alone): its folder is then
    ``out_root/partial/YEAR``, as for any partial build."""
    state: State = field(default_factory=State)

    @property
    def folder(self) -> Path:
        """The build folder the server serves."""
        if self.partial:
            return partial_output_dir(self.year, self.out_root)
        return year_output_dir(self.year, self.out_root)

    def serve(self, port: int = 0) -> ThreadingHTTPServer:
        """Start serving on 127.0.0.1 (``port`` 0: a free one) in a background thread."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handler = type(
            "PreviewHandler",
            (_Handler,),
            {"state": self.state, "report_file": Edition(self.year).report_file},
        )
        serving = functools.partial(handler, directory=self.folder)
        server = ThreadingHTTPServer(("127.0.0.1", port), serving)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def rebuild(self) -> bool:
        """Build once (in a fresh process); True when it succeeded. The error is kept for the
        page; the last good build stays served."""
        with self.state.lock:
            self.state.building = True
        command = [sys.executable, "-m", "sociaal_verslag.cli.main", "build", str(self.year), "-q"]
        command += ["--out", str(self.out_root), *self.build_arguments]
        done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
        with self.state.lock:
            self.state.building = False
            if done.returncode == 0:
                self.state.version += 1
                self.state.error = ""
            else:
                self.state.error = done.stderr.strip() or f"exit status {done.returncode}"
        return done.returncode == 0


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
