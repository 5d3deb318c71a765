"""The trend chart's baseline: a dashed rule at the baseline value, and its label on the side left free.

Also where the projection's label goes (:func:`projection_side`), by the same reckoning of room.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..i18n import t
from ..strategy import Strategy
from .base import GREY, _pct

TEXT = 11  # the labels' size, in pixels
# The baseline's label, in pixels from its rule: clear of the first point, which sits on the rule (a point's
# radius with its stroke is about 6 px; at 3 px, the point covered the foot of « Référence 2019-2020 »).
BASELINE_GAP = 8
PROJECTION_GAP = 8  # the projection's label, in pixels from its end point
# A label's room: less than this between its line and the plot's edge, and the label left the plot
# (« Référence 2019-2020 : 0 % » sat on the period axis' « 2019-2020 »).
LABEL_ROOM = BASELINE_GAP + TEXT + 2


def room_to_edge(value: float, top: float, height: int, above: bool) -> float:
    """The pixels between ``value`` and the plot's top edge (``above``) or its bottom edge."""
    return (top - value if above else value) / top * height if top > 0 else 0.0


def baseline_of(rows: pd.DataFrame) -> float | None:
    """The target's baseline value in its trend rows, or None when it is not known."""
    known = rows["baseline_value"].dropna()
    return float(known.iloc[0]) if len(known) else None


def baseline_layers(
    rows: pd.DataFrame, data: pd.DataFrame, strategy: Strategy, top: float, height: int, lang: str
) -> tuple[list[alt.Chart], str]:
    """The rule at the baseline value and its label, and the label when it goes under the chart's title.

    The label goes on the side the line leaves free: under the rule when the line goes up from it, above
    when it falls (« Référence 2024-2025 : 41,6 % » of a target to bring down was crossed by its line). With
    no room on that side before the plot's edge (a baseline at 0 %), it is a line under the title instead:
    on the other side, a line that stays near its baseline crossed it, and the projection's label met it.
    No rule and no label when the baseline is not known.
    """
    bval = baseline_of(rows)
    if bval is None:
        return [], ""
    label = t("chart.baseline_line", lang, period=strategy.baseline_period, value=_pct(bval, lang))
    frame = pd.DataFrame({"y": [bval], "label": [label]})
    rule = (
        alt.Chart(frame).mark_rule(color=GREY, strokeDash=[2, 3]).encode(y=alt.Y("y:Q"), tooltip=["label:N"])
    )
    start = strategy.periods.index(strategy.baseline_period)
    later = data.loc[data["period"].map(strategy.periods.index) > start, "value"]
    down = len(later) > 0 and float(later.iloc[0]) < bval
    if room_to_edge(bval, top, height, above=down) < LABEL_ROOM:  # no room on the free side: under the title
        return [rule], label
    text = (
        alt.Chart(frame)
        .mark_text(align="left", baseline="bottom" if down else "top", x=4,
                   dy=-BASELINE_GAP if down else BASELINE_GAP, color="#555555", fontSize=TEXT)
        .encode(y="y:Q", text="label:N")
    )  # fmt: skip
    return [rule, text], ""


def projection_side(
    start: float, end: float, target: float | None, baseline: float | None, top: float, height: int
) -> bool | None:
    """Where the projection's label goes: above its end point (True), under it (False) or under the title (None).

    On the side the dashed line does not come from: above when it rises to its end, under when it falls (the
    label sat under a rising line's end and the line crossed it, « Projection 2022-2023 : 53,2 % » on every
    earlier report of the demo); for a flat line, away from the target line. Under the title when that side
    has no room before the plot's edge (« Projection 2022-2023 : 0 % » of a target to bring down sat on the
    period axis), or when the target's rule and label, or the baseline's, are in the way.
    """
    above = end > start if end != start else target is not None and end >= target
    if top <= 0 or room_to_edge(end, top, height, above) < PROJECTION_GAP + TEXT + 2:
        return None
    low, high = (
        (PROJECTION_GAP, PROJECTION_GAP + TEXT) if above else (-PROJECTION_GAP - TEXT, -PROJECTION_GAP)
    )

    def px(value: float) -> float:  # pixels above the end point
        return (value - end) / top * height

    # the target's rule and its label above it (3 px up, base._target_line); the baseline's label either side
    taken = [(px(target) - 2, px(target) + 3 + TEXT + 2)] if target is not None else []
    taken += [(px(baseline) - LABEL_ROOM, px(baseline) + LABEL_ROOM)] if baseline is not None else []
    return None if any(a < high and low < b for a, b in taken) else above
