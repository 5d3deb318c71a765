"""The brief's table of targets: one row per target, with its value, status and change since the period before.

A change is withheld (« — † ») when one of the two periods does not count; it is marked « ‡ » when the
reporting organisations changed by more than the site's share (its cards say the constant-sample change is
the more comparable one): the notes give that change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..api import Results
from ..blocks import STATUS_ICONS, change_sign
from ..change_words import change_text as news_text
from ..i18n import format_goal, format_points, format_value, t
from ..methodology_government import sample_turnover
from ..target_words import name_of, tag_of, target_name, titled
from .changes import status_text


@dataclass
class TargetRow:
    """One line of the targets table (one per target of the strategy)."""

    id: str
    ambition: str
    label: str
    value: float
    value_text: str
    target_value: float
    target_text: str
    status: str
    status_text: str
    icon: str
    arrow: str
    change_text: str
    coverage_text: str
    change_withheld: bool = False  # too few organisations reported, now or then: no change given
    at_most: bool = False  # a target to go down to (« au plus 25 % »)
    # the change at constant sample when the reporters changed (« 4.1 +13,6 pts »)
    sample_note: str = ""
    counted: bool = True  # enough organisations reported for the period to count
    lang: str = "fr"

    @property
    def tag(self) -> str:
        """The target where a code stands (chart axes, « uptake : 57,9 % »): its id, or its label for a word id."""
        return tag_of(self.id, self.label)

    @property
    def titled(self) -> str:
        """« 1.1 Services conçus avec les citoyens »; the label alone when the id is a word (« uptake »)."""
        return titled(self.id, self.label, self.lang)

    @property
    def name(self) -> str:
        """The target in running text: « 1.1 », or its label quoted when the id is a word (:mod:`.target_words`)."""
        return name_of(self.id, self.label, self.lang)

    @property
    def has_target(self) -> bool:
        """Whether the target has a numeric target value (else no status, pace or gap)."""
        return not (self.target_value is None or math.isnan(self.target_value))

    @property
    def mark(self) -> str:
        """« † » beside a change withheld, « ‡ » beside one whose reporters changed (the notes say why), or ""."""
        return "†" if self.change_withheld else "‡" if self.sample_note else ""

    @property
    def marked_change(self) -> str:
        """The change as tables show it: « — † » withheld, « +9,8 pts ‡ » when the reporters changed."""
        return f"{self.change_text}\u00a0{self.mark}" if self.mark else self.change_text


def target_rows(
    res: Results, period: str, previous: str | None, lang: str, unmeasured: str | None = None
) -> list[TargetRow]:
    """The table's rows, in the strategy's order (``unmeasured``: the period before, when it has no data)."""
    ind = res.indicators
    now = ind[ind["period"] == period].set_index("target")
    rows = []
    for tg in res.dataset.strategy.targets:
        r = now.loc[tg.id]
        code = r["status"] or ""  # « Point de départ » at the start, as on the pages (build_content)
        change = r["change"]
        ends = (float(r["value"]), float(r["value"]) - float(change))  # « +0,05 pt » from 0,26 % to 0,31 %
        # a change from or to a period too few organisations reported (4 of 25, say) is not progress: the
        # brief read « +14,5 pts » beside « Données insuffisantes »; the site gives it, with its coverage
        withheld = not pd.isna(change) and not res.change_given(tg.id, period, previous)
        if withheld:
            change, change_text = math.nan, "—"
        elif not pd.isna(change):
            change_text = news_text(change, lang, tg.decreases, ends)  # « (amélioration) » when it falls
        elif unmeasured and not previous:  # the period before has no data at all: not « aucune période … »
            change_text = t("brief.no_data_in", lang, period=unmeasured)
        else:  # a value missing now or then; none before the first period (whose tables have no trend column)
            change_text = "—"
        rows.append(TargetRow(
            id=tg.id, ambition=tg.ambition, label=tg.short(lang), value=float(r["value"]),
            value_text=format_value(r["value"], r["target_value"], lang, at_most=tg.decreases),
            target_value=float(r["target_value"]), at_most=tg.decreases,
            target_text=format_goal(r["target_value"], lang, at_most=tg.decreases),
            status=code, status_text=status_text(code, lang), icon=STATUS_ICONS.get(code, "·"),
            arrow=change_sign(change, ends), change_text=change_text,
            coverage_text=f"{int(r['organisations_reporting'])} / {int(r['organisations_expected'])}",
            change_withheld=withheld, counted=res.counted(tg.id, period), lang=lang, sample_note="" if pd.isna(change) else _sample_note(res, r, tg.id, period,
                                                                                          previous, lang),
        ))  # fmt: skip
    return rows


def _sample_note(
    res: Results, row: pd.Series, target_id: str, period: str, previous: str | None, lang: str
) -> str:
    """« 4.1 +13,6 pts » (at constant sample) when the reporters changed since ``previous``, else ""."""
    if previous is None or not sample_turnover(res.dataset.observations, target_id, period, previous)[2]:
        return ""
    if pd.isna(row["constant_sample_change"]):
        return t("brief.change.sample_none", lang, id=target_name(res.dataset.strategy, target_id, lang))
    return t(
        "brief.change.sample_item",
        lang,
        id=target_name(res.dataset.strategy, target_id, lang),
        delta=format_points(row["constant_sample_change"], lang, (row["value"],)),
    )
