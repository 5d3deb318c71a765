"""Import the Government of Canada Service Inventory into a dataset directory.

Input: the yearly CSV files (UTF-8 with a BOM, multi-line quoted fields, one row
per service and fiscal year). Output (``--out DIR``):

* ``organisations.csv`` — one row per department. Departments are keyed by the
  English part of ``department_name_en`` (before `` | ``), stripped, with runs of
  spaces collapsed, compared case-insensitively; the code is a stable ASCII slug of
  that English name (``Canada Revenue Agency`` → ``canada-revenue-agency``). The
  French name is the part after `` | `` or, when the file has no such form, the
  ``department_name_fr`` column. When names vary between years, the latest year's wins.
* ``observations.csv`` — one row per department × fiscal year × indicator of the
  ``gc-services`` strategy, with service-year counts as numerator and denominator,
  computed by the strategy's ``service_rule`` (see :mod:`.services`). A department
  with no service-year in an indicator's denominator has no row for it.
* ``dataset.yaml`` — title, strategy, ``synthetic: false``, source and licence.
* ``import_report.json`` — every row read is either used or listed as unused with its
  reason; duplicate keys, unusable values per field and per-indicator tallies.

Duplicate (fiscal year, department, service id) keys: rows that are exact copies
count once; rows that differ (the 2016-2017 and 2017-2018 files reuse an id for two
differently named services) are by default kept as separate service-years
(policy ``keep``); ``first`` and ``drop`` are the alternatives. Every key is reported.

The run's result and report are in :mod:`.gc_report`, the files written in
:mod:`.gc_dataset_writer`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..dataset import sha256_file
from ..errors import ImportFailure, NoUsableDataError
from ..i18n import LANGUAGES, both, t
from ..readers import read_table
from ..strategy import load_strategy
from ..strategy_model import PERIOD_RE, normalise_period, period_year
from .gc_columns import MissingColumns, looks_like_inventory, missing_text, resembling, unread_columns
from .gc_dataset_writer import LICENCE, write_dataset
from .gc_report import REPORT_FILE, Department, FileStats, ImportResult
from .services import (
    DUPLICATE_POLICIES,
    ServiceRecord,
    Unused,
    code_spellings,
    fields_without_value,
    observations_from_services,
    read_codes,
    resolve_duplicates,
    strategy_rules,
)

STRATEGY_ID = "gc-services"
PERIOD_COLUMN = "fiscal_yr"
DEPARTMENT_COLUMN = "department_name_en"
DEPARTMENT_FR_COLUMN = "department_name_fr"
SERVICE_COLUMN = "service_id"
LABEL_COLUMN = "service_name_en"
KEY_COLUMNS = (PERIOD_COLUMN, SERVICE_COLUMN, DEPARTMENT_COLUMN)
ROW_REASONS = (
    "extra_cells",
    "missing_period",
    "unknown_period",
    "missing_department",
    "missing_service_id",
    "missing_columns",
)


def split_department(name_en: str, name_fr: str = "") -> tuple[str, str]:
    """Return (English, French) names from ``"English | Français"`` or from two columns."""
    text = " ".join(str(name_en).split())
    if " | " in text:
        en, fr = text.split(" | ", 1)
        return en.strip(), fr.strip() or en.strip()
    fr = " ".join(str(name_fr or "").split())
    if " | " in fr:  # some extracts put the pair in the French column
        fr = fr.split(" | ", 1)[1].strip()
    return text, fr or text


def department_key(name_en: str) -> str:
    """The key of a department: its English name, whitespace-normalised and case-folded."""
    return " ".join(split_department(name_en)[0].split()).casefold()


def slug(text: str) -> str:
    """A stable, safe ASCII code for a name (lower case, ``-`` between words)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "department"


def _nothing_usable(result: ImportResult, files: str, lang: str) -> str:
    """Why an import produced no observation: rows by reason, years outside the strategy."""
    reasons = Counter(u.reason for u in result.unused)
    why = "; ".join(f"{t(f'import.reason.{r}', lang)} : {n}" for r, n in sorted(reasons.items()))
    if result.rows_used:
        why = "; ".join(x for x in (why, t("import.error.no_denominator", lang, rows=result.rows_used)) if x)
    text = t("import.error.no_observation", lang, files=files, rows=result.rows_read, why=why or "—")
    outside = result.periods_outside
    if outside:
        listed = ", ".join(f"{p} ({n})" for p, n in outside.items())
        text += " " + t(
            "import.error.outside_hint",
            lang,
            strategy=result.strategy.id,
            periods=listed,
            valid=", ".join(result.strategy.periods),
        )
    return text


def _read(path: Path, fields: list[str]) -> tuple[Any, list[str], MissingColumns | None]:
    """Read one file; one that looks like the inventory but lacks required columns is to be left out."""
    table = read_table(path)
    columns = list(table.frame.columns)
    required = list(KEY_COLUMNS) + [f for f in fields if f not in KEY_COLUMNS]
    missing = [c for c in required if c not in columns]
    if missing and looks_like_inventory(columns, required):
        return (
            table,
            columns,
            MissingColumns(path.name, tuple(resembling(missing, columns)), len(table.frame)),
        )
    if missing:
        found = ", ".join(columns[:12]) + (" …" if len(columns) > 12 else "")
        raise ImportFailure(
            both(
                "import.error.missing_columns",
                file=path.name,
                missing=", ".join(missing),
                found=found,
                n=len(missing),
            )
        )
    return table, columns, None


def import_gc_service_inventory(
    paths: list[Path], out: Path, duplicates: str = "keep", strategy: str = STRATEGY_ID
) -> ImportResult:
    """Import the yearly Service Inventory CSV files into the dataset folder ``out``."""
    if duplicates not in DUPLICATE_POLICIES:
        raise ImportFailure(f"--duplicates : {duplicates} ∉ {DUPLICATE_POLICIES}")
    strat = load_strategy(strategy)
    rules = strategy_rules(strat)
    fields = list(dict.fromkeys(f for r in rules.values() for f in r.fields))
    spellings = code_spellings(rules)  # « Yes », « oui », « TRUE » are read Y; « N/A », NA
    files: list[FileStats] = []
    unused: list[Unused] = []
    records: list[ServiceRecord] = []
    departments: dict[str, Department] = {}
    period_files: dict[str, list[str]] = defaultdict(list)
    tables = [(Path(p), *_read(Path(p), fields)) for p in paths]  # check every file before work
    lacking = [m for _p, _t, _c, m in tables if m]
    if len(lacking) == len(tables):  # no file to import: the files must be corrected first
        raise ImportFailure(
            " / ".join(
                " ".join([*(missing_text(m, lang) for m in lacking), t("import.error.nothing_left", lang)])
                for lang in LANGUAGES
            )
        )
    read = [*KEY_COLUMNS, *fields, DEPARTMENT_FR_COLUMN, LABEL_COLUMN]
    unread = [u for path, _t, columns, m in tables if not m for u in unread_columns(path.name, columns, read)]
    for path, table, columns, left_out in tables:
        stats = FileStats(path.name, sha256_file(path), rows_read=len(table.frame))
        files.append(stats)
        if left_out:  # every row is accounted for, as unused
            detail = ", ".join(c for c, _r in left_out.missing)
            unused += [Unused(path.name, row_no, "missing_columns", detail) for row_no in table.rows]
            continue
        has_fr = DEPARTMENT_FR_COLUMN in columns
        extra = getattr(table, "extra_cells", {}) or {}
        for pos, (row_no, row) in enumerate(zip(table.rows, table.frame.to_dict("records"), strict=True)):
            period = normalise_period(row[PERIOD_COLUMN])  # « 2019-20 » as well as « 2019-2020 »
            stats.periods[period or "(blank)"] += 1
            reason = None
            if extra.get(pos):  # more cells than the header: the columns may be shifted
                reason = "extra_cells"
            elif not period:
                reason = "missing_period"
            elif not PERIOD_RE.match(period) or not strat.accepts_period(period):
                reason = "unknown_period"
            elif not row[DEPARTMENT_COLUMN].strip():
                reason = "missing_department"
            elif not row[SERVICE_COLUMN].strip():
                reason = "missing_service_id"
            if reason:
                detail = {"unknown_period": period, "extra_cells": " | ".join(extra.get(pos, []))}.get(
                    reason, ""
                )
                unused.append(Unused(path.name, row_no, reason, detail))
                continue
            en, fr = split_department(row[DEPARTMENT_COLUMN], row[DEPARTMENT_FR_COLUMN] if has_fr else "")
            key = department_key(en)
            dep = departments.get(key)
            if dep is None or period_year(period) > period_year(dep.period):
                variants = dep.variants if dep else set()
                # A year without a French name (no column, no « | ») keeps the one an earlier year gave.
                if fr == en and dep and dep.name_fr != dep.name_en:
                    fr = dep.name_fr
                dep = departments[key] = Department(key, en, fr, period, variants)
            elif dep.name_fr == dep.name_en and fr != en:
                dep.name_fr = fr
            dep.variants.add((en, fr))
            if path.name not in period_files[period]:
                period_files[period].append(path.name)
            records.append(
                ServiceRecord(
                    path.name,
                    row_no,
                    period,
                    key,
                    row[SERVICE_COLUMN].strip(),
                    read_codes({f: row[f] for f in fields}, spellings),
                    row.get(LABEL_COLUMN, ""),
                )
            )
    names = ", ".join(p.name for p, _t, _c, _m in tables)
    if not records and not unused:
        raise ImportFailure(both("import.error.no_rows", files=names))
    strat = strat.extended_to(period_files)
    # Stable, unique codes: slug of the English name; a clash gets -2, -3… in key order.
    used_codes: set[str] = set()
    for key in sorted(departments):
        base = code = slug(departments[key].name_en)
        n = 1
        while code in used_codes:
            n += 1
            code = f"{base}-{n}"
        used_codes.add(code)
        departments[key].code = code
    records = [
        ServiceRecord(
            r.file, r.row, r.period, departments[r.organisation].code, r.service_id, r.values, r.label
        )
        for r in records
    ]
    kept, dups, dup_unused = resolve_duplicates(records, duplicates)
    for d in dups:
        d.organisation = next(x.name_en for x in departments.values() if x.code == d.organisation)
    unused += dup_unused
    sources = {
        p: f"{t('import.gc.observation_source', 'fr', period=p, files=', '.join(fs))} / "
        f"{t('import.gc.observation_source', 'en', period=p, files=', '.join(fs))}"
        for p, fs in period_files.items()
    }
    inventory = observations_from_services(kept, strat, sources)
    empty_fields = fields_without_value(records, rules)
    deps = sorted(departments.values(), key=lambda d: d.code)
    result = ImportResult(
        out, strat, duplicates, files, deps, inventory, unused, dups, len(kept), unread, empty_fields, lacking
    )
    if result.rows_read != result.rows_used + len(unused):  # pragma: no cover - accounting invariant
        raise AssertionError("row accounting does not balance")
    if not inventory.observations:
        message = " / ".join(_nothing_usable(result, names, lang) for lang in LANGUAGES)
        raise NoUsableDataError(message, file=names)
    write_dataset(result, period_files)
    return result


__all__ = [
    "LICENCE",
    "REPORT_FILE",
    "ROW_REASONS",
    "Department",
    "FileStats",
    "ImportResult",
    "department_key",
    "import_gc_service_inventory",
    "slug",
    "split_department",
]
