"""Small multiples: one panel per target, each headed by the target's title wrapped over a few lines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import altair as alt
import pandas as pd


def with_gaps(frame: pd.DataFrame, periods: Sequence[str], keys: list[str], value: str) -> pd.DataFrame:
    """``frame``'s rows with a ``value``, and a row without one for each period a series skipped.

    Per series (``keys``: its target, its name), between the first and the last period it has a value for.
    Vega-Lite breaks a line at a missing value: drawn through, a line said a value was known for 2021-2022,
    a year without a report (or a plan withdrawn). A gap's text columns are empty: NaN there is no JSON the
    page can read (no chart was drawn).
    """
    known = frame[frame[value].notna()]
    order = {p: i for i, p in enumerate(periods)}
    rows = []
    for key, got in known.groupby(keys, sort=False):
        at = sorted(order[p] for p in got["period"])
        fields = dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True))
        rows += [{**fields, "period": periods[i]} for i in range(at[0], at[-1]) if i not in at]
    if not rows:
        return known
    gaps = pd.DataFrame(rows, columns=frame.columns)
    text = [
        c for c in frame.columns if c not in (*keys, "period") and not pd.api.types.is_numeric_dtype(frame[c])
    ]
    gaps[text] = gaps[text].astype(object).fillna("")
    return pd.concat([known, gaps], ignore_index=True)


PANEL_WIDTH = 230  # px, the small multiples' width (organisation and plan panels)
HEADER_FONT = 11  # px
HEADER_LINES = 3


def wrapped_labels_expr(labels: Iterable[str], width: int, font_size: int, max_lines: int) -> str:
    """A Vega expression showing each of ``labels`` in at most ``max_lines`` lines of ``width`` px.

    The last line ends in « … » when more would be needed; any other label is shown as is.

    Made for facet headers: labels are matched on ``datum.value`` (Vega-Lite pastes its own expression
    for ``datum.label`` into a header's, unparenthesised, which breaks a conditional). Widths are
    estimated from the font size (0.55 em per character, Helvetica's average); a French no-break space
    (« 75 % », « Cible : ») never becomes a line break.
    """
    import json
    import textwrap

    chars = max(8, int(width / (font_size * 0.55)))
    cases = []
    for label in dict.fromkeys(labels):
        glued = str(label).replace(" %", "\u00a0%").replace(" :", "\u00a0:")
        lines = textwrap.wrap(glued, chars, break_on_hyphens=False, max_lines=max_lines, placeholder=" …")
        if len(lines) > 1:
            cases.append(
                f"datum.value === {json.dumps(str(label), ensure_ascii=False)} ? {json.dumps(lines, ensure_ascii=False)}"
            )
    return " : ".join([*cases, "datum.label"])


def target_panels(
    layer: alt.LayerChart, titles: Iterable[str], columns: int
) -> tuple[alt.FacetChart, list[str]]:
    """One panel per target (field ``target_title``), in the order the titles come; returns the titles too.

    Each panel's title (« 1.1 — 75 % des nouveaux services… ») wraps over up to three lines of the
    panel's width: cut to one line it said little more than the target's number.
    """
    order = list(dict.fromkeys(titles))
    header = alt.Header(
        labelLimit=PANEL_WIDTH + 10,
        labelFontSize=HEADER_FONT,
        labelExpr=wrapped_labels_expr(order, PANEL_WIDTH, HEADER_FONT, HEADER_LINES),
        labelAlign="left",
        labelAnchor="start",
    )
    facet = alt.Facet("target_title:N", sort=order, title=None, header=header)
    # each panel its own period axis: shared, it was drawn under the last row only (under an empty cell
    # when the last row is short, and 3 000 px below the first panel on a phone)
    return layer.facet(facet=facet, columns=columns).resolve_axis(x="independent"), order
