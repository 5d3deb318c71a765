"""Tabular exports (CSV, JSON) of indicator tables, safe for spreadsheets."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DECIMALS = 6
# A spreadsheet's list separator and decimal mark in each language (Excel's, LibreOffice's): a CSV written with
# them opens in columns at a double click, numbers as numbers (in French « a,b » stayed one cell and « 0.61 » text)
SPREADSHEET_CSV = {"fr": (";", ","), "en": (",", ".")}


def neutralise_formula(value: Any) -> Any:
    """Prefix text cells starting with ``= + - @`` with ``'`` so spreadsheets show them as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _clean(value: Any) -> Any:
    if isinstance(value, str) and not value:  # an empty cell (« not applicable »), null as every other gap
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        value = round(value, DECIMALS)
        return int(value) if value.is_integer() else value  # counts read as floats: 23, as the CSV writes it
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def to_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with NaN and empty text → None and floats rounded (JSON-ready).

    The CSV writes both as an empty cell, the data package's missing value: the JSON says null for
    each (an empty status read ``""`` beside ``null`` progress).
    """
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def to_json(frame: pd.DataFrame) -> str:
    """JSON array of records, UTF-8 text, NaN and empty text as null."""
    return json.dumps(to_records(frame), ensure_ascii=False, indent=1)


def _booleans(column: pd.Series) -> bool:
    """Whether a column holds booleans (with gaps: ``plans_suffice`` is empty without a target value)."""
    if column.dtype.kind == "b":
        return True
    values = column.dropna()
    return column.dtype == object and len(values) > 0 and all(isinstance(v, bool | np.bool_) for v in values)


def to_csv(frame: pd.DataFrame, neutralise: bool = True, sep: str = ",", decimal: str = ".") -> str:
    """CSV text: NaN as empty cell, floats rounded; text cells neutralised against formulas.

    ``sep, decimal = SPREADSHEET_CSV[lang]`` write the CSV a spreadsheet in ``lang`` opens in columns.
    """
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype.kind == "f":
            out[col] = out[col].round(DECIMALS)
        # « true »/« false » as in organisations.csv and the JSON; empty = not applicable
        elif _booleans(out[col]):
            out[col] = out[col].map({True: "true", False: "false"})
        elif neutralise:
            out[col] = out[col].map(neutralise_formula)
    return out.to_csv(
        index=False, lineterminator="\n", na_rep="", float_format="%.10g", sep=sep, decimal=decimal
    )
