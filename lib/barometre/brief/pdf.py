"""The brief as an accessible PDF (PDF/UA, tagged, with language, title and bookmarks) via WeasyPrint."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..i18n import both, format_date, t
from ..os_errors import written_whole
from .content import BriefContent
from .figures import targets_figure
from .pdf_tags import accessible_pdf
from .target_table import target_columns, withheld_note

LANG_TAGS = {"fr": "fr-CA", "en": "en-CA"}
# WeasyPrint logs each of its steps ("Step 5 - Creating layout") at INFO: not for the render's or
# the publication's log. Its warnings (a missing font, an unreadable image) still show.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
log = logging.getLogger("barometre.brief")


PAGES = 2  # the cabinet reads a two-page note
# Each fit level: the type's tightness (0: the brief's own sizes; 1, 2, 3: tighter type, a smaller chart: brief.html.j2's
# fit-1 … fit-3) and whether the missing reports' names may be split by a page break (the last resort: split
# there, their two columns started again as a second block)
LAYOUTS = ((0, False), (1, False), (2, False), (2, True), (3, True))
FIT_LEVELS = len(LAYOUTS)
NEARLY_EMPTY = 0.25  # a last page this little filled is laid out tighter, to do without it


def brief_html(
    content: BriefContent,
    version: str,
    today: dt.date | None = None,
    fit: int = 0,
    figure: str | None = None,
    split_tables: bool = False,
) -> str:
    """The brief as one HTML document (the PDF's source), at the tightness ``fit`` (0 to FIT_LEVELS - 1).

    ``split_tables``: a table may be split by a page break (by default it goes whole to the next page).

    ``figure``: the targets chart (:func:`~.figures.targets_figure`), when the caller drew it already.
    ``today``: the day it says it was made; by default the content's (its data date was said from it).
    """
    env = Environment(loader=PackageLoader("barometre", "templates"), autoescape=select_autoescape(["j2"]))
    template = env.get_template("brief.html.j2")
    today = today or content.made
    tight, split = LAYOUTS[fit]
    columns = target_columns(content.rows, content.compares)  # none of « — » on every row
    # every change withheld, without target values: « Ce qui a changé » says why already
    said = not (columns.trend or content.has_target_values) and all(r.change_withheld for r in content.rows)
    return template.render(
        c=content, t=lambda key, **kw: t(key, content.lang, **kw), lang_tag=LANG_TAGS[content.lang],
        columns=columns, withheld="" if said else withheld_note(content.rows, columns, content.lang),
        figure=targets_figure(content) if figure is None else figure, fit=tight, split=split,
        split_tables=split_tables,
        generated=t("brief.generated", content.lang, date=format_date(today, content.lang), version=version,
                    data=content.data_version),
    )  # fmt: skip


def write_pdf(
    content: BriefContent, path: Path, version: str, warnings: list[str] | None = None, shown: str = ""
) -> Path:
    """Write the brief's PDF (PDF/UA-1 variant: tagged structure, language, title, bookmarks).

    Its tables' headers are scoped and resolvable and its running footer is a pagination artifact
    (:func:`~.pdf_tags.accessible_pdf`).

    It keeps to :data:`PAGES` pages: when the content runs over (a longer headline, one more note, a
    longer organisation name: the demo's French brief filled its second page to the last line), it is
    laid out again with tighter type, up to the last fit level. Longer all the same, its tables may be
    split by a page break, when that makes it shorter (each went whole to the next page, leaving pages
    nearly blank); of the layouts tried, the least tight of the fewest pages is written. A last page
    that is nearly empty is avoided the same way, when tighter type does without it.
    A note longer all the same is logged and added to ``warnings`` (a publication's run record), named
    ``shown`` (the path it is published at; ``path`` may be a staging folder's).
    """
    from weasyprint import HTML

    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}
    today = content.made  # the day the content dated its data from: « Produit le » says the same
    figure = targets_figure(content)  # the same chart at every tightness: drawn once

    def render(fit: int, split_tables: bool):
        return HTML(
            string=brief_html(content, version, today, fit, figure, split_tables), base_url=str(path.parent)
        ).render(**options)

    # Whole tables first, at each tightness; over all the same, split tables (24 targets of long names: each
    # table went whole to the next page, the first page held the headline and the status counts alone, five
    # pages). Split by the page break, a table is read as two, its header row repeated.
    laid = []  # (document, fit level, tables split), in the order they are preferred
    for split_tables, fit in ((split, fit) for split in (False, True) for fit in range(FIT_LEVELS)):
        laid.append((render(fit, split_tables), fit, split_tables))
        if len(laid[-1][0].pages) <= PAGES:  # the first layout that keeps to the pages ends the trials
            break
    # the first of the fewest pages: whole tables before split ones, the least tight type
    document, fit, split_tables = min(laid, key=lambda layout: len(layout[0].pages))
    if len(document.pages) > 1 and last_page_fill(document) < NEARLY_EMPTY:
        # a short strategy's note filled its first page and put one line on a second: a little tighter
        # it is one page
        for tighter in range(fit + 1, FIT_LEVELS):
            candidate = render(tighter, split_tables)
            if len(candidate.pages) < len(document.pages):
                document = candidate
                break
    if len(document.pages) > PAGES:  # written all the same: a longer note beats none, and the log says so
        said = both("brief.warning.pages", n=len(document.pages), most=PAGES, path=shown or path)
        log.warning(said)
        if warnings is not None:
            warnings.append(said)
    with written_whole(path) as tmp:
        # what WeasyPrint's tags leave out for PDF/UA: table headers' scope and ids, the footer an artifact
        tmp.write_bytes(accessible_pdf(document.write_pdf(**options)))
    return path


def last_page_fill(document) -> float:
    """How much of its last page's height the note's content takes, from 0 to 1.

    The page's header and footer are not content. 1 when WeasyPrint's layout cannot be read (then
    nothing is retried).
    """
    try:
        from weasyprint.formatting_structure.boxes import MarginBox, TextBox

        page = document.pages[-1]._page_box
        bottoms = [
            box.position_y + box.margin_height()
            for root in page.children
            if not isinstance(root, MarginBox)
            for box in root.descendants()
            if isinstance(box, TextBox)
        ]
        return (max(bottoms) - page.content_box_y()) / page.height if bottoms else 0.0
    except (AttributeError, ImportError):  # WeasyPrint's boxes are not a public API
        return 1.0
