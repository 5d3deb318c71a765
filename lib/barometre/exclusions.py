"""``exclusions.csv``: what an importer left out of each target's count, and why, for the reader to see.

The Service Inventory's uptake of 2018-2019 counted 430 services of 1 250: 641 had no known number of
online applications, 179 no known application at all; and telephone applications, never known (« ND »
in every row), counted as 0 in every service's total. The pages said only « 57,9 % ». An importer writes
these counts beside the observations (one row per period, target, kind and reason); the methodology page
and each target's notes on its ambition page say them. The file is optional and checked like the others:
a row with an unknown period, target or kind, or a count that is not a whole number, is rejected with its
file, row and column.

An optional ``organisation`` column says whose units a row counts (the GC import writes one row per
department): a department that filed services whose values were all unusable (« ND » everywhere) has no
observation, and read « n'a rien déclaré » on the pages and in the brief; it filed, and is said so
(:func:`filed_unusable`). Without the column a row is every organisation's.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .readers import read_table
from .strategy_model import Strategy
from .validation import require_columns
from .validation_report import ValidationReport, make_issue

EXCLUSIONS_FILE = "exclusions.csv"
EXCLUSION_COLUMNS = ("period", "target", "kind", "count", "reason_fr", "reason_en")
ORGANISATION = "organisation"  # optional: whose units the row counts ("" = every organisation's)
LEFT_OUT = "left_out"  # units not counted at all (not in the denominator)
COUNTED_AS_ZERO = "counted_as_zero"  # units counted, with a value unknown taken as 0 in their figure
KINDS = (LEFT_OUT, COUNTED_AS_ZERO)


def empty_exclusions() -> pd.DataFrame:
    """An exclusions frame with no row (a dataset without ``exclusions.csv``)."""
    columns = (*EXCLUSION_COLUMNS, ORGANISATION)
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "count" else object) for c in columns})


def _count(text: str) -> int | None:
    """A whole number of units (« 641 », « 1 250 »), else None."""
    digits = text.replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    return int(digits) if digits.isdigit() else None


def read_exclusions(
    folder: Path, strategy: Strategy, organisations: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, ValidationReport, Path | None]:
    """Read and check ``folder/exclusions.csv`` when it exists (else no row, an empty report).

    An ``organisation`` column, when there is one, holds codes of ``organisations`` (checked when given).
    """
    path = Path(folder) / EXCLUSIONS_FILE
    if not path.exists():
        return empty_exclusions(), ValidationReport(), None
    table = read_table(path)
    require_columns(table, EXCLUSION_COLUMNS)
    report = ValidationReport(rows_read=len(table.frame))
    periods, targets = list(strategy.periods), strategy.target_ids
    checks = {
        "period": (lambda v: v in periods, "unknown_period", {"valid": ", ".join(periods)}),
        "target": (lambda v: v in targets, "unknown_target", {"valid": ", ".join(targets)}),
        "kind": (lambda v: v in KINDS, "unknown_exclusion_kind", {"valid": ", ".join(KINDS)}),
        "count": (lambda v: _count(v) is not None, "exclusion_count", {}),
        "reason_fr": (bool, "exclusion_reason", {}),
        "reason_en": (bool, "exclusion_reason", {}),  # the English pages gave the French one
    }
    if ORGANISATION in table.frame.columns and organisations is not None:
        codes = set(organisations["code"].astype(str))
        checks[ORGANISATION] = (lambda v: not v or v in codes, "unknown_organisation", {})
    kept = []
    for i, rec in enumerate(table.frame.fillna("").astype(str).to_dict(orient="records")):
        rec = {k: v.strip() for k, v in rec.items()}
        rec.setdefault(ORGANISATION, "")
        bad = [
            make_issue(table.file, table.rows[i], column, rec[column], rule, **words)
            for column, (ok, rule, words) in checks.items()
            if not ok(rec[column])
        ]
        report.errors += bad
        if bad:
            continue
        kept.append(
            {**{c: rec[c] for c in (*EXCLUSION_COLUMNS, ORGANISATION)}, "count": _count(rec["count"])}
        )
    report.rows_rejected = len(table.frame) - len(kept)
    report.rows_accepted = len(kept)
    frame = pd.DataFrame(kept, columns=[*EXCLUSION_COLUMNS, ORGANISATION]) if kept else empty_exclusions()
    return frame, report, path


def reason(row: pd.Series, lang: str) -> str:
    """The row's reason in ``lang`` (both are required; the French one if a frame built by hand lacks it)."""
    text = row.get(f"reason_{lang}")
    return str(text) if isinstance(text, str) and text.strip() else str(row["reason_fr"])


def of_target(frame: pd.DataFrame, target: str, period: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of one target and period: (units left out, units counted with a value taken as 0).

    One row a kind and reason: the organisations' rows of a reason are added up, in the file's order.
    """
    rows = frame[(frame["target"] == target) & (frame["period"] == period)]
    keys = ["kind", "reason_fr", *(["reason_en"] if "reason_en" in rows else [])]
    rows = rows.groupby(keys, sort=False, as_index=False, dropna=False)["count"].sum()
    return rows[rows["kind"] == LEFT_OUT], rows[rows["kind"] == COUNTED_AS_ZERO]


def filed_unusable(
    frame: pd.DataFrame, period: str, reported: set[str], up_to: bool = False
) -> dict[str, int]:
    """The organisations that filed units in ``period`` whose values were all left out: {code: units left out}.

    Those with a row left out in ``period`` (``exclusions.csv`` naming them; in any period up to it with
    ``up_to``) that are not in ``reported`` (the organisations with an observation then): they filed, and
    none of their units counted.
    """
    if ORGANISATION not in frame:
        return {}
    when = frame["period"] <= period if up_to else frame["period"] == period
    rows = frame[when & (frame["kind"] == LEFT_OUT) & frame[ORGANISATION].fillna("").ne("")]
    rows = rows[~rows[ORGANISATION].isin(reported)]
    # a unit left out is left out of every target (none counted): the most left out target counts each once
    sums = rows.groupby([ORGANISATION, "period", "target"])["count"].sum()
    return {str(code): int(n) for code, n in sums.groupby(level=[0, 1]).max().groupby(level=0).sum().items()}


def left_out_cells(frame: pd.DataFrame, period: str) -> set[tuple[str, str]]:
    """The (organisation, target) of ``period`` whose filed units were left out (``exclusions.csv`` naming them).

    An organisation without an observation for such a target filed it, and none of its units counted: its
    report is not missing.
    """
    if ORGANISATION not in frame:
        return set()
    rows = frame[
        (frame["period"] == period) & (frame["kind"] == LEFT_OUT) & frame[ORGANISATION].fillna("").ne("")
    ]
    return set(zip(rows[ORGANISATION].astype(str), rows["target"].astype(str), strict=True))


__all__ = [
    "COUNTED_AS_ZERO",
    "EXCLUSIONS_FILE",
    "EXCLUSION_COLUMNS",
    "KINDS",
    "LEFT_OUT",
    "ORGANISATION",
    "empty_exclusions",
    "filed_unusable",
    "left_out_cells",
    "of_target",
    "read_exclusions",
    "reason",
]
