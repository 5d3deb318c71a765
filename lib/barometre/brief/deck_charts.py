"""The deck's native bar charts: editable in PowerPoint, each bar labelled as the brief's tables write it."""

from __future__ import annotations

import math

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.oxml.ns import qn
from pptx.util import Pt

from ..i18n import t
from . import slides
from .chart_labels import PERCENT_FORMATS, label_points

SERIES_COLOURS = (slides.BLUE, "767676")


def bar_chart(
    slide,
    box,
    categories,
    series,
    alt: str,
    lang: str,
    clustered: bool = True,
    decimals: list[list[int]] | None = None,
    uncounted: list[bool] | None = None,
    at_most: list[bool] | None = None,
):
    """A bar chart of ``series`` (name, values); each label with its ``decimals`` (one by default).

    ``uncounted`` bars of the first series (too few organisations reported) are hatched, as the brief greys
    them: 4.2 at 10 organisations of 25 was drawn in the same blue as every measured value.

    Horizontal bars with a legend are given bottom-up (see :func:`_bottom_up`): the legend then reads as
    the bars do, the value first, in LibreOffice as in PowerPoint.
    """
    value_format, tick_format = PERCENT_FORMATS[lang]
    # a target to go down to is labelled « au plus 20 % » on its target bar, as the table writes it
    word = t("goal.at_most", lang, value="")  # « au plus  »: the number follows
    prefixes = [
        [""] * len(categories),
        *[[word if flag else "" for flag in at_most or []]] * (len(series) - 1),
    ]
    upward = clustered and len(series) > 1
    order = list(range(len(series)))  # each series' place in ``series`` as given (0: the value)
    if upward:
        categories, series, decimals, uncounted, prefixes, order = _bottom_up(
            categories, series, decimals, uncounted, prefixes
        )
    data = CategoryChartData(number_format=value_format)
    data.categories = categories
    for name, values in series:
        data.add_series(name, [None if v is None or math.isnan(v) else v for v in values])
    kind = XL_CHART_TYPE.BAR_CLUSTERED if clustered else XL_CHART_TYPE.COLUMN_CLUSTERED
    frame = slide.shapes.add_chart(kind, *box, data)
    chart = frame.chart
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 1, 0.2  # eleven 18-pt ticks touched
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = tick_format, False
    axis.tick_labels.font.size = Pt(12)
    axis.has_major_gridlines = True
    plot = chart.plots[0]
    bars = len(categories) * len(series)
    # thick bars, each label no taller than its bar: « 73,6 % » sat on « 75 % » beside it at 11 pt
    plot.gap_width, plot.overlap = (40 if bars > 8 else 60), 0
    plot.has_data_labels = True
    plot.data_labels.number_format, plot.data_labels.number_format_is_linked = value_format, False
    small = bars > 24  # many bars (a strategy of 20 targets): smaller labels
    plot.data_labels.font.size = Pt(8 if small else 9 if bars > 8 else 11)
    if len(series) > 1:  # the value in the site's blue, the target value in grey (red read as « bad »)
        for one, given in zip(plot.series, order, strict=True):
            one.format.fill.solid()
            one.format.fill.fore_color.rgb = RGBColor.from_string(SERIES_COLOURS[given % len(SERIES_COLOURS)])
    for point, hatched in zip(plot.series[order.index(0)].points, uncounted or [], strict=False):
        if hatched:
            point.format.fill.patterned()
            point.format.fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
            point.format.fill.fore_color.rgb = RGBColor.from_string(SERIES_COLOURS[0])
            point.format.fill.back_color.rgb = RGBColor.from_string("FFFFFF")
            point.format.line.color.rgb = RGBColor.from_string(SERIES_COLOURS[0])
    for one, counts, prefix in zip(plot.series, decimals or [], prefixes, strict=False):
        label_points(
            one, counts, lang, plot.data_labels.font.size, prefix
        )  # « 85 % » as the table: not « 85,0 % »
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
        chart.legend.font.size = Pt(14)
    if clustered and not upward:  # the first category on top (a chart given bottom-up has it there already)
        chart.category_axis.reverse_order = True
    chart.category_axis.tick_labels.font.size = Pt(8 if small else 10)
    skip = chart.category_axis._element.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    chart.category_axis._element.append(skip)
    slides.alt(frame, alt)
    return frame


def _bottom_up(categories, series, decimals, uncounted, prefixes):
    """A horizontal bar chart's data given bottom-up, as bar charts draw it; and each series' given place.

    On a category axis reversed (the first target on top), LibreOffice listed the legend bottom-up all the
    same: « Valeur visée ■ Valeur 2022-2023 » under bars that read the value first. Categories and series
    in reverse order, on an axis that is not reversed, draw the same bars, and LibreOffice and PowerPoint
    both list the legend as the bars read: the period's value, then the target value.
    """
    categories = list(categories)[::-1]
    series = [(name, list(values)[::-1]) for name, values in series[::-1]]
    decimals = [list(counts)[::-1] for counts in decimals[::-1]] if decimals else decimals
    uncounted = list(uncounted)[::-1] if uncounted else uncounted
    prefixes = [list(p)[::-1] for p in prefixes[::-1]]
    return categories, series, decimals, uncounted, prefixes, list(range(len(series)))[::-1]
