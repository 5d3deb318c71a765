"""``barometre brief``: the minister's office pack for a period, in each language."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..api import resolve_period, results, warn_if_rejected
from ..cli import PERIOD_DEFAULT_HELP, command
from ..i18n import parse_languages
from ..paths import default_data_dir
from .pack import write_pack


@command("brief", "Note au cabinet (PDF) et présentation (PPTX) / minister's brief (PDF) and deck (PPTX)")
def _brief_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=None, help="dossier du jeu de données (défaut : démo)")
    p.add_argument(
        "--period",
        default=None,
        help=f"période ({PERIOD_DEFAULT_HELP})",
    )
    p.add_argument("--lang", default="fr,en", help="langues, ex. fr,en")
    p.add_argument("--out", type=Path, default=Path("reports"), help="dossier de sortie (défaut : reports)")
    p.add_argument("--no-organisations", action="store_true", help="sans palmarès d'organisations")
    p.add_argument("--template", type=Path, default=None, help="modèle PowerPoint de l'organisation (.pptx)")


@_brief_args.bind
def _brief(args: argparse.Namespace) -> int:
    data = args.data or default_data_dir()
    dataset = results(data).dataset
    warn_if_rejected(dataset)  # the minister's pack is made without them: said, as render says it
    period = resolve_period(dataset, args.period)
    langs = parse_languages(args.lang)
    for path in write_pack(data, period, langs, args.out, not args.no_organisations, args.template):
        print(path)
    return 0
