"""An exclusive lock on an output folder, safe against killed runs.

The lock is ``<out>/.publish.lock``: an ``flock`` held for the whole run (the
kernel drops it when the process dies, even on ``kill -9``) and, inside, who
holds it (pid, host, start time, run record). A lock file that still names a
run whose process is gone is stale and is taken over.

A run on another host (a container, a pod, a renamed server) cannot be checked by its pid: while it runs it
touches the lock file every :data:`HEARTBEAT` seconds, and a lock file of another host left untouched for
:data:`STALE_AFTER` seconds is stale. It blocked every later publication for good (exit 75, which cron,
systemd and Airflow take for « another run is at work »).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import socket
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import LockHeld
from ..i18n import LANGUAGES, t

log = logging.getLogger("barometre.publish")
LOCK_NAME = ".publish.lock"
HEARTBEAT = 60  # seconds between two touches of the lock file by the run holding it
STALE_AFTER = 15 * 60  # seconds: another host's lock file untouched this long names no running publication


@dataclass
class LockInfo:
    """Who holds (or held) the lock."""

    pid: int
    host: str
    started: str  # ISO 8601, UTC
    record: str | None = None

    @property
    def elsewhere(self) -> bool:
        """Whether the holder runs on another host (its pid cannot be checked from here)."""
        return self.host != socket.gethostname()

    def taken_over(self) -> str:
        """What a run that takes this stale lock over says, in both languages."""
        gone = ("processus disparu", "process gone")
        if self.elsewhere:  # another host's process is not seen: its lock was left untouched
            minutes = STALE_AFTER // 60
            gone = (f"verrou intouché depuis {minutes} minutes", f"lock untouched for {minutes} minutes")
        held = self.describe()
        return f"Verrou abandonné repris ({held}, {gone[0]}). / Stale lock taken over ({held}, {gone[1]})."

    def describe(self) -> str:
        """``pid 1234 sur/on host, 2026-11-29 00:12:03 UTC``."""
        return f"pid {self.pid} @ {self.host}, {self.started.replace('T', ' ').replace('+00:00', ' UTC')}"


def _alive(info: LockInfo, touched: float) -> bool:
    """True when the process named by ``info`` still runs.

    On another host: when its lock file was touched (``touched``, its modification time) less than
    :data:`STALE_AFTER` seconds ago. On this host, its pid must be alive too: a lock file naming pid 1 (alive,
    older than the lock) and untouched for hours blocked every publication, exit 75; a run touches it every
    :data:`HEARTBEAT` seconds.
    """
    beating = time.time() - touched < STALE_AFTER
    if info.elsewhere or not beating:
        return beating  # its heartbeat: a pid of another machine says nothing
    try:
        import psutil

        proc = psutil.Process(info.pid)
        started = dt.datetime.fromisoformat(info.started).timestamp()
        return proc.create_time() <= started + 1  # a younger process reuses the pid
    except (ImportError, ValueError):
        try:
            os.kill(info.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    except Exception:  # psutil.NoSuchProcess and friends
        return False


def _read(fd: int) -> LockInfo | None:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 65536)
    try:
        data = json.loads(raw.decode("utf-8"))
        return LockInfo(int(data["pid"]), str(data["host"]), str(data["started"]), data.get("record"))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


class OutputLock:
    """``with OutputLock(out, started, record) as lock:`` — raises :class:`LockHeld` (exit 75)."""

    def __init__(self, out: Path, started: dt.datetime, record: str | None = None) -> None:
        self.path = Path(out) / LOCK_NAME
        self.info = LockInfo(os.getpid(), socket.gethostname(), started.isoformat(timespec="seconds"), record)
        self.stale: LockInfo | None = None
        self._fd: int | None = None
        self._beating = threading.Event()
        self._beat: threading.Thread | None = None

    def acquire(self) -> LockInfo | None:
        """Take the lock; return the stale holder taken over, if any."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            raise LockHeld(_held_message(self.path, holder)) from None
        previous = _read(fd)
        # a lock of another host with this pid (pid 1 in every container) is another run's
        mine = previous is not None and previous.pid == os.getpid() and not previous.elsewhere
        if previous is not None and not mine and _alive(previous, os.fstat(fd).st_mtime):
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise LockHeld(_held_message(self.path, previous))
        self.stale = previous
        self._fd = fd
        self._write()
        self._beating = threading.Event()
        self._beat = threading.Thread(target=self._heartbeat, name="publish-lock-heartbeat", daemon=True)
        self._beat.start()
        return previous

    def _heartbeat(self) -> None:
        """Touch the lock file every :data:`HEARTBEAT` seconds until the lock is released."""
        while not self._beating.wait(HEARTBEAT):
            try:
                os.utime(self._fd)  # the file held, wherever the current folder is
            except OSError:  # a passing error of a network file system: try again next time
                log.debug("lock heartbeat failed", exc_info=True)

    def _write(self) -> None:
        assert self._fd is not None
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, json.dumps(asdict(self.info)).encode())
        os.fsync(self._fd)

    def note_record(self, record: str) -> None:
        """Name the holder's run record in the lock (marked interrupted if the run is killed)."""
        self.info.record = record
        self._write()

    def release(self) -> None:
        """Empty the lock file and drop the lock."""
        if self._fd is None:
            return
        self._beating.set()
        if self._beat is not None:  # not a touch after the release, nor on the next holder's file
            self._beat.join()
        try:
            os.ftruncate(self._fd, 0)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _held_message(path: Path, holder: LockInfo | None) -> str:
    who = holder.describe() if holder else "?"
    # French on one line, English on the next: each ends with the lock's path, which a « / » would seem to continue.
    return "\n".join(t("publish.error.lock_held", lang, who=who, path=path) for lang in LANGUAGES)
