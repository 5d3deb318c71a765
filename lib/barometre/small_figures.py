"""How many decimals a very small percentage, and a difference of small percentages, are written with.

A target of 1 % whose values are about 0,3 % read « 0,3 % » in 2022-2023 and in 2023-2024 (0,261 % and
0,306 %), « intervalle à 95 % : 0,3 % à 0,3 % », « ≈ +0,0 pt depuis 2022-2023 », and nine organisations
from −0,81 to −0,76 point behind read as ex aequo at « −0,8 pt ». The rule, one for every page:

- a percentage under ``SMALL`` (1 %) is written with two significant digits (« 0,26 % », « 0,045 % »),
  at most ``CAP`` decimals, without a trailing zero (« 0,3 % »); the others as before (« 12,5 % », « 75 % »);
- a difference in points takes as many decimals as the small percentages it is the difference of
  (« +0,05 pt », « −0,81 pt »), at least one (« +5,2 pts »); a difference that is not zero never reads
  zero (« −0,003 pt », not « −0,0 pt »), up to ``CAP`` decimals.

Values of tens of percent read exactly as before.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

SMALL = 1.0  # percent: from here on a percentage takes the usual 0 or 1 decimal (« 1 % », « 12,5 % »)
CAP = 3  # decimals at most (« 0,045 % »; 0,0004 % reads « 0 % »)


def small_decimals(pct: float) -> int | None:
    """Decimals for two significant digits of a percentage under ``SMALL`` (at most ``CAP``), else None.

    ``pct`` is in percent (0,261 for 0,261 %); zero and the others take the usual rule (None).
    """
    size = abs(float(pct))
    if not math.isfinite(size) or size == 0 or size >= SMALL:
        return None
    return min(CAP, 1 - math.floor(math.log10(size)))


def ends_decimals(ends: Iterable[float | None]) -> int:
    """The decimals of the finest small percentage among ``ends`` (proportions, 0,003 for 0,3 %); 0 if none."""
    found = [small_decimals(float(e) * 100) for e in ends if e is not None and not _nan(e)]
    return max([0, *(d for d in found if d is not None)])


def _nan(x: object) -> bool:
    try:
        return math.isnan(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True
