"""The brief's two short lists of organisations: the most improved, and the furthest from their targets."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..api import Results
from ..i18n import format_percent, format_points, t

TOP_ORGANISATIONS = 5


@dataclass
class Rankings:
    """Each list's lines, and the lists that had too few organisations to rank (``improved``, ``behind``)."""

    improved: list[str] = field(default_factory=list)
    behind: list[str] = field(default_factory=list)
    too_few: set[str] = field(default_factory=set)


def _top(scores: pd.Series, ascending: bool) -> pd.Series | None:
    """Up to five of ``scores``, never more than half of them; None when there are fewer than two.

    A list of one organisation is its first and its last: one ministry was both the « most improved » and
    the « furthest from its targets ».
    """
    if len(scores) < 2:
        return None
    return scores.sort_values(ascending=ascending).head(min(TOP_ORGANISATIONS, len(scores) // 2))


def rank_organisations(res: Results, period: str, lang: str) -> Rankings:
    """The most improved (mean points gained per target) and furthest behind (mean progress) organisations."""
    by = res.by_organisation
    now = by[by["period"] == period]
    name = res.dataset.organisation_name
    # points gained towards each target: a target to bring down gains when its value falls (a rise of
    # an « au plus » target made an organisation « most improved »)
    lowered = [tg.id for tg in res.dataset.strategy.targets if tg.decreases]
    gain = now["change"].where(~now["target"].isin(lowered), -now["change"])
    improved = _top(gain.groupby(now["organisation"]).mean().dropna(), ascending=False)
    progress = _top(
        now.dropna(subset=["progress"]).groupby("organisation")["progress"].mean(), ascending=True
    )
    out = Rankings(too_few={k for k, v in (("improved", improved), ("behind", progress)) if v is None})
    if improved is not None:
        out.improved = [t("brief.org.improved", lang, name=name(c, lang), delta=format_points(v, lang))
                        for c, v in improved[improved > 0].items()]  # fmt: skip
    if progress is not None:
        out.behind = [t("brief.org.behind", lang, name=name(c, lang), progress=format_percent(v, lang))
                      for c, v in progress[progress < 1].items()]  # fmt: skip
    return out
