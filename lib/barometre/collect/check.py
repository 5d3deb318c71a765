"""``barometre validate`` on a returned collection workbook: the checks of ``ingest``, nothing merged.

A workbook from ``barometre template`` keeps its organisation and period in a header block above its table,
so the observations reader refused it (« colonnes obligatoires absentes : period, organisation ») while
``ingest`` accepted it. ``validate`` now reads it as ``ingest`` does and reports the same issues, located
by sheet, row and column, without merging anything.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..strategy import Strategy
from ..validation_report import Issue, ValidationReport, make_issue
from .ingest import validate_file
from .issues import ERROR, CollectIssue, column_letter
from .plan_sheet import read_plan_sheet
from .reading import WORKBOOK_SUFFIXES, Submission

_CELL = re.compile(r"^(?:(?P<sheet>.+)!)?(?P<col>[A-Z]+)(?P<row>\d+)(?::[A-Z]+\d+)?$")


def check_returned_workbook(
    path: Path, strategy: Strategy, organisations: pd.DataFrame
) -> ValidationReport | None:
    """The report ``ingest`` gives for the workbook ``path`` (any period; nothing merged).

    None when ``path`` is not a workbook or not one ``ingest`` can read (the caller's own error stands).
    """
    if Path(path).suffix.lower() not in WORKBOOK_SUFFIXES:
        return None
    result, sub = validate_file(Path(path), None, strategy, organisations)
    if result.unusable or sub is None:
        return None
    report = ValidationReport(result.rows_read, result.rows_accepted, result.rows_rejected)
    plan = read_plan_sheet(Path(path), strategy, organisations)
    for issue in [*result.issues, *(plan.issues if plan else [])]:
        (report.errors if issue.severity == ERROR else report.warnings).append(_as_issue(issue, sub))
    # a blank form: nothing to ingest, as ``ingest`` says (« aucune donnée utilisable »)
    if not result.rows_read:
        report.errors.append(make_issue(str(path), None, None, None, "no_rows", name=Path(path).name))
    return report


def _as_issue(issue: CollectIssue, sub: Submission) -> Issue:
    """``Données!C8`` → sheet « Données », row 8, the column's name (``numerator``) where it is known."""
    found = _CELL.match(issue.cell or "")
    sheet = found.group("sheet") if found else (issue.cell or None)
    row = int(found.group("row")) if found else None
    column = None
    if found:
        by_letter = {column_letter(n): name for name, n in sub.columns.items()}
        by_cell = {cell: name for name, cell in sub.fixed.items()}
        column = by_cell.get(issue.cell) or by_letter.get(found.group("col")) or found.group("col")
    return Issue(
        issue.file, row, column, issue.value or None, issue.rule, issue.message, issue.message_en, sheet
    )
