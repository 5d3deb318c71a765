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
    """Run ``jobs`` on ``workers`` new processes, stopped at the end; yield outcomes as they complete."""
    pool = WorkerPool(workers, restart_every)
    try:
        yield from pool.run(jobs)
    finally:
        pool.close()


class WorkerPool:
    """Worker processes kept from one run to the next, each with its warm kernel.

    A publication renders its periods one after another: each period started processes and kernels of its
    own (about three seconds each, before its first page), where the kernels of the period before were
    ready. A run that ends early (an error, Ctrl-C) stops the workers; the next run starts new ones.

    A worker that stops in the middle (killed by the system when memory runs out, say) fails the page it
    had, said as such, and another worker takes its place for the pages left (a few times at most); the
    pages no worker could take are reported failed too. Every job yields exactly one outcome, and each
    worker's kernel folder is removed whatever happened to the worker.
    """

    def __init__(self, workers: int, restart_every: int | None = None) -> None:
        self.workers = max(1, workers)
        self.restart_every = restart_every
        self._ctx = mp.get_context("spawn")
        self._queues: tuple[Any, Any] | None = None
        self._procs: list[Any] = []
        self._folders: list[str] = []
        self._seen: set[int] = set()  # workers found stopped

    def _start_worker(self) -> None:
        if self._queues is None:
            self._queues = (self._ctx.Queue(), self._ctx.Queue())
        self._folders.append(scratch_folder(KERNEL_PREFIX))
        proc = self._ctx.Process(
            target=_worker_main,
            args=(*self._queues, self.restart_every, os.getpid(), self._folders[-1]),
            daemon=False,
        )
        proc.start()
        self._procs.append(proc)

    def _alive(self) -> list[Any]:
        return [p for p in self._procs if p.pid not in self._seen and p.is_alive()]

    def run(self, jobs: list[Job]) -> Iterator[Outcome]:
        """Run ``jobs`` on the pool's workers (started as needed); yield outcomes as they complete."""
        if not jobs:
            return
        for proc in self._procs:  # stopped since the last run (nothing of this run's): not counted
            if not proc.is_alive():
                self._seen.add(proc.pid)
        for _ in range(max(1, min(self.workers, len(jobs))) - len(self._alive())):
            self._start_worker()
        assert self._queues is not None
        inbox, outbox = self._queues
        for job in jobs:
            inbox.put(job)
        pending = {job.key for job in jobs}
        running: dict[int, str] = {}  # worker pid → the page it took
        stopped = 0  # workers stopped during this run
        replacements = max(2, len(self._alive()))
        last_how: dict[str, str] = {}
        # the workers end once the pages are taken (each has its end-of-work mark), and the pool with them
        ending = False

        def stopped_pages() -> Iterator[Outcome]:
            """The page of each worker newly found stopped; a new worker in its place while pages wait."""
            nonlocal replacements, last_how, stopped, ending
            for proc in self._procs:
                if proc.pid in self._seen or proc.is_alive():
                    continue
                self._seen.add(proc.pid)
                if proc.exitcode == 0:  # ended as told (its end-of-work mark), not stopped
                    continue
                stopped += 1
                if proc.exitcode == MAIN_GUARD_EXIT:
                    raise RenderError(both("site.error.main_guard")) from None
                last_how = stopped_how(proc.exitcode)
                log.debug("render worker %s stopped (exit code %s)", proc.pid, proc.exitcode)
                key = running.pop(proc.pid, None)
                if key in pending:
                    pending.discard(key)
                    yield failed_outcome(key, "site.worker.stopped", how=last_how)
                elif pending and not ending:
                    # stopped between pages, or before it said which page it took (its last word names a page
                    # done, or none): a page taken then would be waited for for ever. The workers end once the
                    # pages are taken; then the pages no outcome came for are failed.
                    ending = True
                    for _ in self._alive():
                        inbox.put(None)
                if replacements and pending - set(running.values()):
                    replacements -= 1
                    if ending:
                        inbox.put(None)  # its own end-of-work mark, behind the pages still waiting
                    self._start_worker()

        try:
            while pending:
                try:
                    message = outbox.get(timeout=1.0)
                except queue.Empty:
                    yield from stopped_pages()
                    if not self._alive():
                        how = last_how or stopped_how(0)
                        ending = True  # the pages no worker took wait in the queue: never for the next run
                        for key in sorted(pending):  # taken by no worker: say so, page by page
                            yield failed_outcome(key, "site.worker.gave_up", n=stopped, how=how)
                        pending.clear()
                    continue
                if isinstance(message, _Started):
                    running[message.pid] = message.key
                elif message.key in pending:
                    pending.discard(message.key)
                    yield message
        finally:
            if pending:  # ended early: what the workers hold or still wait for belongs to no run
                self.close(stop=True)
            elif ending:
                self.close()

    def close(self, stop: bool = False) -> None:
        """Let the workers finish (``stop``: terminate them) and remove every worker's folder."""
        if self._queues is not None:
            inbox = self._queues[0]
            # the pages no worker took are dropped: the queue's thread went on writing them into a pipe nobody
            # reads any more, and the process waited for that thread at exit (a publication of 300
            # organisations stopped by SIGTERM or Ctrl-C never ended: its jobs fill more than the pipe holds)
            inbox.cancel_join_thread()
            for proc in self._alive():
                if stop:
                    proc.terminate()
                else:
                    inbox.put(None)  # its end-of-work mark
        for proc in self._procs:
            proc.join(timeout=20)
            # never leave a worker behind (the interpreter would wait for it at exit): a worker deaf to
            # SIGTERM for 20 s is killed (a second SIGTERM kept a stopped publication alive 60 s more)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=10)
        for folder in self._folders:  # a worker killed outright could not remove its own
            remove_scratch(folder)
        self._queues, self._procs, self._folders, self._seen = None, [], [], set()
