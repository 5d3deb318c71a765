"""Words of the collection loop: French decimals in French, « not ingested » not read as merged cells, and
instructions that mention the plan sheet."""

import shutil

import pytest
from barometre.collect.ingest import ingest
from barometre.collect.templates import write_templates
from conftest import DEMO
from openpyxl import load_workbook

PERIOD = "2022-2023"


@pytest.fixture
def workbook(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    write_templates(data, PERIOD, tmp_path / "out")
    return data, tmp_path / "out" / f"collecte-MFTRA-{PERIOD}.xlsx"


def test_a_count_with_decimals_is_written_the_french_way_in_french(workbook):
    """« « 0.45 » n'est pas un nombre entier »: the French message showed an English decimal."""
    data, path = workbook
    wb = load_workbook(path)
    ws = wb["Données"]
    ws["C7"], ws["D7"] = 0.45, 61
    ws["F6"], ws["F8"] = "Précisions", "texte"  # a column added by hand
    wb["Plan"]["C9"] = 1.5
    wb.save(path)
    issues = ingest([path], PERIOD, data, now="2023-05-01T00:00:00Z").files[0].issues
    (whole,) = [i for i in issues if i.rule == "not_whole_number"]
    assert whole.message.startswith("«\u00a00,45\u00a0» n'est pas un nombre entier"), whole.message
    assert whole.message_en.startswith("'0.45' is not a whole number") and whole.value == "0.45"
    (unknown,) = [i for i in issues if i.rule == "unknown_column"]
    assert "merged" not in unknown.message_en and "not taken in (not ingested)" in unknown.message_en
    (out,) = [i for i in issues if i.rule == "planned_value_out_of_range"]
    assert out.cell == "Plan!C9" and "Valeur prévue «\u00a01,5\u00a0» hors de" in out.message, out.message
    assert "Planned value '1.5' is outside" in out.message_en


def test_the_instructions_mention_the_plan_sheet(workbook):
    """The Instructions sheet said only « Remplissez la feuille « Données » »."""
    _data, path = workbook
    text = load_workbook(path)["Instructions"]["A4"].value
    assert "la feuille «\u00a0Plan\u00a0»" in text and "entre 0\u00a0% et 100\u00a0%" in text, text
