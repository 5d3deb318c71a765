"""Layered charts without altair's deep copies of layers that have no parameter.

``alt.layer`` (``LayerChart.__init__``) deep-copies every layer twice to lift selection parameters to
the layered chart (``_remove_duplicate_params``, ``_combine_subchart_params``), even when no layer has
one: a fifth of the time of a report page. When every layer is a plain ``Chart`` without parameters,
and the layered chart has none either, both steps would hand back copies equal to their input: the
layers are then used as they are. Anything else goes through altair's own code. The chart specs are
the same byte for byte (tests compare every chart with and without).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from altair.utils import is_undefined
from altair.vegalite.v6 import api

NAMES = ("_remove_duplicate_params", "_combine_subchart_params")
_altair: dict[str, Any] = {}  # altair's own functions, kept for the fallback and the tests


def _plain(charts: Sequence[Any]) -> bool:
    """Every chart a plain ``alt.Chart`` (not a layer, facet or concatenation) without parameters."""
    return all(type(c) is api.Chart and is_undefined(getattr(c, "params", None)) for c in charts)


def _remove_duplicate_params(layer: list[Any]) -> list[Any]:
    return list(layer) if _plain(layer) else _altair["_remove_duplicate_params"](layer)


def _combine_subchart_params(params: Any, subcharts: list[Any]) -> tuple[Any, list[Any]]:
    if is_undefined(params) and _plain(subcharts):
        return params, list(subcharts)
    return _altair["_combine_subchart_params"](params, subcharts)


def install() -> bool:
    """Put the copy-free steps in place; False when this altair has no such internals (left as is)."""
    if not all(callable(getattr(api, name, None)) for name in NAMES):
        return False
    mine = {
        "_remove_duplicate_params": _remove_duplicate_params,
        "_combine_subchart_params": _combine_subchart_params,
    }
    for name in NAMES:
        current = getattr(api, name)
        if current is not mine[name]:
            _altair[name] = current
            setattr(api, name, mine[name])
    return True
