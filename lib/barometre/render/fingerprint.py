"""The fingerprint of the barometre a process runs: two versions never mix pages in one site."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from pathlib import Path

from .. import __version__


@cache
def library_fingerprint() -> str:
    """Hash of the package's own files (code, templates, catalogue) and version, as this process loaded it.

    Computed once per process: a Dask worker started before the package was upgraded in place runs the old
    code; hashing the files again gave the new version's fingerprint, every page passed the version check
    and failed on a template of the other version (« 'Provenance' object has no attribute 'revisions' »).
    """
    digest = hashlib.sha256(__version__.encode())
    root = Path(str(resources.files("barometre")))
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".j2", ".css"}:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
