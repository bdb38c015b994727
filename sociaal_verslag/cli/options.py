"""What several commands accept alike: ``--params``, ``-p``, ``--out`` of a published build, a
comma-separated list, a size; and the types the command modules share."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

Commands = argparse._SubParsersAction
"""The sub-command table of a parser."""
Handler = Callable[[argparse.Namespace], int]
"""What a command does with its arguments: its exit status."""


def add_year(command: argparse.ArgumentParser) -> None:
    """The year the command is about (its first argument)."""
    command.add_argument("year", type=int, help="the financial year, e.g. 2025")


def add_params_file(command: argparse.ArgumentParser) -> None:
    """``--params FILE``: another parameters file than ``params/YEAR.yaml``."""
    command.add_argument(
        "--params",
        type=Path,
        default=None,
        metavar="FILE",
        help="read the parameters from FILE instead of params/YEAR.yaml",
    )


def add_overrides(command: argparse.ArgumentParser) -> None:
    """``-p NAME=VALUE``, repeatable: parameters set for this build only."""
    command.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a key of params/YEAR.yaml for this build, e.g. -p fte_hours_per_year=2000"
        " (repeatable; nested keys with dots)",
    )


def add_build_folder(command: argparse.ArgumentParser) -> None:
    """``--out DIR``: where the published build a command reads is."""
    command.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="the published build under DIR/YEAR (default: output/YEAR)",
    )


def listed(text: str | None) -> list[str]:
    """The names of a comma-separated option (``--to html,pdf``, ``--lang nl,fr``)."""
    return [name.strip() for name in (text or "").split(",") if name.strip()]


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
