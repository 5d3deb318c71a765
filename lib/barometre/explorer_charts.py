"""The explorer's government series under an aggregation view, and its small multiples.

Two aggregation views of the government value:

* ``pooled`` — the official value of the methodology (Σ numerators / Σ denominators,
  or the share of organisations meeting the threshold), with its 95 % interval;
* ``mean`` — the unweighted mean of the reporting organisations' own ratios
  (numerator / denominator), computed from ``results.by_organisation``: every
  organisation weighs the same whatever its size.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .api import Results
from .charts.base import (
    GREY,
    OKABE_ITO,
    empty_chart,
    finish,
    numeric_target,
    period_axis,
    target_value_labels,
)
from .charts.panels import with_gaps
from .charts.value_axis import axis_note, axis_top, noted, value_axis, value_scale, with_note
from .i18n import format_percent, t
from .target_words import target_name

VIEWS: tuple[str, ...] = ("pooled", "mean")


def government_series(results: Results, target_id: str, view: str = "pooled") -> pd.DataFrame:
    """Government value of one target per period under an aggregation ``view`` (``pooled`` or ``mean``).

    Columns: ``period``, ``value``, ``organisations_reporting``, ``ci_low``, ``ci_high``
    (the interval only for the pooled view). Periods are in strategy order.
    """
    strategy = results.dataset.strategy
    strategy.target(target_id)
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
    if view == "pooled":
        ind = results.indicators[results.indicators["target"] == str(target_id)]
        frame = ind[["period", "value", "organisations_reporting", "ci_low", "ci_high"]].copy()
    else:
        by_org = results.by_organisation[results.by_organisation["target"] == str(target_id)]
        by_org = by_org[by_org["value"].notna()]
        grouped = by_org.groupby("period", sort=False)["value"]
        frame = pd.DataFrame(
            {"value": grouped.mean(), "organisations_reporting": grouped.count().astype(int)}
        ).reset_index()
        frame["ci_low"] = float("nan")
        frame["ci_high"] = float("nan")
    frame["_o"] = frame["period"].map(strategy.periods.index)
    return frame.sort_values("_o").drop(columns="_o").reset_index(drop=True)


def small_multiples_chart(
    results: Results,
    target_id: str,
    codes: list[str] | tuple[str, ...],
    lang: str = "fr",
    view: str = "pooled",
    configure: bool = True,
) -> alt.TopLevelMixin:
    """One small chart per organisation over time, all on the same scale (0–100 % unless all is small).

    The scale ends under 100 % when everything the panels draw is small
    (:func:`~barometre.charts.value_axis.axis_top`), and the subtitle says so.

    Each panel shows the organisation's own values (solid line, points), the government
    value under ``view`` (dashed grey line) and the target (black rule), so organisations
    are compared with the same references. Organisations without any value get a panel
    that says « Aucune donnée déclarée » (« Déclaration rejetée à la validation » when they reported
    but their rows were rejected), never an empty one.
    """
    strategy = results.dataset.strategy
    target = strategy.target(target_id)
    named = target_name(strategy, target_id, lang)  # « uptake » in a French title: its label
    tv = numeric_target(target)
    gov = government_series(results, target_id, view)[["period", "value"]].dropna()
    gov = gov.assign(
        series=t(f"explorer.series.{view}", lang),
        value_label=target_value_labels(gov, target, lang),
    )
    by_org = results.by_organisation
    refused = {(org, str(tg)) for _period, org, tg in results.dataset.rejected_keys}
    x = period_axis(strategy, lang, angle=-40)  # four periods in a small panel: slanted labels
    chosen = by_org[(by_org["target"] == target_id) & by_org["organisation"].isin(list(codes))]
    top = axis_top(gov["value"], chosen["value"], tv)
    y = alt.Y("value:Q", title=None, scale=value_scale(top), axis=value_axis(top))
    panels = []
    for code in codes:
        name = results.dataset.organisation_name(code, lang)
        own = by_org[(by_org["target"] == target_id) & (by_org["organisation"] == code)]
        own = own[own["value"].notna()][["period", "value"]].assign(series=name)
        own = own.assign(value_label=target_value_labels(own, target, lang))
        own = with_gaps(own, strategy.periods, ["series"], "value")  # a year it skipped: its line breaks
        tooltip = [
            alt.Tooltip("series:N", title=t("chart.legend.series", lang)),
            alt.Tooltip("period:O", title=t("chart.col.period", lang)),
            alt.Tooltip("value_label:N", title=t("chart.col.value", lang)),
        ]
        layers = [alt.Chart(gov).mark_line(color=GREY, strokeDash=[4, 3]).encode(x=x, y=y, tooltip=tooltip)]
        if (
            own.empty
        ):  # it reported, but every row was rejected at validation: never « Aucune donnée déclarée »
            said = (
                "explorer.rejected.status" if (code, str(target_id)) in refused else "explorer.no_data.status"
            )
            note = pd.DataFrame({"message": [t(said, lang)], "value": [top / 2]})
            layers.append(alt.Chart(note).mark_text(fontSize=12).encode(y=y, text="message:N"))
        else:
            layers.append(
                alt.Chart(own)
                .mark_line(point=True, color=OKABE_ITO["blue"], strokeWidth=2)
                .encode(x=x, y=y, tooltip=tooltip)
            )
        if tv is not None:
            layers.append(
                alt.Chart(pd.DataFrame({"value": [tv]})).mark_rule(color=OKABE_ITO["black"]).encode(y=y)
            )
        panels.append(alt.layer(*layers, title=name, width=240, height=150))
    if not panels:
        return empty_chart(t("explorer.multiples.title", lang, id=named), lang, configure)
    lines = "" if tv is not None else ".no_target"  # the black line said only when drawn
    chart = alt.concat(*panels, columns=3).properties(
        title=alt.TitleParams(
            t("explorer.multiples.title", lang, id=named),
            subtitle=with_note(
                t(f"explorer.multiples.subtitle{lines}", lang, series=t(f"explorer.series.{view}", lang)),
                top,
                lang,
            ),
        ),
        description=noted(
            t(
                f"explorer.multiples.description{lines}",
                lang,
                id=named,
                count=len(panels),
                top=format_percent(top, lang),
            ),
            axis_note(top, lang),
        ),
    )
    return finish(chart, lang, configure)


__all__ = ["VIEWS", "government_series", "small_multiples_chart"]
