"""The brief's two lists: the status changes since the period before, and the targets at risk."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..api import Results
from ..blocks import STATUS_ICONS
from ..deadline_known import MISSED, at_deadline
from ..deadline_shown import (
    ACHIEVED_LATE,
    DEADLINE_MISSED,
    NOT_REACHED,
    RANK,
    reached,
    unchanged_past_deadline,
)
from ..i18n import format_banded, format_goal, format_percent, joined, t
from ..methodology_formulas import ACCELERATION_AT, ON_TRACK_AT, _snap
from ..status_shown import STARTING_POINT
from ..strategy_model import Strategy, Target
from ..target_words import names as target_names
from ..target_words import target_name, titled

RISK_STATUSES = ("deterioration", "limited_progress")
PACE_LINES = (0.0, ACCELERATION_AT, ON_TRACK_AT)  # where a pace ratio changes status
MAX_LINES = 4  # changes and risks listed one by one (in the brief); the others in one line


def status_text(code: str, lang: str) -> str:
    """A status in words (« Progrès limités »), « sans objet » for none."""
    return t(f"status.{code}", lang) if code else t("status.not_applicable", lang)


@dataclass
class Change:
    """One status change since the period before: its target, its line, and whether it is always shown.

    ``always``: never folded into « Et N autres »: a target newly reached, the deadline's passing.
    ``name``: the target in running text (:func:`target_name`), for « Et N autres … : cibles … »; else its id.
    """

    target: str
    line: str
    always: bool = False
    name: str = ""


def shown_changes(changes: list[Change], most: int, lang: str, previous: str | None) -> list[str]:
    """The first ``most`` changes (worse first) and every target newly reached; a line names the others.

    A target newly reached was folded into « Et 5 autres changements … (voir le rapport complet) » (1.3's
    « Recul → Cible atteinte », the period's only target reached), and the deck and the brief, used alone,
    did not say where that report is: the last line says where the full list is.
    """
    others = [c for c in changes if not c.always]
    if len(others) <= most:
        return [c.line for c in changes]
    kept = [c for c in changes if c.always or c in others[:most]]
    rest = [c.name or c.target for c in changes if c not in kept]  # « uptake »: its label (target_words)
    where = t("brief.changes.where", lang, previous=previous)
    return [c.line for c in kept] + [
        t("brief.more_changes", lang, n=len(rest), ids=", ".join(rest), where=where)
    ]


def changes_since(res: Results, period: str, previous: str | None, lang: str) -> tuple[list[Change], bool]:
    """Status changes since ``previous``, worse first; and whether a target got its first status (not a change).

    Bad news first (worse statuses, then targets no longer measured, then the good news): a list cut to a
    few lines listed 1.2 ✔, 1.3 ▼, 3.1 ✔, 4.1 ✔ and left 5.1's new « Recul » in « 3 autres » (see
    :func:`shown_changes`).
    """
    if previous is None:
        return [], False
    # the pages' « Point de départ » (status_shown) is the methodology's insufficient_data: no status yet
    ind = res.indicators.replace({"status": {STARTING_POINT: "insufficient_data"}})
    now = ind[ind["period"] == period].set_index("target")["status"]
    before = ind[ind["period"] == previous].set_index("target")["status"]
    strategy = res.dataset.strategy
    periods = strategy.periods
    earlier = ind[ind["period"].isin(periods[: periods.index(previous)])]
    measured = earlier["status"].notna() & ~earlier["status"].isin(["", "insufficient_data"])
    had_status = set(earlier.loc[measured, "target"])
    # past the baseline period, a status needs no second period any more: the others measured in ``previous``
    # make a target's first status news (at the baseline only « Cible atteinte » can be, and it is not that)
    past_start = not (strategy.is_baseline(previous) or strategy.before_baseline(previous))
    others_measured = bool(had_status) or (
        past_start and bool((~before.isin(["", "insufficient_data"])).any())
    )
    lines: list[tuple[int, str, str, bool]] = []  # (news, target, line, always shown): bad news first
    first = False
    missed: list[str] = []  # « Accélération nécessaire » at the deadline, « Échéance manquée » now
    for tg in strategy.targets:
        a, b = before.get(tg.id, ""), now.get(tg.id, "")
        # short of its target at the deadline without a pace (no counted starting value): « Données
        # insuffisantes » there, then « Échéance manquée », read « mesurable pour la première fois » though counted
        short_unpaced = a == "insufficient_data" and b == DEADLINE_MISSED and res.counted(tg.id, previous)
        if a and a != b and (unchanged_past_deadline(a, b) or short_unpaced):
            missed.append(tg.id)
            continue
        if not a or not b or a == b:
            continue
        if a == "insufficient_data" and b != "insufficient_data" and not others_measured:
            first = True  # the strategy's first statuses: shown in the table, not a change each
            continue
        names = _names(tg, a, b, lang)
        if reached(b) and not reached(a):  # good news, and never hidden; « après l'échéance » when late
            key = "brief.change.achieved_late" if b == ACHIEVED_LATE else "brief.change.achieved"
            lines.append((3, tg.id, t(key, lang, **names), True))
        elif b == "insufficient_data":
            # missed at the deadline just before: said (« auparavant : Progrès limités » did not say it)
            just_after = previous == strategy.deadline_period
            v = at_deadline(ind, strategy, tg.id, period, lang) if just_after else None
            missed_then = v is not None and v.verdict == MISSED
            key = "brief.change.insufficient" + "_missed" * missed_then
            known = {"known": v.known, "deadline": v.deadline} if v else {}
            lines.append((1, tg.id, t(key, lang, **known, **names), missed_then))
        elif a == "insufficient_data":  # again; or for the first time while the others already were (3.2)
            key = "brief.change.measurable" if tg.id in had_status else "brief.change.first_status"
            lines.append((2, tg.id, t(key, lang, icon=STATUS_ICONS.get(b, "·"), **names), False))
        elif RANK[b] < RANK[a]:
            lines.append((3, tg.id, t("brief.change.up", lang, **names), False))
        else:
            lines.append((0, tg.id, t("brief.change.down", lang, **names), False))
    if missed:  # one line for them all: the deadline came (« Aucun statut n'a changé » beside two briefs that
        # read « Accélération nécessaire » then « Échéance manquée »)
        line = t("brief.change.deadline_passed", lang, n=len(missed), ids=joined(target_names(strategy, missed, lang), lang),
                 deadline=strategy.deadline_period)  # fmt: skip
        lines.append((1, missed[0], line, True))
    lines.sort(key=lambda line: line[0])  # stable: strategy order within each kind
    return [
        Change(target, line, always, target_name(strategy, target, lang))
        for _news, target, line, always in lines
    ], first


def _names(target: Target, before: str, now: str, lang: str) -> dict[str, str]:
    """The fields of a change's line: the target and its two statuses in words."""
    return {"named": named(target, lang), "before": status_text(before, lang),
            "now": status_text(now, lang)}  # fmt: skip


def named(target: Target, lang: str) -> str:
    """« 3.1 Échéances proactives »: a line's target, its short label alone when its id is a word."""
    return titled(target.id, target.short(lang), lang)


def risks(res: Results, period: str, lang: str, to_come: bool = False) -> list[str]:
    """Targets in deterioration or limited progress (from the deadline on: missed), furthest from pace first.

    ``to_come``: the deadline's period, its day still to come: the risks are said as before the deadline.
    """
    now = res.period_indicators(period)
    s = res.dataset.strategy
    # from the deadline on the risk is no pace any more: every target missed, the furthest from its pace first
    past = s.after_deadline(period)
    ahead = s.before_deadline(period) or to_come
    due = not past and not ahead
    gone = now["status"].isin([DEADLINE_MISSED, "deterioration"])  # past the deadline: missed, or lost since
    # at the deadline « Accélération nécessaire » or « En bonne voie » short of the target is missed too: the
    # next year's brief said so (« non atteintes à l'échéance »), the deadline's own named only three of six
    unmet = now["status"].isin(NOT_REACHED)
    risky = now[gone if past else unmet if due else now["status"].isin(RISK_STATUSES)].copy()
    risky["gap"] = 1.0 - risky["pace_ratio"].fillna(-math.inf)  # required pace is 1 by construction
    risky = risky.sort_values(["gap", "target"], ascending=[False, True])
    lines: list[tuple[str, str]] = []
    for _, r in risky.iterrows():
        tg = s.target(r["target"])
        pace = format_banded(None if pd.isna(r["pace_ratio"]) else float(r["pace_ratio"]), PACE_LINES, lang)
        # before the deadline, where the trend leads; from the deadline on, where the target stands (missed)
        key, value = (
            ("brief.risk", r["projected_value"])
            if ahead
            else (_past_key(r) if past else "brief.risk_due", r["value"])
        )
        # « −0,12 fois le rythme requis »: said in words; rounded as the status reads it
        if key in ("brief.risk", "brief.risk_past") and _snap(r["pace_ratio"]) < 0:
            key += "_away"
        lines.append((tg.id, t(key, lang, named=named(tg, lang), status=status_text(r["status"], lang),
                       pace=pace, value=format_percent(value, lang), period=period,
                       target=format_goal(r["target_value"], lang, at_most=tg.decreases), deadline=s.deadline_period,
                       baseline=s.baseline_period)))  # fmt: skip
    return _more_risks(lines, dict(zip(risky["target"], risky["status"], strict=True)), s, lang, past or due)


def _past_key(row: pd.Series) -> str:
    """A risk line's wording past the deadline: missed (with its pace, or none measured), or lost since."""
    if row["status"] == "deterioration":  # reached at the deadline, short of it since: the deadline was met
        return "brief.risk_lost"
    return "brief.risk_past" + "_unpaced" * bool(pd.isna(row["pace_ratio"]))


def _more_risks(
    lines: list[tuple[str, str]],
    statuses: dict[str, str],
    strategy: Strategy,
    lang: str,
    missed: bool = False,
) -> list[str]:
    """The first :data:`MAX_LINES` risks, then one line naming the others by status, in strategy order.

    « Et 6 autres cibles en recul ou en progrès limités : 1.1, 6.1, 2.1 … » when all six were « Recul »
    said neither what they were nor in which order; the brief keeps to two pages, the report has each one.
    """
    if len(lines) <= MAX_LINES:
        return [line for _, line in lines]
    rest = {target for target, _ in lines[MAX_LINES:]}
    by = {
        code: [tg.id for tg in strategy.targets if tg.id in rest and statuses[tg.id] == code]
        for code in RISK_STATUSES
    }
    down, limited = by["deterioration"], by["limited_progress"]
    key = "brief.more_risks." + (
        "past" if missed else "both" if down and limited else "deterioration" if down else "limited_progress"
    )  # from the deadline on every one is missed: its pace status (« progrès limités ») no longer says it
    where = t("brief.risks.where", lang)
    ids = [tg.id for tg in strategy.targets if tg.id in rest] if missed else down or limited
    listed = [
        ", ".join(target_names(strategy, x, lang)) for x in (ids, down, limited)
    ]  # « uptake »: its label
    more = t(key, lang, n=len(rest), ids=listed[0], down=listed[1], limited=listed[2], where=where)
    return [line for _, line in lines[:MAX_LINES]] + [more]
