"""The strategy's targets a returned workbook's data sheet has no row for: a row deleted, or an id typed over."""

from __future__ import annotations

from collections.abc import Callable

from ..validation import normalise_target
from .issues import WARNING, CollectIssue, cell_ref, collect_issue


def missing_targets(
    file: str,
    sheet: str,
    org: str,
    peek: Callable[[int, int], str],
    header: tuple[int, int],
    target_ids: list[str],
    seen: set[str],
) -> tuple[list[CollectIssue], list[str]]:
    """Warnings for the targets not in ``seen``, and those whose id was typed over (their row is there).

    ``header``: the data table's header row and its target column; the template writes the targets in the
    strategy's order on the rows below it.

    A7 « 1.1 » typed « 9.9 » read « Cible 1.1 absente : la ligne a été supprimée du formulaire » beside the
    unknown target at A7: the row the template put it on holds another id, said at its cell.
    """
    header_row, target_column = header
    issues: list[CollectIssue] = []
    overtyped: list[str] = []
    for place, tid in enumerate(target_ids, start=header_row + 1):
        if tid in seen:
            continue
        typed = peek(place, target_column)
        if typed and normalise_target(typed, target_ids) not in target_ids:
            where = cell_ref(sheet, target_column, place)
            issues.append(collect_issue(file, where, "target_overtyped", tid, severity=WARNING, organisation=org,
                                        target=tid, typed=typed))  # fmt: skip
            overtyped.append(tid)
        else:
            issues.append(
                collect_issue(
                    file, sheet, "target_missing", tid, severity=WARNING, organisation=org, target=tid
                )
            )
    return issues, overtyped
