"""Core command line: indicators, demo-data (byte-identical), and what the demo data must show."""

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from barometre.cli import main
from barometre.dataset import load_dataset
from barometre.i18n import t
from conftest import DEMO, ROOT

COLUMNS = ("period,target,value,numerator,denominator,organisations_reporting,organisations_expected,"
           "ci_low,ci_high,baseline_value,target_value,progress,pace_ratio,status,projected_value,"
           "previous_value,change,constant_sample_organisations,constant_sample_change")  # fmt: skip
PERIODS = ["2019-2020", "2020-2021", "2021-2022", "2022-2023"]
TARGETS = ["1.1", "1.2", "1.3", "2.1", "3.1", "4.1", "4.2", "5.1", "5.2", "6.1"]


def run(*args):
    exe = Path(sys.executable).with_name("barometre")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "barometre.cli"]
    proc = subprocess.run(
        [*cmd, *args], capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def indicators(capsys, *args):
    code = main(["indicators", "--data", str(DEMO), *args])
    return code, capsys.readouterr()


def test_indicators_csv_has_40_rows_and_the_brief_columns():
    proc = run("indicators", "--data", str(DEMO), "--format", "csv")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0] == COLUMNS
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len(rows) == 40
    assert sorted({r["period"] for r in rows}) == PERIODS
    assert [r["target"] for r in rows[::4]] == TARGETS
    assert {r["status"] for r in rows} <= {"target_achieved", "on_track", "acceleration_needed",
                                            "limited_progress", "deterioration", "insufficient_data"}  # fmt: skip


def test_by_organisation_adds_the_column(capsys):
    code, out = indicators(capsys, "--by", "organisation", "--period", "2022-2023")
    assert code == 0
    header, *lines = out.out.splitlines()
    assert header == "organisation," + COLUMNS
    rows = list(csv.DictReader(io.StringIO(out.out)))
    assert {r["period"] for r in rows} == {"2022-2023"}
    assert "LFPIL" not in {r["organisation"] for r in rows}  # out of sample
    assert len({r["organisation"] for r in rows}) == 25


def test_period_filter(capsys):
    code, out = indicators(capsys, "--period", "2021-2022")
    rows = list(csv.DictReader(io.StringIO(out.out)))
    assert code == 0 and len(rows) == 10 and {r["period"] for r in rows} == {"2021-2022"}


def test_unknown_period_exits_2_listing_valid_periods():
    proc = run("indicators", "--data", str(DEMO), "--period", "2030-2031")
    assert proc.returncode == 2
    assert "2030-2031" in proc.stderr
    for p in PERIODS:
        assert p in proc.stderr


def test_json_output_matches_csv(capsys):
    _code, out_csv = indicators(capsys, "--period", "2022-2023", "--bootstrap", "0")
    code, out_json = indicators(capsys, "--period", "2022-2023", "--format", "json", "--bootstrap", "0")
    records = json.loads(out_json.out)
    assert code == 0 and len(records) == 10
    assert list(records[0]) == COLUMNS.split(",")
    by_target = {r["target"]: r for r in csv.DictReader(io.StringIO(out_csv.out))}
    for rec in records:
        assert rec["value"] == float(by_target[rec["target"]]["value"])
        assert rec["status"] == by_target[rec["target"]]["status"]
    assert records[TARGETS.index("4.2")]["progress"] is None  # insufficient data: null, not 0
    # counts are whole numbers in the JSON as in the CSV (« 131 », not « 131.0 »)
    for key in ("numerator", "denominator", "organisations_reporting", "constant_sample_organisations"):
        assert all(isinstance(r[key], int) for r in records if r[key] is not None), key
        assert [str(r[key]) for r in records if r[key] is not None] == [
            by_target[r["target"]][key] for r in records if r[key] is not None
        ], key


def test_demo_data_is_byte_identical(tmp_path):
    for out in (tmp_path / "a", tmp_path / "b"):
        assert run("demo-data", "--out", str(out)).returncode == 0
    names = sorted(p.name for p in DEMO.iterdir() if p.is_file())
    assert names == ["dataset.yaml", "observations.csv", "organisations.csv", "plans.csv"]
    for name in names:
        committed = (DEMO / name).read_bytes()
        assert (tmp_path / "a" / name).read_bytes() == committed, name
        assert (tmp_path / "b" / name).read_bytes() == committed, name


def test_demo_data_shows_every_status_and_gaps(capsys):
    _code, out = indicators(capsys, "--period", "2022-2023")
    statuses = {r["status"] for r in csv.DictReader(io.StringIO(out.out))}
    assert statuses >= {"target_achieved", "on_track", "acceleration_needed", "limited_progress",
                        "deterioration", "insufficient_data"}  # fmt: skip
    with open(DEMO / "observations.csv", encoding="utf-8", newline="") as fh:
        obs = list(csv.DictReader(fh))
    with open(DEMO / "organisations.csv", encoding="utf-8", newline="") as fh:
        orgs = list(csv.DictReader(fh))
    sample = [o["code"] for o in orgs if o["in_sample"] == "true"]
    assert 20 <= len(sample) <= 30
    seen = {(r["organisation"], r["period"]) for r in obs}
    missing = [(o, p) for o in sample for p in PERIODS if (o, p) not in seen]
    per_org_target = {(r["organisation"], r["target"], r["period"]) for r in obs}
    gaps = [k for k in {(o, t) for o in sample for t in TARGETS}
            if sum((k[0], k[1], p) in per_org_target for p in PERIODS) < 4]  # fmt: skip
    assert gaps, "some organisations must miss some periods"
    assert len(missing) + len(gaps) > 0
    meta = (DEMO / "dataset.yaml").read_text(encoding="utf-8")
    assert "synthetic: true" in meta


def test_validate_demo_is_clean(capsys):
    code = main(["validate", str(DEMO), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["rows_rejected"] == 0
    assert report["rows_read"] == report["rows_accepted"] > 900
    assert report["warnings"] == []  # every column of the demo is read


def test_a_column_nothing_reads_is_named_not_dropped_in_silence(demo_copy, capsys):
    """A header « notes » (for « note ») lost every note without a word, and so did any other column no
    rule reads. Each is now a warning, in every file, with the known column it resembles: the rows are
    still accepted (exit 0), the warning is in validate's text and JSON and on the commands' stderr."""
    from conftest import rewrite_csv

    obs, orgs, plans = (demo_copy / f"{name}.csv" for name in ("observations", "organisations", "plans"))
    obs.write_text(obs.read_text(encoding="utf-8").replace(",note,", ",notes,", 1), encoding="utf-8")
    rewrite_csv(orgs, lambda rows: [{**r, "in_sampel": "true", "ministre": "X"} for r in rows])
    rewrite_csv(plans, lambda rows: [{**r, "comment": ""} for r in rows])
    code = main(["validate", str(demo_copy), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == report["exit_code"] == 0 and report["rows_rejected"] == 0 and not report["errors"]
    found = {(Path(w["file"]).name, w["column"]): w for w in report["warnings"]}
    assert sorted(found) == [("observations.csv", "notes"), ("organisations.csv", "in_sampel"),
                             ("organisations.csv", "ministre"), ("plans.csv", "comment")]  # fmt: skip
    assert "Vouliez-vous écrire «\u00a0note\u00a0»" in found["observations.csv", "notes"]["message"]
    assert "Did you mean 'in_sample'?" in found["organisations.csv", "in_sampel"]["message_en"]
    assert "Vouliez-vous" not in found["organisations.csv", "ministre"]["message"]
    assert all(w["rule"] == "unknown_column" and w["row"] is None for w in report["warnings"])
    assert main(["validate", str(demo_copy)]) == 0
    text = capsys.readouterr().out
    assert "observations.csv, colonne notes\u00a0: Aucune règle ne lit cette colonne" in text
    assert "observations.csv, column notes: No rule reads this column" in text
    assert main(["indicators", "--data", str(demo_copy), "--bootstrap", "0"]) == 0
    err = capsys.readouterr().err
    assert err.count("Aucune règle ne lit cette colonne") == 4 and "ligne rejetée" not in err


def test_indicators_on_a_dataset_with_rejected_rows_warns(demo_copy, capsys):
    path = demo_copy / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "2022-2023,MFINCONNU,1.1,9,3,,\n", encoding="utf-8")
    code = main(["indicators", "--data", str(demo_copy), "--bootstrap", "0"])
    out = capsys.readouterr()
    assert code == 0
    assert "1 ligne rejetée" in out.err and "1 row rejected" in out.err
    # the command that lists them, ready to run: the dataset's folder, not the demo's
    assert (
        f"«\u00a0barometre validate {demo_copy}\u00a0»" in out.err
        and f"'barometre validate {demo_copy}'" in out.err
    )


def test_render_says_how_many_rows_it_left_out(tmp_path, capsys):
    """Next year's rows against a strategy that ends this year are rejected: the site is rendered without
    them (the overview says so) and the terminal said nothing. It now warns, as indicators and plans do.

    The period is named: without it, a later period whose rows were all rejected stops render
    (test_newer_rejected.py)."""
    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    from synthetic import write_dataset

    data = write_dataset(tmp_path / "data", organisations=4, ambitions=["1"])
    path = data / "observations.csv"
    first = path.read_text(encoding="utf-8").splitlines()[1].split(",")
    first[0] = "2023-2024"  # a period the strategy does not have
    path.write_text(path.read_text(encoding="utf-8") + ",".join(first) + "\n", encoding="utf-8")
    code = main(
        [
            "render",
            "--data",
            str(data),
            "--out",
            str(tmp_path / "out"),
            "--lang",
            "fr",
            "--jobs",
            "1",
            "--period",
            "2022-2023",
        ]  # fmt: skip
    )
    out = capsys.readouterr()
    assert code == 0 and (tmp_path / "out" / "2022-2023" / "fr" / "index.html").exists()
    assert "1 ligne rejetée" in out.err and "1 row rejected" in out.err, out.err


def test_an_output_folder_that_cannot_be_written_is_said_in_words_with_exit_74(tmp_path, capsys):
    """An output path under a file (or a full disk, a folder without rights) ended in a Python traceback with
    exit code 1, which a scheduler reads as « published with failed pages »."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    code = main(["render", "--data", str(DEMO), "--out", str(blocker / "site"), "--lang", "fr"])
    err = capsys.readouterr().err
    assert code == 74, err
    assert "Traceback" not in err
    assert (
        f"Impossible d'écrire ou de lire {blocker / 'site'}\u00a0: un élément du chemin n'est pas un dossier."
        in err
    )
    assert f"Cannot write or read {blocker / 'site'}: part of the path is not a folder." in err
    # The output folder itself a file: said so, not « File exists » in English inside the French sentence.
    code = main(["publish", "--data", str(DEMO), "--out", str(blocker), "--lang", "fr"])
    err = capsys.readouterr().err
    assert code == 74, err
    assert f"{blocker}\u00a0: un fichier porte déjà ce nom là où il faut un dossier." in err, err
    assert f"{blocker}: a file already has this name where a folder is needed." in err


def test_a_full_disk_during_a_folder_copy_names_the_first_file_and_counts_the_others():
    import errno
    import shutil

    from barometre.os_errors import output_error

    why = f"[Errno {errno.ENOSPC}] No space left on device"
    failures = [
        (f"/site/a{i}.html", f"/site/.staging/a{i}.html", f"{why}: '/site/a{i}.html'") for i in range(3)
    ]
    error = output_error(shutil.Error(failures), "/site")
    assert error.exit_code == 74
    text = str(error)
    assert (
        "/site/.staging/a0.html\u00a0: plus d'espace libre sur le disque (et 2 autres fichiers)." in text
    ), text
    assert "/site/.staging/a0.html: no space left on the disk (and 2 other files)." in text
    one = str(output_error(shutil.Error(failures[:2]), "/site"))
    assert "(et 1 autre fichier)" in one and "(and 1 other file)" in one, one


def test_what_to_do_follows_the_system_s_reason():
    """A read-only mount was told « Libérez de l'espace ou corrigez les droits sur ce dossier »: nothing it can do."""
    import errno

    from barometre.os_errors import output_error

    said = {code: str(output_error(OSError(code, "x", "/site/a.html"))) for code in
            (errno.EROFS, errno.ENOSPC, errno.EACCES, errno.EIO)}  # fmt: skip
    assert (
        "Remontez ce système de fichiers en écriture, ou publiez dans un dossier d'un autre disque"
        in said[errno.EROFS]
    )
    assert "Mount this file system read-write again" in said[errno.EROFS]
    assert "corrigez les droits" not in said[errno.EROFS]
    assert "Libérez de l'espace sur ce disque" in said[errno.ENOSPC]
    assert "le droit d'écrire dans ce dossier" in said[errno.EACCES]
    assert "Libérez de l'espace ou corrigez les droits sur ce dossier, puis relancez." in said[errno.EIO]


@pytest.mark.parametrize(
    ("written", "synthetic"),
    [
        ("true", True),
        ("oui", True),
        ("non", False),
        ('"false"', False),
        ("faux", False),
        ("0", False),
        ("", False),
    ],
)
def test_the_synthetic_flag_is_read_as_yes_or_no(tmp_path, written, synthetic):
    """« synthetic: non » (or a quoted "false") was true for Python: every page of real data said
    « Données fictives »."""
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    meta = data / "dataset.yaml"
    meta.write_text(re.sub(r"(?m)^synthetic: .*$", f"synthetic: {written}", meta.read_text(encoding="utf-8")),
                    encoding="utf-8")  # fmt: skip
    assert load_dataset(data).synthetic is synthetic


def test_an_unreadable_synthetic_flag_stops_with_the_file_and_what_to_write(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    meta = data / "dataset.yaml"
    meta.write_text(re.sub(r"(?m)^synthetic: .*$", "synthetic: peut-être", meta.read_text(encoding="utf-8")),
                    encoding="utf-8")  # fmt: skip
    assert main(["validate", str(data)]) == 2
    captured = capsys.readouterr()
    err = captured.out + captured.err
    for lang in ("fr", "en"):
        assert t("error.synthetic_not_boolean", lang, path=meta, value="peut-être") in err


@pytest.mark.parametrize("command", ["render", "publish", "brief"])
@pytest.mark.parametrize("langs", ["", " , "])
def test_a_lang_option_naming_no_language_is_an_error(command, langs, tmp_path, capsys, caplog):
    """``brief --lang ""`` wrote nothing, said nothing and exited 0 (a scheduler would not notice);
    render and publish quietly made both languages. Publish says it in its log and its run record, and
    publishes nothing."""
    out = tmp_path / "out"
    code = main([command, "--data", str(DEMO), "--lang", langs, "--out", str(out)])
    err = capsys.readouterr().err + caplog.text
    assert code == 2, err
    assert "L'option --lang ne nomme aucune langue\u00a0; langues offertes\u00a0: fr, en" in err, err
    assert "The --lang option names no language; available: fr, en" in err
    if command == "publish":  # the run record and the archive only
        assert {p.name for p in out.iterdir()} <= {"runs", "index.html", "assets", ".publish.lock"}
        (record,) = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "runs").glob("*.json")]
        assert record["status"] == "bad_parameters" and "names no language" in record["errors"][0]
    else:
        assert not out.exists()


def test_lang_options_are_read_whatever_their_case_and_once_each():
    from barometre.errors import ParameterError
    from barometre.i18n import parse_languages

    assert parse_languages("EN") == ["en"] and parse_languages(" fr , en ") == ["fr", "en"]
    assert parse_languages("fr,FR,fr") == ["fr"] and parse_languages("en,fr") == ["en", "fr"]
    with pytest.raises(ParameterError, match="Unknown language 'de'"):
        parse_languages("fr,de")


def test_a_period_option_is_read_as_the_files_write_periods(capsys):
    """« --period 2021-22 » was « absente des données » while files may write the period so."""
    assert main(["indicators", "--data", str(DEMO), "--period", "2021-2022", "--bootstrap", "0"]) == 0
    long = capsys.readouterr().out
    for short in ("2021-22", "FY2021-22", "2021/2022"):
        assert main(["indicators", "--data", str(DEMO), "--period", short, "--bootstrap", "0"]) == 0, short
        assert capsys.readouterr().out == long


def test_an_observations_file_saved_under_another_name_is_said_not_read(demo_copy, capsys):
    """« observations (1).csv » saved with the new figures beside observations.csv (or a broken
    observations.parquet) was ignored without a word, and the publication went out with the old figures."""
    import shutil

    shutil.copy(demo_copy / "observations.csv", demo_copy / "observations (1).csv")
    (demo_copy / "observations.parquet").write_bytes(b"PAR1 not really")
    (demo_copy / "observations_history.csv").write_text("recorded_at\n", encoding="utf-8")  # ingest's own
    code = main(["validate", str(demo_copy), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and [w["rule"] for w in report["warnings"]] == ["other_observation_files"]
    (said,) = report["warnings"]
    assert (
        "ne sont pas lus\u00a0: observations (1).csv, observations.parquet. Seul observations.csv est lu"
        in said["message"]
    )
    assert (
        main(["indicators", "--data", str(demo_copy), "--period", "2022-2023"]) == 0
    )  # said on every command
    assert "observations (1).csv" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["render", "publish"])
@pytest.mark.parametrize("value", ["0", "-1", "deux"])
def test_jobs_must_be_one_or_more(command, value, tmp_path, capsys):
    """« --jobs 0 » ran one process without a word: it is refused, in French then English, before any work."""
    with pytest.raises(SystemExit) as exit_:
        main([command, "--out", str(tmp_path / "out"), f"--jobs={value}"])
    assert exit_.value.code == 2
    err = " ".join(capsys.readouterr().err.split())  # French spaces inside « » are no-break
    assert f"« {value} » n'est pas un nombre de processus" in err and "1 or more" in err
    assert not (tmp_path / "out").exists()
