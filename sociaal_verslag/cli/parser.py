"""The command line's grammar: every command, its arguments and their help.

``cli/main.py`` holds what each command does and how a failure ends; this module only says what can
be typed. Each command's ``handler`` comes from the mapping ``parser()`` is given, by name.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path

from .. import __version__
from ..base.paths import OUTPUT_DIR
from ..build.main import FORMATS
from ..cache.store import DEFAULT_MAX_BYTES

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
        _add_review_commands,
        _add_explain_command,
        _add_cache_commands,
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
            "fill in the year's narrative and write output/YEAR/bijzonder-verslag-YEAR.html "
            "(and, for each other language of the year's parameters, its report beside it: "
            "rapport-special-YEAR.html in French). "
            "The last good build stays in place when this one fails. Its documents are marked"
            " as a draft unless it is the build for filing (--final)."
        ),
    )
    build_parser.add_argument("year", type=int, help="the financial year, e.g. 2025")
    _add_overrides(build_parser)
    build_parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="publish under DIR/YEAR instead of output/YEAR (DIR/partial/YEAR with --to or --lang)",
    )
    _add_params_file(build_parser)
    build_parser.add_argument(
        "--to",
        default=",".join(FORMATS),
        metavar="FORMATS",
        help="what to write, comma-separated: html, pdf (default: html,pdf); anything less is"
        " written in output/partial/YEAR, never over the published report",
    )
    build_parser.add_argument(
        "--lang",
        default=None,
        metavar="LANGUAGES",
        help="the reports to write, comma-separated languages among the year's (languages: in"
        " params/YEAR.yaml), e.g. nl or nl,fr (default: all of the year's); fewer are written in"
        " output/partial/YEAR",
    )
    _add_run_options(build_parser)
    build_parser.add_argument(
        "--final",
        action="store_true",
        help="the build for filing, the only one whose documents are not marked as a draft"
        " (CONCEPT): fail, publishing nothing, when any figure is not approved in"
        " reviews/YEAR.yaml or changed since its approval (listing them)",
    )
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
        help="recompute every step, whatever is in the cache (output/.cache/); what it makes"
        " replaces what the cache holds",
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


def _add_build_folder(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="the published build under DIR/YEAR (default: output/YEAR)",
    )


def _add_review_commands(
    commands: Commands, common: argparse.ArgumentParser, handlers: Handlers
) -> None:
    review_parser = commands.add_parser(
        "review",
        parents=[common],
        help="sign figures off, and see which are checked or changed since",
        description="The reviewers' sign-off of a year's figures, kept in reviews/YEAR.yaml.",
    )
    actions = review_parser.add_subparsers(dest="review_command", required=True, metavar="ACTION")
    approve_parser = actions.add_parser(
        "approve",
        parents=[common],
        help="record that you checked figures as the published build shows them",
        description=(
            "Record in reviews/YEAR.yaml (commit it) that NAME checked the figures, as the"
            " published build of YEAR shows them: the value, the printed form and the key of what"
            " produced them (the cell's code, the metric's code, the registers' sha256, the"
            " parameters read). Every later build compares its figures with these."
        ),
    )
    approve_parser.add_argument("year", type=int, help="the financial year, e.g. 2025")
    approve_parser.add_argument("--by", required=True, metavar="NAME", help="who checked them")
    chosen = approve_parser.add_mutually_exclusive_group(required=True)
    chosen.add_argument(
        "--figure",
        dest="figures",
        nargs="+",
        default=[],
        metavar="ID",
        help="the figures, by id (e.g. financing.loans_granted.count)",
    )
    chosen.add_argument(
        "--chapter",
        metavar="N",
        help="every figure of a chapter: its number in report.yaml (3) or its id (dynamiek)",
    )
    chosen.add_argument("--all", action="store_true", help="every figure of the build")
    approve_parser.add_argument("--note", default=None, metavar="TEXT", help="a remark to keep")
    _add_build_folder(approve_parser)
    approve_parser.set_defaults(handler=handlers["review approve"])
    status_parser = actions.add_parser(
        "status",
        parents=[common],
        help="list every figure: nagekeken, gewijzigd sinds nazicht or niet nagekeken",
        description=(
            "List every figure of the published build of YEAR with its state against"
            " reviews/YEAR.yaml, and for a figure changed since its approval the old and new"
            " printed form and what changed (gegevens, code, parameters)."
        ),
    )
    status_parser.add_argument("year", type=int, help="the financial year, e.g. 2025")
    _add_build_folder(status_parser)
    status_parser.set_defaults(handler=handlers["review status"])


def _add_explain_command(
    commands: Commands, common: argparse.ArgumentParser, handlers: Handlers
) -> None:
    explain_parser = commands.add_parser(
        "explain",
        parents=[common],
        help="explain one figure: value, sentence, rule, cell, inputs, last year, sign-off",
        description=(
            "Print what the published build of YEAR says of one figure: its value and printed"
            " form, the sentence it stands in, its rule, the notebook and cell that computed it,"
            " its inputs with their sha256, last year's value and its sign-off state."
        ),
    )
    explain_parser.add_argument("year", type=int, help="the financial year, e.g. 2025")
    explain_parser.add_argument("id", help="the figure's id, e.g. activity.active_holders")
    _add_build_folder(explain_parser)
    explain_parser.set_defaults(handler=handlers["explain"])


SIZE_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}
"""A size's unit by its first letter (``500M``, ``2G``, ``1.5GiB``): powers of 1024."""


def size(text: str) -> int:
    """A number of bytes from ``500M``, ``2G``, ``1.5GiB`` or ``1000000`` (argparse type)."""
    number = text.strip().rstrip("bB").removesuffix("i")
    unit = number[-1:].lower() if number[-1:].isalpha() else ""
    try:
        value = float(number[: len(number) - len(unit)])
    except ValueError:
        value = -1.0
    if unit not in SIZE_UNITS or value < 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size: write it as 500M, 2G or a number of bytes"
        )
    return int(value * SIZE_UNITS[unit])


def _add_cache_commands(
    commands: Commands, common: argparse.ArgumentParser, handlers: Handlers
) -> None:
    cache_parser = commands.add_parser(
        "cache",
        parents=[common],
        help="the build cache: its size, a check of every entry, pruning",
        description=(
            "The cache of the builds' steps (output/.cache, or the folder SOCIAAL_VERSLAG_CACHE"
            " names). It can only save time: every entry is checked against its checksums when"
            " a build reads it, and a damaged one is discarded and made again. Every build keeps"
            f" it under {DEFAULT_MAX_BYTES // 2**30} GiB by removing the entries used longest ago."
        ),
    )
    actions = cache_parser.add_subparsers(dest="cache_command", required=True, metavar="ACTION")
    info_parser = actions.add_parser(
        "info", parents=[common], help="its folder and size, per kind of entry"
    )
    info_parser.set_defaults(handler=handlers["cache info"])
    verify_parser = actions.add_parser(
        "verify",
        parents=[common],
        help="check every entry against its checksums; remove the damaged ones",
        description=(
            "Read every entry of the cache and check each file against the size and sha256"
            " stored with it. A damaged or unfinished entry is listed and removed (a build"
            " would discard it when it met it). Exit status 1 when any was damaged."
        ),
    )
    verify_parser.set_defaults(handler=handlers["cache verify"])
    prune_parser = actions.add_parser(
        "prune",
        parents=[common],
        help="remove the entries used longest ago until the cache fits a size",
        description=(
            "Remove the entries used longest ago until the cache holds at most --max-size,"
            " and what interrupted builds left half-written. Builds do this on their own,"
            f" at {DEFAULT_MAX_BYTES // 2**30} GiB."
        ),
    )
    prune_parser.add_argument(
        "--max-size",
        type=size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="the most it may hold: 500M, 2G, 0 to empty it"
        f" (default: {DEFAULT_MAX_BYTES // 2**30}G)",
    )
    prune_parser.set_defaults(handler=handlers["cache prune"])
