"""A row pasted twice is counted once; two different rows for one key are both refused (which is right?)."""

from __future__ import annotations

import json

from barometre.cli import main
from barometre.dataset import load_dataset
from conftest import plain, rewrite_csv


def _paste(path, change=lambda row: {}) -> int:
    """Append a copy of the file's first row, ``change(row)`` applied; the row number the copy gets."""
    last = []

    def paste(rows):
        last.append(len(rows) + 2)
        return [*rows, dict(rows[0]) | change(rows[0])]

    rewrite_csv(path, paste)
    return last[0]


def _errors(data, capsys) -> dict:
    assert main(["validate", str(data), "--format", "json"]) == 1
    return json.loads(capsys.readouterr().out)


def test_an_identical_copy_is_refused_and_its_first_row_counted_once(demo_copy, capsys):
    """Two identical rows were both refused (« gardez une seule ligne »): the organisation's value was lost
    and the 4.1 baseline moved from 10/24 to 10/23."""
    last = [_paste(demo_copy / "observations.csv")]
    report = _errors(demo_copy, capsys)
    assert [(e["row"], e["rule"]) for e in report["errors"]] == [(last[0], "duplicate_row")]
    assert report["rows_read"] == report["rows_accepted"] + report["rows_rejected"]
    assert report["rows_rejected"] == 1 and report["warnings"] == []  # no « kept twin » of its own copy
    (error,) = report["errors"]
    assert plain(error["message"]).startswith("Copie de la ligne 2 (")
    assert "la ligne 2 est comptée une seule fois" in plain(error["message"])
    assert "row 2 is counted once" in error["message_en"]
    ds = load_dataset(demo_copy)
    first = ds.observations.iloc[0]
    same = ds.observations[
        (
            ds.observations[["period", "organisation", "target"]]
            == first[["period", "organisation", "target"]]
        ).all(axis=1)
    ]
    assert list(same["row"]) == [2]


def test_two_different_rows_of_one_key_are_both_refused(demo_copy, capsys):
    last = [_paste(demo_copy / "observations.csv", lambda row: {"numerator": str(int(row["numerator"]) + 1)})]
    report = _errors(demo_copy, capsys)
    assert [(e["row"], e["rule"]) for e in report["errors"]] == [
        (2, "duplicate_key"),
        (last[0], "duplicate_key"),
    ]


def test_an_identical_plan_row_is_counted_once(demo_copy, capsys):
    last = [_paste(demo_copy / "plans.csv")]
    report = _errors(demo_copy, capsys)
    assert [(e["file"].rsplit("/", 1)[-1], e["row"], e["rule"]) for e in report["errors"]] == [
        ("plans.csv", last[0], "duplicate_row")
    ]
    assert len(load_dataset(demo_copy).plans) == last[0] - 2  # rows 2 to last - 1: every row but the copy
