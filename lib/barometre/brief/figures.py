"""Charts of the brief as vector graphics (SVG from vl-convert), with their text alternative."""

from __future__ import annotations

import base64
from dataclasses import dataclass

import altair as alt
import pandas as pd

from ..i18n import t, vega_format_locale
from .content import BriefContent

ROW_STEP = 22  # px a target in the chart
COLUMN_ROWS = 10  # targets a column of the chart: more targets, more columns side by side
WIDTH = 430  # px of the bars (of all the columns together)
FONT_SIZE = 11  # px of the targets' names, « ≤ » and « — »


@dataclass
class SvgFigure:
    """An SVG chart and the sentence that describes it (alt text)."""

    svg: str
    alt: str

    @property
    def data_uri(self) -> str:
        """The SVG as a ``data:`` URI for an ``<img>``."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


LABEL_LIMIT = 280  # px of a target's name beside its bar


def targets_figure(content: BriefContent) -> SvgFigure | None:
    """Horizontal bars of each target's value with a tick at its target value (None when no value)."""
    from ..charts import STATUS_COLOURS

    if all(pd.isna(r.value) for r in content.rows):
        return None
    rows = content.rows  # a target without a value keeps its line, with « — » (it vanished from the chart)
    lang = content.lang
    # each status's glyph beside its target; not « · » (« Sans cible chiffrée ») beside every one
    glyphs = any(r.status for r in rows)
    frame = pd.DataFrame({
        "target": [f"{r.tag} {r.icon}" if glyphs else r.tag for r in rows], "value": [r.value for r in rows],
        "goal": [r.target_value for r in rows], "status": [r.status_text for r in rows],
        "colour": [STATUS_COLOURS.get(r.status, STATUS_COLOURS[""]) for r in rows],
        "at_most": [r.at_most for r in rows],
    })  # fmt: skip
    # up to ten targets a column, 22 px each: twenty targets are two columns of ten, their names as large as
    # ten targets' (one column of twenty, 11 px a target, had names of 4 pt in the printed note)
    n_columns = -(-len(rows) // COLUMN_ROWS)
    per_column = -(-len(rows) // n_columns)
    columns = [
        _column(frame.iloc[i : i + per_column], round(WIDTH / n_columns))
        for i in range(0, len(rows), per_column)
    ]
    chart = columns[0] if n_columns == 1 else alt.hconcat(*columns, spacing=24)
    chart = chart.configure_view(stroke=None).configure_axis(labelFont="DejaVu Sans", labelColor="#222")
    spec = chart.to_dict()
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec, format_locale=vega_format_locale(lang))
    goals = content.has_target_values  # without target values (the GC's indicators): no « valeur visée » said
    items = t("punct.semicolon", lang).join(
        t("brief.chart.item" if goals else "brief.chart.item_no_target" + "_status" * bool(r.status), lang,
          id=r.tag, value=r.value_text, target=r.target_text, status=r.status_text)
        for r in rows
    )  # fmt: skip
    key = "brief.chart.description" if goals else "brief.chart.description_no_targets"
    return SvgFigure(svg, t(key, lang, period=content.period, items=items))


def _column(frame: pd.DataFrame, width: int) -> alt.LayerChart:
    """One column of the targets chart (``frame``'s targets, ``width`` px of bars).

    A bar for each target's value, a tick at its target value, « ≤ » at a ceiling, « — » for no value.
    """
    from ..charts import OKABE_ITO

    labels = list(frame["target"])
    y = alt.Y("target:N", sort=None, title=None, scale=alt.Scale(domain=labels),
              # a label of a word id (« Services demandés en ligne à plus de 75 % ») whole, not cut at 180 px
              axis=alt.Axis(labelFontSize=FONT_SIZE, labelLimit=LABEL_LIMIT))  # fmt: skip
    # 0 to 100 % in steps of 20; a column of a chart in columns in steps of 50 (« 80% » ran into « 100% »)
    ticks = [i / 5 for i in range(6)] if width >= WIDTH else [0, 0.5, 1]
    axis = alt.Axis(format=".0%", title=None, values=ticks, labelFlush=True)
    x = alt.X("value:Q", scale=alt.Scale(domain=[0, 1]), axis=axis)
    bars = (
        alt.Chart(frame.dropna(subset=["value"]))
        .mark_bar(height=12)
        .encode(x=x, y=y, color=alt.Color("colour:N", scale=None))
    )
    layers = [bars]
    if frame["goal"].notna().any():
        ticks = alt.Chart(frame.dropna(subset=["goal"])).mark_tick(
            thickness=2.5, size=18, color=OKABE_ITO["black"]
        )
        layers.append(ticks.encode(x="goal:Q", y=y))
        ceilings = frame[frame["at_most"] & frame["goal"].notna()].assign(text="≤")
        if len(ceilings):  # « au plus 10 % »: a bar short of its tick is the target met, not missed
            # white on the bar that runs past its tick, black on the page
            ceilings["ink"] = (ceilings["value"] > ceilings["goal"]).map({True: "#ffffff", False: "#000000"})
            sign = alt.Chart(ceilings).mark_text(align="right", dx=-4, fontSize=FONT_SIZE,
                                                 fontWeight="bold")  # fmt: skip
            layers.append(sign.encode(x="goal:Q", y=y, text="text:N", color=alt.Color("ink:N", scale=None)))
    missing = frame[frame["value"].isna()].assign(value=0.0, text="—")
    if len(missing):
        dash = alt.Chart(missing).mark_text(align="left", dx=3, fontSize=FONT_SIZE, color="#222")
        layers.append(dash.encode(x=x, y=y, text="text:N"))
    return alt.layer(*layers, width=width, height=ROW_STEP * len(frame))
