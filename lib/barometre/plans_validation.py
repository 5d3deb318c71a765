"""Row-level validation of ``plans.csv`` (each organisation's transformation plan).

Plans are checked like observations (same :class:`~barometre.validation.Issue`
records, same spreadsheet row numbers): an unknown organisation, target or
period, a planned value that is not a number in [0, 1], or a duplicate
(organisation, target, period) rejects that row only; the other rows are kept.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .aliases import apply_aliases
from .i18n import numbers
from .number_notes import _decimals
from .organisation_periods import abolished_rows, inactive_rows, span_fields
from .readers import RawTable, not_available, parse_number, read_table
from .strategy import Strategy
from .strategy_model import normalise_period
from .validation import (
    PROVENANCE_COLUMNS,
    RuleContext,
    ValidationReport,
    check_rows,
    normalise_target,
    on_its_sheet,
    period_fields,
    require_columns,
    unknown_column_warnings,
)
from .validation_report import Issue, make_issue

PLANS_FILE = "plans.csv"
PLAN_COLUMNS = ("organisation", "target", "period", "planned_value")
OPTIONAL_PLAN_COLUMNS = ("note", "source")
ACCEPTED_PLAN_COLUMNS = ["organisation", "target", "period", "planned_value", "note", "source", "file", "row"]


def empty_plans() -> pd.DataFrame:
    """An empty accepted-plans frame (a dataset without ``plans.csv``)."""
    return pd.DataFrame({c: pd.Series(dtype=float if c == "planned_value" else object)
                         for c in ACCEPTED_PLAN_COLUMNS})  # fmt: skip


def _rules(f: pd.DataFrame, ctx: RuleContext, cells: bool = False) -> list[tuple[str, str, pd.Series, dict]]:
    """(rule, column, failing mask, extra message fields) for every plan row rule.

    ``cells``: the rows are cells of a workbook's Plan sheet, where a blank cell is no plan (in plans.csv, no row).
    """
    unavailable = "not_numeric_plan_missing" + "_cell" * cells
    s = ctx.strategy
    outside = ctx.organisations.loc[~ctx.organisations["in_sample"].astype(bool), "code"]
    known = f["organisation"].isin(ctx.organisations["code"])
    rules = [("missing_value", col, f[col].eq(""), {}) for col in PLAN_COLUMNS]
    rules += [
        ("unknown_organisation", "organisation", f["organisation"].ne("") & ~known,
         lambda row: ctx.code_hint(row["organisation"])),
        ("out_of_sample", "organisation", f["organisation"].isin(outside), {}),
        # a plan for after the organisation's abolition was filed while it existed: kept (_kept_after_abolition)
        ("inactive_organisation", "period", f["period"].isin(s.periods) & inactive_rows(f, ctx.organisations)
         & ~f["_abolished"], lambda row: span_fields(row, ctx.organisations)),
        ("unknown_target", "target", f["target"].ne("") & ~f["target"].isin(s.target_ids),
         lambda row: ctx.target_fields(row["target"])),
        ("unknown_period", "period", f["period"].ne("") & ~f["period"].isin(s.periods),
         lambda row: period_fields(row, ctx)),
        # a proportion, not a count: « ex. 12 ou 12,5 » would then be out of range; « N/A »: no row (no cell)
        ("not_numeric", "planned_value", f["planned_value"].ne("") & f["_value"].isna(),
         lambda row: {"message": unavailable if not_available(row["planned_value"]) else "not_numeric_plan"}),
        ("planned_value_out_of_range", "planned_value", f["_value"].lt(0) | f["_value"].gt(1),
         lambda row: out_of_range_fields(row["_value"])),
    ]  # fmt: skip
    return rules


def out_of_range_fields(value: float | None) -> dict[str, object]:
    """The wording of a planned value out of [0, 1]: 75 typed for 75 % is told « 0,75 ou 75 % ».

    « 75 » read only « ex. 0,8 ou 80 % ».
    """
    if value is None or not 2 <= value <= 100:  # 1,5: a slip for 0,15 as likely as 1,5 %
        return {}
    ratio = value / 100
    return {"message": "planned_value_percent", "ratio": numbers(ratio, min(_decimals(ratio), 4)),
            "percent": numbers(value, min(_decimals(value), 2))}  # fmt: skip


def validate_plans(
    table: RawTable, strategy: Strategy, organisations: pd.DataFrame, cells: bool = False
) -> tuple[pd.DataFrame, ValidationReport]:
    """Validate plan rows; return the accepted plans (typed) and the report (``cells``: see :func:`_rules`).

    Accepted rows have columns ``organisation, target, period, planned_value,
    note, source, file, row``; ``attrs["source_sha256"]``: the sha256 of the returned workbooks that rows
    of the file (accepted or not) were merged from. ``planned_value`` is a ratio in [0, 1]; « 80 % »
    and « 0,8 » are both read as 0.8.
    """
    table = apply_aliases(
        table, "plans"
    )  # French headers (cible, période, valeur_prévue…), barometre.aliases
    require_columns(table, PLAN_COLUMNS)
    f = table.frame.copy()
    for col in OPTIONAL_PLAN_COLUMNS:
        if col not in f.columns:
            f[col] = ""
    f["target"] = f["target"].map(lambda v: normalise_target(v, strategy.target_ids))
    f["period"] = f["period"].map(normalise_period)
    f["_value"] = f["planned_value"].map(parse_ratio).astype(float)
    f["_row"] = table.rows
    f["_abolished"] = abolished_rows(f, organisations)  # filed before the abolition, for after it: kept, said
    ctx = RuleContext(strategy, organisations)
    checks = ((name, column, mask, extra if callable(extra) else lambda _row, e=extra: e)
              for name, column, mask, extra in _rules(f, ctx, cells))  # fmt: skip
    report, rejected = check_rows(table, f, checks)
    known = PLAN_COLUMNS + OPTIONAL_PLAN_COLUMNS + PROVENANCE_COLUMNS
    report.warnings += unknown_column_warnings(table, known)
    report.warnings += _kept_after_abolition(table, f[~rejected], organisations, strategy)
    ok = f[~rejected]
    accepted = pd.DataFrame(
        {
            "organisation": ok["organisation"].astype(str),
            "target": ok["target"].astype(str),
            "period": ok["period"].astype(str),
            "planned_value": ok["_value"].astype(float),
            "note": ok["note"].astype(str),
            "source": ok["source"].astype(str),
            "file": Path(table.file).name,
            "row": ok["_row"].astype(int),
        }
    ).reset_index(drop=True)
    accepted = accepted.reindex(columns=ACCEPTED_PLAN_COLUMNS)
    # the returned workbooks the rows were merged from (provenance written by ``ingest``), as read
    accepted.attrs["source_sha256"] = set(f.get("source_sha256", pd.Series(dtype=str)).astype(str)) - {""}
    return accepted, on_its_sheet(report, table)


def _kept_after_abolition(
    table: RawTable, f: pd.DataFrame, organisations: pd.DataFrame, strategy: Strategy
) -> list[Issue]:
    """One warning per organisation whose accepted plan rows come after its ``until_period`` (``_abolished``).

    They count in the reports of the periods in which it existed, not in those after its abolition.
    """
    after = f[f["_abolished"]]
    until = organisations.drop_duplicates("code").set_index("code")["until_period"] if len(after) else None
    issues = []
    for code, rows in after.groupby("organisation", sort=False):
        found = set(rows["period"])
        periods = [p for p in strategy.periods if p in found]
        issues.append(make_issue(table.file, int(rows["_row"].min()), "period", periods[0], "plan_after_abolition",
                                 organisation=code, until_period=until[code], periods=", ".join(periods),
                                 n=len(rows)))  # fmt: skip
    return issues


def parse_ratio(text: str) -> float | None:
    """A ratio: ``0.8``, ``0,8`` or a percentage ``80 %`` (→ 0.8); None when unreadable."""
    s = str(text).strip()
    if s.endswith("%"):
        value = parse_number(s[:-1].strip())
        return None if value is None else value / 100
    return parse_number(s)


def read_plans(
    folder: Path, strategy: Strategy, organisations: pd.DataFrame
) -> tuple[pd.DataFrame, ValidationReport, Path | None]:
    """Read and validate ``folder/plans.csv`` when it exists (else no plans, an empty report)."""
    path = Path(folder) / PLANS_FILE
    if not path.exists():
        return empty_plans(), ValidationReport(), None
    if not path.read_bytes().strip(b"\xef\xbb\xbf \t\r\n;,"):
        # An empty optional file stopped indicators and publication (« le fichier est vide », exit 2).
        return empty_plans(), ValidationReport(warnings=[_no_plan_rows(path)]), path
    plans, report = validate_plans(read_table(path), strategy, organisations)
    if not report.rows_read:  # a header alone: said, as the ``plans`` command's error sends the user here
        report.warnings.append(_no_plan_rows(path))
    return plans, report, path


def _no_plan_rows(path: Path) -> Issue:
    """The warning that ``path`` holds no plan row (the file is optional)."""
    return make_issue(str(path), None, None, None, "plans_file_without_rows")


__all__ = ["PLAN_COLUMNS", "PLANS_FILE", "empty_plans", "read_plans", "validate_plans"]
