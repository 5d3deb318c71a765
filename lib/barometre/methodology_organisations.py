"""Per-organisation indicators and the organisation × target matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .methodology_formulas import _series_table
from .methodology_government import INDICATOR_COLUMNS, previous_period
from .strategy_model import Strategy, Target


def _organisation_goal(target: Target) -> tuple[float | None, bool]:
    """What one organisation aims at: the threshold for share-of-organisations targets, else the target."""
    if target.aggregation == "share_of_organisations":
        return target.threshold, target.inclusive
    return target.target_value, True


def compute_by_organisation(
    observations: pd.DataFrame,
    organisations: pd.DataFrame,
    strategy: Strategy,
    periods: list[str] | None = None,
) -> pd.DataFrame:
    """Per-organisation indicators: the same columns plus ``organisation``.

    An organisation's value is its own ratio. For share-of-organisations targets
    its target is the threshold (e.g. 6.1: more than half of its high-potential
    datasets published). Only reported (organisation, target, period) cells give a
    row; missing data is never filled in.
    """
    sample = organisations.loc[organisations["in_sample"].astype(bool), "code"]
    obs = observations[observations["organisation"].isin(sample)]
    if periods is None:
        present = set(obs["period"])
        periods = [p for p in strategy.periods if p in present]
    periods = list(periods)
    cols = ["organisation", *INDICATOR_COLUMNS]
    obs = obs[obs["period"].isin(periods)]
    t_codes = pd.Categorical(obs["target"], categories=strategy.target_ids).codes.astype(np.int64)
    if (t_codes < 0).any():
        strategy.target(obs["target"].to_numpy()[t_codes < 0][0])  # raises, listing the valid ids
    if obs.empty:
        return pd.DataFrame(columns=cols)
    # One integer key per (organisation, target, period) cell, in output order:
    # organisations alphabetically, targets and periods in strategy order.
    o_codes, org_names = pd.factorize(obs["organisation"].astype(str), sort=True)
    p_codes = pd.Categorical(obs["period"], categories=periods).codes.astype(np.int64)
    n_t, n_p = len(strategy.targets), len(periods)
    key = (o_codes.astype(np.int64) * n_t + t_codes) * n_p + p_codes
    cell_keys, inverse = np.unique(key, return_inverse=True)
    num = np.bincount(inverse, weights=obs["numerator"].to_numpy(float), minlength=len(cell_keys))
    den = np.bincount(inverse, weights=obs["denominator"].to_numpy(float), minlength=len(cell_keys))
    pi = cell_keys % n_p
    ti = (cell_keys // n_p) % n_t
    oi = cell_keys // (n_p * n_t)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = num / den
    series_keys, series_id = np.unique(cell_keys // n_p, return_inverse=True)
    n_series = len(series_keys)
    values = np.full((n_series, n_p), np.nan)
    counted = np.zeros((n_series, n_p), dtype=bool)
    values[series_id, pi] = ratio
    counted[series_id, pi] = True
    series_targets = [strategy.targets[i] for i in series_keys % n_t]
    goals = [_organisation_goal(t) for t in series_targets]
    tv = np.array([np.nan if g is None else g for g, _inc in goals], dtype=float)
    inclusive = np.array([inc for _g, inc in goals], dtype=bool)
    decrease = np.array([t.decreases for t in series_targets], dtype=bool)
    series = _series_table(strategy, periods, values, counted, tv, inclusive, decrease)
    frame = pd.DataFrame({
        "organisation": np.asarray(org_names, dtype=object)[oi],
        "period": np.array(periods, dtype=object)[pi],
        "target": np.array(strategy.target_ids, dtype=object)[ti],
        "value": ratio, "numerator": num, "denominator": den,
        "organisations_reporting": 1, "organisations_expected": 1, "ci_low": np.nan, "ci_high": np.nan,
    })  # fmt: skip
    for key, arr in series.items():
        frame[key] = arr[series_id, pi]
    frame["target_value"] = tv[series_id]
    # An organisation's own change since the previous period (constant-sample columns stay empty:
    # one organisation is its own constant sample).
    before = {p: previous_period(strategy, p) for p in periods}
    own = frame.set_index(["organisation", "target", "period"])["value"]
    keys = pd.MultiIndex.from_arrays([frame["organisation"], frame["target"], frame["period"].map(before)])
    frame["previous_value"] = own.reindex(keys).to_numpy()
    frame["change"] = frame["value"] - frame["previous_value"]
    return frame.reindex(columns=cols)


def organisation_matrix(by_org: pd.DataFrame, period: str, strategy: Strategy) -> pd.DataFrame:
    """Organisation × target matrix of values for one period (NaN where not reported)."""
    sub = by_org[by_org["period"] == period]
    matrix = sub.pivot(index="organisation", columns="target", values="value")
    return matrix.reindex(columns=[t for t in strategy.target_ids if t in matrix.columns])
