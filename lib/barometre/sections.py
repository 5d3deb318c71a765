"""Sections of the report pages, called by the notebooks (one call per cell).

Each function takes a :class:`ReportContext` (from :func:`context`) and returns a
displayable block. This module holds the overview page's sections and gathers the
other pages' (``sections_ambition``, ``sections_organisation``,
``sections_methodology``), so a notebook needs one import: ``from barometre import
sections as s``.
"""

from __future__ import annotations

import math

import pandas as pd

from .blocks import HTML, Figure, bullet_list, heading, join, paragraph, table, tag
from .deadline_shown import ACHIEVED_LATE, REACHED
from .i18n import format_number, t
from .methodology_formulas import coverage_met
from .methodology_government import SAMPLE_CHANGE_SHARE
from .narrative import key_messages
from .report_context import (
    ReportContext,
    _has_progress,
    _trend,
    context,
    figure,
    page_header,
    target_card,
)
from .sections_ambition import (
    ambition_header,
    ambition_targets,
    distribution_figure,
    furthest_organisations,
    target_intro,
    target_section,
    trend_figure,
)
from .sections_methodology import methodology
from .sections_organisation import (
    organisation_figure,
    organisation_header,
    organisation_summary,
    organisation_table,
)
from .strategy import Target
from .target_words import target_tag


def overview_figure(ctx: ReportContext) -> HTML:
    """The targets at a glance, as a chart with its table (one sentence when no target has a value)."""
    from . import charts

    if ctx.now["value"].isna().all():
        return paragraph(t("site.no_overview", ctx.lang, period=ctx.period), "muted")

    return figure(ctx, charts.overview_chart(ctx.results, ctx.period, ctx.lang),
                  charts.overview_table(ctx.results, ctx.period, ctx.lang, formatted=True))  # fmt: skip


def index_figure(ctx: ReportContext) -> HTML:
    """Global index, contributions and ambitions as bars, with the table.

    Left out (empty) when there is no index: :func:`global_index` says why.
    """
    from . import charts

    if not _has_progress(ctx):
        return HTML("")

    return figure(ctx, charts.index_chart(ctx.results, ctx.period, ctx.lang, include_ambitions=True),
                  charts.index_table(ctx.results, ctx.period, ctx.lang, include_ambitions=True, formatted=True))  # fmt: skip


def global_index(ctx: ReportContext) -> HTML:
    """Key figures: global index, each contribution, targets achieved (one sentence when there is no index)."""
    title = heading(t(ctx.strategy.rollup_key("section.index"), ctx.lang), 2)
    if not _has_progress(ctx):
        why = ctx.strategy.no_index_reason(ctx.period)
        return join(title,
                    paragraph(t(f"site.no_index.{why}", ctx.lang, period=ctx.period,
                                baseline=ctx.strategy.baseline_period)))  # fmt: skip
    summ = ctx.results.summary
    summ = summ[summ["period"] == ctx.period]
    kpis = []
    glob = summ[summ["scope"] == "global"].iloc[0]
    kpis.append((t("kpi.global", ctx.lang), ctx.pct(glob["progress"]),
                 t("kpi.targets_included", ctx.lang, n=int(glob["targets_included"]), total=int(glob["targets_total"]))))  # fmt: skip
    for c in ctx.strategy.contributions:
        row = summ[(summ["scope"] == "contribution") & (summ["id"] == c.id)].iloc[0]
        kpis.append((c.title(ctx.lang), ctx.pct(row["progress"]),
                     t("kpi.targets_included", ctx.lang, n=int(row["targets_included"]), total=int(row["targets_total"]))))  # fmt: skip
    now = ctx.now
    with_target = now[now["target_value"].notna()]
    if len(with_target):
        n = int(with_target["status"].isin(REACHED).sum())  # « Cible atteinte en retard » too, and said
        late = int((with_target["status"] == ACHIEVED_LATE).sum())
        note = t("kpi.achieved_note", ctx.lang) + (t("kpi.achieved_late", ctx.lang, n=late) if late else "")
        kpis.append((t("kpi.achieved", ctx.lang), f"{n} / {len(with_target)}", note))
    items = [
        tag(
            "div",
            tag("span", label, class_="label"),
            tag("span", value, class_="figure"),
            tag("span", note, class_="muted"),
            class_="kpi",
        )  # fmt: skip
        for label, value, note in kpis
    ]
    return join(title, HTML(tag("div", *items, class_="kpis")),
                paragraph(t(ctx.strategy.rollup_key("kpi.method_note"), ctx.lang), "muted"))  # fmt: skip


def messages(ctx: ReportContext) -> HTML:
    """Key messages in plain language."""
    # a change from a period that does not count given as the cards below give it, with a caution
    msgs = key_messages(ctx.results.indicators, ctx.results.summary, ctx.strategy, ctx.period, ctx.lang,
                        withhold_uncounted=False)  # fmt: skip
    return join(heading(t("section.messages", ctx.lang), 2), bullet_list(msgs, "messages"))


def what_changed(ctx: ReportContext) -> HTML:
    """What changed since the previous period: the same lines as the minister's brief."""
    from .brief.content import build_content

    c = build_content(ctx.results, ctx.period, ctx.lang, organisations=False)
    empty = c.empty_changes(changes_shown=True)  # the cards give each value's change
    if not c.previous:
        return join(heading(t("brief.h.changes_none", ctx.lang), 2), paragraph(empty))
    lines = [change.line for change in c.all_changes] or [
        empty
    ]  # all of them: the brief's and deck's point here
    return join(heading(t("brief.h.changes", ctx.lang, previous=c.previous), 2), bullet_list(lines))


def minister_pack(ctx: ReportContext) -> HTML:
    """Links to the minister's pack written beside the page (brief.pdf, presentation.pptx)."""
    links = [tag("a", t("pack.brief", ctx.lang), href="brief.pdf", type="application/pdf"),
             tag("a", t("pack.deck", ctx.lang), href="presentation.pptx")]  # fmt: skip
    return join(heading(t("pack.h", ctx.lang), 2), bullet_list(links, "pack"))


def target_cards(ctx: ReportContext) -> HTML:
    """The targets at a glance, grouped in cards."""
    cards = [target_card(ctx, tg) for tg in ctx.strategy.targets]
    return join(heading(t("section.targets", ctx.lang), 2), HTML(tag("div", *cards, class_="cards")))


def targets_table(ctx: ReportContext, targets: list[Target] | None = None) -> pd.DataFrame:
    """The period's figures per target, formatted for people (the overview chart's data table)."""
    rows = []
    # a projection to a deadline reached: its value is known
    past = not ctx.strategy.before_deadline(ctx.period)
    for tg in targets or list(ctx.strategy.targets):
        r = ctx.row(tg.id)
        rows.append({
            t("col.target_id", ctx.lang): target_tag(tg, ctx.lang),
            t("col.label", ctx.lang): tg.label(ctx.lang),
            t("col.value", ctx.lang): ctx.value(tg, r["value"], r["target_value"]),
            t("col.ci", ctx.lang): f"{ctx.pct(r['ci_low'])} – {ctx.pct(r['ci_high'])}",
            t("col.target", ctx.lang): ctx.goal(tg, r["target_value"]) if not pd.isna(r["target_value"]) else "—",
            t("col.progress", ctx.lang): ctx.pct(r["progress"]),
            t("col.status", ctx.lang): t(f"status.{r['status']}", ctx.lang) if r["status"] else t("status.not_applicable", ctx.lang),
            t("col.projection", ctx.lang): "—" if past else ctx.pct(r["projected_value"]),
        })  # fmt: skip
    return pd.DataFrame(rows)


def coverage(ctx: ReportContext) -> HTML:
    """How many expected organisations reported each target in the period."""
    rows = []
    for tg in ctx.strategy.targets:
        r = ctx.row(tg.id)
        share = (
            r["organisations_reporting"] / r["organisations_expected"]
            if r["organisations_expected"]
            else math.nan
        )
        counted = coverage_met(
            r["organisations_reporting"], r["organisations_expected"], ctx.strategy.coverage_threshold
        )
        rows.append({
            t("col.target_id", ctx.lang): target_tag(tg, ctx.lang),
            t("col.reporting", ctx.lang): int(r["organisations_reporting"]),
            t("col.expected", ctx.lang): int(r["organisations_expected"]),
            t("col.coverage", ctx.lang): ctx.pct(share),
            t("col.counted", ctx.lang): t("word.yes" if counted else "word.no", ctx.lang),
        })  # fmt: skip
    frame = pd.DataFrame(rows)
    rejected = ctx.ds.rows_rejected_up_to(ctx.period)  # not a later period's rows
    return join(
        heading(t("section.coverage", ctx.lang), 2),
        paragraph(t("coverage.intro", ctx.lang, threshold=ctx.pct(ctx.strategy.coverage_threshold))),
        table(frame, caption=t("section.coverage", ctx.lang), numeric=list(frame.columns[1:4])),
        paragraph(t("coverage.rows", ctx.lang, period=ctx.period, used=format_number(len(ctx.ds.observations), ctx.lang)), "muted"),
        paragraph(t("coverage.rejected", ctx.lang, rejected=rejected), "muted") if rejected else "",
    )  # fmt: skip


__all__ = [
    "SAMPLE_CHANGE_SHARE",
    "Figure",
    "ReportContext",
    "_trend",
    "ambition_header",
    "ambition_targets",
    "context",
    "coverage",
    "distribution_figure",
    "figure",
    "furthest_organisations",
    "global_index",
    "index_figure",
    "messages",
    "methodology",
    "minister_pack",
    "organisation_figure",
    "organisation_header",
    "organisation_summary",
    "organisation_table",
    "overview_figure",
    "page_header",
    "target_card",
    "target_cards",
    "target_intro",
    "target_section",
    "targets_table",
    "trend_figure",
    "what_changed",
]
