"""Report pipeline: pages, offline resources, figures, escaping, faults, incremental renders."""

import csv
import hashlib
import html.parser
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from barometre import results
from barometre.errors import RenderError
from barometre.i18n import format_number, format_percent, t
from barometre.render.site import RenderSummary, raise_if_failed, render_site
from barometre.render.staging import clean_stale
from conftest import (
    DEMO,
    FORMULA_NOTE,
    ROOT,
    plain,
    rewrite_csv,
    run_script_without_main_guard,
    shown,
    with_strategy,
)

pytestmark = pytest.mark.cost(17)  # CPU-seconds: the costliest start first (conftest)

PERIOD = "2022-2023"
BIN = Path(sys.executable).parent


def expected_pages(lang: str) -> list[str]:
    res = results(DEMO)
    pages = ["index.html", "methodologie.html", "organisations/index.html"]
    pages += [f"ambition-{a.id}.html" for a in res.dataset.strategy.ambitions]
    pages += [f"organisations/{c}.html" for c in res.dataset.sample["code"]]
    pages += [
        f"donnees/{n}"
        for n in ("datapackage.json", "indicateurs.csv", "indicateurs.json", "observations.csv")
    ]
    return pages


class Resources(html.parser.HTMLParser):
    """Collect src/href of scripts, styles, images, iframes and links."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe", "link", "source", "video", "audio", "embed"}:
            for key in ("src", "href"):
                if attrs.get(key):
                    self.urls.append((tag, attrs[key]))
        if tag == "script":
            self.scripts += 1


def html_pages(site: Path) -> list[Path]:
    return sorted((site / PERIOD).rglob("*.html"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_expected_page_exists(rendered_site, lang):
    for page in expected_pages(lang):
        assert (rendered_site / PERIOD / lang / page).is_file(), page
    assert (rendered_site / "index.html").is_file()


def test_no_page_loads_anything_from_the_network(rendered_site):
    pages = html_pages(rendered_site)
    assert len(pages) >= 2 * (len(expected_pages("fr")) - 4)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parser = Resources()
        parser.feed(text)
        remote = [u for u in parser.urls if u[1].startswith(("http://", "https://", "//"))]
        assert not remote, (page, remote)
        assert "cdn." not in text.lower() and "require.js" not in text, page


def test_pages_have_no_code_or_prompts(rendered_site):
    for page in html_pages(rendered_site):
        text = page.read_text(encoding="utf-8")
        for marker in (
            "jp-InputArea",
            "input_prompt",
            "In&nbsp;[",
            "jp-OutputPrompt",
            "from barometre",
            "ctx = s.context",
        ):
            assert marker not in text, (page, marker)


def test_overview_matches_indicators_in_french(rendered_site, site_data):
    out = subprocess.run(
        [BIN / "barometre", "indicators", "--data", site_data, "--period", PERIOD, "--format", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = json.loads(out.stdout)
    assert len(rows) == 10
    page = (rendered_site / PERIOD / "fr" / "index.html").read_text(encoding="utf-8")
    for row in rows:
        start = page.index(f'id="carte-{row["target"]}"')
        card = page[start : page.index("</article>", start)]
        assert format_percent(row["value"], "fr") in card, row["target"]
        assert t(f"status.{row['status']}", "fr") in card, row["target"]
    assert "75\u00a0%" in page  # French percent format of a target value


def test_text_from_data_is_escaped(rendered_site):
    org_pages = list((rendered_site / PERIOD / "fr" / "organisations").glob("*.html"))
    found = False
    for page in org_pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in text
        if "&lt;script&gt;alert(1)&lt;/script&gt;" in text:
            found = True
    assert found, "the escaped organisation name must be shown as text"


def test_the_data_page_lists_each_download_in_its_language(rendered_site):
    """« Données » and « Télécharger les données » opened datapackage.json as raw JSON, French first: a reader
    had to read a data package to find the CSV files. A page of each language names, describes, counts and
    links each download, and points to the data package."""
    import html as html_module

    for lang in ("fr", "en"):
        page = rendered_site / PERIOD / lang / "donnees.html"
        text = html_module.unescape(page.read_text(encoding="utf-8"))
        package = json.loads((page.parent / "donnees" / "datapackage.json").read_text(encoding="utf-8"))
        for resource in package["resources"]:
            name = resource["name"]
            assert f'href="donnees/{name}.csv"' in text and f'href="donnees/{name}.json"' in text, name
            assert (
                t(f"downloads.{name}", lang) in text
                and t(f"downloads.{name}", lang) in resource["description"]
            )
            rows = sum(
                1 for _ in csv.DictReader((page.parent / "donnees" / f"{name}.csv").open(encoding="utf-8"))
            )
            assert f'<td class="num">{format_number(rows, lang)}</td>' in text, (name, rows)
        assert 'href="donnees/datapackage.json"' in text
        assert f'href="donnees.html" aria-current="page">{t("nav.data", lang)}</a>' in text
        overview = (rendered_site / PERIOD / lang / "index.html").read_text(encoding="utf-8")
        assert f'<a href="donnees.html">{t("nav.data", lang)}</a>' in overview  # not the raw JSON
        # an organisation's page is in the organisations' section, not the index page (« page » said it was)
        org = (rendered_site / PERIOD / lang / "organisations" / "MFSN.html").read_text(encoding="utf-8")
        index = (rendered_site / PERIOD / lang / "organisations" / "index.html").read_text(encoding="utf-8")
        label = t("nav.organisations", lang)
        link = '<a href="../organisations/index.html" aria-current='
        assert f'{link}"true">{label}</a>' in org and 'aria-current="page"' not in org
        assert f'{link}"page">{label}</a>' in index
    assert "Indicateurs" not in t("downloads.indicateurs", "en")


def test_data_exports_neutralise_formulas(rendered_site):
    folder = rendered_site / PERIOD / "fr" / "donnees"
    notes = [r["note"] for r in csv.DictReader((folder / "observations.csv").open(encoding="utf-8"))]
    assert "'" + FORMULA_NOTE in notes
    assert FORMULA_NOTE not in notes
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in package["resources"]}
    assert {"indicateurs", "observations"} <= names
    # the English site's « Data » opens it too: its title and source were in French only
    assert (
        package["title"]
        == f"Baromètre de démonstration (données fictives) — {PERIOD} / Demonstration barometer (synthetic data) — {PERIOD}"
    )
    assert package["sources"][0]["title"].endswith(
        ' / Generated by "barometre demo-data"; made-up organisations and figures.'
    )
    header = (folder / "indicateurs.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(results(DEMO).indicators.columns)


def test_every_page_has_banner_footer_and_language_link(rendered_site):
    for page in html_pages(rendered_site):
        text = page.read_text(encoding="utf-8")
        lang = "fr" if "/fr/" in str(page) else "en"
        assert f'<html lang="{lang}">' in text
        assert t("banner.synthetic_title", lang) in text, page
        assert "sha256" in text and "quebec-2019-2023" in text
        assert 'class="lang"' in text
        # the whole link text: an unquoted comma in the catalogue once cut it to « (CSV »
        assert f'donnees.html">{t("footer.downloads", lang)}</a>' in text, page
        assert "(CSV, JSON)</a>" in text, page
        # the render time (BRIEF §6), not the day alone: « Rapport produit le 6 décembre 2026, 15 h 04 UTC. »
        footer = text.split('<footer class="site">')[1].split("</p>")[0]
        assert re.search(r"\d{1,2}(\xa0h\xa0|:)\d\d\xa0UTC", footer), footer


def test_each_language_names_the_dataset_in_its_own_words(rendered_site, tmp_path):
    """The English pages, brief and deck said « Dataset: Baromètre de démonstration (données fictives) »:
    dataset.yaml's ``title_en`` (``title_fr``) names it in each language; the GC import wrote both, unread."""
    import shutil

    from barometre.brief import build_content
    from barometre.dataset import load_dataset

    for lang, title in (("fr", "Baromètre de démonstration (données fictives)"),
                        ("en", "Demonstration barometer (synthetic data)")):  # fmt: skip
        for page in (rendered_site / "2022-2023" / lang).rglob("*.html"):
            text = page.read_text("utf-8")
            assert f"{title}</li>" in text and ("données fictives" not in text) == (lang == "en"), page
        assert build_content(results(DEMO), "2022-2023", lang).dataset_title == title
    data = shutil.copytree(DEMO, tmp_path / "gc-like")
    rest = [
        line
        for line in (data / "dataset.yaml").read_text("utf-8").splitlines()
        if not line.startswith("title")
    ]
    for titles, expected in ((["title: Titre / Title", "title_fr: Titre", "title_en: Title"], ("Titre", "Title")),
                             (["title: Titre seul"], ("Titre seul", "Titre seul"))):  # fmt: skip
        (data / "dataset.yaml").write_text("\n".join(titles + rest) + "\n", encoding="utf-8")
        ds = load_dataset(data)
        assert (ds.title_in("fr"), ds.title_in("en")) == expected and ds.title == titles[0][len("title: ") :]


def test_every_page_names_the_source_and_the_licence_in_its_language(rendered_site):
    """dataset.yaml's ``source`` and ``licence`` were in the downloads' datapackage.json only: the GC site
    never gave the attribution the Open Government Licence – Canada asks for. Each page's footer does now,
    ``source_en`` on the English pages."""
    from barometre.dataset import load_dataset
    from markupsafe import escape

    ds = load_dataset(DEMO)
    for lang in ("fr", "en"):
        source = str(escape(ds.about_in("source", lang)))
        for page in (rendered_site / PERIOD / lang).rglob("*.html"):
            text = page.read_text("utf-8")
            assert f"{t('footer.source', lang)}" in text and f"{source}</li>" in text, page
            assert "Licence" in text and "CC0-1.0</li>" in text, page
    assert ds.about_in("source", "en").startswith("Generated by") and ds.about_in("source", "fr").startswith(
        "Généré"
    )
    assert ds.about_in("nope", "fr") == ""  # nothing given: no line


def test_every_chart_has_a_data_table(rendered_site):
    page = (rendered_site / PERIOD / "fr" / "ambition-1.html").read_text(encoding="utf-8")
    charts = page.count('class="vega-spec"')
    assert charts >= 6  # three targets x (trend + distribution)
    assert page.count('class="chart-data"') == charts


def test_every_page_title_names_its_period(rendered_site):
    """« Vue d'ensemble — Baromètre … » was the title of every period's overview: tabs, bookmarks and the
    history could not tell 2019-2020 from 2022-2023 (WCAG 2.4.2). Each page's title names its period."""
    for lang in ("fr", "en"):
        pages = sorted((rendered_site / PERIOD / lang).rglob("*.html"))
        titles = [re.search(r"<title>(.*?)</title>", p.read_text("utf-8")).group(1) for p in pages]
        assert len(titles) > 10
        assert all(f"({PERIOD}) — {t('site.title', lang)}" in title for title in titles), titles
    overview = (rendered_site / PERIOD / "fr" / "index.html").read_text("utf-8")
    assert f"<title>Vue d&#39;ensemble ({PERIOD}) — Baromètre" in overview


def test_every_data_toggle_is_named_after_its_chart(rendered_site):
    """Every « Données du graphique (tableau) » toggle had that one name, alike in a screen reader's list of
    controls: each is named after its chart too (its visible words first, WCAG 2.5.3), none twice a page."""
    from html import unescape

    checked = 0
    for lang in ("fr", "en"):
        shown = t("chart.data_table", lang)
        for page in (rendered_site / PERIOD / lang).rglob("*.html"):
            text = page.read_text("utf-8")
            names = [
                unescape(m.group(1))
                for m in re.finditer(r'<details class="chart-data"><summary aria-label="([^"]*)">', text)
            ]
            assert len(names) == text.count('class="chart-data"'), page
            for name in names:
                assert name.startswith(shown) and len(name) > len(shown) + 5, (page, name)
                # read aloud as shown: the caption's no-break spaces kept (« : » and « % » lost theirs)
                assert lang == "en" or not re.search(r" [:;!?%]", name), (page, name)
            assert len(set(names)) == len(names), (page, names)
            checked += len(names)
    assert checked > 50, checked
    ambition = (rendered_site / PERIOD / "fr" / "ambition-1.html").read_text("utf-8")
    assert 'aria-label="Données du graphique (tableau)\u00a0: Cible 1.1' in ambition


def test_the_french_footer_s_colons_have_a_no_break_space(rendered_site):
    """« Période : 2022-2023 », « Licence : … » with plain spaces, on every French page, where every other
    colon of the page had its no-break space: a line may break before the colon."""
    page = (rendered_site / PERIOD / "fr" / "index.html").read_text("utf-8")
    footer = page[page.index("<footer") :]
    lines = re.findall(r"<li>([^<:]*):", footer)
    assert len(lines) >= 5 and all(line.endswith("\u00a0") for line in lines), lines


def test_a_chart_description_is_written_once_in_its_figure(rendered_site):
    """Each chart's description was its drawing's name and its caption: a screen reader read it two or three
    times (figure, image, caption). The drawing is named in short, pointing to the caption under it."""
    from html import unescape

    checked = 0
    for lang in ("fr", "en"):
        short = t("chart.img_label", lang)
        for page in (rendered_site / PERIOD / lang).rglob("*.html"):
            text = page.read_text("utf-8")
            for figure in re.findall(r'<figure class="chart">.*?</figure>', text, flags=re.S):
                (label,) = re.findall(r'role="img" aria-label="([^"]*)"', figure)
                (described,) = re.findall(r'<span class="chart-desc">(.*?)</span>', figure, flags=re.S)
                assert unescape(label) == short, (page, label)
                assert len(described) > 40 and figure.count(described) == 1, (page, described)
                checked += 1
    assert checked > 50, checked


def test_incremental_render_skips_unchanged_pages(rendered_site, site_data, tmp_path):
    out = tmp_path / "reports"
    shutil.copytree(rendered_site, out)
    before = {p: p.stat().st_mtime_ns for p in html_pages(out)}
    summary = render_site(site_data, out, langs=["fr", "en"], jobs=2)
    assert summary.count("rendered") == 0
    # every page, and the minister's pack of both languages, which the first render counted as rendered
    assert summary.count("skipped") == len(before) + 4
    assert {p: p.stat().st_mtime_ns for p in html_pages(out)} == before


def test_failing_notebook_keeps_previous_page_and_reports_cell(rendered_site, site_data, tmp_path):
    out = tmp_path / "reports"
    shutil.copytree(rendered_site, out)
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    nb = nbformat.read(notebooks / "ambition.ipynb", as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell("if str(ambition) == '3':\n    raise ValueError('panne simulée')")
    )
    nbformat.write(nb, notebooks / "ambition.ipynb")
    page = out / PERIOD / "fr" / "ambition-3.html"
    previous = page.read_bytes()
    summary = render_site(site_data, out, langs=["fr"], jobs=1, notebooks=notebooks)
    # `barometre render` keeps a failed page's last good version beside the new ones (publish holds the
    # period back): a variable named like the parameter made every render hold it back
    assert not summary.withheld
    failed = {r.key: r for r in summary.failed}
    # the English pages already published are kept in step with the French ones (same notebooks, same data)
    assert set(failed) == {"fr/ambition-3.html", "en/ambition-3.html"}
    assert "ValueError" in failed["fr/ambition-3.html"].error
    # the failing cell's place in the notebook file (the last), in every page and language alike; it was the
    # warm kernel's execution count (« cellule 36 » of a notebook of 6 cells), growing with each page it ran
    assert failed["fr/ambition-3.html"].cell == failed["en/ambition-3.html"].cell == len(nb.cells)
    pages = [r for r in summary.results if r.state == "rendered" and r.key.endswith(".html")]
    assert len(pages) == 2 * 5  # the other ambitions (the minister's pack is counted apart)
    assert page.read_bytes() == previous
    with pytest.raises(RenderError) as exc:
        raise_if_failed(summary)
    assert exc.value.exit_code == 1
    # A first publication of the period: its other pages linked to the missing one (45 broken links, served).
    # Nothing of the period is published, and the error says so.
    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    from synthetic import write_dataset  # three organisations and ambition 3 alone: seven pages, not 36

    small = write_dataset(tmp_path / "small", organisations=3, ambitions=["3"])
    first = render_site(small, tmp_path / "new", langs=["fr"], jobs=1, notebooks=notebooks)
    assert first.withheld and not (tmp_path / "new" / PERIOD).exists()
    with pytest.raises(RenderError, match="rien n'en est publié"):
        raise_if_failed(first)


def test_a_page_whose_organisation_left_the_data_is_removed_and_said(tmp_path):
    """An organisation taken out of the data kept its page (unlinked, its old figures served) run after run,
    ``--force`` too. The page goes, the manifest forgets it, the run says so; a file put there by hand stays."""
    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    from synthetic import write_dataset

    small = write_dataset(tmp_path / "small", organisations=3, ambitions=["3"])
    out = tmp_path / "out"
    render_site(small, out, langs=["fr"], jobs=2)
    folder = next(p for p in out.iterdir() if (p / "manifest.json").is_file())
    gone, kept = folder / "fr/organisations/ORG003.html", folder / "fr/organisations/ORG002.html"
    assert gone.is_file() and kept.is_file()
    (folder / "fr/notes.txt").write_text("notes de l'équipe", encoding="utf-8")
    for name in ("organisations.csv", "observations.csv"):
        column = "code" if name == "organisations.csv" else "organisation"
        rewrite_csv(small / name, lambda rows, c=column: [r for r in rows if r[c] != "ORG003"])
    summary = render_site(small, out, langs=["fr"], jobs=2)
    assert not gone.exists() and kept.is_file() and (folder / "fr/notes.txt").is_file()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert "fr/organisations/ORG003.html" not in manifest
    assert "fr/organisations/ORG003.html" not in manifest["__outputs__"]
    said = [w for w in summary.warnings if "ORG003" in w]
    assert len(said) == 1 and "une page publiée n'a plus lieu d'être" in said[0], summary.warnings
    assert "it is removed: fr/organisations/ORG003.html" in said[0]
    again = render_site(small, out, langs=["fr"], jobs=2, force=True)
    assert not any("ORG003" in w for w in again.warnings)  # said once, not run after run


def test_unknown_period_is_refused_before_any_kernel():
    out = subprocess.run(
        [BIN / "barometre", "render", "--data", DEMO, "--period", "1999-2000", "--out", "/nonexistent/x"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 2
    assert "2022-2023" in out.stderr and "Traceback" not in out.stderr


def test_unknown_language_is_refused():
    out = subprocess.run(
        [BIN / "barometre", "render", "--lang", "de", "--out", "/nonexistent/x"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2 and "fr, en" in out.stderr


def test_interrupted_render_leaves_previous_site_intact(rendered_site, site_data, tmp_path):
    out = tmp_path / "reports"
    shutil.copytree(rendered_site, out)
    snapshot = {p: p.read_bytes() for p in html_pages(out)}
    # Ctrl-C's default action even when the suite runs as a background job (which ignores SIGINT, and
    # a child inherits that: the render would then finish and exit 0).
    temp = tmp_path / "tmp"  # the render's temporary directory, to see what it leaves there
    temp.mkdir()
    proc = subprocess.Popen(
        [BIN / "barometre", "render", "--data", site_data, "--out", out, "--force", "--lang", "fr"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "TMPDIR": str(temp)},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    # Interrupt once the render is under way: its staging folder exists and its kernels have started.
    # (A fixed delay after the staging folder appears could outlast the whole render on a fast machine.)
    end = time.monotonic() + 120
    while (
        proc.poll() is None
        and time.monotonic() < end
        and not (list(out.glob(".staging-*")) and _kernels_of(proc.pid))
    ):
        time.sleep(0.05)
    assert proc.poll() is None, "the render ended before it could be interrupted"
    kernels = _kernels_of(proc.pid)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert {p: p.read_bytes() for p in html_pages(out)} == snapshot
    assert not list(out.glob(".staging-*"))
    # its workers shut their kernels down and removed their folders (they were killed outright, and
    # every interrupted render left folders behind in the temporary directory)
    assert not [k for k in kernels if k.is_running() and k.status() != "zombie"]
    assert not list(temp.iterdir())


def _kernels_of(pid: int) -> list:
    """The Jupyter kernels among the descendants of process ``pid``."""
    import psutil

    found = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            if any("ipykernel" in part for part in child.cmdline()):
                found.append(child)
        except psutil.Error:
            pass
    return found


def test_clean_stale_restores_half_swapped_period(tmp_path):
    (tmp_path / f".old-{PERIOD}-123" / "fr").mkdir(parents=True)
    (tmp_path / ".staging-2022-2023-456").mkdir()
    clean_stale(tmp_path)
    assert (tmp_path / PERIOD / "fr").is_dir()
    assert not list(tmp_path.glob(".*"))


def test_plain_papermill_cli_runs_a_notebook(tmp_path):
    out = tmp_path / "amb.ipynb"
    subprocess.run(
        [BIN / "papermill", ROOT / "notebooks" / "ambition.ipynb", out, "-p", "ambition", "3", "-p", "lang", "en",
         "--no-progress-bar", "--cwd", ROOT / "notebooks"],
        check=True, capture_output=True,
    )  # fmt: skip
    nb = nbformat.read(out, as_version=4)
    html_out = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    assert "Ambition 3" in html_out and "Target 3.1" in html_out


def test_archive_lists_periods_and_languages(rendered_site):
    text = (rendered_site / "index.html").read_text(encoding="utf-8")
    assert f"{PERIOD}/fr/index.html" in text and f"{PERIOD}/en/index.html" in text


def test_summary_counts():
    s = RenderSummary(PERIOD, Path("."))
    assert s.count("rendered") == 0 and not s.failed
    assert os.cpu_count()


def test_summary_says_each_failure_and_the_totals_french_then_english():
    """The command's closing lines come from the catalogue, French then English, numbers the language's
    way (they read « rendues / rendered : 1 … ÉCHEC / FAILED fr/ambition-1 (cellule / cell 3) : … »)."""
    from barometre.render.site import PageResult, summary_table

    results = [
        PageResult("fr/index", "rendered", 1.25),
        PageResult("fr/ambition-1", "failed", 2.0, "KeyError: 'x'", 3),
    ]
    lines = summary_table(RenderSummary(PERIOD, Path("site"), results)).splitlines()
    assert lines == [
        "Échec de la page fr/ambition-1 (cellule 3)\u00a0: KeyError: 'x'",
        f"{PERIOD} — pages rendues\u00a0: 1, inchangées\u00a0: 0, en échec\u00a0: 1\u00a0; "
        "temps d'exécution cumulé\u00a0: 3,3\u00a0s",  # 3,25 s: a half rounds up, as in a spreadsheet
        "Page fr/ambition-1 failed (cell 3): KeyError: 'x'",
        f"{PERIOD} — pages rendered: 1, unchanged: 0, failed: 1; total execution time: 3.3 s",
        f"Site\u00a0: {Path('site') / 'index.html'}",
    ]
    revised = summary_table(RenderSummary(PERIOD, Path("site"), results[:1], revised=True)).splitlines()
    assert revised[1].startswith(
        f"{PERIOD}\u00a0: chiffres révisés depuis sa dernière publication (ses pages"
    )
    assert revised[3].startswith(f"{PERIOD}: figures revised since its last publication")


def test_pages_share_hashed_offline_assets(rendered_site):
    assets = sorted(p.name for p in (rendered_site / "assets").iterdir())
    assert [a.split("-")[0] for a in assets] == ["embed", "style", "vega"], assets
    for name in assets:  # the name carries the content's hash
        digest = hashlib.sha256((rendered_site / "assets" / name).read_bytes()).hexdigest()[:12]
        assert name.rsplit(".", 1)[0].endswith(digest), name
    for page in html_pages(rendered_site) + [rendered_site / "index.html"]:
        text = page.read_text(encoding="utf-8")
        parser = Resources()
        parser.feed(text)
        assert "<style>" not in text and "vegaEmbed(" not in text, page  # nothing inlined
        for tag, url in parser.urls:
            if url.startswith("data:") or tag not in {"script", "link"} or url.endswith(".json"):
                continue
            resolved = (page.parent / url).resolve()
            assert resolved.parent == (rendered_site / "assets").resolve(), (page, url)
            assert resolved.is_file(), (page, url)
        assert page.stat().st_size <= 200 * 1024, page


def test_standalone_page_inlines_css_and_vega():
    from barometre.render.html import Provenance, render_page

    kwargs = dict(content='<script type="application/json" class="vega-spec"></script>', lang="fr",
                  title="T", period=PERIOD, root="", nav=[], other_href="../en/index.html", synthetic=True,
                  provenance=Provenance("d", "s", {}, "1 avril 2023"), has_charts=True)  # fmt: skip
    standalone = render_page(**kwargs)
    assert "<style>" in standalone and "vegaEmbed(" in standalone and "<link" not in standalone
    assert len(standalone) > 500_000  # the whole Vega bundle
    from barometre.render.assets import site_assets

    shared = render_page(**kwargs, assets=site_assets(), site_root="../../")
    assert "<style>" not in shared and len(shared) < 20_000
    assert f'src="../../{site_assets().vega}"' in shared


def test_standalone_option_of_the_command():
    out = subprocess.run([BIN / "barometre", "render", "--help"], capture_output=True, text=True, check=True)
    assert "--standalone" in out.stdout


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_render_writes_the_ministers_pack_and_links_it(rendered_site, lang):
    folder = rendered_site / PERIOD / lang
    assert (folder / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / "presentation.pptx").stat().st_size > 10_000
    overview = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="brief.pdf"' in overview and 'href="presentation.pptx"' in overview
    assert "2021-2022" in overview and ("Ce qui a changé" in overview or "What changed" in overview)
    ambition = (folder / "ambition-1.html").read_text(encoding="utf-8")
    assert 'href="brief.pdf"' in ambition  # in the navigation of every page


AWKWARD_CODES = {"MFEDU": "MF/EDU", "MFSN": "Réseau santé", "MFJUS": "index"}


def with_codes(data: Path, renamed: dict[str, str]) -> Path:
    """``data`` with some organisation codes renamed in every file that carries them."""
    for name, column in (("organisations.csv", "code"), ("observations.csv", "organisation"),
                         ("plans.csv", "organisation")):  # fmt: skip
        rewrite_csv(data / name, lambda rows, c=column: [{**r, c: renamed.get(r[c], r[c])} for r in rows])
    return data


def test_any_organisation_code_gets_a_page_of_its_own_that_its_link_finds(demo_copy, tmp_path):
    """« MF/EDU » made a folder (its page lost the site's styles and charts), « index » overwrote the
    organisation index without a word, « Réseau santé » needed encoding in links. Each now has one flat
    file of a safe name, the index links to it, and its collection workbook is named the same way."""
    from barometre import load_dataset
    from barometre.collect.templates import write_templates
    from barometre.pages_static import organisation_index
    from barometre.render.pages import site_pages

    data = with_codes(demo_copy, AWKWARD_CODES)
    ds = load_dataset(data)
    assert set(AWKWARD_CODES.values()) <= set(ds.sample["code"])
    pages = [p.path for p in site_pages(ds, PERIOD, ["fr"])]
    orgs = [p for p in pages if p.startswith("organisations/") and p != "organisations/index.html"]
    assert len(pages) == len(set(pages)) and len(orgs) == len(ds.sample)
    assert all(p.count("/") == 1 and p.isascii() and " " not in p for p in orgs), orgs
    assert "organisations/MFFIN.html" in orgs  # a plain code keeps its own name
    links = re.findall(r'href="([^"#]+\.html)"', str(organisation_index(ds, PERIOD, "fr")))
    assert sorted(f"organisations/{href}" for href in links) == sorted(orgs)
    written = write_templates(data, PERIOD, tmp_path / "collecte")
    names = sorted(p.name for p in written if p.suffix == ".xlsx")
    assert len(names) == len(ds.sample) and all(" " not in n and n.isascii() for n in names), names
    assert sorted(p.name for p in (tmp_path / "collecte").glob("*.xlsx")) == names  # none in a sub-folder


@pytest.mark.parametrize(
    ("code", "stem"),
    [("MFEDU", "MFEDU"), ("A_b-9", "A_b-9"), ("MF/EDU", "MF-EDU-4073c8"), ("Réseau santé", "Reseau-sante-b61511"),
     ("index", "index-1bc04b"), ("../x", "x-d6b96a"), ("", "organisation-e3b0c4")],
)  # fmt: skip
def test_file_stem_keeps_plain_codes_and_makes_others_safe(code, stem):
    from barometre.paths import file_stem

    assert file_stem(code) == stem


def test_a_target_nobody_reported_this_period_says_so_and_nothing_else(demo_copy):
    """Ambition 5 unreported in 2022-2023 (data never seen: earlier periods only). The page said « no
    government value up to 2022-2023: no trend chart » above the trend chart of three earlier periods, its
    card's trend « une seule période », and « every reporting organisation reaches the target » with none
    reporting."""
    from barometre.report_context import context
    from barometre.sections_ambition import furthest_organisations, target_intro, trend_figure

    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if not (r["period"] == PERIOD and r["target"].startswith("5."))])  # fmt: skip
    ctx = context(demo_copy, PERIOD, "fr")
    target = ctx.strategy.target("5.1")
    intro = shown(target_intro(ctx, target))
    assert t("site.no_value", "fr", id="5.1", period=PERIOD) in intro
    assert t("trend.no_value", "fr", period=PERIOD) in intro and t("trend.none", "fr") not in intro
    assert "vega-chart" in str(trend_figure(ctx, target))  # the earlier periods are still drawn
    assert str(furthest_organisations(ctx, target)) == ""  # nobody reported: nothing to rank
    # a target reported as usual keeps its sentence and its ranking
    usual = ctx.strategy.target("1.1")
    assert t("site.no_value", "fr", id="1.1", period=PERIOD) not in str(target_intro(ctx, usual))
    assert "<table" in str(furthest_organisations(ctx, usual))


def test_a_target_nobody_ever_reported_says_so_once(demo_copy):
    """Target 5.2 with no row in any period (a new target, never collected): its page said « no government
    value in 2022-2023 », « no government value up to 2022-2023: no trend chart » and « no organisation
    reported 5.2 in 2022-2023: no distribution », three sentences in a row. One says it all."""
    from barometre.report_context import context
    from barometre.sections_ambition import target_section

    rewrite_csv(demo_copy / "observations.csv", lambda rows: [r for r in rows if r["target"] != "5.2"])
    for lang in ("fr", "en"):
        ctx = context(demo_copy, PERIOD, lang)
        section = str(target_section(ctx, ctx.strategy.target("5.2")))
        said = t("site.never_reported", lang, id="5.2", period=PERIOD)
        assert shown(section).count(said) == 1, shown(section)
        for key in ("site.no_value", "site.no_distribution"):
            assert t(key, lang, id="5.2", period=PERIOD) not in shown(section), key
        assert "vega-chart" not in section  # and no heading of an empty section
        headings = [shown(h) for h in re.findall(r"<h3[^>]*>(.*?)</h3>", section, re.S)]
        assert not {t(f"section.{part}", lang) for part in ("trend", "distribution", "furthest")} & {
            *headings
        }
        other = str(target_section(ctx, ctx.strategy.target("5.1")))  # reported: its charts, no such sentence
        assert "vega-chart" in other and t("site.never_reported", lang, id="5.1", period=PERIOD) not in other


def test_a_target_without_unit_numerator_or_denominator_leaves_their_lines_out(demo_copy):
    """A strategy file whose targets omit ``unit``, ``numerator`` and ``denominator`` printed « Unité comptée : .
    Numérateur : . Dénominateur : . » on the ambition page; without ``effect``, « Effet recherché : » alone."""
    from barometre.report_context import context
    from barometre.sections_ambition import target_intro

    def leave_out(raw: dict) -> None:
        raw["id"] = "no-units"
        for target in raw["targets"]:
            if target["id"] == "1.1":
                for key in ("unit", "numerator", "denominator", "effect"):
                    target.pop(key)
            if target["id"] == "1.2":
                target.pop("numerator")

    with_strategy(demo_copy, leave_out)
    for lang, unit, numerator, denominator in (("fr", "Unité comptée", "Numérateur", "Dénominateur"),
                                               ("en", "Unit counted", "Numerator", "Denominator")):  # fmt: skip
        ctx = context(demo_copy, PERIOD, lang)
        bare = shown(target_intro(ctx, ctx.strategy.target("1.1")))
        assert unit not in bare and numerator not in bare and denominator not in bare, bare
        assert shown(t("word.effect", lang)) not in bare, bare
        assert shown(t("method.pooled", lang)) in bare  # the other notes stay
        one_gone = shown(target_intro(ctx, ctx.strategy.target("1.2")))
        assert unit in one_gone and denominator in one_gone and numerator not in one_gone, one_gone
        effect = ctx.strategy.target("1.2").effect(lang)
        assert effect and f"{shown(t('word.effect', lang))} {shown(effect)}" in one_gone, one_gone


def test_a_script_without_a_main_guard_is_told_what_to_write(tmp_path):
    """An analyst's script calling render_site with no ``if __name__ == "__main__":`` ran it again in each
    render process as it started (« spawn »): a page of tracebacks, the first render's staging folder
    emptied by the second, « FileNotFoundError: …/manifest.json ». The render now stops at once with one
    error that says what to write; nothing half-made is left in the output folder."""
    out = tmp_path / "out"
    proc = run_script_without_main_guard(
        tmp_path,
        "from barometre.render.site import render_site\n"
        f"render_site({str(DEMO)!r}, {str(out)!r}, '2022-2023', ['fr'], jobs=2)\n",
    )
    assert "doit le faire sous" in proc.stderr
    assert "must do so under 'if __name__ == \"__main__\":'" in proc.stderr
    assert "FileNotFoundError" not in proc.stderr
    assert not [p.name for p in out.iterdir() if p.name.startswith(".staging")]


def test_the_starting_period_shows_its_targets_at_their_starting_point_not_as_missing_data():
    """The 2019-2020 report (the strategy's start, 24 of 25 organisations reporting) wrote « ? Données
    insuffisantes » 21 times, on every card, in the table, the chart and each organisation's page; the
    indicator files keep the methodology's code (insufficient_data: fewer than two counted periods)."""
    from barometre import sections as s
    from barometre.charts import overview_chart
    from barometre.sections_organisation import organisation_summary

    ctx = s.context(DEMO, "2019-2020", "fr")
    page = " ".join(shown(part) for part in (s.target_cards(ctx), s.messages(ctx), s.coverage(ctx)))
    assert "Données insuffisantes" not in page and page.count("Point de départ") >= 10
    assert set(s.targets_table(ctx)[t("col.status", "fr")]) == {"Point de départ"}
    spec = overview_chart(ctx.results, "2019-2020", "fr").to_dict()
    drawn = {
        row["status_label"] for rows in spec["datasets"].values() for row in rows if "status_label" in row
    }
    assert drawn == {"Point de départ"}, drawn
    assert "Point de départ" in shown(organisation_summary(ctx, "MFSN"))
    assert "Données insuffisantes" not in shown(organisation_summary(ctx, "MFSN"))
    # the next period's trend keeps its start as such; the files keep the methodology's code
    later = s.context(DEMO, "2020-2021", "en")
    assert set(later.series[later.series["period"] == "2019-2020"]["status"]) == {"starting_point"}
    # what changed since the start: first statuses, not changes (it raised KeyError: 'starting_point')
    assert t("brief.changes.first_statuses", "en", previous="2019-2020") in shown(s.what_changed(later))
    from barometre.api import results

    raw = results(DEMO).indicators
    assert set(raw[raw["period"] == "2019-2020"]["status"]) == {"insufficient_data"}


def test_the_methodology_says_how_a_threshold_to_pass_is_read_for_an_organisation(demo_copy):
    """6.1 (« plus de 50 % »): an organisation at 50 % is not at its target, and staying there is « Progrès
    limités »; the page described statuses by the pace ratio only, which such an organisation has not. The
    example is the strategy's own threshold: « plus de 50 % » was said of a strategy whose threshold is 40 %."""
    from barometre import sections as s
    from barometre.sections_methodology import methodology

    for lang, fifty in (
        ("fr", "une organisation à 50 % n'atteint pas"),
        ("en", "an organisation at 50% has not"),
    ):
        page = plain(shown(methodology(s.context(DEMO, None, lang))))
        assert (
            plain(shown(t("methodology.value_share_exclusive", lang, threshold=format_percent(0.5, lang))))
            in page
        )
        assert fifty in page

    def forty(raw: dict) -> None:
        raw["id"] = "forty"
        (sixone,) = [target for target in raw["targets"] if target["id"] == "6.1"]
        sixone["aggregation"]["threshold"] = 0.4

    with_strategy(demo_copy, forty)
    page = plain(shown(methodology(s.context(demo_copy, None, "fr"))))
    assert "(« plus de 40 % ») n'est pas atteint au seuil même" in page and "à 40 % n'atteint pas" in page
    assert "plus de 50 %" not in page


def test_a_signal_while_the_pack_is_written_leaves_no_staging_folder(tmp_path):
    """SIGTERM while the downloads thread wrote the brief: the wait for the thread was interrupted, a second
    ``Thread.join`` returned at once (an interrupted join marks the thread as ended), the staging folder was
    removed, and the thread made it again: ``.staging-<period>-<pid>`` was left (seen under load)."""
    from concurrent.futures import ThreadPoolExecutor

    from barometre.render.staging import remove_when_written

    staging = tmp_path / ".staging-2022-2023-1"
    staging.mkdir()
    pool = ThreadPoolExecutor(max_workers=1)

    def pack() -> None:
        time.sleep(0.5)
        (staging / "fr").mkdir(parents=True, exist_ok=True)  # as the brief's writer does
        (staging / "fr" / "brief.pdf").write_text("%PDF", encoding="utf-8")

    pending = [pool.submit(pack)]

    def stop(signum, frame):
        raise SystemExit(143)

    previous = signal.signal(signal.SIGALRM, stop)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        with pytest.raises(SystemExit):
            remove_when_written(pool, staging, pending)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    pending[0].result(timeout=10)  # the thread is done
    assert not staging.exists()


def test_a_page_made_outside_a_git_checkout_names_its_version_alone(tmp_path):
    """Outside a git checkout (an installed package) English pages said « barometre 0.1.0, commit inconnu »: the
    French word in every language. The footer now names the version alone, and the commit when there is one."""
    from barometre.render.html import Provenance, git_commit, render_page

    assert git_commit(str(tmp_path)) == ""  # no checkout there
    kwargs = dict(content="<p>x</p>", title="T", period=PERIOD, root="", nav=[], other_href="../fr/index.html",
                  synthetic=True, has_charts=False)  # fmt: skip
    for lang in ("fr", "en"):
        page = render_page(**kwargs, lang=lang, provenance=Provenance("d", "s", {}, "1 avril 2023"))
        assert "inconnu" not in page and "commit" not in page
        page = render_page(
            **kwargs, lang=lang, provenance=Provenance("d", "s", {}, "1 avril 2023", commit="ab12cd3")
        )
        assert ", commit <code>ab12cd3</code>" in page


def test_a_damaged_shared_asset_is_written_again(tmp_path, caplog):
    """The Vega bundle cut to 1 000 bytes stayed so, run after run, --force too: every chart of the site blank,
    exit 0. A shared file whose content is not its name's is written again, and the run says so."""
    from barometre.render.assets import vega_bundle, write_assets

    assets = write_assets(tmp_path)
    bundle = tmp_path / assets.vega
    whole = bundle.read_bytes()
    assert whole == vega_bundle().encode("utf-8")
    bundle.write_bytes(whole[:1000])
    assert write_assets(tmp_path) == assets
    assert bundle.read_bytes() == whole
    assert f"{bundle} n'avait pas le contenu que son nom annonce" in caplog.text
    caplog.clear()
    write_assets(tmp_path)  # whole: kept, nothing said
    assert caplog.text == ""


def test_a_stopped_run_does_not_wait_for_the_pack_left_to_write(tmp_path):
    """Stopped (SIGTERM, Ctrl-C), a run waited for the downloads thread to write every brief and deck of the
    period, then threw them away with the staging folder (under load, longer than a scheduler's grace). The
    wait now tells the thread to stop: what it has not begun, it does not write."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from barometre.api import compute_dataset
    from barometre.dataset import load_dataset
    from barometre.render import data_export
    from barometre.render.site_pack import write_downloads
    from barometre.render.staging import remove_when_written

    stop = threading.Event()
    pool = ThreadPoolExecutor(max_workers=1)
    staging = tmp_path / ".staging-2022-2023-1"
    staging.mkdir()
    waiting = pool.submit(stop.wait, 60)  # a brief being written; the next ones wait for it
    remove_when_written(pool, staging, [waiting], stop)
    assert waiting.result() is True  # told to stop, not waited for until its end
    assert not staging.exists()
    # told before a language is begun: none of it is written (its data files, brief and deck)
    res = compute_dataset(load_dataset(DEMO))
    tables = data_export.period_tables(res.dataset, res, PERIOD)
    staging.mkdir()
    assert write_downloads(res.dataset, res, tables, PERIOD, ["fr", "en"], staging, stop=stop) == []
    assert not any(staging.iterdir())
