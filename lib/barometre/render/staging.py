"""A period is published by swapping a staged copy into place: never half there, even after ``kill -9``."""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"  # a published period's: page hashes, data key, figures' key, dates, strategy


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """A published period's manifest; None when it is missing or unreadable, {} when it is not a mapping."""
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else {}


def clean_stale(out: Path) -> None:
    """Remove staging folders left by a killed render, restore a half-swapped period."""
    for path in out.glob(".staging-*"):
        shutil.rmtree(path, ignore_errors=True)
    for old in out.glob(".old-*"):
        period = old.name[len(".old-") :].rsplit("-", 1)[0]
        target = out / period
        if not target.exists():
            old.rename(target)
        else:
            shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap(staging: Path, published: Path, out: Path) -> None:
    """Put the staged period in place of the published one.

    On Linux the two folders are exchanged in one atomic step, so a reader (or a
    ``kill -9``) never finds the period missing; elsewhere two renames are used
    and :func:`clean_stale` restores the old folder if the run dies between them.
    """
    if published.exists() and _exchange(staging, published):
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = out / f".old-{published.name}-{os.getpid()}"
    if published.exists():
        published.rename(old)
    staging.rename(published)
    shutil.rmtree(old, ignore_errors=True)


def remove_when_written(
    pool: ThreadPoolExecutor, staging: Path, pending: list[Future[Any]], stop: threading.Event | None = None
) -> None:
    """Remove the staging folder once the downloads thread is done writing into it (Ctrl-C, SIGTERM).

    ``stop`` is set first: the thread writes nothing more than the file it is writing.

    A signal while waiting (SIGTERM as the pack is written) stopped the wait, and the removal with it: the
    thread went on writing its brief into a folder nobody removed (``.staging-2022-2023-<pid>`` left). The
    wait is on the thread's futures, not on the thread: a ``Thread.join`` interrupted by a signal marks the
    thread as ended while it still runs, so a second join returned at once and the folder was removed
    before the thread made it again.
    """
    if stop is not None:
        stop.set()
    stopped: BaseException | None = None
    for _ in range(10):  # a signal stops the wait: wait again (a few times), then remove and stop
        try:
            futures.wait(pending)
            break
        except (KeyboardInterrupt, SystemExit) as exc:
            stopped = exc
    pool.shutdown(wait=False)
    for _ in range(3):  # a signal in the middle of the removal: finish it
        try:
            shutil.rmtree(staging, ignore_errors=True)
            break
        except (KeyboardInterrupt, SystemExit) as exc:
            stopped = exc
    if stopped is not None:
        raise stopped
