"""Drawing the explorer in a kernel (JupyterLab, Voilà): its charts and tables in their output areas.

Outside a kernel (tests, scripts) nothing is drawn: the ``current_*`` methods of
:class:`barometre.explorer.Explorer` are the interface.
"""

from __future__ import annotations

import html
from typing import Any

from .explorer_export import selection_styler
from .explorer_fit import display_fitted, useful_first
from .i18n import t


def table_styler(ex: Any) -> Any:
    """The explorer's table as its page shows it: useful columns first, captioned, status kept on two lines.

    Only the columns the table has are styled: formatted for people, a column that says nothing on
    every row is left out (GC data has no status; nor has the « moyenne » government row alone), and
    styling it anyway put a pandas traceback (``KeyError: … ['Statut'] …``) where the table was.
    """
    lang = ex.lang
    table = useful_first(ex.current_table(formatted=True), lang)  # on a phone: in sight first
    shown = selection_styler(table, ex.target_name, ex.period.value, lang)
    status = t("chart.col.status", lang)
    # squeezed on a phone, « Cible atteinte en retard » took four lines: two at most
    if status in table.columns:
        shown = shown.set_properties(subset=[status], **{"min-width": "9em"})
    return shown


def draw(ex: Any) -> bool:
    """Redraw the charts and tables of the explorer ``ex`` in its output areas, when in a kernel.

    False when its table could not be drawn: the table area then says so (never the last choice's
    table, nor a traceback), and the caller gives no export links beside it.
    """
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:  # pragma: no cover - IPython ships with ipywidgets
        return True
    if get_ipython() is None:
        return True  # plain Python (tests, scripts): the current_* methods are the interface
    lang = ex.lang
    with ex.chart_output:
        ex.chart_output.clear_output(wait=True)
        display_fitted(ex.current_chart(), lang)
        if ex.organisations.value:
            display_fitted(ex.current_multiples_chart(), lang)
        display_fitted(ex.current_distribution_chart(), lang)
    drawn = True
    with ex.table_output:
        ex.table_output.clear_output(wait=True)
        try:
            shown = table_styler(ex).to_html()
        except Exception:  # noqa: BLE001 - whatever fails, the page says so in words, not a traceback
            drawn = False
            display(HTML(f'<p role="status">{html.escape(t("explorer.table.failed", lang))}</p>'))
        else:
            display(HTML(shown))
    with ex.plan_output:
        plans = ex.current_plan_table(formatted=True)
        # nothing to draw: cleared at once (with ``wait`` the last choice's chart and table stayed, for ever,
        # under « Choisissez une ou plusieurs organisations… »)
        ex.plan_output.clear_output(wait=bool(len(plans)))
        if len(plans):  # organisations without a plan: the message above says so, no empty chart
            display_fitted(ex.current_plan_chart(), lang)
            name, period = t("chart.col.organisation", lang), t("chart.col.period", lang)
            display(
                plans.style.hide(axis="index")
                .set_caption(html.escape(t("explorer.plans.caption", lang, id=ex.target_name)))
                .set_properties(subset=[name], **{"text-align": "left"})
                .set_properties(subset=[period], **{"white-space": "nowrap"})  # never « 2021- / 2022 »
            )
    return drawn
