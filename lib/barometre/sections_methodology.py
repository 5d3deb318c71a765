"""The methodology page: the method in words, with the strategy's own parameters."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from .blocks import HTML, bullet_list, heading, join, paragraph, status_badge, table
from .i18n import format_number, t
from .methodology import ACCELERATION_AT, ON_TRACK_AT, STATUSES
from .report_context import SAMPLE_CHANGE_SHARE, ReportContext, page_header


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
            t("col.target_id", lang): tg.id, t("col.label", lang): tg.label(lang),
            t("col.target", lang): ctx.goal(tg) if tg.target_value is not None else t("status.not_applicable", lang),
            t("col.aggregation", lang): agg, t("col.unit", lang): tg.unit(lang),
        })  # fmt: skip
    frame = pd.DataFrame(rows)
    statuses = [
        t("methodology.status_achieved", lang),
        t("methodology.status_on_track", lang, x=format_number(ON_TRACK_AT, lang, 2)),
        t("methodology.status_acceleration", lang, a=format_number(ACCELERATION_AT, lang, 1), b=format_number(ON_TRACK_AT, lang, 2)),
        t("methodology.status_limited", lang, a=format_number(ACCELERATION_AT, lang, 1)),
        t("methodology.status_deterioration", lang),
        t("methodology.status_insufficient", lang),
    ]  # fmt: skip
    pace = t("methodology.pace_" + s.pace_method, lang)
    return join(
        page_header(ctx, t("nav.methodology", lang), t("methodology.lead", lang, strategy=s.title(lang))),
        heading(t("methodology.h_data", lang), 2),
        paragraph(t("methodology.data", lang, baseline=s.baseline_period, deadline=s.deadline_period)),
        heading(t("methodology.h_value", lang), 2),
        paragraph(t("methodology.value", lang)),
        heading(t("methodology.h_coverage", lang), 2),
        paragraph(t("methodology.coverage", lang, threshold=ctx.pct(s.coverage_threshold))),
        heading(t("methodology.h_progress", lang), 2),
        paragraph(t("methodology.progress", lang)),
        heading(t("methodology.h_change", lang), 2),
        paragraph(t("methodology.change", lang, share=ctx.pct(SAMPLE_CHANGE_SHARE))),
        heading(t("methodology.h_pace", lang), 2),
        paragraph(pace),
        # said only where the strategy has a target to go down to (none in Québec's)
        paragraph(t("methodology.decrease", lang)) if any(tg.decreases for tg in s.targets) else "",
        heading(t("methodology.h_status", lang), 2),
        bullet_list(
            [
                Markup(status_badge(code, lang)) + " — " + text
                for code, text in zip(
                    STATUSES,
                    statuses,
                    strict=True,
                )
            ]
        ),  # fmt: skip
        heading(t("methodology.h_ci", lang), 2),
        paragraph(t("methodology.ci", lang)),
        heading(t("methodology.h_projection", lang), 2),
        paragraph(t("methodology.projection", lang)),
        heading(t(ctx.strategy.rollup_key("methodology.h_index"), lang), 2),
        paragraph(t(ctx.strategy.rollup_key("methodology.index"), lang)),
        heading(t("methodology.h_targets", lang), 2),
        table(frame, caption=t("methodology.h_targets", lang)),
    )
