"""The shared spec builder of every chart: palette, status encodings, axes, locale, empty chart, tables."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import altair as alt
import pandas as pd

from ..api import Results
from ..blocks import STATUS_ICONS
from ..change_words import points_column
from ..counts import format_count
from ..deadline_shown import ACHIEVED_LATE, DEADLINE_MISSED, SHOWN_STATUSES
from ..i18n import (
    format_goal,
    format_percent,
    format_value,
    t,
    vega_format_locale,
)
from ..methodology import coverage_met
from ..said_nothing import informative_spec
from ..status_shown import STARTING_POINT
from ..strategy import Strategy, Target
from .from_dict_cache import install as _install_from_dict_cache
from .layer_copies import install as _install_layer_copies
from .status_glyphs import GLYPHS
from .value_axis import FULL, value_axis, value_scale

_install_from_dict_cache()
_install_layer_copies()

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
# Three of its hues are too pale on white for a mark that carries data (WCAG 1.4.11 asks 3:1; orange has
# 2.2, sky blue 2.3, yellow 1.2): marks are drawn in the same hues, darkened to 3.5:1. The pale ones stay
# for what only backs a mark up (a confidence band under its line).
ON_WHITE: dict[str, str] = OKABE_ITO | {"orange": "#B67E00", "sky_blue": "#1B90D2", "yellow": "#958B0C"}
GREY = "#8C8C8C"
SERIES_COLOURS: list[str] = [
    ON_WHITE[k]
    for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "black", "yellow")
]
SERIES_DASHES: list[list[int]] = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2], [3, 6]]

# A target without a numeric target value: a neutral hexagon, darker than GREY (both at least 3:1 on
# white, WCAG 1.4.11). Every status shape has an area: a line-like shape ("stroke") has none, and a
# point drawn without an outline (the strip plot's unselected points) would not show at all.
NO_TARGET_GREY = "#6E6E6E"
HEXAGON = "M0,-1L0.866,-0.5L0.866,0.5L0,1L-0.866,0.5L-0.866,-0.5Z"
# Status → colour and shape; "" = target without a numeric target value.
STATUS_ORDER: tuple[str, ...] = (*SHOWN_STATUSES, "")
STATUS_COLOURS: dict[str, str] = {
    "target_achieved": ON_WHITE["bluish_green"],
    "on_track": ON_WHITE["blue"],
    "acceleration_needed": ON_WHITE["orange"],
    "limited_progress": ON_WHITE["reddish_purple"],
    "deterioration": ON_WHITE["vermillion"],
    "insufficient_data": GREY,
    STARTING_POINT: ON_WHITE["sky_blue"],
    ACHIEVED_LATE: ON_WHITE["bluish_green"],  # reached: its shape ◷ says late
    DEADLINE_MISSED: ON_WHITE["vermillion"],  # missed, the colour of « Recul » (both past the deadline): ⊘, ✖
    "": NO_TARGET_GREY,
}
# Each status is drawn as its text icon (✔ ↗ → ↘ ✖ ?, blocks.STATUS_ICONS): a new icon must be drawn too.
STATUS_SHAPES: dict[str, str] = {code: GLYPHS[STATUS_ICONS[code]] for code in SHOWN_STATUSES} | {"": HEXAGON}

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
    """Apply the shared configuration (locale, fonts, view) of ``lang`` to a top-level chart.

    One copy of the chart, its whole ``config`` set at once: the chain ``configure(...).configure_view(...)
    ...properties(usermeta=...)`` gave the same spec through six copies, a third of a chart's build time.
    """
    out = chart.copy(deep=False)
    out.config = _config(lang).copy()  # a copy: a caller may change its chart's config in place
    out.usermeta = {"embedOptions": embed_options(lang)}
    return out


@cache
def _config(lang: str) -> alt.Config:
    """The chart configuration of ``lang``, built (and validated by altair) once; charts get copies."""
    return alt.Config(
        locale={"number": vega_format_locale(lang), "time": time_format_locale(lang)},
        font="Open Sans, Helvetica, Arial, sans-serif",
        view=alt.ViewConfig(stroke=None),
        # Vega-Lite draws points at 0.7 opacity: the series' colours fell under 3:1 (WCAG 1.4.11). A chart that
        # fades points (the strip plot, around a highlighted organisation) says so in its encoding.
        point=alt.MarkConfig(opacity=1),
        axis=alt.AxisConfig(labelFontSize=12, titleFontSize=12, labelLimit=320),
        legend=alt.LegendConfig(labelFontSize=12, titleFontSize=12, orient="bottom", labelLimit=360),
        title=alt.TitleConfig(fontSize=15, subtitleFontSize=12, anchor="start", subtitleColor="#333333"),
    )


def finish(chart: alt.TopLevelMixin, lang: str, configure: bool) -> alt.TopLevelMixin:
    """``chart`` localised for ``lang`` when ``configure`` (a top-level chart), else as is (to combine)."""
    return localize(chart, lang) if configure else chart


VEGALITE_V5_MIME = "application/vnd.vegalite.v5+json"
VEGALITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.20.1.json"


def mimebundle(chart: alt.TopLevelMixin, lang: str = "fr") -> tuple[dict[str, Any], dict[str, Any]]:
    """Return ``(data, metadata)`` to display ``chart`` in JupyterLab without any network access.

    JupyterLab 4 renders Vega-Lite 5 specs with its own bundled Vega (no CDN); the charts of this module use
    nothing specific to Vega-Lite 6, so the spec is offered under the v5 media type, with its embed options.
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


def is_missing(x: Any) -> bool:
    """True for None, NaN and ``pd.NA`` (a value not reported, never zero)."""
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def status_label(code: Any, lang: str = "fr") -> str:
    """Human label of a status code; an empty code means the target has no numeric target value."""
    if is_missing(code) or code == "":
        return t("status.not_applicable", lang)
    return t(f"status.{code}", lang)


STATUS_OUTLINE = 0.5  # a status shape's outline: thicker, it filled the rings of ⊘ and ◷ (their colour hid)
LEGEND_ROW = 60  # characters of status labels a legend lays out in one row


def _status_scales(lang: str, present: Iterable[Any] | None = None) -> tuple[list[str], list[str], list[str]]:
    """Domain (labels), colours and shapes of the statuses, limited to ``present`` codes if given."""
    keep = None if present is None else {"" if is_missing(c) else c for c in present}
    codes = [c for c in STATUS_ORDER if keep is None or c in keep]
    labels = [status_label(code, lang) for code in codes]
    return labels, [STATUS_COLOURS[c] for c in codes], [STATUS_SHAPES[c] for c in codes]


def _status_channel(channel: type, index: int, lang: str, legend: bool, present: Iterable[Any] | None) -> Any:
    scales = _status_scales(lang, present)
    title = t("chart.col.status", lang)
    # one row of long labels ran past the chart's edge and was cut (« Échéance dépassée, cible non atteint » under its former name,
    # the fourth entry gone): past LEGEND_ROW characters the statuses are listed one under the other
    columns = 1 if sum(len(label) for label in scales[0]) > LEGEND_ROW else alt.Undefined
    # a legend of « Sans cible chiffrée » alone (no target has a target value) says nothing: left out
    shown = legend and scales[0] != [status_label("", lang)]
    keys = alt.Legend(title=title, columns=columns, symbolStrokeWidth=STATUS_OUTLINE) if shown else None
    return channel(
        "status_label:N", title=title, scale=alt.Scale(domain=scales[0], range=scales[index]), legend=keys
    )


def _status_color(lang: str, legend: bool = True, present: Iterable[Any] | None = None) -> alt.Color:
    """Status as colour (always paired with :func:`_status_shape` or text)."""
    return _status_channel(alt.Color, 1, lang, legend, present)


def _status_shape(lang: str, legend: bool = True, present: Iterable[Any] | None = None) -> alt.Shape:
    """Status as point shape."""
    return _status_channel(alt.Shape, 2, lang, legend, present)


def _pct(x: Any, lang: str) -> str:
    return format_percent(None if is_missing(x) else float(x), lang)


def numeric_target(target: Target) -> float | None:
    """The target's numeric target value, None when it has none."""
    tv = target.target_value
    return None if tv is None or is_missing(tv) else float(tv)


def _counted_mask(frame: pd.DataFrame, strategy: Strategy) -> pd.Series:
    """Whether each indicator row's period counts (coverage threshold met and a value)."""
    met = coverage_met(
        frame["organisations_reporting"], frame["organisations_expected"], strategy.coverage_threshold
    )
    return pd.Series(met, index=frame.index) & frame["value"].notna()


def _target_rows(results: Results, target_id: str) -> pd.DataFrame:
    strategy = results.dataset.strategy
    strategy.target(target_id)  # raises with the list of valid ids
    rows = results.indicators[results.indicators["target"] == str(target_id)].copy()
    rows["_order"] = rows["period"].map(strategy.periods.index)
    return rows.sort_values("_order").drop(columns="_order").reset_index(drop=True)


def _org_names(results: Results, codes: Iterable[str], lang: str) -> dict[str, str]:
    return {c: results.dataset.organisation_name(c, lang) for c in codes}


PERIOD_LABEL_ROOM = 75  # pixels a period label (« 2019-2020 ») takes on one line, with a gap


def period_axis(strategy: Strategy, lang: str, angle: int = 0) -> alt.X:
    """The period axis in strategy order (every period, even without data), labels at ``angle``.

    Labels too close for one line (five periods on a phone ran together) go on two; in a concatenation
    (``configure=False``) the view's own ``width`` is not known: they go on two lines there.
    """
    periods = list(strategy.periods)
    cut = "indexof(datum.label, '-') + 1"  # after the first hyphen; a label without one stays whole
    narrow = f"width < {PERIOD_LABEL_ROOM * len(periods)} && {cut} > 0"
    two_lines = f"{narrow} ? [slice(datum.label, 0, {cut}), slice(datum.label, {cut})] : datum.label"
    return alt.X(
        "period:O",
        title=t("chart.col.period", lang),
        scale=alt.Scale(domain=periods),
        axis=alt.Axis(labelAngle=angle, labelExpr=two_lines if angle == 0 else alt.Undefined),
    )


def _value_y(lang: str, field: str = "value", title_key: str = "chart.col.value", top: float = FULL) -> alt.Y:
    """A vertical value axis from 0 to ``top`` (100 %, or less for small values: :mod:`.value_axis`)."""
    return alt.Y(f"{field}:Q", title=t(title_key, lang), scale=value_scale(top), axis=value_axis(top))


def _value_x(lang: str, field: str = "value", title_key: str = "chart.col.value", top: float = FULL) -> alt.X:
    """A horizontal value axis from 0 to ``top`` (100 %, or less for small values: :mod:`.value_axis`)."""
    return alt.X(f"{field}:Q", title=t(title_key, lang), scale=value_scale(top), axis=value_axis(top))


def value_labels(frame: pd.DataFrame, lang: str) -> list[str]:
    """Each row's ``value`` as written beside its ``target_value`` (and ``at_most``).

    Never « 60 % » for a value short of a 60 % target (:func:`format_value`); d3's format in a tooltip
    would round it.
    """
    at_most = frame["at_most"] if "at_most" in frame else pd.Series(False, index=frame.index)
    return [
        format_value(
            None if is_missing(v) else float(v), None if is_missing(g) else float(g), lang, at_most=bool(m)
        )
        for v, g, m in zip(frame["value"], frame["target_value"], at_most, strict=True)
    ]


def target_value_labels(frame: pd.DataFrame, target: Target, lang: str) -> list[str]:
    """:func:`value_labels` of a frame of one ``target``'s values (its target value, its direction)."""
    return value_labels(frame.assign(target_value=numeric_target(target), at_most=target.decreases), lang)


def value_tip(lang: str) -> alt.Tooltip:
    """The tooltip line of the value, from the ``value_label`` column (:func:`value_labels`)."""
    return alt.Tooltip("value_label:N", title=t("chart.col.value", lang))


def goal_tip(key: str, lang: str) -> alt.Tooltip:
    """The tooltip line of a target value, from the ``goal_label`` column (:func:`goal_labels`)."""
    return alt.Tooltip("goal_label:N", title=t(key, lang))


def goal_labels(frame: pd.DataFrame, lang: str) -> list[str]:
    """Each row's ``target_value`` as read: « au plus 25 % » if ``at_most``, « plus de 50 % » if ``above``."""
    flags = [frame[c] if c in frame else pd.Series(False, index=frame.index) for c in ("at_most", "above")]
    return [format_goal(None if is_missing(x) else float(x), lang, at_most=bool(m), above=bool(a))
            for x, m, a in zip(frame["target_value"], *flags, strict=True)]  # fmt: skip


def goal_text(target: Target, lang: str) -> str:
    """The target's value as read: « 75 % », « au plus 25 % » for a target to go down to, « — » without."""
    return format_goal(numeric_target(target), lang, at_most=target.decreases)


def _target_line(target: Target, lang: str, tooltip: bool = True) -> list[alt.Chart]:
    """The black horizontal target rule with its label above its left end.

    The label sits at the left because the right end is where the latest point and the projection's
    label are: the trend chart's status label, written there, overlapped it near the target (1.1:
    73,6 % for 75 %), on a phone even at a distance.
    """
    frame = pd.DataFrame(
        {
            "target_value": [numeric_target(target)],
            "label": [t("chart.target_line", lang, value=goal_text(target, lang))],
        }
    )
    tip = [alt.Tooltip("label:N", title=t("chart.col.target", lang))] if tooltip else alt.Undefined
    return [
        alt.Chart(frame)
        .mark_rule(color=OKABE_ITO["black"], strokeWidth=1.5)
        .encode(y="target_value:Q", tooltip=tip),
        alt.Chart(frame)
        .mark_text(align="left", baseline="bottom", dy=-3, x=0, dx=3, fontSize=11, fontWeight="bold")
        .encode(y="target_value:Q", text="label:N"),
    ]


def empty_chart(title: str, lang: str, configure: bool, subtitle: str = "") -> alt.TopLevelMixin:
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
    return finish(chart, lang, configure)


def to_table(
    frame: pd.DataFrame, spec: Sequence[tuple[str, str, str]], lang: str, formatted: bool
) -> pd.DataFrame:
    """Rename and (optionally) format columns: ``spec`` = (column, catalogue key, kind).

    Kind ``goal`` is a target value: « au plus 25 % » on the rows whose ``at_most`` column is true,
    « plus de 50 % » on those whose ``above`` column is (an organisation's threshold to pass).
    Kind ``value`` is a percentage that never reads as reaching the row's ``target_value`` it misses.
    Formatted for people, a column that would say nothing on every row is left out (``said_nothing``).
    """
    out, spec = pd.DataFrame(index=frame.index), informative_spec(frame, spec) if formatted else spec
    for column, key, kind in spec:
        values = frame[column]
        if formatted:
            if kind == "percent" or (kind == "value" and "target_value" not in frame):
                values = values.map(lambda x: _pct(x, lang))
            elif kind == "value":
                values = pd.Series(value_labels(frame.assign(value=values), lang), index=frame.index)
            elif kind == "goal":
                values = pd.Series(goal_labels(frame.assign(target_value=values), lang), index=frame.index)
            elif kind == "points":  # as precise as the row's small percentages (« −0,81 pt »)
                values = points_column(values, frame, lang)
            elif kind == "int":
                values = values.map(lambda x: format_count(None if is_missing(x) else float(x), lang))
        out[t(key, lang)] = values
    out = out.reset_index(drop=True)
    # how each row's target reads, for an export of the raw numbers (selection_xlsx)
    for flag in ("at_most", "above"):
        out.attrs[flag] = [bool(x) for x in frame[flag]] if flag in frame else [False] * len(frame)
    return out


# The older private names, still used inside charts/ (the public ones are for the rest of the library).
_finish = finish
_nan = is_missing
_target_value = numeric_target
_period_axis = period_axis
_empty_chart = empty_chart
_to_table = to_table
