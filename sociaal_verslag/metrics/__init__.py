"""The metric functions: registers and parameters in, figure values out (id -> exact value).

Each function computes the figures its module's ``<module>.meta.yml`` lists under it, by the
rules written there, and nothing else: no formatting, no file access. ``@metric`` registers it:
its docstring is made from those rules and every call is checked against them. A notebook runs
one by its name: ``record("financing.loans_granted", loans, year)`` (see ``notebook.record``).

A metric module is imported when it is first used (``metrics.function``, or an attribute such as
``metrics.financing``), not with this package: a notebook's kernel then holds only the metrics it
runs, and its cache key covers those (``build/read_sets.py``), so that a change to one metric runs
again only the notebooks that use it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from types import ModuleType

from ..figures.catalogue import CATALOGUE, METRICS, CatalogueError, metric_spec
from ._common import Values


# Both read the catalogue, so on first use rather than at import (a design file's mistake is
# then one `error:` line).
@cache
def producer() -> dict[str, str]:
    """Figure id -> the metric function (``module.function``) that computes it."""
    return {figure_id: spec.metric for figure_id, spec in CATALOGUE.items()}


@cache
def modules() -> tuple[str, ...]:
    """The metric modules, by name: those that have a ``.meta.yml``."""
    return tuple(dict.fromkeys(spec.module for spec in METRICS.values()))


def module(name: str) -> ModuleType:
    """The metric module ``name``, imported now if it was not, and checked: every function its
    ``.meta.yml`` describes is defined in it as an ``@metric`` function."""
    if name not in modules():
        raise AttributeError(f"{__name__} has no metric module {name!r}")
    imported = import_module(f"{__name__}.{name}")
    undefined = [
        metric
        for metric, spec in METRICS.items()
        if spec.module == name
        and not hasattr(getattr(imported, spec.function, None), "__wrapped__")
    ]
    if undefined:
        raise CatalogueError(
            f"described in metrics/{name}.meta.yml but not defined as an @metric function: "
            + ", ".join(undefined)
        )
    return imported


def function(name: str) -> Callable[..., Values]:
    """The metric function ``module.function`` (importing only its module)."""
    spec = metric_spec(name)
    return getattr(module(spec.module), spec.function)


def __getattr__(name: str) -> ModuleType:
    # ``metrics.financing`` imports the module on first use (PEP 562).
    return module(name)


__all__ = ["function", "module", "modules", "producer"]
