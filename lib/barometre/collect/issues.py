"""Issues of the collection loop, located by file, sheet and cell (``Données!C7``)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..i18n import LANGUAGES, joined, t, texts
from ..reader_notes import note_issue
from ..readers import not_numeric_wording
from ..readers_excel import hidden_rows, hidden_rows_notes
from .layout import COLUMN_KEYS

ERROR = "error"
WARNING = "warning"
CELL = re.compile(r"(?:(?P<sheet>.+)!)?(?P<col>[A-Z]+)(?P<row>\d+)")


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


def cell_order(cell: str) -> tuple[bool, str, int, str, int]:
    """``Données!C7`` before ``Données!C10``, as the sheet reads (as text, C10 came first).

    A place that is no cell (a whole sheet, « Données (2) ») comes first: it often says why the cells are empty.
    """
    m = CELL.fullmatch(cell or "")
    return (
        (True, m["sheet"] or "", len(m["col"]), m["col"], int(m["row"]))
        if m
        else (False, cell or "", 0, "", 0)
    )


def told_together(issues: list[CollectIssue]) -> list[CollectIssue]:
    """The targets a file leaves empty without a comment told in one line per file and organisation, for people.

    An empty workbook made ten lines « Cible 1.1 laissée vide … » in the console and the quality report; one
    says « Cibles 1.1, 1.2 … et 6.1 laissées vides », at ``Données!C7:C16``. The details CSV keeps one per target.
    """
    groups: dict[tuple[str, str], list[CollectIssue]] = {}
    for issue in issues:  # an empty target with its comment quoted stays on its own line
        if issue.rule == "target_empty" and issue.message == t(
            "collect.warn.target_empty", "fr", value=issue.value
        ):
            groups.setdefault((issue.file, issue.organisation), []).append(issue)
    firsts = {id(g[0]): g for g in groups.values() if len(g) > 1}  # the line stands where its first was
    told = {id(i) for g in firsts.values() for i in g}
    return [
        _together(sorted(firsts[id(i)], key=lambda x: cell_order(x.cell))) if id(i) in firsts else i
        for i in issues
        if id(i) in firsts or id(i) not in told
    ]


def _together(group: list[CollectIssue]) -> CollectIssue:
    """One warning for the empty targets of ``group``, its cells as ranges (``Données!C7:C9, C12``)."""
    runs: list[list[tuple]] = []
    for is_cell, *rest in map(cell_order, (i.cell for i in group)):  # each parsed once
        if not is_cell:
            continue
        place = tuple(rest)
        last = runs[-1][-1] if runs else None
        if last and last[:3] == place[:3] and last[3] == place[3] - 1:
            runs[-1].append(place)
        else:
            runs.append([place])
    cells = []
    for run in runs:  # the sheet named once, unless a run is on another one
        (sheet, _, col, row), (_, _, last_col, last_row) = run[0], run[-1]
        named = f"{sheet}!" if sheet and (run is runs[0] or sheet != runs[0][0][0]) else ""
        cells.append(f"{named}{col}{row}" + (f":{last_col}{last_row}" if len(run) > 1 else ""))
    ids = [i.value for i in group]
    return CollectIssue(
        file=group[0].file, cell=", ".join(cells), rule="targets_empty", severity=WARNING,
        message=t("collect.warn.targets_empty", "fr", ids=joined(ids, "fr")),
        message_en=t("collect.warn.targets_empty", "en", ids=joined(ids, "en")),
        value=" ".join(ids), organisation=group[0].organisation,
    )  # fmt: skip


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


def cell_issue(file: str, cell: str, error: Any, organisation: str) -> CollectIssue:
    """A returned file's validation ``error`` (an :class:`~barometre.validation.Issue`), said at its ``cell``.

    In a workbook's or a template's words: « ex. 12 ou 12,5 » is refused here, and an empty cell is named by
    its header (« Dénominateur »), not by the dataset's column (« denominator » in a French message).
    """
    if error.rule == "not_numeric" and not not_numeric_wording(error.value):
        return collect_issue(file, cell, error.rule, error.value or "", organisation=organisation)
    if error.rule == "missing_value" and error.column in COLUMN_KEYS:
        return collect_issue(file, cell, error.rule, organisation=organisation, message_key="rule.missing_value",
                             column=texts(COLUMN_KEYS[error.column]))  # fmt: skip
    return CollectIssue(
        file, cell, error.rule, ERROR, error.message, error.message_en, error.value or "", organisation
    )


def missing_columns_issue(file: str, where: str, missing: list[str], found: str) -> CollectIssue:
    """The data table's required columns not found, named as the template heads them in each language.

    « Colonne obligatoire absente : numerator » was said of a workbook headed « Numérateur ».
    """
    names = {lang: ", ".join(t(COLUMN_KEYS[c], lang) for c in missing) for lang in LANGUAGES}
    return collect_issue(
        file, where, "missing_columns", ", ".join(missing), found=found, n=len(missing), columns=names
    )
