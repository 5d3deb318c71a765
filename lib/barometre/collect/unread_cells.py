"""What a returned data sheet holds beside the columns read: said, never dropped without a word.

A column added by hand under a header no rule reads (« Précisions », or « Remarque » beside the
« Commentaire » column already read) is said once, at its header cell, as a CSV's is. Text typed in a
column without a header (« à vérifier avec la DGTI » in F7) is said at its own cell, with what was typed and
where a comment on that target goes: it vanished, though the same column in a CSV was named.
"""

from __future__ import annotations

from ..validation import normalise_target
from .issues import WARNING, CollectIssue, cell_ref, collect_issue, column_letter
from .layout import SCAN_COLUMNS, canonical_column


def unread_column(file: str, cell: str, name: str) -> CollectIssue:
    """A warning for a column no rule reads (« Précisions » added by hand): its cells are not ingested."""
    return collect_issue(file, cell, "unknown_column", name, severity=WARNING)


def unread_cells(
    cells, header_row: int, columns: dict[str, int], target_ids: list[str]
) -> list[CollectIssue]:
    """Warnings for what the sheet ``cells`` holds below its header in the columns it does not read.

    ``columns`` maps the canonical columns found to their numbers (:func:`.reading._find_header`); a
    column found there is read, or is the template's own (the target's label). Any other column holding
    something is said: at its header cell when it has a header, else at each cell that holds something.
    """
    read = set(columns.values())
    last = min(cells.f.max_column, SCAN_COLUMNS)
    issues: list[CollectIssue] = []
    for col in range(1, last + 1):
        name = cells.peek(header_row, col)
        if col in read or canonical_column(name) == "label":
            continue
        below = [(r, cells.peek(r, col)) for r in range(header_row + 1, cells.f.max_row + 1)]
        below = [(r, text) for r, text in below if text]
        if not below:
            continue
        if name:  # « Remarque » beside « Commentaire » too: one column of comments is read, as in a CSV
            issues.append(unread_column(cells.file, cell_ref(cells.title, col, header_row), name))
            continue
        for row, text in below:
            target = normalise_target(cells.peek(row, columns["target"]), target_ids)  # always found
            note = f"{column_letter(columns['note'])}{row}" if "note" in columns else ""
            known = target in target_ids and note
            issues.append(
                collect_issue(
                    cells.file, cell_ref(cells.title, col, row), "unheaded_column", text, severity=WARNING,
                    target=target, note=note,
                    message_key="" if known else "collect.warn.unheaded_column_plain",
                )
            )  # fmt: skip
    return issues
