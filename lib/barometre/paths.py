"""Where things are: every default path comes from here (no side effects at import)."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The source checkout's root (``lib/barometre`` → two levels up), else ``$BAROMETRE_HOME``, else cwd.

    An installed package (no checkout around it) run by a scheduler from « / » sought its notebooks in
    « /notebooks »: ``BAROMETRE_HOME``, the project's folder the Airflow DAG already reads, names it.
    """
    root = PACKAGE_DIR.parent.parent
    if (root / "pyproject.toml").exists():
        return root
    home = os.environ.get("BAROMETRE_HOME")
    return Path(home) if home else Path.cwd()


def default_data_dir() -> Path:
    """The dataset used when ``--data`` is not given: ``$BAROMETRE_DATA`` or ``data/demo``."""
    env = os.environ.get("BAROMETRE_DATA")
    return Path(env) if env else project_root() / "data" / "demo"


def notebooks_dir() -> Path:
    """Folder of the parameterized notebooks."""
    return project_root() / "notebooks"


def reports_dir() -> Path:
    """Default output folder of ``barometre render``."""
    return project_root() / "reports"


_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
RESERVED_STEMS = frozenset({"index"})  # the organisation index is organisations/index.html


def file_stem(code: str) -> str:
    """A file name (without suffix) for a code from the data, safe on every file system and in a URL.

    Used for organisation codes and ambition ids.

    A plain code (letters, digits, ``-``, ``_``) is its own name: ``MFEDU`` → ``MFEDU.html``. Any other
    (« MF/EDU » would make a folder, « Réseau santé » a name to encode in links, « index » would take the
    organisation index's place) gets an ASCII form of itself plus a short hash of the whole code, so two
    codes never share a name: « MF/EDU » → ``MF-EDU-4073c8``.
    """
    code = str(code)
    if _SAFE_NAME.fullmatch(code) and code.lower() not in RESERVED_STEMS:
        return code
    ascii_form = unicodedata.normalize("NFKD", code).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_form).strip("-_") or "organisation"
    digest = hashlib.sha256(code.encode("utf-8")).hexdigest()[:6]
    return f"{slug[:60]}-{digest}"
