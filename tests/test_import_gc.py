"""Service inventories, the service-rule engine and the GC Service Inventory importer (issue 8)."""

import csv
import io
import json
import math
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from barometre.cli import main
from barometre.dataset import load_dataset
from barometre.errors import InputFileError, StrategyError
from barometre.importers.gc_service_inventory import import_gc_service_inventory, slug, split_department
from barometre.importers.services import (
    ServiceRecord,
    compile_rule,
    observations_from_services,
    resolve_duplicates,
    whole_number,
)
from barometre.readers import RawTable
from barometre.strategy import load_strategy, parse_strategy
from conftest import GC_RAW, ROOT

GC_DIR = GC_RAW
GC_FILES = [GC_DIR / f"{y}_services.csv" for y in ("2016-2017", "2017-2018", "2018-2019")]
SMALL = ROOT / "tests" / "fixtures" / "import" / "gc_small.csv"
# 30 real 2018-2019 rows (21 departments) relabelled 2019-2020: a year after the published ones.
LATER = ROOT / "tests" / "fixtures" / "import" / "gc_2019-2020_services.csv"
CHANNELS = [
    "online_applications",
    "telephone_applications",
    "in_person_applications",
    "postal_mail_applications",
    "other_applications",
]
STEPS = ["e_registration", "e_authentication", "e_application", "e_decision", "e_issuance", "e_feedback"]

# --------------------------------------------------------------------------- independent reference


def _plain_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _independent(rows: list[dict]) -> dict:
    """The issue's three definitions, in plain Python, with no code from the library."""

    def whole(v):
        v = v.strip()
        return int(v) if v.isdigit() else None

    out = {k: {"num": 0, "den": 0, "deps": set()} for k in ("uptake", "feedback", "end-to-end")}
    for r in rows:
        dep = r["department_name_en"].split(" | ")[0].strip().casefold()
        online = whole(r["online_applications"])
        total = sum(whole(r[c]) or 0 for c in CHANNELS)
        if online is not None and total > 0:
            out["uptake"]["den"] += 1
            out["uptake"]["num"] += online / total > 0.75
            out["uptake"]["deps"].add(dep)
        fb = r["e_feedback"].strip().upper()
        if fb in ("Y", "N"):
            out["feedback"]["den"] += 1
            out["feedback"]["num"] += fb == "Y"
            out["feedback"]["deps"].add(dep)
        steps = [r[c].strip().upper() for c in STEPS]
        if all(s in ("Y", "N", "NA") for s in steps) and any(s in ("Y", "N") for s in steps):
            out["end-to-end"]["den"] += 1
            out["end-to-end"]["num"] += "N" not in steps
            out["end-to-end"]["deps"].add(dep)
    return out


def _run(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _indicators(data: Path, capsys) -> list[dict]:
    code, out, err = _run(["indicators", "--data", str(data), "--format", "csv", "--bootstrap", "0"], capsys)
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


@pytest.fixture(scope="module")
def gc_import(tmp_path_factory):
    out = tmp_path_factory.mktemp("gc") / "data"
    result = import_gc_service_inventory(GC_FILES, out)
    return out, result


# --------------------------------------------------------------------------- real data


def test_real_import_matches_independent_count_for_every_year(gc_import, capsys):
    out, _result = gc_import
    rows = [r for p in GC_FILES for r in _plain_rows(p)]
    got = {(r["period"], r["target"]): r for r in _indicators(out, capsys)}
    assert len(got) == 9
    for period in ("2016-2017", "2017-2018", "2018-2019"):
        expected = _independent([r for r in rows if r["fiscal_yr"].strip() == period])
        for target, exp in expected.items():
            row = got[(period, target)]
            assert exp["den"] > 0
            assert float(row["numerator"]) == exp["num"], (period, target)
            assert float(row["denominator"]) == exp["den"], (period, target)
            assert int(row["organisations_reporting"]) == len(exp["deps"]), (period, target)
            assert math.isclose(float(row["value"]), exp["num"] / exp["den"], abs_tol=5e-7)
            assert row["progress"] == ""  # target-less mode
            # BRIEF §4: a period too few departments reported (10 or 11 of 72) does not count, whatever
            # the target: « insufficient_data », as the pages say; a counted one has no status
            uncounted = period != "2018-2019"
            assert row["status"] == ("insufficient_data" if uncounted else ""), (period, target)
            assert int(row["organisations_expected"]) == 72


def test_real_2018_2019_figures(gc_import, capsys):
    """The acceptance figures of 2018-2019, derived here by plain csv code."""
    out, _result = gc_import
    exp = _independent(_plain_rows(GC_FILES[2]))
    got = {r["target"]: r for r in _indicators(out, capsys) if r["period"] == "2018-2019"}
    assert set(got) == {"uptake", "feedback", "end-to-end"}
    for target in got:
        assert (float(got[target]["numerator"]), float(got[target]["denominator"])) == (
            exp[target]["num"],
            exp[target]["den"],
        )
        assert int(got[target]["organisations_reporting"]) == len(exp[target]["deps"])


def test_real_duplicate_keys_are_reported(gc_import):
    out, result = gc_import
    expected = {}
    for path in GC_FILES:
        keys = Counter(
            (
                r["fiscal_yr"].strip(),
                r["department_name_en"].split(" | ")[0].strip().casefold(),
                r["service_id"].strip(),
            )
            for r in _plain_rows(path)
        )
        for (period, _d, _s), n in keys.items():
            if n > 1:
                e = expected.setdefault(period, {"keys": 0, "rows": 0})
                e["keys"] += 1
                e["rows"] += n
    assert set(expected) == {"2016-2017", "2017-2018"}
    report = json.loads((out / "import_report.json").read_text(encoding="utf-8"))
    assert report["duplicate_keys"] == expected
    assert report["duplicates_policy"] == "keep"
    assert all(not d["identical"] for d in report["duplicates"])
    text = result.summary("fr") + result.summary("en")
    assert "1548" in text and "1464" in text
    assert "Clés (exercice, ministère, identifiant de service) en double" in text
    assert "Duplicate (year, department, service id) keys" in text


def test_real_every_row_is_accounted_for(gc_import):
    out, _result = gc_import
    report = json.loads((out / "import_report.json").read_text(encoding="utf-8"))
    plain = {p.name: len(_plain_rows(p)) for p in GC_FILES}
    assert plain == {
        "2016-2017_services.csv": 347,
        "2017-2018_services.csv": 336,
        "2018-2019_services.csv": 1250,
    }
    assert {f["file"]: f["rows_read"] for f in report["files"]} == plain
    assert report["rows_read"] == sum(plain.values()) == report["rows_used"] + report["rows_unused"]
    assert len(report["unused"]) == report["rows_unused"]
    used_by_period = Counter()
    for f in report["files"]:
        used_by_period.update(f["rows_by_period"])
    for target, by_period in report["indicators"].items():
        for period, tally in by_period.items():
            assert tally["rows"] == used_by_period[period], (target, period)
            assert tally["rows"] == tally["denominator"] + sum(tally["excluded"].values())
    # Every unknown channel value is counted: telephone is ND everywhere.
    assert report["unknown_values"]["2018-2019"]["telephone_applications"] == {"ND": 1250}
    online_nd = sum(r["online_applications"].strip().upper() == "ND" for r in _plain_rows(GC_FILES[2]))
    assert report["unknown_values"]["2018-2019"]["online_applications"] == {"ND": online_nd}


def test_real_dataset_files(gc_import):
    out, _result = gc_import
    meta = yaml.safe_load((out / "dataset.yaml").read_text(encoding="utf-8"))
    assert meta["strategy"] == "gc-services" and meta["synthetic"] is False
    assert "Open Government Licence – Canada 2.0" in meta["licence"]
    assert "Contains information licensed under the Open Government Licence – Canada" in meta["licence"]
    assert (
        "Contient des informations visées par la Licence du gouvernement ouvert – Canada"
        in meta["licence_fr"]
    )
    assert "open.canada.ca" in meta["source"]
    orgs = list(csv.DictReader(open(out / "organisations.csv", encoding="utf-8")))
    names = {r["department_name_en"].split(" | ")[0].strip() for p in GC_FILES for r in _plain_rows(p)}
    assert {o["name_en"] for o in orgs} == names
    assert all(o["code"] == slug(o["name_en"]) for o in orgs)
    cra = next(o for o in orgs if o["code"] == "canada-revenue-agency")
    assert cra["name_fr"] == "Agence du revenu du Canada"
    ds = load_dataset(out)
    assert ds.report.ok and len(ds.organisations) == 72
    # Missing is not zero: no observation row has a zero denominator.
    obs = list(csv.DictReader(open(out / "observations.csv", encoding="utf-8")))
    assert obs and all(int(o["denominator"]) > 0 for o in obs)
    assert len({(o["period"], o["organisation"], o["target"]) for o in obs}) == len(obs)


def test_real_import_command_prints_french_then_english(tmp_path, capsys):
    code, out, err = _run(
        ["import", "gc-service-inventory", *map(str, GC_FILES), "--out", str(tmp_path / "gc")], capsys
    )
    assert code == 0, err
    assert out.index("Import du Répertoire des services") < out.index("Import of the Government of Canada")
    assert "Total\u00a0: 1\u202f933 lignes lues" in out and "Total: 1,933 rows read" in out
    assert (tmp_path / "gc" / "import_report.json").exists()


# --------------------------------------------------------------------------- small hand-made inventory


def test_small_fixture_import(tmp_path, capsys):
    out = tmp_path / "small"
    result = import_gc_service_inventory([SMALL], out)
    report = result.to_dict()
    assert report["rows_read"] == 9 and report["rows_used"] == 6 and report["rows_unused"] == 3
    assert report["unused_by_reason"] == {"exact_duplicate": 1, "missing_service_id": 1, "unknown_period": 1}
    assert sorted(u["row"] for u in report["unused"]) == [6, 9, 10]  # multi-line record counted once
    assert report["duplicate_keys"] == {
        "2017-2018": {"keys": 1, "rows": 2},
        "2018-2019": {"keys": 1, "rows": 2},
    }
    orgs = {r["code"]: r for r in csv.DictReader(open(out / "organisations.csv", encoding="utf-8"))}
    assert set(orgs) == {"dept-a", "dept-b", "dept-c"}
    assert orgs["dept-a"]["name_fr"] == "Ministère A" and orgs["dept-a"]["name_en"] == "Dept A"
    obs = {
        (o["period"], o["organisation"], o["target"]): (int(o["numerator"]), int(o["denominator"]))
        for o in csv.DictReader(open(out / "observations.csv", encoding="utf-8"))
    }
    assert obs == {
        ("2017-2018", "dept-c", "uptake"): (1, 2),
        ("2017-2018", "dept-c", "feedback"): (1, 2),
        ("2017-2018", "dept-c", "end-to-end"): (1, 2),
        ("2018-2019", "dept-a", "uptake"): (1, 1),
        ("2018-2019", "dept-a", "feedback"): (1, 2),
        ("2018-2019", "dept-a", "end-to-end"): (1, 2),
        ("2018-2019", "dept-b", "uptake"): (0, 1),  # 75 % is not above 75 %
    }
    tallies = report["indicators"]
    assert tallies["uptake"]["2018-2019"]["excluded"] == {
        "sum(online_applications, telephone_applications, in_person_applications, "
        "postal_mail_applications, other_applications) > 0": 1,
        "whole_number(online_applications)": 1,
    }
    unknown = report["unknown_values"]["2018-2019"]
    assert unknown["online_applications"] == {"ND": 1}
    assert unknown["other_applications"] == {"ND": 1, "(blank)": 1}
    assert unknown["e_feedback"] == {"(blank)": 1}
    assert report["department_name_variants"][0]["code"] == "dept-a"
    rows = _indicators(out, capsys)
    a = {(r["period"], r["target"]): r for r in rows}
    assert a[("2018-2019", "feedback")]["organisations_reporting"] == "1"
    assert a[("2018-2019", "uptake")]["numerator"] == "1" and a[("2018-2019", "uptake")]["denominator"] == "2"


@pytest.mark.parametrize(
    ("policy", "uptake_2017", "unused"),
    [("keep", (1, 2), 3), ("first", (1, 1), 4), ("drop", None, 5)],
)
def test_duplicate_policies(tmp_path, policy, uptake_2017, unused):
    result = import_gc_service_inventory([SMALL], tmp_path / policy, duplicates=policy)
    assert result.to_dict()["rows_unused"] == unused
    obs = {(o["period"], o["organisation"], o["target"]): o for o in result.inventory.observations}
    got = obs.get(("2017-2018", "dept-c", "uptake"))
    assert (None if got is None else (got["numerator"], got["denominator"])) == uptake_2017


def test_row_with_more_cells_than_headers_is_reported(tmp_path):
    lines = SMALL.read_text(encoding="utf-8-sig").splitlines()
    header, good = lines[0], "2018-2019,S7,Seven,Dept D,,1,ND,0,0,0,Y,Y,Y,Y,Y,Y"
    path = tmp_path / "extra.csv"
    path.write_text("\n".join([header, good, good.replace("S7", "S8") + ",surplus"]) + "\n", encoding="utf-8")
    if "extra_cells" not in RawTable.__dataclass_fields__:  # older reader: the whole file is refused
        with pytest.raises(InputFileError, match="extra.csv"):
            import_gc_service_inventory([path], tmp_path / "out")
        return
    report = import_gc_service_inventory([path], tmp_path / "out").to_dict()
    assert report["rows_read"] == 2 and report["rows_used"] == 1
    assert report["unused"] == [{"file": "extra.csv", "row": 3, "reason": "extra_cells", "detail": "surplus"}]


def test_every_unused_reason_and_policy_has_both_languages():
    from barometre.i18n import catalogue
    from barometre.importers.gc_service_inventory import ROW_REASONS
    from barometre.importers.services import DUPLICATE_POLICIES

    reasons = [*ROW_REASONS, "exact_duplicate", "duplicate_key_first", "duplicate_key_drop"]
    keys = [f"import.reason.{r}" for r in reasons] + [f"import.policy.{p}" for p in DUPLICATE_POLICIES]
    for key in keys:
        entry = catalogue()[key]
        assert entry["fr"] and entry["en"] and entry["fr"] != entry["en"], key


def test_department_names_and_codes():
    assert split_department("Health Canada | Santé Canada") == ("Health Canada", "Santé Canada")
    assert split_department("Health Canada", "Santé Canada") == ("Health Canada", "Santé Canada")
    assert split_department("  Parks   Canada ", "") == ("Parks Canada", "Parks Canada")
    assert (
        slug("Immigration, Refugees and Citizenship Canada") == "immigration-refugees-and-citizenship-canada"
    )
    assert slug("Défense nationale") == "defense-nationale"


# --------------------------------------------------------------------------- generic rule engine

RULE_STRATEGY = """
id: test-services
title: Test
periods: [2020-2021, 2021-2022]
baseline_period: 2020-2021
deadline_period: 2021-2022
ambitions: [{id: 1, title: A}]
targets:
  - id: big-online
    ambition: 1
    label: L
    target_value: 0.5
    illustrative: true
    service_rule:
      fields: {counts: [web, desk]}
      denominator:
        - whole_number: web
        - sum: counts
          ge: 10
      numerator:
        - ratio: web
          to_sum_of: counts
          ge: 0.5
  - id: flags
    ambition: 1
    label: L
    target_value: null
    service_rule:
      denominator:
        any:
          - in: ["yes"]
            field: a
          - not: {none_in: ["yes"], fields: [b, c]}
      numerator:
        - all_in: ["YES"]
          fields: [a, b]
"""


def _rec(org, sid, period="2020-2021", **values):
    return ServiceRecord("f.csv", 2, period, org, sid, {k: str(v) for k, v in values.items()})


def test_rule_engine_on_hand_made_inventory():
    strategy = parse_strategy(yaml.safe_load(RULE_STRATEGY), "test")
    records = [
        _rec("o1", "1", web=8, desk=2, a="Yes", b="yes", c="no"),  # big-online 1/1; flags den+num
        _rec(
            "o1", "2", web=4, desk="ND", a="no", b="no", c=" YES "
        ),  # sum 4 < 10; flags den via not(none_in)
        _rec("o2", "3", web="NA", desk=50, a="no", b="no", c="no"),  # web unknown; flags out
        _rec("o2", "4", web="1 000", desk="1,000", a="", b="", c=""),  # thousands; ratio 0.5 ≥ 0.5
        _rec("o3", "5", period="2021-2022", web=0, desk=12, a="YES", b="n", c=""),
    ]
    result = observations_from_services(records, strategy)
    obs = {
        (o["period"], o["organisation"], o["target"]): (o["numerator"], o["denominator"])
        for o in result.observations
    }
    assert obs == {
        ("2020-2021", "o1", "big-online"): (1, 1),
        ("2020-2021", "o2", "big-online"): (1, 1),
        ("2020-2021", "o1", "flags"): (1, 2),
        ("2021-2022", "o3", "big-online"): (0, 1),
        ("2021-2022", "o3", "flags"): (0, 1),
    }
    # o2 has no service in the flags denominator: no row at all (missing is not zero).
    assert ("2020-2021", "o2", "flags") not in obs
    tally = result.tallies["big-online"]["2020-2021"]
    assert (tally.rows, tally.denominator, tally.numerator) == (4, 2, 2)
    assert sum(tally.excluded.values()) == 2
    assert result.unknown_values["2020-2021"]["web"] == {"NA": 1}
    assert result.unknown_values["2020-2021"]["a"] == {"NO": 2, "(blank)": 1}


def test_whole_number():
    assert [whole_number(v) for v in ["12", " 7 ", "1 000", "1,234", "0"]] == [12, 7, 1000, 1234, 0]
    assert [whole_number(v) for v in ["ND", "NA", "", None, "12.5", "-3", "1,5", "12,34"]] == [None] * 8


@pytest.mark.parametrize(
    "rule",
    [
        {"numerator": [{"in": ["Y"], "field": "x"}]},  # no denominator
        {"denominator": [{"between": [1, 2], "field": "x"}], "numerator": []},  # unknown operator
        {"denominator": [{"sum": "x", "gt": 0, "lt": 5}], "numerator": []},  # two comparisons
        {"denominator": [{"sum": "x", "gt": "many"}], "numerator": []},  # threshold not a number
        {"denominator": [{"ratio": ["x", "y"], "to_sum_of": "z", "gt": 0}], "numerator": []},
        {"denominator": [{"in": ["Y"]}], "numerator": []},  # no field
        {"denominator": [], "numerator": [], "extra": 1},  # unknown key
        {"denominator": [{"in": [True], "field": "x"}], "numerator": []},  # YAML read yes as a boolean
        "not a mapping",
        {"fields": {"g": []}, "denominator": [], "numerator": []},  # empty field group
        {"denominator": [{"whole_number": 3}], "numerator": []},  # field reference not a name
        {"denominator": [{"in": [], "field": "x"}], "numerator": []},  # no value
        {"denominator": [5], "numerator": []},  # condition not a mapping
        {"denominator": [{"whole_number": "x", "reason": 5}], "numerator": []},  # reason not a text
        {"denominator": [{"whole_number": "x", "sum": "y"}], "numerator": []},  # two operators
        {"denominator": [{}], "numerator": []},  # no operator
        {"denominator": [{"all": []}], "numerator": []},  # all of nothing
        {"denominator": [{"whole_number": "x"}, {"whole_number": "x"}], "numerator": []},  # same twice
    ],
)
def test_bad_rules_are_strategy_errors(rule):
    with pytest.raises(StrategyError, match="service_rule") as err:
        compile_rule("t", rule)
    # One catalogue sentence per language, French first with its no-break space before « : ».
    fr, sep, en = str(err.value).partition(" / ")
    assert fr.startswith("Cible t, service_rule (") and ")\u00a0: " in fr
    assert sep and en.startswith("Target t, service_rule (") and "): " in en


def test_resolve_duplicates_keeps_exact_copies_once():
    a = _rec("o", "1", web=1)
    b = _rec("o", "1", web=1)
    c = _rec("o", " 1 ", web=2)
    kept, dups, unused = resolve_duplicates([a, b, c], "keep")
    assert kept == [a, c] and [u.reason for u in unused] == ["exact_duplicate"]
    assert len(dups) == 1 and not dups[0].identical and len(dups[0].rows) == 3


def test_gc_strategy_is_target_less_with_three_indicators():
    s = load_strategy("gc-services")
    assert s.target_ids == ["uptake", "feedback", "end-to-end"]
    assert s.periods == ("2016-2017", "2017-2018", "2018-2019") and s.open_ended
    assert all(t.target_value is None and t.aggregation == "pooled" and t.service_rule for t in s.targets)
    assert all(t.label.fr != t.label.en and t.effect.fr and t.effect.en for t in s.targets)
    assert {m for c in s.contributions for m in c.targets} == set(s.target_ids)


# --------------------------------------------------------------------------- bad input


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    header = SMALL.read_text(encoding="utf-8-sig").splitlines()[0]
    files = {
        "missing-column": ("\ufeff" + header.replace(",e_feedback", "") + "\n2018-2019,S1\n", "csv"),
        "empty": ("", "csv"),
        "header-only": (header + "\n", "csv"),
        "binary": (None, "csv"),
        "pdf": ("%PDF-1.4\n", "pdf"),
    }
    out = {}
    for name, (text, ext) in files.items():
        p = tmp_path / f"{name}.{ext}"
        if text is None:
            p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x81\x8d\x8f\x90\x9d")
        else:
            p.write_text(text, encoding="utf-8")
        out[name] = p
    return out


@pytest.mark.parametrize("name", ["missing-column", "empty", "header-only", "binary", "pdf", "absent"])
def test_bad_input_exit_2_with_a_clear_message(tmp_path, capsys, name):
    path = _bad_files(tmp_path).get(name, tmp_path / "absent.csv")
    code, out, err = _run(["import", "gc-service-inventory", str(path), "--out", str(tmp_path / "o")], capsys)
    assert code == 2
    assert err.startswith("Erreur / Error:") and " / " in err and "Traceback" not in err
    assert path.name in err or "nothing to import" in err
    if name == "missing-column":
        assert "e_feedback" in err
    assert not (tmp_path / "o").exists()


def test_bad_input_in_a_real_process_has_no_traceback(tmp_path):
    bad = _bad_files(tmp_path)["missing-column"]
    proc = subprocess.run(
        [
            str(Path(sys.executable).parent / "barometre"),
            "import",
            "gc-service-inventory",
            str(bad),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "e_feedback" in proc.stderr


def test_out_must_be_a_folder(tmp_path, capsys):
    target = tmp_path / "file.txt"
    target.write_text("x")
    code, _out, err = _run(["import", "gc-service-inventory", str(SMALL), "--out", str(target)], capsys)
    assert code == 2 and "--out" in err


# --------------------------------------------------------------------------- later fiscal years


def test_a_later_fiscal_year_is_imported_and_counted(tmp_path, capsys):
    """Issue 11: a year after the published ones is used, not dropped as outside the strategy."""
    rows = _plain_rows(LATER)
    assert len(rows) == 30 and {r["fiscal_yr"] for r in rows} == {"2019-2020"}
    assert list(rows[0]) == list(_plain_rows(GC_FILES[2])[0])  # the real file's columns
    out = tmp_path / "gc"
    code, text, err = _run(["import", "gc-service-inventory", str(LATER), "--out", str(out)], capsys)
    assert code == 0, err
    report = json.loads((out / "import_report.json").read_text(encoding="utf-8"))
    assert report["rows_read"] == report["rows_used"] == 30 and report["rows_unused"] == 0
    assert report["periods"] == ["2016-2017", "2017-2018", "2018-2019", "2019-2020"]
    assert report["periods_outside_strategy"] == {}
    exp = _independent(rows)
    for tid, e in exp.items():
        tally = report["indicators"][tid]["2019-2020"]
        assert (tally["numerator"], tally["denominator"]) == (e["num"], e["den"]), tid
        assert tally["organisations_reporting"] == len(e["deps"])
    assert "uptake 2019-2020\u00a0: 17 / 12 / 13\u00a0; 17 ministères" in text
    assert "uptake 2019-2020: 17 / 12 / 13; 17 departments" in text
    ds = load_dataset(out)
    assert ds.periods == ["2019-2020"] and len(ds.observations) == 53 and ds.report.ok
    ind = {r["target"]: r for r in _indicators(out, capsys) if r["period"] == "2019-2020"}
    assert int(ind["uptake"]["numerator"]) == 12 and int(ind["uptake"]["denominator"]) == 17


def test_published_years_and_a_later_one_together(gc_import, tmp_path, capsys):
    out = tmp_path / "gc4"
    result = import_gc_service_inventory([*GC_FILES, LATER], out)
    assert result.strategy.periods[-1] == "2019-2020" and result.to_dict()["rows_unused"] == 0
    before = {r["period"] + r["target"]: r for r in _indicators(gc_import[0], capsys)}
    after = {r["period"] + r["target"]: r for r in _indicators(out, capsys)}
    assert set(after) - set(before) == {"2019-2020uptake", "2019-2020feedback", "2019-2020end-to-end"}
    for key, row in before.items():  # the published years are unchanged
        assert (row["numerator"], row["denominator"]) == (after[key]["numerator"], after[key]["denominator"])
    assert after["2019-2020uptake"]["previous_value"] == after["2018-2019uptake"]["value"]


def test_years_outside_the_strategy_are_reported_with_counts(tmp_path, capsys):
    text = LATER.read_text(encoding="utf-8-sig")
    early = tmp_path / "2015-2016_services.csv"
    early.write_text("\ufeff" + text.replace("\n2019-2020,", "\n2015-2016,", 12), encoding="utf-8")
    out = tmp_path / "gc"
    code, stdout, err = _run(["import", "gc-service-inventory", str(early), "--out", str(out)], capsys)
    assert code == 0, err
    report = json.loads((out / "import_report.json").read_text(encoding="utf-8"))
    assert report["periods_outside_strategy"] == {"2015-2016": 12}
    assert report["unused_by_reason"] == {"unknown_period": 12} and report["rows_used"] == 18
    assert (
        "exercice «\u00a02015-2016\u00a0» hors de la stratégie gc-services ou mal écrit\u00a0: 12 lignes"
        in stdout
    )
    assert "fiscal year '2015-2016' outside strategy gc-services or malformed: 12 rows" in stdout


def test_an_import_with_no_usable_row_is_an_error_exit_1(tmp_path, capsys):
    """Every row outside the strategy: no dataset is written, the message says why and which file."""
    text = LATER.read_text(encoding="utf-8-sig")
    early = tmp_path / "2015-2016_services.csv"
    early.write_text("\ufeff" + text.replace("\n2019-2020,", "\n2015-2016,"), encoding="utf-8")
    out = tmp_path / "gc"
    code, stdout, err = _run(["import", "gc-service-inventory", str(early), "--out", str(out)], capsys)
    assert code == 1 and not out.exists() and "Traceback" not in err
    assert "2015-2016_services.csv" in err and "30 lignes lues" in err and "30 rows read" in err
    assert "2015-2016 (30)" in err and "Aucun jeu de données n'est écrit" in err


def test_a_file_with_no_usable_row_beside_good_ones_is_an_error(tmp_path, capsys):
    """A file of which no row is used, beside a good one: the import exited 0 and only the counts said so.
    The dataset is still written from the good file, the summary names the file, and the exit code is 1."""
    text = LATER.read_text(encoding="utf-8-sig")
    early = tmp_path / "2015-2016_services.csv"
    early.write_text("\ufeff" + text.replace("\n2019-2020,", "\n2015-2016,"), encoding="utf-8")
    out = tmp_path / "gc"
    code, stdout, err = _run(
        ["import", "gc-service-inventory", str(LATER), str(early), "--out", str(out)], capsys
    )
    assert code == 1 and "Traceback" not in err
    assert load_dataset(out).observations["period"].unique().tolist() == ["2019-2020"]
    assert (
        "⚠ 2015-2016_services.csv\u00a0: aucune ligne utilisable\u00a0; le jeu de données est écrit sans"
        in stdout
    )
    assert "⚠ 2015-2016_services.csv: no usable row; the dataset is written without this file" in stdout
    assert "⚠ gc_2019-2020" not in stdout


def test_rows_that_no_rule_can_use_give_no_dataset(tmp_path, capsys):
    rows = _plain_rows(LATER)
    for r in rows:
        r.update({c: "ND" for c in CHANNELS})
        r.update({c: "NA" for c in STEPS})
    bad = tmp_path / "nd.csv"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    code, _out, err = _run(["import", "gc-service-inventory", str(bad), "--out", str(tmp_path / "o")], capsys)
    assert code == 1 and not (tmp_path / "o").exists()
    assert "nd.csv" in err and "30 service rows read but left out of every indicator's denominator" in err


def _later_variant(tmp_path: Path, name: str, edit) -> Path:
    """LATER with ``edit(rows, columns)`` applied, written as a new CSV named ``name``."""
    rows = _plain_rows(LATER)
    columns = list(rows[0])
    rows, columns = edit(rows, columns)
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


def test_a_workbook_copy_of_the_inventory_gives_the_figures_of_the_csv(tmp_path, capsys):
    """An .xlsx copy with the same strings: « NA » (step not applicable) was read as an empty cell, so
    end-to-end services and whole departments dropped out, with exit 0 and « every row used »."""
    import openpyxl

    rows = _plain_rows(LATER)
    assert any(r[c] == "NA" for r in rows for c in STEPS)
    book = openpyxl.Workbook()
    book.active.append(list(rows[0]))
    for r in rows:
        book.active.append(list(r.values()))
    xlsx = tmp_path / "2019-2020_services.xlsx"
    book.save(xlsx)
    reports = []
    for path in (LATER, xlsx):
        out = tmp_path / path.suffix[1:]
        code, _text, err = _run(["import", "gc-service-inventory", str(path), "--out", str(out)], capsys)
        assert code == 0, err
        reports.append(json.loads((out / "import_report.json").read_text(encoding="utf-8")))
        assert (out / "observations.csv").read_text(encoding="utf-8").count("\n") == 54
    assert reports[0]["indicators"] == reports[1]["indicators"]
    assert reports[0]["unknown_values"] == reports[1]["unknown_values"]


def test_columns_no_rule_reads_are_named_and_a_new_channel_is_said_not_counted(gc_import, tmp_path, capsys):
    """A release with added columns gave the same output as the unchanged file, exit 0, in silence: the
    new application channels were left out of the uptake indicator and nobody was told."""

    def added(rows, columns):
        extra = {"org_id": "42", "num_applications_by_email": "900", "num_applications_by_fax": "7"}
        rows = [{**r, **extra, "e_feedbak": "Y"} for r in rows]
        return rows, ["fiscal_yr", "org_id", *columns[1:], *list(extra)[1:], "e_feedbak"]

    path = _later_variant(tmp_path, "2019-2020_services.csv", added)
    outs = {}
    for name, source in (("plain", LATER), ("added", path)):
        code, outs[name], err = _run(
            ["import", "gc-service-inventory", str(source), "--out", str(tmp_path / name)], capsys
        )
        assert code == 0, err  # a warning: the rows are still used
    plain, report = (
        json.loads((tmp_path / n / "import_report.json").read_text(encoding="utf-8"))
        for n in ("plain", "added")
    )
    assert report["indicators"] == plain["indicators"] and report["rows_used"] == 30
    assert plain["unread_columns"] == [] and gc_import[1].unread == []  # the published layout: nothing said
    assert [(u["column"], u["resembles"], u["channel"]) for u in report["unread_columns"]] == [
        ("org_id", "", False),
        ("num_applications_by_email", "", True),
        ("num_applications_by_fax", "", True),
        ("e_feedbak", "e_feedback", False),
    ]
    text = outs["added"]
    fr, en = text.split("\n\nImport of the")
    for column in ("org_id", "num_applications_by_email", "num_applications_by_fax"):
        assert f"colonne «\u00a0{column}\u00a0»\u00a0: aucune règle ne lit cette colonne" in fr
        assert f"column '{column}': no rule reads this column" in en
    assert "Vouliez-vous écrire «\u00a0e_feedback\u00a0»\u00a0?" in fr and "Did you mean 'e_feedback'?" in en
    fax_fr = next(line for line in fr.splitlines() if "num_applications_by_fax" in line)
    fax_en = next(line for line in en.splitlines() if "num_applications_by_fax" in line)
    assert "ne sont pas comptées dans l'indicateur uptake" in fax_fr and "online_applications" in fax_fr
    assert "not counted in the uptake indicator" in fax_en and "«" not in en
    org = next(line for line in fr.splitlines() if "org_id" in line)
    assert "uptake" not in org


YES = ["Yes", "oui", "TRUE", "Vrai", "y"]
NO = ["No", "NON", "false", "Faux", "n"]


def _respelled(rows, columns):
    """Y/N written as a new release might write them, NA as « N/A »."""
    spell = {"Y": YES, "N": NO, "NA": ["N/A", "n/a"]}
    out = []
    for i, r in enumerate(rows):
        r = dict(r)
        for c in STEPS:
            if r[c] in spell:
                r[c] = spell[r[c]][i % len(spell[r[c]])]
        out.append(r)
    return out, columns


def test_yes_no_oui_non_true_false_vrai_faux_are_read_y_n(tmp_path, capsys):
    """« Yes/No » in the Y/N fields made two of three indicators vanish (« 0 / 0 / 30 ; 0 ministère »), exit 0."""
    path = _later_variant(tmp_path, "2019-2020_services.csv", _respelled)
    assert {r["e_feedback"] for r in _plain_rows(path)} >= {"Yes", "No", "oui", "NON"}
    reports = []
    for name, source in (("plain", LATER), ("spelled", path)):
        code, _text, err = _run(
            ["import", "gc-service-inventory", str(source), "--out", str(tmp_path / name)], capsys
        )
        assert code == 0, err
        reports.append(json.loads((tmp_path / name / "import_report.json").read_text(encoding="utf-8")))
    assert reports[1]["indicators"] == reports[0]["indicators"]
    assert reports[1]["indicators"]["feedback"]["2019-2020"]["denominator"] > 0
    assert (
        reports[1]["unknown_values"] == reports[0]["unknown_values"]
        and reports[1]["fields_without_value"] == []
    )


def test_a_value_neither_yes_nor_no_is_not_usable_and_said_with_its_line(tmp_path, capsys):
    def maybe(rows, columns):
        rows[2]["e_feedback"] = "Peut-être"
        return rows, columns

    path = _later_variant(tmp_path, "2019-2020_services.csv", maybe)
    code, text, err = _run(
        ["import", "gc-service-inventory", str(path), "--out", str(tmp_path / "o")], capsys
    )
    assert code == 0, err  # one value out of 30: the others are used
    assert "2019-2020 e_feedback\u00a0: PEUT-ÊTRE 1 (lignes 2019-2020_services.csv:4)" in text
    assert "2019-2020 e_feedback: PEUT-ÊTRE 1 (rows 2019-2020_services.csv:4)" in text
    report = json.loads((tmp_path / "o" / "import_report.json").read_text(encoding="utf-8"))
    assert report["unknown_value_rows"]["2019-2020"]["e_feedback"] == {
        "PEUT-ÊTRE": ["2019-2020_services.csv:4"]
    }
    exp = _independent(_plain_rows(path))
    assert report["indicators"]["feedback"]["2019-2020"]["denominator"] == exp["feedback"]["den"]


@pytest.mark.parametrize(
    ("field", "value", "targets"),
    [
        ("e_feedback", "Maybe", ["feedback", "end-to-end"]),
        ("e_registration", "?", ["end-to-end"]),
        ("online_applications", "n.d.", ["uptake"]),
    ],
)
def test_a_field_with_no_usable_value_in_a_file_is_an_error_naming_field_and_file(
    gc_import, tmp_path, capsys, field, value, targets
):
    """An indicator whose field a file never fills usably gave « 0 / 0 » for that file, exit 0."""

    def spoilt(rows, columns):
        return [{**r, field: value} for r in rows], columns

    path = _later_variant(tmp_path, "2019-2020_services.csv", spoilt)
    out = tmp_path / "o"
    code, text, err = _run(
        ["import", "gc-service-inventory", str(LATER), str(path), "--out", str(out)], capsys
    )
    assert code == 1 and "Traceback" not in err
    report = json.loads((out / "import_report.json").read_text(encoding="utf-8"))
    assert report["fields_without_value"] == [
        {"file": path.name, "field": field, "targets": targets, "values": {value: 30}}
    ]
    assert (
        f"⚠ {path.name}\u00a0: aucune valeur utilisable dans le champ {field} (trouvé\u00a0: {value} (30))"
        in text
    )
    assert f"⚠ {path.name}: no usable value in field {field} (found: {value} (30))" in text
    assert ", ".join(targets) + (" count no service" if len(targets) > 1 else " counts no service") in text
    assert "⚠ gc_2019-2020" not in text  # the good file is not named
    assert (
        gc_import[1].empty_fields == []
    )  # the published files: telephone_applications is all ND, not needed


def _renamed(renames: dict[str, str | None]):
    """An edit for :func:`_later_variant`: the year 2020-2021, columns renamed (None: dropped)."""

    def edit(rows, columns):
        rows = [{renames.get(k) or k: v for k, v in {**r, "fiscal_yr": "2020-2021"}.items()} for r in rows]
        return rows, [renames.get(c, c) for c in columns if renames.get(c, c)]

    return edit


@pytest.mark.parametrize(
    ("renames", "said_fr", "said_en"),
    [
        (
            {"department_name_en": "department_en", "department_name_fr": "department_fr"},
            "colonne obligatoire absente\u00a0: department_name_en (la colonne trouvée «\u00a0department_en\u00a0» "
            "lui ressemble).",
            "required column missing: department_name_en (found column 'department_en' resembles it).",
        ),
        (
            {"e_registration": "os_account_registration", "e_feedback": "os_issue_resolution_feedback"},
            "colonnes obligatoires absentes\u00a0: e_feedback (la colonne trouvée "
            "«\u00a0os_issue_resolution_feedback\u00a0» lui ressemble), e_registration (la colonne trouvée "
            "«\u00a0os_account_registration\u00a0» lui ressemble).",
            "required columns missing: e_feedback (found column 'os_issue_resolution_feedback' resembles it), "
            "e_registration (found column 'os_account_registration' resembles it).",
        ),
        (
            {
                "online_applications": "num_applications_online",
                "telephone_applications": "num_applications_by_phone",
            },
            "online_applications (la colonne trouvée «\u00a0num_applications_online\u00a0» lui ressemble), "
            "telephone_applications (la colonne trouvée «\u00a0num_applications_by_phone\u00a0» lui ressemble)",
            "online_applications (found column 'num_applications_online' resembles it), "
            "telephone_applications (found column 'num_applications_by_phone' resembles it)",
        ),
        (
            {"e_feedback": None},
            "colonne obligatoire absente\u00a0: e_feedback.",
            "required column missing: e_feedback.",
        ),
    ],
)
def test_a_file_missing_a_few_columns_is_left_out_the_others_imported(
    tmp_path, capsys, renames, said_fr, said_en
):
    """A release with one column renamed or dropped stopped every file with exit 2 and « Ce fichier ne ressemble
    pas au Répertoire des services », its found columns cut with « … » before the renamed ones. It is left out
    with the columns named and the found columns that resemble them, as the README says: exit 1."""
    path = _later_variant(tmp_path, "2020-2021_services.csv", _renamed(renames))
    out = tmp_path / "o"
    code, text, err = _run(
        ["import", "gc-service-inventory", str(LATER), str(path), "--out", str(out)], capsys
    )
    assert code == 1 and "Traceback" not in err, err
    assert load_dataset(out).observations["period"].unique().tolist() == ["2019-2020"]
    fr, en = text.split("\n\nImport of the")
    assert f"⚠ {path.name}\u00a0: " in fr and said_fr in fr and "est laissé de côté" in fr
    assert f"⚠ {path.name}: " in en and said_en in en and "is left out" in en
    assert "ne ressemble pas" not in text and "does not look like" not in text
    report = json.loads((out / "import_report.json").read_text(encoding="utf-8"))
    assert [m["file"] for m in report["files_missing_columns"]] == [path.name]
    assert report["rows_read"] == 60 and report["rows_used"] == 30
    assert report["unused_by_reason"] == {"missing_columns": 30}
    # Alone, it leaves nothing to import: exit 2, the same columns named, no dataset.
    code, _text, err = _run(
        ["import", "gc-service-inventory", str(path), "--out", str(tmp_path / "a")], capsys
    )
    assert code == 2 and said_fr in err and said_en in err and "ne ressemble pas" not in err
    assert not (tmp_path / "a").exists()


def test_a_file_that_is_something_else_still_does_not_look_like_the_inventory(tmp_path, capsys):
    other = ROOT / "data" / "demo" / "observations.csv"
    code, _text, err = _run(
        ["import", "gc-service-inventory", str(LATER), str(other), "--out", str(tmp_path / "o")], capsys
    )
    assert code == 2 and "Ce fichier ne ressemble pas au Répertoire des services" in err
    assert not (tmp_path / "o").exists()


def test_a_fiscal_year_written_short_is_the_same_year(tmp_path, capsys):
    """« 2019-20 » in ``fiscal_yr`` (as ingest accepts it): all 30 rows used, not « outside the strategy »."""

    def short(rows, columns):
        return [{**r, "fiscal_yr": "2019-20"} for r in rows], columns

    path = _later_variant(tmp_path, "2019-20_services.csv", short)
    code, _text, err = _run(
        ["import", "gc-service-inventory", str(path), "--out", str(tmp_path / "gc")], capsys
    )
    assert code == 0, err
    report = json.loads((tmp_path / "gc" / "import_report.json").read_text(encoding="utf-8"))
    assert report["rows_used"] == 30 and report["periods_outside_strategy"] == {}
    assert report["periods"][-1] == "2019-2020"


def test_a_year_without_french_names_keeps_those_of_an_earlier_year(tmp_path, capsys):
    """Next year's file without ``department_name_fr``: the French names of 2018-2019 stay French."""

    def no_french(rows, columns):
        return [{**r, "fiscal_yr": "2020-2021"} for r in rows], [
            c for c in columns if c != "department_name_fr"
        ]

    later = _later_variant(tmp_path, "2020-2021_services.csv", no_french)
    out = tmp_path / "gc"
    for files in ([LATER, later], [later, LATER]):  # whatever the order of the files
        code, _text, err = _run(
            ["import", "gc-service-inventory", *map(str, files), "--out", str(out)], capsys
        )
        assert code == 0, err
        orgs = {
            r["name_en"]: r["name_fr"]
            for r in csv.DictReader(open(out / "organisations.csv", encoding="utf-8"))
        }
        assert orgs["Agriculture and Agri-Food Canada"] == "Agriculture et Agroalimentaire Canada"
        assert sum(fr != en for en, fr in orgs.items()) >= 20, orgs
    # Alone, the year without French names has only the English ones to give.
    code, _text, err = _run(
        ["import", "gc-service-inventory", str(later), "--out", str(tmp_path / "alone")], capsys
    )
    assert code == 0, err
    orgs = list(csv.DictReader(open(tmp_path / "alone" / "organisations.csv", encoding="utf-8")))
    assert all(r["name_fr"] == r["name_en"] for r in orgs)


def test_collection_workbooks_for_a_year_after_the_imported_ones(tmp_path, capsys):
    """The GC strategy is open-ended: ``template`` for the year after the data writes the workbooks
    (it stopped on « '2020-2021' is not in list », a traceback, when the Plan sheet listed the periods)."""
    from openpyxl import load_workbook

    data = tmp_path / "gc"
    code, _text, err = _run(["import", "gc-service-inventory", str(LATER), "--out", str(data)], capsys)
    assert code == 0, err
    out = tmp_path / "collecte"
    code, text, err = _run(
        ["template", "--period", "2020-2021", "--data", str(data), "--out", str(out)], capsys
    )
    assert code == 0 and "Traceback" not in err, err
    books = sorted(out.glob("*.xlsx"))
    n_orgs = len(list(csv.DictReader(open(data / "organisations.csv", encoding="utf-8"))))
    assert len(books) == n_orgs == 21, text
    wb = load_workbook(books[0])
    heads = [c.value for c in wb["Plan"][6] if c.value]
    assert any("2020-2021" in h for h in heads) and not any("2019-2020" in h for h in heads), heads


def test_real_summary_writes_counts_as_each_language_does(gc_import):
    """Counts in the summary are numbers of the language (« ND 1 250 », "ND 1,250"), lists use « ; »."""
    _out, result = gc_import
    fr, en = result.summary("fr"), result.summary("en")
    assert "2018-2019 telephone_applications\u00a0: ND 1\u202f250" in fr
    assert "2018-2019 telephone_applications: ND 1,250" in en
    assert "2016-2017_services.csv:66)\u00a0; Immigration" in fr
    assert "2016-2017_services.csv:66); Immigration" in en


def test_indicators_json_says_null_where_the_csv_is_empty(gc_import, capsys):
    """``indicators --format json`` gave ``"status": ""`` beside ``"progress": null`` for the same
    « not applicable »: every empty cell of the CSV is null in the JSON, and the uncounted periods
    say « insufficient_data » in both, as the pages do."""
    out, _result = gc_import
    code, text, _err = _run(
        ["indicators", "--data", str(out), "--format", "json", "--bootstrap", "0"], capsys
    )
    assert code == 0
    rows = json.loads(text)
    csv_rows = {(r["period"], r["target"]): r for r in _indicators(out, capsys)}
    assert len(rows) == len(csv_rows) == 9
    for row in rows:
        cells = csv_rows[(row["period"], row["target"])]
        assert "" not in row.values(), row
        for name, value in row.items():
            assert (value is None) == (cells[name] == ""), (name, row)
        expected = "insufficient_data" if row["period"] != "2018-2019" else None
        assert row["status"] == expected, row


def test_what_each_figure_leaves_out_is_written_in_the_dataset(gc_import, capsys):
    """The uptake of 2018-2019 counted 430 services of 1 250 and no file of the dataset said so: the import
    report alone held the 820 left out (641 with online applications unknown, 179 with none known), and
    telephone applications, « ND » in every row, counted as 0 in every counted service's total.
    ``exclusions.csv`` now holds them per period and target, and they reconcile with the observations:
    counted (the sum of the denominators) + left out = the rows of the year."""
    out, _result = gc_import
    ds = load_dataset(out)
    assert ds.report.ok and (out / "exclusions.csv").name in ds.file_hashes
    ex = ds.exclusions
    rows = {"2016-2017": 347, "2017-2018": 336, "2018-2019": 1250}
    got = {(r["period"], r["target"]): r for r in _indicators(out, capsys)}
    for (period, target), row in got.items():
        left = ex[(ex["period"] == period) & (ex["target"] == target) & (ex["kind"] == "left_out")]
        assert float(row["denominator"]) + left["count"].sum() == rows[period], (period, target)
    uptake = ex[(ex["period"] == "2018-2019") & (ex["target"] == "uptake")]
    # a row a department (exclusions.csv's organisation column): added up by reason
    assert uptake["organisation"].ne("").all() and set(uptake["organisation"]) <= set(
        ds.organisations["code"]
    )
    uptake = uptake.groupby(["kind", "reason_fr", "reason_en"], as_index=False)["count"].sum()
    left = uptake[uptake["kind"] == "left_out"].set_index("reason_en")["count"].to_dict()
    assert left == {"online applications unknown (ND, NA or blank)": 641,
                    "no known application (sum of known channels is zero)": 179}  # fmt: skip
    zero = uptake[uptake["kind"] == "counted_as_zero"].set_index("reason_fr")["count"].to_dict()
    # in words, not the field's name (« telephone_applications inconnu » on a French page)
    assert (
        zero["demandes par téléphone inconnues (ND, NA ou vide), prises pour 0"] == 430
    )  # every one counted
    for period in rows:  # never known: every counted service of every year has it as 0
        phone = ex[
            (ex["period"] == period) & ex["reason_en"].str.startswith("telephone applications unknown")
        ]
        assert phone["count"].sum() == int(float(got[(period, "uptake")]["denominator"]))
    assert set(ex.loc[ex["target"] != "uptake", "kind"]) == {"left_out"}  # no count field: nothing as 0
    code, _text, _err = _run(["validate", str(out)], capsys)
    assert code == 0


def test_a_damaged_exclusions_row_is_named_not_dropped(gc_import, tmp_path, capsys):
    """A hand-edited exclusions.csv: an unknown target and a count that is not a number reject the row,
    each named with its file, row and column (exit 1), the other rows kept; so does a reason without its
    English (the English pages gave the French one)."""
    import csv
    import io
    import shutil

    out, _result = gc_import
    copy = tmp_path / "gc"
    shutil.copytree(out, copy)
    path = copy / "exclusions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",uptake,", ",uptak,", 1).replace(",left_out,5,", ",left_out,5x,", 1)
    # a reason left without its English: the English pages read the French one
    third = next(csv.reader([lines[2]]))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(
        [*third[:5], "", *third[6:]]
    )  # reason_en, then organisation
    lines[2] = buffer.getvalue()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, text, _err = _run(["validate", str(copy), "--format", "json"], capsys)
    assert code == 1
    errors = json.loads(text)["errors"]
    assert {(e["file"].rsplit("/", 1)[-1], e["row"], e["column"]) for e in errors} == {
        ("exclusions.csv", 2, "target"),
        ("exclusions.csv", 2, "count"),
        ("exclusions.csv", 3, "reason_en"),
    }
    assert len(load_dataset(copy).exclusions) == len(lines) - 3  # the header and the two damaged rows
