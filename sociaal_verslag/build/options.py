"""What a build can be asked: its documents (``--to``) and the command line's options, checked.
Light on purpose: the command line reads them before it knows whether anything is to build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..base.errors import BuildError

FORMATS = ("html", "pdf")
"""What a build can write: the web page, and the PDF that is filed (made from that page)."""


@dataclass(frozen=True)
class BuildOptions:
    """How one build runs: the command line's options of ``sociaal-verslag build``."""

    overrides: tuple[str, ...] = ()
    """``-p NAME=VALUE``: parameters set for this build only."""
    out_root: Path | None = None
    """``--out``: where ``YEAR/`` is published (default ``output/``)."""
    progress: bool = True
    """Show the notebooks' progress (not with ``-q``)."""
    formats: tuple[str, ...] = FORMATS
    """``--to``: the documents to write."""
    params_path: Path | None = None
    """``--params``: another parameters file than ``params/YEAR.yaml``."""
    compare_previous: bool = True
    """Compare with last year's build when it is there (not with ``--no-previous``)."""
    jobs: int | None = None
    """``-j``: notebooks at a time (default: one per processor)."""
    use_cache: bool = True
    """Take unchanged steps from the cache (not with ``--no-cache``)."""
    final: bool = False
    """``--final``: the build for filing."""
    languages: tuple[str, ...] | None = None
    """``--lang``: some of the year's languages (default: all)."""
    review_pages: bool = True
    """The review edition and the notebooks' review pages (not with ``--no-review-pages``: the
    preview's first page, which they follow)."""


def checked_formats(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The documents asked for (``--to``), or a BuildError naming the unknown ones."""
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        raise BuildError(
            f"unknown output format {', '.join(unknown) or '(none)'}:"
            f" choose from {', '.join(FORMATS)}"
        )
    return formats
