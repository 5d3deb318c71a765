"""Issues of the collection loop, located by file, sheet and cell (``Données!C7``)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..i18n import t
from ..reader_notes import note_issue
from ..readers_excel import hidden_rows, hidden_rows_notes

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class CollectIssue:
    """One error or warning found while reading, validating or merging a returned file."""

    file: str
    cell: str
    rule: str
    severity: str
    message: str
    message_en: str
    value: str = ""
    organisation: str = ""
    rows: int = 1

    def describe(self, lang: str = "fr") -> str:
        """One line: ``file, Données!C7 : message``."""
        where = Path(self.file).name + (f", {self.cell}" if self.cell else "")
        sep = t("punct.colon", lang)
        return where + sep + (self.message if lang == "fr" else self.message_en)

    def to_dict(self) -> dict:
        """Plain form for CSV and JSON."""
        return asdict(self)


def collect_issue(
    file: str,
    cell: str,
    rule: str,
    value: object = "",
    *,
    severity: str = ERROR,
    organisation: str = "",
    message_key: str = "",
    **kw,
) -> CollectIssue:
    """Build an issue whose messages come from ``collect.rule.<rule>`` (errors) or ``collect.warn.<rule>``.

    Keyword values fill the message's placeholders; a ``{"fr": ..., "en": ...}`` value is used per language.
    ``message_key`` names another wording of the same rule (an empty target with its comment quoted).
    """
    shown = "" if value is None else str(value)
    key = message_key or f"collect.{'rule' if severity == ERROR else 'warn'}.{rule}"

    def fields(lang: str) -> dict:
        # A value may differ by language (``{"fr": "12,5 %", "en": "12.5%"}``).
        return {"value": shown, **{k: v[lang] if isinstance(v, dict) else v for k, v in kw.items()}}

    return CollectIssue(
        file=file,
        cell=cell,
        rule=rule,
        severity=severity,
        message=t(key, "fr", **fields("fr")),
        message_en=t(key, "en", **fields("en")),
        value=shown,
        organisation=organisation,
    )


def collapse_issues(issues: list[CollectIssue]) -> list[CollectIssue]:
    """One issue per cell and rule: a header-block cell (B2) shared by ten rows is reported once.

    A plan column's header (Plan!E6, a period the strategy does not know) was told once per row too.
    """
    out: dict[tuple, CollectIssue] = {}
    for issue in issues:
        key = (issue.file, issue.cell, issue.rule, issue.message)
        if key in out:
            prev = out[key]
            out[key] = CollectIssue(**{**prev.to_dict(), "rows": prev.rows + issue.rows})
        else:
            out[key] = issue
    return list(out.values())


def note_warning(file: str, cell: str, rule: str, fields: dict[str, object]) -> CollectIssue:
    """A reader's note (``rule.<rule>`` and its fields) as a warning of the collection loop, at ``cell``."""
    said = note_issue(file, rule, fields)
    return CollectIssue(file, cell, rule, WARNING, said.message, said.message_en)


def hidden_rows_issues(file: str, ws: Any, rows: list[int]) -> list[CollectIssue]:
    """Warnings for the rows read (``rows``, from 1) that the sheet ``ws`` hides: counted, though unseen."""
    notes = hidden_rows_notes(ws.title, hidden_rows(ws), rows)
    return [note_warning(file, ws.title, rule, fields) for rule, fields in notes]


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(sheet: str | None, column: int, row: int) -> str:
    """``Données!C7`` for a sheet, ``C7`` for a CSV (sheet None)."""
    ref = f"{column_letter(column)}{row}"
    return f"{sheet}!{ref}" if sheet else ref


def decimal_words(raw: object) -> dict[str, str]:
    """A decimal number as each language writes it: « 0,45 » in French, "0.45" in English.

    A French message showed the workbook's 0,45 as « 0.45 ».
    """
    text = str(raw)
    if re.fullmatch(r"[-−]?\d+[.,]\d+", text):
        return {"fr": text.replace(".", ","), "en": text.replace(",", ".")}
    return {"fr": text, "en": text}
