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
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from watchfiles import DefaultFilter
from watchfiles import watch as watch_files

from ..base.paths import (
    NOTEBOOKS_DIR,
    PACKAGE_DIR,
    REPORT_YAML,
    TEMPLATES_DIR,
    partial_output_dir,
    year_output_dir,
)
from ..year.editions import Edition
from .warm_builder import INTERRUPTED, WarmBuilder

STATUS_PATH = "/__preview__/status"

RELOAD_SNIPPET = TEMPLATES_DIR / "preview" / "reload.html"
"""The status box and reload script the server adds to the report page (and nowhere else)."""


@dataclass
class State:
    """What the page polls: the version of the last good build, whether one runs, its error."""

    version: int = 0
    building: bool = False
    error: str = ""
    completing: bool = False
    """The other languages and the PDF are being built, after the page."""
    completion_error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to_json(self) -> bytes:
        """The status as the page reads it."""
        with self.lock:
            data = {
                "version": self.version,
                "building": self.building,
                "error": self.error,
                "completing": self.completing,
                "completion_error": self.completion_error,
            }
        return json.dumps(data).encode("utf-8")


class _Handler(SimpleHTTPRequestHandler):
    """Serves the build folder; adds the reload script to the report page only."""

    state: State
    report_file: str
    complete_folder: Path

    def do_GET(self) -> None:
        """The status, the report page with the reload script, or a file of the build."""
        self._answer(body=True)

    def do_HEAD(self) -> None:
        """What :meth:`do_GET` answers, without its body."""
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        if not self._from_this_machine():
            self.send_error(403, "the preview answers only to 127.0.0.1 and localhost")
            return
        found = self._made()
        if found is not None:
            self._send(*found, body=body)
        elif body:
            super().do_GET()
        else:
            super().do_HEAD()

    def _made(self) -> tuple[bytes, str] | None:
        """The status, the page with the reload script, or a file of the whole build (None:
        a file of the page's own folder, served as it is)."""
        if self.path.startswith(STATUS_PATH):
            return self.state.to_json(), "application/json"
        if self.path in ("/", f"/{self.report_file}"):
            page = Path(self.directory) / self.report_file
            if not page.is_file():
                return b"<p>Nog geen build: even geduld.</p>" + _snippet(), "text/html"
            text = _with_snippet(page.read_text(encoding="utf-8"))
            return text.encode("utf-8"), "text/html; charset=utf-8"
        complete = self._in_complete_folder()
        if complete is None:
            return None
        kind = "application/pdf" if complete.suffix == ".pdf" else self.guess_type(complete.name)
        return complete.read_bytes(), kind

    def _from_this_machine(self) -> bool:
        """Whether the request names this machine as its host (a page elsewhere that points
        its own name at 127.0.0.1 cannot read the preview)."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        return host in ("127.0.0.1", "localhost", "[::1]")

    def _in_complete_folder(self) -> Path | None:
        """The file asked for from the whole build, when the page's own folder lacks it and it
        lies inside that folder."""
        wanted = unquote(urlsplit(self.path).path).lstrip("/")
        if not wanted or (Path(self.directory) / wanted).exists():
            return None
        root = self.complete_folder.resolve()
        found = (root / wanted).resolve()
        return found if found.is_relative_to(root) and found.is_file() else None

    def _send(self, content: bytes, content_type: str, body: bool = True) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(content)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows the builds, not every request."""


def _with_snippet(page: str) -> str:
    """The page with the status bar first in its body (read first by a screen reader, and fixed
    at the top of the window wherever the page is scrolled)."""
    found = re.search(r"<body[^>]*>", page)
    if found is None:
        return _snippet().decode("utf-8") + page
    return page[: found.end()] + _snippet().decode("utf-8") + page[found.end() :]


POLL_MS = 100
"""How often the page asks for the status (a small local request): a rebuild shows within this
much of its end."""


def _snippet() -> bytes:
    text = RELOAD_SNIPPET.read_text(encoding="utf-8")
    return text.replace("STATUS_PATH", STATUS_PATH).replace("POLL_MS", str(POLL_MS)).encode()


@dataclass
class Preview:
    """A preview of one year: where it builds, what it serves, how it builds."""

    year: int
    out_root: Path
    build_arguments: list[str]
    languages: tuple[str, ...] = ("nl",)
    """The year's languages; the first one's page is built and shown first."""
    pdf: bool = False
    """The PDF too (``--to html,pdf``)."""
    state: State = field(default_factory=State)
    builder: WarmBuilder = field(default_factory=lambda: WarmBuilder(ahead=True))
    """Builds the page that is shown (each next build forked ahead, its first kernel started)."""
    completer: WarmBuilder = field(default_factory=WarmBuilder)
    """Builds the rest (the other languages, the PDF) after the page, in the background."""
    _completing: threading.Thread | None = None
    completed: int | None = None
    """The exit status of the last rest that ended (:data:`INTERRUPTED`: a newer save stopped
    it)."""

    @property
    def folder(self) -> Path:
        """The build folder the server serves: the first language's page (a partial build)."""
        return partial_output_dir(self.year, self.out_root)

    @property
    def complete_folder(self) -> Path:
        """The folder of the whole build (every language, and the PDF when asked): served for
        what the page's own folder does not hold."""
        root = self.out_root / "complete"
        return year_output_dir(self.year, root) if self.pdf else partial_output_dir(self.year, root)

    def serve(self, port: int = 0) -> ThreadingHTTPServer:
        """Start serving on 127.0.0.1 (``port`` 0: a free one) in a background thread."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handler = type(
            "PreviewHandler",
            (_Handler,),
            {
                "state": self.state,
                "report_file": Edition(self.year, self.languages[0]).report_file,
                "complete_folder": self.complete_folder,
            },
        )
        serving = functools.partial(handler, directory=self.folder)
        server = ThreadingHTTPServer(("127.0.0.1", port), serving)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def _arguments(self, *, complete: bool) -> list[str]:
        given = [argument for argument in self.build_arguments if not argument.startswith("--to")]
        if complete:
            formats = "html,pdf" if self.pdf else "html"
            where = ["--out", str(self.out_root / "complete"), f"--to={formats}"]
        else:
            first = [f"--lang={self.languages[0]}", "--no-review-pages"]
            where = ["--out", str(self.out_root), "--to=html", *first]
        return ["build", str(self.year), "-q", *where, *given]

    def rebuild(self) -> bool:
        """Build the page of the first language and show it; then build the rest (its review
        pages, the other languages, the PDF) in the
        background. True when the page was built; its error is kept for the status bar, and the
        last good page stays served. A rebuild stops the rest of the one before."""
        with self.state.lock:
            self.state.building = True
        self._stop_completing()
        code, errors = self.builder.build(self._arguments(complete=False))
        with self.state.lock:
            self.state.building = False
            if code == 0:
                self.state.version += 1
                self.state.error = ""
            else:
                self.state.error = _error_lines(errors, code)
        if code == 0:  # the review pages, the other languages, the PDF
            self.completer.resume()
            self._completing = threading.Thread(target=self._complete, daemon=True)
            self._completing.start()
        return code == 0

    def _complete(self) -> None:
        with self.state.lock:
            self.state.completing, self.state.completion_error = True, ""
        code, errors = self.completer.build(self._arguments(complete=True))
        self.completed = code
        with self.state.lock:
            self.state.completing = False
            if code not in (0, INTERRUPTED):
                self.state.completion_error = _error_lines(errors, code)

    def _stop_completing(self) -> None:
        if self._completing is not None and self._completing.is_alive():
            self.completer.cancel()
            self._completing.join()

    def wait_until_complete(self) -> None:
        """Wait for the rest of the last rebuild (the tests, the benchmark)."""
        if self._completing is not None:
            self._completing.join()

    def close(self) -> None:
        """Stop what builds."""
        self._stop_completing()
        self.builder.close()
        self.completer.close()


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
