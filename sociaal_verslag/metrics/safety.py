"""Veiligheid: the medical examinations at registration."""

from __future__ import annotations

import pandas as pd

from ._common import Values, in_year, metric


@metric
def medical_exams(exams: pd.DataFrame, year: int) -> Values:
    at_registration = exams[
        in_year(exams["examined_on"], year) & (exams["reason"] == "registration")
    ]
    return {"safety.medical_exams": int(at_registration["person_id"].nunique())}
