"""``barometre publish``: the scheduled job (see :mod:`barometre.publish.run`)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..cli import command, jobs
from ..i18n import LANGUAGES, format_number, t
from ..paths import default_data_dir, reports_dir
from ..render.command import TEMPLATE_HELP


@command("publish", "Publier tout le site (tâche programmée) / publish the whole site (scheduled job)")
def _publish_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=None, help="dossier du jeu de données (défaut : démo)")
    p.add_argument("--out", type=Path, default=None, help="dossier du site (défaut : reports)")
    p.add_argument("--lang", default=",".join(LANGUAGES), help="langues, ex. fr,en")
    p.add_argument("--periods", default="all", help="all, ou P1,P2… / all, or P1,P2…")
    p.add_argument("--executor", default="local", help="local (défaut) ou dask")
    p.add_argument("--cluster", default=None, help="adresse Dask tcp://hôte:port (ou BAROMETRE_CLUSTER)")
    p.add_argument("--jobs", type=jobs, default=os.cpu_count() or 1, help="processus / workers parallèles")
    p.add_argument("--force", action="store_true", help="tout refaire / re-render every page")
    p.add_argument("--template", type=Path, default=None, help=TEMPLATE_HELP)


@_publish_args.bind
def _publish(args: argparse.Namespace) -> int:
    from . import stopping
    from .records import status_key, status_values
    from .run import publish

    stopping.install()  # SIGTERM: cleaned up as for Ctrl-C, the record says 143, ended within a grace
    result = publish(
        data_dir=args.data or default_data_dir(),
        out=args.out or reports_dir(),
        langs=args.lang,
        periods=args.periods,
        executor=args.executor,
        cluster=args.cluster,
        jobs=args.jobs,
        force=args.force,
        template=args.template,
    )
    r = result.record
    pages, rows = r["pages"], r["rows"]
    for lang in LANGUAGES:  # one line each: the scheduler's log reads French first, then English
        status = t(status_key(r), lang, **status_values(r))
        counts = {k: format_number(pages[k], lang) for k in ("rendered", "unchanged", "failed")}
        print(t("publish.summary", lang, status=status, code=result.exit_code, periods=", ".join(r["periods"]) or "—",
                rejected=format_number(rows["rejected"], lang), seconds=format_number(r["duration_seconds"], lang, 1),
                record=result.record_path, **counts))  # fmt: skip
    return result.exit_code
