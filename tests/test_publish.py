"""``barometre publish``: exit codes, run record, archive, lock, stale lock, kill -9 then resume."""

import csv
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from barometre.cli import main
from barometre.publish.lock import LOCK_NAME, OutputLock
from conftest import ROOT, rewrite_csv
from pptx import Presentation
from pypdf import PdfReader

sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from synthetic import write_dataset  # noqa: E402

pytestmark = pytest.mark.cost(35)  # CPU-seconds: the costliest start first (conftest)

BIN = Path(sys.executable).parent
PERIOD = "2022-2023"
PACK = 2  # the minister's pack of each language: brief.pdf, presentation.pptx
PAGES = 12  # the French pages of the small dataset


def publish_args(data: Path, out: Path, *extra: str) -> list[str]:
    return ["publish", "--data", str(data), "--out", str(out), "--lang", "fr", "--periods", PERIOD,
            "--jobs", "1", *extra]  # fmt: skip


def site_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted((out / PERIOD).rglob("*")) if p.is_file()}


def records(out: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "runs").glob("*.json"))]


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    """Six synthetic organisations and two ambitions (1 and 4): a site of 11 pages per language."""
    return write_dataset(tmp_path_factory.mktemp("small") / "data", organisations=6, ambitions=["1", "4"])


@pytest.fixture(scope="module")
def published(small_data, tmp_path_factory) -> Path:
    """The small dataset published once (French, one period)."""
    out = tmp_path_factory.mktemp("published") / "reports"
    assert main(publish_args(small_data, out)) == 0
    return out


def test_a_page_links_to_the_other_language_only_when_it_is_published(small_data, published, tmp_path):
    """« --lang fr » on a new site linked every page to its English page, never rendered (34 broken links).
    Publishing English later keeps the period in step: the French pages are made again, with the link."""
    import re
    import shutil

    french = list((published / PERIOD / "fr").rglob("*.html"))
    assert french and not [p for p in french if 'class="lang"' in p.read_text(encoding="utf-8")]
    out = Path(shutil.copytree(published, tmp_path / "reports"))
    french = {
        p: p.stat().st_mtime_ns
        for p in (out / PERIOD / "fr").rglob("*")
        if p.is_file() and p.suffix != ".html"
    }
    args = publish_args(small_data, out)
    assert main([*args[: args.index("--lang") + 1], "en", *args[args.index("--lang") + 2 :]]) == 0
    # the French downloads and pack are made again with the English ones (they kept old figures otherwise)
    assert all(p.stat().st_mtime_ns != t for p, t in french.items()), "French downloads left as they were"
    pages = list((out / PERIOD).rglob("*.html"))
    assert {p.parent.name for p in pages} >= {"fr", "en"} and len(pages) == 2 * PAGES
    for page in pages:
        (href,) = re.findall(r'<a class="lang" href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert (page.parent / href).resolve().is_file(), (page, href)


def test_a_run_record_edited_by_hand_does_not_stop_later_runs(small_data, published, tmp_path):
    """« "pages": null, "periods": null » in an old record: every later publish ended in a traceback
    (« TypeError: can only join an iterable ») and left the archive page as it was. A field of the wrong
    type now reads « — »; an exit code of null (a run killed with kill -9) too, not « (None) »."""
    import shutil

    out = Path(shutil.copytree(published, tmp_path / "reports"))
    (out / "runs" / "20000101T000000Z.json").write_text(
        '{"start": "x", "pages": null, "periods": null, "rows": {"accepted": "many"}, "exit_code": null,'
        ' "duration_seconds": "long"}',
        encoding="utf-8",
    )
    assert main(publish_args(small_data, out)) == 0
    archive = (out / "index.html").read_text(encoding="utf-8")
    assert "20000101T000000Z.json" in archive and "(None)" not in archive


def test_a_deleted_download_or_brief_is_made_again(small_data, published, tmp_path):
    """A deleted donnees/ folder or brief.pdf stayed deleted: « inchangées : 287 », exit 0, 68 broken links."""
    import shutil

    out = Path(shutil.copytree(published, tmp_path / "reports"))
    before = site_files(out)
    shutil.rmtree(out / PERIOD / "fr" / "donnees")
    (out / PERIOD / "fr" / "brief.pdf").unlink()
    assert main(publish_args(small_data, out)) == 0
    assert set(site_files(out)) == set(before)
    assert records(out)[-1]["pages"]["rendered"] >= PACK  # the pack made again; the pages left as they were


def test_a_page_edited_since_published_is_made_again_and_said(small_data, published, tmp_path, caplog):
    """A page edited by hand (or cut by a copy) stayed so, counted « inchangée » run after run, until
    ``--force``: it is made again, and the run's warning names it; the next run leaves everything as it is."""
    import shutil

    out = Path(shutil.copytree(published, tmp_path / "reports"))
    before = site_files(out)
    page = out / PERIOD / "fr" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<main", "<main data-edited"), encoding="utf-8")
    (out / PERIOD / "fr" / "methodologie.html").write_bytes(b"<html>cut")
    assert main(publish_args(small_data, out)) == 0
    after = site_files(out)
    assert set(after) == set(before) and b"data-edited" not in after[f"{PERIOD}/fr/index.html"]
    assert after[f"{PERIOD}/fr/methodologie.html"].endswith(b"</html>")  # made again, whole
    edited = {f"{PERIOD}/fr/index.html", f"{PERIOD}/fr/methodologie.html"}
    assert all(
        after[k] == before[k] for k in after if k.endswith(".html") and k not in edited
    )  # left as they were
    record = records(out)[-1]
    assert record["pages"]["rendered"] == 2 + PACK  # with them, the pack (as when a page is deleted)
    (said,) = [w for w in record["warnings"] if "2 pages ne contenaient plus" in w]
    assert said.startswith(f"{PERIOD}\u00a0: 2 pages ne contenaient plus ce que la dernière publication")
    assert "fr/index.html" in said and "fr/methodologie.html" in said and "2 pages no longer held" in said
    assert said in caplog.text
    assert main(publish_args(small_data, out)) == 0
    record = records(out)[-1]
    assert record["pages"]["rendered"] == 0 and record["warnings"] == []


def test_a_published_period_whose_rows_are_all_gone_is_named(small_data, published, tmp_path, caplog):
    """2022-2023's rows removed from observations.csv: the run covered the other periods, and 2022-2023 stayed
    online and in the archive with figures the data no longer had, without a word."""
    import shutil

    out = Path(shutil.copytree(published, tmp_path / "reports"))
    data = Path(shutil.copytree(small_data, tmp_path / "data"))
    lines = (data / "observations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data / "observations.csv").write_text("".join(x for x in lines if not x.startswith(PERIOD)), "utf-8")
    args = publish_args(data, out)
    # exit 1 since: at night, a period whose rows all went (a file cut short) must reach the person on call
    assert main([*args[: args.index("--periods")], "--periods", "2021-2022", "--jobs", "1"]) == 1
    (said,) = [w for w in records(out)[-1]["warnings"] if PERIOD in w]
    assert said.startswith(f"{PERIOD} est publiée, mais les données n'en ont plus aucune ligne")
    assert (out / PERIOD / "fr" / "index.html").exists()  # nothing is deleted by the run


def test_a_period_cut_short_since_its_publication_is_held_back_until_forced(
    small_data, published, tmp_path, caplog
):
    """A truncated observations.csv reads without an error: a night's run republished 2021-2022 from 4
    organisations of 25 instead of 24, as a « revision », with exit 0 (cron mailed nothing). A period that kept
    under half the rows it was published with stays as it was, the run exits 1 and says why; --force publishes."""
    import shutil

    from barometre.publish.guards import published_rows

    out = Path(shutil.copytree(published, tmp_path / "reports"))
    data = Path(shutil.copytree(small_data, tmp_path / "data"))
    before = site_files(out)
    rows = [r for r in csv.DictReader((small_data / "observations.csv").open(encoding="utf-8"))]
    n = sum(r["period"] == PERIOD for r in rows)
    assert published_rows(out, PERIOD) == n > 4
    kept = [r for r in rows if r["period"] != PERIOD] + [r for r in rows if r["period"] == PERIOD][
        : n // 2 - 1
    ]
    rewrite_csv(data / "observations.csv", lambda _rows: kept)
    assert main(publish_args(data, out)) == 1
    assert site_files(out) == before  # held back whole: not a page of it made again
    record = records(out)[-1]
    assert record["withheld"]["periods"] == [PERIOD]
    (said,) = [e for e in record["errors"] if PERIOD in e]
    assert f"{PERIOD} retenue telle qu'elle était : les données n'en ont plus que {n // 2 - 1} lignes contre {n} " \
           f"à sa dernière publication (fichier tronqué ?). Si la baisse est voulue : barometre publish --data {data} " \
           f"--out {out} --periods {PERIOD} --lang fr --force" in said.replace("\u00a0", " ")  # fmt: skip
    assert f"{PERIOD} held back as it was: the data have only {n // 2 - 1} rows of it against {n}" in said
    assert said in caplog.text
    assert main(publish_args(data, out, "--force")) == 0  # the fall is meant: published
    assert published_rows(out, PERIOD) == n // 2 - 1
    rewrite_csv(data / "observations.csv", lambda _rows: rows)  # the rows back: more rows are no fall
    assert main(publish_args(data, out)) == 0 and published_rows(out, PERIOD) == n
    # half of them is no fall to stop for (a correction, a late withdrawal)
    half = [r for r in rows if r["period"] != PERIOD] + [r for r in rows if r["period"] == PERIOD][
        : -(-n // 2)
    ]
    rewrite_csv(data / "observations.csv", lambda _rows: half)
    assert main(publish_args(data, out)) == 0


def test_a_cut_file_holds_back_the_periods_built_on_it_and_force_says_what_it_published(small_data, tmp_path):
    """A period held back for its fallen rows fed the next period's pages (2023-2024's series gave 2022-2023
    from 12 organisations, its own page 24); a file cut in an earlier period, the later ones left without a row,
    was published as a revision of the earlier one; « --periods » naming a published period without rows
    stopped as wrong parameters (exit 2); « --force » published a cut file without a word."""
    import html
    import shutil

    two = "2021-2022," + PERIOD
    data, out = Path(shutil.copytree(small_data, tmp_path / "data")), tmp_path / "reports"
    args = [*publish_args(data, out)]
    args[args.index("--periods") + 1] = two
    assert main(args) == 0
    rows = list(csv.DictReader((small_data / "observations.csv").open(encoding="utf-8")))
    earlier = [r for r in rows if r["period"] == "2021-2022"]
    files = {p: p.read_bytes() for p in sorted(out.glob("20*/**/*")) if p.is_file()}

    def cut(keep_earlier, keep_later=True):
        kept = [
            r
            for r in rows
            if r["period"] not in ("2021-2022", PERIOD) or (r["period"] == PERIOD and keep_later)
        ]
        rewrite_csv(data / "observations.csv", lambda _rows: kept + earlier[:keep_earlier])

    cut(len(earlier) // 2 - 1)  # 2021-2022 under half: it is held, and 2022-2023, made of its rows, too
    assert main(args) == 1
    record = records(out)[-1]
    assert record["withheld"]["periods"] == ["2021-2022", PERIOD]
    held = " ".join(record["errors"]).replace("\u00a0", " ")
    assert f"{PERIOD} retenue aussi : ses pages seraient faites des lignes de 2021-2022, retenue." in held
    assert f"--periods 2021-2022,{PERIOD} --lang fr --force" in held
    row = html.unescape((out / "index.html").read_text(encoding="utf-8")).split("runs/")[1].split("</tr>")[0]
    assert (
        f"2 périodes retenues telles qu'elles étaient (2021-2022, {PERIOD})" in row
    )  # which, not only how many
    assert {p: p.read_bytes() for p in sorted(out.glob("20*/**/*")) if p.is_file()} == files
    # a file cut in 2021-2022, 2022-2023 left without a row: any fall of 2021-2022 is held (here 80 % kept)
    cut(len(earlier) * 4 // 5, keep_later=False)
    assert main(args) == 1  # « --periods » names 2022-2023, published, now without rows: said, not exit 2
    record = records(out)[-1]
    assert record["status"] != "bad_parameters" and record["withheld"]["periods"] == ["2021-2022"]
    said = " ".join(record["errors"]).replace("\u00a0", " ")
    assert (
        f"contre {len(earlier)} à sa dernière publication, alors que {PERIOD} n'a plus aucune ligne" in said
    )
    assert any(
        w.startswith(f"{PERIOD} est publiée, mais les données n'en ont plus aucune ligne")
        for w in record["warnings"]
    )
    assert {p: p.read_bytes() for p in sorted(out.glob("20*/**/*")) if p.is_file()} == files
    only = [*args]
    only[only.index("--periods") + 1] = PERIOD  # the one period named has no row: nothing published, said so
    assert main(only) == 1
    assert records(out)[-1]["status"] == "nothing"  # it read « Publié avec erreurs »
    row = html.unescape((out / "index.html").read_text(encoding="utf-8")).split("runs/")[1].split("</tr>")[0]
    assert "Rien publié\u00a0: aucune période demandée n'a de lignes" in row and "Publié avec" not in row
    cut(len(earlier) // 2 - 1)  # named alone, or after it: 2022-2023 is still made of 2021-2022's rows
    for periods in (PERIOD, f"{PERIOD},2021-2022"):
        args_now = [*args]
        args_now[args_now.index("--periods") + 1] = periods
        assert main(args_now) == 1, periods
        assert PERIOD in records(out)[-1]["withheld"]["periods"], periods
        if periods == PERIOD:  # 2021-2022 left out: its fall said, not « lignes tardives ou corrigées » and a
            warned = " ".join(records(out)[-1]["warnings"])  # command the guard then holds back
            assert "2021-2022 retenue telle qu'elle était" in warned and "Déjà publiée" not in warned, warned
    assert {p: p.read_bytes() for p in sorted(out.glob("20*/**/*")) if p.is_file()} == files
    cut(len(earlier) // 2 - 1)  # --force publishes the fall, and says so
    assert main([*args, "--force"]) == 0
    forced = " ".join(records(out)[-1]["warnings"]).replace("\u00a0", " ")
    assert (
        f"2021-2022 publiée malgré la baisse de ses lignes (--force) : {len(earlier) // 2 - 1} contre {len(earlier)}"
        in forced
    )


def test_a_data_file_cut_mid_line_is_published_with_exit_1(small_data, published, tmp_path):
    """A copy cut inside its last line (« 1;12 » read « 1;1 ») was published with exit 0: the night's cron said
    nothing, though the run warned that the file may be cut. It is published, and exits 1 so it is mailed."""
    import shutil

    data, out = (
        Path(shutil.copytree(small_data, tmp_path / "data")),
        Path(shutil.copytree(published, tmp_path / "o")),
    )
    text = (data / "observations.csv").read_text(encoding="utf-8")
    (data / "observations.csv").write_text(
        text.rstrip("\n")[:-1], encoding="utf-8"
    )  # cut one character short
    assert main(publish_args(data, out)) == 1
    (said,) = [w for w in records(out)[-1]["warnings"] if "sans fin de ligne" in w]
    assert "Vérifiez-la contre l'original" in said or "avant de corriger cette ligne" in said
    (data / "observations.csv").write_text(text, encoding="utf-8")  # the whole file again: exit 0
    assert main(publish_args(data, out)) == 0


def test_bad_parameters_are_not_called_unusable_data(small_data, tmp_path):
    """« --executor dusk » was recorded « Données inutilisables, rien publié »: the person on call looked at the
    data. It is still exit 2, but the record and the archive say the parameters are wrong."""
    out = tmp_path / "reports"
    assert main([*publish_args(small_data, out), "--executor", "dusk"]) == 2
    (record,) = records(out)
    assert record["status"] == "bad_parameters" and "cause" not in record
    from barometre.i18n import t
    from barometre.publish.records import status_key

    assert t(status_key(record), "fr") == "Paramètres invalides, rien publié"  # as the archive lists it


def test_an_unknown_language_is_a_bad_parameter_with_its_record(small_data, tmp_path, capsys):
    """« --lang de » exited 2 with no run record: the archive and Airflow's XCom showed the previous run's
    outcome. It is now a run of its own, « Paramètres invalides », saying which languages exist."""
    out = tmp_path / "reports"
    assert main([*publish_args(small_data, out)[:-6], "--lang", "de", "--jobs", "1"]) == 2
    (record,) = records(out)
    assert record["status"] == "bad_parameters" and record["exit_code"] == 2
    assert record["languages"] == ["de"] and record["periods"] == [] and record["pages"]["rendered"] == 0
    (error,) = record["errors"]
    assert "de" in error and "fr, en" in error
    assert "Paramètres invalides" in (out / "index.html").read_text(encoding="utf-8")
    assert "Paramètres invalides" in capsys.readouterr().out
    assert not (out / PERIOD).exists()


def test_periods_are_read_as_the_other_commands_read_them(small_data, tmp_path):
    """« --periods 2022-23 » (as ``indicators --period`` and the files accept it) was « Période sans
    données : 2022-23 », exit 2."""
    out = tmp_path / "reports"
    args = publish_args(small_data, out)
    short = f"{PERIOD[:4]}-{PERIOD[-2:]}"
    assert main([*args[: args.index("--periods")], "--periods", f"FY{short},{PERIOD}", "--jobs", "1"]) == 0
    assert records(out)[-1]["periods"] == [PERIOD]  # named twice: published once


def test_publish_writes_the_site_and_a_complete_run_record(small_data, published):
    pages = list((published / PERIOD / "fr").rglob("*.html"))
    assert len(pages) == 1 + 2 + 6 + 3  # overview, ambitions, organisations, index, methodology, data
    (record,) = records(published)
    assert record["exit_code"] == 0 and record["status"] == "published"
    assert record["periods"] == [PERIOD] and record["languages"] == ["fr"]
    assert record["pages"] == {"rendered": len(pages) + PACK, "unchanged": 0, "failed": 0}
    expected = {
        name: hashlib.sha256((small_data / name).read_bytes()).hexdigest()
        for name in ("dataset.yaml", "observations.csv", "organisations.csv")
    }
    assert record["data_hashes"] == expected
    from barometre.dataset import load_dataset

    strategy = load_dataset(small_data).strategy  # its file's hash: a new target value is seen in the record
    digest = hashlib.sha256(Path(strategy.source_path).read_bytes()).hexdigest()
    assert record["strategy"] == {"id": strategy.id, "sha256": digest}
    rows = sum(sum(1 for _ in (small_data / name).open(encoding="utf-8")) - 1
               for name in ("observations.csv", "organisations.csv"))  # fmt: skip
    assert record["rows"] == {"read": rows, "accepted": rows, "rejected": 0}
    assert record["end"] >= record["start"] and record["duration_seconds"] > 0
    from barometre import __version__

    assert record["version"] == __version__
    name = sorted((published / "runs").glob("*.json"))[0].name
    assert name.endswith("Z.json") and record["start"][:10].replace("-", "") == name[:8]
    archive = (published / "index.html").read_text(encoding="utf-8")
    assert f"runs/{name}" in archive and "Dernières publications" in archive and "Publié" in archive
    # each run's row is headed by its start, the link to its record (a screen reader names the row by it)
    assert f'<tr><th scope="row"><a href="runs/{name}">' in archive
    assert not (published / LOCK_NAME).read_text()  # released
    # the brief published beside the site points to it
    brief = " ".join(
        " ".join(pg.extract_text() for pg in PdfReader(published / PERIOD / "fr" / "brief.pdf").pages).split()
    )
    assert "Rapport complet : index.html" in brief.replace("\u00a0", " ")


def test_second_publish_keeps_unchanged_pages(small_data, published, tmp_path):
    out = tmp_path / "reports"
    import shutil

    shutil.copytree(published, out)
    before = site_files(out)
    assert main(publish_args(small_data, out)) == 0
    latest = records(out)[-1]
    assert latest["pages"]["rendered"] == 0 and latest["pages"]["unchanged"] == PAGES + PACK
    after = site_files(out)
    assert after == before
    assert len(records(out)) == 2
    assert (out / "index.html").read_text(encoding="utf-8").count("runs/") == 2
    # the organisation's deck template given now: the next run rebuilds the pack only (an unchanged site
    # kept the old deck), on the template's layouts
    template = tmp_path / "modele.pptx"
    base = Presentation()
    base.slide_layouts[5].name = "Titre seul (ministère)"
    base.save(str(template))
    assert main(publish_args(small_data, out, "--template", str(template))) == 0
    latest = records(out)[-1]
    assert latest["pages"] == {"rendered": PACK, "unchanged": PAGES, "failed": 0}
    assert latest["template"] == str(template.resolve())
    deck = Presentation(str(out / PERIOD / "fr" / "presentation.pptx"))
    assert deck.slides[1].slide_layout.name == "Titre seul (ministère)"
    changed = {k for k, v in site_files(out).items() if before.get(k) != v}
    # the brief is written again, byte for byte the same (WeasyPrint's output is deterministic)
    assert changed == {"2022-2023/fr/presentation.pptx", "2022-2023/manifest.json"}, changed


def test_rejected_rows_are_reported_and_the_run_goes_on_with_exit_1(small_data, tmp_path, caplog):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(small_data, data)
    rows = list(csv.DictReader((small_data / "observations.csv").open(encoding="utf-8")))
    rows[0]["numerator"] = "beaucoup"
    rows = [{**r, "commentaire": "vu"} for r in rows]  # a column nothing reads: named in the log
    with (data / "observations.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "reports"
    assert main(publish_args(data, out)) == 1
    record = records(out)[-1]
    assert record["exit_code"] == 1 and record["rows"]["rejected"] == 1
    assert record["pages"]["rendered"] == PAGES + PACK and (out / PERIOD / "fr" / "index.html").exists()
    assert "Rejected row" in caplog.text and "numerator" in caplog.text
    assert "Warning: observations.csv, colonne commentaire" in caplog.text
    assert [w.split("\u00a0: ")[0] for w in record["warnings"]] == ["observations.csv, colonne commentaire"]
    # why the run exits 1, in the record as on stderr (it said « "errors": [] »): file, row, column, fix
    (said,) = record["errors"]
    fr, en = said.split(" / Rejected rows: ")
    assert fr.startswith("Lignes rejetées\u00a0: observations.csv") and en.startswith("observations.csv")
    assert "numerator" in fr and "beaucoup" in fr and "numerator" in en
    # the log cron mails says it in both languages too (it was French only, the record both)
    assert said in caplog.text and "row 2, column numerator: 'beaucoup' is not a number" in caplog.text


def test_the_same_warning_of_many_rows_is_one_entry_of_the_run_record(small_data, tmp_path, caplog):
    """30 denominators written « 4.20E+03 »: one warning with its rows in the log and the record, not 30."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(small_data, data)

    def scientific(rows: list[dict]) -> list[dict]:
        for i in [i for i, r in enumerate(rows) if float(r["numerator"]) <= 4200][:30]:
            rows[i]["denominator"] = "4.20E+03"
        return rows

    rewrite_csv(data / "observations.csv", scientific)
    out = tmp_path / "reports"
    assert main(publish_args(data, out)) == 0
    (said,) = records(out)[-1]["warnings"]
    assert "notation scientifique" in said and "(30 lignes)" in said and "(30 rows)" in said
    assert caplog.text.count("notation scientifique") == 1


def test_a_brief_over_its_pages_is_a_warning_of_the_run_record(small_data, tmp_path, monkeypatch, caplog):
    """A brief that runs over its pages even tightened is written all the same: the warning was on stderr only
    (the run record, which the operator reads, said nothing) and named the run's staging folder, gone by then."""
    from barometre.brief import pdf

    monkeypatch.setattr(pdf, "PAGES", 1)  # the small dataset's brief takes two
    out = tmp_path / "reports"
    assert main(publish_args(small_data, out)) == 0  # a longer note beats none
    (said,) = [w for w in records(out)[-1]["warnings"] if "brief.pdf" in w]
    assert said.startswith("La note au cabinet compte 2 pages, plus de 1 même resserrée")
    assert f"{PERIOD}/fr/brief.pdf" in said and ".staging" not in said and said in caplog.text
    assert len(PdfReader(out / PERIOD / "fr" / "brief.pdf").pages) == 2


def test_unusable_dataset_exits_2_and_leaves_the_site_as_it_was(small_data, published, tmp_path, caplog):
    import shutil

    out = tmp_path / "reports"
    shutil.copytree(published, out)
    before, index = site_files(out), (out / "index.html").read_bytes()
    data = tmp_path / "data"
    shutil.copytree(small_data, data)
    (data / "dataset.yaml").unlink()
    assert main(publish_args(data, out)) == 2
    assert "dataset.yaml" in caplog.text
    assert site_files(out) == before
    record = records(out)[-1]
    assert record["exit_code"] == 2 and record["status"] == "unusable" and record["errors"]
    # the archive lists the run (a dataset broken for weeks never showed there), and nothing else changes
    archive = (out / "index.html").read_text(encoding="utf-8")
    runs = '<section aria-labelledby="runs-title"'
    assert archive.split(runs)[0] == index.decode("utf-8").split(runs)[0]
    name = sorted((out / "runs").glob("*.json"))[-1].name
    row = archive.split(f"runs/{name}")[1].split("</tr>")[0]
    assert "Données inutilisables, rien publié" in row and "(2)" in row
    # observations.csv with its header alone: the file and the reason are named (« Aucune période n'a de
    # données » named neither), as render and indicators name them
    shutil.copy(small_data / "dataset.yaml", data / "dataset.yaml")
    header = (data / "observations.csv").read_text(encoding="utf-8").splitlines()[0]
    (data / "observations.csv").write_text(header + "\n", encoding="utf-8")
    caplog.clear()
    assert main(publish_args(data, out)) == 2
    assert "aucune observation utilisable dans observations.csv" in caplog.text, caplog.text
    assert "le fichier n'a aucune ligne de données" in caplog.text
    assert site_files(out) == before


def test_unknown_period_or_executor_exits_2(small_data, tmp_path):
    out = tmp_path / "reports"
    assert main([*publish_args(small_data, out)[:-4], "--periods", "1999-2000"]) == 2
    assert main([*publish_args(small_data, out), "--executor", "nope"]) == 2
    assert not (out / PERIOD).exists()


def _wait_for(predicate, timeout=120.0, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timeout waiting for {what}")


def _lock_holder(out: Path) -> dict | None:
    try:
        text = (out / LOCK_NAME).read_text()
        return json.loads(text) if text else None
    except (OSError, ValueError):
        return None


def test_a_second_concurrent_run_exits_75_at_once_and_names_the_first(small_data, tmp_path):
    out = tmp_path / "reports"
    first = subprocess.Popen([BIN / "barometre", *publish_args(small_data, out)], stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: _lock_holder(out), what="the first run's lock")
        second = subprocess.run(
            [BIN / "barometre", *publish_args(small_data, out)], capture_output=True, text=True
        )
        assert second.returncode == 75, second.stderr
        assert first.poll() is None  # at once: it did not wait for the first run to end
        assert f"pid {first.pid}" in second.stderr and socket.gethostname() in second.stderr
        assert "déjà en cours" in second.stderr and "already running" in second.stderr
    finally:
        assert first.wait(timeout=300) == 0
    assert len(records(out)) == 1  # the refused run leaves no record


def test_stale_lock_of_a_dead_process_is_taken_over(small_data, published, tmp_path, caplog):
    import shutil

    out = tmp_path / "reports"
    shutil.copytree(published, out)  # the pages are unchanged: the run is about the lock, not the render
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    old_record = out / "runs" / "20200101T000000Z.json"
    old_record.parent.mkdir(exist_ok=True)
    old_record.write_text(
        json.dumps({"start": "2020-01-01T00:00:00+00:00", "status": "running", "exit_code": None})
    )
    (out / LOCK_NAME).write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname(),
                                             "started": "2020-01-01T00:00:00+00:00", "record": str(old_record)}))  # fmt: skip
    assert main(publish_args(small_data, out)) == 0
    assert "Stale lock taken over" in caplog.text and f"pid {dead.pid}" in caplog.text
    assert json.loads(old_record.read_text())["status"] == "interrupted"
    # in the run's record too (Airflow's XCom): it was on stderr only
    (said,) = records(out)[-1]["warnings"]
    assert (
        said.startswith("Verrou abandonné repris (pid")
        and f"pid {dead.pid}" in said
        and "processus disparu" in said
    )


def test_lock_file_naming_a_live_process_is_respected(tmp_path):
    import datetime as dt

    out = tmp_path / "reports"
    out.mkdir()
    parent = os.getppid()  # alive, and not us; started before now
    (out / LOCK_NAME).write_text(json.dumps({"pid": parent, "host": socket.gethostname(),
                                             "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}))  # fmt: skip
    assert main(["publish", "--out", str(out), "--lang", "fr"]) == 75
    assert main(["render", "--out", str(out), "--lang", "fr"]) == 75  # render takes the same lock
    lock = OutputLock(out, dt.datetime.now(dt.UTC))
    from barometre.errors import LockHeld

    with pytest.raises(LockHeld, match=f"pid {parent}"):
        lock.acquire()


def test_a_lock_of_this_host_untouched_for_long_is_stale_whatever_its_pid(small_data, tmp_path):
    """A lock file naming pid 1 of this host (alive, older than the lock) and untouched for 20 minutes blocked
    every publication, exit 75, for good: a run touches its lock every minute. It is taken over."""
    import datetime as dt

    out = tmp_path / "reports"
    out.mkdir()
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    (out / LOCK_NAME).write_text(json.dumps({"pid": 1, "host": socket.gethostname(),
                                             "started": started.isoformat(timespec="seconds")}))  # fmt: skip
    old = time.time() - 20 * 60
    os.utime(out / LOCK_NAME, (old, old))
    lock = OutputLock(out, dt.datetime.now(dt.UTC))
    try:
        taken = lock.acquire()
    finally:
        lock.release()
    assert taken is not None and taken.pid == 1


def _readable(files: dict[str, bytes], out: Path) -> None:
    for name, content in files.items():
        assert (out / name).read_bytes() == content, name


def test_run_killed_with_sigkill_keeps_the_old_site_and_the_next_run_completes(
    small_data, published, tmp_path
):
    import shutil

    out = tmp_path / "reports"
    shutil.copytree(published, out)
    before = site_files(out)
    proc = subprocess.Popen([BIN / "barometre", *publish_args(small_data, out, "--force")],
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        staged_at = None
        while proc.poll() is None:
            _readable(before, out)  # every published page stays readable, unchanged
            if staged_at is None and any(out.glob(".staging-*")):
                staged_at = time.monotonic()
            if staged_at is not None and time.monotonic() - staged_at > 2.0:
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.05)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
        _readable(before, out)
        assert _lock_holder(out)["pid"] == proc.pid  # left behind by the killed run
        # orphaned render workers notice their parent is gone and stop
        # (a worker notices between two pages: allow for a slow page on a loaded machine)
        _wait_for(lambda: not _group_alive(proc.pid), timeout=120, what="orphan workers to stop")
    finally:
        _kill_group(proc.pid)
    assert main(publish_args(small_data, out, "--force")) == 0
    assert not list(out.glob(".staging-*")) and not list(out.glob(".old-*"))
    after = site_files(out)
    assert set(after) == set(before)
    killed, resumed = records(out)[-2:]
    assert killed["status"] == "interrupted" and resumed["exit_code"] == 0
    assert resumed["pages"]["rendered"] == PAGES + PACK


def test_a_run_stopped_with_sigterm_says_so_and_its_record_says_143(small_data, published, tmp_path):
    """systemd's stop sends SIGTERM: the process exited 143 but its record said exit code 1, and nothing on
    stderr said the run had been stopped."""
    import shutil

    out = tmp_path / "reports"
    shutil.copytree(published, out)
    # stderr in a file, the process waited for: on a pipe, the wait was for every process holding it (a page's
    # kernel too), and it once timed out under load though the run had said it was stopped
    with (tmp_path / "stderr.txt").open("w", encoding="utf-8") as sink:
        proc = subprocess.Popen([BIN / "barometre", *publish_args(small_data, out, "--force")],
                                stderr=sink, text=True, start_new_session=True)  # fmt: skip
        try:
            _wait_for(lambda: any(out.glob(".staging-*")), timeout=120, what="the run to stage its period")
            os.kill(proc.pid, signal.SIGTERM)
            proc.wait(timeout=180)  # it finishes the brief being written: slow on a loaded machine
        finally:
            _kill_group(proc.pid)
    err = (tmp_path / "stderr.txt").read_text(encoding="utf-8")
    assert proc.returncode == 143, err[-2000:]
    assert "Publication arrêtée (SIGTERM)" in err and "Publication stopped (SIGTERM)" in err
    stopped = records(out)[-1]
    assert (stopped["status"], stopped["exit_code"]) == ("interrupted", 143)
    said = [  # it said « SystemExit: 143 » (what the Airflow XCom showed)
        "Publication arrêtée (SIGTERM)\u00a0: les périodes déjà publiées restent telles quelles\u00a0; la prochaine "
        "publication complète le site. / Publication stopped (SIGTERM): periods already published stay as they "
        "were; the next publication completes the site."
    ]
    if "did not end within" in err:
        # Twice in CI under load (never on demand), the cleanup waited on something that never came; now it
        # ends after its grace (barometre.publish.stopping), its record says why, and the next publication
        # takes over. Where each thread was goes to the run's warnings, for whoever looks for the cause.
        import warnings

        from barometre.publish.stopping import overdue_text

        warnings.warn(f"a stopped publication outlived its grace:\n{err[-8000:]}", stacklevel=1)
        assert stopped["errors"] == [*said, overdue_text()]
        assert main(publish_args(small_data, out)) == 0  # the lock taken over, the staging folder removed
    else:
        assert stopped["errors"] == said
    assert not list(out.glob(".staging-*"))


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def test_a_full_disk_stops_the_run_with_exit_74_and_a_record_that_says_so(
    small_data, tmp_path, monkeypatch, capsys
):
    """A full disk in the middle of a publication ended in a traceback and exit code 1, which the scheduler and
    the archive page read as « published with failed pages ». Now: exit 74, the message names the output
    folder and what to do, and the run record says « Écriture impossible »."""
    import errno

    import barometre.render.site as site

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")  # a write names no file

    monkeypatch.setattr(site, "render_site", full)
    out = tmp_path / "reports"
    assert main(publish_args(small_data, out)) == 74
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"Impossible d'écrire ou de lire {out}\u00a0: plus d'espace libre sur le disque." in err
    assert f"Cannot write or read {out}: no space left on the disk." in err
    (record,) = records(out)
    assert record["exit_code"] == 74 and record["status"] == "io_error"
    assert record["errors"] == [err.split("Erreur / Error: ", 1)[1].strip()]


def test_a_run_stopped_by_a_full_disk_after_a_period_ends_its_archive_row(small_data, tmp_path, monkeypatch):
    """A run ending 74 after publishing a period left its archive row « En cours / Running (—) », pages
    « 0 / 0 / 0 »: the archive had been written after that period, before the run ended."""
    import errno

    import barometre.render.site as site

    real = site.render_site

    def second_period_full(data_dir, out, period, *args, **kwargs):
        if period == PERIOD:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(data_dir, out, period, *args, **kwargs)

    monkeypatch.setattr(site, "render_site", second_period_full)
    out = tmp_path / "reports"
    args = publish_args(small_data, out)
    assert main([*args[: args.index("--periods") + 1], f"2021-2022,{PERIOD}", "--jobs", "1"]) == 74
    (record,) = records(out)
    assert (out / "2021-2022" / "fr" / "index.html").exists() and record["pages"]["rendered"] == PAGES + PACK
    archive = (out / "index.html").read_text(encoding="utf-8")
    row = archive.split("runs/")[1].split("</tr>")[0]
    assert "Écriture impossible" in row and "(74)" in row and "En cours" not in row
    assert f"{PAGES + PACK} / 0 / 0" in row


def test_a_run_that_published_nothing_says_so(small_data, published, tmp_path, monkeypatch, capsys):
    """Every period held back (data files saved during the run): the run was labelled « Publié avec erreurs »
    with « pages rendues : 0, inchangées : 0, en échec : 0 ». It now says nothing was published, and how many
    periods were held back as they were."""
    import html
    import shutil

    import barometre.render.site as site

    out = Path(shutil.copytree(published, tmp_path / "reports"))
    data = Path(shutil.copytree(small_data, tmp_path / "data"))
    real = site.render_site

    def ingest_meanwhile(data_dir, *args, **kwargs):  # an ingestion saves observations.csv after validation
        with (data / "observations.csv").open("a", encoding="utf-8") as fh:
            fh.write("\n")
        return real(data_dir, *args, **kwargs)

    monkeypatch.setattr(site, "render_site", ingest_meanwhile)
    args = publish_args(data, out)
    assert main([*args[: args.index("--periods") + 1], f"2021-2022,{PERIOD}", "--jobs", "1"]) == 1
    record = records(out)[-1]
    assert record["status"] == "withheld" and record["withheld"] == {
        "periods": ["2021-2022", PERIOD],
        "pages": 0,
    }
    said = f"Rien publié\u00a0: 2 périodes retenues telles qu'elles étaient (2021-2022, {PERIOD})"
    assert said in capsys.readouterr().out
    archive = html.unescape((out / "index.html").read_text(encoding="utf-8"))
    row = archive.split("runs/")[1].split("</tr>")[0]  # newest first
    assert said in row and "Nothing published: 2 periods held back as they were" in row and "(1)" in row
    assert "Publié avec erreurs" not in row
    # the data saved while the second period renders: the first is published, the run says « en partie »
    calls = []

    def ingest_during_the_second(data_dir, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            with (data / "observations.csv").open("a", encoding="utf-8") as fh:
                fh.write("\n")
        return real(data_dir, *args, **kwargs)

    monkeypatch.setattr(site, "render_site", ingest_during_the_second)
    assert main([*args[: args.index("--periods") + 1], f"2021-2022,{PERIOD}", "--jobs", "1"]) == 1
    record = records(out)[-1]
    assert record["status"] == "held_partly" and record["withheld"]["periods"] == [PERIOD]
    assert (out / "2021-2022" / "fr" / "index.html").exists()
    assert "Publié en partie\u00a0: 1 période retenue telle qu'elle était" in capsys.readouterr().out


def test_only_the_most_recent_run_records_are_kept(small_data, published, tmp_path, monkeypatch):
    """Run records were never pruned (one a night, for ever). A run now keeps the most recent KEEP records."""
    import shutil

    from barometre.publish import records as rec

    assert rec.KEEP == 500  # as the README says
    out = Path(shutil.copytree(published, tmp_path / "reports"))
    for day in range(1, 5):
        (out / "runs" / f"2000010{day}T000000Z.json").write_text('{"start": "2000"}', encoding="utf-8")
    kept = sorted(p.name for p in (out / "runs").glob("*.json"))[-2:]  # the newest fake and the real run
    monkeypatch.setattr(rec, "KEEP", 3)
    assert main(publish_args(small_data, out)) == 0
    names = sorted(p.name for p in (out / "runs").glob("*.json"))
    assert len(names) == 3 and names[:2] == kept
    assert "20000101T000000Z.json" not in (out / "index.html").read_text(encoding="utf-8")


def test_records_of_runs_in_the_same_second_sort_in_run_order(tmp_path):
    """Two runs started within one second: the second record was named « …Z-2.json », which sorts before
    « …Z.json », so the archive page and the DAG (the last file by name) showed the earlier run."""
    import datetime as dt

    from barometre.publish import records as rec

    started = dt.datetime(2026, 12, 4, 18, 30, tzinfo=dt.UTC)
    made = []
    for _ in range(12):
        path = rec.new_record_path(tmp_path, started)
        path.write_text("{}", encoding="utf-8")
        made.append(path.name)
    assert sorted(made) == made and len(set(made)) == 12
    assert made[:3] == ["20261204T183000Z.json", "20261204T183000Z_002.json", "20261204T183000Z_003.json"]


def test_new_figures_for_a_later_period_leave_an_earlier_period_as_it_was(small_data, tmp_path):
    """A correction of 2022-2023 figures rendered every page of every period again (the pages' key held the
    whole observations file's hash), and changed the archived reports' footers. An earlier period's pages
    are made from what was known up to it: they are left as they are."""
    data, again = _earlier_published(small_data, tmp_path)

    def correct(rows):
        fixed = next(r for r in rows if r["period"] == PERIOD)
        fixed["numerator"] = str(int(float(fixed["numerator"])) // 2)  # a correction of the latest period
        return rows

    rewrite_csv(data / "observations.csv", correct)
    again()


def _earlier_published(small_data, tmp_path):
    """A copy of the small data with 2021-2022 published, and a check: published again, it is as it was."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(small_data, data)
    out = tmp_path / "reports"
    earlier = "2021-2022"
    args = [*publish_args(data, out)[:-4], "--periods", earlier, "--jobs", "1"]
    assert main(args) == 0

    def files() -> dict[str, bytes]:
        return {str(p.relative_to(out)): p.read_bytes() for p in (out / earlier).rglob("*") if p.is_file()}

    before = files()

    def again() -> None:
        assert main(args) == 0
        latest = records(out)[-1]
        assert latest["pages"] == {"rendered": 0, "unchanged": PAGES + PACK, "failed": 0}, latest
        assert files() == before

    return data, again


def test_an_organisation_created_after_a_period_leaves_that_period_as_it_was(small_data, tmp_path):
    """Next year's files name a new agency (« from_period » the latest period) with its figures: every page of
    2021-2022 was made again (the key held the organisations file's hash), only for its footer's hashes,
    though the agency is in none of them. An earlier period's pages are left as they are; a renamed
    organisation still makes them again (see the next test)."""
    data, again = _earlier_published(small_data, tmp_path)
    first = {}

    def add(orgs):
        first.update(orgs[0])
        new = {**orgs[0], "code": "NOUV", "name_fr": "Agence nouvelle", "name_en": "New agency"}
        return [{**o, "from_period": ""} for o in orgs] + [{**new, "from_period": PERIOD}]

    rewrite_csv(data / "organisations.csv", add)
    rewrite_csv(data / "observations.csv", lambda rows: rows + [
        {**r, "organisation": "NOUV"} for r in rows if r["period"] == PERIOD and r["organisation"] == first["code"]
    ])  # fmt: skip
    again()


def test_what_a_period_is_made_from_changes_with_what_its_report_shows(small_data, tmp_path):
    """The key of a period's pages (``known_inputs``) follows its own and earlier rows, the other files
    and the rejected rows the overview counts; not the rows of later periods."""
    import shutil

    from barometre.api import known_inputs
    from barometre.dataset import load_dataset

    data = tmp_path / "data"
    shutil.copytree(small_data, data)
    text = (data / "observations.csv").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)

    def key(period: str) -> dict:
        return known_inputs(load_dataset(data), period)

    start = {p: key(p) for p in ("2020-2021", "2021-2022", PERIOD)}

    def edit(period: str) -> str:
        i = next(i for i, line in enumerate(lines) if line.startswith(period + ","))
        cells = lines[i].split(",")
        cells[4] = str(int(float(cells[4])) + 1)  # one more in the denominator
        return "".join([*lines[:i], ",".join(cells), *lines[i + 1 :]])

    (data / "observations.csv").write_text(edit("2021-2022"), encoding="utf-8")
    assert key("2020-2021") == start["2020-2021"]
    assert key("2021-2022") != start["2021-2022"] and key(PERIOD) != start[PERIOD]
    # a rejected row of the latest period changes its report (« 1 ligne rejetée »), not earlier ones: they
    # said « 2 lignes … rejetées » of it and were all made again; a row naming no readable period counts in each
    (data / "observations.csv").write_text(text + f"{PERIOD},ORG001,1.1,x,4,,\n", encoding="utf-8")
    assert key("2020-2021") == start["2020-2021"] and key(PERIOD) != start[PERIOD]
    ds = load_dataset(data)
    assert (
        ds.rows_rejected_up_to("2020-2021") == 0 < ds.rows_rejected_up_to(PERIOD) == ds.report.rows_rejected
    )
    (data / "observations.csv").write_text(
        text + "2023-2024,ORG001,1.1,1,4,,\nvers 2021,ORG001,1.1,1,4,,\n", "utf-8"
    )
    ds = load_dataset(data)  # next year's row, refused by the strategy, and one whose period is unreadable
    assert (ds.rows_rejected_up_to("2020-2021"), ds.rows_rejected_up_to(PERIOD), ds.report.rows_rejected) == (
        1,
        1,
        2,
    )
    (data / "observations.csv").write_text(text, encoding="utf-8")
    assert key("2020-2021") == start["2020-2021"]
    orgs = (data / "organisations.csv").read_text(encoding="utf-8")
    (data / "organisations.csv").write_text(orgs.replace("n° 001", "n° 001 (renommé)", 1), encoding="utf-8")
    assert key("2020-2021") != start["2020-2021"]


def test_a_period_whose_pages_did_not_all_render_stays_whole_as_it_was(
    small_data, published, tmp_path, monkeypatch
):
    """A page failing in a run (kernel killed, ImportError…) kept its old file inside a freshly published period:
    a new page beside an old one, nothing said. The period now stays as it was, whole; the run exits 1 and says
    it was held back, naming the page; the next run publishes it."""
    import shutil

    import barometre.render.site as site
    import nbformat

    out = Path(shutil.copytree(published, tmp_path / "reports"))
    before = site_files(out)
    notebooks = Path(shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks"))
    broken = tmp_path / "module-absent"
    broken.touch()
    nb = nbformat.read(notebooks / "ambition.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "from IPython.display import HTML, display\ndisplay(HTML('<p>Nouvelle version du carnet</p>'))\n"
        f"import os\nif str(ambition) == '4' and os.path.exists({str(broken)!r}):\n"
        "    raise ImportError('module absent (simulé)')"
    ))  # fmt: skip
    nbformat.write(nb, notebooks / "ambition.ipynb")
    monkeypatch.setattr(site, "notebooks_dir", lambda: notebooks)
    assert main(publish_args(small_data, out)) == 1
    assert site_files(out) == before  # not « ambition-1 » new beside « ambition-4 » old
    record = records(out)[-1]
    assert record["withheld"] == {
        "periods": [PERIOD],
        "pages": 1 + PACK,
    }  # ambition-1 and the pack, not published
    assert record["pages"]["rendered"] == 0 and record["pages"]["failed"] == 1
    assert record["status"] == "withheld"  # nothing published, not « Publié avec erreurs »
    (said,) = [e for e in record["errors"] if "fr/ambition-4.html" in e]
    assert f"{PERIOD} reste telle qu'elle était publiée, entière" in said
    broken.unlink()  # the cause fixed: the next run publishes the period
    assert main(publish_args(small_data, out)) == 0
    for n in ("1", "4"):
        assert "Nouvelle version du carnet" in (out / PERIOD / "fr" / f"ambition-{n}.html").read_text("utf-8")


def _cron_job(env_log: Path, project: Path) -> tuple[str, dict[str, str]]:
    """The crontab's command as cron runs it (« \\% » is « % »), in ``project``, with its variables."""
    lines = (ROOT / "deploy" / "cron" / "barometre.crontab").read_text(encoding="utf-8").splitlines()
    variables = dict(x.split("=", 1) for x in lines if x and not x.startswith("#") and "=" in x.split()[0])
    (job,) = [x for x in lines if x and not x.startswith("#") and "=" not in x.split()[0]]
    command = job.split(None, 6)[6]
    assert "%" not in command.replace("\\%", ""), "an unescaped % ends a cron command"
    variables["BAROMETRE_LOG"] = str(env_log)
    if not (project / "deploy").exists():  # the line runs deploy/cron/barometre-publish.sh
        (project / "deploy").symlink_to(ROOT / "deploy")
    return command.replace("\\%", "%").replace("/srv/barometre", str(project)), variables


def test_the_cron_job_dates_each_run_in_its_log_and_makes_its_log_folder(tmp_path):
    """The crontab's log had no time stamps nor separators (a tail mixed runs), and a missing log folder read as
    « code 1 ». Each run is now between two dated lines, the mail shows that run only, the folder is made."""
    import re

    project = tmp_path / "srv"
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "barometre").symlink_to(
        BIN / "barometre"
    )  # data/demo missing: exit 2 at once
    log = tmp_path / "log" / "barometre" / "publish.log"  # its folder does not exist yet
    command, variables = _cron_job(log, project)
    env = {**os.environ, **variables}
    runs = [
        subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True) for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [2, 2]
    text = log.read_text(encoding="utf-8")
    stamp = r"===== \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC barometre publish : "
    assert len(re.findall(stamp + "début / start =====", text)) == 2
    assert len(re.findall(stamp + "fin / end, code 2 =====", text)) == 2
    mail = runs[1].stdout
    assert mail.startswith("barometre publish : code 2 / exit code 2") and mail.count("début / start") == 1
    assert "Dataset folder not found" in mail
    # a log folder that cannot be made: said so, not « code 1 » of a publication that never ran
    command, variables = _cron_job(
        tmp_path / "srv" / ".venv" / "bin" / "barometre" / "x" / "publish.log", project
    )
    failed = subprocess.run(
        ["bash", "-c", command], env={**os.environ, **variables}, capture_output=True, text=True
    )
    assert failed.returncode == 1 and "journal impossible à écrire" in failed.stdout
    assert "cannot write the log in" in failed.stdout and "code 1" not in failed.stdout


def test_a_full_disk_while_the_archive_is_written_keeps_the_old_archive_and_says_74(
    small_data, published, tmp_path, monkeypatch, capsys
):
    """The archive page was written to « .index-<pid>.tmp » and renamed: a full disk left the partial file in
    the served folder, and on a run's error path any failure but an OSError writing the archive replaced the
    run's own cause (its exit code 74, 130 or 143 became a traceback)."""
    import errno
    import shutil

    import barometre.render.site as site

    out = tmp_path / "reports"
    shutil.copytree(published, out)
    before = (out / "index.html").read_bytes()
    real_write_text = Path.write_text

    def full(self, text, *args, **kwargs):
        if self.name.startswith(".index"):  # the archive's temporary file
            real_write_text(self, text[:100], *args, **kwargs)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write_text(self, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    assert main(publish_args(small_data, out)) == 74
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"Impossible d'écrire ou de lire {out / 'index.html'}" in err
    assert (out / "index.html").read_bytes() == before
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    (record,) = [r for r in records(out) if r["exit_code"] != 0]
    assert record["status"] == "io_error"

    def broken(*args, **kwargs):
        raise RuntimeError("the archive template is broken")

    monkeypatch.setattr(Path, "write_text", real_write_text)
    monkeypatch.setattr(site, "_write_archive", broken)
    monkeypatch.setattr(site, "render_site", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    assert main(publish_args(small_data, out)) == 130
    assert "the archive template is broken" not in capsys.readouterr().err


def _correct(data: Path, period: str) -> None:
    """A corrected numerator for ``period`` (the first row of it halved), as a data officer saves it."""
    with (data / "observations.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fixed = next(r for r in rows if r["period"] == period)
    fixed["numerator"] = str(int(float(fixed["numerator"])) // 2)
    with (data / "observations.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_the_publication_dates_are_the_footer_s_utc_day_whatever_the_machine_s_zone(
    small_data, tmp_path, monkeypatch
):
    """On a machine in UTC+14 the revision read « révisés le 7 décembre » above « Rapport produit le
    6 décembre 2026, 20 h 20 UTC »: the dates are the UTC day the footer gives."""
    import datetime
    import time

    # a zone whose day is not UTC's now: UTC+14 from 10:00 UTC on, UTC−11 before 11:00 UTC
    hour = datetime.datetime.now(datetime.UTC).hour
    monkeypatch.setenv("TZ", "Pacific/Kiritimati" if hour >= 10 else "Pacific/Pago_Pago")
    time.tzset()
    assert datetime.datetime.now().date() != datetime.datetime.now(datetime.UTC).date()
    try:
        out = tmp_path / "reports"
        assert main(publish_args(small_data, out)) == 0
    finally:
        monkeypatch.undo()
        time.tzset()
    start = records(out)[-1]["start"][:10]  # the run's start, in UTC
    manifest = json.loads((out / PERIOD / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["__first_published__"] == start


def test_plans_filed_after_the_first_publication_are_not_called_revised_figures(small_data, tmp_path):
    """Plans added after a period was published made its pages say « Chiffres révisés le … » as a data
    correction would: the reader looked for a changed number and found none. They say the plans were updated,
    the indicators unchanged; a later correction of the data is a revision of the figures again."""
    import shutil

    data, out = Path(shutil.copytree(small_data, tmp_path / "data")), tmp_path / "reports"
    assert main(publish_args(data, out)) == 0
    _aim(data, "1.1", 0.9)  # a revision of the figures first: its words stay beside the plans' update
    assert main(publish_args(data, out)) == 0
    targets = "a changé la valeur visée de la cible 1.1\u00a0: 75\u00a0% → 90\u00a0%"
    code = (data / "organisations.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    (data / "plans.csv").write_text(
        f"organisation,target,period,planned_value\n{code},1.1,{PERIOD},0.8\n", encoding="utf-8"
    )
    assert main(publish_args(data, out)) == 0
    page = (out / PERIOD / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Plans de transformation mis à jour le " in page and "sans changement des indicateurs" in page
    assert targets in page  # the earlier revision's sentence kept, not warned again
    assert records(out)[-1]["revised"] == [PERIOD] and records(out)[-1]["warnings"] == []
    assert "plans mis à jour le " in (out / "index.html").read_text(encoding="utf-8")
    _correct(data, PERIOD)
    assert main(publish_args(data, out)) == 0
    page = (out / PERIOD / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Chiffres révisés le " in page and "Plans de transformation mis à jour" not in page


def _keyed_before(period_folder: Path, version: str) -> None:
    """A published period as an earlier version left it: its figures' key of ``version``, and its downloads'
    intervals drawn otherwise (before key 3 the draws followed the order of the file and of the strategy)."""
    from barometre.render.revision import FIGURES_KEY

    manifest_path = period_folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest[FIGURES_KEY] = f"{version}:" + "0" * 64  # as the earlier version kept it
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    moved = 0
    for path in period_folder.glob("*/donnees/indicateurs-*.csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in ("ci_low", "ci_high"):
            if column in frame:
                drawn = frame[column] != ""
                frame.loc[drawn, column] = (
                    (frame.loc[drawn, column].astype(float) * 0.97).round(6).astype(str)
                )
                moved += int(drawn.sum())
        frame.to_csv(path, index=False, lineterminator="\n")
    assert moved, "no interval in the downloads: nothing shows an upgrade that draws them otherwise"


def test_a_correction_published_with_an_upgrade_of_the_figures_key_is_still_said(
    small_data, published, tmp_path
):
    """A site published by a version whose figures' key was made another way (1, 2): the key cannot be
    compared, and a data correction loaded with the upgrade was published with no « Chiffres révisés ». The
    figures are compared from the published downloads instead, but for those the upgrade computes otherwise
    (the intervals, drawn otherwise since key 3); without a correction, nothing is said."""
    import shutil

    data = Path(shutil.copytree(small_data, tmp_path / "data"))
    # plans filed with the upgrade: the plans were updated, the indicators (intervals aside) as published
    planned = Path(shutil.copytree(small_data, tmp_path / "planned"))
    code = (planned / "organisations.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    (planned / "plans.csv").write_text(
        f"organisation,target,period,planned_value\n{code},1.1,{PERIOD},0.8\n", encoding="utf-8"
    )
    for name, version, correct in (("same", "2", False), ("same-1", "1", False), ("corrected", "1", True)):
        out = Path(shutil.copytree(published, tmp_path / name))
        _keyed_before(out / PERIOD, version)
        if correct:
            _correct(data, PERIOD)
        assert main(publish_args(data, out)) == 0
        page = (out / PERIOD / "fr" / "index.html").read_text(encoding="utf-8")
        assert ("Chiffres révisés le " in page) == correct, name
        assert records(out)[-1]["revised"] == ([PERIOD] if correct else []), name
    out = Path(shutil.copytree(published, tmp_path / "plans"))
    _keyed_before(out / PERIOD, "2")
    assert main(publish_args(planned, out)) == 0
    page = (out / PERIOD / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Plans de transformation mis à jour le " in page and "Chiffres révisés le " not in page
    # the same correction to a period left out of the run: said stale (it was not, after the upgrade)
    out = Path(shutil.copytree(published, tmp_path / "left-out"))
    _keyed_before(out / PERIOD, "2")
    args = publish_args(data, out)
    assert main([*args[: args.index("--periods")], "--periods", "2021-2022", "--jobs", "1"]) == 0
    (stale,) = [w for w in records(out)[-1]["warnings"] if "laissée de côté" in w]
    assert PERIOD in stale


def test_a_correction_names_the_published_periods_left_out_and_each_revised_period_says_so(
    small_data, published, tmp_path, caplog
):
    """2020-2021 corrected, then « --periods 2022-2023 »: its trend said « 52,7 % », the published 2021-2022
    pages still « 47,3 % », exit 0, warnings [], and the re-published period looked as on its first day. The run
    now names the periods left behind and the command that brings them up to date (exit 0: what was asked was
    published), and a period published again with other figures says when they were revised."""
    import shlex
    import shutil

    out = Path(shutil.copytree(published, tmp_path / "reports"))
    data = Path(shutil.copytree(small_data, tmp_path / "data"))
    args = publish_args(data, out)
    earlier = [*args[: args.index("--periods") + 1], "2021-2022", "--jobs", "1"]
    assert main(earlier) == 0
    from pypdf import PdfReader

    first = " ".join(p.extract_text() for p in PdfReader(out / PERIOD / "fr" / "brief.pdf").pages)
    assert "révisés" not in first  # a first publication: no revision to say
    manifest = json.loads((out / PERIOD / "manifest.json").read_text(encoding="utf-8"))
    manifest["__first_published__"] = "2026-11-12"  # published weeks ago
    (out / PERIOD / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    _correct(data, "2020-2021")
    caplog.clear()
    caplog.set_level("INFO", logger="barometre")
    assert main(args) == 0
    (said,) = records(out)[-1]["warnings"]
    assert said.startswith(
        "Déjà publiée, laissée de côté par cette exécution, 2021-2022 montre encore d'autres"
    )
    assert "Published before and left out of this run, 2021-2022 still shows other figures" in said
    assert said in caplog.text  # on stderr too
    command = said.split("Pour la mettre à jour\u00a0: ")[1].split(" / ")[0]
    assert "--periods 2021-2022" in command and PERIOD not in command
    import datetime

    from barometre.i18n import format_date
    from barometre.render.revision import Revision

    today = format_date(datetime.date.today())
    revised = f"Chiffres révisés le {today} (première publication\u00a0: 12\u00a0novembre\u00a02026)."
    for page in (out / PERIOD / "fr").rglob("*.html"):
        assert revised in page.read_text(encoding="utf-8"), page
    # the log and the record name the periods this run revised (« pages rendues : 288 » said nothing of it)
    assert records(out)[-1]["revised"] == [PERIOD]
    assert f"{PERIOD}\u00a0: chiffres révisés depuis sa dernière publication" in caplog.text
    # the minister's pack says it too: the office holds a brief with the figures first published
    from pptx import Presentation
    from pypdf import PdfReader

    brief = " ".join(
        " ".join(p.extract_text() for p in PdfReader(out / PERIOD / "fr" / "brief.pdf").pages).split()
    )
    assert " ".join(revised.replace("\u00a0", " ").split()) in brief.replace("\u00a0", " ")
    title = Presentation(str(out / PERIOD / "fr" / "presentation.pptx")).slides[0]
    said = [sh.text_frame.text.replace("\u2011", "-") for sh in title.shapes if sh.has_text_frame]
    assert any(revised in text for text in said), said
    # written again alone into the site (barometre brief), the pack says it still
    (out / PERIOD / "fr" / "brief.pdf").unlink()
    assert main(["brief", "--data", str(data), "--out", str(out), "--period", PERIOD, "--lang", "fr"]) == 0
    again = " ".join(
        " ".join(p.extract_text() for p in PdfReader(out / PERIOD / "fr" / "brief.pdf").pages).split()
    )
    assert " ".join(revised.replace("\u00a0", " ").split()) in again.replace("\u00a0", " ")
    kept = json.loads((out / PERIOD / "manifest.json").read_text(encoding="utf-8"))
    assert kept["__first_published__"] == "2026-11-12"
    archive = (out / "index.html").read_text(encoding="utf-8")  # each period's dates beside its links
    assert (
        f"première publication\u00a0: 12\u00a0novembre\u00a02026\u00a0; chiffres révisés le {today}"
        in archive
    )
    assert "first published November\u00a012, 2026; figures revised on " in archive
    dates = Revision("", datetime.date(2026, 11, 12), datetime.date(2026, 12, 5))
    assert (
        dates.note("en")
        == "Figures revised on December\u00a05, 2026 (first published November\u00a012, 2026)."
    )
    # the command as said brings the site up to date: the left-out period revised, nothing more to say
    assert main(shlex.split(command)[1:]) == 0
    assert records(out)[-1]["warnings"] == []
    assert "Chiffres révisés le " in (out / "2021-2022" / "fr" / "index.html").read_text(encoding="utf-8")


def _aim(data: Path, target: str, value: float) -> None:
    """The strategy file edited under its id: ``target`` aimed at ``value``."""
    import yaml

    raw = yaml.safe_load((data / "strategy.yaml").read_text(encoding="utf-8"))
    (entry,) = [tg for tg in raw["targets"] if tg["id"] == target]
    entry["target_value"] = value
    (data / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


def test_a_target_value_changed_in_the_strategy_is_said_apart_from_a_data_correction(
    small_data, published, tmp_path, caplog
):
    """The strategy file kept its id and aimed 1.1 at 90 % instead of 75 %: the published period read
    « Chiffres révisés » as if data had been corrected, its 1.1 judged on 90 %, and the run said nothing else.
    Its pages, brief and the run record say the target value changed, and what to do if it was not meant for
    the past; rendered again from the same figures the pages still say it; a later data correction does not."""
    import shutil

    data, out = tmp_path / "data", tmp_path / "reports"
    shutil.copytree(small_data, data)
    shutil.copytree(published, out)
    _aim(data, "1.1", 0.9)
    assert main(publish_args(data, out)) == 0  # a deliberate edit: published, and said
    (said,) = [w for w in records(out)[-1]["warnings"] if "1.1" in w]
    assert said.startswith(f"{PERIOD} : depuis sa publication, la stratégie a changé la valeur visée de la cible "
                           "1.1 : 75 % → 90 %")  # fmt: skip
    assert (
        "nouvelle stratégie (un autre identifiant)" in said
        and "target value of target 1.1: 75% → 90%" in said
    )
    assert said in caplog.text
    # compared as the download writes them: a value aimed at of 2/3, published 0.666667, has not changed
    import pandas as pd
    from barometre.render.revision import target_changes

    series = pd.DataFrame({"period": [PERIOD], "target": ["1.1"], "target_value": [2 / 3]})
    assert target_changes({"1.1": 0.666667}, {"indicateurs-series": series}, PERIOD) == []
    assert target_changes({"1.1": 0.6}, {"indicateurs-series": series}, PERIOD) == [["1.1", 0.6, 0.666667]]
    note = (
        "Depuis la première publication, la stratégie a changé la valeur visée de la cible 1.1 : 75 % → 90 %."
    )
    page = (out / PERIOD / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Chiffres révisés le " in page and note in page
    brief = " ".join(
        " ".join(p.extract_text() for p in PdfReader(out / PERIOD / "fr" / "brief.pdf").pages).split()
    )
    assert note.replace(" ", " ") in brief.replace(" ", " ")
    assert (
        main(publish_args(data, out, "--force")) == 0
    )  # the same figures again: said still, not warned again
    assert [w for w in records(out)[-1]["warnings"] if "1.1" in w] == []
    assert note in (out / PERIOD / "fr" / "index.html").read_text(encoding="utf-8")
    _correct(data, PERIOD)  # then a data correction: a revision of its own, no target changed
    assert main(publish_args(data, out)) == 0
    page = (out / PERIOD / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Chiffres révisés le " in page and "la stratégie a changé" not in page
    assert records(out)[-1]["warnings"] == []


def test_a_changed_value_of_a_target_to_go_down_to_reads_at_most(small_data, tmp_path):
    """A target to go down to (« au plus 30 % ») aimed at 20 % instead: the note and the run's warning read
    « 1.1 : 30 % → 20 % », as if the target were to reach 20 % or more."""
    import shutil

    import yaml

    data, out = tmp_path / "data", tmp_path / "reports"
    shutil.copytree(small_data, data)
    raw = yaml.safe_load((data / "strategy.yaml").read_text(encoding="utf-8"))
    (entry,) = [tg for tg in raw["targets"] if tg["id"] == "1.1"]
    entry["direction"] = "decrease"
    (data / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    _aim(data, "1.1", 0.3)
    assert main(publish_args(data, out)) == 0
    _aim(data, "1.1", 0.2)
    assert main(publish_args(data, out)) == 0
    (said,) = [w for w in records(out)[-1]["warnings"] if "1.1" in w]
    assert "de la cible 1.1\u00a0: au plus 30\u00a0% → au plus 20\u00a0%" in said
    assert "target value of target 1.1: at most 30% → at most 20%" in said
    page = (out / PERIOD / "fr" / "index.html").read_text(encoding="utf-8")
    assert "a changé la valeur visée de la cible 1.1\u00a0: au plus 30\u00a0% → au plus 20\u00a0%." in page


def test_a_period_rendered_again_from_the_same_figures_is_no_revision(published, small_data, tmp_path):
    """« --force » (or a new version of the code) makes every page again from the same figures: no « Chiffres
    révisés », and the first publication date stays. A site made before the figures' key was kept is read
    from its downloads."""
    import shutil

    from barometre.render.revision import FIGURES_KEY, published_figures

    out = Path(shutil.copytree(published, tmp_path / "reports"))
    manifest = json.loads((out / PERIOD / "manifest.json").read_text(encoding="utf-8"))
    assert (
        published_figures(out / PERIOD, {k: v for k, v in manifest.items() if k != FIGURES_KEY})
        == manifest[FIGURES_KEY]
    )
    first = manifest["__first_published__"]
    assert main(publish_args(small_data, out, "--force")) == 0
    assert records(out)[-1]["pages"]["rendered"] == PAGES + PACK
    kept = json.loads((out / PERIOD / "manifest.json").read_text(encoding="utf-8"))
    assert kept["__first_published__"] == first and "__revised__" not in kept
    assert records(out)[-1]["revised"] == []  # none said revised either
    assert not [p for p in (out / PERIOD).rglob("*.html") if "révisés" in p.read_text(encoding="utf-8")]


def test_a_site_of_another_strategy_is_never_overwritten(small_data, published, tmp_path, caplog, capsys):
    """The new strategy published into the old one's folder replaced the periods they share (old ambition
    pages left beside the new ones, the footers naming two strategies), exit 0, without a word. Now: exit 2
    before any page, naming the folder's strategy, its periods and the folder to use; also for a site made
    before periods named their strategy (read from the data package)."""
    import shutil

    import yaml

    data = tmp_path / "data"
    shutil.copytree(small_data, data)
    strategy = yaml.safe_load((data / "strategy.yaml").read_text(encoding="utf-8"))
    old_id, strategy["id"] = strategy["id"], "nouvelle-2024-2028"
    (data / "strategy.yaml").write_text(yaml.safe_dump(strategy, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "reports"
    shutil.copytree(published, out)
    before = site_files(out)
    assert main(publish_args(data, out)) == 2
    err = caplog.text
    assert f"{out} publie déjà une autre stratégie\u00a0: {old_id} ({PERIOD})" in err
    assert f"--out {out / 'nouvelle-2024-2028'}" in err and "One strategy per folder" in err
    assert site_files(out) == before
    manifest = json.loads((out / PERIOD / "manifest.json").read_text(encoding="utf-8"))
    assert manifest.pop("__strategy__") == old_id
    (out / PERIOD / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")  # a site made before
    before = site_files(out)
    assert main(["render", "--data", str(data), "--out", str(out), "--lang", "fr", "--period", PERIOD]) == 2
    assert "publie déjà une autre stratégie" in capsys.readouterr().err
    assert main(["brief", "--data", str(data), "--out", str(out), "--lang", "fr", "--period", PERIOD]) == 2
    assert "publie déjà une autre stratégie" in capsys.readouterr().err and site_files(out) == before
    assert main(publish_args(data, tmp_path / "own")) == 0  # its own folder


def test_a_figures_key_made_another_way_is_no_revision():
    """A later version that makes the figures' key another way (a column added) would have called every
    published period « révisée » and every period left out stale: a key of another version says nothing."""
    from barometre.render.revision import changed

    assert changed("1:aaa", "1:bbb") and not changed("1:aaa", "1:aaa")
    assert not changed("0:aaa", "1:bbb") and not changed("aaa", "1:bbb") and not changed(None, "1:bbb")


def test_a_lock_of_another_host_is_taken_over_once_its_heartbeat_stops(tmp_path, monkeypatch):
    """A run killed on another host (a pod, a container, a renamed server) left a lock that no later run
    could take: its pid could not be checked, so it was « alive » for good, and every night exited 75 (a skip
    for Airflow, no mail from cron). A running publication touches its lock file; one of another host left
    untouched for STALE_AFTER seconds is taken over, and a fresh one is still respected."""
    import datetime as dt
    import time

    from barometre.errors import LockHeld
    from barometre.publish import lock as lock_module

    out = tmp_path / "reports"
    out.mkdir()
    now = dt.datetime.now(dt.UTC)
    path = out / LOCK_NAME
    path.write_text(json.dumps({"pid": 1, "host": "airflow-worker-pod-a1", "started": now.isoformat()}))
    with pytest.raises(LockHeld, match="airflow-worker-pod-a1"):  # touched just now: a run may be at work
        OutputLock(out, now).acquire()
    with (
        monkeypatch.context() as pod
    ):  # pid 1 in every container: the same pid on another host is another run
        pod.setattr(os, "getpid", lambda: 1)
        with pytest.raises(LockHeld, match="airflow-worker-pod-a1"):
            OutputLock(out, now).acquire()
    old = time.time() - lock_module.STALE_AFTER - 60
    os.utime(path, (old, old))
    monkeypatch.setattr(lock_module, "HEARTBEAT", 0.05)  # a run touches its lock every HEARTBEAT seconds
    taken = OutputLock(out, now)
    try:
        assert taken.acquire().host == "airflow-worker-pod-a1"  # the stale holder, said by the run
        # … and while it runs, its own lock file is touched: another host would respect it
        os.utime(path, (old, old))
        deadline = time.time() + 10
        while path.stat().st_mtime == old and time.time() < deadline:
            time.sleep(0.05)
        assert time.time() - path.stat().st_mtime < lock_module.STALE_AFTER
    finally:
        taken.release()


def test_a_pack_that_fails_on_a_revision_is_not_left_stale_beside_the_new_pages(
    small_data, published, tmp_path, monkeypatch
):
    """A run whose minister's pack failed (« ÉCHEC fr/brief.pdf ») published the revised pages beside the pack
    of the run before: the office's brief kept the old figures under pages saying « Chiffres révisés », and
    the next run counted it as current. The stale pack is not published, and the next run writes it again."""
    import shutil

    from barometre.brief import pack

    out = Path(shutil.copytree(published, tmp_path / "reports"))
    data = Path(shutil.copytree(small_data, tmp_path / "data"))
    lines = (data / "observations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, x in enumerate(lines)
                 if x.startswith(PERIOD) and float(x.split(",")[3]) < float(x.split(",")[4]))  # fmt: skip
    cells = lines[first].split(",")
    cells[3] = str(int(float(cells[3])) + 1)  # one organisation's numerator revised: the figures change
    lines[first] = ",".join(cells)
    (data / "observations.csv").write_text("".join(lines), encoding="utf-8")
    brief = out / PERIOD / "fr" / "brief.pdf"
    old_brief, old_index = brief.read_bytes(), (out / PERIOD / "fr" / "index.html").read_bytes()

    def broken(*args, **kwargs):
        raise OSError("libpango-1.0-0 introuvable")

    monkeypatch.setattr(pack, "write_language", broken)
    assert main(publish_args(data, out)) == 1
    assert (out / PERIOD / "fr" / "index.html").read_bytes() != old_index  # the revised pages are out
    assert not brief.exists() and not (out / PERIOD / "fr" / "presentation.pptx").exists()  # not the old pack
    monkeypatch.undo()
    assert main(publish_args(data, out)) == 0  # the next run writes the pack again
    assert brief.exists() and brief.read_bytes() != old_brief
    # the same figures made again (--force, an upgrade) with a failing pack: the pack on line is still right
    monkeypatch.setattr(pack, "write_language", broken)
    assert main([*publish_args(data, out), "--force"]) == 1
    assert brief.exists()


def test_pages_failing_for_one_cause_are_one_line_of_the_log(small_data, tmp_path, monkeypatch, caplog):
    """Workers of another package version failed every page with the same 650-character message: 140 lines of
    the log (98 KB) for one cause. One line per cause now, naming three pages and how many more; the record
    keeps every page."""
    import shutil

    import barometre.render.site as site
    import nbformat

    notebooks = Path(shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks"))
    nb = nbformat.read(notebooks / "organisation.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise ImportError('module absent (simulé)')"))
    nbformat.write(nb, notebooks / "organisation.ipynb")
    monkeypatch.setattr(site, "notebooks_dir", lambda: notebooks)
    assert main(publish_args(small_data, tmp_path / "reports")) == 1
    record = records(tmp_path / "reports")[-1]
    failed = [f["page"] for f in record["failed_pages"]]
    assert len(failed) == 6 and all("/organisations/" in p for p in failed)
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("ÉCHEC / FAILED")]
    named = ", ".join(f"{PERIOD}/{page}" for page in failed[:3])
    assert len(lines) == 1 and lines[0].startswith(f"ÉCHEC / FAILED {named} (+3) : "), lines


def test_synthetic_data_never_replace_a_site_published_from_real_data(small_data, tmp_path, caplog):
    """The shipped cron line, systemd unit and Airflow DAG say ``--data data/demo``: a half-adapted line
    published the demo's made-up figures over the real site, same strategy id, exit 0. Synthetic data into a
    site of real data stop before any page (exit 2); real data replace a demo site as before."""
    import shutil

    real = Path(shutil.copytree(small_data, tmp_path / "real"))
    meta = real / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("synthetic: true", "synthetic: false"), "utf-8")
    assert "synthetic: false" in meta.read_text(encoding="utf-8")
    out = tmp_path / "reports"
    assert main(publish_args(real, out)) == 0
    before = site_files(out)
    assert main(publish_args(small_data, out)) == 2
    assert site_files(out) == before
    said = records(out)[-1]["errors"][0]
    assert f"{out} publie des données réelles ({PERIOD}) ; ce jeu de données est fictif" in said.replace(
        "\u00a0", " "
    )
    assert "this dataset is synthetic (synthetic: true in dataset.yaml): nothing is published." in said
    assert (
        main(["render", "--data", str(small_data), "--out", str(out), "--lang", "fr", "--period", PERIOD])
        == 2
    )
    demo_site = tmp_path / "demo-site"
    assert main(publish_args(small_data, demo_site)) == 0
    assert main(publish_args(real, demo_site)) == 0  # the first real publication replaces the demo's
    # real data beside demo pages they leave (another period): said, exit 1 (the archive told them apart nowhere)
    args = publish_args(small_data, demo_site)
    args[args.index("--periods") + 1] = "2021-2022"
    assert main(args) == 2  # the demo's 2021-2022 into a site now of real data: refused
    mixed = tmp_path / "mixed"
    args = publish_args(small_data, mixed)
    args[args.index("--periods") + 1] = "2021-2022"
    assert main(args) == 0
    assert main(publish_args(real, mixed)) == 1
    (said,) = [w for w in records(mixed)[-1]["warnings"] if "fictives" in w]
    assert said.replace("\u00a0", " ").startswith(
        "2021-2022 : reste publiée à partir de données fictives, à côté"
    )
    assert f"(barometre publish --data {real} --out {mixed} --periods 2021-2022 --lang fr)" in said
    # the demo's rows are no measure of the real ones: the first real publication of a demo period is no fall
    few = Path(shutil.copytree(real, tmp_path / "few"))
    rewrite_csv(few / "observations.csv", lambda rows: [r for r in rows if r["period"] != PERIOD]
                + [r for r in rows if r["period"] == PERIOD][:2])  # fmt: skip
    args = publish_args(few, mixed)
    args[args.index("--periods") + 1] = "2021-2022"
    assert main(args) == 0


def test_another_observations_file_beside_the_one_read_makes_a_run_exit_1(small_data, published, tmp_path):
    """A new observations.parquet (or « observations (1).csv ») beside observations.csv: only the CSV is read,
    a warning says so, and the nightly run published the old figures with exit 0: cron mailed nothing."""
    import shutil

    out = Path(shutil.copytree(published, tmp_path / "reports"))
    data = Path(shutil.copytree(small_data, tmp_path / "data"))
    shutil.copy(data / "observations.csv", data / "observations (1).csv")
    assert main(publish_args(data, out)) == 1
    (said,) = [w for w in records(out)[-1]["warnings"] if "observations (1).csv" in w]
    assert "n'est pas lu" in said and "is not read" in said
    (data / "observations (1).csv").unlink()
    assert main(publish_args(data, out)) == 0
