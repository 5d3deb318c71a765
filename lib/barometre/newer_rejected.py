"""Periods newer than the latest published one whose rows were all rejected: never a silent fallback.

A file whose latest period is written « 2023 » (not a fiscal year), or next year's rows before the strategy is
extended: every row of it is rejected, and ``render`` and ``brief`` without ``--period`` published the previous
period, exit 0, as if nothing had happened; a scheduled run republished last year.
"""

from __future__ import annotations

import re
import shlex
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .dataset import Dataset
from .errors import NoUsableDataError
from .i18n import both
from .strategy_model import fiscal_year_start

OTHER_FILES = ("organisations.csv", "plans.csv", "exclusions.csv")  # their row numbers are not observations
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass(frozen=True)
class NewerRejected:
    """A period after ``latest`` (or that may be: « 2023 ») with rows, none of them accepted."""

    period: str
    rows: int
    latest: str
    reason: dict[str, str]


def _later(period: str, latest_start: int) -> bool:
    """Whether ``period`` is, or may be, after the fiscal year starting in ``latest_start``.

    A fiscal year after it; a text that is no fiscal year (« 2023 », « 2022-2024 ») naming a year after its
    start (« 2022 » may be 2022-2023). A period with no year at all (a blank cell) is only counted as rejected.
    """
    start = fiscal_year_start(period)
    if start is not None:
        return start > latest_start
    return any(int(y) > latest_start for y in _YEAR.findall(period))


def newer_rejected(ds: Dataset) -> list[NewerRejected]:
    """The periods after the latest with accepted rows (or that may be) whose rows were all rejected, most rows first."""
    if not ds.periods or not ds.rejected_periods:
        return []
    latest = ds.latest_period
    start = fiscal_year_start(latest)
    if start is None:
        return []
    accepted = set(ds.periods)
    found = []
    for period, rows in ds.rejected_periods.items():
        if period in accepted or not _later(period, start):
            continue
        wanted = set(rows)
        errors = [e for e in ds.report.errors if e.row in wanted and Path(e.file).name not in OTHER_FILES]
        # the cause of most of its rows: the period itself (« 2023 », a year the strategy does not follow) first
        on_period = [e for e in errors if e.column == "period"]
        pool = on_period or errors
        if pool:
            (rule, value), _n = Counter((e.rule, e.value) for e in pool).most_common(1)[0]
            first = next(e for e in pool if (e.rule, e.value) == (rule, value))
            reason = unrepeated({"fr": first.message, "en": first.message_en or first.message}, period)
        else:
            reason = {"fr": "", "en": ""}
        found.append(NewerRejected(period, len(rows), latest, reason))
    return sorted(found, key=lambda f: (-f.rows, f.period))


def unrepeated(reason: dict[str, str], period: str) -> dict[str, str]:
    """The rows' reason without the « Période « 2023 » : » the sentence before it says already (both languages)."""
    lead = {
        "fr": rf"Période\s*«\s*{re.escape(period)}\s*»\s*:\s*",
        "en": rf"Period\s*'{re.escape(period)}'\s*:\s*",
    }
    said = {
        lang: re.sub("^" + lead[lang], "", text, count=1) if lang in lead else text
        for lang, text in reason.items()
    }
    return {lang: text[:1].upper() + text[1:] for lang, text in said.items()}


def newer_rejected_words(ds: Dataset, key: str) -> list[str]:
    """Each newer period entirely rejected in both languages with the catalogue's ``key``."""
    folder = shlex.quote(str(ds.path))
    return [
        both(key, period=f.period, n=f.rows, latest=f.latest, reason=f.reason, folder=folder)
        for f in newer_rejected(ds)
    ]


def refuse_newer_rejected(ds: Dataset) -> None:
    """Raise when the latest period is picked by default and a newer one's rows were all rejected (exit 1).

    The message names the period, its rows and their cause, and how to go on: fix the rows, extend the
    strategy, or name the earlier period with ``--period`` to publish it knowingly.
    """
    said = newer_rejected_words(ds, "error.newer_period_rejected")
    if said:
        raise NoUsableDataError("\n".join(said), file=str(ds.path))
