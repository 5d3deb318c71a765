"""Columns, tooltip lines and legends that would say nothing: « — » or « Sans cible chiffrée » on every row.

A strategy whose targets have no target value (the Government of Canada's service indicators) has no target
value, progress rate, gap or status to show: a table column of « — » on every row, a tooltip line of « — »,
a legend of « Sans cible chiffrée » alone told the reader nothing. They are left out of the table, tooltip
or legend of what they describe; where some rows have a value, the « — » of the others is informative and
the column stays (a strategy mixing targets with and without a target value).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

# A column whose every row is missing says nothing; the others (value, counts) are the data themselves.
TARGET_COLUMNS = ("target_value", "progress", "gap", "baseline_value", "projected_value", "pace_ratio")
# A tooltip's label column and the column its text is written from.
LABEL_SOURCES = {"goal_label": "target_value", "progress_label": "progress", "gap_label": "gap"}


def no_status(statuses: Iterable[Any]) -> bool:
    """Whether every one of ``statuses`` is empty (a target without target value: « Sans cible chiffrée »)."""
    codes = ["" if s is None or (isinstance(s, float) and pd.isna(s)) else str(s) for s in statuses]
    return bool(codes) and not any(codes)


def says_nothing(frame: pd.DataFrame, column: str) -> bool:
    """Whether ``column`` of ``frame`` would read « — » or « Sans cible chiffrée » on every row.

    An empty frame says nothing either way: its columns stay (the table's headers are its only content).
    """
    if frame.empty:
        return False
    if column == "status_label":
        return "status" in frame and no_status(frame["status"])
    source = LABEL_SOURCES.get(column, column)
    return source in TARGET_COLUMNS and source in frame and bool(frame[source].isna().all())


def informative_spec(frame: pd.DataFrame, spec: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """``spec`` (column, catalogue key, kind) without the columns that say nothing in ``frame``."""
    return [entry for entry in spec if not says_nothing(frame, entry[0])]


def informative_tips(frame: pd.DataFrame, tooltips: Sequence[Any]) -> list[Any]:
    """``tooltips`` (altair ``Tooltip`` lines) without the lines that say nothing in ``frame``."""
    return [tip for tip in tooltips if not says_nothing(frame, str(tip.shorthand).split(":")[0])]
