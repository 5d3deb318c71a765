"""Organisations whose reports start late or stop early are pointed to from_period / until_period."""

from __future__ import annotations

import json

from barometre.cli import main
from barometre.dataset import load_dataset
from conftest import plain, rewrite_csv

LATEST = "2022-2023"


def _renamed(data, periods: bool = False) -> None:
    """MFSN reports as MSNUM in 2022-2023; organisations.csv gets an MSNUM line (and, with ``periods``, their spans)."""
    rewrite_csv(data / "observations.csv",
                lambda rows: [r | {"organisation": "MSNUM"} if r["organisation"] == "MFSN" and r["period"] == LATEST
                              else r for r in rows])  # fmt: skip

    def add(rows):
        new = dict(rows[0]) | {"code": "MSNUM", "name_fr": "Ministère fictif de la Santé numérique (nouveau)",
                               "name_en": "Fictional Ministry of Digital Health (new)"}  # fmt: skip
        rows = [*rows, new]
        for r in rows:
            r["from_period"] = LATEST if periods and r["code"] == "MSNUM" else ""
            r["until_period"] = "2021-2022" if periods and r["code"] == "MFSN" else ""
        return rows

    rewrite_csv(data / "organisations.csv", add)


def _warnings(data, capsys) -> list[dict]:
    assert main(["validate", str(data), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["warnings"]


def test_a_changed_code_is_pointed_to_from_period_and_until_period(demo_copy, capsys):
    """MFSN → MSNUM in 2022-2023 with a new line validated without a word; every period then expected 26
    organisations and the brief said MFSN « n'a rien déclaré »."""
    _renamed(demo_copy)
    said = [
        (w["file"].rsplit("/", 1)[-1], w["row"], w["column"], w["rule"]) for w in _warnings(demo_copy, capsys)
    ]
    assert said == [("organisations.csv", 2, "until_period", "reports_stop_early"),
                    ("organisations.csv", 28, "from_period", "reports_start_late")]  # fmt: skip
    ds = load_dataset(demo_copy)
    (late,) = [w for w in ds.report.warnings if w.rule == "reports_start_late"]
    assert "inscrivez 2022-2023 dans from_period" in plain(late.message)
    assert "write 2022-2023 in from_period" in late.message_en
    (stop,) = [w for w in ds.report.warnings if w.rule == "reports_stop_early"]
    assert "inscrivez 2021-2022 dans until_period" in plain(stop.message)


def test_the_spans_written_silence_the_warnings(demo_copy, capsys):
    _renamed(demo_copy, periods=True)
    assert [w["rule"] for w in _warnings(demo_copy, capsys)] == ["plan_after_abolition"]  # MFSN's plan, kept


def test_a_latest_period_still_being_collected_says_nothing_of_stops(demo_copy, capsys):
    """Five organisations of 25 have sent next year's figures: the others have not stopped reporting."""
    keep = {"MFSN", "MFEDU", "MFTRA", "MFFIN", "MFENV"}
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if r["period"] != LATEST or r["organisation"] in keep])  # fmt: skip
    assert _warnings(demo_copy, capsys) == []


def test_many_late_starters_are_one_line(demo_copy, capsys):
    """An inventory that widened (11 departments, then 71) says so once, not once an organisation."""
    late = {"MFEDU", "MFTRA", "MFFIN", "MFENV", "MFCUL"}
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if r["period"] == LATEST or r["organisation"] not in late])  # fmt: skip
    assert main(["validate", str(demo_copy)]) == 0
    out = capsys.readouterr().out
    lines = plain(out).splitlines()
    assert len(lines) == 3  # French, English, the counts
    assert lines[0].startswith("organisations.csv, lignes 3 à 7 (5 lignes), colonne from_period : ")
