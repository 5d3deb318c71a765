"""Run by Airflow's own interpreter (``.venv-airflow``) from ``tests/test_airflow.py``.

Loads ``deploy/airflow`` with Airflow's DagBag, then runs the DAG once with
``dag.test()`` on the data given in argv; then while the output folder is locked
(the task is tried again, then skipped), with a lock held at the first attempt only
(the retry publishes), and on data that cannot be used (exit 2: failed, never tried
again). Prints one JSON line with what happened.
Usage: python airflow_dag_check.py DAG_FOLDER DATA OUT BAROMETRE_BIN TEMPLATE
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

dag_folder, data, out, barometre_bin, template = sys.argv[1:6]
os.environ["BAROMETRE_BIN"] = barometre_bin
# a lock held is tried again twice (3 attempts), 3 s apart, not 6 times 30 minutes apart
os.environ.update(BAROMETRE_LOCK_RETRIES="2", BAROMETRE_LOCK_RETRY_MINUTES="0.01")

try:
    from airflow.dag_processing.dagbag import DagBag
except ImportError:
    from airflow.models.dagbag import DagBag

bag = DagBag(dag_folder=dag_folder)
result = {"import_errors": {k: str(v) for k, v in bag.import_errors.items()}, "dag_ids": sorted(bag.dag_ids)}
dag = bag.get_dag("barometre_publish")
conf = {
    "data": data,
    "out": out,
    "lang": "fr",
    "periods": "2022-2023",
    "executor": "local",
    "jobs": 1,
    "template": template,
}


def states(dagrun):
    return {ti.task_id: str(ti.state) for ti in dagrun.get_task_instances()}


def tries(dagrun):
    return {ti.task_id: ti.try_number for ti in dagrun.get_task_instances()}


run = dag.test(run_conf=conf)
result["run"] = {"state": str(run.state), "tasks": states(run)}

# Hold the lock as a concurrent publication would, then run again: tried 3 times, then skipped.
holder = subprocess.Popen(
    [barometre_bin.replace("barometre", "python"), "-c",
     "import datetime as d, sys, time; from barometre.publish.lock import OutputLock; "
     "l = OutputLock(sys.argv[1], d.datetime.now(d.UTC)); l.acquire(); print('locked', flush=True); time.sleep(600)",
     out], stdout=subprocess.PIPE, text=True)  # fmt: skip
try:
    assert holder.stdout.readline().strip() == "locked"
    time.sleep(1)
    locked = dag.test(run_conf=conf, logical_date=None)
    result["locked_run"] = {"state": str(locked.state), "tasks": states(locked), "tries": tries(locked)}
finally:
    holder.kill()
    holder.wait()  # a killed holder not yet reaped is a live pid: its lock would still be held
result["records"] = len(list((Path(out) / "runs").glob("*.json")))

# The lock held at the first attempt only (a run that started before the week's data): the retry publishes.
flag = Path(out).parent / "first-attempt-locked"
once = Path(out).parent / "barometre-locked-once"
once.write_text(f"#!/bin/sh\nif [ ! -e {flag} ]; then touch {flag}; echo 'Publication déjà en cours (pid 1)' >&2; "
                f"exit 75; fi\nexec {barometre_bin} \"$@\"\n", encoding="utf-8")  # fmt: skip
once.chmod(0o755)
os.environ["BAROMETRE_BIN"] = str(once)
released = dag.test(run_conf=conf, logical_date=None)
result["released_run"] = {"state": str(released.state), "tasks": states(released), "tries": tries(released)}
result["records_after_release"] = len(list((Path(out) / "runs").glob("*.json")))

# Unusable data (exit 2): the task fails at once, never tried again, its record in the XCom « record ».
os.environ["BAROMETRE_BIN"] = barometre_bin
unusable = dag.test(run_conf={**conf, "data": str(Path(out).parent / "no-such-dataset")}, logical_date=None)
from airflow.models.xcom import XComModel  # noqa: E402
from airflow.utils.session import create_session  # noqa: E402

with create_session() as session:
    pushed = session.scalars(XComModel.get_many(run_id=unusable.run_id, key="record",
                                                dag_ids="barometre_publish")).first()  # fmt: skip
    pushed = XComModel.deserialize_value(pushed) if pushed else None
result["unusable_run"] = {"state": str(unusable.state), "tasks": states(unusable), "tries": tries(unusable),
                          "record": pushed}  # fmt: skip
# A barometre that cannot be run (its interpreter is gone: the system cannot start it, FileNotFoundError):
# failed at once, not tried again every 30 minutes.
unrunnable = Path(out).parent / "barometre-without-interpreter"
unrunnable.write_text("#!/no/such/python\n", encoding="utf-8")
unrunnable.chmod(0o755)
os.environ["BAROMETRE_BIN"] = str(unrunnable)
broken = dag.test(run_conf=conf, logical_date=None)
result["unrunnable_run"] = {"state": str(broken.state), "tasks": states(broken), "tries": tries(broken)}
os.environ["BAROMETRE_BIN"] = barometre_bin
print("RESULT " + json.dumps(result))
