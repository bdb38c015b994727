"""Veiligheid: the monthly averages of what the antivirus and the firewall blocked."""

from __future__ import annotations

import pandas as pd

from ._common import Values, metric, rounded

MONTHS_PER_YEAR = 12


@metric
def monthly_blocks(log: pd.DataFrame, year: int) -> Values:
    # The large averages are kept to the cent, and printed approximately with the word that
    # says so ("meer dan 16.000"); the small ones are whole counts.
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
        "cyber.fw_threats_monthly": round(float(mean["fw_threats"]), 2),
        "cyber.fw_malicious_sites_monthly": round(float(mean["fw_malicious_sites"]), 2),
        "cyber.fw_malware_monthly": rounded(float(mean["fw_malware"])),
    }
