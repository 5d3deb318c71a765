"""What a reader accepts but asks the officer to check: warnings that change neither counts nor exit codes.

A count written in scientific notation (« 1.79E+03 »), rows hidden by a filter in a returned workbook, one
organisation under two codes, a collection workbook returned as ``barometre template`` made it.
"""

import json
import shutil
import sys
from pathlib import Path

from openpyxl import Workbook, load_workbook

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "collect"))
from barometre.cli import main  # noqa: E402
from barometre.collect.ingest import validate_file  # noqa: E402
from barometre.collect.templates import build_workbook  # noqa: E402
from barometre.dataset import load_dataset_parts  # noqa: E402
from collect_helpers import DEMO, PERIOD, fill  # noqa: E402
from conftest import plain  # noqa: E402

_, STRATEGY, ORGS, _ = load_dataset_parts(DEMO)
FULL = {t: (i + 1, 10 * (i + 1), None) for i, t in enumerate(STRATEGY.target_ids)}
OBS_HEAD = "period,organisation,target,numerator,denominator\n"


def returned(tmp_path: Path, change=None, name: str = "retour.xlsx") -> Path:
    """MFSN's collection workbook filled in (ten targets), then ``change(sheet)`` applied to « Données »."""
    path = tmp_path / name
    build_workbook(STRATEGY, "MFSN", ORGS.set_index("code").loc["MFSN", "name_fr"], PERIOD).save(path)
    fill(path, FULL)
    if change:
        wb = load_workbook(path)
        change(wb["Données"])
        wb.save(path)
    return path


def validate_json(capsys, *args) -> tuple[int, dict]:
    code = main(["validate", *map(str, args), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def warned(payload: dict, rule: str) -> list[dict]:
    return [w for w in payload["warnings"] if w["rule"] == rule]


# --- 1. scientific notation in a count ----------------------------------------------------------------


def test_a_count_in_scientific_notation_in_a_csv_is_accepted_with_a_warning(tmp_path, capsys):
    path = tmp_path / "obs.csv"
    path.write_text(OBS_HEAD + f"{PERIOD},MFSN,1.1,12,1.79E+03\n{PERIOD},MFSN,1.2,3,40\n", encoding="utf-8")
    code, payload = validate_json(capsys, path)
    assert code == 0 and payload["rows_read"] == payload["rows_accepted"] == 2 and not payload["errors"]
    [w] = warned(payload, "scientific_notation")
    assert (w["row"], w["column"], w["value"]) == (2, "denominator", "1.79E+03")
    assert "« 1.79E+03 » est écrit en notation scientifique ; le nombre lu est 1 790." in plain(w["message"])
    assert "'1.79E+03'" in w["message_en"] and "1,790" in w["message_en"]
    assert main(["validate", str(path)]) == 0  # the text report says it too, exit code unchanged
    out = capsys.readouterr().out
    assert "obs.csv, ligne 2, colonne denominator : « 1.79E+03 »" in plain(out) and "1,790" in out


def test_a_workbook_cell_shown_in_scientific_notation_is_said(tmp_path, capsys):
    def scientific(ws):
        ws["D7"] = 1790
        ws["D7"].number_format = "0.00E+00"

    path = returned(tmp_path, scientific)
    result, _ = validate_file(path, PERIOD, STRATEGY, ORGS)
    assert not result.errors and result.rows_accepted == result.rows_read == 10
    [w] = [i for i in result.warnings if i.rule == "scientific_notation"]
    assert w.cell == "Données!D7" and "« 1.79E+03 » est écrit en notation scientifique" in plain(w.message)
    assert "le nombre lu est 1 790." in plain(w.message)
    code, payload = validate_json(capsys, path)
    assert code == 0 and payload["rows_accepted"] == 10
    assert [(w["sheet"], w["row"], w["column"]) for w in warned(payload, "scientific_notation")] == [
        ("Données", 7, "denominator")
    ]


def test_an_observations_workbook_with_a_long_number_shown_in_scientific_notation(tmp_path, capsys):
    wb = Workbook()
    ws = wb.active
    ws.append(OBS_HEAD.strip().split(","))
    ws.append([PERIOD, "MFSN", "1.1", 5, 123456789012])
    path = tmp_path / "obs.xlsx"
    wb.save(path)
    code, payload = validate_json(capsys, path)
    assert code == 0 and payload["rows_accepted"] == 1
    [w] = warned(payload, "scientific_notation")
    assert w["value"] == "1.23457E+11" and "le nombre lu est 123 456 789 012." in plain(w["message"])


def scientific_denominators(data: Path, n: int) -> list[int]:
    """``n`` denominators of ``data``'s observations written « 4.20E+03 » (4 200); their rows (from 2)."""
    obs = data / "observations.csv"
    lines = obs.read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    numerator, denominator = head.index("numerator"), head.index("denominator")
    rows = []
    for i, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if len(rows) < n and cells[numerator].isdigit() and int(cells[numerator]) <= 4200:
            cells[denominator] = "4.20E+03"
            lines[i] = ",".join(cells)
            rows.append(i + 1)
    obs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rows


def test_the_same_warning_of_many_rows_is_one_line_on_every_command(capsys, demo_copy):
    """145 counts written « 4.20E+03 » printed 145 lines on every render; validate's JSON keeps them all."""
    rows = scientific_denominators(demo_copy, 145)
    assert main(["indicators", "--data", str(demo_copy), "--period", PERIOD]) == 0
    err = plain(capsys.readouterr().err)
    said = [line for line in err.splitlines() if "notation scientifique" in line]
    assert len(said) == 1 and "(145 lignes)" in said[0] and "(145 rows)" in said[0]
    assert "« 4.20E+03 » est écrit en notation scientifique ; le nombre lu est 4 200." in said[0]
    code, payload = validate_json(capsys, demo_copy)
    assert code == 0 and sorted(w["row"] for w in warned(payload, "scientific_notation")) == rows


def test_many_different_warnings_are_told_commonest_first_then_counted(capsys, demo_copy):
    """A warning of its own on each of 40 rows: ten lines, then how many more and where to see them all."""
    obs = demo_copy / "observations.csv"
    lines = obs.read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    numerator, denominator = head.index("numerator"), head.index("denominator")
    changed = 0
    for i, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if changed < 40 and cells[numerator].isdigit() and int(cells[numerator]) <= 1000:
            cells[denominator] = f"{1 + changed / 1000:.3f}E+03"  # 1.000E+03, 1.001E+03…: each its own
            lines[i] = ",".join(cells)
            changed += 1
    lines = [lines[0] + ",commentaire_interne"] + [
        line + "," for line in lines[1:]
    ]  # one warning of another kind
    obs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["indicators", "--data", str(demo_copy), "--period", PERIOD]) == 0
    err = plain(capsys.readouterr().err)
    # the other kind is told before a second group of the first (forty groups of one row hid it)
    assert "commentaire_interne" in err
    assert len([line for line in err.splitlines() if "notation scientifique" in line]) == 9
    assert f"… et 31 autres problèmes ; « barometre validate {demo_copy} » les dit tous." in err
    _code, payload = validate_json(capsys, demo_copy)
    assert len(warned(payload, "scientific_notation")) == 40


def test_a_decimal_count_for_a_whole_count_target_is_accepted_with_a_warning(tmp_path, capsys, demo_copy):
    """« 416,5 » services in observations.csv was taken in silence, while the collection workbook refuses it:
    one rule now, a warning naming the target and its unit; a target counted in decimals takes it silently."""
    import yaml

    path = tmp_path / "obs.csv"
    path.write_text(OBS_HEAD + f'{PERIOD},MFSN,1.1,"416,5",500\n{PERIOD},MFSN,4.2,3,40.25\n{PERIOD},MFSN,1.2,3,40\n',
                    encoding="utf-8")  # fmt: skip
    code, payload = validate_json(capsys, path, "--data", demo_copy)
    assert code == 0 and payload["rows_read"] == payload["rows_accepted"] == 3 and not payload["errors"]
    assert [(w["row"], w["column"], w["value"]) for w in warned(payload, "decimal_count")] == [
        (2, "numerator", "416,5"),
        (3, "denominator", "40.25"),
    ]
    first = warned(payload, "decimal_count")[0]
    assert "« 416,5 » n'est pas un nombre entier, alors que la cible 1.1 compte des unités entières" in plain(
        first["message"]
    )
    assert "(new digital service)" in first["message_en"] and "whole_counts: false" in first["message_en"]
    raw = yaml.safe_load((Path(__file__).resolve().parents[1] / "lib/barometre/strategies/quebec-2019-2023.yaml")
                         .read_text(encoding="utf-8"))  # fmt: skip
    for target in raw["targets"]:
        target["whole_counts"] = target["id"] != "4.2"
    (demo_copy / "strategie.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meta = demo_copy / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("quebec-2019-2023", "strategie.yaml"), "utf-8")
    code, payload = validate_json(capsys, path, "--data", demo_copy)
    assert code == 0 and [w["row"] for w in warned(payload, "decimal_count")] == [2]


def test_a_ratio_shown_as_a_percentage_in_a_collection_workbook_gets_the_percentage_advice(tmp_path, capsys):
    """0.887 typed in the collection workbook's numerator and shown « 89 % » read « 0,887… n'est pas un nombre
    entier »; the observations reader said what to do (« est un pourcentage : … pas leur rapport »). Both do."""

    def ratio(ws):
        ws["C7"] = 0.8874172185430463
        ws["C7"].number_format = "0%"

    code, payload = validate_json(capsys, returned(tmp_path, ratio))
    [error] = payload["errors"]
    assert code == 1 and (error["sheet"], error["row"], error["column"], error["rule"]) == (
        "Données",
        7,
        "numerator",
        "not_numeric",
    )
    assert "est un pourcentage" in error["message"] and "not their ratio" in error["message_en"]


# --- 2. rows hidden in a returned workbook ------------------------------------------------------------


def test_rows_hidden_by_a_filter_are_read_counted_and_said(tmp_path, capsys, demo_copy):
    def filtered(ws):
        ws.auto_filter.ref = "A6:E16"
        for row in (9, 10, 14):
            ws.row_dimensions[row].hidden = True

    path = returned(tmp_path, filtered)
    result, _ = validate_file(path, PERIOD, STRATEGY, ORGS)
    assert not result.errors and result.rows_accepted == result.rows_read == 10  # still read
    [w] = [i for i in result.warnings if i.rule == "hidden_rows"]
    assert w.cell == "Données"
    assert "Les lignes 9, 10 et 14 de la feuille « Données » sont masquées par un filtre (A6:E16)" in plain(
        w.message
    )
    assert "Rows 9, 10 and 14 of sheet 'Données' are hidden by a filter (A6:E16)" in w.message_en
    code, payload = validate_json(capsys, path)
    assert code == 0 and (payload["rows_read"], payload["rows_accepted"]) == (10, 10)
    assert [(w["sheet"], w["row"]) for w in warned(payload, "hidden_rows")] == [("Données", None)]
    obs = demo_copy / "observations.csv"
    kept = [line for line in obs.read_text(encoding="utf-8").splitlines() if PERIOD not in line]
    obs.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(demo_copy)]) == 0
    out = plain(capsys.readouterr().out)
    assert "retour.xlsx, Données : Les lignes 9, 10 et 14" in out and "lues et comptées" in out


def test_a_row_hidden_by_hand_in_an_observations_workbook(tmp_path, capsys):
    wb = Workbook()
    ws = wb.active
    ws.title = "Feuille"
    ws.append(OBS_HEAD.strip().split(","))
    for target in ("1.1", "1.2", "1.3"):
        ws.append([PERIOD, "MFSN", target, 5, 10])
    ws.row_dimensions[3].hidden = True
    path = tmp_path / "obs.xlsx"
    wb.save(path)
    code, payload = validate_json(capsys, path)
    assert code == 0 and payload["rows_accepted"] == 3
    [w] = warned(payload, "hidden_rows")
    assert "La ligne 3 de la feuille « Feuille » est masquée ; elle est lue et comptée" in plain(w["message"])
    assert "Row 3 of sheet 'Feuille' is hidden; it is read and counted" in w["message_en"]


def test_a_row_hidden_by_hand_outside_the_filter_is_not_said_hidden_by_the_filter(tmp_path, capsys):
    """The sheet's filter covers rows 1 to 4: row 3 is hidden by it, row 10 by hand (not « par un filtre »)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Feuille"
    ws.append(OBS_HEAD.strip().split(","))
    for i in range(12):
        ws.append([PERIOD, "MFSN", f"1.{i % 3 + 1}", 5, 10])
    ws.auto_filter.ref = "A1:E4"
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[10].hidden = True
    path = tmp_path / "obs.xlsx"
    wb.save(path)
    code, payload = validate_json(capsys, path)
    assert payload["rows_read"] == 12  # counts as before (duplicates of the same targets: not the point)
    filtered, by_hand = (plain(w["message"]) for w in warned(payload, "hidden_rows"))
    assert filtered.startswith("La ligne 3 de la feuille « Feuille » est masquée par un filtre (A1:E4) ;")
    assert by_hand.startswith("La ligne 10 de la feuille « Feuille » est masquée ; elle est lue et comptée")
    assert "filtre" not in by_hand
    assert [w["message_en"][:40] for w in warned(payload, "hidden_rows")] == [
        "Row 3 of sheet 'Feuille' is hidden by a ",
        "Row 10 of sheet 'Feuille' is hidden; it ",
    ]


# --- 3. one organisation under two codes --------------------------------------------------------------


def test_one_organisation_under_two_codes_is_said_naming_both(capsys, demo_copy):
    code, before = validate_json(capsys, demo_copy)
    assert code == 0 and not warned(before, "same_name_codes")
    orgs = demo_copy / "organisations.csv"
    rows = orgs.read_text(encoding="utf-8").splitlines()
    # the same name, but for case, accents and spaces; its English name differs
    orgs.write_text("\n".join([*rows, "MSNUM,MINISTERE fictif de la  sante numerique,Other,ministère,10,true"]) + "\n",
                    encoding="utf-8")  # fmt: skip
    code, payload = validate_json(capsys, demo_copy)
    assert code == 0 and payload["rows_rejected"] == 0
    assert payload["rows_read"] == payload["rows_accepted"] == before["rows_read"] + 1
    [w] = warned(payload, "same_name_codes")
    assert (Path(w["file"]).name, w["row"], w["column"]) == ("organisations.csv", len(rows) + 1, "name_fr")
    assert "est aussi le nom de l'organisation MFSN (ligne 2) : une même organisation sous deux codes (MFSN et " \
           "MSNUM)" in plain(w["message"])  # fmt: skip
    assert "one organisation under two codes (MFSN and MSNUM)" in w["message_en"]


def test_a_successor_under_a_new_code_and_the_same_name_is_not_said(capsys, tmp_path):
    """MFSN ends in 2020-2021 and MSNUM, same name, begins in 2021-2022: never both in a period, no warning.

    A third code of that name active in 2021-2022 overlaps MSNUM (not MFSN): it is said, naming MSNUM.
    """
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    orgs = data / "organisations.csv"
    head, first, *rest = orgs.read_text(encoding="utf-8").splitlines()
    name_fr, name_en = first.split(",")[1:3]
    lines = [f"{head},from_period,until_period", f"{first},,2020-2021", *[f"{r},," for r in rest],
             f"MSNUM,{name_fr},{name_en},ministère,10,true,2021-2022,"]  # fmt: skip
    orgs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, payload = validate_json(capsys, data)
    assert not [e for e in payload["errors"] if e["file"].endswith("organisations.csv")]
    assert not warned(payload, "same_name_codes")
    orgs.write_text("\n".join([*lines, f"MSN3,{name_fr},Other,ministère,10,true,2021-2022,2021-2022"]) + "\n",
                    encoding="utf-8")  # fmt: skip
    code, payload = validate_json(capsys, data)
    [w] = warned(payload, "same_name_codes")
    assert w["row"] == len(lines) + 1 and "(MSNUM et MSN3)" in plain(w["message"])


# --- 4. a collection workbook sent back as the template made it ---------------------------------------


def test_a_workbook_sent_back_unfilled_is_refused_and_the_plan_on_file_stays(tmp_path, capsys, demo_copy):
    from barometre.collect.templates import write_templates

    write_templates(demo_copy, PERIOD, tmp_path / "out")
    path = tmp_path / "out" / f"collecte-MFSN-{PERIOD}.xlsx"  # its plan sheet holds MFSN's plan on file
    code, payload = validate_json(capsys, path, "--data", demo_copy)
    [e] = [e for e in payload["errors"] if e["rule"] == "unfilled_workbook"]
    assert code == 1 and (e["sheet"], e["row"], e["column"]) == ("Données", None, None)
    assert plain(e["message"]).startswith(
        "Classeur renvoyé sans être rempli : la feuille « Données » n'a aucun"
    )
    assert "ask it to fill in the workbook and send it again." in e["message_en"]
    n = payload["plan_values_read"]
    assert n > 0 and (payload["plan_values_accepted"], payload["plan_values_rejected"]) == (0, n)
    files = ("plans.csv", "observations.csv")
    before = {name: (demo_copy / name).read_bytes() for name in files}
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(demo_copy)]) == 2
    out = plain(capsys.readouterr().out)
    assert f"collecte-MFSN-{PERIOD}.xlsx — MFSN, — : 0 ligne acceptée, 0 rejetée — rejeté" in out
    assert "plan seul" not in out and f"{n} rejetées" in out and "Aucune donnée utilisable" in out
    assert {name: (demo_copy / name).read_bytes() for name in files} == before  # provenance untouched
    assert not (demo_copy / "plans_history.csv").exists()
    # the same workbook with its data filled in is taken, plan and all
    fill(path)
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(demo_copy)]) == 0
    assert f"{n} inchangées" in plain(capsys.readouterr().out)


def test_a_workbook_with_a_note_on_every_target_and_no_figure_is_an_answer(tmp_path, capsys, demo_copy):
    """« Données non disponibles cette année » on each target: read as a plan-only return, not refused."""
    from barometre.collect.templates import write_templates

    write_templates(demo_copy, PERIOD, tmp_path / "out")
    path = fill(tmp_path / "out" / f"collecte-MFSN-{PERIOD}.xlsx",
                {t: (None, None, "Données non disponibles cette année") for t in STRATEGY.target_ids})  # fmt: skip
    code, payload = validate_json(capsys, path, "--data", demo_copy)
    assert code == 0 and not payload["errors"] and payload["rows_read"] == 0
    assert payload["plan_values_accepted"] == payload["plan_values_read"] > 0
    assert len(warned(payload, "target_empty")) == len(STRATEGY.target_ids)
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(demo_copy)]) == 0
    assert "plan seul, intégré" in plain(capsys.readouterr().out)


def test_a_copy_of_a_merged_plan_only_return_is_refused_saying_what_was_checked(tmp_path, capsys, demo_copy):
    """Its plan sheet is a revised plan, not the template's: the message says it changes nothing on file."""
    from barometre.collect.templates import write_templates

    write_templates(demo_copy, PERIOD, tmp_path / "out")
    path = tmp_path / "out" / f"collecte-MFSN-{PERIOD}.xlsx"
    wb = load_workbook(path)
    wb["Plan"]["C7"] = round(wb["Plan"]["C7"].value + 0.01, 2)  # a plan revised: a plan-only return
    wb.save(path)
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(demo_copy)]) == 0
    assert "plan seul, intégré" in plain(capsys.readouterr().out)
    copy = tmp_path / "copie.xlsx"
    wb = load_workbook(path)
    wb.properties.lastModifiedBy = "Autre poste"  # the same return saved again elsewhere: another sha256
    wb.save(copy)
    assert copy.read_bytes() != path.read_bytes()
    code, payload = validate_json(capsys, copy, "--data", demo_copy)
    [e] = [e for e in payload["errors"] if e["rule"] == "unfilled_workbook"]
    message = plain(e["message"])
    assert code == 1 and "barometre template" not in message and "barometre template" not in e["message_en"]
    n = payload["plan_values_read"]
    assert (
        f"la feuille « Données » n'a aucun chiffre ni aucune note, et la feuille « Plan » ne change rien au plan "
        f"déjà au dossier ({n} valeurs prévues, toutes les mêmes)" in message
    )
    assert (
        f"sheet 'Données' has no figure nor note, and sheet 'Plan' changes nothing in the plan already on file "
        f"({n} planned values, all the same)" in e["message_en"]
    )
    code, payload = validate_json(capsys, path, "--data", demo_copy)  # the very return merged: still fine
    assert code == 0 and not payload["errors"]


def test_rows_hidden_in_the_plan_sheet_are_said_too(tmp_path, capsys):
    from barometre.collect.templates import write_templates

    write_templates(DEMO, PERIOD, tmp_path)  # MFSN's workbook with its plan sheet, the plan on file in it
    path = fill(tmp_path / f"collecte-MFSN-{PERIOD}.xlsx", FULL)
    wb = load_workbook(path)
    plan = wb["Plan"]
    plan["C8"] = 0.5  # a planned value on a row nobody sees
    plan.row_dimensions[8].hidden = True
    wb.save(path)
    code, payload = validate_json(capsys, path)
    assert code == 0 and payload["plan_values_accepted"] == payload["plan_values_read"] > 0
    [w] = warned(payload, "hidden_rows")
    assert (w["sheet"], w["row"]) == ("Plan", None)
    assert "La ligne 8 de la feuille « Plan » est masquée ; elle est lue et comptée" in plain(w["message"])


def test_a_workbook_named_for_another_organisation_is_said(tmp_path, capsys):
    """MFSN's form returned as « collecte-MFEDU-2022-2023.xlsx » (one organisation filled in another's, or a
    file renamed) was ingested as MFSN with no remark: the name and the code cell now disagree aloud. Both
    known organisations: the file is refused (see test_collect_ingest); an unknown code: a warning."""
    code, payload = validate_json(capsys, returned(tmp_path, name=f"collecte-MFEDU-{PERIOD}.xlsx"))
    [e] = [e for e in payload["errors"] if e["rule"] == "organisation_conflict"]
    assert code == 1 and e["sheet"] == "Données" and e["value"] == "MFSN" and not payload["rows_accepted"]
    assert (
        "Le fichier porte le nom de MFEDU, mais son code d'organisation (cellule Données!B2) est MFSN"
        in plain(e["message"])
    )
    assert "named for MFEDU, but its organisation code (cell Données!B2) is MFSN" in e["message_en"]
    _code, own = validate_json(capsys, returned(tmp_path, name=f"collecte-mfsn-{PERIOD}.xlsx"))
    assert not warned(own, "organisation_not_named") and not own["errors"]
    unknown = returned(
        tmp_path, lambda ws: ws.__setitem__("B2", "MFXYZ"), name=f"collecte-MFEDU-{PERIOD}.xlsx"
    )
    _code, other = validate_json(capsys, unknown)
    [w] = warned(other, "organisation_not_named")  # a code no organisation has: as before
    assert "Le fichier porte le nom de MFEDU, mais son code d'organisation est MFXYZ" in plain(w["message"])


def test_merged_cells_in_the_data_sheet_are_said_beside_the_empty_cell(tmp_path, capsys):
    """A numerator merged over its denominator read « la cellule est vide » at the denominator, with no word of
    the merge that emptied it."""

    def merge(ws):
        ws.merge_cells("C8:D8")

    code, payload = validate_json(capsys, returned(tmp_path, merge))
    [w] = warned(payload, "data_merged_cells")
    assert code == 1 and (w["sheet"], w["row"], w["value"]) == ("Données", 8, "C8:D8")
    assert "Cellules fusionnées C8:D8\u00a0: seule la première (C8) garde sa valeur" in w["message"]
    assert [(e["row"], e["column"]) for e in payload["errors"]] == [(8, "denominator")]


# --- a file cut short -------------------------------------------------------------------------------------


def test_a_csv_cut_mid_line_says_its_last_line_may_be_cut(tmp_path, capsys):
    """A copy cut short ends mid-line: its last line was rejected for its values (« dénominateur manquant »),
    or accepted with a value cut (100 read as 10), and nothing said the file might be cut."""
    path = tmp_path / "obs.csv"
    whole = OBS_HEAD + f"{PERIOD},MFSN,1.1,5,100\n{PERIOD},MFSN,1.2,3,100\n"
    path.write_text(whole, encoding="utf-8")
    code, payload = validate_json(capsys, path)
    assert code == 0 and not warned(payload, "last_line_cut")  # a line end after the last line: no warning
    path.write_text(whole[:-2], encoding="utf-8")  # « 3,10 »: accepted, its denominator maybe cut
    code, payload = validate_json(capsys, path)
    assert code == 0 and payload["rows_accepted"] == 2
    [w] = warned(payload, "last_line_cut")
    assert w["row"] == 3 and "sa dernière valeur l'est peut-être aussi" in plain(w["message"])
    path.write_text(whole[:-6], encoding="utf-8")  # « …,1.2,3 »: no denominator, rejected
    code, payload = validate_json(capsys, path)
    assert payload["rows_rejected"] == 1
    [w] = warned(payload, "last_line_cut")
    assert w["row"] == 3 and "The file's last line, rejected, stops without a line end" in w["message_en"]
    assert main(["validate", str(path)]) == 1  # the text report says it beside the rejected row
    assert "le fichier est peut-être coupé" in plain(capsys.readouterr().out)


def test_a_returned_csv_cut_mid_line_says_so_at_ingest(tmp_path, capsys):
    """The warning was given by validate, not by ingest, where returned copies are cut; a last record of
    separators alone (« ;;;; ») is no line cut and said nothing."""
    from barometre.collect.ingest import ingest
    from collect_helpers import dataset_without

    data = dataset_without(tmp_path)
    path = tmp_path / "retour-MFSN.csv"
    head = "Organisation;Période;Cible;Numérateur;Dénominateur\n"
    lines = "".join(f"MFSN;{PERIOD};{t};3;10\n" for t in ("1.1", "1.2"))
    path.write_text(head + lines + f"MFSN;{PERIOD};1.3;3;1", encoding="utf-8")  # « 3;10 » cut to « 3;1 »
    (said,) = [i for i in ingest([path], PERIOD, data).files[0].issues if i.rule == "last_line_cut"]
    assert said.severity == "warning" and said.cell.endswith("4") and "peut-être coupé" in plain(said.message)
    # validate names its row, not a sheet « 4:4 »
    (w,) = warned(validate_json(capsys, path, "--data", data)[1], "last_line_cut")
    assert (w["row"], w["sheet"]) == (4, None), w
    # cut inside the label of a returned CSV: the line read as a target left empty, and nothing said the cut
    labelled = tmp_path / "retour-MFEDU.csv"
    labelled.write_text(
        "Organisation;Période;Cible;Libellé;Numérateur;Dénominateur\n"
        f"MFEDU;{PERIOD};1.1;Services conçus;3;10\nMFEDU;{PERIOD};5.1;Services numér",
        encoding="utf-8",
    )
    (said,) = [i for i in ingest([labelled], PERIOD, data).files[0].issues if i.rule == "last_line_cut"]
    assert said.cell == "3:3" and "sa dernière valeur l'est peut-être aussi" in plain(said.message)
    # a template line nobody filled, every separator there, no line end after it: no cut to say
    labelled.write_text(
        "Organisation;Période;Cible;Libellé;Numérateur;Dénominateur\n"
        f"MFEDU;{PERIOD};1.1;Services conçus;3;10\n;{PERIOD};5.1;Services numériques;;",
        encoding="utf-8",
    )
    assert not [i for i in ingest([labelled], PERIOD, data).files[0].issues if i.rule == "last_line_cut"]
    blank = tmp_path / "retour-MFJUS.csv"
    blank.write_text(head + lines.replace("MFSN", "MFJUS") + ";;;;", encoding="utf-8")
    assert not [i for i in ingest([blank], PERIOD, data).files[0].issues if i.rule == "last_line_cut"]
