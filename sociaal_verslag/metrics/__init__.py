"""The metric functions: registers and parameters in, figure values out (id -> exact value).

Each function computes the figures its module's ``<module>.meta.yml`` lists under it, by the
rules written there, and nothing else: no formatting, no file access. ``@metric`` registers it:
its docstring is made from those rules and every call is checked against them. A notebook runs
one by its name: ``record("financing.loans_granted", loans, year)`` (see ``notebook.record``).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..catalogue import CATALOGUE, METRICS, CatalogueError, metric_spec
from ._common import Values

PRODUCER: dict[str, str] = {figure_id: spec.metric for figure_id, spec in CATALOGUE.items()}
"""Figure id -> the metric function (``module.function``) that computes it."""

MODULES: tuple[str, ...] = tuple(dict.fromkeys(spec.module for spec in METRICS.values()))
"""The metric modules, by name: those that have a ``.meta.yml``."""

for _name in MODULES:
    # Imported here so that ``metrics.financing.loans_granted`` reads as it does in the tests.
    import_module(f"{__name__}.{_name}")

_undefined = [
    name
    for name, spec in METRICS.items()
    if not hasattr(
        getattr(import_module(f"{__name__}.{spec.module}"), spec.function, None), "__wrapped__"
    )
]
if _undefined:
    raise CatalogueError(
        "described in metrics/*.meta.yml but not defined as an @metric function: "
        + ", ".join(_undefined)
    )


def function(name: str) -> Callable[..., Values]:
    """The metric function ``module.function`` (importing only its module)."""
    spec = metric_spec(name)
    return getattr(import_module(f"{__name__}.{spec.module}"), spec.function)


__all__ = ["MODULES", "PRODUCER", "function"]
