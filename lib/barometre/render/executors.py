"""Pluggable page executors: ``local`` (worker processes) and ``dask`` (a Dask cluster).

An executor runs :class:`~barometre.render.execute.Job` objects and yields one
:class:`~barometre.render.execute.Outcome` per job, in completion order. It is
a context manager: resources (processes, a cluster connection) are held between
``__enter__`` and ``__exit__``, so one executor can serve several periods.

Executors are registered by name, like papermill's engines::

    register("mine", MyExecutor)
    names()            # ["dask", "local", "mine"]
    get("dask")        # the factory
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from ..errors import ParameterError
from ..i18n import both
from .execute import Job, Outcome
from .worker_pool import WorkerPool, execute_all

DEFAULT = "local"
CLUSTER_ENV = "BAROMETRE_CLUSTER"
RESTART_EVERY = 200  # pages a kernel runs before it is replaced (bounds its state)


class Executor(Protocol):
    """What the site builder needs from an executor."""

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...

    def run(self, jobs: list[Job]) -> Iterator[Outcome]:
        """Execute ``jobs``; yield outcomes as they complete."""
        ...


ExecutorFactory = Callable[..., Executor]
_REGISTRY: dict[str, ExecutorFactory] = {}


def register(name: str, factory: ExecutorFactory) -> None:
    """Register ``factory(jobs=N, cluster=ADDRESS|None)`` under ``name``."""
    _REGISTRY[name] = factory


def drain_warnings(executor: Executor) -> list[str]:
    """What ``executor`` said while it rendered (a Dask worker gone), each taken once; [] if it keeps none."""
    said = getattr(executor, "warnings", None)
    if not said:
        return []
    taken, said[:] = list(said), []
    return taken


def names() -> list[str]:
    """Names of the registered executors."""
    return sorted(_REGISTRY)


def get(name: str) -> ExecutorFactory:
    """The factory registered under ``name``."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ParameterError(
            both("site.error.unknown_executor", name=name, available=", ".join(names()))
        ) from None


def create(name: str = DEFAULT, *, jobs: int | None = None, cluster: str | None = None) -> Executor:
    """An executor by name; ``cluster`` defaults to the ``BAROMETRE_CLUSTER`` variable for dask.

    The variable is for the dask executor only: set on an Airflow worker, it made every local publication
    fail with « --cluster … demande l'exécuteur dask », an option nobody had given.
    """
    if cluster and name == DEFAULT:
        raise ParameterError(both("site.error.cluster_needs_dask", cluster=cluster))
    cluster = cluster or (os.environ.get(CLUSTER_ENV) if name != DEFAULT else None) or None
    return get(name)(jobs=jobs, cluster=cluster)


class LocalExecutor:
    """Worker processes on this machine, each keeping one warm kernel over IPC.

    Entered, it keeps its workers from one ``run`` to the next (a publication's periods share the kernels)
    and stops them on exit; not entered, each ``run`` starts and stops its own.
    """

    def __init__(
        self, jobs: int | None = None, cluster: str | None = None, restart_every: int = RESTART_EVERY
    ):
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.restart_every = restart_every
        self._pool: WorkerPool | None = None

    def __enter__(self) -> LocalExecutor:
        self._pool = WorkerPool(self.jobs, self.restart_every)
        return self

    def __exit__(self, *exc: object) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close(stop=exc[0] is not None)

    def run(self, jobs: list[Job]) -> Iterator[Outcome]:
        """Run ``jobs`` on ``self.jobs`` processes."""
        if self._pool is None:
            yield from execute_all(jobs, self.jobs, self.restart_every)
        else:
            yield from self._pool.run(jobs)


def _dask(jobs: int | None = None, cluster: str | None = None) -> Any:
    from .dask_executor import DaskExecutor  # dask is imported only when asked for

    return DaskExecutor(jobs=jobs, cluster=cluster)


register("local", LocalExecutor)
register("dask", _dask)

__all__ = ["DEFAULT", "Executor", "LocalExecutor", "create", "drain_warnings", "get", "names", "register"]
