"""Veiligheid: the monthly averages of what the antivirus and the firewall blocked."""

from __future__ import annotations

import pandas as pd

from ..language.approximate import round_significant
from ._common import Values, metric, rounded

MONTHS_PER_YEAR = 12


def _two_significant(value: float) -> int:
    return int(round_significant(value, 2))


@metric
def monthly_blocks(log: pd.DataFrame, year: int) -> Values:
    # The report prints the approximate ones ("meer dan 30.000") from the exact average, the
    # small ones rounded and the firewall's large ones rounded to two significant digits; the
    # values follow that rule.
    months = log[log["month"].str.startswith(f"{year}-")]
    if len(months) != MONTHS_PER_YEAR:
        raise ValueError(
            f"security log: expected {MONTHS_PER_YEAR} months of {year}, found {len(months)}"
        )
    mean = months.drop(columns="month").mean()
    return {
        "cyber.av_threats_monthly": round(float(mean["av_threats"]), 2),
        "cyber.av_phishing_monthly": round(float(mean["av_phishing"]), 2),
        "cyber.av_malware_monthly": rounded(float(mean["av_malware"])),
        "cyber.av_websites_monthly": rounded(float(mean["av_websites"])),
        "cyber.fw_threats_monthly": _two_significant(float(mean["fw_threats"])),
        "cyber.fw_malicious_sites_monthly": _two_significant(float(mean["fw_malicious_sites"])),
        "cyber.fw_malware_monthly": rounded(float(mean["fw_malware"])),
    }
