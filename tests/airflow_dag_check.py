"""Run by Airflow's own interpreter (``.venv-airflow``) from ``tests/test_airflow.py``.

Loads ``deploy/airflow`` with Airflow's DagBag, then runs the DAG once with
``dag.test()`` on the data given in argv, and once more while the output folder
is locked (the task must be skipped). Prints one JSON line with what happened.
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


run = dag.test(run_conf=conf)
result["run"] = {"state": str(run.state), "tasks": states(run)}

# Hold the lock as a concurrent publication would, then run again: the task is skipped.
holder = subprocess.Popen(
    [barometre_bin.replace("barometre", "python"), "-c",
     "import datetime as d, sys, time; from barometre.publish.lock import OutputLock; "
     "l = OutputLock(sys.argv[1], d.datetime.now(d.UTC)); l.acquire(); print('locked', flush=True); time.sleep(600)",
     out], stdout=subprocess.PIPE, text=True)  # fmt: skip
try:
    assert holder.stdout.readline().strip() == "locked"
    time.sleep(1)
    locked = dag.test(run_conf=conf, logical_date=None)
    result["locked_run"] = {"state": str(locked.state), "tasks": states(locked)}
finally:
    holder.kill()
result["records"] = len(list((Path(out) / "runs").glob("*.json")))
print("RESULT " + json.dumps(result))
