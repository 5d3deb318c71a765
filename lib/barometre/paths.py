"""Where things are: every default path comes from here (no side effects at import)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The source checkout's root (``lib/barometre`` → two levels up), else the working directory."""
    root = PACKAGE_DIR.parent.parent
    return root if (root / "pyproject.toml").exists() else Path.cwd()


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
