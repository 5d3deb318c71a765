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
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..dataset import sha256_file
from ..errors import ImportFailure, NoUsableDataError
from ..i18n import LANGUAGES, t
from ..readers import read_table
from ..strategy import PERIOD_RE, Strategy, load_strategy, period_year
from .services import (
    DUPLICATE_POLICIES,
    DuplicateKey,
    InventoryResult,
    ServiceRecord,
    Unused,
    observations_from_services,
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
LICENCE = (
    "Open Government Licence – Canada 2.0 (https://open.canada.ca/en/open-government-licence-canada). "
    "Contains information licensed under the Open Government Licence – Canada."
)
REPORT_FILE = "import_report.json"
ROW_REASONS = ("extra_cells", "missing_period", "unknown_period", "missing_department", "missing_service_id")


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


@dataclass
class Department:
    """One department met in the files, with the names seen for it."""

    key: str
    name_en: str
    name_fr: str
    period: str
    variants: set[tuple[str, str]] = field(default_factory=set)
    code: str = ""


@dataclass
class FileStats:
    """Rows of one input file."""

    file: str
    sha256: str
    rows_read: int = 0
    periods: Counter = field(default_factory=Counter)


@dataclass
class ImportResult:
    """Everything the import did: what was written, and the report of what it met."""

    out: Path
    strategy: Strategy
    policy: str
    files: list[FileStats]
    departments: list[Department]
    inventory: InventoryResult
    unused: list[Unused]
    duplicates: list[DuplicateKey]
    rows_used: int

    @property
    def rows_read(self) -> int:
        """Rows read over every file."""
        return sum(f.rows_read for f in self.files)

    @property
    def periods_outside(self) -> dict[str, int]:
        """Rows whose fiscal year is outside the strategy or malformed, counted by that year."""
        counts = Counter(u.detail for u in self.unused if u.reason == "unknown_period")
        return dict(sorted(counts.items()))

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (``rows_read`` = ``rows_used`` + ``rows_unused``, always)."""
        by_file_unused = Counter(u.file for u in self.unused)
        dup_summary: dict[str, dict[str, int]] = {}
        for d in self.duplicates:
            s = dup_summary.setdefault(d.period, {"keys": 0, "rows": 0})
            s["keys"] += 1
            s["rows"] += len(d.rows)
        return {
            "strategy": self.strategy.id,
            "duplicates_policy": self.policy,
            "rows_read": self.rows_read,
            "rows_used": self.rows_used,
            "rows_unused": len(self.unused),
            "files": [
                {
                    "file": f.file,
                    "sha256": f.sha256,
                    "rows_read": f.rows_read,
                    "rows_used": f.rows_read - by_file_unused[f.file],
                    "rows_unused": by_file_unused[f.file],
                    "rows_by_period": dict(sorted(f.periods.items())),
                }
                for f in self.files
            ],
            "unused_by_reason": dict(sorted(Counter(u.reason for u in self.unused).items())),
            "periods": list(self.strategy.periods),
            "periods_outside_strategy": self.periods_outside,
            "unused": [u.to_dict() for u in self.unused],
            "duplicate_keys": dict(sorted(dup_summary.items())),
            "duplicates": [d.to_dict() for d in self.duplicates],
            "unknown_values": {
                p: {f: dict(c.most_common()) for f, c in by_f.items()}
                for p, by_f in sorted(self.inventory.unknown_values.items())
            },
            "indicators": {
                tid: {p: tally.to_dict() for p, tally in sorted(by_p.items())}
                for tid, by_p in self.inventory.tallies.items()
            },
            "departments": len(self.departments),
            "department_name_variants": [
                {"code": d.code, "names": sorted([list(v) for v in d.variants])}
                for d in self.departments
                if len(d.variants) > 1
            ],
            "observations": len(self.inventory.observations),
        }

    def summary(self, lang: str = "fr") -> str:
        """The human summary in one language."""
        rep = self.to_dict()
        lines = [t("import.gc.title", lang)]
        for f in rep["files"]:
            lines.append(
                t(
                    "import.file_rows",
                    lang,
                    file=f["file"],
                    rows=f["rows_read"],
                    used=f["rows_used"],
                    unused=f["rows_unused"],
                )
            )
        lines.append(
            t("import.totals", lang, rows=rep["rows_read"], used=rep["rows_used"], unused=rep["rows_unused"])
        )
        if self.unused:
            lines.append(t("import.unused_header", lang))
            rows_by_reason: dict[str, list[str]] = defaultdict(list)
            for u in self.unused:
                rows_by_reason[u.reason].append(f"{u.file}:{u.row}")
            for reason, rows in sorted(rows_by_reason.items()):
                shown = ", ".join(rows[:8]) + (" …" if len(rows) > 8 else "")
                lines.append(
                    t(
                        "import.unused_line",
                        lang,
                        reason=t(f"import.reason.{reason}", lang),
                        count=len(rows),
                        rows=shown,
                    )
                )
        else:
            lines.append(t("import.unused_none", lang))
        for period, n in self.periods_outside.items():
            lines.append(t("import.outside_line", lang, period=period, count=n, strategy=self.strategy.id))
        if self.duplicates:
            lines.append(t("import.duplicates_header", lang, policy=t(f"import.policy.{self.policy}", lang)))
            by_period: dict[str, list[DuplicateKey]] = defaultdict(list)
            for d in self.duplicates:
                by_period[d.period].append(d)
            for period, dups in sorted(by_period.items()):
                detail = "; ".join(
                    t(
                        "import.duplicates_key",
                        lang,
                        organisation=d.organisation,
                        service_id=d.service_id,
                        rows=", ".join(f"{Path(f).name}:{r}" for f, r, _ in d.rows),
                    )
                    for d in dups
                )
                lines.append(
                    t(
                        "import.duplicates_line",
                        lang,
                        period=period,
                        keys=len(dups),
                        rows=sum(len(d.rows) for d in dups),
                        detail=detail,
                    )
                )
        else:
            lines.append(t("import.duplicates_none", lang))
        lines.append(t("import.unknown_header", lang))
        for period, by_field in rep["unknown_values"].items():
            for fld, values in by_field.items():
                text = ", ".join(f"{v} {n}" for v, n in values.items())
                lines.append(t("import.unknown_line", lang, period=period, field=fld, values=text))
        lines.append(t("import.indicators_header", lang))
        for tid, by_p in self.inventory.tallies.items():
            rule = self.inventory.rules[tid]
            for period, tally in sorted(by_p.items()):
                lines.append(
                    t(
                        "import.indicator_line",
                        lang,
                        target=tid,
                        period=period,
                        denominator=tally.denominator,
                        numerator=tally.numerator,
                        excluded=sum(tally.excluded.values()),
                        organisations=len(tally.organisations),
                    )
                )
                for code, n in sorted(tally.excluded.items()):
                    lines.append(
                        t("import.excluded_line", lang, reason=rule.condition(code).describe(lang), count=n)
                    )
        variants = [d for d in self.departments if len(d.variants) > 1]
        if variants:
            lines.append(t("import.names_header", lang))
            for d in variants:
                names = " ≠ ".join(
                    f"« {fr} »" if lang == "fr" else f"'{fr}'" for _en, fr in sorted(d.variants)
                )
                lines.append(f"  {d.code}: {names}")
        lines.append(
            t(
                "import.written",
                lang,
                out=self.out,
                organisations=len(self.departments),
                observations=len(self.inventory.observations),
                report=self.out / REPORT_FILE,
            )
        )
        return "\n".join(lines)


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


def _read(path: Path, fields: list[str]) -> tuple[Any, list[str]]:
    table = read_table(path)
    columns = list(table.frame.columns)
    required = list(KEY_COLUMNS) + [f for f in fields if f not in KEY_COLUMNS]
    missing = [c for c in required if c not in columns]
    if missing:
        found = ", ".join(columns[:12]) + (" …" if len(columns) > 12 else "")
        raise ImportFailure(
            f"{t('import.error.missing_columns', 'fr', file=path.name, missing=', '.join(missing), found=found)} / "
            f"{t('import.error.missing_columns', 'en', file=path.name, missing=', '.join(missing), found=found)}"
        )
    return table, columns


def import_gc_service_inventory(
    paths: list[Path], out: Path, duplicates: str = "keep", strategy: str = STRATEGY_ID
) -> ImportResult:
    """Import the yearly Service Inventory CSV files into the dataset folder ``out``."""
    if duplicates not in DUPLICATE_POLICIES:
        raise ImportFailure(f"--duplicates : {duplicates} ∉ {DUPLICATE_POLICIES}")
    strat = load_strategy(strategy)
    rules = strategy_rules(strat)
    fields = list(dict.fromkeys(f for r in rules.values() for f in r.fields))
    files: list[FileStats] = []
    unused: list[Unused] = []
    records: list[ServiceRecord] = []
    departments: dict[str, Department] = {}
    period_files: dict[str, list[str]] = defaultdict(list)
    tables = [(Path(p), *_read(Path(p), fields)) for p in paths]  # check every file before work
    for path, table, columns in tables:
        stats = FileStats(path.name, sha256_file(path), rows_read=len(table.frame))
        files.append(stats)
        has_fr = DEPARTMENT_FR_COLUMN in columns
        extra = getattr(table, "extra_cells", {}) or {}
        for pos, (row_no, row) in enumerate(zip(table.rows, table.frame.to_dict("records"), strict=True)):
            period = row[PERIOD_COLUMN].strip()
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
                dep = departments[key] = Department(key, en, fr, period, variants)
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
                    {f: row[f] for f in fields},
                    row.get(LABEL_COLUMN, ""),
                )
            )
    names = ", ".join(p.name for p, _t, _c in tables)
    if not records and not unused:
        raise ImportFailure(
            f"{t('import.error.no_rows', 'fr', files=names)} / {t('import.error.no_rows', 'en', files=names)}"
        )
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
    deps = sorted(departments.values(), key=lambda d: d.code)
    result = ImportResult(out, strat, duplicates, files, deps, inventory, unused, dups, len(kept))
    if result.rows_read != result.rows_used + len(unused):  # pragma: no cover - accounting invariant
        raise AssertionError("row accounting does not balance")
    if not inventory.observations:
        message = " / ".join(_nothing_usable(result, names, lang) for lang in LANGUAGES)
        raise NoUsableDataError(message, file=names)
    _write(result, period_files)
    return result


def _csv_text(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _write(result: ImportResult, period_files: dict[str, list[str]]) -> None:
    out = result.out
    if out.exists() and not out.is_dir():
        raise ImportFailure(
            f"{t('import.error.out_is_file', 'fr', out=out)} / {t('import.error.out_is_file', 'en', out=out)}"
        )
    periods = [p for p in result.strategy.periods if p in period_files] or list(result.strategy.periods)
    files = ", ".join(f.file for f in result.files)
    meta = {
        "title": " / ".join(
            t("import.gc.dataset_title", lang, first=periods[0], last=periods[-1]) for lang in LANGUAGES
        ),
        **{
            f"title_{lang}": t("import.gc.dataset_title", lang, first=periods[0], last=periods[-1])
            for lang in LANGUAGES
        },
        "strategy": result.strategy.id,
        "synthetic": False,
        "source": t("import.gc.source", "fr", files=files),
        "source_en": t("import.gc.source", "en", files=files),
        "licence": LICENCE,
        "generated_by": "barometre import gc-service-inventory",
        "input_files": [{"file": f.file, "sha256": f.sha256} for f in result.files],
    }
    organisations = _csv_text(
        ["code", "name_fr", "name_en", "type", "in_sample"],
        [
            [d.code, d.name_fr, d.name_en, "ministère ou organisme fédéral", "true"]
            for d in result.departments
        ],
    )
    observations = _csv_text(
        ["period", "organisation", "target", "numerator", "denominator", "source"],
        [
            [o["period"], o["organisation"], o["target"], o["numerator"], o["denominator"], o["source"]]
            for o in result.inventory.observations
        ],
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "organisations.csv").write_text(organisations, encoding="utf-8")
        (out / "observations.csv").write_text(observations, encoding="utf-8")
        (out / "dataset.yaml").write_text(
            "# Données réelles importées par « barometre import gc-service-inventory ». / "
            "Real data imported by 'barometre import gc-service-inventory'.\n"
            + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000),
            encoding="utf-8",
        )
        (out / REPORT_FILE).write_text(
            json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ImportFailure(
            f"{t('import.error.write', 'fr', out=out, reason=reason)} / {t('import.error.write', 'en', out=out, reason=reason)}"
        ) from None


__all__ = ["ROW_REASONS", "department_key", "import_gc_service_inventory", "slug", "split_department"]
