"""What validation finds: one :class:`Issue` per problem, and the :class:`ValidationReport` of a file."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .i18n import t, texts

# a cell as ``ingest`` names it: ``Données!C7`` (a workbook's), ``C7`` (a CSV's), ``Plan!C8:D8``
CELL = re.compile(r"^(?:(?P<sheet>.+)!)?(?P<col>[A-Z]+)(?P<row>\d+)(?::[A-Z]+\d+)?$")


@dataclass(frozen=True)
class Issue:
    """One problem found in an input file."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str
    message_en: str = ""
    sheet: str | None = None  # a workbook's sheet, when it has several
    cell: str | None = None  # a returned workbook's cell, as ``ingest`` names it (``Plan!C8``)

    def to_dict(self) -> dict:
        """Return the JSON form used by ``barometre validate --format json``."""
        return asdict(self)

    def describe(self, lang: str = "fr", rows: str | None = None) -> str:
        """One line: ``file, ligne 7, colonne x : message``; ``rows``, the rows of several (issue_groups)."""
        where = ", ".join([Path(self.file).name, *self.where(lang, rows)])
        return where + t("punct.colon", lang) + self.text(lang)

    def where(self, lang: str = "fr", rows: str | None = None) -> list[str]:
        """Where in its file: the sheet, the row (or ``rows``) and the column, as far as they are known."""
        where = [t("word.sheet_named", lang, sheet=self.sheet)] if self.sheet is not None else []
        if rows is not None:
            where.append(rows)
        elif self.row is not None:
            where.append(f"{t('word.row', lang)} {self.row}")
        if self.column:
            where.append(f"{t('word.column', lang)} {self.column_shown()}")
        return where

    def column_shown(self) -> str:
        """The column as its reader sees it: a workbook cell's letter (« C » of ``Données!C7``), else its name.

        A returned workbook's messages said « colonne numerator », a name its sender never sees (the sheet
        says « Numérateur », in column C). ``column`` keeps the name for ``--format json``.
        """
        found = CELL.match(self.cell or "")
        return found.group("col") if found and found.group("sheet") else str(self.column)

    def text(self, lang: str = "fr") -> str:
        """The message in ``lang``."""
        return self.message if lang == "fr" else self.message_en


@dataclass
class ValidationReport:
    """Outcome of validating one or more files: counts, accepted rows and issues."""

    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    # returned workbooks checked, and the planned values of their plan sheets (« Plan »)
    plan_sheets: int = 0
    plan_values_read: int = 0
    plan_values_accepted: int = 0
    plan_values_rejected: int = 0

    def extend(self, other: ValidationReport) -> None:
        """Add another report's counts and issues to this one."""
        self.rows_read += other.rows_read
        self.rows_accepted += other.rows_accepted
        self.rows_rejected += other.rows_rejected
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)
        self.plan_sheets += other.plan_sheets
        self.plan_values_read += other.plan_values_read
        self.plan_values_accepted += other.plan_values_accepted
        self.plan_values_rejected += other.plan_values_rejected

    @property
    def ok(self) -> bool:
        """True when no row was rejected."""
        return not self.errors

    def to_dict(self) -> dict:
        """JSON form: counts and the list of errors (and the planned values, for a returned workbook)."""
        payload: dict = {
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "rows_rejected": self.rows_rejected,
        }
        if self.plan_sheets:
            payload["plan_values_read"] = self.plan_values_read
            payload["plan_values_accepted"] = self.plan_values_accepted
            payload["plan_values_rejected"] = self.plan_values_rejected
        return {
            **payload,
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def make_issue(
    file: str, row: int | None, column: str | None, value: object, rule: str, message: str = "", **kw
) -> Issue:
    """Build an :class:`Issue` whose messages come from the catalogue key ``rule.<message or rule>``.

    A rule may word some of its issues differently: ``message`` names that wording. A field given per
    language (``{"fr": …, "en": …}``) fills each message with its own.
    """
    shown = "" if value is None else str(value)
    words = texts(f"rule.{message or rule}", **{"value": shown, "column": column or "", **kw})
    return Issue(file=file, row=row, column=column, value=None if value is None else shown, rule=rule,
                 message=words["fr"], message_en=words["en"])  # fmt: skip
