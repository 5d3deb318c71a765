"""Issues that say the same thing of many rows, told once: their rows written as ranges.

Next year's file with a period the strategy does not know has hundreds of rows rejected for one
reason; ``barometre validate`` listed each of them (two lines a row, 442 lines for one cause). Issues
with the same file, column, rule and message are grouped here, in the order first met, and their rows
are written as ranges (« lignes 919 à 1139 »). The JSON report still lists every row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .i18n import format_number, t
from .validation import Issue

RANGES_SHOWN = 6  # beyond, « et 40 autres »: the JSON report has every row


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
        key = (issue.file, issue.column, issue.rule, issue.message, issue.message_en)
        group = groups.setdefault(key, IssueGroup(issue))
        group.count += 1
        if issue.row is not None:
            group.rows.append(issue.row)
    return list(groups.values())


def commonest(issues: Iterable[Issue], shown: int) -> tuple[list[IssueGroup], int]:
    """The ``shown`` groups of ``issues`` with the most issues, and how many groups are left untold.

    Among groups as large, the order met.
    """
    groups = sorted(group_issues(issues), key=lambda g: -g.count)
    return groups[:shown], max(0, len(groups) - shown)


def row_ranges(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive rows as ``(first, last)`` ranges: 3, 7, 8, 9 → (3, 3), (7, 9)."""
    ranges: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    return ranges


def rows_text(rows: list[int], lang: str = "fr") -> str:
    """Rows as words: « lignes 3, 7 à 9 et 12 (5 lignes) », "rows 3, 7–9 and 12 (5 rows)".

    Two rows in a row are two numbers (« 5 et 6 »); past :data:`RANGES_SHOWN` ranges, the rest is
    counted (« et 40 autres »).
    """
    ranges = [piece for a, b in row_ranges(rows) for piece in ([(a, a), (b, b)] if b == a + 1 else [(a, b)])]
    n = len(set(rows))
    if n == 1:
        return f"{t('word.row', lang)} {rows[0]}"
    parts = [str(a) if a == b else t("issues.range", lang, first=a, last=b) for a, b in ranges[:RANGES_SHOWN]]
    rest = sum(b - a + 1 for a, b in ranges[RANGES_SHOWN:])
    if rest:
        listed = ", ".join(parts)
        listed = t("issues.and_more", lang, listed=listed, n=rest, more=format_number(rest, lang))
    elif len(parts) > 1:
        listed = t("issues.and", lang, listed=", ".join(parts[:-1]), last=parts[-1])
    else:
        listed = parts[0]
    return t("issues.rows", lang, listed=listed, n=n, count=format_number(n, lang))
