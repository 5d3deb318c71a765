"""Which organisations are expected to report in a period.

Governments reorganise: a ministry created in 2022-2023 was not expected to report in 2019-2020, and
one abolished in 2021 is not expected after it. ``organisations.csv`` may say so with two optional
columns, ``from_period`` and ``until_period`` (the first and last fiscal years the organisation
reports; empty: no limit). An organisation is *expected* in a period when it is in the sample and
active then; coverage, plans and collection count only those.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .strategy_model import fiscal_year_start

if TYPE_CHECKING:
    from .dataset import Dataset

PERIOD_COLUMNS = ("from_period", "until_period")


def _years(column: pd.Series | None, size: int, default: float) -> np.ndarray:
    if column is None:
        return np.full(size, default)
    years = [fiscal_year_start(str(p)) if isinstance(p, str) and p else None for p in column]
    return np.array([default if y is None else float(y) for y in years])


def has_periods(organisations: pd.DataFrame) -> bool:
    """Whether any organisation has a ``from_period`` or an ``until_period``."""
    return any(
        c in organisations.columns and organisations[c].fillna("").astype(bool).any() for c in PERIOD_COLUMNS
    )


def spans(organisations: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each organisation's first and last fiscal years (their starting year; ±inf when open or unreadable)."""
    n = len(organisations)
    return _years(organisations.get("from_period"), n, -np.inf), _years(
        organisations.get("until_period"), n, np.inf
    )


def created_by(organisations: pd.DataFrame, period: str) -> np.ndarray:
    """Whether each organisation had been created by ``period`` (no ``from_period``, or one not after it)."""
    first, _ = spans(organisations)
    year = fiscal_year_start(period)
    return first <= (np.inf if year is None else year)


def active(organisations: pd.DataFrame, period: str) -> np.ndarray:
    """Whether each organisation exists in ``period`` (between its ``from_period`` and ``until_period``)."""
    year = fiscal_year_start(period)
    if year is None or not has_periods(organisations):
        return np.ones(len(organisations), dtype=bool)
    first, last = spans(organisations)
    return (first <= year) & (year <= last)


def expected(organisations: pd.DataFrame, *periods: str | None) -> pd.DataFrame:
    """The organisations expected in every one of ``periods`` (in the sample, and active then), in file order.

    No period (or only None): every organisation of the sample.
    """
    keep = organisations["in_sample"].astype(bool).to_numpy()
    for period in periods:
        if period is not None:
            keep = keep & active(organisations, period)
    return organisations[keep]


def expected_codes(organisations: pd.DataFrame, *periods: str | None) -> list[str]:
    """Codes of :func:`expected`."""
    return list(expected(organisations, *periods)["code"])


def expected_codes_known_at(organisations: pd.DataFrame, period: str, report: str) -> list[str]:
    """Codes of the organisations expected in ``period`` as known in the report of period ``report``.

    A report is made of what was known up to its period: an organisation created after ``report`` is not
    known in it, and one that still exists in ``report`` stays expected in the later ``period`` even if
    ``organisations.csv`` records its abolition since (its ``until_period`` counts only once past, before
    ``report``). In the sample and existing in ``period`` otherwise, as :func:`expected`.
    """
    keep = organisations["in_sample"].astype(bool).to_numpy()
    at, year = fiscal_year_start(report), fiscal_year_start(period)
    if at is not None and year is not None and has_periods(organisations):
        first, last = spans(organisations)
        last = np.where(last < at, last, np.inf)  # an abolition after the report's period is not known in it
        keep = keep & (first <= min(at, year)) & (year <= last)
    return list(organisations.loc[keep, "code"])


def _row_spans(rows: pd.DataFrame, organisations: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Each (``period``, ``organisation``) row's fiscal year, and its organisation's first and last ones.

    ±inf for an open end or an organisation not in ``organisations``; NaN for a period without a year.
    """
    first, last = spans(organisations)
    codes = organisations["code"].to_numpy()
    once = ~pd.Index(codes).duplicated()
    year = rows["period"].map({p: fiscal_year_start(str(p)) for p in rows["period"].unique()}).astype(float)
    lo = rows["organisation"].map(pd.Series(first[once], index=codes[once])).astype(float).fillna(-np.inf)
    hi = rows["organisation"].map(pd.Series(last[once], index=codes[once])).astype(float).fillna(np.inf)
    return year, lo, hi


def inactive_rows(rows: pd.DataFrame, organisations: pd.DataFrame) -> pd.Series:
    """Whether each (``period``, ``organisation``) row names an organisation outside its active periods."""
    if not has_periods(organisations):
        return pd.Series(False, index=rows.index)
    year, first, last = _row_spans(rows, organisations)
    return (year < first) | (year > last)


def abolished_rows(rows: pd.DataFrame, organisations: pd.DataFrame, report: str | None = None) -> pd.Series:
    """Whether each (``period``, ``organisation``) row comes after its organisation's ``until_period``.

    With ``report``, only when that abolition is known in the report of period ``report`` (it came before).
    A plan filed while the organisation existed is kept (plans.csv); the reports after its abolition drop it.
    """
    if not has_periods(organisations):
        return pd.Series(False, index=rows.index)
    year, _, until = _row_spans(rows, organisations)
    after = year > until
    if report is not None:
        at = fiscal_year_start(report)
        after &= until < (np.inf if at is None else at)
    return after


def span_fields(row: pd.Series, organisations: pd.DataFrame) -> dict[str, str]:
    """Fields of the ``inactive_organisation`` message: the organisation, its periods, the wording to use.

    « à partir de 2021-2022 », « jusqu'en 2020-2021 » or « de 2019-2020 à 2020-2021 »: the catalogue keys
    ``rule.inactive_organisation_from``, ``…_until`` and ``…_between``.
    """
    match = organisations[organisations["code"] == row["organisation"]]
    found = match.iloc[0] if len(match) else pd.Series(dtype=object)
    first, last = (str(found.get(c) or "") for c in PERIOD_COLUMNS)
    wording = "between" if first and last else "from" if first else "until"
    return {"organisation": str(row["organisation"]), "from_period": first, "until_period": last,
            "message": f"inactive_organisation_{wording}"}  # fmt: skip


def unreported(ds: Dataset, period: str) -> tuple[list[str], dict[str, list[str]], dict[str, list[str]]]:
    """The organisations expected in ``period``, and by target those unreported and those rejected.

    By target in the strategy's order: those without a row of ``period``, and those whose rows of it were all
    rejected at validation. Expected as the indicators count them (in the sample and existing in the period). An organisation whose row
    was rejected did report: it is in the third list, not the second (the brief told the office to chase
    organisations that had reported). A target's two lists together are as long as its « organisations
    attendues » less its « organisations déclarantes ».
    """
    expected = expected_codes(ds.organisations, period)
    obs = ds.observations[ds.observations["period"] == period]
    reported = set(zip(obs["organisation"], obs["target"], strict=True))
    rejected = {(org, target) for p, org, target in ds.rejected_keys if p == period} - reported
    missing, refused = {}, {}
    for tg in ds.strategy.targets:
        codes = [code for code in expected if (code, tg.id) not in reported]
        missing[tg.id] = [code for code in codes if (code, tg.id) not in rejected]
        refused[tg.id] = [code for code in codes if (code, tg.id) in rejected]
    return expected, missing, refused
