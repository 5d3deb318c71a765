"""Row-level validation of observations, and the rules shared with ``validation_organisations`` and plans.

Every row read is either accepted or reported as rejected, with the file, the
spreadsheet row (header = row 1), the column, the value, the rule and a message
in French and English. All problems are collected at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .aliases import apply_aliases, name_key, nearest_code
from .errors import InputFileError
from .i18n import both
from .number_notes import decimal_count_warnings, scientific_warnings
from .organisation_periods import inactive_rows, span_fields
from .period_notes import unfinished_period_warnings
from .period_words import unknown_period_fields
from .reader_notes import on_its_sheet
from .readers import RawTable, ambiguous_number, not_numeric_wording, parse_number
from .readers_excel import WORKBOOK_SUFFIXES
from .row_words import OtherRows
from .strategy import Strategy
from .strategy_model import normalise_period
from .target_ids import normalise_target, target_hint
from .validation_report import Issue, ValidationReport, make_issue

OBSERVATION_COLUMNS = ("period", "organisation", "target", "numerator", "denominator")
OPTIONAL_OBSERVATION_COLUMNS = ("note", "source")
# what ``barometre ingest`` adds to each row of observations.csv and plans.csv: the file it came from
PROVENANCE_COLUMNS = ("source_file", "source_sha256", "ingested_at")


def require_columns(table: RawTable, required: tuple[str, ...]) -> None:
    """Raise an :class:`InputFileError` naming every required column that is missing."""
    missing = [c for c in required if c not in table.frame.columns]
    if missing:
        found = ", ".join(table.frame.columns) or "—"
        raise InputFileError(
            both(
                "error.missing_columns",
                file=table.name(),
                missing=", ".join(missing),
                found=found,
                n=len(missing),
            ),
            file=table.file,
            column=missing[0],
        )


# A row rule looks at the parsed frame and returns a boolean mask of failing rows.
RowRule = Callable[[pd.DataFrame, "RuleContext"], pd.Series]


@dataclass
class RuleContext:
    """What row rules may consult: the strategy and the known organisations."""

    strategy: Strategy
    organisations: pd.DataFrame
    workbook: bool = False  # the rows come from a workbook (a formula's advice differs from a CSV's)
    _hints: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _names: dict[str, str] = field(default_factory=dict, repr=False)  # name_key(name) → code

    def code_hint(self, value: str) -> dict[str, str]:
        """:func:`nearest_code` among the known organisations, searched once per unknown value.

        A mismatched file repeats a few codes over thousands of rows.
        """
        rejected = self.organisations.attrs.get("rejected_codes", {})
        if value in rejected:  # in organisations.csv, on a rejected row: « not in the file » would be wrong
            return {"message": "unknown_organisation_rejected", **rejected[value]}
        if value not in self._hints:
            if not self._names:  # each name folded once, not once per unknown value
                orgs = self.organisations
                self._names.update(
                    (name_key(name), code)
                    for col in ("name_fr", "name_en")
                    if col in orgs
                    for code, name in zip(orgs["code"], orgs[col], strict=True)
                    if str(name).strip()
                )
            self._hints[value] = nearest_code(value, self.organisations["code"], self._names)
        return self._hints[value]

    def target_fields(self, value: str) -> dict[str, str]:
        """The strategy's targets, and the one an unknown value most likely stands for (« 1.2 Services … »)."""
        return {"valid": ", ".join(self.strategy.target_ids)} | target_hint(value, self.strategy.target_ids)


_ROW_RULES: list[tuple[str, str, RowRule, Callable[[pd.Series, RuleContext], dict]]] = []


def row_rule(name: str, column: str, extra: Callable[[pd.Series, RuleContext], dict] | None = None):
    """Register a rule applied to every observation row (name = catalogue key ``rule.<name>``)."""

    def deco(func: RowRule) -> RowRule:
        _ROW_RULES.append((name, column, func, extra or (lambda row, ctx: {})))
        return func

    return deco


def _blank(col: str) -> RowRule:
    return lambda f, ctx: f[col].eq("")


for _col in OBSERVATION_COLUMNS:
    row_rule("missing_value", _col)(_blank(_col))


def _missing_words(column: str) -> Callable[[pd.Series, RuleContext], dict]:
    """« N/A » in a count: the advice is to leave the row out (missing is not zero), not to type a number.

    « 75 % » in a count: a rate where a count goes; the advice is to write both counts.
    """

    def words(row: pd.Series, ctx: RuleContext) -> dict:
        wording = not_numeric_wording(row[column])
        if wording == "not_numeric_formula" and not ctx.workbook:  # « =12 » typed in a CSV: no Excel to open
            wording = "not_numeric_formula_text"
        return {"message": wording} if wording else {}

    return words


@row_rule("not_numeric", "numerator", _missing_words("numerator"))
def _num_not_numeric(f: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return f["numerator"].ne("") & f["numerator_value"].isna() & ~f["numerator_ambiguous"]


@row_rule("not_numeric", "denominator", _missing_words("denominator"))
def _den_not_numeric(f: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return f["denominator"].ne("") & f["denominator_value"].isna() & ~f["denominator_ambiguous"]


for _col in ("numerator", "denominator"):  # « 1,234 »: 1 234 with a thousands separator, or 1,234?
    row_rule("ambiguous_number", _col, lambda row, ctx, c=_col: ambiguous_number(row[c]) or {})(
        lambda f, ctx, c=_col: f[f"{c}_ambiguous"]
    )


@row_rule("negative", "numerator")
def _num_negative(f: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return f["numerator_value"].lt(0)


@row_rule("negative", "denominator")
def _den_negative(f: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return f["denominator_value"].lt(0)


@row_rule("zero_denominator", "denominator")
def _zero_den(f: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return f["denominator_value"].eq(0)


@row_rule(
    "numerator_exceeds_denominator",
    "numerator",
    lambda row, ctx: {"denominator": row["denominator"]},
)
def _num_gt_den(f: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return f["numerator_value"].gt(f["denominator_value"]) & f["denominator_value"].ge(0)


def period_fields(row: pd.Series, ctx: RuleContext) -> dict[str, str]:
    """The fields of an ``unknown_period`` issue for ``row`` (see :func:`unknown_period_fields`)."""
    return unknown_period_fields(ctx.strategy, row["period"])


@row_rule("unknown_period", "period", period_fields)
def _unknown_period(f: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return f["period"].ne("") & ~f["period"].isin(ctx.strategy.periods)


@row_rule(
    "unknown_target",
    "target",
    lambda row, ctx: ctx.target_fields(row["target"]),
)
def _unknown_target(f: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return f["target"].ne("") & ~f["target"].isin(ctx.strategy.target_ids)


@row_rule(
    "unknown_organisation",
    "organisation",
    lambda row, ctx: ctx.code_hint(row["organisation"]),
)
def _unknown_org(f: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return f["organisation"].ne("") & ~f["organisation"].isin(ctx.organisations["code"])


@row_rule("inactive_organisation", "period",
          lambda row, ctx: span_fields(row, ctx.organisations))  # fmt: skip
def _inactive(f: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    return f["period"].isin(ctx.strategy.periods) & inactive_rows(f, ctx.organisations)


@row_rule("out_of_sample", "organisation")
def _out_of_sample(f: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    outside = ctx.organisations.loc[~ctx.organisations["in_sample"].astype(bool), "code"]
    return f["organisation"].isin(outside)


def extra_cell_issues(table: RawTable) -> tuple[list[Issue], np.ndarray]:
    """Issues for records with non-empty cells beyond the header, and the mask of those records."""
    mask = np.zeros(len(table.frame), dtype=bool)
    issues = []
    for pos, cells in sorted(table.extra_cells.items()):
        mask[pos] = True
        issues.append(
            make_issue(table.file, table.rows[pos], None, " | ".join(cells), "extra_cells", count=len(cells))
        )
    return issues, mask


DUPLICATE_KEY = ("period", "organisation", "target")


def duplicate_key_issues(
    f: pd.DataFrame, file: str, judged: np.ndarray, columns: list[str]
) -> tuple[list[Issue], np.ndarray]:
    """One issue per repeated row whose (period, organisation, target) appears twice, and their mask.

    Only the rows in ``judged`` count: a row already refused for its period, organisation or target has
    no key to repeat (five rows whose targets Excel turned into one date were told « gardez une seule
    ligne » of five different figures). Copies equal to the first row of their key in every one of
    ``columns`` (a row pasted twice) leave that first row counted once and are each refused as a copy
    (``duplicate_row``); rows of a key that differ are all refused (``duplicate_key``): which is right?
    """
    key = list(DUPLICATE_KEY)
    dup = pd.Series(judged, index=f.index) & f[key].ne("").all(axis=1)
    dup &= f[dup].duplicated(key, keep=False).reindex(f.index, fill_value=False)
    issues = []
    for (period, org, target), group in f[dup].groupby(key, sort=False):
        if len(group[columns].drop_duplicates()) == 1:  # the same row again: the first stands, counted once
            first = int(group["_row"].iloc[0])
            dup[group.index[0]] = False
            said = make_issue(file, first, "target", target, "duplicate_row", period=period, organisation=org,
                              first=first)  # fmt: skip
            issues += [replace(said, row=int(r)) for r in group["_row"].iloc[1:]]
            continue
        rows = list(group["_row"])
        # past the rows a message shows, the rows' messages are the same
        others_of, said = OtherRows(rows), {}
        for r in rows:
            others = others_of.without(r)
            if others["fr"] not in said:
                said[others["fr"]] = make_issue(file, int(r), "target", target, "duplicate_key", period=period,
                                                organisation=org, n=len(rows) - 1, others=others)  # fmt: skip
            issues.append(replace(said[others["fr"]], row=int(r)))
    return issues, dup.to_numpy(dtype=bool)


def kept_twin_warnings(f: pd.DataFrame, file: str, rejected: np.ndarray, own: np.ndarray) -> list[Issue]:
    """A warning on each row refused for its own error (``own``) whose key an accepted row has: it stands.

    The refused row repeats no key (:func:`duplicate_key_issues`); a correction appended with a typo left
    the row it was meant to replace in place, and only the typo was named.
    """
    key = list(DUPLICATE_KEY)
    named = f[key].ne("").all(axis=1).to_numpy(dtype=bool)
    kept = f[~rejected & named].drop_duplicates(key)[[*key, "_row"]]
    refused = f[own & named][[*key, "_row"]]
    if kept.empty or refused.empty:
        return []
    pairs = refused.merge(kept, on=key, suffixes=("", "_kept"))
    return [make_issue(file, int(r["_row"]), "target", r["target"], "kept_twin", period=r["period"],
                       organisation=r["organisation"], kept=int(r["_row_kept"])) for _, r in pairs.iterrows()]  # fmt: skip


RowCheck = tuple[str, str, pd.Series, Callable[[pd.Series], dict]]


def check_rows(
    table: RawTable, f: pd.DataFrame, checks: Iterable[RowCheck]
) -> tuple[ValidationReport, np.ndarray]:
    """Read every row of ``f`` through ``checks``; return the closed report and the rejected rows' mask.

    A check is (rule name, column, mask of the failing rows, the failing row's message
    fields). Each failing cell gets one issue naming its file, row and column; records
    with cells beyond the header and repeated keys are rejected too, so that every row
    read is either accepted or reported.
    """
    report = ValidationReport(rows_read=len(f))
    extra_issues, rejected = extra_cell_issues(table)
    report.errors.extend(extra_issues)
    for name, column, failing, extra in checks:
        mask = failing.fillna(False).to_numpy(dtype=bool)
        for i in np.flatnonzero(mask):
            row = f.iloc[i]
            report.errors.append(
                make_issue(table.file, int(row["_row"]), column, row[column], name, **extra(row))
            )
        rejected |= mask
    # a row refused for its own error repeats no key: its twin is kept (one typo appended withdrew a valid row)
    own = rejected.copy()
    dup_issues, dup = duplicate_key_issues(f, table.file, ~rejected, list(table.frame.columns))
    report.errors.extend(dup_issues)
    rejected |= dup
    report.warnings += kept_twin_warnings(f, table.file, rejected, own)
    if table.unterminated and len(f):  # a file cut mid-line: its last value may be cut (100 → 10)
        kept = "" if rejected[-1] else "last_line_cut_kept"
        report.warnings.append(make_issue(table.file, table.rows[-1], None, None, "last_line_cut", kept))
    close_report(report, rejected)
    return report, rejected


def unknown_column_warnings(table: RawTable, known: tuple[str, ...]) -> list[Issue]:
    """A warning for each column that nothing reads, naming the closest known column when one is close.

    A header « notes » (for ``note``) or « numerateurs » lost its cells in silence: the rows were accepted
    without them. Columns with an empty name (a trailing separator) are left alone.
    """
    import difflib

    out = []
    for column in table.frame.columns:
        if not str(column).strip() or column in known:
            continue
        close = difflib.get_close_matches(str(column), known, n=1, cutoff=0.7)
        out.append(make_issue(table.file, None, column, None, "unknown_column",
                              "unknown_column_close" if close else "", close=close[0] if close else "",
                              known=", ".join(known)))  # fmt: skip
    return out


def close_report(report: ValidationReport, rejected: np.ndarray) -> None:
    """Sort the issues by row and set the accepted / rejected counts (read = accepted + rejected)."""
    report.errors.sort(key=lambda e: (e.row or 0, e.column or ""))
    report.rows_rejected = int(rejected.sum())
    report.rows_accepted = report.rows_read - report.rows_rejected


def validate_observations(
    table: RawTable, strategy: Strategy, organisations: pd.DataFrame
) -> tuple[pd.DataFrame, ValidationReport]:
    """Validate observation rows; return the accepted rows (typed) and the report.

    Accepted rows have columns ``period, organisation, target, numerator,
    denominator, note, source, file, row``; counts are floats, never filled in.
    """
    table = apply_aliases(table, "observations")
    require_columns(table, OBSERVATION_COLUMNS)
    f = table.frame.copy()
    f["period"] = f["period"].map(normalise_period)  # « 2022-23 », « 2022/2023 » are 2022-2023
    strategy = strategy.extended_to(f["period"])
    for col in OPTIONAL_OBSERVATION_COLUMNS:
        if col not in f.columns:
            f[col] = ""
    f["target"] = f["target"].map(lambda v: normalise_target(v, strategy.target_ids))
    for col in ("numerator", "denominator"):  # an ambiguous count has no value: no rule compares it
        f[f"{col}_ambiguous"] = f[col].map(lambda text: ambiguous_number(text) is not None).astype(bool)
        f[f"{col}_value"] = f[col].map(parse_number).astype(float).mask(f[f"{col}_ambiguous"])
    f["_row"] = table.rows
    ctx = RuleContext(strategy, organisations, workbook=Path(table.file).suffix.lower() in WORKBOOK_SUFFIXES)
    checks = (
        (name, column, rule(f, ctx), lambda row, e=extra: e(row, ctx))
        for name, column, rule, extra in _ROW_RULES
    )
    report, rejected = check_rows(table, f, checks)
    report.warnings += scientific_warnings(table, f)
    report.warnings += decimal_count_warnings(table.file, f, ~rejected, strategy)
    report.warnings += unfinished_period_warnings(table.file, f, ~rejected)
    report.warnings += unknown_column_warnings(
        table, OBSERVATION_COLUMNS + OPTIONAL_OBSERVATION_COLUMNS + PROVENANCE_COLUMNS
    )
    ok = f[~rejected]
    accepted = pd.DataFrame(
        {
            "period": ok["period"].astype(str),
            "organisation": ok["organisation"].astype(str),
            "target": ok["target"].astype(str),
            "numerator": ok["numerator_value"].astype(float),
            "denominator": ok["denominator_value"].astype(float),
            "note": ok["note"].astype(str),
            "source": ok["source"].astype(str),
            "file": Path(table.file).name,
            "row": ok["_row"].astype(int),
        }
    ).reset_index(drop=True)
    return accepted, on_its_sheet(report, table)
