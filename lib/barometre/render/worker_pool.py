"""The local executor's worker processes: each owns a :class:`~barometre.render.execute.KernelWorker`.

Pages are handed out through a queue. Each worker says which page it takes before running it, so a worker
that stops in the middle (killed by the system when memory runs out, say) fails that page only, said as
such, and a new worker takes the pages left. The parent makes and removes each worker's folder, so a
worker killed outright leaves nothing in the temporary directory.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import signal
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import RenderError
from ..i18n import both
from .execute import Job, KernelWorker, Outcome, failed_outcome, stopped_how
from .scratch import KERNEL_PREFIX, remove_scratch, scratch_folder

# The exit code of a worker that found itself re-running its parent's script (no « __main__ » guard,
# see barometre.render.site): the render stops at once, saying what to write, instead of failing every page.
MAIN_GUARD_EXIT = 86

log = logging.getLogger("barometre.render")


def starting_worker() -> bool:
    """Whether this process is a worker still reading its parent's script (start method « spawn »).

    A script that calls :func:`~barometre.render.site.render_site` with no ``if __name__ == "__main__":``
    guard runs it again in each worker as it starts (a render worker, or a worker of a local Dask
    cluster): that second render emptied the first one's staging folder, and the user saw a page of
    tracebacks ending in « FileNotFoundError: …/manifest.json ». The worker now stops at once, and the
    render with it, saying what to write. (``_inheriting`` is how :mod:`multiprocessing` itself tells
    that moment.)
    """
    from multiprocessing import process

    return bool(getattr(process.current_process(), "_inheriting", False))


@dataclass
class _Started:
    """A worker's word that it took page ``key`` (sent before the page's outcome)."""

    pid: int
    key: str


def _worker_main(
    jobs: Any, results: Any, restart_every: int | None = None, parent: int = 0, folder: str | None = None
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what to do on Ctrl-C

    def stop(signum: int, frame: Any) -> None:  # the parent's terminate(): leave through ``finally``
        raise SystemExit(128 + signum)

    # Without this, a render stopped by Ctrl-C (or a scheduler's SIGTERM) killed its workers outright:
    # each left its kernel to notice it alone and a folder in the temporary directory, run after run.
    signal.signal(signal.SIGTERM, stop)
    worker = KernelWorker(restart_every, folder)
    orphaned = False
    try:
        while True:
            try:
                job = jobs.get(timeout=2.0)
            except queue.Empty:
                if parent and os.getppid() != parent:
                    orphaned = True  # the parent was killed (kill -9): stop, shut the kernel down
                    break
                continue
            if parent and os.getppid() != parent:
                orphaned = True
                break
            if job is None:
                break
            results.put(_Started(os.getpid(), job.key))  # the parent knows which page a stopped worker had
            try:
                results.put(worker.run(job))
            except SystemExit:  # terminated (below), not a page's failure
                raise
            except BaseException as exc:  # report anything, never hang the parent
                results.put(Outcome(job.key, False, 0.0, error=f"{type(exc).__name__}: {exc}"))
                log.debug(traceback.format_exc())
    except SystemExit:
        orphaned = True  # terminated by the parent, which reads no more results
        raise
    finally:
        if orphaned:  # nobody reads the results any more: do not wait to flush them at exit
            results.cancel_join_thread()
            # the page stopped in the middle ends « Kernel died » as its kernel is shut down: asyncio wrote
            # that, with a traceback, to the run's log (« Task exception was never retrieved »)
            logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        worker.close()


def execute_all(jobs: list[Job], workers: int, restart_every: int | None = None) -> Iterator[Outcome]:
    """Run ``jobs`` on ``workers`` processes; yield outcomes as they complete.

    A worker that stops in the middle (killed by the system when memory runs out, say) fails the page it
    had, said as such, and another worker takes its place for the pages left (a few times at most); the
    pages no worker could take are reported failed too. Every job yields exactly one outcome, and each
    worker's kernel folder is removed whatever happened to the worker.
    """
    if not jobs:
        return
    ctx = mp.get_context("spawn")
    inbox, outbox = ctx.Queue(), ctx.Queue()
    for job in jobs:
        inbox.put(job)
    n = max(1, min(workers, len(jobs)))
    for _ in range(n):
        inbox.put(None)
    procs: list[Any] = []
    folders: list[str] = []

    def start_worker() -> None:
        folders.append(scratch_folder(KERNEL_PREFIX))
        proc = ctx.Process(
            target=_worker_main, args=(inbox, outbox, restart_every, os.getpid(), folders[-1]), daemon=False
        )
        proc.start()
        procs.append(proc)

    for _ in range(n):
        start_worker()
    pending = {job.key for job in jobs}
    running: dict[int, str] = {}  # worker pid → the page it took
    seen_stopped: set[int] = set()
    replacements = max(2, n)
    last_how: dict[str, str] = {}

    def stopped_pages() -> Iterator[Outcome]:
        """The page of each worker newly found stopped; a new worker in its place while pages wait."""
        nonlocal replacements, last_how
        for proc in procs:
            if proc.pid in seen_stopped or proc.is_alive() or proc.exitcode == 0:
                continue
            seen_stopped.add(proc.pid)
            if proc.exitcode == MAIN_GUARD_EXIT:
                raise RenderError(both("site.error.main_guard")) from None
            last_how = stopped_how(proc.exitcode)
            log.debug("render worker %s stopped (exit code %s)", proc.pid, proc.exitcode)
            key = running.pop(proc.pid, None)
            if key in pending:
                pending.discard(key)
                yield failed_outcome(key, "site.worker.stopped", how=last_how)
            if replacements and pending - set(running.values()):
                replacements -= 1
                inbox.put(None)  # its own end-of-work mark, behind the pages still waiting
                start_worker()

    try:
        while pending:
            try:
                message = outbox.get(timeout=1.0)
            except queue.Empty:
                yield from stopped_pages()
                if not any(p.is_alive() for p in procs):
                    how = last_how or stopped_how(0)
                    for key in sorted(pending):  # taken by no worker: say so, page by page
                        yield failed_outcome(key, "site.worker.gave_up", n=len(seen_stopped), how=how)
                    pending.clear()
                continue
            if isinstance(message, _Started):
                running[message.pid] = message.key
            elif message.key in pending:
                pending.discard(message.key)
                yield message
    finally:
        # the pages no worker took are dropped: the queue's thread went on writing them into a pipe nobody
        # reads any more, and the process waited for that thread at exit (a publication of 300 organisations
        # stopped by SIGTERM or Ctrl-C never ended: its jobs fill more than the pipe holds)
        inbox.cancel_join_thread()
        for p in procs:
            if p.is_alive() and pending:
                p.terminate()
        for p in procs:
            p.join(timeout=20)
            # never leave a worker behind (the interpreter would wait for it at exit): a worker deaf to
            # SIGTERM for 20 s is killed (a second SIGTERM kept a stopped publication alive 60 s more)
            if p.is_alive():
                p.kill()
                p.join(timeout=10)
        for folder in folders:  # a worker killed outright could not remove its own
            remove_scratch(folder)
