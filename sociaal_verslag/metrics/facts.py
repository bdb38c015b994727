"""Facts: figures the analyst records in the year's parameters, each with its source."""

from __future__ import annotations

from ..catalogue import FACT_IDS
from ..params import ReportParams
from ._common import Values

PRODUCES = {"recorded": FACT_IDS}


def recorded(params: ReportParams, figure_ids: tuple[str, ...] | list[str]) -> Values:
    """The recorded values of the named fact figures (their sources travel in the parameters)."""
    unknown = [figure_id for figure_id in figure_ids if figure_id not in FACT_IDS]
    if unknown:
        raise KeyError(f"not fact figures: {', '.join(unknown)}")
    return {figure_id: params.fact(figure_id) for figure_id in figure_ids}
