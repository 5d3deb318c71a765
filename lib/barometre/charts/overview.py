"""The whole strategy at a glance: targets overview and the global index."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from ..api import Results
from ..i18n import t
from ..said_nothing import informative_tips, no_status
from ..target_words import target_tag
from .base import (
    OKABE_ITO,
    ON_WHITE,
    STATUS_ORDER,
    STATUS_OUTLINE,
    WIDTH,
    _empty_chart,
    _finish,
    _pct,
    _status_color,
    _status_shape,
    _to_table,
    _value_x,
    goal_labels,
    goal_tip,
    status_label,
    value_labels,
    value_tip,
)

# --------------------------------------------------------------------------- (d) overview


def _overview_frame(results: Results, period: str, lang: str) -> pd.DataFrame:
    """One row per target as the overview shows it (``target``: its id, or the short label of a word id)."""
    strategy = results.dataset.strategy
    ind = results.indicators[results.indicators["period"] == period].set_index("target")
    rows = []
    for target in strategy.targets:
        r = ind.loc[target.id] if target.id in ind.index else None
        rows.append(
            {
                "target": target_tag(target, lang),  # « uptake » on a French axis: its label instead
                "ambition": target.ambition,
                "label": target.label(lang),
                "value": math.nan if r is None else r["value"],
                "target_value": math.nan if target.target_value is None else float(target.target_value),
                "at_most": target.decreases,
                "progress": math.nan if r is None else r["progress"],
                "status": ""
                if r is None and target.target_value is None
                else ("insufficient_data" if r is None else r["status"]),
                "organisations_reporting": 0 if r is None else int(r["organisations_reporting"]),
                "organisations_expected": 0 if r is None else int(r["organisations_expected"]),
            }
        )
    frame = pd.DataFrame(rows)
    frame["status"] = frame["status"].fillna("")
    frame["status_label"] = frame["status"].map(lambda s: status_label(s, lang))
    frame["value_label"] = value_labels(frame, lang)
    frame["goal_label"] = goal_labels(frame, lang)
    frame["progress_label"] = frame["progress"].map(lambda v: _pct(v, lang))
    return frame


def overview_table(results: Results, period: str, lang: str = "fr", formatted: bool = False) -> pd.DataFrame:
    """Data of :func:`overview_chart`: one row per target of the strategy for ``period``."""
    rows = _overview_frame(results, period, lang)
    spec = [
        ("target", "chart.col.target", "text"),
        ("label", "chart.col.target_label", "text"),
        ("value", "chart.col.value", "value"),
        ("target_value", "chart.col.target_value", "goal"),
        ("progress", "chart.col.progress", "percent"),
        ("status_label", "chart.col.status", "text"),
        ("organisations_reporting", "chart.col.reporting", "int"),
        ("organisations_expected", "chart.col.expected", "int"),
    ]
    return _to_table(rows, spec, lang, formatted)


def overview_chart(
    results: Results, period: str, lang: str = "fr", configure: bool = True
) -> alt.TopLevelMixin:
    """All targets at a glance: value bars against target ticks, the status as shape and as text."""
    strategy = results.dataset.strategy
    rows = _overview_frame(results, period, lang)
    title = t("chart.overview.title", lang, period=period)
    if rows.empty:
        return _empty_chart(title, lang, configure)
    order = list(rows["target"])
    y = alt.Y("target:N", title=t("chart.col.target", lang), sort=order)
    tooltip = [
        alt.Tooltip("target:N", title=t("chart.col.target", lang)),
        alt.Tooltip("label:N", title=t("chart.col.target_label", lang)),
        value_tip(lang),  # as the labels write it: never « 60 % » for a value short of a 60 % target
        goal_tip("chart.col.target_value", lang),  # « au plus 15 % »: it read « 15,0 % »
        alt.Tooltip("progress_label:N", title=t("chart.col.progress", lang)),
        alt.Tooltip("status_label:N", title=t("chart.col.status", lang)),
    ]
    tooltip = informative_tips(rows, tooltip)  # no « Valeur cible — », « Taux d'avancement — » on every bar
    cols = [
        "target",
        "label",
        "value",
        "target_value",
        "goal_label",
        "progress",
        "status_label",
        "value_label",
        "progress_label",
    ]
    base = alt.Chart(rows[cols])
    x = _value_x(lang)
    bars = alt.layer(
        base.mark_bar(height=16).encode(y=y, x=x, color=_status_color(lang, legend=False), tooltip=tooltip),
        base.mark_tick(color=OKABE_ITO["black"], thickness=3, size=24)
        .encode(y=y, x="target_value:Q", tooltip=tooltip)
        .transform_filter("isValid(datum.target_value)"),
        # The values in a column right of the plot: written at each bar's end, the target's tick crossed
        # those close below their target (1.1: « 73,6 % » under the tick at 75 %).
        base.mark_text(align="left", x="width", dx=8, fontSize=11).encode(y=y, text="value_label:N"),
    ).properties(width=WIDTH - 250, height=26 * len(rows))
    if no_status(rows["status"]):  # « Sans cible chiffrée » beside every bar: the values alone
        description = t("chart.overview.description_values", lang, count=len(strategy.targets), period=period)
        return _finish(bars.properties(title=title, description=description), lang, configure)
    status = alt.layer(
        base.mark_point(filled=True, size=120, stroke="#000000", strokeWidth=STATUS_OUTLINE).encode(
            y=alt.Y("target:N", sort=order, axis=None),
            x=alt.datum(0, scale=alt.Scale(domain=[0, 10]), axis=None),
            color=_status_color(lang, legend=False),
            shape=_status_shape(lang, legend=False),
            tooltip=tooltip,
        ),
        base.mark_text(align="left", dx=12, fontSize=12).encode(
            y=alt.Y("target:N", sort=order, axis=None),
            x=alt.datum(0, scale=alt.Scale(domain=[0, 10]), axis=None),
            text="status_label:N",
            tooltip=tooltip,
        ),
    ).properties(width=200, height=26 * len(rows), title=t("chart.col.status", lang))
    counts = rows["status_label"].value_counts()
    counts_text = t("punct.semicolon", lang).join(
        t(
            "chart.overview.status_count",
            lang,
            label=status_label(code, lang),
            count=int(counts[status_label(code, lang)]),
        )
        for code in STATUS_ORDER
        if status_label(code, lang) in counts.index
    )
    clause = t("chart.overview.target_clause", lang) if rows["target_value"].notna().any() else ""
    description = t(
        "chart.overview.description", lang,
        count=len(strategy.targets), period=period, counts=counts_text, target=clause,
    )  # fmt: skip
    chart = alt.hconcat(bars, status, spacing=60).properties(title=title, description=description)
    return _finish(chart, lang, configure)


# --------------------------------------------------------------------------- (e) global index


def _index_frame(results: Results, period: str, lang: str, include_ambitions: bool) -> pd.DataFrame:
    strategy = results.dataset.strategy
    summary = results.summary[results.summary["period"] == period]
    rows = []
    for _, r in summary.iterrows():
        if r["scope"] == "global":
            label = t("chart.global_index", lang)
        elif r["scope"] == "contribution":
            label = next(c.title(lang) for c in strategy.contributions if c.id == r["id"])
        elif include_ambitions:
            label = t("chart.ambition_title", lang, id=r["id"], title=strategy.ambition(r["id"]).title(lang))
        else:
            continue
        rows.append({**r.to_dict(), "label": label})
    frame = pd.DataFrame(rows, columns=[*results.summary.columns, "label"])
    frame["scope_label"] = frame["scope"].map(
        {
            "global": t("chart.global_index", lang),
            "contribution": t("chart.col.scope", lang),
            "ambition": t("explorer.ambition", lang),
        }
    )
    frame["value_label"] = frame["progress"].map(lambda v: _pct(v, lang))
    return frame.reset_index(drop=True)


def index_table(
    results: Results, period: str, lang: str = "fr", include_ambitions: bool = False, formatted: bool = False
) -> pd.DataFrame:
    """Data of :func:`index_chart`: global index, contributions (and ambitions) with their mean progress."""
    rows = _index_frame(results, period, lang, include_ambitions)
    spec = [
        ("label", "chart.col.scope", "text"),
        ("progress", "chart.col.progress", "percent"),
        ("targets_included", "chart.col.targets_included", "int"),
        ("targets_total", "chart.col.targets_total", "int"),
    ]
    return _to_table(rows, spec, lang, formatted)


def index_chart(
    results: Results, period: str, lang: str = "fr", include_ambitions: bool = False, configure: bool = True
) -> alt.TopLevelMixin:
    """Bars of mean progress (taux d'avancement) for the global index and the contributions (and ambitions)."""
    rows = _index_frame(results, period, lang, include_ambitions)
    title = t(results.dataset.strategy.rollup_key("chart.index.title"), lang, period=period)
    if rows.empty or rows["progress"].isna().all():
        return _empty_chart(title, lang, configure)
    order = list(rows["label"])
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=420))
    x = _value_x(lang, "progress", "chart.col.progress")
    tooltip = [
        alt.Tooltip("label:N", title=t("chart.col.scope", lang)),
        # as the bar's label writes it: d3's « .1% » rounded 99,96 % up to « 100,0 % »
        alt.Tooltip("value_label:N", title=t("chart.col.progress", lang)),
        alt.Tooltip("targets_included:Q", title=t("chart.col.targets_included", lang)),
        alt.Tooltip("targets_total:Q", title=t("chart.col.targets_total", lang)),
    ]
    cols = ["label", "scope", "progress", "targets_included", "targets_total", "value_label"]
    base = alt.Chart(rows[cols])
    colour = alt.condition(
        alt.datum.scope == "global", alt.value(ON_WHITE["blue"]), alt.value(ON_WHITE["sky_blue"])
    )
    chart = alt.layer(
        base.mark_bar(height=18).encode(y=y, x=x, color=colour, tooltip=tooltip),
        # The values in a column right of the bars, as in the overview: at a bar's end, the longest
        # bar's value ran past the chart's edge on a phone (« 96,2 % » cut after the 2).
        base.mark_text(align="left", x="width", dx=8, fontSize=12, fontWeight="bold").encode(
            y=y, text="value_label:N"
        ),
    )
    values = t("punct.semicolon", lang).join(
        t("chart.index.value_sentence", lang, label=r["label"], value=r["value_label"],
          included=int(r["targets_included"]), total=int(r["targets_total"]))
        for _, r in rows.iterrows()
    )  # fmt: skip
    chart = chart.properties(
        title=title,
        description=t("chart.index.description", lang, period=period, values=values),
        width=WIDTH - 230,
        height=34 * len(rows),
    )
    return _finish(chart, lang, configure)
