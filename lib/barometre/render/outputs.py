"""A published page changed since it was written (edited by hand, cut by a copy) is made again.

The manifest keeps each page's input hash, which says whether the page must be made again from new data;
it also keeps the hash of the bytes written (``__outputs__``), so a page whose file no longer holds them is
not counted « inchangée » run after run until ``--force``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import both

if TYPE_CHECKING:
    from .pages import Page

OUTPUTS = "__outputs__"  # {page key: sha256 of the file as written}


def file_hash(path: Path) -> str | None:
    """The sha256 of a file's bytes; None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def changed_pages(folder: Path, manifest: dict[str, Any], keys: Iterable[str]) -> list[str]:
    """The pages of ``keys`` in the published ``folder`` whose bytes differ from those its manifest kept.

    A page the manifest kept no hash for (a site published before they were kept) is not said changed.
    """
    kept = manifest.get(OUTPUTS)
    if not isinstance(kept, dict):
        return []
    return [
        key
        for key in keys
        if isinstance(kept.get(key), str)
        and (folder / key).is_file()
        and file_hash(folder / key) != kept[key]
    ]


def keep_outputs(manifest: dict[str, Any], staging: Path, keys: Iterable[str]) -> None:
    """Keep in ``manifest`` the hash of each page of ``keys`` that it counts as made (in ``staging``)."""
    manifest[OUTPUTS] = {
        key: digest for key in keys if key in manifest and (digest := file_hash(staging / key)) is not None
    }


def drop_gone(staging: Path, manifest: dict[str, Any], keys: Iterable[str]) -> list[str]:
    """Remove from the staged period the pages its manifest counted that the site no longer has; their keys.

    An organisation or a target taken out of the data kept its page, unlinked but served with its old
    figures, run after run (``--force`` too). Only the files the manifest names go; their keys are forgotten.
    """
    keep, root = set(keys), staging.resolve()
    gone = sorted(k for k in manifest if not k.startswith("__") and k not in keep)
    for key in gone:
        manifest.pop(key)
        path = (staging / key).resolve()
        if path.is_relative_to(root) and path.is_file():
            path.unlink()
    return gone


def pages_warning(kind: str, period: str, keys: list[str]) -> str:
    """The run's warning for pages ``changed`` since published (made again) or ``gone`` (five named)."""
    shown = ", ".join(keys[:5]) + (" …" if len(keys) > 5 else "")
    return both(f"site.warning.pages_{kind}", period=period, n=len(keys), pages=shown)


def pages_to_make(
    pages: list[Page], folder: Path, manifest: dict[str, Any], hashes: dict[str, str], force: bool
) -> tuple[list[Page], list[str]]:
    """The pages to make, and the keys of those whose files changed since published.

    Every page with ``force``; else those with new inputs, a missing file or a changed one.
    """
    edited = [] if force else changed_pages(folder, manifest, hashes)
    todo = [
        p
        for p in pages
        if force or p.key in edited or manifest.get(p.key) != hashes[p.key] or not (folder / p.key).exists()
    ]
    return todo, edited
