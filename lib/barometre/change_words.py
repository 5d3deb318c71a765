"""A target's change as the pages, the brief and the deck write it, with the news it is for a target to bring down.

The sign beside a change (▲ ▼, :func:`barometre.blocks.change_sign`) follows the value. For a target to
bring down (« au plus 25 % »), a fall is good news: « ▼ −5,3 pts » read like a loss beside the targets to
raise. Such a change says which it is in words: « −5,3 pts (amélioration) », « +2,0 pts (dégradation) ».
"""

from __future__ import annotations

from .blocks import change_sign
from .i18n import format_points, t


def change_text(change: float, lang: str, at_most: bool = False) -> str:
    """« +12,2 pts »; for a target to bring down (``at_most``) moving beyond ≈, its news in words too."""
    return _with_words(change, lang, at_most, "brief.change")


def gap_text(gap: float, lang: str, at_most: bool = False) -> str:
    """An organisation's value less the government's: « +8,0 pts », « +8,0 pts (moins bien) » when ``at_most``."""
    return _with_words(gap, lang, at_most, "gap")


def _with_words(points: float, lang: str, at_most: bool, words: str) -> str:
    text = format_points(points, lang)
    sign = change_sign(points)
    if not at_most or sign not in ("▲", "▼"):
        return text
    return t(
        "brief.change.news",
        lang,
        change=text,
        news=t(f"{words}.{'worse' if sign == '▲' else 'better'}", lang),
    )
