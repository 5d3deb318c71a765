"""Merge the plans read from returned workbooks into ``plans.csv``, with ``plans_history.csv``.

A returned plan replaces the organisation's earlier plan for the periods of its sheet, with provenance
columns (``source_file, source_sha256, ingested_at``) and an append-only ``plans_history.csv`` (every
version; rows replaced for the first time are archived first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..plans_validation import PLANS_FILE, parse_ratio
from ..strategy import Strategy
from ..validation import PROVENANCE_COLUMNS
from .dataset_files import DatasetFile, read_dataset_file, write_dataset_file
from .history import _append, _read_csv

if TYPE_CHECKING:
    from .plan_sheet import PlanSubmission

PLAN_BASE_COLUMNS = ["organisation", "target", "period", "planned_value", "note", "source"]
PLAN_PROVENANCE = list(PROVENANCE_COLUMNS)
PLAN_FILE_COLUMNS = PLAN_BASE_COLUMNS + PLAN_PROVENANCE
PLAN_HISTORY_FILE = "plans_history.csv"
PLAN_HISTORY_COLUMNS = ["recorded_at", "version", "origin", *PLAN_FILE_COLUMNS]


@dataclass
class PlanMergeStats:
    """What merging plans changed in ``plans.csv``, value by value (target and period)."""

    added: int = 0  # for a target and period with no value on file
    replaced: int = 0  # in place of a different value on file (a revised plan)
    unchanged: int = 0  # the same value as on file
    reformatted: bool = False  # plans.csv was written back in the reference form (it was not in it)
    # values on file for the sheet's periods whose cell was left empty, gone: (organisation, period, target)
    withdrawn_values: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def withdrawn(self) -> int:
        """How many values on file were withdrawn."""
        return len(self.withdrawn_values)

    def withdrawn_by_period(self) -> list[tuple[str, str, list[str]]]:
        """The withdrawn values as (organisation, period, targets), in the order they were met."""
        grouped: dict[tuple[str, str], list[str]] = {}
        for org, period, target in self.withdrawn_values:
            grouped.setdefault((org, period), []).append(target)
        return [(org, period, targets) for (org, period), targets in grouped.items()]

    @property
    def merged(self) -> int:
        """Values written from the submissions: each one added, replacing or unchanged."""
        return self.added + self.replaced + self.unchanged


def _ranks(strategy: Strategy) -> tuple[dict[str, int], dict[str, int]]:
    """Each period's and each target's place in the strategy: plans are written and named in that order."""
    return {p: i for i, p in enumerate(strategy.periods)}, {t: i for i, t in enumerate(strategy.target_ids)}


def _compare(
    old: pd.DataFrame, fresh: pd.DataFrame, stats: PlanMergeStats, org: str, strategy: Strategy
) -> None:
    """Count the fresh values as added, replacing or unchanged, and the old ones left out as withdrawn."""
    # a value on file as validate reads it (« 88 % », « 0,88 »): float() stopped ingest half-way
    before = {(str(t), str(p)): parse_ratio(str(v)) for t, p, v in zip(old["target"], old["period"],
                                                                       old["planned_value"], strict=True)}  # fmt: skip
    after = set()
    for t, p, v in zip(fresh["target"], fresh["period"], fresh["planned_value"], strict=True):
        after.add((t, p))
        if (t, p) not in before:
            stats.added += 1
        elif before[(t, p)] is None or abs(before[(t, p)] - float(v)) > 1e-9:  # unreadable: replaced
            stats.replaced += 1
        else:
            stats.unchanged += 1
    gone = [(t, p) for t, p in before if (t, p) not in after]
    rank_p, rank_t = _ranks(strategy)
    # in the strategy's order (« 1.2, 1.10 », as the observations' withdrawals), period by period
    gone.sort(key=lambda tp: (rank_p.get(tp[1], len(rank_p)), rank_t.get(tp[0], len(rank_t)), tp))
    stats.withdrawn_values += [(org, p, t) for t, p in gone]


def merge_plans(
    data_dir: Path,
    submissions: list[tuple[str, str, PlanSubmission]],
    strategy: Strategy,
    now: str,
    on_file: DatasetFile | None = None,
) -> PlanMergeStats:
    """Merge plans (file, sha256, submission) in order into ``plans.csv``; return what changed.

    ``on_file`` is ``plans.csv`` as read before anything was written (read here when not given).
    """
    on_file = on_file or read_plans_file(data_dir)
    current = on_file.frame
    extra = [c for c in current.columns if c not in PLAN_FILE_COLUMNS]
    hist_path = Path(data_dir) / PLAN_HISTORY_FILE
    hist = _read_csv(hist_path, PLAN_HISTORY_COLUMNS)
    archived = {h for h in hist["source_sha256"] if h}
    versions: dict[str, int] = {}
    for org, v in hist.groupby("organisation")["version"]:
        versions[str(org)] = max((int(x) for x in v if str(x).isdigit()), default=0)
    new_history: list[pd.DataFrame] = []
    stats = PlanMergeStats()

    def record(rows: pd.DataFrame, origin: str, org: str) -> None:
        versions[org] = versions.get(org, 0) + 1
        rec = rows[PLAN_FILE_COLUMNS].copy()
        rec.insert(0, "origin", origin)
        rec.insert(0, "version", str(versions[org]))
        rec.insert(0, "recorded_at", now)
        new_history.append(rec)

    for file, sha, sub in submissions:
        # a plan already taken in (its file in the history): a workbook whose figures were refused is read again
        # at each ingest (it may be sent for its period), its plan once
        if sub.accepted.empty or sha in archived:
            continue
        org = sub.organisation
        mask = current["organisation"].eq(org) & current["period"].isin(sub.periods)
        old = current[mask]
        # a cell refused in this plan keeps the value on file (88 % was deleted for a « 75 » typed by hand)
        kept = old[
            [(str(tg), str(p)) in sub.rejected for tg, p in zip(old["target"], old["period"], strict=True)]
        ]
        old = old.drop(kept.index)
        unarchived = old[~old["source_sha256"].isin(archived) | old["source_sha256"].eq("")]
        if len(unarchived):
            record(unarchived, "antérieur", org)
        fresh = pd.DataFrame({
            "organisation": sub.accepted["organisation"].astype(str),
            "target": sub.accepted["target"].astype(str),
            "period": sub.accepted["period"].astype(str),
            "planned_value": sub.accepted["planned_value"].map(lambda x: f"{float(x):.10g}"),
            "note": sub.accepted["note"].astype(str),
            "source": f"Plan de transformation ({Path(file).name})",
            "source_file": Path(file).name, "source_sha256": sha, "ingested_at": now,
        }).astype(object)  # fmt: skip
        for c in extra:
            fresh[c] = ""
        record(fresh, "soumission", org)
        archived.add(sha)
        current = pd.concat([current[~mask], kept, fresh[current.columns]], ignore_index=True)
        _compare(old, fresh, stats, org, strategy)
    if not new_history:
        return stats
    rank_p, rank_t = _ranks(strategy)
    keys = pd.DataFrame({"o": current["organisation"], "t": current["target"].map(rank_t),
                         "p": current["period"].map(rank_p)})  # fmt: skip
    current = current.loc[keys.sort_values(["o", "t", "p"], kind="stable").index]
    _append(hist_path, pd.concat(new_history, ignore_index=True)[PLAN_HISTORY_COLUMNS])
    stats.reformatted = (
        write_dataset_file(on_file, current[PLAN_FILE_COLUMNS + extra]) and on_file.reformatted
    )
    return stats


def read_plans_file(data_dir: Path) -> DatasetFile:
    """``plans.csv`` of the dataset ``data_dir``, as validation reads it (:mod:`.dataset_files`)."""
    return read_dataset_file(Path(data_dir) / PLANS_FILE, PLAN_FILE_COLUMNS, "plans")
