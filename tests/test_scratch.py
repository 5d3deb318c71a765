"""Kernel and Dask worker folders in the temporary directory do not pile up when their process is killed.

Every test run left eight of them in /tmp (a Dask worker killed by a page keeps its folders): 1,200 after a
few weeks. A scheduled publication on a cluster whose workers run out of memory would do the same.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from barometre.render import scratch

HOLD = """import sys, tempfile, time
tempfile.tempdir = sys.argv[1]
from barometre.render.scratch import scratch_folder
print(scratch_folder("barometre-kernel-"), flush=True)
time.sleep(600)
"""


@pytest.fixture
def tmp(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def holder(tmp: Path) -> tuple[subprocess.Popen, Path]:
    """A process that made a folder and holds it."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp)], stdout=subprocess.PIPE, text=True)
    return proc, Path(proc.stdout.readline().strip())


def age(folder: Path, seconds: float) -> None:
    """Make ``folder`` look ``seconds`` old."""
    then = time.time() - seconds
    os.utime(folder, (then, then))


def test_the_folder_of_a_killed_process_goes_and_a_living_ones_stays(tmp):
    alive, kept = holder(tmp)
    killed, left = holder(tmp)
    try:
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
        for folder in (kept, left):
            assert (folder / scratch.LOCK).is_file()
            age(folder, 2 * scratch.YOUNG)
        mine = scratch.scratch_folder("barometre-kernel-")  # purges first
        assert not left.exists() and kept.is_dir() and Path(mine).is_dir()
        assert scratch.purge_stale("barometre-kernel-") == []  # nothing more to remove: mine is held
    finally:
        alive.kill()
        alive.wait(timeout=30)
    scratch.remove_scratch(mine)
    assert not Path(mine).exists()
    age(kept, 2 * scratch.YOUNG)
    assert scratch.purge_stale("barometre-kernel-") == [str(kept)]  # its holder is gone now


def test_a_young_folder_and_other_names_are_left_alone(tmp):
    killed, young = holder(tmp)
    killed.kill()
    killed.wait(timeout=30)
    other = tmp / "barometre-other-x"
    other.mkdir()
    age(other, 10**6)
    assert scratch.purge_stale("barometre-kernel-") == []  # made a moment ago: perhaps still being made
    assert young.is_dir() and other.is_dir()


def test_a_folder_without_a_lock_goes_when_a_day_old(tmp):
    """Folders left by versions without the lock file: removed once a day old, never sooner."""
    old, recent = tmp / "barometre-dask-old", tmp / "barometre-dask-new"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "data").write_text("x")
    age(old, scratch.UNLOCKED_STALE_AFTER + 60)
    age(recent, scratch.UNLOCKED_STALE_AFTER - 600)
    assert scratch.purge_stale("barometre-dask-") == [str(old)]
    assert recent.is_dir()


def test_a_kernel_folder_made_by_a_local_render_purges_a_killed_dask_run_s_folders(tmp):
    """A local render after a killed ``--executor dask`` run removed the stale kernel folders but left the
    Dask workers' (the README says the next render removes both)."""
    dask = tmp / "barometre-dask-killed"
    dask.mkdir()
    (dask / scratch.LOCK).write_text("")  # its lock, held by no living process
    age(dask, 2 * scratch.YOUNG)
    mine = scratch.scratch_folder("barometre-kernel-")
    try:
        assert not dask.exists() and Path(mine).is_dir()
    finally:
        scratch.remove_scratch(mine)
