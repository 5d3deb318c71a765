"""What a target's figure leaves out, said where the figure is explained (``exclusions.csv``).

The uptake of 2018-2019 read « 57,9 % » (249 / 430) while 820 of the 1 250 services were left out and the
telephone applications, never known, counted as 0: a service with 100 online and 10 000 telephone
applications counted as more than 75 % online. Each target's notes on its ambition page say, for the
report's period, how many units are counted, how many are left out and why, and which unknown values are
taken as 0; the methodology page gives the same for every period up to the report's. The minister's brief
and the deck say it too, shorter, where the figure is given (:func:`left_out_brief`: « Services demandés en
ligne à plus de 75 % : la valeur compte 430 unités sur 1 250 (820 laissées de côté ; … ) »), from the same counts: the three agree.
"""

from __future__ import annotations

import math

import pandas as pd

from .blocks import HTML, heading, join, paragraph, table
from .exclusions import of_target, reason
from .i18n import format_number, t
from .render.pages import METHODOLOGY_PAGE
from .report_context import ReportContext
from .strategy import Target
from .target_words import target_tag


def _counted(ctx: ReportContext, target: str, period: str) -> int:
    """Units in the government value's denominator for ``target`` and ``period`` (the sum of the rows')."""
    return counted_units(ctx.results.indicators, target, period)


def counted_units(ind: pd.DataFrame, target: str, period: str) -> int:
    """Units in the government value's denominator (``indicators``) for ``target`` and ``period``."""
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
    return target_notes(ctx.ds.exclusions, ctx.results.indicators, target.id, ctx.period, ctx.lang)


def target_notes(
    exclusions: pd.DataFrame, ind: pd.DataFrame, target: str, period: str, lang: str
) -> list[str]:
    """The site's notes of ``target`` in ``period`` (:func:`left_out_notes`), from the frames themselves."""
    left, zero = of_target(exclusions, target, period)
    counted = counted_units(ind, target, period)
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


def left_out_item(
    exclusions: pd.DataFrame, ind: pd.DataFrame, target: str, period: str, lang: str, shown: str | None = None
) -> str:
    """« 1.1 : la valeur compte 430 unités sur 1 250 (820 laissées de côté ; … prises pour 0) », or "".

    ``shown``: the target as named (a word id by its label: :func:`barometre.target_words.target_tag`).
    """
    left, zero = of_target(exclusions, target, period)
    if not len(left) and not len(zero):
        return ""
    counted, n_left = counted_units(ind, target, period), int(left["count"].sum())
    parts = [t("method.left_out_part", lang, left=format_number(n_left, lang), n=n_left)] if n_left else []
    parts += [t("method.counted_as_zero_part", lang)] if len(zero) else []
    return t("method.left_out_short", lang, id=shown or target, counted=format_number(counted, lang),
             total=format_number(counted + n_left, lang), parts=t("punct.semicolon", lang).join(parts))  # fmt: skip


def left_out_brief(items: list[str], lang: str, alone: bool = False) -> str:
    """One sentence of what each value counts and leaves out, from targets' :func:`left_out_item` ("" if none).

    ``alone``: the brief is written without the site beside it (the reasons are on the published report's page).
    """
    items = [item for item in items if item]
    if not items:
        return ""
    key = "method.left_out_brief" + "_alone" * alone
    return t(key, lang, n=len(items), items=t("punct.semicolon", lang).join(items), page=METHODOLOGY_PAGE)


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
                t("col.target_id", lang): target_tag(tg, lang), t("col.left_out_period", lang): period,
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


__all__ = [
    "counted_units",
    "left_out_brief",
    "left_out_item",
    "left_out_notes",
    "left_out_section",
    "target_notes",
]
