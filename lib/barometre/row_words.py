"""Rows of a file as words: « lignes 3, 7 à 9 et 12 (5 lignes) », "rows 3, 7–9 and 12 (5 rows)".

Used where a message names several rows: an issue said of many rows (:mod:`barometre.issue_groups`) and
a row repeated on others (the ``duplicate_key`` rule, « figure aussi aux lignes 42 à 45 »).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from .i18n import LANGUAGES, format_number, joined, t

RANGES_SHOWN = 6  # beyond, « et 40 autres »: the JSON report has every row


def row_ranges(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive rows as ``(first, last)`` ranges: 3, 7, 8, 9 → (3, 3), (7, 9)."""
    ranges: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    return ranges


def rows_listed(rows: Iterable[int], lang: str = "fr") -> str:
    """The row numbers alone: « 3, 7 à 9 et 12 », "3, 7–9 and 12".

    Two rows in a row are two numbers (« 5 et 6 »); past :data:`RANGES_SHOWN` ranges, the rest is
    counted (« et 40 autres »).
    """
    rows = set(rows)
    return _listed(row_ranges(rows), len(rows), lang)


def _listed(ranges: list[tuple[int, int]], total: int, lang: str) -> str:
    """:func:`rows_listed` of ``total`` rows whose first ranges (at least those shown, if any) are ``ranges``."""
    pieces = [piece for a, b in ranges for piece in ([(a, a), (b, b)] if b == a + 1 else [(a, b)])]
    shown = pieces[:RANGES_SHOWN]
    parts = [str(a) if a == b else t("issues.range", lang, first=a, last=b) for a, b in shown]
    rest = total - sum(b - a + 1 for a, b in shown)
    if rest:
        return t("issues.and_more", lang, listed=", ".join(parts), n=rest, more=format_number(rest, lang))
    return joined(parts, lang)


class OtherRows:
    """The rows of a group (a repeated key), listed without each one of them in turn, in linear time.

    ``rows_listed_each([x for x in rows if x != r])`` for every row ``r`` of a group costs the group's size
    each time: a file of 1 000 000 rows repeating 900 keys took hours. Here the group's ranges are found
    once, and each row's listing looks at the first ranges only (those a message shows).
    """

    def __init__(self, rows: Iterable[int]) -> None:
        self.rows = sorted(set(rows))
        self.ranges = row_ranges(self.rows)
        self._starts = [a for a, _b in self.ranges]
        self._beyond: dict[str, str] | None = None

    def without(self, row: int) -> dict[str, str]:
        """:func:`rows_listed_each` of the group's rows other than ``row`` (one of them)."""
        i = bisect_right(self._starts, row) - 1
        a, b = self.ranges[i]
        split = [(x, y) for x, y in ((a, row - 1), (row + 1, b)) if x <= y]
        total = len(self.rows) - 1
        if i >= RANGES_SHOWN:  # a row past those shown: every such row's listing is the same
            if self._beyond is None:
                self._beyond = {lang: _listed(self.ranges[:RANGES_SHOWN], total, lang) for lang in LANGUAGES}
            return self._beyond
        head = self.ranges[:i] + split + self.ranges[i + 1 : i + 1 + RANGES_SHOWN]
        return {lang: _listed(head, total, lang) for lang in LANGUAGES}


def rows_listed_each(rows: Iterable[int]) -> dict[str, str]:
    """:func:`rows_listed` in each language, for a message filled per language (:func:`~barometre.i18n.texts`)."""
    rows = list(rows)
    return {lang: rows_listed(rows, lang) for lang in LANGUAGES}


def rows_text(rows: list[int], lang: str = "fr") -> str:
    """Rows as words, with the word and the count: « ligne 5 », « lignes 3, 7 à 9 et 12 (5 lignes) »."""
    n = len(set(rows))
    if n == 1:
        return f"{t('word.row', lang)} {rows[0]}"
    return t("issues.rows", lang, listed=rows_listed(rows, lang), n=n, count=format_number(n, lang))
