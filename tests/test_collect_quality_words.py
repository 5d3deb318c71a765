"""The data-quality report and ``ingest``'s console in words the analyst can act on (a user test of a season)."""

import html
import shlex
import sys
from pathlib import Path

import pandas as pd
import pytest

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
    # a target left empty without a word keeps its own
    assert "Données!C15\u00a0: Cible 5.2 laissée vide\u00a0: aucune donnée déclarée" in out
    details = _details(dataset)
    mine = details[(details["organisation"] == "MFJUS") & (details["rule"] == "target_empty")].set_index(
        "value"
    )
    assert mine.loc["6.1", "cell"] == "Données!C16" and "commentaire" not in mine.loc["5.2", "message_fr"]
    assert fr in mine.loc["6.1", "message_fr"] and en in mine.loc["6.1", "message_en"]
    assert fr in _report(dataset, "fr") and en in _report(dataset, "en")


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
