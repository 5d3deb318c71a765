"""The « Données » page of a period: each download named, described and linked, in the page's language.

The navigation's « Données » and the footer's « Télécharger les données » opened ``datapackage.json`` as raw
JSON, French first: a reader had to read a data package to find the CSV files. The data package stays, linked
from the page, for programs.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from .blocks import HTML, heading, join, paragraph, table, tag
from .i18n import format_number, t

FOLDER = "donnees"  # the downloads' folder, beside the page
PAGE = "donnees.html"


def description(name: str, lang: str) -> str:
    """What the download ``name`` holds, in ``lang`` (the data package gives both languages)."""
    return t(f"downloads.{name}", lang)


def downloads_page(period: str, lang: str, tables: dict[str, pd.DataFrame]) -> HTML:
    """The page: a lead, the table of downloads (content, rows, links to CSV and JSON), the data package."""
    rows = []
    for name, frame in tables.items():
        links = Markup(" · ").join(
            tag("a", f"{name}.{fmt}", href=f"{FOLDER}/{name}.{fmt}")
            for fmt in ("csv", "json")  # says which
        )
        rows.append({t("downloads.col.file", lang): name, t("downloads.col.content", lang): description(name, lang),
                     t("downloads.col.rows", lang): format_number(len(frame), lang),
                     t("downloads.col.links", lang): str(links)})  # fmt: skip
    frame = pd.DataFrame(rows)
    package = tag("a", "datapackage.json", href=f"{FOLDER}/datapackage.json")
    return join(
        heading(t("downloads.title", lang, period=period), 1),
        paragraph(t("downloads.lead", lang, period=period)),
        table(
            frame,
            caption=t("downloads.caption", lang, period=period),
            numeric=[frame.columns[2]],
            raw_columns=[frame.columns[3]],
        ),  # fmt: skip
        paragraph(join(t("downloads.package", lang), " ", package)),
    )
