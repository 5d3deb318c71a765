"""``barometre render``: execute the notebooks and publish the report site."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..cli import PERIOD_DEFAULT_HELP, command, jobs
from ..i18n import LANGUAGES, parse_languages
from ..paths import default_data_dir, reports_dir
from .site import raise_if_failed, render_site, summary_table

TEMPLATE_HELP = "modèle PowerPoint (.pptx, .potx) de la présentation / the deck's PowerPoint template"


@command("render", "Produire le site de rapports HTML / render the HTML report site")
def _render_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=None, help="dossier du jeu de données (défaut : démo)")
    p.add_argument(
        "--period",
        default=None,
        help=f"période ({PERIOD_DEFAULT_HELP})",
    )
    p.add_argument("--lang", default=",".join(LANGUAGES), help="langues, ex. fr,en")
    p.add_argument("--out", type=Path, default=None, help="dossier de sortie (défaut : reports)")
    p.add_argument("--jobs", type=jobs, default=os.cpu_count() or 1, help="processus parallèles")
    p.add_argument("--force", action="store_true", help="tout refaire / re-render every page")
    p.add_argument(
        "--standalone",
        action="store_true",
        help="pages autonomes (Vega et CSS dans chaque page, pour l'envoyer seule) / one-file pages",
    )
    p.add_argument("--template", type=Path, default=None, help=TEMPLATE_HELP)


@_render_args.bind
def _render(args: argparse.Namespace) -> int:
    import datetime as dt

    from ..api import require_observations, warn_if_rejected
    from ..dataset import load_dataset
    from ..os_errors import output_error
    from ..publish.lock import OutputLock

    langs = parse_languages(args.lang)
    out = args.out or reports_dir()
    data = args.data or default_data_dir()
    dataset = load_dataset(data)
    require_observations(dataset)  # nothing usable: exit 1 before anything is written
    # rows left out (another year than the strategy's, say) are said here too, not only on the overview
    warn_if_rejected(dataset)
    # the same lock as ``barometre publish``: two runs in one folder would undo each other's staging
    try:
        with OutputLock(out, dt.datetime.now(dt.UTC).replace(microsecond=0)):
            summary = render_site(
                data_dir=data,
                out=out,
                period=args.period,
                langs=langs,
                jobs=args.jobs,
                force=args.force,
                standalone=args.standalone,
                template=args.template,
            )
    except OSError as exc:  # disk full, no rights: exit 74 naming the output folder when no file is named
        raise output_error(exc, out) from None
    print(summary_table(summary))
    raise_if_failed(summary)
    return 0
