"""The analysts' command line: ``sociaal-verslag build YEAR [-p NAME=VALUE ...] [--out DIR]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, diff, newyear
from .build import FORMATS, BuildError, build
from .paths import relative_to_root


def _build(arguments: argparse.Namespace) -> int:
    result = build(
        arguments.year,
        overrides=arguments.param,
        out_root=arguments.out,
        progress=not arguments.quiet,
        formats=tuple(name.strip() for name in arguments.to.split(",") if name.strip()),
        params_path=arguments.params,
        compare_previous=not arguments.no_previous,
    )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    written = [path for path in (result.html, result.pdf) if path is not None and path.exists()]
    names = ", ".join(relative_to_root(path) for path in written)
    print(f"built {names} ({len(result.figures)} figures)")
    return 0


def _new_year(arguments: argparse.Namespace) -> int:
    try:
        started = newyear.start_year(arguments.year, arguments.from_year)
    except newyear.NewYearError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"started {arguments.year}:")
    print(f"  {relative_to_root(started.params_file)}  (parameters, year updated)")
    print(f"  {relative_to_root(started.narrative_dir)}/  (the text, to update)")
    print(f"  {relative_to_root(started.data_dir)}/  (an empty template per register, README.md)")
    print("next:")
    print(f"  1. put the {arguments.year} exports in {relative_to_root(started.data_dir)}/")
    print(f"  2. confirm the {len(started.facts_to_confirm)} facts marked 'confirmed: false'")
    print("  3. update the text where it speaks of last year's events")
    print(f"  4. sociaal-verslag build {arguments.year}  (lists everything still missing)")
    return 0


def _diff(arguments: argparse.Namespace) -> int:
    try:
        differences = diff.compare(arguments.old, arguments.new)
    except diff.DiffError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(diff.report(differences, arguments.old, arguments.new))
    return 1 if differences else 0


def parser() -> argparse.ArgumentParser:
    """The argument parser, with --help on every command."""
    main_parser = argparse.ArgumentParser(
        prog="sociaal-verslag",
        description="Build SmartCoop's special report on its recognition as a social enterprise.",
    )
    main_parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_parser = commands.add_parser(
        "build",
        help="build one year's report into output/YEAR/",
        description=(
            "Run the chapter notebooks for YEAR with papermill, collect their figures and charts, "
            "fill in the year's narrative and write output/YEAR/bijzonder-verslag-YEAR.html. "
            "The last good build stays in place when this one fails."
        ),
    )
    build_parser.add_argument("year", type=int, help="the financial year, e.g. 2025")
    build_parser.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a key of params/YEAR.yaml for this build, e.g. -p fte_hours_per_year=2000"
        " (repeatable; nested keys with dots)",
    )
    build_parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="publish under DIR/YEAR instead of output/YEAR",
    )
    build_parser.add_argument(
        "--params",
        type=Path,
        default=None,
        metavar="FILE",
        help="read the parameters from FILE instead of params/YEAR.yaml",
    )
    build_parser.add_argument(
        "--to",
        default=",".join(FORMATS),
        metavar="FORMATS",
        help="what to write, comma-separated: html, pdf (default: html,pdf)",
    )
    build_parser.add_argument(
        "--no-previous",
        action="store_true",
        help="do not compare with last year's build, even when output/YEAR-1 exists",
    )
    build_parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    build_parser.set_defaults(handler=_build)

    new_year_parser = commands.add_parser(
        "new-year",
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
    new_year_parser.set_defaults(handler=_new_year)

    diff_parser = commands.add_parser(
        "diff",
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
    diff_parser.set_defaults(handler=_diff)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; exits non-zero with a one-line cause on failure."""
    arguments = parser().parse_args(argv)
    try:
        return arguments.handler(arguments)
    except BuildError as error:
        lines = str(error).splitlines()
        print(f"error: {lines[0]}", file=sys.stderr)
        for line in lines[1:]:
            print(f"  {line.strip()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; the last good build is untouched", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
