"""The analysts' command line: ``sociaal-verslag build YEAR [-p NAME=VALUE ...] [--out DIR]``.

Every failure a user can cause or meet ends in one line (``error: ...``) naming the file, row,
column or key and what to do, with a non-zero exit status; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import errno
import logging
import signal
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from ..base.errors import ReportError
from ..base.paths import params_file, relative_to_root, reviews_file, year_output_dir
from ..build.main import FORMATS, BuildOptions, BuildResult, build
from ..figures import comparison as diff
from ..registers import receipts
from ..year import params as params_module
from . import cache_commands
from . import parser as cli_parser


def _listed(text: str | None) -> list[str]:
    """The names of a comma-separated option (``--to html,pdf``, ``--lang nl,fr``)."""
    return [name.strip() for name in (text or "").split(",") if name.strip()]


def _build(arguments: argparse.Namespace) -> int:
    result = build(
        arguments.year,
        BuildOptions(
            overrides=tuple(arguments.param),
            out_root=arguments.out,
            progress=not arguments.quiet,
            formats=tuple(_listed(arguments.to)),
            params_path=arguments.params,
            compare_previous=not arguments.no_previous,
            jobs=arguments.jobs,
            use_cache=not arguments.no_cache,
            final=arguments.final,
            languages=tuple(_listed(arguments.lang)) or None,
        ),
    )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    documents = [
        result.output_dir / name
        for edition in result.editions
        for name in (edition.report_file, edition.pdf_file)
    ]
    written = [path for path in documents if path.exists()]
    names = ", ".join(relative_to_root(path) for path in written)
    print(f"built {names} ({len(result.figures)} figures; {_steps_summary(result)})")
    if result.partial:
        published = relative_to_root(year_output_dir(arguments.year, arguments.out))
        print(f"a partial build (--to, --lang): the report in {published} is untouched")
    if not result.final:
        print(
            "marked as a draft (CONCEPT); the report to file is built with --final, once every"
            f" figure is approved (sociaal-verslag review status {arguments.year})"
        )
    return 0


def _steps_summary(result: BuildResult) -> str:
    """'2 of 5 notebooks ran, 3 from the cache; PDF from the cache'."""
    notebooks = [record for record in result.steps.records if record.name.startswith("notebook ")]
    ran = sum(1 for record in notebooks if record.status == "ran")
    parts = [f"{ran} of {len(notebooks)} notebooks ran, {len(notebooks) - ran} from the cache"]
    for record in result.steps.records:
        if record.name.startswith(("html", "pdf")) and record.status == "cached":
            kind, _, language = record.name.partition(" ")
            parts.append(f"{kind.upper()}{f' ({language})' if language else ''} from the cache")
    return "; ".join(parts)


def _new_year(arguments: argparse.Namespace) -> int:
    # only this command needs it: the others start without it
    from ..year import new_year as newyear

    started = newyear.start_year(arguments.year, arguments.from_year)
    print(f"started {arguments.year}:")
    print(f"  {relative_to_root(started.params_file)}  (parameters, year updated)")
    print(f"  {relative_to_root(started.narrative_dir)}/  (the text, to update)")
    print(f"  {relative_to_root(started.data_dir)}/  (an empty template per register, README.md)")
    print("next:")
    data_dir = relative_to_root(started.data_dir)
    print(f"  1. put the {arguments.year} exports in {data_dir}/ and record each one as you")
    print(f"     drop it in: sociaal-verslag data record {arguments.year} REGISTER --rows N")
    print(
        f"  2. confirm the {len(started.facts_to_confirm)} facts marked 'confirmed: false':"
        f" check each value and source, then remove that line and the mark"
        f" '{params_module.PROVISIONAL_MARK}' before the source, in every language"
    )
    print("  3. update the text where it speaks of last year's events")
    print(f"  4. sociaal-verslag build {arguments.year}  (lists everything still missing)")
    return 0


def _diff(arguments: argparse.Namespace) -> int:
    differences = diff.compare(arguments.old, arguments.new)
    print(diff.report(differences, arguments.old, arguments.new))
    return 1 if differences else 0


def _docs(arguments: argparse.Namespace) -> int:
    # only this command needs it: the others start without it
    from . import design_docs

    if arguments.check:
        stale = design_docs.stale_pages()
        for name in stale:
            print(f"docs/{name} is out of date: run sociaal-verslag docs", file=sys.stderr)
        return 1 if stale else 0
    for path in design_docs.write_pages():
        print(f"wrote {relative_to_root(path)}")
    return 0


def _preview(arguments: argparse.Namespace) -> int:
    # only this command needs it: the others start without it
    from . import preview

    path = arguments.params or params_file(arguments.year)
    report_params, _ = params_module.load(arguments.year, path=path, overrides=arguments.param)
    build_arguments = [f"--to={arguments.to}"]
    build_arguments += [f"--param={assignment}" for assignment in arguments.param]
    if arguments.params:
        build_arguments.append(f"--params={arguments.params}")
    if arguments.no_previous:
        build_arguments.append("--no-previous")
    formats = set(_listed(arguments.to))
    session = preview.Preview(
        arguments.year, arguments.out, build_arguments, partial=formats != set(FORMATS)
    )
    server = session.serve(arguments.port)
    host, port = server.server_address[:2]
    print(f"preview of {arguments.year}: http://{host}:{port}/  (Ctrl-C stops)", flush=True)
    print("building ...", flush=True)
    print("built" if session.rebuild() else session.state.error, flush=True)
    paths = preview.watched(path, report_params.data_path, report_params.narrative_path)
    try:
        preview.watch(session, paths, told=lambda text: print(text, flush=True))
    finally:
        server.shutdown()
    return 0


def _data_record(arguments: argparse.Namespace) -> int:
    path = arguments.params or params_file(arguments.year)
    report_params, _ = params_module.load(arguments.year, path=path)
    written = receipts.record(
        report_params.data_path,
        arguments.year,
        arguments.registers or None,
        rows=arguments.rows,
        sources=report_params.registers,
    )
    provenance = report_params.data_path / receipts.PROVENANCE_FILE
    print(f"recorded in {relative_to_root(provenance)}:")
    for receipt in written:
        print(f"  {receipt.file}: {receipt.rows} rows, sha256 {receipt.sha256[:12]}…")
    return 0


def _review_approve(arguments: argparse.Namespace) -> int:
    # only this command needs it: the others start without it
    from . import signoff

    approved = signoff.approve(
        arguments.year,
        arguments.by,
        figure_ids=arguments.figures,
        chapter=arguments.chapter,
        note=arguments.note,
        out_root=arguments.out,
    )
    where = relative_to_root(reviews_file(arguments.year))
    print(f"approved {len(approved)} figures of {arguments.year} in {where} (commit it)")
    return 0


def _review_status(arguments: argparse.Namespace) -> int:
    # only this command needs it: the others start without it
    from . import signoff

    for line in signoff.status_lines(signoff.status(arguments.year, arguments.out)):
        print(line)
    return 0


def _explain(arguments: argparse.Namespace) -> int:
    # only this command needs it: the others start without it
    from . import explain

    for line in explain.explain(arguments.year, arguments.id, arguments.out):
        print(line)
    return 0


HINTS = {
    errno.ENOSPC: "the disk is full: free some space and build again",
    errno.EDQUOT: "the disk quota is used up: free some space and build again",
    errno.EACCES: "no permission: fix the folder's permissions, or build elsewhere with --out DIR",
    errno.EPERM: "not permitted: fix the folder's permissions, or build elsewhere with --out DIR",
    errno.EROFS: "the disk is read-only: build elsewhere with --out DIR",
    errno.EBUSY: "in use by another program: close it (a PDF viewer?) and build again",
    errno.ENOENT: "not found",
    errno.EXDEV: "on another disk than the output folder: build with --out on one disk",
    errno.EEXIST: "a file is in the way where a folder is needed: choose another --out DIR",
    errno.ENOTDIR: "a file is in the way where a folder is needed: choose another --out DIR",
}
"""What to do about the operating-system errors a user meets."""


def _os_error_line(error: OSError) -> str:
    names = [name for name in (error.filename, error.filename2) if name is not None]
    where = " -> ".join(relative_to_root(str(name)) for name in names)
    what = HINTS.get(error.errno or 0, error.strerror or str(error))
    kept = " (the last good report is untouched)" if error.errno in HINTS else ""
    return f"{where + ': ' if where else ''}{what}{kept}"


def _print_error(message: str) -> None:
    lines = message.splitlines() or ["(no message)"]
    print(f"error: {lines[0]}", file=sys.stderr)
    for line in lines[1:]:
        print(f"  {line.strip()}", file=sys.stderr)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a closed terminal, a stopped job) cleans up like Ctrl-C: kernel stopped, the
    unfinished build kept aside, the last good report untouched."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _quiet_libraries() -> None:
    # papermill and nbclient log what the build already says in its one line.
    for name in ("papermill", "nbclient", "traitlets", "asyncio", "fontTools", "weasyprint"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


HANDLERS = {
    "build": _build,
    "new-year": _new_year,
    "diff": _diff,
    "docs": _docs,
    "data record": _data_record,
    "preview": _preview,
    "review approve": _review_approve,
    "review status": _review_status,
    "explain": _explain,
    "cache info": cache_commands.info,
    "cache verify": cache_commands.verify,
    "cache prune": cache_commands.prune,
}
"""What each command does, by its name."""


def parser() -> argparse.ArgumentParser:
    """The argument parser of the command line (see ``cli_parser``)."""
    return cli_parser.parser(HANDLERS)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; exits non-zero with a one-line cause on failure."""
    arguments = parser().parse_args(argv)
    debug = getattr(arguments, "debug", False)
    if not debug:
        _quiet_libraries()
    try:
        with _terminate_as_interrupt():
            return arguments.handler(arguments)
    except KeyboardInterrupt:
        print("error: interrupted; the last good build is untouched", file=sys.stderr)
        return 130
    except Exception as error:
        if debug:
            traceback.print_exception(error)
        _print_error(_message(error))
        return error.exit_code if isinstance(error, ReportError) else 1


def _message(error: Exception) -> str:
    """What the user reads about ``error``: the error's own words, or one line about it."""
    if isinstance(error, ReportError):
        return str(error)
    if isinstance(error, OSError):
        return _os_error_line(error)
    # A bug: say so in one line; the traceback comes with --debug.
    return (
        f"unexpected {type(error).__name__}: {' '.join(str(error).split())[:300]}"
        " (run again with --debug for the details, and report it)"
    )


if __name__ == "__main__":
    sys.exit(main())
