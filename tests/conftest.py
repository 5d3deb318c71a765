import os
import shutil
from pathlib import Path

import pytest
from shared_site import EVIL_NAME, FORMULA_NOTE  # noqa: F401  (the tests import them from here)

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
GC_RAW = ROOT / "data" / "raw" / "gc-service-inventory"  # the project's own copy of the public files


def rewrite_csv(path: Path, change) -> None:
    """Rewrite the CSV file ``path`` with ``change(rows)``: rows as dicts in, the rows to keep out."""
    import csv

    rows = change(list(csv.DictReader(path.open(encoding="utf-8"))))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def with_strategy(folder: Path, change) -> Path:
    """Point ``folder``'s dataset.yaml at a copy of the Québec strategy, as ``change(raw)`` left its YAML."""
    import yaml

    raw = yaml.safe_load(
        (ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text(encoding="utf-8")
    )
    change(raw)
    (folder / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meta = folder / "dataset.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("quebec-2019-2023", "strategy.yaml"), encoding="utf-8"
    )
    return folder


def with_next_year(folder: Path, period: str = "2023-2024") -> Path:
    """Point ``folder``'s dataset.yaml at a copy of the Québec strategy with ``period`` added (README's next year)."""
    return with_strategy(folder, lambda raw: raw["periods"].append(period))


def plain(text: str) -> str:
    """French typography's no-break spaces (« 2023-2024 », colonne x : …) as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def deck_texts(deck) -> list[str]:
    """Every text a python-pptx ``deck`` shows: text boxes, table cells, chart categories, speaker notes."""
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                parts += [str(c) for c in shape.chart.plots[0].categories]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return parts


def shown(html: str) -> str:
    """The text of an HTML fragment as a reader sees it: tags dropped (a span of years is a <span> of its
    own, kept on one line), character references unescaped."""
    import html as html_module
    import re

    return html_module.unescape(re.sub(r"<[^>]+>", "", str(html)))


def run_script_without_main_guard(folder: Path, code: str):
    """Run ``code`` as a script of its own, no ``if __name__ == "__main__":`` guard (as an analyst may write
    it); return the finished process, output captured. One error that says what to write is expected."""
    import subprocess
    import sys

    script = folder / "script_without_guard.py"
    script.write_text(code, encoding="utf-8")
    proc = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=300, cwd=folder)
    assert proc.returncode == 1
    assert proc.stderr.count("barometre.errors.RenderError: ") == 1, proc.stderr[-3000:]
    assert "bootstrapping phase" not in proc.stderr
    return proc


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo dataset."""
    dst = tmp_path / "demo"
    shutil.copytree(DEMO, dst)
    return dst


def _run_root(tmp_path_factory) -> Path:
    """The temporary folder of the whole run: shared by the xdist workers, the session's own otherwise."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def site_data(tmp_path_factory) -> Path:
    """Demo data with an organisation name that must be escaped and a formula-like note."""
    import shared_site

    return shared_site.site_data(_run_root(tmp_path_factory))


@pytest.fixture(scope="session")
def rendered_site(tmp_path_factory) -> Path:
    """The demo site rendered once per test run, French and English (shared by the xdist workers)."""
    import shared_site

    return shared_site.rendered_site(_run_root(tmp_path_factory))


# the test files that use rendered_site
SITE_TESTS = ("test_browser.py", "test_render.py", "test_plans_render.py")


def pytest_sessionstart(session):
    """Under xdist, the controller starts rendering the shared site at once, in the background, when the
    run includes the tests that need it: the workers run other tests meanwhile instead of waiting."""
    import subprocess
    import sys

    config = session.config
    if os.environ.get("PYTEST_XDIST_WORKER") or not getattr(config.option, "numprocesses", None):
        return
    args = [Path(a.split("::")[0]).resolve() for a in config.args]
    wanted = [ROOT / "tests" / name for name in SITE_TESTS]
    if not any(a == w or a in w.parents for a in args for w in wanted):
        return
    root = config._tmp_path_factory.getbasetemp()
    log = (root / "rendered-site.log").open("w")
    config._site_render = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "shared_site.py"), str(root)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def retrying_kernel_start(start):
    """``start`` (nbval's kernel start) with the kernel's stderr kept, and tried once more if it fails.

    nbval starts each notebook's kernel once, with its stderr thrown away: a kernel that died while
    starting (seen once in many runs, cause unknown; two kernels started at the same moment can pick
    the same free port) failed the whole notebook. The second failure is raised; the first is a warning
    that carries what the kernel wrote.
    """
    import tempfile
    import warnings

    def start_with_one_retry(*args, **kwargs):
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as err:
            try:
                return start(*args, **{**kwargs, "stderr": err})
            except RuntimeError as exc:
                err.seek(0)
                message = f"kernel start failed ({exc}), tried again; its stderr:\n{err.read()[-3000:]}"
                warnings.warn(message, stacklevel=2)
        return start(*args, **kwargs)

    return start_with_one_retry


def pytest_configure(config):
    """Install :func:`retrying_kernel_start` in nbval."""
    try:
        from nbval import kernel
    except ImportError:
        return
    kernel.start_new_kernel = retrying_kernel_start(kernel.start_new_kernel)


def cost(item) -> float:
    """The CPU-seconds a test's module or class takes (its ``cost`` mark; 0 when it has none)."""
    marker = item.get_closest_marker("cost")
    return float(marker.args[0]) if marker else 0.0


def pytest_collection_modifyitems(config, items):
    """The costliest modules and classes first: pytest-xdist hands them out in this order
    (``--no-loadscope-reorder``), so the long ones start early and the short ones fill the end."""
    items.sort(key=lambda item: -cost(item))


def pytest_sessionfinish(session):
    """Never leave the background render behind (a run stopped early by -x or Ctrl-C)."""
    import signal

    proc = getattr(session.config, "_site_render", None)
    if proc is not None and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


@pytest.fixture(scope="session")
def _shared_pools():
    """The worker pool kept warm between this test process's runs (see tests/warm_workers.py)."""
    from warm_workers import SharedPools

    shared = SharedPools()
    yield shared
    shared.close()


@pytest.fixture(autouse=True)
def warm_workers(request, _shared_pools):
    """Every test's renders share the warm pool, but for the tests marked ``fresh_workers`` (all of them
    with ``BAROMETRE_FRESH_WORKERS=1 make test``: the product's own lifecycle in every test)."""
    if request.node.get_closest_marker("fresh_workers") or os.environ.get("BAROMETRE_FRESH_WORKERS"):
        _shared_pools.close()  # none of its workers outlives the pool the test watches
        yield None
        return
    from warm_workers import install

    undo = install(_shared_pools)
    yield _shared_pools
    undo()


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
