"""The explorer in a real JupyterLab and as a Voilà app, driven in Debian's Chromium with the network off.

A JupyterLab server is started from the project's environment on 127.0.0.1 (token, no
browser, a free port, ``--allow-root`` when root) on a temporary copy of the explorer
notebook; Playwright opens it in ``/usr/bin/chromium`` with every request to another host
aborted, runs all cells from the Run menu and works the widgets as an analyst would.
Servers are shut down (process group killed) whatever happens.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from barometre.api import compute
from barometre.i18n import format_number, format_percent
from chromium import CHROMIUM
from conftest import DEMO, GC_RAW, ROOT

playwright_sync = pytest.importorskip("playwright.sync_api")

BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "explorer.ipynb"
TOKEN = "barometre-test-token"
GC_CANDIDATES = [GC_RAW]  # the project's own copy of the public files

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is required (make browser)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def notebook_copy(folder: Path, name: str, data_dir: Path) -> Path:
    """Copy the explorer into ``folder`` with ``data_dir`` set in its parameters cell."""
    nb = json.loads(NOTEBOOK.read_text("utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"])
            assert "data_dir = None" in source
            cell["source"] = source.replace("data_dir = None", f"data_dir = {str(data_dir)!r}")
    path = folder / name
    path.write_text(json.dumps(nb, ensure_ascii=False), "utf-8")
    return path


@contextlib.contextmanager
def server(command: list[str], port: int, ready_path: str | None, log: Path) -> Iterator[str]:
    """Run a Jupyter server in its own process group; yield its base URL; kill the group at the end."""
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1"}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    raise AssertionError(f"server exited early:\n{log.read_text(errors='replace')[-3000:]}")
                try:
                    if ready_path is None:  # Voilà: serving as soon as the port accepts connections
                        socket.create_connection(("127.0.0.1", port), timeout=2).close()
                        break
                    with urllib.request.urlopen(base + ready_path, timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(f"server not ready:\n{log.read_text(errors='replace')[-3000:]}")
                time.sleep(0.3)
            yield base
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def root_flag() -> list[str]:
    return ["--allow-root"] if os.geteuid() == 0 else []


@pytest.fixture(scope="module")
def gc_data(tmp_path_factory) -> Path:
    source = next((p for p in GC_CANDIDATES if len(list(p.glob("*.csv"))) == 3), None)
    assert source is not None, "the GC service inventory files are required (data/raw/gc-service-inventory)"
    out = tmp_path_factory.mktemp("gc") / "data"
    subprocess.run(
        [BIN / "barometre", "import", "gc-service-inventory", *sorted(source.glob("*.csv")), "--out", out],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, gc_data) -> Path:
    folder = tmp_path_factory.mktemp("lab")
    notebook_copy(folder, "explorer.ipynb", DEMO)
    notebook_copy(folder, "explorer-gc.ipynb", gc_data)
    return folder


@pytest.fixture(scope="module")
def lab(workdir) -> Iterator[str]:
    port = free_port()
    command = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--ServerApp.token={TOKEN}",
        f"--ServerApp.root_dir={workdir}",
        f"--LabApp.workspaces_dir={workdir / '.workspaces'}",
        f"--LabApp.user_settings_dir={workdir / '.settings'}",
        "--LabApp.news_url=",
        *root_flag(),
    ]
    with server(command, port, f"/api/status?token={TOKEN}", workdir / "lab.log") as base:
        yield base


@pytest.fixture(scope="module")
def voila(workdir) -> Iterator[str]:
    port = free_port()
    command = [
        str(BIN / "voila"),
        str(workdir / "explorer.ipynb"),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
    ]
    with server(command, port, None, workdir / "voila.log") as base:
        yield base


@pytest.fixture
def page(browser, request):
    """A desktop page where every request to a host other than 127.0.0.1 is aborted (and recorded)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.blocked = []

    def route(r):
        if urlparse(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            pg.blocked.append(r.request.url)
            r.abort()

    pg.route("**/*", route)
    try:
        yield pg
    finally:
        shots = os.environ.get("BAROMETRE_SHOTS")
        if shots:  # what the analyst saw at the end of the test (kept for review)
            with contextlib.suppress(Exception):
                pg.screenshot(path=str(Path(shots) / f"{request.node.name}.png"), full_page=True)
                for part in ("chart-output", "table-output"):
                    pg.locator(f".barometre-{part}").first.screenshot(
                        path=str(Path(shots) / f"{request.node.name}-{part}.png"), timeout=5_000
                    )
        context.close()


# ------------------------------------------------------------------------------------------ helpers

SIGNATURE_JS = """() => Array.from(document.querySelectorAll('.barometre-chart-output .vega-embed')).map(e => {
    const svg = e.querySelector('svg'); if (svg) return svg.outerHTML;
    const c = e.querySelector('canvas'); return c ? c.toDataURL() : '';
})"""


def chart_signatures(pg) -> list[str]:
    return pg.evaluate(SIGNATURE_JS)


def wait_redraw(pg, before: list[str], timeout: float = 30) -> list[str]:
    """Wait until the charts are drawn and differ from ``before``; return the new signatures."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = chart_signatures(pg)
        if now and all(now) and now != before:
            return now
        pg.wait_for_timeout(200)
    raise AssertionError("the charts did not redraw after the widget change")


def wait_charts(pg, timeout: float = 60) -> list[str]:
    pg.wait_for_selector(".barometre-chart-output .vega-embed", timeout=timeout * 1000)
    return wait_redraw(pg, [], timeout)


def table_rows(pg) -> list[dict[str, str]]:
    """Rows of the explorer's table as {column header: cell text}."""
    return pg.evaluate(
        """() => { const t = document.querySelector('.barometre-table-output table'); if (!t) return [];
        const all = Array.from(t.querySelectorAll('thead th')).map(th => th.textContent.trim());
        return Array.from(t.querySelectorAll('tbody tr')).map(tr => {
            const cells = Array.from(tr.querySelectorAll('td')).map(td => td.textContent.trim());
            const heads = all.slice(all.length - cells.length);
            return Object.fromEntries(heads.map((h, i) => [h, cells[i]])); }); }"""
    )


def select(pg, widget: str, **option) -> None:
    pg.locator(f".barometre-{widget} select").select_option(**option)


def run_all_cells(pg) -> None:
    """JupyterLab menu Run > Run All Cells, once the kernel is ready."""
    pg.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    with contextlib.suppress(playwright_sync.TimeoutError):  # first start: JupyterLab asks for a kernel
        pg.locator(".jp-Dialog .jp-mod-accept").click(timeout=8_000)
    pg.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    pg.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    pg.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def open_in_lab(pg, base: str, name: str) -> None:
    # A workspace of its own per notebook: JupyterLab does not restore the other tests' tabs.
    pg.goto(f"{base}/lab/workspaces/{Path(name).stem}/tree/{name}?token={TOKEN}")
    run_all_cells(pg)


def expected_rows(data_dir: Path, period: str, target: str, codes: list[str]) -> dict[str, dict[str, str]]:
    """The library's by-organisation values (``barometre indicators --by organisation``), formatted fr."""
    by_org = compute(data_dir).by_organisation
    rows = by_org[
        (by_org["period"] == period) & (by_org["target"] == target) & by_org["organisation"].isin(codes)
    ]
    return {
        r.organisation: {
            "Valeur": format_percent(r.value, "fr"),
            "Numérateur": format_number(r.numerator, "fr"),
            "Dénominateur": format_number(r.denominator, "fr"),
        }
        for r in rows.itertuples()
    }


def check_table(pg, data_dir: Path, period: str, target: str, codes: list[str]) -> None:
    expected = expected_rows(data_dir, period, target, codes)
    assert expected, "the chosen organisations must have reported (test setup)"
    deadline = time.monotonic() + 20
    while True:
        shown = {r["Code"]: r for r in table_rows(pg) if r.get("Code")}
        got = {c: {k: shown[c][k] for k in ("Valeur", "Numérateur", "Dénominateur")} for c in shown}
        if got == expected or time.monotonic() > deadline:
            break
        pg.wait_for_timeout(200)
    assert got == expected


# ------------------------------------------------------------------------------------------ tests


def test_explorer_in_jupyterlab_demo(lab, page) -> None:
    open_in_lab(page, lab, "explorer.ipynb")
    signatures = wait_charts(page)
    assert len(signatures) == 2  # comparison and distribution charts
    # Period: the table and the period rule follow.
    select(page, "period", value="2021-2022")
    signatures = wait_redraw(page, signatures)
    # Target (ambition 4, then target 4.2).
    strategy = compute(DEMO).dataset.strategy
    select(page, "ambition", index=[a.id for a in strategy.ambitions].index("4"))
    signatures = wait_redraw(page, signatures)
    select(page, "target", index=[t.id for t in strategy.targets_of("4")].index("4.2"))
    signatures = wait_redraw(page, signatures)
    # Two organisations.
    names = [compute(DEMO).dataset.organisation_name(c, "fr") for c in ("MFSN", "MFEDU")]
    select(page, "organisations", label=names)
    signatures = wait_redraw(page, signatures)
    check_table(page, DEMO, "2021-2022", "4.2", ["MFSN", "MFEDU"])
    # One click exports: a CSV and an Excel link of the selection, as data: URIs (offline).
    links = page.locator(".barometre-export-links a.barometre-download")
    assert [links.nth(i).get_attribute("download") for i in range(links.count())] == [
        "explorateur-4.2-2021-2022.csv",
        "explorateur-4.2-2021-2022.xlsx",
    ]
    assert links.first.get_attribute("href").startswith("data:text/csv")
    # The view: pooled → mean of organisations.
    page.locator(".barometre-view button", has_text="Moyenne").click()
    wait_redraw(page, signatures)
    check_table(page, DEMO, "2021-2022", "4.2", ["MFSN", "MFEDU"])
    mean_label = "Gouvernement (moyenne des organisations)"
    page.wait_for_function(
        "l => document.querySelector('.barometre-table-output tbody td').textContent.trim() === l",
        arg=mean_label,
    )


def test_explorer_in_jupyterlab_gc(lab, page, gc_data) -> None:
    open_in_lab(page, lab, "explorer-gc.ipynb")
    signatures = wait_charts(page)
    results = compute(gc_data)
    targets = [t.id for t in results.dataset.strategy.targets]
    period = results.dataset.periods[0]
    select(page, "period", value=period)
    signatures = wait_redraw(page, signatures)
    target = targets[-1]
    strategy = results.dataset.strategy
    ambition = strategy.target(target).ambition
    select(page, "ambition", index=[a.id for a in strategy.ambitions].index(ambition))
    with contextlib.suppress(AssertionError):  # same ambition: no redraw
        signatures = wait_redraw(page, signatures, timeout=3)
    select(page, "target", index=[t.id for t in strategy.targets_of(ambition)].index(target))
    signatures = wait_redraw(page, signatures)
    by_org = results.by_organisation
    codes = list(by_org[(by_org["period"] == period) & (by_org["target"] == target)]["organisation"][:2])
    assert len(codes) == 2
    select(page, "organisations", label=[results.dataset.organisation_name(c, "fr") for c in codes])
    wait_redraw(page, signatures)
    check_table(page, gc_data, period, target, codes)


def test_explorer_as_voila_app(voila, page) -> None:
    page.goto(voila + "/")
    signatures = wait_charts(page, timeout=90)
    assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0  # no code shown
    select(page, "organisations", label=[compute(DEMO).dataset.organisation_name("MFSN", "fr")])
    wait_redraw(page, signatures)
