"""``sociaal-verslag preview YEAR``: its options, and the session it starts (``cli/preview.py``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..base.paths import OUTPUT_DIR, params_file
from ..build.options import checked_formats
from .options import Commands, add_overrides, add_params_file, add_year, listed


def add(commands: Commands, common: argparse.ArgumentParser) -> None:
    """The ``preview`` command."""
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
    add_year(preview_parser)
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
    add_overrides(preview_parser)
    add_params_file(preview_parser)
    preview_parser.add_argument(
        "--no-previous",
        action="store_true",
        help="do not compare with last year's build, even when output/YEAR-1 exists",
    )
    preview_parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    """Build, serve, and rebuild on every save until Ctrl-C."""
    # only this command needs it (watchfiles, the HTTP server): the others start without it
    from ..year import params as params_module
    from . import preview

    path = arguments.params or params_file(arguments.year)
    report_params, _ = params_module.load(arguments.year, path=path, overrides=arguments.param)
    # The preview chooses what each of its builds writes (--to, --lang): see cli/preview.py.
    build_arguments = [f"--param={assignment}" for assignment in arguments.param]
    if arguments.params:
        build_arguments.append(f"--params={arguments.params}")
    if arguments.no_previous:
        build_arguments.append("--no-previous")
    formats = checked_formats(tuple(listed(arguments.to)))
    session = preview.Preview(
        arguments.year,
        arguments.out,
        build_arguments,
        languages=tuple(report_params.languages),
        pdf="pdf" in formats,
    )
    server = session.serve(arguments.port)
    host, port = server.server_address[:2]
    print(f"preview of {arguments.year}: http://{host}:{port}/  (Ctrl-C stops)", flush=True)
    print("building ...", flush=True)
    print("built" if session.rebuild() else session.state.error, flush=True)
    if session.builder.cold:
        print(f"warning: {session.builder.cold}: each rebuild runs in a new process", flush=True)
    elif session.builder.slower:
        reason = session.builder.slower
        print(f"warning: each rebuild imports the package itself (slower): {reason}", flush=True)
    paths = preview.watched(path, report_params.data_path, report_params.narrative_path)
    try:
        preview.watch(session, paths, told=lambda text: print(text, flush=True))
    finally:
        server.shutdown()
        session.close()
    return 0
