"""The key of what produced each figure: its cell's code, its rule's code, its data, its parameters.

A reviewer who signs a figure off signs off this key with its value (``review/approval.py``); a
later build compares its own keys with the approved ones and can tell what changed: the data (a
register's sha256), the code (the recording cell, or the metric function with its description in
``metrics/<module>.meta.yml``) or the parameters the figure reads. Every build writes the keys of
its figures to ``figure_keys.json`` beside ``figures.json``, so that an approval records the key of
what that build shows, not of the code checked out when the reviewer approves.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from ..base import yamlfiles
from ..base.errors import ReportError
from ..base.paths import PACKAGE_DIR, params_file, relative_to_root
from ..figures.catalogue import CATALOGUE, META_SUFFIX, METRICS, METRICS_DIR, CatalogueError
from ..figures.records import Figure
from . import code_versions

KEYS_FILE = "figure_keys.json"
"""The figures' keys in a build folder, beside ``figures.json``."""


class FigureKeyError(ReportError):
    """A build folder's keys cannot be read."""


@dataclass(frozen=True)
class FigureKey:
    """What produced one figure, as hashes (and the parameters' values, which a person reads)."""

    cell: str
    """sha256 of the source of the notebook cell that recorded it."""
    metric: str
    """sha256 of the metric function's source and the figure's description."""
    data: dict[str, str]
    """Each register file it read (path from the project root) -> its sha256."""
    parameters: dict[str, Any]
    """Each parameter it reads (``fte_hours_per_year``, ``facts.cyber.machines``) -> its value."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON- and YAML-ready mapping."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FigureKey:
        """Inverse of ``to_dict``."""
        return cls(
            str(data["cell"]),
            str(data["metric"]),
            dict(data.get("data") or {}),
            dict(data.get("parameters") or {}),
        )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _metric_module(module: str) -> tuple[str, dict[str, Any]]:
    """A metric module's source and its description, as they are on disk now."""
    text = (METRICS_DIR / f"{module}.py").read_text(encoding="utf-8")
    meta = yamlfiles.read_mapping(METRICS_DIR / f"{module}{META_SUFFIX}", CatalogueError)
    return text, meta


@functools.lru_cache(maxsize=64)
def _functions(text: str) -> dict[str, str]:
    """The source of each top-level function of a module's ``text``, by name (parsed once per
    text: a module holds the rules of many figures)."""
    return {
        node.name: ast.get_source_segment(text, node) or ""
        for node in ast.parse(text).body
        if isinstance(node, ast.FunctionDef)
    }


def function_source(module_file: str, name: str) -> str:
    """The source of the top-level function ``name`` of the package's ``module_file``
    (``charts/drawings.py``), read without importing it ('' when there is none)."""
    return _functions((PACKAGE_DIR / module_file).read_text(encoding="utf-8")).get(name, "")


def metric_digest(figure_id: str, read: dict[str, tuple[str, dict[str, Any]]] | None = None) -> str:
    """sha256 of the code of the metric function that computes ``figure_id`` (its source, read
    from the module without importing it) and of what its ``.meta.yml`` says of it and of the
    figure: a changed rule, style or label changes it; another figure's description does not.
    ``read``: the modules already read in this build, by name."""
    read = {} if read is None else read
    module, function = CATALOGUE[figure_id].metric.split(".", 1)
    if module not in read:
        read[module] = _metric_module(module)
    text, meta = read[module]
    code = _functions(text).get(function, "")
    entry = dict(meta["functions"][function])
    described = entry.pop("figures")[figure_id]
    keyed = json.dumps([code, entry, described], sort_keys=True, default=str)
    digest = _sha256(keyed)
    code_versions.keep(digest, _readable(code, entry, described))
    return digest


def _readable(code: str, entry: dict[str, Any], described: Any) -> str:
    """A metric's keyed parts as lines to compare: its code, then its description."""
    description = yaml.safe_dump(
        {"function": entry, "figure": described}, allow_unicode=True, sort_keys=True
    )
    return f"{code}\n# .meta.yml\n{description}"


def cell_digests(review_dir: Path, notebooks: set[str]) -> dict[tuple[str, str], str]:
    """(notebook, cell id) -> sha256 of the cell's source, in the executed notebooks."""
    # nbformat (about 0.2 s to import) only when a page is made, not when it is cached
    import nbformat

    found = {}
    for name in sorted(notebooks):
        notebook = nbformat.read(review_dir / f"{name}.ipynb", as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                digest = _sha256(cell.source)
                code_versions.keep(digest, cell.source)  # its lines, if it changes later
                found[(name, cell.get("id", ""))] = digest
    return found


def parameters_read(figure_id: str, raw_params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters a figure reads: a fact its entry under ``facts`` (value and source), any
    other figure the parameters its metric declares in its ``.meta.yml``."""
    spec = METRICS[CATALOGUE[figure_id].metric]
    if spec.named_by_caller:
        return {f"facts.{figure_id}": (raw_params.get("facts") or {}).get(figure_id)}
    return {name: raw_params.get(name) for name in spec.parameters}


def figure_keys(
    figures: Mapping[str, Figure],
    cells: Mapping[tuple[str, str], str],
    inputs: Mapping[str, str],
    raw_params: Mapping[str, Any],
    year: int,
) -> dict[str, FigureKey]:
    """The key of every figure of a build: ``cells`` the sha256 of each (notebook, cell id)'s
    source (:func:`cell_digests`), ``inputs`` the sha256 of its input files (as in the
    manifest)."""
    # The parameters file is an input of a figure that reads parameters; what it reads of it
    # is its key's parameters, not the file's bytes.
    parameters_file = relative_to_root(params_file(year))
    modules: dict[str, tuple[str, dict[str, Any]]] = {}
    return {
        figure_id: FigureKey(
            cell=cells.get((figure.notebook, figure.cell_id), ""),
            metric=metric_digest(figure_id, modules),
            data={
                path: inputs.get(path, "onbekend")
                for path in figure.inputs
                if path != parameters_file
            },
            parameters=parameters_read(figure_id, raw_params),
        )
        for figure_id, figure in sorted(figures.items())
    }


def write(keys: Mapping[str, FigureKey], directory: Path) -> None:
    """Write ``figure_keys.json`` into a build folder."""
    (directory / KEYS_FILE).write_text(
        json.dumps({k: key.to_dict() for k, key in keys.items()}, ensure_ascii=False, indent=1)
        + "\n",
        encoding="utf-8",
    )


def read(directory: Path) -> dict[str, FigureKey]:
    """The keys of a build folder's figures, or one line saying why they cannot be read."""
    path = directory / KEYS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {figure_id: FigureKey.from_dict(entry) for figure_id, entry in raw.items()}
    except FileNotFoundError:
        raise FigureKeyError(
            f"{relative_to_root(path)}: not found; build the year again to sign its figures off"
        ) from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise FigureKeyError(
            f"{relative_to_root(path)}: not a file of figure keys ({error})"
        ) from None
