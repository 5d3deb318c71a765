"""A returned CSV: the blank template filled in, or rows in the dataset's own observations format.

Its columns are found by their names, as a workbook's are (:mod:`.reading`); each row must give its
organisation and period, which a workbook keeps in its header block.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputFileError
from ..readers import RawTable, read_table
from ..strategy_model import normalise_period
from ..validation import normalise_target
from .issues import CollectIssue, cell_ref, collect_issue, column_letter
from .layout import canonical_column
from .reading import (
    CANONICAL,
    REQUIRED,
    Submission,
    UnusableFile,
    _identify_organisation,
    _unread_column,
    _unreadable,
)


def read_csv_submission(path: Path, organisations: pd.DataFrame, target_ids: list[str]) -> Submission:
    """Read a CSV (the blank template filled in, or rows in the dataset's own observations format)."""
    try:
        raw = read_table(path)
    except InputFileError as exc:
        raise _unreadable(path, exc.message) from None
    file = str(path)
    columns: dict[str, int] = {}
    rename: dict[str, str] = {}
    for i, name in enumerate(raw.frame.columns, start=1):
        canon = canonical_column(name)
        if canon and canon not in columns:
            columns[canon] = i
            rename[name] = canon
    sub_issues: list[CollectIssue] = []
    missing = [c for c in ("organisation", "period", *REQUIRED) if c not in columns]
    if missing:
        found = ", ".join(raw.frame.columns) or "—"
        where = f"A1:{column_letter(max(len(raw.frame.columns), 1))}1"
        raise UnusableFile(
            collect_issue(file, where, "missing_columns", ", ".join(missing), found=found, n=len(missing))
        )
    for i, name in enumerate(raw.frame.columns, start=1):
        if name not in rename and str(name).strip() and raw.frame[name].astype(str).str.strip().ne("").any():
            sub_issues.append(_unread_column(file, cell_ref(None, i, 1), name))
    frame = raw.frame[list(rename)].rename(columns=rename)
    if "note" not in frame.columns:
        frame["note"] = ""
    frame["organisation"] = [_identify_organisation(c, "", organisations)[0] for c in frame["organisation"]]
    frame["period"] = frame["period"].map(normalise_period)
    sub = Submission(file, None, raw, columns, issues=sub_issues)
    keep = []
    for i, row in enumerate(frame.itertuples(index=False)):
        rec = row._asdict()
        target = normalise_target(rec["target"], target_ids)
        if target in target_ids and not rec["numerator"] and not rec["denominator"]:
            if not rec["organisation"]:
                continue  # a line of the blank template nobody filled in
            sub.empty_targets.append(
                (rec["organisation"], target, cell_ref(None, columns["numerator"], raw.rows[i]))
            )
        elif not (rec["target"] or rec["numerator"] or rec["denominator"]):
            continue  # organisation/period filled on a line with nothing else: a blank template line
        else:
            keep.append(i)
            sub.answered.add((rec["organisation"], target))
    table = frame.iloc[keep][list(CANONICAL)].reset_index(drop=True)
    sub.table = RawTable(
        file, table, [raw.rows[i] for i in keep], encoding=raw.encoding, separator=raw.separator
    )
    return sub
