"""Sections of an organisation's page: its values against the government's, over time."""

from __future__ import annotations

import math

import pandas as pd
from markupsafe import Markup

from .blocks import HTML, heading, join, paragraph, status_badge, table
from .change_words import gap_text
from .exclusions import filed_unusable, left_out_cells
from .i18n import both, format_number, joined, t
from .organisation_periods import active
from .report_context import ReportContext, figure, page_header
from .strategy_model import period_year
from .target_words import id_is_word, target_tag


def organisation_header(ctx: ReportContext, code: str) -> HTML:
    """Title of an organisation's page; checks the code."""
    if code not in set(ctx.ds.organisations["code"]):
        from .errors import ParameterError

        valid = ", ".join(ctx.ds.sample["code"])
        raise ParameterError(both("org.error.unknown", code=code, valid=valid))
    name = ctx.ds.organisation_name(code, ctx.lang)
    lead = t("org.lead", ctx.lang, period=ctx.period, code=code)
    row = ctx.ds.organisations.set_index("code").loc[code]
    since, s, exists = row.get("from_period") or "", ctx.strategy, _exists(ctx, code)
    if not exists:  # abolished before the period, or not yet created (organisations.csv)
        key = "org.lead_ended" if row.get("until_period") else "org.lead_not_yet"
        lead += " " + t(key, ctx.lang, period=ctx.period, until=row.get("until_period"), since=since)
    elif since and s.has_target_values and period_year(since) > period_year(s.baseline_period):
        # created after the starting period: its « Données insuffisantes » said nothing of why
        # past the deadline its value short of a target is « Échéance manquée », baseline or not
        key = "org.lead_after_baseline" + "_past" * s.after_deadline(ctx.period)
        lead += " " + t(key, ctx.lang, since=since, baseline=s.baseline_period)
    if exists and _rows_now(ctx, code).empty:
        # every row of its table « non déclarée » (the same rows): said once, as the brief's missing reports say it;
        # rows rejected at validation were reported all the same (« déclaré mais rejeté »)
        key = "org.lead_none_counted" if _rejected_now(ctx, code) else "org.lead_nothing"
        # filed, every unit left out for want of a usable value (exclusions.csv by organisation): not « rien »
        reported = set(ctx.results.by_organisation.loc[ctx.results.by_organisation["period"] == ctx.period,
                                                       "organisation"])  # fmt: skip
        units = filed_unusable(ctx.ds.exclusions, ctx.period, reported).get(code, 0)
        key = "org.lead_unusable" if units and key == "org.lead_nothing" else key
        lead += " " + t(key, ctx.lang, period=ctx.period, units=format_number(units, ctx.lang), n=units)
    return page_header(ctx, name, lead)


def _rows_now(ctx: ReportContext, code: str) -> pd.DataFrame:
    """The organisation's own rows of the period (``by_organisation``): its table and its lead read them."""
    by = ctx.results.by_organisation
    return by[(by["organisation"] == code) & (by["period"] == ctx.period)]


def _rejected_now(ctx: ReportContext, code: str) -> set[str]:
    """The targets whose row of the period the organisation reported and validation rejected."""
    return {target for period, org, target in ctx.ds.rejected_keys if (period, org) == (ctx.period, code)}


def _exists(ctx: ReportContext, code: str) -> bool:
    """Whether the organisation exists in the report's period (barometre.organisation_periods)."""
    orgs = ctx.ds.organisations
    return bool(active(orgs, ctx.period)[(orgs["code"] == code).to_numpy()].all())


SHARE_MARK = "\u00a0*"  # beside a government value that is a share of organisations (org.share_note)


def organisation_table(ctx: ReportContext, code: str, badges: bool = False) -> pd.DataFrame:
    """The organisation against the government value, per target, for the period.

    With ``badges`` a status is its badge (icon, words and colour, as on the target cards), not words alone.
    """
    sub = _rows_now(ctx, code)
    rows = []
    absent = "word.not_reported" if _exists(ctx, code) else "word.not_expected"
    rejected = _rejected_now(ctx, code) if _exists(ctx, code) else set()
    # filed, every unit left out for want of a usable value (exclusions.csv): not « non déclaré »
    unusable = {target for org, target in left_out_cells(ctx.ds.exclusions, ctx.period) if org == code}
    for tg in ctx.strategy.targets:
        o = sub[sub["target"] == tg.id]
        g = ctx.row(tg.id)
        ov = o.iloc[0]["value"] if len(o) else math.nan
        # a share of organisations (6.1) is not on the organisation's scale: no gap to it (org.share_note)
        share = tg.threshold is not None
        rows.append({
            t("col.target_id", ctx.lang): target_tag(tg, ctx.lang),
            t("col.label", ctx.lang): tg.label(ctx.lang),
            t("col.org_value", ctx.lang): ctx.value(tg, ov, g["target_value"]) if len(o) else t("word.rejected" if tg.id in rejected else "word.unusable" if tg.id in unusable else absent, ctx.lang),
            t("col.gov_value", ctx.lang): ctx.value(tg, g["value"], g["target_value"]) + SHARE_MARK * share,
            t("col.gap", ctx.lang): gap_text(ov - g["value"], ctx.lang, tg.decreases, (ov, g["value"])) if len(o) and not share else "—",
            t("col.status", ctx.lang): _status(o.iloc[0]["status"], ctx.lang, badges) if len(o) and o.iloc[0]["status"] else "—",
        })  # fmt: skip
    frame = pd.DataFrame(rows)
    if not ctx.strategy.has_target_values:
        frame = frame.drop(columns=[t("col.status", ctx.lang)])  # no target value: no status to show
    return frame


def _status(code: str, lang: str, badge: bool) -> str:
    return status_badge(code, lang) if badge else t(f"status.{code}", lang)


def organisation_summary(ctx: ReportContext, code: str) -> HTML:
    """Table of the organisation's values against the government's; statuses with their icons, as on cards."""
    frame = shown_table(organisation_table(ctx, code, badges=True), ctx.lang)
    return join(heading(t("section.org_vs_gov", ctx.lang), 2),
                table(frame, caption=t("section.org_vs_gov", ctx.lang), numeric=list(frame.columns[-3:]),
                      raw_columns=[t("col.target_id", ctx.lang), t("col.status", ctx.lang)]),
                paragraph(t("org.status_note", ctx.lang), "muted") if t("col.status", ctx.lang) in frame.columns else "",
                _share_note(ctx))  # fmt: skip


def shown_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`organisation_table` as the page shows it: the label under the id, the status next to them.

    Each target's label is under its id in the row's header cell, then come its status and the values. On a
    390 px phone the long « Libellé » column took the room, « Écart » and « État » were off the table's box.
    """
    tid, label, status = t("col.target_id", lang), t("col.label", lang), t("col.status", lang)
    shown = frame.drop(columns=[label])
    shown[tid] = [  # a word id is shown as its short label (target_tag): the label alone, not both
        Markup('<span class="target-label">{}</span>').format(words)
        if id_is_word(i)
        else Markup('<span class="target-id">{}</span> <span class="target-label">{}</span>').format(i, words)
        for i, words in zip(frame[tid], frame[label], strict=True)
    ]
    first = [tid, status] if status in shown.columns else [tid]
    return shown[first + [c for c in shown.columns if c not in first]]


def _share_note(ctx: ReportContext) -> HTML | str:
    """What the « * » beside a government value means, when a target is a share of organisations."""
    shares = [ctx.name(tg.id) for tg in ctx.strategy.targets if tg.threshold is not None]
    if not shares:
        return ""
    return paragraph(t("org.share_note", ctx.lang, n=len(shares), ids=joined(shares, ctx.lang)), "muted")


def organisation_figure(ctx: ReportContext, code: str) -> HTML:
    """The organisation against the government over time, one panel per target."""
    from . import charts

    by = ctx.results.by_organisation
    if by.loc[(by["organisation"] == code) & (by["period"] <= ctx.period), "value"].isna().all():
        name = ctx.ds.organisation_name(code, ctx.lang)
        return paragraph(t("site.no_org_chart", ctx.lang, name=name, period=ctx.period), "muted")

    return figure(ctx, charts.organisation_chart(ctx.results, code, ctx.lang),
                  charts.organisation_table(ctx.results, code, ctx.lang, formatted=True))  # fmt: skip
