"""Write the minister's pack (brief.pdf and presentation.pptx) for a period and its languages."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from ..api import Results, results
from .content import build_content, data_version

log = logging.getLogger("barometre.brief")
BRIEF_NAME = "brief.pdf"
DECK_NAME = "presentation.pptx"


def write_language(
    res: Results,
    period: str,
    lang: str,
    folder: Path,
    organisations: bool = True,
    template: Path | None = None,
    with_site: bool | None = None,
    revision: str = "",
    warnings: list[str] | None = None,
    shown: str = "",
    today: dt.date | None = None,
) -> list[Path]:
    """Write ``brief.pdf`` and ``presentation.pptx`` of one language into ``folder``, made on ``today``.

    The brief points to the full report (``index.html`` beside it) when ``with_site`` (the site is being
    rendered there), or, by default, when the folder already holds it: not when the pack is written alone.
    ``revision``: the note of a period whose figures were revised since its first publication, as its pages
    say it (the office had a brief with other figures). ``warnings``, ``shown``: see :func:`.pdf.write_pdf`.
    ``today``: the site's day when it writes the pack (its pages' banner and the brief date a period under way
    alike); by default the machine's.
    """
    from .. import __version__
    from .deck import write_deck
    from .pdf import write_pdf

    content = build_content(res, period, lang, organisations=organisations, today=today)
    content.revision = revision
    content.data_version = data_version(res.dataset, period)  # on the pack only: the site's pages give hashes
    if not (with_site if with_site is not None else (folder / content.site_link).is_file()):
        content.site_link = ""  # written alone: no page beside it to point to by its path
        if content.missing is not None and content.missing.where:
            content.missing.where = content.missing.where_alone(lang)
    return [
        write_pdf(content, folder / BRIEF_NAME, __version__, warnings, shown),
        write_deck(content, folder / DECK_NAME, template),
    ]


def write_pack(
    data_dir: str | Path,
    period: str,
    langs: list[str],
    out: Path,
    organisations: bool = True,
    template: Path | None = None,
) -> list[Path]:
    """Write ``<out>/<period>/<lang>/brief.pdf`` and ``presentation.pptx``; return the files written."""
    from ..render.revision import published_revision
    from ..render.site_strategy import check_site
    from .template import open_template

    open_template(template)  # a template that cannot be used stops the run before any file is written
    res = results(data_dir, up_to=period)
    # never another strategy's brief replaced, nor a real one by the demo's
    check_site(Path(out), res.dataset.strategy.id, res.dataset.synthetic)
    revised = published_revision(Path(out) / period, res, period)  # as the site's pages say it
    written = []
    for lang in langs:
        note = revised.note(lang) if revised else ""
        written += write_language(
            res, period, lang, out / period / lang, organisations, template, revision=note
        )
        log.debug("%s, %s", written[-2], written[-1])  # the command prints them on stdout
    return written
