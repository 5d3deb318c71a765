"""Plan versus actual for the organisations chosen in the explorer (one target at a time).

For a target and the chosen organisations, each organisation that filed a plan for
that target gets its planned value(s) and its actual reported value per period, the
gap and the status in words (« Plan respecté », « En retard sur le plan »…, from
:func:`barometre.plans.organisation_plans`); planned periods after the chosen period
are « Prévu (période à venir) ». Organisations without a plan for the target are
named in a message (« Aucun plan déposé pour… »), never shown as an empty chart.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from .api import Results
from .charts.base import (
    GREY,
    OKABE_ITO,
    WIDTH,
    finish,
    numeric_target,
    period_axis,
    to_table,
)
from .charts.panels import with_gaps
from .charts.value_axis import axis_note, axis_top, noted, value_axis, value_scale, with_note
from .i18n import format_percent, t
from .plans import mark_rejected, organisation_plans, plans_ahead
from .plans_charts import format_actual
from .target_words import target_name

COLUMNS = ["organisation", "period", "planned_value", "value", "gap", "plan_status"]
# Columns of the plan-versus-actual table: (column, catalogue key of its header, kind).
PLAN_TABLE_SPEC: tuple[tuple[str, str, str], ...] = (
    ("series", "chart.col.organisation", "text"),
    ("code", "chart.col.code", "text"),
    ("period", "chart.col.period", "text"),
    ("planned_value", "plans.col.planned", "percent"),
    ("value", "plans.col.actual", "percent"),
    ("gap", "plans.col.gap", "points"),
    ("status_label", "plans.col.status", "text"),
)


def organisations_with_plan(results: Results, target_id: str, codes: Sequence[str]) -> list[str]:
    """The ``codes`` (in their order) that filed at least one planned value for ``target_id``."""
    plans = results.dataset.plans
    filed = set(plans.loc[plans["target"] == str(target_id), "organisation"])
    return [c for c in codes if c in filed]


def plan_versus_actual(results: Results, target_id: str, codes: Sequence[str], period: str) -> pd.DataFrame:
    """Planned and actual values of the chosen organisations that have a plan for ``target_id``.

    One row per organisation (in the order of ``codes``) and period that has a plan or a
    value up to ``period``, plus the planned periods after ``period`` (status ``planned``).
    Columns: ``organisation, period, planned_value, value, gap, plan_status`` where
    ``gap`` = actual − planned and ``plan_status`` is one of ``met``, ``behind``,
    ``no_data`` (planned, nothing reported), ``rejected`` (planned, the report rejected at validation), ``no_plan`` (reported, no plan for that
    period) or ``planned``.
    """
    ds = results.dataset
    strategy = ds.strategy
    strategy.target(target_id)  # raises with the list of valid ids
    chosen = organisations_with_plan(results, target_id, codes)
    if not chosen:
        return pd.DataFrame(columns=COLUMNS)
    plans = ds.plans[(ds.plans["target"] == str(target_id)) & ds.plans["organisation"].isin(chosen)]
    obs = ds.observations[
        (ds.observations["target"] == str(target_id)) & ds.observations["organisation"].isin(chosen)
    ]
    now = organisation_plans(plans, obs, ds.organisations, strategy, period)
    later = plans_ahead(plans, ds.organisations, strategy, period)
    parts = [df for df in (now[COLUMNS], later[COLUMNS]) if not df.empty]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    frame["_o"] = frame["organisation"].map({c: i for i, c in enumerate(chosen)})
    frame["_p"] = frame["period"].map({p: i for i, p in enumerate(strategy.periods)})
    frame = frame.sort_values(["_o", "_p"]).drop(columns=["_o", "_p"]).reset_index(drop=True)
    mark_rejected(frame, ds.rejected_keys, frame["organisation"], [str(target_id)] * len(frame))
    for column in ("planned_value", "value", "gap"):
        frame[column] = frame[column].astype(float)
    return frame


NAMED = 5  # organisations named in « Aucun plan déposé pour… »; the others are counted


def no_plan_message(results: Results, target_id: str, codes: Sequence[str], lang: str = "fr") -> str:
    """« Aucun plan déposé pour… » naming the chosen organisations without a plan ('' when all have one).

    With no organisation chosen, an invitation to choose some.
    """
    if not codes:
        return t("explorer.plans.choose", lang)
    if not results.dataset.has_plans:  # not 294 names, each « sans plan », read out by a screen reader
        return t("explorer.plans.no_file", lang)
    with_plan = set(organisations_with_plan(results, target_id, codes))
    missing = [results.dataset.organisation_name(c, lang) for c in codes if c not in with_plan]
    if not missing:
        return ""
    names = ", ".join(missing[:NAMED])
    if len(missing) > NAMED:
        names += t("explorer.plans.more", lang, n=len(missing) - NAMED)
    return t(
        "explorer.plans.none", lang, names=names, id=target_name(results.dataset.strategy, target_id, lang)
    )


def plan_versus_actual_table(
    results: Results,
    target_id: str,
    codes: Sequence[str],
    period: str,
    lang: str = "fr",
    formatted: bool = False,
) -> pd.DataFrame:
    """The plan-versus-actual table with headers in ``lang`` and the status in words."""
    frame = plan_versus_actual(results, target_id, codes, period)
    ds = results.dataset
    frame = frame.assign(
        series=[ds.organisation_name(c, lang) for c in frame["organisation"]],
        code=frame["organisation"],
        status_label=[t(f"plans.status.{s}", lang) for s in frame["plan_status"]],
    )
    table = to_table(frame, PLAN_TABLE_SPEC, lang, formatted)
    if formatted:  # never « 60 % » for 59,96 % beside « En retard sur le plan » (format_actual)
        decreases = ds.strategy.target(target_id).decreases
        table[t("plans.col.actual", lang)] = [
            format_actual(v, p, lang, decreases)
            for v, p in zip(frame["value"], frame["planned_value"], strict=True)
        ]
    return table


def _panel(
    rows: pd.DataFrame, name: str, period: str, strategy, target, lang: str, top: float = 1.0
) -> alt.LayerChart:
    """One organisation: planned (dashed, hollow squares), actual (solid, filled circles), target, period.

    The tooltip's value is written here (never « 60,0 % » for 59,96 % beside « En retard sur le plan »:
    :func:`~barometre.plans_charts.format_actual`); d3's format in the tooltip rounded it to the nearest.
    """
    planned_name, actual_name = t("plans.series.planned", lang), t("plans.series.actual", lang)
    labels = [t(f"plans.status.{s}", lang) for s in rows["plan_status"]]
    base = rows.assign(status_label=labels)
    tv = numeric_target(target)
    x = period_axis(strategy, lang, angle=-40)
    y = alt.Y("shown:Q", title=None, scale=value_scale(top), axis=value_axis(top))
    tooltip = [
        alt.Tooltip("series:N", title=t("chart.legend.series", lang)),
        alt.Tooltip("period:O", title=t("chart.col.period", lang)),
        alt.Tooltip("shown_label:N", title=t("chart.col.value", lang)),
        alt.Tooltip("status_label:N", title=t("plans.col.status", lang)),
    ]
    layers = [
        alt.Chart(pd.DataFrame({"period": [period]}))
        .mark_rule(color=GREY, strokeDash=[2, 2])
        .encode(x=alt.X("period:O", scale=alt.Scale(domain=list(strategy.periods))))
    ]
    planned = base[base["planned_value"].notna()].assign(
        series=planned_name,
        shown=lambda d: d["planned_value"],
        shown_label=lambda d: [format_percent(v, lang) for v in d["planned_value"]],
    )
    actual = base[base["value"].notna()].assign(
        series=actual_name,
        shown=lambda d: d["value"],
        shown_label=lambda d: [
            format_actual(v, p, lang, target.decreases)
            for v, p in zip(d["value"], d["planned_value"], strict=True)
        ],
    )
    # a plan withdrawn, a year not reported: the line breaks there
    planned = with_gaps(planned, strategy.periods, ["series"], "shown")
    actual = with_gaps(actual, strategy.periods, ["series"], "shown")
    if not planned.empty:
        layers.append(
            alt.Chart(planned)
            .mark_line(
                color=OKABE_ITO["blue"],
                strokeDash=[6, 3],
                point=alt.OverlayMarkDef(
                    shape="square",
                    filled=False,
                    fill="white",
                    color=OKABE_ITO["blue"],
                    size=50,
                    strokeWidth=2,
                ),
            )
            .encode(x=x, y=y, tooltip=tooltip)
        )
    if not actual.empty:
        layers.append(
            alt.Chart(actual)
            .mark_line(
                color=OKABE_ITO["vermillion"],
                strokeWidth=2,
                point=alt.OverlayMarkDef(filled=True, color=OKABE_ITO["vermillion"], size=50),
            )
            .encode(x=x, y=y, tooltip=tooltip)
        )
    if tv is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"shown": [tv]})).mark_rule(color=OKABE_ITO["black"]).encode(y=y)
        )
    at = base[base["period"] == period]
    subtitle = (
        t("explorer.plans.panel", lang, period=period, status=at["status_label"].iloc[0]) if len(at) else ""
    )
    return alt.layer(
        *layers, title=alt.TitleParams(name, subtitle=subtitle or alt.Undefined), width=240, height=150
    )


def plan_versus_actual_chart(
    results: Results,
    target_id: str,
    codes: Sequence[str],
    period: str,
    lang: str = "fr",
    configure: bool = True,
) -> alt.TopLevelMixin:
    """One small chart per chosen organisation with a plan: planned versus actual over time, same scale.

    Each panel's subtitle gives the status at ``period`` in words; without any plan in the
    selection the chart says so (« Aucun plan déposé pour… »), it is never empty.
    """
    ds = results.dataset
    strategy = ds.strategy
    target = strategy.target(target_id)
    frame = plan_versus_actual(results, target_id, codes, period)
    named = target_name(strategy, target_id, lang)  # « uptake » in a French title: its label
    title = t("explorer.plans.title", lang, id=named)
    if frame.empty:
        message = no_plan_message(results, target_id, codes, lang) or t("chart.no_data", lang)
        chart = (
            alt.Chart(pd.DataFrame({"message": [message]}))
            .mark_text(fontSize=13, color="#333333")
            .encode(text="message:N")
            .properties(title=title, description=message, width=WIDTH, height=60)
        )
        return finish(chart, lang, configure)
    # one scale for every panel: small values (a target of 0,44 %) end it at a step under 100 %, said
    top = axis_top(frame["planned_value"], frame["value"], numeric_target(target))
    panels = [
        _panel(rows, ds.organisation_name(code, lang), period, strategy, target, lang, top)
        for code, rows in frame.groupby("organisation", sort=False)
    ]
    note = axis_note(top, lang)
    chart = alt.concat(*panels, columns=3).properties(
        title=alt.TitleParams(title, subtitle=with_note(t("explorer.plans.subtitle", lang), top, lang)),
        description=noted(t("explorer.plans.description", lang, id=named, count=len(panels), period=period,
                                              top=format_percent(top, lang)), note),
    )  # fmt: skip
    return finish(chart, lang, configure)


__all__ = [
    "PLAN_TABLE_SPEC",
    "no_plan_message",
    "organisations_with_plan",
    "plan_versus_actual",
    "plan_versus_actual_chart",
    "plan_versus_actual_table",
]
