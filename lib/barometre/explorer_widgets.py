"""The explorer's widgets: its controls, and the app's layout around its charts and tables.

:class:`barometre.explorer.Explorer` builds them here and wires their callbacks; the stable CSS
classes (``barometre-period``…) let the browser tests and analysts' own styles find them.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from .api import Results
from .explorer_fit import CSS
from .explorer_selection import organisation_options, period_type_options, rejected_rows_note, type_codes
from .i18n import t
from .target_words import with_id

STYLE = {"description_width": "110px"}
CLASSED = ("period", "ambition", "target", "org_type", "search", "search_note", "organisations", "view",
           "rejected", "chart_output", "table_output", "export_links", "plan_message", "plan_output")  # fmt: skip


def _layout() -> widgets.Layout:
    # long titles; a phone's width on a phone. No side margins: with ipywidgets' 2 px, 100 % stuck out of
    # the output area, whose edge cut the controls' right border off and scrolled them sideways.
    return widgets.Layout(width="100%", max_width="640px", margin="var(--jp-widgets-margin) 0")


def target_options(results: Results, ambition_id: str, lang: str) -> list[tuple[str, str]]:
    """(« 5.2 — label », id) options (a word id: « label » alone) of the targets of ``ambition_id``."""
    return [
        (with_id(tg.id, tg.label(lang), lang), tg.id)
        for tg in results.dataset.strategy.targets_of(ambition_id)
    ]


def make_controls(results: Results, lang: str, period: str | None) -> dict[str, Any]:
    """The explorer's widgets by name (``period``, ``ambition``… ``plan_output``), with their CSS classes."""
    ds = results.dataset
    strategy = ds.strategy
    periods = list(ds.periods) or list(strategy.periods)
    style, layout = STYLE, _layout()
    w: dict[str, Any] = {}
    w["period"] = widgets.Dropdown(
        options=periods,
        value=period if period in periods else periods[-1],
        description=t("explorer.period", lang),
        style=style,
        layout=layout,
    )
    w["ambition"] = widgets.Dropdown(
        options=[
            (t("chart.ambition_title", lang, id=a.id, title=a.title(lang)), a.id) for a in strategy.ambitions
        ],
        description=t("explorer.ambition", lang),
        style=style,
        layout=layout,
    )
    w["target"] = widgets.Dropdown(
        options=target_options(results, w["ambition"].value, lang),
        description=t("explorer.target", lang),
        style=style,
        layout=layout,
    )
    names = organisation_options(results, type_codes(results, "", w["period"].value), lang)
    # at 300 organisations, a list of ten rows to scroll: a search box narrows it (« ecole », « MFSN »)
    example = names[0][1] if names else str(ds.organisations["code"].iloc[0])
    w["search"] = widgets.Text(
        value="",
        placeholder=t("explorer.search.placeholder", lang, code=example),
        description=t("explorer.search", lang),
        style=style,
        layout=layout,
    )
    w["search_note"] = widgets.HTML()  # what the search found (nothing: said, not an empty list)
    w["organisations"] = widgets.SelectMultiple(
        options=names,
        value=(),
        rows=min(10, max(3, len(names))),
        description=t("explorer.organisations", lang),
        style=style,
        layout=layout,
    )
    w["view"] = widgets.ToggleButtons(
        options=[(t("explorer.view.pooled", lang), "pooled"), (t("explorer.view.mean", lang), "mean")],
        value="pooled",
        description=t("explorer.view", lang),
        style={**style, "button_width": "auto"},  # whole labels, never « Moyenne des organ… »
        layout=widgets.Layout(overflow="visible"),  # the buttons wrap: nothing to cut but their focus ring
    )
    w["org_type"] = widgets.Dropdown(
        options=period_type_options(results, w["period"].value, "", lang),
        value="",
        description=t("explorer.org_type", lang),
        style=style,
        layout=layout,
    )
    w["coverage"] = widgets.ToggleButtons(
        options=[
            (t("explorer.coverage.reported", lang), "reported"),
            (t("explorer.coverage.expected", lang), "expected"),
        ],
        value="reported",
        description=t("explorer.coverage", lang),
        style={**style, "button_width": "auto"},
        layout=widgets.Layout(overflow="visible"),
    )
    w["message"] = widgets.HTML()
    # rows rejected at validation: said once for the page, with the command that lists them (they vanished)
    note = rejected_rows_note(results, lang)
    w["rejected"] = widgets.HTML(f"<p>{html.escape(note)}</p>" if note else "")
    w["chart_output"] = widgets.Output()
    w["table_output"] = widgets.Output()
    w["export_links"] = widgets.HTML()
    w["plan_message"] = widgets.HTML()
    w["plan_output"] = widgets.Output()
    for name in CLASSED:  # stable CSS classes: the browser tests (and analysts' custom styles) find them
        w[name].add_class(f"barometre-{name.replace('_', '-')}")
    return w


def app_layout(w: Any, lang: str) -> widgets.VBox:
    """The app: its title, the controls (``w``: an object with the widgets as attributes), message, outputs."""
    help_text = widgets.HTML(f"<small>{t('explorer.organisations.help', lang)}</small>")
    # Room for the app's 3 px focus ring and its 1 px offset (deploy/jupyter, Voilà): the full-width fields
    # reach the box's edge, and the box, like the toggle buttons' row, cut what goes past it; on a phone the
    # rings lost their right side (the period's its top, the toggle buttons' their bottom, at any width).
    controls = widgets.VBox(
        [
            w.period,
            w.ambition,
            w.target,
            w.org_type,
            w.search,
            w.search_note,
            w.organisations,
            help_text,
            w.view,
            w.coverage,
        ],
        layout=widgets.Layout(padding="4px"),
    )
    controls.add_class("barometre-controls")
    box = widgets.VBox(
        [
            widgets.HTML(f"{CSS}<h2>{t('explorer.title', lang)}</h2>"),  # under the notebook's h1; charts fit
            w.rejected,
            controls,
            w.message,
            w.chart_output,
            w.table_output,
            w.export_links,
            widgets.HTML(f"<h3>{html.escape(t('explorer.plans.heading', lang))}</h3>"),
            w.plan_message,
            w.plan_output,
        ]
    )
    box.add_class("barometre-explorer")
    return box
