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

The formulas live in :mod:`barometre.methodology_formulas`, the government-level
tables in :mod:`barometre.methodology_government` and the per-organisation ones in
:mod:`barometre.methodology_organisations`; this module gathers their public names.
"""

from .methodology_formulas import (
    ACCELERATION_AT,
    CAGR_ZERO,
    ON_TRACK_AT,
    STATUSES,
    achieved,
    coverage_met,
    pace_ratio,
    progress,
    projection,
    reporting_needed,
    required_pace,
    status,
)
from .methodology_government import (
    CHANGE_COLUMNS,
    DEFAULT_BOOTSTRAP,
    DEFAULT_SEED,
    INDICATOR_COLUMNS,
    Options,
    change_since_previous,
    compute_indicators,
    previous_period,
    summary_index,
)
from .methodology_organisations import compute_by_organisation, organisation_matrix

__all__ = [
    "ACCELERATION_AT",
    "CAGR_ZERO",
    "CHANGE_COLUMNS",
    "DEFAULT_BOOTSTRAP",
    "DEFAULT_SEED",
    "INDICATOR_COLUMNS",
    "ON_TRACK_AT",
    "STATUSES",
    "Options",
    "achieved",
    "coverage_met",
    "change_since_previous",
    "compute_by_organisation",
    "compute_indicators",
    "organisation_matrix",
    "pace_ratio",
    "previous_period",
    "progress",
    "projection",
    "reporting_needed",
    "required_pace",
    "status",
    "summary_index",
]
