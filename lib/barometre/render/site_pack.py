"""The data downloads and the minister's pack of a period's site, written beside its pages.

A thread of :func:`.site.render_site` writes them while the kernels execute the pages.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path
from typing import Any

from ..api import Results
from ..dataset import Dataset
from . import data_export
from .summary import PageResult

log = logging.getLogger("barometre.render")


def write_downloads(
    ds: Dataset,
    results: Results,
    tables: dict[str, Any],
    period: str,
    langs: list[str],
    staging: Path,
    template: Path | None = None,
    revisions: dict[str, str] | None = None,
    revised: bool = False,
    today: dt.date | None = None,
    stop: threading.Event | None = None,
) -> list[PageResult]:
    """The data downloads and the minister's pack of each language, from what was known at ``period``.

    ``revisions``: each language's revision note (the pages' « Chiffres révisés le … »), said in the pack too;
    ``revised``: the figures changed in this run (a pack that fails is not left with the old ones);
    ``today``: the day the pages are made (a period under way: the brief's data are as of that day too);
    ``stop``: set when the run is stopped (SIGTERM, Ctrl-C): what is left is not written (the run waited for
    every brief and deck of the period before it could remove its staging folder and end).
    """
    written: list[PageResult] = []
    stop = stop or threading.Event()
    for lang in langs:
        if stop.is_set():
            break
        data_export.write_data(ds, results, period, staging / lang / "donnees", tables)
        if stop.is_set():
            break
        written += _write_pack(
            results, period, lang, staging / lang, template, (revisions or {}).get(lang, ""), revised, today
        )
    return written


def pack_files(langs: list[str]) -> list[str]:
    """The minister's pack of each language, as the summary names it."""
    return [f"{lang}/{name}" for lang in langs for name in ("brief.pdf", "presentation.pptx")]


def _write_pack(
    results,
    period: str,
    lang: str,
    folder: Path,
    template: Path | None = None,
    revision: str = "",
    revised: bool = False,
    today: dt.date | None = None,
) -> list[PageResult]:
    """The minister's pack (brief.pdf, presentation.pptx) of one language; a failure is reported, not raised."""
    from ..brief.pack import write_language

    warnings: list[str] = []
    brief, deck = pack_files([lang])
    try:
        write_language(results, period, lang, folder, template=template, with_site=True, revision=revision,
                       warnings=warnings, shown=f"{period}/{brief}", today=today)  # fmt: skip
        return [PageResult(brief, "rendered", warnings=warnings), PageResult(deck, "rendered")]
    except Exception as exc:  # a missing system library must not lose the rest of the site
        log.error(
            "%s/%s: dossier du cabinet non produit / minister's pack not written: %s", period, lang, exc
        )
        # revised: the pack of an earlier run, copied with the published period, would be published beside the
        # new pages (the office's brief with the old figures under « Chiffres révisés »): none is better
        for key in pack_files([lang]) if revised else ():
            (folder.parent / key).unlink(missing_ok=True)
        return [PageResult(f"{lang}/brief.pdf", "failed", 0.0, f"{type(exc).__name__}: {exc}")]
