"""Read an Excel workbook's data sheet (openpyxl) into a :class:`~barometre.readers.RawTable`.

Cells are read as the workbook holds them, with what a spreadsheet shows kept where it matters:

- the text « NA », « N/A » is text (pandas took it for an empty cell): the rules give their advice;
- a formula without a saved result (a workbook written by a program) is its formula text « =B2*2 »,
  which the rules say is a formula, instead of an empty cell;
- a date is written ``2019-04-01`` (a date shown as a year alone, format ``yyyy``, as that year), which the
  period rule recognises, instead of « 2019-04-01 00:00:00 »;
- a number shown as a percentage (format ``0 %``) is written as shown, « 75 % », which a count refuses as
  the same text typed in a CSV (it was taken for the count 0.75); a whole number in that format (9 shown
  « 900 % », a column of counts formatted by mistake) stays the number, and a note says so;
- visible sheets come before hidden ones: a hidden stale sheet placed first is not read instead of the
  visible data; a hidden sheet read for want of a visible one is said (a note of the table).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

from .errors import InputFileError
from .i18n import both
from .readers import (
    HEADER_SEARCH_ROWS,
    RawTable,
    _clean_cell,
    _header_index,
    _header_names,
    date_text,
    float_text,
    register_reader,
)

Grid = list[list[str]]
Cell = tuple[int, int]  # a cell's row and column, from 0
Shown = dict[Cell, str]
HiddenRows = tuple[set[int], str]  # rows hidden (from 1), the range of the sheet's filter (or "")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@register_reader(*WORKBOOK_SUFFIXES)
def read_excel(path: Path) -> RawTable:
    """Read an Excel workbook's data sheet: the first whose header (a row naming known columns) is found.

    A title above the header (« Données de collecte 2022-2023 », then a blank row) is skipped, and records
    keep the row numbers the spreadsheet shows. A « Lisez-moi » sheet before the data is passed over; in a
    workbook of several sheets the table names its sheet (messages say « feuille « Données », ligne 5 »),
    and the other sheets that look like data too are listed in ``other_data_sheets`` (not read). Visible
    sheets are looked at before hidden ones.
    """
    try:
        names, hidden, chosen, (grid, whole_percent, shown, rows_hidden), others = _data_sheet(path)
    except InputFileError:
        raise
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise InputFileError(
            both("error.unreadable_excel", file=path.name, reason=type(exc).__name__), file=str(path)
        ) from None
    start = _header_index(grid[:HEADER_SEARCH_ROWS]) or 0  # no header: the first row is read as one
    # a cell right of the header's last column (a remark in G2) is kept under « unnamed: 6 », as pandas
    # did, so that the column no rule reads is said: it was dropped without a word
    raw = list(grid[start]) if grid else []
    width = max([len(raw)] + [max((c + 1 for c, v in enumerate(row) if str(v).strip()), default=0)
                              for row in grid[start + 1 :]])  # fmt: skip
    header = _header_names(raw + [""] * (width - len(raw)))
    body = [(row + [""] * len(header))[: len(header)] for row in grid[start + 1 :]]
    rows = [start + 2 + i for i in range(len(body))]  # the header's own row is start + 1
    keep = [i for i, cells in enumerate(body) if "".join(cells).strip()]
    import pandas as pd

    frame = pd.DataFrame([body[i] for i in keep], columns=header, dtype=object)
    notes: list[tuple[str, dict[str, object]]] = []
    if chosen in hidden:
        notes.append(("hidden_sheet", {"sheet": chosen}))
    kept = {rows[i] for i in keep}
    for c, name in enumerate(header):
        lines = sorted(r + 1 for r, col in whole_percent if col == c and r + 1 in kept)
        if lines:
            notes.append(("percent_format_whole", {"column": name, "lines": lines}))
    notes += hidden_rows_notes(chosen, rows_hidden, [rows[i] for i in keep])
    place = {body_row: record for record, body_row in enumerate(keep)}  # a sheet's row from 0 → record
    shown_at = {(place[r - start - 1], c): text for (r, c), text in shown.items() if r - start - 1 in place}
    return RawTable(
        str(path), frame.reset_index(drop=True), [rows[i] for i in keep],
        sheet=chosen if len(names) > 1 else None, other_data_sheets=others, notes=notes, shown=shown_at,
    )  # fmt: skip


def _data_sheet(
    path: Path,
) -> tuple[list[str], set[str], str, tuple[Grid, list[Cell], Shown, HiddenRows], list[str]]:
    """The sheet names, the hidden ones, the data sheet's name, what was read of it (below), the others.

    Of the data sheet: its cells, whole percentages (where whole numbers are shown as percentages, row and
    column from 0), shown texts (numbers shown in scientific notation, « 1.79E+03 », by row and column from
    0) and hidden rows (:func:`hidden_rows`).
    """
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    try:
        names = [ws.title for ws in book.worksheets]
        hidden = {ws.title for ws in book.worksheets if ws.sheet_state != "visible"}
        order = [n for n in names if n not in hidden] + [n for n in names if n in hidden]
        if not order:
            return names, hidden, "", [], []
        grid, formulas, whole_percent, shown = _cells(book[order[0]])
        chosen = order[0]
        looks_like_data = [
            n for n in order[1:] if _header_index(_cells(book[n], HEADER_SEARCH_ROWS)[0]) is not None
        ]
        if _header_index(grid[:HEADER_SEARCH_ROWS]) is None and looks_like_data:
            chosen = looks_like_data.pop(0)
            grid, formulas, whole_percent, shown = _cells(book[chosen])
        rows_hidden = hidden_rows(book[chosen])
    finally:
        book.close()
    if formulas:
        grid = _with_saved_results(path, chosen, grid, formulas)
    return names, hidden, chosen, (grid, whole_percent, shown, rows_hidden), looks_like_data


def _cells(ws: Any, limit: int | None = None) -> tuple[Grid, list[Cell], list[Cell], Shown]:
    """A sheet's rows as text (its first ``limit`` only, if given), formulas, whole percentages, shown texts.

    Formulas and whole numbers shown as percentages are given by row and column (from 0). Trailing empty cells and rows are left out (as pandas did); the rows are as the spreadsheet numbers
    them (the first is row 1).
    """
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # a file's recorded dimensions may be wrong: read every cell there is
    grid: Grid = []
    formulas: list[tuple[int, int]] = []
    whole_percent: list[tuple[int, int]] = []
    shown: Shown = {}  # numbers the sheet shows in scientific notation (« 1.79E+03 »)
    rates: set[int] = set()  # columns with a fraction shown as a percentage (0.75, « 75 % »)
    for r, row in enumerate(ws.iter_rows()):
        if limit is not None and r >= limit:
            break
        cells = []
        for c, cell in enumerate(row):
            fmt = getattr(cell, "number_format", "")
            if cell.data_type == "f":
                formulas.append((r, c))
            elif cell.data_type == "n" and _percent_format(fmt):
                if _whole(cell.value):
                    whole_percent.append((r, c))
                else:
                    rates.add(c)
            elif cell.data_type == "n" and (text := scientific_shown(cell.value, fmt)):
                shown[(r, c)] = text
            cells.append(cell_text(cell.value, cell.data_type, fmt))
        while cells and not cells[-1]:
            cells.pop()
        grid.append(cells)
    while grid and not grid[-1]:
        grid.pop()
    # in a column of rates, 1 and 0 shown « 100 % » and « 0 % » are rates too (refused), not counts
    for r, c in [(r, c) for r, c in whole_percent if c in rates]:
        grid[r][c] = f"{float_text(float(grid[r][c]) * 100)} %"
    return grid, formulas, [(r, c) for r, c in whole_percent if c not in rates], shown


def hidden_rows(ws: Any) -> HiddenRows:
    """The rows (from 1) a sheet hides, by hand or by a filter, and its filter's range (« A6:E16 ») or "".

    A sheet opened read-only does not keep its rows' attributes: they are read from its XML, parsed only
    when it hides something (most sheets hide nothing: a second parse of a large sheet is then saved).
    """
    if not hasattr(ws, "_get_source"):  # a worksheet loaded whole
        return {r for r, dim in ws.row_dimensions.items() if dim.hidden}, ws.auto_filter.ref or ""
    from io import BytesIO
    from xml.etree.ElementTree import iterparse

    with ws._get_source() as source:
        data = source.read()
    hidden: set[int] = set()
    ref = ""
    if b"hidden" not in data:
        return hidden, ref
    for _event, element in iterparse(BytesIO(data)):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "row":
            if element.get("hidden") in ("1", "true") and str(element.get("r", "")).isdigit():
                hidden.add(int(element.get("r")))
            element.clear()
        elif tag == "autoFilter":
            ref = element.get("ref") or ""
    return hidden, ref


def _filter_rows(ref: str) -> tuple[int, float]:
    """The first and last rows (from 1) of the filter's range ``ref`` (« A6:E16 »); none for "" (no filter)."""
    from openpyxl.utils.cell import range_boundaries

    if not ref:
        return 0, -1
    try:
        _col, first, _last_col, last = range_boundaries(ref)
    except (TypeError, ValueError):  # a range openpyxl cannot read: the filter may hide any row
        return 1, float("inf")
    return first or 1, float("inf") if last is None else last


def hidden_rows_notes(sheet: str, hidden: HiddenRows, rows: list[int]) -> list[tuple[str, dict[str, object]]]:
    """The notes for the rows read (``rows``) that ``sheet`` hides: counted, though nobody sees them.

    Rows within the filter's range are said hidden by the filter; rows outside it, hidden by hand.
    """
    first, last = _filter_rows(hidden[1])
    filtered, by_hand = [], []
    for row in sorted(r for r in rows if r in hidden[0]):
        if first <= row <= last:
            filtered.append(row)
        else:
            by_hand.append(row)
    notes: list[tuple[str, dict[str, object]]] = []
    if filtered:
        fields = {"lines": filtered, "sheet": sheet, "filter": hidden[1], "message": "hidden_rows_filter"}
        notes.append(("hidden_rows", fields))
    if by_hand:
        notes.append(("hidden_rows", {"lines": by_hand, "sheet": sheet}))
    return notes


@cache  # a sheet has a few formats and many cells: the pattern runs once per format
def _percent_format(number_format: str | None) -> bool:
    """Whether a number format shows a percentage (a « % » outside quoted text: not « 0" %" »)."""
    return "%" in re.sub(r'"[^"]*"', "", number_format or "")


def _with_saved_results(path: Path, sheet: str, grid: Grid, formulas: list[tuple[int, int]]) -> Grid:
    """``grid`` with each formula replaced by its saved result; a formula without one stays its text."""
    from openpyxl import load_workbook

    wanted = set(formulas)
    book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        ws = book[sheet]
        ws.reset_dimensions()
        last = max(r for r, _c in formulas)
        for r, row in enumerate(ws.iter_rows(max_row=last + 1)):
            for c, cell in enumerate(row):
                # a result saved empty (=IF(…;"";…): <v></v> of type str) is empty, not the formula's text
                if (r, c) in wanted and (cell.value is not None or cell.data_type in ("s", "str")):
                    grid[r][c] = cell_text(cell.value, cell.data_type, cell.number_format)
    finally:
        book.close()
    return grid


def cell_text(value: object, data_type: str = "n", number_format: str = "") -> str:
    """A cell's value as text, as the spreadsheet shows it where that matters (see the module's text).

    An Excel error (« #DIV/0! ») is its text, as the workbook shows it (it was an empty cell: « la cellule est
    vide » for a cell that reads « #DIV/0! »).
    """
    if value is None:
        return ""
    if data_type == "e":
        return str(value).strip()
    if data_type == "f":
        return str(getattr(value, "text", value)).strip()  # an array formula's text
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return date_text(value, number_format)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if shown := percent_shown(value, number_format):
            return shown
        return float_text(float(value)) if isinstance(value, float) else str(value)
    return _clean_cell(value)


def percent_shown(value: object, number_format: str | None) -> str | None:
    """« 88,7 % »: the text of a fraction shown as a percentage (format ``0 %``), else None.

    A count refuses that text as a percentage; a whole number so formatted stays the count (said apart).
    """
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    if _percent_format(number_format) and not _whole(value):
        return f"{float_text(round(float(value) * 100, 9))} %"
    return None


def scientific_shown(value: object, number_format: str | None) -> str | None:
    """The text a numeric cell shows when the spreadsheet writes it in scientific notation, else None.

    A format such as ``0.00E+00`` shows 1790 as « 1.79E+03 »; the General format shows a number of more
    than 11 digits so (« 1.23457E+11 »), as a long identifier typed in a count cell becomes.
    """
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    layout = _scientific_layout(number_format or "General")
    if layout is None:
        return None
    decimals, width, general = layout
    if general and abs(float(value)) < 1e11:
        return None
    mantissa, exponent = f"{float(value):.{decimals}E}".split("E")
    if general and "." in mantissa:  # General drops trailing zeros: « 1.2E+11 »
        mantissa = mantissa.rstrip("0").rstrip(".")
    sign = "-" if exponent.startswith("-") else "+"
    return f"{mantissa}E{sign}{exponent.lstrip('+-').lstrip('0').rjust(width, '0')}"


@cache  # a sheet has a few formats and many cells: the patterns run once per format
def _scientific_layout(number_format: str) -> tuple[int, int, bool] | None:
    """How a format writes numbers in scientific notation: (decimals, exponent digits, General?), else None.

    The General format does so for numbers of more than 11 digits only (five decimals, two digits).
    """
    plain = re.sub(r'"[^"]*"', "", number_format)
    found = re.search(r"[0#?]*(?:\.([0#?]*))?E([+-])(0+)", plain, re.IGNORECASE)
    if found:
        return len(found.group(1) or ""), len(found.group(3)), False
    if plain.strip().lower() == "general":
        return 5, 2, True
    return None


def _whole(value: object) -> bool:
    """Whether a cell's value is a whole number (not a boolean)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()
