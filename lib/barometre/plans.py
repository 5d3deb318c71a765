"""Transformation plans: plan versus actual, and whether the plans add up to the targets.

The method (issue 14), for a report period R, a target k and the expected
(in-sample) organisations E:

* for each period P of the plans for k, H = the earlier of P and R (:func:`held_to`):
  a past planned period is judged on what was reached by then, never on a later
  year's values, and a planned period after R on the values known in R;
* a_i, w_i — organisation i's ratio and denominator for k in the latest period
  ≤ H in which it reported k (none if it did not by then);
* x_i = i's planned value for (k, P), else a_i (status quo: an organisation
  without a plan stays where it was in H);
* pooled targets: G(P) = Σ x_i w_i / Σ w_i over the i with both x_i and w_i;
  share-of-organisations targets: G(P) = (i whose x_i meets the threshold,
  inclusive or exclusive) / (i with an x_i);
* ``plans_suffice`` = G(P) ≥ the target value;
* counts: ``organisations_with_plan`` (a plan that enters G(P): for pooled
  targets the organisation must also have a weight), ``organisations_status_quo``
  (no plan, but a_i), ``organisations_excluded`` (the rest of E: neither, or a
  plan without a weight for a pooled target) and ``organisations_expected``;
  the first three add up to the last;
* per organisation, target and period P ≤ R with a plan or a value:
  ``plan_status`` = met (value ≥ planned), behind (value < planned), no_data
  (plan, no value), no_plan (value, no plan); ``gap`` = value − planned.

For a target whose direction is ``decrease`` the comparisons are reversed
(met when value ≤ planned; plans suffice when G(P) ≤ the target value).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .organisation_periods import abolished_rows, expected_codes, expected_codes_known_at
from .strategy import Strategy, Target

GOVERNMENT_COLUMNS = [
    "period", "target", "planned_value", "target_value", "plans_suffice", "organisations_with_plan",
    "organisations_status_quo", "organisations_excluded", "organisations_expected",
]  # fmt: skip
ORGANISATION_COLUMNS = ["organisation", "target", "period", "planned_value", "value", "plan_status", "gap"]
PLAN_STATUSES = ("met", "behind", "no_data", "rejected", "no_plan")
TOLERANCE = 1e-12


FUTURE = "planned"  # plan_status of a planned period after the report period


def plans_ahead(
    plans: pd.DataFrame, organisations: pd.DataFrame, strategy: Strategy, period: str
) -> pd.DataFrame:
    """The plan rows for periods after ``period``, as known in its report, marked :data:`FUTURE`.

    None for after an abolition known by then; ``value`` and ``gap`` are empty.
    """
    order = {p: i for i, p in enumerate(strategy.periods)}
    later = plans[plans["period"].map(order) > order.get(period, -1)]
    later = later[~abolished_rows(later, organisations, period)]  # its abolition is known: no plan ahead
    return later.assign(value=math.nan, gap=math.nan, plan_status=FUTURE)


def latest_values(
    observations: pd.DataFrame, organisations: pd.DataFrame, period: str, strategy: Strategy
) -> pd.DataFrame:
    """a_i and w_i: each expected organisation's latest ratio and denominator per target up to ``period``.

    Columns ``organisation, target, period, value, weight`` (one row per
    organisation and target it reported at least once up to ``period``).
    """
    order = {p: i for i, p in enumerate(strategy.periods)}
    obs = observations[observations["organisation"].isin(expected_codes(organisations))]
    obs = obs[obs["period"].map(order).fillna(len(order) + 1) <= order.get(period, -1)]
    if obs.empty:
        return pd.DataFrame(columns=["organisation", "target", "period", "value", "weight"])
    cells = obs.groupby(["organisation", "target", "period"], as_index=False)[
        ["numerator", "denominator"]
    ].sum()
    cells["_order"] = cells["period"].map(order)
    latest = cells.sort_values("_order").groupby(["organisation", "target"], as_index=False).tail(1)
    latest = latest.assign(value=latest["numerator"] / latest["denominator"], weight=latest["denominator"])
    return latest[["organisation", "target", "period", "value", "weight"]].reset_index(drop=True)


def held_to(strategy: Strategy, planned: str, period: str) -> str:
    """H: the period up to which values stand for planned period ``planned`` in a report of ``period``.

    ``planned`` itself when it is not after ``period``, else ``period``. The 2025-2026 report held
    organisations without a 2022-2023 plan at their 2025-2026 values in G(2022-2023).
    """
    order = {p: i for i, p in enumerate(strategy.periods)}
    return planned if order.get(planned, len(order)) <= order.get(period, -1) else period


def _meets(target: Target, x: float) -> bool:
    if target.inclusive:
        return x >= target.threshold - TOLERANCE
    return x > target.threshold + TOLERANCE


def _planned_government(
    target: Target, expected: list[str], plans: dict[str, float], latest: pd.DataFrame, unweighted: list[str]
) -> dict:
    """G(P) and the counts for one target and one planned period; the plans left out added to ``unweighted``."""
    actual = latest.set_index("organisation")
    pooled = target.aggregation != "share_of_organisations"
    with_plan = status_quo = 0
    num = den = 0.0
    meeting = having = 0
    for code in expected:
        weight = float(actual.at[code, "weight"]) if code in actual.index else math.nan
        if code in plans:
            x = plans[code]
            if pooled and math.isnan(weight):
                unweighted.append(code)
                continue  # a plan without a weight cannot be pooled
            with_plan += 1
        elif code in actual.index:
            x = float(actual.at[code, "value"])
            status_quo += 1
        else:
            continue
        if pooled:
            num += x * weight
            den += weight
        else:
            having += 1
            meeting += _meets(target, x)
    if pooled:
        value = num / den if den > 0 else math.nan
    else:
        value = meeting / having if having else math.nan
    suffice: bool | None = None
    if target.target_value is not None and not math.isnan(value):
        if target.decreases:  # a target to go down to (none in the Québec strategy)
            suffice = bool(value <= target.target_value + TOLERANCE)
        else:
            suffice = bool(value >= target.target_value - TOLERANCE)
    return {
        "planned_value": value, "target_value": target.target_value, "plans_suffice": suffice,
        "organisations_with_plan": with_plan, "organisations_status_quo": status_quo,
        "organisations_excluded": len(expected) - with_plan - status_quo,
        "organisations_expected": len(expected),
    }  # fmt: skip


def government_plans(
    plans: pd.DataFrame,
    observations: pd.DataFrame,
    organisations: pd.DataFrame,
    strategy: Strategy,
    period: str,
) -> pd.DataFrame:
    """One row per target and planned period: G(P), the target value, whether plans suffice, counts.

    ``attrs["unweighted"]``: the plans left out of G(P) for want of a value reported up to
    :func:`held_to` to weight them (``(organisation, target, period)``), counted in ``organisations_excluded``.
    """
    expected = expected_codes(organisations)
    mine = plans[plans["organisation"].isin(expected)]
    held = {p: held_to(strategy, p, period) for p in set(mine["period"])}
    latest = {h: latest_values(observations, organisations, h, strategy) for h in set(held.values())}
    # no share in G(p) for an organisation abolished before p, nor one created after the report's period; one
    # that existed in the report's period keeps its share in later p, whatever organisations.csv says since
    expected_in = {p: expected_codes_known_at(organisations, p, period) for p in set(mine["period"])}
    rows, left_out = [], []
    for target in strategy.targets:
        tp = mine[mine["target"] == target.id]
        for p in [p for p in strategy.periods if p in set(tp["period"])]:
            lt = latest[held[p]][latest[held[p]]["target"] == target.id]
            at_p = tp[tp["period"] == p]
            x = dict(zip(at_p["organisation"], at_p["planned_value"].astype(float), strict=True))
            unweighted: list[str] = []
            rows.append({"period": p, "target": target.id,
                         **_planned_government(target, expected_in[p], x, lt, unweighted)})  # fmt: skip
            left_out += [(code, target.id, p) for code in unweighted]
    frame = pd.DataFrame(rows, columns=GOVERNMENT_COLUMNS)
    frame.attrs["unweighted"] = tuple(left_out)  # tuples: pandas copies attrs along with the frame
    return frame


def organisation_plans(
    plans: pd.DataFrame,
    observations: pd.DataFrame,
    organisations: pd.DataFrame,
    strategy: Strategy,
    period: str,
) -> pd.DataFrame:
    """Plan versus actual per organisation, target and period ≤ ``period`` (a plan or a value)."""
    order = {p: i for i, p in enumerate(strategy.periods)}
    limit = order.get(period, -1)
    expected = expected_codes(organisations)
    key = ["organisation", "target", "period"]
    obs = observations[observations["organisation"].isin(expected)]
    obs = obs[obs["period"].map(order).fillna(limit + 1) <= limit]
    actual = obs.groupby(key, as_index=False)[["numerator", "denominator"]].sum()
    actual["value"] = actual["numerator"] / actual["denominator"]
    planned = plans[
        plans["organisation"].isin(expected) & (plans["period"].map(order).fillna(limit + 1) <= limit)
    ]
    planned = planned[~abolished_rows(planned, organisations)]  # a plan for after its abolition: moot by now
    frame = planned[[*key, "planned_value"]].merge(actual[[*key, "value"]], on=key, how="outer")
    if frame.empty:
        return pd.DataFrame(columns=ORGANISATION_COLUMNS)
    has_plan, has_value = frame["planned_value"].notna(), frame["value"].notna()
    decrease = frame["target"].isin([tg.id for tg in strategy.targets if tg.decreases])
    met = (frame["value"] >= frame["planned_value"] - TOLERANCE) & ~decrease
    met |= (frame["value"] <= frame["planned_value"] + TOLERANCE) & decrease
    frame["plan_status"] = "no_plan"
    frame.loc[has_plan & ~has_value, "plan_status"] = "no_data"
    frame.loc[has_plan & has_value & met, "plan_status"] = "met"
    frame.loc[has_plan & has_value & ~met, "plan_status"] = "behind"
    frame["gap"] = frame["value"] - frame["planned_value"]
    frame["_t"] = frame["target"].map({t: i for i, t in enumerate(strategy.target_ids)})
    frame["_p"] = frame["period"].map(order)
    frame = frame.sort_values(["organisation", "_t", "_p"]).reset_index(drop=True)
    return frame[ORGANISATION_COLUMNS]


def mark_rejected(frame: pd.DataFrame, rejected: frozenset, organisations, targets) -> None:
    """Plans without a value (``no_data``) whose report was rejected at validation become ``rejected``.

    ``rejected``: the dataset's (period, organisation, target) of rejected rows; ``organisations`` and ``targets``
    give each row's (a frame of one organisation or of one target has no such column).
    """
    hit = [(p, o, tg) in rejected for p, o, tg in zip(frame["period"], organisations, targets, strict=True)]
    frame.loc[frame["plan_status"].eq("no_data") & pd.Series(hit, index=frame.index, dtype=bool),
              "plan_status"] = "rejected"  # fmt: skip


@dataclass(frozen=True)
class PlansSummary:
    """What a headline needs: who filed a plan, and for how many targets the plans suffice."""

    period: str | None  # the planned period summarised (the deadline when planned)
    organisations_with_plan: int
    organisations_expected: int
    targets_planned: int  # the planned targets judged: with a target value (and a planned government value)
    targets_suffice: int
    targets_short: tuple[str, ...]
    organisations_without_plan: tuple[str, ...]
    # a report after the deadline with no plan filed for its period: the deadline's plans are judged instead
    unplanned: str | None = None
    # the targets with a target value no organisation filed a plan for (for the period judged, after the
    # deadline), when some were: not counted in ``targets_planned`` (« 8 cibles sur 9 » left 5.2 unsaid)
    targets_unplanned: tuple[str, ...] = ()


def headline_period(strategy: Strategy, period: str | None, planned: pd.Series) -> str:
    """The period whose plans a report of ``period`` judges: the deadline, or after it its own if planned.

    ``planned``: the periods of the plans. A year after the deadline, the 2023-2024 overview, brief and deck judged the 2022-2023 plans, while the plans
    just collected were for 2023-2024 (« les plans auraient suffi pour 9 cibles sur 10 en 2022-2023 »).
    """
    if period is None or strategy.before_deadline(period) or not planned.eq(period).any():
        return strategy.deadline_period
    return period


def unplanned_period(strategy: Strategy, period: str, planned: pd.Series) -> str | None:
    """``period`` when it is after the deadline and no plan was filed for it (the deadline's are judged), else None."""
    return (
        period
        if headline_period(strategy, period, planned) != period and not strategy.before_deadline(period)
        else None
    )


def headline_rows(government: pd.DataFrame, strategy: Strategy, period: str | None = None) -> pd.DataFrame:
    """Per target, the government row of :func:`headline_period` (else its last planned period).

    After the deadline, only the targets planned for the report's period, when plans were filed for it.
    """
    if government.empty:
        return government
    order = {p: i for i, p in enumerate(strategy.periods)}
    judged_on = headline_period(strategy, period, government["period"])
    if judged_on != strategy.deadline_period:  # after the deadline: the targets planned for the period only
        government = government[government["period"].eq(judged_on)]
    g = government.assign(_deadline=government["period"].eq(judged_on),
                          _order=government["period"].map(order))  # fmt: skip
    g = g.sort_values(["_deadline", "_order"]).groupby("target", sort=False).tail(1)
    g = g.assign(_t=g["target"].map({t: i for i, t in enumerate(strategy.target_ids)})).sort_values("_t")
    return g[GOVERNMENT_COLUMNS].reset_index(drop=True)


def summary(
    plans: pd.DataFrame,
    observations: pd.DataFrame,
    organisations: pd.DataFrame,
    strategy: Strategy,
    period: str,
) -> PlansSummary:
    """One line's worth of facts on plans for a report period (for the minister's brief and the overview)."""
    # who must have a plan to the deadline (after it, for the report's period), as known in the report's period
    judged_on = headline_period(strategy, period, plans["period"])
    expected = expected_codes_known_at(organisations, judged_on, period)
    mine = plans["organisation"].isin(expected)
    if judged_on != strategy.deadline_period:  # after the deadline: a plan for this period, not the old ones
        mine &= plans["period"].eq(judged_on)
    filed = set(plans.loc[mine, "organisation"])
    heads = headline_rows(
        government_plans(plans, observations, organisations, strategy, period), strategy, period
    )
    judged = heads[heads["plans_suffice"].notna()]
    planned_period = None
    unplanned_targets: tuple[str, ...] = ()
    if not heads.empty:
        planned_period = judged_on if heads["period"].eq(judged_on).any() else str(heads["period"].iloc[-1])
        planned = set(heads["target"])
        unplanned_targets = tuple(
            tg.id for tg in strategy.targets if tg.target_value is not None and tg.id not in planned
        )
    return PlansSummary(
        period=planned_period,
        organisations_with_plan=len(filed),
        organisations_expected=len(expected),
        # a target without a target value has plans, not a sufficiency: « aucune des 4 cibles » listed 3
        targets_planned=len(judged),
        targets_suffice=int(judged["plans_suffice"].astype(bool).sum()),
        targets_short=tuple(judged.loc[~judged["plans_suffice"].astype(bool), "target"]),
        organisations_without_plan=tuple(c for c in expected if c not in filed),
        unplanned=unplanned_period(strategy, period, plans["period"]),
        targets_unplanned=unplanned_targets,
    )


def _of_dataset(ds, period: str, table: Callable[..., Any]) -> Any:
    """``table`` (one of the functions above) for a loaded dataset, computed once per period."""
    return ds.derived(
        (table.__name__, period),
        lambda: table(ds.plans, ds.observations, ds.organisations, ds.strategy, period),
    )


def dataset_government_plans(ds, period: str) -> pd.DataFrame:
    """:func:`government_plans` for a loaded :class:`~barometre.dataset.Dataset` (computed once per period)."""
    return _of_dataset(ds, period, government_plans)


def dataset_organisation_plans(ds, period: str) -> pd.DataFrame:
    """:func:`organisation_plans` for a loaded :class:`~barometre.dataset.Dataset` (computed once per period)."""
    return _of_dataset(ds, period, organisation_plans)


def dataset_unweighted_plans(ds, period: str) -> pd.DataFrame:
    """The plans :func:`government_plans` leaves out of G(P), for want of a value to weight them.

    Columns ``organisation, target, period`` (the planned period), pooled targets only. They were counted
    « sans donnée utilisable » without a name.
    """
    left_out = dataset_government_plans(ds, period).attrs.get("unweighted", ())
    return pd.DataFrame(list(left_out), columns=["organisation", "target", "period"])


def dataset_summary(ds, period: str) -> PlansSummary:
    """:func:`summary` for a loaded :class:`~barometre.dataset.Dataset` (computed once per period)."""
    return _of_dataset(ds, period, summary)


__all__ = [
    "GOVERNMENT_COLUMNS", "ORGANISATION_COLUMNS", "PLAN_STATUSES", "PlansSummary", "dataset_government_plans",
    "dataset_organisation_plans", "dataset_summary", "dataset_unweighted_plans", "government_plans", "headline_period",
    "headline_rows", "held_to", "latest_values", "mark_rejected",
    "organisation_plans", "plans_ahead", "summary",
]  # fmt: skip
