"""The ``dask`` executor: pages rendered on a dask.distributed cluster.

Each Dask worker keeps one warm kernel per worker thread (one thread per worker
is the recommended set-up) through :class:`KernelPlugin`, replaced every
``restart_every`` pages to bound its state. Workers need no shared filesystem:
each task receives the notebook's JSON and its parameters, and the dataset
files' bytes are broadcast once per render and written by each worker into its
own temporary folder, cached by their hash. Tasks send back the page content;
the client writes and publishes the pages as with the local executor.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ClusterError, ParameterError, RenderError
from ..i18n import both
from .dask_tasks import PLUGIN, KernelPlugin, bundle_task, dataset_bundle, render_task, worker_fingerprint
from .execute import Job, Outcome, env_seconds, failed_outcome
from .executors import RESTART_EVERY
from .worker_pool import MAIN_GUARD_EXIT, starting_worker

log = logging.getLogger("barometre.render")


TIMEOUT_ENV = "BAROMETRE_CLUSTER_TIMEOUT"
GUARD_MARK_ENV = "BAROMETRE_GUARD_MARK"  # where a worker re-reading an unguarded script says so


def check_address(address: str) -> None:
    """Stop on an address no cluster can have (« tcp://127.0.0.1 » without a port, « udp:// »): a parameter error.

    It ended in Dask's traceback, exit 1 and an archive row « Interrompu », as if the run had started.
    """
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import backends

    try:
        scheme, location = parse_address(address)
        if scheme not in backends:
            raise ValueError(f"{scheme}:// ({', '.join(f'{s}://' for s in sorted(backends))})")
        if scheme in ("tcp", "tls", "ws", "wss"):
            parse_host_port(location)
    except ValueError as exc:
        raise ParameterError(both("site.error.bad_cluster_address", address=address, reason=exc)) from None


def connect_timeout() -> float:
    """Seconds to wait for an existing cluster's scheduler (``BAROMETRE_CLUSTER_TIMEOUT``, default 20).

    An unusable value is a wrong parameter (exit 2), not a cluster down (69, « grappe injoignable »).
    """
    return env_seconds(TIMEOUT_ENV, 20, ParameterError)


def lost_page(job: Job, exc: BaseException) -> Outcome:
    """The outcome of a page the cluster could not render, said in each language.

    ``KilledWorker``: each worker that took the page died (Dask tries it on several), most often for lack
    of memory; anything else is named with its own text.
    """
    from distributed import KilledWorker

    if isinstance(exc, KilledWorker):
        return failed_outcome(job.key, "site.worker.dask_killed", n=exc.allowed_failures + 1)
    return failed_outcome(job.key, "site.worker.dask_error", error=f"{type(exc).__name__}: {exc}")


POLL_SECONDS = 2.0
# Our own LocalCluster: its nannies restart a killed worker, which on a loaded machine took more than 20 s
# (a page that kills its worker failed the whole render, « no worker for 20 s »): a longer wait for it.
LOCAL_IDLE_SECONDS = 300.0
GONE = ("closing", "closed", "failed")  # a client's status once its scheduler is lost for good


def _next_done(watched: Any, seconds: float = POLL_SECONDS, step: float = 0.05) -> set[Any]:
    """The pages ``watched`` (a Dask ``as_completed``) has seen complete, waiting ``seconds`` at most."""
    deadline = time.monotonic() + seconds
    while not watched.has_ready():
        if time.monotonic() >= deadline:
            return set()
        time.sleep(step)
    return set(watched.next_batch(block=False))


def _completed(
    client: Any, futures: list[Any], address: str | None, allowed: set[str] | None = None
) -> Iterator[Any]:
    """``futures`` as they complete; a :class:`ClusterError` when the cluster cannot finish them.

    The scheduler gone (the client closed), or no worker left for ``BAROMETRE_CLUSTER_TIMEOUT`` seconds
    (``LOCAL_IDLE_SECONDS`` at least for our own LocalCluster, ``address`` None): pages waited for a
    worker for ever, the run holding the lock (every later run exited 75). ``allowed``: the only workers
    the pages may run on (those of the client's version), when restricted.
    """
    limit = connect_timeout() if address else max(connect_timeout(), LOCAL_IDLE_SECONDS)
    address = address or "LocalCluster"
    from distributed import as_completed

    # each page watched once for the whole run: « wait(pending, FIRST_COMPLETED) » every 2 s and after each
    # page made a coroutine per page still to come in the client's event loop (600 × 600 at 300 organisations)
    watched = as_completed(futures)
    pending, idle_since = set(futures), None
    while pending:
        done = _next_done(watched)
        # cancelled with the link to the scheduler gone: none of them will come back (else they fail as pages)
        if any(f.cancelled() for f in done) and client.status != "running":
            raise ClusterError(both("site.error.cluster_lost", address=address))
        yield from done
        pending -= set(done)
        if done or not pending:
            idle_since = None
            continue
        if client.status in GONE:  # the scheduler is gone for good
            raise ClusterError(both("site.error.cluster_lost", address=address))
        present: set[str] = set()
        try:  # reconnecting (a network blip) counts as no worker: it has connect_timeout() to come back
            present = set(client.nthreads()) if client.status == "running" else set()
            workers = len(present if allowed is None else present & allowed)
        except (OSError, TimeoutError):
            workers = 0
        if workers:
            idle_since = None
        elif idle_since is None:
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since > limit:
            key = "site.error.cluster_no_workers" if client.status == "running" else "site.error.cluster_lost"
            if allowed is not None and present - allowed:  # the workers of this version gone, others left
                key = "site.error.cluster_other_versions"
            raise ClusterError(both(key, address=address, seconds=round(limit)))


def _local_cluster(jobs: int):
    """A LocalCluster of ``jobs`` worker processes, one thread each, quiet.

    Its workers start by reading the parent's script again (start method « spawn »): a script with no
    ``if __name__ == "__main__":`` guard started a cluster in each of them, and the user got 400 lines
    of tracebacks ending in « Nanny failed to start ». Such a worker now leaves a mark and stops at once;
    the parent finds the mark and says what to write, once.
    """
    import dask
    from distributed import LocalCluster

    if starting_worker():
        mark = os.environ.get(GUARD_MARK_ENV)
        if mark:
            Path(mark).touch()
        raise SystemExit(MAIN_GUARD_EXIT)
    with tempfile.TemporaryDirectory(prefix="barometre-guard-") as folder:
        mark = Path(folder) / "no-main-guard"
        os.environ[GUARD_MARK_ENV] = str(mark)  # the workers inherit it
        try:
            # one page at a time per one-thread worker: by default Dask gives such a worker a second task
            # while the first runs, and a page that kills its worker (memory) took the other down with it
            # (« KilledWorker » for a page that did nothing wrong, when the kill repeated on every worker)
            with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
                return LocalCluster(
                    n_workers=jobs,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    scheduler_kwargs={"dashboard": False},
                    silence_logs=logging.ERROR,
                )
        except Exception:
            if mark.exists():
                raise RenderError(both("site.error.main_guard_dask")) from None
            raise
        finally:
            os.environ.pop(GUARD_MARK_ENV, None)


def _remove_stale_plugins(client: Any) -> None:
    """Remove the plugins of runs whose client is gone (killed, out of memory).

    Each kept its warm kernels and its datasets on every worker of a shared cluster for good.
    """
    try:
        known = {
            f"{PLUGIN}-{c}"
            for c in client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.clients))
        }
        found = client.run(lambda dask_worker: [n for n in dask_worker.plugins if n.startswith(f"{PLUGIN}-")])
    except Exception:  # a cluster that cannot say: nothing removed
        log.debug("stale plugins not looked for", exc_info=True)
        return
    for name in sorted(set().union(*found.values()) - known):
        try:
            client.unregister_worker_plugin(name)
        except Exception:
            log.debug("stale plugin %s not removed", name, exc_info=True)


class DaskExecutor:
    """Pages on a Dask cluster: a LocalCluster of ``jobs`` processes, or ``cluster``'s address."""

    def __init__(
        self, jobs: int | None = None, cluster: str | None = None, restart_every: int | None = RESTART_EVERY
    ) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.address = cluster
        if cluster:
            check_address(cluster)
        self.restart_every = restart_every
        self.client: Any = None
        self.cluster: Any = None
        self.fingerprint: str | None = None  # the client's barometre: each worker must have the same
        self.plugin = PLUGIN  # this run's own, named after its client once connected
        self._levels: dict[str, int] = {}
        self.warnings: list[str] = []  # what the run goes on despite (a worker gone), for its record
        self._other_versions: set[str] = set()  # the workers of another barometre, said once

    def __enter__(self) -> DaskExecutor:
        from distributed import Client

        from .fingerprint import library_fingerprint

        # the CLI logs at INFO; Dask's chatter stays out, and so do its tracebacks when the scheduler goes
        # (two of them, 38 lines, came before the one message that says so): they are for --verbose
        verbose = logging.getLogger().getEffectiveLevel() <= logging.DEBUG
        # « distributed.client » has its own level (Dask's config): the parent's did not silence it
        names = ["distributed", "dask", *(n for n, lg in logging.root.manager.loggerDict.items()
                 if n.startswith(("distributed.", "dask.")) and getattr(lg, "level", logging.NOTSET))]  # fmt: skip
        self._levels = {name: logging.getLogger(name).level for name in names}
        for name in self._levels:  # put back on leaving: a notebook or Airflow's process keeps its own
            logging.getLogger(name).setLevel(logging.WARNING if verbose else logging.CRITICAL)

        if self.address:
            try:
                self.client = Client(self.address, timeout=f"{connect_timeout()}s")
            except (OSError, TimeoutError) as exc:
                raise ClusterError(
                    both("site.error.cluster_unreachable", address=self.address, reason=exc)
                ) from None
            try:  # a scheduler without workers took every page and held the lock for ever, in silence
                self.client.wait_for_workers(1, timeout=connect_timeout())
            except (OSError, TimeoutError):
                self.client.close()
                raise ClusterError(
                    both(
                        "site.error.cluster_no_workers",
                        address=self.address,
                        seconds=round(connect_timeout()),
                    )
                ) from None
        else:
            self.cluster = _local_cluster(self.jobs)
            self.client = Client(self.cluster)
        self.plugin = f"{PLUGIN}-{self.client.id}"  # this run's: another run may share the cluster
        if self.address:
            _remove_stale_plugins(self.client)
        self.client.register_plugin(KernelPlugin(self.restart_every, self.plugin), name=self.plugin)
        self.fingerprint = library_fingerprint()
        return self

    def __exit__(self, *exc: object) -> None:
        # nothing to tidy on a lost cluster
        lost = self.client is not None and self.client.status != "running"
        try:
            if self.client is not None and self.address and not lost:
                self.client.unregister_worker_plugin(self.plugin)
        except Exception:  # the cluster may already be gone
            log.debug("plugin removal failed", exc_info=True)
        finally:
            if self.client is not None:
                if lost:
                    self.client.close(timeout=2)  # it waited 20 s for a scheduler gone
                else:
                    self.client.close()
            if self.cluster is not None:
                self.cluster.close()
            self.client = self.cluster = None
            for name, level in self._levels.items():
                logging.getLogger(name).setLevel(level)

    def _holding(self, keys: set[str], before: dict[str, set[str]]) -> dict[str, set[str]]:
        """The workers rendering pages of this run (``keys``) now; each of ``before`` gone is said once.

        Dask renders a lost worker's page elsewhere, in silence: the run ended « code 0 » with nothing to say
        so. A worker that leaves without a page of this run (scaled down, another site's) is not said.
        """
        try:
            now = {w: set(k) & keys for w, k in self.client.processing().items()}
        except Exception:  # the cluster is gone: _check_cluster says it
            return before
        for worker in sorted(w for w, pages in before.items() if pages and w not in now):
            self.warnings.append(both("site.warning.worker_lost", worker=worker))
            log.warning(self.warnings[-1])
        return now

    def _same_version(self) -> dict[str, Any]:
        """Submit options that keep pages on the workers whose barometre is the client's.

        One worker of another version took most pages and failed them while a worker of the same version was
        idle. The others are said once and get none (with none of the same version left, the run stops as with no
        worker); none of the same version: no restriction, every page says why it failed.
        """
        try:
            prints = self.client.run(worker_fingerprint, self.plugin)
        except Exception:  # the cluster is gone: the pages say it
            return {}
        same = sorted(w for w, fp in prints.items() if fp == self.fingerprint)
        other = sorted(set(prints) - set(same) - self._other_versions)
        if same and other:
            self._other_versions |= set(other)
            self.warnings.append(both("site.warning.worker_version", n=len(other), workers=", ".join(other)))
            log.warning(self.warnings[-1])
        # strict: a loose restriction let an idle worker of another version steal pages from a busy one
        return {"workers": same} if same and len(same) < len(prints) else {}

    def _check_cluster(self) -> None:
        """Raise :class:`ClusterError` when the client has lost its scheduler."""
        if self.client is None or self.client.status != "running":  # a page lost with the link, not by itself
            raise ClusterError(both("site.error.cluster_lost", address=self.address or "LocalCluster"))

    def run(self, jobs: list[Job]) -> Iterator[Outcome]:
        """Submit every job, yield outcomes as they complete."""
        if not jobs:
            return
        bundles = {}
        for data_dir in {job.parameters.get("data_dir") for job in jobs}:
            bundles[data_dir] = self.client.submit(bundle_task, dataset_bundle(Path(data_dir)), pure=False)
        sources = {nb: Path(nb).read_text(encoding="utf-8") for nb in {job.notebook for job in jobs}}
        run_id = uuid.uuid4().hex[:8]
        placed = self._same_version()
        futures = {
            self.client.submit(
                render_task,
                job,
                sources[job.notebook],
                bundles[job.parameters.get("data_dir")],
                self.fingerprint,
                self.plugin,
                key=f"barometre-{run_id}-{job.key}",
                pure=False,
                **placed,
            ): job
            for job in jobs
        }
        keys = {future.key for future in futures}
        held, asked = self._holding(keys, {}), time.monotonic()
        try:
            allowed = set(placed["workers"]) if placed else None
            for future in _completed(self.client, list(futures), self.address, allowed):
                job = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # worker lost, task error: the page fails, the run goes on
                    self._check_cluster()  # unless the cluster itself is gone: one error, not one per page
                    outcome = lost_page(job, exc)
                future.release()
                if (
                    time.monotonic() - asked >= POLL_SECONDS
                ):  # one question to the scheduler per poll, not per page
                    held, asked = self._holding(keys, held), time.monotonic()
                yield outcome
            self._holding(keys, held)  # a worker lost with the last pages
        finally:
            try:
                self.client.cancel(list(futures))
                for future in bundles.values():
                    future.release()
            except Exception:  # the cluster is gone (« Client is closed »): its error is the one to say
                log.debug("cancel after the cluster was lost", exc_info=True)
