"""The plan sheet of a collection workbook: planned values per target, for the periods up to the deadline.

``barometre template`` adds the sheet « Plan » (pre-filled with the plan already in ``plans.csv``);
``barometre ingest`` reads it back, validates it with the core plan rules
(:func:`barometre.plans_validation.validate_plans`, issues located at their cell, ``Plan!C7``) and
merges it into ``plans.csv``: a returned plan replaces the organisation's earlier plan for the periods
of the sheet, with provenance columns (``source_file, source_sha256, ingested_at``) and an append-only
``plans_history.csv`` (every version; rows replaced for the first time are archived first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from ..i18n import t
from ..plans_validation import PLANS_FILE, validate_plans
from ..readers import RawTable
from ..strategy import Strategy
from ..strategy_model import normalise_period
from ..validation import PROVENANCE_COLUMNS, normalise_target
from .history import _append, _read_csv, _to_csv
from .issues import ERROR, WARNING, CollectIssue, cell_ref, collect_issue
from .layout import normalise_header

PLAN_SHEET = "Plan"
PLAN_SHEET_NAMES = {"plan", "plans", "plandetransformation", "transformationplan"}
PLAN_HEADER_ROW = 6
PLAN_FIRST_ROW = 7
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_PERIOD_IN_HEADER = re.compile(r"(\d{4}\s*[-–—/_ ]\s*(?:\d{4}|\d{2}))")
PLAN_BASE_COLUMNS = ["organisation", "target", "period", "planned_value", "note", "source"]
PLAN_PROVENANCE = list(PROVENANCE_COLUMNS)
PLAN_FILE_COLUMNS = PLAN_BASE_COLUMNS + PLAN_PROVENANCE
PLAN_HISTORY_FILE = "plans_history.csv"
PLAN_HISTORY_COLUMNS = ["recorded_at", "version", "origin", *PLAN_FILE_COLUMNS]


def plan_periods(strategy: Strategy, period: str) -> list[str]:
    """The periods a plan sheet asks for: from ``period`` up to the strategy's deadline."""
    periods = list(strategy.periods)
    start = periods.index(period)
    end = periods.index(strategy.deadline_period) if strategy.deadline_period in periods else len(periods) - 1
    return periods[start : max(end, start) + 1]


def add_plan_sheet(
    wb: Workbook, strategy: Strategy, code: str, name: str, period: str, plans: pd.DataFrame
) -> None:
    """Add the « Plan » sheet: one row per target, one column per period up to the deadline.

    Cells are pre-filled with the organisation's plan already on file, shown as percentages, and
    accept a proportion between 0 and 1 (Excel data validation).
    """
    from .templates import BOX, GREY, HEAD, INPUT, LOCKED, UNLOCKED

    ws = wb.create_sheet(PLAN_SHEET)
    periods = plan_periods(strategy, period)
    ws["A1"] = t("collect.plan.title", "fr", name=name)
    ws["A1"].font = Font(bold=True, size=14)
    for row, key, value in ((2, "collect.tpl.label.code", code), (3, "collect.tpl.label.name", name)):
        ws.cell(row, 1, t(key, "fr")).font = Font(bold=True)
        cell = ws.cell(row, 2, value)
        cell.fill = GREY
        cell.number_format = "@"
    # a year after the deadline (a strategy followed past its end) asks for that year alone
    howto = "collect.plan.howto_after" if strategy.after_deadline(period) else "collect.plan.howto"
    ws["A4"] = t(howto, "fr", deadline=strategy.deadline_period, period=period)
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=2 + len(periods))
    ws["A4"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[4].height = 60
    heads = [t("collect.tpl.col.target", "fr"), t("collect.tpl.col.label", "fr")]
    heads += [t("collect.plan.col.planned", "fr", period=p) for p in periods]
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
        for col, value in ((1, tgt.id), (2, tgt.label("fr"))):
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
        errorTitle=t("collect.plan.validation.title", "fr"), error=t("collect.plan.validation.error", "fr"),
        promptTitle=t("collect.plan.validation.title", "fr"), prompt=t("collect.plan.validation.prompt", "fr"),
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


def read_plan_sheet(path: Path, strategy: Strategy, organisations: pd.DataFrame) -> PlanSubmission | None:
    """Read and validate the plan sheet of a returned workbook; None when it has none (or it is empty)."""
    from .reading import _Cells, _header_block, _identify_organisation, _load

    try:
        wb_f, wb_v = _load(path)
    except Exception:  # noqa: BLE001 — the observations reader reports unreadable files
        return None
    sheets = [ws for ws in wb_f.worksheets if normalise_header(ws.title) in PLAN_SHEET_NAMES]
    if not sheets:
        return None
    cells = _Cells(sheets[0], wb_v[sheets[0].title], str(path))
    found = _plan_header(cells)
    if found is None:
        return None
    header_row, target_col, period_cols = found
    block = _header_block(cells, header_row)
    code, _ = _identify_organisation(block.get("code", ("", ""))[0], block.get("name", ("", ""))[0],
                                     organisations)  # fmt: skip
    code_cell = block.get("code", ("", cells.title))[1]
    sub = PlanSubmission(organisation=code, periods=[p for p, _ in period_cols])
    used = {target_col, *(col for _p, col in period_cols)}
    # « Valeur prévue 2019 »: a year alone, dropped unsaid
    for col in range(1, min(cells.f.max_column, 40) + 1):
        text = cells.peek(header_row, col)
        if col not in used and _YEAR.search(text):
            sub.issues.append(collect_issue(str(path), cell_ref(cells.title, col, header_row), "plan_column_unread",
                                            text, severity=WARNING, organisation=code))  # fmt: skip
    parts = []
    for period, col in period_cols:
        records, rows, raw_issues = [], [], []
        for row in range(header_row + 1, cells.f.max_row + 1):
            target = cells.peek(row, target_col)
            value = cells.read(row, col, raw_issues, code)
            if value is None:
                sub.rows_read += 1
                sub.rows_rejected += 1
                here, tid = cell_ref(cells.title, col, row), normalise_target(target, strategy.target_ids)
                _keep(sub, path, here, tid, period)
                continue
            if not value:
                continue  # no plan for this target and period
            records.append({"organisation": code, "target": target, "period": period, "planned_value": value})
            rows.append(row)
        sub.issues.extend(raw_issues)
        if not records:
            continue
        table = RawTable(str(path), pd.DataFrame(records, dtype=object), rows, sheet=cells.title)
        accepted, report = validate_plans(table, strategy, organisations)
        for e in report.errors:
            if e.column == "organisation":
                where = code_cell
            elif e.column == "target":
                where = cell_ref(cells.title, target_col, e.row)
            elif e.column == "period":
                where = cell_ref(cells.title, col, header_row)
            else:
                where = cell_ref(cells.title, col, e.row)
                if e.row in rows:  # a planned value refused: the one on file stays
                    target = normalise_target(records[rows.index(e.row)]["target"], strategy.target_ids)
                    _keep(sub, path, where, target, period)
            sub.issues.append(CollectIssue(file=str(path), cell=where, rule=e.rule, severity=ERROR,
                                           message=e.message, message_en=e.message_en, value=e.value or "",
                                           organisation=code))  # fmt: skip
        sub.rows_read += report.rows_read
        sub.rows_rejected += report.rows_rejected
        parts.append(accepted)
    if not parts and not sub.issues:
        return None
    sub.accepted = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=PLAN_BASE_COLUMNS)
    return sub


def _keep(sub: PlanSubmission, path: Path, cell: str, target: str, period: str) -> None:
    """A refused cell: the value on file for its target and period is kept, and a warning says so."""
    if (target, period) not in sub.rejected:
        sub.rejected.add((target, period))
        sub.issues.append(collect_issue(str(path), cell, "plan_kept", target, severity=WARNING,
                                        organisation=sub.organisation, period=period))  # fmt: skip


def _plan_header(cells) -> tuple[int, int, list[tuple[str, int]]] | None:
    """Header row, target column and (period, column) pairs of a plan sheet, found wherever they are."""
    from .layout import canonical_column

    for row in range(1, min(cells.f.max_row, 60) + 1):
        target_col, periods = None, []
        for col in range(1, min(cells.f.max_column, 40) + 1):
            text = cells.peek(row, col)
            if target_col is None and canonical_column(text) == "target":
                target_col = col
                continue
            m = _PERIOD_IN_HEADER.search(text)
            if m:
                periods.append((normalise_period(m.group(1).replace(" ", "")), col))
        if target_col and periods:
            return row, target_col, periods
    return None


def merge_plans(
    data_dir: Path, submissions: list[tuple[str, str, PlanSubmission]], strategy: Strategy, now: str
) -> int:
    """Merge plans (file, sha256, submission) in order into ``plans.csv``; return the rows added."""
    path = Path(data_dir) / PLANS_FILE
    current = _read_csv(path, PLAN_FILE_COLUMNS)
    extra = [c for c in current.columns if c not in PLAN_FILE_COLUMNS]
    hist_path = Path(data_dir) / PLAN_HISTORY_FILE
    hist = _read_csv(hist_path, PLAN_HISTORY_COLUMNS)
    archived = {h for h in hist["source_sha256"] if h}
    versions: dict[str, int] = {}
    for org, v in hist.groupby("organisation")["version"]:
        versions[str(org)] = max((int(x) for x in v if str(x).isdigit()), default=0)
    new_history: list[pd.DataFrame] = []
    added = 0

    def record(rows: pd.DataFrame, origin: str, org: str) -> None:
        versions[org] = versions.get(org, 0) + 1
        rec = rows[PLAN_FILE_COLUMNS].copy()
        rec.insert(0, "origin", origin)
        rec.insert(0, "version", str(versions[org]))
        rec.insert(0, "recorded_at", now)
        new_history.append(rec)

    for file, sha, sub in submissions:
        if sub.accepted.empty:
            continue
        org = sub.organisation
        mask = current["organisation"].eq(org) & current["period"].isin(sub.periods)
        old = current[mask]
        # a cell refused in this plan keeps the value on file (88 % was deleted for a « 75 » typed by hand)
        kept = old[
            [(str(tg), str(p)) in sub.rejected for tg, p in zip(old["target"], old["period"], strict=True)]
        ]
        old = old.drop(kept.index)
        unarchived = old[~old["source_sha256"].isin(archived) | old["source_sha256"].eq("")]
        if len(unarchived):
            record(unarchived, "antérieur", org)
        fresh = pd.DataFrame({
            "organisation": sub.accepted["organisation"].astype(str),
            "target": sub.accepted["target"].astype(str),
            "period": sub.accepted["period"].astype(str),
            "planned_value": sub.accepted["planned_value"].map(lambda x: f"{float(x):.10g}"),
            "note": sub.accepted["note"].astype(str),
            "source": f"Plan de transformation ({Path(file).name})",
            "source_file": Path(file).name, "source_sha256": sha, "ingested_at": now,
        }).astype(object)  # fmt: skip
        for c in extra:
            fresh[c] = ""
        record(fresh, "soumission", org)
        archived.add(sha)
        current = pd.concat([current[~mask], kept, fresh[current.columns]], ignore_index=True)
        added += len(fresh)
    if not new_history:
        return 0
    rank_p = {p: i for i, p in enumerate(strategy.periods)}
    rank_t = {tid: i for i, tid in enumerate(strategy.target_ids)}
    keys = pd.DataFrame({"o": current["organisation"], "t": current["target"].map(rank_t),
                         "p": current["period"].map(rank_p)})  # fmt: skip
    current = current.loc[keys.sort_values(["o", "t", "p"], kind="stable").index]
    _append(hist_path, pd.concat(new_history, ignore_index=True)[PLAN_HISTORY_COLUMNS])
    tmp = path.with_suffix(".csv.tmp")
    tmp.write_bytes(_to_csv(current[PLAN_FILE_COLUMNS + extra]))
    tmp.replace(path)
    return added
