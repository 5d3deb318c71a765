"""Run every benchmark: each ``tests/benchmarks/bench_*.py`` module's ``main()``, in turn.

``make bench`` calls this script. A benchmark prints its own figures; this runner
adds a header per module, its wall time and a final summary, and exits 1 if any
benchmark raised (the others still run). Arguments select benchmarks by name:
``python tests/benchmarks/run.py methodology`` runs only ``bench_methodology.py``.
"""

from __future__ import annotations

import importlib.util
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover(folder: Path = HERE) -> list[Path]:
    """Benchmark modules, sorted by name."""
    return sorted(folder.glob("bench_*.py"))


def run_module(path: Path) -> tuple[bool, float]:
    """Import ``path`` and call its ``main()``; return (succeeded, seconds)."""
    start = time.perf_counter()
    try:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[path.stem] = module
        spec.loader.exec_module(module)
        main = getattr(module, "main", None)
        if main is None:
            print(f"  {path.name} has no main() — skipped")
            return False, time.perf_counter() - start
        main()
        return True, time.perf_counter() - start
    except KeyboardInterrupt:
        raise
    except (Exception, SystemExit):  # a failing benchmark must not stop the others
        traceback.print_exc()
        return False, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks whose names contain one of ``argv`` (all when empty)."""
    wanted = argv if argv is not None else sys.argv[1:]
    modules = [p for p in discover() if not wanted or any(w in p.stem for w in wanted)]
    if not modules:
        print("Aucun banc d'essai trouvé. / No benchmark found.")
        return 1
    results = []
    for path in modules:
        print(f"\n=== {path.stem} " + "=" * max(0, 60 - len(path.stem)))
        ok, seconds = run_module(path)
        results.append((path.stem, ok, seconds))
    print("\n=== Résumé / Summary " + "=" * 45)
    for name, ok, seconds in results:
        print(f"  {'OK    ' if ok else 'ÉCHEC '} {name:<32} {seconds:8.1f} s")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
