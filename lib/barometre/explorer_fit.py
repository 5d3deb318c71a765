"""The explorer's charts fitted to the width of their output area, from a phone (390 px) to a desktop.

The site fits its charts in the browser (``assets/embed.js``); the explorer's charts are drawn by
JupyterLab's own Vega renderer (in JupyterLab and in Voilà), which takes the spec as it is. So the
spec itself follows the width of its output area, read by Vega as ``containerSize()``:

* a single view takes the area's width (Vega-Lite ``width: "container"``), up to :data:`MAX_WIDTH`
  (:data:`CSS`), as the site's charts do;
* small multiples take as many columns as fit (one on a phone), never more than asked;
* on a phone (an area under :data:`PHONE` px) titles wrap, legends take one column, and long row
  labels (the organisations of the distribution chart) take two lines, their rows growing to hold them.

A wide chart used to scroll sideways in its own box: on a phone the chosen period, the legend, the
small multiples after the first column and the distribution's dots were out of sight.
"""

from __future__ import annotations

import copy
import json
import textwrap
from typing import Any

import altair as alt
import pandas as pd

from .charts.base import VEGALITE_V5_MIME, mimebundle
from .i18n import t

PHONE = 600  # px: an output area narrower than this is laid out as on a phone (as the site's embed.js)
MAX_WIDTH = 768  # px: a single view's widest, 48rem as on the site (style.css)
AREA = "isFinite(containerSize()[0]) && containerSize()[0] > 0 ? containerSize()[0] : 10000"
WIDE = f"({AREA})"  # the area's width when the chart is drawn (the explorer draws it again at each choice)
NARROW = f"{WIDE} < {PHONE}"
PANEL_ROOM = 70  # px beside a small panel (its axis, the space between panels), as embed.js counts
TITLE_CHARS = 34  # characters of a title line on a phone (15 px bold: about 300 px)
SUBTITLE_CHARS = 44  # characters of a subtitle line (12 px)
ROW_LABEL_CHARS = 26  # characters of a row label line on a phone (12 px: about 45 % of a 356 px area)
ROW_LABEL_LINES = 3  # lines of a row label at most; a longer one ends with « … » (its tooltip names it whole)
ROW_LINE = 14  # px of a row label line (12 px text)
# JupyterLab's renderer sizes its chart as an inline box, which has no width of its own to fit: the
# chart's box is made a block, as wide as its output area (the single views stop at MAX_WIDTH by their
# own width signal: a style for some charts of the area depended on which had arrived).
EMBED = ".barometre-explorer .jp-RenderedVegaCommon5 > .vega-embed"
# The distribution chart's « Mettre en évidence » list keeps to the area, as on the site (its long names
# widened the area past the screen).
CSS = (
    f"<style>{EMBED} {{ display: block; }}"
    f" {EMBED} .vega-bind label {{ display: inline-flex; flex-wrap: wrap; gap: .25rem .5rem; max-width: 100%; }}"
    f" {EMBED} .vega-bind select {{ max-width: 100%; }}</style>"
)


def _phone(narrow: Any, wide: Any) -> dict[str, str]:
    """A Vega-Lite expression: ``narrow`` on a phone, ``wide`` elsewhere (JSON values)."""
    return {
        "expr": f"{NARROW} ? {json.dumps(narrow, ensure_ascii=False)} : {json.dumps(wide, ensure_ascii=False)}"
    }


def _lines(text: Any, width: int) -> Any:
    """``text`` (a string or its lines) wrapped at ``width`` characters; one line stays a string."""
    lines = [
        line for part in ([text] if isinstance(text, str) else text) for line in textwrap.wrap(part, width)
    ]
    return lines[0] if len(lines) == 1 else lines


def _title(title: Any) -> Any:
    """A title that wraps on a phone (a long one widened the chart past the screen)."""
    if isinstance(title, str):
        title = {"text": title}
    if not isinstance(title, dict) or not isinstance(title.get("text"), str | list):
        return title
    out = dict(title, text=_phone(_lines(title["text"], TITLE_CHARS), title["text"]))
    if isinstance(out.get("subtitle"), str | list):
        out["subtitle"] = _phone(_lines(out["subtitle"], SUBTITLE_CHARS), out["subtitle"])
    return out


# A legend label longer than LEGEND_CHARS takes two lines on a phone, cut at a space (as embed.js does):
# « Couverture insuffisante (moins de 50 % des organisations) » was cut with « … ».
LEGEND_CHARS = f"floor((({WIDE}) - 100) / 6.5)"
_CUT = f'lastindexof(slice(datum.label, 0, {LEGEND_CHARS}), " ")'
LEGEND_LINES = (
    f"{NARROW} && length(datum.label) > {LEGEND_CHARS} && {_CUT} > 0"
    f" ? [slice(datum.label, 0, {_CUT}), slice(datum.label, {_CUT} + 1)] : datum.label"
)


def _legends(node: Any) -> None:
    """Every legend of ``node`` in one column on a phone, its labels at most the phone's width."""
    if isinstance(node, list):
        for item in node:
            _legends(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "legend" and isinstance(value, dict):
            columns, limit = value.get("columns"), value.get("labelLimit", 360)
            value["columns"] = _phone(1, columns if isinstance(columns, int) else 0)  # 0: as many as fit
            if isinstance(limit, int):
                value["labelLimit"] = {"expr": f"{NARROW} ? ({WIDE}) - 80 : {limit}"}
            if "labelExpr" not in value and key in node and not node.get("_config"):
                value["labelExpr"] = LEGEND_LINES  # a chart's own legend (the configuration has no labelExpr)
        elif key == "config" and isinstance(value, dict) and isinstance(value.get("legend"), dict):
            _legends({"_config": True, "legend": value["legend"]})
        elif key not in ("data", "datasets"):
            _legends(value)


def _row_labels(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Long row labels (a nominal y axis) in two lines on a phone; the Vega patch that grows the rows."""
    rows: set[str] = set()
    axes = []
    for layer in spec.get("layer", []):
        y = layer.get("encoding", {}).get("y", {})
        if y.get("type") == "nominal" and isinstance(y.get("axis"), dict) and "labelExpr" not in y["axis"]:
            axes.append(y["axis"])
            name = layer.get("data", {}).get("name")
            rows |= {str(r[y["field"]]) for r in spec.get("datasets", {}).get(name, []) if y["field"] in r}
    wrapped = {}
    for label in sorted(rows):
        lines = textwrap.wrap(label, ROW_LABEL_CHARS)
        if len(lines) > ROW_LABEL_LINES:
            lines = [
                *lines[: ROW_LABEL_LINES - 1],
                textwrap.shorten(" ".join(lines[ROW_LABEL_LINES - 1 :]), ROW_LABEL_CHARS, placeholder=" …"),
            ]
        if len(lines) > 1:
            wrapped[label] = lines
    if not wrapped or not isinstance(spec.get("height"), int):
        return []
    cases = " : ".join(f"datum.value === {json.dumps(k)} ? {json.dumps(v)}" for k, v in wrapped.items())
    for axis in axes:
        axis["labelExpr"] = f"{NARROW} ? ({cases} : datum.label) : datum.label"
        axis["labelLineHeight"] = ROW_LINE
        axis["labelLimit"] = {"expr": f"{NARROW} ? round(({WIDE}) * 0.45) : {axis.get('labelLimit', 320)}"}
    most = max(len(lines) for lines in wrapped.values())
    tall = max(spec["height"], len(rows) * (most * ROW_LINE + 6))
    height = {"name": "height", "init": f"{NARROW} ? {tall} : {spec['height']}"}
    return [{"op": "add", "path": "/signals/-", "value": height}]


def fitted(chart: alt.TopLevelMixin, lang: str = "fr") -> tuple[dict[str, Any], dict[str, Any]]:
    """The mime bundle of ``chart`` (see :func:`barometre.charts.mimebundle`), fitted to its output's width."""
    data, metadata = mimebundle(chart, lang)
    spec = copy.deepcopy(data[VEGALITE_V5_MIME])
    options = dict(metadata[VEGALITE_V5_MIME]["embed_options"])
    patch: list[dict[str, Any]] = []
    panels = spec.get("concat")
    if "title" in spec:
        spec["title"] = _title(spec["title"])
    _legends(spec)
    if isinstance(
        spec.get("config", {}).get("legend"), dict
    ):  # legends below one another, never side by side
        spec["config"]["legend"]["layout"] = {"bottom": {"direction": "vertical", "anchor": "start"}}
    if isinstance(panels, list) and isinstance(spec.get("columns"), int):
        room = max((p.get("width", 200) for p in panels if isinstance(p.get("width"), int)), default=200)
        columns = f"max(1, min({spec['columns']}, floor(({WIDE}) / {room + PANEL_ROOM})))"
        patch.append({"op": "replace", "path": "/layout/columns", "value": {"signal": columns}})
    elif not any(k in spec for k in ("hconcat", "vconcat", "facet", "repeat")) and isinstance(
        spec.get("width"), int
    ):
        spec["width"] = "container"
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
        widest = f"min({MAX_WIDTH}, {AREA})"  # Vega-Lite's own « width » signal (the container's), capped
        resized = [{"events": "window:resize", "update": widest}]
        patch.append(
            {"op": "add", "path": "/signals/-", "value": {"name": "width", "init": widest, "on": resized}}
        )
        patch += _row_labels(spec)
        # room under the last legend label, whose second line on a phone fell below the drawing's edge
        room = {"name": "padding", "init": f"{NARROW} ? {{top: 5, left: 5, right: 5, bottom: 20}} : 5"}
        patch.append({"op": "add", "path": "/signals/-", "value": room})
    if patch:  # Vega-Lite wrote them what is patched: a layout (panels), signals (the container's width)
        options["patch"] = patch
    data = dict(data, **{VEGALITE_V5_MIME: spec})
    return data, {VEGALITE_V5_MIME: dict(metadata[VEGALITE_V5_MIME], embed_options=options)}


def display_fitted(chart: alt.TopLevelMixin, lang: str = "fr") -> None:
    """Display ``chart`` in its output area, fitted to the area's width (JupyterLab's Vega renderer)."""
    from IPython.display import display

    data, metadata = fitted(chart, lang)
    display(data, metadata=metadata, raw=True)


FIRST_COLUMNS = ("chart.col.series", "chart.col.value", "chart.col.status")


def useful_first(table: pd.DataFrame, lang: str = "fr") -> pd.DataFrame:
    """``table`` with its series, value and status columns first, the others after in their order.

    A wide table scrolls in its own region: on a phone its first columns are those in sight, and the
    status, its last column, was out of it (« Série, Code, Valeur » showed, never « Statut »).
    """
    first = [name for name in (t(key, lang) for key in FIRST_COLUMNS) if name in table.columns]
    return table[first + [c for c in table.columns if c not in first]]


__all__ = ["CSS", "PHONE", "display_fitted", "fitted", "useful_first"]
