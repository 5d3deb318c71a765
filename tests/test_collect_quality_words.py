"""The data-quality report and ``ingest``'s console in words the analyst can act on (a user test of a season)."""

import html
import shlex
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "collect"))
from barometre.cli import main  # noqa: E402
from barometre.collect.ingest import ingest  # noqa: E402
from barometre.collect.quality import build_quality, write_quality  # noqa: E402
from barometre.collect.templates import write_templates  # noqa: E402
from collect_helpers import PERIOD, dataset_without, fill  # noqa: E402

pytestmark = pytest.mark.cost(4)  # CPU-seconds: the costliest start first (conftest)

NOTE = "Données non disponibles cette année"


@pytest.fixture
def dataset(tmp_path) -> Path:
    return dataset_without(tmp_path)


@pytest.fixture
def forms(dataset, tmp_path) -> Path:
    out = tmp_path / "forms"
    write_templates(dataset, PERIOD, out)
    return out


def _report(dataset: Path, lang: str) -> str:
    """The quality report's HTML page in ``lang``, as people read it (entities resolved)."""
    return html.unescape((dataset / "qualite" / f"qualite-{PERIOD}-{lang}.html").read_text("utf-8"))


def _details(dataset: Path) -> pd.DataFrame:
    return pd.read_csv(
        dataset / "qualite" / f"qualite-{PERIOD}-details.csv", dtype=str, keep_default_na=False
    )


def test_a_target_left_empty_with_a_comment_quotes_the_comment_on_the_console_and_in_the_report(
    dataset, forms, capsys
):
    """MFJUS left 6.1 empty with « Données non disponibles cette année » in E16: ingest and the report said
    only « aucune donnée déclarée », and the analyst would chase a ministry that had explained already."""
    path = fill(forms / f"collecte-MFJUS-{PERIOD}.xlsx")
    fill(path, {"6.1": (None, None, NOTE), "5.2": (None, None, None)})
    assert main(["ingest", str(path), "--period", PERIOD, "--data", str(dataset)]) == 0
    out = capsys.readouterr().out
    fr = f"Cible 6.1 laissée vide, avec ce commentaire de l'organisation (E16)\u00a0: «\u00a0{NOTE}\u00a0»."
    en = f"Target 6.1 left empty, with this comment from the organisation (E16): '{NOTE}'."
    assert f"Données!C16\u00a0: {fr}" in out and f"Données!C16: {en}" in out, out
    # the targets left empty without a word keep theirs (3.1 is not in MFJUS's demo figures)
    assert "Données!C11, C15\u00a0: Cibles 3.1 et 5.2 laissées vides\u00a0: aucune donnée déclarée" in out
    details = _details(dataset)
    mine = details[(details["organisation"] == "MFJUS") & (details["rule"] == "target_empty")].set_index(
        "value"
    )
    assert mine.loc["6.1", "cell"] == "Données!C16" and "commentaire" not in mine.loc["5.2", "message_fr"]
    assert fr in mine.loc["6.1", "message_fr"] and en in mine.loc["6.1", "message_en"]
    assert fr in _report(dataset, "fr") and en in _report(dataset, "en")


def test_a_workbook_s_empty_targets_are_told_in_one_line_and_its_cells_in_the_sheet_s_order(
    dataset, forms, capsys
):
    """At 300 organisations an empty workbook made ten lines « Cible 1.1 laissée vide … » each on the console
    and in the report (455 of them in one season), and the report sorted its cells as text: C10…C16, then C7."""
    empty = forms / f"collecte-MFJUS-{PERIOD}.xlsx"  # sent back as it was received
    some = fill(forms / f"collecte-MFEDU-{PERIOD}.xlsx")
    fill(some, {"1.2": (None, None, None), "1.3": (None, None, None), "4.1": (None, None, None),
                "6.1": (None, None, NOTE)})  # fmt: skip
    assert main(["ingest", str(empty), str(some), "--period", PERIOD, "--data", str(dataset)]) == 0
    out = capsys.readouterr().out
    ten = "Cibles 1.1, 1.2, 1.3, 2.1, 3.1, 4.1, 4.2, 5.1, 5.2 et 6.1 laissées vides\u00a0: aucune donnée déclarée"
    # MFEDU reports no 4.2 in the demo: C12:C13
    four = (
        "Données!C8:C9, C12:C13\u00a0: Cibles 1.2, 1.3, 4.1 et 4.2 laissées vides"  # runs of rows as ranges
    )
    assert f"collecte-MFJUS-{PERIOD}.xlsx, Données!C7:C16\u00a0: {ten}" in out and four in out, out
    assert "Targets 1.2, 1.3, 4.1 and 4.2 left empty: no data reported (these are not zeros)." in out
    assert "laissée vide\u00a0: aucune" not in out  # no target on its own line
    assert "Cible 6.1 laissée vide, avec ce commentaire" in out  # a target with its comment keeps its own
    for lang, words in (
        ("fr", ten),
        ("en", "Targets 1.1, 1.2, 1.3, 2.1, 3.1, 4.1, 4.2, 5.1, 5.2 and 6.1 left"),
    ):
        page = _report(dataset, lang)
        assert page.count(words) == 1 and page.count(four.split("\u00a0: ")[0]) == 1
    details = _details(dataset)  # for machines, one line per target, in the sheet's order
    mine = details[(details["organisation"] == "MFJUS") & (details["rule"] == "target_empty")]
    assert list(mine["cell"]) == [f"Données!C{row}" for row in range(7, 17)]


def test_the_report_s_detail_command_works_as_written_from_the_folder_ingest_was_run_in(
    dataset, forms, tmp_path, monkeypatch, capsys
):
    """« Détail : barometre validate collecte-MFENV-2023-2024.xlsx » had no folder and no --data: run as
    given it said « Fichier introuvable », or checked the file against the demo's strategy."""
    monkeypatch.chdir(tmp_path)
    week = Path("retours") / "semaine 2"
    week.mkdir(parents=True)
    mfjus = week / f"collecte-MFJUS-{PERIOD} corrigé.xlsx"
    fill(forms / f"collecte-MFJUS-{PERIOD}.xlsx").rename(mfjus)
    fill(mfjus, {"6.1": (None, None, NOTE)})
    data = dataset.relative_to(tmp_path)
    assert main(["ingest", str(mfjus), "--period", PERIOD, "--data", str(data)]) == 0
    mfsn = fill(forms / f"collecte-MFSN-{PERIOD}.xlsx")
    assert main(["ingest", str(mfsn), "--period", PERIOD, "--data", str(data)]) == 0
    capsys.readouterr()
    details = _details(dataset)
    said = details[details["organisation"] == "MFJUS"].set_index("rule").loc["earlier_return"]
    command = said["message_fr"].split("Détail\u00a0: ")[1]
    assert said["message_en"].split("Details: ")[1] == command
    assert command in _report(dataset, "fr") and command in _report(dataset, "en")
    argv = shlex.split(command)
    assert argv == ["barometre", "validate", str(mfjus), "--data", str(data)]  # its strategy, not the demo's
    assert main(argv[1:]) == 0  # run as written, from where ingest was run
    out = capsys.readouterr().out
    assert "introuvable" not in out and f"(E16)\u00a0: «\u00a0{NOTE}\u00a0»" in out, out


def test_the_english_quality_report_gives_the_dataset_s_english_title(dataset, forms):
    """The English report's footer read « Dataset: Baromètre de démonstration (données fictives) » though
    dataset.yaml has title_en."""
    meta = (dataset / "dataset.yaml").read_text("utf-8")
    meta = "\n".join(line for line in meta.splitlines() if not line.startswith("title"))
    (dataset / "dataset.yaml").write_text(
        f"title: Baromètre du réseau\ntitle_en: Network barometer\n{meta}\n", "utf-8"
    )
    assert main(["ingest", str(fill(forms / f"collecte-MFSN-{PERIOD}.xlsx")), "--period", PERIOD,
                 "--data", str(dataset)]) == 0  # fmt: skip
    en, fr = _report(dataset, "en"), _report(dataset, "fr")
    assert "Dataset: Network barometer." in en and "Baromètre du réseau" not in en
    assert "Jeu de données\u00a0: Baromètre du réseau." in fr


def test_the_html_report_says_rules_in_words_and_times_the_french_way_the_csv_keeps_codes(dataset, forms):
    """The French page's « Règle » column showed codes (``resubmitted_in_batch``) and « Dernière soumission »
    a raw ISO time; the CSV files keep both as machines read them."""
    mfjus = fill(forms / f"collecte-MFJUS-{PERIOD}.xlsx")
    fill(mfjus, {"6.1": (None, None, None)})
    ingest([mfjus], PERIOD, dataset, now="2026-12-01T09:05:00Z")
    report = build_quality(ingest([fill(forms / f"collecte-MFSN-{PERIOD}.xlsx")], PERIOD, dataset,
                                  now="2026-12-06T10:20:00Z"))  # fmt: skip
    paths = write_quality(report, dataset / "qualite")
    fr, en = _report(dataset, "fr"), _report(dataset, "en")
    for page in (fr, en):
        assert "T10:20" not in page and "T09:05" not in page
        assert not [rule for rule in {i.rule for i in report.details} if rule in page]
    assert "<td>6\u00a0décembre\u00a02026, 10\u00a0h\u00a020\u00a0UTC</td>" in fr  # MFSN's last submission
    assert (
        "Retour intégré le 1er\u00a0décembre\u00a02026, 9\u00a0h\u00a005\u00a0UTC" in fr
    )  # MFJUS's, earlier
    assert "Dernière ingestion\u00a0: 6\u00a0décembre\u00a02026, 10\u00a0h\u00a020\u00a0UTC." in fr
    assert "<td>December\u00a06, 2026, 10:20\u00a0UTC</td>" in en and "Règle" not in fr and ">Rule<" not in en
    table = pd.read_csv(paths[0], dtype=str, keep_default_na=False).set_index("organisation")
    assert table.loc[["MFSN", "MFJUS"], "last_submission"].tolist() == [
        "2026-12-06T10:20:00Z",
        "2026-12-01T09:05:00Z",
    ]
    assert "earlier_return" in set(_details(dataset)["rule"])


# --- a warning about a whole sheet or a column of a returned file is its organisation's -----------------


def _quality(dataset: Path) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The report's table by organisation, its details, and its French page as people read it."""
    table = pd.read_csv(dataset / "qualite" / f"qualite-{PERIOD}.csv", dtype=str, keep_default_na=False)
    return table.set_index("organisation"), _details(dataset), _report(dataset, "fr")


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
