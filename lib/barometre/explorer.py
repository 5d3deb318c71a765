"""The analysts' explorer: an ipywidgets app over the results of a dataset.

``build_explorer(results, lang)`` returns an :class:`Explorer` whose widgets
(period, ambition, target, organisations, aggregation view) drive a comparison
chart, a distribution chart and a table. All the logic is plain Python, so tests
set widget values and read :meth:`Explorer.current_data`,
:meth:`Explorer.current_table` and :meth:`Explorer.current_chart`; in JupyterLab
the same callbacks redraw the charts and the table in ``ipywidgets.Output`` areas.

Two aggregation views of the government value:

* ``pooled`` — the official value of the methodology (Σ numerators / Σ denominators,
  or the share of organisations meeting the threshold), with its 95 % interval;
* ``mean`` — the unweighted mean of the reporting organisations' own ratios
  (numerator / denominator), computed from ``results.by_organisation``: every
  organisation weighs the same whatever its size.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd
from openpyxl import Workbook

from . import charts, export
from .api import Results
from .charts import base as chart_base
from .i18n import t

VIEWS: tuple[str, ...] = ("pooled", "mean")
NO_DATA = "__no_data__"  # status of an expected organisation that did not report (table only)
# Columns of the explorer's table: (column, catalogue key of its header, kind).
TABLE_SPEC: tuple[tuple[str, str, str], ...] = (
    ("series", "chart.col.series", "text"),
    ("code", "chart.col.code", "text"),
    ("value", "chart.col.value", "percent"),
    ("numerator", "chart.col.numerator", "int"),
    ("denominator", "chart.col.denominator", "int"),
    ("target_value", "chart.col.organisation_target", "percent"),
    ("status_label", "chart.col.status", "text"),
)
# Excel number formats; Excel shows them in the reader's locale (« 12,5 % », « 12 345 » in French).
EXCEL_FORMATS: dict[str, dict[str, str]] = {
    "fr": {"percent": "0.0\\ %", "int": "#,##0"},
    "en": {"percent": "0.0%", "int": "#,##0"},
}


def selection_csv(table: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM, for spreadsheets) of an explorer table, text cells neutralised against formulas."""
    return ("\ufeff" + export.to_csv(table)).encode("utf-8")


def selection_xlsx(table: pd.DataFrame, lang: str = "fr") -> bytes:
    """Excel workbook of an explorer table: numbers kept as numbers with the language's formats.

    Text cells starting with ``= + - @`` are prefixed with ``'`` (as in the site's downloads), so
    no cell is ever a formula.
    """
    kinds = {t(key, lang): kind for _, key, kind in TABLE_SPEC}
    book = Workbook()
    sheet = book.active
    sheet.title = t("explorer.export.sheet", lang)[:31]
    sheet.append([export.neutralise_formula(str(c)) for c in table.columns])
    for row in table.itertuples(index=False):
        cells = []
        for value in row:
            if chart_base._nan(value) or value == "":
                cells.append(None)
            elif isinstance(value, str):
                cells.append(export.neutralise_formula(value))
            else:
                cells.append(float(value))
        sheet.append(cells)
    for j, column in enumerate(table.columns, start=1):
        number_format = EXCEL_FORMATS.get(lang, EXCEL_FORMATS["fr"]).get(kinds.get(column, "text"))
        width = max([len(str(column))] + [len(str(v)) for v in table[column]]) + 2
        sheet.column_dimensions[sheet.cell(1, j).column_letter].width = min(60, width)
        for i in range(2, len(table) + 2):
            cell = sheet.cell(i, j)
            if number_format and isinstance(cell.value, float):
                cell.number_format = number_format
            elif isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download_links(table: pd.DataFrame, lang: str, stem: str) -> str:
    """HTML links that download ``table`` as CSV and as Excel in one click (data: URIs, work offline)."""
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    links = []
    for label_key, data, mime, suffix in (
        ("explorer.export.csv", selection_csv(table), "text/csv;charset=utf-8", "csv"),
        ("explorer.export.xlsx", selection_xlsx(table, lang), xlsx_type, "xlsx"),
    ):
        uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        links.append(
            f'<a class="barometre-download" download="{html.escape(stem)}.{suffix}" '
            f'href="{uri}">{html.escape(t(label_key, lang))}</a>'
        )
    return f"<p>{html.escape(t('explorer.export', lang))} " + " · ".join(links) + "</p>"


def government_series(results: Results, target_id: str, view: str = "pooled") -> pd.DataFrame:
    """Government value of one target per period under an aggregation ``view`` (``pooled`` or ``mean``).

    Columns: ``period``, ``value``, ``organisations_reporting``, ``ci_low``, ``ci_high``
    (the interval only for the pooled view). Periods are in strategy order.
    """
    strategy = results.dataset.strategy
    strategy.target(target_id)
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
    if view == "pooled":
        ind = results.indicators[results.indicators["target"] == str(target_id)]
        frame = ind[["period", "value", "organisations_reporting", "ci_low", "ci_high"]].copy()
    else:
        by_org = results.by_organisation[results.by_organisation["target"] == str(target_id)]
        by_org = by_org[by_org["value"].notna()]
        grouped = by_org.groupby("period", sort=False)["value"]
        frame = pd.DataFrame(
            {"value": grouped.mean(), "organisations_reporting": grouped.count().astype(int)}
        ).reset_index()
        frame["ci_low"] = float("nan")
        frame["ci_high"] = float("nan")
    frame["_o"] = frame["period"].map(strategy.periods.index)
    return frame.sort_values("_o").drop(columns="_o").reset_index(drop=True)


def small_multiples_chart(
    results: Results,
    target_id: str,
    codes: list[str] | tuple[str, ...],
    lang: str = "fr",
    view: str = "pooled",
    configure: bool = True,
) -> alt.TopLevelMixin:
    """One small chart per organisation over time, all on the same 0–100 % scale.

    Each panel shows the organisation's own values (solid line, points), the government
    value under ``view`` (dashed grey line) and the target (black rule), so organisations
    are compared with the same references. Organisations without any value get a panel
    that says « Aucune donnée déclarée », never an empty one.
    """
    strategy = results.dataset.strategy
    target = strategy.target(target_id)
    gov = government_series(results, target_id, view)[["period", "value"]].dropna()
    gov = gov.assign(series=t(f"explorer.series.{view}", lang))
    by_org = results.by_organisation
    x = chart_base._period_axis(strategy, lang, angle=-40)  # four periods in a small panel: slanted labels
    y = alt.Y(
        "value:Q", title=None, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=chart_base.PCT_AXIS)
    )
    tv = chart_base._target_value(target)
    panels = []
    for code in codes:
        name = results.dataset.organisation_name(code, lang)
        own = by_org[(by_org["target"] == target_id) & (by_org["organisation"] == code)]
        own = own[own["value"].notna()][["period", "value"]].assign(series=name)
        tooltip = [
            alt.Tooltip("series:N", title=t("chart.legend.series", lang)),
            alt.Tooltip("period:O", title=t("chart.col.period", lang)),
            alt.Tooltip("value:Q", title=t("chart.col.value", lang), format=chart_base.PCT_TIP),
        ]
        layers = [
            alt.Chart(gov)
            .mark_line(color=chart_base.GREY, strokeDash=[4, 3])
            .encode(x=x, y=y, tooltip=tooltip)
        ]
        if own.empty:
            note = pd.DataFrame({"message": [t("explorer.no_data.status", lang)], "value": [0.5]})
            layers.append(alt.Chart(note).mark_text(fontSize=12).encode(y=y, text="message:N"))
        else:
            layers.append(
                alt.Chart(own)
                .mark_line(point=True, color=chart_base.OKABE_ITO["blue"], strokeWidth=2)
                .encode(x=x, y=y, tooltip=tooltip)
            )
        if tv is not None:
            layers.append(
                alt.Chart(pd.DataFrame({"value": [tv]}))
                .mark_rule(color=chart_base.OKABE_ITO["black"])
                .encode(y=y)
            )
        panels.append(alt.layer(*layers).properties(title=name, width=240, height=150))
    if not panels:
        return chart_base._empty_chart(t("explorer.multiples.title", lang, id=target_id), lang, configure)
    chart = alt.concat(*panels, columns=3).properties(
        title=alt.TitleParams(
            t("explorer.multiples.title", lang, id=target_id),
            subtitle=t("explorer.multiples.subtitle", lang, series=t(f"explorer.series.{view}", lang)),
        ),
        description=t("explorer.multiples.description", lang, id=target_id, count=len(panels)),
    )
    return chart_base._finish(chart, lang, configure)


class Explorer:
    """Widgets, linked charts and table for exploring one dataset's results."""

    def __init__(self, results: Results, lang: str = "fr", period: str | None = None) -> None:
        """Build the widgets (see :func:`build_explorer`)."""
        self.results = results
        self.lang = lang
        ds = results.dataset
        strategy = ds.strategy
        self._refreshing = False
        self.refresh_count = 0
        periods = list(ds.periods) or list(strategy.periods)
        style = {"description_width": "110px"}
        layout = widgets.Layout(width="520px")
        self.period = widgets.Dropdown(
            options=periods,
            value=period if period in periods else periods[-1],
            description=t("explorer.period", lang),
            style=style,
            layout=layout,
        )
        self.ambition = widgets.Dropdown(
            options=[
                (t("chart.ambition_title", lang, id=a.id, title=a.title(lang)), a.id)
                for a in strategy.ambitions
            ],
            description=t("explorer.ambition", lang),
            style=style,
            layout=layout,
        )
        self.target = widgets.Dropdown(
            options=self._target_options(self.ambition.value),
            description=t("explorer.target", lang),
            style=style,
            layout=layout,
        )
        sample = ds.sample
        names = sorted(((ds.organisation_name(c, lang), c) for c in sample["code"]), key=lambda p: p[0])
        self.organisations = widgets.SelectMultiple(
            options=names,
            value=(),
            rows=min(10, max(3, len(names))),
            description=t("explorer.organisations", lang),
            style=style,
            layout=layout,
        )
        self.view = widgets.ToggleButtons(
            options=[(t("explorer.view.pooled", lang), "pooled"), (t("explorer.view.mean", lang), "mean")],
            value="pooled",
            description=t("explorer.view", lang),
            style={**style, "button_width": "auto"},  # whole labels, never « Moyenne des organ… »
        )
        types = sorted(
            {str(x) for x in sample.get("type", pd.Series(dtype=object)).dropna() if str(x).strip()}
        )
        self.org_type = widgets.Dropdown(
            options=[(t("explorer.org_type.all", lang), ""), *((ty, ty) for ty in types)],
            value="",
            description=t("explorer.org_type", lang),
            style=style,
            layout=layout,
        )
        self.coverage = widgets.ToggleButtons(
            options=[
                (t("explorer.coverage.reported", lang), "reported"),
                (t("explorer.coverage.expected", lang), "expected"),
            ],
            value="reported",
            description=t("explorer.coverage", lang),
            style={**style, "button_width": "auto"},
        )
        self.message = widgets.HTML()
        self.chart_output = widgets.Output()
        self.table_output = widgets.Output()
        self.export_links = widgets.HTML()
        # Stable CSS classes: the browser tests (and analysts' custom styles) find the widgets by them.
        for name in (
            "period",
            "ambition",
            "target",
            "organisations",
            "view",
            "chart_output",
            "table_output",
            "export_links",
        ):
            getattr(self, name).add_class(f"barometre-{name.replace('_', '-')}")
        self.ambition.observe(self._on_ambition, names="value")
        self.org_type.observe(self._on_org_type, names="value")
        for w in (self.period, self.target, self.organisations, self.view, self.coverage):
            w.observe(self._on_change, names="value")
        help_text = widgets.HTML(f"<small>{t('explorer.organisations.help', lang)}</small>")
        controls = widgets.VBox(
            [
                self.period,
                self.ambition,
                self.target,
                self.org_type,
                self.organisations,
                help_text,
                self.view,
                self.coverage,
            ]
        )
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<h3>{t('explorer.title', lang)}</h3>"),
                controls,
                self.message,
                self.chart_output,
                self.table_output,
                self.export_links,
            ]
        )
        self.refresh()

    # ---------------------------------------------------------------- widget callbacks

    def _target_options(self, ambition_id: str) -> list[tuple[str, str]]:
        return [
            (t("chart.target_title", self.lang, id=tg.id, label=tg.label(self.lang)), tg.id)
            for tg in self.results.dataset.strategy.targets_of(ambition_id)
        ]

    def _on_ambition(self, change: dict[str, Any]) -> None:
        self._refreshing = True  # the target list changes: refresh once, at the end
        try:
            options = self._target_options(change["new"])
            self.target.options = options
            self.target.value = options[0][1] if options else None
        finally:
            self._refreshing = False
        self.refresh()

    def _type_codes(self) -> list[str]:
        """Codes of the expected organisations of the chosen type (all types: every one)."""
        sample = self.results.dataset.sample
        if self.org_type.value and "type" in sample:
            sample = sample[sample["type"].astype(str) == self.org_type.value]
        return list(sample["code"])

    def _on_org_type(self, change: dict[str, Any]) -> None:
        self._refreshing = True  # the organisation list changes: refresh once, at the end
        try:
            ds = self.results.dataset
            codes = self._type_codes()
            names = sorted(((ds.organisation_name(c, self.lang), c) for c in codes), key=lambda p: p[0])
            kept = tuple(c for c in self.organisations.value if c in codes)
            self.organisations.options = names
            self.organisations.value = kept
        finally:
            self._refreshing = False
        self.refresh()

    def missing_organisations(self) -> list[str]:
        """Chosen organisations (or, with none chosen, those of the chosen type) without a value."""
        by_org = self.results.by_organisation
        rows = by_org[
            (by_org["target"] == self.target.value)
            & (by_org["period"] == self.period.value)
            & by_org["value"].notna()
        ]
        codes = list(self.organisations.value) or self._type_codes()
        return [c for c in codes if c not in set(rows["organisation"])]

    def no_data_message(self) -> str:
        """« Aucune donnée déclarée pour… » naming what has no data in the selection ('' when all has)."""
        lang, ds = self.lang, self.results.dataset
        missing = self.missing_organisations()
        chosen = list(self.organisations.value) or self._type_codes()
        where = dict(id=self.target.value, period=self.period.value)
        if chosen and len(missing) == len(chosen) and not self.organisations.value:
            return t("explorer.no_data.type", lang, type=self.org_type.value or "—", **where)
        if missing and self.organisations.value:
            names = ", ".join(ds.organisation_name(c, lang) for c in missing)
            return t("explorer.no_data.organisations", lang, names=names, **where)
        return ""

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._refreshing:
            self.refresh()

    def select_target(self, target_id: str) -> None:
        """Choose a target (and its ambition) programmatically."""
        target = self.results.dataset.strategy.target(target_id)
        if self.ambition.value != target.ambition:
            self.ambition.value = target.ambition
        self.target.value = target.id

    # ---------------------------------------------------------------- current state

    @property
    def series_label(self) -> str:
        """Label of the government series in the current aggregation view."""
        return t(f"explorer.series.{self.view.value}", self.lang)

    def current_data(self) -> pd.DataFrame:
        """Tidy data of the comparison chart: ``period``, ``series``, ``kind``, ``code``, ``value``.

        ``kind`` is ``government`` (under the current view) or ``organisation``
        (one series per chosen organisation).
        """
        target_id = self.target.value
        gov = government_series(self.results, target_id, self.view.value)
        parts = [gov.assign(series=self.series_label, kind="government", code="")[
            ["period", "series", "kind", "code", "value"]
        ]]  # fmt: skip
        by_org = self.results.by_organisation
        own = by_org[(by_org["target"] == target_id) & by_org["organisation"].isin(self.organisations.value)]
        for code in self.organisations.value:
            rows = own[own["organisation"] == code]
            name = self.results.dataset.organisation_name(code, self.lang)
            parts.append(
                rows.assign(series=name, kind="organisation", code=code)[
                    ["period", "series", "kind", "code", "value"]
                ]
            )
        return pd.concat(parts, ignore_index=True)

    def current_table(self, formatted: bool = False) -> pd.DataFrame:
        """Table of the chosen period and target: the government row, then the organisations.

        With organisations chosen, only those; otherwise every reporting organisation.
        Columns (in the language): series, code, value, numerator, denominator,
        organisation's target, status.
        """
        lang = self.lang
        period, target_id = self.period.value, self.target.value
        gov = government_series(self.results, target_id, self.view.value)
        gov = gov[gov["period"] == period]
        ind = self.results.indicators
        official = ind[(ind["target"] == target_id) & (ind["period"] == period)]
        rows = [
            {
                "series": self.series_label,
                "code": "",
                "value": float(gov["value"].iloc[0]) if len(gov) else float("nan"),
                "numerator": float(official["numerator"].iloc[0])
                if self.view.value == "pooled" and len(official)
                else float("nan"),
                "denominator": float(official["denominator"].iloc[0])
                if self.view.value == "pooled" and len(official)
                else float("nan"),
                "target_value": float(official["target_value"].iloc[0]) if len(official) else float("nan"),
                "status_label": charts.status_label(official["status"].iloc[0], lang)
                if self.view.value == "pooled" and len(official)
                else "",
            }
        ]
        by_org = self.results.by_organisation
        orgs = by_org[(by_org["target"] == target_id) & (by_org["period"] == period)]
        chosen = list(self.organisations.value) or self._type_codes()
        orgs = orgs[orgs["organisation"].isin(chosen)]
        if self.coverage.value == "expected":  # expected organisations without a row: listed, no value
            absent = [c for c in chosen if c not in set(orgs["organisation"])]
            orgs = pd.concat(
                [orgs, pd.DataFrame({"organisation": absent, "status": [NO_DATA] * len(absent)})],
                ignore_index=True,
            )
        orgs = orgs.assign(
            series=orgs["organisation"].map(lambda c: self.results.dataset.organisation_name(c, lang)),
            code=orgs["organisation"],
            status_label=orgs["status"].map(
                lambda s: t("explorer.no_data.status", lang) if s == NO_DATA else charts.status_label(s, lang)
            ),
        ).sort_values(["value", "series"], ascending=[False, True])
        frame = pd.concat(
            [
                pd.DataFrame(rows),
                orgs[["series", "code", "value", "numerator", "denominator", "target_value", "status_label"]],
            ],
            ignore_index=True,
        )
        return chart_base._to_table(frame, TABLE_SPEC, lang, formatted)

    def current_chart(self, configure: bool = True) -> alt.TopLevelMixin:
        """Comparison chart: the government series (current view) and the chosen organisations over time."""
        target_id = self.target.value
        data = self.current_data()
        band = None
        if self.view.value == "pooled":
            band = government_series(self.results, target_id, "pooled")[["period", "ci_low", "ci_high"]]
        n_orgs = len(self.organisations.value)
        title = t("explorer.chart.title", self.lang, id=target_id, series=self.series_label)
        description = t(
            "explorer.chart.description", self.lang, id=target_id, series=self.series_label, count=n_orgs,
            period=self.period.value,
        )  # fmt: skip
        return charts.comparison_chart(
            data,
            self.results.dataset.strategy,
            target_id,
            self.lang,
            title=title,
            description=description,
            period=self.period.value,
            band=band,
            configure=configure,
        )

    def current_multiples_chart(self, configure: bool = True) -> alt.TopLevelMixin:
        """Small multiples of the chosen organisations over time (see :func:`small_multiples_chart`)."""
        return small_multiples_chart(
            self.results, self.target.value, self.organisations.value, self.lang, self.view.value, configure
        )

    def current_distribution_chart(self, configure: bool = True) -> alt.TopLevelMixin:
        """Distribution of the organisations for the chosen period, the first chosen organisation highlighted."""
        chosen = self.organisations.value
        return charts.distribution_chart(
            self.results,
            self.target.value,
            self.period.value,
            self.lang,
            highlight=chosen[0] if chosen else None,
            configure=configure,
        )

    # ---------------------------------------------------------------- display

    def refresh(self) -> None:
        """Recompute and redraw the charts and the table (called by every widget change)."""
        self.refresh_count += 1
        stem = (
            f"explorateur-{self.target.value}-{self.period.value}"
            if self.lang == "fr"
            else (f"explorer-{self.target.value}-{self.period.value}")
        )
        self.export_links.value = download_links(self.current_table(), self.lang, stem)
        message = self.no_data_message()
        self.message.value = (
            f'<p role="status"><strong>{html.escape(message)}</strong></p>' if message else ""
        )
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:  # pragma: no cover - IPython ships with ipywidgets
            return
        if get_ipython() is None:
            return  # plain Python (tests, scripts): the current_* methods are the interface
        with self.chart_output:
            self.chart_output.clear_output(wait=True)
            charts.display_chart(self.current_chart(), self.lang)
            if self.organisations.value:
                charts.display_chart(self.current_multiples_chart(), self.lang)
            charts.display_chart(self.current_distribution_chart(), self.lang)
        with self.table_output:
            self.table_output.clear_output(wait=True)
            table = self.current_table(formatted=True)
            series = t("chart.col.series", self.lang)
            # No pandas index column (0, 1, 2…); names read from the left.
            display(table.style.hide(axis="index").set_properties(subset=[series], **{"text-align": "left"}))

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Display the app when the explorer is the last expression of a cell."""
        return self.widget._repr_mimebundle_(**kwargs)


def build_explorer(results: Results, lang: str = "fr", period: str | None = None) -> Explorer:
    """Build the analysts' explorer for ``results`` in ``lang`` (starting at ``period``, default the latest)."""
    return Explorer(results, lang, period)


__all__ = [
    "TABLE_SPEC",
    "VIEWS",
    "Explorer",
    "build_explorer",
    "download_links",
    "government_series",
    "selection_csv",
    "selection_xlsx",
    "small_multiples_chart",
]
