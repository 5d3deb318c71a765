"""The version of the data a brief and a deck are made from, printed at their foot."""

from __future__ import annotations

import hashlib


def data_version(ds, period: str) -> str:
    """12 hex digits of what a report for ``period`` is made from, and of its strategy.

    :func:`~barometre.api.known_inputs`: another figure, another version; a row of a later period changes none.

    A brief printed for the minister and the one written after a correction (5.2 : 37,2 % then 37,8 %)
    both ended « Produit le 6 décembre 2026 par Baromètre 0.1.0 »: nothing told them apart.
    """
    import json

    from ..api import known_inputs
    from ..strategy import strategy_sha256

    said = {**known_inputs(ds, period), "strategy": strategy_sha256(ds.strategy)}
    return hashlib.sha256(json.dumps(said, sort_keys=True).encode()).hexdigest()[:12]
