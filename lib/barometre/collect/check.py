"""``barometre validate`` on a returned collection file: the checks of ``ingest``, nothing merged.

A workbook from ``barometre template`` keeps its organisation and period in a header block above its table,
so the observations reader refused it (« colonnes obligatoires absentes : period, organisation ») while
``ingest`` accepted it. The blank CSV template has a label column and lines nobody fills in, and its
numerator may be headed « Num »: the observations reader called those lines errors, or the file unusable.
``validate`` now reads such files as ``ingest`` does and reports the same issues, located by sheet, row and
column, without merging anything.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..aliases import apply_aliases
from ..errors import InputFileError
from ..readers import read_table
from ..strategy import Strategy
from ..validation_report import CELL, Issue, ValidationReport, make_issue
from .ingest import read_plan, validate_file
from .issues import ERROR, CollectIssue, column_letter
from .layout import canonical_column
from .reading import CSV_SUFFIXES, WORKBOOK_SUFFIXES, Submission
from .unfilled import PlansOnFile

_SHEET_RULES = {
    "plan_sheet_unread",
    "other_plan_sheet",
    "hidden_rows",
    "unfilled_workbook",
}  # their cell is a sheet's title
_OBSERVATIONS = {"period", "organisation", "target", "numerator", "denominator"}


def is_returned_file(path: Path) -> bool:
    """Whether ``path`` is a returned collection file rather than observations.

    That is a workbook or CSV the observations reader cannot take as it is, or a CSV with the template's
    label column.
    """
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + CSV_SUFFIXES or path.is_dir():
        return False
    try:
        table = read_table(path)
    except InputFileError:
        return suffix in WORKBOOK_SUFFIXES
    if not _OBSERVATIONS <= set(apply_aliases(table, "observations").frame.columns):
        return True
    return suffix in CSV_SUFFIXES and any(canonical_column(c) == "label" for c in table.frame.columns)


def check_returned_file(
    path: Path, strategy: Strategy, organisations: pd.DataFrame, on_file: PlansOnFile | None
) -> ValidationReport | None:
    """The report ``ingest`` gives for the returned workbook or CSV ``path`` (any period; nothing merged).

    ``on_file``: the dataset's plans, to tell a workbook sent back unfilled (:mod:`.unfilled`); None for a
    CSV, which has no plan sheet. Returns None when ``path`` is not a file ``ingest`` can read (the caller's
    own error stands).
    """
    result, sub = validate_file(Path(path), None, strategy, organisations)
    if result.unusable or sub is None:
        return None
    report = ValidationReport(result.rows_read, result.rows_accepted, result.rows_rejected)
    period = result.period if result.period and "," not in result.period else sub.period
    plan = read_plan(result, strategy, organisations, period or None, on_file) if sub.sheet else None
    for issue in [*result.issues, *(plan.issues if plan else [])]:
        (report.errors if issue.severity == ERROR else report.warnings).append(_as_issue(issue, sub))
    if sub.sheet:  # a workbook: its plan values are counted, read or not, so its sender sees them
        report.plan_sheets = 1
        if plan is not None:
            report.plan_values_read, report.plan_values_rejected = plan.rows_read, plan.rows_rejected
            report.plan_values_accepted = plan.rows_read - plan.rows_rejected
    # a blank form: nothing to ingest, as ``ingest`` says (« aucune donnée utilisable »); a plan alone is
    # a return ``ingest`` takes (« plan seul, intégré »)
    if not result.rows_read and not report.plan_values_read:
        report.errors.append(make_issue(str(path), None, None, None, "no_rows", name=Path(path).name))
    return report


_ROW = re.compile(r"^(?:(?P<sheet>.+)!)?(?P<row>\d+):(?P=row)$")


def _as_issue(issue: CollectIssue, sub: Submission) -> Issue:
    """``Données!C8`` → sheet « Données », row 8, the column's name (``numerator``) where it is known.

    On the plan sheet, the column is its letter (« ligne 8, colonne C »): its values were all said at
    « colonne planned_value », a column nobody sees, C8 and D8 alike. The cell is kept as ``ingest`` names it.
    """
    # a whole sheet named by its title: « PLAN2023 » is no cell (it read row 2023, column PLAN)
    found = None if issue.rule in _SHEET_RULES else CELL.match(issue.cell or "")
    # a whole row, « 9:9 » (a line cut short): it read sheet « 9:9 », no row
    whole = None if found or issue.rule in _SHEET_RULES else _ROW.match(issue.cell or "")
    sheet = (found or whole).group("sheet") if found or whole else (issue.cell or None)
    row = int((found or whole).group("row")) if found or whole else None
    column = None
    if found and sheet not in (None, sub.sheet):  # the plan sheet: not the data sheet's columns
        column = found.group("col")
    elif found:
        by_letter = {column_letter(n): name for name, n in sub.columns.items()}
        by_cell = {cell: name for name, cell in sub.fixed.items()}
        column = by_cell.get(issue.cell) or by_letter.get(found.group("col")) or found.group("col")
    return Issue(issue.file, row, column, issue.value or None, issue.rule, issue.message, issue.message_en, sheet,
                 issue.cell if found or whole else None)  # fmt: skip
