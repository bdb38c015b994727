"""The preview's builder: a process that has imported the libraries a build uses, and forks a
fresh build from itself for each rebuild.

A rebuild in a new Python process spends most of a text edit's second importing pandas, pyarrow,
nbconvert and the rest. This process imports them once, then, for each request on its standard
input (one JSON line: the command line's arguments), forks a child that imports the package
itself afresh from disk (so that a change to the package's code counts, as in a new process) and
runs the command; it answers on its standard output with one JSON line: the exit status and what
the command wrote on its standard error. A library upgraded while it runs counts only once the
preview is started again.

Run as ``python -m sociaal_verslag.cli.warm_builder``; it imports nothing of the package but
this module's own folders, which each child imports again.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile

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
    return missing


def _forget_the_package() -> None:
    """Drop the package's modules, so that the child imports each of them from disk."""
    for name in [name for name in sys.modules if name.split(".")[0] == "sociaal_verslag"]:
        del sys.modules[name]


def _child(arguments: list[str], errors: int) -> None:
    """In the forked child: run the command, its standard error into ``errors``; never return."""
    code = 1
    try:
        os.dup2(errors, 2)
        sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        sys.stdout = os.fdopen(1, "w", buffering=1, closefd=False)
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


def run_once(arguments: list[str]) -> dict[str, object]:
    """Fork a child that runs ``sociaal-verslag ARGUMENTS``; its exit status and standard
    error."""
    with tempfile.TemporaryFile() as errors:
        pid = os.fork()
        if pid == 0:
            _child(arguments, errors.fileno())
        _, status = os.waitpid(pid, 0)
        errors.seek(0)
        text = errors.read().decode("utf-8", errors="replace")
    return {"code": os.waitstatus_to_exitcode(status), "stderr": text}


def serve() -> None:
    """Answer each request line on standard input with one line on standard output."""
    missing = _warm()
    print(json.dumps({"ready": True, "not_warmed": missing}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        answer = run_once(json.loads(line))
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    serve()
