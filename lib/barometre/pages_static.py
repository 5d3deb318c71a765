"""Pages built without a notebook: the organisations index and the archive."""

from __future__ import annotations

from importlib import resources

from markupsafe import Markup, escape

from .blocks import HTML, heading, paragraph, tag
from .dataset import Dataset
from .i18n import LANGUAGES, t


def organisation_index(ds: Dataset, period: str, lang: str) -> HTML:
    """List of the organisation pages (links), with what each reported in the period."""
    reported = ds.observations[ds.observations["period"] <= period]
    counts = reported[reported["period"] == period].groupby("organisation").size()
    items = []
    for code in ds.sample["code"]:
        if code not in set(reported["organisation"]):
            continue
        n = int(counts.get(code, 0))
        items.append(
            tag(
                "li",
                tag("a", ds.organisation_name(code, lang), href=f"{code}.html"),
                " — ",
                t("orgindex.targets_reported", lang, n=n, period=period),
            )
        )
    return HTML(
        Markup("").join(
            [
                heading(t("nav.organisations", lang), 1).html,
                paragraph(t("orgindex.intro", lang)).html,
                tag("ul", *items, class_="org-list"),
            ]
        )
    )


def archive_page(entries: list[tuple[str, list[str]]], extra: Markup | str = "") -> str:
    """``reports/index.html``: every rendered period and language, newest first (bilingual).

    ``extra`` is HTML appended to the page (the last scheduled publications).
    """
    css = resources.files("barometre").joinpath("assets/style.css").read_text("utf-8")
    rows = []
    for period, langs in entries:
        links = Markup(" · ").join(
            tag("a", t("archive.lang_" + lang, "fr"), href=f"{period}/{lang}/index.html", hreflang=lang)
            for lang in langs
            if lang in LANGUAGES
        )
        rows.append(tag("li", tag("strong", period), " — ", links))
    body = tag("ul", *rows) if rows else paragraph(t("archive.empty", "fr")).html
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(t('archive.title', 'fr'))}</title><style>{css}</style></head>\n<body>"
        f'<header class="site"><div class="bar"><span class="brand">{escape(t("site.title", "fr"))}</span></div></header>'
        f'<main id="contenu"><h1>{escape(t("archive.title", "fr"))}</h1>'
        f"<p>{escape(t('archive.intro', 'fr'))}</p>"
        f'<p lang="en">{escape(t("archive.intro", "en"))}</p>{body}{Markup(extra)}</main></body></html>\n'
    )
