"""Export of the explorer's current selection: CSV and Excel in one click, safe against formulas.

The table behind the explorer's charts (``TABLE_SPEC``: column, catalogue key of its
header, kind) is written as a UTF-8 CSV with a BOM (in French « ; » and the decimal comma, as a
French-locale spreadsheet reads it) and as an Excel workbook whose
numbers stay numbers, with the language's formats (« 12,5 % », « 12 345 » in French).
Text cells starting with ``= + - @`` are prefixed with ``'``, as in the site's downloads.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl import Workbook

from . import export
from .charts.base import is_missing
from .counts import excel_count_format
from .i18n import fewest_decimals, label_decimals, t

# Columns of the explorer's table: (column, catalogue key of its header, kind).
TABLE_SPEC: tuple[tuple[str, str, str], ...] = (
    ("series", "chart.col.series", "text"),
    ("code", "chart.col.code", "text"),
    ("value", "chart.col.value", "value"),
    ("numerator", "chart.col.numerator", "int"),
    ("denominator", "chart.col.denominator", "int"),
    ("target_value", "chart.col.organisation_target", "goal"),
    ("status_label", "chart.col.status", "text"),
)
# Excel number formats; Excel shows them in the reader's locale (« 12,5 % », « 12 345 » in French).
EXCEL_FORMATS: dict[str, dict[str, str]] = {
    "fr": {"percent": "0.0\\ %", "points": "0.0", "int": "#,##0"},
    "en": {"percent": "0.0%", "points": "0.0", "int": "#,##0"},
}
Spec = Sequence[tuple[str, str, str]]


def selection_csv(table: pd.DataFrame, lang: str = "fr") -> bytes:
    """CSV (UTF-8 with BOM, for spreadsheets) of an explorer table, text cells neutralised against formulas.

    In French, « ; » between cells and the decimal comma (« 0,613636 »): a French-locale spreadsheet put each
    line in one cell and read « 0.613636 » as text.
    """
    sep, decimal = export.SPREADSHEET_CSV[lang]
    text = export.to_csv(table, sep=sep, decimal=decimal)
    return ("\ufeff" + text).encode("utf-8")


def selection_xlsx(table: pd.DataFrame, lang: str = "fr", spec: Spec = TABLE_SPEC) -> bytes:
    """Excel workbook of an explorer table: numbers kept as numbers with the language's formats.

    ``spec`` gives each column's kind (its header is the catalogue text in ``lang``). Text
    cells starting with ``= + - @`` are prefixed with ``'``, so no cell is ever a formula.
    """
    kinds = {t(key, lang): kind for _, key, kind in spec}
    book = Workbook()
    sheet = book.active
    sheet.title = t("explorer.export.sheet", lang)[:31]
    sheet.append([export.neutralise_formula(str(c)) for c in table.columns])
    for row in table.itertuples(index=False):
        cells = []
        for value in row:
            if is_missing(value) or value == "":
                cells.append(None)
            elif isinstance(value, str):
                cells.append(export.neutralise_formula(value))
            else:
                cells.append(float(value))
        sheet.append(cells)
    formats = EXCEL_FORMATS.get(lang, EXCEL_FORMATS["fr"])
    goals = _goals(table, kinds)
    for j, column in enumerate(table.columns, start=1):
        kind = kinds.get(column, "text")
        number_format = formats.get("percent" if kind in ("value", "goal") else kind)
        width = max([len(str(column))] + [len(str(v)) for v in table[column]]) + 2
        sheet.column_dimensions[sheet.cell(1, j).column_letter].width = min(60, width)
        for i in range(2, len(table) + 2):
            cell = sheet.cell(i, j)
            if number_format and isinstance(cell.value, float):
                cell.number_format = number_format
                if kind in ("value", "goal"):
                    cell.number_format = _goal_format(cell.value, kind, goals[i - 2], lang)
                elif kind == "int":  # 12,5 read « 13 » beside 13/158 ≠ 7,9 %
                    cell.number_format = excel_count_format(cell.value)
            elif isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _goals(table: pd.DataFrame, kinds: dict[str, str]) -> list[tuple[float | None, bool, bool]]:
    """Each row's target value, whether it is one to go down to (``at_most``) and one to pass (``above``).

    The last two come from the table's ``attrs`` (set by :func:`~barometre.charts.base.to_table`).
    """
    column = next((c for c in table.columns if kinds.get(c) == "goal"), None)
    n = len(table)
    at_most, above = (list(table.attrs.get(key, [])) for key in ("at_most", "above"))
    if len(at_most) != n or len(above) != n:  # not (or no longer) the rows to_table described
        at_most, above = [False] * n, [False] * n
    targets = [None] * n if column is None else [None if is_missing(g) else float(g) for g in table[column]]
    return list(zip(targets, at_most, above, strict=True))


def _goal_format(x: float, kind: str, goal: tuple[float | None, bool, bool], lang: str) -> str:
    """The Excel number format of a value (``kind`` ``value``) or of its target (``goal``).

    A spreadsheet's format rounds to the nearest: a value takes the decimals it needs never to read as
    reaching a target it misses (0.5996 of a 60 % target « 59,96 % », not « 60,0 % »), as the deck's labels
    do; the cell keeps the exact value. A target reads as on the pages: « au plus 25 % », « plus de 50,5 % ».
    """
    target, at_most, above = goal
    decimals = fewest_decimals(x * 100, label_decimals(x, target, at_most) if kind == "value" else 1)
    digits = "0." + "0" * decimals if decimals else "0"
    number = f"{digits}\\ %" if lang == "fr" else f"{digits}%"
    if kind == "value" or not (at_most or above):
        return number
    before, _, after = t("goal.at_most" if at_most else "goal.above", lang, value="\x00").partition("\x00")
    return (f'"{before}"' if before else "") + number + (f'"{after}"' if after else "")


def download_links(table: pd.DataFrame, lang: str, stem: str, spec: Spec = TABLE_SPEC) -> str:
    """HTML links that download ``table`` as CSV and as Excel in one click (data: URIs, work offline)."""
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    links = []
    for label_key, data, mime, suffix in (
        ("explorer.export.csv", selection_csv(table, lang), "text/csv;charset=utf-8", "csv"),
        ("explorer.export.xlsx", selection_xlsx(table, lang, spec), xlsx_type, "xlsx"),
    ):
        uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        links.append(
            f'<a class="barometre-download" download="{html.escape(stem)}.{suffix}" '
            f'href="{uri}">{html.escape(t(label_key, lang))}</a>'
        )
    return f"<p>{html.escape(t('explorer.export', lang))} " + " · ".join(links) + "</p>"


def selection_styler(table: pd.DataFrame, target: str, period: str, lang: str) -> Any:
    """The selection table as the explorer shows it, with a caption naming its target and period.

    ``target``: as running text names it (:func:`barometre.target_words.target_name`).

    A screen reader's list of tables named none. No pandas index column (0, 1, 2…); names read from the left.
    """
    caption = html.escape(t("explorer.table.caption", lang, id=target, period=period))
    left = {"text-align": "left"}
    return (
        table.style.hide(axis="index")
        .set_caption(caption)
        .set_properties(subset=[t("chart.col.series", lang)], **left)
    )


__all__ = [
    "EXCEL_FORMATS",
    "TABLE_SPEC",
    "download_links",
    "selection_csv",
    "selection_styler",
    "selection_xlsx",
]
