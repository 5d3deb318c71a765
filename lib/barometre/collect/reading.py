"""Read a returned workbook or CSV into a canonical table, keeping where every value came from.

The organisation and period come from the content: the header block of the data sheet
(« Code de l'organisation », « Période ») or, in a CSV, the organisation and period columns. The table is
found by its header row (« Cible », « Numérateur », « Dénominateur »), wherever a person moved it, so a
sheet that was unprotected and restructured (rows inserted, columns swapped, an extra sheet) is still read.
Formulas are read through their cached value; a formula without one, or an Excel error, is reported at
its cell. Empty target rows are warnings, not observations (missing is not zero).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula

from ..i18n import t
from ..readers import NBSPS, RawTable, date_text, float_text
from ..readers_excel import WORKBOOK_SUFFIXES, percent_shown, scientific_shown
from ..strategy_model import normalise_period
from ..validation import normalise_target
from .issues import (
    WARNING,
    CollectIssue,
    cell_ref,
    collect_issue,
    column_letter,
    decimal_words,
    hidden_rows_issues,
    missing_columns_issue,
)
from .layout import DATA_SHEET_NAMES, SCAN_COLUMNS, canonical_column, label_kind, named_code, normalise_header
from .missing_targets import missing_targets
from .unread_cells import unread_cells

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
CANONICAL = ("period", "organisation", "target", "numerator", "denominator", "note")
REQUIRED = ("target", "numerator", "denominator")
HEADER_SCAN_ROWS = 60


class UnusableFile(Exception):
    """Raised inside this module when a file cannot be used at all; carries the issue to report."""

    def __init__(self, issue: CollectIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue


@dataclass
class Submission:
    """A returned file read into canonical columns, with the cell each value came from."""

    file: str
    sheet: str | None
    table: RawTable
    columns: dict[str, int]  # canonical column -> 1-based column number in the sheet/CSV
    fixed: dict[str, str] = field(default_factory=dict)  # canonical column -> header-block cell
    issues: list[CollectIssue] = field(default_factory=list)
    pre_rejected: list[int] = field(default_factory=list)  # rows rejected before the core rules
    empty_targets: list[tuple[str, str, str]] = field(default_factory=list)  # (organisation, target, cell)
    # (organisation, target) of the rows with figures: what the file answered, rejected rows too
    answered: set[tuple[str, str]] = field(default_factory=set)
    period: str = ""  # the header block's period (« Période »), when the table has no period column
    noted: int = 0  # target rows without a figure but with a note (« Données non disponibles cette année »)
    # the empty targets' cells whose row has a note → (that note, its cell): why it is empty, in their words
    empty_notes: dict[str, tuple[str, str]] = field(default_factory=dict)

    def locate(self, column: str | None, row: int | None) -> str:
        """Cell reference of ``column`` on spreadsheet ``row`` (``Données!C7``; ``C7`` for a CSV)."""
        if column in self.fixed:
            return self.fixed[column]
        if column in self.columns and row is not None:
            return cell_ref(self.sheet, self.columns[column], row)
        if row is not None:
            return f"{self.sheet}!{row}:{row}" if self.sheet else f"{row}:{row}"
        return self.sheet or ""


def cell_text(value: object) -> str:
    """A cell value as people read it: ``12.0`` → ``12``, blanks trimmed, non-breaking spaces normalised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float):
        if value != value:
            return ""
        return float_text(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):  # « 2022-05-03 », not « 2022-05-03T00:00:00 »
        return date_text(value)
    text = str(value)
    for ch in NBSPS:
        text = text.replace(ch, " ")
    return text.strip()


def _unreadable(path: Path, detail: str) -> UnusableFile:
    """« Fichier illisible : … »; a detail given in both languages (« … / … ») goes one to each message."""
    fr, sep, en = detail.partition(" / ")
    words = {"fr": fr.strip(), "en": en.strip()} if sep else detail
    return UnusableFile(collect_issue(str(path), "", "unreadable_file", path.name, detail=words))


def _not_a_workbook(path: Path, exc: Exception) -> UnusableFile:
    """A file named .xlsx that Excel's format cannot read (a text file renamed, a damaged download)."""
    return _unreadable(path, t("collect.detail.not_a_workbook", "fr", error=type(exc).__name__) + " / "
                       + t("collect.detail.not_a_workbook", "en", error=type(exc).__name__))  # fmt: skip


# --------------------------------------------------------------------------------------------- workbooks


class _Cells:
    """Cell access on a sheet loaded twice: formulas (as typed) and cached values (as last computed)."""

    def __init__(self, ws_formulas, ws_values, file: str, counts: bool = True) -> None:
        # ``counts``: the data sheet, where a fraction shown « 89 % » is read as shown (the plan sheet takes
        # proportions: 0.8 is its value, however shown)
        self.counts = counts
        self.f = ws_formulas
        self.v = ws_values
        self.file = file
        self.title = ws_formulas.title
        self.shown: dict[tuple[int, int], str] = {}  # (row, column) → a number shown « 1.79E+03 »

    def read(self, row: int, col: int, issues: list[CollectIssue] | None = None, org: str = "") -> str | None:
        """Text of a cell; None (and an error in ``issues``) when it holds no usable value."""
        cell = self.f.cell(row, col)
        raw = cell.value
        where = cell_ref(self.title, col, row)
        if cell.data_type == "f" or isinstance(raw, ArrayFormula):
            formula = raw.text if isinstance(raw, ArrayFormula) else str(raw)
            cached = self.v.cell(row, col)
            if cached.value is None:
                if issues is not None:
                    issues.append(
                        collect_issue(self.file, where, "formula_without_value", formula, organisation=org)
                    )
                return None
            if cached.data_type == "e":
                if issues is not None:
                    issues.append(
                        collect_issue(self.file, where, "cell_error", cached.value, organisation=org)
                    )
                return None
            text = self._shown(cached.value, cell.number_format)
            if issues is not None:
                issues.append(
                    collect_issue(
                        self.file, where, "formula_value_used", formula,
                        severity=WARNING, organisation=org, computed=decimal_words(text),
                    )
                )  # fmt: skip
            return text
        if cell.data_type == "e":
            if issues is not None:
                issues.append(collect_issue(self.file, where, "cell_error", raw, organisation=org))
            return None
        if shown := scientific_shown(raw, cell.number_format):
            self.shown[(row, col)] = shown
        return self._shown(raw, cell.number_format)

    def _shown(self, value: object, number_format: str) -> str:
        """A cell's value (typed, or a formula's last result) as text.

        0.887 shown « 89 % » in a count is read as shown, and refused as a percentage is (write the two
        counts), as the observations reader does: it was « 0,887… n'est pas un nombre entier ».
        """
        return (self.counts and percent_shown(value, number_format)) or cell_text(value)

    def peek(self, row: int, col: int) -> str:
        """Text of a cell without reporting anything (formulas give their cached value or ``""``)."""
        cell = self.f.cell(row, col)
        if cell.data_type == "f" or isinstance(cell.value, ArrayFormula):
            return cell_text(self.v.cell(row, col).value)
        return cell_text(cell.value)


def _find_header(cells: _Cells) -> tuple[int, dict[str, int]] | None:
    """Row and canonical columns of the table header: the first row naming the target column and a count."""
    max_row = min(cells.f.max_row, HEADER_SCAN_ROWS)
    max_col = min(cells.f.max_column, SCAN_COLUMNS)
    for row in range(1, max_row + 1):
        found: dict[str, int] = {}
        for col in range(1, max_col + 1):
            name = canonical_column(cells.peek(row, col))
            if name and name not in found:
                found[name] = col
        if "target" in found and ("numerator" in found or "denominator" in found):
            return row, found
    return None


def _figures_left_out(
    cells: _Cells, header_row: int, columns: dict[str, int], target_ids: list[str]
) -> tuple[str, list[str]]:
    """A sheet that is not read, and the targets for which it holds figures (a count filled in)."""
    counts = [columns[c] for c in ("numerator", "denominator") if c in columns]
    targets = []
    for row in range(header_row + 1, cells.f.max_row + 1):
        if any(cells.peek(row, col) for col in counts):
            target = normalise_target(cells.peek(row, columns["target"]), target_ids)
            targets.append(target or f"{cells.title}!A{row}")
    return cells.title, list(dict.fromkeys(targets))


def _header_block(cells: _Cells, above: int) -> dict[str, tuple[str, str]]:
    """Values right of the labels « Code de l'organisation », « Nom… », « Période » (text, cell)."""
    block: dict[str, tuple[str, str]] = {}
    for row in range(1, above):
        for col in range(1, min(cells.f.max_column, 20) + 1):
            kind = label_kind(cells.peek(row, col))
            if not kind or kind in block:
                continue
            value, where = "", cell_ref(cells.title, col + 1, row)
            for c in range(col + 1, min(cells.f.max_column, 20) + 1):
                text = cells.peek(row, c)
                if text:
                    value, where = text, cell_ref(cells.title, c, row)
                    break
            block[kind] = (value, where)
    return block


def _load(path: Path):
    try:
        formulas = load_workbook(path, data_only=False)
        has_formula = any(
            cell.data_type == "f" for ws in formulas.worksheets for row in ws.iter_rows() for cell in row
        )
        # The cached values are only needed (and only loaded) when some cell holds a formula.
        return formulas, load_workbook(path, data_only=True) if has_formula else formulas
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise _not_a_workbook(path, exc) from None
    except Exception as exc:  # openpyxl raises many types on damaged files
        raise _not_a_workbook(path, exc) from None


def _identify_organisation(code: str, name: str, organisations: pd.DataFrame) -> tuple[str, bool]:
    """Organisation code from the header block: the code (any case), else a known name."""
    codes = {str(c).upper(): str(c) for c in organisations["code"]}
    if code:
        return codes.get(code.upper(), code), False
    if name:
        key = normalise_header(name)
        for _, org in organisations.iterrows():
            if key in (normalise_header(org["name_fr"]), normalise_header(org["name_en"])):
                return str(org["code"]), True
    return "", False


def _named_for(path: Path, code: str, organisations: pd.DataFrame) -> str:
    """The organisation a workbook's name (« collecte-MFSN-2022-2023.xlsx ») is for, when not ``code``; else "".

    Only for a ``code`` no organisation has: another known organisation's refuses the file (:mod:`.identity`).
    """
    codes = organisations["code"].astype(str)
    named = named_code(path.stem, codes)
    return named if code and named and named.upper() != code.upper() and code not in set(codes) else ""


def read_workbook(path: Path, organisations: pd.DataFrame, target_ids: list[str]) -> Submission:
    """Read a returned collection workbook (any sheet order, restructured or not)."""
    wb_f, wb_v = _load(path)
    file = str(path)
    candidates = []
    for ws in wb_f.worksheets:
        cells = _Cells(ws, wb_v[ws.title], file)
        header = _find_header(cells)
        if header:
            preferred = normalise_header(ws.title) in DATA_SHEET_NAMES
            candidates.append((not preferred, len(candidates), cells, header))
    if not candidates:
        raise UnusableFile(collect_issue(file, "", "table_not_found", path.name))
    chosen = min(candidates, key=lambda c: c[:2])
    _, _, cells, (header_row, columns) = chosen
    sheet = cells.title
    others = [_figures_left_out(c[2], *c[3], target_ids) for c in candidates if c is not chosen]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        found = ", ".join(
            cells.peek(header_row, c) for c in range(1, cells.f.max_column + 1) if cells.peek(header_row, c)
        )
        where = f"{sheet}!A{header_row}:{column_letter(max(cells.f.max_column, 1))}{header_row}"
        raise UnusableFile(missing_columns_issue(file, where, missing, found))
    block = _header_block(cells, header_row)
    sub = Submission(file, sheet, RawTable(file, pd.DataFrame(), [], sheet=sheet), columns)
    sub.issues += unread_cells(cells, header_row, columns, target_ids)  # a column added by hand, said
    # merged cells: all but the first read « vide », and no word of the merge
    for merged in cells.f.merged_cells.ranges:
        if merged.max_row > header_row and any(
            merged.min_col <= c <= merged.max_col for c in columns.values()
        ):
            first = f"{column_letter(merged.min_col)}{merged.min_row}"
            sub.issues.append(collect_issue(file, f"{sheet}!{merged.coord}", "data_merged_cells", merged.coord,
                                            severity=WARNING, first=first))  # fmt: skip
    for other, targets in (o for o in others if o[1]):  # a copied sheet's figures were lost in silence
        sub.issues.append(
            collect_issue(file, other, "other_data_sheet", ", ".join(targets), severity=WARNING, read=sheet)
        )
    values: dict[str, str] = {}
    for column in ("organisation", "period"):
        if column in columns:
            continue
        kind = "code" if column == "organisation" else "period"
        text, where = block.get(kind, ("", sheet))
        sub.fixed[column] = where
        values[column] = text
    if "organisation" not in columns:
        code, by_name = _identify_organisation(
            values["organisation"], block.get("name", ("", ""))[0], organisations
        )
        values["organisation"] = code
        # another's form filled in: its figures were theirs
        if named := _named_for(path, code, organisations):
            sub.issues.append(collect_issue(file, block.get("code", ("", sheet))[1], "organisation_not_named",
                                            code, severity=WARNING, organisation=code, named=named))  # fmt: skip
        if by_name:
            where = block["name"][1]
            sub.issues.append(
                collect_issue(
                    file, where, "organisation_from_name", code, severity=WARNING, organisation=code
                )
            )
    if "period" not in columns:
        values["period"] = sub.period = normalise_period(values["period"])
    records, rows = [], []
    shown: dict[tuple[int, int], str] = {}  # (record, column position) → a number shown « 1.79E+03 »
    for row in range(header_row + 1, cells.f.max_row + 1):
        record = dict(values)
        row_issues: list[CollectIssue] = []
        org = values.get("organisation", "")
        bad = False
        for column in CANONICAL:
            if column not in columns:
                continue
            text = cells.read(row, columns[column], row_issues, org)
            if text is None:
                bad, text = True, ""
            record[column] = text
        if "organisation" in columns:
            record["organisation"] = _identify_organisation(record["organisation"], "", organisations)[0]
        if "period" in columns:
            record["period"] = normalise_period(record["period"])
        record.setdefault("note", "")
        mine = [record.get(c, "") for c in ("target", "numerator", "denominator")]
        if not bad and not any(mine):
            sub.issues.extend(row_issues)
            continue  # a blank line (or a comment alone): not a record
        sub.issues.extend(row_issues)
        if bad:
            sub.pre_rejected.append(row)
            continue
        # « Cible 1.3 », « 2,1 » as validation reads them
        target = normalise_target(record["target"], target_ids)
        if target in target_ids and not record["numerator"] and not record["denominator"]:
            where = cell_ref(sheet, columns["numerator"], row)
            sub.empty_targets.append((record["organisation"], target, where))
            if record["note"]:  # « Données non disponibles cette année »: an answer, quoted where it is said
                sub.empty_notes[where] = (record["note"], cell_ref(None, columns["note"], row))
            sub.noted += bool(record["note"])
            continue
        shown.update({(len(records), CANONICAL.index(c)): cells.shown[(row, columns[c])]
                      for c in columns if (row, columns[c]) in cells.shown and c in CANONICAL})  # fmt: skip
        records.append({c: record.get(c, "") for c in CANONICAL})
        rows.append(row)
    sub.table = RawTable(
        file, pd.DataFrame(records, columns=list(CANONICAL), dtype=object), rows, sheet=sheet, shown=shown
    )
    sub.issues += hidden_rows_issues(file, cells.f, rows + sub.pre_rejected)  # counted, unseen
    org = values.get("organisation", "")
    sub.answered = {(str(r["organisation"]), normalise_target(str(r["target"]), target_ids)) for r in records}
    sub.answered |= {
        (org, normalise_target(cells.peek(r, columns["target"]), target_ids)) for r in sub.pre_rejected
    }
    if "organisation" not in columns and org:  # a target's row deleted, or its id typed over
        seen = {tid for _, tid in sub.answered} | {tid for _, tid, _ in sub.empty_targets}
        issues, overtyped = missing_targets(file, sheet, org, cells.peek, (header_row, columns["target"]), target_ids,
                                            seen)  # fmt: skip
        sub.issues += issues
        sub.answered |= {(org, tid) for tid in overtyped}  # its figures there, rejected with the id
    return sub


def read_submission(path: Path, organisations: pd.DataFrame, target_ids: list[str]) -> Submission:
    """Read a returned workbook or CSV; raise :class:`UnusableFile` when it cannot be used at all."""
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return read_workbook(path, organisations, target_ids)
    if suffix in CSV_SUFFIXES:
        from .reading_csv import read_csv_submission

        return read_csv_submission(path, organisations, target_ids)
    raise UnusableFile(collect_issue(str(path), "", "unsupported_format", suffix or path.name))
