"""What the strategy's deadline said of a target too few organisations reported in a period after it.

BRIEF §4: a period too few organisations reported is « Données insuffisantes », whatever came before; the
statuses stay so. Past the deadline that status alone hid the deadline's verdict: C1, 0,40 % of a 1 % target
at the 2024-2025 deadline and reported by 14 organisations of 40 in 2025-2026, read only « trop peu
d'organisations ont déclaré en 2025-2026 pour juger cette cible » in the brief and the deck, and left out of
« passent à « Échéance manquée » »: nobody learnt that C1 had missed its deadline. The brief, the deck and
the target cards now say what was known at the deadline (which comes before the report's period: a report
for a period knows nothing after it), or that too few organisations reported then to judge it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .i18n import format_percent, format_value, t
from .methodology_formulas import row_counted
from .strategy_model import Strategy

MISSED, ACHIEVED, UNJUDGED = "missed", "achieved", "unjudged"


@dataclass(frozen=True)
class AtDeadline:
    """A target's verdict at the deadline (:data:`MISSED`, :data:`ACHIEVED` or :data:`UNJUDGED`)."""

    target: str
    verdict: str
    deadline: str
    known: str  # « 0,40 % pour une cible de 1 % » ("" when unjudged)


def _row(indicators: pd.DataFrame, target: str, period: str) -> pd.Series | None:
    """The government row of ``target`` in ``period`` (None without one)."""
    rows = indicators[indicators["target"].eq(target) & indicators["period"].eq(period)]
    return rows.iloc[0] if len(rows) else None


def at_deadline(
    indicators: pd.DataFrame, strategy: Strategy, target: str, period: str, lang: str
) -> AtDeadline | None:
    """What the deadline said of ``target``, when ``period`` is after it and does not count; else None.

    A target without a target value has no verdict (None), nor one counted in a period between the deadline
    and ``period`` (its own status then, « Cible atteinte en retard » maybe, is the news).
    """
    if not strategy.after_deadline(period):
        return None
    now = _row(indicators, target, period)
    if now is None or pd.isna(now["target_value"]) or row_counted(now, strategy):
        return None
    deadline = strategy.deadline_period
    order = {p: i for i, p in enumerate(strategy.periods)}
    between = [p for p in strategy.periods if order[deadline] < order[p] < order.get(period, -1)]
    if any(row_counted(_row(indicators, target, p), strategy) for p in between):
        return None  # followed since the deadline (reached late, maybe): « depuis » would be untrue
    then = _row(indicators, target, deadline)
    if (
        then is None
        or pd.isna(then["value"])
        or pd.isna(then["target_value"])
        or not row_counted(then, strategy)
    ):
        return AtDeadline(target, UNJUDGED, deadline, "")
    at_most = strategy.target(target).decreases
    known = t("deadline.known" + "_at_most" * at_most, lang, goal=format_percent(then["target_value"], lang),
              value=format_value(then["value"], then["target_value"], lang, at_most=at_most))  # fmt: skip
    verdict = ACHIEVED if then["status"] == "target_achieved" else MISSED  # counted and short: missed
    return AtDeadline(target, verdict, deadline, known)


def deadline_verdicts(
    indicators: pd.DataFrame, strategy: Strategy, period: str, lang: str
) -> list[AtDeadline]:
    """:func:`at_deadline` of every target it says something of, in the strategy's order."""
    found = (at_deadline(indicators, strategy, tg.id, period, lang) for tg in strategy.targets)
    return [v for v in found if v is not None]


def verdict_sentence(v: AtDeadline, period: str, lang: str) -> str:
    """A line of the brief: « C1 : échéance manquée (en 2024-2025 : 0,4 % pour une cible de 1 %) ; … »."""
    return t(
        f"deadline.line.{v.verdict}", lang, id=v.target, deadline=v.deadline, known=v.known, period=period
    )


def verdict_card(v: AtDeadline, lang: str) -> str:
    """What a target card says at « À l'échéance (2024-2025) »: « Échéance manquée : 0,40 % pour … »."""
    return t(f"deadline.card.{v.verdict}", lang, known=v.known)


__all__ = ["ACHIEVED", "MISSED", "UNJUDGED", "AtDeadline", "at_deadline", "deadline_verdicts",
           "verdict_card", "verdict_sentence"]  # fmt: skip
