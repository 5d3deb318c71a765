import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo dataset."""
    dst = tmp_path / "demo"
    shutil.copytree(DEMO, dst)
    return dst


EVIL_NAME = "<script>alert(1)</script> & Cie"
FORMULA_NOTE = '=HYPERLINK("http://example.invalid")'


@pytest.fixture(scope="session")
def site_data(tmp_path_factory) -> Path:
    """Demo data with an organisation name that must be escaped and a formula-like note."""
    import csv

    dst = tmp_path_factory.mktemp("site-data") / "demo"
    shutil.copytree(DEMO, dst)
    orgs = list(csv.DictReader((dst / "organisations.csv").open(encoding="utf-8")))
    orgs[0]["name_fr"] = EVIL_NAME
    orgs[0]["name_en"] = EVIL_NAME
    with (dst / "organisations.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(orgs[0]))
        w.writeheader()
        w.writerows(orgs)
    rows = list(csv.DictReader((dst / "observations.csv").open(encoding="utf-8")))
    rows[0]["note"] = FORMULA_NOTE
    with (dst / "observations.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return dst


@pytest.fixture(scope="session")
def rendered_site(site_data, tmp_path_factory) -> Path:
    """The demo site rendered once per test session, French and English."""
    from barometre.render.site import render_site

    out = tmp_path_factory.mktemp("site") / "reports"
    summary = render_site(site_data, out, langs=["fr", "en"], jobs=2)
    assert not summary.failed, [(r.key, r.error) for r in summary.failed]
    return out


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium for the whole session (never downloaded, never skipped)."""
    from chromium import CHROMIUM, LAUNCH_ARGS

    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: the browser tests cannot run. Install Debian's chromium "
        "(`make browser`, i.e. apt-get install chromium); these tests never skip."
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()
