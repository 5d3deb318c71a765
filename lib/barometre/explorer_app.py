"""The explorer served as an app (Voilà): its language from the page's address.

Voilà runs the notebook without parameters; it gives the kernel the address's query string
(``QUERY_STRING``). ``…/voila/render/explorer.ipynb?lang=en`` opens the app in English; in
JupyterLab, or without ``lang`` in the address, the notebook's own ``lang`` parameter applies.
The app's template sets the page's ``lang`` attribute from the same address.

:func:`open_explorer` is what the notebook calls: data that cannot be used give the library's own
message, in the page's language, where Voilà showed only "There was an error when executing cell [2]".
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from .errors import BarometreError
from .i18n import LANGUAGES, t


def language_from_address(default: str = "fr") -> str:
    """The ``lang`` of the page's address when it is one of the report's languages, else ``default``."""
    query = parse_qs(os.environ.get("QUERY_STRING", ""))
    asked = (query.get("lang") or [""])[-1].strip().lower()
    asked = asked.replace("_", "-").split("-")[0]  # « en-CA », the PDF's and the deck's tag, is English
    return asked if asked in LANGUAGES else default


def open_explorer(data_dir: str | Path | None, lang: str = "fr", period: str | None = None) -> Any:
    """The explorer on ``data_dir`` in the address's language, or a box that says why it cannot open."""
    import ipywidgets as widgets

    from .api import results
    from .deadline_shown import shown_statuses
    from .explorer import build_explorer

    lang = language_from_address(lang)
    try:
        return build_explorer(shown_statuses(results(data_dir)), lang=lang, period=period)
    except BarometreError as exc:
        fr, sep, en = exc.message.partition(" / ")
        said = (en if sep and lang == "en" else fr).strip()
        title, advice = (escape(t(f"explorer.error.{k}", lang), quote=False) for k in ("title", "advice"))
        return widgets.HTML(
            f'<div role="alert"><h2>{title}</h2><p>{escape(said, quote=False)}</p><p>{advice}</p></div>'
        )
