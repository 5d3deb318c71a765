"""What a target's figure leaves out, said where the figure is explained (``exclusions.csv``).

The uptake of 2018-2019 read « 57,9 % » (249 / 430) while 820 of the 1 250 services were left out and the
telephone applications, never known, counted as 0: a service with 100 online and 10 000 telephone
applications counted as more than 75 % online. Each target's notes on its ambition page say, for the
report's period, how many units are counted, how many are left out and why, and which unknown values are
taken as 0; the methodology page gives the same for every period up to the report's.
"""

from __future__ import annotations

import math

import pandas as pd

from .blocks import HTML, heading, join, paragraph, table
from .exclusions import of_target, reason
from .i18n import format_number, t
from .report_context import ReportContext
from .strategy import Target


def _counted(ctx: ReportContext, target: str, period: str) -> int:
    """Units in the government value's denominator for ``target`` and ``period`` (the sum of the rows')."""
    ind = ctx.results.indicators
    rows = ind[(ind["target"] == target) & (ind["period"] == period)]
    den = float(rows["denominator"].iloc[0]) if len(rows) else math.nan
    return 0 if math.isnan(den) else round(den)


def _reasons(rows: pd.DataFrame, lang: str) -> str:
    """« 641 — demandes en ligne inconnues… ; 179 — aucune demande connue… », most first."""
    rows = rows.sort_values("count", ascending=False, kind="stable")
    parts = [
        t("method.left_out_reason", lang, count=format_number(int(r["count"]), lang), reason=reason(r, lang))
        for _, r in rows.iterrows()
    ]
    return t("punct.semicolon", lang).join(parts)


def left_out_notes(ctx: ReportContext, target: Target) -> list[str]:
    """The target's notes for the report's period: units counted, left out (why), unknown values taken as 0."""
    lang, period = ctx.lang, ctx.period
    left, zero = of_target(ctx.ds.exclusions, target.id, period)
    counted = _counted(ctx, target.id, period)
    notes = []
    if len(left):
        n_left = int(left["count"].sum())
        notes.append(t("method.left_out", lang, period=period, counted=format_number(counted, lang),
                       total=format_number(counted + n_left, lang), left=format_number(n_left, lang),
                       n=n_left, reasons=_reasons(left, lang)))  # fmt: skip
    if len(zero):
        notes.append(t("method.counted_as_zero", lang, counted=format_number(counted, lang),
                       reasons=_reasons(zero, lang)))  # fmt: skip
    return notes


def left_out_section(ctx: ReportContext) -> HTML:
    """The methodology's table of what each target's value counts and leaves out, period by period."""
    lang = ctx.lang
    ex = ctx.ds.exclusions
    ex = ex[ex["period"] <= ctx.period]
    if not len(ex):
        return HTML("")
    rows = []
    for tg in ctx.strategy.targets:
        for period in [p for p in ctx.ds.periods if p <= ctx.period]:
            left, zero = of_target(ex, tg.id, period)
            if not len(left) and not len(zero):
                continue
            counted = _counted(ctx, tg.id, period)
            rows.append({
                t("col.target_id", lang): tg.id, t("col.left_out_period", lang): period,
                t("col.units_counted", lang): format_number(counted, lang),
                t("col.units_left_out", lang): format_number(int(left["count"].sum()), lang),
                t("col.why_left_out", lang): _reasons(left, lang) or "—",
                t("col.counted_as_zero", lang): _reasons(zero, lang) or "—",
            })  # fmt: skip
    caption = t("methodology.h_left_out", lang)
    return join(
        heading(caption, 2),
        paragraph(t("methodology.left_out", lang)),
        table(pd.DataFrame(rows), caption=caption, numeric=rows and list(rows[0])[2:4] or ()),
    )


__all__ = ["left_out_notes", "left_out_section"]
