"""Where the value axis of a chart of one target ends: at 100 %, or at a round step when all it shows is small.

A target of 0,44 % (a usage rate, an error rate to go down to) drawn on 0–100 % sat flat on the bottom of
its chart: 0,32 % → 0,44 % (+37 %) was a line on the axis. When every number a chart draws (values,
intervals, target value, plans) is under :data:`SMALL`, its axis keeps 0 at its base and ends at the
smallest round step (0,1 %, 0,2 %, 0,5 %, 1 %, 2 %, 5 %, 10 %, 20 %, 50 %) a tenth above the largest; its
ticks get the decimals they need and the chart says so (:func:`axis_note`). Charts comparing targets keep
0–100 %, and so does every chart with a number at or over :data:`SMALL` (the Québec demo's).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import altair as alt
import pandas as pd

from ..i18n import format_percent, t

FULL = 1  # 100 % (an int: the 0–100 % spec as it was, « 1 », not « 1.0 »)
SMALL = 0.25  # everything a chart shows under 25 %: its axis ends at a step above it, not at 100 %
ROOM = 1.1  # the step is at least a tenth above the largest number: room for a target rule's label
STEPS = (1, 2, 5)
PCT_AXIS = ".0%"  # the 0–100 % axis' ticks (« 20 % »)


def shown_numbers(*groups: Any) -> list[float]:
    """The numbers of ``groups`` (each a number, None, or an iterable of them), missing ones left out."""
    out: list[float] = []
    for group in groups:
        items = group if isinstance(group, Iterable) and not isinstance(group, str) else [group]
        out += [float(x) for x in items if x is not None and not pd.isna(x)]
    return out


def axis_top(*groups: Any) -> float:
    """Where the value axis ends: 1.0 (100 %), or the round step a tenth above the largest of ``groups``.

    ``groups`` are all the chart draws on that axis (see :func:`shown_numbers`). 100 % when any is at or
    over :data:`SMALL`, or when none is above 0 (nothing to enlarge).
    """
    largest = max(shown_numbers(*groups), default=0.0)
    if largest <= 0 or largest >= SMALL:
        return FULL
    need = largest * ROOM
    power = math.floor(math.log10(need))
    for exponent in (power, power + 1):
        for step in STEPS:
            top = round(step * 10.0**exponent, 12)
            if top >= need:
                return min(top, FULL)
    return FULL  # not reached: 10 ** (power + 1) ≥ need


def axis_format(top: float) -> str:
    """The d3 format of the ticks of an axis ending at ``top``: « 20 % », « 0,5 % », « 0,25 % ».

    As many decimals as a tick may need (about a twentieth of the axis), trailing zeros trimmed (« ~ »): an
    axis of 0 to 0,5 % read « 0 %, 0 %, 0 % » with ``.0%``. The 0–100 % axis keeps :data:`PCT_AXIS`.
    """
    if top >= FULL:
        return PCT_AXIS
    decimals = max(0, math.ceil(-math.log10(top * 100 / 20) - 1e-9))
    return PCT_AXIS if decimals == 0 else f".{decimals}~%"


def value_scale(top: float) -> alt.Scale:
    """The value scale from 0 to ``top``."""
    return alt.Scale(domain=[0, top])


def value_axis(top: float, **kwargs: Any) -> alt.Axis:
    """The value axis of a scale ending at ``top``, its ticks formatted by :func:`axis_format`."""
    return alt.Axis(format=axis_format(top), **kwargs)


def axis_note(top: float, lang: str) -> str:
    """« Attention : l'axe des valeurs va de 0 à 0,5 %, pas à 100 % » when the axis does not end at 100 %."""
    return "" if top >= FULL else t("chart.axis.small", lang, top=format_percent(top, lang))


def noted(description: str, note: str) -> str:
    """A chart's ``description`` with ``note`` (:func:`axis_note`, :func:`panels_note`) as its last sentence.

    As given when there is no note (a 0–100 % chart's spec stays as it was). Two charts wrote « … pas à
    100 %. », four others « … pas à 100 % » without a full stop: each now ends with the note and a full stop.
    """
    if not note:
        return description
    text = description.strip()
    if text and not text.endswith("."):
        text += "."
    return f"{text} {note}." if text else f"{note}."


def with_note(subtitle: str | list[str], top: float, lang: str) -> str | list[str]:
    """A chart's subtitle with :func:`axis_note` on a line after it when the axis does not end at 100 %.

    The subtitle as given otherwise (a 0–100 % chart's spec stays as it was).
    """
    note = axis_note(top, lang)
    if not note:
        return subtitle
    return [*([subtitle] if isinstance(subtitle, str) else subtitle), note]


def panel_tops(frame: pd.DataFrame, key: str, columns: Iterable[str]) -> pd.Series:
    """Each row's :func:`axis_top` over the rows of its ``key`` (one panel per key), from ``columns``."""
    tops = {k: axis_top(*(rows[c] for c in columns)) for k, rows in frame.groupby(key, sort=False)}
    return frame[key].map(tops).astype(float)


TOP_FIELD = "axis_top"  # small multiples: each row's panel top (:func:`panel_tops`)


def panels_y(field: str, title: str | None, tops: pd.Series) -> alt.Y:
    """The value axis of small multiples, one target a panel, each panel's top in ``tops``.

    0–100 % in every panel when every top is 100 % (the spec as it was); otherwise each panel's scale
    reaches its own top through :func:`top_marks` (resolve the chart's ``y`` scale ``independent``), its
    ticks formatted for the smallest top (« ~ » trims the zeros the others do not need: « 75 % »).
    """
    if (tops >= FULL).all():
        return alt.Y(f"{field}:Q", title=title, scale=value_scale(FULL), axis=value_axis(FULL))
    scale = alt.Scale(zero=True, nice=False)
    return alt.Y(f"{field}:Q", title=title, scale=scale, axis=value_axis(float(tops.min())))


def top_marks(y: alt.Y) -> list[alt.Chart]:
    """An unseen point at each row's :data:`TOP_FIELD`: a panel's scale ends at its top (none at 100 %)."""
    if y["scale"]["domain"] is not alt.Undefined:
        return []
    return [
        alt.Chart().mark_point(opacity=0).encode(y=alt.Y(f"{TOP_FIELD}:Q", title=y["title"], axis=y["axis"]))
    ]


def panels_note(tops: dict[str, float], lang: str) -> str:
    """« … ne va pas à 100 % pour 2.1 (de 0 à 0,5 %) »: the panels whose axis does not end at 100 %, or "".

    ``tops``: each panel's top by its target as shown (:func:`barometre.target_words.target_tag`).
    """
    small = [
        t("chart.axis.panel", lang, id=key, top=format_percent(top, lang))
        for key, top in tops.items()
        if top < FULL
    ]
    return t("chart.axis.panels", lang, panels=t("punct.semicolon", lang).join(small)) if small else ""


__all__ = [
    "FULL",
    "PCT_AXIS",
    "SMALL",
    "axis_format",
    "axis_note",
    "axis_top",
    "noted",
    "TOP_FIELD",
    "panel_tops",
    "panels_note",
    "panels_y",
    "shown_numbers",
    "top_marks",
    "value_axis",
    "value_scale",
    "with_note",
]
