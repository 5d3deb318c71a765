"""Readers: government CSVs (encodings, separators, number formats), Excel and Parquet."""

import pandas as pd
import pytest
from barometre.cli import main
from barometre.dataset import load_dataset_parts
from barometre.errors import InputFileError
from barometre.readers import (
    ambiguous_number,
    float_text,
    not_available,
    parse_number,
    read_table,
    sniff_separator,
)
from barometre.validation import validate_observations
from conftest import DEMO, ROOT, plain

CORPUS = ROOT / "tests" / "fixtures" / "malformed"
_META, STRATEGY, ORGS, _REPORT = load_dataset_parts(DEMO)


def accepted(name):
    rows, report = validate_observations(read_table(CORPUS / name), STRATEGY, ORGS)
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    return rows, report


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0), ("12,5", 12.5), ("12.5", 12.5), ("1 234", 1234.0), ("1\u00a0234,5", 1234.5),
        ("1\u202f234", 1234.0), ("1,234.5", 1234.5), ("1.234,5", 1234.5), ("1.234.567", 1234567.0),
        ("  7 ", 7.0), ("-3", -3.0), ("0", 0.0),
        # next year's exports: a thin space, a typographic apostrophe, commas grouping millions, a typographic
        # minus (refused as a negative count, not as « not a number »)
        ("1\u2009234", 1234.0), ("1\u2019234", 1234.0), ("1,234,567", 1234567.0), ("\u22123", -3.0),
        ("", None), ("douze", None), ("12 %", None), ("nan", None), ("inf", None), ("1,2,3", None),
    ],
)  # fmt: skip
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_sniff_separator():
    assert sniff_separator("a;b;c\n1,5;2;3") == ";"
    assert sniff_separator("\n\na,b\n") == ","
    assert sniff_separator("a\tb\n") == "\t"
    assert sniff_separator("a\n") == ","


def test_cp1252_is_read_with_its_accents():
    table = read_table(CORPUS / "cp1252.csv")
    assert table.encoding == "cp1252"
    assert table.frame.loc[0, "note"] == "Révisé après vérification"
    rows, report = accepted("cp1252.csv")
    assert report.ok and list(rows["numerator"]) == [3, 4]


def test_semicolon_and_decimal_comma():
    table = read_table(CORPUS / "semicolon_decimal_comma.csv")
    assert table.separator == ";"
    rows, report = accepted("semicolon_decimal_comma.csv")
    assert report.ok
    assert list(rows["target"]) == ["4.2", "1.1", "1.1"]  # 4,2 written by a French spreadsheet
    assert list(rows["numerator"]) == [1234.0, 3.0, 2.0]
    assert list(rows["denominator"]) == [4200.0, 4.0, 9.0]


def test_nbsp_thousands():
    rows, report = accepted("nbsp_thousands.csv")
    assert report.ok
    assert list(rows["numerator"]) == [1050.0, 1200.0]
    assert list(rows["denominator"]) == [4200.0, 3100.0]


def test_bom_and_whitespace_and_utf16():
    assert list(read_table(CORPUS / "bom.csv").frame.columns)[0] == "period"
    rows, report = accepted("whitespace.csv")
    assert (
        report.ok and list(rows["organisation"]) == ["MFSN", "MFEDU"] and list(rows["target"]) == ["1.1"] * 2
    )
    table = read_table(CORPUS / "utf16_excel_unicode_text.csv")
    assert (table.encoding, table.separator) == ("utf-16", "\t")
    assert list(table.frame["organisation"]) == ["MFSN", "MFEDU"]


def test_blank_lines_keep_spreadsheet_row_numbers():
    table = read_table(CORPUS / "blank_lines.csv")
    assert table.rows == [2, 4, 6]
    rows, _report = accepted("blank_lines.csv")
    assert list(rows["row"]) == [2, 4]


def test_leading_blank_line_and_quoted_newline(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text('\nperiod,organisation,target,numerator,denominator,note\n'
                    '2022-2023,MFSN,1.1,3,4,"deux\nlignes"\n2022-2023,MFEDU,1.1,x,4,\n', encoding="utf-8")  # fmt: skip
    table = read_table(path)
    assert table.rows == [3, 4]  # header on row 2; one record per spreadsheet row
    assert table.frame.loc[0, "note"] == "deux\nlignes"


def test_extra_cells_are_kept_for_validation():
    table = read_table(CORPUS / "extra_cells.csv")
    assert table.extra_cells == {1: ["4200"]}
    assert list(table.frame.columns) == ["period", "organisation", "target", "numerator", "denominator"]


def test_missing_cells_are_empty_not_zero(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text(
        "period,organisation,target,numerator,denominator\n2022-2023,MFSN,1.1,3\n", encoding="utf-8"
    )
    table = read_table(path)
    assert table.frame.loc[0, "denominator"] == ""


@pytest.mark.parametrize(
    ("name", "words"),
    [("empty.csv", "vide"), ("binary.csv", "encodage"), ("unterminated_quote.csv", "guillemet ouvert à la ligne 2"),
     ("not_a_workbook.xlsx", "Excel"), ("observations.json", "format non pris en charge"),
     ("absent.csv", "introuvable")],
)  # fmt: skip
def test_unreadable_files_raise_input_file_error(name, words):
    with pytest.raises(InputFileError, match=words):
        read_table(CORPUS / name)


def test_excel_and_parquet_give_the_same_table(tmp_path):
    src = read_table(DEMO / "observations.csv").frame.head(30)
    typed = src.copy()
    typed["numerator"] = typed["numerator"].astype(int)
    typed["denominator"] = typed["denominator"].astype(float)
    typed.to_excel(tmp_path / "o.xlsx", index=False)
    typed.to_parquet(tmp_path / "o.parquet", index=False)
    for name in ("o.xlsx", "o.parquet"):
        table = read_table(tmp_path / name)
        pd.testing.assert_frame_equal(table.frame, src, check_dtype=False)
        assert table.rows == list(range(2, 32))


def test_a_parquet_file_s_missing_values_are_empty_cells(tmp_path):
    """Nullable columns (``Int64``, ``string``, dates) hold ``pd.NA`` and ``NaT``: they were read as the
    text « <NA> » (« « <NA> » n'est pas un nombre », a note « <NA> » on the pages) instead of an empty
    cell, which the rules know (« La cellule … est vide »)."""
    src = read_table(DEMO / "observations.csv").frame.head(4)
    typed = src.assign(
        numerator=pd.array([1, None, 3, 4], dtype="Int64"),
        note=pd.array(["vu", None, None, "x"], dtype="string"),
        source=pd.to_datetime(["2023-03-31", None, "2023-03-31", None]),
    )
    typed.to_parquet(tmp_path / "o.parquet", index=False)
    frame = read_table(tmp_path / "o.parquet").frame
    assert list(frame["numerator"]) == ["1", "", "3", "4"]
    assert list(frame["note"]) == ["vu", "", "", "x"]
    assert list(frame["source"])[1::2] == ["", ""]


@pytest.mark.parametrize(
    ("text", "readings"),
    [("1,234", ("1234", "1,234", "1.234")), ("2.000", ("2000", "2,000", "2.000")),
     ("-12,345", ("-12345", "-12,345", "-12.345")), ("1\u00a0,234", ("1234", "1,234", "1.234")),
     ("0,125", None), ("1234,567", None), ("1 234", None), ("1,234.5", None), ("12,5", None), ("1,2345", None)],
)  # fmt: skip
def test_a_count_with_three_digits_after_one_separator_is_ambiguous(text, readings):
    """« 1,234 » is 1 234 to an English spreadsheet and 1,234 to a French one: parse_number took the
    decimal, silently dividing a count by a thousand; validation now asks (rule ambiguous_number)."""
    found = ambiguous_number(text)
    assert (None if found is None else (found["whole"], found["decimal_fr"], found["decimal_en"])) == readings


def test_a_number_typed_in_a_workbook_is_never_ambiguous(tmp_path):
    """1.234 typed as a number (an .xlsx cell) is 1,234: it reads back so, and is not asked about."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["period", "organisation", "target", "numerator", "denominator"])
    ws.append(["2022-2023", "MFSN", "4.2", 1.234, 2000])
    ws.append(["2022-2023", "MFEDU", "4.2", "1,234", 2000])  # typed as text: asked
    wb.save(tmp_path / "observations.xlsx")
    table = read_table(tmp_path / "observations.xlsx")
    assert [float_text(1.234), float_text(2000.0), float_text(0.125)] == ["1.2340", "2000", "0.125"]
    rows, report = validate_observations(table, STRATEGY, ORGS)
    assert list(rows["numerator"]) == [1.234]
    assert [(e.rule, e.row, e.column) for e in report.errors] == [("ambiguous_number", 3, "numerator")]


def test_an_ambiguous_head_count_is_left_empty_and_said(tmp_path):
    """« 4,200 » employees is 4 200 or 4,2: not guessed. No figure uses the head count, so the organisation
    stays (a warning, not a rejection) with no head count, and the message says what to write."""
    from barometre.validation_organisations import validate_organisations

    path = tmp_path / "organisations.csv"
    path.write_text("code,name_fr,name_en,employees\nMFSN,Santé,Health,\"4,200\"\nMFEDU,Éducation,Education,3100\n",
                    encoding="utf-8")  # fmt: skip
    orgs, report = validate_organisations(read_table(path))
    assert list(orgs["code"]) == ["MFSN", "MFEDU"] and not report.errors
    assert pd.isna(orgs["employees"].iloc[0]) and orgs["employees"].iloc[1] == 3100
    (warning,) = report.warnings
    assert (warning.row, warning.column, warning.rule) == (2, "employees", "ambiguous_number")
    assert warning.message_en.startswith("'4,200' is ambiguous: 4200 (with a thousands separator) or 4.200?")


def test_a_count_written_n_a_is_told_to_leave_the_row_out_not_to_type_a_number(tmp_path):
    """« N/A » or « s. o. » in a count was answered « inscrivez un nombre (ex. 12 ou 12,5) »: the analyst
    typed 0, and a missing figure became a zero in the government value. The advice is now the contract's:
    an organisation with nothing to report has no row. « - » and « aucun » may mean 0: not guessed."""
    assert all(not_available(x) for x in ["N/A", "n.d.", "S. O.", "s/o", " Sans  objet ", "?", "NA"])
    assert not any(not_available(x) for x in ["-", "aucun", "none", "0", "", "12", "x"])
    frame = read_table(DEMO / "observations.csv").frame.head(3).copy()
    frame.loc[0, "numerator"], frame.loc[1, "denominator"], frame.loc[2, "numerator"] = (
        "N/A",
        "s. o.",
        "douze",
    )
    frame.to_csv(tmp_path / "o.csv", index=False)
    _meta, strategy, orgs, _report = load_dataset_parts(DEMO)
    accepted, report = validate_observations(read_table(tmp_path / "o.csv"), strategy, orgs)
    assert accepted.empty and [e.row for e in report.errors] == [2, 3, 4]
    missing, other = report.errors[:2], report.errors[2]
    assert all("Retirez la ligne" in e.message for e in missing)
    assert all("a missing figure is not a zero" in e.message_en for e in missing)
    assert all(e.rule == "not_numeric" for e in report.errors) and "inscrivez un nombre" in other.message


def _workbook(path, sheets: dict[str, list[list]]):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_workbook_reads_na_and_null_as_the_csv_does_only_empty_cells_are_empty(tmp_path):
    """pandas read « NA », « N/A », « null », « NaN » and « None » typed in a workbook as missing:
    the Service Inventory's « NA » (step not applicable) became a blank and its services fell out."""
    words = ["NA", "N/A", "null", "NaN", "None", "n/a", "nan", "-NaN"]
    header = ["period", "organisation", "target", "numerator", "denominator"]
    rows = [["2022-2023", "MFSN", "1.1", w, None] for w in words]
    book = _workbook(tmp_path / "o.xlsx", {"Données": [header, *rows]})
    csv_path = tmp_path / "o.csv"
    csv_path.write_text(
        "\n".join(",".join(r) for r in [header, *[[*r[:4], ""] for r in rows]]) + "\n", encoding="utf-8"
    )
    from_book, from_csv = read_table(book).frame, read_table(csv_path).frame
    assert from_book["numerator"].tolist() == words == from_csv["numerator"].tolist()
    assert from_book["denominator"].tolist() == [""] * len(words) == from_csv["denominator"].tolist()


def test_a_workbook_with_a_title_above_its_header_is_read_with_the_rows_it_shows(tmp_path):
    """A ministry's export puts a title and a blank row above the header: the file was refused as having
    none of the required columns (« colonnes trouvées : données de collecte 2022-2023, unnamed: 1 … »)."""
    header = ["Période", "Organisme", "Cible", "Numérateur", "Dénominateur"]
    path = _workbook(tmp_path / "export.xlsx", {"Données": [
        ["Données de collecte 2022-2023 — ministère fictif"], [],
        header, ["2022-2023", "MFSN", "1.1", 3, 4], ["2022-2023", "MFSN", "1.2", 9, 4], [],
        ["2022-2023", "MFEDU", "1.1", 1, 2]]})  # fmt: skip
    table = read_table(path)
    assert list(table.frame.columns[:3]) == ["période", "organisme", "cible"] and table.rows == [4, 5, 7]
    _meta, strategy, orgs, _ = load_dataset_parts(DEMO)
    accepted, report = validate_observations(table, strategy, orgs)
    assert (report.rows_read, len(accepted)) == (3, 2)
    [error] = report.errors
    assert (error.row, error.column, error.rule) == (5, "numerator", "numerator_exceeds_denominator")


def test_a_workbook_whose_data_are_on_another_sheet_is_read_and_its_messages_name_the_sheet(tmp_path, capsys):
    """« Lisez-moi » first, the data second: the file was refused (« colonnes trouvées : — »). The data sheet
    is now read, and each message names it: « ligne 3 » alone would send the analyst to the read-me."""
    rows = [
        ["period", "organisation", "target", "numerator", "denominator"],
        ["2022-2023", "MFSN", "1.1", 3, 4],
        ["2022-2023", "MFSN", "1.2", 9, 4],
    ]
    path = _workbook(
        tmp_path / "retour.xlsx", {"Lisez-moi": [["Remplir la feuille Données."]], "Données": rows}
    )
    table = read_table(path)
    assert (table.sheet, table.rows, table.other_data_sheets) == ("Données", [2, 3], [])
    accepted, report = validate_observations(table, STRATEGY, ORGS)
    assert (report.rows_read, len(accepted)) == (2, 1) and report.warnings == []
    [error] = report.errors
    assert plain(error.describe("fr")).startswith(
        "retour.xlsx, feuille « Données », ligne 3, colonne numerator : "
    )
    assert error.describe("en").startswith("retour.xlsx, sheet 'Données', row 3, column numerator: ")
    assert error.to_dict()["sheet"] == "Données"
    assert main(["validate", "--data", str(DEMO), str(path)]) == 1
    assert "retour.xlsx, feuille « Données », ligne 3" in plain(capsys.readouterr().out)
    # a workbook with no header anywhere still reads its first row as the header (the columns it lacks are said)
    bare = read_table(_workbook(tmp_path / "x.xlsx", {"A": [["a", "b"], [1, 2]], "B": [["c"]]}))
    assert list(bare.frame.columns) == ["a", "b"] and bare.rows == [2] and bare.sheet == "A"
    with pytest.raises(InputFileError) as caught:
        validate_observations(bare, STRATEGY, ORGS)
    assert "x.xlsx, feuille « A » : colonnes obligatoires absentes" in plain(caught.value.message)


def test_a_second_sheet_of_data_is_said_not_read_in_silence(tmp_path):
    """One sheet a year in one workbook: only the first was read, and the other year's rows were lost
    without a word. The data sheet is still the first; each other sheet that looks like data is a warning."""
    header = ["period", "organisation", "target", "numerator", "denominator"]
    path = _workbook(tmp_path / "annees.xlsx", {
        "2022-2023": [header, ["2022-2023", "MFSN", "1.1", 3, 4]],
        "Notes": [["Collecte de juin."]],
        "2021-2022": [["Données 2021-2022"], header, ["2021-2022", "MFSN", "1.1", 2, 4]]})  # fmt: skip
    table = read_table(path)
    assert (table.sheet, table.other_data_sheets) == ("2022-2023", ["2021-2022"])
    accepted, report = validate_observations(table, STRATEGY, ORGS)
    assert len(accepted) == 1 and report.errors == []
    [warning] = report.warnings
    assert (warning.rule, warning.sheet) == ("other_data_sheet", "2021-2022")
    assert plain(warning.describe("fr")).startswith(
        "annees.xlsx, feuille « 2021-2022 » : Cette feuille semble aussi contenir des données"
    )
    assert "here '2022-2023'" in warning.message_en


@pytest.mark.parametrize("title", ["Données de collecte 2022-2023", "Données de collecte 2022-2023;;;;"])
def test_a_csv_with_a_title_line_above_its_header_is_read_with_the_rows_it_shows(tmp_path, title):
    """The same export saved as CSV: a title line (with or without the separators Excel writes), a blank line,
    then a « ; » header. The title was taken for the header, and « ; » was not even found as the separator."""
    path = tmp_path / "export.csv"
    path.write_text(f"{title}\n\nPériode;Organisme;Cible;Numérateur;Dénominateur\n2022-2023;MFSN;1.1;3;4\n"
                    "2022-2023;MFSN;1.2;9;4\n", encoding="utf-8")  # fmt: skip
    table = read_table(path)
    assert table.separator == ";" and table.rows == [4, 5]
    _meta, strategy, orgs, _ = load_dataset_parts(DEMO)
    accepted, report = validate_observations(table, strategy, orgs)
    assert (report.rows_read, len(accepted)) == (2, 1) and [e.row for e in report.errors] == [5]


def test_a_utf8_file_with_one_line_in_cp1252_is_read_line_by_line_and_said(tmp_path):
    """One line typed in Windows-1252 in a UTF-8 file made the whole file read as Windows-1252: every other
    accented letter was garbled (« RÃ©visÃ© ») and published, exit 0, without a word. Each line is now read
    in its own encoding, and the lines that were not UTF-8 are named in a warning."""
    lines = ["period,organisation,target,numerator,denominator,note", "2022-2023,MFSN,1.1,3,4,Révisé",
             "2022-2023,MFSN,1.2,2,4,Vérifié", "2022-2023,MFEDU,1.1,1,2,Étape"]  # fmt: skip
    data = b"\n".join(line.encode("cp1252" if i == 2 else "utf-8") for i, line in enumerate(lines))
    (tmp_path / "o.csv").write_bytes(data + b"\n")
    table = read_table(tmp_path / "o.csv")
    assert table.encoding == "utf-8" and list(table.frame["note"]) == ["Révisé", "Vérifié", "Étape"]
    accepted, report = validate_observations(table, STRATEGY, ORGS)
    assert len(accepted) == 3 and report.errors == []
    [warning] = report.warnings
    assert warning.rule == "mixed_encoding"
    assert plain(warning.describe("fr")).startswith("o.csv : La ligne 3 n'est pas en UTF-8 comme le reste")
    assert warning.describe("en").startswith("o.csv: Line 3 is not in UTF-8 like the rest of the file")
    # a file wholly in Windows-1252 is read as before, without a word
    (tmp_path / "w.csv").write_bytes("\n".join(lines).encode("cp1252"))
    whole = read_table(tmp_path / "w.csv")
    assert whole.encoding == "cp1252" and whole.notes == [] and whole.frame.loc[2, "note"] == "Étape"


HEADER = ["period", "organisation", "target", "numerator", "denominator"]


def test_a_hidden_sheet_first_is_not_read_instead_of_the_visible_data(tmp_path):
    """A hidden stale sheet « Ancien 2021 » placed first was read instead of the visible « Données »: wrong
    figures, exit 0. Visible sheets come first; a hidden sheet is read only when no visible one has data,
    and then that is said."""
    path = _workbook(tmp_path / "o.xlsx", {"Ancien 2021": [HEADER, ["2020-2021", "MFSN", "1.1", 1, 9]],
                                           "Données": [HEADER, ["2022-2023", "MFSN", "1.1", 3, 4]]})  # fmt: skip
    _hide(path, "Ancien 2021")
    table = read_table(path)
    assert (table.sheet, table.other_data_sheets, table.notes) == ("Données", ["Ancien 2021"], [])
    assert list(table.frame.iloc[0]) == ["2022-2023", "MFSN", "1.1", "3", "4"]
    only_hidden = _workbook(tmp_path / "h.xlsx", {"Lisez-moi": [["Voir la feuille Données."]],
                                                  "Données": [HEADER, ["2022-2023", "MFSN", "1.1", 3, 4]]})  # fmt: skip
    _hide(only_hidden, "Données")
    table = read_table(only_hidden)
    accepted, report = validate_observations(table, STRATEGY, ORGS)
    assert table.sheet == "Données" and len(accepted) == 1
    [warning] = report.warnings
    assert warning.rule == "hidden_sheet" and "La feuille « Données » est masquée" in plain(warning.message)
    assert "Sheet 'Données' is hidden in the workbook" in warning.message_en


def _hide(path, sheet):
    import openpyxl

    book = openpyxl.load_workbook(path)
    book[sheet].sheet_state = "hidden"
    book.save(path)


def test_na_typed_in_a_workbook_is_text_not_an_empty_cell(tmp_path):
    """pandas took « NA », « N/A » in a workbook for empty cells: an organisation coded NA was « vide », a
    numerator typed N/A got « La cellule est vide » instead of the advice to remove the row."""
    path = _workbook(tmp_path / "o.xlsx", {"Données": [
        HEADER, ["2022-2023", "NA", "1.1", 3, 4], ["2022-2023", "MFSN", "1.1", "N/A", 4],
        ["2022-2023", "MFSN", "1.2", 1, "n/a"]]})  # fmt: skip
    table = read_table(path)
    assert list(table.frame["organisation"]) == ["NA", "MFSN", "MFSN"]
    _accepted, report = validate_observations(table, STRATEGY, ORGS)
    assert [(e.row, e.rule) for e in report.errors] == [(2, "unknown_organisation"), (3, "not_numeric"),
                                                       (4, "not_numeric")]  # fmt: skip
    assert all("Retirez la ligne" in e.message for e in report.errors[1:])


def test_a_formula_without_a_saved_result_is_said_to_be_one(tmp_path):
    """A workbook written by a program has formulas but no saved results: every row was « La cellule
    « numerator » est vide ; elle est obligatoire ». The message now says it is a formula, and what to do."""
    path = _workbook(tmp_path / "o.xlsx", {"Données": [
        HEADER + ["a", "b"], ["2022-2023", "MFSN", "1.1", "=F2+G2", 4, 1, 2]]})  # fmt: skip
    _accepted, report = validate_observations(read_table(path), STRATEGY, ORGS)
    [error] = report.errors
    assert (error.row, error.column, error.value) == (2, "numerator", "=F2+G2")
    assert "est une formule sans résultat enregistré" in error.message and "Valeurs" in error.message
    assert "is a formula with no saved result" in error.message_en


def test_a_formula_typed_in_a_csv_is_not_told_to_open_excel(tmp_path):
    """« =12 » in a CSV was told « formule sans résultat enregistré (classeur écrit par un programme) … Ouvrez
    le classeur dans Excel »: there is no workbook. It is told to enter the number itself."""
    path = tmp_path / "o.csv"
    path.write_text(",".join(HEADER) + "\n2022-2023,MFSN,1.1,=12,16\n", encoding="utf-8")
    _accepted, report = validate_observations(read_table(path), STRATEGY, ORGS)
    [error] = report.errors
    assert (error.row, error.column, error.value) == (2, "numerator", "=12")
    assert "que ce fichier (qui n'est pas un classeur) ne calcule pas" in error.message
    assert "Excel" not in error.message and "Enter the number itself" in error.message_en


def test_an_excel_error_in_a_count_is_said_to_be_one_in_a_workbook_and_in_a_csv(tmp_path):
    """A cell showing « #N/A » (a lookup that failed) was read as empty: « La cellule « denominator » est
    vide » about a cell that is not. The message now quotes the error and says to fix the formula; the same
    error text exported to a CSV gets the same words."""
    path = _workbook(tmp_path / "o.xlsx", {"Données": [HEADER, ["2022-2023", "MFSN", "1.1", 3, "#N/A"]]})
    _accepted, report = validate_observations(read_table(path), STRATEGY, ORGS)
    [error] = report.errors
    assert (error.row, error.column, error.value) == (2, "denominator", "#N/A")
    assert "«\u00a0#N/A\u00a0» est une erreur de calcul du classeur" in error.message
    assert "'#N/A' is a calculation error of the workbook" in error.message_en
    csv_path = tmp_path / "o.csv"
    csv_path.write_text(",".join(HEADER) + "\n2022-2023,MFSN,1.1,#DIV/0!,4\n", encoding="utf-8")
    _accepted, report = validate_observations(read_table(csv_path), STRATEGY, ORGS)
    [error] = report.errors
    assert error.column == "numerator" and "«\u00a0#DIV/0!\u00a0» est une erreur de calcul" in error.message
    # a CSV saved by a French Excel or LibreOffice keeps the French words; a formula may follow a space
    csv_path.write_text(",".join(HEADER) + "\n2022-2023,MFSN,1.1,#VALEUR!,4\n2022-2023,MFSN,1.2, =3,4\n",
                        encoding="utf-8")  # fmt: skip
    _accepted, report = validate_observations(read_table(csv_path), STRATEGY, ORGS)
    french, spaced = report.errors
    assert "«\u00a0#VALEUR!\u00a0» est une erreur de calcul" in french.message
    assert "est une formule" in spaced.message


def test_a_date_written_day_month_year_in_a_csv_is_said_with_each_reading(tmp_path):
    """« 01/04/2022 » in the period column had the generic « Période inconnue » (the ISO date had its fiscal
    year): now both readings are given when they fall in different fiscal years, one when they agree or a
    day above 12 decides."""
    path = tmp_path / "o.csv"
    rows = {"1.1": "01/04/2022", "1.2": "15/06/2022", "1.3": "02/03/2022", "2.1": "31/02/2022"}
    lines = "".join(f"{period},MFSN,{target},3,4\n" for target, period in rows.items())
    path.write_text(",".join(HEADER) + "\n" + lines, encoding="utf-8")
    _accepted, report = validate_observations(read_table(path), STRATEGY, ORGS)
    either, june, march, impossible = (plain(e.message) for e in report.errors)
    assert (
        "Lue jour/mois (1er avril 2022), elle tombe dans l'exercice 2022-2023 ; lue mois/jour (4 janvier 2022), "
        "dans l'exercice 2021-2022" in either
    )
    assert (
        "Read day/month (April 1, 2022), it falls in fiscal year 2022-2023; read month/day (January 4, 2022)"
        in plain(report.errors[0].message_en)
    )
    assert "Cette date tombe dans l'exercice 2022-2023" in june
    assert "Cette date tombe dans l'exercice 2021-2022" in march  # 2 March or 3 February: the same year
    assert "c'est une date" not in impossible and "inconnue" in impossible


def test_a_date_in_the_period_column_is_said_to_be_one_with_its_fiscal_year(tmp_path):
    """Excel dates in the period column gave « Période « 2019-04-01 00:00:00 » inconnue ». The message says it
    is a date and the fiscal year it falls in; a date shown as a year alone (format yyyy) is that year, with
    the year-alone advice. Nothing is mapped in silence."""
    import datetime as dt

    path = _workbook(tmp_path / "o.xlsx", {"Données": [
        HEADER, [dt.datetime(2019, 4, 1), "MFSN", "1.1", 3, 4], [dt.datetime(2020, 3, 31), "MFSN", "1.2", 1, 4],
        [dt.datetime(2019, 1, 1), "MFSN", "1.3", 1, 4]]})  # fmt: skip
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["Données"]["A4"].number_format = "yyyy"
    book.save(path)
    table = read_table(path)
    assert list(table.frame["period"]) == ["2019-04-01", "2020-03-31", "2019"]
    accepted, report = validate_observations(table, STRATEGY, ORGS)
    assert accepted.empty and [e.rule for e in report.errors] == ["unknown_period"] * 3
    first, second, year = report.errors
    assert "c'est une date" in first.message and "tombe dans l'exercice 2019-2020" in plain(first.message)
    assert "falls in fiscal year 2019-2020" in second.message_en
    assert "écrit avec ses deux années (2019-2020)" in year.message
    frame = read_table(DEMO / "observations.csv").frame.head(1).assign(period=pd.to_datetime(["2022-06-30"]))
    frame.to_parquet(tmp_path / "o.parquet", index=False)  # a Parquet timestamp too
    _accepted, report = validate_observations(read_table(tmp_path / "o.parquet"), STRATEGY, ORGS)
    assert report.errors[0].value == "2022-06-30" and "l'exercice 2022-2023" in report.errors[0].message


def test_a_count_shown_as_a_percentage_in_a_workbook_is_refused_as_one(tmp_path):
    """0.75 shown « 75 % » in the numerator was taken for the count 0.75. It is read as shown, « 75 % », and
    refused as the same text in a CSV is (write the two counts); plain numbers are unchanged. A whole number
    in that format (a column of counts formatted by mistake, 9 shown « 900 % ») stays the count, and is said."""
    path = _workbook(tmp_path / "o.xlsx", {"Données": [
        HEADER, ["2022-2023", "MFSN", "1.1", 0.75, 1], ["2022-2023", "MFSN", "1.2", 0.5, 1],
        ["2022-2023", "MFSN", "1.3", 3, 4], ["2022-2023", "MFEDU", "1.1", 3, 9]]})  # fmt: skip
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["Données"]["D2"].number_format = "0 %"
    book["Données"]["E5"].number_format = "0.00%"
    book.save(path)
    table = read_table(path)
    assert (
        list(table.frame["numerator"]) == ["75 %", "0.5", "3", "3"]
        and table.frame.loc[3, "denominator"] == "9"
    )
    accepted, report = validate_observations(table, STRATEGY, ORGS)
    assert len(accepted) == 3
    [error] = report.errors
    assert (error.row, error.rule, error.value) == (2, "not_numeric", "75 %")
    assert "« 75 % » est un pourcentage" in plain(error.message) and "not their ratio" in error.message_en
    decimal, warning = report.warnings  # 0.5 services in a plain cell is a count to check (decimal_count)
    assert (decimal.rule, decimal.row, decimal.value) == ("decimal_count", 3, "0.5")
    assert (warning.rule, warning.column) == ("percent_format_whole", "denominator")
    assert plain(warning.describe("fr")).startswith(
        "o.xlsx, colonne denominator : La cellule de la ligne 5 est"
    )
    assert "is formatted as a percentage but holds a whole number" in warning.message_en


def test_invisible_characters_around_a_code_are_removed_like_white_space(tmp_path):
    """A zero-width space pasted before a code gave « Organisation « ​MFEDU » inconnue … Vouliez-vous dire
    « MFEDU » ? »: two codes that look the same. Zero-width characters are removed like white space, in every
    cell and header; the row is accepted."""
    path = tmp_path / "o.csv"
    path.write_text("\u200bperiod,organisation,target,numerator,denominator,note\n"
                    "2022-2023,\u200bMFEDU,1.1,3,4,vu\u200d\n2022-2023,MF\u2060SN\ufeff,1.2,\u200b2,4,\n"
                    "2022-2023,MFSN,1.3,1,4,\u200d\U0001f469\u200d\U0001f4bb\n", encoding="utf-8")  # fmt: skip
    table = read_table(path)
    assert list(table.frame["organisation"]) == ["MFEDU", "MFSN", "MFSN"]
    assert list(table.frame["note"]) == ["vu", "", "\U0001f469\u200d\U0001f4bb"]  # a joiner inside is kept
    accepted, report = validate_observations(table, STRATEGY, ORGS)
    assert len(accepted) == 3 and report.errors == [] and report.warnings == []


def test_rows_repeated_many_times_are_told_in_linear_time(tmp_path, monkeypatch):
    """A file whose rows are all repeats did not scale: each of a key's k rows listed the k - 1 others from
    scratch (k² work per key): 50 000 rows took 16 s, 1 000 000 were killed after 15 minutes. Each key's
    rows are now ranged once; the messages are the same."""
    import random

    from barometre import row_words
    from barometre.row_words import OtherRows, rows_listed_each

    random.seed(3)
    for _ in range(500):  # each row's listing of the others, as the old way wrote it
        n = random.randint(2, 30)
        rows = sorted(random.sample(range(2, 2 + random.choice([n, 2 * n, 10 * n])), n))
        group = OtherRows(rows)
        assert all(group.without(r) == rows_listed_each([x for x in rows if x != r]) for r in rows)
    ranged = []
    real = row_words.row_ranges
    monkeypatch.setattr(row_words, "row_ranges", lambda rows: ranged.append(len(list(rows))) or real(rows))
    head = read_table(DEMO / "observations.csv").frame.head(5)
    repeated = pd.concat([head] * 400, ignore_index=True)  # 2 000 rows, 5 keys of 400 rows
    repeated["note"] = [
        f"copie {i}" for i in range(len(repeated))
    ]  # each differs (an identical copy is kept once)
    repeated.to_csv(tmp_path / "o.csv", index=False)
    accepted, report = validate_observations(read_table(tmp_path / "o.csv"), STRATEGY, ORGS)
    assert (
        accepted.empty and len(report.errors) == 2000 and {e.rule for e in report.errors} == {"duplicate_key"}
    )
    assert "figure aussi aux lignes 7, 12, 17, 22, 27, 32 et 393 autres" in report.errors[0].message
    assert sum(ranged) <= 2 * 2000, "rows ranged per row of a key, not once per key"


def _sheet_book(path, rows):
    """A one-sheet workbook of ``rows`` (the first is the header)."""
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_a_formula_whose_saved_result_is_empty_reads_empty_not_as_its_text(tmp_path):
    """=IF(D2>5;"élevé";"") saved by Excel with an empty result (<v></v>, type str) read as the formula's
    text: a note published as « =IF(D2>5,"élevé","") », a count refused as a formula without a result."""
    import re
    import zipfile

    header = ["period", "organisation", "target", "numerator", "denominator", "note"]
    path = _sheet_book(
        tmp_path / "f.xlsx", [header, ["2022-2023", "MFSN", "1.1", 3, 8, '=IF(D2>5,"haut","")']]
    )
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    text = parts[sheet].decode("utf-8")
    text, n = re.subn(
        r'<c r="F2"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>)?</c>',
        r'<c r="F2" t="str"><f>\2</f><v></v></c>',
        text,
    )
    assert n == 1
    parts[sheet] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    table = read_table(path)
    assert table.frame["note"].tolist() == [""]


def test_a_cell_right_of_the_header_is_said_not_dropped(tmp_path, capsys):
    """A remark typed in G2, beyond the header's last column, was dropped without a word."""
    header = ["period", "organisation", "target", "numerator", "denominator"]
    path = _sheet_book(
        tmp_path / "beyond.xlsx", [header, ["2022-2023", "MFSN", "1.1", 3, 8, None, "voir courriel"]]
    )
    assert main(["validate", str(path), "--data", str(DEMO)]) == 0
    out = capsys.readouterr().out
    assert "colonne unnamed: 6" in out and "Aucune règle ne lit cette colonne" in out


def test_in_a_column_of_rates_100_and_0_percent_are_rates_too(tmp_path):
    """0.75, 1 and 0 typed as rates in a « 0 % » column: 0.75 was refused as « 75 % », but 1 and 0 were
    accepted as counts. A « % » in quoted text of a format (0" %") is no percentage format."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["period", "organisation", "target", "numerator", "denominator"])
    for i, (num, fmt) in enumerate([(0.75, "0 %"), (1, "0 %"), (0, "0 %"), (9, '0" %"')], start=2):
        ws.append(["2022-2023", "MFSN", f"1.{i - 1}", num, 10])
        ws.cell(i, 4).number_format = fmt
    wb.save(tmp_path / "rates.xlsx")
    table = read_table(tmp_path / "rates.xlsx")
    assert table.frame["numerator"].tolist() == ["75 %", "100 %", "0 %", "9"]
