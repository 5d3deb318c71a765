"""Baromètre : suivi des cibles de transformation numérique gouvernementale.

The public API is small: load a dataset, compute its results, read a strategy.
Names are imported on first use (PEP 562), so a process that only needs a part
of the package (a render worker, the command line's help) does not load pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .deferred_imports import defer_iri_grammar

__version__ = "0.1.0"
defer_iri_grammar()  # before altair or nbformat import jsonschema: see barometre.deferred_imports

_EXPORTS = {
    "Results": "api",
    "compute": "api",
    "compute_dataset": "api",
    "resolve_period": "api",
    "results": "api",
    "Dataset": "dataset",
    "load_dataset": "dataset",
    "BarometreError": "errors",
    "DatasetError": "errors",
    "ParameterError": "errors",
    "StrategyError": "errors",
    "INDICATOR_COLUMNS": "methodology",
    "STATUSES": "methodology",
    "Options": "methodology",
    "Strategy": "strategy",
    "Target": "strategy",
    "load_strategy": "strategy",
}

__all__ = [
    "BarometreError",
    "Dataset",
    "DatasetError",
    "INDICATOR_COLUMNS",
    "Options",
    "ParameterError",
    "Results",
    "STATUSES",
    "Strategy",
    "StrategyError",
    "Target",
    "compute",
    "compute_dataset",
    "load_dataset",
    "load_strategy",
    "resolve_period",
    "results",
]

if TYPE_CHECKING:
    from .api import Results, compute, compute_dataset, resolve_period, results
    from .dataset import Dataset, load_dataset
    from .errors import BarometreError, DatasetError, ParameterError, StrategyError
    from .methodology import INDICATOR_COLUMNS, STATUSES, Options
    from .strategy import Strategy, Target, load_strategy


def __getattr__(name: str) -> Any:
    """Import a public name's module the first time the name is used."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'barometre' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
