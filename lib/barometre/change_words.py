"""A target's change as the pages, the brief and the deck write it, with the news it is for a target to bring down.

The sign beside a change (▲ ▼, :func:`barometre.blocks.change_sign`) follows the value. For a target to
bring down (« au plus 25 % »), a fall is good news: « ▼ −5,3 pts » read like a loss beside the targets to
raise. Such a change says which it is in words: « −5,3 pts (amélioration) », « +2,0 pts (dégradation) ».
"""

from __future__ import annotations

import pandas as pd

from .blocks import change_sign
from .i18n import NBSP, format_points, t

Ends = tuple[float | None, ...]
# The percentages of a table's row that its points (a gap, a change) are a difference of, when it has them.
POINTS_ENDS = ("value", "target_value", "planned_value")


def change_text(change: float, lang: str, at_most: bool = False, ends: Ends = ()) -> str:
    """« +12,2 pts »; for a target to bring down (``at_most``) moving beyond ≈, its news in words too.

    ``ends``: the values changed from and to, whose decimals a change between small percentages takes
    (« +0,05 pt » from 0,26 % to 0,31 %, :func:`barometre.i18n.format_points`).
    """
    return _with_words(change, lang, at_most, "brief.change", ends)


def gap_text(gap: float, lang: str, at_most: bool = False, ends: Ends = ()) -> str:
    """An organisation's value less the government's: « +8,0 pts », « +8,0 pts (moins bien) » when ``at_most``.

    ``ends``: the two values, as for :func:`change_text`.
    """
    return _with_words(gap, lang, at_most, "gap", ends)


def _with_words(points: float, lang: str, at_most: bool, words: str, ends: Ends) -> str:
    text = format_points(points, lang, ends)
    sign = change_sign(points, ends)  # the one rule of « ≈ »: small in points and beside the values
    if not at_most or sign not in ("▲", "▼"):
        return text
    return t(
        "brief.change.news",
        lang,
        change=text,
        news=t(f"{words}.{'worse' if sign == '▲' else 'better'}", lang),
    )


def points_number(points: float, lang: str, ends: Ends = ()) -> str:
    """A distance in points, unsigned and without its unit, as :func:`format_points` writes it.

    « 0,66 » for plans reaching 0,34 % of a 1 % target (``ends``), where one decimal said « 0,7 ».
    """
    return format_points(abs(points), lang, ends).removeprefix("+").split(NBSP)[0]


def points_column(points: pd.Series, frame: pd.DataFrame, lang: str) -> pd.Series:
    """A table's column of ``points``, each as precise as its row's small percentages (« −0,81 pt »).

    The row's percentages are the columns of ``frame`` named in ``POINTS_ENDS`` (a gap to the target:
    ``value`` and ``target_value``); « — » where a point is missing.
    """
    ends = frame[[c for c in POINTS_ENDS if c in frame]].itertuples(index=False, name=None)
    texts = [
        format_points(None if pd.isna(x) else float(x), lang, e) for x, e in zip(points, ends, strict=True)
    ]
    return pd.Series(texts, index=points.index)
