"""Benchmark: what a reader waits for, and what a 300-organisation site costs to build.

1. Page load in headless chromium (offline, from disk), every page of the demo site
   (French, latest period): median and slowest time until every chart is drawn, against
   the 3 s budget that used to be asserted in the browser tests (timings belong here,
   where a loaded CI machine cannot make a test flaky).
2. The one-period French site of the synthetic 300-organisation dataset
   (``synthetic.write_dataset``): size on disk, largest page, pages per second and the
   peak memory of the whole process tree (render, workers, kernels).

``BENCH_SCALE=0`` skips part 2 (it takes minutes on a small machine).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
MAX_LOAD_S = 3.0
CHARTS_SETTLED = """() => [...document.querySelectorAll('.vega-chart')]
    .every(el => el.hasAttribute('data-rendered') || el.hasAttribute('data-error'))"""


def _render(data: Path, out: Path) -> tuple[float, int]:
    """Render ``data`` (French, latest period); wall seconds and peak tree memory in bytes."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(
        [BIN / "barometre", "render", "--data", data, "--lang", "fr", "--out", out],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    parent, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            peak = max(peak, sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)]))
        except psutil.Error:
            pass
        time.sleep(0.2)
    if proc.returncode:
        raise RuntimeError(f"render failed ({proc.returncode})")
    return time.perf_counter() - start, peak


def _site_figures(out: Path) -> tuple[int, int, int]:
    files = [p for p in out.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html" and p.parent != out]
    return sum(p.stat().st_size for p in files), max(p.stat().st_size for p in pages), len(pages)


def page_loads(site: Path) -> list[tuple[str, float]]:
    """Seconds until every chart of each page is drawn, in a fresh offline browser context."""
    sys.path.insert(0, str(ROOT / "tests"))
    from chromium import CHROMIUM, LAUNCH_ARGS
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        for page_path in sorted(site.rglob("*.html")):
            context = browser.new_context(offline=True)
            page = context.new_page()
            start = time.perf_counter()
            page.goto(page_path.as_uri(), wait_until="networkidle")
            page.wait_for_function(CHARTS_SETTLED, timeout=30_000)
            times.append((str(page_path.relative_to(site)), time.perf_counter() - start))
            context.close()
        browser.close()
    return times


def main() -> None:
    """Print page loads of the demo site, then the 300-organisation figures."""
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        demo = Path(tmp) / "demo"
        seconds, _ = _render(ROOT / "data" / "demo", demo)
        loads = page_loads(demo)
        slowest = max(loads, key=lambda x: x[1])
        over = [name for name, s in loads if s >= MAX_LOAD_S]
        print(f"démo / demo: {len(loads)} pages, chargement médian / median load "
              f"{statistics.median(s for _, s in loads):.2f} s, le plus lent / slowest {slowest[1]:.2f} s "
              f"({slowest[0]}); au-delà de / over {MAX_LOAD_S} s : {len(over)} {over}")  # fmt: skip
        if os.environ.get("BENCH_SCALE", "1") == "0":
            return
        sys.path.insert(0, str(HERE))
        from synthetic import write_dataset

        data = write_dataset(Path(tmp) / "synthetic-300", organisations=300)
        out = Path(tmp) / "site-300"
        seconds, peak = _render(data, out)
        size, largest, pages = _site_figures(out)
        print(f"300 organisations (FR, une période / one period): {size / 2**20:.1f} MB, "
              f"page la plus lourde / largest page {largest / 1024:.0f} KB, {pages} pages en / in "
              f"{seconds:.0f} s = {pages / seconds:.2f} pages/s, mémoire de pointe / peak memory "
              f"{peak / 2**30:.2f} GB (RSS summed over the process tree)")  # fmt: skip


if __name__ == "__main__":
    main()
