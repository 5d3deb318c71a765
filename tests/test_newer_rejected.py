"""A newer period whose rows were all rejected: never the previous one published by default, unsaid.

The latest period written « 2023 » (not a fiscal year), or next year's rows before the strategy follows it:
``render`` and ``brief`` without ``--period`` published the period before, exit 0; ``publish``'s record said
nothing of the newer period.
"""

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from barometre.api import resolve_period
from barometre.cli import main
from barometre.dataset import load_dataset
from barometre.errors import NoUsableDataError
from barometre.newer_rejected import newer_rejected
from conftest import ROOT, deck_texts, plain, rewrite_csv

sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from synthetic import write_dataset  # noqa: E402

pytestmark = pytest.mark.cost(20)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """Six synthetic organisations, two ambitions, 2019-2020 to 2022-2023."""
    return write_dataset(tmp_path_factory.mktemp("small") / "data", organisations=6, ambitions=["1", "4"])


def year_written_alone(small: Path, tmp_path: Path) -> tuple[Path, int]:
    """The last period's rows written « 2023 »: all rejected, 2021-2022 the latest accepted."""
    data = tmp_path / "data"
    shutil.copytree(small, data)
    n = []

    def rewrite(rows: list[dict]) -> list[dict]:
        n.append(sum(r["period"] == "2022-2023" for r in rows))
        return [{**r, "period": "2023"} if r["period"] == "2022-2023" else r for r in rows]

    rewrite_csv(data / "observations.csv", rewrite)
    return data, n[0]


def next_year(small: Path, tmp_path: Path) -> tuple[Path, int]:
    """The last period's rows copied as 2023-2024, after the strategy: all rejected."""
    data = tmp_path / "data"
    shutil.copytree(small, data)
    n = []

    def rewrite(rows: list[dict]) -> list[dict]:
        new = [{**r, "period": "2023-2024"} for r in rows if r["period"] == "2022-2023"]
        n.append(len(new))
        return rows + new

    rewrite_csv(data / "observations.csv", rewrite)
    return data, n[0]


def test_a_period_written_as_one_year_is_newer_and_left_out_of_earlier_reports(small, tmp_path):
    data, n = year_written_alone(small, tmp_path)
    rewrite_csv(data / "observations.csv", lambda rows: [*rows, {**rows[0], "period": ""}])  # no year at all
    ds = load_dataset(data)
    assert ds.latest_period == "2021-2022" and n > 0
    (found,) = newer_rejected(ds)
    assert (found.period, found.rows, found.latest) == ("2023", n, "2021-2022")
    assert "2023" in found.reason["fr"] and "2023" in found.reason["en"]
    # « 2023 » is 2022-2023 or 2023-2024: after 2021-2022 either way, so its rows are not what an earlier
    # report knew (they were counted in every report); a row without a year is counted in each
    assert ds.rows_rejected_up_to("2021-2022") == 1 and ds.rows_rejected_up_to("2019-2020") == 1
    assert ds.rows_rejected_up_to("2022-2023") == n + 1 == ds.report.rows_rejected


def test_the_default_period_is_refused_and_an_explicit_one_is_not(small, tmp_path):
    data, n = next_year(small, tmp_path)
    ds = load_dataset(data)
    with pytest.raises(NoUsableDataError) as caught:
        resolve_period(ds, None)
    said = plain(str(caught.value))
    assert f"Période « 2023-2024 » : ses {n} lignes ont toutes été rejetées." in said
    assert f"Period '2023-2024': all its {n} rows were rejected." in said
    assert "postérieure à la stratégie" in said  # the cause
    assert "« --period 2022-2023 »" in said and "'--period 2022-2023'" in said  # how to go on
    assert said.index("Période") < said.index("Period '")  # French, then English
    assert resolve_period(ds, "2022-2023") == "2022-2023"
    assert caught.value.exit_code == 1


def test_a_rejected_row_without_a_later_year_does_not_stop_the_default(small, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(small, data)
    rewrite_csv(
        data / "observations.csv",
        lambda rows: [{**rows[0], "period": ""}, {**rows[1], "period": "2018-2019"}, *rows[2:]],
    )
    ds = load_dataset(data)
    assert ds.report.rows_rejected == 2 and newer_rejected(ds) == []
    assert resolve_period(ds, None) == "2022-2023"


def test_a_later_strategy_period_whose_rows_all_failed_stops_the_default(small, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(small, data)
    rewrite_csv(
        data / "observations.csv",
        lambda rows: [{**r, "numerator": "beaucoup"} if r["period"] == "2022-2023" else r for r in rows],
    )
    ds = load_dataset(data)
    (found,) = newer_rejected(ds)
    assert found.period == "2022-2023" and found.latest == "2021-2022" and "beaucoup" in found.reason["fr"]


def test_render_without_a_period_stops_before_any_page(small, tmp_path, capsys):
    data, n = year_written_alone(small, tmp_path)
    out = tmp_path / "reports"
    assert main(["render", "--data", str(data), "--out", str(out), "--lang", "fr", "--jobs", "1"]) == 1
    err = plain(capsys.readouterr().err)
    assert f"Période « 2023 » : ses {n} lignes ont toutes été rejetées. Une période est un exercice" in err
    error = err[
        err.index("Erreur / Error") :
    ]  # the period named once in each language (the cause said it again)
    assert error.count("Période « 2023 »") == 1 and error.count("Period '2023'") == 1, error
    assert f"Period '2023': all its {n} rows were rejected. A period is a fiscal year" in error
    assert "« --period 2021-2022 »" in err and "Traceback" not in err
    assert not (out / "2021-2022").exists()


def test_brief_without_a_period_stops_and_writes_nothing(small, tmp_path, capsys):
    data, n = year_written_alone(small, tmp_path)
    out = tmp_path / "pack"
    assert main(["brief", "--data", str(data), "--lang", "fr", "--out", str(out)]) == 1
    err = plain(capsys.readouterr().err)
    assert f"Period '2023': all its {n} rows were rejected." in err and "Traceback" not in err
    assert not out.exists() or not any(out.rglob("*.pdf"))


def test_publish_says_in_its_record_that_a_newer_period_was_entirely_rejected(small, tmp_path, caplog):
    data, n = next_year(small, tmp_path)
    out = tmp_path / "reports"
    args = ["publish", "--data", str(data), "--out", str(out), "--lang", "fr", "--periods", "2022-2023"]
    assert main([*args, "--jobs", "1"]) == 1
    (path,) = sorted((out / "runs").glob("*.json"))
    record = json.loads(path.read_text(encoding="utf-8"))
    assert (
        record["exit_code"] == 1 and record["status"] == "failures"
    )  # « Publié avec erreurs », never « Publié »
    said = [plain(e) for e in record["errors"] if "entièrement rejetée" in e]
    assert len(said) == 1
    assert said[0].startswith(f"Période « 2023-2024 » entièrement rejetée (ses {n} lignes)")
    assert f"Period '2023-2024' entirely rejected (its {n} rows)" in said[0]
    assert said[0] in plain(caplog.text)  # in the log cron mails too


def test_brief_of_the_earlier_period_named_knowingly_says_its_rows_rejected(small, tmp_path, capsys):
    """The brief's notes and the deck's method slide (it said nothing of them) give the rows rejected up to the
    period: those of 2021-2022 (here 2), not the « 2023 » rows, which a 2021-2022 report did not know."""
    from pptx import Presentation
    from pypdf import PdfReader

    data, n = year_written_alone(small, tmp_path)

    def spoil(rows: list[dict]) -> list[dict]:
        earlier = [i for i, r in enumerate(rows) if r["period"] == "2021-2022"][:2]
        return [{**r, "numerator": "abc"} if i in earlier else r for i, r in enumerate(rows)]

    rewrite_csv(data / "observations.csv", spoil)
    out = tmp_path / "pack"
    assert (
        main(["brief", "--data", str(data), "--lang", "fr,en", "--out", str(out), "--period", "2021-2022"])
        == 0
    )
    assert "Attention : " in plain(capsys.readouterr().err)  # as today: the warning
    assert n > 2
    for lang, words in (("fr", "2 lignes des fichiers de données ont été rejetées"),
                        ("en", "2 rows of the data files were rejected")):  # fmt: skip
        reader = PdfReader(out / "2021-2022" / lang / "brief.pdf")
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        assert re.search(rf"(?<!\d){words}", plain(text)), text  # 2, not n + 2
        deck = plain(" ".join(deck_texts(Presentation(out / "2021-2022" / lang / "presentation.pptx"))))
        assert re.search(rf"(?<!\d){words}", deck), deck  # the deck's method slide, as the brief's notes


@pytest.mark.parametrize(
    ("written", "start"),
    [
        ("2022-2023", 2022),
        ("2023", 2022),
        ("2022-2024", 2021),
        ("2023-04-15", 2022),
        ("", None),
        ("abc", None),
    ],
)
def test_the_earliest_fiscal_year_a_period_may_name(written, start):
    from barometre.strategy_model import earliest_fiscal_start

    assert earliest_fiscal_start(written) == start
