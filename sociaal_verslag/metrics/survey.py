"""Bescherming: the members' survey of the year."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, metric, rounded, share_pct


@metric
def responses(responses: pd.DataFrame, year: int) -> Values:
    # The shares of staying and of main activity are printed as whole percents, so their value
    # is rounded; the unemployment share is printed as "bijna N%" and keeps its exact value.
    answered = responses[in_year(responses["submitted_on"], year)]
    if answered.empty:
        raise ValueError(f"no survey response submitted in {year}")
    return {
        "survey.responses": len(answered),
        "survey.satisfaction_mean": rounded(float(answered["satisfaction"].mean()), 1),
        "survey.stay_3y_pct": rounded(share_pct(answered["sees_self_at_smart_in_3y"])),
        "survey.main_activity_pct": rounded(share_pct(answered["smart_is_main_activity"])),
        "survey.unemployment_benefit_pct": round(
            share_pct(answered["receives_unemployment_benefit"]), 4
        ),
    }
