"""The preview's build process: it has imported the libraries a build uses and the package, and
forks a build from itself for each rebuild (``cli/warm_builder.py`` is its other side).

A rebuild in a new Python process spends most of a text edit's second importing pandas, pyarrow,
nbconvert, the package and the rest. This process imports them once, then, for each request on
its standard input (one JSON line: the command line's arguments), forks a child that runs the
command; it answers on its standard output with one JSON line: the exit status and what the
command wrote on its standard error.

A change to the package's files counts at once: before each fork the process compares the
package's files with those it imported; when one differs the child forgets the package and
imports it afresh from disk (as a new process would), and the answer says ``stale``, so that
``WarmBuilder`` replaces this process with one that imports the new code. (The package
reads none of its files as it is imported; a test keeps it so.) A library upgraded while it
runs counts only once the preview is started again.

With ``--ahead`` the next build's process is forked as soon as one ends, and starts the
kernel of the first notebook it may run (``build.main.start_ahead``): a register row saved then
waits for no kernel. It is given its arguments when they come, and is dropped, its kernel
stopped, when the package changed meanwhile.

Run as ``python -m sociaal_verslag.cli.warm_server [--ahead]``.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

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
    "papermill",
    "nbclient",
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


def _preload() -> tuple[PackageFiles, str]:
    """Import every module of the package and work out what every build works out the same way
    from its files: its files as they were before, and why that failed ('' when it did not;
    each child then imports the package itself, and its build says what is wrong)."""
    import pkgutil  # only the warm process walks the package

    before = package_files()
    own = {"sociaal_verslag.cli.warm_builder", "sociaal_verslag.__main__"}
    try:
        package = importlib.import_module("sociaal_verslag")
        for module in pkgutil.walk_packages(package.__path__, "sociaal_verslag."):
            if module.name not in own:
                importlib.import_module(module.name)
        # The page's templates compiled, each step's code and resources hashed.
        phrases = importlib.import_module("sociaal_verslag.language.phrases")
        page = importlib.import_module("sociaal_verslag.render.page")
        page.compile_templates(phrases.languages())
        importlib.import_module("sociaal_verslag.cache.identity").work_out_ahead()
    except Exception as error:  # an analyst's unfinished edit, or a fault of this warm-up
        _forget_the_package()
        return before, f"{type(error).__name__}: {' '.join(str(error).split())[:200]}"
    return before, ""


def _forget_the_package() -> None:
    """Drop the package's modules, so that the child imports each of them from disk."""
    for name in [name for name in sys.modules if name.split(".")[0] == "sociaal_verslag"]:
        del sys.modules[name]


def _redirected(errors: int) -> None:
    """The child's standard error into ``errors``, its standard output nowhere."""
    os.dup2(errors, 2)
    sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    sys.stdout = os.fdopen(1, "w", buffering=1, closefd=False)


def _main(arguments: list[str]) -> int:
    """The command line's exit status for ``arguments``, in this (forked) process."""
    try:
        return int(importlib.import_module("sociaal_verslag.cli.main").main(arguments))
    except SystemExit as done:  # --help, --version, a usage error: argparse's own status
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 2)


def _child(arguments: list[str], errors: int, fresh: bool) -> None:
    """In the forked child: run the command, its standard error into ``errors``, with the
    package imported afresh from disk if ``fresh``; never return."""
    code = 1
    try:
        _redirected(errors)
        if fresh:
            _forget_the_package()
        code = _main(arguments)
    except BaseException as error:  # a child must never go back into the parent's loop
        print(f"error: the build could not start: {type(error).__name__}: {error}", file=sys.stderr)
    finally:
        sys.stderr.flush()
        os._exit(code)


def _answer(pid: int, errors: IO[bytes]) -> dict[str, Any]:
    """Wait for the build's process: its exit status and standard error."""
    _, status = os.waitpid(pid, 0)
    errors.seek(0)
    text = errors.read().decode("utf-8", errors="replace")
    return {"code": os.waitstatus_to_exitcode(status), "stderr": text}


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
        return _answer(pid, errors)


TAKEN = b"+"
"""What a build's process forked ahead says once it has read its arguments."""


@dataclass
class Prepared:
    """A build's process forked before its request (:func:`prepare`)."""

    pid: int
    requests: int
    """Where its arguments are written (closed without them: it stops)."""
    said: int
    """Where it says its exit status as soon as its command has run, before it stops its
    kernel: the answer does not wait for that."""
    errors: IO[bytes]

    def run(
        self, arguments: list[str], told: Callable[[int], None] | None = None
    ) -> dict[str, Any] | None:
        """Give it ``arguments``: as :func:`run_once` (it may still be ending: :meth:`reap`).
        None when it ended before it took them (killed while it waited): the caller builds
        them otherwise."""
        with self.errors, os.fdopen(self.said, "rb") as said:
            with contextlib.suppress(BrokenPipeError):  # it ended before: see below
                os.write(self.requests, json.dumps(arguments).encode() + b"\n")
            os.close(self.requests)
            if said.read(1) != TAKEN:
                return None
            if told is not None:
                told(self.pid)
            status = said.readline()
            if not status:  # stopped (killed) before it could say
                return _answer(self.pid, self.errors)
            self.errors.seek(0)
            text = self.errors.read().decode("utf-8", errors="replace")
        return {"code": int(status), "stderr": text}

    def drop(self) -> None:
        """Stop it unused (its kernel is stopped)."""
        os.close(self.requests)
        os.close(self.said)
        self.errors.close()

    def reap(self, wait: bool = False) -> bool:
        """Whether it has ended (and is reaped); ``wait``: wait for that."""
        with contextlib.suppress(ChildProcessError):
            pid, _ = os.waitpid(self.pid, 0 if wait else os.WNOHANG)
            return pid != 0
        return True


def prepare() -> Prepared:
    """Fork the next build's process now: it starts its first notebook's kernel, then waits for
    its arguments (see the module's doc)."""
    errors = tempfile.TemporaryFile()  # noqa: SIM115 (kept open until the build has run: Prepared)
    requests, given = os.pipe()
    said, say = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(given)
        os.close(said)
        _prepared_child(requests, say, errors.fileno())
    os.close(requests)
    os.close(say)
    return Prepared(pid, given, said, errors)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _prepared_child(requests: int, say: int, errors: int) -> None:
    """In the process forked ahead: start the kernel, wait for the arguments, run the command
    and say its status, then stop the kernel (nothing runs when the request pipe closes first);
    never return."""
    code = 1
    try:
        # Stopped before the command line handles it (as Ctrl-C): its kernel is stopped too.
        signal.signal(signal.SIGTERM, _interrupt)
        _redirected(errors)
        ahead = importlib.import_module("sociaal_verslag.build.main").start_ahead()
        try:
            with os.fdopen(requests, "rb") as given:
                line = given.readline()
            if line:
                os.write(say, TAKEN)
            code = _main(json.loads(line)) if line else 0
            sys.stderr.flush()
            if line:
                os.write(say, f"{code}\n".encode())
        finally:
            ahead.close()  # unless the build took it
    except BaseException as error:  # a child must never go back into the parent's loop
        print(f"error: the build could not start: {type(error).__name__}: {error}", file=sys.stderr)
    finally:
        sys.stderr.flush()
        os._exit(code)


def serve(ahead: bool = False) -> None:
    """Answer each request line on standard input: a line with the child's process id (to stop
    it), then one with its exit status, its standard error and whether this process's package
    is out of date (``stale``). ``ahead``: fork each next build ahead (see the module's doc)."""
    missing = _warm()
    imported, not_preloaded = _preload()
    whole = not not_preloaded
    # What the libraries and the package made as they were imported stays for good: the
    # collector of each forked build then never walks it (without this, every collection in a
    # build goes over the whole warm heap, and a warm build is no faster than a new process).
    gc.freeze()
    ready = {"ready": True, "not_warmed": missing, "not_preloaded": not_preloaded}
    print(json.dumps(ready), flush=True)
    told = lambda pid: print(json.dumps({"pid": pid}), flush=True)  # noqa: E731
    prepared = prepare() if ahead and whole else None
    ending: list[Prepared] = []
    for line in sys.stdin:
        if not line.strip():
            continue
        ending = [done for done in ending if not done.reap()]
        stale = package_files() != imported
        if prepared is not None and (stale or prepared.reap()):
            prepared.drop()  # it holds the package as it was, or it ended (killed)
            ending.append(prepared)
            prepared = None
        answer = None
        if prepared is not None:
            answer = prepared.run(json.loads(line), told)
            ending.append(prepared)
        if answer is None:
            answer = run_once(json.loads(line), told, fresh=stale or not whole)
        print(json.dumps({**answer, "stale": stale}), flush=True)
        ending = [done for done in ending if not done.reap()]
        prepared = prepare() if ahead and whole and not stale else None
    if prepared is not None:
        prepared.drop()
        ending.append(prepared)
    for done in ending:
        done.reap(wait=True)


if __name__ == "__main__":
    serve(ahead="--ahead" in sys.argv[1:])
