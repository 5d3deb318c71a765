"""Private folders in the temporary directory that do not outlive their process for long.

A kernel's sockets and connection file, and a Dask worker's copy of the dataset, live in a
folder of the temporary directory (short paths: a Unix socket's path is limited to about 100
characters). A process that ends normally removes its folders; one killed outright (the
out-of-memory killer, ``kill -9``, a Dask worker lost mid-page) cannot, and a scheduled
publication that runs for months filled ``/tmp`` with them. So each folder holds a lock file,
locked for the life of the process that made it: the next folder made with the same prefix, by
any process, first removes the folders whose lock no living process holds.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from glob import escape, glob
from typing import IO

LOCK = ".owner"
# A folder younger than this may be one being made, its lock not yet taken: it is left alone.
YOUNG = 60  # seconds
# A folder with no lock file was made by a version without one: removed once it is a day old.
UNLOCKED_STALE_AFTER = 24 * 3600  # seconds

_held: dict[str, IO[str]] = {}  # folder → its lock file, open (and locked) while this process runs


# Every kind of folder: a render that makes one purges the stale ones of all (a local render left the Dask
# workers' folders of a killed ``--executor dask`` run)
KERNEL_PREFIX, DASK_PREFIX = "barometre-kernel-", "barometre-dask-"
PREFIXES = (KERNEL_PREFIX, DASK_PREFIX)


def scratch_folder(prefix: str) -> str:
    """A new folder ``<tmp>/<prefix>XXXXXXXX``, locked by this process; stale ones of every kind go first."""
    for kind in dict.fromkeys((prefix, *PREFIXES)):
        purge_stale(kind)
    folder = tempfile.mkdtemp(prefix=prefix)
    lock = open(os.path.join(folder, LOCK), "w")  # kept open: the lock lives as long as the process
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    _held[folder] = lock
    return folder


def remove_scratch(folder: str) -> None:
    """Remove ``folder`` and let go of its lock."""
    lock = _held.pop(folder, None)
    shutil.rmtree(folder, ignore_errors=True)
    if lock is not None:
        lock.close()


def purge_stale(prefix: str) -> list[str]:
    """Remove the folders ``<tmp>/<prefix>*`` that no living process holds; return them."""
    removed = []
    for folder in glob(os.path.join(escape(tempfile.gettempdir()), escape(prefix) + "*")):
        try:
            age = time.time() - os.path.getmtime(folder)
        except OSError:
            continue
        if folder in _held or age < YOUNG or not os.path.isdir(folder):
            continue
        try:
            lock = open(os.path.join(folder, LOCK), "r+")
        except FileNotFoundError:
            if age > UNLOCKED_STALE_AFTER:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
            continue
        except OSError:
            continue  # another user's, or unreadable: not ours to judge
        with lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # its process is alive
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
