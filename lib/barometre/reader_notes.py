"""What a reader noticed in a file, said as warnings of its validation report (and the sheet it read).

A workbook of several sheets names its sheet in every issue, and each other sheet that looks like data
is a warning; a CSV whose lines are not all in one encoding names the lines read otherwise.
"""

from __future__ import annotations

from dataclasses import replace

from .readers import RawTable
from .row_words import rows_listed_each
from .validation_report import Issue, ValidationReport, make_issue


def on_its_sheet(report: ValidationReport, table: RawTable) -> ValidationReport:
    """``report`` with the sheet of ``table`` named in its issues, and what its reader noticed as warnings.

    Each other sheet of the workbook that looks like data too gets a warning: its rows are not read, and
    that is said rather than lost.
    """
    report.warnings += [note_issue(table.file, rule, fields) for rule, fields in table.notes]
    if table.sheet is None:  # a CSV, a workbook of one sheet: no sheet to name, no other sheet
        return report
    report.errors = [replace(issue, sheet=table.sheet) for issue in report.errors]
    report.warnings = [replace(issue, sheet=table.sheet) for issue in report.warnings]
    report.warnings += [
        replace(make_issue(table.file, None, None, None, "other_data_sheet", read=table.sheet),
                sheet=other)
        for other in table.other_data_sheets
    ]  # fmt: skip
    return report


def note_issue(file: str, rule: str, fields: dict[str, object]) -> Issue:
    """The warning for one reader's note in ``file``: ``rule`` is its catalogue key (``rule.<rule>``).

    A ``lines`` field (line numbers) is written as words in each language, with ``n`` their count; a
    ``column`` field is the issue's column.
    """
    words = dict(fields)
    if "lines" in words:
        lines = list(words.pop("lines"))  # type: ignore[call-overload]
        words |= {"lines": rows_listed_each(lines), "n": len(lines)}
    column = words.pop("column", None)  # the issue's own column: its location names it
    return make_issue(file, None, None if column is None else str(column), None, rule, **words)
