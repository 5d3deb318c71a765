"""Declarative Altair charts of the barometer, each with the table of its data.

Every chart function takes the :class:`~barometre.api.Results` of a dataset and a
language (``"fr"`` first, ``"en"``) and returns an Altair chart that is:

* titled, with an accessible ``description`` (read by screen readers as the
  SVG's label) written from the figures;
* labelled from the translation catalogue (``locales/charts.yaml``), tooltips included;
* coloured with the Okabe-Ito colour-blind-safe palette, the status always shown
  by a shape and by text as well as by colour;
* formatted with d3 format strings (``.0%``, ``.1%``) and carrying the Vega
  number/time locale of the language twice: in ``config.locale`` (used by Vega
  itself and by vl-convert) and in ``usermeta.embedOptions`` (used by vega-embed),
  so « 12,5 % » is shown in French whichever way the spec is embedded.

Each ``*_chart`` function has a ``*_table`` companion returning the same data as
a tidy DataFrame with human column names in the language (``formatted=True``
turns the numbers into locale-formatted strings for display).

Pass ``configure=False`` to get a chart without top-level configuration, for
combining charts with ``alt.vconcat``/``alt.hconcat``; then call
:func:`localize` on the combination.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from .api import Results
from .i18n import format_number, format_percent, format_points, t, vega_format_locale
from .methodology import STATUSES
from .strategy import Strategy, Target

# Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
GREY = "#8C8C8C"
SERIES_COLOURS: list[str] = [
    OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue")
] + [OKABE_ITO["black"], OKABE_ITO["yellow"]]
SERIES_DASHES: list[list[int]] = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2], [3, 6]]

# Status → colour and shape; "" = target without a numeric target value.
STATUS_ORDER: tuple[str, ...] = (*STATUSES, "")
STATUS_COLOURS: dict[str, str] = {
    "target_achieved": OKABE_ITO["bluish_green"],
    "on_track": OKABE_ITO["blue"],
    "acceleration_needed": OKABE_ITO["orange"],
    "limited_progress": OKABE_ITO["reddish_purple"],
    "deterioration": OKABE_ITO["vermillion"],
    "insufficient_data": GREY,
    "": "#BBBBBB",
}
STATUS_SHAPES: dict[str, str] = {
    "target_achieved": "diamond",
    "on_track": "circle",
    "acceleration_needed": "triangle-right",
    "limited_progress": "square",
    "deterioration": "triangle-down",
    "insufficient_data": "cross",
    "": "stroke",
}

PCT_AXIS = ".0%"
PCT_TIP = ".1%"
WIDTH = 520
# Above this many organisations the distribution is a strip plot, not one row per organisation.
DOT_PLOT_MAX = 30


# --------------------------------------------------------------------------- locale and config


def time_format_locale(lang: str) -> dict[str, Any]:
    """Return the d3/Vega time-format locale for ``lang`` (French or English), from the catalogue."""
    return {
        "dateTime": t("chart.locale.date_time", lang),
        "date": t("chart.locale.date", lang),
        "time": t("chart.locale.time", lang),
        "periods": t("chart.locale.periods", lang).split(","),
        "days": t("chart.locale.days", lang).split(","),
        "shortDays": t("chart.locale.short_days", lang).split(","),
        "months": t("months", lang).split(","),
        "shortMonths": t("chart.locale.short_months", lang).split(","),
    }


def embed_options(lang: str = "fr") -> dict[str, Any]:
    """Options for ``vegaEmbed(el, spec, options)``: the number and time locales of ``lang``."""
    return {
        "formatLocale": vega_format_locale(lang),
        "timeFormatLocale": time_format_locale(lang),
        "actions": False,
    }


def localize(chart: alt.TopLevelMixin, lang: str = "fr") -> alt.TopLevelMixin:
    """Apply the shared configuration (locale, fonts, view) of ``lang`` to a top-level chart."""
    locale = {"number": vega_format_locale(lang), "time": time_format_locale(lang)}
    return (
        chart.configure(locale=locale, font="Open Sans, Helvetica, Arial, sans-serif")
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=12, titleFontSize=12, labelLimit=320)
        .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom", labelLimit=360)
        .configure_title(fontSize=15, subtitleFontSize=12, anchor="start", subtitleColor="#333333")
        .properties(usermeta={"embedOptions": embed_options(lang)})
    )


def _finish(chart: alt.TopLevelMixin, lang: str, configure: bool) -> alt.TopLevelMixin:
    return localize(chart, lang) if configure else chart


VEGALITE_V5_MIME = "application/vnd.vegalite.v5+json"
VEGALITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.20.1.json"


def mimebundle(chart: alt.TopLevelMixin, lang: str = "fr") -> tuple[dict[str, Any], dict[str, Any]]:
    """Return ``(data, metadata)`` to display ``chart`` in JupyterLab without any network access.

    JupyterLab 4 renders Vega-Lite 5 specs with its own bundled Vega (no CDN); the
    charts of this module use nothing specific to Vega-Lite 6, so the spec is
    offered under the v5 media type, with the language's embed options.
    """
    spec = chart.to_dict()
    spec["$schema"] = VEGALITE_V5_SCHEMA
    data = {VEGALITE_V5_MIME: spec, "text/plain": str(spec.get("description") or spec.get("title") or "")}
    return data, {VEGALITE_V5_MIME: {"embed_options": embed_options(lang)}}


def display_chart(chart: alt.TopLevelMixin, lang: str = "fr") -> None:
    """Display ``chart`` in a notebook through JupyterLab's built-in, offline Vega-Lite renderer."""
    from IPython.display import display

    data, metadata = mimebundle(chart, lang)
    display(data, metadata=metadata, raw=True)


# --------------------------------------------------------------------------- small helpers


def _nan(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def status_label(code: Any, lang: str = "fr") -> str:
    """Human label of a status code; an empty code means the target has no numeric target value."""
    if _nan(code) or code == "":
        return t("status.not_applicable", lang)
    return t(f"status.{code}", lang)


def _status_scales(lang: str, present: Iterable[Any] | None = None) -> tuple[list[str], list[str], list[str]]:
    """Domain (labels), colours and shapes of the statuses, limited to ``present`` codes if given."""
    keep = None if present is None else {"" if _nan(c) else c for c in present}
    codes = [c for c in STATUS_ORDER if keep is None or c in keep]
    labels = [status_label(code, lang) for code in codes]
    return labels, [STATUS_COLOURS[c] for c in codes], [STATUS_SHAPES[c] for c in codes]


def _status_color(lang: str, legend: bool = True, present: Iterable[Any] | None = None) -> alt.Color:
    labels, colours, _ = _status_scales(lang, present)
    return alt.Color(
        "status_label:N",
        title=t("chart.col.status", lang),
        scale=alt.Scale(domain=labels, range=colours),
        legend=alt.Legend(title=t("chart.col.status", lang)) if legend else None,
    )


def _status_shape(lang: str, legend: bool = True, present: Iterable[Any] | None = None) -> alt.Shape:
    labels, _, shapes = _status_scales(lang, present)
    return alt.Shape(
        "status_label:N",
        title=t("chart.col.status", lang),
        scale=alt.Scale(domain=labels, range=shapes),
        legend=alt.Legend(title=t("chart.col.status", lang)) if legend else None,
    )


def _pct(x: Any, lang: str) -> str:
    return format_percent(None if _nan(x) else float(x), lang)


def _target_value(target: Target) -> float | None:
    tv = target.target_value
    return None if tv is None or _nan(tv) else float(tv)


def _counted_mask(frame: pd.DataFrame, strategy: Strategy) -> pd.Series:
    """Whether each indicator row's period counts (coverage threshold met and a value)."""
    expected = frame["organisations_expected"].astype(float)
    reporting = frame["organisations_reporting"].astype(float)
    return (expected > 0) & (reporting >= strategy.coverage_threshold * expected) & frame["value"].notna()


def _target_rows(results: Results, target_id: str) -> pd.DataFrame:
    strategy = results.dataset.strategy
    strategy.target(target_id)  # raises with the list of valid ids
    rows = results.indicators[results.indicators["target"] == str(target_id)].copy()
    rows["_order"] = rows["period"].map(strategy.periods.index)
    return rows.sort_values("_order").drop(columns="_order").reset_index(drop=True)


def _org_names(results: Results, codes: Iterable[str], lang: str) -> dict[str, str]:
    return {c: results.dataset.organisation_name(c, lang) for c in codes}


def _period_axis(strategy: Strategy, lang: str, angle: int = 0) -> alt.X:
    return alt.X(
        "period:O",
        title=t("chart.col.period", lang),
        scale=alt.Scale(domain=list(strategy.periods)),
        axis=alt.Axis(labelAngle=angle),
    )


def _value_y(lang: str, field: str = "value", title_key: str = "chart.col.value") -> alt.Y:
    return alt.Y(
        f"{field}:Q",
        title=t(title_key, lang),
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format=PCT_AXIS),
    )


def _empty_chart(title: str, lang: str, configure: bool, subtitle: str = "") -> alt.TopLevelMixin:
    """A chart that says there is nothing to show (keeps pages and tests uniform)."""
    frame = pd.DataFrame({"message": [t("chart.no_data", lang)]})
    chart = (
        alt.Chart(frame)
        .mark_text(fontSize=14, color="#333333")
        .encode(text="message:N")
        .properties(
            title=alt.TitleParams(title, subtitle=subtitle or alt.Undefined),
            description=t("chart.no_data.description", lang, title=title),
            width=WIDTH,
            height=60,
        )
    )
    return _finish(chart, lang, configure)


def _to_table(
    frame: pd.DataFrame, spec: Sequence[tuple[str, str, str]], lang: str, formatted: bool
) -> pd.DataFrame:
    """Rename and (optionally) format columns: ``spec`` = (column, catalogue key, kind)."""
    out = pd.DataFrame(index=frame.index)
    for column, key, kind in spec:
        values = frame[column]
        if formatted:
            if kind == "percent":
                values = values.map(lambda x: _pct(x, lang))
            elif kind == "points":
                values = values.map(lambda x: format_points(None if _nan(x) else float(x), lang))
            elif kind == "int":
                values = values.map(lambda x: format_number(None if _nan(x) else float(x), lang, 0))
            elif kind == "number":
                values = values.map(lambda x: format_number(None if _nan(x) else float(x), lang, 2))
        out[t(key, lang)] = values
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- (a) trend of a target


def _trend_frame(results: Results, target_id: str, lang: str) -> pd.DataFrame:
    strategy = results.dataset.strategy
    rows = _target_rows(results, target_id)
    rows["counted"] = _counted_mask(rows, strategy)
    rows["status_label"] = rows["status"].map(lambda s: status_label(s, lang))
    threshold = format_percent(strategy.coverage_threshold, lang)
    rows["point_label"] = rows["counted"].map(
        lambda c: t("chart.counted", lang) if c else t("chart.not_counted", lang, threshold=threshold)
    )
    return rows


def trend_table(results: Results, target_id: str, lang: str = "fr", formatted: bool = False) -> pd.DataFrame:
    """Data of :func:`trend_chart`: one row per period with value, interval, coverage, status, projection."""
    rows = _trend_frame(results, target_id, lang)
    rows["counted_text"] = rows["counted"].map(lambda c: t("chart.yes" if c else "chart.no", lang))
    spec = [
        ("period", "chart.col.period", "text"),
        ("value", "chart.col.value", "percent"),
        ("ci_low", "chart.col.ci_low", "percent"),
        ("ci_high", "chart.col.ci_high", "percent"),
        ("numerator", "chart.col.numerator", "int"),
        ("denominator", "chart.col.denominator", "int"),
        ("organisations_reporting", "chart.col.reporting", "int"),
        ("organisations_expected", "chart.col.expected", "int"),
        ("counted_text", "chart.col.counted", "text"),
        ("baseline_value", "chart.col.baseline", "percent"),
        ("target_value", "chart.col.target_value", "percent"),
        ("progress", "chart.col.progress", "percent"),
        ("status_label", "chart.col.status", "text"),
        ("projected_value", "chart.col.projected", "percent"),
    ]
    return _to_table(rows, spec, lang, formatted)


def _projection(rows: pd.DataFrame, strategy: Strategy) -> pd.DataFrame:
    """Two points: the latest counted value and the projected value at the deadline (or nothing)."""
    counted = rows[rows["counted"]]
    if counted.empty:
        return pd.DataFrame(columns=["period", "value", "kind"])
    last = counted.iloc[-1]
    deadline = strategy.deadline_period
    if _nan(last["projected_value"]) or last["period"] == deadline:
        return pd.DataFrame(columns=["period", "value", "kind"])
    if strategy.periods.index(last["period"]) > strategy.periods.index(deadline):
        return pd.DataFrame(columns=["period", "value", "kind"])
    return pd.DataFrame(
        {
            "period": [last["period"], deadline],
            "value": [float(last["value"]), float(last["projected_value"])],
            "kind": ["start", "end"],
        }
    )


def trend_chart(
    results: Results, target_id: str, lang: str = "fr", configure: bool = True
) -> alt.TopLevelMixin:
    """Trend of one target: government value per period, 95 % band, target and baseline rules, projection.

    Periods that do not count (coverage under the strategy's threshold) are drawn
    with a hollow cross and named in the tooltip; the status of the latest period
    is written next to its point. A target without target value gets no target line.
    """
    strategy = results.dataset.strategy
    target = strategy.target(target_id)
    rows = _trend_frame(results, target_id, lang)
    title = t("chart.trend.title", lang, id=target.id)
    subtitle = target.label(lang)
    data = rows[rows["value"].notna()]
    if data.empty:
        return _empty_chart(title, lang, configure, subtitle)

    x = _period_axis(strategy, lang)
    y = _value_y(lang)
    tooltip = [
        alt.Tooltip("period:O", title=t("chart.col.period", lang)),
        alt.Tooltip("value:Q", title=t("chart.col.value", lang), format=PCT_TIP),
        alt.Tooltip("ci_low:Q", title=t("chart.col.ci_low", lang), format=PCT_TIP),
        alt.Tooltip("ci_high:Q", title=t("chart.col.ci_high", lang), format=PCT_TIP),
        alt.Tooltip("organisations_reporting:Q", title=t("chart.col.reporting", lang)),
        alt.Tooltip("organisations_expected:Q", title=t("chart.col.expected", lang)),
        alt.Tooltip("point_label:N", title=t("chart.col.counted", lang)),
        alt.Tooltip("status_label:N", title=t("chart.col.status", lang)),
    ]
    cols = [
        "period", "value", "ci_low", "ci_high", "organisations_reporting", "organisations_expected",
        "point_label", "status_label", "counted",
    ]  # fmt: skip
    base = alt.Chart(data[cols])
    band_data = data[data["ci_low"].notna() & data["ci_high"].notna()][cols]
    layers: list[alt.Chart] = []
    if not band_data.empty:
        layers.append(
            alt.Chart(band_data)
            .mark_area(opacity=0.22, color=OKABE_ITO["sky_blue"])
            .encode(x=x, y=alt.Y("ci_low:Q", scale=alt.Scale(domain=[0, 1])), y2="ci_high:Q", tooltip=tooltip)
        )
    layers.append(base.mark_line(color=OKABE_ITO["blue"], strokeWidth=2.5).encode(x=x, y=y))
    threshold = format_percent(strategy.coverage_threshold, lang)
    point_domain = [t("chart.counted", lang), t("chart.not_counted", lang, threshold=threshold)]
    layers.append(
        base.mark_point(size=90, filled=True, color=OKABE_ITO["blue"]).encode(
            x=x,
            y=y,
            shape=alt.Shape(
                "point_label:N",
                title=t("chart.legend.point", lang),
                scale=alt.Scale(domain=point_domain, range=["circle", "cross"]),
            ),
            tooltip=tooltip,
        )
    )
    # Baseline rule and label.
    baseline = rows["baseline_value"].dropna()
    if not baseline.empty:
        bval = float(baseline.iloc[0])
        label = t("chart.baseline_line", lang, period=strategy.baseline_period, value=_pct(bval, lang))
        bframe = pd.DataFrame({"y": [bval], "label": [label]})
        layers.append(
            alt.Chart(bframe)
            .mark_rule(color=GREY, strokeDash=[2, 3])
            .encode(y=alt.Y("y:Q"), tooltip=["label:N"])
        )
        layers.append(
            alt.Chart(bframe)
            .mark_text(align="left", baseline="top", dy=3, x=4, color="#555555", fontSize=11)
            .encode(y="y:Q", text="label:N")
        )
    # Target rule and label.
    tv = _target_value(target)
    if tv is not None:
        tframe = pd.DataFrame(
            {"target_value": [tv], "label": [t("chart.target_line", lang, value=_pct(tv, lang))]}
        )
        layers.append(
            alt.Chart(tframe)
            .mark_rule(color=OKABE_ITO["black"], strokeWidth=1.5)
            .encode(
                y=alt.Y("target_value:Q"), tooltip=[alt.Tooltip("label:N", title=t("chart.col.target", lang))]
            )
        )
        layers.append(
            alt.Chart(tframe)
            .mark_text(
                align="right", baseline="bottom", dy=-3, x="width", dx=-2, fontSize=11, fontWeight="bold"
            )
            .encode(y="target_value:Q", text="label:N")
        )
    # Dashed projection from the latest counted value to the deadline.
    proj = _projection(rows, strategy)
    projection_sentence = ""
    if not proj.empty:
        pval = float(proj["value"].iloc[-1])
        plabel = t("chart.projection_label", lang, period=strategy.deadline_period, value=_pct(pval, lang))
        proj["label"] = plabel
        layers.append(
            alt.Chart(proj)
            .mark_line(strokeDash=[6, 4], color=OKABE_ITO["blue"], strokeWidth=2)
            .encode(
                x=x,
                y=alt.Y("value:Q"),
                tooltip=[alt.Tooltip("label:N", title=t("chart.col.projected", lang))],
            )
        )
        end = proj[proj["kind"] == "end"]
        layers.append(
            alt.Chart(end)
            .mark_point(shape="circle", filled=False, size=90, color=OKABE_ITO["blue"], strokeWidth=2)
            .encode(x=x, y="value:Q", tooltip=[alt.Tooltip("label:N", title=t("chart.col.projected", lang))])
        )
        layers.append(
            alt.Chart(end)
            .mark_text(align="right", dx=-8, dy=14, fontSize=11, color=OKABE_ITO["blue"])
            .encode(x=x, y="value:Q", text="label:N")
        )
        projection_sentence = t(
            "chart.trend.projection_sentence", lang, period=strategy.deadline_period, value=_pct(pval, lang)
        )
    # Status of the latest period, written out.
    last = data.iloc[[-1]]
    layers.append(
        alt.Chart(last[["period", "value", "status_label"]])
        .mark_text(align="right", dx=-10, dy=-14, fontSize=12, fontWeight="bold", color="#222222")
        .encode(x=x, y="value:Q", text="status_label:N")
    )
    values = "; ".join(
        f"{p} : {_pct(v, lang)}" if lang == "fr" else f"{p}: {_pct(v, lang)}"
        for p, v in zip(data["period"], data["value"], strict=True)
    )
    target_sentence = (
        t("chart.trend.target_sentence", lang, value=_pct(tv, lang))
        if tv is not None
        else t("chart.trend.no_target_sentence", lang)
    )
    description = t(
        "chart.trend.description", lang, id=target.id, label=target.label(lang), values=values,
        target=target_sentence, projection=projection_sentence,
    ).strip()  # fmt: skip
    chart = alt.layer(*layers).properties(
        title=alt.TitleParams(title, subtitle=subtitle), description=description, width=WIDTH, height=300
    )
    return _finish(chart, lang, configure)


# --------------------------------------------------------------------------- (b) distribution


def _org_frame(results: Results, target_id: str, period: str, lang: str) -> pd.DataFrame:
    results.dataset.strategy.target(target_id)
    by_org = results.by_organisation
    rows = by_org[(by_org["target"] == str(target_id)) & (by_org["period"] == period)].copy()
    rows["name"] = rows["organisation"].map(_org_names(results, rows["organisation"], lang))
    rows["status_label"] = rows["status"].map(lambda s: status_label(s, lang))
    rows["gap"] = rows["value"] - rows["target_value"]
    return rows.sort_values(["value", "name"], ascending=[False, True]).reset_index(drop=True)


def _government_value(results: Results, target_id: str, period: str) -> float | None:
    ind = results.indicators
    row = ind[(ind["target"] == str(target_id)) & (ind["period"] == period)]
    if row.empty or _nan(row["value"].iloc[0]):
        return None
    return float(row["value"].iloc[0])


def distribution_table(
    results: Results, target_id: str, period: str, lang: str = "fr", formatted: bool = False
) -> pd.DataFrame:
    """Data of :func:`distribution_chart`: one row per reporting organisation, highest value first."""
    rows = _org_frame(results, target_id, period, lang)
    spec = [
        ("organisation", "chart.col.code", "text"),
        ("name", "chart.col.organisation", "text"),
        ("value", "chart.col.value", "percent"),
        ("numerator", "chart.col.numerator", "int"),
        ("denominator", "chart.col.denominator", "int"),
        ("target_value", "chart.col.organisation_target", "percent"),
        ("status_label", "chart.col.status", "text"),
    ]
    return _to_table(rows, spec, lang, formatted)


def distribution_chart(
    results: Results,
    target_id: str,
    period: str,
    lang: str = "fr",
    highlight: str | None = None,
    configure: bool = True,
) -> alt.TopLevelMixin:
    """Organisations' values for one target and period, with target and government rules.

    Up to ``DOT_PLOT_MAX`` organisations, one row each (a dot plot); beyond, a strip
    plot whose height does not grow with the number of organisations.

    A point selection on ``organisation``, bound to a drop-down menu (and to clicks
    on the points), highlights one organisation; it works in static HTML without
    a kernel. ``highlight`` (an organisation code) is the initial selection.
    """
    strategy = results.dataset.strategy
    target = strategy.target(target_id)
    rows = _org_frame(results, target_id, period, lang)
    title = t("chart.distribution.title", lang, id=target.id, period=period)
    if rows.empty:
        return _empty_chart(title, lang, configure, target.label(lang))
    strip = len(rows) > DOT_PLOT_MAX
    codes = list(rows.sort_values("name")["organisation"])
    names = _org_names(results, codes, lang)
    if highlight is not None and highlight not in codes:
        highlight = None
    select = alt.selection_point(
        name="organisation_highlight",
        fields=["organisation"],
        bind=alt.binding_select(
            options=[None, *codes],
            labels=[t("chart.all_organisations", lang), *[names[c] for c in codes]],
            name=t("chart.highlight", lang),
        ),
        value=[{"organisation": highlight}] if highlight else alt.Undefined,
        on="click",
        clear="dblclick",
    )
    y = alt.Y(
        "name:N",
        title=None,
        sort=alt.EncodingSortField(field="value", order="descending"),
        axis=alt.Axis(labelLimit=320),
    )
    x = alt.X(
        "value:Q",
        title=t("chart.col.value", lang),
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format=PCT_AXIS),
    )
    tooltip = [
        alt.Tooltip("name:N", title=t("chart.col.organisation", lang)),
        alt.Tooltip("value:Q", title=t("chart.col.value", lang), format=PCT_TIP),
        alt.Tooltip("numerator:Q", title=t("chart.col.numerator", lang), format=",.0f"),
        alt.Tooltip("denominator:Q", title=t("chart.col.denominator", lang), format=",.0f"),
        alt.Tooltip("target_value:Q", title=t("chart.col.organisation_target", lang), format=PCT_TIP),
        alt.Tooltip("status_label:N", title=t("chart.col.status", lang)),
    ]
    cols = ["organisation", "name", "value", "numerator", "denominator", "target_value", "status_label"]
    if strip:
        # Many organisations: one strip of points (a deterministic jitter keeps them apart),
        # the selected organisation drawn large and named; the full list is the data table.
        rows["lane"] = (np.arange(len(rows)) * 0.618034) % 1.0
        cols.append("lane")
        y = alt.Y("lane:Q", title=None, axis=None, scale=alt.Scale(domain=[-0.15, 1.15]))
    base = alt.Chart(rows[cols])
    one = {"param": select.name, "empty": False}
    layers: list[alt.Chart] = [
        base.mark_point(filled=True, size=55, stroke="#000000")
        .encode(
            y=y,
            x=x,
            color=_status_color(lang, present=rows["status"]),
            shape=_status_shape(lang, present=rows["status"]),
            opacity=alt.condition(select, alt.value(0.9), alt.value(0.2)),
            size=alt.condition(one, alt.value(260), alt.value(55)),
            strokeWidth=alt.condition(one, alt.value(2), alt.value(0)),
            tooltip=tooltip,
        )
        .add_params(select),
        base.mark_text(align="left", dx=12, dy=-12, fontSize=12, fontWeight="bold")
        .encode(y=y, x=x, text="name:N")
        .transform_filter(one),
    ] if strip else [
        base.mark_rule(color="#DDDDDD").encode(y=y, x="value:Q", x2=alt.datum(0)),
        base.mark_point(filled=True, size=110, stroke="#000000")
        .encode(
            y=y,
            x=x,
            color=_status_color(lang, present=rows["status"]),
            shape=_status_shape(lang, present=rows["status"]),
            opacity=alt.condition(select, alt.value(1.0), alt.value(0.25)),
            strokeWidth=alt.condition(select, alt.value(1.2), alt.value(0)),
            tooltip=tooltip,
        )
        .add_params(select),
        base.mark_text(align="left", dx=10, fontSize=11)
        .encode(y=y, x=x, text=alt.Text("value:Q", format=PCT_TIP))
        .transform_filter(select),
    ]  # fmt: skip
    gov = _government_value(results, target_id, period)
    clauses = ""
    rule_rows = []
    if gov is not None:
        rule_rows.append(
            {"x": gov, "label": t("chart.government_line", lang, value=_pct(gov, lang)), "kind": "gov"}
        )
    tv = _target_value(target)
    if tv is not None:
        rule_rows.append(
            {"x": tv, "label": t("chart.target_line", lang, value=_pct(tv, lang)), "kind": "target"}
        )
        clauses = t("chart.distribution.target_clause", lang, value=_pct(tv, lang))
    for r in rule_rows:
        frame = pd.DataFrame([r])
        dash = [6, 3] if r["kind"] == "gov" else [1, 0]
        layers.append(
            alt.Chart(frame)
            .mark_rule(color=OKABE_ITO["black"], strokeDash=dash, strokeWidth=1.5)
            .encode(x="x:Q", tooltip=[alt.Tooltip("label:N", title=t("chart.col.value", lang))])
        )
        layers.append(
            alt.Chart(frame)
            .mark_text(align="left", dx=3, y=-6 if r["kind"] == "target" else -18, fontSize=11)
            .encode(x="x:Q", text="label:N")
        )
    description = t(
        "site.distribution.strip_description" if strip else "chart.distribution.description",
        lang, id=target.id, period=period, count=len(rows),
        low=_pct(rows["value"].min(), lang), high=_pct(rows["value"].max(), lang),
        government=_pct(gov, lang), target=clauses,
    )  # fmt: skip
    chart = alt.layer(*layers).properties(
        title=alt.TitleParams(title, subtitle=target.label(lang), offset=26),
        description=description,
        width=WIDTH if strip else WIDTH - 120,
        height=170 if strip else max(120, 18 * len(rows)),
    )
    return _finish(chart, lang, configure)


# --------------------------------------------------------------------------- (c) furthest from target


def furthest_table(
    results: Results, target_id: str, period: str, lang: str = "fr", n: int = 10, formatted: bool = False
) -> pd.DataFrame:
    """Data of :func:`furthest_chart`: the ``n`` organisations furthest below their target, furthest first.

    An organisation's target is the strategy's target value (its threshold for
    share-of-organisations targets). Without a target value, the ``n`` lowest values.
    """
    rows = _furthest_frame(results, target_id, period, lang, n)
    spec = [
        ("rank", "chart.col.rank", "int"),
        ("organisation", "chart.col.code", "text"),
        ("name", "chart.col.organisation", "text"),
        ("value", "chart.col.value", "percent"),
        ("target_value", "chart.col.organisation_target", "percent"),
        ("gap", "chart.col.gap", "points"),
        ("status_label", "chart.col.status", "text"),
    ]
    return _to_table(rows, spec, lang, formatted)


def _furthest_frame(results: Results, target_id: str, period: str, lang: str, n: int) -> pd.DataFrame:
    rows = _org_frame(results, target_id, period, lang)
    if rows["target_value"].notna().any():
        rows = rows[rows["gap"] < -1e-12].sort_values(["gap", "name"], ascending=[True, True])
    else:
        rows = rows.sort_values(["value", "name"], ascending=[True, True])
    rows = rows.head(n).reset_index(drop=True)
    rows["rank"] = range(1, len(rows) + 1)
    rows["gap_label"] = rows["gap"].map(lambda g: "" if _nan(g) else format_points(float(g), lang))
    return rows


def furthest_chart(
    results: Results, target_id: str, period: str, lang: str = "fr", n: int = 10, configure: bool = True
) -> alt.TopLevelMixin:
    """Horizontal bars of the ``n`` organisations furthest from their target, with the gap written out."""
    strategy = results.dataset.strategy
    target = strategy.target(target_id)
    rows = _furthest_frame(results, target_id, period, lang, n)
    has_target = _target_value(target) is not None
    key = "chart.furthest.title" if has_target else "chart.furthest.title_no_target"
    title = t(key, lang, id=target.id, period=period)
    if rows.empty:
        return _empty_chart(title, lang, configure, t("chart.furthest.none", lang) if has_target else "")
    order = list(rows["name"])
    y = alt.Y("name:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    x = alt.X(
        "value:Q",
        title=t("chart.col.value", lang),
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format=PCT_AXIS),
    )
    tooltip = [
        alt.Tooltip("rank:Q", title=t("chart.col.rank", lang)),
        alt.Tooltip("name:N", title=t("chart.col.organisation", lang)),
        alt.Tooltip("value:Q", title=t("chart.col.value", lang), format=PCT_TIP),
        alt.Tooltip("target_value:Q", title=t("chart.col.organisation_target", lang), format=PCT_TIP),
        alt.Tooltip("gap_label:N", title=t("chart.col.gap", lang)),
        alt.Tooltip("status_label:N", title=t("chart.col.status", lang)),
    ]
    cols = ["rank", "organisation", "name", "value", "target_value", "gap_label", "status_label"]
    base = alt.Chart(rows[cols])
    layers: list[alt.Chart] = [
        base.mark_bar(color=OKABE_ITO["vermillion"] if has_target else OKABE_ITO["blue"], height=14).encode(
            y=y, x=x, tooltip=tooltip
        ),
        base.mark_text(align="left", dx=4, fontSize=11).encode(y=y, x=x, text="gap_label:N"),
    ]
    if has_target:
        layers.append(
            base.mark_tick(color=OKABE_ITO["black"], thickness=2, size=18).encode(
                y=y, x="target_value:Q", tooltip=tooltip
            )
        )
        first = rows.iloc[0]
        first_sentence = t(
            "chart.furthest.first",
            lang,
            name=first["name"],
            value=_pct(first["value"], lang),
            gap=first["gap_label"],
        )
    else:
        first_sentence = ""
    description = t(
        "chart.furthest.description", lang, count=len(rows), id=target.id, period=period, first=first_sentence
    ).strip()
    chart = alt.layer(*layers).properties(
        title=alt.TitleParams(title, subtitle=target.label(lang)),
        description=description,
        width=WIDTH - 160,
        height=max(60, 22 * len(rows)),
    )
    return _finish(chart, lang, configure)


# --------------------------------------------------------------------------- (d) overview


def _overview_frame(results: Results, period: str, lang: str) -> pd.DataFrame:
    strategy = results.dataset.strategy
    ind = results.indicators[results.indicators["period"] == period].set_index("target")
    rows = []
    for target in strategy.targets:
        r = ind.loc[target.id] if target.id in ind.index else None
        rows.append(
            {
                "target": target.id,
                "ambition": target.ambition,
                "label": target.label(lang),
                "value": math.nan if r is None else r["value"],
                "target_value": math.nan if target.target_value is None else float(target.target_value),
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
    frame["value_label"] = frame["value"].map(lambda v: _pct(v, lang))
    return frame


def overview_table(results: Results, period: str, lang: str = "fr", formatted: bool = False) -> pd.DataFrame:
    """Data of :func:`overview_chart`: one row per target of the strategy for ``period``."""
    rows = _overview_frame(results, period, lang)
    spec = [
        ("target", "chart.col.target", "text"),
        ("label", "chart.col.target_label", "text"),
        ("value", "chart.col.value", "percent"),
        ("target_value", "chart.col.target_value", "percent"),
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
        alt.Tooltip("value:Q", title=t("chart.col.value", lang), format=PCT_TIP),
        alt.Tooltip("target_value:Q", title=t("chart.col.target_value", lang), format=PCT_TIP),
        alt.Tooltip("progress:Q", title=t("chart.col.progress", lang), format=PCT_TIP),
        alt.Tooltip("status_label:N", title=t("chart.col.status", lang)),
    ]
    cols = ["target", "label", "value", "target_value", "progress", "status_label", "value_label"]
    base = alt.Chart(rows[cols])
    x = alt.X(
        "value:Q",
        title=t("chart.col.value", lang),
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format=PCT_AXIS),
    )
    bars = alt.layer(
        base.mark_bar(height=16).encode(y=y, x=x, color=_status_color(lang, legend=False), tooltip=tooltip),
        base.mark_tick(color=OKABE_ITO["black"], thickness=3, size=24)
        .encode(y=y, x="target_value:Q", tooltip=tooltip)
        .transform_filter("isValid(datum.target_value)"),
        base.mark_text(align="left", dx=4, fontSize=11).encode(y=y, x=x, text="value_label:N"),
    ).properties(width=WIDTH - 200, height=26 * len(rows))
    status = alt.layer(
        base.mark_point(filled=True, size=120, stroke="#000000", strokeWidth=0.5).encode(
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
    counts_text = "; ".join(
        t(
            "chart.overview.status_count",
            lang,
            label=status_label(code, lang),
            count=int(counts[status_label(code, lang)]),
        )
        for code in STATUS_ORDER
        if status_label(code, lang) in counts.index
    )
    description = t(
        "chart.overview.description", lang, count=len(strategy.targets), period=period, counts=counts_text
    )
    chart = alt.hconcat(bars, status, spacing=8).properties(title=title, description=description)
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
    title = t("chart.index.title", lang, period=period)
    if rows.empty or rows["progress"].isna().all():
        return _empty_chart(title, lang, configure)
    order = list(rows["label"])
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=420))
    x = alt.X(
        "progress:Q",
        title=t("chart.col.progress", lang),
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format=PCT_AXIS),
    )
    tooltip = [
        alt.Tooltip("label:N", title=t("chart.col.scope", lang)),
        alt.Tooltip("progress:Q", title=t("chart.col.progress", lang), format=PCT_TIP),
        alt.Tooltip("targets_included:Q", title=t("chart.col.targets_included", lang)),
        alt.Tooltip("targets_total:Q", title=t("chart.col.targets_total", lang)),
    ]
    cols = ["label", "scope", "progress", "targets_included", "targets_total", "value_label"]
    base = alt.Chart(rows[cols])
    colour = alt.condition(
        alt.datum.scope == "global", alt.value(OKABE_ITO["blue"]), alt.value(OKABE_ITO["sky_blue"])
    )
    chart = alt.layer(
        base.mark_bar(height=18).encode(y=y, x=x, color=colour, tooltip=tooltip),
        base.mark_text(align="left", dx=4, fontSize=12, fontWeight="bold").encode(
            y=y, x=x, text="value_label:N"
        ),
    )
    values = "; ".join(
        t("chart.index.value_sentence", lang, label=r["label"], value=r["value_label"],
          included=int(r["targets_included"]), total=int(r["targets_total"]))
        for _, r in rows.iterrows()
    )  # fmt: skip
    chart = chart.properties(
        title=title,
        description=t("chart.index.description", lang, period=period, values=values),
        width=WIDTH - 180,
        height=34 * len(rows),
    )
    return _finish(chart, lang, configure)


# --------------------------------------------------------------------------- (f) organisation vs government


def _organisation_frame(results: Results, organisation: str, lang: str) -> pd.DataFrame:
    strategy = results.dataset.strategy
    by_org = results.by_organisation
    own = by_org[by_org["organisation"] == organisation]
    name = results.dataset.organisation_name(organisation, lang)
    targets = [tid for tid in strategy.target_ids if tid in set(own["target"])]
    gov = results.indicators[results.indicators["target"].isin(targets)]
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
    out = out[out["value"].notna()]
    labels = {
        tid: t("chart.target_title", lang, id=tid, label=strategy.target(tid).label(lang)) for tid in targets
    }
    out["target_title"] = out["target"].map(labels)
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
    if frame.empty:
        cols = ["chart.col.target", "chart.col.period", "chart.col.organisation", "chart.col.government"]
        return pd.DataFrame(columns=[t(c, lang) for c in cols])
    own = frame[frame["kind"] == "organisation"].set_index(["target", "period"])
    gov = frame[frame["kind"] == "government"].set_index(["target", "period"])["value"]
    own = own.assign(government=gov.reindex(own.index).to_numpy()).reset_index()
    own["gap_gov"] = own["value"] - own["government"]
    spec = [
        ("target", "chart.col.target", "text"),
        ("period", "chart.col.period", "text"),
        ("value", "chart.col.value", "percent"),
        ("government", "chart.col.government", "percent"),
        ("target_value", "chart.col.organisation_target", "percent"),
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
        scale=alt.Scale(domain=series_domain, range=[OKABE_ITO["orange"], OKABE_ITO["blue"]]),
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
    y = _value_y(lang)
    tooltip = [
        alt.Tooltip("series:N", title=t("chart.legend.series", lang)),
        alt.Tooltip("target_title:N", title=t("chart.col.target", lang)),
        alt.Tooltip("period:O", title=t("chart.col.period", lang)),
        alt.Tooltip("value:Q", title=t("chart.col.value", lang), format=PCT_TIP),
        alt.Tooltip("status_label:N", title=t("chart.col.status", lang)),
    ]
    layer = alt.layer(
        alt.Chart().mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, strokeDash=dash),
        alt.Chart()
        .mark_point(size=60, filled=True)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip),
        alt.Chart()
        .mark_rule(color=OKABE_ITO["black"], strokeWidth=1.2)
        .encode(
            y="target_value:Q",
            tooltip=[
                alt.Tooltip("target_value:Q", title=t("chart.col.organisation_target", lang), format=PCT_TIP)
            ],
        )
        .transform_filter("datum.kind == 'organisation' && isValid(datum.target_value)"),
        data=frame[
            ["period", "target", "target_title", "value", "target_value", "series", "kind", "status_label"]
        ],
    ).properties(width=230, height=150)
    order = list(dict.fromkeys(frame["target_title"]))
    chart = layer.facet(
        facet=alt.Facet(
            "target_title:N", sort=order, title=None, header=alt.Header(labelLimit=240, labelFontSize=11)
        ),
        columns=columns,
    ).properties(
        title=title,
        description=t("chart.organisation.description", lang, count=len(order), name=name),
    )
    return _finish(chart, lang, configure)


# --------------------------------------------------------------------------- comparison (explorer)


def comparison_chart(
    frame: pd.DataFrame,
    strategy: Strategy,
    target_id: str,
    lang: str = "fr",
    title: str = "",
    description: str = "",
    period: str | None = None,
    band: pd.DataFrame | None = None,
    configure: bool = True,
) -> alt.TopLevelMixin:
    """Several series of one target over time (``frame``: ``period``, ``series``, ``value`` columns).

    Series are told apart by colour, dash and point shape. ``band`` (``period``,
    ``ci_low``, ``ci_high``) adds a 95 % interval; ``period`` draws a vertical rule.
    """
    target = strategy.target(target_id)
    data = frame[frame["value"].notna()]
    if data.empty:
        return _empty_chart(title, lang, configure, target.label(lang))
    series = list(dict.fromkeys(data["series"]))
    colours = (SERIES_COLOURS * (len(series) // len(SERIES_COLOURS) + 1))[: len(series)]
    dashes = (SERIES_DASHES * (len(series) // len(SERIES_DASHES) + 1))[: len(series)]
    shapes_all = [
        "circle",
        "square",
        "diamond",
        "triangle-up",
        "triangle-down",
        "cross",
        "triangle-left",
        "wedge",
    ]
    shapes = (shapes_all * (len(series) // len(shapes_all) + 1))[: len(series)]
    legend_title = t("chart.legend.series", lang)
    colour = alt.Color("series:N", title=legend_title, scale=alt.Scale(domain=series, range=colours))
    dash = alt.StrokeDash("series:N", title=legend_title, scale=alt.Scale(domain=series, range=dashes))
    shape = alt.Shape("series:N", title=legend_title, scale=alt.Scale(domain=series, range=shapes))
    x = _period_axis(strategy, lang)
    y = _value_y(lang)
    tooltip = [
        alt.Tooltip("series:N", title=legend_title),
        alt.Tooltip("period:O", title=t("chart.col.period", lang)),
        alt.Tooltip("value:Q", title=t("chart.col.value", lang), format=PCT_TIP),
    ]
    base = alt.Chart(data[["period", "series", "value"]])
    layers: list[alt.Chart] = []
    if band is not None:
        band = band.dropna(subset=["ci_low", "ci_high"])
        if not band.empty:
            layers.append(
                alt.Chart(band[["period", "ci_low", "ci_high"]])
                .mark_area(opacity=0.2, color=OKABE_ITO["sky_blue"])
                .encode(x=x, y=alt.Y("ci_low:Q", scale=alt.Scale(domain=[0, 1])), y2="ci_high:Q")
            )
    layers += [
        base.mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, strokeDash=dash),
        base.mark_point(size=70, filled=True).encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip),
    ]
    tv = _target_value(target)
    if tv is not None:
        tframe = pd.DataFrame(
            {"target_value": [tv], "label": [t("chart.target_line", lang, value=_pct(tv, lang))]}
        )
        layers.append(
            alt.Chart(tframe).mark_rule(color=OKABE_ITO["black"], strokeWidth=1.5).encode(y="target_value:Q")
        )
        layers.append(
            alt.Chart(tframe)
            .mark_text(
                align="right", baseline="bottom", dy=-3, x="width", dx=-2, fontSize=11, fontWeight="bold"
            )
            .encode(y="target_value:Q", text="label:N")
        )
    if period is not None:
        pframe = pd.DataFrame({"period": [period], "label": [t("explorer.selected_period", lang)]})
        layers.append(
            alt.Chart(pframe)
            .mark_rule(color=GREY, strokeDash=[2, 2])
            .encode(x=x, tooltip=[alt.Tooltip("label:N", title=t("chart.col.period", lang))])
        )
    chart = alt.layer(*layers).properties(
        title=alt.TitleParams(title, subtitle=target.label(lang)),
        description=description or title,
        width=WIDTH,
        height=300,
    )
    return _finish(chart, lang, configure)


__all__ = [
    "OKABE_ITO",
    "STATUS_COLOURS",
    "STATUS_SHAPES",
    "comparison_chart",
    "display_chart",
    "distribution_chart",
    "distribution_table",
    "embed_options",
    "furthest_chart",
    "furthest_table",
    "index_chart",
    "index_table",
    "localize",
    "mimebundle",
    "organisation_chart",
    "organisation_table",
    "overview_chart",
    "overview_table",
    "status_label",
    "time_format_locale",
    "trend_chart",
    "trend_table",
]
