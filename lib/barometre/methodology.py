"""Progress methodology: values, intervals, progress, pace, status and projections.

Pure functions over DataFrames. The formulas are those of the brief (section 4):

* value — pooled (Σ numerators / Σ denominators) or the share of organisations
  whose own ratio meets a threshold;
* a period *counts* for a target when at least ``coverage_threshold`` (50 %) of
  the expected organisations reported it;
* progress (taux d'avancement) — 1 when the target is reached, else
  (v_t − v_0) / (target − v_0) clamped to [0, 1];
* pace ratio — observed yearly pace over required yearly pace (linear), or the
  ratio of compound growth rates (cagr);
* status — from the pace ratio with thresholds 0.6 and 0.95;
* projection — least-squares line through counted periods, at the deadline;
* 95 % interval — seeded cluster bootstrap over organisations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .strategy import Strategy, Target, period_year

INDICATOR_COLUMNS = [
    "period", "target", "value", "numerator", "denominator", "organisations_reporting",
    "organisations_expected", "ci_low", "ci_high", "baseline_value", "target_value",
    "progress", "pace_ratio", "status", "projected_value", "previous_value", "change",
    "constant_sample_organisations", "constant_sample_change",
]  # fmt: skip
CHANGE_COLUMNS = ["previous_value", "change", "constant_sample_organisations", "constant_sample_change"]
STATUSES = (
    "target_achieved",
    "on_track",
    "acceleration_needed",
    "limited_progress",
    "deterioration",
    "insufficient_data",
)
ON_TRACK_AT = 0.95
ACCELERATION_AT = 0.6
DEFAULT_SEED = 20190101
DEFAULT_BOOTSTRAP = 1000
CAGR_ZERO = 0.001


@dataclass(frozen=True)
class Options:
    """Computation options: bootstrap replicates (0 disables) and seed."""

    bootstrap: int = DEFAULT_BOOTSTRAP
    seed: int = DEFAULT_SEED


def _nan(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _snap(ratio: float | np.ndarray) -> float | np.ndarray:
    """Round a pace ratio to 9 decimals so that R = 0.6 or 0.95 computed in floats hits the boundary."""
    out = np.round(ratio, 9)
    return float(out) if np.ndim(out) == 0 else out


def achieved(value: float, target: float, inclusive: bool = True) -> bool:
    """Whether ``value`` reaches ``target`` (with a tolerance for float noise)."""
    if inclusive:
        return value >= target - 1e-12
    return value > target + 1e-12


def progress(value: float, baseline: float, target: float) -> float:
    """Taux d'avancement: 1 at or above target, else share of the way from baseline, in [0, 1]."""
    if _nan(value):
        return math.nan
    if achieved(value, target):
        return 1.0
    if _nan(baseline):
        return math.nan
    if baseline >= target:
        return 0.0
    return float(min(1.0, max(0.0, (value - baseline) / (target - baseline))))


def required_pace(baseline: float, target: float) -> float:
    """Distance left at baseline (``target − v_0``); ≤ 0 means the baseline was already at target."""
    return target - baseline


def pace_ratio(
    value: float,
    baseline: float,
    target: float,
    years_elapsed: int,
    years_total: int,
    method: str = "linear",
) -> float:
    """Observed pace over required pace (Statistics Canada / Open SDG method).

    linear: ((v_t − v_0)/(t − t0)) / ((target − v_0)/(T − t0));
    cagr:   ((v_t/v_0)^(1/(t−t0)) − 1) / ((target/v_0)^(1/(T−t0)) − 1), a zero base
    replaced by 0.001. NaN when undefined (same period, or no distance to cover).
    """
    if _nan(value) or _nan(baseline) or years_elapsed <= 0 or years_total <= 0:
        return math.nan
    if required_pace(baseline, target) <= 0:
        return math.nan
    if method == "cagr":
        base = baseline if baseline > 0 else CAGR_ZERO
        actual = (max(value, 0.0) / base) ** (1 / years_elapsed) - 1
        needed = (target / base) ** (1 / years_total) - 1
        return float(actual / needed) if needed > 0 else math.nan
    observed = (value - baseline) / years_elapsed
    needed = (target - baseline) / years_total
    return float(observed / needed)


def status(
    value: float,
    target: float | None,
    counted: bool,
    counted_periods: int,
    baseline: float,
    ratio: float,
    inclusive: bool = True,
) -> str:
    """Status code from the brief; ``""`` when the target has no target value."""
    if target is None or _nan(target):
        return ""
    if not counted or _nan(value):
        return "insufficient_data"
    if achieved(value, target, inclusive):
        return "target_achieved"
    if counted_periods < 2 or _nan(baseline):
        return "insufficient_data"
    if required_pace(baseline, target) <= 0:
        return "deterioration"
    if _nan(ratio):  # e.g. a period before the baseline: no pace can be measured
        return "insufficient_data"
    r = _snap(ratio)
    if r < 0:
        return "deterioration"
    if r < ACCELERATION_AT:
        return "limited_progress"
    if r < ON_TRACK_AT:
        return "acceleration_needed"
    return "on_track"


def projection(years: list[int], values: list[float], deadline_year: int) -> float:
    """Least-squares line through (year, value), evaluated at the deadline, clipped to [0, 1]."""
    pts = [(y, v) for y, v in zip(years, values, strict=True) if not _nan(v)]
    if len(pts) < 2 or len({y for y, _ in pts}) < 2:
        return math.nan
    xs = np.array([p[0] for p in pts], dtype=float)
    ys = np.array([p[1] for p in pts], dtype=float)
    slope, intercept = np.polyfit(xs, ys, 1)
    return float(min(1.0, max(0.0, slope * deadline_year + intercept)))


def _mirror(x: float | None) -> float | None:
    return None if x is None else (math.nan if _nan(x) else 1.0 - x)


def _aggregate(target: Target, num: np.ndarray, den: np.ndarray) -> tuple[float, float, float]:
    """Return (value, numerator, denominator) for one target and period."""
    if len(num) == 0:
        return math.nan, math.nan, math.nan
    if target.aggregation == "share_of_organisations":
        meets = target.meets_threshold(num / den)
        return float(meets.mean()), float(meets.sum()), float(len(meets))
    total_den = float(den.sum())
    total_num = float(num.sum())
    return (total_num / total_den if total_den > 0 else math.nan), total_num, total_den


def _bootstrap(
    target: Target, num: np.ndarray, den: np.ndarray, replicates: int, rng: np.random.Generator
) -> tuple[float, float]:
    """95 % percentile interval from resampling organisations with replacement."""
    n = len(num)
    if n == 0 or replicates <= 0:
        return math.nan, math.nan
    draws = rng.integers(0, n, size=(replicates, n))  # organisations drawn with replacement
    if target.aggregation == "share_of_organisations":
        meets = target.meets_threshold(num / den).astype(float)
        samples = meets[draws].mean(axis=1)
    else:
        d = den[draws].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            samples = np.where(d > 0, num[draws].sum(axis=1) / d, np.nan)
    samples = samples[~np.isnan(samples)]
    if samples.size == 0:
        return math.nan, math.nan
    low, high = np.quantile(samples, [0.025, 0.975])
    return float(low), float(high)


def _series_table(
    strategy: Strategy,
    periods: list[str],
    values: np.ndarray,
    counted: np.ndarray,
    target_value: np.ndarray,
    inclusive: np.ndarray,
    decrease: np.ndarray,
) -> dict[str, np.ndarray]:
    """Baseline, progress, pace, status and projection for many series at once.

    ``values`` and ``counted`` are (series × periods) arrays; ``target_value`` (NaN:
    no target value), ``inclusive`` and ``decrease`` have one entry per series. The
    result applies exactly the scalar functions :func:`progress`, :func:`pace_ratio`,
    :func:`status` and :func:`projection` (the tests check they agree), vectorised so
    that 1,000 organisations × 10 targets × 20 periods take well under a second.
    """
    n_series, n_periods = values.shape
    years = np.array([period_year(p) for p in periods], dtype=float)
    t0 = float(period_year(strategy.baseline_period))
    big_t = float(period_year(strategy.deadline_period))
    counted = counted.astype(bool)
    values = values.astype(float)
    if strategy.baseline_period in periods:
        b = periods.index(strategy.baseline_period)
        baseline = np.where(counted[:, b], values[:, b], np.nan)
    else:
        baseline = np.full(n_series, np.nan)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        # projection: least squares through counted periods up to each period (running sums)
        x = np.broadcast_to(years - t0, values.shape)
        point = counted & ~np.isnan(values)
        w = point.astype(float)
        y = np.where(point, values, 0.0)
        n = np.cumsum(w, axis=1)
        sx, sy = np.cumsum(w * x, axis=1), np.cumsum(y, axis=1)
        sxy, sxx = np.cumsum(x * y, axis=1), np.cumsum(w * x * x, axis=1)
        det = n * sxx - sx * sx
        slope = (n * sxy - sx * sy) / det
        line = slope * (big_t - t0) + (sy - slope * sx) / n
        projected = np.where(counted & (n >= 2) & (det > 0), np.clip(line, 0.0, 1.0), np.nan)

        has_target = ~np.isnan(target_value)[:, None]
        dec = decrease[:, None]
        tt = np.where(decrease, 1.0 - target_value, target_value)[:, None]
        bb = np.where(decrease, 1.0 - baseline, baseline)[:, None]
        vv = np.where(dec, 1.0 - values, values)
        live = has_target & counted
        reached = vv >= tt - 1e-12
        share = np.clip((vv - bb) / (tt - bb), 0.0, 1.0)
        prog = np.select(
            [np.isnan(vv), reached, np.isnan(bb), bb >= tt], [np.nan, 1.0, np.nan, 0.0], default=share
        )
        prog = np.where(live, prog, np.nan)

        elapsed = (years - t0)[None, :]
        total = big_t - t0
        need = tt - bb
        if strategy.pace_method == "cagr":
            base = np.where(bb > 0, bb, CAGR_ZERO)
            actual = (np.maximum(vv, 0.0) / base) ** (1.0 / elapsed) - 1.0
            needed = (tt / base) ** (1.0 / total) - 1.0
            ratio = np.where(needed > 0, actual / needed, np.nan)
        else:
            ratio = ((vv - bb) / elapsed) / (need / total)
        defined = ~np.isnan(vv) & ~np.isnan(bb) & (elapsed > 0) & (total > 0) & (need > 0)
        pace = np.where(live & defined, ratio, np.nan)

        n_counted = np.cumsum(counted, axis=1)
        met = np.where(inclusive[:, None], vv >= tt - 1e-12, vv > tt + 1e-12)
        r = _snap(pace)
        status_codes = np.select(
            [
                ~has_target,
                ~counted | np.isnan(vv),
                met,
                (n_counted < 2) | np.isnan(bb),
                need <= 0,
                np.isnan(r),
                r < 0,
                r < ACCELERATION_AT,
                r < ON_TRACK_AT,
            ],
            ["", "insufficient_data", "target_achieved", "insufficient_data", "deterioration",
             "insufficient_data", "deterioration", "limited_progress", "acceleration_needed"],
            default="on_track",
        ).astype(object)  # fmt: skip
    return {
        "baseline_value": np.broadcast_to(baseline[:, None], values.shape),
        "projected_value": projected,
        "progress": prog,
        "pace_ratio": pace,
        "status": status_codes,
    }


def previous_period(strategy: Strategy, period: str) -> str | None:
    """The period just before ``period`` in the strategy's period list (None for the first)."""
    i = strategy.periods.index(period)
    return strategy.periods[i - 1] if i > 0 else None


def change_since_previous(
    target: Target,
    strategy: Strategy,
    period: str,
    current: pd.DataFrame | None,
    groups: dict[tuple[str, str], pd.DataFrame],
) -> dict[str, float]:
    """Change since the previous period, raw and over a constant sample of organisations.

    ``previous_value`` is the value of the period just before in the strategy's
    list (NaN when that period has no data); ``change`` = value − previous_value;
    ``constant_sample_organisations`` counts the organisations that reported the
    target in both periods, and ``constant_sample_change`` is the value over those
    organisations only, this period minus the previous one, with the target's own
    aggregation rule (NaN when no organisation reported both times).
    """
    out = dict.fromkeys(CHANGE_COLUMNS, math.nan)
    prev = previous_period(strategy, period)
    before = groups.get((target.id, prev)) if prev else None
    if before is None or before.empty:
        return out
    out["previous_value"] = _aggregate(target, before["numerator"].to_numpy(float),
                                       before["denominator"].to_numpy(float))[0]  # fmt: skip
    if current is None or current.empty:
        return out
    now_value = _aggregate(
        target, current["numerator"].to_numpy(float), current["denominator"].to_numpy(float)
    )[0]
    out["change"] = now_value - out["previous_value"]
    common = sorted(set(current["organisation"]) & set(before["organisation"]))
    out["constant_sample_organisations"] = float(len(common))
    if common:
        a = current[current["organisation"].isin(common)]
        b = before[before["organisation"].isin(common)]
        va = _aggregate(target, a["numerator"].to_numpy(float), a["denominator"].to_numpy(float))[0]
        vb = _aggregate(target, b["numerator"].to_numpy(float), b["denominator"].to_numpy(float))[0]
        out["constant_sample_change"] = va - vb
    return out


def compute_indicators(
    observations: pd.DataFrame,
    organisations: pd.DataFrame,
    strategy: Strategy,
    periods: list[str] | None = None,
    options: Options | None = None,
) -> pd.DataFrame:
    """Government-level indicators: one row per target and period (brief section 5 columns)."""
    options = options or Options()
    sample = organisations.loc[organisations["in_sample"].astype(bool), "code"]
    expected = int(len(sample))
    obs = observations[observations["organisation"].isin(sample)]
    if periods is None:
        present = set(obs["period"])
        periods = [p for p in strategy.periods if p in present]
    periods = list(periods)
    groups = {k: g for k, g in obs.groupby(["target", "period"], sort=False)}
    shape = (len(strategy.targets), len(periods))
    values = np.full(shape, np.nan)
    counted = np.zeros(shape, dtype=bool)
    partial = []
    for ti, target in enumerate(strategy.targets):
        for pi, period in enumerate(periods):
            g = groups.get((target.id, period))
            num = g["numerator"].to_numpy(float) if g is not None else np.array([])
            den = g["denominator"].to_numpy(float) if g is not None else np.array([])
            value, n, d = _aggregate(target, num, den)
            rng = np.random.default_rng([options.seed, ti, strategy.periods.index(period)])
            lo, hi = _bootstrap(target, num, den, options.bootstrap, rng)
            reporting = int(len(num))
            values[ti, pi] = value
            counted[ti, pi] = (
                expected > 0 and reporting >= strategy.coverage_threshold * expected and not _nan(value)
            )
            partial.append({
                "period": period, "target": target.id, "value": value, "numerator": n,
                "denominator": d, "organisations_reporting": reporting,
                "organisations_expected": expected, "ci_low": lo, "ci_high": hi,
                "target_value": math.nan if target.target_value is None else target.target_value,
                **change_since_previous(target, strategy, period, g, groups),
            })  # fmt: skip
    target_values = np.array([np.nan if t.target_value is None else t.target_value for t in strategy.targets])
    series = _series_table(
        strategy, periods, values, counted, target_values,
        np.ones(len(strategy.targets), dtype=bool),
        np.array([t.direction == "decrease" for t in strategy.targets], dtype=bool),
    )  # fmt: skip
    frame = pd.DataFrame(partial)
    for key, arr in series.items():
        frame[key] = arr.reshape(-1) if len(frame) else []
    return frame.reindex(columns=INDICATOR_COLUMNS)


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
    decrease = np.array([t.direction == "decrease" for t in series_targets], dtype=bool)
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


def summary_index(indicators: pd.DataFrame, strategy: Strategy) -> pd.DataFrame:
    """Global index, contributions and ambitions: the mean progress of their targets.

    Targets without a progress value for the period (no target value, too little
    data) are left out of the mean; ``targets_included`` says how many counted.
    """
    rows = []
    scopes: list[tuple[str, str, list[str]]] = [("global", "global", strategy.target_ids)]
    scopes += [("contribution", c.id, list(c.targets)) for c in strategy.contributions]
    scopes += [("ambition", a.id, [t.id for t in strategy.targets_of(a.id)]) for a in strategy.ambitions]
    for period, g in indicators.groupby("period", sort=False):
        by_target = g.set_index("target")["progress"]
        for kind, sid, members in scopes:
            vals = by_target.reindex(members).dropna()
            rows.append({
                "period": period, "scope": kind, "id": sid,
                "progress": float(vals.mean()) if len(vals) else math.nan,
                "targets_included": int(len(vals)), "targets_total": len(members),
            })  # fmt: skip
    return pd.DataFrame(
        rows, columns=["period", "scope", "id", "progress", "targets_included", "targets_total"]
    )


def organisation_matrix(by_org: pd.DataFrame, period: str, strategy: Strategy) -> pd.DataFrame:
    """Organisation × target matrix of values for one period (NaN where not reported)."""
    sub = by_org[by_org["period"] == period]
    matrix = sub.pivot(index="organisation", columns="target", values="value")
    return matrix.reindex(columns=[t for t in strategy.target_ids if t in matrix.columns])
