"""Report sections on transformation plans (issue 14), one call per notebook cell.

Organisation pages: plan versus actual per target (chart, table, status in
words). Ambition pages: per target, the government value the plans would reach
and whether they suffice, and the organisations without a plan. Overview: how
many organisations filed a plan and for how many targets the plans suffice.
A dataset without ``plans.csv`` gives empty sections. Observations count only
up to the report period.
"""

from __future__ import annotations

import pandas as pd

from .blocks import HTML, Figure, bullet_list, heading, join, paragraph, table, tag
from .change_words import points_number
from .i18n import format_goal, format_percent, joined, t
from .organisation_periods import expected_codes_known_at
from .plans import (
    dataset_government_plans,
    dataset_summary,
    dataset_unweighted_plans,
    headline_period,
    headline_rows,
    held_to,
)
from .plans_charts import format_actual, plan_chart, plan_frame, plan_status_label, plan_table
from .report_context import ReportContext, figure
from .strategy import Strategy, Target, period_year
from .target_words import names as target_names
from .target_words import tags, with_id


def _over(planned: list, report: str) -> bool:
    """Whether every planned period in ``planned`` is measured by the report's period, its own included.

    The deadline's report said « si chaque organisation réalise son plan, les plans suffisent … en
    2022-2023 » beside 2022-2023's measured values (« 5.2 Recul »): a hypothesis on a period already
    known is said in the past (« avait réalisé », « auraient suffi »).
    """
    periods = [p for p in planned if isinstance(p, str)]
    return bool(periods) and all(period_year(p) <= period_year(report) for p in periods)


def _when(key: str, over: bool) -> str:
    """``key``, or ``key_past`` for planned periods that are over (« aurait atteint », « would have »).

    A report for 2023-2024 said « si chaque organisation réalise son plan, le gouvernement atteint … en
    2022-2023 », in the present, of a period whose values it already has.
    """
    return f"{key}_past" if over else key


def _points(x: float, lang: str, ends: tuple[float, ...] = ()) -> str:
    """An unsigned distance in percentage points: « 23,7 points », « 0,66 point » between small ``ends``."""
    return t("plans.points", lang, n=points_number(x, lang, ends))


NAMES_INLINE = 10  # organisations named in a sentence; more are listed under a summary that counts them


def _list_names(ctx: ReportContext, codes: list[str]) -> str:
    return ", ".join(ctx.ds.organisation_name(c, ctx.lang) for c in codes)


def _without(ctx: ReportContext, key: str, codes: list[str], **values: str) -> HTML:
    """« Sans plan … : » and the organisations' names; past :data:`NAMES_INLINE`, folded under their count.

    92 names at 300 organisations made the plans part of an ambition page seven phone screens long.
    """
    names = _list_names(ctx, codes)
    if len(codes) <= NAMES_INLINE:
        return paragraph(t(key, ctx.lang, n=len(codes), names=names, **values))
    summary = t(f"{key}_count", ctx.lang, n=len(codes), **values)
    return HTML(tag("details", tag("summary", summary), paragraph(names + "."), class_="names"))


# ---------------------------------------------------------------- organisation page


def organisation_plan_figure(ctx: ReportContext, code: str) -> Figure:
    """The organisation's planned trajectories and actual values, with the table."""
    return figure(ctx, plan_chart(ctx.ds, code, ctx.period, ctx.lang), plan_table(ctx.ds, code, ctx.period, ctx.lang),
                  caption=t("plans.chart.title", ctx.lang, name=ctx.ds.organisation_name(code, ctx.lang)))  # fmt: skip


def organisation_plans(ctx: ReportContext, code: str) -> HTML:
    """Plan versus actual for each target the organisation planned (empty without plans.csv)."""
    if not ctx.ds.has_plans:
        return join()
    lang, name = ctx.lang, ctx.ds.organisation_name(code, ctx.lang)
    head = heading(t("plans.org.heading", lang), 2, id="plan")
    frame = plan_frame(ctx.ds, code, ctx.period)
    if frame.empty:
        return join(head, paragraph(t("plans.org.none", lang, name=name)))
    now = frame[frame["period"] == ctx.period]
    counts = now["plan_status"].value_counts()
    parts = [t(f"plans.org.count.{s}", lang, n=int(counts.get(s, 0))) for s in ("met", "behind", "no_data", "rejected")
             if counts.get(s, 0)]  # fmt: skip
    lines = []
    for rec in now[now["plan_status"] != "no_plan"].itertuples():
        status = plan_status_label(rec.plan_status, lang)
        actual = format_actual(rec.value, rec.planned_value, lang, ctx.strategy.target(rec.target).decreases)
        lines.append(t("plans.org.line", lang, target=rec.target, status=status,
                       planned=format_percent(rec.planned_value, lang), actual=actual))  # fmt: skip
    summary = (
        t("plans.org.summary", lang, period=ctx.period, parts=", ".join(parts))
        if parts
        else t("plans.org.nothing_due", lang, period=ctx.period)
    )
    return join(head, paragraph(summary), bullet_list(lines) if lines else "",
                organisation_plan_figure(ctx, code), paragraph(_org_note(ctx), "muted"))  # fmt: skip


def _org_note(ctx: ReportContext) -> str:
    """When a plan is met; the reversed rule is said only where a strategy has a target to go down to."""
    note = t("plans.org.note", ctx.lang)
    if any(tg.decreases for tg in ctx.strategy.targets):
        note += " " + t("plans.org.note_decrease", ctx.lang)
    return note


# ---------------------------------------------------------------- ambition page


def _verdict(ctx: ReportContext, target: Target, row: pd.Series) -> str:
    lang = ctx.lang
    values = {"target": ctx.name(target.id), "value": format_percent(row["planned_value"], lang), "period": row["period"],
              "goal": format_goal(row["target_value"], lang, at_most=target.decreases)}  # fmt: skip
    over = _over([row["period"]], ctx.period)
    if row["plans_suffice"] is None or pd.isna(row["planned_value"]):
        return t(_when("plans.ambition.no_goal", over), lang, **values)
    gap = row["planned_value"] - row["target_value"]
    key = "plans.ambition.suffice" if row["plans_suffice"] else "plans.ambition.short"
    if target.decreases and not row["plans_suffice"]:
        key = "plans.ambition.too_high"  # above a ceiling: points too many, not missing
    ends = (row["planned_value"], row["target_value"])  # « 0,66 point » from 0,34 % to 1 %
    return t(_when(key, over), lang, points=_points(gap, lang, ends), **values)


def plans_table(ctx: ReportContext, targets: list[Target]) -> pd.DataFrame:
    """Per target: the government value the plans would reach, the target, the verdict in words, counts."""
    heads = headline_rows(dataset_government_plans(ctx.ds, ctx.period), ctx.strategy, ctx.period)
    heads = heads[heads["target"].isin([tg.id for tg in targets])]
    lang = ctx.lang

    def verdict(ok, period: str) -> str:
        if ok not in (True, False):  # no target value: nothing to suffice for
            return "—"
        return t(
            _when("plans.verdict.suffice" if ok else "plans.verdict.short", _over([period], ctx.period)), lang
        )

    over = _over(list(heads["period"]), ctx.period)
    return pd.DataFrame({
        t("col.target_id", lang): heads["target"].map(tags(ctx.strategy, lang)),
        t("chart.col.period", lang): heads["period"],
        t(_when("plans.col.government_planned", over), lang):
            [format_percent(v, lang) for v in heads["planned_value"]],
        t("plans.col.target_value", lang): [format_goal(v, lang, at_most=ctx.strategy.target(tg).decreases)
                                            for tg, v in zip(heads["target"], heads["target_value"], strict=True)],
        t("plans.col.verdict", lang): [verdict(ok, p) for ok, p in zip(heads["plans_suffice"], heads["period"],
                                                                      strict=True)],
        t("plans.col.with_plan", lang): heads["organisations_with_plan"].astype(int),
        t("plans.col.status_quo", lang): heads["organisations_status_quo"].astype(int),
        t("plans.col.excluded", lang): heads["organisations_excluded"].astype(int),
    })  # fmt: skip


def _lead(ctx: ReportContext, planned: list, over: bool) -> str:
    """The lead: the period up to which an organisation without a plan is held (:func:`barometre.plans.held_to`).

    It named the report's period (« jusqu'en 2025-2026 ») above a 2022-2023 value computed, as it should be,
    on the values up to 2022-2023; periods held to that differ are said as the planned period's, at the latest.
    """
    held = sorted({held_to(ctx.strategy, p, ctx.period) for p in planned}, key=period_year) or [ctx.period]
    key = _when("plans.ambition.lead" + "_each" * (len(held) > 1), over)
    return t(key, ctx.lang, period=held[-1])


def ambition_plans(ctx: ReportContext, ambition: int | str) -> HTML:
    """If every organisation delivers its plan: the government value per target and who has no plan."""
    if not ctx.ds.has_plans:
        return join()
    lang = ctx.lang
    targets = ctx.strategy.targets_of(ctx.strategy.ambition(ambition).id)
    heads = headline_rows(dataset_government_plans(ctx.ds, ctx.period), ctx.strategy, ctx.period).set_index(
        "target"
    )
    shown = list(heads.loc[heads.index.isin([tg.id for tg in targets]), "period"])
    judged_on = headline_period(ctx.strategy, ctx.period, ctx.ds.plans["period"])
    # none of its targets planned: in the tense of the period judged, as the other ambitions' pages (the
    # deadline's report read « si chaque organisation réalise son plan » here, « avait réalisé » there)
    over = _over(shown or [judged_on], ctx.period)
    blocks: list = [heading(t(_when("plans.ambition.heading", over), lang), 2, id="plans"),
                    paragraph(_lead(ctx, shown, over))]  # fmt: skip
    for tg in targets:
        blocks.append(heading(f"{tg.id} — {tg.label(lang)}", 3))
        if tg.id not in heads.index:
            # after the deadline, judged on the period's plans: none for this target in it (it had some before)
            later = judged_on != ctx.strategy.deadline_period
            blocks.append(
                paragraph(t("plans.ambition.no_plans" + "_in" * later, lang, target=tg.id, period=judged_on))
            )
            continue
        blocks.append(paragraph(_verdict(ctx, tg, heads.loc[tg.id])))
        row = heads.loc[tg.id]
        blocks.append(paragraph(t("plans.ambition.counts", lang, with_plan=int(row["organisations_with_plan"]),
                                  status_quo=int(row["organisations_status_quo"]),
                                  excluded=int(row["organisations_excluded"]),
                                  expected=int(row["organisations_expected"]))))  # fmt: skip
        unweighted = dataset_unweighted_plans(ctx.ds, ctx.period)
        unweighted = unweighted[(unweighted["target"] == tg.id) & (unweighted["period"] == row["period"])]
        if len(unweighted):  # counted « sans donnée utilisable » above: named, as their plan is not counted
            blocks.append(_without(ctx, "plans.ambition.unweighted", list(unweighted["organisation"]),
                                   period=held_to(ctx.strategy, row["period"], ctx.period)))  # fmt: skip
        planned = ctx.ds.plans[(ctx.ds.plans["target"] == tg.id) & (ctx.ds.plans["period"] == row["period"])]
        # those expected in the planned period as known in the report's (barometre.plans.government_plans)
        expected = expected_codes_known_at(ctx.ds.organisations, row["period"], ctx.period)
        missing = [c for c in expected if c not in set(planned["organisation"])]
        if missing:
            blocks.append(_without(ctx, "plans.ambition.without", missing, period=row["period"]))
        else:
            blocks.append(paragraph(t("plans.ambition.all", lang, period=row["period"])))
    frame = plans_table(ctx, targets)
    if not frame.empty:
        caption = t(_when("plans.ambition.table", over), lang)
        # the figures and the counts right-aligned (the three counts sat on the left, under their headings)
        blocks.append(table(frame, caption=caption, numeric=[*frame.columns[2:4], *frame.columns[5:]]))
    return join(*blocks)


# ---------------------------------------------------------------- overview


def overview_plans(ctx: ReportContext) -> HTML:
    """How many organisations filed a plan; for how many targets the plans suffice."""
    if not ctx.ds.has_plans:
        return join()
    lang = ctx.lang
    s = dataset_summary(ctx.ds, ctx.period)
    lines = [t("plans.overview.filed", lang, n=s.organisations_with_plan, total=s.organisations_expected)]
    if s.unplanned:  # « 22 sur 25 » in 2024-2025 counted the deadline's organisations, unsaid
        lines.insert(
            0, t("plans.overview.unplanned", lang, period=s.unplanned, deadline=ctx.strategy.deadline_period)
        )
    over = _over([s.period], ctx.period)
    if s.period and s.targets_planned:  # no target judged (none has a target value): nothing to suffice for
        # none: « ne suffisent à atteindre aucune des n cibles », not « suffisent à atteindre 0 cible sur n »
        suffice = "plans.overview.suffice" if s.targets_suffice else "plans.overview.suffice_none"
        lines.append(t(_when(suffice, over), lang, n=s.targets_suffice, total=s.targets_planned,
                       period=s.period))  # fmt: skip
    short = [
        with_id(tid, ctx.strategy.target(tid).label(lang), lang, "{id} ({label})") for tid in s.targets_short
    ]
    if short:
        lines.append(
            t(_when("plans.overview.short", over), lang, targets=t("punct.semicolon", lang).join(short))
        )
    if s.targets_unplanned:
        lines.append(_unplanned_targets(ctx.strategy, s.targets_unplanned, lang))
    names = list(s.organisations_without_plan)
    without = [_without(ctx, "plans.overview.without", names)] if names else []
    return join(heading(t("plans.overview.heading", lang), 2, id="plans"),
                HTML(tag("div", *[tag("p", line) for line in lines], *without, class_="plans-summary")))  # fmt: skip


def brief_line(ds, period: str, lang: str = "fr", reached: tuple[str, ...] = ()) -> str:
    """One sentence on plans for the minister's brief and deck; empty without plans.csv.

    E.g. « 22 organisations sur 25 ont déposé un plan ; réalisés, les plans suffisent pour 9 cibles
    sur 10 en 2022-2023 (pas pour 2.1). » ``reached``: the targets achieved in ``period``, said achieved
    all the same when their plans fall short.
    """
    if not ds.has_plans:
        return ""
    s = dataset_summary(ds, period)
    if s.period is None:
        return ""
    # after the deadline with no plan for the period: the deadline's plans, said so (« 22 sur 25 » read as this year's)
    filed = t("plans.brief.filed" + "_unplanned" * bool(s.unplanned), lang, n=s.organisations_with_plan,
              total=s.organisations_expected, period=s.unplanned or "", deadline=ds.strategy.deadline_period)  # fmt: skip
    if not s.targets_planned:  # plans only for targets without a target value: whether they suffice is moot
        return t("plans.brief.filed_only", lang, filed=filed)
    kind = "all" if not s.targets_short else "none" if not s.targets_suffice else "short"  # « 0 cible sur 1 »
    key = _when(f"plans.brief.{kind}", _over([s.period], period))
    line = t(key, lang, filed=filed, suffice=s.targets_suffice, targets=s.targets_planned, period=s.period,
             short=", ".join(target_names(ds.strategy, s.targets_short, lang)))  # fmt: skip
    # « pas pour 1.3 » beside « 1.3 ✔ Cible atteinte » read as a risk: its organisations did better than planned
    beyond = [tid for tid in s.targets_short if tid in reached]
    if beyond:
        # the plans of a later period (the deadline's, in a report before it): achieved already, no comparison;
        # of an earlier one (the deadline's, after it, none filed since): achieved all the same, not « déjà »
        ahead = period_year(str(s.period)) > period_year(period)
        key = "plans.brief.reached_already" if ahead else "plans.brief.reached_anyway"
        line += " " + t(
            key, lang, n=len(beyond), ids=joined(target_names(ds.strategy, beyond, lang), lang), period=period
        )
    if s.targets_unplanned:
        line += " " + _unplanned_targets(ds.strategy, s.targets_unplanned, lang)
    return line


def _unplanned_targets(strategy: Strategy, ids: tuple[str, ...], lang: str) -> str:
    """« Aucune organisation n'a déposé de plan pour la cible 5.2. »: left out of the count, said."""
    return t(
        "plans.unplanned_targets", lang, n=len(ids), ids=joined(target_names(strategy, list(ids), lang), lang)
    )


__all__ = ["ambition_plans", "brief_line", "organisation_plans", "overview_plans", "plans_table"]
