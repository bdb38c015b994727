"""The command line's grammar: the options every command has, and its command groups in the
order ``--help`` lists them.

Each group's module (``build_command.py``, ``review_commands.py``, ...) adds its commands, their
arguments and help with ``add(commands, common)``, and names the function that carries each out
(``handler``). ``cli/main.py`` runs the one chosen and turns a failure into one line.
"""

from __future__ import annotations

import argparse

from .. import __version__
from . import (
    build_command,
    cache_commands,
    data_commands,
    diff_command,
    docs_command,
    explain_command,
    new_year_command,
    preview_command,
    review_commands,
)

COMMAND_GROUPS = (
    build_command,
    new_year_command,
    diff_command,
    docs_command,
    data_commands,
    preview_command,
    review_commands,
    explain_command,
    cache_commands,
)
"""The modules of the command groups, in the order ``sociaal-verslag --help`` lists them."""


def parser() -> argparse.ArgumentParser:
    """The argument parser, with --help (and --debug) on every command; each command's
    ``handler`` is the function of its group's module that carries it out."""
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
    for group in COMMAND_GROUPS:
        group.add(commands, common)
    return main_parser
