"""The brief's formulas: progress, pace ratio, status and projection, for one series or many at once."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from .strategy_model import Strategy, period_year

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
CAGR_ZERO = 0.001
# The most a target not reached can have made of its way: 1 is « reached », and the exports keep six
# decimals, so a value on an exclusive threshold (« plus de 50 % » at 50 %) reads 0.999999, not 1.
SHORT_OF_ONE = 0.999999


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


def reporting_needed(expected: float | np.ndarray, threshold: float) -> float | np.ndarray:
    """The fewest reporting organisations for a period to count: ⌈threshold × expected⌉.

    The product is rounded to 9 decimals first: in floats 0.55 × 100 is 55.000000000000007, which
    would ask for 56 organisations where 55 are 55 %.
    """
    out = np.ceil(np.round(threshold * np.asarray(expected, dtype=float), 9))
    return float(out) if np.ndim(out) == 0 else out


def coverage_met(
    reporting: float | np.ndarray, expected: float | np.ndarray, threshold: float
) -> bool | np.ndarray:
    """Whether enough of the expected organisations reported for the period to count (none expected: no)."""
    expected = np.asarray(expected, dtype=float)
    met = (expected > 0) & (np.asarray(reporting, dtype=float) >= reporting_needed(expected, threshold))
    return bool(met) if np.ndim(met) == 0 else met


def row_counted(row: Mapping | None, strategy: Strategy) -> bool:
    """Whether an indicators row's period counts for its target (enough organisations reported; no row: no)."""
    return row is not None and bool(
        coverage_met(
            row["organisations_reporting"], row["organisations_expected"], strategy.coverage_threshold
        )
    )


def progress(value: float, baseline: float, target: float, inclusive: bool = True) -> float:
    """Taux d'avancement: 1 when the target is reached, else share of the way from baseline, in [0, 1).

    With an exclusive threshold (``inclusive`` false) a value on it is not reached: its share of the way
    (1) stays below 1 (:data:`SHORT_OF_ONE`), as does any value short of the target.
    """
    if _nan(value):
        return math.nan
    if achieved(value, target, inclusive):
        return 1.0
    if _nan(baseline):
        return math.nan
    if baseline >= target:
        return 0.0
    return float(min(SHORT_OF_ONE, max(0.0, (value - baseline) / (target - baseline))))


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
    replaced by 0.001. NaN when undefined (same period, or no distance to cover). For a target to bring
    down, :func:`_series_table` takes the same ratio of two negative rates.
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
    """Status code from the brief; ``""`` when the target has no target value and its period counts.

    A value too few organisations reported is ``insufficient_data`` with or without a target value
    (BRIEF §4: a period that does not count has that status), and so is one no organisation reported.
    """
    if target is None or _nan(target):
        return "insufficient_data" if not counted else ""
    if not counted or _nan(value):
        return "insufficient_data"
    if achieved(value, target, inclusive):
        return "target_achieved"
    if counted_periods < 2 or _nan(baseline):
        return "insufficient_data"
    if achieved(baseline, target, inclusive):  # reached at the start, no longer
        return "deterioration"
    if required_pace(baseline, target) <= 0:  # on an exclusive threshold at the start: level or down
        return "deterioration" if value < baseline - 1e-12 else "limited_progress"
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
    :func:`status` and :func:`projection` (the tests check they agree; those are for a target to raise:
    the compound pace of one to bring down is the ratio of two negative rates, here only), vectorised so
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
        # a period before the starting one has no starting point yet (its report, known up to it, has none)
        before = (years < t0)[None, :]
        bb = np.where(before, np.nan, np.where(decrease, 1.0 - baseline, baseline)[:, None])
        vv = np.where(dec, 1.0 - values, values)
        live = has_target & counted
        met = np.where(inclusive[:, None], vv >= tt - 1e-12, vv > tt + 1e-12)
        base_met = np.where(inclusive[:, None], bb >= tt - 1e-12, bb > tt + 1e-12)
        share = np.clip((vv - bb) / (tt - bb), 0.0, SHORT_OF_ONE)
        prog = np.select(
            [np.isnan(vv), met, np.isnan(bb), bb >= tt], [np.nan, 1.0, np.nan, 0.0], default=share
        )
        prog = np.where(live, prog, np.nan)

        elapsed = (years - t0)[None, :]
        total = big_t - t0
        need = tt - bb
        if strategy.pace_method == "cagr":
            # compound growth of the value itself, as Statistics Canada's method has it, in either direction: a
            # target to bring down needs a negative rate (39,6 % to 10 % in 4 years: −29 % a year). Taken on
            # 1 − value, the complement's rate said « En bonne voie » at −17 % in a year (R 1,05, not 0,58).
            raw_b = baseline[:, None]
            base = np.where(raw_b > 0, raw_b, CAGR_ZERO)
            actual = (np.maximum(values, 0.0) / base) ** (1.0 / elapsed) - 1.0
            needed = (target_value[:, None] / base) ** (1.0 / total) - 1.0
            ratio = np.where(np.where(dec, needed < 0, needed > 0), actual / needed, np.nan)
        else:
            ratio = ((vv - bb) / elapsed) / (need / total)
        defined = ~np.isnan(vv) & ~np.isnan(bb) & (elapsed > 0) & (total > 0) & (need > 0)
        pace = np.where(live & defined, ratio, np.nan)

        n_counted = np.cumsum(counted, axis=1)
        r = _snap(pace)
        status_codes = np.select(
            [
                ~has_target & ~counted,  # too few or none reported: said with or without a target
                ~has_target,
                ~counted | np.isnan(vv),
                met,
                (n_counted < 2) | np.isnan(bb),
                base_met,
                (need <= 0) & (vv < bb - 1e-12),  # from on an exclusive threshold, down
                need <= 0,  # from on an exclusive threshold, level: no progress
                np.isnan(r),
                r < 0,
                r < ACCELERATION_AT,
                r < ON_TRACK_AT,
            ],
            ["insufficient_data", "", "insufficient_data", "target_achieved", "insufficient_data", "deterioration",
             "deterioration", "limited_progress", "insufficient_data", "deterioration", "limited_progress", "acceleration_needed"],
            default="on_track",
        ).astype(object)  # fmt: skip
    return {
        "baseline_value": np.where(before, np.nan, baseline[:, None]),
        "projected_value": projected,
        "progress": prog,
        "pace_ratio": pace,
        "status": status_codes,
    }
