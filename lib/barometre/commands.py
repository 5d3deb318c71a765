"""Core commands: ``demo-data``, ``validate`` and ``indicators``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .aliases import apply_aliases
from .api import compute, resolve_period, warn_if_rejected
from .cli import command
from .dataset import find_observations, load_dataset_parts, other_observation_files
from .demo import write_demo
from .errors import BarometreError, DatasetError, InputFileError, StrategyError
from .exclusions import read_exclusions
from .export import to_csv, to_json
from .i18n import both, numbers, t
from .issue_groups import group_issues
from .methodology import Options
from .paths import default_data_dir
from .plans_validation import PLANS_FILE, read_plans, validate_plans
from .readers import read_table
from .span_advice import span_warnings
from .validation import Issue, ValidationReport, make_issue, validate_observations


@command("demo-data", "Régénérer le jeu de démonstration fictif / regenerate the synthetic demo dataset")
def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=None, help="dossier de sortie (défaut : data/demo)")


@_demo_args.bind
def _demo(args: argparse.Namespace) -> int:
    out = args.out or default_data_dir()
    for path in write_demo(out):
        print(path)
    return 0


@command("validate", "Valider un jeu de données ou un fichier d'observations / validate data files")
def _validate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--data", type=Path, default=None, help="jeu de données de référence (défaut : démo)")
    p.add_argument("--format", choices=["text", "json"], default="text")


def validate_path(path: Path, data: Path | None) -> ValidationReport:
    """Validate a dataset folder (with its ``plans.csv`` and ``exclusions.csv``), or one file against ``data``.

    A file named ``plans.csv``, or whose header has ``planned_value`` (or its French alias
    ``valeur_prévue``), is validated as plans; any other file as observations.
    """
    if path.is_dir():
        _meta, strategy, orgs, report = load_dataset_parts(path)
        obs_path = find_observations(path)
    else:
        _meta, strategy, orgs, _org_report = load_dataset_parts(data or default_data_dir())
        report, obs_path = ValidationReport(), path
        from .collect.check import check_returned_file, is_returned_file
        from .collect.reading import WORKBOOK_SUFFIXES
        from .collect.unfilled import plans_on_file

        # a workbook or CSV from ``barometre template``: read as ``ingest`` reads it
        if is_returned_file(path):  # the plans on file, for a workbook's plan sheet (a CSV has none)
            workbook = path.suffix.lower() in WORKBOOK_SUFFIXES
            on_file = plans_on_file(data or default_data_dir(), strategy, orgs) if workbook else None
            returned = check_returned_file(path, strategy, orgs, on_file)
            if returned is not None:
                return returned
        table = read_table(path)
        if path.name == PLANS_FILE or "planned_value" in apply_aliases(table, "plans").frame.columns:
            report.extend(validate_plans(table, strategy, orgs)[1])
            return report
    _accepted, obs_report = validate_observations(read_table(obs_path), strategy, orgs)
    if obs_report.rows_read == 0:  # a header and nothing else is an error, not a clean file
        obs_report.errors.append(make_issue(str(obs_path), None, None, None, "no_rows", name=obs_path.name))
    report.extend(obs_report)
    if path.is_dir():  # organisations whose reports start late or stop: from_period, until_period?
        extended = strategy.extended_to(_accepted["period"])
        report.warnings += span_warnings(str(path / "organisations.csv"), orgs, _accepted, extended)
        report.extend(read_plans(path, strategy, orgs)[1])
        report.extend(read_exclusions(path, extended, orgs)[1])
        report.warnings += other_observation_files(path, obs_path)
    return report


def fatal_issue(exc: BarometreError, path: Path) -> Issue:
    """Turn an error that makes an input unusable (exit 2) into a reported issue.

    The rule says what kind of input failed: ``invalid_strategy`` (strategy file
    missing, malformed or inconsistent), ``missing_column``, ``unreadable_file``
    (empty, bad encoding, broken CSV, unsupported format, not found),
    ``invalid_dataset`` (dataset folder or dataset.yaml), else ``unusable_input``.
    """
    if isinstance(exc, StrategyError):
        rule = "invalid_strategy"
    elif isinstance(exc, InputFileError):
        rule = "missing_column" if exc.column else "unreadable_file"
    elif isinstance(exc, DatasetError):
        rule = "invalid_dataset"
    else:
        rule = "unusable_input"
    fr, sep, en = exc.message.partition(" / ")
    file = getattr(exc, "file", None) or str(path)
    column = getattr(exc, "column", None)
    return Issue(file, None, column, None, rule, fr.strip(), (en if sep else fr).strip())


@_validate_args.bind
def _validate(args: argparse.Namespace) -> int:
    total = ValidationReport()
    fatal: list[Issue] = []
    for path in args.paths:
        try:
            total.extend(validate_path(path, args.data))
        except BarometreError as exc:
            fatal.append(fatal_issue(exc, path))
    code = 2 if fatal else (1 if total.errors else 0)
    if args.format == "json":
        payload = total.to_dict()
        payload["errors"] = [f.to_dict() for f in fatal] + payload["errors"]
        payload["exit_code"] = code
        print(json.dumps(payload, ensure_ascii=False, indent=1))
        return code
    for issue in fatal:
        print(f"{t('error.unusable', 'fr')} — {issue.message}")
        print(f"    {t('error.unusable', 'en')} — {issue.message_en}")
    # a warning rejects nothing: the exit code stays. Rows with the same problem are one line (issue_groups).
    for group in group_issues(total.errors + total.warnings):
        print(group.describe("fr"))
        print(f"    {group.describe('en')}")
    counts = [("validate.summary", total.rows_read, total.rows_accepted, total.rows_rejected)]
    if total.plan_sheets:  # returned workbooks: what their plan sheets gave
        counts.append(("validate.plan_summary", total.plan_values_read, total.plan_values_accepted,
                       total.plan_values_rejected))  # fmt: skip
    for key, read, accepted, rejected in counts:
        print(both(key, read=numbers(read), accepted=numbers(accepted), rejected=numbers(rejected)))
    return code


@command("indicators", "Calculer les indicateurs / compute the indicators")
def _ind_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=None, help="dossier du jeu de données (défaut : démo)")
    p.add_argument("--period", default=None, help="une période (ex. 2022-2023) ; défaut : toutes")
    p.add_argument("--by", choices=["organisation"], default=None)
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--bootstrap", type=int, default=Options().bootstrap, help=argparse.SUPPRESS)


@_ind_args.bind
def _indicators(args: argparse.Namespace) -> int:
    result = compute(args.data or default_data_dir(), options=Options(bootstrap=args.bootstrap))
    frame = result.by_organisation if args.by == "organisation" else result.indicators
    if args.period:
        frame = frame[frame["period"] == resolve_period(result.dataset, args.period)]
    warn_if_rejected(result.dataset)
    text = to_json(frame) if args.format == "json" else to_csv(frame)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
