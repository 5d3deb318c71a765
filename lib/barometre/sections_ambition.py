"""Sections of an ambition page: one block per target (intro, trend, distribution, furthest)."""

from __future__ import annotations

import math

import pandas as pd

from .blocks import HTML, bullet_list, heading, join, paragraph, table, tag
from .exclusions_shown import left_out_notes
from .i18n import t
from .report_context import ReportContext, figure, page_header, target_card
from .strategy import Target
from .target_words import with_id


def ambition_header(ctx: ReportContext, ambition: int | str) -> HTML:
    """Title and progress of one ambition."""
    amb = ctx.strategy.ambition(ambition)
    summ = ctx.results.summary
    row = summ[(summ["period"] == ctx.period) & (summ["scope"] == "ambition") & (summ["id"] == amb.id)]
    prog = row.iloc[0]["progress"] if len(row) else math.nan
    n = len(ctx.strategy.targets_of(amb.id))
    if pd.isna(prog) and all(tg.target_value is None for tg in ctx.strategy.targets_of(amb.id)):
        lead = t("site.ambition_lead_no_progress", ctx.lang, period=ctx.period, n=n)
    else:  # « 68,8 % (2 cibles) » of 4.1 alone read as the mean of both: 4.2 had too few reports
        counted = int(row.iloc[0]["targets_included"]) if len(row) else 0
        key = "ambition.lead_counted" if counted else "ambition.lead_none_counted"  # no « : — »
        if counted == n:
            key = "ambition.lead"
        included = t("kpi.targets_included", ctx.lang, n=counted, total=n)  # as the overview's figures say it
        lead = t(key, ctx.lang, period=ctx.period, progress=ctx.pct(prog), n=n, included=included)
    return page_header(ctx, f"{t('nav.ambition', ctx.lang, n=amb.id)} — {amb.title(ctx.lang)}", lead)


def ambition_targets(ctx: ReportContext, ambition: int | str) -> list[Target]:
    """The targets of one ambition (validates the ambition id)."""
    ctx.strategy.ambition(ambition)
    return ctx.strategy.targets_of(ambition)


def target_section(ctx: ReportContext, target: Target) -> HTML:
    """Everything about one target on its ambition page."""
    return join(target_intro(ctx, target), trend_figure(ctx, target), distribution_figure(ctx, target),
                furthest_organisations(ctx, target))  # fmt: skip


def target_intro(ctx: ReportContext, target: Target) -> HTML:
    """Target heading, intended effect, key figures and method notes."""
    r = ctx.row(target.id)
    # a line whose field the strategy file leaves out is left out (it read « Numérateur : . »)
    fields = (("method.unit", "unit", target.unit(ctx.lang)), ("method.numerator", "text", target.numerator(ctx.lang)),
              ("method.denominator", "text", target.denominator(ctx.lang)))  # fmt: skip
    notes = [t(key, ctx.lang, **{name: text}) for key, name, text in fields if text and text.strip()]
    if target.aggregation == "share_of_organisations":
        op = "≥" if target.inclusive else ">"
        notes.append(t("method.share", ctx.lang, op=op, threshold=ctx.pct(target.threshold)))
    else:
        notes.append(t("method.pooled", ctx.lang))
    notes += left_out_notes(ctx, target)  # what the figure leaves out (exclusions.csv of an import)
    effect = target.effect(ctx.lang)
    return join(
        HTML(
            tag(
                "h2",
                target_heading(target, ctx.lang),
                id=f"cible-{target.id}",
            )
        ),
        # a strategy file without the target's effect: no « Effet recherché : » left empty
        HTML(tag("p", tag("strong", t("word.effect", ctx.lang)), " ", effect) if effect.strip() else ""),
        HTML(tag("div", target_card(ctx, target, link=False), class_="cards")),
        heading(t("section.method_notes", ctx.lang), 3),
        bullet_list(notes),
        paragraph(_figures_sentence(ctx, r)),
    )


def target_heading(target: Target, lang: str) -> str:
    """« Cible 1.1 — label »; a word id (« uptake ») is not shown: the label alone, in the page's language."""
    return with_id(target.id, target.label(lang), lang, form=t("word.target", lang) + " {id} — {label}")


def _figures_sentence(ctx: ReportContext, r: pd.Series) -> str:
    """Value, interval, baseline and projection in one sentence, leaving out what is unknown."""
    if pd.isna(r["value"]):  # none this period; the trend chart below may still show earlier ones
        # none up to it either: no trend, nobody to distribute, said once here (it was three sentences)
        key = "site.never_reported" if _no_trend(ctx, r["target"]) else "site.no_value"
        return t(key, ctx.lang, id=ctx.name(r["target"]), period=ctx.period)
    value = ctx.value(ctx.strategy.target(r["target"]), r["value"], r["target_value"])
    parts = [t("site.figures.value", ctx.lang, value=value, low=ctx.pct(r["ci_low"]),
               high=ctx.pct(r["ci_high"]))]  # fmt: skip
    if not pd.isna(r["baseline_value"]):
        parts.append(t("site.figures.baseline", ctx.lang, baseline=ctx.pct(r["baseline_value"])))
    if not pd.isna(r["projected_value"]) and ctx.strategy.before_deadline(ctx.period):
        parts.append(t("site.figures.projection", ctx.lang, deadline=ctx.strategy.deadline_period,
                       projection=ctx.pct(r["projected_value"])))  # fmt: skip
    return t("punct.semicolon", ctx.lang).join(parts) + "."


def trend_figure(ctx: ReportContext, target: Target) -> HTML:
    """Trend of one target against its target line, with the interval and the projection."""
    from . import charts

    if _no_trend(ctx, target.id):
        return join()  # the figures' sentence says why (site.never_reported)
    return join(heading(t("section.trend", ctx.lang), 3),
                figure(ctx, charts.trend_chart(ctx.results, target.id, ctx.lang),
                       charts.trend_table(ctx.results, target.id, ctx.lang, formatted=True)))  # fmt: skip


def _no_trend(ctx: ReportContext, target_id: str) -> bool:
    """Whether ``target_id`` has no government value in any period up to the report's."""
    return bool(ctx.series.loc[ctx.series["target"] == target_id, "value"].isna().all())


def _nobody_reported(ctx: ReportContext, target: Target) -> bool:
    """Whether no organisation has a value for ``target`` in the report's period."""
    by = ctx.results.by_organisation
    return bool(by.loc[(by["target"] == target.id) & (by["period"] == ctx.period), "value"].isna().all())


def distribution_figure(ctx: ReportContext, target: Target) -> HTML:
    """Values of the organisations for one target, with a highlight selector."""
    from . import charts

    if _nobody_reported(ctx, target):
        if _no_trend(ctx, target.id):
            return join()  # nobody ever: said once, by the figures' sentence
        return paragraph(
            t("site.no_distribution", ctx.lang, id=ctx.name(target.id), period=ctx.period), "muted"
        )
    return join(heading(t("section.distribution", ctx.lang), 3),
                figure(ctx, charts.distribution_chart(ctx.results, target.id, ctx.period, ctx.lang),
                       charts.distribution_table(ctx.results, target.id, ctx.period, ctx.lang, formatted=True)))  # fmt: skip


def furthest_organisations(ctx: ReportContext, target: Target, n: int = 5) -> HTML:
    """Organisations furthest below the target (or the threshold) in the period (from ``charts.furthest_table``)."""
    from . import charts

    if target.target_value is None:  # the one reason there is nothing to rank (nobody reporting: join())
        return paragraph(t("furthest.no_target", ctx.lang, id=ctx.name(target.id)), "muted")
    if _nobody_reported(ctx, target):
        return join()  # the distribution's sentence already says so
    frame, tied, gap = charts.furthest_with_tie(
        ctx.results, target.id, ctx.period, ctx.lang, n=n, formatted=True
    )
    if frame.empty and not tied:
        return join(
            heading(t("section.furthest", ctx.lang), 3), paragraph(t("furthest.all_reached", ctx.lang))
        )
    # the gap (the ranking) beside the name: on a phone, the columns after it wait beyond the table's edge
    keep = ["chart.col.organisation", "chart.col.gap", "chart.col.value", "chart.col.organisation_target"]
    frame = frame[[t(key, ctx.lang) for key in keep]]
    said = join()
    if tied:  # « 40 organisations sont ex aequo… »: none of them named as if ranked
        said = paragraph(t("furthest.tied" if len(frame) else "furthest.tied_all", ctx.lang, n=tied, gap=gap))
    shown = (table(frame, caption=t("site.furthest_caption", ctx.lang, id=ctx.name(target.id)), numeric=list(frame.columns[1:]))
             if len(frame) else join())  # fmt: skip
    return join(heading(t("section.furthest", ctx.lang), 3), shown, said)
