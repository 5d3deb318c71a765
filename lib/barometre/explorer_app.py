"""The explorer served as an app (Voilà): its language from the page's address.

Voilà runs the notebook without parameters; it gives the kernel the address's query string
(``QUERY_STRING``). ``…/voila/render/explorer.ipynb?lang=en`` opens the app in English; in
JupyterLab, or without ``lang`` in the address, the notebook's own ``lang`` parameter applies.
The app's template sets the page's ``lang`` attribute from the same address.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs

from .i18n import LANGUAGES


def language_from_address(default: str = "fr") -> str:
    """The ``lang`` of the page's address when it is one of the report's languages, else ``default``."""
    query = parse_qs(os.environ.get("QUERY_STRING", ""))
    asked = (query.get("lang") or [""])[-1].strip().lower()
    return asked if asked in LANGUAGES else default
