"""Notebook execution with papermill in worker processes that each keep one kernel.

Each worker process owns one Jupyter kernel for its whole life and runs many
notebooks in it (papermill is given the kernel manager, so it does not start a
new kernel per page): the heavy imports (pandas, altair, barometre) and the
computed results are paid once per worker. The user namespace is reset before
each notebook. Kernels talk over IPC sockets in a private folder, so parallel
kernels never race for TCP ports.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import shutil
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("barometre.render")

RESET_SOURCE = "get_ipython().run_line_magic('reset', '-f')"
KERNEL_NAME = "python3"


@dataclass
class Job:
    """One notebook to execute: input notebook, output notebook, parameters."""

    key: str
    notebook: str
    output: str
    parameters: dict[str, Any]
    cwd: str


@dataclass
class Outcome:
    """Result of one job: ok, or the failing cell and error."""

    key: str
    ok: bool
    seconds: float
    cell: int | None = None
    error: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def _reset_cell() -> Any:
    import nbformat

    cell = nbformat.v4.new_code_cell(RESET_SOURCE)
    cell.metadata["tags"] = ["barometre-reset", "remove-in-report"]
    return cell


class KernelWorker:
    """Executes notebooks one after another in a single long-lived kernel."""

    def __init__(self) -> None:
        self._dir = tempfile.mkdtemp(prefix="barometre-kernel-")
        self.km: Any = None

    def _manager(self) -> Any:
        if self.km is None:
            from jupyter_client.manager import AsyncKernelManager

            self.km = AsyncKernelManager(
                kernel_name=KERNEL_NAME, transport="ipc", ip=os.path.join(self._dir, "k")
            )
        return self.km

    def run(self, job: Job) -> Outcome:
        """Execute ``job`` with papermill; never raises for notebook errors."""
        import nbformat
        import papermill as pm

        start = time.perf_counter()
        nb = nbformat.read(job.notebook, as_version=4)
        nb.cells.insert(0, _reset_cell())
        staged = Path(self._dir) / f"in-{os.getpid()}.ipynb"
        nbformat.write(nb, staged)
        try:
            pm.execute_notebook(
                str(staged),
                job.output,
                parameters=job.parameters,
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                cwd=job.cwd,
                km=self._manager(),
            )
        except pm.PapermillExecutionError as exc:
            return Outcome(
                job.key,
                False,
                time.perf_counter() - start,
                cell=exc.exec_count,
                error=f"{exc.ename}: {exc.evalue}",
                details={"cell_index": exc.cell_index},
            )
        except Exception as exc:  # kernel died, bad notebook file: report, keep going
            self.close()
            return Outcome(job.key, False, time.perf_counter() - start, error=f"{type(exc).__name__}: {exc}")
        return Outcome(job.key, True, time.perf_counter() - start)

    def close(self) -> None:
        """Shut the kernel down and remove the socket folder."""
        if self.km is not None:
            try:
                from jupyter_core.utils import run_sync

                if self.km.has_kernel:
                    run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # best effort at shutdown
                log.debug("kernel shutdown failed", exc_info=True)
            self.km = None
        shutil.rmtree(self._dir, ignore_errors=True)


def _worker_main(jobs: Any, results: Any) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what to do on Ctrl-C
    worker = KernelWorker()
    try:
        while True:
            job = jobs.get()
            if job is None:
                break
            try:
                results.put(worker.run(job))
            except BaseException as exc:  # report anything, never hang the parent
                results.put(Outcome(job.key, False, 0.0, error=f"{type(exc).__name__}: {exc}"))
                log.debug(traceback.format_exc())
    finally:
        worker.close()


def execute_all(jobs: list[Job], workers: int) -> Iterator[Outcome]:
    """Run ``jobs`` on ``workers`` processes; yield outcomes as they complete."""
    if not jobs:
        return
    ctx = mp.get_context("spawn")
    inbox, outbox = ctx.Queue(), ctx.Queue()
    for job in jobs:
        inbox.put(job)
    n = max(1, min(workers, len(jobs)))
    for _ in range(n):
        inbox.put(None)
    procs = [ctx.Process(target=_worker_main, args=(inbox, outbox), daemon=False) for _ in range(n)]
    for p in procs:
        p.start()
    done = 0
    try:
        while done < len(jobs):
            try:
                outcome = outbox.get(timeout=1.0)
            except queue.Empty:
                if not any(p.is_alive() for p in procs):
                    raise RuntimeError("all render workers stopped unexpectedly") from None
                continue
            done += 1
            yield outcome
    finally:
        for p in procs:
            if p.is_alive() and done < len(jobs):
                p.terminate()
        for p in procs:
            p.join(timeout=30)
