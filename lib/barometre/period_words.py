"""What an unknown period in a file may have been meant to be: a date, a year, next year's period."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

from .i18n import LANGUAGES, format_date
from .strategy import Strategy, period_year
from .strategy_model import fiscal_year_of, fiscal_year_start
from .target_ids import excel_date

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: \d{2}:\d{2}(?::\d{2})?)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")  # 01/04/2022, 1.4.2022


def _date_readings(text: str) -> list[dt.date]:
    """The dates ``text`` may be: one (ISO, or a day above 12), two (day first, month first), or none."""
    iso = _DATE.match(text)
    parts = [(int(iso[1]), int(iso[2]), int(iso[3]))] if iso else []
    slashed = _SLASHED.match(text)
    if slashed:
        a, b, year = int(slashed[1]), int(slashed[2]), int(slashed[3])
        parts = [(year, b, a), (year, a, b)]  # day first (French), then month first (US)
    readings = []
    for y, m, d in parts:
        with contextlib.suppress(ValueError):
            readings.append(dt.date(y, m, d))
    return list(dict.fromkeys(readings))


def unknown_period_fields(strategy: Strategy, period: str) -> dict[str, str]:
    """The strategy's periods; for a fiscal year after its last one (next year's file), how to follow it."""
    periods = strategy.periods
    text = str(period).strip()
    if text.isdigit() and len(text) == 4:  # « 2022 »: the fiscal year that starts in it, or ends in it?
        either = [p for p in (f"{int(text) - 1}-{text}", f"{text}-{int(text) + 1}") if p in periods]
        if either:
            return {
                "message": "unknown_period_one_year",
                "either": {"fr": " ou ".join(either), "en": " or ".join(either)},
                "valid": ", ".join(periods),
            }
    readings = _date_readings(text)
    fiscal = sorted({fiscal_year_of(day) for day in readings})
    if len(fiscal) == 1:  # a date typed, or turned into one by a spreadsheet: the fiscal year it falls in
        return {"message": "unknown_period_date", "fiscal": fiscal[0], "valid": ", ".join(periods)}
    if len(fiscal) == 2:  # « 01/04/2022 »: 1 April (day first) or 4 January (month first)
        day_first, month_first = readings
        return {
            "message": "unknown_period_date_either",
            "day_first": {lang: format_date(day_first, lang) for lang in LANGUAGES},
            "month_first": {lang: format_date(month_first, lang) for lang in LANGUAGES},
            "fiscal_day_first": fiscal_year_of(day_first),
            "fiscal_month_first": fiscal_year_of(month_first),
            "valid": ", ".join(periods),
        }
    if excel_date(text) is not None:  # « 01-avr », « avr-22 »: a date Excel made, with no year to read
        return {"message": "unknown_period_excel_date", "example": periods[-1] if periods else "",
                "valid": ", ".join(periods)}  # fmt: skip
    year = fiscal_year_start(period)
    if periods and year is not None and year > period_year(periods[-1]):
        return {"message": "unknown_period_later", "last": periods[-1]}
    return {"valid": ", ".join(periods)}
