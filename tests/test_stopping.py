"""A publication stopped by SIGTERM ends within its grace, whatever its cleanup waits for."""

import os
import signal
import subprocess
import sys

from conftest import ROOT, plain

STUCK = """
import threading, time
from barometre.publish import stopping

stopping.GRACE = 2  # seconds (45 in a publication)
stopping.on_overdue(lambda code: print("last words", code, flush=True))
stopping.install()
never = threading.Event()
try:
    print("ready", flush=True)  # in the « try »: a signal right after it is cleaned up too
    while True:
        time.sleep(0.05)
finally:
    never.wait()  # the cleanup waits for something that never comes (a thread stuck on a lock, say)
"""


def _stop_stuck(tmp_path, source: str) -> tuple[int, str, str]:
    """Run ``source`` (printing « ready »), send it SIGTERM; its exit code, stdout and stderr."""
    script = tmp_path / "stuck.py"
    script.write_text(source, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
    with (tmp_path / "stderr.txt").open("w", encoding="utf-8") as sink:
        proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=sink, text=True,
                                env=env, start_new_session=True)  # fmt: skip
        try:
            assert proc.stdout.readline().strip() == "ready"
            os.kill(proc.pid, signal.SIGTERM)
            out = proc.stdout.read()
            proc.wait(timeout=120)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    return proc.returncode, out, plain((tmp_path / "stderr.txt").read_text(encoding="utf-8"))


def test_a_stop_whose_cleanup_never_ends_ends_after_its_grace_saying_where_it_was(tmp_path):
    """A stopped publication whose cleanup waited for something that never came stayed alive until the
    scheduler's SIGKILL (a test waited 180 s for it), its record « running », nothing in the journal saying
    where it was stuck. Now it ends after its grace with the signal's code, says so, writes where each thread
    was, and its last words (the run record marked « interrupted ») are run."""
    code, out, err = _stop_stuck(tmp_path, STUCK)
    script = tmp_path / "stuck.py"
    assert code == 143, err[-3000:]
    assert out.split() == ["last", "words", "143"], err[-3000:]
    assert "Publication arrêtée (SIGTERM) : les périodes déjà publiées restent telles quelles" in err
    assert (
        "La publication arrêtée ne s'est pas terminée en 2 s : elle s'arrête sans finir de ranger ; la prochaine "
        "publication reprend son verrou et retire son dossier de travail. / The stopped publication did not end "
        "within 2 s: it ends without finishing its cleanup; the next publication takes its lock over and removes "
        "its working folder."
    ) in err
    # where each thread was: the main thread in the wait that never ended
    assert "most recent call first" in err and f'File "{script}", line 14' in err, err[-3000:]


def test_the_last_words_are_said_where_stderr_has_no_file(tmp_path):
    """A host that gives the run a stderr with no file descriptor: the threads' dump cannot be written there,
    and the record was then never marked. The last words come first and the process still ends."""
    code, out, _ = _stop_stuck(tmp_path, "import io, sys\nsys.stderr = io.StringIO()\n" + STUCK)
    assert code == 143
    assert out.split() == ["last", "words", "143"]


RUN = """
import sys, threading, time
from pathlib import Path
from barometre.publish import run, stopping

stopping.GRACE = 2
never = threading.Event()


def stuck(*args, **kwargs):  # a run whose cleanup never ends
    try:
        print("ready", flush=True)
        while True:
            time.sleep(0.05)
    finally:
        never.wait()


run._run = stuck
stopping.install()
run.publish(data_dir=Path(sys.argv[1]), out=Path(sys.argv[2]), langs="fr")
"""


def test_the_record_of_a_stop_past_its_grace_says_interrupted_and_why(tmp_path):
    """Its record stayed « running » (the archive said « En cours ») until the next publication took the
    lock over. Now it says « interrupted », 143, and both reasons: the signal and the cleanup left unfinished."""
    import json

    from conftest import DEMO

    script = tmp_path / "run.py"
    script.write_text(RUN, encoding="utf-8")
    out = tmp_path / "reports"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
    proc = subprocess.Popen([sys.executable, str(script), str(DEMO), str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env, start_new_session=True)  # fmt: skip
    try:
        assert proc.stdout.readline().strip() == "ready"
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 143
    (path,) = (out / "runs").glob("*.json")
    record = json.loads(path.read_text(encoding="utf-8"))
    assert (record["status"], record["exit_code"]) == ("interrupted", 143)
    assert [plain(e)[:60] for e in record["errors"]] == [
        "Publication arrêtée (SIGTERM) : les périodes déjà publiées r",
        "La publication arrêtée ne s'est pas terminée en 2 s : elle s",
    ]
