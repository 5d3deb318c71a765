"""A returned CSV: the blank template filled in, observations rows, or the form's data sheet saved as CSV.

Its columns are found by their names, as a workbook's are (:mod:`.reading`); each row gives its
organisation and period, or the lines above the table do, as in the form's header block
(« Code de l'organisation ; MFSN », « Période ; 2022-2023 »).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputFileError
from ..readers import RawTable, read_table
from ..strategy_model import normalise_period
from ..validation import normalise_target
from .issues import (
    WARNING,
    CollectIssue,
    cell_ref,
    collect_issue,
    column_letter,
    missing_columns_issue,
    note_warning,
)
from .layout import canonical_column, label_kind
from .reading import (
    CANONICAL,
    REQUIRED,
    Submission,
    UnusableFile,
    _identify_organisation,
    _unreadable,
)
from .unread_cells import unread_column


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
    header_row, block = _above_the_table(raw)
    # what the reader noticed (lines in another encoding), as ``validate`` says it
    sub_issues: list[CollectIssue] = [note_warning(raw.file, "", rule, fields) for rule, fields in raw.notes]
    fixed = _fixed_columns(file, block, columns, organisations, sub_issues)
    missing = [c for c in ("organisation", "period", *REQUIRED) if c not in columns and c not in fixed]
    if missing:
        found = ", ".join(raw.frame.columns) or "—"
        where = f"A{header_row}:{column_letter(max(len(raw.frame.columns), 1))}{header_row}"
        raise UnusableFile(missing_columns_issue(file, where, missing, found))
    for i, name in enumerate(raw.frame.columns, start=1):
        if name not in rename and str(name).strip() and raw.frame[name].astype(str).str.strip().ne("").any():
            sub_issues.append(unread_column(file, cell_ref(None, i, header_row), name))
    frame = raw.frame[list(rename)].rename(columns=rename)
    for column, (text, _where) in fixed.items():
        frame[column] = text
    if "note" not in frame.columns:
        frame["note"] = ""
    frame["organisation"] = [_identify_organisation(c, "", organisations)[0] for c in frame["organisation"]]
    frame["period"] = frame["period"].map(normalise_period)
    sub = Submission(file, None, raw, columns, {c: where for c, (_text, where) in fixed.items()}, sub_issues)
    keep = []
    for i, row in enumerate(frame.itertuples(index=False)):
        rec = row._asdict()
        target = normalise_target(rec["target"], target_ids)
        if target in target_ids and not rec["numerator"] and not rec["denominator"]:
            if not rec["organisation"]:
                continue  # a line of the blank template nobody filled in
            where = cell_ref(None, columns["numerator"], raw.rows[i])
            sub.empty_targets.append((rec["organisation"], target, where))
            if rec["note"] and "note" in columns:  # why it is empty, in the organisation's words
                sub.empty_notes[where] = (rec["note"], cell_ref(None, columns["note"], raw.rows[i]))
        elif not (rec["target"] or rec["numerator"] or rec["denominator"]):
            continue  # organisation/period filled on a line with nothing else: a blank template line
        else:
            keep.append(i)
            sub.answered.add((rec["organisation"], target))
    last_kept = bool(keep) and keep[-1] == len(raw.rows) - 1
    # cut in a label (fewer cells than the header): read as a target left empty, its cut said all the same
    if raw.unterminated and raw.short_last and not last_kept:
        sub.issues.append(collect_issue(file, sub.locate(None, raw.rows[-1]), "last_line_cut", severity=WARNING,
                                        message_key="rule.last_line_cut_kept"))  # fmt: skip
    table = frame.iloc[keep][list(CANONICAL)].reset_index(drop=True)
    sub.table = RawTable(
        file, table, [raw.rows[i] for i in keep], encoding=raw.encoding, separator=raw.separator,
        unterminated=raw.unterminated and last_kept,  # a return cut short
    )  # fmt: skip
    return sub


def _fixed_columns(
    file: str,
    block: dict[str, tuple[str, str]],
    columns: dict[str, int],
    organisations: pd.DataFrame,
    issues: list[CollectIssue],
) -> dict[str, tuple[str, str]]:
    """Organisation and period given once above the table (text, cell), for the columns the table lacks."""
    fixed = {
        c: block[k]
        for c, k in (("organisation", "code"), ("period", "period"))
        if c not in columns and k in block
    }
    if "organisation" not in columns and not fixed.get("organisation", ("",))[0] and "name" in block:
        code, by_name = _identify_organisation("", block["name"][0], organisations)
        if by_name:  # the name alone, as a workbook's header block may give it
            fixed["organisation"] = (code, block["name"][1])
            issues.append(
                collect_issue(
                    file,
                    block["name"][1],
                    "organisation_from_name",
                    code,
                    severity=WARNING,
                    organisation=code,
                )
            )
    return fixed


def _above_the_table(raw: RawTable) -> tuple[int, dict[str, tuple[str, str]]]:
    """The table's header row, and the form's header block above it: label kind → (text, cell).

    « Code de l'organisation ; MFSN » gives ``{"code": ("MFSN", "B2")}``, as in a workbook's header block.
    The reader kept the lines above the header (:attr:`RawTable.above`).
    """
    block: dict[str, tuple[str, str]] = {}
    for row, cells in enumerate(raw.above, start=1):
        for col, cell in enumerate(cells, start=1):
            kind = label_kind(cell)
            if kind and kind not in block:
                value = next(
                    ((v.strip(), c) for c, v in enumerate(cells[col:], start=col + 1) if v.strip()), None
                )
                block[kind] = (
                    (value[0], cell_ref(None, value[1], row)) if value else ("", cell_ref(None, col, row))
                )
    return len(raw.above) + 1, block
