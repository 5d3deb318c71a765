"""One strategy per site: a period published for another strategy is never replaced by this one's.

Two strategies published into one folder replaced the periods they share (2023-2024 of the old strategy
gave way to the new one's, its old ambition pages left beside the new ones) and the archive listed both
without a word. A period's manifest names its strategy (``__strategy__``); a site made before is read from
its data package's name (``barometre-<strategy>-<period>``).
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

from ..errors import ParameterError
from ..i18n import LANGUAGES, both
from ..strategy_model import fiscal_year_start
from .staging import read_manifest

STRATEGY_KEY = "__strategy__"


def published_strategy(folder: Path) -> str | None:
    """The strategy a published period was made for; None when it cannot be told."""
    kept = (read_manifest(folder) or {}).get(STRATEGY_KEY)
    if isinstance(kept, str):
        return kept
    prefix, suffix = "barometre-", f"-{folder.name}".lower()
    for lang in LANGUAGES:
        try:
            name = json.loads((folder / lang / "donnees" / "datapackage.json").read_text(encoding="utf-8"))[
                "name"
            ]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if isinstance(name, str) and name.startswith(prefix) and name.endswith(suffix):
            return name[len(prefix) : -len(suffix)]
    return None


def check_one_strategy(out: Path, strategy_id: str) -> None:
    """Refuse to publish ``strategy_id`` into ``out`` when a period there was published for another strategy."""
    others: dict[str, list[str]] = {}
    for folder in sorted(Path(out).iterdir()) if Path(out).is_dir() else []:
        if folder.is_dir() and fiscal_year_start(folder.name) is not None:
            before = published_strategy(folder)
            if before is not None and before.lower() != strategy_id.lower():
                others.setdefault(before, []).append(folder.name)
    if others:  # every strategy found, with its periods: « quebec-2019-2023 » (2019-2020, 2020-2021)
        found = ", ".join(f"{name} ({', '.join(periods)})" for name, periods in sorted(others.items()))
        raise ParameterError(both("site.error.other_strategy", out=out, other=found, strategy=strategy_id,
                                  folder=shlex.quote(str(Path(out) / strategy_id))))  # fmt: skip


def published_synthetic(folder: Path) -> bool | None:
    """Whether a published period was made from synthetic data (its data package says); None if it cannot be told."""
    for lang in LANGUAGES:
        try:
            said = json.loads((folder / lang / "donnees" / "datapackage.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(said, dict) and isinstance(said.get("synthetic"), bool):
            return said["synthetic"]
    return None


def published_kinds(out: Path) -> dict[str, bool | None]:
    """Each period folder of ``out`` and whether it was published from synthetic data (None: not told)."""
    if not Path(out).is_dir():
        return {}
    return {folder.name: published_synthetic(folder) for folder in Path(out).iterdir()
            if folder.is_dir() and fiscal_year_start(folder.name) is not None}  # fmt: skip


def check_site(out: Path, strategy_id: str, synthetic: bool) -> None:
    """:func:`check_one_strategy`, and never synthetic data over a site published from real data.

    The shipped cron line, systemd unit and Airflow DAG default to ``--data data/demo``: a half-adapted line
    published the demo's made-up figures over a real site with exit 0 (same strategy id).
    """
    check_one_strategy(out, strategy_id)
    if not synthetic:
        return
    real = [period for period, kind in sorted(published_kinds(out).items()) if kind is False]
    if real:
        raise ParameterError(both("site.error.synthetic_over_real", out=out, periods=", ".join(real)))
