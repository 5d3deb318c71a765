"""French column names as aliases (issue 11): same validation, one alias map for every file kind."""

import json

import pytest
from barometre.aliases import COLUMN_ALIASES, apply_aliases, canonical_names, fold
from barometre.cli import main
from barometre.dataset import load_dataset_parts
from barometre.errors import InputFileError
from barometre.readers import read_table
from barometre.validation import validate_observations
from conftest import DEMO, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "aliases"
FR = FIXTURES / "observations_fr.csv"
EN = FIXTURES / "observations_en.csv"


def _validate_json(path, capsys):
    code = main(["validate", str(path), "--data", str(DEMO), "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def _accepted(path):
    _meta, strategy, orgs, _ = load_dataset_parts(DEMO)
    accepted, report = validate_observations(read_table(path), strategy, orgs)
    return accepted.drop(columns=["file"]), report


def test_french_headers_semicolons_and_decimal_commas_validate_like_english(capsys):
    assert FR.read_text(encoding="utf-8").startswith("période;organisation;cible;numérateur;dénominateur")
    code_fr, fr = _validate_json(FR, capsys)
    code_en, en = _validate_json(EN, capsys)
    assert code_fr == code_en == 0
    # 2,5 services and 12,5 organisations are read as decimals, and said (decimal_count) the same way
    warned = [[(w["row"], w["column"], w["rule"]) for w in rep.pop("warnings")] for rep in (fr, en)]
    assert warned[0] == warned[1] == [(5, "numerator", "decimal_count"), (9, "denominator", "decimal_count")]
    assert (
        fr
        == en
        == {
            "rows_read": 20,
            "rows_accepted": 20,
            "rows_rejected": 0,
            "errors": [],
            "exit_code": 0,
        }
    )
    rows_fr, _ = _accepted(FR)
    rows_en, _ = _accepted(EN)
    assert rows_fr.equals(rows_en)
    assert 2.5 in set(rows_fr["numerator"]) and 12.5 in set(rows_fr["denominator"])


def test_french_headers_get_the_same_row_errors(tmp_path, capsys):
    lines = FR.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(";22;48;", ";60;48;")  # numerator > denominator, spreadsheet row 3
    bad = tmp_path / "fr.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, rep = _validate_json(bad, capsys)
    assert code == 1 and rep["rows_rejected"] == 1
    assert [(e["row"], e["column"], e["rule"]) for e in rep["errors"]] == [
        (3, "numerator", "numerator_exceeds_denominator")
    ]


@pytest.mark.parametrize(
    "header",
    [
        "Periode;Organisation;CIBLE;Numerateur;Denominateur",
        "PÉRIODE;organisation;Cible;NUMÉRATEUR;dénominateur",
        "période;organisation;target;numérateur;denominator",  # French and English names mixed
        "Période;Organisme;Cible;Numérateur;Dénominateur",  # Québec's word for a public body
        "Période;Ministère ou organisme;Cible;Numérateur;Dénominateur",
    ],
)
def test_matching_ignores_case_and_accents(tmp_path, capsys, header):
    body = FR.read_text(encoding="utf-8").splitlines()[1:]
    path = tmp_path / "obs.csv"
    path.write_text(
        header + "\n" + "\n".join(";".join(x.split(";")[:5]) for x in body) + "\n", encoding="utf-8"
    )
    code, rep = _validate_json(path, capsys)
    assert code == 0 and rep["rows_accepted"] == 20


@pytest.mark.parametrize(
    ("alias", "english"), [("période", "period"), ("numérateur", "numerator"), ("Periode", "période")]
)
def test_a_column_given_twice_under_two_names_is_an_error_naming_both(tmp_path, capsys, alias, english):
    path = tmp_path / "twice.csv"
    path.write_text(
        f"period;organisation;target;numerator;denominator;{alias}\n2022-2023;MFSN;1.1;1;2;2022-2023\n"
        if english in ("period", "numerator")
        else f"{alias};{english};organisation;cible;numérateur;dénominateur\n2022-2023;2022-2023;MFSN;1.1;1;2\n",
        encoding="utf-8",
    )
    code, rep = _validate_json(path, capsys)
    assert code == 2
    [err] = rep["errors"]
    names = [alias.lower(), english.lower()]
    assert all(f"«\u00a0{n}\u00a0»" in err["message"] for n in names), err
    assert all(f"'{n}'" in err["message_en"] for n in names), err
    assert err["column"] in ("period", "numerator")


def test_one_alias_map_covers_observations_and_plans():
    assert canonical_names("observations")[fold("Numérateur")] == "numerator"
    plans = canonical_names("plans")
    assert {
        plans[fold(n)]
        for n in ("organisation", "Organisme", "cible", "période", "valeur_prévue", "valeur prévue")
    } == {
        "organisation",
        "target",
        "period",
        "planned_value",
    }
    assert plans["planned_value"] == "planned_value"
    assert set(COLUMN_ALIASES) >= {"observations", "plans"}
    with pytest.raises(KeyError):
        canonical_names("unknown-kind")


def test_apply_aliases_leaves_other_columns_alone(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "Organisation;Cible;Période;Valeur prévue;commentaire\nMFSN;1.1;2022-2023;0,8;x\n", encoding="utf-8"
    )
    table = apply_aliases(read_table(path), "plans")
    assert list(table.frame.columns) == ["organisation", "target", "period", "planned_value", "commentaire"]
    with pytest.raises(InputFileError):
        path.write_text("cible;target\n1.1;1.1\n", encoding="utf-8")
        apply_aliases(read_table(path), "plans")


def test_organisations_file_with_french_headers_reads_like_the_english_one(tmp_path):
    """organisations.csv kept by a French-speaking analyst: « Code;Nom FR;Nom EN;Type;Effectif;Échantillon »
    and « ; » (it stopped at « colonnes obligatoires absentes : name_fr, name_en »)."""
    import shutil

    data = tmp_path / "demo"
    shutil.copytree(DEMO, data)
    lines = (DEMO / "organisations.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "code,name_fr,name_en,type,employees,in_sample" and not any(";" in x for x in lines)
    french = ["Code;Nom FR;Nom EN;Type;Effectif;Échantillon", *[x.replace(",", ";") for x in lines[1:]]]
    (data / "organisations.csv").write_text("\n".join(french) + "\n", encoding="utf-8")
    _meta, _strategy, orgs, report = load_dataset_parts(data)
    _meta, _strategy, english, _report = load_dataset_parts(DEMO)
    assert report.ok and orgs.equals(english)


def test_readme_documents_the_aliases_in_both_languages():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("période", "cible", "numérateur", "dénominateur", "valeur_prévue", "nom_fr", "effectif"):
        assert name in text
    assert "Noms de colonnes en français" in text and "French column names" in text


def test_a_totals_row_is_said_to_be_one_not_an_organisation_to_add(tmp_path, capsys):
    """« Total » under the organisations' rows was « Organisation « Total » inconnue … gardez-la dans
    organisations.csv avec until_period »: advice to add it as an organisation."""
    import shutil

    data = tmp_path / "demo"
    shutil.copytree(DEMO, data)
    with (data / "observations.csv").open("a", encoding="utf-8") as fh:
        fh.write("2022-2023,Sous-total,1.1,500,900,,\n")
    assert main(["validate", str(data)]) == 1
    out = capsys.readouterr().out.replace("\u00a0", " ")
    assert "« Sous-total » semble être une ligne de total" in out and "supprimez cette ligne" in out
    assert "'Sous-total' looks like a totals row" in out and "until_period" not in out
