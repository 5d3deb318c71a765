"""Benchmark: every indicator for 1,000 organisations × 10 targets × 20 periods.

Builds a synthetic 20-period strategy (a temporary YAML file, loaded like any
strategy) and a complete synthetic observation table, then measures the median
wall time of several runs and the peak memory (tracemalloc) of:

* government-level indicators without the bootstrap,
* per-organisation indicators,
* the global index, contributions and ambitions,

and, separately, the cost of the 95 % cluster bootstrap (1,000 replicates).
Run it through ``make bench`` (``tests/benchmarks/run.py``) or directly.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from barometre.methodology import (
    DEFAULT_BOOTSTRAP,
    Options,
    compute_by_organisation,
    compute_indicators,
    summary_index,
)
from barometre.strategy import load_strategy

ORGANISATIONS = 1000
TARGETS = 10
PERIODS = 20
RUNS = 5
AIM_SECONDS = 1.0
AIM_MB = 500.0


def synthetic_strategy_yaml() -> dict:
    """A strategy with 20 fiscal years, 10 targets (two share-of-organisations) and two contributions."""
    periods = [f"{2004 + i}-{2005 + i}" for i in range(PERIODS)]
    targets = []
    for i in range(TARGETS):
        agg = {"method": "pooled"}
        if i == 5:
            agg = {"method": "share_of_organisations", "threshold": 1.0, "inclusive": True}
        if i == 9:
            agg = {"method": "share_of_organisations", "threshold": 0.5, "inclusive": False}
        targets.append({
            "id": f"T{i + 1}", "ambition": str(i // 2 + 1), "label": {"fr": f"Cible {i + 1}", "en": f"Target {i + 1}"},
            "target_value": 0.75, "aggregation": agg,
        })  # fmt: skip
    return {
        "id": "bench-20-periods",
        "title": {"fr": "Stratégie synthétique (banc d'essai)", "en": "Synthetic strategy (benchmark)"},
        "periods": periods,
        "baseline_period": periods[0],
        "deadline_period": periods[-1],
        "ambitions": [{"id": str(a + 1), "title": f"Ambition {a + 1}"} for a in range(TARGETS // 2)],
        "targets": targets,
        "contributions": [
            {"id": "a", "title": "A", "targets": [f"T{i + 1}" for i in range(TARGETS // 2)]},
            {"id": "b", "title": "B", "targets": [f"T{i + 1}" for i in range(TARGETS // 2, TARGETS)]},
        ],
    }


def synthetic_data(strategy, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Organisations and a complete observation table (every organisation, target and period)."""
    rng = np.random.default_rng(seed)
    codes = [f"ORG{i:04d}" for i in range(ORGANISATIONS)]
    orgs = pd.DataFrame({"code": codes, "name_fr": codes, "name_en": codes, "in_sample": True})
    periods, targets = list(strategy.periods), strategy.target_ids
    n = ORGANISATIONS * len(targets) * len(periods)
    idx = np.arange(n)
    org_i = idx // (len(targets) * len(periods))
    tgt_i = (idx // len(periods)) % len(targets)
    per_i = idx % len(periods)
    den = rng.integers(1, 200, n).astype(float)
    level = np.clip(0.2 + 0.03 * per_i + rng.normal(0, 0.1, n), 0, 1)
    num = np.minimum(den, np.round(den * level))
    obs = pd.DataFrame({
        "period": np.array(periods, dtype=object)[per_i],
        "organisation": np.array(codes, dtype=object)[org_i],
        "target": np.array(targets, dtype=object)[tgt_i],
        "numerator": num, "denominator": den,
    })  # fmt: skip
    return orgs, obs


def _measure(func, runs: int) -> tuple[float, float, object]:
    """Median wall time (s) over ``runs`` runs, then peak traced memory (MB) of one more run."""
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    func()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 1e6, result


def main(runs: int = RUNS) -> dict:
    """Run the benchmark, print a summary and return the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench-strategy.yaml"
        path.write_text(yaml.safe_dump(synthetic_strategy_yaml(), allow_unicode=True), encoding="utf-8")
        strategy = load_strategy(path)
    orgs, obs = synthetic_data(strategy)
    periods = list(strategy.periods)
    no_boot = Options(bootstrap=0)

    def government():
        return compute_indicators(obs, orgs, strategy, periods, no_boot)

    def by_org():
        return compute_by_organisation(obs, orgs, strategy, periods)

    def everything():
        ind = compute_indicators(obs, orgs, strategy, periods, no_boot)
        compute_by_organisation(obs, orgs, strategy, periods)
        return summary_index(ind, strategy)

    def bootstrap():
        return compute_indicators(obs, orgs, strategy, periods, Options(bootstrap=DEFAULT_BOOTSTRAP))

    gov_t, gov_mb, ind = _measure(government, runs)
    org_t, org_mb, per_org = _measure(by_org, runs)
    all_t, all_mb, _ = _measure(everything, runs)
    boot_runs = max(1, runs // 2)
    boot_t, boot_mb, _ = _measure(bootstrap, boot_runs)
    figures = {
        "observations": len(obs),
        "indicator_rows": len(ind),
        "organisation_rows": len(per_org),
        "government_s": gov_t,
        "government_peak_mb": gov_mb,
        "by_organisation_s": org_t,
        "by_organisation_peak_mb": org_mb,
        "all_without_bootstrap_s": all_t,
        "all_without_bootstrap_peak_mb": all_mb,
        "bootstrap_s": boot_t,
        "bootstrap_extra_s": boot_t - gov_t,
        "bootstrap_peak_mb": boot_mb,
    }
    verdict = "OK" if all_t < AIM_SECONDS and all_mb < AIM_MB else "ABOVE AIM"
    print(f"methodology: {ORGANISATIONS} organisations × {TARGETS} targets × {PERIODS} periods "
          f"= {len(obs):,} observations → {len(ind)} indicator rows, {len(per_org):,} organisation rows")  # fmt: skip
    print(f"  government indicators (no bootstrap) : median {gov_t:.3f} s, peak {gov_mb:.1f} MB")
    print(f"  per-organisation indicators          : median {org_t:.3f} s, peak {org_mb:.1f} MB")
    print(f"  everything without bootstrap         : median {all_t:.3f} s, peak {all_mb:.1f} MB "
          f"(aim < {AIM_SECONDS:.0f} s and < {AIM_MB:.0f} MB: {verdict})")  # fmt: skip
    print(f"  government indicators with bootstrap : median {boot_t:.3f} s over {boot_runs} run(s) "
          f"({DEFAULT_BOOTSTRAP} replicates; bootstrap cost {boot_t - gov_t:.3f} s), peak {boot_mb:.1f} MB")  # fmt: skip
    return figures


if __name__ == "__main__":
    main()
