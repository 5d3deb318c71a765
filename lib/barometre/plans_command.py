"""``barometre plans``: planned government values per target, or plan versus actual per organisation.

Reads the dataset folder (``plans.csv`` with ``organisations.csv``,
``observations.*`` and ``dataset.yaml``); writes CSV or JSON to standard output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .api import resolve_period, warn_if_rejected
from .cli import PERIOD_DEFAULT_HELP, command
from .dataset import load_dataset
from .errors import DatasetError
from .export import to_csv, to_json
from .i18n import both
from .paths import default_data_dir
from .plans import (
    dataset_government_plans,
    dataset_organisation_plans,
    dataset_unweighted_plans,
    held_to,
    unplanned_period,
)
from .plans_validation import PLANS_FILE
from .strategy import period_year


@command("plans", "Plans de transformation : prévu et réalisé, suffisance / transformation plans vs actual")
def _plans_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=None, help="dossier du jeu de données (défaut : démo)")
    p.add_argument(
        "--period",
        default=None,
        help=f"période du rapport R ({PERIOD_DEFAULT_HELP})",
    )
    p.add_argument("--by", choices=["organisation"], default=None)
    p.add_argument("--format", choices=["csv", "json"], default="csv")


@_plans_args.bind
def _plans(args: argparse.Namespace) -> int:
    folder = args.data or default_data_dir()
    ds = load_dataset(folder)
    if not (Path(folder) / PLANS_FILE).exists():
        raise DatasetError(both("plans.error.no_file", folder=folder))
    if not ds.has_plans:
        raise DatasetError(both("plans.error.no_rows", folder=folder))
    period = resolve_period(ds, args.period)
    if args.by == "organisation":
        frame = dataset_organisation_plans(ds, period)
    else:
        frame = dataset_government_plans(ds, period)
    if frame.empty:
        raise DatasetError(both("plans.error.nothing", folder=folder, period=period))
    warn_if_rejected(ds)
    # after the deadline, none for the period: exit 0 with older periods' rows only, unsaid
    if unplanned := unplanned_period(ds.strategy, period, ds.plans["period"]):
        shown = sorted(set(ds.plans["period"]), key=period_year)
        key = "plans.warning.unplanned" + "_one" * (len(shown) == 1)
        print(both(key, period=unplanned, first=shown[0], last=shown[-1]), file=sys.stderr)
    if args.by != "organisation":
        _warn_unweighted(ds, period)
    text = to_json(frame) if args.format == "json" else to_csv(frame)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


NAMED = 10  # plans named on stderr; the others counted (300 organisations' baseline: 120 plans)


def _warn_unweighted(ds, period: str) -> None:
    """Name on stderr the plans left out of the government values (no value reported to weight them).

    They were only counted in ``organisations_excluded``; the coordinator could not tell whose plan it was.
    One line per period the values are held to (:func:`~barometre.plans.held_to`).
    """
    frame = dataset_unweighted_plans(ds, period)
    if frame.empty:
        return
    # one line per period the values are held to: a 2022-2023 plan lacked a value up to 2022-2023, not up to R
    frame = frame.assign(held=[held_to(ds.strategy, p, period) for p in frame["period"]])
    for held in sorted(set(frame["held"]), key=period_year):
        mine = frame[frame["held"] == held]
        cells = mine.groupby(["organisation", "target"], sort=False).size().index
        plans = ", ".join(f"{code} ({target})" for code, target in cells[:NAMED])
        key = "plans.warning.unweighted" if len(cells) <= NAMED else "plans.warning.unweighted_more"
        print(both(key, n=len(cells), period=held, plans=plans, more=len(cells) - NAMED), file=sys.stderr)
