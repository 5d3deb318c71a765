"""Charts and tables of plan versus actual (issue 14), built on the shared chart settings.

An organisation's planned trajectory is a dashed line with hollow squares, its
actual values a solid line with filled circles: told apart by dash and shape as
well as colour. Status is given in words in the tooltip and the table.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import OKABE_ITO, localize
from .charts.panels import PANEL_WIDTH, target_panels, with_gaps
from .charts.value_axis import TOP_FIELD, noted, panel_tops, panels_note, panels_y, top_marks
from .dataset import Dataset
from .i18n import format_percent, format_points, format_value, t
from .plans import TOLERANCE, dataset_organisation_plans, mark_rejected, plans_ahead
from .target_words import tags, with_id


def plan_frame(ds: Dataset, organisation: str, period: str) -> pd.DataFrame:
    """Plan versus actual of one organisation for the targets it planned.

    One row per target and period that has a plan (every planned period, up to
    the deadline) or a value (periods ≤ ``period``); periods after ``period``
    have ``plan_status`` = ``planned``; a value rejected at validation, ``rejected``.
    """
    order = {p: i for i, p in enumerate(ds.strategy.periods)}
    planned = ds.plans[ds.plans["organisation"] == organisation]
    targets = set(planned["target"])
    if not targets:
        return pd.DataFrame(columns=["target", "period", "planned_value", "value", "plan_status", "gap"])
    by = dataset_organisation_plans(ds, period)
    now = by[(by["organisation"] == organisation) & by["target"].isin(targets)]
    later = plans_ahead(planned, ds.organisations, ds.strategy, period)
    cols = ["target", "period", "planned_value", "value", "plan_status", "gap"]
    frame = pd.concat([now[cols], later[cols]], ignore_index=True)
    # a value declared but rejected at validation: not « Prévu, aucune donnée déclarée » (the page's own table
    # above said « déclaré mais rejeté »)
    mark_rejected(frame, ds.rejected_keys, [organisation] * len(frame), frame["target"])
    frame["_t"] = frame["target"].map({tid: i for i, tid in enumerate(ds.strategy.target_ids)})
    frame["_p"] = frame["period"].map(order)
    return frame.sort_values(["_t", "_p"])[cols].reset_index(drop=True)


def plan_status_label(code: str, lang: str) -> str:
    """The plan status in words (« En retard sur le plan »)."""
    return t(f"plans.status.{code}", lang)


def format_actual(value: float | None, planned: float | None, lang: str, decreases: bool = False) -> str:
    """The actual value beside its plan, never reading as meeting a plan it misses.

    « 59,9 % » for 59,96 % against a plan of 60 % (« En retard sur le plan »), as for a target
    (:func:`format_value`); the goal carries the plans' own tolerance, so the words and the digits agree.
    """
    goal = None if planned is None or pd.isna(planned) else planned + (TOLERANCE if decreases else -TOLERANCE)
    return format_value(value, goal, lang, at_most=decreases)


def plan_table(ds: Dataset, organisation: str, period: str, lang: str = "fr") -> pd.DataFrame:
    """The formatted plan-versus-actual table (French number formats, status in words)."""
    frame = plan_frame(ds, organisation, period)
    return pd.DataFrame({
        t("col.target_id", lang): frame["target"].map(tags(ds.strategy, lang)),
        t("chart.col.period", lang): frame["period"],
        t("plans.col.planned", lang): [format_percent(v, lang) for v in frame["planned_value"]],
        t("plans.col.actual", lang): [
            format_actual(v, p, lang, ds.strategy.target(tid).decreases)
            for v, p, tid in zip(frame["value"], frame["planned_value"], frame["target"], strict=True)
        ],
        t("plans.col.gap", lang): [format_points(v, lang, (p, a)) for v, p, a
                                   in zip(frame["gap"], frame["planned_value"], frame["value"], strict=True)],
        t("plans.col.status", lang): [plan_status_label(s, lang) for s in frame["plan_status"]],
    })  # fmt: skip


def plan_chart(
    ds: Dataset, organisation: str, period: str, lang: str = "fr", columns: int = 3, configure: bool = True
) -> alt.TopLevelMixin:
    """Small multiples, one per planned target: planned trajectory and actual values over time."""
    frame = plan_frame(ds, organisation, period)
    name = ds.organisation_name(organisation, lang)
    titles = {tg.id: with_id(tg.id, tg.label(lang), lang) for tg in ds.strategy.targets}
    planned_name, actual_name = t("plans.series.planned", lang), t("plans.series.actual", lang)
    decreases = [ds.strategy.target(tid).decreases for tid in frame["target"]]
    long = pd.concat([
        frame.assign(series=planned_name, shown=frame["planned_value"],
                     shown_label=[format_percent(v, lang) for v in frame["planned_value"]]),
        frame.assign(series=actual_name, shown=frame["value"],
                     shown_label=[format_actual(v, p, lang, d) for v, p, d
                                  in zip(frame["value"], frame["planned_value"], decreases, strict=True)]),
    ], ignore_index=True)  # fmt: skip
    long = with_gaps(long, ds.strategy.periods, ["target", "series"], "shown")  # a plan withdrawn, no report
    long["target_title"] = long["target"].map(titles)
    long["status_label"] = [
        plan_status_label(s, lang) if s else ""
        for s in long["plan_status"]  # a gap: ""
    ]
    domain = [planned_name, actual_name]
    legend = t("chart.legend.series", lang)
    colour = alt.Color("series:N", title=legend,
                       scale=alt.Scale(domain=domain, range=[OKABE_ITO["blue"], OKABE_ITO["vermillion"]]))  # fmt: skip
    dash = alt.StrokeDash("series:N", title=legend, scale=alt.Scale(domain=domain, range=[[6, 3], [1, 0]]))
    shape = alt.Shape("series:N", title=legend, scale=alt.Scale(domain=domain, range=["square", "circle"]))
    fill = alt.Fill(
        "series:N", title=legend, scale=alt.Scale(domain=domain, range=["white", OKABE_ITO["vermillion"]])
    )
    x = alt.X("period:O", title=t("chart.col.period", lang), scale=alt.Scale(domain=list(ds.strategy.periods)),
              axis=alt.Axis(labelAngle=-30))  # fmt: skip
    # each target's panel from 0 to 100 %, or to a step above its plans, values and target value when all
    # are small (0,44 %); a plan of 24 % towards a target of 50 % keeps 0–100 %: it is read against it
    goals = {tg.id: tg.target_value for tg in ds.strategy.targets}
    long[TOP_FIELD] = panel_tops(long.assign(goal=long["target"].map(goals)), "target", ["shown", "goal"])
    y = panels_y("shown", t("chart.col.value", lang), long[TOP_FIELD])
    tooltip = [
        alt.Tooltip("series:N", title=legend),
        alt.Tooltip("target_title:N", title=t("chart.col.target", lang)),
        alt.Tooltip("period:O", title=t("chart.col.period", lang)),
        # as format_actual writes it: d3's « .1% » rounded 59,96 % up to a plan of 60 % it misses
        alt.Tooltip("shown_label:N", title=t("chart.col.value", lang)),
        alt.Tooltip("status_label:N", title=t("plans.col.status", lang)),
    ]
    layer = alt.layer(
        alt.Chart().mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, strokeDash=dash),
        alt.Chart().mark_point(size=60, strokeWidth=2).encode(x=x, y=y, color=colour, shape=shape, fill=fill,
                                                               tooltip=tooltip),
        *top_marks(y),
        data=long[["target", "target_title", "period", "series", "shown", "shown_label", "status_label"]
                  + [TOP_FIELD] * bool(top_marks(y))],  # each panel's top, when one is not 100 %
    ).properties(width=PANEL_WIDTH, height=150)  # fmt: skip
    chart, order = target_panels(layer, long["target_title"], columns)
    if top_marks(y):  # each panel its own scale, its top
        chart = chart.resolve_scale(y="independent")
    named = long["target"].map(tags(ds.strategy, lang))  # « uptake »: its label
    note = panels_note(dict(zip(named, long[TOP_FIELD], strict=True)), lang)
    description = t("plans.chart.description", lang, name=name, count=len(order), period=period)
    chart = chart.properties(
        title=alt.TitleParams(t("plans.chart.title", lang, name=name), subtitle=note) if note
        else t("plans.chart.title", lang, name=name),
        description=noted(description, note),
    )  # fmt: skip
    return localize(chart, lang) if configure else chart


__all__ = ["plan_chart", "plan_frame", "plan_status_label", "plan_table"]
