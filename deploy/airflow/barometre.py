"""Airflow 3 DAG: the Baromètre's scheduled publication (``barometre publish``).

One task runs the whole publication: publish is incremental (unchanged pages are
kept) and holds a lock on the output folder, so per-period tasks would only
queue behind each other; the run record (``<out>/runs/*.json``) gives the
per-period detail and is returned as the task's XCom. Exit code 75 (another
publication holds the lock) becomes a skip, not a failure; 1 (pages failed or
rows rejected) and 2 (unusable data) fail the task.

The project is installed in its own virtual environment, not in Airflow's: set
``BAROMETRE_BIN`` to its ``barometre`` executable (default: ``barometre`` on the
PATH), and the DAG's params (or the ``BAROMETRE_DATA`` / ``BAROMETRE_OUT``
variables) to the dataset and site folders; ``template`` (or ``BAROMETRE_TEMPLATE``)
names the organisation's PowerPoint template for the minister's deck.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pendulum
from airflow.sdk import Param, dag, get_current_context, task

try:  # Airflow ≥ 3.1 exposes task exceptions in the SDK
    from airflow.sdk.exceptions import AirflowException, AirflowSkipException
except ImportError:  # pragma: no cover - Airflow 3.0
    from airflow.exceptions import AirflowException, AirflowSkipException

EX_TEMPFAIL = 75  # barometre publish: the output folder is locked by another run


def publish_command(params: dict) -> list[str]:
    """The ``barometre publish`` command line for the DAG's params."""
    cmd = [os.environ.get("BAROMETRE_BIN", "barometre"), "publish",
           "--data", params["data"], "--out", params["out"], "--lang", params["lang"],
           "--periods", params["periods"], "--executor", params["executor"]]  # fmt: skip
    if params.get("cluster"):
        cmd += ["--cluster", params["cluster"]]
    if params.get("jobs"):
        cmd += ["--jobs", str(params["jobs"])]
    if params.get("template"):
        cmd += ["--template", params["template"]]
    return cmd


@dag(
    dag_id="barometre_publish",
    description="Publier le site du Baromètre / publish the Baromètre site",
    schedule="15 3 * * 1",  # every Monday at 03:15
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["barometre"],
    params={
        "data": Param(os.environ.get("BAROMETRE_DATA", "data/demo"), type="string"),
        "out": Param(os.environ.get("BAROMETRE_OUT", "reports"), type="string"),
        "lang": Param("fr,en", type="string"),
        "periods": Param("all", type="string"),
        "executor": Param("local", enum=["local", "dask"]),
        "cluster": Param(os.environ.get("BAROMETRE_CLUSTER", ""), type="string"),
        "jobs": Param(0, type="integer", minimum=0),
        "template": Param(os.environ.get("BAROMETRE_TEMPLATE", ""), type="string"),
    },
)
def barometre_publish():
    """Publish every period of the dataset (FR, EN), then keep the run record."""

    @task
    def publish() -> dict:
        params = get_current_context()["params"]
        cmd = publish_command(params)
        print("$", " ".join(cmd), flush=True)
        proc = subprocess.run(cmd, capture_output=True, text=True)
        print(proc.stdout, flush=True)
        print(proc.stderr[-20000:], flush=True)
        if proc.returncode == EX_TEMPFAIL:
            raise AirflowSkipException(f"Publication déjà en cours / already running: {proc.stderr.strip()}")
        if proc.returncode != 0:
            raise AirflowException(f"barometre publish exit {proc.returncode}: {proc.stderr.strip()[-2000:]}")
        runs = sorted((Path(params["out"]) / "runs").glob("*.json"))
        record = json.loads(runs[-1].read_text(encoding="utf-8")) if runs else {}
        return {
            k: record.get(k) for k in ("start", "duration_seconds", "periods", "pages", "rows", "exit_code")
        }

    publish()


barometre_publish()
