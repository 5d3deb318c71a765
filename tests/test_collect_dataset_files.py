"""barometre ingest adds to observations.csv and plans.csv as people write them, and says what it changed."""

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "collect"))
from barometre.cli import main  # noqa: E402
from barometre.collect.templates import write_templates  # noqa: E402
from barometre.dataset import load_dataset  # noqa: E402
from barometre.plans_validation import read_plans  # noqa: E402
from collect_helpers import PERIOD, dataset_without, fill  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

pytestmark = pytest.mark.cost(4)  # CPU-seconds (conftest)

FRENCH = {"period": "période", "organisation": "organisation", "target": "cible", "numerator": "numérateur",
          "denominator": "dénominateur", "note": "note", "source": "source"}  # fmt: skip


def _returned(data: Path, tmp_path: Path) -> Path:
    """MFSN's workbook for the period, filled with its demo values (and its plan as on file)."""
    written = write_templates(data, PERIOD, tmp_path / "returns")
    return fill(next(p for p in written if p.name == f"collecte-MFSN-{PERIOD}.xlsx"))


def _said(capsys) -> str:
    return capsys.readouterr().out.replace("\u00a0", " ")


def test_french_headers_semicolons_and_windows_1252_are_added_to_not_destroyed(tmp_path, capsys):
    """An observations.csv with the documented French headers and « ; », and a plans.csv likewise with decimal
    commas, were read as one column each: ingest rewrote them with every earlier row in the last cell and the
    dataset no longer loaded. They are read as validation reads them and written back in the reference form."""
    data = dataset_without(tmp_path)
    obs = pd.read_csv(data / "observations.csv", dtype=str, keep_default_na=False)
    obs.loc[0, "note"] = "Déclaré par la Société québécoise"  # a cp1252 accent
    obs.rename(columns=FRENCH).to_csv(data / "observations.csv", sep=";", index=False, encoding="cp1252")
    plans = pd.read_csv(data / "plans.csv", dtype=str, keep_default_na=False)
    plans["planned_value"] = plans["planned_value"].str.replace(".", ",")
    plans.rename(columns={**FRENCH, "planned_value": "valeur_prévue"}).to_csv(data / "plans.csv", sep=";",
                                                                              index=False)  # fmt: skip
    before_plans = read_plans(data, *_parts(data))[0]
    path = _returned(data, tmp_path)
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(data)]) == 0
    said = _said(capsys)
    assert "observations ajoutées : 10, remplacées : 0, inchangées : 0." in said
    assert "observations.csv est réécrit au format de référence" in said and "plans.csv est réécrit" in said
    after = pd.read_csv(data / "observations.csv", dtype=str, keep_default_na=False)
    assert list(after.columns[:7]) == list(FRENCH)
    assert len(after) == len(obs) + 10
    assert "Déclaré par la Société québécoise" in set(after["note"])
    kept = after[after["period"] != PERIOD][list(FRENCH)].reset_index(drop=True)
    assert kept.equals(obs[list(FRENCH)].reset_index(drop=True))  # every earlier row, cell for cell
    ds = load_dataset(data)
    assert ds.report.ok and len(ds.observations) == len(obs) + 10
    after_plans = read_plans(data, *_parts(data))[0]
    key = ["organisation", "target", "period"]
    assert (
        after_plans.set_index(key)["planned_value"]
        .sort_index()
        .equals(before_plans.set_index(key)["planned_value"].sort_index())
    )  # the same plans, 0,59 read as 0.59 both times


def _parts(data: Path):
    ds = load_dataset(data)
    return ds.strategy, ds.organisations


def test_a_file_in_the_reference_form_is_not_said_rewritten(tmp_path, capsys):
    data = dataset_without(tmp_path)
    path = _returned(data, tmp_path)
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(data)]) == 0
    assert "réécrit" not in _said(capsys)


def test_cells_beyond_the_header_stop_the_ingestion_before_anything_is_written(tmp_path, capsys):
    """Rewriting the file would drop them: the run stops, naming the rows, and no file of the dataset changes."""
    data = dataset_without(tmp_path)
    lines = (data / "observations.csv").read_text("utf-8").splitlines()
    lines[4] += ",vérifié par Marie"
    (data / "observations.csv").write_text("\n".join(lines) + "\n", "utf-8")
    path = _returned(data, tmp_path)
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(data)]) == 2
    said = capsys.readouterr()
    text = (said.out + said.err).replace("\u00a0", " ")
    assert "des cellules sont remplies au-delà de la dernière colonne nommée (lignes 5)" in text
    assert "Traceback" not in text
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before


def test_the_same_figures_sent_again_are_unchanged_not_replaced(tmp_path, capsys):
    """A workbook saved again with the same figures said « remplacées : 10 »: the analyst could not see which
    values were revised. Only a changed figure or note is « remplacée »."""
    data = dataset_without(tmp_path)
    path = _returned(data, tmp_path)
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(data)]) == 0
    capsys.readouterr()
    book = load_workbook(path)
    book.properties.keywords = "enregistré de nouveau"  # the same values in another file (sha256)
    book.save(path)
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(data)]) == 0
    assert "observations ajoutées : 0, remplacées : 0, inchangées : 10." in _said(capsys)
    fill(path, {"1.1": (1, 2, None)})
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(data)]) == 0
    assert "observations ajoutées : 0, remplacées : 1, inchangées : 9." in _said(capsys)
