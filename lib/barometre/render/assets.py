"""Offline assets shared by every page of a site: the Vega bundle and the CSS, written once.

Each file name carries a hash of its content (``vega-3f2a9c1d7b44.js``), so pages of
several periods rendered by different versions can share ``reports/assets/`` without
ever loading a file they were not made with, and a browser may cache them for ever.
``--standalone`` pages inline both instead (one file to e-mail).
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..i18n import both
from ..os_errors import written_whole

ASSETS_DIR = "assets"
log = logging.getLogger("barometre.render")


BUNDLE_SCRIPT = "import sys, vl_convert; sys.stdout.write(vl_convert.javascript_bundle())"


def _cache_dir() -> Path:
    """Where derived files that depend only on installed versions are kept between runs."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "barometre"


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one offline script (from vl-convert).

    vl-convert makes the bundle inside a JavaScript engine that, once loaded, holds
    about 140 MB for the life of the process; the renderer keeps running for minutes
    beside its kernels. So the bundle is made in a short-lived child process and kept
    in the user's cache folder, one file per vl-convert version.
    """
    from importlib.metadata import version

    cache = _cache_dir() / f"vega-bundle-{version('vl-convert-python')}.js"
    try:
        return cache.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    made = subprocess.run(
        [sys.executable, "-c", BUNDLE_SCRIPT],
        capture_output=True,
        check=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    text = made.stdout.decode("utf-8")
    try:  # a cache that cannot be written only costs time
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=cache.parent, delete=False) as tmp:
            tmp.write(text)
        os.replace(tmp.name, cache)
    except OSError:
        pass
    return text


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The site's CSS."""
    return resources.files("barometre").joinpath("assets/style.css").read_text("utf-8")


@lru_cache(maxsize=1)
def embed_script() -> str:
    """The small script that draws every chart of a page with the shared bundle."""
    return resources.files("barometre").joinpath("assets/embed.js").read_text("utf-8")


def hashed_name(stem: str, text: str, suffix: str) -> str:
    """``stem-<12 hex digits of sha256>.suffix``."""
    return f"{stem}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}.{suffix}"


@dataclass(frozen=True)
class SiteAssets:
    """Names of the shared files, relative to the site root (``assets/…``)."""

    css: str
    vega: str
    embed: str

    @property
    def names(self) -> tuple[str, ...]:
        """Every shared file name."""
        return (self.css, self.vega, self.embed)


def site_assets() -> SiteAssets:
    """The hashed names of the current CSS, Vega bundle and embed script."""
    return SiteAssets(
        css=f"{ASSETS_DIR}/{hashed_name('style', stylesheet(), 'css')}",
        vega=f"{ASSETS_DIR}/{hashed_name('vega', vega_bundle(), 'js')}",
        embed=f"{ASSETS_DIR}/{hashed_name('embed', embed_script(), 'js')}",
    )


def write_assets(out: Path) -> SiteAssets:
    """Write the shared files under ``out/assets/`` (atomically; an existing file is kept when whole).

    A file whose content is not the one its name's hash says (cut to 1 000 bytes by a full disk or a copy,
    edited by hand) is written again: every chart of the site stayed blank, run after run, ``--force`` too.
    """
    assets = site_assets()
    contents = {assets.css: stylesheet(), assets.vega: vega_bundle(), assets.embed: embed_script()}
    for name, text in contents.items():
        target = Path(out) / name
        if _whole(target, text):
            continue  # same name, same content
        if target.exists():
            log.warning(both("site.warning.asset_damaged", path=target))
        target.parent.mkdir(parents=True, exist_ok=True)
        with written_whole(target) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return assets


def _whole(target: Path, text: str) -> bool:
    """Whether the file ``target`` holds ``text`` exactly (an unreadable one does not)."""
    try:
        return target.is_file() and target.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def remove_unused_assets(out: Path) -> list[Path]:
    """Delete files of ``out/assets/`` that no page of the site refers to any more."""
    folder = Path(out) / ASSETS_DIR
    if not folder.is_dir():
        return []
    names = {p.name for p in folder.iterdir() if p.is_file()}
    used: set[str] = set()
    for page in Path(out).rglob("*.html"):
        if page.is_relative_to(folder):
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        used |= {n for n in names - used if n in text}
        if used == names:
            return []
    removed = []
    for name in sorted(names - used):
        (folder / name).unlink(missing_ok=True)
        removed.append(folder / name)
    return removed
