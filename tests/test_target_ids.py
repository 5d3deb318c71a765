"""What an unknown target or period may have meant: a date Excel made of it, a target the strategy renamed."""

from __future__ import annotations

import json

import pytest
from barometre.cli import main
from barometre.period_words import unknown_period_fields
from barometre.strategy import load_strategy
from barometre.target_ids import target_hint
from conftest import plain, rewrite_csv

QUEBEC = load_strategy("quebec-2019-2023")
IDS = QUEBEC.target_ids


@pytest.mark.parametrize("cell", ["01-févr", "2-Jan", "2023-01-02", "2023-01-02 00:00:00", "02/01/2023"])
def test_a_target_excel_made_a_date_of_is_said_with_its_likely_id(cell):
    hint = target_hint(cell, IDS)
    assert hint["message"] == "unknown_target_date_maybe"
    assert sorted(hint["maybe"]["en"].replace("'", "").split(" or ")) == ["1.2", "2.1"]
    assert " ou " in hint["maybe"]["fr"]


def test_no_date_no_date_advice():
    from barometre.target_ids import excel_date

    assert (
        excel_date("7.1") is None and excel_date("ACC-ligne") is None and excel_date("1.2 Services") is None
    )
    assert target_hint("7.1", IDS) == {}
    assert target_hint("janv-22", IDS) == {"message": "unknown_target_date"}  # a date, but of no id


def test_the_message_says_to_type_the_column_as_text(demo_copy, capsys):
    """« Cible « 01-févr » inconnue ; cibles de la stratégie : … » did not say that Excel made the date."""
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r | {"target": "01-févr"} if i == 3 else r for i, r in enumerate(rows)])  # fmt: skip
    assert main(["validate", str(demo_copy), "--format", "json"]) == 1
    (error,) = json.loads(capsys.readouterr().out)["errors"]
    assert (error["row"], error["column"], error["rule"]) == (5, "target", "unknown_target")
    assert "mettez la colonne au format Texte" in plain(error["message"])
    assert "sans doute « 1.2 » ou « 2.1 »" in plain(error["message"])
    assert "format the column as Text" in error["message_en"]


def test_a_period_excel_made_a_date_of_says_to_type_it_as_text():
    for cell in ("01-avr", "avr-22", "2-Jan"):
        assert unknown_period_fields(QUEBEC, cell)["message"] == "unknown_period_excel_date"
    assert unknown_period_fields(QUEBEC, "2024-2025")["message"] == "unknown_period_later"  # not a date


def test_a_target_the_strategy_renamed_is_suggested():
    """2.1 renamed 2.1a in the strategy: 96 rows told « Cible « 2.1 » inconnue » and no more."""
    ids = [("2.1a" if i == "2.1" else i) for i in IDS]
    assert target_hint("2.1", ids) == {"message": "unknown_target_renamed", "suggestion": "2.1a"}
    assert target_hint("1", ids) == {}  # 1.1, 1.2 or 1.3: no guess
