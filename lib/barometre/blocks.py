"""HTML building blocks that notebooks display and reports keep.

Every block is an object with ``_repr_html_`` (and, for charts, a Vega-Lite
mimebundle so JupyterLab draws the chart natively). Text that comes from data
(organisation names, notes) is always escaped.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from markupsafe import Markup, escape

from .i18n import YEAR_SPAN, t, vega_format_locale

_ids = itertools.count(1)
# A span of years (i18n.YEAR_SPAN) is kept on one line: a card read « depuis 2021- » over « 2022 ». Not
# inside elements that hold text only (an <option>'s text would lose the span's words).
TEXT_ONLY = frozenset({"option", "title", "textarea", "script", "style"})


def reset_ids() -> None:
    """Number charts from 1 again (each page starts afresh, whatever ran before in the kernel)."""
    global _ids
    _ids = itertools.count(1)


STATUS_ICONS = {
    "target_achieved": "✔",
    "on_track": "↗",
    "acceleration_needed": "→",
    "limited_progress": "↘",
    "deterioration": "✖",
    "insufficient_data": "?",
    "starting_point": "○",  # a counted target at the strategy's starting period (status_shown)
    "achieved_late": "◷",  # reached after the strategy's deadline (deadline_shown)
    "deadline_missed": "⊘",  # not reached, the strategy's deadline passed (deadline_shown)
    "": "·",
}


STABLE_POINTS = 0.005  # « ≈ » at most half a point …
STABLE_SHARE = 0.05  # … and under 5 % of the larger of the two values it is the difference of
NEGLIGIBLE = 0.000005  # under 0,0005 pt a change reads « 0,0 pt » (i18n.format_points): always « ≈ »


def change_sign(change: float | None, ends: tuple[float | None, ...]) -> str:
    """The sign beside a change since the previous period: ▲ up, ▼ down, ≈ stable, · none.

    ``ends``: the two values the change is the difference of. A change is « ≈ » when it is at most half a
    point and under 5 % of the larger of them: from 0,32 % to 0,44 % (+38 %), « +0,12 pt » read « ≈ »
    beside targets that moved half a point; from 60 % to 60,4 % it still does.

    Not the arrows of the statuses (↗ « En bonne voie », ↘ « Progrès limités »): a row read
    « ↘ Progrès limités » beside « ↗ +2,4 pts », two arrows saying opposite things about one target.
    """
    if change is None or pd.isna(change):
        return "·"
    size = abs(float(change))
    larger = max((abs(float(e)) for e in ends if e is not None and not pd.isna(e)), default=0.0)
    if size < NEGLIGIBLE or (size <= STABLE_POINTS and size < STABLE_SHARE * larger):
        return "≈"
    return "▲" if change > 0 else "▼"


class HTML:
    """A piece of trusted HTML (built here, with data escaped)."""

    def __init__(self, html: str | Markup) -> None:
        self.html = Markup(html)

    def _repr_html_(self) -> str:
        return str(self.html)

    def __html__(self) -> str:
        return str(self.html)

    def __str__(self) -> str:
        return str(self.html)


def join(*parts: Any) -> HTML:
    """Concatenate blocks and strings (strings are escaped)."""
    return HTML(Markup("").join(p if isinstance(p, Markup) else _markup(p) for p in parts))


def _markup(part: Any, text_only: bool = False) -> Markup:
    """``part`` as HTML: blocks as they are, text escaped, its spans of years kept whole."""
    if isinstance(part, HTML):
        return part.html
    if hasattr(part, "__html__"):
        return Markup(part.__html__())
    text = escape(part)  # re.sub on Markup would escape the <span> it puts in: work on its str
    return text if text_only else Markup(YEAR_SPAN.sub(r'<span class="nowrap">\g<0></span>', str(text)))


def tag(name: str, *children: Any, **attrs: Any) -> Markup:
    """Build ``<name attrs>children</name>``; attribute values and text are escaped."""
    attr = "".join(
        f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in attrs.items() if v is not None
    )
    inner = Markup("").join(_markup(c, name in TEXT_ONLY) for c in children)
    return Markup(f"<{name}{attr}>") + inner + Markup(f"</{name}>")


def heading(text: str, level: int = 2, id: str | None = None) -> HTML:
    """A section heading."""
    return HTML(tag(f"h{level}", text, id=id))


def paragraph(text: Any, class_: str | None = None) -> HTML:
    """A paragraph of (escaped) text."""
    return HTML(tag("p", text, class_=class_))


def bullet_list(items: Iterable[Any], class_: str | None = None) -> HTML:
    """An unordered list."""
    return HTML(tag("ul", *[tag("li", i) for i in items], class_=class_))


def status_badge(code: str, lang: str) -> Markup:
    """Status as icon + text + colour class (never colour alone)."""
    label = t(f"status.{code}", lang) if code else t("status.not_applicable", lang)
    icon = STATUS_ICONS.get(code, "·")
    return tag(
        "span",
        tag("span", icon, aria_hidden="true", class_="status-icon"),
        " ",
        label,
        class_=f"status status-{code or 'none'}",
    )


def table(
    frame: pd.DataFrame,
    caption: str | None = None,
    numeric: Sequence[str] = (),
    class_: str = "data-table",
    raw_columns: Sequence[str] = (),
) -> HTML:
    """An accessible HTML table (caption, ``th scope``); cells are escaped unless in ``raw_columns``.

    Each row's first cell is its header (``th scope="row"``): a screen reader moving down a column said
    « 73,6 % » without the « 1.1 » of its row.
    """
    head = tag("tr", *[tag("th", str(c), scope="col") for c in frame.columns])
    rows = []
    for rec in frame.itertuples(index=False):
        cells = []
        for j, (col, val) in enumerate(zip(frame.columns, rec, strict=True)):
            shown = "" if val is None or (isinstance(val, float) and pd.isna(val)) else val
            content = Markup(shown) if col in raw_columns else shown
            kind = {"scope": "row"} if j == 0 else {}
            cells.append(
                tag("th" if j == 0 else "td", content, class_="num" if col in numeric else None, **kind)
            )
        rows.append(tag("tr", *cells))
    parts = [tag("caption", caption)] if caption else []
    parts += [tag("thead", head), tag("tbody", *rows)]
    return HTML(tag("div", tag("table", *parts, class_=class_), class_="table-wrap", tabindex="0",
                    role="region", aria_label=caption or t("word.table", "fr")))  # fmt: skip


def script_json(data: Any) -> Markup:
    """JSON safe to place inside a ``<script type="application/json">`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class Figure(HTML):
    """A chart with its text alternative and its data table.

    In JupyterLab the Vega-Lite spec is drawn natively; in the report the
    ``text/html`` form embeds the spec as JSON that the page's inline Vega
    bundle draws (no network).
    """

    def __init__(
        self,
        chart: Any,
        data: pd.DataFrame,
        lang: str,
        numeric: Sequence[str] = (),
        caption: str | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        self.spec = chart.to_dict(validate=False) if hasattr(chart, "to_dict") else dict(chart)
        title = self.spec.get("title")
        if isinstance(title, dict):
            title = title.get("text")
        self.title = " ".join(title) if isinstance(title, list) else str(title or "")
        self.description = str(self.spec.get("description") or self.title)
        self.lang = lang
        uid = f"chart-{next(_ids)}"
        self.options = {"actions": False, "formatLocale": vega_format_locale(lang), **(options or {})}
        body = tag(
            "figure",
            # named in short: the caption under it is the description, read once (it was the name too)
            tag(
                "div",
                "",
                class_=self._chart_class(),
                id=uid,
                role="img",
                aria_label=t("chart.img_label", lang),
            ),
            Markup('<script type="application/json" class="vega-spec" data-target="')
            + uid
            + Markup('">')
            + script_json({"spec": self.spec, "options": {**self.options, "renderer": "svg"}})
            + Markup("</script>"),
            tag("figcaption", tag("span", self.description, class_="chart-desc")),
            tag(
                "details",
                tag("summary", t("chart.data_table", lang), aria_label=self._table_name(caption, lang)),
                table(data, caption=caption or self.title, numeric=numeric),
                class_="chart-data",
            ),
            class_="chart",
        )
        super().__init__(body)

    def _table_name(self, caption: str | None, lang: str) -> str:
        """The data toggle's name: its visible words, then the chart's.

        Every toggle read « Données du graphique (tableau) » alike in a screen reader's list of controls.
        """
        name = caption or self.title or self.description
        text = name.striptags() if isinstance(name, Markup) else str(name)
        # runs of white space as one, no-break spaces kept (« : » and « % » lost theirs in the name read aloud)
        return t("chart.data_table_named", lang, name=re.sub(r"[^\S\u00a0\u202f]+", " ", text).strip())

    def _chart_class(self) -> str:
        """``vega-chart``, and ``multiples`` for small multiples: they may take the page's whole width.

        A single chart stops at 48rem (bars wider than that are hard to read across); small multiples
        held to it showed two panels a row at 1366 px, half the figure left empty beside them.
        """
        return "vega-chart multiples" if "facet" in self.spec else "vega-chart"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        """HTML for reports; a Vega-Lite 5 spec that JupyterLab draws offline with its own Vega."""
        mime = "application/vnd.vegalite.v5+json"
        spec = {**self.spec, "$schema": "https://vega.github.io/schema/vega-lite/v5.json"}
        return {"text/html": str(self.html), mime: spec}, {mime: {"embed_options": self.options}}
