"""Benchmark: ``barometre brief`` on the demo data, both languages (goal: under 15 s), median of 3."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
RUNS = 3
GOAL_SECONDS = 15.0


def main() -> None:
    """Time the whole command (a fresh process each run, as a scheduled job would start it)."""
    out = Path(tempfile.mkdtemp(prefix="bench-brief-"))
    times = []
    try:
        for _ in range(RUNS):
            start = time.perf_counter()
            subprocess.run([BIN / "barometre", "brief", "--data", ROOT / "data" / "demo", "--out", out,
                            "--lang", "fr,en"], check=True, capture_output=True)  # fmt: skip
            times.append(time.perf_counter() - start)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    median = statistics.median(times)
    print(f"  barometre brief (FR + EN, PDF + PPTX) : médiane {median:.1f} s "
          f"(essais : {', '.join(f'{x:.1f}' for x in times)}) ; objectif < {GOAL_SECONDS:.0f} s")  # fmt: skip


if __name__ == "__main__":
    main()
