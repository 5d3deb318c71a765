"""Page executors: the registry, and the dask executor (LocalCluster, and a scheduler with two
workers started as separate processes) giving the same pages as the local one."""

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from barometre.dataset import load_dataset
from barometre.errors import ParameterError
from barometre.render import executors
from barometre.render.site import render_site
from conftest import DEMO, ROOT, run_script_without_main_guard

sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from synthetic import write_dataset  # noqa: E402

pytestmark = pytest.mark.cost(27)  # CPU-seconds: the costliest start first (conftest)

BIN = Path(sys.executable).parent
PERIOD = "2022-2023"
# render dates and times (« 6 décembre 2026, 15 h 04 UTC »)
DATE = re.compile(
    r"\b\d{1,2}(er)?[ \xa0][a-zéû]+[ \xa0]\d{4}\b|\b[A-Z][a-z]+[ \xa0]\d{1,2}, \d{4}\b|\d{1,2}(\xa0h\xa0|:)\d\d\xa0UTC"
)


def pages(out: Path) -> dict[str, str]:
    """Every file of the period, with render dates blanked (the minister's pack, made by the
    client whatever the executor and dated inside, by name only)."""
    files = {}
    for p in sorted((out / PERIOD).rglob("*")):
        if p.is_file() and p.name != "manifest.json":
            binary = p.suffix in {".pdf", ".pptx"}
            files[str(p.relative_to(out))] = (
                "" if binary else DATE.sub("<date>", p.read_text(encoding="utf-8"))
            )
    return files


def assert_same_site(a: Path, b: Path) -> None:
    pa, pb = pages(a), pages(b)
    assert sorted(pa) == sorted(pb)
    different = [name for name in pa if pa[name] != pb[name]]
    assert not different, different


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    """Four synthetic organisations and two ambitions (1 and 5): 9 French pages."""
    return write_dataset(tmp_path_factory.mktemp("small") / "data", organisations=4, ambitions=["1", "5"])


@pytest.fixture(scope="module")
def local_site(small_data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local") / "reports"
    summary = render_site(small_data, out, PERIOD, ["fr"], jobs=1)
    assert not summary.failed and summary.count("rendered") >= 1 + 2 + 4 + 2
    return out


def test_registry_names_get_and_register():
    assert {"local", "dask"} <= set(executors.names())
    assert executors.get("local") is executors.LocalExecutor
    with pytest.raises(ParameterError, match="nope"):
        executors.get("nope")

    class Serial(executors.LocalExecutor):
        def __init__(self, jobs=None, cluster=None):
            super().__init__(jobs=1)

    executors.register("serial-test", Serial)
    try:
        assert "serial-test" in executors.names()
        assert executors.create("serial-test", jobs=4).jobs == 1
    finally:
        executors._REGISTRY.pop("serial-test")


def test_cluster_address_needs_the_dask_executor(monkeypatch):
    """« --cluster » with the local executor is refused; BAROMETRE_CLUSTER, set on an Airflow worker for dask
    runs, made every local publication fail with « --cluster … demande l'exécuteur dask »: it is for dask only."""
    with pytest.raises(ParameterError, match="dask"):
        executors.create("local", cluster="tcp://127.0.0.1:1")
    monkeypatch.setenv("BAROMETRE_CLUSTER", "tcp://127.0.0.1:1")
    assert isinstance(executors.create("local"), executors.LocalExecutor)
    assert executors.create("dask").address == "tcp://127.0.0.1:1"


@pytest.mark.parametrize(("variable", "executor"), [("BAROMETRE_CELL_TIMEOUT", "local"),
                                                    ("BAROMETRE_CLUSTER_TIMEOUT", "dask")])  # fmt: skip
def test_an_unusable_timeout_stops_a_publication_before_any_period(small_data, tmp_path, monkeypatch, capsys,
                                                                  variable, executor):  # fmt: skip
    """BAROMETRE_CELL_TIMEOUT=abc was said once per period, each « held back as it was » (exit 1), and
    BAROMETRE_CLUSTER_TIMEOUT=abc read « Dask cluster unavailable » (69): a wrong parameter, exit 2, said once."""
    import json

    from barometre.cli import main

    monkeypatch.setenv(variable, "abc")
    args = [
        "publish",
        "--data",
        str(small_data),
        "--out",
        str(tmp_path / "r"),
        "--lang",
        "fr",
        "--executor",
        executor,
    ]
    assert main(args) == 2
    (record,) = [json.loads(p.read_text()) for p in (tmp_path / "r" / "runs").glob("*.json")]
    assert (
        record["status"] == "bad_parameters"
        and len(record["errors"]) == 1
        and variable in record["errors"][0]
    )
    assert "Paramètres invalides" in capsys.readouterr().out and not (tmp_path / "r" / PERIOD).exists()


@pytest.mark.parametrize(
    "address", ["garbage addr", "tcp://127.0.0.1", "udp://127.0.0.1:8786", "tcp://h:port"]
)
def test_an_address_no_cluster_can_have_is_a_parameter_error(small_data, tmp_path, address):
    """« --cluster tcp://127.0.0.1 » (no port) ended in Dask's traceback, exit 1 and « Interrompu » in the
    archive, as if the run had started: exit 2, the address and an example said, the record « parameters »."""
    import json

    from barometre.cli import main

    with pytest.raises(ParameterError, match="tcp://127.0.0.1:8786"):
        executors.create("dask", cluster=address)
    out = tmp_path / "r"
    args = ["publish", "--data", str(small_data), "--out", str(out), "--lang", "fr", "--periods", PERIOD,
            "--executor", "dask", "--cluster", address]  # fmt: skip
    assert main(args) == 2
    (record,) = [json.loads(p.read_text()) for p in (out / "runs").glob("*.json")]
    assert record["exit_code"] == 2 and address in " ".join(record["errors"])


def test_dataset_bundle_carries_an_outside_strategy_and_materialises_byte_for_byte(small_data, tmp_path):
    from barometre.render.dask_executor import KernelPlugin, dataset_bundle

    data = tmp_path / "data"
    shutil.copytree(small_data, data)
    strategy = ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml"
    shutil.copy(strategy, tmp_path / "strategy.yaml")
    meta = yaml.safe_load((data / "dataset.yaml").read_text(encoding="utf-8"))
    meta["strategy"] = "../strategy.yaml"
    (data / "dataset.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    bundle = dataset_bundle(data)
    assert bundle.files["_strategy.yaml"] == strategy.read_bytes()
    assert yaml.safe_load(bundle.files["dataset.yaml"])["strategy"] == "_strategy.yaml"
    plugin = KernelPlugin()
    plugin.setup()
    try:
        folder = plugin.materialise(bundle)
        assert plugin.materialise(bundle) == folder  # cached by hash
        assert (folder / "observations.csv").read_bytes() == (data / "observations.csv").read_bytes()
        from barometre import load_dataset

        assert load_dataset(folder).strategy.id == load_dataset(data).strategy.id
    finally:
        plugin.teardown()
    assert not plugin.root.exists()


def _another_version(plugin: str, dask_worker=None) -> None:
    """Run on one worker: its barometre as if it were another version."""
    dask_worker.plugins[plugin].fingerprint = "f" * 64


def test_dask_local_cluster_gives_the_same_pages_as_local(small_data, local_site, tmp_path):
    """The same pages as the local executor. A worker whose barometre is not the client's renders none:
    its pages would have mixed two versions of the methodology and the wording in one site."""
    out, other, third = tmp_path / "reports", tmp_path / "other", tmp_path / "third"
    with executors.create("dask", jobs=2) as ex:
        assert len(ex.client.scheduler_info()["workers"]) == 2
        summary = render_site(small_data, out, PERIOD, ["fr"], executor=ex)
        ours = ex.fingerprint
        ex.fingerprint = "0" * 64  # as if the workers had another version than this machine
        mixed = render_site(small_data, other, PERIOD, ["fr"], executor=ex)
        # one worker of another version: it took about half the pages and failed them, the other one idle
        ex.fingerprint, odd = ours, sorted(ex.client.scheduler_info()["workers"])[0]
        ex.client.run(_another_version, ex.plugin, workers=[odd])
        kept = render_site(small_data, third, PERIOD, ["fr"], executor=ex)
        said = list(ex.warnings)
    assert not kept.failed, [(r.key, r.error) for r in kept.failed]
    assert_same_site(local_site, third)
    (warning,) = said
    assert odd in warning and "n'a pas la même version du paquet barometre" in warning
    assert not summary.failed, [(r.key, r.error) for r in summary.failed]
    assert_same_site(local_site, out)
    notebook_pages = [r for r in summary.results if r.state == "rendered" and r.key.endswith(".html")]
    assert (
        len(mixed.failed) == len(notebook_pages) - 2
    )  # every page but the organisation index and the data page
    assert all("n'a pas la même version du paquet barometre" in r.error and "000000000000" in r.error
               and "same version of the barometre package" in r.error for r in mixed.failed)  # fmt: skip


@pytest.fixture
def external_cluster(tmp_path):
    """A scheduler and two one-thread workers, each a separate process in its own folder."""
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    sched_file = tmp_path / "scheduler.json"
    procs = [subprocess.Popen([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", sched_file],
                              cwd=tmp_path, env=env, stderr=subprocess.DEVNULL)]  # fmt: skip
    try:
        end = time.monotonic() + 60
        while not sched_file.exists() and time.monotonic() < end:
            time.sleep(0.2)
        for n in (1, 2):
            cwd = tmp_path / f"worker-{n}"
            cwd.mkdir()
            procs.append(subprocess.Popen([BIN / "dask", "worker", "--scheduler-file", sched_file, "--nthreads", "1",
                                           "--no-dashboard", "--name", f"w{n}", "--local-directory", cwd],
                                          cwd=cwd, env=env, stderr=subprocess.DEVNULL))  # fmt: skip
        from distributed import Client

        with Client(scheduler_file=str(sched_file), timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
            address = client.scheduler.address
        yield address
    finally:
        # the workers first, then the scheduler: a worker whose scheduler went first spent 8 s trying to
        # reach it before stopping; in this order the three are gone in a third of a second
        for group in (procs[1:], procs[:1]):
            for p in group:
                p.terminate()
            for p in group:
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()


def test_dask_external_cluster_through_publish_gives_the_same_pages(
    small_data, local_site, external_cluster, tmp_path
):
    assert external_cluster.startswith("tcp://127.0.0.1:")
    out = tmp_path / "reports"
    env = {**os.environ, "BAROMETRE_CLUSTER": external_cluster}
    proc = subprocess.run([BIN / "barometre", "publish", "--data", small_data, "--out", out, "--lang", "fr",
                           "--periods", PERIOD, "--executor", "dask"], env=env, capture_output=True, text=True,
                          timeout=900)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "\r" not in proc.stderr and "Rendu / Rendering" not in proc.stderr  # a log, not a terminal
    assert "pages rendues\u00a0: " in proc.stdout and "pages rendered: " in proc.stdout
    assert_same_site(local_site, out)
    import json

    (record,) = [json.loads(p.read_text()) for p in (out / "runs").glob("*.json")]
    assert record["executor"] == "dask" and record["pages"]["rendered"] >= 9


def test_unreachable_cluster_exits_69(small_data, tmp_path):
    """Exit 69 (EX_UNAVAILABLE): it was 2 and the record's status « Données inutilisables », which sent the
    person on call to the data."""
    import json

    env = {**os.environ, "BAROMETRE_CLUSTER_TIMEOUT": "2"}
    proc = subprocess.run([BIN / "barometre", "publish", "--data", small_data, "--out", tmp_path / "r", "--lang", "fr",
                           "--periods", PERIOD, "--executor", "dask", "--cluster", "tcp://127.0.0.1:9"],
                          capture_output=True, text=True, timeout=120, env=env)  # fmt: skip
    assert proc.returncode == 69, proc.stderr[-2000:]
    assert "tcp://127.0.0.1:9" in proc.stderr
    (record,) = [json.loads(p.read_text()) for p in (tmp_path / "r" / "runs").glob("*.json")]
    assert (record["status"], record["exit_code"]) == ("cluster", 69)


def scheduler_alone(folder: Path) -> tuple[subprocess.Popen, str]:
    """A Dask scheduler with no worker, in its own process: (process, address)."""
    sched_file = folder / "scheduler.json"
    proc = subprocess.Popen([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                             "--scheduler-file", sched_file], cwd=folder, stderr=subprocess.DEVNULL)  # fmt: skip
    end = time.monotonic() + 60
    while not sched_file.exists() and time.monotonic() < end:
        time.sleep(0.2)
    return proc, json.loads(sched_file.read_text())["address"]


def test_a_cluster_without_workers_stops_the_run_and_frees_the_lock(small_data, tmp_path):
    """A scheduler whose workers were gone took the pages and waited for ever, in silence, holding the
    lock: every later run exited 75 (a success for cron and systemd). It now stops after
    BAROMETRE_CLUSTER_TIMEOUT seconds without a worker, exit 69, saying what to do."""
    proc, address = scheduler_alone(tmp_path)
    try:
        env = {**os.environ, "BAROMETRE_CLUSTER_TIMEOUT": "2"}
        out = tmp_path / "r"
        args = [BIN / "barometre", "publish", "--data", small_data, "--out", out, "--lang", "fr", "--periods", PERIOD,
                "--executor", "dask", "--cluster", address]  # fmt: skip
        run = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
        assert run.returncode == 69, run.stderr[-2000:]
        assert f"La grappe Dask de {address} n'a aucun ouvrier depuis 2\u00a0s" in run.stderr, run.stderr[
            -2000:
        ]
        assert "Traceback" not in run.stderr and not (out / ".publish.lock").read_text()  # released
    finally:
        proc.kill()
        proc.wait()


def test_a_cluster_lost_mid_run_is_one_error_not_one_per_page(tmp_path, caplog):
    """The scheduler killed during a render: 53 « FutureCancelledError » lines, then a traceback at the next
    period (« Client is closed »). The run now stops with one ClusterError naming the cluster."""
    import threading

    from barometre.errors import ClusterError
    from barometre.render.dask_executor import DaskExecutor
    from barometre.render.execute import Job

    sched, address = scheduler_alone(tmp_path)
    worker = subprocess.Popen([BIN / "dask", "worker", address, "--nthreads", "1", "--no-dashboard"],
                              cwd=tmp_path, stderr=subprocess.DEVNULL)  # fmt: skip
    notebook = stub_notebook(tmp_path)
    jobs = [Job(f"slow-{n}", str(notebook), {"page": f"slow-{n}", "data_dir": str(tmp_path)}, str(tmp_path))
            for n in range(3)]  # fmt: skip
    import dask

    try:  # the client tries to reach a lost scheduler again for « connect » seconds (30 by default)
        with (
            dask.config.set({"distributed.comm.timeouts.connect": "3s"}),
            DaskExecutor(cluster=address) as ex,
        ):
            threading.Timer(4.0, sched.kill).start()  # while the first slow page runs
            start = time.monotonic()
            with pytest.raises(ClusterError) as err:
                list(ex.run(jobs))
            assert time.monotonic() - start < 60
        assert f"Le lien avec la grappe Dask ({address}) est perdu" in str(err.value)
        time.sleep(3)  # the client's reconnection, cancelled by close(), logged its traceback after the run
        said = [r for r in caplog.records if r.name.startswith("distributed") and r.levelno >= logging.ERROR]
        assert not said, [(r.name, r.getMessage(), r.exc_info and r.exc_info[0]) for r in said]
    finally:
        for proc in (worker, sched):
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("value", ["0", "vite", "-3"])
def test_cluster_timeout_must_be_a_positive_number(monkeypatch, value):
    from barometre.errors import BarometreError
    from barometre.render.dask_executor import connect_timeout

    monkeypatch.setenv("BAROMETRE_CLUSTER_TIMEOUT", value)
    with pytest.raises(BarometreError, match="BAROMETRE_CLUSTER_TIMEOUT"):
        connect_timeout()
    monkeypatch.setenv("BAROMETRE_CLUSTER_TIMEOUT", "2,5")
    assert connect_timeout() == 2.5


def stub_notebook(folder: Path) -> Path:
    """A page whose parameter ``page`` says what it does: « kill… » kills its worker (the kernel's parent)
    as the system would, « die… » its own kernel, « slow… » runs a cell for a minute, « pause… » for a second,
    « pid… » shows its name and its kernel's process id; any other shows its name."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell('page = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import os, time\nif page.startswith('kill'):\n    os.kill(os.getppid(), 9)\n"
                                  "if page.startswith('die'):\n    os.kill(os.getpid(), 9)\n"
                                  "if page.startswith('slow'):\n    time.sleep(60)\n"
                                  "if page.startswith('pause'):\n    time.sleep(1)\n"
                                  "if page.startswith('pid'):\n    page = f'{page}:{os.getpid()}'"),
        nbformat.v4.new_code_cell("from IPython.display import HTML\nHTML(f'<p>{page}</p>')"),
    ]  # fmt: skip
    path = folder / "page.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_worker_killed_mid_page_fails_that_page_and_the_others_go_on(tmp_path, monkeypatch):
    """The system's out-of-memory killer (or an operator's kill -9) stopping a render worker ended the whole
    render in a Python traceback, « RuntimeError: all render workers stopped unexpectedly », once the other
    workers were done, and left the killed worker's folder in the temporary directory. Now the page it had
    fails, saying how the worker stopped, a new worker takes the pages left (a few times at most: then the
    pages left are failed, said so), every page gets exactly one outcome, and no folder stays behind."""
    import tempfile

    from barometre.render.execute import Job
    from barometre.render.worker_pool import execute_all

    notebook = stub_notebook(tmp_path)
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    # One worker: it dies on kill-1; a new one renders ok-1 and dies on kill-2; the last one allowed dies on
    # kill-3; nobody is left for ok-2.
    keys = ["kill-1", "ok-1", "kill-2", "kill-3", "ok-2"]
    jobs = [Job(k, str(notebook), {"page": k}, str(tmp_path)) for k in keys]
    outcomes = {o.key: o for o in execute_all(jobs, workers=1)}
    assert sorted(outcomes) == sorted(keys)
    assert outcomes["ok-1"].ok and "ok-1" in outcomes["ok-1"].content
    for key in ("kill-1", "kill-2", "kill-3"):
        o = outcomes[key]
        assert not o.ok
        assert o.texts["fr"].startswith(
            "le processus de rendu s'est arrêté pendant cette page (signal SIGKILL)"
        )
        assert o.texts["en"].startswith("the render process stopped during this page (signal SIGKILL)")
        assert o.error == f"{o.texts['fr']} / {o.texts['en']}"
    left = outcomes["ok-2"]
    assert not left.ok
    assert left.texts["fr"].startswith("page non rendue\u00a0: les processus de rendu se sont arrêtés 3 fois")
    assert left.texts["en"].startswith(
        "page not rendered: the render processes stopped 3 times (the last: signal SIGKILL)"
    )
    assert list(work.iterdir()) == []


def _kernel_pids(outcomes) -> set[int]:
    return {int(o.content.split("</p>")[0].rsplit(":", 1)[1]) for o in outcomes}


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in "ZX"  # ended, not yet reaped by its new parent


def test_the_tests_renders_share_warm_workers_while_what_they_inherit_holds(tmp_path, monkeypatch, request):
    """The test suite's speed-up (tests/warm_workers.py): two runs, each on an executor of its own as the
    commands make them, use one kernel; a variable set since (a test's ``monkeypatch.setenv``) gets a
    worker that sees it; a run stopped early leaves the next one a new worker, as the product does."""
    from barometre.render.execute import Job
    from warm_workers import SharedPools, install

    notebook = stub_notebook(tmp_path)
    shared = SharedPools()  # its own, whatever the other tests use (BAROMETRE_FRESH_WORKERS included)
    request.addfinalizer(shared.close)
    request.addfinalizer(install(shared))

    def run(*keys):
        with executors.LocalExecutor(jobs=1) as ex:
            return _kernel_pids(ex.run([Job(k, str(notebook), {"page": k}, str(tmp_path)) for k in keys]))

    first, second = run("pid-1"), run("pid-2")
    assert len(first) == 1 and second == first
    monkeypatch.setenv("BAROMETRE_CELL_TIMEOUT", "120")
    third = run("pid-3")
    assert third.isdisjoint(first) and all(_gone(pid) for pid in first)
    with executors.LocalExecutor(jobs=1) as ex:
        left = ex.run([Job(k, str(notebook), {"page": k}, str(tmp_path)) for k in ("pause-1", "pause-2")])
        next(left)
        left.close()
    assert run("pid-4").isdisjoint(third)
    assert shared.started == 2


@pytest.mark.fresh_workers  # the product's own worker lifecycle (tests/warm_workers.py)
def test_an_entered_local_executor_keeps_its_kernels_from_one_period_to_the_next(tmp_path, monkeypatch):
    """A publication renders its periods one after another on one executor, yet each period started worker
    processes and kernels of its own: about three seconds before each period's first page (the demo's four
    periods took 64 s, now 53 s). The periods now share them; a run ended early stops its workers (the next run starts
    new ones), and the executor's exit stops them all and leaves no folder behind."""
    import tempfile

    from barometre.render.execute import Job

    notebook = stub_notebook(tmp_path)
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))

    def jobs(*keys):
        return [Job(k, str(notebook), {"page": k}, str(tmp_path)) for k in keys]

    with executors.LocalExecutor(jobs=1) as ex:
        first = _kernel_pids(ex.run(jobs("pid-1", "pid-2")))
        second = _kernel_pids(ex.run(jobs("pid-1", "pid-3")))
        assert len(first) == 1 and second == first  # the same kernel, same worker
        left = ex.run(jobs("pause-1", "pause-2", "pause-3"))
        next(left)
        left.close()  # the caller stopped reading (an error, Ctrl-C): its workers are stopped
        third = _kernel_pids(ex.run(jobs("pid-4")))
        assert third.isdisjoint(first)
        (outcome,) = ex.run(jobs("after"))
        assert outcome.ok and "after" in outcome.content
    assert all(_gone(pid) for pid in first | third)
    assert list(work.iterdir()) == []


@pytest.mark.fresh_workers  # the product's own worker lifecycle (tests/warm_workers.py)
def test_pages_no_worker_took_are_never_rendered_for_the_next_period(tmp_path):
    """Its workers kept from one period to the next, a period whose workers all stopped left its pages no
    worker took in the queue: the next period's first worker rendered them, and the next period's page of the
    same name (« fr/index.html ») was published with the earlier period's content."""
    from barometre.render.execute import Job

    notebook = stub_notebook(tmp_path)
    with executors.LocalExecutor(jobs=1) as ex:
        keys = ["kill-1", "kill-2", "kill-3", "fr/index.html"]
        done = {o.key: o for o in ex.run([Job(k, str(notebook), {"page": k}, str(tmp_path)) for k in keys])}
        assert done["fr/index.html"].texts["en"].startswith("page not rendered: the render processes stopped")
        (again,) = ex.run([Job("fr/index.html", str(notebook), {"page": "next period"}, str(tmp_path))])
    assert again.ok and "next period" in again.content, again


def test_a_page_that_kills_its_dask_worker_fails_alone(tmp_path, monkeypatch, caplog):
    """Under Dask, a page that killed its worker (memory) is tried on other workers, which die too. The
    dataset was scattered to the workers: with them it was lost for good, and every page still to render was
    cancelled, « FutureCancelledError: … already forgotten ». Now the dataset is a task Dask computes again,
    only that page fails, and its message says what to try, in both languages. The folders the killed
    workers left in the temporary directory go at the next render, once no process holds them."""
    import tempfile

    from barometre.render import scratch
    from barometre.render.execute import Job

    notebook = stub_notebook(tmp_path)
    keys = ["kill", *(f"pause-{i}" for i in range(8))]
    jobs = [Job(k, str(notebook), {"page": k, "data_dir": str(DEMO)}, str(tmp_path)) for k in keys]
    temp = tmp_path / "tmp"  # the workers' temporary directory (they inherit TMPDIR)
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    with executors.create("dask", jobs=2) as ex:
        outcomes = {o.key: o for o in ex.run(jobs)}
    left = sorted(p for p in temp.glob("barometre-*"))
    assert left, "a killed worker leaves its folders (if none is left, this test no longer shows the purge)"
    for folder in left:  # as a minute later
        os.utime(folder, (time.time() - 2 * scratch.YOUNG,) * 2)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    purged = scratch.purge_stale("barometre-kernel-") + scratch.purge_stale("barometre-dask-")
    assert sorted(map(Path, purged)) == left and not list(temp.glob("barometre-*"))
    assert sorted(outcomes) == sorted(keys)
    failed = {k: o.error for k, o in outcomes.items() if not o.ok}
    assert list(failed) == ["kill"], failed
    assert (
        outcomes["kill"].texts["fr"].startswith("les ")
        and "manque de mémoire" in outcomes["kill"].texts["fr"]
    )
    assert "lack of memory" in outcomes["kill"].texts["en"]
    # the workers lost are said (Dask's retries were silent: a run ended « code 0 » with nothing to say so)
    lost = [r.getMessage() for r in caplog.records if "Un travailleur Dask (" in r.getMessage()]
    assert lost and all("est parti pendant la publication" in m and "A Dask worker (" in m for m in lost), (
        lost
    )
    assert ex.warnings == lost  # kept for the publication's record (it was on stderr only)


def test_what_an_executor_says_while_it_renders_is_in_the_run_s_record(small_data, tmp_path):
    """A Dask worker gone while it rendered a page was said on stderr only: the run's record (Airflow's XCom)
    had « warnings: [] »."""
    import json

    from barometre.cli import main

    class Saying(executors.LocalExecutor):
        def run(self, jobs):
            self.warnings = ["Un travailleur Dask (tcp://127.0.0.1:1) est parti pendant la publication"]
            yield from super().run(jobs)

    executors.register("saying", Saying)
    try:
        out = tmp_path / "r"
        args = ["publish", "--data", str(small_data), "--out", str(out), "--lang", "fr", "--periods", PERIOD,
                "--executor", "saying", "--jobs", "1"]  # fmt: skip
        assert main(args) == 0
    finally:
        executors._REGISTRY.pop("saying")
    (record,) = [json.loads(p.read_text()) for p in (out / "runs").glob("*.json")]
    assert record["warnings"] == ["Un travailleur Dask (tcp://127.0.0.1:1) est parti pendant la publication"]


def test_a_page_that_hangs_is_given_up_and_the_next_one_renders(tmp_path):
    """A page whose cell never ends (a loop on data nobody foresaw) hung the render for ever: a scheduled
    publication kept its lock and every later run exited 75, « already running », for weeks. A cell that runs
    longer than BAROMETRE_CELL_TIMEOUT gives the page up, says so, and the kernel is restarted for the next."""
    from barometre.render.execute import Job
    from barometre.render.worker_pool import execute_all

    notebook = stub_notebook(tmp_path)
    jobs = [Job(k, str(notebook), {"page": k}, str(tmp_path), timeout=2) for k in ("slow", "after")]
    outcomes = {o.key: o for o in execute_all(jobs, workers=1)}
    slow = outcomes["slow"]
    assert not slow.ok and 2 <= slow.seconds < 60, slow
    assert slow.texts["fr"].startswith("une cellule de la page tournait encore après 2\u00a0s")
    assert "BAROMETRE_CELL_TIMEOUT" in slow.texts["fr"] and "BAROMETRE_CELL_TIMEOUT" in slow.texts["en"]
    assert slow.texts["en"].startswith("a cell of the page was still running after 2 s")
    assert outcomes["after"].ok and "after" in outcomes["after"].content


@pytest.mark.parametrize("value", ["0", "jamais", "-1"])
def test_cell_timeout_must_be_a_positive_number(monkeypatch, value, tmp_path):
    from barometre.render.execute import cell_timeout

    monkeypatch.setenv("BAROMETRE_CELL_TIMEOUT", value)
    with pytest.raises(ParameterError, match="BAROMETRE_CELL_TIMEOUT"):
        cell_timeout()
    monkeypatch.setenv("BAROMETRE_CELL_TIMEOUT", "2,5")
    assert cell_timeout() == 2.5
    monkeypatch.delenv("BAROMETRE_CELL_TIMEOUT")
    assert cell_timeout() == 600


def test_a_script_without_a_main_guard_on_a_local_dask_cluster_is_told_what_to_write(tmp_path):
    """The same script as tests/test_render.py's, on the dask executor: each worker of the LocalCluster read
    the script again as it started and started a cluster of its own, and the user got 400 lines of
    tracebacks ending in « Nanny failed to start ». Now one error says what to write."""
    from barometre.i18n import t

    proc = run_script_without_main_guard(
        tmp_path,
        "from barometre.render import executors\n"
        "from barometre.render.site import render_site\n"
        "with executors.create('dask', jobs=1) as ex:\n"
        f"    render_site({str(DEMO)!r}, {str(tmp_path / 'out')!r}, '2022-2023', ['fr'], executor=ex)\n",
    )
    assert t("site.error.main_guard_dask", "en") in proc.stderr
    assert "Nanny failed to start" not in proc.stderr
    assert len(proc.stderr.splitlines()) < 30, proc.stderr[-3000:]


def test_data_saved_during_a_render_leave_the_published_period_as_it_was(small_data, local_site, tmp_path):
    """Each page's kernel reads the data folder again: a file saved while the pages ran (an ingest during
    the night's publication) mixed two versions of the data in one publication, and the manifest said the
    first. The render now stops before the swap, names the file, and the period stays as it was."""
    from barometre.errors import RenderError
    from barometre.render.execute import failed_outcome

    data, out = tmp_path / "data", tmp_path / "reports"
    shutil.copytree(small_data, data)
    shutil.copytree(local_site, out)
    before = pages(out)

    class SavedMeanwhile(executors.LocalExecutor):
        """The first page runs; meanwhile an analyst saves observations.csv (no kernel needed here)."""

        def run(self, jobs):
            with (data / "observations.csv").open("a", encoding="utf-8") as fh:
                fh.write(f"{PERIOD},{first_code(data)},1.1,1,2,,\n")
            for job in jobs:
                yield failed_outcome(job.key, "site.error.no_language")

    with SavedMeanwhile() as ex, pytest.raises(RenderError) as caught:
        render_site(data, out, PERIOD, ["fr"], force=True, executor=ex)
    message = str(caught.value)
    assert "ont changé pendant la publication de 2022-2023 (observations.csv)" in message.replace(
        "\u00a0", " "
    )
    assert "changed while 2022-2023 was being published (observations.csv)" in message
    assert pages(out) == before  # nothing replaced
    assert not [p.name for p in out.iterdir() if p.name.startswith(".staging")]
    # a publication passes the hashes it read first: data saved before a period's render stop it at once
    read_first = {**load_dataset(small_data).file_hashes, "observations.csv": "0" * 64}
    with pytest.raises(RenderError, match=r"\(observations\.csv\)"):
        render_site(small_data, out, PERIOD, ["fr"], expect=read_first)


def first_code(data: Path) -> str:
    """The first organisation code of ``data``'s organisations.csv."""
    return (data / "organisations.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]


def test_a_page_whose_kernel_is_killed_says_how_and_the_next_page_runs(tmp_path):
    """A kernel killed by the system (out of memory) failed its page with « DeadKernelError: Kernel died »
    and nothing of how. The page now says the signal and what to do; the kernel is restarted for the next."""
    from barometre.render.execute import Job, KernelWorker

    notebook = stub_notebook(tmp_path)
    worker = KernelWorker()
    try:
        died = worker.run(Job("die-1", str(notebook), {"page": "die-1"}, str(tmp_path)))
        after = worker.run(Job("ok-1", str(notebook), {"page": "ok-1"}, str(tmp_path)))
    finally:
        worker.close()
    assert not died.ok
    assert died.texts["fr"].startswith(
        "le noyau de la page s'est arrêté pendant son exécution (signal SIGKILL)"
    )
    assert died.texts["en"].startswith("the page's kernel stopped while it ran (signal SIGKILL)")
    assert after.ok and "ok-1" in after.content


def _idle_cluster(monkeypatch, workers: dict) -> tuple[list[float], object]:
    """A clock that each pause waiting for pages moves on, and a running client whose workers are ``workers``."""
    import distributed
    from barometre.render import dask_executor

    clock = [0.0]

    class Watched:  # a Dask « as_completed » whose pages never complete
        def __init__(self, futures):
            pass

        def has_ready(self):
            return False

    def sleep(seconds):
        clock[0] += seconds

    class Client:
        status = "running"

        def nthreads(self):
            return workers

    monkeypatch.setattr(distributed, "as_completed", Watched)
    monkeypatch.setattr(dask_executor.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(dask_executor.time, "sleep", sleep)
    return clock, Client()


@pytest.mark.parametrize(("address", "gives_up_after"), [("tcp://10.0.0.5:8786", 20), (None, 300)])
def test_a_cluster_without_workers_is_given_up_after_its_limit(monkeypatch, address, gives_up_after):
    """No worker for BAROMETRE_CLUSTER_TIMEOUT (20 s) stops a run on an external cluster. Our own
    LocalCluster's nannies restart a killed worker, which took more than 20 s on a loaded machine: a page that
    killed its worker failed the whole render; it waits 5 minutes for its workers to come back."""
    from barometre.errors import ClusterError
    from barometre.render import dask_executor

    clock, client = _idle_cluster(monkeypatch, {})
    monkeypatch.delenv("BAROMETRE_CLUSTER_TIMEOUT", raising=False)
    with pytest.raises(ClusterError, match=f"no worker for {gives_up_after} s:"):
        list(dask_executor._completed(client, [object()], address))
    assert gives_up_after < clock[0] <= gives_up_after + 2 * dask_executor.POLL_SECONDS


def test_pages_held_for_workers_of_this_version_say_why_when_only_others_are_left(monkeypatch):
    """The pages are held for the workers of the client's version: with only workers of another version left,
    the run stopped saying the cluster « n'a aucun ouvrier » while two were there."""
    from barometre.errors import ClusterError
    from barometre.render import dask_executor

    # another version's worker only; tcp://10.0.0.6:1, this version's, is gone
    _clock, client = _idle_cluster(monkeypatch, {"tcp://10.0.0.7:1": 1})
    monkeypatch.setenv("BAROMETRE_CLUSTER_TIMEOUT", "20")
    with pytest.raises(ClusterError, match="only workers of another version of the barometre package"):
        list(dask_executor._completed(client, [object()], "tcp://10.0.0.5:8786", {"tcp://10.0.0.6:1"}))


def test_two_runs_sharing_a_cluster_each_keep_their_own_plugin():
    """Two publications on one cluster registered one plugin name: the second replaced the first's (its
    kernels killed mid-page) and the first to end removed the other's (« KeyError: 'barometre-kernel' »)."""
    from distributed import LocalCluster

    def plugins(executor):
        return set(executor.client.run(lambda dask_worker: sorted(dask_worker.plugins)).popitem()[1])

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with executors.create("dask", cluster=cluster.scheduler_address) as first:
            with executors.create("dask", cluster=cluster.scheduler_address) as second:
                assert first.plugin != second.plugin
                assert {first.plugin, second.plugin} <= plugins(first)
            assert first.plugin in plugins(first) and second.plugin not in plugins(first)
            # a run whose process died (kill -9) never removed its plugin: the next run removes it
            dead = executors.create("dask", cluster=cluster.scheduler_address).__enter__()
            dead.client.close()
            assert dead.plugin in plugins(first)
            with executors.create("dask", cluster=cluster.scheduler_address) as third:
                assert dead.plugin not in plugins(third) and first.plugin in plugins(third)


def test_a_kernel_busy_with_a_page_is_closed_once_the_page_is_done(tmp_path):
    """A publication stopped by SIGTERM removes its plugin while a page runs: closing that kernel from
    another thread crashed the worker (« Assertion failed: pfd.revents & POLLIN », signal 6)."""
    import threading

    from barometre.render.dask_executor import KernelPlugin

    started, release, closed = threading.Event(), threading.Event(), []

    class Kernel:
        def run(self, job, source=None):
            started.set()
            release.wait(10)
            return f"page {job}"

        def close(self):
            closed.append(threading.current_thread().name)

    plugin = KernelPlugin(name="barometre-kernel-test")
    plugin.setup()
    kernel = Kernel()
    plugin.kernel = lambda: kernel  # the page thread's kernel
    plugin._kernels.append(kernel)
    page = []
    worker = threading.Thread(target=lambda: page.append(plugin.run("p", "{}")), name="page")
    worker.start()
    assert started.wait(10)
    plugin.teardown()
    assert closed == [] and plugin.root.exists()  # not while it runs
    release.set()
    worker.join(10)
    assert page == ["page p"] and closed == ["page"] and not plugin.root.exists()


def test_the_fingerprint_is_that_of_the_code_the_process_loaded(tmp_path, monkeypatch):
    """A worker started before an upgrade in place runs the old code: its fingerprint must stay the old one,
    so that its pages fail with the version message instead of a template error of the other version."""
    from barometre.render import fingerprint

    loaded = fingerprint.library_fingerprint()
    (tmp_path / "barometre").mkdir()
    (tmp_path / "barometre" / "new.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(fingerprint.resources, "files", lambda name: tmp_path / name)
    assert fingerprint.library_fingerprint() == loaded
    fingerprint.library_fingerprint.cache_clear()
    try:
        assert fingerprint.library_fingerprint() != loaded  # what a new process would compute
    finally:
        fingerprint.library_fingerprint.cache_clear()


def _stopping_script(tmp_path: Path, body: str, *args: str, timeout: float) -> subprocess.CompletedProcess:
    """Run ``body`` under ``if __name__ == '__main__':`` in a new Python with this library, what it needs
    to render pages imported (``os``, ``signal``, ``sys``, ``Job``, ``execute_all``)."""
    header = ("import os, signal, sys\nfrom barometre.render.execute import Job\n"
              "from barometre.render.worker_pool import execute_all\nif __name__ == '__main__':\n")  # fmt: skip
    script = tmp_path / "stop.py"
    script.write_text(header + body, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
    try:
        return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True,
                              timeout=timeout, env=env, cwd=tmp_path)  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise AssertionError("the process did not end once its render was stopped") from exc


def test_a_render_stopped_with_many_pages_left_lets_its_process_end(tmp_path):
    """Stopped (SIGTERM, Ctrl-C) with more pages left than a pipe holds (~250 at 300 organisations), the
    process never ended: the pages no worker would take were still being written to the workers' queue, and
    the interpreter waited for that at exit. The scheduler's stop hung until its SIGKILL."""
    body = (
        "    nb, cwd = sys.argv[1], sys.argv[2]\n"  # 200 jobs of ~1.3 KB: more than the 64 KB a pipe holds
        "    jobs = [Job(f'ok-{i}', nb, {'page': f'ok-{i}', 'pad': 'x' * 1000}, cwd) for i in range(200)]\n"
        "    pages = execute_all(jobs, workers=1)\n"
        "    print(next(pages).key, flush=True)\n"
        "    pages.close()  # what a signal does to the render: the pages left are given up\n"
    )
    done = _stopping_script(tmp_path, body, str(stub_notebook(tmp_path)), str(tmp_path), timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["ok-0"]


def test_a_page_stopped_in_the_middle_leaves_no_traceback_in_the_log(tmp_path):
    """A publication stopped (SIGTERM, Ctrl-C) while a page ran wrote asyncio's « Task exception was never
    retrieved … DeadKernelError: Kernel died » and its traceback to the run's log, one per worker."""
    import nbformat

    marker = tmp_path / "running"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    nb.cells = [nbformat.v4.new_code_cell(f"import pathlib, time\npathlib.Path({str(marker)!r}).touch()\n"
                                          "time.sleep(120)")]  # fmt: skip
    nbformat.write(nb, tmp_path / "page.ipynb")
    body = (
        "    def stop(*_):\n"
        f"        if os.path.exists({str(marker)!r}):  # the page is running: stop as Ctrl-C does\n"
        "            raise KeyboardInterrupt\n"
        "    signal.signal(signal.SIGALRM, stop)\n"
        "    signal.setitimer(signal.ITIMER_REAL, 0.5, 0.5)\n"
        "    try:\n"
        "        list(execute_all([Job('page', sys.argv[1], {}, sys.argv[2])], workers=1))\n"
        "    except KeyboardInterrupt:\n"
        "        signal.setitimer(signal.ITIMER_REAL, 0)\n"
        "        print('stopped', flush=True)\n"
    )
    done = _stopping_script(tmp_path, body, str(tmp_path / "page.ipynb"), str(tmp_path), timeout=180)
    assert done.stdout.split() == ["stopped"], done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "never retrieved" not in done.stderr, done.stderr[-2000:]
