"""Damaged and person-filled returns: read where the meaning is clear, rejected with the exact rule and cell."""

import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "collect"))
from barometre.collect.ingest import validate_file  # noqa: E402
from barometre.collect.templates import build_workbook  # noqa: E402
from barometre.dataset import load_dataset_parts  # noqa: E402
from collect_helpers import DEMO, PERIOD, fill, set_cached  # noqa: E402

_, STRATEGY, ORGS, _ = load_dataset_parts(DEMO)
FULL = {t: (i + 1, 10 * (i + 1), None) for i, t in enumerate(STRATEGY.target_ids)}


def workbook(tmp_path: Path, code: str = "MFSN", values=None, name: str = "retour.xlsx") -> Path:
    org = ORGS.set_index("code").loc[code]
    path = tmp_path / name
    build_workbook(STRATEGY, code, org["name_fr"], PERIOD).save(path)
    return fill(path, FULL if values is None else values)


def edit(path: Path, change) -> Path:
    wb = load_workbook(path)
    change(wb["Données"])
    wb.save(path)
    return path


def check(path: Path):
    result, _ = validate_file(path, PERIOD, STRATEGY, ORGS)
    return result


def errors(result) -> set[tuple[str, str]]:
    return {(i.rule, i.cell) for i in result.errors}


def set_cells(**cells):
    def change(ws):
        for ref, value in cells.items():
            ws[ref] = value

    return change


# --- Workbooks that must be rejected (rule, cell) -------------------------------------------------


def _csv(tmp_path, text, name="retour.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEAD = "organisation,period,target,numerator,denominator,note\n"

DAMAGED = {
    "text that is not a number": (lambda p: edit(workbook(p), set_cells(C7="environ 40")), "not_numeric", "Données!C7"),
    "negative count": (lambda p: edit(workbook(p), set_cells(D8=-3)), "negative", "Données!D8"),
    "numerator above denominator": (
        lambda p: edit(workbook(p), set_cells(C9=50, D9=10)), "numerator_exceeds_denominator", "Données!C9",
    ),
    "zero denominator": (lambda p: edit(workbook(p), set_cells(C10=0, D10=0)), "zero_denominator", "Données!D10"),
    "numerator without denominator": (lambda p: edit(workbook(p), set_cells(D11=None)), "missing_value", "Données!D11"),
    "decimal count": (lambda p: edit(workbook(p), set_cells(C12="12,5")), "not_whole_number", "Données!C12"),
    "formula without cached value": (
        lambda p: edit(workbook(p), set_cells(C7="=3+4")), "formula_without_value", "Données!C7",
    ),
    "excel error value": (
        lambda p: (set_cached(edit(workbook(p), set_cells(D7="=1/0")), "D7", "#DIV/0!", error=True), p / "retour.xlsx")[1],
        "cell_error", "Données!D7",
    ),
    "row added with unknown target": (
        lambda p: edit(workbook(p), set_cells(A17="7.1", C17=1, D17=2)), "unknown_target", "Données!A17",
    ),
    "row copied (duplicate target)": (
        lambda p: edit(workbook(p), set_cells(A17="1.1", C17=2, D17=10)), "duplicate_key", "Données!A17",
    ),
    "row copied whole (counted once)": (
        lambda p: edit(workbook(p), set_cells(A17="1.1", C17=1, D17=10)), "duplicate_row", "Données!A17",
    ),
    "target id erased": (lambda p: edit(workbook(p), set_cells(A7=None)), "missing_value", "Données!A7"),
    "organisation code and name erased": (
        lambda p: edit(workbook(p), set_cells(B2=None, B3=None)), "missing_value", "Données!B2",
    ),
    "unknown organisation code": (lambda p: edit(workbook(p), set_cells(B2="ZZZZ")), "unknown_organisation", "Données!B2"),
    "organisation outside the sample": (
        lambda p: edit(workbook(p), set_cells(B2="LFPIL", B3=None)), "out_of_sample", "Données!B2",
    ),
    "workbook of another period": (
        lambda p: edit(workbook(p), set_cells(B4="2021-2022")), "period_mismatch", "Données!B4",
    ),
    "unreadable period": (lambda p: edit(workbook(p), set_cells(B4="l'an passé")), "unknown_period", "Données!B4"),
    "numerator header renamed": (
        lambda p: edit(workbook(p), set_cells(C6="Valeur")), "missing_columns", "Données!A6:E6",
    ),
    "workbook without a data table": (
        lambda p: (Workbook().save(p / "autre.xlsx"), p / "autre.xlsx")[1], "table_not_found", "",
    ),
    "corrupt xlsx": (
        lambda p: ((p / "casse.xlsx").write_bytes(b"PK\x03\x04 pas un classeur"), p / "casse.xlsx")[1],
        "unreadable_file", "",
    ),
    "old .xls format": (
        lambda p: ((p / "vieux.xls").write_bytes(b"\xd0\xcf\x11\xe0"), p / "vieux.xls")[1], "unsupported_format", "",
    ),
    "csv unknown target": (
        lambda p: _csv(p, HEAD + f"MFSN,{PERIOD},1.1,1,2,\nMFSN,{PERIOD},9.9,1,2,\n"), "unknown_target", "C3",
    ),
    "csv not a number": (lambda p: _csv(p, HEAD + f"MFSN,{PERIOD},1.1,n/d,2,\n"), "not_numeric", "D2"),
    "csv of another period": (
        lambda p: _csv(p, HEAD + f"MFSN,2020-2021,1.1,1,2,\nMFSN,{PERIOD},1.2,1,2,\n"), "period_mismatch", "B2",
    ),
    "csv without denominator column": (
        lambda p: _csv(p, "organisation,period,target,numerator,note\nMFSN,2022-2023,1.1,1,\n"),
        "missing_columns", "A1:E1",
    ),
    "empty csv": (lambda p: _csv(p, ""), "unreadable_file", ""),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_damaged_file_gives_exact_error(case, tmp_path):
    make, rule, cell = DAMAGED[case]
    result = check(make(tmp_path))
    assert (rule, cell) in errors(result), [i.describe() for i in result.issues]
    # Every row read is accepted or rejected; a bad cell never reaches the observations.
    assert result.rows_read == result.rows_accepted + result.rows_rejected
    assert result.rows_rejected >= 1 or result.unusable
    for issue in result.errors:
        assert issue.message and issue.message_en


def test_an_empty_cell_is_named_by_its_header_in_each_language(tmp_path):
    """« Données!D7 : La cellule « denominator » est vide » in a French message about a workbook whose header
    reads « Dénominateur »: the dataset's column name, not the workbook's."""
    result = check(edit(workbook(tmp_path), set_cells(D11=None, A7=None)))
    said = {i.cell: (i.message, i.message_en) for i in result.errors if i.rule == "missing_value"}
    assert said["Données!D11"] == (
        "La cellule «\u00a0Dénominateur\u00a0» est vide\u00a0; elle est obligatoire.",
        "Cell 'Denominator' is empty; it is required.",
    )
    assert said["Données!A7"][0] == "La cellule «\u00a0Cible\u00a0» est vide\u00a0; elle est obligatoire."


def test_a_missing_column_is_named_as_the_template_heads_it(tmp_path):
    """« Colonne obligatoire absente : numerator » in French, of a workbook headed « Numérateur », and « : period »
    of a CSV: the column is named as the template (and the blank CSV) head it, in each language."""
    (issue,) = check(edit(workbook(tmp_path), set_cells(C6="Nombre"))).errors
    assert (issue.message, issue.message_en) == (
        "Colonne obligatoire absente\u00a0: Numérateur (colonnes trouvées\u00a0: Cible, Libellé de la cible, Nombre, "
        "Dénominateur, Commentaire).",
        "Required column missing: Numerator (columns found: Cible, Libellé de la cible, Nombre, Dénominateur, "
        "Commentaire).",
    )
    (issue,) = check(_csv(tmp_path, "organisation,cible,numérateur,dénominateur\nMFSN,1.1,1,2\n")).errors
    assert issue.message.startswith("Colonne obligatoire absente\u00a0: Période (")
    assert issue.message_en.startswith("Required column missing: Period (")


def test_header_block_error_is_reported_once_for_all_rows(tmp_path):
    result = check(edit(workbook(tmp_path), set_cells(B2="ZZZZ")))
    (issue,) = result.errors
    assert (issue.rule, issue.cell, issue.rows) == ("unknown_organisation", "Données!B2", 10)
    assert result.rows_accepted == 0 and result.rows_rejected == 10


def test_one_bad_cell_rejects_only_its_row(tmp_path):
    result = check(edit(workbook(tmp_path), set_cells(C7="environ 40")))
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (10, 9, 1)
    assert "1.1" not in set(result.accepted["target"])


def test_formula_message_names_the_formula(tmp_path):
    result = check(edit(workbook(tmp_path), set_cells(C7="=B9*2")))
    (issue,) = result.errors
    assert "=B9*2" in issue.message and "Excel" in issue.message


# --- Person-filled workbooks that must be read (meaning is clear) ---------------------------------


def _accepted(result) -> dict[str, tuple[float, float]]:
    return {r.target: (r.numerator, r.denominator) for r in result.accepted.itertuples()}


def test_numbers_typed_as_text_with_spaces_and_trailing_blanks(tmp_path):
    path = edit(
        workbook(tmp_path), set_cells(C7="12", D7="1 234", C8=" 45  ", D8="1\u00a0000", C9="7,0", D9="8.0")
    )
    result = check(path)
    assert not result.errors, [i.describe() for i in result.errors]
    got = _accepted(result)
    assert got["1.1"] == (12, 1234) and got["1.2"] == (45, 1000) and got["1.3"] == (7, 8)


def test_extra_sheet_and_deleted_row(tmp_path):
    path = workbook(tmp_path)
    wb = load_workbook(path)
    wb.create_sheet("Notes", 0)["A1"] = "Notes internes : à valider avec la direction"
    wb["Données"].protection.sheet = False
    wb["Données"].delete_rows(11)  # row of target 3.1
    wb.save(path)
    result = check(path)
    assert not result.errors
    assert result.sheet == "Données" and result.rows_accepted == 9
    assert "3.1" not in _accepted(result)
    assert ("target_missing", "3.1") in {(i.rule, i.value) for i in result.warnings}


def test_formula_with_cached_value_is_read_with_a_warning(tmp_path):
    path = edit(workbook(tmp_path), set_cells(C7="=3+4"))
    set_cached(path, "C7", "7")
    result = check(path)
    assert not result.errors
    assert _accepted(result)["1.1"] == (7, 10)
    assert ("formula_value_used", "Données!C7") in {(i.rule, i.cell) for i in result.warnings}


def test_a_formula_s_decimal_value_is_written_each_language_s_way_and_not_said_kept(tmp_path):
    """« sa valeur calculée (33.333333333333336) a été retenue », then « « 33,33… » n'est pas un nombre entier »
    at the same cell: a French message with an English decimal, saying kept a value then refused."""
    path = edit(workbook(tmp_path), set_cells(C8="=D8/3", D8=100))
    set_cached(path, "C8", "33.333333333333336")
    result = check(path)
    (said,) = [i for i in result.warnings if i.rule == "formula_value_used"]
    assert (
        said.message == "Formule (=D8/3)\u00a0: sa valeur calculée (33,333333333333336) est lue à sa place."
    )
    assert said.message_en == "Formula (=D8/3): its computed value (33.333333333333336) is read instead."
    assert ("not_whole_number", "Données!C8") in {(i.rule, i.cell) for i in result.errors}


def test_a_target_id_typed_over_is_not_said_a_deleted_row(tmp_path):
    """A7 « 1.1 » overtyped « 9.9 »: « Cible 1.1 absente : la ligne a été supprimée du formulaire » beside the
    unknown target at A7. Its row is there: it is said at its cell, and 1.1 counts as answered (its figures
    rejected with the id), so a withdrawal says its new value was rejected, not that it was left out."""
    result = check(edit(workbook(tmp_path), set_cells(A7="9.9")))
    (said,) = [i for i in result.warnings if i.value == "1.1"]
    assert (said.rule, said.cell) == ("target_overtyped", "Données!A7")
    assert (
        said.message
        == "Cible 1.1 absente\u00a0: sa ligne porte «\u00a09.9\u00a0» à sa place\u00a0; remettez «\u00a01.1\u00a0» dans cette cellule."
    )
    assert ("unknown_target", "Données!A7") in errors(result)
    assert ("MFSN", "1.1") in result.answered and "target_missing" not in {i.rule for i in result.warnings}
    result = check(edit(workbook(tmp_path, name="autre.xlsx"), lambda ws: ws.delete_rows(7)))  # a row deleted
    assert [(i.rule, i.value) for i in result.warnings if i.rule.startswith("target_")] == [
        ("target_missing", "1.1")
    ]


def test_a_date_typed_as_a_count_is_quoted_as_a_date():
    """A date in a count cell was quoted « 2022-05-03T00:00:00 »: the day, as a person reads it."""
    import datetime as dt

    from barometre.collect.reading import cell_text

    assert cell_text(dt.datetime(2022, 5, 3)) == "2022-05-03"
    assert cell_text(dt.datetime(2022, 5, 3, 14, 30)) == "2022-05-03 14:30:00"


def test_a_formula_giving_a_ratio_shown_as_a_percentage_gets_the_percentage_advice(tmp_path):
    """« =A/B » in a count cell formatted « 0 % » read « 0,875 n'est pas un nombre entier »: a typed ratio
    so formatted got the percentage advice (write the two counts), a formula's result did not."""

    def ratio(ws):
        ws["C7"] = "=7/8"
        ws["C7"].number_format = "0%"

    path = edit(workbook(tmp_path), ratio)
    set_cached(path, "C7", "0.875")
    [error] = check(path).errors
    assert (error.rule, error.cell) == ("not_numeric", "Données!C7") and "est un pourcentage" in error.message


def test_unprotected_and_restructured_sheet(tmp_path):
    path = workbook(tmp_path)
    wb = load_workbook(path)
    ws = wb["Données"]
    ws.protection.sheet = False
    ws.insert_rows(1, 2)  # two lines added above the header block
    for row in range(1, ws.max_row + 1):  # swap numerator and denominator columns
        ws.cell(row, 3).value, ws.cell(row, 4).value = ws.cell(row, 4).value, ws.cell(row, 3).value
    ws.insert_cols(2)  # a column added between target and label
    ws["B8"] = "Responsable"
    wb.save(path)
    result = check(path)
    assert not result.errors, [i.describe() for i in result.errors]
    assert _accepted(result) == {t: (n, d) for t, (n, d, _) in FULL.items()}
    # Cells are located in the restructured sheet: numerator is now in column E, first target row 9.
    bad = edit(path, set_cells(E9="beaucoup"))
    assert ("not_numeric", "Données!E9") in errors(check(bad))


def test_organisation_by_name_period_with_dash_and_lowercase_code(tmp_path):
    result = check(edit(workbook(tmp_path), set_cells(B2=None, B4="2022–2023")))
    assert not result.errors and result.organisations == ["MFSN"]
    assert ("organisation_from_name", "Données!B3") in {(i.rule, i.cell) for i in result.warnings}
    result = check(edit(workbook(tmp_path), set_cells(B2="mfsn", B4="2022-23")))
    assert not result.errors and result.organisations == ["MFSN"] and result.rows_accepted == 10


def test_empty_target_is_a_warning_not_a_zero(tmp_path):
    result = check(edit(workbook(tmp_path), set_cells(C13=None, D13=None, E13="Non applicable cette année")))
    assert not result.errors and result.rows_accepted == 9
    assert ("target_empty", "Données!C13") in {(i.rule, i.cell) for i in result.warnings}


def test_csv_in_french_with_semicolons_and_decimal_commas(tmp_path):
    text = (
        "Organisation;Période;Cible;Libellé de la cible;Numérateur;Dénominateur;Commentaire\r\n"
        f"MFSN;{PERIOD};1.1;x;1 200;2 400,0;ok\r\n"
        f"MFSN;{PERIOD};1.2;x;;;\r\n"
        f";{PERIOD};1.3;x;;;\r\n"
    )
    path = tmp_path / "retour.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = check(path)
    assert not result.errors
    assert _accepted(result) == {"1.1": (1200, 2400)}
    assert ("target_empty", "E3") in {(i.rule, i.cell) for i in result.warnings}
