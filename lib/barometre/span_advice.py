"""Warnings that point to ``from_period`` / ``until_period`` when an organisation's reports start late or stop.

An organisation whose code changed (MFSN → MSNUM in 2022-2023) with a new line in ``organisations.csv``
was validated without a word: both codes were expected in every period, the old one « n'a rien déclaré »
in 2022-2023 and the new one lowered every earlier period's coverage. Each warning names the row of
``organisations.csv`` and the column to fill. Their messages name no organisation (the row does): an
inventory that widened from 11 to 71 departments says so in one line, not sixty.
"""

from __future__ import annotations

import pandas as pd

from .organisation_periods import expected_codes
from .strategy import Strategy
from .validation_report import Issue, make_issue

# a latest period still being collected (fewer than half reported) says nothing of stops
MIN_LATEST_SHARE = 0.5


def span_warnings(
    file: str, organisations: pd.DataFrame, observations: pd.DataFrame, strategy: Strategy
) -> list[Issue]:
    """Warnings on in-sample organisations whose reports start after the first period or stop before the latest.

    ``organisations`` as :func:`~barometre.validation_organisations.validate_organisations` accepts them
    (``attrs["rows"]``: each code's row in ``file``); ``observations``, the accepted rows. An organisation
    without ``from_period`` whose first report comes after the data's first period may be new; one without
    ``until_period`` that reported before but not at all in the latest period may be closed or merged, said
    only when at least half the organisations expected then reported it (not in mid-collection).
    """
    present = set(observations["period"])
    periods = [p for p in strategy.periods if p in present]
    rows = organisations.attrs.get("rows", {})
    if len(periods) < 2 or organisations.empty:
        return []
    order = {p: i for i, p in enumerate(periods)}
    seen = observations.groupby("organisation")["period"].agg(
        lambda s: sorted({order[p] for p in s if p in order})
    )
    first, latest = periods[0], periods[-1]
    expected = expected_codes(organisations, latest)
    share = sum(
        1 for code in expected if code in seen.index and seen[code] and seen[code][-1] == len(periods) - 1
    )
    latest_counts = bool(expected) and share >= MIN_LATEST_SHARE * len(expected)
    issues = []
    for org in organisations[organisations["in_sample"].astype(bool)].itertuples(index=False):
        code, reported = str(org.code), seen.get(str(org.code), [])
        if not reported or code not in rows:
            continue
        if not str(getattr(org, "from_period", "") or "") and reported[0] > 0:
            issues.append(make_issue(file, rows[code], "from_period", code, "reports_start_late",
                                     period=periods[reported[0]], first=first))  # fmt: skip
        if (
            not str(getattr(org, "until_period", "") or "")
            and latest_counts
            and reported[-1] < len(periods) - 1
        ):
            issues.append(make_issue(file, rows[code], "until_period", code, "reports_stop_early",
                                     period=periods[reported[-1]], latest=latest))  # fmt: skip
    return issues
