"""Key messages' words for targets: their names in running text, and the trend of those without a target value.

A strategy whose targets have no target value (the Government of Canada's service indicators) had one key
message, « Sans cible chiffrée, seule la tendance est suivie : uptake, feedback, end-to-end. »: no trend,
and ids that are English words inside French text.
"""

from __future__ import annotations

import pandas as pd

from .blocks import change_sign
from .i18n import format_percent, format_points, t
from .methodology_formulas import row_counted
from .methodology_government import previous_period
from .strategy import Strategy
from .target_words import names, target_name

__all__ = ["names", "no_target_trends", "target_name"]


def no_target_trends(
    indicators: pd.DataFrame, strategy: Strategy, period: str, lang: str, withhold_uncounted: bool = True
) -> list[str]:
    """A sentence for each target without a target value: its value, and its change since the period before.

    With ``withhold_uncounted`` (the brief), the change is given as the brief's table gives it: only when both
    periods count (enough reporting organisations); otherwise the sentence says which period does not count.
    Without (the site), as its cards give it: a change from a period that does not count, to read with caution
    (the overview said « évolution … non donnée » above cards that gave it). « stable » follows the one rule
    of « ≈ » (:func:`barometre.blocks.change_sign`).
    """
    now = indicators[(indicators["period"] == period) & indicators["target_value"].isna()]
    previous = previous_period(strategy, period) if period in strategy.periods else None
    before = indicators[indicators["period"] == previous].set_index("target") if previous else None
    messages = []
    for _, row in now.iterrows():
        words = {
            "id": target_name(strategy, str(row["target"]), lang),
            "period": period,
            "previous": previous,
        }
        if pd.isna(row["value"]):  # none of the expected reported: said with the other short targets
            if not float(row["organisations_expected"]) > 0:  # (narrative._insufficient); none expected
                messages.append(t("msg.no_target.no_value", lang, **words))
            continue
        words["value"] = format_percent(row["value"], lang)
        if not row_counted(row, strategy):  # how many reported is said once for all (narrative._insufficient)
            messages.append(t("msg.no_target.not_counted", lang, **words))
            continue
        change = row.get("change")
        if before is None or pd.isna(change) or row["target"] not in before.index:
            messages.append(t("msg.no_target.value", lang, **words))
            continue
        counted_before = row_counted(before.loc[row["target"]], strategy)
        if withhold_uncounted and not counted_before:
            messages.append(t("msg.no_target.withheld", lang, **words))
        else:
            ends = (float(row["value"]), float(row["value"]) - float(change))
            sign = {"▲": "up", "▼": "down"}.get(change_sign(change, ends), "stable")
            delta = format_points(change, lang, ends)  # « en hausse de 13,5 pts », « stable (+0,2 pt) »
            delta = delta if sign == "stable" else delta.lstrip("+\u2212")
            trend = t(f"msg.trend.{sign}", lang, delta=delta)
            key = "change" if counted_before else "change_uncounted"
            messages.append(t(f"msg.no_target.{key}", lang, **words, trend=trend))
    return messages
