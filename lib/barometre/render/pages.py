"""Which pages a report site has, where they go and how they link to each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..dataset import Dataset
from ..i18n import t
from ..pages_downloads import PAGE as DATA_PAGE
from ..paths import file_stem
from .html import NavItem

METHODOLOGY_PAGE = "methodologie.html"  # the methodology page, in every language (the brief points to it)

NOTEBOOKS = {
    "overview": "overview.ipynb",
    "ambition": "ambition.ipynb",
    "organisation": "organisation.ipynb",
    "methodology": "methodology.ipynb",
}


@dataclass
class Page:
    """One page of one language: the notebook that makes it and its parameters."""

    lang: str
    kind: str
    path: str  # relative to reports/<period>/<lang>/
    title: str
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Unique key: ``fr/ambition-3.html``."""
        return f"{self.lang}/{self.path}"

    @property
    def root(self) -> str:
        """Relative prefix back to the language folder."""
        return "../" * self.path.count("/")

    @property
    def notebook(self) -> str | None:
        """Notebook file name, or None for pages built without a notebook."""
        return NOTEBOOKS.get(self.kind)


def site_pages(ds: Dataset, period: str, langs: list[str]) -> list[Page]:
    """Every page of the site for ``period`` in each language."""
    strategy = ds.strategy
    reporting = set(ds.observations.loc[ds.observations["period"] <= period, "organisation"])
    orgs = [c for c in ds.sample["code"] if c in reporting]
    pages: list[Page] = []
    for lang in langs:
        base = {"period": period, "lang": lang}
        pages.append(Page(lang, "overview", "index.html", t("nav.overview", lang), dict(base)))
        for amb in strategy.ambitions:
            title = f"{t('nav.ambition', lang, n=amb.id)} — {amb.title(lang)}"
            pages.append(
                Page(
                    lang,
                    "ambition",
                    f"ambition-{file_stem(amb.id)}.html",
                    title,
                    {**base, "ambition": amb.id},
                )
            )
        for code in orgs:
            pages.append(
                Page(
                    lang,
                    "organisation",
                    f"organisations/{file_stem(code)}.html",
                    ds.organisation_name(code, lang),
                    {**base, "organisation": code},
                )
            )
        pages.append(
            Page(lang, "organisation-index", "organisations/index.html", t("nav.organisations", lang))
        )
        pages.append(Page(lang, "methodology", METHODOLOGY_PAGE, t("nav.methodology", lang), dict(base)))
        pages.append(Page(lang, "downloads", DATA_PAGE, t("nav.data", lang)))
    return pages


def navigation(ds: Dataset, page: Page) -> list[NavItem]:
    """The navigation bar of ``page`` (links relative to it)."""
    lang, root = page.lang, page.root
    items = [NavItem(t("nav.overview", lang), f"{root}index.html", _current(page, "index.html"))]
    for amb in ds.strategy.ambitions:
        path = f"ambition-{file_stem(amb.id)}.html"
        items.append(NavItem(t("nav.ambition", lang, n=amb.id), f"{root}{path}", _current(page, path)))
    items.append(
        NavItem(
            t("nav.organisations", lang),
            f"{root}organisations/index.html",
            _current(page, "organisations/index.html")
            or ("true" if page.path.startswith("organisations/") else ""),
        )
    )
    items.append(
        NavItem(t("nav.methodology", lang), f"{root}{METHODOLOGY_PAGE}", _current(page, METHODOLOGY_PAGE))
    )
    items.append(NavItem(t("nav.data", lang), f"{root}{DATA_PAGE}", _current(page, DATA_PAGE)))
    items.append(NavItem(t("nav.brief", lang), f"{root}brief.pdf"))
    return items


def _current(page: Page, path: str) -> str:
    """``aria-current`` of a link to ``path`` on ``page``: « page » on the page itself, else none."""
    return "page" if page.path == path else ""


def other_language_href(page: Page) -> str:
    """Link to the same page in the other language."""
    other = "en" if page.lang == "fr" else "fr"
    return f"{page.root}../{other}/{page.path}"
