"""``barometre plans``: columns, options and errors (never empty output with exit 0)."""

import csv
import io
import json

from barometre.cli import main
from conftest import DEMO
from plans_helpers import make_dataset
from test_plans import OBS, PLANS

GOV = ("period,target,planned_value,target_value,plans_suffice,organisations_with_plan,"
       "organisations_status_quo,organisations_excluded,organisations_expected")  # fmt: skip


def run(capsys, *args):
    code = main(["plans", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_government_rows(tmp_path, capsys):
    folder = make_dataset(tmp_path / "d", OBS, PLANS)
    code, out, _err = run(capsys, "--data", str(folder), "--period", "2021-2022")
    assert code == 0
    assert out.splitlines()[0] == GOV
    rows = {(r["target"], r["period"]): r for r in csv.DictReader(io.StringIO(out))}
    assert rows[("1.1", "2022-2023")]["planned_value"] == "0.475"
    assert rows[("1.1", "2022-2023")]["plans_suffice"] == "false"
    assert rows[("6.1", "2022-2023")]["plans_suffice"] == "true"
    assert len(rows) == 5


def test_a_plan_left_out_of_the_government_value_is_named(tmp_path, capsys):
    """C's plan for 1.1 has no reported value to weight it: counted excluded, and named on stderr."""
    folder = make_dataset(tmp_path / "d", OBS, PLANS)
    code, _out, err = run(capsys, "--data", str(folder), "--period", "2021-2022")
    assert code == 0
    assert (
        "1 plan non compté dans les valeurs gouvernementales, faute de valeur déclarée jusqu'en 2021-2022"
        in err
    )
    assert "pondérer\u00a0: C (1.1)." in err and "to weight it: C (1.1)." in err
    assert "C (6.1)" not in err  # a share-of-organisations target needs no weight: C's plan counts
    _code, _out, err = run(capsys, "--data", str(folder), "--period", "2021-2022", "--by", "organisation")
    assert "non compté" not in err  # plan versus actual per organisation leaves nothing out


def test_past_ten_plans_left_out_the_others_are_counted(tmp_path, capsys):
    orgs = [f"O{i:02d}" for i in range(12)]
    obs = "".join(f"2019-2020,{c},1.1,1,2\n" for c in orgs[:1])
    plans = "organisation,target,period,planned_value\n" + "".join(f"{c},1.2,2022-2023,0.9\n" for c in orgs)
    folder = make_dataset(tmp_path / "d", obs, plans)
    (folder / "organisations.csv").write_text(
        "code,name_fr,name_en,in_sample\n" + "".join(f"{c},{c},{c},true\n" for c in orgs), encoding="utf-8"
    )
    _code, _out, err = run(capsys, "--data", str(folder), "--period", "2019-2020")
    assert "12 plans non comptés" in err and "O09 (1.2) et 2 autres." in err and "O10 (1.2)" not in err


def test_by_organisation_json(tmp_path, capsys):
    folder = make_dataset(tmp_path / "d", OBS, PLANS)
    code, out, _err = run(capsys, "--data", str(folder), "--by", "organisation", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert list(rows[0]) == [
        "organisation",
        "target",
        "period",
        "planned_value",
        "value",
        "plan_status",
        "gap",
    ]
    b = [r for r in rows if (r["organisation"], r["target"], r["period"]) == ("B", "1.1", "2020-2021")]
    assert b == [{"organisation": "B", "target": "1.1", "period": "2020-2021", "planned_value": 0.3,
                  "value": 0.1, "plan_status": "behind", "gap": -0.2}]  # fmt: skip


def test_no_plans_file_is_an_error(tmp_path, capsys):
    folder = make_dataset(tmp_path / "d", OBS)
    code, out, err = run(capsys, "--data", str(folder))
    assert code == 2 and out == ""
    assert "plans.csv" in err


def test_only_rejected_plans_is_an_error(tmp_path, capsys):
    plans = "organisation,target,period,planned_value\nA,1.1,2022-2023,7\n"
    folder = make_dataset(tmp_path / "d", OBS, plans)
    code, out, err = run(capsys, "--data", str(folder))
    assert code == 2 and out == ""
    assert "barometre validate" in err


def test_unknown_period_lists_the_valid_ones(tmp_path, capsys):
    folder = make_dataset(tmp_path / "d", OBS, PLANS)
    code, out, err = run(capsys, "--data", str(folder), "--period", "2030-2031")
    assert code == 2 and out == ""
    assert "2021-2022" in err


def test_an_empty_plans_file_stops_nothing_and_is_said(tmp_path, capsys):
    """plans.csv is optional: a 0-byte one stopped ``indicators`` and ``publish`` (« le fichier est vide »,
    exit 2); a header alone passed ``validate`` in silence while ``plans`` sent the user there."""
    header = PLANS.splitlines()[0] + "\n"
    for name, text in (("zero", ""), ("blank", "\ufeff\n \n"), ("header", header)):
        folder = make_dataset(tmp_path / name, OBS, text)
        assert main(["indicators", "--data", str(folder), "--bootstrap", "0"]) == 0, name
        out = capsys.readouterr()
        assert out.out.startswith("period,target,value"), (name, out.err)
        assert main(["validate", str(folder)]) == 0, name
        said = capsys.readouterr().out
        assert (
            "plans.csv\u00a0: Le fichier ne contient aucune ligne de plan\u00a0: aucun plan n'est lu." in said
        )
        assert "plans.csv: The file holds no plan row: no plan is read. It is optional" in said
        code, _out, err = run(capsys, "--data", str(folder))
        assert code == 2 and "aucune ligne de plan valide" in err, (name, err)


def test_the_site_s_plans_table_writes_booleans_as_the_command_does(tmp_path):
    """``donnees/plans-gouvernement.csv`` wrote « False » where ``barometre plans`` and the JSON write « false »."""
    import csv as csv_module

    from barometre.api import results
    from barometre.render.data_export import write_data

    res = results(DEMO, up_to="2022-2023")
    write_data(res.dataset, res, "2022-2023", tmp_path)
    with (tmp_path / "plans-gouvernement.csv").open(encoding="utf-8") as fh:
        values = {r["plans_suffice"] for r in csv_module.DictReader(fh)}
    assert values <= {"true", "false", ""} and {"true", "false"} <= values
