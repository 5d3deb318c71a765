"""The brief as an accessible PDF (PDF/UA, tagged, with language, title and bookmarks) via WeasyPrint."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..i18n import both, format_date, t
from .content import BriefContent
from .figures import targets_figure

LANG_TAGS = {"fr": "fr-CA", "en": "en-CA"}
# WeasyPrint logs each of its steps ("Step 5 - Creating layout") at INFO: not for the render's or
# the publication's log. Its warnings (a missing font, an unreadable image) still show.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
log = logging.getLogger("barometre.brief")


PAGES = 2  # the cabinet reads a two-page note
FIT_LEVELS = 3  # 0: the brief's own type sizes; 1 and 2: tighter type and a smaller chart (brief.html.j2)


def brief_html(content: BriefContent, version: str, today: dt.date | None = None, fit: int = 0) -> str:
    """The brief as one HTML document (the PDF's source), at the tightness ``fit`` (0 to FIT_LEVELS - 1)."""
    env = Environment(loader=PackageLoader("barometre", "templates"), autoescape=select_autoescape(["j2"]))
    template = env.get_template("brief.html.j2")
    today = today or dt.date.today()
    return template.render(
        c=content, t=lambda key, **kw: t(key, content.lang, **kw), lang_tag=LANG_TAGS[content.lang],
        figure=targets_figure(content), fit=fit,
        generated=t("brief.generated", content.lang, date=format_date(today, content.lang), version=version),
    )  # fmt: skip


def write_pdf(content: BriefContent, path: Path, version: str) -> Path:
    """Write the brief's PDF (PDF/UA-1 variant: tagged structure, language, title, bookmarks).

    It keeps to :data:`PAGES` pages: when the content runs over (a longer headline, one more note, a
    longer organisation name: the demo's French brief filled its second page to the last line), it is
    laid out again with tighter type, up to the last fit level, which is written whatever its length.
    """
    from weasyprint import HTML

    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}
    today = dt.date.today()
    for fit in range(FIT_LEVELS):
        document = HTML(string=brief_html(content, version, today, fit), base_url=str(path.parent)).render(
            **options
        )
        if len(document.pages) <= PAGES:
            break
    else:  # written all the same: a longer note beats none, and the publication log says so
        log.warning(both("brief.warning.pages", n=len(document.pages), most=PAGES, path=path))
    document.write_pdf(str(path), **options)
    return path
