"""What a returned plan sheet may hide: lost plan values are said at their cell, another code is refused."""

import json
import shutil

import pandas as pd
import pytest
from barometre.cli import main
from barometre.collect.ingest import ingest
from barometre.collect.templates import write_templates
from barometre.dataset import load_dataset
from conftest import DEMO, plain
from openpyxl import load_workbook

PERIOD = "2021-2022"  # the plan sheet asks for 2021-2022 (column C) and 2022-2023 (column D)
NOW = "2023-05-01T00:00:00Z"


@pytest.fixture
def data(tmp_path):
    dst = tmp_path / "data"
    shutil.copytree(DEMO, dst)
    return dst


def returned(data, tmp_path, change, code="MFTRA"):
    """The organisation's workbook with its plan sheet changed by ``change(ws)``."""
    out = tmp_path / "out"
    write_templates(data, PERIOD, out)
    path = out / f"collecte-{code}-{PERIOD}.xlsx"
    wb = load_workbook(path)
    change(wb["Plan"])
    wb.save(path)
    return path


def planned(data):
    """plans.csv as {(organisation, target, period): planned_value}."""
    return load_dataset(data).plans.set_index(["organisation", "target", "period"])["planned_value"].to_dict()


def issues(result, rule):
    return [i for i in result.files[0].issues if i.rule == rule]


def test_a_renamed_plan_sheet_is_found_by_its_content(data, tmp_path):
    """« Plan 2023 »: the sheet was looked for by its name only, and its 20 values were lost unsaid."""

    def rename(ws):
        ws.title = "Plan 2023"
        ws["C7"] = 0.55

    result = ingest([returned(data, tmp_path, rename)], PERIOD, data, now=NOW)
    assert result.files[0].plan is not None and result.plan_rows_added >= 10
    assert planned(data)[("MFTRA", "1.1", "2021-2022")] == 0.55


def test_a_plan_sheet_whose_header_is_gone_is_said_not_read(data, tmp_path):
    def drop_header(ws):
        for col in range(1, 5):
            ws.cell(6, col).value = None

    result = ingest([returned(data, tmp_path, drop_header)], PERIOD, data, now=NOW)
    (unread,) = issues(result, "plan_sheet_unread")
    assert unread.cell == "Plan" and "«\u00a0Plan\u00a0» semble être un plan" in unread.message


def test_a_plan_sheet_whose_period_headers_are_cleared_is_said_not_read(data, tmp_path):
    def clear(ws):
        ws["C6"], ws["D6"] = None, None

    result = ingest([returned(data, tmp_path, clear)], PERIOD, data, now=NOW)
    (unread,) = issues(result, "plan_sheet_unread")
    assert unread.cell == "Plan" and result.plan_rows_added == 0
    # one warning for one cause: C6 and D6 were each told to write « Valeur prévue 2021-2022 » as well
    assert not issues(result, "plan_unheaded_column")


def test_a_plan_sheet_titled_like_a_cell_is_named_as_a_sheet_in_validate_json(data, tmp_path, capsys):
    """A sheet « PLAN2023 » not read: validate's JSON gave it row 2023, column « PLAN »."""

    def rename(ws):
        ws.title = "PLAN2023"
        ws["C6"], ws["D6"] = None, None

    path = returned(data, tmp_path, rename)
    main(["validate", str(path), "--data", str(data), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    (said,) = [w for w in report["warnings"] if w["rule"] == "plan_sheet_unread"]
    assert (said["sheet"], said["row"], said["column"]) == ("PLAN2023", None, None)
    assert "« Valeur prévue 2022-2023 »" in said["message"].replace("\u00a0", " ")


def test_plan_headers_naming_a_year_alone_say_the_header_expected(data, tmp_path):
    """« Valeur prévue 2023 » over every period column: the sheet was not found, 0 values and no word."""

    def years(ws):
        ws["C6"], ws["D6"] = "Valeur prévue 2022", "Valeur prévue 2023"

    result = ingest([returned(data, tmp_path, years)], PERIOD, data, now=NOW)
    unread = {i.cell: plain(i.message) for i in issues(result, "plan_column_unread")}
    assert set(unread) == {"Plan!C6", "Plan!D6"}
    assert "« Valeur prévue 2023 »" in unread["Plan!D6"]
    assert "ex. « Valeur prévue 2022-2023 »" in unread["Plan!D6"]
    assert "ex. « Valeur prévue 2021-2022 »" in unread["Plan!C6"]


def test_cells_merged_over_several_targets_name_the_targets_left_without_a_plan(data, tmp_path):
    def merge(ws):
        ws["C7"] = 0.7
        ws.merge_cells("C7:C9")

    def on_file():
        plans = pd.read_csv(data / "plans.csv", dtype=str, keep_default_na=False)
        mine = plans[(plans["organisation"] == "MFTRA") & (plans["period"] == PERIOD)]
        return dict(zip(mine["target"], mine["planned_value"], strict=True))

    before = on_file()
    assert {"1.2", "1.3"} <= set(before)
    result = ingest([returned(data, tmp_path, merge)], PERIOD, data, now=NOW)
    (merged,) = issues(result, "plan_merged_cells")
    assert merged.cell == "Plan!C7:C9"
    said = plain(merged.message)
    assert "seule la première est lue (cible 1.1 (2021-2022))" in said
    assert (
        "les valeurs 1.2 (2021-2022), 1.3 (2021-2022) ne peuvent être lues : la valeur au dossier est gardée"
        in said
    )
    # a merge is not a cell emptied on purpose: 1.2 and 1.3 kept their values on file (they were withdrawn)
    after = on_file()
    assert after["1.1"] == "0.7" and (after["1.2"], after["1.3"]) == (before["1.2"], before["1.3"])
    assert result.plan_merge.withdrawn == 0


def test_a_column_added_by_hand_on_the_plan_sheet_is_said_not_read(data, tmp_path):
    def comment(ws):
        ws["E6"], ws["E7"] = "Commentaire", "même engagement pour 1.1 à 1.3"

    result = ingest([returned(data, tmp_path, comment)], PERIOD, data, now=NOW)
    (unknown,) = issues(result, "unknown_column")
    assert unknown.cell == "Plan!E6" and "«\u00a0Commentaire\u00a0»" in unknown.message
    assert "not taken in" in unknown.message_en


def test_a_plan_sheet_with_another_organisation_s_code_is_refused(data, tmp_path):
    """MFTRA's workbook with Plan!B2 = MFAGR filed its plan values under MFAGR."""
    before = planned(data)
    path = returned(data, tmp_path, lambda ws: ws.__setitem__("B2", "MFAGR"))
    wb = load_workbook(path)
    wb["Données"]["C7"], wb["Données"]["D7"] = 3, 4  # the data sheet, MFTRA's
    wb.save(path)
    result = ingest([path], PERIOD, data, now=NOW)
    (refused,) = issues(result, "plan_other_organisation")
    assert refused.cell == "Plan!B2" and refused.severity == "error"
    assert "(MFAGR)" in refused.message and "(MFTRA)" in refused.message
    # the file's name says MFTRA, as the data sheet does: the plan's code is the one to correct
    assert refused.message.endswith("Corrigez le code de la cellule Plan!B2 et renvoyez le classeur.")
    renamed = path.rename(path.with_name("retour.xlsx"))  # no name to tell: both cells are named
    (either,) = issues(ingest([renamed], PERIOD, data, now=NOW), "plan_other_organisation")
    assert "cellule Plan!B2 ou cellule Données!B2" in either.message
    assert "cell Plan!B2 or cell Données!B2" in either.message_en
    assert result.plan_rows_added == 0 and result.plan_rows_rejected >= 10
    assert planned(data) == before  # neither MFAGR's plan nor MFTRA's changed
    assert result.exit_code == 1
    # the same with an empty plan sheet: nothing taken, nothing to refuse (it said « 0 valeurs … », exit 1)

    def emptied(ws):
        ws["B2"] = "MFAGR"
        for row in ws.iter_rows(min_row=7, min_col=3, max_col=4):
            for cell in row:
                cell.value = None

    path = returned(data, tmp_path / "empty", emptied)
    wb = load_workbook(path)
    wb["Données"]["C7"], wb["Données"]["D7"] = 3, 4
    wb.save(path)
    result = ingest([path], PERIOD, data, now=NOW)
    assert not issues(result, "plan_other_organisation") and result.exit_code == 0
    assert planned(data) == before


def test_a_plan_for_an_earlier_period_is_accepted_and_said(data, tmp_path, capsys):
    """« Valeur prévue 2020-2021 » added during the 2021-2022 collection changed published pages unsaid."""

    def earlier(ws):
        ws["E6"], ws["E7"], ws["E8"] = "Valeur prévue 2020-2021", 0.3, 0.35
        ws["F6"], ws["F7"] = "Valeur prévue 2019-2020", 0.2  # the baseline

    path = returned(data, tmp_path, earlier)
    main(["validate", str(path), "--data", str(data), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    (said,) = [w for w in report["warnings"] if w["rule"] == "plan_earlier_period"]
    assert (said["sheet"], said["row"], said["column"], said["value"]) == ("Plan", 6, "E", "2020-2021")
    result = ingest([path], PERIOD, data, now=NOW)
    (warned,) = issues(result, "plan_earlier_period")
    assert warned.cell == "Plan!E6" and "Valeurs prévues pour 2020-2021" in warned.message
    assert "antérieure à celle de la collecte (2021-2022)" in warned.message
    assert planned(data)[("MFTRA", "1.1", "2020-2021")] == 0.3  # still accepted (a judgement call)
    (baseline,) = issues(result, "plan_baseline_period")
    assert baseline.cell == "Plan!F6" and "la période de référence de la stratégie" in baseline.message


def test_validate_reads_a_plan_only_return_as_ingest_does(data, tmp_path, capsys):
    """MFSN's plan with an empty data sheet: ingest took it (« plan seul, intégré ») while validate exited 1
    with « aucune observation à valider »; validate now counts the plan values, for every workbook."""
    path = returned(data, tmp_path, lambda ws: ws.__setitem__("C7", 2.5))  # one value refused
    filled = sum(
        1 for row in load_workbook(path)["Plan"].iter_rows(min_row=7, min_col=3) for c in row if c.value
    )
    code = main(["validate", str(path), "--data", str(data), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and not [e for e in report["errors"] if e["rule"] == "no_rows"]
    assert (report["plan_values_read"], report["plan_values_accepted"], report["plan_values_rejected"]) == (
        filled, filled - 1, 1,
    )  # fmt: skip
    clean = returned(data, tmp_path / "clean", lambda ws: ws.__setitem__("C7", 0.66))  # 0.65 on file, revised
    assert main(["validate", str(clean), "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert (
        f"Valeurs prévues (plan) lues\u00a0: {filled}, acceptées\u00a0: {filled}, rejetées\u00a0: 0." in out
    )
    assert "aucune observation à valider" not in out
    # a form with neither data nor plan is still a blank form
    blank = returned(data, tmp_path / "blank", lambda ws: [setattr(c, "value", None)
                                                          for row in ws.iter_rows(min_row=7, min_col=3) for c in row])  # fmt: skip
    assert main(["validate", str(blank), "--data", str(data)]) == 1
    assert "aucune observation à valider" in capsys.readouterr().out


def test_a_copy_of_the_plan_sheet_is_said_not_read_and_a_table_by_year_is_no_plan(data, tmp_path):
    """The plan sheet is found by its content: a second one (« Plan (2) ») is said not read, and a sheet of
    figures by year that never speaks of a plan is not taken for one."""

    def copy(ws):
        wb = ws.parent
        wb.copy_worksheet(ws).title = "Plan (2)"
        other = wb.create_sheet("Historique")
        other.append(["Cible", "2020-2021", "2021-2022"])
        other.append(["1.1", 12, 15])
        ws["C7"] = 0.66

    result = ingest([returned(data, tmp_path, copy)], PERIOD, data, now=NOW)
    (other,) = issues(result, "other_plan_sheet")
    assert other.cell == "Plan (2)" and "seule la feuille «\u00a0Plan\u00a0» est lue" in other.message
    assert planned(data)[("MFTRA", "1.1", "2021-2022")] == 0.66
    assert not [i for i in result.files[0].issues if "Historique" in i.cell]


def test_a_sheet_is_named_like_a_plan_by_its_first_word_only():
    """« Planification » or « Planning » (an organisation's own sheet) passed for a plan by its name."""
    from barometre.collect.plan_checks import plan_named

    named = ["Plan", "Plan 2023", "PLAN2023", "plan_2023", "Plans de transformation"]
    assert all(plan_named(t) for t in named)
    assert not any(plan_named(t) for t in ("Planification", "Planning", "Données", "Explanation"))


def test_values_under_an_empty_header_of_the_plan_sheet_are_said_not_read(data, tmp_path):
    """« Valeur prévue 2022-2023 » typed a row too low (E7), its values below it: read nowhere and said
    nowhere. The column is named at its header cell; a plan sent back as filled says nothing of it."""

    def shifted(ws):
        ws["E7"], ws["E8"], ws["E9"] = "Valeur prévue 2022-2023", 0.8, 0.7

    result = ingest([returned(data, tmp_path, shifted)], PERIOD, data, now=NOW)
    (unheaded,) = issues(result, "plan_unheaded_column")
    assert (
        unheaded.cell == "Plan!E6"
        and "«\u00a0Valeur prévue 2021-2022\u00a0» dans son en-tête" in unheaded.message
    )
    assert "not taken in" in unheaded.message_en
    plain_return = ingest([returned(data, tmp_path / "plain", lambda ws: None)], PERIOD, data, now=NOW)
    assert not issues(plain_return, "plan_unheaded_column")


def test_a_plan_column_after_the_strategy_is_said_once_and_not_taken_in(data, tmp_path, capsys):
    """« Valeur prévue 2023-2024 » added to the plan sheet (the strategy ends in 2022-2023): said ten times at
    Plan!E6, once per row, with advice for the analyst (« ajoutez-la à la liste « periods » … »), and counted
    as ten errors and more in the quality report. One warning at its header, for the organisation."""

    def later(ws):
        ws["C7"] = 0.55
        ws["E6"] = "Valeur prévue 2023-2024"
        for row in range(7, 17):
            ws.cell(row, 5, 0.8)
        ws["E16"] = 100  # out of range too: the column is not read, its cells are not told one by one

    path = returned(data, tmp_path, later)
    code = main(["validate", str(path), "--data", str(data), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    at_e = [i for i in report["errors"] + report["warnings"] if i["sheet"] == "Plan" and i["column"] == "E"]
    assert [(i["rule"], i["row"], i["cell"]) for i in at_e] == [("plan_after_strategy", 6, "Plan!E6")], at_e
    assert at_e[0] in report["warnings"] and code == 0  # the plan asked for is whole: nothing to correct
    assert not [e for e in report["errors"] if e["rule"] == "unknown_period"]
    said = plain(at_e[0]["message"])
    assert "« Valeur prévue 2023-2024 » : la stratégie se termine en 2022-2023" in said
    assert "les 10 valeurs prévues de cette colonne ne sont pas intégrées" in said
    assert "Retirez cette colonne" in said and "periods" not in said and "dataset.yaml" not in said
    assert "the 10 planned values of this column are not taken in" in at_e[0]["message_en"]
    # the column's values are not counted as read: what the sender gave for the strategy is
    assert (report["plan_values_read"], report["plan_values_rejected"]) == (report["plan_values_accepted"], 0)
    result = ingest([path], PERIOD, data, now=NOW)
    at_e = [i for i in result.files[0].issues if i.cell.startswith("Plan!E")]
    assert [(i.rule, i.cell, i.severity) for i in at_e] == [("plan_after_strategy", "Plan!E6", "warning")]
    assert not result.files[0].errors and result.plan_rows_rejected == 0
    assert planned(data)[("MFTRA", "1.1", PERIOD)] == 0.55
    assert not [k for k in planned(data) if k[2] == "2023-2024"]


def test_a_plan_confirmed_with_a_column_after_the_strategy_is_no_unfilled_workbook(data, tmp_path):
    """The plan on file left as it was and « Valeur prévue 2023-2024 » filled: someone typed in it. It stays a
    plan-only return (its values unchanged), not « Classeur renvoyé sans être rempli »."""

    def later(ws):
        ws["E6"], ws["E7"] = "Valeur prévue 2023-2024", 0.9

    result = ingest([returned(data, tmp_path, later)], PERIOD, data, now=NOW)
    assert not issues(result, "unfilled_workbook") and result.files[0].status == "plan_only"
    assert [i.cell for i in issues(result, "plan_after_strategy")] == ["Plan!E6"]


def test_a_plan_column_for_an_unknown_period_is_one_error_at_its_header(data, tmp_path):
    """« Valeur prévue 2017-2018 » (before the strategy): one error per row, each at Plan!E6."""

    def earlier(ws):
        ws["E6"], ws["E7"], ws["E8"], ws["E9"] = "Valeur prévue 2017-2018", 0.3, 0.4, 0.5

    result = ingest([returned(data, tmp_path, earlier)], PERIOD, data, now=NOW)
    (unknown,) = issues(result, "unknown_period")
    assert (unknown.cell, unknown.severity, unknown.rows) == ("Plan!E6", "error", 3)
    assert result.plan_rows_rejected == 3  # each value is still refused


def test_validate_names_the_plan_cell_as_ingest_does(data, tmp_path, capsys):
    """40 in C8 and 75 in D8: validate said « feuille « Plan », ligne 8, colonne planned_value » for both
    (a column nobody sees), its JSON had no cell; ingest says Plan!C8 and Plan!D8."""

    def percents(ws):
        ws["C8"], ws["D8"], ws["A9"] = 40, 75, "1.9"

    path = returned(data, tmp_path, percents)
    main(["validate", str(path), "--data", str(data), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    plan = [(e["rule"], e["row"], e["column"], e["cell"]) for e in report["errors"] if e["sheet"] == "Plan"]
    assert ("planned_value_out_of_range", 8, "C", "Plan!C8") in plan
    assert ("planned_value_out_of_range", 8, "D", "Plan!D8") in plan
    assert ("unknown_target", 9, "A", "Plan!A9") in plan
    data_sheet = [w for w in report["warnings"] if w["sheet"] == "Données"]
    assert data_sheet and all(w["cell"] == f"Données!C{w['row']}" for w in data_sheet)
    ingested = {(i.rule, i.cell) for i in ingest([path], PERIOD, data, now=NOW).files[0].issues}
    assert {(r, cell) for r, _row, _col, cell in plan} <= ingested
    main(["validate", str(path), "--data", str(data)])
    out = plain(capsys.readouterr().out)
    assert "feuille « Plan », ligne 8, colonne C : Valeur prévue « 40 »" in out
    assert "feuille « Plan », ligne 8, colonne D : Valeur prévue « 75 »" in out
    assert "planned_value :" not in out


def test_a_planned_percentage_typed_as_a_number_says_how_to_write_it(data, tmp_path):
    """A ministry typed 75 for 75 % in C7: « Valeur prévue « 75 » hors de l'intervalle [0, 1] ; inscrivez une
    proportion (ex. 0,8 ou 80 %) ». It is told its own value's two ways, at its cell."""

    def typed(ws):
        ws["C7"] = 75

    result = ingest([returned(data, tmp_path, typed)], PERIOD, data, now=NOW)
    (refused,) = issues(result, "planned_value_out_of_range")
    assert refused.cell == "Plan!C7"
    assert "pour 75 %, inscrivez 0,75 ou « 75 % »" in plain(refused.message)
    assert "for 75%, enter 0.75 or '75%'" in refused.message_en
