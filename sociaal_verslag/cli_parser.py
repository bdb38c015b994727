"""The command line's grammar: every command, its arguments and their help.

``cli.py`` holds what each command does and how a failure ends; this module only says what can
be typed. Each command's ``handler`` comes from the mapping ``parser()`` is given, by name.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path

from . import __version__
from .build import FORMATS
from .paths import OUTPUT_DIR

Handlers = Mapping[str, Callable[[argparse.Namespace], int]]
"""Command name ("build", "data record", ...) -> the function that carries it out."""
Commands = argparse._SubParsersAction
"""The sub-command table of a parser."""


def _add_data_commands(
    commands: Commands, common: argparse.ArgumentParser, handlers: Handlers
) -> None:
    data_parser = commands.add_parser(
        "data",
        parents=[common],
        help="the year's registers: record their receipts",
        description="Work on the registers of a year's data folder.",
    )
    data_commands = data_parser.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    record_parser = data_commands.add_parser(
        "record",
        parents=[common],
        help="record (again) the receipt of registers: their sha256 and number of records",
        description=(
            "Check the registers and record, in data/YEAR/PROVENANCE.yaml, each file's sha256 and"
            " number of records. Every build compares the files with these receipts, so that a"
            " file that changes afterwards (replaced, edited, cut off) is noticed. Record each"
            " export as you drop it in, and again after a deliberate change. A register with"
            " problems is not recorded."
        ),
    )
    record_parser.add_argument("year", type=int, help="the financial year, e.g. 2026")
    record_parser.add_argument(
        "registers",
        nargs="*",
        metavar="REGISTER",
        help="the registers to record, e.g. loans invoices (default: all of them)",
    )
    record_parser.add_argument(
        "--rows",
        type=int,
        default=None,
        metavar="N",
        help="the number of records the source system reported for this export (one register):"
        " the file is recorded only when it holds exactly N",
    )
    _add_params_file(record_parser)
    record_parser.set_defaults(handler=handlers["data record"])


def _add_preview_command(
    commands: Commands, common: argparse.ArgumentParser, handlers: Handlers
) -> None:
    preview_parser = commands.add_parser(
        "preview",
        parents=[common],
        help="build, serve the page on 127.0.0.1 and rebuild on every save",
        description=(
            "Build YEAR into output/preview/YEAR, serve the report on 127.0.0.1 and rebuild"
            " whenever the parameters, the data, the text, the notebooks or the package change;"
            " the open page reloads by itself, or shows the error of a failed rebuild above the"
            " last good page. The files written are those of a normal build (no script)."
        ),
    )
    preview_parser.add_argument("year", type=int, help="the financial year, e.g. 2025")
    preview_parser.add_argument(
        "--port",
        type=int,
        default=8025,
        help="the port to serve on (0: any free one; default 8025)",
    )
    preview_parser.add_argument(
        "--out",
        type=Path,
        default=OUTPUT_DIR / "preview",
        metavar="DIR",
        help="build under DIR/YEAR (default: output/preview, never the report that is filed)",
    )
    preview_parser.add_argument(
        "--to", default="html", metavar="FORMATS", help="what to build: html (default) or html,pdf"
    )
    _add_overrides(preview_parser)
    _add_params_file(preview_parser)
    preview_parser.add_argument("--no-previous", action="store_true")
    preview_parser.set_defaults(handler=handlers["preview"])


def _add_params_file(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--params",
        type=Path,
        default=None,
        metavar="FILE",
        help="read the parameters from FILE instead of params/YEAR.yaml",
    )


def _add_overrides(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a key of params/YEAR.yaml for this build, e.g. -p fte_hours_per_year=2000"
        " (repeatable; nested keys with dots)",
    )


def parser(handlers: Handlers) -> argparse.ArgumentParser:
    """The argument parser, with --help (and --debug) on every command; each command's
    ``handler`` is taken from ``handlers`` by the command's name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="on failure, show the Python traceback as well as the one-line message",
    )
    main_parser = argparse.ArgumentParser(
        prog="sociaal-verslag",
        description="Build SmartCoop's special report on its recognition as a social enterprise.",
        parents=[common],
    )
    main_parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (
        _add_build_command,
        _add_new_year_command,
        _add_diff_command,
        _add_docs_command,
        _add_data_commands,
        _add_preview_command,
    ):
        add(commands, common, handlers)
    return main_parser


def _add_build_command(
    commands: Commands, common: argparse.ArgumentParser, handlers: Handlers
) -> None:
    build_parser = commands.add_parser(
        "build",
        parents=[common],
        help="build one year's report into output/YEAR/",
        description=(
            "Run the chapter notebooks for YEAR with papermill, collect their figures and charts, "
            "fill in the year's narrative and write output/YEAR/bijzonder-verslag-YEAR.html. "
            "The last good build stays in place when this one fails."
        ),
    )
    build_parser.add_argument("year", type=int, help="the financial year, e.g. 2025")
    _add_overrides(build_parser)
    build_parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="publish under DIR/YEAR instead of output/YEAR",
    )
    _add_params_file(build_parser)
    build_parser.add_argument(
        "--to",
        default=",".join(FORMATS),
        metavar="FORMATS",
        help="what to write, comma-separated: html, pdf (default: html,pdf)",
    )
    _add_run_options(build_parser)
    build_parser.set_defaults(handler=handlers["build"])


def _add_run_options(build_parser: argparse.ArgumentParser) -> None:
    """How a build runs: the comparison, the notebooks side by side, the cache, the display."""
    build_parser.add_argument(
        "--no-previous",
        action="store_true",
        help="do not compare with last year's build, even when output/YEAR-1 exists",
    )
    build_parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="run at most N notebooks at a time, each in its own kernel (default: one per"
        " processor)",
    )
    build_parser.add_argument(
        "--no-cache",
        action="store_true",
        help="recompute every step, whatever is in the cache (output/.cache/); the cache is"
        " refreshed",
    )
    build_parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _add_new_year_command(
    commands: Commands, common: argparse.ArgumentParser, handlers: Handlers
) -> None:
    new_year_parser = commands.add_parser(
        "new-year",
        parents=[common],
        help="start a year's report from the previous one",
        description=(
            "Copy params/FROM.yaml and the narrative of FROM forward to YEAR (the year updated, "
            "every fact flagged as to be confirmed) and create data/YEAR/ with an empty template "
            "and a README per register. Nothing of FROM is changed; nothing of YEAR is "
            "overwritten."
        ),
    )
    new_year_parser.add_argument("year", type=int, help="the year to start, e.g. 2026")
    new_year_parser.add_argument(
        "--from",
        dest="from_year",
        type=int,
        default=None,
        metavar="YEAR",
        help="the year to copy (default: the year before)",
    )
    new_year_parser.set_defaults(handler=handlers["new-year"])


def _add_diff_command(
    commands: Commands, common: argparse.ArgumentParser, handlers: Handlers
) -> None:
    diff_parser = commands.add_parser(
        "diff",
        parents=[common],
        help="list the figures that differ between two build folders",
        description=(
            "Compare figures.json of two build folders (e.g. output/2025 and a build with an "
            "override): every figure whose value or printed form differs, with old, new and "
            "change. Exit status 0 when all figures are equal, 1 when some differ, 2 when a "
            "folder is not a build."
        ),
    )
    diff_parser.add_argument("old", type=Path, help="a build folder, e.g. output/2025")
    diff_parser.add_argument("new", type=Path, help="the build folder to compare it with")
    diff_parser.set_defaults(handler=handlers["diff"])


def _add_docs_command(
    commands: Commands, common: argparse.ArgumentParser, handlers: Handlers
) -> None:
    docs_parser = commands.add_parser(
        "docs",
        parents=[common],
        help="write the pages of docs/ made from the design's files",
        description="Write docs/figures.md from sociaal_verslag/metrics/*.meta.yml and"
        " docs/registers.md from sociaal_verslag/registers.yaml.",
    )
    docs_parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when a page is out of date"
    )
    docs_parser.set_defaults(handler=handlers["docs"])
