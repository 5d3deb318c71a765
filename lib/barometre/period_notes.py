"""Rows of a period not yet over: accepted, with a warning (its figures are not final).

A file with figures for 2026-2027 read on 6 December 2026 was published without a word, its brief saying
« Données au 31 mars 2027 » beside « Produit le 6 décembre 2026 »: a period typed one year ahead, or a
partial year, read as a final one.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from . import strategy_model
from .i18n import LANGUAGES, format_date, t
from .strategy_model import fiscal_year_start
from .validation_report import Issue, make_issue


def period_end(period: str) -> dt.date | None:
    """The last day of a fiscal year (April to March): 2026-2027 → 31 March 2027; None if not one."""
    return None if fiscal_year_start(period) is None else strategy_model.period_end(period)


def unfinished(period: str, today: dt.date) -> dt.date | None:
    """The end of ``period`` when it is not over on ``today`` (its last day included), else None.

    The one rule for « pas définitifs »: the console's warning, the brief's and the site's data date.
    """
    end = period_end(str(period))
    return end if end is not None and end >= today else None


def under_way_note(period: str, today: dt.date, lang: str) -> str:
    """What a page or a pack says of a period under way: its data date, and that its figures are provisional.

    « Données au 6 décembre 2026 : la période 2026-2027 est en cours (…) ; ses chiffres sont provisoires. »
    Of a period not over on ``today``, the day the pages or the pack are made; "" once it is over. The site's
    banner and the brief's data date say it in the same words.
    """
    end = unfinished(period, today)
    if end is None:
        return ""
    return t(
        "period.under_way", lang, date=format_date(today, lang), period=period, end=format_date(end, lang)
    )


def unfinished_period_warnings(
    file: str, f: pd.DataFrame, accepted: np.ndarray, today: dt.date | None = None
) -> list[Issue]:
    """A warning for each accepted row of ``f`` (``period``, ``_row``) whose period ends after ``today``."""
    today = today or dt.date.today()
    issues = []
    kept = f[accepted]
    for period in pd.unique(kept["period"]):
        end = unfinished(str(period), today)
        if end is None:
            continue
        dates = {lang: format_date(end, lang) for lang in LANGUAGES}
        now = {lang: format_date(today, lang) for lang in LANGUAGES}
        for row in kept.loc[kept["period"] == period, "_row"]:
            issues.append(
                make_issue(file, int(row), "period", period, "unfinished_period", end=dates, today=now)
            )
    return issues
