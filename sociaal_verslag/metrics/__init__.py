"""The metric functions: registers and parameters in, figure values out (id -> exact value).

Each function implements the rule of the figures it names in ``catalogue.py`` and nothing else:
no formatting, no file access. The registry at the end of this package maps every figure id to
the function that computes it, so the build and the tests can check that each figure has one.
"""

from __future__ import annotations

from . import (
    activity,
    employment,
    ethics,
    events,
    facts,
    financing,
    invoicing,
    publications,
    security,
    smartlabs,
    survey,
)

MODULES = (
    activity,
    employment,
    ethics,
    events,
    facts,
    financing,
    invoicing,
    publications,
    security,
    smartlabs,
    survey,
)
"""Every metric module; each declares ``PRODUCES``: function name -> the figure ids it returns."""

PRODUCER: dict[str, str] = {
    figure_id: f"{module.__name__.rsplit('.', 1)[-1]}.{function}"
    for module in MODULES
    for function, figure_ids in module.PRODUCES.items()
    for figure_id in figure_ids
}
"""Figure id -> the metric function (``module.function``) that computes it."""

__all__ = [module.__name__.rsplit(".", 1)[-1] for module in MODULES] + ["MODULES", "PRODUCER"]
