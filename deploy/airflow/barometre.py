"""Airflow 3 DAG: the Baromètre's scheduled publication (``barometre publish``).

One task runs the whole publication: publish is incremental (unchanged pages are
kept) and holds a lock on the output folder, so per-period tasks would only
queue behind each other; the run record (``<out>/runs/*.json``) gives the
per-period detail (errors and warnings included) and is returned as the task's XCom
(pushed as ``record`` too when the task fails). Exit code 75 (another publication holds
the lock, perhaps one started before this week's data arrived) is tried again: Airflow
retries the task every ``BAROMETRE_LOCK_RETRY_MINUTES`` (30 by default), at most
``BAROMETRE_LOCK_RETRIES`` times (6 by default: 7 attempts over 3 h); once they are spent
the task is skipped, not failed, its log saying how many attempts were made. Every other
failure is final, never retried: 1 (rows rejected, periods held back) and 2 (unusable
data) fail the task, and so does any other code. The task stops after
``BAROMETRE_TASK_TIMEOUT_HOURS`` (6 by default, each attempt): ``barometre publish`` is
stopped with SIGTERM, its record says 143.

The project is installed in its own virtual environment, not in Airflow's: set
``BAROMETRE_BIN`` to its ``barometre`` executable (default: the ``barometre`` next to
the Python running the DAG, else the one on the PATH; without one, the task fails
saying so). Set the DAG's params (or the ``BAROMETRE_DATA`` / ``BAROMETRE_OUT``
variables) to the dataset and site folders; ``template`` (or ``BAROMETRE_TEMPLATE``)
names the organisation's PowerPoint template for the minister's deck. A relative
path is taken from ``BAROMETRE_HOME`` (the project's folder, e.g. /srv/barometre:
``data/demo`` is then /srv/barometre/data/demo), never from the worker's working
directory; without ``BAROMETRE_HOME`` a relative path is refused, saying so.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pendulum
from airflow.sdk import Param, dag, get_current_context, task

try:  # Airflow ≥ 3.1 exposes task exceptions in the SDK
    from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException
except ImportError:  # pragma: no cover - Airflow 3.0
    from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException

EX_TEMPFAIL = 75  # barometre publish: the output folder is locked by another run
RECORD_KEYS = ("start", "end", "duration_seconds", "version", "periods", "revised", "pages", "rows", "exit_code",
               "status", "withheld", "failed_pages", "errors", "warnings")  # fmt: skip


# Verrou tenu (code 75) : nouvel essai toutes les BAROMETRE_LOCK_RETRY_MINUTES (30), au plus BAROMETRE_LOCK_RETRIES
# fois (6 : 7 essais en 3 h), puis la tâche est sautée. / Lock held (exit 75): tried again every
# BAROMETRE_LOCK_RETRY_MINUTES (30), at most BAROMETRE_LOCK_RETRIES times (6: 7 attempts over 3 h), then skipped.
LOCK_RETRIES_DEFAULT, LOCK_RETRY_MINUTES_DEFAULT = 6, 30.0


class OutputLocked(AirflowException):
    """Another publication holds the output folder's lock: the one failure Airflow tries again."""


def lock_retries() -> int:
    """``BAROMETRE_LOCK_RETRIES`` (6 by default): how many times a lock-held run is tried again; 0 never."""
    try:
        retries = int(os.environ.get("BAROMETRE_LOCK_RETRIES", LOCK_RETRIES_DEFAULT))
    except ValueError:
        retries = LOCK_RETRIES_DEFAULT
    return retries if retries >= 0 else LOCK_RETRIES_DEFAULT


def lock_retry_delay() -> dt.timedelta:
    """``BAROMETRE_LOCK_RETRY_MINUTES`` (30 by default); a value that is no positive number keeps 30."""
    try:
        minutes = float(os.environ.get("BAROMETRE_LOCK_RETRY_MINUTES", LOCK_RETRY_MINUTES_DEFAULT))
    except ValueError:
        minutes = LOCK_RETRY_MINUTES_DEFAULT
    return dt.timedelta(minutes=minutes if minutes > 0 else LOCK_RETRY_MINUTES_DEFAULT)


def _quantity(value: float, unit: str) -> tuple[str, str]:
    """A quantity, French (« 0,5 min ») and English (« 0.5 min »).

    The DAG runs in Airflow's own venv, where the project's number formatting cannot be imported.
    """
    english = f"{value:g} {unit}"
    return english.replace(".", ","), english


def lock_held(ti, retries: int, delay: dt.timedelta, stderr: str) -> AirflowException:
    """What a run that found the lock held raises: ``OutputLocked`` (tried again) or, retries spent, a skip.

    The skip says how many attempts were made; no record is pushed (a lock held writes none). ``ti.max_tries``
    grows when the task is cleared: the attempts counted are this run's since then.
    """
    first = ti.max_tries - retries + 1
    attempt, attempts = ti.try_number - first + 1, retries + 1
    holder = stderr.strip()
    if ti.try_number <= ti.max_tries:
        fr, en = _quantity(delay.total_seconds() / 60, "min")
        said = (f"Publication déjà en cours (essai {attempt} sur {attempts})\u00a0: nouvel essai dans {fr}. / "
                f"Already running (attempt {attempt} of {attempts}): trying again in {en}. {holder}")  # fmt: skip
        print(said, flush=True)
        return OutputLocked(said)
    fr, en = ("1 essai", "1 attempt") if attempts == 1 else (f"{attempts} essais", f"{attempts} attempts")
    said = f"Publication déjà en cours, sautée après {fr} / already running, skipped after {en}: {holder}"
    print(said, flush=True)
    return AirflowSkipException(said)


def _timeout() -> dt.timedelta:
    """``BAROMETRE_TASK_TIMEOUT_HOURS`` (6 by default); a value that is no positive number keeps 6."""
    try:
        hours = float(os.environ.get("BAROMETRE_TASK_TIMEOUT_HOURS", "6"))
    except ValueError:
        hours = 6.0
    return dt.timedelta(hours=hours if hours > 0 else 6.0)


def barometre_bin() -> str:
    """``BAROMETRE_BIN``, else the ``barometre`` next to this Python, else on the PATH; else a clear failure."""
    given = os.environ.get("BAROMETRE_BIN")
    if given:
        if not (Path(given).is_file() and os.access(given, os.X_OK)):
            raise AirflowException(
                f"BAROMETRE_BIN={given}\u00a0: ce fichier n'existe pas ou n'est pas exécutable. Indiquez le chemin "
                f"de barometre dans l'environnement du projet (ex. /srv/barometre/.venv/bin/barometre). / "
                f"BAROMETRE_BIN={given}: this file does not exist or cannot be run. Give the path of barometre "
                f"in the project's environment (e.g. /srv/barometre/.venv/bin/barometre)."
            )
        return given
    beside = Path(sys.executable).parent / "barometre"
    found = str(beside) if beside.is_file() else shutil.which("barometre")
    if not found:
        raise AirflowException(
            f"Programme barometre introuvable (ni à côté de {sys.executable}, ni dans le PATH). Définissez "
            "BAROMETRE_BIN (ex. /srv/barometre/.venv/bin/barometre) dans l'environnement du travailleur Airflow. / "
            f"barometre not found (neither beside {sys.executable} nor on the PATH). Set BAROMETRE_BIN (e.g. "
            "/srv/barometre/.venv/bin/barometre) in the Airflow worker's environment."
        )
    return found


def folder(name: str, value: str) -> str:
    """An absolute path: a relative ``value`` is taken from ``BAROMETRE_HOME``, refused without it."""
    path = Path(value).expanduser()
    if path.is_absolute():
        return str(path)
    home = os.environ.get("BAROMETRE_HOME")
    if not home or not Path(home).is_absolute():
        raise AirflowException(
            f"Le paramètre {name} est un chemin relatif ({value})\u00a0: il dépendrait du dossier de travail du "
            "travailleur Airflow. Donnez un chemin absolu, ou définissez BAROMETRE_HOME (le dossier du projet, "
            f"chemin absolu) dont il part. / The {name} param is a relative path ({value}): it would depend on "
            "the Airflow worker's working directory. Give an absolute path, or set BAROMETRE_HOME (the "
            "project's folder, an absolute path) it starts from."
        )
    return str(Path(home) / path)


def publish_command(params: dict) -> list[str]:
    """The ``barometre publish`` command line for the DAG's params (absolute paths)."""
    cmd = [barometre_bin(), "publish",
           "--data", folder("data", params["data"]), "--out", folder("out", params["out"]),
           "--lang", params["lang"], "--periods", params["periods"], "--executor", params["executor"]]  # fmt: skip
    if params.get("cluster") and params["executor"] != "local":  # BAROMETRE_CLUSTER is for dask runs only
        cmd += ["--cluster", params["cluster"]]
    if params.get("jobs"):
        cmd += ["--jobs", str(params["jobs"])]
    if params.get("template"):
        cmd += ["--template", folder("template", params["template"])]
    if params.get("force"):  # a run triggered to publish a fall of rows meant (« relancez avec --force »)
        cmd += ["--force"]
    return cmd


def record_names(out: str) -> set[str]:
    """The run records already in ``out`` (before a run: whatever it writes is new)."""
    return {p.name for p in (Path(out) / "runs").glob("*.json")}


def last_record(out: str, seen: set[str] | None = None) -> dict:
    """The newest run record's main fields (errors and warnings included), or {}.

    ``seen``: the records there before this run; an older one is never taken for this run's (a run stopped
    before its record, a lock held by another, writes none, and the newest record is another run's).
    """
    runs = sorted(p for p in (Path(out) / "runs").glob("*.json") if seen is None or p.name not in seen)
    try:
        record = json.loads(runs[-1].read_text(encoding="utf-8")) if runs else {}
    except (OSError, ValueError):
        record = {}
    return {k: record.get(k) for k in RECORD_KEYS}


def push_record(ti, out: str, seen: set[str]) -> dict:
    """The run's record (``last_record``), pushed as the XCom ``record`` when the run wrote one; else {}.

    A failed task (exit 1 or 2) or one stopped by its timeout: whoever reads the XCom sees why (the timeout's
    XCom was empty, its record saying 143 in the output folder only).
    """
    record = last_record(out, seen)
    if record.get("exit_code") is not None:
        try:
            ti.xcom_push(key="record", value=record)
        except Exception:  # noqa: BLE001 - the failure raised after it says it all the same
            return record
    return record


def _home_folder() -> str | None:
    """``BAROMETRE_HOME`` when it is a folder (the command runs from there), else None (the worker's own)."""
    home = os.environ.get("BAROMETRE_HOME")
    return home if home and os.path.isdir(home) else None


# how long the log waits, once publish has ended, for output still coming from a process it started
PIPE_GRACE_SECONDS = 30.0


def run(cmd: list[str], echo=None, grace: float = PIPE_GRACE_SECONDS) -> subprocess.CompletedProcess:
    """Run ``cmd``, each line of its output echoed to the task log as it comes (``echo``, print by default).

    The log follows the publication period by period, not only once it has ended. Stopped by the task's
    timeout (or Airflow), it is stopped too (SIGTERM: its record says 143). Once it has ended, a process it
    started that still holds its output (a kernel, multiprocessing's resource tracker after a SIGTERM) is
    waited for ``grace`` seconds at most: the task ends with publish, not with the last of its children.
    """
    echo = echo or (lambda line: print(line, flush=True))
    # bytes that are no UTF-8 are replaced: a reader thread that died on them would leave its pipe full
    # from the project's folder when it is given: a package installed outside a source checkout finds its
    # notebooks there (from the worker's own folder it sought « /notebooks/overview.ipynb »)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
                            encoding="utf-8", errors="replace", cwd=_home_folder())  # fmt: skip
    streams: dict[str, list[str]] = {"stdout": [], "stderr": []}

    def pump(name: str) -> None:
        for line in getattr(proc, name):
            streams[name].append(line)
            echo(line.rstrip("\n"))

    pumps = [threading.Thread(target=pump, args=(name,), daemon=True) for name in streams]
    for thread in pumps:
        thread.start()
    try:
        proc.wait()
        deadline = time.monotonic() + grace
        for thread in pumps:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        if any(thread.is_alive() for thread in pumps):
            fr, en = _quantity(grace, "s")
            echo(f"Un processus lancé par la publication garde sa sortie ouverte après {fr}\u00a0: le journal "
                 f"s'arrête ici. / A process the publication started still holds its output after {en}: "
                 "the log stops here.")  # fmt: skip
    except BaseException:
        proc.terminate()
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
        raise
    return subprocess.CompletedProcess(  # copies: a reader still running may yet add a line
        cmd, proc.returncode, "".join(list(streams["stdout"])), "".join(list(streams["stderr"]))
    )


@dag(
    dag_id="barometre_publish",
    description="Publier le site du Baromètre / publish the Baromètre site",
    schedule="15 3 * * 1",  # every Monday at 03:15, Québec time (the timer's): it was 03:15 UTC, Sunday 22:15 there
    start_date=pendulum.datetime(2026, 1, 1, tz="America/Toronto"),
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
        # every page again, and a period whose rows fell since its publication published all the same
        "force": Param(False, type="boolean"),
    },
)
def barometre_publish():
    """Publish every period of the dataset (FR, EN), then keep the run record."""

    # a lock held by another publication is tried again (Airflow's retries); any other failure is final
    @task(execution_timeout=_timeout(), retries=lock_retries(), retry_delay=lock_retry_delay())
    def publish() -> dict:
        context = get_current_context()
        params = context["params"]
        try:
            cmd = publish_command(params)
        except AirflowException as exc:  # no barometre, a relative path: trying again changes nothing
            raise AirflowFailException(str(exc)) from exc
        print("$", " ".join(cmd), flush=True)
        out = cmd[cmd.index("--out") + 1]
        seen = record_names(out)
        try:
            proc = run(cmd)  # its output is in the task log as it comes
        except BaseException as exc:  # the task's timeout (or Airflow) stopped it: its record says 143
            if (
                type(exc).__name__ == "AirflowTaskTimeout"
            ):  # the limit the task had, read when the DAG was parsed
                fr, en = _quantity(context["task"].execution_timeout.total_seconds() / 3600, "h")
                print(f"Publication arrêtée après {fr} (BAROMETRE_TASK_TIMEOUT_HOURS) / publication stopped "
                      f"after {en} (BAROMETRE_TASK_TIMEOUT_HOURS)", flush=True)  # fmt: skip
                push_record(context["ti"], out, seen)
                raise AirflowFailException(f"Publication arrêtée après {fr} / publication "
                                           f"stopped after {en}") from exc  # fmt: skip
            push_record(context["ti"], out, seen)
            if isinstance(exc, OSError):  # a barometre that cannot be run: trying again changes nothing
                raise AirflowFailException(f"barometre publish: {type(exc).__name__}: {exc}") from exc
            raise
        if proc.returncode == EX_TEMPFAIL:
            task = context["task"]
            raise lock_held(context["ti"], task.retries or 0, task.retry_delay, proc.stderr)
        if proc.returncode != 0:
            # why, for whoever reads the XCom: the record's errors (rejected rows, periods held back)
            record = push_record(context["ti"], out, seen)
            ours = record.get("exit_code") is not None
            errors = "\n".join((record.get("errors") or []) if ours else [])[-4000:]
            raise AirflowFailException(  # 1, 2 or any other code: not tried again
                f"barometre publish exit {proc.returncode}: {errors or proc.stderr.strip()[-2000:]}"
            )
        return last_record(out, seen)  # this run's, or {} (a run stopped before its record writes none)

    publish()


barometre_publish()
