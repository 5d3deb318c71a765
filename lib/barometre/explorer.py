"""The analysts' explorer: an ipywidgets app over the results of a dataset.

``build_explorer(results, lang)`` returns an :class:`Explorer` whose widgets
(period, ambition, target, type, organisations, aggregation view, coverage) drive a
comparison chart, small multiples, a distribution chart, a table with its CSV and
Excel export, and the chosen organisations' plan versus actual. All the logic is
plain Python, so tests set widget values and read :meth:`Explorer.current_data`,
:meth:`Explorer.current_table`, :meth:`Explorer.current_chart`,
:meth:`Explorer.current_plan_table`…; in JupyterLab (and Voilà) the same callbacks
redraw the charts and the tables in ``ipywidgets.Output`` areas.

The pieces live in small modules: :mod:`barometre.explorer_widgets` (the controls and the
app's layout), :mod:`barometre.explorer_display` (drawing in a kernel),
:mod:`barometre.explorer_charts` (government series under the ``pooled`` and ``mean`` views,
small multiples), :mod:`barometre.explorer_export` (CSV and Excel of the selection),
:mod:`barometre.explorer_plans` (plan versus actual) and :mod:`barometre.explorer_selection`
(the chart data, the table and the no-data message).
"""

from __future__ import annotations

import html
from typing import Any

import altair as alt
import pandas as pd

from . import charts
from .api import Results
from .explorer_charts import VIEWS, government_series, small_multiples_chart
from .explorer_display import draw
from .explorer_export import TABLE_SPEC, download_links, selection_csv, selection_xlsx
from .explorer_plans import (
    no_plan_message,
    plan_versus_actual,
    plan_versus_actual_chart,
    plan_versus_actual_table,
)
from .explorer_selection import (
    NO_DATA,
    comparison_data,
    deadline_note,
    no_data_message,
    no_type_message,
    not_counted_note,
    organisation_options,
    organisations_without_data,
    period_type_options,
    search_note,
    selection_table,
    table_codes,
    type_codes,
    view_note,
)
from .explorer_widgets import app_layout, make_controls, target_options
from .i18n import t
from .target_words import target_name


class Explorer:
    """Widgets, linked charts and table for exploring one dataset's results."""

    def __init__(self, results: Results, lang: str = "fr", period: str | None = None) -> None:
        """Build the widgets (see :func:`build_explorer`)."""
        self.results = results
        self.lang = lang
        self._refreshing = False
        self.refresh_count = 0
        w = make_controls(results, lang, period)
        self.period, self.ambition, self.target = w["period"], w["ambition"], w["target"]
        self.org_type, self.search, self.organisations = w["org_type"], w["search"], w["organisations"]
        self.search_note = w["search_note"]
        self.view, self.coverage, self.message = w["view"], w["coverage"], w["message"]
        self.rejected = w["rejected"]  # the rows rejected at validation, said once for the page
        self.chart_output, self.table_output = w["chart_output"], w["table_output"]
        self.export_links, self.plan_message, self.plan_output = (
            w["export_links"],
            w["plan_message"],
            w["plan_output"],
        )
        self.ambition.observe(self._on_ambition, names="value")
        self.org_type.observe(self._on_org_type, names="value")  # who is listed: those of the type…
        self.period.observe(self._on_period, names="value")  # …that exist in the period
        self.search.observe(self._list_organisations, names="value")
        for widget in (self.target, self.organisations, self.view, self.coverage):
            widget.observe(self._on_change, names="value")
        self.widget = app_layout(self, lang)
        self.refresh()

    # ---------------------------------------------------------------- widget callbacks

    def _on_ambition(self, change: dict[str, Any]) -> None:
        self._refreshing = True  # the target list changes: refresh once, at the end
        try:
            options = target_options(self.results, change["new"], self.lang)
            self.target.options = options
            self.target.value = options[0][1] if options else None
        finally:
            self._refreshing = False
        self.refresh()

    def _type_codes(self, period: str | None = None) -> list[str]:
        """Codes of the expected organisations of the chosen type (all types: every one), in ``period`` if given."""
        return type_codes(self.results, self.org_type.value, period)

    def _on_org_type(self, change: dict[str, Any]) -> None:
        if self._refreshing:
            return
        self._list_types()  # a type without organisations in the period is listed only while chosen
        self._list_organisations()
        self.refresh()  # the type or the period changes who is expected: refresh once, at the end

    def _on_period(self, change: dict[str, Any]) -> None:
        self._list_types()
        self._list_organisations()
        self.refresh()

    def _list_types(self) -> None:
        """The types of the organisations existing in the period; the chosen one stays chosen."""
        self._refreshing = True
        try:
            chosen = self.org_type.value
            with self.org_type.hold_sync():  # options and choice reach the page together
                self.org_type.options = period_type_options(
                    self.results, self.period.value, chosen, self.lang
                )
                self.org_type.value = chosen
        finally:
            self._refreshing = False

    def _list_organisations(self, change: dict[str, Any] | None = None) -> None:
        """Organisations of the chosen type that exist in the period, matching the search; chosen ones stay chosen.

        A chosen one that does not exist in the period stays listed, its periods beside its name; one of
        another type than the chosen one, its type beside its name (the type narrows the list to choose
        from, as the search does: it never drops a choice, which « Tous les types » did not bring back).
        """
        self._refreshing = True
        try:
            codes = self._type_codes(self.period.value)
            # chosen ones stay chosen in a period they do not exist in: their history stays in the charts,
            # and the message says why they have no row in the table
            kept = tuple(self.organisations.value)
            # the new options and the choice in one message: the options alone, with the page's choice of
            # the longer list, made the page fail (« Cannot set properties of undefined (setting 'selected') »)
            with self.organisations.hold_sync():
                self.organisations.options = organisation_options(
                    self.results, codes, self.lang, self.search.value, kept, self.period.value
                )
                self.organisations.value = kept
            every = type_codes(self.results, "", self.period.value)  # those the Type filter hides, counted
            note = search_note(self.results, codes, self.lang, self.search.value, every)
            self.search_note.value = f'<p role="status">{html.escape(note)}</p>' if note else ""
        finally:
            self._refreshing = False

    def missing_organisations(self) -> list[str]:
        """Chosen organisations (or, with none chosen, those of the chosen type) without a value."""
        codes = table_codes(self.results, self.organisations.value, self.org_type.value, self.period.value)
        return organisations_without_data(self.results, self.target.value, self.period.value, codes)

    def no_data_message(self) -> str:
        """« Aucune donnée déclarée pour… » naming what has no data in the selection ('' when all has)."""
        selection = (self.target.value, self.period.value, self.organisations.value, self.org_type.value)
        none = no_type_message(self.results, self.org_type.value, self.period.value, self.lang)
        return " ".join(m for m in (none, no_data_message(self.results, *selection, self.lang)) if m)

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._refreshing:
            self.refresh()

    @property
    def target_name(self) -> str:
        """The chosen target as text names it: « 1.1 », or its quoted label when its id is a word."""
        return target_name(self.results.dataset.strategy, self.target.value, self.lang)

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
        """Tidy data of the comparison chart: ``period``, ``series``, ``kind``, ``code``, ``value``, ``counted``.

        ``kind`` is ``government`` (under the current view) or ``organisation``
        (one series per chosen organisation); ``counted`` is False for a government period that does not count.
        """
        codes = self.organisations.value
        return comparison_data(
            self.results, self.target.value, self.view.value, codes, self.series_label, self.lang
        )

    def current_table(self, formatted: bool = False) -> pd.DataFrame:
        """Table of the chosen period and target: the government row, then the organisations.

        With organisations chosen, only those; otherwise every reporting organisation.
        Columns (in the language): series, code, value, numerator, denominator,
        organisation's target, status.
        """
        return selection_table(
            self.results,
            self.target.value,
            self.period.value,
            self.view.value,
            table_codes(self.results, self.organisations.value, self.org_type.value, self.period.value),
            self.coverage.value,
            self.series_label,
            self.lang,
            formatted,
        )

    def current_chart(self, configure: bool = True) -> alt.TopLevelMixin:
        """Comparison chart: the government series (current view) and the chosen organisations over time."""
        target_id = self.target.value
        data = self.current_data()
        band = None
        if self.view.value == "pooled":
            band = government_series(self.results, target_id, "pooled")[["period", "ci_low", "ci_high"]]
        n_orgs = len(self.organisations.value)
        title = t("explorer.chart.title", self.lang, id=self.target_name, series=self.series_label)
        description = t(
            "explorer.chart.description", self.lang, id=self.target_name, series=self.series_label, count=n_orgs,
            period=self.period.value,
        )  # fmt: skip
        # a period that does not count said so, as its « + » and tooltip say it (the site's text does)
        uncounted = not_counted_note(self.results, target_id, self.series_label, self.lang)
        description = f"{description} {uncounted}".strip()
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
            view=self.view.value,  # its government rule as the comparison chart's and the table's
        )

    def current_plan_data(self) -> pd.DataFrame:
        """Plan versus actual of the chosen organisations (see :func:`.explorer_plans.plan_versus_actual`)."""
        return plan_versus_actual(
            self.results, self.target.value, self.organisations.value, self.period.value
        )

    def current_plan_table(self, formatted: bool = False) -> pd.DataFrame:
        """The chosen organisations' planned and actual values per period, gap and status in words."""
        return plan_versus_actual_table(
            self.results, self.target.value, self.organisations.value, self.period.value, self.lang, formatted
        )

    def current_plan_chart(self, configure: bool = True) -> alt.TopLevelMixin:
        """One panel per chosen organisation with a plan: planned versus actual over time."""
        return plan_versus_actual_chart(
            self.results, self.target.value, self.organisations.value, self.period.value, self.lang, configure
        )

    def no_plan_message(self) -> str:
        """« Aucun plan déposé pour… » naming the chosen organisations without a plan for the target."""
        return no_plan_message(self.results, self.target.value, self.organisations.value, self.lang)

    # ---------------------------------------------------------------- display

    def refresh(self) -> None:
        """Recompute and redraw the charts and the table (called by every widget change)."""
        self.refresh_count += 1
        message = " ".join(
            m
            for m in (
                self.no_data_message(),
                view_note(self.results, self.target.value, self.view.value, self.lang),
                deadline_note(self.results, self.target.value, self.period.value, self.lang),
            )
            if m
        )
        self.message.value = (
            f'<p role="status"><strong>{html.escape(message)}</strong></p>' if message else ""
        )
        plan_message = self.no_plan_message()
        self.plan_message.value = f'<p role="status">{html.escape(plan_message)}</p>' if plan_message else ""
        # the links after the table they export: a table that failed to draw gets none (links to a new
        # selection beside the last one's table, or beside a traceback, disagreed with what was on screen)
        self.export_links.value = ""
        if draw(self):
            stem = f"{'explorateur' if self.lang == 'fr' else 'explorer'}-{self.target.value}-{self.period.value}"
            self.export_links.value = download_links(self.current_table(), self.lang, stem)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Display the app when the explorer is the last expression of a cell."""
        return self.widget._repr_mimebundle_(**kwargs)


def build_explorer(results: Results, lang: str = "fr", period: str | None = None) -> Explorer:
    """Build the analysts' explorer for ``results`` in ``lang`` (starting at ``period``, default the latest)."""
    return Explorer(results, lang, period)


__all__ = ["NO_DATA", "TABLE_SPEC", "VIEWS", "Explorer", "build_explorer", "download_links", "government_series",
           "selection_csv", "selection_xlsx", "small_multiples_chart"]  # fmt: skip
