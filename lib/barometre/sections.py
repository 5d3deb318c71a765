"""Sections of the report pages, called by the notebooks (one call per cell).

Each function takes a :class:`ReportContext` and returns a displayable block.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from .api import Results, resolve_period, results
from .blocks import HTML, Figure, bullet_list, heading, join, paragraph, status_badge, table, tag
from .i18n import check_lang, format_number, format_percent, format_points, t
from .methodology import ACCELERATION_AT, ON_TRACK_AT, STATUSES, previous_period
from .narrative import key_messages
from .strategy import Target


@dataclass
class ReportContext:
    """What every section needs: results, the period and the language."""

    results: Results
    period: str
    lang: str

    @property
    def ds(self):
        """The dataset."""
        return self.results.dataset

    @property
    def strategy(self):
        """The dataset's strategy."""
        return self.results.dataset.strategy

    @property
    def now(self) -> pd.DataFrame:
        """Indicator rows of the period."""
        return self.results.period_indicators(self.period)

    @property
    def series(self) -> pd.DataFrame:
        """Indicator rows of every period up to the report's."""
        ind = self.results.indicators
        return ind[ind["period"] <= self.period]

    def row(self, target_id: str) -> pd.Series:
        """The period's indicator row of one target."""
        now = self.now
        return now[now["target"] == target_id].iloc[0]

    def pct(self, x: float | None) -> str:
        """Percentage in the report's language."""
        return format_percent(x, self.lang)


def context(data_dir: str | Path | None = None, period: str | None = None, lang: str = "fr") -> ReportContext:
    """Load (memoised) results and check the period and language parameters."""
    period = resolve_period(results(data_dir).dataset, period)
    return ReportContext(results(data_dir, up_to=period), period, check_lang(lang))


def _trend(ctx: ReportContext, target_id: str) -> tuple[str, str]:
    """Arrow and change since the previous period, raw and at constant sample.

    E.g. ('↗', '+9,3 pts ; +7,1 pts à périmètre constant (22 organisations)'), followed by a
    sentence when more than 10 % of the reporting organisations joined or left.
    """
    row = ctx.row(target_id)
    if pd.isna(row["change"]):
        return "·", t("trend.none", ctx.lang)
    delta = float(row["change"])
    arrow = "↗" if delta > 0.005 else ("↘" if delta < -0.005 else "→")
    previous = previous_period(ctx.strategy, ctx.period)
    text = t("trend.since", ctx.lang, delta=format_points(delta, ctx.lang), period=previous)
    if not pd.isna(row["constant_sample_change"]):
        text += t("trend.constant_sample", ctx.lang, delta=format_points(row["constant_sample_change"], ctx.lang),
                  n=format_number(row["constant_sample_organisations"], ctx.lang))  # fmt: skip
    now, before = _reporters(ctx, target_id, ctx.period), _reporters(ctx, target_id, previous)
    joined, left = len(now - before), len(before - now)
    if joined > SAMPLE_CHANGE_SHARE * len(now) or left > SAMPLE_CHANGE_SHARE * len(before):
        text += ". " + t("trend.sample_changed", ctx.lang, joined=joined, left=left)
    return arrow, text


SAMPLE_CHANGE_SHARE = 0.10  # more than 10 % of the reporting organisations joined or left


def _reporters(ctx: ReportContext, target_id: str, period: str | None) -> set[str]:
    """Organisations that reported ``target_id`` in ``period``."""
    obs = ctx.ds.observations
    return set(obs.loc[(obs["target"] == target_id) & (obs["period"] == period), "organisation"])


def figure(ctx: ReportContext, chart, data: pd.DataFrame, caption: str | None = None) -> Figure:
    """A chart with its data table, embedded with the language's number format."""
    from .charts import embed_options

    return Figure(chart, data, ctx.lang, caption=caption, options=embed_options(ctx.lang))


def _has_progress(ctx: ReportContext) -> bool:
    """Whether the period has a global progress index (some target has a target value and data)."""
    summ = ctx.results.summary
    glob = summ[(summ["period"] == ctx.period) & (summ["scope"] == "global")]
    return bool(len(glob)) and not pd.isna(glob.iloc[0]["progress"])


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


def trend_figure(ctx: ReportContext, target: Target) -> HTML:
    """Trend of one target against its target line, with the interval and the projection."""
    from . import charts

    if ctx.series.loc[ctx.series["target"] == target.id, "value"].isna().all():
        return paragraph(t("site.no_trend", ctx.lang, id=target.id, period=ctx.period), "muted")
    return join(heading(t("section.trend", ctx.lang), 3),
                figure(ctx, charts.trend_chart(ctx.results, target.id, ctx.lang),
                       charts.trend_table(ctx.results, target.id, ctx.lang, formatted=True)))  # fmt: skip


def distribution_figure(ctx: ReportContext, target: Target) -> HTML:
    """Values of the organisations for one target, with a highlight selector."""
    from . import charts

    by = ctx.results.by_organisation
    mine = by[(by["target"] == target.id) & (by["period"] == ctx.period)]
    if mine["value"].isna().all():
        return paragraph(t("site.no_distribution", ctx.lang, id=target.id, period=ctx.period), "muted")
    return join(heading(t("section.distribution", ctx.lang), 3),
                figure(ctx, charts.distribution_chart(ctx.results, target.id, ctx.period, ctx.lang),
                       charts.distribution_table(ctx.results, target.id, ctx.period, ctx.lang, formatted=True)))  # fmt: skip


def organisation_figure(ctx: ReportContext, code: str) -> HTML:
    """The organisation against the government over time, one panel per target."""
    from . import charts

    by = ctx.results.by_organisation
    if by.loc[(by["organisation"] == code) & (by["period"] <= ctx.period), "value"].isna().all():
        name = ctx.ds.organisation_name(code, ctx.lang)
        return paragraph(t("site.no_org_chart", ctx.lang, name=name, period=ctx.period), "muted")

    return figure(ctx, charts.organisation_chart(ctx.results, code, ctx.lang),
                  charts.organisation_table(ctx.results, code, ctx.lang, formatted=True))  # fmt: skip


def target_section(ctx: ReportContext, target: Target) -> HTML:
    """Everything about one target on its ambition page."""
    return join(target_intro(ctx, target), trend_figure(ctx, target), distribution_figure(ctx, target),
                furthest_organisations(ctx, target))  # fmt: skip


# ---------------------------------------------------------------- overview


def page_header(ctx: ReportContext, title: str | None = None, lead: str | None = None) -> HTML:
    """Page title (h1) and a lead paragraph naming the period and the dataset."""
    title = title or ctx.strategy.title(ctx.lang)
    lead = lead or t("page.lead", ctx.lang, period=ctx.period, dataset=ctx.ds.title)
    return join(heading(title, 1), paragraph(lead, "lead"))


def global_index(ctx: ReportContext) -> HTML:
    """Key figures: global index, each contribution, targets achieved (one sentence when there is no index)."""
    if not _has_progress(ctx):
        return join(heading(t("section.index", ctx.lang), 2),
                    paragraph(t("site.no_index", ctx.lang, period=ctx.period)))  # fmt: skip
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
        n = int((with_target["status"] == "target_achieved").sum())
        kpis.append(
            (t("kpi.achieved", ctx.lang), f"{n} / {len(with_target)}", t("kpi.achieved_note", ctx.lang))
        )
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
    return join(heading(t("section.index", ctx.lang), 2), HTML(tag("div", *items, class_="kpis")),
                paragraph(t("kpi.method_note", ctx.lang), "muted"))  # fmt: skip


def messages(ctx: ReportContext) -> HTML:
    """Key messages in plain language."""
    msgs = key_messages(ctx.results.indicators, ctx.results.summary, ctx.strategy, ctx.period, ctx.lang)
    return join(heading(t("section.messages", ctx.lang), 2), bullet_list(msgs, "messages"))


def what_changed(ctx: ReportContext) -> HTML:
    """What changed since the previous period: the same lines as the minister's brief."""
    from .brief.content import build_content

    c = build_content(ctx.results, ctx.period, ctx.lang, organisations=False)
    if not c.previous:
        return join(
            heading(t("brief.h.changes_none", ctx.lang), 2), paragraph(t("brief.changes.first", ctx.lang))
        )
    lines = c.changes or [t("brief.changes.none", ctx.lang, previous=c.previous)]
    return join(heading(t("brief.h.changes", ctx.lang, previous=c.previous), 2), bullet_list(lines))


def minister_pack(ctx: ReportContext) -> HTML:
    """Links to the minister's pack written beside the page (brief.pdf, presentation.pptx)."""
    links = [tag("a", t("pack.brief", ctx.lang), href="brief.pdf", type="application/pdf"),
             tag("a", t("pack.deck", ctx.lang), href="presentation.pptx")]  # fmt: skip
    return join(heading(t("pack.h", ctx.lang), 2), bullet_list(links, "pack"))


def target_card(ctx: ReportContext, target: Target, link: bool = True) -> Markup:
    """One target at a glance: value, target, status, trend, coverage."""
    row = ctx.row(target.id)
    arrow, trend = _trend(ctx, target.id)
    title = f"{target.id} — {target.label(ctx.lang)}"
    head = tag("a", title, href=f"ambition-{target.ambition}.html#cible-{target.id}") if link else title
    tv = (
        ctx.pct(row["target_value"])
        if not pd.isna(row["target_value"])
        else t("status.not_applicable", ctx.lang)
    )
    if target.illustrative and target.target_value is not None:
        tv = f"{tv} ({t('word.illustrative', ctx.lang)})"
    dl = tag(
        "dl",
        tag("dt", t("col.value", ctx.lang)), tag("dd", ctx.pct(row["value"])),
        tag("dt", t("col.target", ctx.lang)), tag("dd", tv),
        tag("dt", t("col.status", ctx.lang)), tag("dd", status_badge(row["status"], ctx.lang)),
        tag("dt", t("col.trend", ctx.lang)), tag("dd", tag("span", arrow, aria_hidden="true"), " ", trend),
        tag("dt", t("col.coverage", ctx.lang)),
        tag("dd", t("coverage.short", ctx.lang, n=int(row["organisations_reporting"]), total=int(row["organisations_expected"]))),
    )  # fmt: skip
    return tag("article", tag("h3", head), dl, class_="card", id=f"carte-{target.id}")


def target_cards(ctx: ReportContext) -> HTML:
    """The targets at a glance, grouped in cards."""
    cards = [target_card(ctx, tg) for tg in ctx.strategy.targets]
    return join(heading(t("section.targets", ctx.lang), 2), HTML(tag("div", *cards, class_="cards")))


def targets_table(ctx: ReportContext, targets: list[Target] | None = None) -> pd.DataFrame:
    """The period's figures per target, formatted for people (the overview chart's data table)."""
    rows = []
    for tg in targets or list(ctx.strategy.targets):
        r = ctx.row(tg.id)
        rows.append({
            t("col.target_id", ctx.lang): tg.id,
            t("col.label", ctx.lang): tg.label(ctx.lang),
            t("col.value", ctx.lang): ctx.pct(r["value"]),
            t("col.ci", ctx.lang): f"{ctx.pct(r['ci_low'])} – {ctx.pct(r['ci_high'])}",
            t("col.target", ctx.lang): ctx.pct(r["target_value"]),
            t("col.progress", ctx.lang): ctx.pct(r["progress"]),
            t("col.status", ctx.lang): t(f"status.{r['status']}", ctx.lang) if r["status"] else t("status.not_applicable", ctx.lang),
            t("col.projection", ctx.lang): ctx.pct(r["projected_value"]),
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
        counted = share >= ctx.strategy.coverage_threshold
        rows.append({
            t("col.target_id", ctx.lang): tg.id,
            t("col.reporting", ctx.lang): int(r["organisations_reporting"]),
            t("col.expected", ctx.lang): int(r["organisations_expected"]),
            t("col.coverage", ctx.lang): ctx.pct(share),
            t("col.counted", ctx.lang): t("word.yes" if counted else "word.no", ctx.lang),
        })  # fmt: skip
    frame = pd.DataFrame(rows)
    rep = ctx.ds.report
    return join(
        heading(t("section.coverage", ctx.lang), 2),
        paragraph(t("coverage.intro", ctx.lang, threshold=ctx.pct(ctx.strategy.coverage_threshold))),
        table(frame, caption=t("section.coverage", ctx.lang), numeric=list(frame.columns[1:4])),
        paragraph(t("coverage.rows", ctx.lang, period=ctx.period, used=format_number(len(ctx.ds.observations), ctx.lang)), "muted"),
        paragraph(t("coverage.rejected", ctx.lang, rejected=rep.rows_rejected), "muted") if rep.rows_rejected else "",
    )  # fmt: skip


# ---------------------------------------------------------------- ambition


def ambition_header(ctx: ReportContext, ambition: int | str) -> HTML:
    """Title and progress of one ambition."""
    amb = ctx.strategy.ambition(ambition)
    summ = ctx.results.summary
    row = summ[(summ["period"] == ctx.period) & (summ["scope"] == "ambition") & (summ["id"] == amb.id)]
    prog = row.iloc[0]["progress"] if len(row) else math.nan
    n = len(ctx.strategy.targets_of(amb.id))
    if pd.isna(prog) and all(tg.target_value is None for tg in ctx.strategy.targets_of(amb.id)):
        lead = t("site.ambition_lead_no_progress", ctx.lang, period=ctx.period, n=n)
    else:
        lead = t("ambition.lead", ctx.lang, period=ctx.period, progress=ctx.pct(prog), n=n)
    return page_header(ctx, f"{t('nav.ambition', ctx.lang, n=amb.id)} — {amb.title(ctx.lang)}", lead)


def target_intro(ctx: ReportContext, target: Target) -> HTML:
    """Target heading, intended effect, key figures and method notes."""
    r = ctx.row(target.id)
    notes = [
        t("method.unit", ctx.lang, unit=target.unit(ctx.lang)),
        t("method.numerator", ctx.lang, text=target.numerator(ctx.lang)),
        t("method.denominator", ctx.lang, text=target.denominator(ctx.lang)),
    ]
    if target.aggregation == "share_of_organisations":
        op = "≥" if target.inclusive else ">"
        notes.append(t("method.share", ctx.lang, op=op, threshold=ctx.pct(target.threshold)))
    else:
        notes.append(t("method.pooled", ctx.lang))
    arrow, trend = _trend(ctx, target.id)
    return join(
        HTML(
            tag(
                "h2",
                f"{t('word.target', ctx.lang)} {target.id} — {target.label(ctx.lang)}",
                id=f"cible-{target.id}",
            )
        ),
        HTML(tag("p", tag("strong", t("word.effect", ctx.lang)), " ", target.effect(ctx.lang))),
        HTML(tag("div", target_card(ctx, target, link=False), class_="cards")),
        heading(t("section.method_notes", ctx.lang), 3),
        bullet_list(notes),
        paragraph(_figures_sentence(ctx, r)),
    )


def _figures_sentence(ctx: ReportContext, r: pd.Series) -> str:
    """Value, interval, baseline and projection in one sentence, leaving out what is unknown."""
    if pd.isna(r["value"]):
        return t("site.no_trend", ctx.lang, id=r["target"], period=ctx.period)
    parts = [t("site.figures.value", ctx.lang, value=ctx.pct(r["value"]), low=ctx.pct(r["ci_low"]),
               high=ctx.pct(r["ci_high"]))]  # fmt: skip
    if not pd.isna(r["baseline_value"]):
        parts.append(t("site.figures.baseline", ctx.lang, baseline=ctx.pct(r["baseline_value"])))
    if not pd.isna(r["projected_value"]):
        parts.append(t("site.figures.projection", ctx.lang, deadline=ctx.strategy.deadline_period,
                       projection=ctx.pct(r["projected_value"])))  # fmt: skip
    return " ; ".join(parts) + "." if ctx.lang == "fr" else "; ".join(parts) + "."


def furthest_organisations(ctx: ReportContext, target: Target, n: int = 5) -> HTML:
    """Organisations furthest below the target (or the threshold) in the period (from ``charts.furthest_table``)."""
    from . import charts

    if target.target_value is None:
        return paragraph(t("furthest.none", ctx.lang), "muted")
    frame = charts.furthest_table(ctx.results, target.id, ctx.period, ctx.lang, n=n, formatted=True)
    if frame.empty:
        return join(
            heading(t("section.furthest", ctx.lang), 3), paragraph(t("furthest.all_reached", ctx.lang))
        )
    keep = ["chart.col.organisation", "chart.col.value", "chart.col.organisation_target", "chart.col.gap"]
    frame = frame[[t(key, ctx.lang) for key in keep]]
    return join(heading(t("section.furthest", ctx.lang), 3),
                table(frame, caption=t("site.furthest_caption", ctx.lang, id=target.id), numeric=list(frame.columns[1:])))  # fmt: skip


def ambition_targets(ctx: ReportContext, ambition: int | str) -> list[Target]:
    """The targets of one ambition (validates the ambition id)."""
    ctx.strategy.ambition(ambition)
    return ctx.strategy.targets_of(ambition)


# ---------------------------------------------------------------- organisation


def organisation_header(ctx: ReportContext, code: str) -> HTML:
    """Title of an organisation's page; checks the code."""
    if code not in set(ctx.ds.organisations["code"]):
        from .errors import ParameterError

        valid = ", ".join(ctx.ds.sample["code"])
        raise ParameterError(
            f"Organisation inconnue « {code} » ; codes valides : {valid}. / Unknown organisation '{code}'."
        )
    name = ctx.ds.organisation_name(code, ctx.lang)
    return page_header(ctx, name, t("org.lead", ctx.lang, period=ctx.period, code=code))


def organisation_table(ctx: ReportContext, code: str) -> pd.DataFrame:
    """The organisation against the government value, per target, for the period."""
    by = ctx.results.by_organisation
    sub = by[(by["organisation"] == code) & (by["period"] == ctx.period)]
    rows = []
    for tg in ctx.strategy.targets:
        o = sub[sub["target"] == tg.id]
        g = ctx.row(tg.id)
        ov = o.iloc[0]["value"] if len(o) else math.nan
        rows.append({
            t("col.target_id", ctx.lang): tg.id,
            t("col.label", ctx.lang): tg.label(ctx.lang),
            t("col.org_value", ctx.lang): ctx.pct(ov) if len(o) else t("word.not_reported", ctx.lang),
            t("col.gov_value", ctx.lang): ctx.pct(g["value"]),
            t("col.gap", ctx.lang): format_points(ov - g["value"], ctx.lang) if len(o) else "—",
            t("col.status", ctx.lang): t(f"status.{o.iloc[0]['status']}", ctx.lang) if len(o) and o.iloc[0]["status"] else "—",
        })  # fmt: skip
    frame = pd.DataFrame(rows)
    if all(tg.target_value is None for tg in ctx.strategy.targets):
        frame = frame.drop(columns=[t("col.status", ctx.lang)])  # no target value: no status to show
    return frame


def organisation_summary(ctx: ReportContext, code: str) -> HTML:
    """Table of the organisation's values against the government's."""
    frame = organisation_table(ctx, code)
    return join(heading(t("section.org_vs_gov", ctx.lang), 2),
                table(frame, caption=t("section.org_vs_gov", ctx.lang), numeric=list(frame.columns[2:5])),
                paragraph(t("org.status_note", ctx.lang), "muted") if t("col.status", ctx.lang) in frame.columns else "")  # fmt: skip


# ---------------------------------------------------------------- methodology


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
            t("col.target", lang): ctx.pct(tg.target_value) if tg.target_value is not None else t("status.not_applicable", lang),
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
        heading(t("methodology.h_index", lang), 2),
        paragraph(t("methodology.index", lang)),
        heading(t("methodology.h_targets", lang), 2),
        table(frame, caption=t("methodology.h_targets", lang)),
    )


__all__ = ["Figure", "ReportContext", "context"]
