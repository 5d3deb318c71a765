"""A collection workbook sent back as ``barometre template`` made it: no figure, the plan on file unchanged.

(Or a copy of a plan-only return already merged, saved again: it too brings nothing; its message says what
was checked, not how it was made.)

Its plan sheet, pre-filled with the plan already on file, read as a plan-only return (« 9 inchangées »),
as if the organisation had confirmed it: the officer could not tell it from a real answer, and the plan on
file took the blank workbook's name and date as its provenance. Such a workbook is refused (an error): it
brings nothing, the plan on file stays as it was, and the message says to ask for the workbook again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import BarometreError
from ..plans_validation import empty_plans, read_plans
from ..strategy import Strategy
from .issues import ERROR, WARNING, CollectIssue, collect_issue
from .plan_sheet import PLAN_SHEET, PlanSubmission


@dataclass
class PlansOnFile:
    """The dataset's plans as the template pre-fills them, and the workbooks they were merged from."""

    plans: pd.DataFrame
    merged_from: set[str]  # sha256 of the returned workbooks whose values plans.csv holds


def plans_on_file(folder: Path, strategy: Strategy, organisations: pd.DataFrame) -> PlansOnFile:
    """The plans of the dataset ``folder`` (none when its ``plans.csv`` cannot be read)."""
    try:  # validate says what is wrong with plans.csv when it validates the dataset
        plans = read_plans(folder, strategy, organisations)[0]
    except BarometreError:
        plans = empty_plans()
    return PlansOnFile(plans, set(plans.attrs.get("source_sha256", set())))


def _values(organisations, targets, periods, values) -> dict[tuple[str, str, str], float]:
    return {(str(o), str(t), str(p)): float(v) for o, t, p, v in zip(organisations, targets, periods, values,
                                                                     strict=True)}  # fmt: skip


def sent_back_unfilled(sha256: str, rows: int, plan: PlanSubmission, on_file: PlansOnFile) -> bool:
    """Whether the workbook ``sha256``, of ``rows`` answers and ``plan``, brings nothing the dataset lacks.

    ``rows``: its data rows and its target rows without a figure but with a note (« Données non disponibles
    cette année » is an answer). Nothing new: no such row, and a plan sheet whose values are exactly the
    plan on file for its organisation and periods (none added, changed or left out, none refused) — the
    template's own pre-filled sheet, or a copy of a plan-only return already merged — unless that plan was
    merged from this very workbook (a plan-only return ingested, then validated or ingested again). A
    column for a year after the strategy (not read, :func:`.plan_checks.later_period_columns`) was filled.
    """
    if rows or plan.accepted.empty or plan.rows_rejected or sha256 in on_file.merged_from:
        return False
    if any(issue.severity == ERROR or issue.rule == "plan_after_strategy" for issue in plan.issues):
        return False
    plans = on_file.plans
    mine = plans[plans["organisation"].eq(plan.organisation) & plans["period"].isin(plan.periods)]
    before = _values(mine["organisation"], mine["target"], mine["period"], mine["planned_value"])
    sent = plan.accepted
    after = _values(sent["organisation"], sent["target"], sent["period"], sent["planned_value"])
    return before.keys() == after.keys() and all(abs(before[k] - after[k]) <= 1e-9 for k in after)


def refuse_unfilled(file: Path, sheet: str | None, plan: PlanSubmission) -> CollectIssue:
    """Refuse the plan values of a workbook sent back unfilled (read, none taken); return the error."""
    issue = collect_issue(str(file), sheet or "", "unfilled_workbook", plan.organisation,
                          organisation=plan.organisation, sheet=sheet or "", plan=PLAN_SHEET,
                          n=len(plan.accepted))  # fmt: skip
    plan.rows_rejected = plan.rows_read
    plan.accepted = plan.accepted.iloc[0:0]
    return issue


def kept_on_file(file: str, organisation: str, period: str, observations: pd.DataFrame) -> list[CollectIssue]:
    """A warning on a return that gives notes and no figure: the values on file for its period stay.

    A return with one figure replaces the organisation's whole return for the period (the others withdrawn,
    and said); one with notes only (« Données non disponibles ») is no figure to merge, and the values on
    file stayed without a word.
    """
    mine = observations[observations["period"].eq(period) & observations["organisation"].eq(organisation)]
    if mine.empty:
        return []
    targets = ", ".join(dict.fromkeys(str(tid) for tid in mine["target"]))
    return [collect_issue(file, "", "kept_on_file", organisation, severity=WARNING, organisation=organisation,
                          period=period, n=len(mine), targets=targets)]  # fmt: skip
