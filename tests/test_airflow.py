"""The Airflow DAG (deploy/airflow/barometre.py), in Airflow's own virtual environment (make airflow)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from pptx import Presentation

AIRFLOW_PY = ROOT / ".venv-airflow" / "bin" / "python"
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from synthetic import write_dataset  # noqa: E402

pytestmark = pytest.mark.cost(18)  # CPU-seconds: the costliest start first (conftest)

BAROMETRE = Path(os.environ.get("BAROMETRE_BIN", ROOT / ".venv" / "bin" / "barometre"))


@pytest.fixture(scope="module")
def airflow_run(tmp_path_factory):
    if not AIRFLOW_PY.exists():
        pytest.fail("Airflow's virtual environment is missing: run `make airflow` (make test does).")
    home = tmp_path_factory.mktemp("airflow-home")
    env = {**os.environ, "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
           "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "deploy" / "airflow")}  # fmt: skip
    migrate = subprocess.run([AIRFLOW_PY.parent / "airflow", "db", "migrate"], env=env, capture_output=True,
                             text=True, timeout=600)  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    out = home / "reports"
    # a small synthetic dataset (three organisations, ambitions 3 and 6): the DAG's publish is what is tested
    data = write_dataset(home / "data", organisations=3, ambitions=["3", "6"])
    template = home / "modele.pptx"  # the minister's deck on the organisation's template
    base = Presentation()
    base.slide_layouts[5].name = "Titre seul (ministère)"
    base.save(str(template))
    proc = subprocess.run([AIRFLOW_PY, ROOT / "tests" / "airflow_dag_check.py", ROOT / "deploy" / "airflow",
                           data, out, BAROMETRE, template], env=env, capture_output=True, text=True, timeout=1200)  # fmt: skip
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, proc.stdout[-3000:] + proc.stderr[-5000:]
    return json.loads(lines[-1][len("RESULT ") :]), out, proc.stdout + proc.stderr


def test_dag_loads_in_dagbag_without_import_errors(airflow_run):
    result, _out, _log = airflow_run
    assert result["import_errors"] == {}
    assert result["dag_ids"] == ["barometre_publish"]


def test_dag_test_publishes_the_site(airflow_run):
    result, out, _log = airflow_run
    assert result["run"] == {"state": "success", "tasks": {"publish": "success"}}
    assert (out / "2022-2023" / "fr" / "index.html").is_file()
    assert (out / "index.html").is_file()
    deck = Presentation(str(out / "2022-2023" / "fr" / "presentation.pptx"))
    assert deck.slides[1].slide_layout.name == "Titre seul (ministère)"  # the template param reached it
    record = json.loads(next((out / "runs").glob("*.json")).read_text(encoding="utf-8"))
    assert record["template"].endswith("modele.pptx")


def test_locked_output_is_tried_again_then_the_task_skips_not_fails(airflow_run):
    """A lock held (exit 75) skipped the task at once: a run holding it since before the week's data arrived
    left them unpublished a week. Airflow now tries again (BAROMETRE_LOCK_RETRIES, here 2, every
    BAROMETRE_LOCK_RETRY_MINUTES); the retries spent, the task is skipped, its log saying how many attempts."""
    result, _out, log = airflow_run
    assert result["locked_run"]["tasks"] == {"publish": "skipped"}
    assert result["locked_run"]["state"] == "success"
    assert result["locked_run"]["tries"] == {"publish": 3}
    assert result["records"] == 1  # the skipped run wrote no record
    said = log.replace("\u00a0", " ")
    assert "Publication déjà en cours (essai 2 sur 3) : nouvel essai dans 0,01 min. / Already running (attempt 2 " \
           "of 3): trying again in 0.01 min." in said  # fmt: skip
    assert (
        "Publication déjà en cours, sautée après 3 essais / already running, skipped after 3 attempts: "
        in said
    )
    assert "essai 3 sur 3" not in said


def test_a_lock_held_at_the_first_attempt_only_is_published_by_the_retry(airflow_run):
    """The run holding the lock ends: the next attempt publishes this week's data (it waited a week)."""
    result, _out, log = airflow_run
    assert result["released_run"] == {
        "state": "success",
        "tasks": {"publish": "success"},
        "tries": {"publish": 2},
    }
    assert result["records_after_release"] == 2  # the retry's own record
    assert "(attempt 1 of 3): trying again in 0.01 min. Publication déjà en cours (pid 1)" in log


def test_unusable_data_fail_the_task_at_once_never_tried_again(airflow_run):
    """Exit 2 (and 1, any code but 75) fails the task on its first attempt, retries or not; the record is its
    XCom « record », as before."""
    result, _out, _log = airflow_run
    unusable = result["unusable_run"]
    assert unusable["state"] == "failed" and unusable["tasks"] == {"publish": "failed"}
    assert unusable["tries"] == {"publish": 1}
    assert unusable["record"]["exit_code"] == 2 and unusable["record"]["status"] == "unusable"
    assert unusable["record"]["errors"][0].startswith("Dossier de données introuvable")
    # a barometre the system cannot start (its interpreter is gone): failed at once too, not tried every 30 min
    unrunnable = result["unrunnable_run"]
    assert unrunnable["state"] == "failed" and unrunnable["tries"] == {"publish": 1}, unrunnable


DAG_HELPERS = """
import importlib.util, json, os, sys
spec = importlib.util.spec_from_file_location("barometre_dag", sys.argv[1])
dag_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dag_module)


def said(function, *args):
    try:
        return function(*args)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


result = {"bin": said(dag_module.barometre_bin), "relative": said(dag_module.folder, "data", "data/demo")}
os.environ["PATH"] = sys.argv[2]
result["on_path"] = said(dag_module.barometre_bin)
os.environ["BAROMETRE_HOME"] = "/srv/barometre"
result["home"] = said(dag_module.folder, "data", "data/demo")
result["absolute"] = said(dag_module.folder, "out", "/var/www/reports")
timeout = dag_module.barometre_publish().get_task("publish").execution_timeout
result["timeout"] = timeout.total_seconds() if timeout else None
# a lock held: tried again 6 times, 30 minutes apart, by default; the attempts counted are this run's
publish = dag_module.barometre_publish().get_task("publish")
result["lock_retries"] = [publish.retries, publish.retry_delay.total_seconds()]


class Tried:
    def __init__(self, try_number, max_tries):
        self.try_number, self.max_tries = try_number, max_tries


held = dag_module.lock_held
result["held"] = [type(held(Tried(1, 6), 6, publish.retry_delay, "pid 7")).__name__,
                  str(held(Tried(7, 6), 6, publish.retry_delay, "pid 7")),
                  str(held(Tried(9, 14), 6, publish.retry_delay, "pid 7")),  # cleared once: attempt 1 of 7
                  type(held(Tried(15, 14), 6, publish.retry_delay, "pid 7")).__name__]
# an older run's record (exit 2 too) is never taken for this run's, which wrote none (a bad --lang)
runs = os.path.join(sys.argv[3], "runs")
os.makedirs(runs)
with open(os.path.join(runs, "20261201T000000Z.json"), "w") as fh:
    json.dump({"exit_code": 2, "errors": ["Dossier de données introuvable"]}, fh)
seen = dag_module.record_names(sys.argv[3])
result["older"] = dag_module.last_record(sys.argv[3], seen)
with open(os.path.join(runs, "20261201T010000Z.json"), "w") as fh:
    json.dump({"exit_code": 1, "errors": ["this run"]}, fh)
result["new"] = dag_module.last_record(sys.argv[3], seen)["errors"]


class TaskInstance:
    pushed = {}

    def xcom_push(self, key, value):
        self.pushed[key] = value


# a failed or timed-out run's record reaches the XCom « record » (the timeout's was empty); none: nothing pushed
ti = TaskInstance()
result["pushed"] = [dag_module.push_record(ti, sys.argv[3], seen)["errors"], ti.pushed["record"]["errors"]]
TaskInstance.pushed = {}
dag_module.push_record(ti, sys.argv[3], dag_module.record_names(sys.argv[3]))
result["pushed_none"] = ti.pushed
# the task log follows publish line by line: the child waits until its first line has reached the log
flag, echoed = os.path.join(sys.argv[3], "first-line-seen"), []
child = ("import os, sys, time; print('Période 2021-2022', flush=True); start = time.time()\\n"
         "while not os.path.exists(sys.argv[1]) and time.time() - start < 30: time.sleep(0.05)\\n"
         "print('streamed' if os.path.exists(sys.argv[1]) else 'not streamed'); print('warning', file=sys.stderr)\\n"
         "sys.stderr.flush(); sys.stderr.buffer.write(bytes([0xe9]) + b' latin-1\\\\n')")


def echo(line):
    echoed.append(line)
    if line == "Période 2021-2022":
        open(flag, "w").close()


proc = said(dag_module.run, [sys.executable, "-c", child, flag], echo)
result["streamed"] = {"echoed": sorted(echoed), "stdout": proc.stdout, "stderr": proc.stderr} if hasattr(proc, "stdout") else proc
# a process publish started that outlives it holding its output (the resource tracker after a SIGTERM):
# the task ends with publish once the grace has passed, with what was said before (it waited for the child)
pid_file = os.path.join(sys.argv[3], "grandchild.pid")
lingering = ("import subprocess, sys; child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(900)'])\\n"
             "open(sys.argv[1], 'w').write(str(child.pid)); print('publié', flush=True); sys.exit(3)")
kept = []
ended = said(dag_module.run, [sys.executable, "-c", lingering, pid_file], kept.append, 0.5)
os.kill(int(open(pid_file).read()), 9)
result["lingering"] = [ended.returncode, ended.stdout, kept] if hasattr(ended, "stdout") else ended
# publish runs from BAROMETRE_HOME: an installed package finds its notebooks there, not in the worker's folder
os.environ["BAROMETRE_HOME"] = sys.argv[3]
where = said(dag_module.run, [sys.executable, "-c", "import os; print(os.getcwd())"], lambda line: None)
result["cwd"] = where.stdout.strip() if hasattr(where, "stdout") else where
# « relancez avec --force »: the DAG's param says it (it had none, and every later run failed the same way)
base = {"data": "/d", "out": "/o", "lang": "fr", "periods": "all", "executor": "local"}
result["force"] = [said(dag_module.publish_command, {**base, "force": f})[-1] for f in (False, True)]
result["force_param"] = dag_module.barometre_publish().params["force"]
# BAROMETRE_CLUSTER on the worker (the cluster param's default) is for dask runs: no --cluster on a local one
result["cluster"] = [said(dag_module.publish_command, {**base, "executor": e, "cluster": "tcp://s:8786"})
                     for e in ("local", "dask")]
print("RESULT " + json.dumps(result))
"""


def test_dag_finds_barometre_or_says_so_and_refuses_relative_paths(tmp_path):
    """Without BAROMETRE_BIN the task ended in a traceback (FileNotFoundError 'barometre'); « data/demo » was
    read from the Airflow worker's working directory; a hung run had no time limit."""
    if not AIRFLOW_PY.exists():
        pytest.fail("Airflow's virtual environment is missing: run `make airflow` (make test does).")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "barometre").write_text("#!/bin/sh\n", encoding="utf-8")
    (bin_dir / "barometre").chmod(0o755)
    unset = ("BAROMETRE_BIN", "BAROMETRE_HOME", "BAROMETRE_LOCK_RETRIES", "BAROMETRE_LOCK_RETRY_MINUTES")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(AIRFLOW_HOME=str(tmp_path / "home"), PATH="/nonexistent")
    proc = subprocess.run([AIRFLOW_PY, "-c", DAG_HELPERS, ROOT / "deploy" / "airflow" / "barometre.py", bin_dir,
                           tmp_path / "site"], env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(lines[-1][len("RESULT ") :])
    assert result["bin"].startswith("AirflowException: Programme barometre introuvable"), result["bin"]
    assert "Set BAROMETRE_BIN" in result["bin"]
    assert result["on_path"] == str(bin_dir / "barometre")
    assert result["relative"].startswith(
        "AirflowException: Le paramètre data est un chemin relatif (data/demo)"
    )
    assert "BAROMETRE_HOME" in result["relative"]
    assert result["home"] == "/srv/barometre/data/demo" and result["absolute"] == "/var/www/reports"
    assert result["timeout"] == 6 * 3600
    local, dask = result["cluster"]
    assert "--cluster" not in local and dask[-2:] == ["--cluster", "tcp://s:8786"], result["cluster"]
    assert result["lock_retries"] == [6, 30 * 60]
    assert result["held"][0] == "OutputLocked"
    assert result["held"][1].startswith("Publication déjà en cours, sautée après 7 essais / already running, "
                                        "skipped after 7 attempts: pid 7")  # fmt: skip
    assert (
        "(essai 1 sur 7)\u00a0: nouvel essai dans 30 min. / Already running (attempt 1 of 7)"
        in result["held"][2]
    )
    assert result["held"][3] == "AirflowSkipException"
    assert result["older"] == {} or not any(result["older"].values()), result["older"]
    assert result["new"] == ["this run"]
    assert result["pushed"] == [["this run"], ["this run"]] and result["pushed_none"] == {}
    # publish's lines reach the task log as they come (they came all at once when publish ended)
    assert result["cwd"] == str((tmp_path / "site").resolve()), result["cwd"]
    assert result["lingering"] == [3, "publié\n", ["publié", "Un processus lancé par la publication garde sa "
        "sortie ouverte après 0,5 s\u00a0: le journal s'arrête ici. / A process the publication started still "
        "holds its output after 0.5 s: the log stops here."]], result["lingering"]  # fmt: skip
    assert result["force"] == ["local", "--force"] and result["force_param"] is False
    assert result["streamed"] == {"echoed": ["Période 2021-2022", "streamed", "warning", "\ufffd latin-1"],
                                  "stdout": "Période 2021-2022\nstreamed\n", "stderr": "warning\n\ufffd latin-1\n"}, result["streamed"]  # fmt: skip
