"""What every report section needs: the results of one period in one language, and shared blocks.

:func:`context` is the first call of every report notebook; the section modules
(:mod:`barometre.sections` and its page modules) take the context it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from .api import Results, resolve_period, results
from .blocks import HTML, Figure, change_sign, heading, join, paragraph, status_badge, tag
from .change_words import change_text
from .deadline_known import at_deadline, verdict_card
from .deadline_shown import shown_statuses
from .i18n import check_lang, format_goal, format_number, format_percent, format_points, format_value, t
from .methodology import previous_period
from .methodology_government import sample_turnover
from .paths import file_stem
from .said_nothing import no_status
from .strategy import Target
from .target_words import target_name, with_id


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

    def name(self, target_id: str) -> str:
        """A target in running text: « 1.1 », or the quoted short label of a word id (:mod:`.target_words`)."""
        return target_name(self.strategy, str(target_id), self.lang)

    def pct(self, x: float | None) -> str:
        """Percentage in the report's language."""
        return format_percent(x, self.lang)

    def value(self, target: Target, x: float | None, target_value: float | None = None) -> str:
        """A value of ``target``, never reading as reaching the target value it misses.

        « 59,9 % » for 59,96 % of 60 %, beside « Accélération nécessaire »; ``target_value`` is the
        period's (default: the target's own).
        """
        goal = target.target_value if target_value is None else target_value
        return format_value(x, goal, self.lang, at_most=target.decreases)

    def goal(self, target: Target, x: float | None = None) -> str:
        """The target value ``x`` (default: the target's own) as read: « 75 % », « au plus 25 % »."""
        return format_goal(target.target_value if x is None else x, self.lang, at_most=target.decreases)


def context(data_dir: str | Path | None = None, period: str | None = None, lang: str = "fr") -> ReportContext:
    """Load (memoised) results and check the period and language parameters."""
    period = resolve_period(results(data_dir).dataset, period)
    # statuses as shown: « Point de départ » at the starting period, « Échéance manquée » after the deadline
    return ReportContext(shown_statuses(results(data_dir, up_to=period)), period, check_lang(lang))


def _trend(ctx: ReportContext, target_id: str) -> tuple[str, str]:
    """Arrow and change since the previous period, raw and at constant sample.

    E.g. ('▲', '+9,3 pts ; +7,1 pts à périmètre constant (22 organisations)'), followed by a
    sentence when more than 10 % of the reporting organisations joined or left.
    """
    row = ctx.row(target_id)
    previous = previous_period(ctx.strategy, ctx.period)
    if pd.isna(row["change"]):
        # « une seule période » only when no earlier period has a value: not when just the one before has none
        earlier = ctx.strategy.periods[: ctx.strategy.periods.index(previous) + 1] if previous else []
        if not set(ctx.series["period"]).intersection(earlier):
            return "·", t("trend.none", ctx.lang)
        missing = ctx.period if pd.isna(row["value"]) else previous  # a value is missing now or then
        return "·", t("trend.no_value", ctx.lang, period=missing)
    delta = float(row["change"])
    ends = (float(row["value"]), float(row["value"]) - delta)  # « +0,05 pt » from 0,26 % to 0,31 %
    arrow = change_sign(delta, ends)  # « ≈ » small in points and beside the values
    # a target to bring down says its news in words: « −5,3 pts (amélioration) depuis 2021-2022 »
    at_most = ctx.strategy.target(target_id).decreases
    text = t("trend.since", ctx.lang, delta=change_text(delta, ctx.lang, at_most, ends), period=previous)
    if not pd.isna(row["constant_sample_change"]):
        text += t("trend.constant_sample", ctx.lang, delta=format_points(row["constant_sample_change"], ctx.lang, ends),
                  n=format_number(row["constant_sample_organisations"], ctx.lang))  # fmt: skip
    joined, left, changed = sample_turnover(ctx.ds.observations, target_id, ctx.period, previous)
    if changed:
        text += ". " + t("trend.sample_changed", ctx.lang, joined=joined, left=left)
    # the brief withholds a change from or to a period that does not count; the card says why
    uncounted = [p for p in (previous, ctx.period) if not ctx.results.counted(target_id, p)]
    if uncounted:  # both periods in one sentence (it was said twice in a row)
        text += (" " if text.endswith(".") else ". ") + t("trend.not_counted" + "_both" * (len(uncounted) == 2),
                  ctx.lang, period=uncounted[-1], previous=uncounted[0],
                  threshold=format_percent(ctx.strategy.coverage_threshold, ctx.lang))  # fmt: skip
    return arrow, text


def figure(ctx: ReportContext, chart, data: pd.DataFrame, caption: str | None = None) -> Figure:
    """A chart with its data table, embedded with the language's number format."""
    from .charts import embed_options

    return Figure(chart, data, ctx.lang, caption=caption, options=embed_options(ctx.lang))


def _has_progress(ctx: ReportContext) -> bool:
    """Whether the period has a global progress index (some target has a target value and data)."""
    summ = ctx.results.summary
    glob = summ[(summ["period"] == ctx.period) & (summ["scope"] == "global")]
    return bool(len(glob)) and not pd.isna(glob.iloc[0]["progress"])


def page_header(ctx: ReportContext, title: str | None = None, lead: str | None = None) -> HTML:
    """Page title (h1) and a lead paragraph naming the period and the dataset."""
    title = title or ctx.strategy.title(ctx.lang)
    key = "page.lead" if ctx.strategy.has_target_values else "page.lead_no_targets"  # no status to spell out
    lead = lead or t(key, ctx.lang, period=ctx.period, dataset=ctx.ds.title_in(ctx.lang))
    return join(heading(title, 1), paragraph(lead, "lead"))


def _deadline_verdict(ctx: ReportContext, target: Target) -> tuple[Markup, ...]:
    """« À l'échéance (2024-2025) : Échéance manquée : 0,4 % pour … » of a target too few reported past it.

    « Données insuffisantes » alone hid that C1 had missed its deadline (see :mod:`barometre.deadline_known`).
    """
    v = at_deadline(ctx.results.indicators, ctx.strategy, target.id, ctx.period, ctx.lang)
    if v is None:
        return ()
    return tag("dt", t("deadline.card", ctx.lang, deadline=v.deadline)), tag("dd", verdict_card(v, ctx.lang))


def target_card(ctx: ReportContext, target: Target, link: bool = True) -> Markup:
    """One target at a glance: value, target, status, trend, coverage."""
    row = ctx.row(target.id)
    arrow, trend = _trend(ctx, target.id)
    # « uptake — Part des services… » named a word id in English: the label alone (target_words)
    title = with_id(target.id, target.label(ctx.lang), ctx.lang)
    head = (
        tag("a", title, href=f"ambition-{file_stem(target.ambition)}.html#cible-{target.id}")
        if link
        else title
    )
    tv = (
        ctx.goal(target, row["target_value"])
        if not pd.isna(row["target_value"])
        else t("status.not_applicable", ctx.lang)
    )
    if target.illustrative and target.target_value is not None:
        tv = f"{tv} ({t('word.illustrative', ctx.lang)})"
    # « État : Sans cible chiffrée » under « Valeur cible : Sans cible chiffrée » said it twice
    state = () if no_status([row["status"]]) else (tag("dt", t("col.status", ctx.lang)),
                                                   tag("dd", status_badge(row["status"], ctx.lang)))  # fmt: skip
    dl = tag(
        "dl",
        tag("dt", t("col.value", ctx.lang)), tag("dd", ctx.value(target, row["value"], row["target_value"])),
        tag("dt", t("col.target", ctx.lang)), tag("dd", tv),
        *state,
        *_deadline_verdict(ctx, target),
        tag("dt", t("col.trend", ctx.lang)), tag("dd", tag("span", arrow, aria_hidden="true"), " ", trend),
        tag("dt", t("col.coverage", ctx.lang)),
        tag("dd", t("coverage.short", ctx.lang, n=int(row["organisations_reporting"]), total=int(row["organisations_expected"]))),
    )  # fmt: skip
    return tag("article", tag("h3", head), dl, class_="card", id=f"carte-{target.id}")
