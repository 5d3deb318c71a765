"""Validation of ``organisations.csv``: every row accepted or rejected with its reason, codes unique."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .aliases import apply_aliases, name_key
from .i18n import LANGUAGES, t
from .organisation_periods import PERIOD_COLUMNS, spans
from .readers import RawTable, ambiguous_number, parse_bool, parse_number
from .strategy_model import fiscal_year_start, normalise_period
from .validation import (
    ValidationReport,
    extra_cell_issues,
    make_issue,
    on_its_sheet,
    require_columns,
    unknown_column_warnings,
)
from .validation_report import Issue

ORGANISATION_COLUMNS = ("code", "name_fr", "name_en")
OPTIONAL_ORGANISATION_COLUMNS = ("type", "employees", "in_sample", "language", *PERIOD_COLUMNS)
# The language an organisation works in, its collection workbook's (``barometre template``): « Français », « EN »…
LANGUAGE_WORDS = {"fr": "fr", "francais": "fr", "french": "fr", "en": "en", "anglais": "en", "english": "en"}


def validate_organisations(table: RawTable) -> tuple[pd.DataFrame, ValidationReport]:
    """Validate ``organisations.csv``; return the accepted organisations and the report."""
    table = apply_aliases(table, "organisations")  # French headers (nom_fr, effectif…), barometre.aliases
    require_columns(table, ORGANISATION_COLUMNS)
    f = table.frame.copy()
    for col in OPTIONAL_ORGANISATION_COLUMNS:
        if col not in f.columns:
            f[col] = ""
    report = ValidationReport(rows_read=len(f))
    report.warnings += unknown_column_warnings(table, ORGANISATION_COLUMNS + OPTIONAL_ORGANISATION_COLUMNS)
    extra_issues, rejected = extra_cell_issues(table)
    report.errors.extend(extra_issues)
    in_sample: list[bool] = []
    employees: list[float] = []
    for i, (_, row) in enumerate(f.iterrows()):
        r = table.rows[i]
        for col in ORGANISATION_COLUMNS:
            if row[col] == "" and col == "name_en" and row["name_fr"] != "":
                # an English name not known yet (a new organisation): its French one stands in, said; rejecting
                # the row took every figure of the organisation out of the government values
                report.warnings.append(
                    make_issue(table.file, r, col, "", "missing_english_name", name=row["name_fr"])
                )
                f.at[f.index[i], col] = row["name_fr"]
            elif row[col] == "":
                report.errors.append(make_issue(table.file, r, col, "", "missing_value"))
                rejected[i] = True
        language = LANGUAGE_WORDS.get(name_key(row["language"]).strip(), "") if row["language"] else ""
        if row["language"] and not language:  # only the workbook's language depends on it: the row stays
            report.warnings.append(make_issue(table.file, r, "language", row["language"], "not_language"))
        f.at[f.index[i], "language"] = language
        flag = parse_bool(row["in_sample"])
        if flag is None:
            report.errors.append(make_issue(table.file, r, "in_sample", row["in_sample"], "not_boolean"))
            rejected[i] = True
        in_sample.append(bool(flag))
        emp = parse_number(row["employees"]) if row["employees"] else None
        readings = ambiguous_number(row["employees"]) if row["employees"] else None
        # « 1,234 » is not guessed, « environ 4000 » not read; no figure uses the count: a warning, the row stays
        # (rejecting it rejected every observation of the organisation for an optional cell)
        if readings:
            report.warnings.append(make_issue(table.file, r, "employees", row["employees"], "ambiguous_number",
                                              message="ambiguous_employees", **readings))  # fmt: skip
            emp = None
        elif row["employees"] and (emp is None or emp < 0):
            report.warnings.append(make_issue(table.file, r, "employees", row["employees"], "not_count",
                                              message="not_count_employees"))  # fmt: skip
            emp = None
        employees.append(np.nan if emp is None else emp)
        years = {}
        for col in PERIOD_COLUMNS:
            f.at[f.index[i], col] = period = normalise_period(row[col]) if row[col] else ""
            years[col] = fiscal_year_start(period) if period else None
            if period and years[col] is None:
                report.errors.append(make_issue(table.file, r, col, row[col], "not_period"))
                rejected[i] = True
        if None not in years.values() and years["from_period"] > years["until_period"]:
            report.errors.append(make_issue(table.file, r, "until_period", row["until_period"], "period_order",
                                            first=f.at[f.index[i], "from_period"]))  # fmt: skip
            rejected[i] = True
    f["in_sample"] = in_sample
    f["employees"] = employees
    f["_row"] = table.rows
    # « MFSN » and « mfsn » are one code: a returned workbook's code is read in any case, and their pages
    # (organisations/MFSN.html, organisations/mfsn.html) would be one file on Windows or macOS
    dup = f["code"].ne("") & f["code"].str.casefold().duplicated(keep=False)
    for i in np.flatnonzero(dup.to_numpy()):
        row = f.iloc[i]
        report.errors.append(make_issue(table.file, int(row["_row"]), "code", row["code"], "duplicate_code"))
        rejected[i] = True
    report.warnings += same_name_warnings(table.file, f)
    report.errors.sort(key=lambda e: (e.row or 0, e.column or ""))
    report.rows_rejected = int(rejected.sum())
    report.rows_accepted = report.rows_read - report.rows_rejected
    keep = ["code", "name_fr", "name_en", "type", "employees", "in_sample", "language", *PERIOD_COLUMNS]
    accepted = f.loc[~rejected, keep].reset_index(drop=True)
    accepted.attrs["rows"] = dict(
        zip(f.loc[~rejected, "code"], f.loc[~rejected, "_row"].astype(int), strict=True)
    )
    # the codes of rejected rows: their observations are « rejected in organisations.csv », not « unknown »
    first_error = {}
    for issue in report.errors:
        first_error.setdefault(issue.row, issue)
    gone = f.loc[rejected & f["code"].ne("").to_numpy(), ["code", "_row"]]
    accepted.attrs["rejected_codes"] = {
        code: {"reason": {lang: _reason(first_error[row], lang) for lang in LANGUAGES}}
        for code, row in zip(gone["code"], gone["_row"], strict=True) if row in first_error
    }  # fmt: skip
    return accepted, on_its_sheet(report, table)


def same_name_warnings(file: str, f: pd.DataFrame) -> list[Issue]:
    """A warning for each row whose name (French or English) another code has: one organisation, two codes.

    Names are compared as :func:`~barometre.aliases.name_key` folds them (case, accents, apostrophes,
    spaces); the warning names both codes and the other row. Codes equal but for case are an error already.
    Two codes whose periods (``from_period``, ``until_period``) do not overlap are never counted in the same
    period: a successor organisation under a new code and the same name is not said.
    """
    issues: list[Issue] = []
    said: set[tuple[int, str]] = set()
    first_years, last_years = spans(f)
    for column in ("name_fr", "name_en"):
        seen: dict[str, list[tuple[str, int, float, float]]] = {}
        for code, name, row, first, last in zip(f["code"], f[column], f["_row"], first_years, last_years,
                                                strict=True):  # fmt: skip
            key = name_key(name)
            if not key or not code:
                continue
            others = seen.setdefault(key, [])
            other = next((o for o in others if o[0].casefold() != code.casefold() and o[2] <= last and first <= o[3]),
                         None)  # fmt: skip
            others.append((code, int(row), first, last))
            if other is not None and (int(row), other[0]) not in said:
                said.add((int(row), other[0]))
                issues.append(make_issue(file, int(row), column, name, "same_name_codes", code=code, other=other[0],
                                         other_row=other[1]))  # fmt: skip
    return issues


def _reason(issue: Issue, lang: str) -> str:
    """Why an organisation's row was rejected, to quote in its observations' messages (« ligne 8, … »)."""
    return ", ".join(issue.where(lang)) + t("punct.colon", lang) + issue.text(lang).rstrip(".")
