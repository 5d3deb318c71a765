"""Baromètre : suivi des cibles de transformation numérique gouvernementale.

The public API is small: load a dataset, compute its results, read a strategy.
"""

from .api import Results, compute, compute_dataset, resolve_period, results
from .dataset import Dataset, load_dataset
from .errors import BarometreError, DatasetError, ParameterError, StrategyError
from .methodology import INDICATOR_COLUMNS, STATUSES, Options
from .strategy import Strategy, Target, load_strategy

__version__ = "0.1.0"

__all__ = [
    "INDICATOR_COLUMNS",
    "STATUSES",
    "BarometreError",
    "Dataset",
    "DatasetError",
    "Options",
    "ParameterError",
    "Results",
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
