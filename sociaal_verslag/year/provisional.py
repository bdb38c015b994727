"""What ``new-year`` marks as still to be confirmed, and finding what still carries its mark."""

from __future__ import annotations

from typing import Any

PROVISIONAL_MARK = "TE BEVESTIGEN"
"""What ``new-year`` writes before every source it copies from last year: a text of the
parameters or the narrative that still carries it is never published."""


def marked_texts(node: Any, key: str = "") -> list[str]:
    """The keys (dotted) of every text in the parameters ``node`` that still carries
    :data:`PROVISIONAL_MARK`, whichever key holds it."""
    if isinstance(node, str):
        return [key] if PROVISIONAL_MARK in node else []
    if isinstance(node, dict):
        items = [(f"{key}.{name}" if key else str(name), value) for name, value in node.items()]
    elif isinstance(node, list):
        items = [(f"{key}[{number}]", value) for number, value in enumerate(node, start=1)]
    else:
        return []
    return [found for name, value in items for found in marked_texts(value, name)]
