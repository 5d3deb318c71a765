"""The demo site rendered once per test run, shared by every pytest-xdist worker.

``site_data`` and ``rendered_site`` (conftest) come from here. Each step runs under a file lock in
the run's temporary folder, with a ``done`` marker: whoever comes first (a worker, or the background
render the xdist controller starts at the beginning of the run, see conftest) does the work, the
others wait for it and reuse the result. Run as a script it renders: ``python shared_site.py ROOT``.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
EVIL_NAME = "<script>alert(1)</script> & Cie"
FORMULA_NOTE = '=HYPERLINK("http://example.invalid")'


@contextlib.contextmanager
def _once(folder: Path) -> Iterator[bool]:
    """Hold ``folder``'s lock; yield True when the work is still to be done (then mark it done)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        todo = not (folder / "done").exists()
        yield todo
        if todo:
            (folder / "done").touch()


def site_data(run_root: Path) -> Path:
    """Demo data with an organisation name that must be escaped and a formula-like note."""
    folder = run_root / "site-data"
    dst = folder / "demo"
    with _once(folder) as todo:
        if todo:
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(DEMO, dst)
            _edit(dst / "organisations.csv", {"name_fr": EVIL_NAME, "name_en": EVIL_NAME})
            _edit(dst / "observations.csv", {"note": FORMULA_NOTE})
    return dst


def _edit(path: Path, first_row: dict[str, str]) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0].update(first_row)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def rendered_site(run_root: Path) -> Path:
    """The site of :func:`site_data`, French and English, every page (a failed page fails the caller)."""
    from barometre.render.site import render_site

    data = site_data(run_root)
    folder = run_root / "rendered-site"
    out = folder / "reports"
    with _once(folder) as todo:
        if todo:
            summary = render_site(data, out, langs=["fr", "en"], jobs=2)
            failed = [(r.key, r.error) for r in summary.failed]
            assert not failed, failed  # no done marker: the next caller tries again and reports it
    return out


if __name__ == "__main__":
    rendered_site(Path(sys.argv[1]))
