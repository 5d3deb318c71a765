"""barometre ingest: round trip, resubmission history, idempotence, quality report, CLI exit codes."""

import os
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "collect"))
from barometre.cli import main  # noqa: E402
from barometre.collect.ingest import ingest  # noqa: E402
from barometre.collect.quality import build_quality, render_html, write_quality  # noqa: E402
from barometre.collect.templates import write_templates  # noqa: E402
from barometre.dataset import load_dataset  # noqa: E402
from collect_helpers import DEMO, KEY, PERIOD, dataset_without, demo_observations, fill  # noqa: E402
from conftest import plain  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

pytestmark = pytest.mark.cost(6)  # CPU-seconds: the costliest start first (conftest)


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    """The 25 templates of the period, filled with the demo values (written once for the module)."""
    out = tmp_path_factory.mktemp("filled")
    for path in write_templates(DEMO, PERIOD, out):
        if path.suffix == ".xlsx":
            fill(path)
    return out


@pytest.fixture
def dataset(tmp_path) -> Path:
    return dataset_without(tmp_path)


def _obs(data: Path) -> pd.DataFrame:
    return pd.read_csv(data / "observations.csv", dtype=str, keep_default_na=False)


def test_round_trip_gives_back_exactly_the_demo_observations(filled, dataset):
    result = ingest([filled], PERIOD, dataset)
    assert result.exit_code == 0 and not result.errors
    got = _obs(dataset)
    want = demo_observations()
    assert got[KEY].equals(want[KEY])  # every period, in the demo's order, values as written
    new = got[got["period"] == PERIOD]
    assert new["source_sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert set(new["source_file"]) == {f"collecte-{c}-{PERIOD}.xlsx" for c in new["organisation"]}
    assert new["source"].str.startswith(f"Formulaire de collecte {PERIOD} (collecte-").all()
    assert (new["ingested_at"] == result.ingested_at).all()
    # The core reader and the indicators still work on the merged dataset.
    ds = load_dataset(dataset)
    assert ds.report.ok and len(ds.observations) == len(want)


def test_merged_dataset_passes_validate_and_indicators(filled, dataset, capsys):
    ingest([filled], PERIOD, dataset)
    capsys.readouterr()
    assert main(["validate", str(dataset)]) == 0
    assert "rejetées\u00a0: 0" in capsys.readouterr().out
    assert main(["indicators", "--data", str(dataset), "--period", PERIOD, "--bootstrap", "20"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("period,target,value") and len(out) == 11


def test_same_ingestion_twice_changes_nothing(filled, dataset):
    first = ingest([filled], PERIOD, dataset, now="2023-06-01T10:00:00Z")
    write_quality(build_quality(first), dataset / "qualite")
    files = sorted(p for p in dataset.rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in files}
    second = ingest([filled], PERIOD, dataset, now="2023-06-02T10:00:00Z")
    write_quality(build_quality(second), dataset / "qualite")
    assert second.merge.added == 0 and second.merge.history_rows == 0
    assert {f.status for f in second.files if f.rows_accepted} == {"already"}
    assert sorted(p for p in dataset.rglob("*") if p.is_file()) == files
    for path, data in before.items():
        assert path.read_bytes() == data, path.name


def test_resubmission_replaces_rows_and_history_keeps_every_version(tmp_path, demo_copy):
    # demo_copy holds the demo rows of the period; they are archived before being replaced.
    out = tmp_path / "returns"
    write_templates(demo_copy, PERIOD, out)
    path = out / f"collecte-MFSN-{PERIOD}.xlsx"
    fill(path, {"1.1": (5, 10, "première version")})
    first = ingest([path], PERIOD, demo_copy, now="2023-06-01T10:00:00Z")
    assert first.exit_code == 0
    sha1 = first.files[0].sha256
    fill(path, {"1.1": (6, 10, "corrigé"), "1.2": (3, 4, None)})
    second = ingest([path], PERIOD, demo_copy, now="2023-06-15T10:00:00Z")
    assert second.exit_code == 0 and second.files[0].sha256 != sha1
    # 1.1 was on file (first version), 1.2 was not: one replaced, one added (it said 2 added, 1 replaced).
    assert (second.merge.replaced, second.merge.added) == (1, 1)
    obs = _obs(demo_copy)
    mine = obs[(obs["period"] == PERIOD) & (obs["organisation"] == "MFSN")]
    assert mine[["target", "numerator", "denominator", "note"]].values.tolist() == [
        ["1.1", "6", "10", "corrigé"], ["1.2", "3", "4", ""],
    ]  # fmt: skip
    hist = pd.read_csv(demo_copy / "observations_history.csv", dtype=str, keep_default_na=False)
    hist = hist[(hist["organisation"] == "MFSN") & (hist["period"] == PERIOD)]
    demo_rows = demo_observations()
    n_demo = len(demo_rows[(demo_rows["period"] == PERIOD) & (demo_rows["organisation"] == "MFSN")])
    by_version = hist.groupby("version")
    assert sorted(by_version.groups) == ["1", "2", "3"]
    assert (hist[hist["version"] == "1"]["origin"] == "antérieur").all() and len(
        hist[hist["version"] == "1"]
    ) == n_demo
    v2, v3 = hist[hist["version"] == "2"], hist[hist["version"] == "3"]
    assert v2[["target", "numerator", "note", "source_sha256"]].values.tolist() == [
        ["1.1", "5", "première version", sha1]
    ]
    assert v3["numerator"].tolist() == ["6", "3"] and set(v3["ingested_at"]) == {"2023-06-15T10:00:00Z"}
    # Other organisations are untouched.
    assert len(obs) == len(demo_rows) - n_demo + 2
    # The history is append-only: the first lines are unchanged by the second ingestion.
    log = pd.read_csv(demo_copy / "ingestion_log.csv", dtype=str)
    assert log["sha256"].tolist() == [sha1, second.files[0].sha256]


def test_two_returns_of_one_organisation_in_one_batch_the_newer_one_wins(tmp_path, capsys):
    """A corrected workbook sent before the run, beside the first one: ingest crashed (TypeError)."""
    data = dataset_without(tmp_path)
    out = tmp_path / "forms"
    write_templates(data, PERIOD, out)
    form = out / f"collecte-MFSN-{PERIOD}.xlsx"
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(fill(form, {"1.1": (5, 10, None), "1.2": (3, 4, None)}), batch / "a-MFSN.xlsx")
    shutil.copy(fill(form, {"1.1": (6, 10, "corrigé"), "1.2": (None, None, None)}), batch / "b-MFSN.xlsx")
    code = main(["ingest", str(batch), "--period", PERIOD, "--data", str(data)])
    said = capsys.readouterr()
    text = (said.out + said.err).replace("\u00a0", " ")
    assert code == 0 and "Traceback" not in text
    assert (
        "Soumission en double dans ce lot pour MFSN 2022-2023 : le fichier modifié le plus récemment, b-MFSN.xlsx, "
        "est intégré ; a-MFSN.xlsx, plus ancien, est mis de côté." in text
    )
    obs = _obs(data)
    mine = obs[(obs["period"] == PERIOD) & (obs["organisation"] == "MFSN")]
    assert mine[["target", "numerator", "note"]].values.tolist() == [["1.1", "6", "corrigé"]]
    # the net change of the file: a's 1.2, replaced in the same batch by b's return without it, is not counted
    # (it said « ajoutées : 2, remplacées : 1 » for one observation more on file)
    assert "observations ajoutées : 1, remplacées : 0, inchangées : 0." in text


def test_a_one_line_correction_says_how_many_observations_it_withdraws(demo_copy, tmp_path, capsys):
    """A one-line CSV « correcting » MFSN 1.1 replaces MFSN's whole return: 9 observations went, while the
    summary said « ajoutées : 0, remplacées : 1 ». It counts them (« retirées : 9 ») beside the line naming them."""
    path = tmp_path / "correction.csv"
    path.write_text(f"period,organisation,target,numerator,denominator\n{PERIOD},MFSN,1.1,5,9\n", "utf-8")
    before = len(_obs(demo_copy))
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(demo_copy)]) == 0
    text = capsys.readouterr().out.replace("\u00a0", " ")
    assert "observations ajoutées : 0, remplacées : 1, inchangées : 0, retirées : 9." in text
    assert "observations added: 0, replaced: 1, unchanged: 0, withdrawn: 9." in text
    assert len(_obs(demo_copy)) == before - 9
    # the quality report says the targets it left out at that file (it named observations.csv, no cell)
    details = pd.read_csv(
        demo_copy / "qualite" / f"qualite-{PERIOD}-details.csv", dtype=str, keep_default_na=False
    )
    empty = details[(details["organisation"] == "MFSN") & (details["rule"] == "target_empty")]
    assert len(empty) == 9 and set(empty["file"]) == {"correction.csv"}


def test_quality_report_counts_and_warnings(filled, dataset, tmp_path):
    returns = tmp_path / "some"
    returns.mkdir()
    for code in ("MFSN", "MFFIN", "MFTRA"):
        shutil.copy(filled / f"collecte-{code}-{PERIOD}.xlsx", returns)
    # MFEDU: a jump of more than 30 points on 1.1 and a denominator halved on 1.2; 2.1 left empty.
    prev = demo_observations()
    prev = prev[(prev["period"] == "2021-2022") & (prev["organisation"] == "MFEDU")].set_index("target")
    den12 = int(prev.loc["1.2", "denominator"])
    n11, d11 = int(prev.loc["1.1", "numerator"]), int(prev.loc["1.1", "denominator"])
    jump_num = 0 if n11 / d11 > 0.5 else d11
    mfedu = shutil.copy(filled / f"collecte-MFEDU-{PERIOD}.xlsx", returns)
    fill(Path(mfedu), {"1.1": (jump_num, d11, None), "1.2": (0, den12 * 3, None), "2.1": (None, None, None)})
    result = ingest([returns], PERIOD, dataset)
    report = build_quality(result)
    s = report.summary
    assert (s["expected"], s["received"], s["not_received"], s["errors"]) == (25, 4, 21, 0)
    rules = {(i.organisation, i.rule, i.value) for i in report.details}
    assert {
        ("MFEDU", "jump", "1.1"),
        ("MFEDU", "denominator_change", "1.2"),
        ("MFEDU", "target_empty", "2.1"),
    } <= rules
    paths = write_quality(report, tmp_path / "q")
    assert [p.name for p in paths] == [
        f"qualite-{PERIOD}.csv", f"qualite-{PERIOD}-details.csv", f"qualite-{PERIOD}-fr.html", f"qualite-{PERIOD}-en.html",
    ]  # fmt: skip
    fr, en = paths[2].read_text("utf-8"), paths[3].read_text("utf-8")
    assert '<html lang="fr">' in fr and "Qualité des données — période 2022-2023" in fr and "fictif" in fr
    assert '<html lang="en">' in en and "Data quality — period 2022-2023" in en
    assert "http" not in fr and "<script" not in fr  # self-contained
    table = pd.read_csv(paths[0], dtype=str, keep_default_na=False).set_index("organisation")
    assert table.loc["MFSN", "received"] == "True" and table.loc["AFREV", "received"] == "False"
    assert "2.1" in table.loc["MFEDU", "missing_targets"].split()
    assert table.loc["MFSN", "complete"] == "True" and table.loc["MFEDU", "complete"] == "False"


# --- Command line: exit codes 0 / 1 / 2, never a traceback ----------------------------------------


def _run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def test_cli_exit_0_when_everything_is_accepted(filled, dataset, tmp_path, capsys):
    code, text = _run(["ingest", str(filled / f"collecte-MFSN-{PERIOD}.xlsx"), "--period", PERIOD,
                       "--data", str(dataset)], capsys)  # fmt: skip
    assert code == 0, text
    assert (
        "intégré" in text
        and "merged" in text
        and (dataset / "qualite" / f"qualite-{PERIOD}-fr.html").exists()
    )


def test_counts_are_written_the_way_of_each_language(tmp_path, capsys):
    """2,485 rows of 294 organisations in one CSV: « 2 485 » in French, "2,485" in English, not « 2485 »."""
    sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
    from synthetic import write_dataset

    data = write_dataset(tmp_path / "data", 300, seed=7)
    obs = pd.read_csv(data / "observations.csv", dtype=str, keep_default_na=False)
    obs[obs["period"] != PERIOD].to_csv(data / "observations.csv", index=False, lineterminator="\n")
    sent = obs[obs["period"] == PERIOD][KEY]
    sent.to_csv(tmp_path / "retour.csv", index=False, lineterminator="\n")
    code, text = _run(
        ["ingest", str(tmp_path / "retour.csv"), "--period", PERIOD, "--data", str(data)], capsys
    )
    assert code == 0, text
    n, en = len(sent), f"{len(sent):,}"
    fr = f"{n // 1000} {n % 1000:03d}"  # « 2 485 », its space a narrow no-break one
    assert n >= 1000 and str(n) not in text and fr.replace(" ", "\u202f") in text
    assert (
        f"lignes lues : {fr}, acceptées : {fr}" in plain(text) and f"rows read: {en}, accepted: {en}" in text
    )
    assert f"{fr} lignes acceptées" in plain(text) and f"{en} rows accepted" in text
    # the quality report's counts in words, not « expected=294, received=294 »
    orgs = pd.read_csv(data / "organisations.csv", dtype=str)
    expected = int((orgs["in_sample"] == "true").sum())
    assert f"Organisations attendues : {expected} ; reçues : {expected}" in plain(text)
    assert f"Expected organisations: {expected}; received: {expected}" in text and "expected=" not in text


def test_cli_exit_1_when_some_rows_are_rejected_and_accepted_rows_are_merged(
    filled, dataset, tmp_path, capsys
):
    bad = Path(shutil.copy(filled / f"collecte-MFEDU-{PERIOD}.xlsx", tmp_path / "renvoi.xlsx"))
    fill(bad, {"1.1": ("beaucoup", 10, None)})
    good = filled / f"collecte-MFSN-{PERIOD}.xlsx"
    code, text = _run(["ingest", str(good), str(bad), "--period", PERIOD, "--data", str(dataset)], capsys)
    assert code == 1, text
    assert "renvoi.xlsx, Données!C7\u00a0: «\u00a0beaucoup\u00a0» n'est pas un nombre" in text
    # the advice is a whole count: the core's « ex. 12 ou 12,5 » would then be refused as not whole
    assert "en chiffres (ex. 12)." in text and "12,5" not in text, text
    obs = _obs(dataset)
    assert set(obs.loc[obs["period"] == PERIOD, "organisation"]) == {"MFSN", "MFEDU"}
    assert "1.1" not in set(obs.loc[(obs["period"] == PERIOD) & (obs["organisation"] == "MFEDU"), "target"])


def test_cli_exit_2_when_nothing_is_usable(dataset, tmp_path, capsys):
    (tmp_path / "casse.xlsx").write_bytes(b"not a workbook")
    (tmp_path / "lisez-moi.pdf").write_bytes(b"%PDF")
    before = (dataset / "observations.csv").read_bytes()
    code, text = _run(["ingest", str(tmp_path), "--period", PERIOD, "--data", str(dataset)], capsys)
    assert code == 2, text
    assert "casse.xlsx" in text and "Fichier illisible" in text and "lisez-moi.pdf" in text
    (tmp_path / "vide.csv").write_text("", encoding="utf-8")
    code, text = _run(
        ["ingest", str(tmp_path / "vide.csv"), "--period", PERIOD, "--data", str(dataset)], capsys
    )
    assert code == 2 and "vide.csv: Unreadable file: vide.csv: the file is empty." in text, text
    code, text = _run(["ingest", str(tmp_path), "--period", PERIOD, "--data", str(dataset)], capsys)
    # each language its own words: the English line repeated the French detail, or said only « BadZipFile »
    assert "casse.xlsx\u00a0: Fichier illisible\u00a0: ce n'est pas un classeur Excel valide (.xlsx)" in text
    assert "casse.xlsx: Unreadable file: it is not a valid Excel workbook (.xlsx); save it again" in text
    assert (dataset / "observations.csv").read_bytes() == before
    code, text = _run(
        ["ingest", str(tmp_path / "absent"), "--period", PERIOD, "--data", str(dataset)], capsys
    )
    assert code == 2
    code, text = _run(["ingest", str(tmp_path), "--period", "1999-2000", "--data", str(dataset)], capsys)
    assert code == 2 and "1999-2000" in text


def test_cli_refuses_to_write_into_the_bundled_demo(filled, capsys):
    before = (DEMO / "observations.csv").read_bytes()
    code, text = _run(["ingest", str(filled), "--period", PERIOD, "--data", str(DEMO)], capsys)
    assert code == 2 and "demo-data" in text
    assert (DEMO / "observations.csv").read_bytes() == before


def test_a_correction_that_leaves_targets_out_says_which_ones_it_withdraws(filled, dataset, tmp_path, capsys):
    """A one-line CSV sent as a correction replaces the organisation's whole return (by design): the
    targets it leaves out are withdrawn, and ingest says which ones, in both languages."""
    code, text = _run(["ingest", str(filled / f"collecte-MFSN-{PERIOD}.xlsx"), "--period", PERIOD,
                       "--data", str(dataset)], capsys)  # fmt: skip
    assert code == 0 and "retirée" not in text and "withdrawn" not in text, text
    before = _obs(dataset)
    before = before[(before["period"] == PERIOD) & (before["organisation"] == "MFSN")]["target"].tolist()
    fix = tmp_path / "correction.csv"
    fix.write_text(f"Organisation;Période;Cible;Numérateur;Dénominateur\nMFSN;{PERIOD};1.2;13;20\n", "utf-8")
    code, text = _run(["ingest", str(fix), "--period", PERIOD, "--data", str(dataset)], capsys)
    assert code == 0, text
    gone = [tid for tid in before if tid != "1.2"]
    assert len(gone) >= 5, before
    listed = ", ".join(gone)
    assert (
        f"MFSN, {PERIOD}\u00a0: {len(gone)} cibles déclarées auparavant ne sont pas dans la nouvelle "
        f"soumission et sont retirées ({listed})" in text
    ), text
    assert (
        f"MFSN, {PERIOD}: {len(gone)} targets reported before are not in the new submission and are withdrawn ({listed})"
        in text
    )
    obs = _obs(dataset)
    assert obs[(obs["period"] == PERIOD) & (obs["organisation"] == "MFSN")]["target"].tolist() == ["1.2"]


def test_a_target_withdrawn_because_its_new_figures_are_rejected_is_said_apart(
    filled, dataset, tmp_path, capsys
):
    """A return whose 1.3 had its numerator over its denominator: the 1.3 on file was withdrawn « because it is
    not in the new submission; send the whole form again », when it was in it, rejected. It is said apart."""
    code, text = _run(["ingest", str(filled / f"collecte-MFSN-{PERIOD}.xlsx"), "--period", PERIOD,
                       "--data", str(dataset)], capsys)  # fmt: skip
    assert code == 0, text
    before = _obs(dataset)
    before = before[(before["period"] == PERIOD) & (before["organisation"] == "MFSN")]["target"].tolist()
    assert "1.3" in before, before
    fix = tmp_path / "correction.csv"
    fix.write_text(
        f"Organisation;Période;Cible;Numérateur;Dénominateur\nMFSN;{PERIOD};1.2;13;20\nMFSN;{PERIOD};1.3;25;20\n",
        "utf-8",
    )
    code, text = _run(["ingest", str(fix), "--period", PERIOD, "--data", str(dataset)], capsys)
    assert code == 1, text
    text = plain(text)
    left_out = ", ".join(tid for tid in before if tid not in ("1.2", "1.3"))
    assert (
        f"MFSN, {PERIOD} : {len(before) - 2} cibles déclarées auparavant ne sont pas dans la nouvelle soumission et sont retirées ({left_out})"
        in text
    ), text
    assert (
        f"MFSN, {PERIOD} : 1 cible déclarée auparavant est retirée (1.3) : sa nouvelle valeur est rejetée (erreurs "
        "ci-dessus) ; corrigez le formulaire et renvoyez-le pour la déclarer." in text
    ), text
    assert (
        f"MFSN, {PERIOD}: 1 target reported before is withdrawn (1.3): its new value is rejected (errors above); "
        "correct the form and send it again to report it." in text
    ), text
    obs = _obs(dataset)
    assert obs[(obs["period"] == PERIOD) & (obs["organisation"] == "MFSN")]["target"].tolist() == ["1.2"]


def test_a_filled_target_that_is_rejected_is_not_called_empty_or_missing(filled, dataset, tmp_path):
    """« 12,5 » in a count is rejected at its cell; the quality report does not also say the target was
    left empty. Targets written « Cible 1.3 » or « 2,1 » are read (and accepted), not « deleted rows »."""
    from openpyxl import load_workbook

    path = Path(shutil.copy(filled / f"collecte-MFSN-{PERIOD}.xlsx", tmp_path / "mfsn.xlsx"))
    wb = load_workbook(path)
    ws = wb["Données"]
    ws.protection.sheet = False
    rows = {ws.cell(r, 1).value: r for r in range(7, 17)}
    ws.cell(rows["1.2"], 3).value = "12,5"
    ws.cell(rows["1.3"], 1).value = "Cible 1.3"
    ws.cell(rows["2.1"], 1).value = "2,1"
    wb.save(path)
    result = ingest([path], PERIOD, dataset)
    f = result.files[0]
    assert (f.rows_accepted, f.rows_rejected) == (9, 1), f.issues
    report = build_quality(result)
    mine = [(i.rule, i.value, i.cell) for i in report.details if i.organisation == "MFSN"]
    assert ("not_whole_number", "12,5", f"Données!C{rows['1.2']}") in mine
    assert not [m for m in mine if m[0] in ("target_empty", "target_missing")], mine
    obs = _obs(dataset)
    assert {"1.3", "2.1"} <= set(obs[(obs["period"] == PERIOD) & (obs["organisation"] == "MFSN")]["target"])


def test_figures_on_a_copied_data_sheet_are_said_not_to_be_merged(filled, dataset, tmp_path):
    """Half the figures typed on « Données », the rest on a copy « Données (2) »: the copy's figures were
    not read and nothing said so (five targets « laissée vide »). A warning names the sheet and its targets."""
    from openpyxl import load_workbook

    path = Path(shutil.copy(filled / f"collecte-MFSN-{PERIOD}.xlsx", tmp_path / "deux-feuilles.xlsx"))
    wb = load_workbook(path)
    first = wb["Données"]
    copy = wb.copy_worksheet(first)
    copy.title = "Données (2)"
    later = [r for r in range(7, 17) if str(first.cell(r, 1).value) >= "4"]
    for row in later:
        first.cell(row, 3).value = first.cell(row, 4).value = None
    for row in set(range(7, 17)) - set(later):
        copy.cell(row, 3).value = copy.cell(row, 4).value = None
    wb.save(path)
    result = ingest([path], PERIOD, dataset)
    (warning,) = [i for i in result.files[0].issues if i.rule == "other_data_sheet"]
    ids = ", ".join(str(first.cell(r, 1).value) for r in later)
    assert warning.cell == "Données (2)" and warning.value == ids, warning
    assert warning.message.startswith(
        f"Cette feuille a aussi des chiffres (cibles {ids}), mais seule la feuille"
    )
    assert "only sheet 'Données' is read: they are not merged" in warning.message_en
    # the same workbook with one data sheet: no such warning
    clean = ingest([filled / f"collecte-MFFIN-{PERIOD}.xlsx"], PERIOD, dataset)
    assert not [i for i in clean.files[0].issues if i.rule == "other_data_sheet"]


def test_validate_reads_a_returned_workbook_as_ingest_does(filled, tmp_path, capsys):
    """``validate collecte-X.xlsx`` said « colonnes obligatoires absentes : period, organisation » (exit 2)
    of a workbook ``ingest`` accepts: its organisation and period are in the header block. It now gives
    ingest's verdict, located by sheet, row and column, and merges nothing."""
    import json

    good = filled / f"collecte-MFSN-{PERIOD}.xlsx"
    code = main(["validate", str(good), "--data", str(DEMO), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["exit_code"] == 0, report
    assert report["rows_read"] == report["rows_accepted"] == 10 and not report["errors"]
    bad = Path(shutil.copy(good, tmp_path / "renvoi.xlsx"))
    fill(bad, {"1.1": ("beaucoup", 10, None), "1.2": ("12,5", 20, None)})
    code = main(["validate", str(bad), "--data", str(DEMO), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and (report["rows_read"], report["rows_accepted"], report["rows_rejected"]) == (10, 8, 2)
    where = {(e["sheet"], e["row"], e["column"], e["value"], e["rule"]) for e in report["errors"]}
    assert where == {("Données", 7, "numerator", "beaucoup", "not_numeric"),
                     ("Données", 8, "numerator", "12,5", "not_whole_number")}, where  # fmt: skip
    code = main(["validate", str(bad), "--data", str(DEMO)])
    text = capsys.readouterr().out
    assert (
        "renvoi.xlsx, feuille «\u00a0Données\u00a0», ligne 7, colonne C\u00a0: «\u00a0beaucoup\u00a0»" in text
    )  # the sheet's letter, as ingest's « Données!C7 »: « colonne numerator » is a name its sender never sees
    assert "colonne numerator" not in text and "sheet 'Données', row 8, column C: " in text
    # a blank form: nothing to validate is an error, as ingest says « aucune donnée utilisable »; with the
    # plan on file pre-filled and untouched, it is a workbook sent back unfilled (test_reader_warnings)
    blank = write_templates(DEMO, PERIOD, tmp_path / "vierges")[0]
    assert main(["validate", str(blank), "--data", str(DEMO)]) == 1
    assert "Classeur renvoyé sans être rempli" in capsys.readouterr().out
    wb = load_workbook(blank)
    for row in wb["Plan"].iter_rows(min_row=7, min_col=3):
        for cell in row:
            cell.value = None
    wb.save(blank)
    assert main(["validate", str(blank), "--data", str(DEMO)]) == 1
    assert "n'a aucune ligne de données" in capsys.readouterr().out


def test_validate_reads_a_returned_csv_as_ingest_does(dataset, tmp_path, capsys):
    """The blank CSV template filled on two lines, with « Num »/« Den » headers: ingest took its two rows;
    validate called the file unusable (« colonnes obligatoires absentes : numerator, denominator ») and,
    with the template's own headers, rejected its eight untouched lines as errors."""
    import json

    blank = next(p for p in write_templates(DEMO, PERIOD, tmp_path / "vierges") if p.suffix == ".csv")
    lines = blank.read_text("utf-8-sig").splitlines()
    lines[0] = lines[0].replace("Numérateur", "Num").replace("Dénominateur", "Den")
    for i, (num, den) in ((1, ("3", "4")), (2, ("beaucoup", "10"))):
        cells = lines[i].split(";")
        cells[0], cells[4], cells[5] = "MFSN", num, den
        lines[i] = ";".join(cells)
    path = tmp_path / "retour.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    code = main(["validate", str(path), "--data", str(DEMO), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and (report["rows_read"], report["rows_accepted"], report["rows_rejected"]) == (2, 1, 1)
    assert [(e["row"], e["column"], e["value"], e["rule"]) for e in report["errors"]] == [
        (3, "numerator", "beaucoup", "not_numeric")
    ]
    result = ingest([path], PERIOD, dataset)  # the same verdict
    assert (result.files[0].rows_read, result.files[0].rows_accepted) == (2, 1)


def _sheet_as_csv(workbook: Path, out: Path, edit=None) -> Path:
    """The workbook's « Données » sheet saved as CSV (« Enregistrer sous… CSV »), ``edit(rows)`` applied."""
    import csv

    from openpyxl import load_workbook

    rows = [
        ["" if c is None else c for c in r]
        for r in load_workbook(workbook)["Données"].iter_rows(values_only=True)
    ]
    if edit:
        edit(rows)
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    return out


def test_the_data_sheet_saved_as_csv_is_read_with_its_header_block(filled, dataset, tmp_path):
    """The form's « Données » sheet saved as CSV keeps the organisation and period in the lines above the
    table; ingest refused it (« colonnes obligatoires absentes : organisation, period », at A1:E1)."""
    workbook = filled / f"collecte-MFSN-{PERIOD}.xlsx"
    saved = _sheet_as_csv(workbook, tmp_path / "donnees.csv")
    result = ingest([saved], PERIOD, dataset)
    assert result.exit_code == 0 and not result.errors, [i.message for i in result.files[0].issues]
    assert result.files[0].rows_accepted == 10
    obs = _obs(dataset)
    got = obs[(obs["period"] == PERIOD) & (obs["organisation"] == "MFSN")][KEY].reset_index(drop=True)
    want = demo_observations()
    want = want[(want["period"] == PERIOD) & (want["organisation"] == "MFSN")][KEY].reset_index(drop=True)
    assert got.equals(want)

    # an unknown code in the block is located at its cell, as in a workbook (B2), on every row it applies to
    def other(rows):
        rows[1][1] = "XYZ"

    wrong = _sheet_as_csv(workbook, tmp_path / "autre.csv", other)
    result = ingest([wrong], PERIOD, dataset)
    assert {(i.cell, i.rule) for i in result.files[0].issues} == {("B2", "unknown_organisation")}
    # a CSV whose header lacks the target column: its header is line 1, not a header block (it said A2:D2)
    bare = tmp_path / "sans-cible.csv"
    bare.write_text(f"organisation,period,numerator,denominator\nMFSN,{PERIOD},3,4\n", "utf-8")
    (issue,) = ingest([bare], PERIOD, dataset).files[0].issues
    assert (issue.cell, issue.rule) == ("A1:D1", "missing_columns")


def test_a_column_added_by_hand_is_said_not_to_be_merged(filled, dataset, tmp_path):
    """« Précisions » added to the form, or to a CSV return: its cells were dropped in silence by ingest
    (validate named such columns). A warning names it at its header cell; the template's own columns get none."""
    from openpyxl import load_workbook

    path = Path(shutil.copy(filled / f"collecte-MFSN-{PERIOD}.xlsx", tmp_path / "precisions.xlsx"))
    wb = load_workbook(path)
    ws = wb["Données"]
    ws.cell(6, 7).value, ws.cell(8, 7).value = "Précisions", "chiffre révisé en mai"
    wb.save(path)
    csv_return = tmp_path / "retour.csv"
    csv_return.write_text(
        f"Organisation;Période;Cible;Numérateur;Dénominateur;Précisions\nMFFIN;{PERIOD};1.1;3;4;révisé\n",
        "utf-8",
    )
    result = ingest([path, csv_return, filled / f"collecte-MFTRA-{PERIOD}.xlsx"], PERIOD, dataset)
    unread = [[(i.cell, i.value) for i in f.issues if i.rule == "unknown_column"] for f in result.files]
    assert unread == [[("Données!G6", "Précisions")], [("F1", "précisions")], []], unread
    assert all(f.rows_rejected == 0 for f in result.files)
    issue = next(i for i in result.files[0].issues if i.rule == "unknown_column")
    assert issue.message.startswith("Colonne «\u00a0Précisions\u00a0»\u00a0: aucune règle ne la lit")


def test_a_returned_csv_with_a_line_in_another_encoding_is_said_as_validate_says_it(dataset, tmp_path):
    """A returned CSV in UTF-8 with one line typed in Windows-1252: the line is read in its own encoding and
    ``validate`` names it in a warning; ``ingest`` read it as well but said nothing."""
    lines = ["period,organisation,target,numerator,denominator,note", f"{PERIOD},MFSN,1.1,3,4,Révisé",
             f"{PERIOD},MFSN,1.2,2,4,Vérifié"]  # fmt: skip
    path = tmp_path / "retour.csv"
    path.write_bytes(b"\n".join(line.encode("cp1252" if i == 2 else "utf-8") for i, line in enumerate(lines)))
    result = ingest([path], PERIOD, dataset)
    [file] = result.files
    assert file.rows_accepted == 2
    [warning] = [w for w in file.warnings if w.rule == "mixed_encoding"]
    assert "La ligne 3 n'est pas en UTF-8 comme le reste" in warning.describe("fr").replace("\u00a0", " ")
    assert "Line 3 is not in UTF-8 like the rest of the file" in warning.describe("en")
    assert set(_obs(dataset).query("organisation == 'MFSN' and period == @PERIOD")["note"]) >= {
        "Révisé",
        "Vérifié",
    }


def test_a_target_counted_in_decimals_takes_them_in_its_workbook(dataset, tmp_path):
    """A strategy counting 4.2 in full-time equivalents: « 416,5 » was refused in the collection workbook (« un
    décompte d'unités est un nombre entier ») while observations.csv took it. ``whole_counts: false`` on the
    target: its row takes decimals (Excel's validation, the instructions, ingestion); the others still do not."""
    import yaml

    bundled = Path(__file__).resolve().parents[1] / "lib/barometre/strategies/quebec-2019-2023.yaml"
    raw = yaml.safe_load(bundled.read_text(encoding="utf-8"))
    for target in raw["targets"]:
        if target["id"] == "4.2":
            target["whole_counts"] = False
    (dataset / "strategie.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meta = dataset / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("quebec-2019-2023", "strategie.yaml"), "utf-8")
    (path,) = [p for p in write_templates(dataset, PERIOD, tmp_path / "tpl") if "MFSN" in p.name]
    wb = load_workbook(path)
    ws = wb["Données"]
    rows = {ws.cell(r, 1).value: r for r in range(7, 17)}
    kinds = {str(dv.sqref): dv.type for dv in ws.data_validations.dataValidation}
    row = rows["4.2"]
    assert kinds == {f"C7:D{row - 1} C{row + 1}:D16": "whole", f"C{row}:D{row}": "decimal"}, kinds
    assert "décimales permises" in wb["Instructions"].cell(6 + list(rows).index("4.2"), 3).value
    assert (
        "décimaux là où l'unité comptée dit" in wb["Instructions"]["A3"].value
    )  # not « des nombres entiers »
    # Excel's General: « 0.## » showed a whole 2170 as « 2170, »
    assert (ws.cell(row, 3).number_format, ws.cell(rows["1.1"], 3).number_format) == ("General", "0")
    fill(path, {"4.2": (416.5, 2169.7, None), "1.1": (12.5, 40, None), "1.2": (3, 9, None)})
    f = ingest([path], PERIOD, dataset).files[0]
    assert (f.rows_accepted, f.rows_rejected) == (2, 1), f.issues
    assert [(i.rule, i.cell) for i in f.issues if i.rule == "not_whole_number"] == [
        ("not_whole_number", f"Données!C{rows['1.1']}")
    ]
    assert not [i for i in f.issues if i.rule == "decimal_count"]  # refused, not also « accepted: check it »
    obs = _obs(dataset)
    assert obs[(obs["period"] == PERIOD) & (obs["target"] == "4.2")][
        ["numerator", "denominator"]
    ].values.tolist() == [["416.5", "2169.7"]]


def test_a_total_row_s_words_are_not_the_file_s_period_or_organisation(demo_copy, tmp_path, capsys):
    """A « Total » row and a name typed for a code were rejected at their cells, yet the file's line and the
    ingestion log read « MFSN, Commission fictive des aînés, 2022-2023, Total »: they name what it is about."""
    path = tmp_path / "retour.csv"
    path.write_text("period,organisation,target,numerator,denominator\n"
                    f"{PERIOD},MFSN,1.1,5,9\n{PERIOD},Commission fictive des aînés,1.2,5,9\nTotal,,,10,18\n",
                    encoding="utf-8")  # fmt: skip
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(demo_copy)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"retour.csv — MFSN, {PERIOD}\u00a0: 1 ligne acceptée, 2 rejetées"), out[:200]
    log = pd.read_csv(demo_copy / "ingestion_log.csv", dtype=str, keep_default_na=False)
    assert log[["period", "organisations"]].values.tolist()[-1] == [PERIOD, "MFSN"]


# --- The quality report across ingestion runs ------------------------------------------------------


def _plan_only(template: Path, dest: Path, c7: object) -> Path:
    """IFSTA's workbook sent back with its plan only: 1.1 at ``c7`` (1.5 is refused), 1.2 revised."""
    path = Path(shutil.copy(template, dest))
    wb = load_workbook(path)
    wb["Plan"]["C7"], wb["Plan"]["C8"] = c7, 0.9
    wb.save(path)
    return path


def test_a_later_ingestion_keeps_the_other_organisations_latest_returns_in_the_quality_report(
    dataset, tmp_path
):
    """IFSTA sent its plan with a refused value; a later run took only MFAGR's correction. IFSTA's row said
    « 0, 0 » and the summary « Avec erreurs 0, Erreurs 0 »: the analyst would think IFSTA clean. Each row
    keeps what its organisation's own latest return said; a plan-only return has its « Dernière soumission »."""
    forms = tmp_path / "forms"
    write_templates(dataset, PERIOD, forms)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    _plan_only(forms / f"collecte-IFSTA-{PERIOD}.xlsx", first, 1.5)
    wrong = fill(Path(shutil.copy(forms / f"collecte-MFAGR-{PERIOD}.xlsx", first)))
    wb = load_workbook(wrong)
    wb["Données"]["C7"] = "douze"
    wb.save(wrong)
    r1 = build_quality(ingest([first], PERIOD, dataset, now="2023-06-01T10:00:00Z"))
    fill(Path(shutil.copy(forms / f"collecte-MFAGR-{PERIOD}.xlsx", second / "MFAGR-v2.xlsx")))
    r2 = build_quality(ingest([second], PERIOD, dataset, now="2023-06-08T10:00:00Z"))
    cols = ["received", "errors", "warnings", "last_submission"]
    before = r1.organisations.set_index("organisation")
    after = r2.organisations.set_index("organisation")
    ifsta = before.loc["IFSTA", cols].tolist()
    assert after.loc["IFSTA", cols].tolist() == ifsta and ifsta[0] and ifsta[1] >= 1
    assert ifsta[3] == "2023-06-01T10:00:00Z"  # a plan-only return: the time of the log, no history row
    assert before.loc["MFAGR", "errors"] == 1 and after.loc["MFAGR", "errors"] == 0
    assert after.loc["MFAGR", "last_submission"] == "2023-06-08T10:00:00Z"
    s = r2.summary
    assert (s["with_errors"], s["errors"]) == (1, ifsta[1])
    assert s["warnings"] == int(after["warnings"].sum())  # the totals reconcile with the rows
    said = [i for i in r2.details if i.organisation == "IFSTA"]
    assert (said[0].severity, said[0].rule, Path(said[0].file).name) == (
        "error", "earlier_return", f"collecte-IFSTA-{PERIOD}.xlsx"
    )  # fmt: skip
    assert said[0].message.startswith(
        "Retour intégré le 1er\u00a0juin\u00a02023, 10\u00a0h\u00a000\u00a0UTC et non remplacé depuis\u00a0:"
    )
    assert said[0].message_en.startswith(
        "Return ingested on June\u00a01, 2023, 10:00\u00a0UTC and not replaced since:"
    )
    fr = render_html(r2, "fr").replace("\u00a0", " ")
    assert "<dt>Avec erreurs</dt><dd>1</dd>" in fr and f"<dt>Erreurs</dt><dd>{ifsta[1]}</dd>" in fr


def test_a_return_superseded_in_its_own_batch_gives_way_to_the_newer_one_in_later_reports(dataset, tmp_path):
    """Two IFSTA returns in one run, the second corrected: that run's and a later run's reports show the
    second's counts."""
    forms = tmp_path / "forms"
    write_templates(dataset, PERIOD, forms)
    old = _plan_only(forms / f"collecte-IFSTA-{PERIOD}.xlsx", tmp_path / "a-IFSTA.xlsx", 1.5)
    new = _plan_only(forms / f"collecte-IFSTA-{PERIOD}.xlsx", tmp_path / "b-IFSTA.xlsx", 0.8)
    first = build_quality(ingest([old, new], PERIOD, dataset, now="2023-06-01T10:00:00Z"))
    # in its own run too: a's refused value was counted against IFSTA beside b's clean return
    assert first.organisations.set_index("organisation").loc["IFSTA", "errors"] == 0
    # a's error is listed, said set aside, and counted in the totals as on the console, not in IFSTA's row
    (aside,) = [i for i in first.details if i.organisation == "IFSTA" and i.severity == "error"]
    assert Path(aside.file).name == "a-IFSTA.xlsx" and aside.message.startswith(
        "Fichier mis de côté (b-IFSTA.xlsx"
    )
    assert first.summary["errors"] == 1 and first.summary["with_errors"] == 0
    fill(Path(shutil.copy(forms / f"collecte-MFAGR-{PERIOD}.xlsx", tmp_path / "MFAGR.xlsx")))
    r2 = build_quality(ingest([tmp_path / "MFAGR.xlsx"], PERIOD, dataset, now="2023-06-08T10:00:00Z"))
    newer = ingest([new], PERIOD, dataset).files[0]  # read again: what b said
    row = r2.organisations.set_index("organisation").loc["IFSTA"]
    assert (row["errors"], row["warnings"]) == (len(newer.errors), len(newer.warnings)) == (0, 10)


def test_of_two_returns_of_one_organisation_the_one_modified_last_wins_not_the_last_by_name(tmp_path, capsys):
    """MFAGR sent « collecte-MFAGR-….xlsx », then « collecte-MFAGR-… (version finale).xlsx »: the older one was
    merged because it comes last by name, and only ingestion_log.csv said which was dropped. The file modified
    last wins (ties by name); the console and the quality report name the file kept and the one set aside."""
    data = dataset_without(tmp_path)
    forms, batch = tmp_path / "forms", tmp_path / "batch"
    write_templates(data, PERIOD, forms)
    batch.mkdir()
    form = forms / f"collecte-MFSN-{PERIOD}.xlsx"
    first = Path(shutil.copy(fill(form, {"1.1": (5, 10, None)}), batch / f"collecte-MFSN-{PERIOD}.xlsx"))
    final = Path(
        shutil.copy(
            fill(form, {"1.1": (6, 10, None)}), batch / f"collecte-MFSN-{PERIOD} (version finale).xlsx"
        )
    )
    for path, planned in ((first, 0.3), (final, 0.9)):  # their plans too: the final one's is kept
        wb = load_workbook(path)
        wb["Plan"]["C7"] = planned
        wb.save(path)
    os.utime(first, (1_700_000_000, 1_700_000_000))
    os.utime(final, (1_700_086_400, 1_700_086_400))  # a day later
    code = main(["ingest", str(batch), "--period", PERIOD, "--data", str(data)])
    text = capsys.readouterr().out.replace("\u00a0", " ")
    assert code == 0
    obs = _obs(data)
    assert obs.loc[(obs["period"] == PERIOD) & (obs["organisation"] == "MFSN"), "numerator"].tolist() == ["6"]
    plans = load_dataset(data).plans
    mine = plans.loc[(plans["organisation"] == "MFSN") & (plans["target"] == "1.1"), "planned_value"].tolist()
    assert 0.9 in mine and 0.3 not in mine
    said = (
        f"le fichier modifié le plus récemment, {final.name}, est intégré ; {first.name}, plus ancien, "
        "est mis de côté."
    )
    assert said in text
    details = pd.read_csv(
        data / "qualite" / f"qualite-{PERIOD}-details.csv", dtype=str, keep_default_na=False
    )
    assert any(said in m.replace("\u00a0", " ") for m in details["message_fr"])
    log = pd.read_csv(data / "ingestion_log.csv", dtype=str)
    assert dict(zip(log["file"].map(lambda f: Path(f).name), log["outcome"], strict=True)) == {
        first.name: "superseded",
        final.name: "merged",
    }
    # the same times: by name, the same result every time
    os.utime(final, (1_700_000_000, 1_700_000_000))
    again = ingest([batch], PERIOD, dataset_without(tmp_path / "again"))
    assert {f.path.name: f.status for f in again.files} == {first.name: "merged", final.name: "superseded"}


def _another_code(forms: Path, name: str, code: str, dest: Path) -> Path:
    """``name``'s workbook (its plan sheet too) filled in, with ``code`` typed in the data sheet's code cell."""
    dest.parent.mkdir(exist_ok=True)
    path = fill(Path(shutil.copy(forms / f"collecte-{name}-{PERIOD}.xlsx", dest)), {"1.1": (1, 2, None)})
    wb = load_workbook(path)
    wb["Données"]["B2"] = code
    wb["Plan"]["C7"] = 0.9
    wb.save(path)
    return path


def test_a_workbook_named_for_one_organisation_with_another_s_code_changes_nothing_on_file(dataset, tmp_path):
    """« collecte-OFMOB-….xlsx » with Données!B2 = MFTRA replaced MFTRA's accepted return, with a warning; OFMOB
    stayed « non reçue » with no issue. It is refused whole, and said under OFMOB, the ministry to chase."""
    forms = tmp_path / "forms"
    write_templates(dataset, PERIOD, forms)
    mftra = fill(Path(shutil.copy(forms / f"collecte-MFTRA-{PERIOD}.xlsx", tmp_path)))
    ingest([mftra], PERIOD, dataset, now="2023-06-01T10:00:00Z")
    on_file = {f: (dataset / f).read_bytes() for f in ("observations.csv", "plans.csv")}
    wrong = _another_code(forms, "OFMOB", "MFTRA", tmp_path / "batch" / f"collecte-OFMOB-{PERIOD}.xlsx")
    result = ingest([wrong.parent], PERIOD, dataset, now="2023-06-08T10:00:00Z")
    assert {f: (dataset / f).read_bytes() for f in on_file} == on_file  # neither MFTRA's nor OFMOB's changed
    (res,) = result.files
    assert (res.status, res.rows_accepted, res.organisations, result.exit_code) == (
        "rejected",
        0,
        ["OFMOB"],
        2,
    )
    (error,) = [i for i in res.errors if i.rule == "organisation_conflict"]
    assert (error.cell, error.organisation) == ("Données!B2", "OFMOB")
    assert (
        "porte le nom de OFMOB, mais son code d'organisation (cellule Données!B2) est MFTRA" in error.message
    )
    assert "Corrigez le code de la cellule Données!B2 ou le nom du fichier, puis renvoyez le classeur" in (
        error.message.replace("\u00a0", " ")
    )
    assert "named for OFMOB" in error.message_en and "«" not in error.message_en
    report = build_quality(result)
    rows = report.organisations.set_index("organisation")
    assert rows.loc["OFMOB", "errors"] == len(res.errors) >= 1
    assert rows.loc["MFTRA", ["errors", "last_submission"]].tolist() == [0, "2023-06-01T10:00:00Z"]
    assert {i.organisation for i in report.details if Path(i.file).name == wrong.name} == {"OFMOB"}


def test_every_file_of_a_run_is_in_the_quality_report_and_its_totals_are_the_console_s(
    dataset, tmp_path, capsys
):
    """Batch 1: MFFIN's file with Données!B2 = MFTRA was « superseded » by MFTRA's own: its two issues were only
    on the console, MFFIN read « non reçue », the summary said 5 errors / 3 warnings for the console's 6 / 4. And
    Plan!B2 told MFFIN « Corrigez le code » of the plan, which was right: it names the data sheet's cell."""
    forms, batch = tmp_path / "forms", tmp_path / "batch"
    write_templates(dataset, PERIOD, forms)
    batch.mkdir()
    _another_code(forms, "MFFIN", "MFTRA", batch / f"collecte-MFFIN-{PERIOD}.xlsx")
    mftra = fill(Path(shutil.copy(forms / f"collecte-MFTRA-{PERIOD}.xlsx", batch)))
    wb = load_workbook(mftra)
    wb["Données"]["C7"] = "douze"
    wb.save(mftra)
    result = ingest([batch], PERIOD, dataset)
    report = build_quality(result)
    named = {Path(i.file).name for i in report.details}
    assert {f.path.name for f in result.files} <= named
    assert report.summary["errors"] == sum(len(f.errors) for f in result.files)
    assert report.summary["warnings"] == sum(len(f.warnings) for f in result.files) + sum(
        1 for i in report.details if i.file == "observations.csv"
    )
    assert report.organisations.set_index("organisation").loc["MFFIN", "errors"] == 2
    (plan,) = [i for f in result.files for i in f.errors if i.rule == "plan_other_organisation"]
    assert plan.cell == "Plan!B2" and plan.organisation == "MFFIN"
    assert plan.message.endswith("Corrigez le code de la cellule Données!B2 et renvoyez le classeur.")
    assert plan.message_en.endswith("Correct the code in cell Données!B2 and send the workbook again.")


def test_a_file_set_aside_in_its_batch_keeps_its_issues_in_the_quality_report_and_its_totals(
    tmp_path, capsys
):
    """MFSN's first workbook, with a refused cell, set aside for its corrected one: its error was on the console
    and in ingestion_log.csv, not in the quality report nor in its totals (« Erreurs 0 » for the console's 1)."""
    data = dataset_without(tmp_path)
    forms, batch = tmp_path / "forms", tmp_path / "batch"
    write_templates(data, PERIOD, forms)
    batch.mkdir()
    form = forms / f"collecte-MFSN-{PERIOD}.xlsx"
    old = Path(
        shutil.copy(fill(form, {"1.1": (5, 10, None), "1.2": ("douze", 4, None)}), batch / "a-MFSN.xlsx")
    )
    new = Path(shutil.copy(fill(form, {"1.1": (6, 10, None), "1.2": (3, 4, None)}), batch / "b-MFSN.xlsx"))
    os.utime(old, (1_700_000_000, 1_700_000_000))
    os.utime(new, (1_700_086_400, 1_700_086_400))
    result = ingest([batch], PERIOD, data)
    report = build_quality(result)
    assert report.summary["errors"] == sum(len(f.errors) for f in result.files) == 1
    derived = sum(1 for i in report.details if i.file == "observations.csv")  # jumps from the previous period
    assert report.summary["warnings"] == sum(len(f.warnings) for f in result.files) + derived
    (error,) = [i for i in report.details if i.severity == "error"]
    assert (Path(error.file).name, error.cell, error.organisation) == ("a-MFSN.xlsx", "Données!C8", "MFSN")
    assert error.message.replace("\u00a0", " ").startswith(
        "Fichier mis de côté (b-MFSN.xlsx, plus récent, le remplace ; non compté dans la ligne de l'organisation) : "
    )
    assert error.message_en.startswith("File set aside (b-MFSN.xlsx, more recent, replaces it; not counted")
    assert (
        report.organisations.set_index("organisation").loc["MFSN", "errors"] == 0
    )  # the return kept is clean
    assert {Path(i.file).name for i in report.details} >= {"a-MFSN.xlsx", "b-MFSN.xlsx"}


def test_the_quality_report_lists_every_file_read_with_its_outcome_and_counts(dataset, tmp_path):
    """« Fichiers lus 5 » with four of them anywhere in the report: a clean file, kept, was named nowhere. Each
    file of the run is listed with its organisation, its outcome and the counts the console gives it."""
    forms, batch = tmp_path / "forms", tmp_path / "batch"
    write_templates(dataset, PERIOD, forms)
    batch.mkdir()
    clean = fill(Path(shutil.copy(forms / f"collecte-MFSN-{PERIOD}.xlsx", batch)))
    wrong = _another_code(forms, "MFFIN", "MFTRA", batch / f"collecte-MFFIN-{PERIOD}.xlsx")
    result = ingest([batch], PERIOD, dataset)
    report = build_quality(result)
    assert not [i for i in report.details if Path(i.file).name == clean.name]  # nothing to say of it
    fr = render_html(report, "fr").replace("\u00a0", " ")
    en = render_html(report, "en")
    assert (
        "<h2>Fichiers lus dans cette ingestion</h2>" in fr and "<h2>Files read in this ingestion</h2>" in en
    )
    mfsn = result.files[[f.path.name for f in result.files].index(clean.name)]
    assert (
        f'<tr><th scope="row">{clean.name}</th><td>MFSN</td>\n<td>intégré</td><td class="n">{mfsn.rows_accepted}'
        f'</td><td class="n">0</td>\n<td class="n">0</td><td class="n">{len(mfsn.warnings)}</td></tr>' in fr
    )
    assert f'<tr><th scope="row">{wrong.name}</th><td>MFFIN</td>\n<td>rejected</td>' in en
    assert [f["file"] for f in report.files] == [f.path.name for f in result.files]
    assert report.summary["files"] == len(report.files) == 2


def test_a_newer_file_refused_sets_nothing_aside(tmp_path):
    """MFSN's workbook, then a newer one whose code cell says MFTRA (refused whole): ingest merged the older,
    yet the quality report said its issues were « mis de côté » for the refused one, while its own table of
    files said « intégré ». A file is set aside only for a newer one of its organisation that is kept."""
    from barometre.collect.identity import plan_code_advice
    from openpyxl import load_workbook

    data = dataset_without(tmp_path)
    forms, batch = tmp_path / "forms", tmp_path / "batch"
    write_templates(data, PERIOD, forms)
    batch.mkdir()
    form = forms / f"collecte-MFSN-{PERIOD}.xlsx"
    good = Path(shutil.copy(fill(form), batch / f"collecte-MFSN-{PERIOD}.xlsx"))
    fill(good, {"2.1": ("environ 30", 10, None)})  # one error in the file kept
    bad = Path(shutil.copy(good, batch / f"collecte-MFSN-{PERIOD} v2.xlsx"))
    wb = load_workbook(bad)
    wb["Données"]["B2"] = "MFTRA"
    wb.save(bad)
    os.utime(good, (1_700_000_000,) * 2)
    os.utime(bad, (1_700_086_400,) * 2)
    result = ingest([batch], PERIOD, data)
    assert {f.path.name: f.status for f in result.files} == {good.name: "merged", bad.name: "rejected"}
    report = build_quality(result)
    mine = [i for i in report.details if i.file.endswith(good.name)]
    assert mine and not [i for i in mine if "mis de côté" in i.message], [i.message for i in mine]
    errors = report.organisations.set_index("organisation").loc["MFSN", "errors"]
    assert errors >= 1  # the kept file's own error counts in its row
    # and without a code cell on the data sheet, the plan's advice names the plan's cell, never « cellule ? »
    advice = plan_code_advice("MFTRA", "MFSN", "", "Plan!B2", "")
    assert "?" not in advice["fr"] and "Plan!B2" in advice["fr"]


def test_of_three_returns_of_one_organisation_only_the_one_kept_says_it_is_kept(tmp_path):
    """Three MFSN workbooks in one batch: the middle one said « … b, est intégré ; a … est mis de côté »,
    though it was set aside for the third in its turn (three warnings for two files set aside). The file
    kept says it once for each file set aside."""
    data = dataset_without(tmp_path)
    forms, batch = tmp_path / "forms", tmp_path / "batch"
    write_templates(data, PERIOD, forms)
    batch.mkdir()
    form = forms / f"collecte-MFSN-{PERIOD}.xlsx"
    files = []
    for n, name in enumerate("abc"):
        path = Path(shutil.copy(fill(form, {"1.1": (4 + n, 10, None)}), batch / f"{name}-MFSN-{PERIOD}.xlsx"))
        os.utime(path, (1_700_000_000 + n * 86_400,) * 2)
        files.append(path)
    result = ingest([batch], PERIOD, data)
    said = {f.path.name: [i for i in f.issues if i.rule == "resubmitted_in_batch"] for f in result.files}
    assert not said[files[0].name] and not said[files[1].name], said
    assert sorted(files[i].name in w.message for w in said[files[2].name] for i in (0, 1)).count(True) == 2
    assert [f.status for f in result.files] == ["superseded", "superseded", "merged"]


def test_a_workbook_saved_in_another_format_in_a_folder_is_an_error_at_it(tmp_path, capsys):
    """An .xls or .ods return in the folder was « Fichier ignoré … ce n'est pas un classeur » (exit 0 beside a good
    return, « Aucun classeur ni CSV trouvé » alone): its organisation's figures went unmerged without an error.
    It is read as when named: an error at the file that says to save it as .xlsx, and exit 1 (2 alone)."""
    data = dataset_without(tmp_path)
    returns = tmp_path / "retours"
    returns.mkdir()
    (returns / f"collecte-MFSN-{PERIOD}.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (returns / f"collecte-MFEDU-{PERIOD}.ods").write_bytes(b"PK\x03\x04")
    assert main(["ingest", str(returns), "--period", PERIOD, "--data", str(data)]) == 2
    capsys.readouterr()
    (returns / "retour.csv").write_text(
        f"period,organisation,target,numerator,denominator\n{PERIOD},MFTRA,1.1,1,2\n"
    )
    assert main(["ingest", str(returns), "--period", PERIOD, "--data", str(data)]) == 1
    text = capsys.readouterr().out.replace("\u00a0", " ")
    for name in (f"collecte-MFSN-{PERIOD}.xls", f"collecte-MFEDU-{PERIOD}.ods"):
        assert f"  ! {name} : Format non pris en charge" in text
    assert (
        "Enregistrez le classeur au format Excel (.xlsx) et renvoyez-le" in text
        and "Fichier ignoré" not in text
    )


def test_a_period_written_short_is_read_as_indicators_read_it(tmp_path, capsys):
    """`indicators --period 2022-23` read 2022-2023; `template` and `ingest` said « Période « 2022-23 » inconnue »."""
    data = dataset_without(tmp_path)
    out = tmp_path / "modeles"
    assert main(["template", "--period", "2022-23", "--data", str(data), "--out", str(out)]) == 0
    path = fill(out / f"collecte-MFSN-{PERIOD}.xlsx")
    assert main(["ingest", str(path), "--period", "2022-23", "--data", str(data)]) == 0
    assert "observations ajoutées\u00a0: 10" in capsys.readouterr().out
    assert (_obs(data)["period"] == PERIOD).sum() == 10


def test_a_return_of_notes_only_says_the_values_on_file_stay(demo_copy, tmp_path, capsys):
    """MFSN returns its workbook with « Données non disponibles » on every target and no figure: its 10 values
    on file for the period stayed without a word, while a return with one figure withdraws the others, said."""
    out = tmp_path / "retours"
    path = next(
        p for p in write_templates(demo_copy, PERIOD, out) if p.name == f"collecte-MFSN-{PERIOD}.xlsx"
    )
    book = load_workbook(path)
    for row in range(7, 17):
        book["Données"].cell(row, 5).value = "Données non disponibles"
    book.save(path)
    before = _obs(demo_copy)
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(demo_copy)]) == 0
    text = capsys.readouterr().out.replace("\u00a0", " ")
    assert (
        f"MFSN, {PERIOD} : ce retour ne donne aucun chiffre, seulement des notes ; les 10 valeurs déjà au dossier "
        "sont gardées (1.1, 1.2, 1.3, 2.1, 3.1, 4.1, 4.2, 5.1, 5.2, 6.1)." in text
    )
    assert _obs(demo_copy)[KEY].equals(before[KEY])
    # its line gives the period its plan was taken for (it read « MFSN, — »)
    assert f"collecte-MFSN-{PERIOD}.xlsx — MFSN, {PERIOD} : 0 ligne acceptée" in text
