"""Rows of a file as words: « lignes 3, 7 à 9 et 12 (5 lignes) », "rows 3, 7–9 and 12 (5 rows)".

Used where a message names several rows: an issue said of many rows (:mod:`barometre.issue_groups`) and
a row repeated on others (the ``duplicate_key`` rule, « figure aussi aux lignes 42 à 45 »).
"""

from __future__ import annotations

from collections.abc import Iterable

from .i18n import LANGUAGES, format_number, t

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
    ranges = [piece for a, b in row_ranges(rows) for piece in ([(a, a), (b, b)] if b == a + 1 else [(a, b)])]
    parts = [str(a) if a == b else t("issues.range", lang, first=a, last=b) for a, b in ranges[:RANGES_SHOWN]]
    rest = sum(b - a + 1 for a, b in ranges[RANGES_SHOWN:])
    if rest:
        return t("issues.and_more", lang, listed=", ".join(parts), n=rest, more=format_number(rest, lang))
    if len(parts) > 1:
        return t("issues.and", lang, listed=", ".join(parts[:-1]), last=parts[-1])
    return parts[0] if parts else ""


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
