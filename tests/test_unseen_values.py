"""Values next year's files may write differently from the demo's: read when they can only mean one thing,
refused with the fix when they could mean several (never a row lost without a word)."""

import pandas as pd
import pytest
from barometre.dataset import load_dataset_parts
from barometre.readers import RawTable, read_table
from barometre.strategy_model import normalise_period
from barometre.validation import validate_observations
from conftest import DEMO, plain, rewrite_csv

_META, STRATEGY, ORGS, _REPORT = load_dataset_parts(DEMO)
ROW = {"period": "2022-2023", "organisation": "MFSN", "target": "1.1", "numerator": "3", "denominator": "4"}


def check(**changes: str):
    """Validate one demo row with ``changes``; return the accepted rows and the report."""
    frame = pd.DataFrame([{**ROW, **changes}], dtype=object)
    return validate_observations(RawTable("retour.csv", frame, [2]), STRATEGY, ORGS)


@pytest.mark.parametrize(
    "written", ["FY2022-23", "EF 2022-2023", "Exercice 2022-2023", "exercice financier : 2022-23",
                "Année financière 2022-2023", "fiscal year 2022/2023", "2022–2023"],
)  # fmt: skip
def test_a_fiscal_year_written_with_its_name_is_that_year(written):
    assert normalise_period(written) == "2022-2023"
    accepted, report = check(period=written)
    assert list(accepted["period"]) == ["2022-2023"] and report.errors == []


def test_a_year_alone_is_refused_with_the_two_fiscal_years_it_could_be():
    accepted, report = check(period="2022")
    [error] = report.errors
    assert accepted.empty and error.rule == "unknown_period"
    assert "(2021-2022 ou 2022-2023) ; laquelle" in plain(error.message)
    assert "(2021-2022 or 2022-2023); which one" in error.message_en
    assert normalise_period("FY 2022-2024") == "FY 2022-2024"  # not one fiscal year: left as written


@pytest.mark.parametrize("written", ["Cible 1.1", "cible no 1.1", "Target 1.1", "Objectif 1,1"])
def test_a_target_written_with_its_word_is_that_target(written):
    accepted, report = check(target=written)
    assert list(accepted["target"]) == ["1.1"] and report.errors == []


def test_a_target_followed_by_words_is_refused_with_its_number():
    """« 1.2 Services améliorés »: the number, or a label that may be another target's? Asked, not guessed."""
    accepted, report = check(target="1.2 Services améliorés")
    [error] = report.errors
    assert accepted.empty and (error.rule, error.column) == ("unknown_target", "target")
    assert "le seul numéro de la cible. Vouliez-vous dire « 1.2 » ?" in plain(error.message)
    assert "Did you mean '1.2'?" in error.message_en
    plain_unknown = check(target="9.9")[1].errors[0]
    assert "Vouliez-vous dire" not in plain_unknown.message and "1.1, 1.2" in plain_unknown.message


def test_a_target_id_in_other_capitals_or_without_accents_is_told_the_id():
    """With ids in words (ACC-ligne, DÉLAIS), « acc-ligne » or « delais » got « Cible inconnue » and the list of
    every id, while a code in lower case was told its code."""
    import yaml
    from barometre.strategy import parse_strategy

    raw = yaml.safe_load(open(STRATEGY.source_path, encoding="utf-8"))
    raw["targets"][0]["id"], raw["targets"][1]["id"] = "ACC-ligne", "DÉLAIS"
    raw["contributions"][0]["targets"][:2] = ["ACC-ligne", "DÉLAIS"]
    words = parse_strategy(raw, "mots.yaml")
    for written, meant in (("acc-ligne", "ACC-ligne"), ("delais", "DÉLAIS")):
        frame = pd.DataFrame([{**ROW, "target": written}], dtype=object)
        [error] = validate_observations(RawTable("retour.csv", frame, [2]), words, ORGS)[1].errors
        assert f"majuscules et accents compris. Vouliez-vous dire « {meant} » ?" in plain(error.message)
        assert f"Did you mean '{meant}'?" in error.message_en
    frame = pd.DataFrame([{**ROW, "target": "acc"}], dtype=object)
    [error] = validate_observations(RawTable("retour.csv", frame, [2]), words, ORGS)[1].errors
    # nothing the same but for capitals or accents: not told so (the id it begins, « ACC-ligne », is suggested)
    said = plain(error.message)
    assert "majuscules et accents" not in said and said.endswith("Vouliez-vous dire « ACC-ligne » ?"), said


@pytest.mark.parametrize("written", ["Ministère fictif de la Santé numérique", "ministere fictif de la sante numerique",
                                     "Fictional Ministry of Digital Health"])  # fmt: skip
def test_an_organisation_written_by_its_name_is_told_its_code(written):
    accepted, report = check(organisation=written)
    [error] = report.errors
    assert accepted.empty and error.rule == "unknown_organisation"
    assert "est le nom d'une organisation : la colonne attend son code, « MFSN »" in plain(error.message)
    assert "the column takes its code, 'MFSN'" in error.message_en


def test_a_percentage_in_a_count_asks_for_both_counts():
    accepted, report = check(numerator="75 %", denominator="100%")
    assert accepted.empty and {e.column for e in report.errors} == {"numerator", "denominator"}
    assert all(
        "est un pourcentage : la colonne attend un nombre compté" in plain(e.message) for e in report.errors
    )
    other = check(numerator="douze")[1].errors[0]
    assert "inscrivez un nombre" in other.message and "pourcentage" not in other.message


def test_the_rows_of_an_organisation_rejected_in_organisations_csv_say_why(demo_copy):
    """« peut-être » in in_sample rejects the ministry's row in organisations.csv; its 36 observations said
    « ce code n'est pas dans organisations.csv », which was false, and `validate FILE` never showed why."""
    rewrite_csv(demo_copy / "organisations.csv",
                lambda rows: [{**r, "in_sample": "peut-être"} if r["code"] == "MFEMP" else r for r in rows])  # fmt: skip
    _meta, strategy, orgs, _report = load_dataset_parts(demo_copy)
    _accepted, report = validate_observations(read_table(demo_copy / "observations.csv"), strategy, orgs)
    said = {e.message for e in report.errors if e.value == "MFEMP"}
    assert len(said) == 1 and len([e for e in report.errors if e.value == "MFEMP"]) > 20
    assert plain(said.pop()) == (
        "Organisation « MFEMP » : sa ligne dans organisations.csv est rejetée (ligne 8, colonne in_sample : "
        "« peut-être » n'est pas une valeur oui/non (oui, non, true, false, 1, 0)) ; ses données ne peuvent être "
        "retenues tant que cette ligne n'est pas corrigée."
    )
    assert check(organisation="MFEMP")[1].errors == []  # against the demo's organisations.csv, all is well


def test_an_unreadable_head_count_leaves_the_organisation_and_its_data_in(demo_copy):
    """« 1 200 ETC » employees rejected the ministry's row in organisations.csv, and so its 36 observations,
    though no figure uses the head count. It is now a warning: the count is left empty, the row and data stay."""
    rewrite_csv(demo_copy / "organisations.csv",
                lambda rows: [{**r, "employees": "1 200 ETC"} if r["code"] == "MFEMP" else r for r in rows])  # fmt: skip
    _meta, strategy, orgs, org_report = load_dataset_parts(demo_copy)
    assert not org_report.errors and "MFEMP" in set(orgs["code"])
    assert pd.isna(orgs.set_index("code").at["MFEMP", "employees"])
    warning = next(w for w in org_report.warnings if w.column == "employees")
    assert (warning.row, warning.rule) == (8, "not_count")
    assert plain(warning.message).startswith(
        "« 1 200 ETC » n'est pas un effectif (un nombre positif) ; l'effectif"
    )
    _accepted, report = validate_observations(read_table(demo_copy / "observations.csv"), strategy, orgs)
    assert not report.errors


def test_an_organisation_without_its_english_name_keeps_its_data_and_is_named_in_french(demo_copy, capsys):
    """A new organisation entered with its French name only: its row was rejected (« name_en est vide ; elle
    est obligatoire »), and with it every figure it reported, which the government values then left out. Its
    French name now stands in for the English one, a warning says so, and its data count."""
    from barometre.cli import main

    rewrite_csv(demo_copy / "organisations.csv",
                lambda rows: [{**r, "name_en": ""} if r["code"] == "MFSN" else r for r in rows])  # fmt: skip
    _meta, strategy, orgs, org_report = load_dataset_parts(demo_copy)
    assert not org_report.errors
    names = orgs.set_index("code")
    assert (
        names.at["MFSN", "name_en"] == names.at["MFSN", "name_fr"] == "Ministère fictif de la Santé numérique"
    )
    (warning,) = org_report.warnings
    assert (warning.row, warning.column, warning.rule) == (2, "name_en", "missing_english_name")
    assert plain(warning.message_en).startswith(
        "The English name (name_en) is empty: the row is kept, and the English pages give the French name"
    )
    _accepted, report = validate_observations(read_table(demo_copy / "observations.csv"), strategy, orgs)
    assert not report.errors and report.rows_rejected == 0
    assert main(["indicators", "--data", str(demo_copy), "--period", "2022-2023", "--bootstrap", "20"]) == 0
    ours = capsys.readouterr().out
    assert main(["indicators", "--data", str(DEMO), "--period", "2022-2023", "--bootstrap", "20"]) == 0
    assert ours == capsys.readouterr().out  # the same figures as with its English name
    rewrite_csv(demo_copy / "organisations.csv",
                lambda rows: [{**r, "name_fr": ""} if r["code"] == "MFSN" else r for r in rows])  # fmt: skip
    no_name = load_dataset_parts(demo_copy)[3].errors  # no name at all: the row is rejected, as before
    assert [(e.column, e.rule) for e in no_name] == [
        ("name_en", "missing_value"),
        ("name_fr", "missing_value"),
    ]


def test_a_returned_workbook_headed_organisme_is_ingested(demo_copy, tmp_path, capsys):
    """« Organisme » was an alias of the dataset's files, not of returned workbooks (two vocabularies): every
    row of a ministry's export was « La cellule « organisation » est vide », and nothing was merged."""
    import openpyxl
    from barometre.cli import main

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Données"
    sheet.append(["Période", "Organisme", "Cible", "Numérateur", "Dénominateur"])
    sheet.append(["FY2022-23", "MFSN", "1.1", 3, 4])
    sheet.append(["2022-2023", "MFSN", "1.2", 5, 8])
    book.save(tmp_path / "export.xlsx")
    assert (
        main(["ingest", "--period", "2022-2023", "--data", str(demo_copy), str(tmp_path / "export.xlsx")])
        == 0
    )
    assert "2 lignes acceptées, 0 rejetée" in plain(capsys.readouterr().out)
    merged = pd.read_csv(demo_copy / "observations.csv", dtype=str)
    mine = merged[(merged["organisation"] == "MFSN") & (merged["period"] == "2022-2023")]
    assert sorted(zip(mine["target"], mine["numerator"], strict=True)) == [("1.1", "3"), ("1.2", "5")]
