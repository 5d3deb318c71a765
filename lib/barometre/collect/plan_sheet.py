"""The plan sheet of a collection workbook: planned values per target, for the periods up to the deadline.

``barometre template`` adds the sheet « Plan » (pre-filled with the plan already in ``plans.csv``);
``barometre ingest`` reads it back, validates it with the core plan rules
(:func:`barometre.plans_validation.validate_plans`, issues located at their cell, ``Plan!C7``) and
merges it into ``plans.csv`` (:mod:`.plan_merge`). What the sheet may hide (a plan column not read,
merged cells, another organisation's code) is said at its cell (:mod:`.plan_checks`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from ..i18n import t, texts
from ..plans_validation import out_of_range_fields, parse_ratio, validate_plans
from ..readers import RawTable
from ..strategy import Strategy
from ..validation import normalise_target
from .identity import plan_code_advice
from .issues import (
    ERROR,
    WARNING,
    CollectIssue,
    cell_ref,
    collapse_issues,
    collect_issue,
    decimal_words,
    hidden_rows_issues,
)
from .plan_checks import (
    PlanHeader,
    earlier_period_warning,
    find_plan_sheet,
    header_warnings,
    later_period_columns,
    merged_warnings,
    other_sheet_warnings,
    plan_named_sheets,
)
from .plan_merge import PLAN_BASE_COLUMNS, PLAN_HISTORY_FILE

PLAN_SHEET = "Plan"
PLAN_HEADER_ROW = 6
PLAN_FIRST_ROW = 7
__all__ = ["PLAN_HISTORY_FILE", "PlanSubmission", "add_plan_sheet", "plan_periods", "read_plan_sheet"]


def plan_periods(strategy: Strategy, period: str) -> list[str]:
    """The periods a plan sheet asks for: from ``period`` up to the strategy's deadline."""
    periods = list(strategy.periods)
    start = periods.index(period)
    end = periods.index(strategy.deadline_period) if strategy.deadline_period in periods else len(periods) - 1
    return periods[start : max(end, start) + 1]


def add_plan_sheet(
    wb: Workbook, strategy: Strategy, code: str, name: str, period: str, plans: pd.DataFrame, lang: str = "fr"
) -> None:
    """Add the « Plan » sheet: one row per target, one column per period up to the deadline.

    Cells are pre-filled with the organisation's plan already on file, shown as percentages, and
    accept a proportion between 0 and 1 (Excel data validation).
    """
    from .templates import BOX, GREY, HEAD, INPUT, LOCKED, UNLOCKED

    ws = wb.create_sheet(PLAN_SHEET)
    periods = plan_periods(strategy, period)
    ws["A1"] = t("collect.plan.title", lang, name=name)
    ws["A1"].font = Font(bold=True, size=14)
    for row, key, value in ((2, "collect.tpl.label.code", code), (3, "collect.tpl.label.name", name)):
        ws.cell(row, 1, t(key, lang)).font = Font(bold=True)
        cell = ws.cell(row, 2, value)
        cell.fill = GREY
        cell.number_format = "@"
    # a year after the deadline (a strategy followed past its end) asks for that year alone
    howto = "collect.plan.howto_after" if strategy.after_deadline(period) else "collect.plan.howto"
    ws["A4"] = t(howto, lang, deadline=strategy.deadline_period, period=period)
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=2 + len(periods))
    ws["A4"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[4].height = 60
    heads = [t("collect.tpl.col.target", lang), t("collect.tpl.col.label", lang)]
    heads += [t("collect.plan.col.planned", lang, period=p) for p in periods]
    for col, text in enumerate(heads, start=1):
        cell = ws.cell(PLAN_HEADER_ROW, col, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEAD
        cell.border = BOX
        ws.column_dimensions[cell.column_letter].width = 8 if col == 1 else (70 if col == 2 else 18)
    mine = plans[plans["organisation"] == code]
    known = {(r.target, r.period): float(r.planned_value) for r in mine.itertuples()}
    for i, tgt in enumerate(strategy.targets):
        row = PLAN_FIRST_ROW + i
        for col, value in ((1, tgt.id), (2, tgt.label(lang))):
            cell = ws.cell(row, col, value)
            cell.fill, cell.border, cell.protection = GREY, BOX, LOCKED
            cell.alignment = Alignment(wrap_text=col == 2)
        ws.cell(row, 1).number_format = "@"
        for j, p in enumerate(periods):
            cell = ws.cell(row, 3 + j, known.get((tgt.id, p)))
            cell.fill, cell.border, cell.protection = INPUT, BOX, UNLOCKED
            cell.number_format = "0%"
    ratio = DataValidation(
        type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True,
        showErrorMessage=True, showInputMessage=True, errorStyle="stop",
        errorTitle=t("collect.plan.validation.title", lang), error=t("collect.plan.validation.error", lang),
        promptTitle=t("collect.plan.validation.title", lang), prompt=t("collect.plan.validation.prompt", lang),
    )  # fmt: skip
    ws.add_data_validation(ratio)
    last_col = ws.cell(PLAN_HEADER_ROW, 2 + len(periods)).column_letter
    ratio.add(f"C{PLAN_FIRST_ROW}:{last_col}{PLAN_FIRST_ROW + len(strategy.targets) - 1}")
    ws.freeze_panes = ws.cell(PLAN_FIRST_ROW, 3)
    ws.protection.sheet = True


@dataclass
class PlanSubmission:
    """The plan read from one returned workbook: accepted rows, issues, and what the sheet covers."""

    organisation: str = ""
    periods: list[str] = field(default_factory=list)
    accepted: pd.DataFrame = field(default_factory=pd.DataFrame)
    issues: list[CollectIssue] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    # (target, period) of the cells rejected: the value already on file for them is kept, not deleted
    rejected: set[tuple[str, str]] = field(default_factory=set)


def read_plan_sheet(
    path: Path,
    strategy: Strategy,
    organisations: pd.DataFrame,
    *,
    organisation: str = "",
    period: str | None = None,
    data_sheet: str | None = None,
    named: str = "",
    data_cell: str = "",
) -> PlanSubmission | None:
    """Read and validate the plan sheet of a returned workbook; None when it has none (or it is empty).

    The plan sheet is found by its content, as the data sheet is (:func:`.plan_checks.find_plan_sheet`).
    ``organisation`` is the code of the workbook's data sheet: a plan sheet naming another organisation
    is refused, and the advice names the cell to correct: the one the file's name (``named``, a known
    organisation) contradicts, the plan's code cell or ``data_cell``, the data sheet's.
    ``period`` is the collection period: a plan for an earlier period is accepted and said.
    """
    from .reading import _header_block, _identify_organisation, _load

    try:
        wb_f, wb_v = _load(path)
    except Exception:  # noqa: BLE001 — the observations reader reports unreadable files
        return None
    file = str(path)
    cells, header, others = find_plan_sheet(wb_f, wb_v, file, data_sheet)
    if cells is None:
        unread = [collect_issue(file, title, "plan_sheet_unread", title, severity=WARNING, organisation=organisation,
                                example=strategy.deadline_period)
                  for title in plan_named_sheets(wb_f, data_sheet)
                  if any(c.value is not None for r in wb_f[title].iter_rows(min_row=5) for c in r)]  # fmt: skip
        return PlanSubmission(organisation=organisation, issues=unread) if unread else None
    block = _header_block(cells, header.row)
    code, _ = _identify_organisation(block.get("code", ("", ""))[0], block.get("name", ("", ""))[0],
                                     organisations)  # fmt: skip
    code_cell = block.get("code", ("", cells.title))[1]
    warnings = header_warnings(cells, header, strategy, file, code, period)
    later, header = later_period_columns(cells, header, strategy, file, code)  # not read: said once
    sub = PlanSubmission(organisation=code, periods=[p for p, _ in header.periods], issues=warnings + later)
    merged_issues, merged_cells = merged_warnings(cells, header, strategy, file, code)
    sub.issues += merged_issues
    sub.rejected.update(merged_cells)  # under a merge: the values on file stay
    sub.issues += other_sheet_warnings(others, cells.title, file, code)
    if organisation and code and code.upper() != organisation.upper():
        advice = plan_code_advice(code, organisation, named, code_cell, data_cell)
        _refuse_other_organisation(sub, cells, header, code_cell, organisation, data_sheet or "", advice)
        return sub
    parts, counted = [], set()  # counted: the rows whose values are read (hidden ones are said)
    for plan_period, col in header.periods:
        records, rows, raw_issues = [], [], []
        for row in range(header.row + 1, cells.f.max_row + 1):
            target = cells.peek(row, header.target_col)
            value = cells.read(row, col, raw_issues, code)
            if value is None:
                sub.rows_read += 1
                counted.add(row)
                sub.rows_rejected += 1
                here, tid = cell_ref(cells.title, col, row), normalise_target(target, strategy.target_ids)
                _keep(sub, path, here, tid, plan_period)
                continue
            if not value:
                continue  # no plan for this target and period
            records.append(
                {"organisation": code, "target": target, "period": plan_period, "planned_value": value}
            )
            rows.append(row)
            counted.add(row)
        sub.issues.extend(raw_issues)
        if not records:
            continue
        table = RawTable(file, pd.DataFrame(records, dtype=object), rows, sheet=cells.title)
        accepted, report = validate_plans(table, strategy, organisations, cells=True)  # a blank: no plan
        for e in report.errors:
            if e.column == "organisation":
                where = code_cell
            elif e.column == "target":
                where = cell_ref(cells.title, header.target_col, e.row)
            elif e.column == "period":
                where = cell_ref(cells.title, col, header.row)
            else:
                where = cell_ref(cells.title, col, e.row)
                if e.row in rows:  # a planned value refused: the one on file stays
                    target = normalise_target(records[rows.index(e.row)]["target"], strategy.target_ids)
                    _keep(sub, path, where, target, plan_period)
            words = {"fr": e.message, "en": e.message_en}
            if e.rule == "planned_value_out_of_range":  # « 1,5 » in French, as the workbook shows it
                fields = out_of_range_fields(parse_ratio(e.value or ""))
                words = texts(
                    f"rule.{fields.pop('message', e.rule)}", value=decimal_words(e.value or ""), **fields
                )
            sub.issues.append(CollectIssue(file=file, cell=where, rule=e.rule, severity=ERROR,
                                           message=words["fr"], message_en=words["en"], value=e.value or "",
                                           organisation=code))  # fmt: skip
        here = cell_ref(cells.title, col, header.row)
        earlier = earlier_period_warning(file, here, plan_period, period, strategy, code, len(accepted))
        if earlier is not None and len(accepted):
            sub.issues.append(earlier)
        sub.rows_read += report.rows_read
        sub.rows_rejected += report.rows_rejected
        parts.append(accepted)
    sub.issues += hidden_rows_issues(file, cells.f, sorted(counted))
    sub.issues = collapse_issues(sub.issues)  # a column's header (a period unknown): once, not once a row
    if not parts and not sub.issues:
        return None
    sub.accepted = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=PLAN_BASE_COLUMNS)
    return sub


def _refuse_other_organisation(
    sub: PlanSubmission,
    cells,
    header: PlanHeader,
    code_cell: str,
    organisation: str,
    data_sheet: str,
    advice: dict[str, str],
) -> None:
    """A plan sheet naming another organisation than the data sheet: none of its values is taken."""
    filled = [
        (row, col)
        for _p, col in header.periods
        for row in range(header.row + 1, cells.f.max_row + 1)
        if cells.peek(row, col)
    ]
    if filled:  # an empty plan sheet under another code takes nothing: no error (« 0 valeurs … »)
        sub.issues.append(collect_issue(cells.file, code_cell, "plan_other_organisation", sub.organisation,
                                        organisation=organisation, expected=organisation, sheet=data_sheet,
                                        n=len(filled), advice=advice))  # fmt: skip
    sub.organisation = organisation
    sub.rows_read = sub.rows_rejected = len(filled)
    sub.accepted = pd.DataFrame(columns=PLAN_BASE_COLUMNS)


def _keep(sub: PlanSubmission, path: Path, cell: str, target: str, period: str) -> None:
    """A refused cell: the value on file for its target and period is kept, and a warning says so."""
    if (target, period) not in sub.rejected:
        sub.rejected.add((target, period))
        sub.issues.append(collect_issue(str(path), cell, "plan_kept", target, severity=WARNING,
                                        organisation=sub.organisation, period=period))  # fmt: skip
