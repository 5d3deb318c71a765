"""Time series of one target: the government trend and the explorer's comparison of series."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..api import Results
from ..deadline_shown import deadline_words
from ..i18n import t
from ..said_nothing import informative_tips, no_status
from ..strategy import Strategy, period_year
from ..target_words import target_name
from .base import (
    GREY,
    OKABE_ITO,
    SERIES_COLOURS,
    SERIES_DASHES,
    WIDTH,
    _counted_mask,
    _empty_chart,
    _finish,
    _nan,
    _pct,
    _period_axis,
    _target_line,
    _target_rows,
    _target_value,
    _to_table,
    _value_y,
    goal_text,
    status_label,
    target_value_labels,
    value_labels,
    value_tip,
)
from .baseline_rule import PROJECTION_GAP, TEXT, baseline_layers, baseline_of, projection_side
from .coverage import (
    NOT_COUNTED_SHAPE,
    counted_tip,
    counted_tips,
    not_counted_legend,
    not_counted_words,
    point_labels,
    point_shape,
)
from .panels import with_gaps
from .value_axis import axis_note, axis_top, noted, value_scale, with_note

# --------------------------------------------------------------------------- (a) trend of a target

HEIGHT = 300  # the trend chart's plot, in pixels


def _trend_frame(results: Results, target_id: str, lang: str) -> pd.DataFrame:
    strategy = results.dataset.strategy
    rows = _target_rows(results, target_id)
    rows["counted"] = _counted_mask(rows, strategy)
    rows["at_most"] = strategy.target(target_id).decreases
    rows["value_label"] = value_labels(rows, lang)  # the tooltip's
    # the interval as the table writes it: d3's « .1% » rounds x × 100 in floats (51,25 % read « 51,2 % »)
    for column in ("ci_low", "ci_high"):
        rows[f"{column}_label"] = rows[column].map(lambda x: _pct(x, lang))
    rows["status_label"] = rows["status"].map(lambda s: status_label(s, lang))
    rows["point_label"] = point_labels(rows["counted"], strategy, lang)
    # the tooltip answers its title (« Période comptabilisée : oui »); it read « Période comptabilisée » twice
    rows["counted_tip"] = counted_tips(rows["counted"], strategy, lang)
    return rows


def trend_table(results: Results, target_id: str, lang: str = "fr", formatted: bool = False) -> pd.DataFrame:
    """Data of :func:`trend_chart`: one row per period with value, interval, coverage, status, projection."""
    rows = _trend_frame(results, target_id, lang)
    rows["counted_text"] = rows["counted"].map(lambda c: t("chart.yes" if c else "chart.no", lang))
    # from the deadline on, « projected at the deadline » would contradict the value measured there
    past = ~rows["period"].map(results.dataset.strategy.before_deadline).astype(bool)
    rows["projected_value"] = rows["projected_value"].where(~past)
    spec = [
        ("period", "chart.col.period", "text"),
        ("value", "chart.col.value", "value"),
        ("ci_low", "chart.col.ci_low", "percent"),
        ("ci_high", "chart.col.ci_high", "percent"),
        ("numerator", "chart.col.numerator", "int"),
        ("denominator", "chart.col.denominator", "int"),
        ("organisations_reporting", "chart.col.reporting", "int"),
        ("organisations_expected", "chart.col.expected", "int"),
        ("counted_text", "chart.col.counted", "text"),
        ("baseline_value", "chart.col.baseline", "percent"),
        ("target_value", "chart.col.target_value", "goal"),
        ("progress", "chart.col.progress", "percent"),
        ("status_label", "chart.col.status", "text"),
        ("projected_value", "chart.col.projected", "percent"),
    ]
    return _to_table(rows, spec, lang, formatted)


def _projection(rows: pd.DataFrame, strategy: Strategy, latest: str) -> pd.DataFrame:
    """Two points: the latest counted value and the projected value at the deadline (or nothing).

    Nothing in a report from the deadline on (``latest``, the report's period): a 2023-2024 page drew 4.2's
    line from 2021-2022, its last counted period, to « Valeur projetée à l'échéance 2022-2023 »; the
    deadline's own page drew it too, its ring on the uncounted value's cross (read as a counted point).
    """
    counted = rows[rows["counted"]]
    if counted.empty or not strategy.before_deadline(latest):
        return pd.DataFrame(columns=["period", "value", "kind"])
    last = counted.iloc[-1]
    deadline = strategy.deadline_period
    if _nan(last["projected_value"]):
        return pd.DataFrame(columns=["period", "value", "kind"])
    return pd.DataFrame(
        {
            "period": [last["period"], deadline],
            "value": [float(last["value"]), float(last["projected_value"])],
            "kind": ["start", "end"],
        }
    )


def _deadline_rule(strategy: Strategy, x: alt.X, lang: str) -> list[alt.Chart]:
    """A dotted vertical rule at the deadline period, named at the top of the plot."""
    when = f"{deadline_words(strategy, lang)} ({strategy.deadline_period})"
    frame = pd.DataFrame({"period": [strategy.deadline_period], "label": [t("chart.deadline_line", lang)],
                          "when": [when]})  # fmt: skip
    tip = [alt.Tooltip("when:N", title=t("chart.col.deadline", lang))]
    return [
        alt.Chart(frame)
        .mark_rule(color="#555555", strokeDash=[2, 3], strokeWidth=1.5)
        .encode(x=x, tooltip=tip),
        alt.Chart(frame)
        .mark_text(align="left", baseline="top", dx=4, y=2, fontSize=11, color="#555555")
        .encode(x=x, text="label:N"),
    ]


def trend_chart(
    results: Results, target_id: str, lang: str = "fr", configure: bool = True
) -> alt.TopLevelMixin:
    """Trend of one target: government value per period, 95 % band, target and baseline rules, projection.

    Periods that do not count (coverage under the strategy's threshold) are drawn
    with a hollow cross and named in the tooltip; the status of the latest period
    is written under the title (inside the plot it collided with the target's and the
    projection's labels when the value neared the target). A target without target
    value gets no target line.
    """
    strategy = results.dataset.strategy
    target = strategy.target(target_id)
    rows = _trend_frame(results, target_id, lang)
    title = t("chart.trend.title", lang, id=target_name(strategy, target.id, lang))
    subtitle = target.label(lang)
    data = rows[rows["value"].notna()]
    if data.empty:
        return _empty_chart(title, lang, configure, subtitle)

    x = _period_axis(strategy, lang)
    latest = max(results.indicators["period"], key=period_year)
    proj = _projection(rows, strategy, latest)
    tv = _target_value(target)
    # everything drawn on the value axis: small (a target of 0,44 %), the axis ends at a step above it
    top = axis_top(
        data[["value", "ci_low", "ci_high"]].to_numpy().ravel(), rows["baseline_value"], tv, proj["value"]
    )
    y = _value_y(lang, top=top)
    tooltip = [
        alt.Tooltip("period:O", title=t("chart.col.period", lang)),
        value_tip(lang),
        alt.Tooltip("ci_low_label:N", title=t("chart.col.ci_low", lang)),
        alt.Tooltip("ci_high_label:N", title=t("chart.col.ci_high", lang)),
        alt.Tooltip("organisations_reporting:Q", title=t("chart.col.reporting", lang)),
        alt.Tooltip("organisations_expected:Q", title=t("chart.col.expected", lang)),
        counted_tip(lang),
        alt.Tooltip("status_label:N", title=t("chart.col.status", lang)),
    ]
    tooltip = informative_tips(data, tooltip)  # no « Statut : Sans cible chiffrée » at every period
    cols = [
        "period", "value", "ci_low", "ci_high", "organisations_reporting", "organisations_expected",
        "point_label", "counted_tip", "status_label", "counted", "value_label", "ci_low_label", "ci_high_label",
    ]  # fmt: skip
    base = alt.Chart(data[cols])
    band_data = data[data["ci_low"].notna() & data["ci_high"].notna()][cols]
    layers: list[alt.Chart] = []
    if not band_data.empty:
        # a year nobody reported breaks the band and the line: drawn through, they said a value was known
        band_data = with_gaps(band_data.assign(series=""), strategy.periods, ["series"], "ci_low")
        layers.append(
            alt.Chart(band_data)
            .mark_area(opacity=0.22, color=OKABE_ITO["sky_blue"])
            .encode(x=x, y=alt.Y("ci_low:Q", scale=value_scale(top)), y2="ci_high:Q", tooltip=tooltip)
        )
    line = with_gaps(data[["period", "value"]].assign(series=""), strategy.periods, ["series"], "value")
    layers.append(alt.Chart(line).mark_line(color=OKABE_ITO["blue"], strokeWidth=2.5).encode(x=x, y=y))
    layers.append(
        base.mark_point(size=90, filled=True, color=OKABE_ITO["blue"]).encode(
            x=x, y=y, shape=point_shape(strategy, lang), tooltip=tooltip
        )
    )
    baseline, baseline_line = baseline_layers(rows, data, strategy, top, HEIGHT, lang)
    layers += baseline
    # Target rule and label.
    if tv is not None:
        layers += _target_line(target, lang)
    deadline_sentence = ""
    if strategy.after_deadline(latest):  # « Échéance manquée » under the title: where the deadline was
        layers += _deadline_rule(strategy, x, lang)
        deadline_sentence = " " + t("chart.trend.deadline_sentence", lang, date=deadline_words(strategy, lang),
                                    period=strategy.deadline_period)  # fmt: skip
    # Dashed projection from the latest counted value to the deadline.
    projection_sentence = projection_line = ""
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
        # on the side the line does not come from, or under the title (projection_side)
        above = projection_side(float(proj["value"].iloc[0]), pval, tv, baseline_of(rows), top, HEIGHT)
        projection_line = plabel if above is None else ""
        if above is not None:
            layers.append(
                alt.Chart(end)
                .mark_text(align="right", baseline="bottom" if above else "top", dx=-PROJECTION_GAP,
                           dy=-PROJECTION_GAP if above else PROJECTION_GAP, fontSize=TEXT, color=OKABE_ITO["blue"])
                .encode(x=x, y="value:Q", text="label:N")
            )  # fmt: skip
        projection_sentence = t(
            "chart.trend.projection_sentence", lang, period=strategy.deadline_period, value=_pct(pval, lang)
        )
    # Status of the latest period, written out under the title.
    last = data.iloc[-1]
    status_line = t("chart.trend.status_line", lang, period=last["period"], status=last["status_label"])
    # a period not counted said so, as its hollow cross and tooltip say it (« 2022-2023 : 55,9 % » read as counted)
    values = t("punct.semicolon", lang).join(
        f"{p}{t('punct.colon', lang)}{_pct(v, lang)}"
        + ("" if counted else " " + not_counted_words(strategy, lang))
        for p, v, counted in zip(data["period"], data["value"], data["counted"], strict=True)
    )
    target_sentence = (
        t("chart.trend.target_sentence", lang, value=goal_text(target, lang))
        if tv is not None
        else t("chart.trend.no_target_sentence", lang)
    )
    description = noted(t(
        "chart.trend.description", lang, id=target_name(strategy, target.id, lang), label=target.label(lang), values=values,
        target=target_sentence, projection=projection_sentence,
    ).strip() + deadline_sentence, axis_note(top, lang))  # fmt: skip
    chart = alt.layer(  # properties given at once: .properties() validates and copies
        *layers,
        # not « Statut en 2018-2019 : Sans cible chiffrée » under the title (the description says it)
        title=alt.TitleParams(
            title,
            subtitle=with_note(
                [subtitle]
                + [status_line] * (not no_status([last["status"]]))
                + [baseline_line] * bool(baseline_line)
                + [projection_line] * bool(projection_line),
                top,
                lang,
            ),
        ),
        description=description,
        width=WIDTH,
        height=HEIGHT,
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
    ``ci_low``, ``ci_high``) adds a 95 % interval; ``period`` draws a vertical rule. A point whose
    optional ``counted`` column is False (the government's in a period under the coverage threshold)
    is a « + » with the legend and tooltip of the site's trend chart (:mod:`.coverage`).
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
        "triangle-right",  # not « cross »: a « + » marks a period that does not count (charts/coverage.py)
        "triangle-left",
        "wedge",
    ]
    shapes = (shapes_all * (len(series) // len(shapes_all) + 1))[: len(series)]
    legend_title = t("chart.legend.series", lang)
    # beyond three series, two columns: one row of six organisations made the chart 1 450 px wide, of 30, 6 115
    legend = alt.Legend(title=legend_title, columns=2, labelLimit=250) if len(series) > 3 else alt.Undefined
    colour = alt.Color(
        "series:N", title=legend_title, scale=alt.Scale(domain=series, range=colours), legend=legend
    )
    dash = alt.StrokeDash(
        "series:N", title=legend_title, scale=alt.Scale(domain=series, range=dashes), legend=legend
    )
    shape = alt.Shape(
        "series:N", title=legend_title, scale=alt.Scale(domain=series, range=shapes), legend=legend
    )
    x = _period_axis(strategy, lang)
    bands = band[["ci_low", "ci_high"]].to_numpy().ravel() if band is not None else []
    top = axis_top(data["value"], bands, _target_value(target))  # small values: the axis ends under 100 %
    y = _value_y(lang, top=top)
    tooltip = [
        alt.Tooltip("series:N", title=legend_title),
        alt.Tooltip("period:O", title=t("chart.col.period", lang)),
        value_tip(lang),  # never « 60,0 % » for 59,96 % of a 60 % target (d3's format rounded to the nearest)
    ]
    data = data.assign(value_label=target_value_labels(data, target, lang))
    counted = data["counted"].ne(False) if "counted" in data else pd.Series(True, index=data.index)
    uncounted = data[~counted].assign(point_label=point_labels(counted[~counted], strategy, lang))
    uncounted["counted_tip"] = counted_tips(counted[~counted], strategy, lang)
    # a year a series skipped: its line breaks there (drawn through, it said a value was known)
    data = with_gaps(
        data.assign(counted=counted)[["period", "series", "value", "value_label", "counted"]],
        strategy.periods, ["series"], "value",
    )  # fmt: skip
    base = alt.Chart(data)
    layers: list[alt.Chart] = []
    if band is not None:
        band = band.dropna(subset=["ci_low", "ci_high"])
        if not band.empty:
            layers.append(
                alt.Chart(band[["period", "ci_low", "ci_high"]])
                .mark_area(opacity=0.2, color=OKABE_ITO["sky_blue"])
                .encode(x=x, y=alt.Y("ci_low:Q", scale=value_scale(top)), y2="ci_high:Q")
            )
    layers += [
        base.mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, strokeDash=dash),
        alt.Chart(data[data["counted"].ne(False)])
        .mark_point(size=70, filled=True)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip),
    ]
    # as the site's trend chart: a « + », its legend and its tooltip line (in the series' colour, not encoded:
    # a colour encoding drew the « + » over every series' symbol in their legend)
    for name, points in uncounted.groupby("series", sort=False):
        layers.append(
            alt.Chart(points[["period", "series", "value", "value_label", "point_label", "counted_tip"]])
            .mark_point(size=90, filled=True, shape=NOT_COUNTED_SHAPE, color=colours[series.index(name)])
            .encode(
                x=x, y=y, opacity=not_counted_legend(strategy, lang), tooltip=[*tooltip, counted_tip(lang)]
            )
        )
    tv = _target_value(target)
    if tv is not None:
        layers += _target_line(target, lang, tooltip=False)
    if period is not None:
        pframe = pd.DataFrame({"period": [period], "label": [t("explorer.selected_period", lang)]})
        layers.append(
            alt.Chart(pframe)
            .mark_rule(color=GREY, strokeDash=[2, 2])
            .encode(x=x, tooltip=[alt.Tooltip("label:N", title=t("chart.col.period", lang))])
        )
    chart = alt.layer(
        *layers,
        title=alt.TitleParams(title, subtitle=with_note(target.label(lang), top, lang)),
        description=noted(description or title, axis_note(top, lang)),
        width=WIDTH,
        height=300,
    )
    return _finish(chart, lang, configure)
