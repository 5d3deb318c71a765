"""``barometre template``: one Excel collection workbook per organisation of the sample, and a blank CSV.

Each workbook has an instruction sheet (every target's definition, unit, what counts in the
numerator and the denominator, intended effect) and the data sheet « Données », pre-filled with the
organisation's code and name, the period and one row per target. Only the numerator, denominator and
comment cells are unlocked; they accept whole numbers ≥ 0 (Excel data validation), any number ≥ 0 for a
target whose counts may have decimals (``whole_counts: false`` in the strategy); the sheets are protected
(without password: an analyst may unprotect them, and ingestion still reads restructured sheets).
A third sheet « Plan » asks for the organisation's planned values up to the deadline (:mod:`.plan_sheet`).
Each organisation's workbook is in its language (``language`` in organisations.csv; French by default);
``--lang en`` writes every one in English (``fr,en``: both), named « collection-<code>-<period>.xlsx », their
data sheet « Data »; ``ingest`` reads both alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation

from ..dataset import load_dataset_parts
from ..errors import NoUsableDataError, ParameterError
from ..export import SPREADSHEET_CSV
from ..i18n import LANGUAGES, both, t
from ..organisation_periods import expected
from ..period_words import unknown_period_fields
from ..plans_validation import read_plans
from ..row_words import row_ranges
from ..strategy import Strategy
from ..strategy_model import normalise_period
from .layout import (
    CODE_ROW,
    COLUMN_KEYS,
    CSV_COLUMNS,
    DATA_SHEETS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    NAME_ROW,
    PERIOD_ROW,
    TABLE_COLUMNS,
    csv_template_name,
    workbook_name,
)
from .plan_sheet import add_plan_sheet

GREY = PatternFill("solid", fgColor="E7E6E6")
INPUT = PatternFill("solid", fgColor="FFFFFF")
HEAD = PatternFill("solid", fgColor="1F3864")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)
# Fixed document dates keep the workbooks' metadata stable from one run to the next.
FIXED_TIME = dt.datetime(2019, 4, 1)


def check_period(strategy: Strategy, period: str) -> str:
    """Return ``period`` if the strategy declares it, else raise a :class:`ParameterError`.

    « 2022-23 » is returned « 2022-2023 », as ``indicators`` reads it.
    """
    period = normalise_period(period)
    if not strategy.accepts_period(period):  # next year's period: how to follow it, as validate says
        fields = unknown_period_fields(strategy, period)
        raise ParameterError(both(f"rule.{fields.pop('message', 'unknown_period')}", value=period, **fields))
    return period


def _instructions(wb: Workbook, strategy: Strategy, code: str, name: str, period: str, lang: str) -> None:
    ws = wb.active
    ws.title = INSTRUCTIONS_SHEET
    ws["A1"] = t("collect.tpl.title", lang, strategy=strategy.title(lang))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = t("collect.tpl.intro", lang, name=name, code=code, period=period)
    mixed = not all(tgt.whole_counts for tgt in strategy.targets)
    ws["A3"] = t(
        "collect.tpl.howto", lang, counts=t(f"collect.tpl.counts.{'mixed' if mixed else 'whole'}", lang)
    )
    ws.merge_cells("A3:G3")
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[3].height = 90
    ws["A4"] = t("collect.tpl.howto_plan", lang)  # the plan sheet, or its values were left unfilled
    ws.merge_cells("A4:G4")
    ws["A4"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[4].height = 75
    heads = [
        ("collect.tpl.col.target", 8),
        ("collect.tpl.col.definition", 40),
        ("collect.tpl.col.unit", 22),
        ("collect.tpl.col.numerator_def", 40),
        ("collect.tpl.col.denominator_def", 40),
        ("collect.tpl.col.effect", 45),
    ]
    for col, (key, width) in enumerate(heads, start=1):
        cell = ws.cell(5, col, t(key, lang))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEAD
        cell.border = BOX
        ws.column_dimensions[cell.column_letter].width = width
    for i, tgt in enumerate(strategy.targets):
        unit = tgt.unit(lang) + ("" if tgt.whole_counts else t("collect.tpl.decimals_allowed", lang))
        values = [tgt.id, tgt.label(lang), unit, tgt.numerator(lang), tgt.denominator(lang)]
        values.append(tgt.effect(lang))
        for col, value in enumerate(values, start=1):
            cell = ws.cell(6 + i, col, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = BOX
        ws.cell(6 + i, 1).number_format = "@"
    ws.protection.sheet = True


def _data_sheet(wb: Workbook, strategy: Strategy, code: str, name: str, period: str, lang: str) -> None:
    ws = wb.create_sheet(DATA_SHEETS[lang])
    ws["A1"] = t("collect.tpl.title", lang, strategy=strategy.title(lang))
    ws["A1"].font = Font(bold=True, size=14)
    for row, key, value in (
        (CODE_ROW, "collect.tpl.label.code", code),
        (NAME_ROW, "collect.tpl.label.name", name),
        (PERIOD_ROW, "collect.tpl.label.period", period),
    ):
        ws.cell(row, 1, t(key, lang)).font = Font(bold=True)
        cell = ws.cell(row, 2, value)
        cell.fill = GREY
        cell.number_format = "@"
    widths = {"target": 8, "label": 70, "numerator": 14, "denominator": 14, "note": 50}
    for col, column in enumerate(TABLE_COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, col, t(COLUMN_KEYS[column], lang))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEAD
        cell.border = BOX
        ws.column_dimensions[cell.column_letter].width = widths[column]
    for i, tgt in enumerate(strategy.targets):
        row = FIRST_DATA_ROW + i
        for col, column in enumerate(TABLE_COLUMNS, start=1):
            cell = ws.cell(row, col)
            cell.border = BOX
            if column == "target":
                cell.value = tgt.id
                cell.number_format = "@"  # keep « 1.10 »-style ids as text
            elif column == "label":
                cell.value = tgt.label(lang)
                cell.alignment = Alignment(wrap_text=True)
            if column in ("numerator", "denominator", "note"):
                cell.protection = UNLOCKED
                cell.fill = INPUT
                if (
                    column != "note" and tgt.whole_counts
                ):  # decimals: Excel's General (« 0.## » wrote « 2170, »)
                    cell.number_format = "0"
            else:
                cell.protection = LOCKED
                cell.fill = GREY
    for kind, key in (("whole", "collect.tpl.validation"), ("decimal", "collect.tpl.validation_decimal")):
        rows = [
            FIRST_DATA_ROW + i
            for i, tgt in enumerate(strategy.targets)
            if tgt.whole_counts == (kind == "whole")
        ]
        if not rows:
            continue
        check = DataValidation(
            type=kind,
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorStyle="stop",
            errorTitle=t(f"{key}.title", lang),
            error=t(f"{key}.error", lang),
            promptTitle=t(f"{key}.title", lang),
            prompt=t(f"{key}.prompt", lang),
        )
        ws.add_data_validation(check)
        for first, last in row_ranges(rows):
            check.add(f"C{first}:D{last}")
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    ws.protection.sheet = True
    wb.active = wb.index(ws)


def build_workbook(strategy: Strategy, code: str, name: str, period: str, lang: str = "fr") -> Workbook:
    """Build (without saving) the collection workbook of one organisation for one period, in ``lang``."""
    wb = Workbook()
    _instructions(wb, strategy, code, name, period, lang)
    _data_sheet(wb, strategy, code, name, period, lang)
    wb.properties.creator = "barometre"
    wb.properties.title = t("collect.tpl.title", lang, strategy=strategy.title(lang))
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def csv_template(strategy: Strategy, period: str, lang: str = "fr") -> str:
    """The blank CSV template: same columns as the data sheet, plus organisation and period.

    Separated by « ; » in French, by « , » in English: the list separator of Excel in each language, so
    that a double click opens it in columns.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=SPREADSHEET_CSV[lang][0], lineterminator="\r\n")
    writer.writerow([t(COLUMN_KEYS[c], lang) for c in CSV_COLUMNS])
    for tgt in strategy.targets:
        writer.writerow(["", period, tgt.id, tgt.label(lang), "", "", ""])
    return buf.getvalue()


def write_templates(
    data_dir: str | Path, period: str, out: str | Path, langs: Sequence[str] | None = None
) -> list[Path]:
    """Write the workbooks and the blank CSV of ``period`` into ``out``; return the paths.

    In each of ``langs``: one workbook per organisation expected in ``period``, then the blank CSV. Without
    ``langs``, each organisation's workbook is in its own language (``language`` in organisations.csv,
    French when it has none), and a blank CSV is written in each language of a workbook.
    """
    _meta, strategy, orgs, _report = load_dataset_parts(data_dir)
    # An open-ended strategy (the GC's) lists the periods it has data for: reach the one asked for.
    period = check_period(strategy, period)
    strategy = strategy.extended_to([period])
    asked = expected(orgs, period)  # not those created later or abolished before the period
    if asked.empty:  # no workbook to write: unusable input, never « 0 classeur » and exit 0
        file = Path(data_dir) / "organisations.csv"
        raise NoUsableDataError(both("collect.error.no_organisation", file=file, period=period, folder=data_dir),
                                file=str(file))  # fmt: skip
    plans = read_plans(Path(data_dir), strategy, orgs)[0]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    rows = [org for _, org in asked.iterrows()]

    def wanted(org: Any) -> Sequence[str]:
        """The languages of ``org``'s workbooks: ``langs``, else its own (French when it has none)."""
        return langs or [org.get("language") if org.get("language") in LANGUAGES else "fr"]

    for lang in LANGUAGES:  # French first
        mine = [org for org in rows if lang in wanted(org)]
        if not mine:
            continue
        for org in mine:
            # validation gave every organisation an English name (its French one when it had none)
            code, name = str(org["code"]), str(org[f"name_{lang}"])
            path = out / workbook_name(code, period, lang)
            wb = build_workbook(strategy, code, name, period, lang)
            add_plan_sheet(wb, strategy, code, name, period, plans, lang)
            wb.save(path)
            written.append(path)
        path = out / csv_template_name(period, lang)
        # UTF-8 with BOM, so that Excel reads its accents.
        path.write_bytes(b"\xef\xbb\xbf" + csv_template(strategy, period, lang).encode("utf-8"))
        written.append(path)
    return written
