"""The brief as an accessible PDF (PDF/UA, tagged, with language, title and bookmarks) via WeasyPrint."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..i18n import format_date, t
from .content import BriefContent
from .figures import targets_figure

LANG_TAGS = {"fr": "fr-CA", "en": "en-CA"}
# WeasyPrint logs each of its steps ("Step 5 - Creating layout") at INFO: not for the render's or
# the publication's log. Its warnings (a missing font, an unreadable image) still show.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def brief_html(content: BriefContent, version: str, today: dt.date | None = None) -> str:
    """The brief as one HTML document (the PDF's source)."""
    env = Environment(loader=PackageLoader("barometre", "templates"), autoescape=select_autoescape(["j2"]))
    template = env.get_template("brief.html.j2")
    today = today or dt.date.today()
    return template.render(
        c=content, t=lambda key, **kw: t(key, content.lang, **kw), lang_tag=LANG_TAGS[content.lang],
        figure=targets_figure(content),
        generated=t("brief.generated", content.lang, date=format_date(today, content.lang), version=version),
    )  # fmt: skip


def write_pdf(content: BriefContent, path: Path, version: str) -> Path:
    """Write the brief's PDF (PDF/UA-1 variant: tagged structure, language, title, bookmarks)."""
    from weasyprint import HTML

    path.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=brief_html(content, version), base_url=str(path.parent)).write_pdf(
        str(path), pdf_variant="pdf/ua-1", uncompressed_pdf=False
    )
    return path
