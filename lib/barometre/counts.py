"""How counts (numerators, denominators) are written: whole ones whole, others with their decimals.

A strategy with ``whole_counts: false`` counts in fractions (416,5 full-time equivalents, a numerator of
12,5): written with no decimal, « 417 » over « 158 » beside « 7,9 % » no longer reconciled with its value.
"""

from __future__ import annotations

from .i18n import fewest_decimals, format_number

MAX_DECIMALS = 2  # as many as a count needs, up to two: « 416,5 », « 0,25 »


def count_decimals(x: float | None) -> int:
    """The decimals that write ``x`` exactly, up to two: 0 for a whole count (the percentages' rule)."""
    return 0 if x is None or x != x else fewest_decimals(float(x), MAX_DECIMALS)


def format_count(x: float | None, lang: str = "fr") -> str:
    """A count as the pages write it: « 12 345 », « 416,5 »; « — » when missing."""
    return format_number(x, lang, count_decimals(x))


def excel_count_format(x: float) -> str:
    """The Excel number format of a count: « #,##0 » when whole, else with the decimals it needs."""
    decimals = count_decimals(x)
    return "#,##0" + ("." + "0" * decimals if decimals else "")
