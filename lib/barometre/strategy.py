"""Strategies as data: load, validate and look up the bundled YAML strategies.

A strategy (ambitions, targets, contributions, periods, methodology options) is a
YAML file. The bundled ones live in ``barometre/strategies/<id>.yaml``; any other
file can be loaded by path.

This module loads them; :mod:`barometre.strategy_model` holds the dataclasses and
:mod:`barometre.strategy_parsing` the checks that build them from YAML.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import yaml_text
from .errors import StrategyError
from .i18n import both
from .strategy_model import PERIOD_RE, Ambition, Contribution, Strategy, Target, Text, period_year
from .strategy_parsing import AGGREGATIONS, DIRECTIONS, PACE_METHODS, parse_strategy

__all__ = [
    "AGGREGATIONS",
    "DIRECTIONS",
    "PACE_METHODS",
    "PERIOD_RE",
    "Ambition",
    "Contribution",
    "Strategy",
    "Target",
    "Text",
    "bundled_strategies",
    "load_strategy",
    "parse_strategy",
    "period_year",
    "strategy_sha256",
]


def bundled_strategies() -> list[str]:
    """Ids of the strategies shipped with the package."""
    folder = resources.files("barometre").joinpath("strategies")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def _read_yaml(path: Path) -> Any:
    try:
        return yaml_text.load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StrategyError(both("error.strategy.unreadable", path=path, reason=exc.strerror)) from None
    except yaml.YAMLError as exc:
        raise StrategyError(both("error.strategy.invalid_yaml", path=path, reason=exc)) from None


@lru_cache(maxsize=32)
def _load_cached(key: str, mtime_ns: int = 0) -> Strategy:
    """Parse once per file and modification time (an edited file is read again)."""
    if key in bundled_strategies():
        path = Path(str(resources.files("barometre").joinpath(f"strategies/{key}.yaml")))
    else:
        path = Path(key)
        if not path.exists():
            raise StrategyError(
                both("error.strategy.not_found", given=key, bundled=", ".join(bundled_strategies()))
            )
    try:
        return parse_strategy(_read_yaml(path), str(path))
    except StrategyError as exc:  # ``validate --format json`` names this file, not the dataset's folder
        exc.file = str(path)
        raise


def load_strategy(id_or_path: str | Path, base_dir: Path | None = None) -> Strategy:
    """Load a bundled strategy by id, or a strategy file by path (relative to ``base_dir``)."""
    key = str(id_or_path)
    if key not in bundled_strategies():
        path = Path(key)
        if base_dir is not None and not path.is_absolute():
            path = base_dir / path
        if not path.is_file():
            raise StrategyError(
                both(
                    "error.strategy.not_found_at",
                    given=id_or_path,
                    bundled=", ".join(bundled_strategies()),
                    path=path,
                ),
                file=str(path),
            )
        return _load_cached(str(path.resolve()), path.stat().st_mtime_ns)
    return _load_cached(key)


def strategy_sha256(strategy: Strategy) -> str:
    """Return the sha256 of the strategy's source file (for provenance and caching)."""
    import hashlib

    return hashlib.sha256(Path(strategy.source_path).read_bytes()).hexdigest()
