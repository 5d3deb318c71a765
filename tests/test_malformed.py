"""The malformed-input corpus: every file gives its exact error, exit code and no traceback."""

import contextlib
import io
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from barometre.cli import main
from conftest import DEMO, ROOT

CORPUS = ROOT / "tests" / "fixtures" / "malformed"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
BAROMETRE = Path(sys.executable).with_name("barometre")


def _command() -> list[str]:
    if BAROMETRE.exists():
        return [str(BAROMETRE)]
    return [sys.executable, "-m", "barometre.cli"]


def test_corpus_is_large_and_fully_described():
    entries = sorted(p.name for p in CORPUS.iterdir() if p.name != "expected.yaml")
    assert sorted(EXPECTED) == entries, "every corpus entry needs an expected outcome, and vice versa"
    malformed = [name for name, case in EXPECTED.items() if case["exit"] != 0]
    assert len(malformed) >= 20
    assert {case["exit"] for case in EXPECTED.values()} == {0, 1, 2}


# Entries also run as a real process (the installed command): one per exit code, binary and UTF-16 input,
# a workbook that is not one, broken YAML and a whole dataset folder. The other entries run in this process,
# through the same ``main``: a process per entry cost a Python start-up each, for the same checks.
IN_A_PROCESS = ["binary.csv", "not_a_workbook.xlsx", "many_errors.csv", "utf16_excel_unicode_text.csv",
                "ds_strategy_invalid_yaml", "ds_organisations_errors"]  # fmt: skip


def _args(name: str) -> list[str]:
    return ["validate", str(CORPUS / name), "--data", str(DEMO), "--format", "json"]


def _run(name: str) -> subprocess.CompletedProcess:
    return subprocess.run([*_command(), *_args(name)], capture_output=True, text=True, encoding="utf-8",
                          timeout=300, cwd=ROOT)  # fmt: skip


def _run_here(name: str) -> subprocess.CompletedProcess:
    """``main`` in this process, its output captured as a process's would be."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(_args(name))
    return subprocess.CompletedProcess(_args(name), code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def runs() -> dict[str, subprocess.CompletedProcess]:
    """Every entry run once: in this process, or as a real process for those of ``IN_A_PROCESS``."""
    done = {name: _run_here(name) for name in sorted(EXPECTED) if name not in IN_A_PROCESS}
    with ThreadPoolExecutor(max_workers=len(IN_A_PROCESS)) as pool:
        done.update(zip(IN_A_PROCESS, pool.map(_run, IN_A_PROCESS), strict=True))
    return done


def test_real_processes_cover_every_exit_code():
    assert set(IN_A_PROCESS) <= set(EXPECTED)
    assert {EXPECTED[name]["exit"] for name in IN_A_PROCESS} == {0, 1, 2}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_json(name, runs):
    case = EXPECTED[name]
    proc = runs[name]
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == case["exit"], proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["exit_code"] == case["exit"]
    assert report["rows_read"] == report["rows_accepted"] + report["rows_rejected"]
    assert [report["rows_read"], report["rows_accepted"], report["rows_rejected"]] == case["rows"]
    got = [[e["rule"], e["row"], e["column"]] for e in report["errors"]]
    assert got == case["errors"]
    for error in report["errors"]:
        assert error["message"] and error["message_en"], error
        assert error["message"] != error["message_en"], "French first, then a separate English message"
        assert set(error) >= {"file", "row", "column", "value", "rule", "message"}
    if case["errors"]:
        first = report["errors"][0]
        assert case["fr"] in first["message"]
        assert case["en"] in first["message_en"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_text_gives_same_exit_code(name, capsys):
    code = main(["validate", str(CORPUS / name), "--data", str(DEMO)])
    out = capsys.readouterr().out
    assert code == EXPECTED[name]["exit"]
    read, accepted, rejected = EXPECTED[name]["rows"]
    assert f"Lignes lues\u00a0: {read}, acceptées\u00a0: {accepted}, rejetées\u00a0: {rejected}." in out
    if EXPECTED[name]["errors"]:
        assert EXPECTED[name]["fr"] in out
        assert EXPECTED[name]["en"] in out


def test_several_paths_in_one_run_add_up(capsys):
    names = ["non_numeric.csv", "duplicate_key.csv", "cp1252.csv"]
    code = main(["validate", *(str(CORPUS / n) for n in names), "--data", str(DEMO), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["rows_read"] == sum(EXPECTED[n]["rows"][0] for n in names)
    assert report["rows_rejected"] == sum(EXPECTED[n]["rows"][2] for n in names)
    assert len(report["errors"]) == sum(len(EXPECTED[n]["errors"]) for n in names)


def test_an_unusable_file_among_good_ones_exits_2(capsys):
    code = main(["validate", str(CORPUS / "cp1252.csv"), str(CORPUS / "empty.csv"), "--data", str(DEMO)])
    assert code == 2
    assert "le fichier est vide" in capsys.readouterr().out
