"""barometre template: one protected, pre-filled collection workbook per organisation, and a blank CSV."""

import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "collect"))
from barometre.cli import main  # noqa: E402
from barometre.collect.templates import write_templates  # noqa: E402
from barometre.dataset import load_dataset  # noqa: E402
from collect_helpers import DEMO, PERIOD  # noqa: E402
from conftest import plain  # noqa: E402


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("templates")
    return out, write_templates(DEMO, PERIOD, out)


def test_one_workbook_per_in_sample_organisation_and_a_csv(written):
    out, paths = written
    ds = load_dataset(DEMO)
    codes = list(ds.sample["code"])
    assert len(codes) == 25
    assert sorted(p.name for p in paths if p.suffix == ".xlsx") == sorted(
        f"collecte-{c}-{PERIOD}.xlsx" for c in codes
    )
    assert not (out / f"collecte-LFPIL-{PERIOD}.xlsx").exists()  # out of sample
    assert (out / f"modele-collecte-{PERIOD}.csv") in paths


def test_data_sheet_is_prefilled_locked_and_validated(written):
    out, _ = written
    wb = load_workbook(out / f"collecte-MFSN-{PERIOD}.xlsx")
    assert wb.sheetnames == ["Instructions", "Données", "Plan"]
    ws = wb["Données"]
    assert (ws["A2"].value, ws["B2"].value) == ("Code de l'organisation", "MFSN")
    assert ws["B3"].value == "Ministère fictif de la Santé numérique"
    assert (ws["A4"].value, ws["B4"].value) == ("Période", PERIOD)
    assert [ws.cell(6, c).value for c in range(1, 6)] == [
        "Cible", "Libellé de la cible", "Numérateur", "Dénominateur", "Commentaire",
    ]  # fmt: skip
    ds = load_dataset(DEMO)
    assert [ws.cell(r, 1).value for r in range(7, 17)] == ds.strategy.target_ids
    assert ws.protection.sheet is True
    assert wb["Instructions"].protection.sheet is True
    for ref in ("A7", "B7", "B2", "B4", "A16"):
        assert ws[ref].protection.locked is True, ref
    for ref in ("C7", "D7", "E7", "C16", "D16", "E16"):
        assert ws[ref].protection.locked is False, ref
    (dv,) = ws.data_validations.dataValidation
    assert (dv.type, dv.operator, dv.formula1, dv.showErrorMessage) == (
        "whole",
        "greaterThanOrEqual",
        "0",
        True,
    )
    assert str(dv.sqref) == "C7:D16"


def test_instruction_sheet_explains_every_target_in_french(written):
    out, _ = written
    ws = load_workbook(out / f"collecte-MFSN-{PERIOD}.xlsx")["Instructions"]
    heads = [ws.cell(5, c).value for c in range(1, 7)]
    assert heads == [
        "Cible", "Définition (cible adoptée)", "Unité comptée", "Ce qui compte au numérateur",
        "Ce qui compte au dénominateur", "Effet recherché",
    ]  # fmt: skip
    strategy = load_dataset(DEMO).strategy
    for i, tgt in enumerate(strategy.targets):
        row = [ws.cell(6 + i, c).value for c in range(1, 7)]
        assert row == [
            tgt.id,
            *(text("fr") for text in (tgt.label, tgt.unit, tgt.numerator, tgt.denominator, tgt.effect)),
        ]
        assert all(row), tgt.id


def test_blank_csv_has_the_same_columns(written):
    out, _ = written
    text = (out / f"modele-collecte-{PERIOD}.csv").read_bytes().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Organisation;Période;Cible;Libellé de la cible;Numérateur;Dénominateur;Commentaire"
    assert len(lines) == 11 and lines[1].startswith(f";{PERIOD};1.1;")


@pytest.mark.parametrize("lang, sep, number", [("fr", ";", "0,5"), ("en", ",", "0.5")])
def test_the_blank_template_and_the_explorer_s_csv_open_alike_in_a_language(lang, sep, number):
    """The two CSVs a spreadsheet opens at a double click (the blank template, the explorer's download) follow
    one rule, the language's list separator and decimal mark: they no longer say it each in their own words."""
    from barometre.collect.templates import csv_template
    from barometre.explorer_export import selection_csv

    header = csv_template(load_dataset(DEMO).strategy, PERIOD, lang).splitlines()[0]
    assert len(header.split(sep)) == 7, header
    download = selection_csv(pd.DataFrame({"Série": ["a"], "Valeur": [0.5]}), lang).decode("utf-8-sig")
    assert download.splitlines() == [f"Série{sep}Valeur", f"a{sep}{number}"]


def test_template_command_rejects_unknown_period(tmp_path, capsys):
    code = main(["template", "--period", "2030-2031", "--data", str(DEMO), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Période «\u00a02030-2031\u00a0» postérieure à la stratégie" in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())
    assert main(["template", "--period", "2010-2011", "--data", str(DEMO), "--out", str(tmp_path)]) == 2
    assert (
        "Période «\u00a02010-2011\u00a0» inconnue\u00a0; périodes de la stratégie" in capsys.readouterr().err
    )


def test_workbooks_in_english_are_written_beside_the_french_and_ingested_alike(tmp_path, capsys):
    """The workbooks were in French only: an organisation that works in English (or another government's
    strategy, in English too) got « Données », « Numérateur » and its French name. ``--lang fr,en`` writes
    each organisation's workbook in both languages (« collection-<code>-<period>.xlsx », sheet « Data »),
    and the blank CSV in each; filled in, the English ones are ingested as the French ones are."""
    import shutil

    from barometre.collect.ingest import ingest
    from collect_helpers import KEY, dataset_without, demo_observations, fill

    out = tmp_path / "forms"
    code = main(["template", "--period", PERIOD, "--data", str(DEMO), "--out", str(out), "--lang", "fr,en"])
    said = plain(capsys.readouterr().out)
    assert code == 0
    assert "50 classeurs de collecte et les modèles CSV écrits dans" in said
    assert "50 collection workbooks and the CSV templates written to" in said
    ds = load_dataset(DEMO)
    codes = list(ds.sample["code"])
    assert sorted(p.name for p in out.glob("collection-*.xlsx")) == sorted(
        f"collection-{c}-{PERIOD}.xlsx" for c in codes
    )
    assert len(list(out.glob("collecte-*.xlsx"))) == 25  # the French ones, as before
    wb = load_workbook(out / f"collection-MFSN-{PERIOD}.xlsx")
    assert wb.sheetnames == ["Instructions", "Data", "Plan"]
    ws = wb["Data"]
    assert (ws["A2"].value, ws["B2"].value) == ("Organisation code", "MFSN")
    assert ws["B3"].value == "Fictional Ministry of Digital Health"
    assert [ws.cell(6, c).value for c in range(1, 6)] == [
        "Target", "Target label", "Numerator", "Denominator", "Comment",
    ]  # fmt: skip
    first = ds.strategy.targets[0]
    assert ws["B7"].value == first.label("en") != first.label("fr")
    assert ws.data_validations.dataValidation[0].error.startswith("Enter a whole number")
    howto = wb["Instructions"]["A3"].value
    assert howto.startswith('Fill in the "Data" sheet') and "Données" not in howto
    assert wb["Instructions"].cell(6, 3).value == first.unit("en")
    plan = wb["Plan"]
    assert plan["A1"].value == "Digital transformation plan — Fictional Ministry of Digital Health"
    assert plan["C6"].value == f"Planned value {PERIOD}"
    csv_text = (out / f"collection-template-{PERIOD}.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert csv_text[0] == "Organisation,Period,Target,Target label,Numerator,Denominator,Comment"
    # filled in (the demo's figures), every English workbook is ingested as the French ones would be
    english = tmp_path / "english"
    english.mkdir()
    for path in out.glob("collection-*.xlsx"):
        fill(Path(shutil.copy(path, english)))
    plan_path = english / f"collection-MFSN-{PERIOD}.xlsx"
    wb = load_workbook(plan_path)
    wb["Plan"]["C7"] = 0.8  # MFSN's plan for 1.1 in the period, revised in the English sheet
    wb.save(plan_path)
    dataset = dataset_without(tmp_path)
    result = ingest([english], PERIOD, dataset)
    assert result.exit_code == 0 and not result.errors, [i.message for i in result.errors]
    got = pd.read_csv(dataset / "observations.csv", dtype=str, keep_default_na=False)
    assert got[KEY].equals(demo_observations()[KEY])
    plans = load_dataset(dataset).plans.set_index(["organisation", "target", "period"])["planned_value"]
    assert plans[("MFSN", "1.1", PERIOD)] == 0.8


def test_an_english_workbook_s_name_tells_its_organisation_as_a_french_one_s_does():
    """A workbook's name says whose it is (a code cell that names another organisation is then refused):
    « collection-MFSN-2022-2023 » as « collecte-MFSN-2022-2023 », whatever its capitals."""
    from barometre.collect.layout import named_code, workbook_name

    codes = ["MFSN", "MFEDU"]
    for lang in ("fr", "en"):
        assert named_code(Path(workbook_name("MFEDU", PERIOD, lang)).stem, codes) == "MFEDU"
    assert named_code(f"COLLECTION-mfsn-{PERIOD}", codes) == "MFSN"
    assert named_code(f"retour-MFSN-{PERIOD}", codes) == ""


def test_each_organisation_gets_its_workbook_in_the_language_it_works_in(tmp_path, capsys):
    """With workbooks in two languages, which one to send each organisation was the analyst's to sort out, 300
    times. ``language`` in organisations.csv (« anglais », « EN », « Français »…; empty: French) now picks it;
    a value that is no language is a warning (the row stays, its workbook in French); ``--lang`` still decides
    for every one."""
    import shutil

    from barometre.dataset import load_dataset_parts
    from conftest import rewrite_csv

    data = Path(shutil.copytree(DEMO, tmp_path / "data"))
    words = {"MFSN": "anglais", "MFEDU": "EN", "MFFIN": "Français", "MFENV": "Deutsch"}
    rewrite_csv(
        data / "organisations.csv", lambda rows: [{**r, "langue": words.get(r["code"], "")} for r in rows]
    )
    report = load_dataset_parts(data)[3]
    (warning,) = [w for w in report.warnings if w.column == "language"]
    assert (warning.row, warning.rule, warning.value) == (6, "not_language", "Deutsch") and not report.errors
    assert "l'organisation sera en français. Écrivez fr ou en." in plain(warning.message)
    out = tmp_path / "forms"
    assert main(["template", "--period", PERIOD, "--data", str(data), "--out", str(out)]) == 0
    said = plain(capsys.readouterr().out)
    assert "25 classeurs de collecte et les modèles CSV écrits dans" in said
    english = sorted(p.name for p in out.glob("collection-*.xlsx"))
    assert english == [f"collection-MFEDU-{PERIOD}.xlsx", f"collection-MFSN-{PERIOD}.xlsx"]
    french = {p.name for p in out.glob("collecte-*.xlsx")}
    assert (
        len(french) == 23
        and f"collecte-MFENV-{PERIOD}.xlsx" in french
        and f"collecte-MFFIN-{PERIOD}.xlsx" in french
    )
    assert {p.name for p in out.glob("*.csv")} == {
        f"modele-collecte-{PERIOD}.csv",
        f"collection-template-{PERIOD}.csv",
    }
    assert load_workbook(out / f"collection-MFSN-{PERIOD}.xlsx").sheetnames == [
        "Instructions",
        "Data",
        "Plan",
    ]
    every = tmp_path / "every"
    assert (
        main(["template", "--period", PERIOD, "--data", str(data), "--out", str(every), "--lang", "fr"]) == 0
    )
    assert "25 classeurs de collecte et le modèle CSV écrits" in plain(capsys.readouterr().out)
    assert len(list(every.glob("collecte-*.xlsx"))) == 25 and not list(every.glob("collection-*"))
