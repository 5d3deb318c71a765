"""Where a short list of organisations is cut: never inside a tie, so nobody is named as if ranked.

At 300 organisations, 228 at « avancement moyen 0 % »: naming the first five of them by name read as a
ranking of those five. A tie at the cut of a few organisations (``TOGETHER``) is named whole; a larger one
is counted, none of it named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TOGETHER = 3  # a tie at the cut of up to three organisations is named whole


@dataclass(frozen=True)
class Cut:
    """How many of the list to name (``named``); the tie at the cut left unnamed (``tied``, 0: none)."""

    named: int
    tied: int = 0


def cut(shown: Sequence[str], n: int, most: int | None = None) -> Cut:
    """Where to cut ``shown`` (the values as read, best first) to about ``n`` names, at most ``most``.

    A tie at the cut is named whole when it is a few organisations and the list stays within ``most``
    (default: no limit), else counted.
    """
    if len(shown) <= n or shown[n] != shown[n - 1]:
        return Cut(min(n, len(shown)))
    at_cut = shown[n - 1]
    before = sum(1 for s in shown[:n] if s != at_cut)
    tied = sum(1 for s in shown if s == at_cut)
    if tied <= TOGETHER and (most is None or before + tied <= most):
        return Cut(before + tied)
    return Cut(before, tied)
