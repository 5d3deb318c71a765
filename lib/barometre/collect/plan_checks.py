"""What a returned plan sheet may hide, said at its cell: where the plan sheet is, and what is not read.

A plan sheet renamed (« Plan 2023 »), a period column whose header names a year alone, cells merged over
several targets' values, a column added by hand, a plan for a period earlier than the collection: each of
these lost plan values, or changed published pages, without a word. A column for a year after the
strategy was told once per row, with advice for the analyst: it is said once, to the organisation.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from ..strategy import Strategy
from ..strategy_model import fiscal_year_start, normalise_period, period_year
from ..validation import normalise_target
from .issues import WARNING, CollectIssue, cell_ref, collect_issue
from .layout import SCAN_COLUMNS, canonical_column, normalise_header

if TYPE_CHECKING:
    from .plan_sheet import PlanSubmission

PLAN_SHEET_NAMES = {"plan", "plans", "plandetransformation", "transformationplan"}
SCAN_ROWS, SCAN_COLS = 60, SCAN_COLUMNS
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
PERIOD_IN_HEADER = re.compile(r"(\d{4}\s*[-–—/_ ]\s*(?:\d{4}|\d{2}))")
# A header that speaks of a plan (« Valeur prévue », « Planned value », « Plan 2023 »)
_PLANNED_WORDS = {"plan", "plans", "planned", "planifie", "planifiee", "prevu", "prevue", "prevues", "prevus"}


@dataclasses.dataclass
class PlanHeader:
    """The header row of a plan sheet, its target column and its (period, column) pairs."""

    row: int
    target_col: int
    periods: list[tuple[str, int]]


def plan_named(title: str) -> bool:
    """A sheet whose name says it is a plan (« Plan », « Plan 2023 », « Plans de transformation »)."""
    key = normalise_header(title)
    # « Plan », « Plans … », « Plan2023 »; not « Planification » nor « Planning », other words
    return key in PLAN_SHEET_NAMES or re.match(r"plans?(?![a-zà-ÿ])", title.strip().lower()) is not None


def _speaks_of_plan(text: str) -> bool:
    """A header cell that speaks of a planned value (« Valeur prévue », « Planned value », « Plan »)."""
    return bool({normalise_header(word) for word in re.split(r"[\s'’_/-]+", text)} & _PLANNED_WORDS)


def plan_header(cells, named: bool = False) -> PlanHeader | None:
    """The plan table's header: a row with the target column and period columns, wherever it is.

    On a sheet not named « Plan », a header cell must speak of a plan (« Valeur prévue 2022-2023 »): a
    table of figures by year (« Cible », « 2021-2022 ») is not taken for one. A row with the target column
    and a header speaking of a plan without a period (« Valeur prévue 2023 ») is a plan header without
    period columns: its sheet is still found, and its columns said unread.
    """
    fallback = None
    for row in range(1, min(cells.f.max_row, SCAN_ROWS) + 1):
        target_col, periods, speaks = None, [], named
        for col in range(1, min(cells.f.max_column, SCAN_COLS) + 1):
            text = cells.peek(row, col)
            if target_col is None and canonical_column(text) == "target":
                target_col = col
                continue
            m = PERIOD_IN_HEADER.search(text)
            if m:
                periods.append((normalise_period(m.group(1).replace(" ", "")), col))
            speaks = speaks or (bool(text) and canonical_column(text) is None and _speaks_of_plan(text))
        if target_col and speaks and periods:
            return PlanHeader(row, target_col, periods)
        if target_col and speaks and fallback is None:
            fallback = PlanHeader(row, target_col, [])
    return fallback


def find_plan_sheet(wb_f, wb_v, file: str, data_sheet: str | None):
    """The sheet to read as the plan, its header, and the other sheets that look like one.

    A sheet is a plan by its content (a target column and « Valeur prévue 2022-2023 » columns), whatever
    its name; a sheet named « Plan » wins, then one with period columns, then the first.
    """
    from .reading import _Cells, _find_header

    found = []
    for index, ws in enumerate(wb_f.worksheets):
        if ws.title == data_sheet:
            continue
        cells = _Cells(ws, wb_v[ws.title], file, counts=False)
        named = plan_named(ws.title)
        header = plan_header(cells, named)
        if header is None or (not named and _find_header(cells) is not None):
            continue  # a copy of the data sheet, not a plan
        exact = normalise_header(ws.title) in PLAN_SHEET_NAMES
        found.append(((not exact, not header.periods, not named, index), cells, header))
    if not found:
        return None, None, []
    found.sort(key=lambda f: f[0])
    return found[0][1], found[0][2], [(c, h) for _k, c, h in found[1:]]


def plan_named_sheets(wb_f, data_sheet: str | None) -> list[str]:
    """Sheets named like a plan (« Plan ») where no plan table was found."""
    return [ws.title for ws in wb_f.worksheets if ws.title != data_sheet and plan_named(ws.title)]


def example_period(strategy: Strategy, year: str, period: str | None) -> str:
    """The fiscal year a header with a year alone most likely meant (« 2023 » → 2022-2023)."""
    if not year:
        return period or strategy.deadline_period
    for p in strategy.periods:
        if p.endswith(year):
            return p
    for p in strategy.periods:
        if p.startswith(year):
            return p
    return period or strategy.deadline_period


def header_warnings(
    cells, header: PlanHeader, strategy: Strategy, file: str, org: str, period: str | None
) -> list[CollectIssue]:
    """Columns of the plan header that are not read, each said at its header cell.

    A year alone or a planned value without a period (« Valeur prévue 2023 »), or a column added by hand
    (« Commentaire ») that holds something; values under an empty header too (typed a row too low, they
    were dropped without a word).
    """
    used = {header.target_col, *(col for _p, col in header.periods)}
    issues = []
    below = range(header.row + 1, cells.f.max_row + 1)
    for col in range(1, min(cells.f.max_column, SCAN_COLS) + 1):
        text = cells.peek(header.row, col)
        where = cell_ref(cells.title, col, header.row)
        if not text and col not in used and any(cells.peek(r, col) for r in below):
            issues.append(collect_issue(file, where, "plan_unheaded_column", "", severity=WARNING, organisation=org,
                                        expected=example_period(strategy, "", period)))  # fmt: skip
        if col in used or not text or canonical_column(text) == "label":
            continue
        year = YEAR.search(text)
        if year or _speaks_of_plan(text):
            expected = example_period(strategy, year.group(0) if year else "", period)
            issues.append(collect_issue(file, where, "plan_column_unread", text, severity=WARNING,
                                        organisation=org, expected=expected))  # fmt: skip
        elif any(cells.peek(r, col) for r in range(header.row + 1, cells.f.max_row + 1)):
            issue = collect_issue(
                file, where, "plan_unknown_column", text, severity=WARNING, organisation=org
            )
            issues.append(dataclasses.replace(issue, rule="unknown_column"))  # as on the data sheet
    if not header.periods and not any(i.rule == "plan_column_unread" for i in issues):
        # no period column at all (its header cleared): the sheet's values are not read
        rows = range(header.row + 1, cells.f.max_row + 1)
        cols = [c for c in range(1, min(cells.f.max_column, SCAN_COLS) + 1) if c != header.target_col]
        if any(
            cells.peek(r, c) and canonical_column(cells.peek(header.row, c)) != "label"
            for r in rows
            for c in cols
        ):
            # said once, for the sheet: each cleared header's own warning told it the same period to write
            issues = [i for i in issues if i.rule != "plan_unheaded_column"]
            issues.append(collect_issue(file, cells.title, "plan_sheet_unread", cells.title, severity=WARNING,
                                        organisation=org, example=strategy.deadline_period))  # fmt: skip
    return issues


def later_period_columns(
    cells, header: PlanHeader, strategy: Strategy, file: str, org: str
) -> tuple[list[CollectIssue], PlanHeader]:
    """Period columns for a year after the strategy's last one: not read, each said once at its header.

    « Valeur prévue 2023-2024 » added to the sheet of a strategy ending in 2022-2023: the organisation
    can only remove the column (following a later year is the analyst's choice, made in the strategy
    file). Returns the warnings and the header without those columns; an empty column is not said.
    """
    last = strategy.periods[-1]
    issues, kept = [], []
    for plan_period, col in header.periods:
        year = fiscal_year_start(plan_period)
        if strategy.accepts_period(plan_period) or year is None or year <= period_year(last):
            kept.append((plan_period, col))
            continue
        n = sum(1 for row in range(header.row + 1, cells.f.max_row + 1) if cells.peek(row, col))
        if n:
            issues.append(collect_issue(file, cell_ref(cells.title, col, header.row), "plan_after_strategy",
                                        cells.peek(header.row, col), severity=WARNING, organisation=org,
                                        last=last, period=plan_period, n=n))  # fmt: skip
    return issues, dataclasses.replace(header, periods=kept)


def merged_warnings(
    cells, header: PlanHeader, strategy: Strategy, file: str, org: str
) -> tuple[list[CollectIssue], list[tuple[str, str]]]:
    """Cells merged over planned values: only the first is read; the (target, period) under the rest.

    Their values on file are kept (the caller adds them to the refused ones): a merged cell is not a
    cell emptied on purpose, which withdraws the value on file.
    """
    by_col = {col: p for p, col in header.periods}
    issues, kept = [], []
    for merged in sorted(cells.f.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        lost, periods = [], []
        for row in range(max(merged.min_row, header.row + 1), merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                if col not in by_col or (row, col) == (merged.min_row, merged.min_col):
                    continue
                lost.append(normalise_target(cells.peek(row, header.target_col), strategy.target_ids))
                periods.append(by_col[col])
        pairs = [(t, p) for t, p in zip(lost, periods, strict=True) if t]
        if not pairs:
            continue
        kept += pairs
        first = normalise_target(cells.peek(merged.min_row, header.target_col), strategy.target_ids)
        first_period = by_col.get(merged.min_col, "")
        issues.append(collect_issue(
            file, f"{cells.title}!{merged.coord}", "plan_merged_cells", ", ".join(f"{t} ({p})" for t, p in pairs),
            severity=WARNING, organisation=org, first=f"{first} ({first_period})" if first_period else first,
            n=len(pairs),
        ))  # fmt: skip
    return issues, kept


def other_sheet_warnings(others, read: str, file: str, org: str) -> list[CollectIssue]:
    """Other sheets that look like a plan and hold values: they are not read, and said so."""
    issues = []
    for cells, header in others:
        cols = [col for _p, col in header.periods]
        if any(cells.peek(r, c) for r in range(header.row + 1, cells.f.max_row + 1) for c in cols):
            issues.append(collect_issue(file, cells.title, "other_plan_sheet", cells.title, severity=WARNING,
                                        organisation=org, read=read))  # fmt: skip
    return issues


# the warnings that say a plan's values replace those on file: withdrawn when none is taken
MERGE_WARNINGS = frozenset({"plan_earlier_period", "plan_baseline_period"})


def withdraw_merge_warnings(plan: PlanSubmission) -> None:
    """A plan none of whose values is taken (its workbook refused as a whole) says nothing of replacing one.

    Its warning « elles sont intégrées et remplacent le plan … déjà au dossier » stood beside the error
    « son plan n'est pas intégré non plus, et le plan au dossier ne change pas ».
    """
    if plan.accepted.empty:
        plan.issues = [i for i in plan.issues if i.rule not in MERGE_WARNINGS]


def earlier_period_warning(
    file: str, cell: str, plan_period: str, period: str | None, strategy: Strategy, org: str, n: int
) -> CollectIssue | None:
    """A plan for a period before the collection's (the baseline's too), said at the column's header.

    It is accepted, but it changes pages already published for that period.
    """
    periods = list(strategy.periods)
    if not period or period not in periods or plan_period not in periods:
        return None
    if periods.index(plan_period) >= periods.index(period):
        return None
    rule = "plan_baseline_period" if plan_period == strategy.baseline_period else "plan_earlier_period"
    return collect_issue(file, cell, rule, plan_period, severity=WARNING, organisation=org,
                         period=period, n=n)  # fmt: skip
