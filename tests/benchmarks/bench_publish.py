"""Benchmark: ``barometre publish`` at the scale of the whole administration.

A deterministic synthetic dataset of 300 organisations (``synthetic.py``), French
and English, one period (2022-2023): 2 × (1 overview + 6 ambitions + ~300
organisations + index + methodology) pages. For the ``local`` and ``dask``
(LocalCluster) executors, ``BENCH_REPEATS`` runs each (default 3) from an empty
output folder: wall time of the whole command, pages per second, and peak memory
of the whole process tree (sum of the RSS of the command and all its
descendants — workers, kernels, Dask scheduler and nannies — sampled every
0.2 s). Prints medians; goal on the 2-core machine: ≥ 2.1 pages/s, < 2 GB.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "300"))
EXECUTORS = os.environ.get("BENCH_EXECUTORS", "local,dask").split(",")
JOBS = int(os.environ.get("BENCH_JOBS", str(os.cpu_count() or 2)))
PERIOD = "2022-2023"
GOAL_PAGES_PER_S = 2.1
GOAL_PEAK_BYTES = 2 * 1024**3


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def run_once(data: Path, out: Path, executor: str) -> dict[str, float]:
    """One publication from an empty folder; wall seconds, pages, peak tree RSS."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [BIN / "barometre", "publish", "--data", data, "--out", out, "--lang", "fr,en",
           "--periods", PERIOD, "--executor", executor, "--jobs", str(JOBS)]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(ps))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"publish ({executor}) exit {proc.returncode}: {stderr.decode()[-2000:]}")
    record = json.loads(sorted((out / "runs").glob("*.json"))[-1].read_text(encoding="utf-8"))
    pages = record["pages"]["rendered"]
    return {"seconds": seconds, "pages": pages, "pages_per_s": pages / seconds, "peak_bytes": peak}


def main() -> dict[str, dict[str, float]]:
    """Run each executor ``REPEATS`` times (interleaved); print the medians."""
    sys.path.insert(0, str(HERE))
    from synthetic import write_dataset

    work = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    runs: dict[str, list[dict[str, float]]] = {e: [] for e in EXECUTORS}
    try:
        data = write_dataset(work / "data", organisations=ORGANISATIONS)
        for i in range(REPEATS):
            for executor in EXECUTORS:
                r = run_once(data, work / f"out-{executor}", executor)
                runs[executor].append(r)
                print(f"  run {i + 1} {executor:<5} {r['pages']} pages {r['seconds']:7.1f} s "
                      f"{r['pages_per_s']:5.2f} pages/s  peak {r['peak_bytes'] / 1e9:5.2f} GB", flush=True)  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{ORGANISATIONS} organisations, fr+en, {PERIOD}, --jobs {JOBS}, median of {REPEATS}:")
    print(f"  {'executor':<9} {'pages':>5} {'time (s)':>9} {'pages/s':>8} {'peak (GB)':>10}  goal")
    medians = {}
    for executor, rs in runs.items():
        m = {k: statistics.median(r[k] for r in rs) for k in rs[0]}
        medians[executor] = m
        ok = m["pages_per_s"] >= GOAL_PAGES_PER_S and m["peak_bytes"] < GOAL_PEAK_BYTES
        print(f"  {executor:<9} {m['pages']:>5.0f} {m['seconds']:>9.1f} {m['pages_per_s']:>8.2f} "
              f"{m['peak_bytes'] / 1e9:>10.2f}  {'OK' if ok else 'NOT MET'} (≥ {GOAL_PAGES_PER_S} pages/s, < 2 GB)")  # fmt: skip
    return medians


if __name__ == "__main__":
    main()
