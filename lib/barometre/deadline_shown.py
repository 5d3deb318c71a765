"""Statuses as the reports show them past the strategy's deadline: a target missed, or reached late.

The methodology's status of a period after the deadline compares the pace observed with the pace the
deadline needed (BRIEF §4); the indicator files keep it. Shown as « Accélération nécessaire » or « En bonne
voie » in 2023-2024 it read as if there were time left, and a target first reached in 2023-2024 read
« Cible atteinte » like one reached on time. The pages, the brief, the deck and the explorer show, for a
period after the deadline, « Échéance manquée » (:data:`DEADLINE_MISSED`) and « Cible atteinte en
retard » (:data:`ACHIEVED_LATE`), for the government and for each organisation; the
methodology's code stays in the column :data:`METHOD_STATUS` of the shown tables.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pandas as pd

from .i18n import format_date, t
from .methodology_formulas import coverage_met
from .organisation_periods import created_by
from .status_shown import STARTING_POINT, with_starting_points

if TYPE_CHECKING:
    from .api import Results
    from .strategy_model import Strategy

DEADLINE_MISSED = "deadline_missed"
ACHIEVED_LATE = "achieved_late"
METHOD_STATUS = "methodology_status"
NOT_REACHED = ("on_track", "acceleration_needed", "limited_progress", "deterioration")
REACHED = ("target_achieved", ACHIEVED_LATE)
# every status a report may show, best first (the order of legends and counts)
SHOWN_STATUSES: tuple[str, ...] = (
    "target_achieved", ACHIEVED_LATE, *NOT_REACHED, DEADLINE_MISSED, "insufficient_data", STARTING_POINT
)  # fmt: skip
# Status rank for « Ce qui a changé », best first: a move to a lower rank is an upgrade
RANK: dict[str, int] = {code: i for i, code in enumerate((*REACHED, *NOT_REACHED, DEADLINE_MISSED))}


def reached(code: object) -> bool:
    """Whether a shown status says the target is reached (on time or after the deadline)."""
    return code in REACHED


def _shown(frame: pd.DataFrame, strategy: Strategy, keys: list[str]) -> pd.DataFrame:
    """``frame`` with the statuses of periods after the deadline as shown; the methodology's kept beside.

    A target reached after the deadline is late unless it was reached at the deadline: one unknown there (too
    few reports, no row) and reached later read « Cible atteinte » as if met on time. A value counted and
    short of its target is missed even without the baseline a pace needs (it read « Données insuffisantes »);
    the government's stays so when too few organisations reported for the period to count. A target reached
    at the deadline and short of it since met its deadline: it reads « Recul », not « Échéance manquée ».
    """
    frame = frame.assign(**{METHOD_STATUS: frame["status"]})  # with_deadline_statuses applies it once
    after_by_period = {p: bool(strategy.after_deadline(p)) for p in frame["period"].unique()}
    after = frame["period"].map(after_by_period).astype(bool)
    if not after.any():
        return frame
    at_deadline = frame[frame["period"].eq(strategy.deadline_period)]
    on_time = at_deadline.loc[at_deadline[METHOD_STATUS].eq("target_achieved"), keys].drop_duplicates()
    in_time = frame[keys].merge(on_time.assign(_on_time=True), on=keys, how="left")["_on_time"]
    late = ~in_time.fillna(False).astype(bool).to_numpy()
    status = frame[METHOD_STATUS]
    # a value counted and short of its target is missed, even without the starting value a pace needs (an
    # organisation's own row is 1 reporting of 1 expected: always counted)
    counted = coverage_met(frame["organisations_reporting"].fillna(0), frame["organisations_expected"].fillna(0),
                           strategy.coverage_threshold)  # fmt: skip
    missed = status.isin(NOT_REACHED) | (status.eq("insufficient_data") & frame["value"].notna() & counted)
    frame.loc[after & missed & late, "status"] = DEADLINE_MISSED
    # reached at the deadline and short of it since: the deadline was met, the target lost (« Recul »)
    frame.loc[after & missed & ~late, "status"] = "deterioration"
    frame.loc[after & status.eq("target_achieved") & late, "status"] = ACHIEVED_LATE
    return frame


def with_deadline_statuses(res: Results) -> Results:
    """``res`` with the statuses of periods after the deadline as shown (``res`` is left as is)."""
    if (
        METHOD_STATUS in res.indicators.columns
    ):  # already shown (the brief's content built from a page's results)
        return res
    s = res.dataset.strategy
    indicators = _shown(res.indicators, s, ["target"])
    by_organisation = res.by_organisation
    if "organisation" in by_organisation.columns:
        by_organisation = _shown(by_organisation, s, ["target", "organisation"])
        # an organisation created after the deadline had none to meet: reaching its target is no « en retard »
        orgs = res.dataset.organisations
        new = set(orgs.loc[~created_by(orgs, s.deadline_period), "code"].astype(str))
        late = by_organisation["status"].eq(ACHIEVED_LATE) & by_organisation["organisation"].isin(new)
        by_organisation.loc[late, "status"] = "target_achieved"
    return dataclasses.replace(res, indicators=indicators, by_organisation=by_organisation)


def shown_statuses(res: Results) -> Results:
    """The statuses as every report shows them: « Point de départ », and past the deadline (see module)."""
    return with_starting_points(with_deadline_statuses(res))  # the baseline is never after it


def deadline_words(strategy: Strategy, lang: str) -> str:
    """The strategy's deadline as a date in words: « 31 mars 2023 », "March 31, 2023"."""
    return format_date(strategy.deadline_day, lang)


def after_deadline_text(strategy: Strategy, lang: str) -> str:
    """The sentence that says the deadline has passed, on which day, and what a pace then compares."""
    return t("msg.after_deadline", lang, date=deadline_words(strategy, lang), deadline=strategy.deadline_period,
             baseline=strategy.baseline_period)  # fmt: skip


def status_note(strategy: Strategy, period: str, lang: str) -> str:
    """What the status of a target not achieved measures once the deadline has come ("" before it).

    « En bonne voie » at the 2022-2023 deadline, « Accélération nécessaire » in 2023-2024 read as if there
    were time left: at the deadline, the way made compared with the way needed; after it, the pace.
    """
    if strategy.before_deadline(period):
        return ""
    if strategy.after_deadline(period):
        return after_deadline_text(strategy, lang)
    return t("msg.at_deadline", lang, deadline=strategy.deadline_period, baseline=strategy.baseline_period)


def after_deadline_headline(strategy: Strategy, period: str, codes: list[str], total: int, lang: str) -> str:
    """The brief's first sentence past the deadline, and a space.

    « L'échéance de la stratégie, le 31 mars 2023, est passée : en 2023-2024, 3 cibles sur 10 sont
    atteintes, dont 2 après l'échéance. »
    """
    n, late = sum(reached(c) for c in codes), sum(c == ACHIEVED_LATE for c in codes)
    key = "brief.headline.after_deadline" + ("_none" if n == 0 and total > 1 else "_late" if late else "")
    return t(key, lang, period=period, date=deadline_words(strategy, lang), n=n, total=total, late=late) + " "


def unchanged_past_deadline(before: str, now: str) -> bool:
    """Whether a status change is none for the office: still short of a target whose deadline has passed.

    « Accélération nécessaire → Échéance manquée » says only that the deadline came.
    """
    return now == DEADLINE_MISSED and before in (*NOT_REACHED, DEADLINE_MISSED)


__all__ = [
    "ACHIEVED_LATE", "DEADLINE_MISSED", "METHOD_STATUS", "RANK", "REACHED", "SHOWN_STATUSES",
    "after_deadline_headline", "after_deadline_text", "deadline_words", "reached", "shown_statuses",
    "unchanged_past_deadline", "with_deadline_statuses",
]  # fmt: skip
