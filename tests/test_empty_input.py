"""Input that yields no usable row is an error with a reason and a file, never an empty result (issue 11)."""

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from barometre.cli import main
from conftest import DEMO

BIN = Path(sys.executable).parent / "barometre"


def _all_rejected(tmp_path: Path) -> Path:
    """The demo dataset with every observation in a period the strategy does not know."""
    dst = tmp_path / "rejected"
    shutil.copytree(DEMO, dst)
    path = dst / "observations.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for r in rows:
        r["period"] = "1999-2000"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return dst


def _header_only(tmp_path: Path) -> Path:
    dst = tmp_path / "header-only"
    shutil.copytree(DEMO, dst)
    header = (DEMO / "observations.csv").read_text(encoding="utf-8").splitlines()[0]
    (dst / "observations.csv").write_text(header + "\n", encoding="utf-8")
    return dst


DATASETS = {"all-rejected": _all_rejected, "header-only": _header_only}


@pytest.mark.parametrize("kind", list(DATASETS))
def test_validate_exits_1(tmp_path, capsys, kind):
    data = DATASETS[kind](tmp_path)
    assert main(["validate", str(data)]) == 1
    out = capsys.readouterr().out
    n = len((DEMO / "observations.csv").read_text(encoding="utf-8").splitlines()) - 1
    if kind == "all-rejected":  # organisations (and plans) are fine, every observation is rejected
        assert f"rejetées\u00a0: {n}." in out and "1999-2000" in out
    else:
        assert "observations.csv n'a aucune ligne de données" in out and "has no data row" in out


@pytest.mark.parametrize("kind", list(DATASETS))
def test_indicators_exit_1_with_the_file_and_the_reason(tmp_path, capsys, kind):
    data = DATASETS[kind](tmp_path)
    assert main(["indicators", "--data", str(data), "--bootstrap", "0"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert "aucune observation utilisable dans observations.csv" in err
    assert "no usable observation in observations.csv" in err and str(data) in err
    n = len((DEMO / "observations.csv").read_text(encoding="utf-8").splitlines()) - 1
    # the reason in words, not the rule's name (« unknown_period (917) »)
    reason = "Unknown period '1999-2000'" if kind == "all-rejected" else "the file has no data row"
    assert reason in err and "unknown_period" not in err
    if kind == "all-rejected":
        assert "Période « 1999-2000 » inconnue" in err.replace("\u00a0", " ")
        assert f"({n} lignes)" in err and f"({n} rows)" in err


@pytest.mark.parametrize("kind", list(DATASETS))
def test_render_exits_1_and_writes_nothing(tmp_path, kind):
    data = DATASETS[kind](tmp_path)
    out = tmp_path / "reports"
    proc = subprocess.run(
        [str(BIN), "render", "--data", str(data), "--lang", "fr", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "observations.csv" in proc.stderr
    assert not out.exists()


def test_ingest_of_a_file_with_every_row_rejected_is_not_a_success(tmp_path, capsys, demo_copy):
    bad = tmp_path / "retour.csv"
    bad.write_text(
        "period,organisation,target,numerator,denominator\n2022-2023,MFSN,1.1,9,2\n2022-2023,NOPE,1.1,1,2\n",
        encoding="utf-8",
    )
    before = (demo_copy / "observations.csv").read_bytes()
    code = main(["ingest", str(bad), "--period", "2022-2023", "--data", str(demo_copy)])
    out = capsys.readouterr().out
    assert code == 2
    assert "retour.csv" in out
    assert (demo_copy / "observations.csv").read_bytes() == before


def test_each_reason_is_counted_with_its_own_value(tmp_path, capsys):
    """5 rows in 1999-2000 and the rest in 2030-2031 read « Période « 1999-2000 » inconnue … (917 lignes) »."""
    data = _all_rejected(tmp_path)
    path = data / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = lines[:6] + [line.replace("1999-2000", "2030-2031") for line in lines[6:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["indicators", "--data", str(data), "--bootstrap", "0"]) == 1
    err = capsys.readouterr().err.replace("\u00a0", " ")
    n = len(lines) - 1
    assert "« 1999-2000 » inconnue" in err and "(5 lignes)" in err
    assert f"({n - 5} lignes)" in err and f"({n} lignes)" not in err


def test_template_with_no_organisation_expected_exits_1_and_writes_nothing(tmp_path, capsys):
    """It wrote « 0 classeur » and exited 0: input that yields nothing usable is an error (issue 11)."""
    data = tmp_path / "no-organisation"
    shutil.copytree(DEMO, data)
    header = (DEMO / "organisations.csv").read_text(encoding="utf-8").splitlines()[0]
    (data / "organisations.csv").write_text(header + "\n", encoding="utf-8")
    out = tmp_path / "collecte"
    assert main(["template", "--period", "2022-2023", "--data", str(data), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert (
        "aucune organisation attendue en 2022-2023" in err and "no organisation expected in 2022-2023" in err
    )
    assert "aucune dans l'échantillon et active en 2022-2023)" in err
    assert "none in the sample and active in 2022-2023)" in err
    assert str(data / "organisations.csv") in err and "Traceback" not in err and not out.exists()
