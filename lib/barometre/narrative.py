"""Key messages in plain language, generated from the figures (French and English)."""

from __future__ import annotations

import math

import pandas as pd

from .deadline_known import deadline_verdicts
from .deadline_shown import ACHIEVED_LATE, DEADLINE_MISSED, METHOD_STATUS, REACHED, status_note
from .i18n import format_percent, joined, t
from .methodology_formulas import coverage_met, reporting_needed
from .narrative_trend import names, no_target_trends, target_name
from .strategy import Strategy


def _ids(frame: pd.DataFrame, strategy: Strategy, lang: str) -> str:
    """« 1.1, 2.1, 3.1 »: the targets listed after a colon (by label when their ids are words)."""
    return ", ".join(names(strategy, frame["target"], lang))


def _subject(frame: pd.DataFrame, strategy: Strategy, lang: str) -> str:
    """« 1.1, 2.1 et 3.1 »: the targets as the subject of a sentence (« Les cibles 1.1 et 2.1 ont été … »)."""
    return joined(names(strategy, frame["target"], lang), lang)


GROUP_INSUFFICIENT_FROM = 3  # from three targets short of reports on, one sentence names them all


def _insufficient(now: pd.DataFrame, strategy: Strategy, period: str, lang: str) -> list[str]:
    """Targets whose period does not count for lack of reports: a sentence each, or one for many.

    A collection still under way leaves every target short; ten sentences alike said it less clearly.
    """
    rows = now[now["status"] == "insufficient_data"]
    expected = rows["organisations_expected"].astype(float)
    rows = rows[
        (expected > 0) & ~coverage_met(rows["organisations_reporting"], expected, strategy.coverage_threshold)
    ]
    if rows.empty:
        return []
    total = rows["organisations_expected"].astype(int)
    needed = reporting_needed(total.to_numpy(), strategy.coverage_threshold).astype(int)
    reporting = rows["organisations_reporting"].astype(int)
    if len(rows) >= GROUP_INSUFFICIENT_FROM and total.nunique() == 1:
        low, high = int(reporting.min()), int(reporting.max())
        key = "msg.insufficient_many" if low == high else "msg.insufficient_many_range"
        return [t(key, lang, count=len(rows), period=period, ids=_ids(rows, strategy, lang), n=low, low=low, high=high,
                  total=int(total.iloc[0]), needed=int(needed[0]))]  # fmt: skip
    return [t("msg.insufficient", lang, id=target_name(strategy, target, lang), period=period, n=n, total=tot,
              needed=int(need))
            for target, n, tot, need in zip(rows["target"], reporting, total, needed, strict=True)]  # fmt: skip


def _no_baseline(now: pd.DataFrame, strategy: Strategy, period: str, lang: str) -> list[str]:
    """Targets reported well enough this period, short of data because their starting period has none.

    The status « Données insuffisantes » beside 25 organisations of 25 reporting said nothing of why.
    """
    if strategy.is_baseline(period):  # there the starting point is the figure itself (msg.global_baseline)
        return []
    rows = now[(now["status"] == "insufficient_data") & now["baseline_value"].isna()]
    rows = rows[coverage_met(rows["organisations_reporting"], rows["organisations_expected"].astype(float),
                             strategy.coverage_threshold)]  # fmt: skip
    if rows.empty:
        return []
    # not « its starting period has no counted value »: it is still to come
    if strategy.before_baseline(period):
        return [t("msg.before_baseline", lang, period=period, baseline=strategy.baseline_period)]
    return [
        t(
            "msg.no_baseline",
            lang,
            n=len(rows),
            ids=_subject(rows, strategy, lang),
            baseline=strategy.baseline_period,
        )
    ]


def key_messages(
    indicators: pd.DataFrame,
    summary: pd.DataFrame,
    strategy: Strategy,
    period: str,
    lang: str,
    withhold_uncounted: bool = True,
) -> list[str]:
    """Short sentences that sum up the period: achieved targets, trends, setbacks, gaps.

    ``withhold_uncounted``: a change from a period that does not count is not given (the brief, as its table),
    else given with a caution (the site, as its cards); see :func:`.narrative_trend.no_target_trends`.
    """
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
        achieved = with_target[with_target["status"].isin(REACHED)]  # on time or after the deadline
        # not « 0 cible sur 4 »; nor « aucune n'est atteinte » of targets too few reported to be judged (1.1 at
        # 86 % of a 75 % target from 8 of 25 organisations)
        counted = coverage_met(
            with_target["organisations_reporting"],
            with_target["organisations_expected"].astype(float),
            strategy.coverage_threshold,
        )
        unjudged = int((~counted.astype(bool)).sum())
        key = "msg.achieved" if len(achieved) or len(with_target) == 1 else "msg.achieved_none"
        if not len(achieved) and unjudged:
            judged = (
                len(with_target) - unjudged
            )  # « Aucune des 1 cible jugée » read badly: one of each is said alone
            key = ("msg.achieved_unknown" + "_one" * (unjudged == 1) if not judged
                   else "msg.achieved_none_judged" + "_one" * (judged == 1))  # fmt: skip
        messages.append(t(key, lang, n=len(achieved), total=len(with_target), period=period, unjudged=unjudged,
                          judged=len(with_target) - unjudged))  # fmt: skip
        if len(achieved) < len(with_target) and (note := status_note(strategy, period, lang)):
            messages.append(note)  # what the status of a target not achieved measures once the deadline came
        late = with_target[with_target["status"] == ACHIEVED_LATE]
        if len(late):  # « Cible atteinte » in 2023-2024 for 6.1, missed in 2022-2023: reached late
            messages.append(
                t(
                    "msg.achieved_late",
                    lang,
                    n=len(late),
                    ids=_subject(late, strategy, lang),
                    deadline=strategy.deadline_period,
                    period=period,  # « after the deadline (2022-2023) » read as achieved in 2022-2023
                )
            )
    for code in ("on_track", "acceleration_needed", "limited_progress", DEADLINE_MISSED):
        group = with_target[with_target["status"] == code]
        if len(group):
            messages.append(t(f"msg.{code}", lang, n=len(group), ids=_ids(group, strategy, lang)))
    # past the deadline a target whose pace is « Recul » is shown « Échéance manquée », and one reached at the
    # deadline and lost since is shown « Recul » whatever its pace: the fall of either is said
    method = with_target.get(METHOD_STATUS, with_target["status"])
    fell = (method == "deterioration") | (with_target["status"] == "deterioration")
    for _, row in with_target[fell].iterrows():
        series = indicators[(indicators["target"] == row["target"]) & (indicators["period"] <= period)]
        series = series.dropna(subset=["value"])
        down = strategy.target(row["target"]).decreases  # its best point is its lowest
        best = (series["value"].idxmin() if down else series["value"].idxmax()) if len(series) else None
        peak = series.loc[best] if best is not None else None
        name = target_name(strategy, row["target"], lang)
        if peak is not None and peak["period"] != period:
            # « recule depuis 2020-2021 » read as a fall every year, in a year 5.2 rose 3,9 points. « en recul »
            # only of a target shown « Recul »: 5.2, « Échéance manquée » and up 3,4 points, « reste sous » it
            fell_now = row["status"] == "deterioration"
            key = ("msg.declining_since" if fell_now else "msg.below_best") + "_down" * down  # best is lowest
            messages.append(t(key, lang, id=name, since=peak["period"],
                              best=format_percent(peak["value"], lang), value=format_percent(row["value"], lang),
                              period=period))  # fmt: skip
        else:
            key = "msg.above_baseline" if down else "msg.below_baseline"
            messages.append(t(key, lang, id=name))
    messages += _insufficient(now, strategy, period, lang)
    # past the deadline, what the deadline said of each target too few reported now (« Données insuffisantes »
    # and « 4 cibles … échéance dépassée » left out C1, missed at the deadline)
    messages += [t(f"msg.at_deadline.{v.verdict}", lang, id=target_name(strategy, v.target, lang), deadline=v.deadline, known=v.known)
                 for v in deadline_verdicts(indicators, strategy, period, lang)]  # fmt: skip
    messages += _no_baseline(now, strategy, period, lang)
    # without a target value, the value and its trend in words (« uptake, feedback » said neither)
    return messages + no_target_trends(indicators, strategy, period, lang, withhold_uncounted)
