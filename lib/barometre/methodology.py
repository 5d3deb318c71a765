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
    "progress", "pace_ratio", "status", "projected_value",
]  # fmt: skip
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
    r = round(ratio, 9)
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
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=replicates).astype(float)
    if target.aggregation == "share_of_organisations":
        meets = target.meets_threshold(num / den).astype(float)
        samples = weights @ meets / n
    else:
        d = weights @ den
        with np.errstate(invalid="ignore", divide="ignore"):
            samples = np.where(d > 0, (weights @ num) / d, np.nan)
    samples = samples[~np.isnan(samples)]
    if samples.size == 0:
        return math.nan, math.nan
    low, high = np.quantile(samples, [0.025, 0.975])
    return float(low), float(high)


def _series_rows(
    strategy: Strategy,
    target: Target,
    periods: list[str],
    values: dict[str, float],
    counted: dict[str, bool],
    target_value: float | None,
    inclusive: bool,
) -> dict[str, dict[str, float | str]]:
    """Baseline, progress, pace, status and projection for each period of one series."""
    t0 = period_year(strategy.baseline_period)
    big_t = period_year(strategy.deadline_period)
    decrease = target.direction == "decrease"
    base_raw = values.get(strategy.baseline_period, math.nan)
    baseline = base_raw if counted.get(strategy.baseline_period) else math.nan
    out: dict[str, dict[str, float | str]] = {}
    for i, p in enumerate(periods):
        v = values.get(p, math.nan)
        upto = [q for q in periods[: i + 1] if counted.get(q)]
        proj = projection([period_year(q) for q in upto], [values[q] for q in upto], big_t)
        row: dict[str, float | str] = {
            "baseline_value": baseline,
            "projected_value": proj if counted.get(p) else math.nan,
            "progress": math.nan,
            "pace_ratio": math.nan,
            "status": "",
        }
        if target_value is not None:
            vv, bb, tt = (
                (_mirror(v), _mirror(baseline), _mirror(target_value))
                if decrease
                else (v, baseline, target_value)
            )
            if counted.get(p):
                row["progress"] = progress(vv, bb, tt)
                row["pace_ratio"] = pace_ratio(
                    vv, bb, tt, period_year(p) - t0, big_t - t0, strategy.pace_method
                )
            row["status"] = status(
                vv, tt, bool(counted.get(p)), len(upto), bb, float(row["pace_ratio"]), inclusive
            )
        out[p] = row
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
    groups = {k: g for k, g in obs.groupby(["target", "period"], sort=False)}
    rows = []
    for ti, target in enumerate(strategy.targets):
        values: dict[str, float] = {}
        counted: dict[str, bool] = {}
        partial: dict[str, dict] = {}
        for period in periods:
            g = groups.get((target.id, period))
            num = g["numerator"].to_numpy(float) if g is not None else np.array([])
            den = g["denominator"].to_numpy(float) if g is not None else np.array([])
            value, n, d = _aggregate(target, num, den)
            rng = np.random.default_rng([options.seed, ti, strategy.periods.index(period)])
            lo, hi = _bootstrap(target, num, den, options.bootstrap, rng)
            reporting = int(len(num))
            values[period] = value
            counted[period] = (
                expected > 0 and reporting >= strategy.coverage_threshold * expected and not _nan(value)
            )
            partial[period] = {
                "period": period, "target": target.id, "value": value, "numerator": n,
                "denominator": d, "organisations_reporting": reporting,
                "organisations_expected": expected, "ci_low": lo, "ci_high": hi,
                "target_value": math.nan if target.target_value is None else target.target_value,
            }  # fmt: skip
        series = _series_rows(strategy, target, periods, values, counted, target.target_value, True)
        for period in periods:
            rows.append({**partial[period], **series[period]})
    return pd.DataFrame(rows, columns=INDICATOR_COLUMNS)


def compute_by_organisation(
    observations: pd.DataFrame,
    organisations: pd.DataFrame,
    strategy: Strategy,
    periods: list[str] | None = None,
) -> pd.DataFrame:
    """Per-organisation indicators: the same columns plus ``organisation``.

    An organisation's value is its own ratio. For share-of-organisations targets
    its target is the threshold (e.g. 6.1: more than half of its high-potential
    datasets published).
    """
    sample = organisations.loc[organisations["in_sample"].astype(bool), "code"]
    obs = observations[observations["organisation"].isin(sample)]
    if periods is None:
        present = set(obs["period"])
        periods = [p for p in strategy.periods if p in present]
    rows = []
    for (org, tid), g in obs.groupby(["organisation", "target"], sort=True):
        target = strategy.target(tid)
        by_period = g.set_index("period")
        values = {
            p: float(by_period.at[p, "numerator"] / by_period.at[p, "denominator"]) for p in by_period.index
        }
        counted = {p: p in values for p in periods}
        if target.aggregation == "share_of_organisations":
            tv, inclusive = target.threshold, target.inclusive
        else:
            tv, inclusive = target.target_value, True
        series = _series_rows(strategy, target, periods, values, counted, tv, inclusive)
        for p in periods:
            if p not in values:
                continue
            rows.append({
                "organisation": org, "period": p, "target": tid, "value": values[p],
                "numerator": float(by_period.at[p, "numerator"]),
                "denominator": float(by_period.at[p, "denominator"]),
                "organisations_reporting": 1, "organisations_expected": 1,
                "ci_low": math.nan, "ci_high": math.nan,
                "target_value": math.nan if tv is None else tv, **series[p],
            })  # fmt: skip
    cols = ["organisation", *INDICATOR_COLUMNS]
    frame = pd.DataFrame(rows, columns=cols)
    order = {t: i for i, t in enumerate(strategy.target_ids)}
    frame["_o"] = frame["target"].map(order)
    frame["_p"] = frame["period"].map(strategy.periods.index)
    return frame.sort_values(["organisation", "_o", "_p"]).drop(columns=["_o", "_p"]).reset_index(drop=True)


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
