"""Notebook execution with papermill in a long-lived kernel (the ``local`` executor).

Each worker process owns one Jupyter kernel for its whole life and runs many
notebooks in it (papermill is given the kernel manager, so it does not start a
new kernel per page): the heavy imports (pandas, altair, barometre) and the
computed results are paid once per worker. The user namespace is reset before
each notebook. Kernels talk over IPC sockets in a private folder, so parallel
kernels never race for TCP ports.

A worker returns the page content (the report-worthy outputs as HTML), not a
file: the client writes and publishes pages, so workers need no shared
filesystem (see :mod:`barometre.render.executors`). The local processes that run
workers are handed out pages, watched and replaced by :mod:`barometre.render.worker_pool`.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from dataclasses import dataclass, field
from typing import Any

from .scratch import KERNEL_PREFIX, remove_scratch, scratch_folder

log = logging.getLogger("barometre.render")

# Reset the user namespace, and the chart numbering, so a page does not depend on the pages
# that ran before it in the same kernel (the same page comes out of any executor).
# ``%reset`` ends with a full garbage collection, which walks every object of pandas,
# altair and the cached results (a quarter of a second per page at 300 organisations).
# Once the library is loaded, the objects alive after that collection are frozen
# (``gc.freeze``): later collections skip them and only walk what a page created.
RESET_SOURCE = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import gc as _gc, sys as _sys\n"
    "if 'barometre.blocks' in _sys.modules:\n"
    "    _sys.modules['barometre.blocks'].reset_ids()\n"
    "    if not _gc.get_freeze_count():\n"
    "        _gc.freeze()\n"
    "del _gc, _sys"
)
KERNEL_NAME = "python3"
CELL_TIMEOUT_ENV = "BAROMETRE_CELL_TIMEOUT"


def env_seconds(variable: str, default: float, error: type[Exception]) -> float:
    """A positive number of seconds from the environment (``2,5`` as well as ``2.5``), else ``error``."""
    from ..i18n import both

    raw = os.environ.get(variable, str(default))
    try:
        seconds = float(raw.replace(",", "."))
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise error(both("site.error.bad_timeout", variable=variable, value=raw))
    return seconds


def notebook_cell(nb: Any, index: int, injected: bool) -> int:
    """The place (from 1) in the notebook file of the cell that ran at ``index``.

    The page said « cellule 36 » of a notebook of 6 cells: the warm kernel's execution count, which grows
    with every page it ran. ``nb`` has the reset cell inserted first; papermill inserts its parameters cell
    after the one tagged « parameters » (first, when none is) when ``injected``.
    """
    places: list[int | None] = list(range(len(nb.cells)))  # 0: the reset cell; n: the file's cell n
    if injected:
        tagged = [
            i for i, cell in enumerate(nb.cells) if "parameters" in cell.get("metadata", {}).get("tags", [])
        ]
        places.insert(tagged[0] + 1 if tagged else 0, None)
    place = places[index] if 0 <= index < len(places) else None
    return place or 1  # the reset or parameters cell: the first one, where the parameters are


def cell_timeout() -> float:
    """Seconds a page's cell may run (``BAROMETRE_CELL_TIMEOUT``, default 600).

    A page that hangs is given up, never a scheduled publication that holds its lock for ever while every
    next run exits 75.
    """
    from ..errors import ParameterError

    return env_seconds(CELL_TIMEOUT_ENV, 600, ParameterError)


@dataclass
class Job:
    """One notebook to execute: input notebook (path), parameters, working folder."""

    key: str
    notebook: str
    parameters: dict[str, Any]
    cwd: str
    timeout: float | None = None  # seconds a cell may run before the page is given up (None: no limit)


@dataclass
class Outcome:
    """Result of one job: the page content, or the failing cell and error."""

    key: str
    ok: bool
    seconds: float
    cell: int | None = None
    error: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    content: str = ""
    charts: bool = False
    texts: dict[str, str] = field(default_factory=dict)  # ``error`` in each language, when it has them


def _reset_cell() -> Any:
    import nbformat

    cell = nbformat.v4.new_code_cell(RESET_SOURCE)
    cell.metadata["tags"] = ["barometre-reset", "remove-in-report"]
    return cell


def _kernel_manager_class() -> type:
    """A kernel manager that hands papermill the same connected client for every page.

    nbclient asks the manager for a new client per notebook and, when given a
    manager, never stops it: each page would leave a heartbeat thread, sockets and
    a ZeroMQ context behind (gigabytes over a 300-organisation site). Connecting a
    client also waits for the kernel to answer and for its output channel to stay
    quiet for 0.2 s. So the manager keeps one client for the kernel's life: it is
    connected and checked once, and stopped by :meth:`close_clients` when the
    kernel is restarted or shut down. Messages are matched to the request that
    caused them, so a page never sees another page's output.
    """
    global _KM_CLASS
    if _KM_CLASS is None:
        from jupyter_client.asynchronous import AsyncKernelClient
        from jupyter_client.manager import AsyncKernelManager

        class ReusedKernelClient(AsyncKernelClient):
            """A client whose channels start once and whose readiness is checked once."""

            _checked = False

            def start_channels(self, *args: Any, **kwargs: Any) -> None:
                if not self.channels_running:
                    super().start_channels(*args, **kwargs)

            async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
                if not self._checked:
                    await super()._async_wait_for_ready(timeout)
                    self._checked = True

            wait_for_ready = _async_wait_for_ready

        class ReusingKernelManager(AsyncKernelManager):
            _reused: Any = None

            def client(self, **kwargs: Any) -> Any:
                if self._reused is None:
                    self.client_factory = ReusedKernelClient
                    self._reused = super().client(**kwargs)
                return self._reused

            def close_clients(self) -> None:
                if self._reused is not None:
                    try:
                        self._reused.stop_channels()
                    except Exception:  # best effort
                        log.debug("kernel client close failed", exc_info=True)
                    self._reused = None

        _KM_CLASS = ReusingKernelManager
    return _KM_CLASS


_KM_CLASS: type | None = None


class KernelWorker:
    """Executes notebooks one after another in a single long-lived kernel.

    ``restart_every`` bounds the state a kernel accumulates: after that many
    pages the kernel is shut down and the next page starts a fresh one.
    """

    def __init__(self, restart_every: int | None = None, folder: str | None = None) -> None:
        self._dir = folder or scratch_folder(KERNEL_PREFIX)
        self.km: Any = None
        self.restart_every = restart_every
        self.pages = 0

    def _manager(self) -> Any:
        if self.km is None:
            # Its sockets and its connection file in the worker's own folder (the file went to the
            # temporary directory, where a worker killed outright left it).
            self.km = _kernel_manager_class()(
                kernel_name=KERNEL_NAME,
                transport="ipc",
                ip=os.path.join(self._dir, "k"),
                connection_file=os.path.join(self._dir, "kernel.json"),
            )
        return self.km

    def run(self, job: Job, source: str | None = None) -> Outcome:
        """Execute ``job`` with papermill; never raises for notebook errors.

        ``source`` is the notebook's JSON text when the notebook file is not on
        this machine (remote workers); otherwise ``job.notebook`` is read.
        """
        import nbformat
        import papermill as pm

        from .html import notebook_content

        if self.restart_every and self.pages >= self.restart_every:
            self.restart()
        self.pages += 1
        start = time.perf_counter()
        nb = nbformat.reads(source, as_version=4) if source else nbformat.read(job.notebook, as_version=4)
        nb.cells.insert(0, _reset_cell())
        os.makedirs(self._dir, exist_ok=True)
        try:
            # The notebook is handed over in memory and never saved while it runs: the
            # page is made from the returned notebook (saving after every cell cost a
            # tenth of a second per page).
            executed = pm.execute_notebook(
                nb,
                None,
                request_save_on_cell_execute=False,
                parameters=job.parameters,
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                cwd=job.cwd,
                km=self._manager(),
                execution_timeout=job.timeout,
            )
        except pm.PapermillExecutionError as exc:  # a cell failed; the kernel and client stay usable
            return Outcome(
                job.key,
                False,
                time.perf_counter() - start,
                cell=notebook_cell(nb, exc.cell_index, bool(job.parameters)),
                error=f"{exc.ename}: {exc.evalue}",
                details={"cell_index": exc.cell_index},
            )
        except Exception as exc:  # kernel died, a cell ran too long, bad notebook file: report, keep going
            ended = self._kernel_exit_code()  # before the restart replaces the kernel
            self.restart()
            seconds = time.perf_counter() - start
            if type(exc).__name__ == "DeadKernelError" and ended is not None:  # « Kernel died »: say how
                return failed_outcome(job.key, "site.worker.kernel_died", seconds, how=stopped_how(ended))
            if isinstance(exc, TimeoutError) and job.timeout:  # nbclient's CellTimeoutError
                from ..i18n import numbers

                limit = numbers(job.timeout, 0 if float(job.timeout).is_integer() else 1)
                return failed_outcome(
                    job.key, "site.worker.timeout", seconds, limit=limit, variable=CELL_TIMEOUT_ENV
                )
            return Outcome(job.key, False, seconds, error=f"{type(exc).__name__}: {exc}")
        try:
            content, charts = notebook_content(executed)
        except Exception as exc:  # export failure: reported like a failed cell
            return Outcome(job.key, False, time.perf_counter() - start, error=f"{type(exc).__name__}: {exc}")
        return Outcome(job.key, True, time.perf_counter() - start, content=content, charts=charts)

    def _kernel_exit_code(self) -> int | None:
        """The exit code of the page's kernel process once it has ended (negative: the signal), else None."""
        try:
            return self.km.provisioner.process.poll()
        except Exception:  # no kernel, another provisioner: how it ended is not known
            return None

    def restart(self) -> None:
        """Shut the kernel down; the next page starts a fresh one."""
        self._shutdown()
        self.pages = 0

    def _shutdown(self) -> None:
        """Shut the kernel down (best effort)."""
        if self.km is not None:
            try:
                from jupyter_core.utils import run_sync

                self.km.close_clients()
                if self.km.has_kernel:
                    run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # best effort at shutdown
                log.debug("kernel shutdown failed", exc_info=True)
            self.km = None

    def close(self) -> None:
        """Shut the kernel down and remove the socket folder."""
        self._shutdown()
        remove_scratch(self._dir)


def stopped_how(exitcode: int | None) -> dict[str, str]:
    """How a process (a worker, a kernel) ended, in each language: « signal SIGKILL », « code de sortie 3 »."""
    from ..i18n import texts

    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        return texts("site.worker.signal", name=name)
    return texts("site.worker.exit", code=exitcode)


def failed_outcome(key: str, message: str, seconds: float = 0.0, **values: Any) -> Outcome:
    """A page that failed for a reason of the executor's own (not a cell's error), said in each language."""
    from ..i18n import texts

    own = texts(message, **values)
    return Outcome(key, False, seconds, error=" / ".join(own.values()), texts=own)
