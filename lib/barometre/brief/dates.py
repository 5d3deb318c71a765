"""The dates the brief and the deck give: what day the data are as of, and the strategy's deadline.

A brief made on 6 December 2026 of the 2026-2027 period said « Données au 31 mars 2027 (fin de la période
2026-2027). », a day still to come, and never that its figures were provisional (only the console said
« Ses chiffres ne sont pas définitifs »). Before the deadline the brief never gave it: its risks said
« valeur projetée en 2026-2027 » without saying that 2026-2027 is when the strategy ends.
"""

from __future__ import annotations

import datetime as dt
import math

from ..deadline_shown import after_deadline_headline, deadline_words
from ..i18n import format_date, joined, t
from ..period_notes import under_way_note
from ..strategy_model import Strategy, period_end, period_year
from .rows import TargetRow


def data_date(period: str, lang: str, today: dt.date) -> str:
    """« Données au 31 mars 2023 (fin de la période 2022-2023). », or « Données au [today] : … provisoires ».

    Of a period not over on ``today``, the day the pack is made: its period under way and its figures
    provisional, as the site's banner says it.
    """
    said = under_way_note(period, today, lang)  # the console's rule (« pas définitifs »), the site's words
    return said or t("brief.data_date", lang, date=format_date(period_end(period), lang), period=period)


def deadline_to_come(strategy: Strategy, period: str, today: dt.date) -> bool:
    """Whether ``period`` is the deadline's and its deadline day is still to come on ``today``.

    A brief made on 8 December 2026 of the 2026-2027 deadline period said « À l'échéance de la stratégie
    (2026-2027), 1 cible sur 10 est atteinte » and « 75 % (non atteinte) » four months before 31 March 2027,
    beside its own « la période 2026-2027 est en cours ». Until that day it speaks as before the deadline.
    """
    return period == strategy.deadline_period and today <= strategy.deadline_day


def deadline_ahead(strategy: Strategy, period: str, rows: list[TargetRow], lang: str, today: dt.date) -> str:
    """A space and « Échéance de la stratégie : 31 mars 2027 (exercice 2026-2027, 1 an après 2025-2026). ».

    Before the deadline (or in its period, the day still to come), of a strategy with target values on the
    brief's rows; else "". The minister is asked how much time is left; from the deadline on the headline gives
    the verdict.
    """
    if all(math.isnan(r.target_value) for r in rows):
        return ""
    if deadline_to_come(strategy, period, today):
        return " " + t(
            "brief.headline.deadline_current", lang, date=deadline_words(strategy, lang), period=period
        )
    if not strategy.before_deadline(period):
        return ""
    n = period_year(strategy.deadline_period) - period_year(period)
    return " " + t("brief.headline.deadline_ahead", lang, date=deadline_words(strategy, lang),
                   deadline=strategy.deadline_period, n=n, period=period)  # fmt: skip


def deadline_sentence(
    strategy: Strategy, period: str, rows: list[TargetRow], lang: str, today: dt.date
) -> str:
    """« À l'échéance de la stratégie (2022-2023), 1 cible sur 10 est atteinte. » and a space; or "".

    From the deadline on, how many targets are achieved is what the office is asked first; the index and
    « En bonne voie » only say how far the others went. Counted on the brief's own rows, as its status
    counts are; those too few organisations reported are said unjudged (« aucune des 10 cibles n'est
    atteinte » read as 10 missed where 9 had no report).
    """
    if strategy.before_deadline(period) or deadline_to_come(strategy, period, today):
        return ""
    total = sum(not math.isnan(r.target_value) for r in rows)
    unjudged = sum(not math.isnan(r.target_value) and r.status == "insufficient_data" for r in rows)
    after = t("brief.headline.deadline_unjudged", lang, n=unjudged, total=total) + " " if unjudged else ""
    if strategy.after_deadline(period):  # « …, dont 2 après l'échéance. »
        return after_deadline_headline(strategy, period, [r.status for r in rows], total, lang) + after
    n, key = sum(r.status == "target_achieved" for r in rows), "brief.headline.deadline"
    # « Aucune des 4 cibles n'est atteinte », not « 0 cible sur 4 »
    key += "_none" if n == 0 and total > 1 else ""
    text = t(key, lang, period=period, deadline=strategy.deadline_period, n=n, total=total) + " " + after
    on_track = [r.name for r in rows if r.status == "on_track"]
    if on_track:  # « 1.1 ↗ En bonne voie » at 73,6 % of 75 %: read as met, from the deadline on it is not
        text += t("brief.headline.on_track_not_met", lang, ids=joined(on_track, lang), n=len(on_track)) + " "
    return text
