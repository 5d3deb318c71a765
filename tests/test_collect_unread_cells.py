"""Text typed beside the columns a returned « Données » sheet reads is said, never dropped without a word."""

import json
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "collect"))
from barometre.cli import main  # noqa: E402
from barometre.collect.ingest import ingest  # noqa: E402
from barometre.collect.templates import write_templates  # noqa: E402
from collect_helpers import PERIOD, dataset_without, fill  # noqa: E402

pytestmark = pytest.mark.cost(3)  # CPU-seconds: the costliest start first (conftest)

NOTE = "à vérifier avec la DGTI"


@pytest.fixture
def dataset(tmp_path) -> Path:
    return dataset_without(tmp_path)


def _returned(dataset: Path, tmp_path: Path, typed: dict[str, str]) -> Path:
    """MFSN's workbook filled in, with ``typed`` {cell: text} on its « Données » sheet."""
    write_templates(dataset, PERIOD, tmp_path / "forms")
    path = fill(tmp_path / "forms" / f"collecte-MFSN-{PERIOD}.xlsx")
    wb = load_workbook(path)
    for cell, text in typed.items():
        wb["Données"][cell] = text
    wb.save(path)
    return path


def test_text_in_a_column_without_a_header_is_said_at_its_cell_with_what_was_typed(dataset, tmp_path, capsys):
    """« à vérifier avec la DGTI » in F7, no header above it: validate printed nothing (JSON ``warnings: []``),
    ingest stored nothing and said nothing. It is a warning at Données!F7 quoting it; the rows stay accepted."""
    path = _returned(dataset, tmp_path, {"F7": NOTE, "G20": "Total revu"})
    assert main(["validate", str(path), "--data", str(dataset), "--format", "json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["rows_accepted"] == 10 and not said["errors"]
    unread = {w["cell"]: w for w in said["warnings"] if w["rule"] == "unheaded_column"}
    assert set(unread) == {"Données!F7", "Données!G20"}, said["warnings"]
    f7 = unread["Données!F7"]
    assert (f7["sheet"], f7["row"], f7["column"], f7["value"]) == ("Données", 7, "F", NOTE)
    assert f7["message"].startswith(f"«\u00a0{NOTE}\u00a0» est écrit dans une colonne sans en-tête"), f7
    assert (
        "Un commentaire sur la cible 1.1 va dans la colonne «\u00a0Commentaire\u00a0», en E7."
        in f7["message"]
    )
    assert f7["message_en"].startswith(f"'{NOTE}' is written in a column without a header")
    assert "target 1.1" in f7["message_en"] and "«" not in f7["message_en"]
    # below the table, on no target's row: where a remark goes, without a target to name
    g20 = unread["Données!G20"]["message"]
    assert "«\u00a0Total revu\u00a0»" in g20 and "cible" not in g20 and "Commentaire" in g20, g20

    result = ingest([path], PERIOD, dataset, now="2023-05-01T00:00:00Z")
    (file,) = result.files
    assert file.rows_accepted == 10 and result.exit_code == 0
    assert {(w.cell, w.value) for w in file.warnings if w.rule == "unheaded_column"} == {
        ("Données!F7", NOTE),
        ("Données!G20", "Total revu"),
    }


def test_a_second_comment_column_is_named_at_its_header_as_a_csv_s_is(dataset, tmp_path, capsys):
    """« Remarque » beside the template's « Commentaire »: both name the comment column, only the first is
    read, and the second's « à vérifier avec la DGTI » vanished. It is named at its header, as an unread
    column of a returned CSV is (« Colonne « Remarque » : aucune règle ne la lit »)."""
    path = _returned(dataset, tmp_path, {"F6": "Remarque", "F7": NOTE})
    csv_return = tmp_path / "retour.csv"
    csv_return.write_text(
        "Organisation;Période;Cible;Numérateur;Dénominateur;Commentaire;Remarque\n"
        f"MFSN;{PERIOD};1.1;3;4;;{NOTE}\n",
        "utf-8",
    )
    result = ingest([path, csv_return], PERIOD, dataset, now="2023-05-01T00:00:00Z")
    unread = [
        [(i.cell, i.value, i.message) for i in f.issues if i.rule == "unknown_column"] for f in result.files
    ]
    assert [[(cell, value) for cell, value, _ in said] for said in unread] == [
        [("Données!F6", "Remarque")],
        [("G1", "remarque")],
    ], unread
    assert unread[0][0][2].startswith("Colonne «\u00a0Remarque\u00a0»\u00a0: aucune règle ne la lit")
    assert not [i for f in result.files for i in f.issues if i.rule == "unheaded_column"]
    assert main(["validate", str(path), "--data", str(dataset)]) == 0
    out = capsys.readouterr().out
    assert "feuille «\u00a0Données\u00a0», ligne 6, colonne F\u00a0: Colonne «\u00a0Remarque\u00a0»" in out


def test_the_template_s_own_columns_and_empty_ones_say_nothing(dataset, tmp_path):
    """The label column (B) is not read and says nothing; nor does a header-less column left empty, nor a
    cell holding only spaces."""
    path = _returned(dataset, tmp_path, {"H7": "   "})
    issues = ingest([path], PERIOD, dataset, now="2023-05-01T00:00:00Z").files[0].issues
    assert not [i for i in issues if i.rule in ("unheaded_column", "unknown_column")], issues
