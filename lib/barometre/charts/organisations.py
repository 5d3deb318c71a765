"""The organisations of one target in one period: their distribution and the furthest from the target."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..aliases import sort_key
from ..api import Results
from ..change_words import points_column
from ..i18n import t
from ..said_nothing import informative_tips
from ..target_words import target_name
from ..ties import cut
from .base import (
    DOT_PLOT_MAX,
    OKABE_ITO,
    STATUS_OUTLINE,
    WIDTH,
    _empty_chart,
    _finish,
    _nan,
    _org_names,
    _pct,
    _status_color,
    _status_shape,
    _target_value,
    _to_table,
    _value_x,
    goal_labels,
    goal_tip,
    status_label,
    value_labels,
    value_tip,
)
from .distribution_rules import government_rules
from .value_axis import axis_note, axis_top, noted, with_note
from .yes_no import answers, yes_no_chart

# --------------------------------------------------------------------------- (b) distribution


def _org_frame(results: Results, target_id: str, period: str, lang: str) -> pd.DataFrame:
    target = results.dataset.strategy.target(target_id)
    by_org = results.by_organisation
    rows = by_org[(by_org["target"] == str(target_id)) & (by_org["period"] == period)].copy()
    rows["name"] = rows["organisation"].map(_org_names(results, rows["organisation"], lang))
    rows["status_label"] = rows["status"].map(lambda s: status_label(s, lang))
    # the gap to the target, negative when behind it: below a target to reach, above one to go down to
    rows["gap"] = (rows["value"] - rows["target_value"]) * (-1.0 if target.decreases else 1.0)
    rows["at_most"] = target.decreases  # the tables say « au plus 25 % »
    rows["above"] = target.threshold is not None and not target.inclusive  # « plus de 50 % »
    rows["value_label"] = value_labels(rows, lang)  # the tooltips'
    rows["goal_label"] = goal_labels(rows, lang)
    return rows.sort_values(["value", "name"], ascending=[False, True]).reset_index(drop=True)


def _government_value(results: Results, target_id: str, period: str) -> float | None:
    ind = results.indicators
    row = ind[(ind["target"] == str(target_id)) & (ind["period"] == period)]
    if row.empty or _nan(row["value"].iloc[0]):
        return None
    return float(row["value"].iloc[0])


def distribution_table(
    results: Results, target_id: str, period: str, lang: str = "fr", formatted: bool = False
) -> pd.DataFrame:
    """Data of :func:`distribution_chart`: one row per reporting organisation, highest value first."""
    rows = _org_frame(results, target_id, period, lang)
    target = results.dataset.strategy.target(target_id)
    if target.yes_no:  # 4.1: each organisation's answer, as its chart counts them
        rows["answer"] = answers(rows, target, lang)
    spec = [
        ("organisation", "chart.col.code", "text"),
        ("name", "chart.col.organisation", "text"),
        *([("answer", "chart.col.answer", "text")] if target.yes_no else []),
        ("value", "chart.col.value", "value"),
        ("numerator", "chart.col.numerator", "int"),
        ("denominator", "chart.col.denominator", "int"),
        ("target_value", "chart.col.organisation_target", "goal"),
        ("status_label", "chart.col.status", "text"),
    ]
    return _to_table(rows, spec, lang, formatted)


def distribution_chart(
    results: Results,
    target_id: str,
    period: str,
    lang: str = "fr",
    highlight: str | None = None,
    configure: bool = True,
    view: str = "pooled",
) -> alt.TopLevelMixin:
    """Organisations' values for one target and period, with target and government rules.

    ``view`` ``mean`` (the explorer's « moyenne des organisations »): the government's rule is the mean of
    the organisations' values, and says so (« Moyenne des organisations : 50,6 % »), as the explorer's
    other charts and table under that view; ``pooled``: the official value.

    Up to ``DOT_PLOT_MAX`` organisations, one row each (a dot plot); beyond, a strip
    plot whose height does not grow with the number of organisations, or for a target
    the strategy has answered yes or no (``Target.yes_no``, 4.1) a bar for each answer
    with its count (:mod:`.yes_no`).

    A point selection on ``organisation``, bound to a drop-down menu (and to clicks
    on the points), highlights one organisation; it works in static HTML without
    a kernel. ``highlight`` (an organisation code) is the initial selection.
    """
    strategy = results.dataset.strategy
    target = strategy.target(target_id)
    rows = _org_frame(results, target_id, period, lang)
    title = t("chart.distribution.title", lang, id=target_name(strategy, target.id, lang), period=period)
    if rows.empty:
        return _empty_chart(title, lang, configure, target.label(lang))
    strip = len(rows) > DOT_PLOT_MAX
    # as the explorer's list: « l'Éducation » before « l'Emploi », case aside (it sorted by code points)
    codes = list(
        rows.sort_values("name", key=lambda names: names.map(sort_key), kind="stable")["organisation"]
    )
    names = _org_names(results, codes, lang)
    if highlight is not None and highlight not in codes:
        highlight = None
    select = alt.selection_point(
        name="organisation_highlight",
        fields=["organisation"],
        bind=alt.binding_select(
            options=[None, *codes],
            labels=[t("chart.all_organisations", lang), *[names[c] for c in codes]],
            name=t("chart.highlight", lang),
        ),
        value=[{"organisation": highlight}] if highlight else alt.Undefined,
        on="click",
        clear="dblclick",
    )
    y = alt.Y(
        "name:N",
        title=None,
        sort=alt.EncodingSortField(field="value", order="descending"),
        axis=alt.Axis(labelLimit=320),
    )
    # 4.1, answered yes or no: counted (its strip plot piled 273 points at 100 %, nothing could be counted)
    if strip and target.yes_no:
        named = target_name(strategy, target.id, lang)
        heading = t("chart.yes_no.title", lang, id=named, period=period)
        return yes_no_chart(rows, select, target, period, named, heading, lang, configure)
    mean = view == "mean"
    if mean:  # the explorer's « moyenne » view: the mean of the values drawn, not the pooled value
        gov = None if rows["value"].isna().all() else float(rows["value"].mean())
    else:
        gov = _government_value(results, target_id, period)
    rule_rows, clauses, subtitle, gov_text = government_rules(target, gov, lang, mean)
    top = axis_top(rows["value"], [r["x"] for r in rule_rows])  # small values: the axis ends under 100 %
    x = _value_x(lang, top=top)
    tooltip = [
        alt.Tooltip("name:N", title=t("chart.col.organisation", lang)),
        value_tip(lang),
        alt.Tooltip("numerator:Q", title=t("chart.col.numerator", lang), format=",.0f"),
        alt.Tooltip("denominator:Q", title=t("chart.col.denominator", lang), format=",.0f"),
        goal_tip("chart.col.organisation_target", lang),
        alt.Tooltip("status_label:N", title=t("chart.col.status", lang)),
    ]
    tooltip = informative_tips(rows, tooltip)  # no « Cible de l'organisation — » on every point
    # only the fields its marks and tooltips read: a row per organisation, 300 of them on the real site
    # (the bare target_value was one more field in each, read by nothing)
    tips = [str(tip.shorthand).split(":")[0] for tip in tooltip]
    cols = list(dict.fromkeys(["organisation", "name", "value", *tips, "status_label"]))
    if strip:
        # Many organisations: one strip of points (a deterministic jitter keeps them apart),
        # the selected organisation drawn large and named; the full list is the data table.
        rows["lane"] = ((np.arange(len(rows)) * 0.618034) % 1.0).round(3)  # 0.236, not 0.23606799999999998
        cols.append("lane")
        y = alt.Y("lane:Q", title=None, axis=None, scale=alt.Scale(domain=[-0.15, 1.15]))
    base = alt.Chart(rows[cols])
    one = {"param": select.name, "empty": False}
    layers: list[alt.Chart] = [
        base.mark_point(filled=True, size=55, stroke="#000000")
        .encode(
            y=y,
            x=x,
            color=_status_color(lang, present=rows["status"]),
            shape=_status_shape(lang, present=rows["status"]),
            opacity=alt.condition(select, alt.value(1.0), alt.value(0.2)),  # at 0.9 a grey ? was 2.9:1
            size=alt.condition(one, alt.value(260), alt.value(55)),
            strokeWidth=alt.condition(one, alt.value(STATUS_OUTLINE), alt.value(0)),  # its size says it
            tooltip=tooltip,
        )
        .add_params(select),
        base.mark_text(align="left", dx=12, dy=-12, fontSize=12, fontWeight="bold")
        .encode(y=y, x=x, text="name:N")
        .transform_filter(one),
    ] if strip else [
        base.mark_rule(color="#DDDDDD").encode(y=y, x="value:Q", x2=alt.datum(0)),
        base.mark_point(filled=True, size=110, stroke="#000000")
        .encode(
            y=y,
            x=x,
            color=_status_color(lang, present=rows["status"]),
            shape=_status_shape(lang, present=rows["status"]),
            opacity=alt.condition(select, alt.value(1.0), alt.value(0.25)),
            # a thin outline: at 1.2 the rings of ⊘ and ◷ filled with black, two dark discs told apart by
            # neither colour nor shape
            strokeWidth=alt.condition(select, alt.value(STATUS_OUTLINE), alt.value(0)),
            tooltip=tooltip,
        )
        .add_params(select),
        # The values in a column right of the plot: next to their points they sat on the
        # government and target rules wherever values neared them.
        base.mark_text(align="left", x="width", dx=10, fontSize=11)
        .encode(y=y, text=alt.Text("value_label:N"))  # as the tables write it (value_labels)
        .transform_filter(select),
    ]  # fmt: skip
    for r in rule_rows:
        frame = pd.DataFrame([r])
        dash = [6, 3] if r["kind"] == "gov" else [1, 0]
        layers.append(
            alt.Chart(frame)
            .mark_rule(color=OKABE_ITO["black"], strokeDash=dash, strokeWidth=1.5)
            .encode(x="x:Q", tooltip=[alt.Tooltip("label:N", title=t("chart.col.value", lang))])
        )
        # the label on the side with room, so a narrow (phone) chart does not cut it: left of a rule from the
        # middle on, over the organisations' names (« Threshold: more than 50% » ran 19 px off a phone's chart)
        right = r["x"] >= top / 2
        layers.append(
            alt.Chart(frame)
            .mark_text(align="right" if right else "left", dx=-3 if right else 3,
                       y=-6 if r["kind"] == "target" else -18, fontSize=11)
            .encode(x="x:Q", text="label:N")
        )  # fmt: skip
    description = noted(t(
        "site.distribution.strip_description" if strip else "chart.distribution.description",
        lang, id=target_name(strategy, target.id, lang), period=period, count=len(rows),
        low=_pct(rows["value"].min(), lang), high=_pct(rows["value"].max(), lang),
        government=gov_text,
        target=clauses,
    ), axis_note(top, lang))  # fmt: skip
    chart = alt.layer(  # properties given at once: .properties() validates and copies
        *layers,
        title=alt.TitleParams(
            title, subtitle=with_note([target.label(lang), *subtitle], top, lang), offset=26
        ),
        description=description,
        width=WIDTH if strip else WIDTH - 120,
        height=170 if strip else max(120, 18 * len(rows)),
    )
    return _finish(chart, lang, configure)


# --------------------------------------------------------------------------- (c) furthest from target


def furthest_table(
    results: Results, target_id: str, period: str, lang: str = "fr", n: int = 10, formatted: bool = False
) -> pd.DataFrame:
    """Data of :func:`furthest_chart`: the ``n`` organisations furthest below their target, furthest first.

    Organisations tied at the cut are not named (:func:`furthest_tie` counts them).

    An organisation's target is the strategy's target value (its threshold for
    share-of-organisations targets). Without a target value, the ``n`` lowest values.
    """
    return _furthest_table(_furthest(results, target_id, period, lang, n)[0], lang, formatted)


def furthest_with_tie(
    results: Results, target_id: str, period: str, lang: str = "fr", n: int = 10, formatted: bool = False
) -> tuple[pd.DataFrame, int, str]:
    """:func:`furthest_table` and :func:`furthest_tie` from one ranking of the organisations."""
    rows, (tied, gap) = _furthest(results, target_id, period, lang, n)
    return _furthest_table(rows, lang, formatted), tied, gap


def _furthest_table(rows: pd.DataFrame, lang: str, formatted: bool) -> pd.DataFrame:
    spec = [
        ("rank", "chart.col.rank", "int"),
        ("organisation", "chart.col.code", "text"),
        ("name", "chart.col.organisation", "text"),
        ("value", "chart.col.value", "value"),
        ("target_value", "chart.col.organisation_target", "goal"),
        ("gap", "chart.col.gap", "points"),
        ("status_label", "chart.col.status", "text"),
    ]
    return _to_table(rows, spec, lang, formatted)


def _furthest_sorted(results: Results, target_id: str, period: str, lang: str) -> pd.DataFrame:
    """Every organisation behind its target, furthest first (without a target value: the lowest values)."""
    rows = _org_frame(results, target_id, period, lang)
    if rows["target_value"].notna().any():
        # behind: under its target, or on a threshold to pass (« plus de 50 % » at 50 %: not passed)
        behind = (rows["gap"] < -1e-12) | (rows["above"] & (rows["gap"].abs() <= 1e-12))
        rows = rows[behind].sort_values(["gap", "name"], ascending=[True, True])
    else:  # the lowest values (the highest for a target to go down to)
        decreases = results.dataset.strategy.target(target_id).decreases
        rows = rows.sort_values(["value", "name"], ascending=[not decreases, True])
    rows = rows.reset_index(drop=True)
    # as many decimals as the small values it is the gap of (« −0,81 pt »): ties are decided on these words
    rows["gap_label"] = points_column(rows["gap"], rows[["value", "target_value"]], lang).where(
        rows["gap"].notna(), ""
    )
    rows["shown"] = rows["gap_label"].where(rows["gap_label"].ne(""), rows["value_label"])
    return rows


def _furthest(
    results: Results, target_id: str, period: str, lang: str, n: int
) -> tuple[pd.DataFrame, tuple[int, str]]:
    """The organisations named (ranked) and the tie at the cut left unnamed (its size and gap, or (0, ""))."""
    ranked = _furthest_sorted(results, target_id, period, lang)
    at = cut(list(ranked["shown"]), n)
    rows = ranked.head(at.named).reset_index(drop=True)
    rows["rank"] = range(1, len(rows) + 1)
    return rows, ((at.tied, ranked["shown"].iloc[at.named]) if at.tied else (0, ""))


def furthest_tie(
    results: Results, target_id: str, period: str, lang: str = "fr", n: int = 10
) -> tuple[int, str]:
    """The organisations tied at the cut of :func:`furthest_table` (left unnamed) and the gap they share.

    (0, "") when there is none, or when it is named whole in the table (:func:`~barometre.ties.cut`).
    """
    return _furthest(results, target_id, period, lang, n)[1]


def furthest_chart(
    results: Results, target_id: str, period: str, lang: str = "fr", n: int = 10, configure: bool = True
) -> alt.TopLevelMixin:
    """Horizontal bars of the ``n`` organisations furthest from their target, with the gap written out."""
    strategy = results.dataset.strategy
    target = strategy.target(target_id)
    rows = _furthest(results, target_id, period, lang, n)[0]
    has_target = _target_value(target) is not None
    key = "chart.furthest.title" if has_target else "chart.furthest.title_no_target"
    title = t(key, lang, id=target_name(strategy, target.id, lang), period=period)
    if rows.empty:
        return _empty_chart(title, lang, configure, t("chart.furthest.none", lang) if has_target else "")
    order = list(rows["name"])
    y = alt.Y("name:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    top = axis_top(rows["value"], rows["target_value"] if has_target else [])  # small: ends under 100 %
    x = _value_x(lang, top=top)
    tooltip = [
        alt.Tooltip("rank:Q", title=t("chart.col.rank", lang)),
        alt.Tooltip("name:N", title=t("chart.col.organisation", lang)),
        value_tip(lang),
        goal_tip("chart.col.organisation_target", lang),
        alt.Tooltip("gap_label:N", title=t("chart.col.gap", lang)),
        alt.Tooltip("status_label:N", title=t("chart.col.status", lang)),
    ]
    cols = [
        "rank",
        "organisation",
        "name",
        "value",
        "value_label",
        "target_value",
        "goal_label",
        "gap_label",
        "status_label",
    ]
    base = alt.Chart(rows[cols])
    layers: list[alt.Chart] = [
        base.mark_bar(color=OKABE_ITO["vermillion"] if has_target else OKABE_ITO["blue"], height=14).encode(
            y=y, x=x, tooltip=tooltip
        ),
        base.mark_text(align="left", dx=4, fontSize=11).encode(y=y, x=x, text="gap_label:N"),
    ]
    if has_target:
        layers.append(
            base.mark_tick(color=OKABE_ITO["black"], thickness=2, size=18).encode(
                y=y, x="target_value:Q", tooltip=tooltip
            )
        )
        first = rows.iloc[0]
        first_sentence = t(
            "chart.furthest.first",
            lang,
            name=first["name"],
            value=_pct(first["value"], lang),
            gap=first["gap_label"],
        )
    else:
        first_sentence = ""
    named = target_name(strategy, target.id, lang)
    description = t(
        "chart.furthest.description", lang, count=len(rows), id=named, period=period, first=first_sentence
    )
    description = description.strip()
    chart = alt.layer(
        *layers,
        title=alt.TitleParams(title, subtitle=with_note(target.label(lang), top, lang)),
        description=noted(description, axis_note(top, lang)),
        width=WIDTH - 160,
        height=max(60, 22 * len(rows)),
    )
    return _finish(chart, lang, configure)
