"""A publication stopped by SIGTERM ends within :data:`GRACE` seconds, whatever it was doing.

SIGTERM (systemd's stop, a scheduler's timeout) is said on stderr and raised as ``SystemExit(143)``: the run
cleans up as for Ctrl-C (render workers stopped, staging folder removed, run record written « interrupted »,
lock released). A cleanup that waits for something that never comes (a thread stuck on a lock the signal
left taken, a worker that will not end) kept the process alive until the scheduler's SIGKILL, with nothing in
the journal to say where it was stuck. Now a timer started by the signal ends the process after
:data:`GRACE` seconds: it says so, writes where each thread was (for whoever investigates), runs the last
words registered (the run record marked « interrupted ») and exits with the signal's code. What the cleanup
left (the lock, a staging folder) the next publication takes over and removes.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType

from ..i18n import both, numbers

GRACE = 45.0  # seconds: under Airflow's 60 s and systemd's 90 s before their SIGKILL

_last_words: list[Callable[[int], None]] = []
_deadline: list[threading.Thread] = []


def install() -> None:
    """Handle SIGTERM as described above (in the main thread, before the run starts)."""
    signal.signal(signal.SIGTERM, _terminate)


def on_overdue(words: Callable[[int], None]) -> Callable[[], None]:
    """Call ``words(exit_code)`` if a stopped run outlives :data:`GRACE`; returns what unregisters it."""
    _last_words.append(words)
    return lambda: _last_words.remove(words) if words in _last_words else None


def _terminate(signum: int, frame: FrameType | None) -> None:
    """Said on stderr, then cleaned up as for Ctrl-C (the record says 143), within :data:`GRACE` seconds."""
    code = 128 + signum
    print(both("publish.terminated", signal=signal.Signals(signum).name), file=sys.stderr, flush=True)
    if not _deadline:  # a second SIGTERM does not put the end off
        _deadline.append(
            threading.Thread(target=_end_after, args=(GRACE, code), daemon=True, name="stop-deadline")
        )
        _deadline[0].start()
    raise SystemExit(code)


def overdue_text(grace: float | None = None) -> str:
    """« La publication arrêtée ne s'est pas terminée en 45 s … », in both languages (the grace now set)."""
    grace = GRACE if grace is None else grace
    return both("publish.stop_overdue", seconds=numbers(grace, 0 if float(grace).is_integer() else 1))


def _end_after(grace: float, code: int) -> None:
    """After ``grace`` seconds, whatever the cleanup is doing: say so, say where, end with ``code``."""
    time.sleep(grace)
    try:
        print(overdue_text(grace), file=sys.stderr, flush=True)
        for words in list(_last_words):  # before the dump: a stderr without a file descriptor cannot take it
            with contextlib.suppress(Exception):
                words(code)
        with contextlib.suppress(Exception):
            faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
    finally:
        os._exit(code)
