"""What a GC Service Inventory import did: departments, files read, the JSON report and its summary."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import catalogue, format_number, t
from ..strategy_model import Strategy
from .gc_columns import CHANNEL_WORD, MissingColumns, UnreadColumn, missing_text
from .services import (
    ROWS_SHOWN,
    DuplicateKey,
    FieldWithoutValue,
    InventoryResult,
    Unused,
    field_codes,
    yes_no_fields,
)

REPORT_FILE = "import_report.json"


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
    unread: list[UnreadColumn] = field(default_factory=list)
    empty_fields: list[FieldWithoutValue] = field(default_factory=list)
    lacking: list[MissingColumns] = field(default_factory=list)  # files left out: required columns missing

    @property
    def rows_read(self) -> int:
        """Rows read over every file."""
        return sum(f.rows_read for f in self.files)

    @property
    def periods_outside(self) -> dict[str, int]:
        """Rows whose fiscal year is outside the strategy or malformed, counted by that year."""
        counts = Counter(u.detail for u in self.unused if u.reason == "unknown_period")
        return dict(sorted(counts.items()))

    @property
    def files_unused(self) -> list[str]:
        """Files of which no row is used (the dataset is written from the others)."""
        return [f["file"] for f in self.to_dict()["files"] if not f["rows_used"]]

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
            "unread_columns": [u.to_dict() for u in self.unread],
            "fields_without_value": [e.to_dict() for e in self.empty_fields],
            "files_missing_columns": [m.to_dict() for m in self.lacking],
            "unknown_value_rows": self.inventory.unknown_rows,
        }

    def _empty_field_lines(self, lang: str) -> list[str]:
        """One warning per file and field an indicator needs that holds no usable value in that file."""
        codes = {f: {v.upper() for v in vals} for f, vals in field_codes(self.inventory.rules).items()}
        yes_no = yes_no_fields(self.inventory.rules)
        lines = []
        for e in self.empty_fields:
            expected = (
                ", ".join(sorted(codes[e.field])) if e.field in codes else t("import.expected_number", lang)
            )
            if e.field in yes_no:
                expected += " " + t("import.expected_yes_no", lang)
            found = ", ".join(f"{v} ({format_number(n, lang)})" for v, n in e.values)
            lines.append(
                t(
                    "import.field_without_value",
                    lang,
                    file=e.file,
                    field=e.field,
                    values=found,
                    n=len(e.targets),
                    targets=", ".join(e.targets),
                    expected=expected,
                )
            )
        return lines

    def _unread_lines(self, lang: str) -> list[str]:
        """One warning per column no rule reads; a channel column says which indicator leaves it out."""
        counting = [  # the indicators that add up application channels (the online uptake)
            (tid, [f for f in rule.numeric_fields if CHANNEL_WORD in f])
            for tid, rule in self.inventory.rules.items()
            if sum(CHANNEL_WORD in f for f in rule.numeric_fields) > 1
        ]
        lines = []
        for u in self.unread:
            text = t("import.unread_column", lang, file=u.file, column=u.column)
            if u.close:
                text += " " + t("import.unread_close", lang, close=u.close)
            for tid, channels in counting if u.channel else []:
                label = self.strategy.target(tid).label(lang)
                text += " " + t(
                    "import.unread_channel", lang, target=tid, label=label, channels=", ".join(channels)
                )
            lines.append(text)
        return lines

    @staticmethod
    def _rows_of(rows: list[str] | None, lang: str) -> str:
        """`` (lignes f.csv:4, f.csv:9 …)`` for an unusable code, empty for a count field's values."""
        if not rows:
            return ""
        shown = ", ".join(rows[:ROWS_SHOWN]) + (" …" if len(rows) > ROWS_SHOWN else "")
        return " (" + t("import.unknown_rows", lang, rows=shown) + ")"

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
                    rows=format_number(f["rows_read"], lang),
                    used=format_number(f["rows_used"], lang),
                    unused=format_number(f["rows_unused"], lang),
                )
            )
        for m in self.lacking:
            rows = format_number(m.rows, lang)
            left_out = t("import.file_left_out", lang, rows=rows, n=len(m.missing))
            lines.append(f"  ⚠ {missing_text(m, lang)} {left_out}")
        left_out = {m.file for m in self.lacking}
        for f in rep["files"]:
            if not f["rows_used"] and f["file"] not in left_out:
                lines.append(t("import.file_unused", lang, file=f["file"]))
        lines += self._empty_field_lines(lang)
        lines += self._unread_lines(lang)
        lines.append(
            t(
                "import.totals",
                lang,
                rows=format_number(rep["rows_read"], lang),
                used=format_number(rep["rows_used"], lang),
                unused=format_number(rep["rows_unused"], lang),
            )  # fmt: skip
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
                        count=format_number(len(rows), lang),
                        rows=shown,
                    )
                )
        else:
            lines.append(t("import.unused_none", lang))
        for period, n in self.periods_outside.items():
            lines.append(
                t(
                    "import.outside_line",
                    lang,
                    period=period,
                    count=format_number(n, lang),
                    strategy=self.strategy.id,
                )
            )
        if self.duplicates:
            lines.append(t("import.duplicates_header", lang, policy=t(f"import.policy.{self.policy}", lang)))
            by_period: dict[str, list[DuplicateKey]] = defaultdict(list)
            for d in self.duplicates:
                by_period[d.period].append(d)
            for period, dups in sorted(by_period.items()):
                detail = t("punct.semicolon", lang).join(
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
                where = self.inventory.unknown_rows.get(period, {}).get(fld, {})
                text = ", ".join(
                    f"{v} {format_number(n, lang)}" + self._rows_of(where.get(v), lang)
                    for v, n in values.items()
                )
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
                        denominator=format_number(tally.denominator, lang),
                        numerator=format_number(tally.numerator, lang),
                        excluded=format_number(sum(tally.excluded.values()), lang),
                        organisations=format_number(len(tally.organisations), lang),
                    )
                )
                for code, n in sorted(tally.excluded.items()):
                    lines.append(
                        t(
                            "import.excluded_line",
                            lang,
                            reason=rule.condition(code).describe(lang),
                            count=format_number(n, lang),
                        )
                    )
                for fld, n in tally.counted_as_zero.items():  # never known: the total leaves it out
                    reason = zero_reason(fld, lang)
                    lines.append(t("import.zero_line", lang, reason=reason, count=format_number(n, lang)))
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
                organisations=format_number(len(self.departments), lang),
                observations=format_number(len(self.inventory.observations), lang),
                report=self.out / REPORT_FILE,
            )
        )
        return "\n".join(lines)


def zero_reason(field: str, lang: str) -> str:
    """Why a count field was taken as 0, the field in words where the catalogue has them.

    « demandes par téléphone inconnues … »: « telephone_applications » read as code on a French page.
    """
    key = f"import.field.{field}"
    return t("import.counted_as_zero", lang, field=t(key, lang) if key in catalogue() else field)
