"""Next year's file: a period the strategy does not know rejects hundreds of rows for one reason.

``validate`` says it once, with the rows as ranges (it printed 442 lines for one cause); ``render``
names the cause on stderr; ``indicators --period`` and ``publish --periods`` for that period say its rows
were rejected and why (« absente des données » was wrong: they are there); the JSON still lists every row;
``template`` and ``ingest`` for next year say how to follow it, as ``validate`` does.
"""

import json
import shutil
from pathlib import Path

import pytest
from barometre.cli import main
from barometre.issue_groups import group_issues
from barometre.row_words import rows_text
from barometre.validation import make_issue
from conftest import DEMO, ROOT, plain, rewrite_csv, with_next_year

NEXT = "2023-2024"


@pytest.fixture(scope="module")
def next_year(tmp_path_factory) -> tuple[Path, int, int]:
    """The demo with its last year copied as 2023-2024 (after the strategy), and one bad numerator.

    Returns the folder, the first row of the new year and how many rows it has.
    """
    data = tmp_path_factory.mktemp("next-year") / "demo"
    shutil.copytree(DEMO, data)
    sizes = {}

    def add_next_year(rows: list[dict]) -> list[dict]:
        new = [{**r, "period": NEXT} for r in rows if r["period"] == "2022-2023"]
        rows[3]["numerator"] = "beaucoup"
        sizes.update(first=len(rows) + 2, n=len(new))
        return rows + new

    rewrite_csv(data / "observations.csv", add_next_year)
    return data, sizes["first"], sizes["n"]


def test_validate_tells_one_cause_once_with_its_rows(next_year, capsys):
    data, first, n = next_year
    assert main(["validate", str(data)]) == 1
    lines = plain(capsys.readouterr().out).splitlines()
    last = first + n - 1
    period = [line for line in lines if NEXT in line]
    assert period == [
        line
        for line in lines
        if line.startswith(
            f"observations.csv, lignes {first} à {last} ({n} lignes), colonne period : Période « {NEXT} »"
        )
        or line.startswith(
            f"    observations.csv, rows {first}–{last} ({n} rows), column period: Period '{NEXT}'"
        )
    ]
    assert len(period) == 2  # French, then English
    assert any(
        line.startswith("observations.csv, ligne 5, colonne numerator : « beaucoup »") for line in lines
    )
    assert len(lines) == 2 * 2 + 1  # two causes in two languages, and the counts


def test_validate_json_still_lists_every_row(next_year, capsys):
    data, first, n = next_year
    assert main(["validate", str(data), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    rows = [e["row"] for e in report["errors"] if e["column"] == "period"]
    assert rows == list(range(first, first + n))
    assert report["rows_rejected"] == n + 1 and report["rows_read"] == report["rows_accepted"] + n + 1


def test_indicators_for_next_year_say_its_rows_were_rejected_and_why(next_year, capsys):
    data, first, n = next_year
    assert main(["indicators", "--data", str(data)]) == 0  # the latest accepted period, and a warning
    err = plain(capsys.readouterr().err).splitlines()
    assert err[0].startswith(f"Attention : {n + 1} lignes rejetées")
    assert err[1].startswith(
        f"  observations.csv, lignes {first} à {first + n - 1} ({n} lignes), colonne period"
    )
    assert err[2].startswith("  observations.csv, ligne 5, colonne numerator")  # the commonest cause first
    assert main(["indicators", "--data", str(data), "--period", NEXT]) == 2
    err = plain(capsys.readouterr().err)
    assert (
        f"Période « {NEXT} » : ses {n} lignes ont été rejetées. Période « {NEXT} » postérieure à la stratégie"
        in err
    )
    assert f"Period '{NEXT}': its {n} rows were rejected. Period '{NEXT}' comes after the strategy" in err
    assert "absente des données" not in err
    assert main(["indicators", "--data", str(data), "--period", "2030-2031"]) == 2
    assert "absente des données" in capsys.readouterr().err  # a period with no row at all


def test_the_ministers_pack_says_rows_were_left_out(next_year, tmp_path, capsys):
    """``brief`` made the pack without next year's 221 rows and said nothing; it warns as render does.

    Without ``--period`` it now stops (next year's rows all rejected, test_newer_rejected.py): named, 2022-2023
    is made knowingly, with the warning.
    """
    data, first, n = next_year
    out = tmp_path / "pack"
    args = ["brief", "--data", str(data), "--out", str(out), "--lang", "fr", "--no-organisations"]
    assert main(args) == 1 and not (out / "2022-2023").exists()
    capsys.readouterr()
    assert main([*args, "--period", "2022-2023"]) == 0
    err = plain(capsys.readouterr().err)
    assert (
        f"Attention : {n + 1} lignes rejetées" in err
        and f"lignes {first} à {first + n - 1} ({n} lignes)" in err
    )
    assert (out / "2022-2023" / "fr" / "brief.pdf").is_file()


def test_publish_for_next_year_says_why_and_records_the_rows_read(next_year, tmp_path, caplog):
    data, _first, n = next_year
    out = tmp_path / "reports"
    assert main(["publish", "--data", str(data), "--out", str(out), "--periods", NEXT, "--lang", "fr"]) == 2
    assert f"ses {n} lignes ont été rejetées" in plain(caplog.text)
    (record,) = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "runs").glob("*.json")]
    assert record["exit_code"] == 2 and record["rows"]["rejected"] == n + 1
    assert f"its {n} rows were rejected" in record["errors"][0]


def test_rows_as_ranges_in_each_language():
    assert rows_text([5]) == "ligne 5"
    assert rows_text([5, 6], "en") == "rows 5 and 6 (2 rows)"
    assert rows_text([12, 3, 8, 7, 9]) == "lignes 3, 7 à 9 et 12 (5 lignes)"
    assert rows_text([12, 3, 8, 7, 9], "en") == "rows 3, 7–9 and 12 (5 rows)"
    many = list(range(2, 40, 2))  # 19 rows, none next to another: six shown, thirteen counted
    assert rows_text(many) == "lignes 2, 4, 6, 8, 10, 12 et 13 autres (19 lignes)"
    assert rows_text(list(range(2, 2002)), "en") == "rows 2–2001 (2,000 rows)"
    assert plain(rows_text(list(range(2, 2002)), "fr")) == "lignes 2 à 2001 (2 000 lignes)"


def test_groups_keep_different_messages_apart_in_the_order_met():
    issues = [
        make_issue("o.csv", 4, "numerator", "x", "not_numeric", column_label="numerator"),
        make_issue("o.csv", 2, "period", "2031-2032", "unknown_period", valid="2019-2020"),
        make_issue("o.csv", 3, "period", "2031-2032", "unknown_period", valid="2019-2020"),
        make_issue("o.csv", 5, "period", "2040-2041", "unknown_period", valid="2019-2020"),
    ]
    groups = group_issues(issues)
    assert [(g.first.row, g.rows, g.count) for g in groups] == [(4, [4], 1), (2, [2, 3], 2), (5, [5], 1)]
    assert plain(groups[1].describe()).startswith(
        "o.csv, lignes 2 et 3 (2 lignes), colonne period : Période « 2031-2032 »"
    )
    assert groups[0].describe() == issues[0].describe()


@pytest.mark.parametrize("command", ["template", "ingest"])
def test_collecting_next_year_says_how_to_follow_it(command, next_year, tmp_path, capsys):
    """The collection loop gave « Période inconnue » for next year's period; validate's advice instead."""
    args = ["--period", NEXT, "--data", str(next_year[0])]  # a copy: ingest refuses to write into the demo
    args = [*args, "--out", str(tmp_path)] if command == "template" else [str(tmp_path / "x.xlsx"), *args]
    assert main([command, *args]) == 2
    err = plain(capsys.readouterr().err)
    assert f"Période « {NEXT} » postérieure à la stratégie, dont la dernière période est 2022-2023" in err
    assert "add it to the 'periods' list of a copy of the strategy file" in err
    assert not list(tmp_path.iterdir())


def test_following_the_advice_takes_next_year_in(next_year, tmp_path, capsys):
    """What the message says to do (a copy of the strategy with the period added, named in dataset.yaml)
    is enough: next year's rows are accepted and its figures computed."""
    import yaml

    data = tmp_path / "demo"
    shutil.copytree(next_year[0], data)
    bundled = ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml"
    strategy = yaml.safe_load(bundled.read_text(encoding="utf-8"))
    strategy["periods"].append(NEXT)
    (data / "strategie.yaml").write_text(yaml.safe_dump(strategy, allow_unicode=True), encoding="utf-8")
    meta = yaml.safe_load((data / "dataset.yaml").read_text(encoding="utf-8"))
    (data / "dataset.yaml").write_text(
        yaml.safe_dump({**meta, "strategy": "strategie.yaml"}), encoding="utf-8"
    )
    assert main(["indicators", "--data", str(data), "--period", NEXT, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 10 and {r["period"] for r in rows} == {NEXT}
    assert all(r["value"] is not None for r in rows)
    # After the deadline, the report's tables give no « projected value at the deadline »: it read 69,7 %
    # beside the 74,9 % measured at that deadline (``indicators`` keeps the formula's value).
    from barometre import sections as s
    from barometre.charts import trend_table

    ctx = s.context(data, NEXT, "fr")
    assert any(r["projected_value"] is not None for r in rows)
    assert set(s.targets_table(ctx)["Projection à l'échéance"]) == {"—"}
    table = trend_table(ctx.results, "1.1", "fr", formatted=True)
    projected = dict(zip(table["Période"], table["Valeur projetée à l'échéance"], strict=True))
    assert projected[NEXT] == "—" and projected["2021-2022"].endswith("%"), projected
    # at the deadline itself too: the value is measured there (56,8 % projected beside 58,3 % measured)
    assert projected["2022-2023"] == "—", projected
    assert set(s.targets_table(s.context(data, "2022-2023", "fr"))["Projection à l'échéance"]) == {"—"}


def test_rows_whose_key_is_refused_are_not_called_duplicates_and_repeats_name_their_rows(tmp_path, capsys):
    """Five rows of one organisation whose targets Excel turned into one date were told, each, « Doublon …
    figure aussi à la ligne 42, 43, 44, 45 ; gardez une seule ligne »: advice to delete four different
    figures, in French that does not agree. A row refused for its key has no key to repeat; a row repeated
    on several others names them as rows (« aux lignes 3 à 5 »)."""
    data = tmp_path / "demo"
    shutil.copytree(DEMO, data)
    end = []

    def damage(rows: list[dict]) -> list[dict]:
        for r in rows[39:44]:  # spreadsheet rows 41 to 45: one organisation, one period, five targets
            r["target"] = "2023-01-01"
        end.append(len(rows) + 4)  # the last of three more copies of row 2
        return rows + [dict(rows[0]) | {"note": f"copie {i}"} for i in range(3)]  # not identical: all refused

    rewrite_csv(data / "observations.csv", damage)
    assert main(["validate", str(data), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    by_rule = {}
    for e in report["errors"]:
        by_rule.setdefault(e["rule"], []).append(e)
    assert [e["row"] for e in by_rule["unknown_target"]] == [41, 42, 43, 44, 45]
    last = end[0]
    assert [e["row"] for e in by_rule["duplicate_key"]] == [2, last - 2, last - 1, last]
    first = next(e for e in by_rule["duplicate_key"] if e["row"] == 2)
    assert plain(first["message"]).endswith(
        f"figure aussi aux lignes {last - 2} à {last} ; gardez une seule ligne."
    )
    assert first["message_en"].endswith(f"also appears on rows {last - 2}–{last}; keep a single row.")
    final = next(e for e in by_rule["duplicate_key"] if e["row"] == last)
    assert plain(final["message"]).endswith(
        f"aux lignes 2, {last - 2} et {last - 1} ; gardez une seule ligne."
    )
    assert report["rows_rejected"] == 5 + 4


def test_a_year_written_alone_is_named_when_its_period_is_asked_for(tmp_path, capsys):
    """Next year's rows written « 2023 » (which fiscal year?) are all rejected; ``indicators --period
    2023-2024`` said only « absente des données » though the file holds them: it now counts them, with why."""
    data = tmp_path / "demo"
    shutil.copytree(DEMO, data)
    with_next_year(data, NEXT)
    added = {}

    def year_alone(rows):
        new = [{**r, "period": "2023"} for r in rows if r["period"] == "2022-2023"]
        added["n"] = len(new)  # and three rows written « 2024 »: not counted as « 2023 » (one spelling named)
        return rows + [{**r, "period": "2024"} for r in rows[:3]] + new

    rewrite_csv(data / "observations.csv", year_alone)
    assert main(["indicators", "--data", str(data), "--period", NEXT]) == 2
    err = plain(capsys.readouterr().err)
    n = added["n"]
    assert (
        f"Période « {NEXT} » absente des données : {n} lignes rejetées l'écrivent peut-être « 2023 »." in err
    )
    assert "(2022-2023 ou 2023-2024) ; laquelle ?" in err
    assert f"Period '{NEXT}' not in the data: {n} rejected rows may write it '2023'." in err
    assert main(["indicators", "--data", str(data), "--period", "2019-2020"]) == 0  # the others as before


def test_a_row_refused_for_its_own_error_does_not_withdraw_the_row_it_repeats(tmp_path, capsys):
    """A typo appended to the file (« 12 of 11 », the key of a valid row) withdrew the valid row as its
    duplicate: 1.1 fell from 24 to 23 organisations and changed status in an unattended run. The typo is
    refused for its own error; the valid row is kept."""
    data = tmp_path / "demo"
    shutil.copytree(DEMO, data)
    kept = {}

    def typo(rows: list[dict]) -> list[dict]:
        kept.update(rows[0])
        bad = {**rows[0], "numerator": "12", "denominator": "11"}
        return [*rows, bad]

    rewrite_csv(data / "observations.csv", typo)
    assert main(["validate", str(data), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(e["row"], e["rule"]) for e in report["errors"]] == [
        (report["errors"][0]["row"], "numerator_exceeds_denominator")
    ]
    assert report["rows_rejected"] == 1
    # the row it repeats stands: said, with what to do if the typo was to replace it
    (twin,) = [w for w in report["warnings"] if w["rule"] == "kept_twin"]
    assert twin["row"] == report["errors"][0]["row"]
    assert plain(twin["message"]).startswith(
        "Ligne rejetée pour sa propre erreur ; elle a la clé de la ligne 2 ("
    )
    assert "if it was meant to replace it, correct it" in twin["message_en"]
    from barometre.dataset import load_dataset

    obs = load_dataset(data).observations
    key = (obs["period"] == kept["period"]) & (obs["organisation"] == kept["organisation"])
    assert len(obs[key & (obs["target"] == kept["target"])]) == 1
