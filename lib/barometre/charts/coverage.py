"""How a chart marks a period that does not count (coverage under the strategy's threshold).

The site's trend chart and the explorer's comparison chart draw such a period the same way: a « + » marker
instead of a filled point, a legend « Couverture insuffisante (moins de 50 % des organisations) », a tooltip
line « Période comptabilisée : non : couverture insuffisante… » and « (non comptabilisée : …) » in the text.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..api import Results
from ..i18n import format_percent, t
from ..strategy import Strategy
from .base import _counted_mask, _target_rows

NOT_COUNTED_SHAPE = "cross"  # Vega's « + »
SHAPES = ["circle", NOT_COUNTED_SHAPE]  # counted, not counted


def _threshold(strategy: Strategy, lang: str) -> str:
    return format_percent(strategy.coverage_threshold, lang)


def point_labels(counted: pd.Series, strategy: Strategy, lang: str) -> pd.Series:
    """The legend's word of each point: « Période comptabilisée » or « Couverture insuffisante (…) »."""
    threshold = _threshold(strategy, lang)
    return counted.map(
        lambda c: t("chart.counted", lang) if c else t("chart.not_counted", lang, threshold=threshold)
    )


def counted_tips(counted: pd.Series, strategy: Strategy, lang: str) -> pd.Series:
    """The tooltip's answer to « Période comptabilisée » : « oui », or « non : couverture insuffisante (…) »."""
    threshold = _threshold(strategy, lang)
    return counted.map(
        lambda c: t("chart.yes", lang) if c else t("chart.not_counted_tip", lang, threshold=threshold)
    )


def counted_tip(lang: str) -> alt.Tooltip:
    """The tooltip line « Période comptabilisée », from the ``counted_tip`` column (:func:`counted_tips`)."""
    return alt.Tooltip("counted_tip:N", title=t("chart.col.counted", lang))


def point_shape(strategy: Strategy, lang: str) -> alt.Shape:
    """Shape of the points from their ``point_label`` column: a circle counted, a « + » (cross) not counted."""
    domain = [t("chart.counted", lang), t("chart.not_counted", lang, threshold=_threshold(strategy, lang))]
    return alt.Shape(
        "point_label:N", title=t("chart.legend.point", lang), scale=alt.Scale(domain=domain, range=SHAPES)
    )


def not_counted_legend(strategy: Strategy, lang: str) -> alt.Opacity:
    """The « + » points' legend where the series have their own shapes (the explorer's comparison chart).

    Draw the points with ``mark_point(shape=NOT_COUNTED_SHAPE)``: a second shape scale would split the
    series' legend in two; this legend has the site's one entry, « Couverture insuffisante (…) », and its « + ».
    """
    label = t("chart.not_counted", lang, threshold=_threshold(strategy, lang))
    return alt.Opacity(
        "point_label:O",
        title=t("chart.legend.point", lang),
        scale=alt.Scale(domain=[label], range=[1, 1]),  # a point scale: [1], JupyterLab's Vega drew nothing
        legend=alt.Legend(symbolType=NOT_COUNTED_SHAPE),  # in the points' colour
    )


def not_counted_words(strategy: Strategy, lang: str) -> str:
    """« (non comptabilisée : moins de 50 % des organisations ont déclaré) », after a value in a text."""
    return t("chart.trend.value_not_counted", lang, threshold=_threshold(strategy, lang))


def uncounted_periods(results: Results, target_id: str) -> list[str]:
    """The periods, in the strategy's order, whose government value of ``target_id`` exists but does not count."""
    rows = _target_rows(results, target_id)
    counted = _counted_mask(rows, results.dataset.strategy)
    return list(rows.loc[rows["value"].notna() & ~counted, "period"])


__all__ = [
    "counted_tip",
    "counted_tips",
    "not_counted_words",
    "point_labels",
    "point_shape",
    "uncounted_periods",
]
