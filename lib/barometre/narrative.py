"""Key messages in plain language, generated from the figures (French and English)."""

from __future__ import annotations

import math

import pandas as pd

from .i18n import format_percent, t
from .methodology_formulas import coverage_met, reporting_needed
from .strategy import Strategy


def _ids(frame: pd.DataFrame) -> str:
    return ", ".join(frame["target"].astype(str))


def key_messages(
    indicators: pd.DataFrame, summary: pd.DataFrame, strategy: Strategy, period: str, lang: str
) -> list[str]:
    """Short sentences that sum up the period: achieved targets, trends, setbacks, gaps."""
    now = indicators[indicators["period"] == period]
    with_target = now[now["target_value"].notna()]
    messages: list[str] = []
    glob = summary[(summary["period"] == period) & (summary["scope"] == "global")]
    if not glob.empty and not math.isnan(glob.iloc[0]["progress"]):
        g = glob.iloc[0]
        value = format_percent(g["progress"], lang)
        if strategy.is_baseline(period):  # « 0 % » there says where the targets start, not a failure
            messages.append(t("msg.global_baseline", lang, period=period, value=value))
        else:
            messages.append(t("msg.global", lang, value=value, n=int(g["targets_included"]),
                              total=int(g["targets_total"])))  # fmt: skip
    if len(with_target):
        achieved = with_target[with_target["status"] == "target_achieved"]
        messages.append(t("msg.achieved", lang, n=len(achieved), total=len(with_target), period=period))
    for code in ("on_track", "acceleration_needed", "limited_progress"):
        group = with_target[with_target["status"] == code]
        if len(group):
            messages.append(t(f"msg.{code}", lang, n=len(group), ids=_ids(group)))
    for _, row in with_target[with_target["status"] == "deterioration"].iterrows():
        series = indicators[(indicators["target"] == row["target"]) & (indicators["period"] <= period)]
        series = series.dropna(subset=["value"])
        peak = series.loc[series["value"].idxmax()] if len(series) else None
        if peak is not None and peak["period"] != period:
            messages.append(t("msg.declining_since", lang, id=row["target"], since=peak["period"]))
        else:
            messages.append(t("msg.below_baseline", lang, id=row["target"]))
    for _, row in now[now["status"] == "insufficient_data"].iterrows():
        threshold = strategy.coverage_threshold
        if row["organisations_expected"] and not coverage_met(
            row["organisations_reporting"], row["organisations_expected"], threshold
        ):
            messages.append(t("msg.insufficient", lang, id=row["target"], period=period,
                              n=int(row["organisations_reporting"]), total=int(row["organisations_expected"]),
                              needed=int(reporting_needed(row["organisations_expected"], threshold))))  # fmt: skip
    no_target = now[now["target_value"].isna()]
    if len(no_target):
        messages.append(t("msg.no_target", lang, ids=_ids(no_target)))
    return messages
