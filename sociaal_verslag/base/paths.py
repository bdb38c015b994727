"""Every path the project uses, relative to the project root. Nothing else spells a path."""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PARAMS_DIR = PROJECT_ROOT / "params"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
OUTPUT_DIR = PROJECT_ROOT / "output"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = PACKAGE_DIR / "templates"
REPORT_TEMPLATE = "bijzonder_verslag"
REVIEW_TEMPLATE = "review_notebook"
"""The nbconvert template of a notebook's review page (the review index is one Jinja file,
``templates/review_index.html.j2``)."""
REPORT_YAML = PROJECT_ROOT / "report.yaml"
"""The report's chapters in order, each with its narrative file and notebook (chapters.py)."""

REVIEWS_DIR = PROJECT_ROOT / "reviews"
"""The reviewers' sign-off, one committed file per year (``review/approval.py``)."""

KERNEL_NAME = "sociaal-verslag"
"""The Jupyter kernel the notebooks name; `make` installs it into the project's .venv."""


def params_file(year: int) -> Path:
    """The parameters file of ``year``: the one file an analyst edits for a year."""
    return PARAMS_DIR / f"{year}.yaml"


def reviews_file(year: int) -> Path:
    """The file that records which figures of ``year`` a reviewer checked."""
    return REVIEWS_DIR / f"{year}.yaml"


def year_output_dir(year: int, root: Path | None = None) -> Path:
    """Where the finished build of ``year`` is published."""
    return (root or OUTPUT_DIR) / str(year)


def partial_output_dir(year: int, root: Path | None = None) -> Path:
    """Where a build of only part of ``year``'s report (some formats or some languages) is
    written: beside the published report, never over it."""
    return (root or OUTPUT_DIR) / "partial" / str(year)


def relative_to_root(path: Path | str) -> str:
    """``path`` relative to the project root when it lies below it, else absolute (posix)."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return resolved.as_posix()


BUILD_PARAMS_FILE = "params.yaml"
"""The parameters a build used (overrides and last year's build included), at the top of its
folder (``output/YEAR/params.yaml``), beside the review notebooks' folder that names it."""


def notebook_params_path(params_file: Path | str) -> Path:
    """The file a notebook's ``params_file`` names: as given when absolute; a relative one from
    the working directory when the file is there, else from the project root.

    A chapter notebook names ``params/2025.yaml`` (the project's file: found from any folder,
    Jupyter runs a notebook in the notebook's own); an executed notebook of a build names
    ``../params.yaml``, its build's parameters, from its folder ``review/`` (the build runs its
    notebooks there too), so that it can be run again in place wherever the build lies.
    """
    candidate = Path(params_file)
    if candidate.is_absolute():
        return candidate
    here = Path.cwd() / candidate
    return here.resolve() if here.is_file() else PROJECT_ROOT / candidate


def absolute(path: Path | str) -> Path:
    """``path`` as given when absolute, else taken from the project root."""
    candidate = Path(path)
    return candidate if candidate.is_absolute() else PROJECT_ROOT / candidate


@cache
def font_dir() -> Path:
    """The folder of the DejaVu fonts matplotlib ships, which the PDF embeds (found without
    importing matplotlib)."""
    spec = find_spec("matplotlib")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("matplotlib is not installed: run `make report` once")
    return Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"
