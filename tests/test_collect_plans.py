"""The plan sheet of the collection loop: template pre-filled up to the deadline, ingest into plans.csv."""

import shutil

import pandas as pd
import pytest
from barometre.cli import main
from barometre.collect.ingest import ingest
from barometre.collect.plan_sheet import PLAN_HISTORY_FILE
from barometre.collect.templates import write_templates
from barometre.dataset import load_dataset
from conftest import DEMO
from openpyxl import load_workbook

PERIOD = "2021-2022"  # the sheet asks for 2021-2022 and 2022-2023 (the deadline)


@pytest.fixture
def data(tmp_path):
    dst = tmp_path / "data"
    shutil.copytree(DEMO, dst)
    return dst


def workbook(data, tmp_path, code="MFTRA"):
    out = tmp_path / "out"
    write_templates(data, PERIOD, out)
    return out / f"collecte-{code}-{PERIOD}.xlsx"


def test_plan_sheet_is_prefilled_up_to_the_deadline(data, tmp_path):
    wb = load_workbook(workbook(data, tmp_path))
    ws = wb["Plan"]
    assert (ws["A2"].value, ws["B2"].value) == ("Code de l'organisation", "MFTRA")
    assert [ws.cell(6, c).value for c in range(1, 5)] == [
        "Cible", "Libellé de la cible", "Valeur prévue 2021-2022", "Valeur prévue 2022-2023",
    ]  # fmt: skip
    plans = load_dataset(DEMO).plans
    want = plans[(plans["organisation"] == "MFTRA") & (plans["target"] == "1.1")]
    want = dict(zip(want["period"], want["planned_value"], strict=True))
    assert ws["A7"].value == "1.1"
    assert (ws["C7"].value, ws["D7"].value) == (want["2021-2022"], want["2022-2023"])
    assert ws["C7"].number_format == "0%" and ws["C7"].protection.locked is False
    assert ws.protection.sheet and ws["A7"].protection.locked


def test_ingest_merges_the_plan_with_provenance_and_history(data, tmp_path):
    path = workbook(data, tmp_path)
    wb = load_workbook(path)
    ws = wb["Plan"]
    ws["C7"], ws["D7"] = 0.55, "90 %"  # 1.1: revised plan (a number and a typed percentage)
    ws["D8"] = None  # 1.2: commitment for 2022-2023 withdrawn
    ws["D9"] = 1.5  # 1.3: out of range → error at Plan!D9, the other values still merged
    wb.save(path)
    before = load_dataset(data).plans
    result = ingest([path], PERIOD, data, now="2023-05-01T00:00:00Z")
    assert result.exit_code == 1
    errors = [(i.cell, i.rule) for i in result.errors]
    assert errors == [("Plan!D9", "planned_value_out_of_range")]
    ds = load_dataset(data)
    assert ds.report.ok
    p = ds.plans.set_index(["organisation", "target", "period"])["planned_value"]
    assert p[("MFTRA", "1.1", "2021-2022")] == 0.55 and p[("MFTRA", "1.1", "2022-2023")] == 0.9
    assert ("MFTRA", "1.2", "2022-2023") not in p.index
    # a refused value keeps the one on file (it was deleted without a word), and a warning says so
    old = before.set_index(["organisation", "target", "period"])["planned_value"]
    assert p[("MFTRA", "1.3", "2022-2023")] == old[("MFTRA", "1.3", "2022-2023")]
    (kept,) = [i for i in result.files[0].issues if i.rule == "plan_kept"]
    assert kept.cell == "Plan!D9" and kept.message.startswith(
        "La valeur prévue de la cible 1.3 pour 2022-2023"
    )
    assert p[("MFTRA", "1.1", "2020-2021")] == 0.45  # periods before the sheet's are kept
    others = before[before["organisation"] != "MFTRA"]
    assert len(ds.plans[ds.plans["organisation"] != "MFTRA"]) == len(others)
    raw = pd.read_csv(data / "plans.csv", dtype=str, keep_default_na=False)
    mine = raw[(raw["organisation"] == "MFTRA") & (raw["period"] != "2020-2021")]
    kept_row = (mine["target"] == "1.3") & (mine["period"] == "2022-2023")  # keeps its own provenance
    assert (
        set(mine[~kept_row]["source_file"]) == {path.name}
        and mine[~kept_row]["source_sha256"].str.len().eq(64).all()
    )
    hist = pd.read_csv(data / PLAN_HISTORY_FILE, dtype=str, keep_default_na=False)
    assert list(hist["origin"].unique()) == ["antérieur", "soumission"]  # old plan archived, then the new one
    # The same file again changes nothing.
    again = ingest([path], PERIOD, data, now="2023-05-02T00:00:00Z")
    assert again.plan_rows_added == 0
    assert len(pd.read_csv(data / PLAN_HISTORY_FILE, dtype=str)) == len(hist)


def test_ingest_command_reports_plans(data, tmp_path, capsys):
    path = workbook(data, tmp_path, "SFLOG")
    wb = load_workbook(path)  # one value revised: returned as the template made it, it is refused (unfilled)
    wb["Plan"]["C8"] = round(wb["Plan"]["C8"].value + 0.01, 2)
    wb.save(path)
    code = main(["ingest", str(path), "--period", PERIOD, "--data", str(data)])
    out = capsys.readouterr().out
    plans = load_dataset(DEMO).plans
    n = int(((plans["organisation"] == "SFLOG") & plans["period"].isin(["2021-2022", "2022-2023"])).sum())
    assert code == 0 and n > 10
    assert f"Plans\u00a0: {n} valeurs prévues intégrées dans plans.csv, dont 1 remplacée" in out
    assert f"0 nouvelle et {n - 1} inchangées\u00a0; 0 rejetée." in out and "retirée" not in out  # as on file
    # a workbook with its plan and no data row: it read « — rejeté » while its plan was merged
    line = f"{path.name} — SFLOG, {PERIOD}\u00a0: 0 ligne acceptée, 0 rejetée — plan seul, intégré"
    assert line in out, out
    main(["ingest", str(path), "--period", PERIOD, "--data", str(data)])
    assert "— déjà intégré (même sha256)" in capsys.readouterr().out


def test_plan_sheet_after_the_deadline_asks_for_that_year(data, tmp_path):
    """A strategy followed past its end (2023-2024 added to a copy): the sheet said « jusqu'à l'échéance
    2022-2023 » above the one column « Valeur prévue 2023-2024 »."""
    import yaml
    from conftest import ROOT

    raw = yaml.safe_load(
        (ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml").read_text("utf-8")
    )
    raw["periods"].append("2023-2024")
    (data / "strategie.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meta = (data / "dataset.yaml").read_text(encoding="utf-8")
    (data / "dataset.yaml").write_text(meta.replace("quebec-2019-2023", "strategie.yaml"), encoding="utf-8")
    write_templates(data, "2023-2024", tmp_path / "out")
    ws = load_workbook(tmp_path / "out" / "collecte-MFTRA-2023-2024.xlsx")["Plan"]
    assert [ws.cell(6, c).value for c in range(3, 5)] == ["Valeur prévue 2023-2024", None]
    assert ws["A4"].value.startswith("L'échéance de la stratégie (2022-2023) est passée")
    assert "en 2023-2024" in ws["A4"].value and "jusqu'à l'échéance" not in ws["A4"].value
    assert "jusqu'à l'échéance 2022-2023" in load_workbook(workbook(data, tmp_path))["Plan"]["A4"].value


def test_validate_names_the_plan_sheet_s_columns(data, tmp_path, capsys):
    """« feuille « Plan », ligne 9, colonne denominator »: validate named plan cells by the data sheet's columns.

    The plan sheet's own column is its letter, as the sheet shows it (« planned_value » is no header there)."""
    import json

    path = workbook(data, tmp_path)
    wb = load_workbook(path)
    wb["Plan"]["D9"] = 1.5
    wb.save(path)
    main(["validate", str(path), "--data", str(data), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    plan = [(e["sheet"], e["row"], e["column"], e["rule"]) for e in report["errors"] if e["sheet"] == "Plan"]
    assert plan == [("Plan", 9, "D", "planned_value_out_of_range")], report["errors"]


def test_a_plan_cell_saying_not_applicable_is_told_to_stay_empty(data, tmp_path, capsys):
    """On the workbook's Plan sheet a blank cell is « no plan »: there « n/a » is told to leave it blank."""
    path = workbook(data, tmp_path)
    wb = load_workbook(path)
    wb["Plan"]["D9"] = "n/a"
    wb.save(path)
    main(["ingest", str(path), "--period", PERIOD, "--data", str(data)])
    out = capsys.readouterr().out
    assert (
        "Plan!D9\u00a0: «\u00a0n/a\u00a0» dit qu'il n'y a pas de valeur prévue\u00a0: laissez la cellule vide"
        in out
    )
    assert (
        "Plan!D9: 'n/a' says there is no planned value: leave the cell empty" in out
        and "row" not in out.split("Plan!D9: ")[1].splitlines()[0]
    )


def test_a_plan_column_naming_a_year_alone_is_said_not_read(data, tmp_path):
    """« Valeur prévue 2019 » added to the plan sheet: its values were dropped without a word."""
    path = workbook(data, tmp_path)
    wb = load_workbook(path)
    ws = wb["Plan"]
    ws["E6"], ws["E7"] = "Valeur prévue 2019", 0.4
    wb.save(path)
    result = ingest([path], PERIOD, data, now="2023-05-01T00:00:00Z")
    (unread,) = [i for i in result.files[0].issues if i.rule == "plan_column_unread"]
    assert unread.cell == "Plan!E6" and "«\u00a0Valeur prévue 2019\u00a0»" in unread.message
    assert not [i for i in result.files[0].issues if i.rule == "plan_column_unread" and i.cell != "Plan!E6"]


def test_a_revised_plan_says_how_many_values_it_replaced(data, tmp_path, capsys):
    """A revised plan re-ingested said only « 10 valeurs prévues intégrées »: which replaced a value?"""
    path = workbook(data, tmp_path)
    wb = load_workbook(path)
    ws = wb["Plan"]
    ws["C7"], ws["D8"] = 0.61, None  # 1.1 revised for 2021-2022; 1.2's 2022-2023 commitment withdrawn
    ws["D7"] = 0.97 if ws["D7"].value != 0.97 else 0.96
    wb.save(path)
    filled = sum(1 for row in ws.iter_rows(min_row=7, min_col=3) for c in row if c.value is not None)
    main(["ingest", str(path), "--period", PERIOD, "--data", str(data)])
    out = capsys.readouterr().out
    want = f"{filled} valeurs prévues intégrées dans plans.csv, dont 2 remplacées"
    assert want in out and f"0 nouvelle et {filled - 2} inchangées\u00a0; 0 rejetée." in out, out
    # named: « 8 valeurs … retirées » said not which (a revised past period withdrew the others unseen)
    assert (
        "Plans, MFTRA, 2022-2023\u00a0: 1 valeur prévue déjà au dossier est retirée (1.2)\u00a0: sa cellule est vide"
        in out
    )
    assert (
        "of which 2 replaced" in out
        and "Plans, MFTRA, 2022-2023: 1 planned value on file is withdrawn (1.2)" in out
    )
    again = workbook(data, tmp_path / "again")  # the template now pre-filled with the revised plan
    wb = load_workbook(again)
    wb["Plan"]["C7"] = 0.62
    wb.save(again)
    result = ingest([again], PERIOD, data, now="2023-06-01T00:00:00Z")
    m = result.plan_merge
    assert (m.replaced, m.added, m.unchanged, m.withdrawn) == (1, 0, filled - 1, 0)


def test_a_plan_on_file_written_as_a_percentage_is_compared_not_a_crash(data, tmp_path, capsys):
    """plans.csv holding « 88 % » (validate accepts it) stopped ingest with ValueError after the observations
    were written: the revised value is counted as replacing it."""
    path = workbook(data, tmp_path)
    plans = (data / "plans.csv").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(plans) if line.startswith(f"MFTRA,1.1,{PERIOD},"))
    cells = plans[at].split(",")
    cells[3] = '"88 %"'
    plans[at] = ",".join(cells)
    (data / "plans.csv").write_text("\n".join(plans) + "\n", encoding="utf-8")
    assert main(["validate", str(data)]) in (0, 1)
    capsys.readouterr()
    wb = load_workbook(path)
    wb["Plan"]["C7"] = 0.61
    wb.save(path)
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(data)]) == 0
    assert "dont 1 remplacée" in capsys.readouterr().out


def test_withdrawn_plan_values_are_named_in_the_strategy_s_order():
    """Named by a plain sort, « end-to-end, feedback, uptake »: not the strategy's order, as the
    observations' withdrawals are (« uptake, feedback, end-to-end »), period by period."""
    import pandas as pd
    from barometre.collect.plan_merge import PlanMergeStats, _compare
    from barometre.strategy import load_strategy

    old = pd.DataFrame({"target": ["end-to-end", "feedback", "uptake", "uptake"],
                        "period": ["2017-2018", "2017-2018", "2017-2018", "2016-2017"],
                        "planned_value": ["0.5"] * 4})  # fmt: skip
    stats = PlanMergeStats()
    _compare(old, old.iloc[:0], stats, "ESDC", load_strategy("gc-services"))
    assert stats.withdrawn_by_period() == [
        ("ESDC", "2016-2017", ["uptake"]),
        ("ESDC", "2017-2018", ["uptake", "feedback", "end-to-end"]),
    ]


def test_last_year_s_workbook_sent_again_changes_no_plan(data, tmp_path, capsys):
    """Last year's workbook ingested for this year: its figures were refused (« rejeté », « Ingérez-le avec
    --period 2021-2022 »), yet its plan replaced the one on file for 2021-2022. Now neither is taken."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "collect"))
    from collect_helpers import fill

    path = fill(workbook(data, tmp_path), period=PERIOD)  # MFTRA's 2021-2022 figures
    wb = load_workbook(path)
    wb["Plan"]["C7"] = 0.3  # its 2021-2022 plan for 1.1 changed
    wb.save(path)
    before = (data / "plans.csv").read_bytes()
    result = ingest([path], "2022-2023", data, now="2023-05-01T00:00:00Z")
    assert result.exit_code != 0 and result.files[0].rows_accepted == 0
    assert (data / "plans.csv").read_bytes() == before  # the plan on file stays as it was
    (said,) = [i for i in result.files[0].issues if i.rule == "plan_other_year"]
    assert (
        "Les chiffres de ce classeur sont pour 2021-2022, pas pour 2022-2023 : son plan n'est pas intégré"
        in (said.message.replace("\u00a0", " "))
    )
    # nor a warning beside it that its 2021-2022 plan « est intégré et remplace le plan … déjà au dossier »
    merged = [
        i.cell for i in result.files[0].issues if i.rule in ("plan_earlier_period", "plan_baseline_period")
    ]
    assert not merged, merged
    # ingested for its own period as told, the same workbook's figures and plan are merged: it was « déjà
    # intégré (même sha256) », its figures never merged
    again = ingest([path], PERIOD, data, now="2023-05-02T00:00:00Z")
    assert again.exit_code == 0
    plans = load_dataset(data).plans.set_index(["organisation", "target", "period"])["planned_value"]
    assert plans[("MFTRA", "1.1", PERIOD)] == 0.3
    obs = load_dataset(data).observations
    mine = obs[(obs["organisation"] == "MFTRA") & (obs["period"] == PERIOD)]
    assert len(mine) == 10  # its figures too, and the log says so
    log = pd.read_csv(data / "ingestion_log.csv", dtype=str)
    assert list(log["outcome"]) == ["rejected", "merged"]


def test_a_plan_is_taken_once_though_its_workbook_s_figures_were_refused(data, tmp_path):
    """A workbook whose figures were all refused is read again at each ingest (it may be sent for its period):
    its plan was merged again each time, a new version in plans_history.csv each run."""
    path = workbook(data, tmp_path)
    wb = load_workbook(path)
    for row in range(7, 17):  # every figure refused: a numerator above its denominator
        wb["Données"].cell(row, 3).value, wb["Données"].cell(row, 4).value = 9, 5
    wb["Plan"]["D7"] = 0.4
    wb.save(path)
    ingest([path], PERIOD, data, now="2023-05-01T00:00:00Z")
    history = (data / PLAN_HISTORY_FILE).read_bytes()
    plans = (data / "plans.csv").read_bytes()
    again = ingest([path], PERIOD, data, now="2023-05-02T00:00:00Z")
    assert again.plan_merge.merged == 0
    assert (data / PLAN_HISTORY_FILE).read_bytes() == history and (data / "plans.csv").read_bytes() == plans
