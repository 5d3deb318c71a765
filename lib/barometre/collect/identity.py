"""Whose return a workbook is: its file name, its data sheet's code cell and its plan sheet's code.

A workbook named for one known organisation (« collecte-OFMOB-2023-2024.xlsx ») whose code cell names
another known one (``Données!B2 = MFTRA``) is refused whole: its figures and its plan are not merged, so
that nothing on file changes for either, and its issues are said under the organisation its name names,
the one to chase. Of several files of one organisation in a batch, the one modified last wins.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..i18n import texts
from .issues import CollectIssue, collect_issue
from .layout import named_code

if TYPE_CHECKING:
    from .ingest import FileResult
    from .plan_sheet import PlanSubmission


def received_key(path: Path) -> tuple[int, str, str]:
    """When ``path`` was last modified, then its name: later files win; the same files, the same winner."""
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        modified = 0
    return modified, path.name, str(path)


def note_identity(result: FileResult, fixed_cell: str, organisations: pd.DataFrame) -> None:
    """Record whom the file's name and code cell name; refuse it when they name two known organisations.

    ``fixed_cell`` is the data sheet's code cell (``Données!B2``), "" when the file has an organisation
    column (a CSV, a table of several organisations): then the name says nothing.
    """
    if not fixed_cell:
        return
    known = set(organisations["code"].astype(str))
    result.code_cell = fixed_cell
    result.named = named_code(result.path.stem, known)
    code = result.organisations[0] if len(result.organisations) == 1 else ""
    if not (result.named and code in known and code != result.named):
        return
    result.code = code  # another known organisation's: the file is refused
    error = collect_issue(str(result.path), fixed_cell, "organisation_conflict", result.code,
                          organisation=result.named, named=result.named, where=fixed_cell)  # fmt: skip
    result.issues = [error, *_as_named(result.issues, result.code, result.named)]
    result.accepted = result.accepted.iloc[0:0]
    result.rows_rejected = result.rows_read
    result.organisations = [result.named]
    result.answered = {(result.named, tid) for _org, tid in result.answered}
    result.empty_targets = [(result.named, tid, cell) for _org, tid, cell in result.empty_targets]


def refuse_plan(result: FileResult, plan: PlanSubmission) -> None:
    """The plan of a workbook refused by :func:`note_identity`: none of its values is taken either."""
    if not result.conflict:
        return
    plan.issues = _as_named(plan.issues, "", result.named)
    if len(plan.accepted):
        plan.rows_rejected = plan.rows_read
        plan.accepted = plan.accepted.iloc[0:0]


def _as_named(issues: list[CollectIssue], code: str, named: str) -> list[CollectIssue]:
    """``issues`` said under ``named`` (those of ``code``, or every one when ``code`` is "")."""
    return [replace(i, organisation=named) if not code or i.organisation == code else i for i in issues]


def plan_code_advice(plan_code: str, data_code: str, named: str, plan_cell: str, data_cell: str) -> dict:
    """Which cell to correct when the plan's code is not the data sheet's: the one the file name contradicts.

    Without a file name to tell (or when it names neither), both cells are named.
    """
    if named and data_cell and named.upper() == plan_code.upper():
        return _advice("fix_cell", cell=data_cell)
    if named and named.upper() == data_code.upper():
        return _advice("fix_cell", cell=plan_cell)
    if (
        not data_cell
    ):  # the data sheet names its organisation in a column, the reference: « cellule ? » read badly
        return _advice("fix_cell", cell=plan_cell)
    return _advice("fix_either", plan=plan_cell, data=data_cell)


def _advice(key: str, **fields: str) -> dict[str, str]:
    return texts(f"collect.detail.{key}", **fields)
