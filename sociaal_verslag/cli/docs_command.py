"""``sociaal-verslag docs``: write, or check, the pages of ``docs/`` made from the design's
files (``cli/design_docs.py``)."""

from __future__ import annotations

import argparse
import sys

from ..base.paths import relative_to_root
from .options import Commands


def add(commands: Commands, common: argparse.ArgumentParser) -> None:
    """The ``docs`` command."""
    docs_parser = commands.add_parser(
        "docs",
        parents=[common],
        help="write the pages of docs/ made from the design's files",
        description="Write docs/figures.md from sociaal_verslag/metrics/*.meta.yml,"
        " docs/registers.md from sociaal_verslag/registers/registers.yaml, and the written parts"
        " of docs/architecture.md from the package's docstrings and cache/steps.yaml.",
    )
    docs_parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when a page is out of date"
    )
    docs_parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    """Write the pages, or with ``--check`` list those out of date."""
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
