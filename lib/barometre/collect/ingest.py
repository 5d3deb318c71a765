"""``barometre ingest``: returned workbooks and CSVs → validated observations, history and quality report.

Every file is read (:mod:`.reading`), then validated with the core rules
(:func:`barometre.validation.validate_observations`, not a copy of them); core issues are located at
their cell (``Données!C7``). Two checks belong to collection only: counts must be whole numbers (the
template's own rule), and the file must be for the period being ingested. Accepted rows are merged
(:mod:`.history`); files already merged (same sha256) are read and reported again but not merged twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..dataset import load_dataset_parts, sha256_file
from ..strategy import Strategy
from ..strategy_model import fiscal_year_start, normalise_period
from ..validation import validate_observations
from .history import (
    REFUSED,
    Batch,
    MergeStats,
    append_log,
    known_hashes,
    latest_outcomes,
    merge,
    read_log,
    read_observations_file,
)  # fmt: skip
from .identity import note_identity, received_key, refuse_plan
from .issues import ERROR, WARNING, CollectIssue, cell_issue, collapse_issues, collect_issue, decimal_words
from .plan_checks import withdraw_merge_warnings
from .plan_merge import PlanMergeStats, merge_plans, read_plans_file
from .plan_sheet import PlanSubmission, read_plan_sheet
from .reading import CSV_SUFFIXES, WORKBOOK_SUFFIXES, Submission, UnusableFile, read_submission
from .templates import check_period
from .unfilled import PlansOnFile, kept_on_file, plans_on_file, refuse_unfilled, sent_back_unfilled

DATA_SUFFIXES = WORKBOOK_SUFFIXES + CSV_SUFFIXES
# Spreadsheets saved in a format not read (Excel 97-2003, binary, LibreOffice, Numbers): returns all the same
OTHER_WORKBOOKS = (".xls", ".xlsb", ".ods", ".numbers")
# Files a folder may hold that are not submissions and are skipped without a word.
SILENT_NAMES = (
    "observations.csv", "organisations.csv", "observations_history.csv", "ingestion_log.csv",
    "plans.csv", "plans_history.csv",
)  # fmt: skip

MERGED, ALREADY, REJECTED, SUPERSEDED, EMPTY = "merged", "already", "rejected", "superseded", "empty"
PLAN_ONLY = "plan_only"  # no data row, a plan merged: it was « rejeté » while its plan went in


@dataclass
class FileResult:
    """The outcome of reading and validating one file."""

    path: Path
    sha256: str
    sheet: str | None = None
    accepted: pd.DataFrame = field(default_factory=pd.DataFrame)
    issues: list[CollectIssue] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    empty_targets: list[tuple[str, str, str]] = field(default_factory=list)
    noted: int = 0  # of those, the ones with a note (« Données non disponibles cette année »): answers
    # (organisation, target) of the rows with figures, accepted or rejected
    answered: set[tuple[str, str]] = field(default_factory=set)
    organisations: list[str] = field(default_factory=list)
    period: str = ""
    status: str = REJECTED
    unusable: bool = False
    plan: PlanSubmission | None = None  # the workbook's plan sheet, when it has one
    # whom the file's name names, and its data sheet's code cell (:mod:`.identity`); ``code``: another known
    # organisation's code in that cell, for which the file is refused
    named: str = ""
    code_cell: str = ""
    code: str = ""

    @property
    def conflict(self) -> bool:
        """The name names one known organisation, the code cell another: nothing of the file is merged."""
        return bool(self.code)

    @property
    def rows_accepted(self) -> int:
        """Rows that passed every rule."""
        return len(self.accepted)

    @property
    def answers(self) -> int:
        """Data rows, and target rows without a figure but with a note: what tells a workbook was filled."""
        return self.rows_read + self.noted

    @property
    def errors(self) -> list[CollectIssue]:
        """Issues that reject rows."""
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[CollectIssue]:
        """Issues that only ask for a check."""
        return [i for i in self.issues if i.severity == WARNING]


@dataclass
class IngestResult:
    """Everything one ``ingest`` run did."""

    data_dir: Path
    period: str
    files: list[FileResult]
    ignored: list[CollectIssue]
    merge: MergeStats
    ingested_at: str
    strategy: Strategy | None = None
    organisations: pd.DataFrame | None = None
    plan_merge: PlanMergeStats = field(default_factory=PlanMergeStats)

    @property
    def plan_rows_added(self) -> int:
        """Planned values merged into ``plans.csv`` (new, replacing or unchanged)."""
        return self.plan_merge.merged

    @property
    def plan_rows_rejected(self) -> int:
        """Plan values rejected over all files."""
        return sum(f.plan.rows_rejected for f in self.files if f.plan)

    @property
    def rows_read(self) -> int:
        """Rows read over all files."""
        return sum(f.rows_read for f in self.files)

    @property
    def rows_accepted(self) -> int:
        """Rows accepted over all files."""
        return sum(f.rows_accepted for f in self.files)

    @property
    def rows_rejected(self) -> int:
        """Rows rejected over all files."""
        return sum(f.rows_rejected for f in self.files)

    @property
    def errors(self) -> list[CollectIssue]:
        """Every error of the run."""
        return [i for f in self.files for i in f.errors]

    @property
    def exit_code(self) -> int:
        """0 all accepted, 1 some rows or files rejected, 2 nothing usable (no observation, no plan value)."""
        plan_rows = sum(len(f.plan.accepted) for f in self.files if f.plan)
        if not self.rows_accepted and not plan_rows:
            return 2
        return 1 if self.errors else 0


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[CollectIssue]]:
    """Files named, and data files found in folders (recursively, in name order); other files are noted."""
    found: list[Path] = []
    ignored: list[CollectIssue] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name.startswith(("~$", ".")) or child.name in SILENT_NAMES:
                    continue
                # a workbook in another format is a return not read: an error at it, as when it is named
                if child.suffix.lower() in DATA_SUFFIXES + OTHER_WORKBOOKS:
                    found.append(child)
                else:
                    ignored.append(
                        collect_issue(
                            str(child), "", "ignored_file", child.suffix or child.name, severity=WARNING
                        )
                    )
        else:
            found.append(path)
    unique: list[Path] = []
    for p in found:
        if p.resolve() not in {u.resolve() for u in unique}:
            unique.append(p)
    return unique, ignored


def validate_file(
    path: Path, period: str | None, strategy: Strategy, organisations: pd.DataFrame
) -> tuple[FileResult, Submission | None]:
    """Read and validate one returned file; never raises for bad content (``period`` None: any period)."""
    if not path.exists():
        issue = collect_issue(
            str(path), "", "unreadable_file", path.name, detail="fichier introuvable / file not found"
        )
        return FileResult(path, "", issues=[issue], unusable=True), None
    result = FileResult(path, sha256_file(path))
    try:
        sub = read_submission(path, organisations, strategy.target_ids)
    except UnusableFile as exc:
        result.issues.append(exc.issue)
        result.unusable = True
        return result, None
    result.sheet = sub.sheet
    table = sub.table
    row_org = dict(zip(table.rows, table.frame["organisation"], strict=True)) if len(table.frame) else {}
    accepted, report = validate_observations(table, strategy, organisations)
    issues = list(sub.issues)
    issues += [
        cell_issue(str(path), sub.locate(e.column, e.row), e, str(row_org.get(e.row, "")))
        for e in report.errors
    ]
    # what only asks for a check (a count read from « 1.79E+03 »); a decimal whole count is refused below
    for w in (w for w in report.warnings if w.rule != "decimal_count"):
        issues.append(CollectIssue(str(path), sub.locate(w.column, w.row), w.rule, WARNING, w.message,
                                   w.message_en, w.value or "", str(row_org.get(w.row, ""))))  # fmt: skip
    # Collection rules: whole counts (the template's own validation) unless the strategy says a target's
    # counts may have decimals (``whole_counts: false``): the cells validation said (decimal_count) are
    # refused here; and the period being ingested.
    refused = {(w.row, w.column) for w in report.warnings if w.rule == "decimal_count"}
    keep = []
    for _, row in accepted.iterrows():
        ok = True
        for column in ("numerator", "denominator"):
            if (row["row"], column) in refused:
                raw = table.frame.loc[table.rows.index(row["row"]), column]
                issues.append(
                    collect_issue(
                        str(path), sub.locate(column, row["row"]), "not_whole_number", raw,
                        organisation=row["organisation"], number=decimal_words(raw),
                    )
                )  # fmt: skip
                ok = False
        if period is not None and row["period"] != period:
            issues.append(
                collect_issue(
                    str(path), sub.locate("period", row["row"]), "period_mismatch", row["period"],
                    organisation=row["organisation"], period=period,
                )
            )  # fmt: skip
            ok = False
        keep.append(ok)
    accepted = accepted[keep].reset_index(drop=True) if len(accepted) else accepted
    result.accepted = accepted
    result.rows_read = report.rows_read + len(sub.pre_rejected)
    result.rows_rejected = result.rows_read - len(accepted)
    for org, target, cell in sub.empty_targets:
        note, at = sub.empty_notes.get(cell, ("", ""))  # its comment quoted: the analyst need not ask why
        issues.append(
            collect_issue(str(path), cell, "target_empty", target, severity=WARNING, organisation=org,
                          message_key="collect.warn.target_empty_noted" if note else "", note=note, at=at)
        )  # fmt: skip
    result.empty_targets = sub.empty_targets
    result.noted = sub.noted
    result.answered = sub.answered
    result.issues = collapse_issues(issues)
    # who and when the file is about: its known codes and its fiscal years (a « Total » row is neither; what
    # is not known is said at its cell), or what it wrote when it names none
    orgs = [
        o for o in dict.fromkeys([*table.frame["organisation"], *(o for o, _, _ in sub.empty_targets)]) if o
    ]
    known = set(organisations["code"].astype(str))
    result.organisations = [o for o in orgs if o in known] or orgs
    periods = [p for p in dict.fromkeys(table.frame["period"]) if p] if len(table.frame) else []
    result.period = ", ".join(
        [p for p in periods if fiscal_year_start(normalise_period(p)) is not None] or periods
    )
    # a sheet's, a column's or a cell's warning (another sheet with figures, merged cells) is the file's
    # organisations': it was listed under « — » and counted for none of them. Not an error: a row without its
    # organisation's code is no organisation's
    if owner := " ".join(result.organisations):
        result.issues = [replace(i, organisation=owner) if not i.organisation and i.severity == WARNING else i
                         for i in result.issues]  # fmt: skip
    note_identity(result, sub.fixed.get("organisation", ""), organisations)
    return result, sub


def read_plan(
    res: FileResult,
    strategy: Strategy,
    organisations: pd.DataFrame,
    period: str | None,
    on_file: PlansOnFile | None,
) -> PlanSubmission | None:
    """The plan sheet of the workbook ``res`` was read from, checked against its data sheet's organisation.

    A workbook sent back as ``template`` made it (:mod:`.unfilled`, against the plans ``on_file``) is refused.
    """
    org = res.code or (res.organisations[0] if len(res.organisations) == 1 else "")
    plan = read_plan_sheet(res.path, strategy, organisations, organisation=org, period=period,
                           data_sheet=res.sheet, named=res.named, data_cell=res.code_cell)  # fmt: skip
    if plan is not None:
        refuse_plan(res, plan)
        _refuse_other_year(res, plan, period)
        if on_file is not None and sent_back_unfilled(res.sha256, res.answers, plan, on_file):
            plan.issues.append(refuse_unfilled(res.path, res.sheet, plan))
        withdraw_merge_warnings(plan)
    return plan


def _refuse_other_year(res: FileResult, plan: PlanSubmission, period: str | None) -> None:
    """The plan of a workbook whose figures are all for another period than ``period`` is not taken either.

    Last year's workbook sent again by mistake was said « rejeté », yet its plan replaced the one on file.
    """
    years = {normalise_period(p.strip()) for p in res.period.split(",") if p.strip()}
    if not period or not years or period in years or plan.accepted.empty:
        return
    plan.issues.append(collect_issue(str(res.path), "", "plan_other_year", ", ".join(sorted(years)),
                                     organisation=plan.organisation, period=period))  # fmt: skip
    plan.rows_rejected, plan.accepted = plan.rows_read, plan.accepted.iloc[0:0]


def now_iso() -> str:
    """The current time, UTC, to the second (ISO 8601)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def ingest(paths: Iterable[Path], period: str, data_dir: Path, *, now: str | None = None) -> IngestResult:
    """Read, validate and merge returned files into the dataset ``data_dir`` for ``period``."""
    data_dir = Path(data_dir)
    _meta, strategy, organisations, _ = load_dataset_parts(data_dir)
    period = check_period(strategy, period)
    strategy = strategy.extended_to([period])
    now = now or now_iso()
    files, ignored = expand_paths(paths)
    results = [validate_file(p, period, strategy, organisations)[0] for p in files]
    log = read_log(data_dir)  # read once: written only at the end of the run
    known = known_hashes(data_dir, log)
    on_file = plans_on_file(data_dir, strategy, organisations)
    new_plans: list[tuple[str, str, PlanSubmission]] = []
    # of several files of one organisation and period, the one modified last wins (ties: by name): they
    # are merged in that order, observations and plans, and logged in it (.returns)
    order = sorted(range(len(results)), key=lambda n: received_key(results[n].path))
    for res in (results[n] for n in order):
        if res.unusable or res.path.suffix.lower() not in WORKBOOK_SUFFIXES:
            continue
        # as the template made it: refused (read_plan), and the plan on file stays with its own provenance
        res.plan = read_plan(res, strategy, organisations, period, on_file)
        if res.plan is None:
            continue
        res.issues.extend(res.plan.issues)
        if res.sha256 not in known and res.sha256 not in {sha for _f, sha, _p in new_plans}:
            new_plans.append((str(res.path), res.sha256, res.plan))
    # both files read before either is written: one that cannot be rewritten whole stops the run here
    obs_file, plans_file = read_observations_file(data_dir), read_plans_file(data_dir)
    batches: list[Batch] = []
    merged_for_pair: dict[tuple[str, str], list[int]] = {}
    for i in order:
        res = results[i]
        if res.rows_accepted == 0:
            planned = res.plan is not None and not res.plan.accepted.empty and not res.rows_read
            if planned:
                res.status = ALREADY if res.sha256 in known else PLAN_ONLY
            else:
                res.status = EMPTY if not res.rows_read and not res.errors else REJECTED
            if res.noted and not res.rows_read and res.status != ALREADY and len(res.organisations) == 1:
                res.issues += kept_on_file(str(res.path), res.organisations[0], period, obs_file.frame)
            continue
        if res.sha256 in known:
            res.status = ALREADY
            continue
        res.status = MERGED
        for pair in res.accepted[["period", "organisation"]].drop_duplicates().itertuples(index=False):
            key = (pair.period, pair.organisation)
            for earlier in (results[n] for n in merged_for_pair.get(key, [])):
                if earlier.status == MERGED and set(earlier.organisations) <= {key[1]}:
                    earlier.status = SUPERSEDED
            merged_for_pair.setdefault(key, []).append(i)
        batches.append(Batch(str(res.path), res.sha256, res.accepted))
        known.add(res.sha256)
    # said on the file kept, once for each one set aside: of three, the middle one said it was kept
    for key, files in merged_for_pair.items():
        kept = results[files[-1]]
        kept.issues += [
            collect_issue(str(kept.path), "", "resubmitted_in_batch", f"{key[1]} {key[0]}", severity=WARNING,
                          organisation=key[1], name=kept.path.name, aside=results[n].path.name)
            for n in files[:-1]
        ]  # fmt: skip
    logged = latest_outcomes(log)
    stats = merge(data_dir, batches, strategy, organisations, now, obs_file)
    plan_stats = merge_plans(data_dir, new_plans, strategy, now, plans_file)
    entries = []
    for res in (results[n] for n in order):  # a file set aside is logged before the one kept
        before = logged.get(res.sha256)
        if not res.sha256 or res.status == ALREADY:
            continue
        if before is not None and (before not in REFUSED or res.status in REFUSED):
            continue  # a file is logged once, and again when it was refused and is now taken (for its period)
        entries.append(
            {
                "ingested_at": now,
                "file": str(res.path),  # as read: the report's « barometre validate » command names it so
                "sha256": res.sha256,
                "period": res.period or period,
                "organisations": " ".join(res.organisations),
                "rows_read": res.rows_read,
                "rows_accepted": res.rows_accepted,
                "rows_rejected": res.rows_rejected,
                "errors": len(res.errors),
                "warnings": len(res.warnings),
                "outcome": res.status,
            }
        )
        logged[res.sha256] = res.status
    append_log(data_dir, entries)
    return IngestResult(data_dir, period, results, ignored, stats, now, strategy, organisations, plan_stats)
