"""Commands ``barometre template`` and ``barometre ingest`` (see the brief, section 5)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import command
from ..errors import ParameterError
from ..i18n import both, numbers, parse_languages, t, texts
from ..paths import default_data_dir, project_root
from .ingest import MERGED, PLAN_ONLY, IngestResult, ingest
from .issues import told_together
from .quality import build_quality, write_quality
from .templates import write_templates

# the quality report's counts said after its paths (the rows read, accepted, rejected are said above them)
QUALITY_COUNTS = ("expected", "received", "not_received", "complete", "incomplete", "with_errors", "errors",
                  "warnings")  # fmt: skip


@command("template", "Écrire les classeurs Excel de collecte / write the Excel collection workbooks")
def _template_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", required=True, help="période collectée (ex. 2022-2023)")
    p.add_argument("--data", type=Path, default=None, help="jeu de données (défaut : démo)")
    p.add_argument("--out", type=Path, default=None, help="dossier de sortie (défaut : collecte/<période>)")
    p.add_argument("--lang", default=None,
                   help="langues des classeurs, ex. fr,en (défaut : la colonne language d'organisations.csv, sinon fr)")  # fmt: skip


@_template_args.bind
def _template(args: argparse.Namespace) -> int:
    out = args.out or Path("collecte") / args.period
    langs = parse_languages(args.lang) if args.lang is not None else None
    paths = write_templates(args.data or default_data_dir(), args.period, out, langs)
    for path in paths:
        print(path)
    count = len([p for p in paths if p.suffix == ".xlsx"])
    _say("collect.out.templates", count=count, csv=len([p for p in paths if p.suffix == ".csv"]), out=out)
    return 0


@command("ingest", "Intégrer les classeurs et CSV retournés / ingest returned workbooks and CSVs")
def _ingest_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="fichiers ou dossiers")
    p.add_argument("--period", required=True, help="période ingérée (ex. 2022-2023)")
    p.add_argument("--data", type=Path, default=None, help="jeu de données à compléter")
    p.add_argument(
        "--report-dir",
        type=Path,
        default=None,
        help="dossier du rapport de qualité (défaut : <data>/qualite)",
    )


def _guard(data: Path) -> Path:
    """Refuse to write into the bundled demo dataset, which ``demo-data`` regenerates byte for byte."""
    demo = (project_root() / "data" / "demo").resolve()
    if data.resolve() == demo:
        raise ParameterError(both("collect.error.demo_data", data=data))
    return data


def print_result(result: IngestResult) -> None:
    """Print, per file, its outcome and its issues, then the counts (French, then English)."""
    for issue in result.ignored:
        print(issue.describe("fr"))
        print(f"    {issue.describe('en')}")
    for f in result.files:
        fields = {
            "file": f.path.name,
            "organisation": ", ".join(f.organisations) or "—",
            "period": f.period
            or (result.period if f.status == PLAN_ONLY else "—"),  # a plan: the run's period
            "accepted": f.rows_accepted,
            "rejected": f.rows_rejected,
        }
        _say("collect.out.file", "    ", status=texts(f"collect.status.{f.status}"), **fields)
        for issue in told_together(f.issues):  # a file's empty targets in one line
            prefix = "  ! " if issue.severity == "error" else "  ~ "
            print(prefix + issue.describe("fr") + (f" (×{issue.rows})" if issue.rows > 1 else ""))
            print("      " + issue.describe("en"))
    fields = {
        "files": len(result.files),
        "read": result.rows_read,
        "accepted": result.rows_accepted,
        "rejected": result.rows_rejected,
        "added": result.merge.added,
        "replaced": result.merge.replaced,
        "unchanged": result.merge.unchanged,
        "withdrawn": sum(len(targets) for _period, _org, targets in result.merge.withdrawn),
    }
    _say("collect.out.summary" + "_withdrawn" * bool(fields["withdrawn"]), **fields)
    rejected = _rejected_answers(result)
    for period, org, targets in result.merge.withdrawn:
        # a target whose new figures were rejected is not « left out »: its error is listed above
        for key, listed in (
            ("collect.out.withdrawn", [tid for tid in targets if (org, tid) not in rejected]),
            ("collect.out.withdrawn_rejected", [tid for tid in targets if (org, tid) in rejected]),
        ):
            if listed:
                _say_withdrawn(key, org, period, listed)
    if any(f.plan for f in result.files):
        m = result.plan_merge
        _say("collect.out.plans", rows=m.merged, added=m.added, replaced=m.replaced, unchanged=m.unchanged,
             rejected=result.plan_rows_rejected)  # fmt: skip
        for org, period, targets in m.withdrawn_by_period():  # named: « 8 retirées » said not which
            _say_withdrawn("collect.out.plans_withdrawn", org, period, targets)
    for name, stats in (("observations.csv", result.merge), ("plans.csv", result.plan_merge)):
        if stats.reformatted:  # French headers, « ; » or Windows-1252, as people write it: said rewritten
            _say("collect.out.reformatted", file=name)


def _rejected_answers(result: IngestResult) -> set[tuple[str, str]]:
    """(organisation, target) that a merged return filled in but whose figures were rejected."""
    rejected: set[tuple[str, str]] = set()
    for f in result.files:
        if f.status == MERGED:
            kept = {(str(o), str(tid)) for o, tid in zip(f.accepted.get("organisation", []),
                                                       f.accepted.get("target", []), strict=True)}  # fmt: skip
            rejected |= f.answered - kept
    return rejected


def _say(key: str, indent: str = "", **fields: object) -> None:
    """Print a catalogue line in French, then in English after ``indent``, each writing counts its own way.

    « 2 485 lignes lues » in French, "2,485 rows read" in English (a NumPy count too).
    """
    counts = {k: numbers(v) for k, v in fields.items() if hasattr(v, "__index__") and not isinstance(v, bool)}
    said = texts(key, **{**fields, **counts})
    print(said["fr"])
    print(indent + said["en"])


def _say_withdrawn(key: str, org: str, period: str, targets: list[str]) -> None:
    """The values of an organisation and period left out of what it sent back (observations or plans)."""
    _say(key, organisation=org, period=period, n=len(targets), targets=", ".join(targets))


@_ingest_args.bind
def _ingest(args: argparse.Namespace) -> int:
    data = _guard(args.data or default_data_dir())
    result = ingest(args.paths, args.period, data)
    if not result.files:
        shown = ", ".join(str(p) for p in args.paths)
        print(t("collect.out.no_files", "fr", paths=shown))
        print(t("collect.out.no_files", "en", paths=shown))
    else:
        print_result(result)
    report = build_quality(result)
    paths = write_quality(report, args.report_dir or data / "qualite")
    print(both("collect.out.reports"))
    for path in paths:
        print(f"    {path}")
    _say("collect.out.quality_summary", **{k: v for k, v in report.summary.items() if k in QUALITY_COUNTS})
    if result.exit_code == 2:
        print(both("collect.out.nothing"))
    return result.exit_code
