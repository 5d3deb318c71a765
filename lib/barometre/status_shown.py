"""Statuses as the reports show them: at the strategy's starting period a counted target is at its start.

The methodology's status there is ``insufficient_data`` (fewer than two counted periods, BRIEF), which the
indicator files keep. Shown as « Données insuffisantes » beside « 24 / 25 organisations », it read as missing
data on every target of a strategy's first report; the pages, the brief and the explorer show it as
« Point de départ » (:data:`STARTING_POINT`).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pandas as pd

from .methodology_formulas import coverage_met

if TYPE_CHECKING:
    from .api import Results

STARTING_POINT = "starting_point"


def starting_points(frame: pd.DataFrame, baseline: str, threshold: float | None) -> pd.Series:
    """Rows of ``frame`` at ``baseline`` with a value, counted, whose status is only for want of a second period.

    ``threshold``: the coverage a government row needs (``None`` for an organisation's own rows).
    """
    mask = frame["period"].eq(baseline) & frame["status"].eq("insufficient_data") & frame["value"].notna()
    if threshold is not None and len(frame):
        mask &= coverage_met(frame["organisations_reporting"], frame["organisations_expected"], threshold)
    return mask


def with_starting_points(res: Results) -> Results:
    """``res`` with the statuses :func:`starting_points` names as :data:`STARTING_POINT` (``res`` is left as is)."""
    s = res.dataset.strategy
    at_start = starting_points(res.indicators, s.baseline_period, s.coverage_threshold)
    orgs_at_start = starting_points(res.by_organisation, s.baseline_period, None)
    if not at_start.any() and not orgs_at_start.any():
        return res
    indicators, by_organisation = res.indicators.copy(), res.by_organisation.copy()
    indicators.loc[at_start, "status"] = STARTING_POINT
    by_organisation.loc[orgs_at_start, "status"] = STARTING_POINT
    return dataclasses.replace(res, indicators=indicators, by_organisation=by_organisation)


__all__ = ["STARTING_POINT", "starting_points", "with_starting_points"]
