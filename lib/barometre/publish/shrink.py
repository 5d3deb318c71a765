"""Periods whose rows fell sharply since their last publication: held back, not republished, by an unattended run.

A truncated ``observations.csv`` (a copy cut short, a disk filling during an export) reads without an error:
the rows it lost are simply not there. A night's run republished 2021-2022 from 4 organisations of 25 instead
of 24, as a « revision », with exit 0: cron mailed nothing. A period that keeps fewer than :data:`KEPT_AT_LEAST`
of the rows it was last published with is held back as it was, the run exits 1, and ``--force`` publishes it
when the fall is meant.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from ..i18n import LANGUAGES

KEPT_AT_LEAST = 0.5  # share of a period's published rows below which a run holds it back
PUBLISHED_ROWS = Path("donnees") / "observations.csv"  # a period's download: the rows it was published with


def published_rows(out: Path, period: str) -> int | None:
    """The rows of ``period`` in its published download (rows of earlier periods left out); None if unpublished."""
    for lang in LANGUAGES:
        path = Path(out) / period / lang / PUBLISHED_ROWS
        if path.is_file():
            try:
                with path.open(encoding="utf-8", newline="") as fh:
                    return sum(row.get("period") == period for row in csv.DictReader(fh))
            except (OSError, UnicodeDecodeError, csv.Error):
                return None  # a download not read is no evidence of a fall
    return None


def fallen(observations: pd.DataFrame, out: Path, period: str) -> tuple[int, int] | None:
    """(rows now, rows when last published) when ``period`` kept under :data:`KEPT_AT_LEAST` of them, else None."""
    before = published_rows(out, period)
    if not before:
        return None
    now = int((observations["period"] == period).sum())
    return (now, before) if now < KEPT_AT_LEAST * before else None


__all__ = ["KEPT_AT_LEAST", "fallen", "published_rows"]
