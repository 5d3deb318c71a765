"""The targets table of the brief and of each ambition slide: the columns that say something, and their cells.

A column that would read « — » or « Sans cible chiffrée » on every row of a table is left out of it (the
Government of Canada's indicators have no target value: « Cible visée — », « Statut · Sans cible chiffrée »
and « Évolution · — † » on every row). Where some rows have one, the « — » of the others is informative and
the column stays. The same rule as the site's tables (:mod:`barometre.said_nothing`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..i18n import t
from .rows import TargetRow

KEYS = {
    "target": "brief.col.target",
    "value": "brief.col.value",
    "goal": "brief.col.goal",
    "status": "brief.col.status",
    "trend": "brief.col.trend",
    "coverage": "brief.col.coverage",
}


@dataclass(frozen=True)
class Columns:
    """Which of the optional columns a targets table shows."""

    goal: bool
    status: bool
    trend: bool

    @property
    def names(self) -> list[str]:
        """The table's columns in order (names of :data:`KEYS`)."""
        return [name for name in KEYS if getattr(self, name, True)]


def target_columns(rows: Sequence[TargetRow], compares: bool) -> Columns:
    """The columns of ``rows``' table; ``compares``: a period before gives changes (else no trend column)."""
    return Columns(
        goal=any(r.has_target for r in rows),
        status=any(r.status for r in rows),  # "" = no target value: « Sans cible chiffrée »
        trend=compares and any(r.change_text != "—" for r in rows),
    )


def withheld_note(rows: Sequence[TargetRow], columns: Columns, lang: str) -> str:
    """Why a change is not given: « † … » beside a trend column that marks it, without « † » when none; or ""."""
    if not any(r.change_withheld for r in rows):
        return ""
    return t("brief.change.withheld" if columns.trend else "brief.change.withheld_plain", lang)


def table_cells(
    rows: Sequence[TargetRow], columns: Columns, goal_text: Callable[[TargetRow], str], lang: str
) -> tuple[list[str], list[list[str]]]:
    """The header and the rows' cells of a slide's targets table (``goal_text``: a row's target value)."""
    cells = [
        {"target": r.titled, "value": r.value_text, "goal": goal_text(r),
         "status": f"{r.icon} {r.status_text}", "trend": f"{r.arrow} {r.marked_change}", "coverage": r.coverage_text}
        for r in rows
    ]  # fmt: skip
    names = columns.names
    return [t(KEYS[n], lang) for n in names], [[row[n] for n in names] for row in cells]


def alt_item(row: TargetRow, status: bool) -> str:
    """A target in a chart's text alternative: « 1.1 73,6 % / 75 % (En bonne voie) », « uptake 57,9 % ».

    ``status``: its table shows statuses (not when every one would be « Sans cible chiffrée »).
    """
    goal = f" / {row.target_text}" if row.has_target else ""  # not « uptake 57,9 % / — »
    return f"{row.tag} {row.value_text}{goal}" + (f" ({row.status_text})" if status else "")
