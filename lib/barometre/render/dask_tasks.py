"""What runs on the Dask workers: the dataset's bundle, the kernel plugin, one page's task.

Each Dask worker keeps one warm kernel per worker thread (one thread per worker is the recommended
set-up) through :class:`KernelPlugin`, replaced every ``restart_every`` pages to bound its state. Workers
need no shared filesystem: each task receives the notebook's JSON and its parameters, and the dataset
files' bytes are broadcast once per render and written by each worker into its own temporary folder,
cached by their hash.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from distributed import WorkerPlugin

from .. import yaml_text
from .execute import Job, KernelWorker, Outcome, failed_outcome
from .executors import RESTART_EVERY
from .scratch import DASK_PREFIX, remove_scratch, scratch_folder

PLUGIN = "barometre-kernel"
STRATEGY_COPY = "_strategy.yaml"


@dataclass(frozen=True)
class Bundle:
    """The files of a dataset folder (relative path → bytes) and their joint hash."""

    digest: str
    files: dict[str, bytes]


def dataset_bundle(data_dir: Path) -> Bundle:
    """Read every file of a dataset folder; a strategy file outside it is carried along."""
    data_dir = Path(data_dir)
    files: dict[str, bytes] = {}
    for path in sorted(data_dir.rglob("*")):
        rel = path.relative_to(data_dir)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            files[rel.as_posix()] = path.read_bytes()
    meta_bytes = files.get("dataset.yaml")
    if meta_bytes is not None:
        meta = yaml_text.load(meta_bytes) or {}
        strategy = str(meta.get("strategy", "")) if isinstance(meta, dict) else ""
        candidate = (data_dir / strategy).resolve() if strategy else None
        if candidate and candidate.is_file() and not candidate.is_relative_to(data_dir.resolve()):
            files[STRATEGY_COPY] = candidate.read_bytes()
            meta["strategy"] = STRATEGY_COPY
            files["dataset.yaml"] = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False).encode()
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return Bundle(digest.hexdigest(), files)


class KernelPlugin(WorkerPlugin):
    """Dask worker plugin: a warm kernel per worker thread and a cache of datasets.

    Each run registers its own (``name``: ``barometre-kernel-<run>``): two publications sharing a cluster
    registered one name, the second replaced the first's plugin (its kernels killed mid-page) and the first
    to end removed the other's (« KeyError: 'barometre-kernel' » on every page left).
    """

    def __init__(self, restart_every: int | None = RESTART_EVERY, name: str = PLUGIN) -> None:
        self.restart_every = restart_every
        self.name = name

    def setup(self, worker: Any = None) -> None:
        """Called by Dask when the plugin is registered on a worker."""
        from .fingerprint import library_fingerprint

        self.fingerprint = library_fingerprint()  # this worker's barometre, compared with the client's
        self.root = Path(scratch_folder(DASK_PREFIX))
        self._local = threading.local()
        self._lock = threading.Lock()
        self._kernels: list[KernelWorker] = []
        self._busy: set[int] = set()  # the kernels executing a page (by id)
        self._closing = False

    def teardown(self, worker: Any = None) -> None:
        """Shut the idle kernels down now, a busy one once its page is done; then remove the datasets.

        A publication stopped (SIGTERM) removes its plugin while a page runs: closing that kernel from
        another thread crashed the worker (« Assertion failed: pfd.revents & POLLIN », signal 6).
        """
        with self._lock:
            self._closing = True
            idle = [k for k in self._kernels if id(k) not in self._busy]
            self._kernels = [k for k in self._kernels if id(k) in self._busy]
        for kernel in idle:
            kernel.close()
        if not self._kernels:
            remove_scratch(str(self.root))

    def run(self, job: Job, source: str) -> Outcome:
        """Execute ``job`` in the calling thread's kernel (closed afterwards if the plugin was removed)."""
        kernel = self.kernel()
        with self._lock:
            self._busy.add(id(kernel))
        try:
            return kernel.run(job, source=source)
        finally:
            with self._lock:
                self._busy.discard(id(kernel))
                last = self._closing and kernel in self._kernels
                if last:
                    self._kernels.remove(kernel)
                    self._local.kernel = None
            if last:
                kernel.close()
                if not self._kernels:
                    remove_scratch(str(self.root))

    def kernel(self) -> KernelWorker:
        """The kernel worker of the calling thread."""
        kernel = getattr(self._local, "kernel", None)
        if kernel is None:
            kernel = KernelWorker(self.restart_every)
            self._local.kernel = kernel
            with self._lock:
                self._kernels.append(kernel)
        return kernel

    def materialise(self, bundle: Bundle) -> Path:
        """The dataset's folder on this worker, written once per content hash."""
        target = self.root / f"data-{bundle.digest[:16]}"
        with self._lock:
            if not target.exists():
                tmp = self.root / f".tmp-{uuid.uuid4().hex}"
                for name, data in bundle.files.items():
                    path = tmp / name
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                tmp.rename(target)
        return target


def bundle_task(bundle: Bundle) -> Bundle:
    """The dataset as a task's result: Dask computes it again when every worker holding it is lost.

    Scattered data cannot be recovered: a page that killed its worker (memory) took the dataset with it,
    and every page still to render was cancelled, « already forgotten ».
    """
    return bundle


def worker_fingerprint(plugin_name: str = PLUGIN, dask_worker: Any = None) -> str | None:
    """Run on each Dask worker (``Client.run``): the fingerprint of its barometre, as its plugin has it."""
    plugin = getattr(dask_worker, "plugins", {}).get(plugin_name)
    return getattr(plugin, "fingerprint", None)


def render_task(
    job: Job, source: str, bundle: Bundle, fingerprint: str | None = None, plugin_name: str = PLUGIN
) -> Outcome:
    """Run on a Dask worker: execute one page in the worker's warm kernel.

    A worker whose barometre is not the client's (``fingerprint``, :func:`~.fingerprint.library_fingerprint`)
    renders nothing: its pages would mix two versions of the methodology and the wording in one site.
    """
    from distributed import get_worker

    worker = get_worker()
    plugin: KernelPlugin = worker.plugins[plugin_name]
    if fingerprint and plugin.fingerprint != fingerprint:
        return failed_outcome(job.key, "site.worker.dask_version", worker=worker.address,
                              theirs=plugin.fingerprint[:12], ours=fingerprint[:12])  # fmt: skip
    data_dir = plugin.materialise(bundle)
    remote = Job(
        job.key, job.notebook, {**job.parameters, "data_dir": str(data_dir)}, str(plugin.root), job.timeout
    )
    return plugin.run(remote, source)
