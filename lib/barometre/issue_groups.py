"""Issues that say the same thing of many rows, told once: their rows written as ranges.

Next year's file with a period the strategy does not know has hundreds of rows rejected for one
reason; ``barometre validate`` listed each of them (two lines a row, 442 lines for one cause). Issues
with the same file, column, rule and message are grouped here, in the order first met, and their rows
are written as ranges (« lignes 919 à 1139 »). The JSON report still lists every row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .i18n import both, format_number, t
from .row_words import rows_text
from .validation import Issue


@dataclass
class IssueGroup:
    """One message, the issues that share it, and their rows."""

    first: Issue
    rows: list[int] = field(default_factory=list)
    count: int = 0

    def describe(self, lang: str = "fr") -> str:
        """One line: ``file, lignes 3, 7 à 9 (5 lignes), colonne x : message``."""
        if self.count == 1:
            return self.first.describe(lang)
        rows = [rows_text(self.rows, lang)] if self.rows else []
        if self.count > len(self.rows):  # issues of the whole file, without a row
            rows.append(t("issues.times", lang, n=self.count, shown=format_number(self.count, lang)))
        return self.first.describe(lang, rows=", ".join(rows))


def group_issues(issues: Iterable[Issue]) -> list[IssueGroup]:
    """Group ``issues`` by file, column, rule and message, in the order each message is first met."""
    groups: dict[tuple, IssueGroup] = {}
    for issue in issues:
        key = (issue.file, issue.sheet, issue.column, issue.rule, issue.message, issue.message_en)
        group = groups.setdefault(key, IssueGroup(issue))
        group.count += 1
        if issue.row is not None:
            group.rows.append(issue.row)
    return list(groups.values())


def commonest(issues: Iterable[Issue], shown: int) -> tuple[list[IssueGroup], int]:
    """``shown`` groups of ``issues``, the largest first, and how many groups are left untold.

    The largest group of each kind (file, sheet, column, rule) comes before a second one of a kind: a
    message that quotes its cell (« 1.000E+03 », « 1.001E+03 »…) makes a group a row, and forty of them
    hid the one warning of another kind. Among groups as large, the order met.
    """
    seen: set[tuple] = set()
    firsts, rest = [], []
    for group in sorted(group_issues(issues), key=lambda g: -g.count):  # the first of its kind: its largest
        kind = (group.first.file, group.first.sheet, group.first.column, group.first.rule)
        (rest if kind in seen else firsts).append(group)
        seen.add(kind)
    return (firsts + rest)[:shown], max(0, len(firsts) + len(rest) - shown)


def told(issues: Iterable[Issue], shown: int, folder: str) -> tuple[list[IssueGroup], str | None]:
    """:func:`commonest`, with the line that says how many more and where to see them all (None if none)."""
    groups, more = commonest(issues, shown)
    return groups, both("issues.more_groups", n=more, folder=folder) if more else None
