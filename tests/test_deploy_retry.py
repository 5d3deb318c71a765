"""The cron line and the systemd unit in deploy/ try a lock-held publication (exit 75) again, a bounded number of
times, before reporting it as they did (no failure); every other code is final at once."""

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

CRONTAB = ROOT / "deploy" / "cron" / "barometre.crontab"
SERVICE = ROOT / "deploy" / "systemd" / "barometre-publish.service"
STAMP = r"===== \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC barometre publish : "


def fake_barometre(project: Path, codes: list[int]) -> Path:
    """``project/.venv/bin/barometre`` exiting with ``codes`` in turn (the last one again), each call counted."""
    calls = project / "calls"
    script = project / ".venv" / "bin" / "barometre"
    script.parent.mkdir(parents=True)
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> {calls}\n'
        f"n=$(wc -l < {calls}); set -- {' '.join(map(str, codes))}\n"
        'while [ "$n" -gt 1 ] && [ $# -gt 1 ]; do shift; n=$((n - 1)); done\n'
        '[ "$1" -eq 75 ] && echo "Erreur / Error: Une publication est déjà en cours dans ce dossier (pid 4242)" >&2\n'
        'exit "$1"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return calls


def calls(project: Path) -> int:
    path = project / "calls"
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


def cron_run(
    tmp_path: Path, codes: list[int], **settings: str
) -> tuple[subprocess.CompletedProcess, Path, str]:
    """The crontab's job as cron runs it: « \\% » is « % », a bare environment with the crontab's variables."""
    project = tmp_path / "srv"
    fake_barometre(project, codes)
    (project / "deploy").symlink_to(ROOT / "deploy")  # the line runs deploy/cron/barometre-publish.sh
    lines = CRONTAB.read_text(encoding="utf-8").splitlines()
    variables = dict(x.split("=", 1) for x in lines if x and not x.startswith("#") and "=" in x.split()[0])
    (job,) = [x for x in lines if x and not x.startswith("#") and "=" not in x.split()[0]]
    command = job.split(None, 6)[6]
    assert "%" not in command.replace("\\%", ""), "an unescaped % ends a cron command"
    log = tmp_path / "log" / "publish.log"
    variables.update(BAROMETRE_LOG=str(log), **settings)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LOGNAME": "barometre", **variables}
    command = command.replace("\\%", "%").replace("/srv/barometre", str(project))
    proc = subprocess.run(["env", "-i", *(f"{k}={v}" for k, v in env.items()), variables["SHELL"], "-c", command],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    return proc, project, log.read_text(encoding="utf-8")


def test_the_crontab_sets_its_retries_where_they_are_seen_and_cron_takes_its_line():
    """Debian's cron refuses a command over 998 characters (« command too long »): the loop is in a script."""
    text = CRONTAB.read_text(encoding="utf-8")
    assert "\nBAROMETRE_LOCK_RETRIES=6\n" in text and "\nBAROMETRE_LOCK_RETRY_MINUTES=30\n" in text
    (job,) = [x for x in text.splitlines() if x and not x.startswith("#") and "=" not in x.split()[0]]
    assert len(job.split(None, 6)[6]) <= 998


def test_the_cron_job_tries_a_held_lock_again_and_the_retry_publishes(tmp_path):
    """Exit 75 was accepted and the job ended: a run holding the lock since before the week's data came left
    them a week unpublished. The job now waits BAROMETRE_LOCK_RETRY_MINUTES and tries again."""
    proc, project, log = cron_run(tmp_path, [75, 0], BAROMETRE_LOCK_RETRY_MINUTES="0.01")
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""  # no mail: published
    assert calls(project) == 2
    assert len(re.findall(STAMP + "début / start =====", log)) == 2  # each attempt between its dated lines
    assert re.search(STAMP + "fin / end, code 75 =====", log) and re.search(
        STAMP + "fin / end, code 0 =====", log
    )
    assert ("barometre publish : une autre publication tient le verrou (essai 1 sur 7) ; nouvel essai dans "
            "0.01 min / another publication holds the lock (attempt 1 of 7); trying again in 0.01 min") in log  # fmt: skip
    assert "(pid 4242)" in log and "toujours" not in log


def test_the_cron_job_gives_up_after_its_retries_as_no_failure_saying_how_many(tmp_path):
    proc, project, log = cron_run(
        tmp_path, [75], BAROMETRE_LOCK_RETRIES="2", BAROMETRE_LOCK_RETRY_MINUTES="0.01"
    )
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""  # as before: no failure, no mail
    assert calls(project) == 3
    assert len(re.findall(STAMP + "fin / end, code 75 =====", log)) == 3
    assert "(essai 2 sur 3)" in log and "(essai 3 sur 3)" not in log
    assert log.rstrip().endswith(
        "barometre publish : une autre publication tient toujours le verrou (essais : 3) ; rien n'est publié avant "
        "la prochaine exécution / another publication still holds the lock (attempts: 3); nothing is published "
        "before the next run"
    )


@pytest.mark.parametrize("code", [1, 2, 74])
def test_the_cron_job_never_tries_another_code_again(tmp_path, code):
    proc, project, log = cron_run(tmp_path, [code, 0], BAROMETRE_LOCK_RETRY_MINUTES="0.01")
    assert proc.returncode == code and calls(project) == 1
    assert proc.stdout.startswith(f"barometre publish : code {code} / exit code {code}")
    assert "essai" not in log


def service_command() -> tuple[list[str], dict[str, str]]:
    """The unit's ExecStart as systemd runs it (« $$ » is « $ »), and its Environment= settings."""
    lines = SERVICE.read_text(encoding="utf-8").splitlines()
    (start,) = [x.split("=", 1)[1] for x in lines if x.startswith("ExecStart=")]
    assert "%" not in start and "\\" not in start, "systemd would read a specifier or an escape"
    assert "$" not in start.replace("$$", ""), "systemd would expand a single $ itself"
    env = dict(x.split("=", 1)[1].split("=", 1) for x in lines if x.startswith("Environment=BAROMETRE_LOCK"))
    return shlex.split(start.replace("$$", "$")), env


def settings() -> dict[str, str]:
    lines = SERVICE.read_text(encoding="utf-8").splitlines()
    return dict(
        x.split("=", 1) for x in lines if "=" in x and not x.startswith("#") and not x.startswith("Exec")
    )


def test_the_unit_restarts_on_75_only_as_a_success_and_systemd_accepts_it(tmp_path):
    """SuccessExitStatus=75 alone made 75 the end of the week's run. Now 75 forces a restart after RestartSec
    (RestartForceExitStatus, which Type=oneshot refuses: the unit is Type=exec, stopped after RuntimeMaxSec=6h)
    and only 75: Restart= stays « no », 1 and 2 are failures, never restarted."""
    unit = settings()
    assert unit["Type"] == "exec" and unit.get("Restart", "no") == "no"
    assert unit["SuccessExitStatus"] == "75" and unit["RestartForceExitStatus"] == "75"
    assert unit["RestartSec"] == "30min" and unit["RuntimeMaxSec"] == "6h"
    assert unit["RuntimeDirectoryPreserve"] == "restart"  # the attempts counted survive a restart, not a stop
    assert "TimeoutStartSec" not in unit  # a Type=exec unit starts at once: it would limit nothing
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    folder = tmp_path / "units"
    folder.mkdir()
    for unit_file in SERVICE.parent.iterdir():
        shutil.copy(unit_file, folder)
    verify = subprocess.run([analyze, "verify", *(str(p) for p in sorted(folder.iterdir()))],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert verify.returncode == 0 and verify.stderr == "", verify.stderr


def systemd_runs(tmp_path: Path, codes: list[int], retries: str | None = None) -> tuple[list[int], str, Path]:
    """Start the unit's command as systemd would: again while it exits 75 (RestartForceExitStatus=75), with its
    RuntimeDirectory kept between restarts (RuntimeDirectoryPreserve=restart)."""
    project = tmp_path / "srv"
    fake_barometre(project, codes)
    command, env = service_command()
    if retries is not None:
        env["BAROMETRE_LOCK_RETRIES"] = retries
    runtime = tmp_path / "run" / "barometre-publish"
    runtime.mkdir(parents=True)
    env.update(PATH="/usr/bin:/bin", RUNTIME_DIRECTORY=str(runtime))
    exits, journal = [], ""
    while len(exits) < 20:
        proc = subprocess.run(["env", "-i", *(f"{k}={v}" for k, v in env.items()), *command], cwd=project,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)  # fmt: skip
        exits.append(proc.returncode)
        journal += proc.stdout  # the journal has both, in their order
        if proc.returncode != 75:
            break
    return exits, journal, project


def test_the_unit_tries_a_held_lock_again_then_ends_as_no_failure_saying_how_many(tmp_path):
    exits, journal, project = systemd_runs(tmp_path, [75])
    assert exits == [75] * 6 + [0] and calls(project) == 7  # BAROMETRE_LOCK_RETRIES=6: 7 attempts
    assert ("barometre publish : une autre publication tient le verrou (essai 6 sur 7) ; nouvel essai après "
            "RestartSec / another publication holds the lock (attempt 6 of 7); trying again after RestartSec") in journal  # fmt: skip
    assert journal.rstrip().endswith(
        "barometre publish : une autre publication tient toujours le verrou (essais : 7) ; rien n’est publié avant "
        "la prochaine exécution du minuteur / another publication still holds the lock (attempts: 7); nothing is "
        "published before the timer next runs"
    )


def test_the_unit_publishes_at_the_retry_and_never_restarts_another_code(tmp_path):
    exits, journal, project = systemd_runs(tmp_path, [75, 0])
    assert exits == [75, 0] and calls(project) == 2 and "(essai 1 sur 7)" in journal
    for code in (1, 2):
        exits, journal, project = systemd_runs(tmp_path / str(code), [code, 0])
        assert exits == [code] and calls(project) == 1 and "essai" not in journal
    exits, _journal, project = systemd_runs(tmp_path / "none", [75, 0], retries="0")
    assert exits == [0] and calls(project) == 1  # BAROMETRE_LOCK_RETRIES=0: never tried again
