"""One organisation against the government, target by target, over time."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..api import Results
from ..i18n import t
from ..said_nothing import informative_tips
from ..target_words import tags, with_id
from .base import (
    OKABE_ITO,
    ON_WHITE,
    _empty_chart,
    _finish,
    _period_axis,
    _to_table,
    goal_labels,
    goal_tip,
    status_label,
    value_labels,
    value_tip,
)
from .panels import PANEL_WIDTH, target_panels, with_gaps
from .value_axis import TOP_FIELD, noted, panel_tops, panels_note, panels_y, top_marks

# --------------------------------------------------------------------------- (f) organisation vs government


def _organisation_frame(results: Results, organisation: str, lang: str) -> pd.DataFrame:
    strategy = results.dataset.strategy
    by_org = results.by_organisation
    own = by_org[by_org["organisation"] == organisation]
    name = results.dataset.organisation_name(organisation, lang)
    targets = [tid for tid in strategy.target_ids if tid in set(own["target"])]
    # a share of organisations (6.1: 58,3 % of them over 50 %) is no value on the organisation's axis: its
    # panel shows the organisation against its threshold, without the government's line
    shares = {tid for tid in targets if strategy.target(tid).threshold is not None}
    gov = results.indicators[results.indicators["target"].isin(set(targets) - shares)]
    parts = []
    for frame, series, kind in (
        (own, name, "organisation"),
        (gov, t("chart.government", lang), "government"),
    ):
        part = frame[["period", "target", "value", "target_value", "status"]].copy()
        part["series"] = series
        part["kind"] = kind
        parts.append(part)
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    # its line breaks at a year it skipped (the government's has a value each period it counts)
    out = with_gaps(out, strategy.periods, ["target", "series", "kind"], "value")
    labels = {tid: with_id(tid, strategy.target(tid).label(lang), lang) for tid in targets}
    out["target_title"] = out["target"].map(labels)
    out["at_most"] = out["target"].map(lambda tid: strategy.target(tid).decreases).astype(bool)
    passed = {tg.id for tg in strategy.targets if tg.threshold is not None and not tg.inclusive}
    out["above"] = out["kind"].eq("organisation") & out["target"].isin(
        passed
    )  # its threshold: « plus de 50 % »
    out["value_label"] = value_labels(out, lang)  # the tooltips'
    out["goal_label"] = goal_labels(out, lang)
    out["status_label"] = out["status"].map(lambda s: status_label(s, lang))
    out["_o"] = out["target"].map(strategy.target_ids.index)
    out["_p"] = out["period"].map(strategy.periods.index)
    out = out.sort_values(["_o", "kind", "_p"], ascending=[True, False, True]).drop(columns=["_o", "_p"])
    return out.reset_index(drop=True)


def organisation_table(
    results: Results, organisation: str, lang: str = "fr", formatted: bool = False
) -> pd.DataFrame:
    """Data of :func:`organisation_chart`: per target and period, the organisation's and the government's value."""
    frame = _organisation_frame(results, organisation, lang)
    frame = frame[frame["value"].notna()]  # not the gaps that break its line
    if frame.empty:
        cols = ["chart.col.target", "chart.col.period", "chart.col.organisation", "chart.col.government"]
        return pd.DataFrame(columns=[t(c, lang) for c in cols])
    own = frame[frame["kind"] == "organisation"].set_index(["target", "period"])
    gov = frame[frame["kind"] == "government"].set_index(["target", "period"])["value"]
    own = own.assign(government=gov.reindex(own.index).to_numpy()).reset_index()
    own["gap_gov"] = own["value"] - own["government"]
    own["target"] = own["target"].map(tags(results.dataset.strategy, lang))  # « uptake »: its label
    spec = [
        ("target", "chart.col.target", "text"),
        ("period", "chart.col.period", "text"),
        ("value", "chart.col.value", "value"),
        ("government", "chart.col.government", "value"),
        ("target_value", "chart.col.organisation_target", "goal"),
        ("status_label", "chart.col.status", "text"),
    ]
    return _to_table(own, spec, lang, formatted)


def organisation_chart(
    results: Results, organisation: str, lang: str = "fr", columns: int = 3, configure: bool = True
) -> alt.TopLevelMixin:
    """Small multiples, one per target the organisation reports: its value vs the government's over time.

    The organisation is a solid line with filled points, the government a dashed
    line with hollow points (told apart by dash and shape as well as colour); the
    black rule is the organisation's target (the threshold for share-of-organisations targets).
    """
    strategy = results.dataset.strategy
    name = results.dataset.organisation_name(organisation, lang)
    frame = _organisation_frame(results, organisation, lang)
    title = t("chart.organisation.title", lang, name=name)
    if frame.empty:
        return _empty_chart(title, lang, configure)
    series_domain = [name, t("chart.government", lang)]
    colour = alt.Color(
        "series:N",
        title=t("chart.legend.series", lang),
        scale=alt.Scale(domain=series_domain, range=[ON_WHITE["orange"], ON_WHITE["blue"]]),
    )
    dash = alt.StrokeDash(
        "series:N",
        title=t("chart.legend.series", lang),
        scale=alt.Scale(domain=series_domain, range=[[1, 0], [6, 3]]),
    )
    shape = alt.Shape(
        "series:N",
        title=t("chart.legend.series", lang),
        scale=alt.Scale(domain=series_domain, range=["circle", "square"]),
    )
    x = _period_axis(strategy, lang, angle=-30)
    # each target's panel from 0 to 100 %, or to a step above its values when they are all small (0,44 %)
    drawn = frame.assign(goal=frame["target_value"].where(frame["kind"] == "organisation"))
    frame[TOP_FIELD] = panel_tops(drawn, "target", ["value", "goal"])
    y = panels_y("value", t("chart.col.value", lang), frame[TOP_FIELD])
    tooltip = [
        alt.Tooltip("series:N", title=t("chart.legend.series", lang)),
        alt.Tooltip("target_title:N", title=t("chart.col.target", lang)),
        alt.Tooltip("period:O", title=t("chart.col.period", lang)),
        value_tip(lang),
        alt.Tooltip("status_label:N", title=t("chart.col.status", lang)),
    ]
    tooltip = informative_tips(frame, tooltip)  # no « Statut : Sans cible chiffrée » on every point
    layer = alt.layer(
        alt.Chart().mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, strokeDash=dash),
        alt.Chart()
        .mark_point(size=60, filled=True)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip),
        alt.Chart()
        .mark_rule(color=OKABE_ITO["black"], strokeWidth=1.2)
        .encode(
            y="target_value:Q",
            tooltip=[goal_tip("chart.col.organisation_target", lang)],
        )
        .transform_filter("datum.kind == 'organisation' && isValid(datum.target_value)"),
        *top_marks(y),
        data=frame[
            [
                "period",
                "target",
                "target_title",
                "value",
                "value_label",
                "target_value",
                "goal_label",
                "series",
                "kind",
                "status_label",
            ]
            + [TOP_FIELD] * bool(top_marks(y))  # each panel's top, when one is not 100 %
        ],
    ).properties(width=PANEL_WIDTH, height=150)
    chart, order = target_panels(layer, frame["target_title"], columns)
    if top_marks(y):  # each panel its own scale, its top
        chart = chart.resolve_scale(y="independent")
    named = frame["target"].map(tags(strategy, lang))  # « uptake »: its label
    note = panels_note(dict(zip(named, frame[TOP_FIELD], strict=True)), lang)
    ruled = frame.loc[(frame["kind"] == "organisation") & frame["target_value"].notna(), "target"].unique()
    # no line, no mention; a line at 50 % under « 60 % des organisations … » is the threshold: say so
    threshold = any(strategy.target(target).threshold is not None for target in ruled)
    key = "chart.organisation.threshold_clause" if threshold else "chart.organisation.target_clause"
    clause = t(key, lang) if len(ruled) else ""
    description = t("chart.organisation.description", lang, count=len(order), name=name, target=clause)
    chart = chart.properties(
        title=alt.TitleParams(title, subtitle=note) if note else title,
        description=noted(description, note),
    )
    return _finish(chart, lang, configure)
