"""Benchmark: ``barometre render`` against the naive papermill + nbconvert pipeline.

Renders the demo site (French, latest period) with our command, and with one
``papermill`` CLI call plus one ``jupyter nbconvert --to html`` call per page,
sequentially. Prints median wall times, their ratio, and the time of an
unchanged re-render.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def _ours(out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([BIN / "barometre", "render", "--lang", "fr", "--out", out, "--jobs", "2"], check=True,
                   capture_output=True)  # fmt: skip
    return time.perf_counter() - start


def _unchanged(out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [BIN / "barometre", "render", "--lang", "fr", "--out", out], check=True, capture_output=True
    )
    return time.perf_counter() - start


def _naive_pages() -> list[tuple[str, list[str]]]:
    sys.path.insert(0, str(ROOT / "lib"))
    from barometre import load_dataset
    from barometre.render.pages import site_pages

    ds = load_dataset(ROOT / "data" / "demo")
    pages = []
    for p in site_pages(ds, ds.latest_period, ["fr"]):
        if not p.notebook:
            continue
        args = []
        for k, v in p.parameters.items():
            args += ["-p", k, str(v)]
        pages.append((p.notebook, args))
    return pages


def _naive(tmp: Path) -> float:
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    start = time.perf_counter()
    for i, (notebook, args) in enumerate(_naive_pages()):
        out = tmp / f"page-{i}.ipynb"
        subprocess.run([BIN / "papermill", ROOT / "notebooks" / notebook, out, *args, "--cwd", ROOT / "notebooks",
                        "--no-progress-bar"], check=True, capture_output=True)  # fmt: skip
        subprocess.run([BIN / "jupyter", "nbconvert", "--to", "html", out], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> dict[str, float]:
    """Run both pipelines ``REPEATS`` times, interleaved; print medians and ratios."""
    work = Path(tempfile.mkdtemp(prefix="bench-render-"))
    ours, naive, again = [], [], []
    try:
        for _ in range(REPEATS):
            ours.append(_ours(work / "ours"))
            again.append(_unchanged(work / "ours"))
            naive.append(_naive(work / "naive"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "ours_median_s": statistics.median(ours),
        "naive_median_s": statistics.median(naive),
        "speedup": statistics.median(naive) / statistics.median(ours),
        "unchanged_rerender_median_s": statistics.median(again),
    }
    print(f"render demo (fr, {len(_naive_pages())} notebook pages), {REPEATS} runs each, medians:")
    print(f"  barometre render : {result['ours_median_s']:.1f} s   runs {[round(x, 1) for x in ours]}")
    print(f"  naive pipeline   : {result['naive_median_s']:.1f} s   runs {[round(x, 1) for x in naive]}")
    print(f"  speed-up         : {result['speedup']:.1f}x")
    print(
        f"  unchanged re-render: {result['unchanged_rerender_median_s']:.2f} s   runs {[round(x, 2) for x in again]}"
    )
    return result


if __name__ == "__main__":
    main()
