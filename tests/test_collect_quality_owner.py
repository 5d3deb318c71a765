"""A warning about a whole sheet or a column of a returned file is its organisation's in the quality report."""

import html
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "collect"))
from barometre.cli import main  # noqa: E402
from barometre.collect.templates import write_templates  # noqa: E402
from collect_helpers import PERIOD, dataset_without, fill  # noqa: E402

pytestmark = pytest.mark.cost(4)  # CPU-seconds: the costliest start first (conftest)


@pytest.fixture
def dataset(tmp_path) -> Path:
    return dataset_without(tmp_path)


@pytest.fixture
def forms(dataset, tmp_path) -> Path:
    out = tmp_path / "forms"
    write_templates(dataset, PERIOD, out)
    return out


def _quality(dataset: Path) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The report's table by organisation, its details, and its French page as people read it."""
    base = dataset / "qualite" / f"qualite-{PERIOD}"
    read = {"dtype": str, "keep_default_na": False}
    page = html.unescape(Path(f"{base}-fr.html").read_text("utf-8"))
    return (
        pd.read_csv(f"{base}.csv", **read).set_index("organisation"),
        pd.read_csv(f"{base}-details.csv", **read),
        page,
    )


def test_a_copied_sheet_and_merged_cells_are_said_under_the_workbook_s_organisation(dataset, forms):
    """BFARC typed everything on a copy « Données (2) »: its row listed ten « laissée vide » and the warning
    that says why sat under « — »; MFENV's « Brouillon » and MFFIN's merged comments counted for nobody."""
    bfarc = forms / f"collecte-BFARC-{PERIOD}.xlsx"
    wb = load_workbook(bfarc)
    copy = wb.copy_worksheet(wb["Données"])
    copy.title = "Données (2)"
    for row in range(7, 17):
        copy.cell(row, 3).value, copy.cell(row, 4).value = 3, 5
    wb.save(bfarc)
    mfenv = fill(forms / f"collecte-MFENV-{PERIOD}.xlsx")
    wb = load_workbook(mfenv)
    wb.copy_worksheet(wb["Données"]).title = "Brouillon"
    wb.save(mfenv)
    mffin = fill(forms / f"collecte-MFFIN-{PERIOD}.xlsx")
    wb = load_workbook(mffin)
    wb["Données"]["E7"] = "même remarque"
    wb["Données"].merge_cells("E7:E9")
    wb["Données"]["F8"] = "à vérifier"  # a cell without a header, on 1.2's row
    wb.save(mffin)
    assert (
        main(["ingest", str(bfarc), str(mfenv), str(mffin), "--period", PERIOD, "--data", str(dataset)]) == 1
    )
    table, details, page = _quality(dataset)
    assert not (details["organisation"] == "").any(), details[details["organisation"] == ""]
    said = details.set_index("rule")
    assert said.loc["other_data_sheet"].set_index("cell")["organisation"].to_dict() == {
        "Données (2)": "BFARC",
        "Brouillon": "MFENV",
    }
    assert said.loc[["data_merged_cells", "unheaded_column"], "organisation"].tolist() == ["MFFIN", "MFFIN"]
    # each counts in its organisation's row: BFARC's ten empty targets and the copy that explains them
    bfarc_said = details[(details["organisation"] == "BFARC") & (details["severity"] == "warning")]
    assert table.loc["BFARC", "warnings"] == "11" == str(len(bfarc_said))
    # every organisation's row counts the warnings listed with it: MFENV's and MFFIN's were not counted
    warnings = details[details["severity"] == "warning"]["organisation"].value_counts()
    for code in ("BFARC", "MFENV", "MFFIN"):
        assert table.loc[code, "warnings"] == str(warnings[code]), code
    assert bfarc_said.iloc[0]["rule"] == "other_data_sheet"  # listed first: it says why the rest is empty
    row = f"<tr><td>BFARC</td>\n<td>avertissement</td>\n<td>collecte-BFARC-{PERIOD}.xlsx</td><td>Données (2)</td>"
    assert row in page, page[page.find("BFARC</td>") - 200 :][:600]


def test_a_file_of_several_organisations_counts_its_column_warning_for_each(dataset, tmp_path):
    """A returned CSV for two organisations with a column no rule reads: the warning is both of theirs."""
    path = tmp_path / "retour.csv"
    path.write_text(
        "Organisation;Période;Cible;Libellé;Numérateur;Dénominateur;Précisions\n"
        f"MFSN;{PERIOD};1.1;;3;4;révisé\nMFJUS;{PERIOD};1.1;;2;4;\n",
        "utf-8",
    )
    main(["ingest", str(path), "--period", PERIOD, "--data", str(dataset)])
    table, details, _page = _quality(dataset)
    (unread,) = details[details["rule"] == "unknown_column"].itertuples()
    assert unread.organisation == "MFSN MFJUS" and unread.cell == "G1"
    mine = details[details["organisation"].str.split().map(lambda codes: "MFJUS" in codes)]
    assert table.loc["MFJUS", "warnings"] == str(len(mine)) and "unknown_column" in set(mine["rule"])
    assert table.loc["MFSN", "warnings"] == str((details["organisation"].str.contains("MFSN")).sum())


def test_a_row_without_its_organisation_s_code_stays_no_organisation_s_error(dataset, tmp_path):
    """The owner of a file's warnings is its organisations; an error of a row whose organisation is blank was
    filed under both organisations of the file too, and counted for each."""
    from barometre.collect.ingest import validate_file
    from barometre.dataset import load_dataset

    path = tmp_path / "multi.csv"
    path.write_text(
        "period,organisation,target,numerator,denominator\n"
        f"{PERIOD},MFSN,1.1,5,100\n{PERIOD},MFJUS,1.1,3,100\n{PERIOD},,1.2,3,100\n",
        "utf-8",
    )
    ds = load_dataset(dataset)
    result, _ = validate_file(path, PERIOD, ds.strategy, ds.organisations)
    (blank,) = [i for i in result.issues if i.cell == "B4"]
    assert blank.severity == "error" and blank.organisation == ""
