"""The methodology page: the method in words, with the strategy's own parameters."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from .blocks import (
    HTML,
    STABLE_POINTS,
    STABLE_SHARE,
    bullet_list,
    heading,
    join,
    paragraph,
    status_badge,
    table,
)
from .deadline_shown import ACHIEVED_LATE, DEADLINE_MISSED, deadline_words
from .exclusions_shown import left_out_section
from .i18n import format_number, t
from .methodology import ACCELERATION_AT, ON_TRACK_AT, STATUSES
from .methodology_government import SAMPLE_CHANGE_SHARE
from .report_context import ReportContext, page_header
from .status_shown import STARTING_POINT
from .target_words import target_tag


def methodology(ctx: ReportContext) -> HTML:
    """The method, in words, with this strategy's parameters."""
    s = ctx.strategy
    lang = ctx.lang
    rows = []
    for tg in s.targets:
        if tg.aggregation == "share_of_organisations":
            agg = t("method.share", lang, op="≥" if tg.inclusive else ">", threshold=ctx.pct(tg.threshold))
        else:
            agg = t("method.pooled", lang)
        rows.append({
            t("col.target_id", lang): target_tag(tg, lang), t("col.label", lang): tg.label(lang),
            t("col.target", lang): ctx.goal(tg) if tg.target_value is not None else t("status.not_applicable", lang),
            t("col.aggregation", lang): agg, t("col.unit", lang): tg.unit(lang),
        })  # fmt: skip
    frame = pd.DataFrame(rows)
    valued = s.has_target_values  # else no progress, pace, status or index: one sentence says so
    shares = any(tg.aggregation == "share_of_organisations" for tg in s.targets)
    # the example of a threshold to exceed is the strategy's own (it said « plus de 50 % » of a 40 % one)
    passing = next((tg.threshold for tg in s.targets
                    if tg.aggregation == "share_of_organisations" and not tg.inclusive), None)  # fmt: skip
    coverage = "methodology.coverage" if valued else "methodology.coverage_no_status"
    return join(
        page_header(ctx, t("nav.methodology", lang), t("methodology.lead", lang, strategy=s.title(lang))),
        heading(t("methodology.h_data", lang), 2),
        paragraph(t("methodology.data", lang, baseline=s.baseline_period, deadline=s.deadline_period)),
        heading(t("methodology.h_value", lang), 2),
        paragraph(
            t("methodology.value", lang)
            + (" " + t("methodology.value_share", lang) if shares else "")
            + (
                " " + t("methodology.value_share_exclusive", lang, threshold=ctx.pct(passing))
                if passing is not None
                else ""
            )
        ),  # fmt: skip
        left_out_section(ctx),
        heading(t("methodology.h_coverage", lang), 2),
        paragraph(t(coverage, lang, threshold=ctx.pct(s.coverage_threshold))),
        _progress_section(ctx) if valued else "",
        heading(t("methodology.h_change", lang), 2),
        paragraph(t("methodology.change", lang, share=ctx.pct(SAMPLE_CHANGE_SHARE))),
        paragraph(
            t(
                "methodology.change_signs",
                lang,
                points=format_number(STABLE_POINTS * 100, lang, 1),
                share=ctx.pct(STABLE_SHARE),
            )
        ),  # fmt: skip
        _pace_and_status_sections(ctx) if valued else "",
        heading(t("methodology.h_ci", lang), 2),
        paragraph(t("methodology.ci", lang)),
        heading(t("methodology.h_projection", lang), 2),
        paragraph(t("methodology.projection", lang)),
        _index_section(ctx) if valued else _no_target_values_section(lang),
        _plans_section(lang) if ctx.ds.has_plans else "",
        heading(t("methodology.h_targets", lang), 2),
        table(frame, caption=t("methodology.h_targets", lang)),
    )


def _plans_section(lang: str) -> HTML:
    """How plans are judged and added up (a dataset with plans.csv): an analyst can check the plan pages."""
    return join(
        heading(t("methodology.h_plans", lang), 2),
        paragraph(t("methodology.plans_status", lang)),
        paragraph(t("methodology.plans_suffice", lang)),
    )


def _progress_section(ctx: ReportContext) -> HTML:
    """The progress rate (a strategy with target values)."""
    return join(
        heading(t("methodology.h_progress", ctx.lang), 2), paragraph(t("methodology.progress", ctx.lang))
    )


def _pace_and_status_sections(ctx: ReportContext) -> HTML:
    """The pace ratio and the statuses it gives (a strategy with target values)."""
    s, lang = ctx.strategy, ctx.lang
    statuses = [
        t("methodology.status_achieved" + "_down" * any(tg.decreases for tg in s.targets), lang),
        t("methodology.status_on_track", lang, x=format_number(ON_TRACK_AT, lang, 2)),
        t("methodology.status_acceleration", lang, a=format_number(ACCELERATION_AT, lang, 1), b=format_number(ON_TRACK_AT, lang, 2)),
        t("methodology.status_limited", lang, a=format_number(ACCELERATION_AT, lang, 1)),
        t("methodology.status_deterioration", lang),
        t("methodology.status_insufficient", lang),
        t("methodology.status_starting_point", lang, baseline=s.baseline_period),
    ]  # fmt: skip
    codes = [*STATUSES, STARTING_POINT]
    if s.after_deadline(ctx.period):  # a report past the strategy's deadline (deadline_shown)
        day = deadline_words(s, lang)
        statuses += [t(f"methodology.status_{code}", lang, deadline=s.deadline_period, date=day)
                     for code in (ACHIEVED_LATE, DEADLINE_MISSED)]  # fmt: skip
        codes += [ACHIEVED_LATE, DEADLINE_MISSED]
    return join(
        heading(t("methodology.h_pace", lang), 2),
        paragraph(t("methodology.pace_" + s.pace_method, lang)),
        # said only where the strategy has a target to go down to (none in Québec's)
        paragraph(t("methodology.decrease", lang)) if any(tg.decreases for tg in s.targets) else "",
        heading(t("methodology.h_status", lang), 2),
        bullet_list(
            [
                Markup(status_badge(code, lang)) + " — " + text
                for code, text in zip(codes, statuses, strict=True)
            ]
        ),  # fmt: skip
    )


def _index_section(ctx: ReportContext) -> HTML:
    """The global index and its contributions or ambitions (a strategy with target values)."""
    lang = ctx.lang
    return join(
        heading(t(ctx.strategy.rollup_key("methodology.h_index"), lang), 2),
        paragraph(t(ctx.strategy.rollup_key("methodology.index"), lang)),
    )


def _no_target_values_section(lang: str) -> HTML:
    """One sentence in place of the progress rate, pace, statuses and index (a strategy without target values)."""
    return join(
        heading(t("methodology.h_no_target_values", lang), 2),
        paragraph(t("methodology.no_target_values", lang)),
    )
