"""The local executor's worker processes kept warm from one test to the next (a test-run speed-up).

Each ``barometre render`` or ``publish`` run started its worker process and kernel (about two
CPU-seconds, before its first page), and the suite makes well over a hundred runs. Within a run the
product already keeps them from one period to the next (an entered :class:`LocalExecutor` holds one
:class:`WorkerPool`); here one pool per test process serves every run, as long as nothing a worker
inherits has changed: the number of workers, the pages a kernel runs before it is replaced, the
environment (a test's ``monkeypatch.setenv`` gets new workers that see it) and the working folder.

A run that ends with an error stops the pool's workers (the next run starts new ones), as the product
does. Tests that watch the workers themselves (killed, hung, their folders removed) are marked
``fresh_workers`` and get the product's own lifecycle, untouched.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

# pytest names the running test in the environment: it changes every test, no worker reads it
_IGNORED = frozenset({"PYTEST_CURRENT_TEST"})


def _inherited() -> tuple:
    """What a worker process inherits from this process, as a key."""
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k not in _IGNORED))
    return env, os.getcwd()


class SharedPools:
    """One :class:`WorkerPool` at a time, kept open between runs while what its workers inherit holds."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._pool: Any = None
        self.started = 0  # pools made: how often the key changed

    def get(self, workers: int, restart_every: int | None) -> Any:
        from barometre.render.worker_pool import WorkerPool

        key = (max(1, workers), restart_every, _inherited())
        if self._pool is None or key != self._key:
            self.close()
            self._pool, self._key = WorkerPool(workers, restart_every), key
            self.started += 1
        return self._pool

    def close(self) -> None:
        pool, self._pool, self._key = self._pool, None, None
        if pool is not None:
            pool.close()


def install(shared: SharedPools) -> Any:
    """Make :mod:`barometre.render.executors` take its pools from ``shared``; return the undo function."""
    from barometre.render import executors

    local = executors.LocalExecutor
    saved = executors.execute_all, local.__enter__, local.__exit__

    def execute_all(jobs: list, workers: int, restart_every: int | None = None) -> Iterator:
        pool = shared.get(workers, restart_every)
        ok = False
        try:
            yield from pool.run(jobs)
            ok = True
        finally:
            if not ok:
                pool.close(stop=True)

    def enter(self: Any) -> Any:
        self._pool = shared.get(self.jobs, self.restart_every)
        return self

    def exit(self: Any, *exc: object) -> None:
        pool, self._pool = self._pool, None
        if pool is not None and exc[0] is not None:
            pool.close(stop=True)

    executors.execute_all, local.__enter__, local.__exit__ = execute_all, enter, exit

    def undo() -> None:
        executors.execute_all, local.__enter__, local.__exit__ = saved

    return undo
