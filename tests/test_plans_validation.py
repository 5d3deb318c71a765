"""plans.csv validation: errors with file, row and column; rejected rows never stop the others."""

import json

from barometre.cli import main
from barometre.dataset import load_dataset
from plans_helpers import make_dataset

OBS = "2019-2020,A,1.1,1,2\n"
PLANS_HEADER = "organisation,target,period,planned_value,note\n"
DAMAGED = PLANS_HEADER + (
    "A,1.1,2022-2023,0.8,ok\n"  # row 2: accepted
    "ZZ,1.1,2022-2023,0.8,\n"  # row 3: unknown organisation
    "A,9.9,2022-2023,0.8,\n"  # row 4: unknown target
    "A,1.2,2030-2031,0.8,\n"  # row 5: unknown period
    "A,1.3,2022-2023,1.2,\n"  # row 6: out of range
    "A,2.1,2022-2023,-0.1,\n"  # row 7: out of range
    "A,3.1,2022-2023,beaucoup,\n"  # row 8: not a number
    "B,4.2,2022-2023,0.5,\n"  # row 9: duplicate of row 10
    "B,4.2,2022-2023,0.6,\n"  # row 10
    "X,1.1,2022-2023,0.5,\n"  # row 11: out of sample
    "B,1.1,2021-2022,,\n"  # row 12: empty planned value
    'C,"1,1",2022-2023,75 %,\n'  # row 13: accepted (French id and percentage)
)


def test_damaged_plans_give_one_error_per_problem_and_keep_good_rows(tmp_path):
    ds = load_dataset(make_dataset(tmp_path / "d", OBS, DAMAGED))
    errors = [(e.file.split("/")[-1], e.row, e.column, e.rule) for e in ds.report.errors]
    assert errors == [
        ("plans.csv", 3, "organisation", "unknown_organisation"),
        ("plans.csv", 4, "target", "unknown_target"),
        ("plans.csv", 5, "period", "unknown_period"),
        ("plans.csv", 6, "planned_value", "planned_value_out_of_range"),
        ("plans.csv", 7, "planned_value", "planned_value_out_of_range"),
        ("plans.csv", 8, "planned_value", "not_numeric"),
        ("plans.csv", 9, "target", "duplicate_key"),
        ("plans.csv", 10, "target", "duplicate_key"),
        ("plans.csv", 11, "organisation", "out_of_sample"),
        ("plans.csv", 12, "planned_value", "missing_value"),
    ]
    (late,) = [
        e for e in ds.report.errors if e.row == 5
    ]  # a plan for a year after the strategy: how to follow it
    assert (
        "2030-2031\u00a0» postérieure à la stratégie" in late.message and "'periods' list" in late.message_en
    )
    assert list(ds.plans["organisation"]) == ["A", "C"]
    assert list(ds.plans["planned_value"]) == [0.8, 0.75]
    assert list(ds.plans["target"]) == ["1.1", "1.1"]
    assert list(ds.plans["row"]) == [2, 13]
    assert ds.observations.shape[0] == 1  # observations unaffected
    msg = ds.report.errors[3]
    assert "1.2" in msg.message and "[0, 1]" in msg.message and "[0, 1]" in msg.message_en
    # a planned value is a proportion: the count's advice « ex. 12 ou 12,5 » would be out of range
    word = ds.report.errors[5]
    assert word.message.endswith(
        "n'est pas une valeur prévue\u00a0; inscrivez une proportion (ex. 0,8 ou 80\u00a0%)."
    )
    assert word.message_en.endswith("enter a proportion (e.g. 0.8 or 80%).")


def test_a_plan_row_saying_not_applicable_is_told_to_go(tmp_path):
    """« N/A » in plans.csv was told « laissez la cellule vide », and the blank cell was then refused as
    required: the advice that works is to remove the row (no plan, no row)."""
    ds = load_dataset(make_dataset(tmp_path / "d", OBS, PLANS_HEADER + "A,1.1,2022-2023,N/A,\n"))
    (error,) = ds.report.errors
    assert (
        error.rule == "not_numeric"
        and "N/A\u00a0» dit qu'il n'y a pas de valeur prévue\u00a0: retirez la ligne" in error.message
    )
    assert "remove the row" in error.message_en and "cell" not in error.message_en
    blank = load_dataset(make_dataset(tmp_path / "blank", OBS, PLANS_HEADER + "A,1.1,2022-2023,,\n"))
    assert [e.rule for e in blank.report.errors] == ["missing_value"]  # what the old advice led to
    assert not load_dataset(make_dataset(tmp_path / "gone", OBS, PLANS_HEADER)).report.errors


def test_validate_counts_plan_rows(tmp_path, capsys):
    folder = make_dataset(tmp_path / "d", OBS, DAMAGED)
    code = main(["validate", str(folder), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    # 4 organisations + 1 out of sample, 1 observation, 12 plan rows
    assert out["rows_read"] == 5 + 1 + 12
    assert out["rows_rejected"] == 10
    assert out["rows_read"] == out["rows_accepted"] + out["rows_rejected"]
    assert {e["file"].split("/")[-1] for e in out["errors"]} == {"plans.csv"}
    assert all(e["row"] and e["column"] and e["message"] for e in out["errors"])


def test_validate_a_plans_file_against_a_dataset(tmp_path, capsys):
    folder = make_dataset(tmp_path / "d", OBS)
    plans = tmp_path / "plans.csv"
    plans.write_text(PLANS_HEADER + "A,1.1,2022-2023,0.8,\nA,1.1,2022-2023,1.8,\n", encoding="utf-8")
    code = main(["validate", str(plans), "--data", str(folder), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    # the second row is refused for its value (1.8): it repeats no key, the first is kept
    assert (out["rows_read"], out["rows_accepted"], out["rows_rejected"]) == (2, 1, 1)
    assert [e["rule"] for e in out["errors"]] == ["planned_value_out_of_range"]
    assert [(w["row"], w["rule"]) for w in out["warnings"]] == [(3, "kept_twin")]  # row 2 stands, said


def test_missing_plan_column_is_unusable(tmp_path, capsys):
    folder = make_dataset(tmp_path / "d", OBS, "organisation,target,period\nA,1.1,2022-2023\n")
    code = main(["validate", str(folder), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2
    assert out["errors"][0]["rule"] == "missing_column"
    assert out["errors"][0]["column"] == "planned_value"


def test_no_plans_file_means_no_plans(tmp_path):
    ds = load_dataset(make_dataset(tmp_path / "d", OBS))
    assert not ds.has_plans and ds.report.ok
    assert "plans.csv" not in ds.file_hashes


def test_a_plans_file_with_french_headers_is_validated_as_plans(tmp_path, capsys):
    import json

    from barometre.cli import main
    from conftest import DEMO

    path = tmp_path / "plans-ministere.csv"
    path.write_text("organisation;cible;période;valeur_prévue\nMFSN;1.1;2022-2023;0,8\nMFSN;1.2;2022-2023;75 %\n"
                    "MFSN;1.3;2022-2023;1,5\n", encoding="utf-8")  # fmt: skip
    assert main(["validate", str(path), "--data", str(DEMO), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["rows_read"], report["rows_accepted"], report["rows_rejected"]) == (3, 2, 1)
    assert report["errors"][0]["row"] == 4 and report["errors"][0]["column"] == "planned_value"


def test_a_code_one_letter_off_may_be_a_new_organisation_and_is_told_how_to_add_it(tmp_path):
    """UFNUM beside CFNUM got « Vouliez-vous dire « CFNUM » ? »: following it would credit a new organisation's
    figures to another. A code one letter off also says how to add a new one; another case or a space does not."""
    orgs = "code,name_fr,name_en\nCFNUM,Numérique,Digital\nMFSN,Santé,Health\n"
    obs = "2019-2020,UFNUM,1.1,1,2\n2019-2020,mfsn,1.1,1,2\n2019-2020,MFSN,1.2,1,2\n"
    folder = make_dataset(tmp_path / "d", obs)
    (folder / "organisations.csv").write_text(orgs, encoding="utf-8")
    issues = {e.value: e for e in load_dataset(folder).report.errors}
    assert issues["UFNUM"].rule == issues["mfsn"].rule == "unknown_organisation"
    assert issues["UFNUM"].message_en.endswith(
        "Did you mean 'CFNUM'? If it is a new organisation, add it to organisations.csv, with its first period "
        "as from_period."
    )
    assert "nouvelle organisation" in issues["UFNUM"].message
    assert issues["mfsn"].message_en.endswith("Did you mean 'MFSN'?")
    from barometre.aliases import nearest_code

    # a known code in mixed case: « minedu » or « Min Edu » is a slip of its case or space, not a new one
    for slip in ("minedu", "MINEDU", "Min Edu"):
        assert nearest_code(slip, ["MinEdu", "CFNUM"]) == {
            "message": "unknown_organisation_near",
            "suggestion": "MinEdu",
        }
    assert nearest_code("MinEdv", ["MinEdu", "CFNUM"])["message"] == "unknown_organisation_near_or_new"


def test_an_unknown_code_names_the_known_one_it_most_likely_means(tmp_path):
    """A code typed in another case, with a stray space or one letter off gets a « Did you mean » naming
    the known code (the rule stays ``unknown_organisation``); a code like no other gets the plain message."""
    from barometre.aliases import nearest_code

    codes = ["MFEDU", "MFSN", "OFPRO"]
    assert nearest_code("mfedu", codes)["suggestion"] == "MFEDU"
    assert nearest_code("MF EDU", codes)["suggestion"] == "MFEDU"
    assert nearest_code("MFEDV", codes)["suggestion"] == "MFEDU"
    assert nearest_code("ZZZZ", codes) == {}
    assert nearest_code("ORG12", ["ORG012", "ORG212"]) == {}  # two as close: no guess

    orgs = "code,name_fr,name_en\nMFEDU,Éducation,Education\nMFSN,Santé,Health\n"
    obs = "2019-2020,mfedu,1.1,1,2\n2019-2020,ZZZZ,1.1,1,2\n2019-2020,MFSN,1.1,1,2\n"
    plans = PLANS_HEADER + "mfsn,1.1,2022-2023,0.8,\n"
    folder = make_dataset(tmp_path / "d", obs, plans)
    (folder / "organisations.csv").write_text(orgs, encoding="utf-8")
    ds = load_dataset(folder)
    issues = {(e.file.split("/")[-1], e.value): e for e in ds.report.errors}
    assert {k: e.rule for k, e in issues.items()} == {
        ("observations.csv", "mfedu"): "unknown_organisation",
        ("observations.csv", "ZZZZ"): "unknown_organisation",
        ("plans.csv", "mfsn"): "unknown_organisation",
    }
    assert issues["observations.csv", "mfedu"].message.endswith(
        "Vouliez-vous dire «\u00a0MFEDU\u00a0»\u00a0?"
    )
    assert issues["observations.csv", "mfedu"].message_en.endswith("Did you mean 'MFEDU'?")
    assert issues["plans.csv", "mfsn"].message_en.endswith("Did you mean 'MFSN'?")
    assert "Vouliez" not in issues["observations.csv", "ZZZZ"].message
    assert "this code is not in organisations.csv." in issues["observations.csv", "ZZZZ"].message_en
    # next year's organisations.csv without an organisation abolished since: how to keep its past data
    assert issues["observations.csv", "ZZZZ"].message_en.endswith(
        "with its last period as until_period: its past data still count."
    )


def test_a_planned_percentage_typed_as_a_number_is_told_how_to_write_it(tmp_path):
    """« 75 » for 75 % (and « 87,5 ») was refused with « ex. 0,8 ou 80 % », in plans.csv and in a returned plan
    sheet alike: the message now gives the value's own proportion. A value out of range otherwise keeps the
    general advice."""
    from barometre.plans_validation import out_of_range_fields
    from barometre.validation_report import make_issue

    fields = out_of_range_fields(87.5)
    issue = make_issue("plans.csv", 3, "planned_value", "87,5", "planned_value_out_of_range", **fields)
    assert "pour 87,5\u00a0%, inscrivez 0,875 ou «\u00a087,5\u00a0%\u00a0»" in issue.message
    assert "for 87.5%, enter 0.875 or '87.5%'" in issue.message_en
    assert (
        out_of_range_fields(150.0) == {}
        and out_of_range_fields(-0.1) == {}
        and out_of_range_fields(None) == {}
    )
    assert out_of_range_fields(1.5) == {}  # as likely a slip for 0,15 as 1,5 %: the general advice
