"""Facts: figures no register holds, recorded by the analyst in the year's parameters."""

from __future__ import annotations

from ..figures.catalogue import fact_ids
from ..year.params import ReportParams
from ._common import Values, metric


@metric
def recorded(params: ReportParams, figure_ids: tuple[str, ...] | list[str]) -> Values:
    # Their sources travel in the parameters, beside their values.
    unknown = [figure_id for figure_id in figure_ids if figure_id not in fact_ids()]
    if unknown:
        raise KeyError(f"not fact figures: {', '.join(unknown)}")
    return {figure_id: params.fact(figure_id) for figure_id in figure_ids}
