"""Reuse altair's schema-to-class table instead of rebuilding it for every channel.

altair 6 (up to at least 6.3) builds, on every ``SchemaBase.from_dict``, a table of the hashes of
every Vega-Lite wrapper class (some 600 JSON dumps, about 5 ms). ``Chart.encode`` goes through it
for each channel given as a string (``x="value:Q"``) or a dict (``alt.condition``): a third of the
time of a report page went there. The table depends only on the class asked for, so it is built
once per class here. The construction itself is altair's own (``_FromDict.from_dict``); nothing
else changes, and the chart specs are the same byte for byte. Upstream: vega/altair#3547.
"""

from __future__ import annotations

from typing import Any

from altair.utils import schemapi

_converters: dict[type, Any] = {}
_altair_from_dict = schemapi.SchemaBase.from_dict.__func__  # altair's own, kept for comparison (tests)


def _from_dict(cls: type, dct: dict[str, Any], validate: bool = True) -> Any:
    """``SchemaBase.from_dict`` with the converter of ``cls`` kept."""
    if validate:
        cls.validate(dct)
    converter = _converters.get(cls)
    if converter is None:
        converter = _converters[cls] = schemapi._FromDict(cls._default_wrapper_classes())
    return converter.from_dict(dct, cls)


def install() -> bool:
    """Put the cached ``from_dict`` in place; False when this altair has no such internals (left as is)."""
    base = schemapi.SchemaBase
    if getattr(base.from_dict, "__func__", None) is _from_dict:
        return True
    if not hasattr(schemapi, "_FromDict") or not hasattr(base, "_default_wrapper_classes"):
        return False
    base.from_dict = classmethod(_from_dict)
    return True
