"""Counts accepted but worth a check: scientific notation (« 1.79E+03 »), decimals in a whole count.

A spreadsheet shows a long number in scientific notation (« 1.79E+03 », « 1.23457E+11 »), and a CSV saved
from it keeps that text: the count read (1 790) may be a rounded figure or a mangled identifier. The row is
accepted, with a warning quoting the cell and the number read, so that the officer can check it.

A count of units (services, files) with decimals (« 416,5 ») for a target whose strategy does not say
``whole_counts: false`` is accepted too, with a warning: the collection workbook refuses it, a dataset file
says it, so that one rule holds whichever way the count came in.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .i18n import numbers
from .readers import RawTable, _compact
from .strategy_model import Strategy
from .validation_report import Issue, make_issue

SCIENTIFIC = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)[eE][+-]?\d+$")
COUNT_COLUMNS = ("numerator", "denominator")


def is_scientific(text: str) -> bool:
    """Whether a cell's text is a number in scientific notation (« 1.79E+03 », « 1,5e3 »)."""
    return bool(SCIENTIFIC.match(_compact(text)))


def _decimals(value: float) -> int:
    """The decimals ``value`` needs to be written whole (1790 → 0, 123.45 → 2), at most 9."""
    text = f"{value:.9f}".rstrip("0")
    return len(text.split(".")[1])


def scientific_warnings(table: RawTable, f: pd.DataFrame) -> list[Issue]:
    """A warning for each count of ``f`` read from scientific notation, typed or shown by the workbook.

    ``f`` is ``table``'s frame with the parsed counts (``numerator_value``…) and the rows (``_row``);
    a workbook's cell shown « 1.79E+03 » is in :attr:`RawTable.shown`.
    """
    issues = []
    names = list(table.frame.columns)
    for column in COUNT_COLUMNS:
        place = names.index(column)
        # the rows worth a look: an « e » typed, or a cell the workbook shows otherwise (not every row of a file)
        typed = np.flatnonzero(f[column].astype(str).str.contains("e", case=False, regex=False).to_numpy())
        for i in sorted({*typed.tolist(), *(i for i, c in table.shown if c == place)}):
            shown, value = table.shown.get((i, place), f[column].iat[i]), f[f"{column}_value"].iat[i]
            if pd.isna(value) or not is_scientific(shown):
                continue
            number = numbers(float(value), _decimals(float(value)))
            row = int(f["_row"].iat[i])
            issues.append(make_issue(table.file, row, column, shown, "scientific_notation", number=number))
    return issues


def decimal_count_warnings(
    file: str, f: pd.DataFrame, accepted: np.ndarray, strategy: Strategy
) -> list[Issue]:
    """A warning for each accepted count with decimals whose target counts whole units.

    ``f`` holds the parsed counts (``numerator_value``…), the rows (``_row``) and the normalised targets.
    """
    whole = {tg.id: tg for tg in strategy.targets if tg.whole_counts}
    issues = []
    for column in COUNT_COLUMNS:
        values = f[f"{column}_value"]
        fractional = accepted & f["target"].isin(whole).to_numpy() & (values % 1).fillna(0).ne(0).to_numpy()
        for i in np.flatnonzero(fractional):
            target = whole[f["target"].iat[i]]
            unit = {lang: target.unit(lang) for lang in ("fr", "en")}
            issues.append(make_issue(file, int(f["_row"].iat[i]), column, f[column].iat[i], "decimal_count",
                                     target=target.id, unit=unit))  # fmt: skip
    return issues
