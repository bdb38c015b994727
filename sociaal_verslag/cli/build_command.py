"""``sociaal-verslag build YEAR``: one year's report, its options, and what the terminal says
after it.

A build with nothing changed since the last one with the same options ends at once, before the
build's libraries are imported (``build/up_to_date.py``); only a build with something to do
imports them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base.paths import OUTPUT_DIR, params_file, relative_to_root, year_output_dir
from ..build import up_to_date
from ..build.options import FORMATS, BuildOptions
from .options import Commands, add_overrides, add_params_file, add_year, listed

if TYPE_CHECKING:
    from ..build.main import BuildResult


def add(commands: Commands, common: argparse.ArgumentParser) -> None:
    """The ``build`` command."""
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
    add_year(build_parser)
    add_overrides(build_parser)
    build_parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="publish under DIR/YEAR instead of output/YEAR (DIR/partial/YEAR with --to or --lang)",
    )
    add_params_file(build_parser)
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
    build_parser.set_defaults(handler=run)


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
    build_parser.add_argument(
        "--no-review-pages",
        action="store_true",
        help="leave out the review edition and the notebooks' review pages (a partial build:"
        " the preview shows its page first, then builds them)",
    )
    build_parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _options(arguments: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        overrides=tuple(arguments.param),
        out_root=arguments.out,
        progress=not arguments.quiet,
        formats=tuple(listed(arguments.to)),
        params_path=arguments.params,
        compare_previous=not arguments.no_previous,
        jobs=arguments.jobs,
        use_cache=not arguments.no_cache,
        final=arguments.final,
        languages=tuple(listed(arguments.lang)) or None,
        review_pages=not arguments.no_review_pages,
    )


def _request(year: int, options: BuildOptions) -> up_to_date.Request:
    """What the build is asked, as its record keys it (the options that change its result)."""
    out_root = Path(options.out_root).resolve() if options.out_root else OUTPUT_DIR
    params = Path(options.params_path) if options.params_path else params_file(year)
    return up_to_date.Request(
        year=year,
        out_root=str(out_root),
        params=str(params.resolve()),
        overrides=options.overrides,
        formats=tuple(sorted(options.formats)),
        languages=options.languages,
        final=options.final,
        review_pages=options.review_pages,
        compare_previous=options.compare_previous,
        directory=os.getcwd(),
    )


def run(arguments: argparse.Namespace) -> int:
    """Build, then say what was written, what it warned of and whether it is a draft."""
    options = _options(arguments)
    request = _request(arguments.year, options)
    published = relative_to_root(year_output_dir(arguments.year, arguments.out))
    said = up_to_date.unchanged(request) if options.use_cache else None
    if said is not None:
        _say(said, published, "nothing changed since the last build, nothing ran")
        return 0
    up_to_date.start()  # what the build reads, from here on: its record
    from ..build.main import build  # the build's libraries, only when there is work to do

    result = build(arguments.year, options)
    said = _said(result, published)
    _say(said, published, steps_summary(result), what_moved(result, published))
    up_to_date.save(request, result.output_dir, said)
    return 0


def _said(result: BuildResult, published: str) -> dict[str, Any]:
    """What a build says after it, but what moved: warnings, documents, sign-off, draft."""
    documents = [
        result.output_dir / name
        for edition in result.editions
        for name in (edition.report_file, edition.pdf_file)
    ]
    written = [relative_to_root(path) for path in documents if path.exists()]
    after = sign_off_lines(result)
    if result.partial:
        after.append(f"a partial build (--to, --lang): the report in {published} is untouched")
    if not result.final:
        year = result.output_dir.name
        after.append(
            "marked as a draft (CONCEPT); the report to file is built with --final, once every"
            f" figure and chart is approved (sociaal-verslag review status {year})"
        )
    return {
        "warnings": list(result.warnings),
        "written": written,
        "figures": len(result.figures),
        "overrides": list(result.overrides),
        "after": after,
    }


def _say(said: dict[str, Any], published: str, how: str, moved: list[str] | None = None) -> None:
    for warning in said["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"built {', '.join(said['written'])} ({said['figures']} figures; {how})")
    for line in moved or [f"no figure moved against the published build in {published}"]:
        print(line)
    if said["overrides"]:
        print("in force for this build: " + " ".join(f"-p {item}" for item in said["overrides"]))
    for line in said["after"]:
        print(line)


MOVED_SHOWN = 20
"""The most moved figures the summary lists."""


def what_moved(result: BuildResult, published: str) -> list[str]:
    """The figures that moved against the published build (largest relative change first)."""
    from ..language import formatting  # Babel, only when a build ran

    lines = []
    if result.moved is None:
        lines.append(f"no published build in {published} to compare the figures with")
    elif not result.moved:
        lines.append(f"no figure moved against the published build in {published}")
    else:
        lines.append(
            f"{len(result.moved)} figure(s) moved against the published build in {published}:"
        )
        for row in result.moved[:MOVED_SHOWN]:
            change = (
                ""
                if row.change_pct is None
                else f"  ({formatting.percent_signed(row.change_pct, 2)})"
            )
            lines.append(
                f"  {row.label}: {row.old_printed or '—'} → {row.new_printed or '—'}{change}"
            )
        if len(result.moved) > MOVED_SHOWN:
            lines.append(f"  … and {len(result.moved) - MOVED_SHOWN} more")
    return lines


def sign_off_lines(result: BuildResult) -> list[str]:
    """The sign-off's state: figures and charts checked, changed since, unchecked."""
    from ..review import changes  # only when a build ran

    lines = []
    if result.review is not None:
        counted = [("figures", result.review), ("charts", result.charts_review)]
        lines.append(
            "sign-off: "
            + "; ".join(
                f"{what} {summary.checked - summary.changed} checked, {summary.changed} changed"
                f" since, {summary.total - summary.checked} unchecked"
                for what, summary in counted
                if summary is not None and summary.total
            )
        )
        for state in result.changed_since[:MOVED_SHOWN]:
            lines.append(f"  {state.id}: {state.describe()}")
            lines += [f"    {line}" for line in changes.of(state)]
        if len(result.changed_since) > MOVED_SHOWN:
            lines.append(f"  ... (sociaal-verslag review status {result.output_dir.name})")
    return lines


def steps_summary(result: BuildResult) -> str:
    """'2 of 5 notebooks ran, 3 from the cache; PDF from the cache'."""
    notebooks = [record for record in result.steps.records if record.name.startswith("notebook ")]
    ran = sum(1 for record in notebooks if record.status == "ran")
    parts = [f"{ran} of {len(notebooks)} notebooks ran, {len(notebooks) - ran} from the cache"]
    for record in result.steps.records:
        if record.name.startswith(("html", "pdf")) and record.status == "cached":
            kind, _, language = record.name.partition(" ")
            parts.append(f"{kind.upper()}{f' ({language})' if language else ''} from the cache")
    return "; ".join(parts)
