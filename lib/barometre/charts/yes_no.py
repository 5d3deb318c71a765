"""A yes/no target's organisations, counted: how many say yes, how many no (4.1 at 300 organisations).

A share-of-organisations target counted at 100 % (:attr:`~barometre.strategy.Target.yes_no`, 4.1: « 1 if the
organisation deploys measures, else 0 ») gives each organisation a yes or a no. Its strip plot piled 273
points at 100 % and the rest at 0 %, half of them clipped by the plot's border: nothing could be counted.
Here each answer is a bar as long as its share of the organisations, written out (« Oui : 273 organisations
sur 300 (91 %) »); the bar is made of one segment per organisation, so a click or the menu picks one out: its
segment turns black and ▲ names it with its answer. The target is a rule on the « oui » bar. Yes and no are
said in words, never by colour alone; the full list, with each answer, is the data table beside the chart.
"""

from __future__ import annotations

import json
from typing import Any

import altair as alt
import pandas as pd

from ..counts import format_count
from ..i18n import format_percent, t
from ..strategy import Target
from .base import OKABE_ITO, ON_WHITE, WIDTH, _finish, goal_text, numeric_target
from .value_axis import FULL, value_axis, value_scale

BAND = 64  # pixels of each answer's row: its count above, its bar, the highlighted organisation under it
BAR = 22
COLOURS = (ON_WHITE["blue"], ON_WHITE["orange"])  # yes, no: both 3:1 or more on white, and said in words


def answers(rows: pd.DataFrame, target: Target, lang: str) -> pd.Series:
    """Each organisation's answer (« oui », « non »), empty without a usable value."""
    meets = target.meets_threshold(rows["value"].astype(float))
    words = meets.map({True: t("chart.yes", lang), False: t("chart.no", lang)})
    return words.where(rows["value"].notna(), "")


def counts(rows: pd.DataFrame, target: Target) -> tuple[int, int]:
    """The organisations that answer yes and no (those with a value; as the government's share counts them)."""
    known = rows["value"].dropna().astype(float)
    yes = int(target.meets_threshold(known).sum())
    return yes, len(known) - yes


def count_text(answer: str, n: int, total: int, lang: str) -> str:
    """« Oui : 273 organisations sur 300 (91 %) »; a share short of 100 % never reads 100 %."""
    share = format_percent(n / total if total else None, lang)
    return t("chart.yes_no.count", lang, answer=answer, n=format_count(n, lang), count=n,
             total=format_count(total, lang), share=share)  # fmt: skip


def _segments(rows: pd.DataFrame, target: Target, lang: str) -> pd.DataFrame:
    """One segment per organisation, side by side in its answer's bar (in name order), in shares of all."""
    frame = rows[rows["value"].notna()].copy()
    frame["answer"] = answers(frame, target, lang)
    frame = frame.sort_values(["answer", "name"], ascending=[False, True], kind="stable")  # « oui » first
    total = len(frame)
    rank = frame.groupby("answer").cumcount()
    frame["x0"] = (rank / total).round(6)
    frame["x1"] = ((rank + 1) / total).round(6)
    return frame.reset_index(drop=True)


def _picked(lang: str, left: bool) -> str:
    """The Vega expression of « ▲ Nom : oui » (« Nom : oui ▲ » on the left of its ▲), from the catalogue.

    Written by Vega from the row's name and answer: a column of it repeated each name once more, 300 times.
    """
    text = t("chart.yes_no.picked", lang, name="\0", answer="\1")
    before, rest = text.split("\0", 1)
    between, after = rest.split("\1", 1)
    parts = [json.dumps(("▲ " if left else "") + before), "datum.name", json.dumps(between), "datum.answer",
             json.dumps(after + ("" if left else " ▲"))]  # fmt: skip
    return " + ".join(parts)


def yes_no_chart(
    rows: pd.DataFrame,
    select: Any,
    target: Target,
    period: str,
    named: str,
    title: str,
    lang: str,
    configure: bool,
) -> alt.TopLevelMixin:
    """The bars of a yes/no target's organisations (``rows``: :func:`..organisations._org_frame`).

    ``select`` is the organisation menu's point selection (on the segments: a click picks one too);
    ``named`` the target as the text names it.
    """
    frame = _segments(rows, target, lang)
    words = [t("chart.yes", lang), t("chart.no", lang)]
    yes, no = counts(rows, target)
    total = yes + no
    labels = [count_text(t(f"chart.yes_no.{k}", lang), n, total, lang) for k, n in (("yes", yes), ("no", no))]
    summary = pd.DataFrame({"answer": words, "label": labels,
                            "share": [n / total if total else 0.0 for n in (yes, no)]})  # fmt: skip
    y = alt.Y("answer:N", title=None, axis=None,
              scale=alt.Scale(domain=words, paddingInner=0, paddingOuter=0))  # fmt: skip
    colour = alt.Color("answer:N", scale=alt.Scale(domain=words, range=list(COLOURS)), legend=None)
    one = {"param": select.name, "empty": False}
    tooltip = [
        alt.Tooltip("name:N", title=t("chart.col.organisation", lang)),
        alt.Tooltip("answer:N", title=t("chart.col.answer", lang)),
        alt.Tooltip("status_label:N", title=t("chart.col.status", lang)),
    ]
    cols = ["organisation", "name", "answer", "x0", "x1", "status_label"]
    base = alt.Chart(frame[cols])
    layers: list[alt.Chart] = [
        # each answer's whole bar under its segments: no hairline between two of them shows the white page
        alt.Chart(summary)
        .mark_bar(height=BAR)
        .encode(y=y, x=_share_x("share", lang), color=colour,
                tooltip=[alt.Tooltip("label:N", title=t("chart.col.reporting", lang))]),
        base.mark_bar(height=BAR)
        .encode(y=y, x=_share_x("x0", lang), x2="x1:Q", tooltip=tooltip,
                color=alt.condition(one, alt.value(OKABE_ITO["black"]), colour))
        .add_params(select),
        alt.Chart(summary)
        .mark_text(align="left", baseline="bottom", dy=-(BAR // 2 + 3), fontSize=12, fontWeight="bold")
        .encode(y=y, x=alt.datum(0), text="label:N"),
    ]  # fmt: skip
    for left in (True, False):  # ▲ under its segment, the name beside it on the side with room
        layers.append(
            base.transform_filter(one)
            .transform_calculate(mid="(datum.x0 + datum.x1) / 2", mark=_picked(lang, left))
            .transform_filter("datum.mid < 0.5" if left else "datum.mid >= 0.5")
            .mark_text(align="left" if left else "right", dx=-5 if left else 5, dy=BAR // 2 + 10,
                       fontSize=12, fontWeight="bold")
            .encode(y=y, x="mid:Q", text="mark:N")
        )  # fmt: skip
    goal = numeric_target(target)
    layers += _target_rule(target, goal, lang)
    clause = t("chart.yes_no.target_clause", lang, value=goal_text(target, lang)) if goal is not None else ""
    description = t("chart.yes_no.description", lang, id=named, period=period, yes=labels[0],
                    no=count_text(words[1], no, total, lang), target=clause)  # fmt: skip
    chart = alt.layer(
        *layers,
        title=alt.TitleParams(title, subtitle=[target.label(lang)], offset=14),
        description=description,
        width=WIDTH,
        height=2 * BAND,
    )
    return _finish(chart, lang, configure)


def _share_x(field: str, lang: str) -> alt.X:
    """The axis of the shares of the reporting organisations, 0 to 100 %."""
    return alt.X(
        f"{field}:Q", title=t("chart.yes_no.axis", lang), scale=value_scale(FULL), axis=value_axis(FULL)
    )


def _target_rule(target: Target, goal: float | None, lang: str) -> list[alt.Chart]:
    """The target on the « oui » bar only (a share of the organisations answering yes), labelled above."""
    if goal is None:
        return []
    rule = pd.DataFrame({"x": [goal], "label": [t("chart.target_line", lang, value=goal_text(target, lang))]})
    right = goal >= 0.5  # the label on the side with room
    return [
        alt.Chart(rule)
        .mark_rule(color=OKABE_ITO["black"], strokeWidth=2)
        .encode(x="x:Q", y=alt.value(0), y2=alt.value(BAND),
                tooltip=[alt.Tooltip("label:N", title=t("chart.col.target", lang))]),
        alt.Chart(rule)
        .mark_text(align="right" if right else "left", dx=-3 if right else 3, y=-6, fontSize=11)
        .encode(x="x:Q", text="label:N"),
    ]  # fmt: skip
