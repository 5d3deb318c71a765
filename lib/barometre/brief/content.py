"""What the brief and the deck say, computed from the indicators (never typed by hand).

One :class:`BriefContent` per period and language: headline, status counts, the
target table, what changed since the previous period, roll-ups by ambition and
contribution, risks, organisations, and the notes (data date, synthetic warning,
method, where the site is). Numbers are already formatted for the language, with
the site's rounding (« 73,6 % »); the raw values stay beside them for charts.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from ..api import Results
from ..blocks import STATUS_ICONS
from ..deadline_known import deadline_verdicts, verdict_sentence
from ..deadline_shown import NOT_REACHED, SHOWN_STATUSES, deadline_words, reached, shown_statuses
from ..exclusions_shown import left_out_brief, left_out_item, target_notes
from ..i18n import format_percent, format_points, joined, t
from ..methodology import previous_period
from ..methodology_government import SAMPLE_CHANGE_SHARE, index_scopes
from ..period_notes import unfinished
from ..strategy_model import Strategy, rollup_key
from .changes import MAX_LINES, Change, changes_since, risks, shown_changes, status_text
from .dates import data_date, deadline_ahead, deadline_sentence, deadline_to_come
from .missing import MissingReports, missing_reports
from .rankings import Rankings, rank_organisations
from .rows import TargetRow, target_rows
from .version import data_version  # noqa: F401  (the pack and the tests take it from here)


@dataclass
class Rollup:
    """Progress of the whole strategy, a contribution or an ambition."""

    scope: str
    id: str
    title: str
    progress: float
    progress_text: str
    change_text: str
    counted: int = 0  # targets in the mean this period …
    counted_before: int = 0  # … and the period before
    total: int = 0  # the scope's targets
    changed_targets: bool = False  # the change compares means over different targets

    @property
    def counted_text(self) -> str:
        """« 9 / 10 »: targets in the mean, of the scope's targets."""
        return f"{self.counted} / {self.total}"


@dataclass
class BriefContent:
    """Everything the brief and the deck show, in one language."""

    lang: str
    period: str
    previous: str | None
    title: str
    strategy_title: str
    dataset_title: str
    synthetic: bool
    headline: str
    status_counts: list[tuple[str, str, str, int]]  # (code, icon, label, count)
    rows: list[TargetRow]
    changes: list[str]
    rollups: list[Rollup]
    risks: list[str]
    improved: list[str] = field(default_factory=list)
    behind: list[str] = field(default_factory=list)
    improved_note: str = ""  # what the most improved's mean is taken over (rankings.MIN_UNITS, no 4.1)
    improved_none: str = ""  # why no organisation is ranked most improved, when the rankings know
    organisations: bool = True
    key_messages: list[str] = field(default_factory=list)
    data_date: str = ""  # « Données au … »: the period's end, or the day it was made of a period under way
    rejected: str = ""  # « 221 lignes des fichiers de données ont été rejetées… » (up to the period), or ""
    made: dt.date = field(default_factory=dt.date.today)  # the day the pack is made (« Produit le … »)
    under_way: bool = False  # the period is not over on that day: its figures are provisional
    method: str = ""
    site_link: str = "index.html"  # the full report beside the brief; "" when there is none
    revision: str = ""  # « Chiffres révisés le … (première publication : …) » of a period published again
    plans_line: str = ""
    baseline: bool = False  # the strategy's starting period: no progress of an organisation to rank
    before_baseline: str = ""  # the starting period, when this one comes before it (nothing is measured yet)
    too_few: set[str] = field(default_factory=set)  # lists (« improved », « behind ») with under two to rank
    # the period just before, when it has no data though an earlier one has: not « première période »
    unmeasured: str | None = None
    attribution: str = ""  # real data's source and licence (« Source : … Licence : … »), or ""
    first_statuses: bool = False  # a target's first status this period (after one measured period)
    threshold_text: str = ""  # the share of expected organisations a period needs to count (« 50 % »)
    # every status change, worse first (``changes``: the brief's few)
    all_changes: list[Change] = field(default_factory=list)
    missing: MissingReports | None = None  # the expected organisations that did not report (none: None)
    at_deadline: bool = False  # the strategy's deadline period: a target not achieved is missed
    data_version: str = ""  # what the figures were computed from, in 12 hex digits (set by the pack)
    # past the deadline, of each target too few reported: what the deadline said of it (deadline_known)
    past_unknown: list[str] = field(default_factory=list)
    # by target: what its value counts and leaves out, short (brief, slide) and as the site's notes say it
    left_out: dict[str, tuple[str, list[str]]] = field(default_factory=dict)

    @property
    def has_index(self) -> bool:
        """Whether the global index has a value (not when no target has a target value and enough data)."""
        return bool(self.rollups) and not math.isnan(self.rollups[0].progress)

    def file_title(self, title: str) -> str:
        """A file's title as a file manager lists it: « … (données fictives) » when the data are synthetic."""
        return self.label("brief.title_synthetic", title=title) if self.synthetic else title

    @property
    def compares(self) -> bool:
        """Whether a period before gives changes (else no trend column: « aucune période précédente » ×10)."""
        return bool(self.previous or self.unmeasured)

    @property
    def has_target_values(self) -> bool:
        """Whether any target has a numeric target value (else no status, pace or gap is computed)."""
        return any(r.has_target for r in self.rows)

    @property
    def has_contributions(self) -> bool:
        """Whether the strategy groups its targets in contributions (else its index is by ambition only)."""
        return any(r.scope == "contribution" for r in self.rollups)

    def rollup_key(self, key: str) -> str:
        """``key``, or ``key_ambitions`` for a strategy without contributions (see ``Strategy.rollup_key``)."""
        return rollup_key(key, self.has_contributions)

    def sample_text(self, rows: list[TargetRow] | None = None) -> str:
        """The « ‡ » note of ``rows`` (default: every row): their changes at constant sample; "" if none."""
        items = [r.sample_note for r in (self.rows if rows is None else rows) if r.sample_note]
        share = format_percent(SAMPLE_CHANGE_SHARE, self.lang)
        return self.label("brief.change.sample", previous=self.previous, share=share,
                          items=joined(items, self.lang)) if items else ""  # fmt: skip

    def goal_text(self, row: TargetRow) -> str:
        """The target value as an ambition slide gives it: « 75 % (non atteinte) » at the deadline when short.

        A slide alone said « ↗ En bonne voie » for 1.1 at 73,6 % of 75 % on 31 March 2023, while the risks
        slide named it « non atteinte ». After the deadline the status says it (« Échéance manquée »).
        """
        if self.at_deadline and row.status in NOT_REACHED:
            return self.label("brief.goal_not_achieved", goal=row.target_text)
        return row.target_text

    @property
    def changes_empty(self) -> str:
        """What the brief's changes section says when no status changed."""
        return self.empty_changes(changes_shown=False)

    def empty_changes(self, changes_shown: bool) -> str:
        """What a changes section says when no status changed.

        ``changes_shown``: each value's change is given beside it, even from a period that does not count
        (the site's cards; the brief withholds it with « † »).
        """
        if self.unmeasured:
            return self.label("brief.changes.unmeasured", previous=self.unmeasured)
        if not self.previous:
            return self.label("brief.changes.first")
        if self.first_statuses:
            return self.label("brief.changes.first_statuses", previous=self.previous)
        if self.has_target_values:
            return self.label("brief.changes.none", previous=self.previous)
        withheld = not changes_shown and self.rows and all(r.change_withheld for r in self.rows)
        return self.label("brief.changes.no_targets" + "_withheld" * bool(withheld), previous=self.previous)

    @property
    def risks_unknown(self) -> str:
        """Beside a list of risks, the targets too few reported to judge ("" without: risks_empty says it).

        4.2 (55,9 % of 60 % from 10 of 25) was in no line of a list naming every other target not achieved.
        Past the deadline, each says what the deadline said of it (C1 read only « trop peu … pour juger »).
        """
        if self.past_unknown:  # said with or without a list of risks
            return " ".join(self.past_unknown)
        unknown = [r for r in self.rows if r.has_target and not r.counted]  # not one counted without a start
        if not (self.risks and unknown):
            return ""
        # « trop peu d'organisations ont déclaré » was said of a target nobody reported
        none = [r.name for r in unknown if r.value is None or math.isnan(r.value)]
        few = [r.name for r in unknown if r.name not in none]
        said = [self.label(key, n=len(ids), ids=", ".join(ids), period=self.period)
                for key, ids in (("brief.risks.unknown", few), ("brief.risks.none_reported", none)) if ids]  # fmt: skip
        return " ".join(said)

    @property
    def risks_empty(self) -> str:
        """What the risks section says when no target is at risk."""
        if not self.has_target_values:
            return self.label("brief.risks.no_targets")
        if self.before_baseline:  # not « les données sont insuffisantes » of 20 organisations of 23
            return self.label(
                "brief.risks.before_baseline", period=self.period, baseline=self.before_baseline
            )
        if self.baseline:
            return self.label("brief.risks.baseline")
        scored = [r for r in self.rows if r.has_target]
        unknown = [r.name for r in scored if r.status == "insufficient_data"]
        if not unknown:
            return self.label("brief.risks.none")
        # past the deadline, every target judged is reached: each other's line says what the deadline said
        if self.past_unknown and len(unknown) < len(scored):
            return self.label("brief.risks.judged_achieved", period=self.period)
        # « No target at risk » said of targets nobody could measure: the gap in reporting is the risk
        key = "brief.risks.unmeasured_all" if len(unknown) == len(scored) else "brief.risks.unmeasured_some"
        return self.label(key, n=len(unknown), ids=", ".join(unknown), period=self.period)

    @property
    def improved_heading(self) -> str:
        """« Les plus fortes progressions depuis 2021-2022 »: the gains' starting period, when there are gains."""
        if self.previous and self.improved:
            return self.label("brief.h.improved_since", previous=self.previous)
        return self.label("brief.h.improved")

    @property
    def improved_empty(self) -> str:
        """What « most improved » says when it names no organisation."""
        if self.unmeasured:
            return self.label("brief.org.unmeasured", previous=self.unmeasured)
        if self.improved_none:
            return self.improved_none
        if self.previous and "improved" in self.too_few:
            return self.label("brief.org.too_few")
        return self.label("brief.org.none" if self.previous else "brief.org.first")

    @property
    def behind_empty(self) -> str:
        """What « furthest behind » says when it names no organisation."""
        if not self.has_target_values:
            return self.label("brief.org.no_targets")
        if self.before_baseline:
            return self.label("brief.org.before_baseline", baseline=self.before_baseline)
        if "behind" in self.too_few:
            return self.label("brief.org.too_few")
        return self.label("brief.org.baseline" if self.baseline else "brief.org.none")

    @property
    def rollup_empty(self) -> str:
        """What the progress section says when no progress rate can be computed."""
        if not self.has_target_values:  # not « aucune cible n'a … et des données suffisantes »
            return self.label("brief.rollup.no_targets")
        if self.before_baseline:
            return self.label(
                "brief.rollup.before_baseline", period=self.period, baseline=self.before_baseline
            )
        return self.label("brief.rollup.none", period=self.period)

    def left_out_text(self, rows: list[TargetRow] | None = None) -> str:
        """What the values of ``rows`` (default: every row) count and leave out, in one sentence ("" if nothing)."""
        ids = [r.id for r in (self.rows if rows is None else rows)]
        items = [self.left_out[i][0] for i in ids if i in self.left_out]
        return left_out_brief(items, self.lang, alone=not self.site_link)

    def label(self, key: str, **values: object) -> str:
        """A catalogue string in the brief's language."""
        return t(key, self.lang, **values)


def _rollups(res: Results, period: str, previous: str | None, lang: str) -> list[Rollup]:
    s = res.dataset.strategy
    summ = res.summary
    titles = {("global", "global"): t("kpi.global", lang)}
    titles |= {("contribution", c.id): c.title(lang) for c in s.contributions}
    titles |= {
        ("ambition", a.id): f"{t('nav.ambition', lang, n=a.id)} — {a.title(lang)}" for a in s.ambitions
    }
    # the targets each period's index counts: those with a progress value
    counted = {p: set(g.loc[g["progress"].notna(), "target"]) for p, g in res.indicators.groupby("period")}
    out = []
    for scope, sid, members in index_scopes(s):
        now = summ[(summ["period"] == period) & (summ["scope"] == scope) & (summ["id"] == sid)]
        before = summ[(summ["period"] == previous) & (summ["scope"] == scope) & (summ["id"] == sid)]
        p = float(now.iloc[0]["progress"]) if len(now) else math.nan
        b = float(before.iloc[0]["progress"]) if len(before) else math.nan
        change = format_points(p - b, lang) if not (math.isnan(p) or math.isnan(b)) else "—"
        here, then = counted.get(period, set()) & set(members), counted.get(previous, set()) & set(members)
        out.append(Rollup(scope, sid, titles[(scope, sid)], p, format_percent(p, lang), change,
                          counted=len(here), counted_before=len(then), total=len(members),
                          changed_targets=change != "—" and here != then))  # fmt: skip
    return out


def _headline(
    res: Results,
    period: str,
    previous: str | None,
    lang: str,
    rollups: list[Rollup],
    rows: list[TargetRow],
    unmeasured: str | None = None,
    today: dt.date | None = None,
) -> str:
    today = today or dt.date.today()
    glob = rollups[0]
    if math.isnan(glob.progress):
        now = res.period_indicators(period)
        # no target value at all (the GC's strategy), a period before the start, or too little data
        strategy = res.dataset.strategy
        return t(f"brief.headline.no_index.{strategy.no_index_reason(period)}", lang, period=period,
                 n=int(now["value"].notna().sum()), baseline=strategy.baseline_period)  # fmt: skip
    first = deadline_sentence(res.dataset.strategy, period, rows, lang, today)
    named = ".named" * bool(first)  # « En 2023-2024, » once: the deadline's sentence names the period
    if res.dataset.strategy.is_baseline(period):
        headline = t("msg.global_baseline", lang, period=period, value=glob.progress_text)
    elif previous is None and unmeasured is None:
        headline = t("brief.headline.first", lang, period=period, index=glob.progress_text)
    elif previous is None or glob.change_text == "—":  # a previous period, but no index in it
        headline = t("brief.headline.no_previous_index" + named, lang, period=period, index=glob.progress_text,
                     previous=previous or unmeasured)  # fmt: skip
    else:
        headline = t("brief.headline" + named, lang, period=period, index=glob.progress_text,
                     change=glob.change_text, previous=previous)  # fmt: skip
    if glob.changed_targets:  # not like for like: say so, or a target without data reads as progress
        headline += " " + t("brief.headline.counted", lang, n=glob.counted, total=glob.total,
                            before=glob.counted_before, previous=previous)  # fmt: skip
    elif glob.counted < glob.total:  # « 100 % » of one target of ten must say so
        headline += " " + t("brief.headline.counted_only", lang, n=glob.counted, total=glob.total)
    return first + headline + deadline_ahead(res.dataset.strategy, period, rows, lang, today)


def _method(strategy: Strategy, period: str, lang: str) -> str:
    """The method line: how values and statuses are computed, the pace by the strategy's own method.

    Past the deadline it says what a status then means (a target achieved or not; the pace observed compared
    with the one the deadline needed), instead of « statut selon le rythme… comparé au rythme requis ». At
    the deadline the headline says which targets « En bonne voie » are not met.
    """
    threshold = format_percent(strategy.coverage_threshold, lang)
    if not strategy.has_target_values:
        return t("brief.method_no_targets", lang, threshold=threshold)
    key = "brief.method_past" if strategy.after_deadline(period) else "brief.method"
    return t(key, lang, threshold=threshold, pace=t(f"brief.pace.{strategy.pace_method}", lang),
             date=deadline_words(strategy, lang), deadline=strategy.deadline_period, baseline=strategy.baseline_period)  # fmt: skip


def _attribution(ds, lang: str) -> str:
    """« Source : … Licence : … » from dataset.yaml, in ``lang``.

    What a licence such as the Open Government Licence – Canada asks to be said wherever its data are used.
    """
    parts = [t(f"footer.{field}", lang) + t("punct.colon", lang) + value
             for field in ("source", "licence") if (value := ds.about_in(field, lang))]  # fmt: skip
    return " ".join(part if part.endswith(".") else part + "." for part in parts)


def build_content(
    res: Results, period: str, lang: str, organisations: bool = True, today: dt.date | None = None
) -> BriefContent:
    """Compute the brief's content for ``period`` from results known up to that period, made on ``today``."""
    from ..narrative import key_messages
    from ..plans_sections import brief_line

    today = today or dt.date.today()
    to_come = deadline_to_come(res.dataset.strategy, period, today)  # the deadline period, its day to come
    res = shown_statuses(res)  # « Point de départ » (not « Données insuffisantes »), « Échéance manquée »
    ds, s = res.dataset, res.dataset.strategy
    previous = previous_period(s, period)
    measured = set(res.indicators["period"])
    unmeasured = None
    if previous is not None and previous not in measured:
        # 2021-2022 without data after 2019-2020 and 2020-2021 with: the brief said « Première période
        # mesurée » and « aucune période précédente »; it says that 2021-2022 has no data to compare with
        earlier = s.periods[: s.periods.index(previous)]
        unmeasured, previous = (previous if measured.intersection(earlier) else None), None
    rows = target_rows(res, period, previous, lang, unmeasured)
    all_changes, first_statuses = changes_since(res, period, previous, lang)
    rollups = _rollups(res, period, previous, lang)
    # every target counted once: those without a numeric target too (« Sans cible chiffrée », as on the site)
    codes = [*SHOWN_STATUSES, ""]
    counts = [
        (c, STATUS_ICONS.get(c, "·"), status_text(c, lang), sum(r.status == c for r in rows)) for c in codes
    ]
    counts = [c for c in counts if c[3]] if any(r.status for r in rows) else []  # no status: no section
    baseline = s.is_baseline(period)
    before = s.baseline_period if s.before_baseline(period) else ""
    ranked = rank_organisations(res, period, lang) if organisations else Rankings()
    if baseline or before:  # every organisation at (or before) its own starting point: no ranking
        ranked.behind, ranked.too_few = [], ranked.too_few - {"behind"}
    return BriefContent(
        lang=lang, period=period, previous=previous,
        title=t("brief.title", lang, period=period), strategy_title=s.title(lang), dataset_title=ds.title_in(lang),
        synthetic=ds.synthetic, headline=_headline(res, period, previous, lang, rollups, rows, unmeasured, today),
        status_counts=counts, rows=rows, rollups=rollups, unmeasured=unmeasured, all_changes=all_changes,
        changes=shown_changes(all_changes, MAX_LINES, lang, previous),
        first_statuses=first_statuses, attribution="" if ds.synthetic else _attribution(ds, lang),
        risks=risks(res, period, lang, to_come), improved=ranked.improved, behind=ranked.behind, too_few=ranked.too_few,
        improved_note=ranked.note, improved_none=ranked.none,
        organisations=organisations, missing=missing_reports(res, period, lang, names=organisations),
        key_messages=key_messages(res.indicators, res.summary, s, period, lang),
        rejected=t("coverage.rejected", lang, rejected=n) if (n := ds.rows_rejected_up_to(period)) else "",
        data_date=data_date(period, lang, today), made=today, under_way=unfinished(period, today) is not None,
        method=_method(s, period, lang),
        plans_line=brief_line(ds, period, lang, tuple(r.id for r in rows if reached(r.status))),
        baseline=baseline, before_baseline=before,
        threshold_text=format_percent(s.coverage_threshold, lang), at_deadline=period == s.deadline_period and not to_come,
        past_unknown=[verdict_sentence(v, period, lang) for v in deadline_verdicts(res.indicators, s, period, lang)],
        left_out={r.id: (item, target_notes(ds.exclusions, res.indicators, r.id, period, lang)) for r in rows
                  if (item := left_out_item(ds.exclusions, res.indicators, r.id, period, lang, r.tag))},
    )  # fmt: skip
