"""Turn an executed notebook into a report page: outputs only, in the site template."""

from __future__ import annotations

import base64
import datetime as dt
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from .. import __version__
from ..i18n import t
from ..period_notes import under_way_note
from .assets import SiteAssets, embed_script, stylesheet, vega_bundle

REMOVE_TAGS = {"remove-in-report", "remove_cell", "barometre-reset", "parameters", "injected-parameters"}


@dataclass
class NavItem:
    """One link of the navigation bar."""

    label: str
    href: str
    # « page » on the page itself; « true » on an organisation's page for the organisations index (its section:
    # « page » told a screen reader it was the index)
    current: str = ""


@dataclass
class Provenance:
    """What the footer states about how the page was made."""

    dataset_title: str
    strategy: str
    hashes: dict[str, str]
    date: str
    version: str = __version__
    commit: str = ""  # "" outside a git checkout: the footer then names the version alone
    extra: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # dataset.yaml's source and licence, in the page's language: the attribution a
    licence: str = ""  # licence such as the Open Government Licence – Canada requires
    revisions: dict[str, str] = field(default_factory=dict)  # « Chiffres révisés le … », by language
    under_way: dict[str, str] = field(
        default_factory=dict
    )  # a period not over: « Données au … », by language


def under_way_notes(period: str, today: dt.date, langs: list[str]) -> dict[str, str]:
    """Each language's banner of a period not over on ``today``, the day the pages are made ({} once over).

    The brief's data date says it in the same words: « Données au 6 décembre 2026 : la période 2026-2027
    est en cours (…) ; ses chiffres sont provisoires. »
    """
    return {lang: said for lang in langs if (said := under_way_note(period, today, lang))}


def _inline_script(text: str) -> Markup:
    """Script text safe inside an inline ``<script>`` element."""
    return Markup(text.replace("</script", "<\\/script"))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    folder = str(resources.files("barometre").joinpath("templates"))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder), autoescape=True, trim_blocks=False, lstrip_blocks=False
    )


def git_commit(cwd: str | None = None) -> str:
    """Short git commit of the project, or "" outside a checkout (English pages said « commit inconnu »)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=cwd, timeout=5
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _output_html(output: Any) -> str | None:
    if output.get("output_type") not in ("display_data", "execute_result"):
        return None  # streams (stdout/stderr) never reach a report
    data = output.get("data", {})
    if "text/html" in data:
        html = data["text/html"]
        return "".join(html) if isinstance(html, list) else html
    if "image/svg+xml" in data:
        return data["image/svg+xml"]
    if "image/png" in data:
        png = data["image/png"]
        b64 = png if isinstance(png, str) else base64.b64encode(png).decode()
        return f'<img src="data:image/png;base64,{b64}" alt="">'
    return None


def notebook_content(nb: Any) -> tuple[str, bool]:
    """HTML of the report-worthy outputs of an executed notebook, and whether it has charts."""
    parts: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue  # markdown cells are notes for analysts, in one language only
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & REMOVE_TAGS:
            continue
        for output in cell.get("outputs", []):
            html = _output_html(output)
            if html:
                parts.append(html)
    content = "\n".join(parts)
    return content, 'class="vega-spec"' in content


def render_page(
    *,
    content: str,
    lang: str,
    title: str,
    period: str,
    root: str,
    nav: list[NavItem],
    other_href: str,
    synthetic: bool,
    provenance: Provenance,
    has_charts: bool,
    assets: SiteAssets | None = None,
    site_root: str = "",
) -> str:
    """Fill the page template (navigation, banner, footer, CSS and Vega bundle).

    With ``assets`` the page links the shared files under ``site_root`` (the relative
    path from the page to the site's root folder); without, it inlines them (standalone).
    """
    other = "en" if lang == "fr" else "fr"
    template = _environment().get_template("page.html.j2")
    return template.render(
        lang=lang,
        other_lang=other,
        other_label=t("nav.other_language", lang),
        other_href=other_href,
        title=title,
        site_title=t("site.title", lang),
        period=period,
        root=root,
        nav=nav,
        synthetic=synthetic,
        provenance=provenance,
        content=Markup(content),
        assets=assets,
        site_root=site_root,
        css=Markup(stylesheet()) if assets is None else "",
        vega_bundle=_inline_script(vega_bundle()) if has_charts and assets is None else "",
        embed_js=_inline_script(embed_script()) if has_charts and assets is None else "",
        has_charts=has_charts,
        sep=t("punct.colon", lang),  # « Période : » with a no-break space, as every other colon of the page
        t=lambda key, **kw: t(key, lang, **kw),
    )
