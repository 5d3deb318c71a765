"""The brief's two short lists of organisations: the most improved, and the furthest from their targets."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ..api import Results
from ..i18n import format_percent, format_points, joined, t
from ..methodology_government import previous_period
from ..ties import cut

TOP_ORGANISATIONS = 5
# an organisation's change on a target counts towards its mean when it counted this many units (services,
# consultations…) in both periods: one unit then moves its value by 10 points at most (1/5 to 0/2 services,
# −20 pts, made an agency the « most improved »). The methodology has no such minimum: the list's note says it.
MIN_UNITS = 10


@dataclass
class Rankings:
    """Each list's lines, and the lists that had too few organisations to rank (``improved``, ``behind``).

    ``note``: what the most improved's mean is taken over; ``none``: why no organisation is ranked there.
    """

    improved: list[str] = field(default_factory=list)
    behind: list[str] = field(default_factory=list)
    too_few: set[str] = field(default_factory=set)
    note: str = ""
    none: str = ""


@dataclass
class Top:
    """The organisations named, best first, and a tie at the cut (its value and how many share it).

    ``tied_codes``: the tied organisations, when they are few enough to be named together on the last line.
    """

    named: pd.Series
    tied_value: float | None = None
    tied: int = 0
    tied_codes: list[str] = field(default_factory=list)


def _top(scores: pd.Series, ascending: bool, shown: Callable[[float], str]) -> Top | None:
    """Up to five of ``scores``, never more than half of them; None when there are fewer than two.

    A list of one organisation is its first and its last: one ministry was both the « most improved » and
    the « furthest from its targets ». When the cut falls among organisations whose scores read alike
    (``shown``: 228 of 300 at « avancement moyen 0 % »), none of them is named as if ranked: only those
    before them, and the tie as a count — or, when the tie is a few organisations (two at the fifth place),
    all of them named together on the last line, « X et Y, ex aequo ».
    """
    if len(scores) < 2:
        return None
    ordered = scores.sort_index().sort_values(ascending=ascending, kind="stable")
    most = min(TOP_ORGANISATIONS, len(scores) // 2)
    text = list(ordered.map(shown))
    at = cut(text, most, most=len(scores) // 2)  # a tie named whole keeps to half of them: never both lists
    if at.tied:
        return Top(ordered.head(at.named), float(ordered.iloc[at.named]), at.tied)
    if at.named > most:  # a few tied at the cut, named together on the last line
        first = text.index(text[at.named - 1])
        codes = list(ordered.index[first : at.named])
        return Top(ordered.head(first), float(ordered.iloc[first]), len(codes), codes)
    return Top(ordered.head(at.named))


def rank_organisations(res: Results, period: str, lang: str) -> Rankings:
    """The most improved (mean points gained per target) and furthest behind (mean progress) organisations.

    A gain is an organisation's own change since the period just before in the strategy, on the targets it
    reported both times; the list's heading says since when (« Les plus fortes progressions depuis 2021-2022 »).
    Only the targets whose government change the brief gives count (:meth:`Results.change_given`), where the
    organisation counted :data:`MIN_UNITS` units both times; not those counted as a share of organisations,
    where an organisation is a yes or a no (4.1 from 0 to 1 read « +100 pts » and put it first).
    """
    by = res.by_organisation
    now = by[by["period"] == period]
    name = res.dataset.organisation_name
    previous = previous_period(res.dataset.strategy, period)
    given, shares = _compared(res, period, previous)
    units = by[by["period"] == previous].set_index(["organisation", "target"])["denominator"]
    before = units.reindex(pd.MultiIndex.from_frame(now[["organisation", "target"]])).to_numpy()
    kept = (
        now["target"].isin(set(given) - set(shares))
        & (now["denominator"] >= MIN_UNITS)
        & (before >= MIN_UNITS)
    )
    # points gained towards each target: a target to bring down gains when its value falls (a rise of
    # an « au plus » target made an organisation « most improved »)
    lowered = [tg.id for tg in res.dataset.strategy.targets if tg.decreases]
    gain = now["change"].where(~now["target"].isin(lowered), -now["change"])[kept]
    delta, progress = (lambda v: format_points(v, lang)), (lambda v: format_percent(v, lang))
    improved = _top(gain.groupby(now.loc[kept, "organisation"]).mean().dropna(), False, delta)
    behind = _top(now.dropna(subset=["progress"]).groupby("organisation")["progress"].mean(), True, progress)
    out = Rankings(too_few={k for k, v in (("improved", improved), ("behind", behind)) if v is None},
                   note=_note(shares, lang))  # fmt: skip
    if previous and not given:  # the table gives no change (« — † » on every line): neither does the list
        out.none = t("brief.org.no_change", lang, previous=previous)
    if improved is not None:  # a gain to report is above 0; a progress to report is below 100 %
        out.improved = _lines(improved, "improved", "delta", delta, lambda v: v > 0, name, lang)
    if behind is not None:
        out.behind = _lines(behind, "behind", "progress", progress, lambda v: v < 1, name, lang)
    return out


def _compared(res: Results, period: str, previous: str | None) -> tuple[list[str], list[str]]:
    """The targets whose change the brief gives, and those counted as a share of organisations."""
    targets = res.dataset.strategy.targets
    given = [tg.id for tg in targets if previous and res.change_given(tg.id, period, previous)]
    return given, [tg.id for tg in targets if tg.aggregation == "share_of_organisations"]


def _note(shares: list[str], lang: str) -> str:
    """What the mean is taken over: the changes given, with enough units, without the targets of yes or no."""
    note = t("brief.org.improved_note", lang, units=MIN_UNITS, points=100 // MIN_UNITS)
    if shares:
        note += " " + t("brief.org.improved_note_shares", lang, n=len(shares), ids=joined(shares, lang))
    return note


def _lines(
    top: Top,
    key: str,
    field: str,
    shown: Callable[[float], str],
    kept: Callable[[float], bool],
    name: Callable[[str, str], str],
    lang: str,
) -> list[str]:
    """One list's lines (``brief.org.<key>``): the organisations named, then the tie at the cut if any.

    Organisations whose scores read alike share one line, « X et Y, ex aequo », wherever they are in the list:
    four at « 26,8 % » were numbered 1 to 4, ranked by their codes.
    """
    named = [(c, shown(v)) for c, v in top.named.items() if kept(v)]
    lines = [
        t(f"brief.org.{key}", lang, name=_together([c for c, _ in group], name, lang), **{field: text})
        for text, group in itertools.groupby(named, key=lambda item: item[1])
    ]
    if top.tied and kept(top.tied_value):
        value = {field: shown(top.tied_value)}
        lines.append(t(f"brief.org.{key}", lang, name=_together(top.tied_codes, name, lang), **value)
                     if top.tied_codes else t(f"brief.org.{key}_tied", lang, n=top.tied, **value))  # fmt: skip
    return lines


def _together(codes: list[str], name: Callable[[str, str], str], lang: str) -> str:
    """An organisation's name; several, « Ministère X et Institut Y, ex aequo », on one line."""
    if len(codes) == 1:
        return name(codes[0], lang)
    return t("brief.org.tied_names", lang, names=joined([name(code, lang) for code in codes], lang))
