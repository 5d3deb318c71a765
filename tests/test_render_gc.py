"""Smoke test: the same notebooks and sections adapt to another strategy (real GC data)."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from barometre import sections as s
from barometre.api import compute
from conftest import GC_RAW, ROOT, shown

pytestmark = pytest.mark.cost(7)  # CPU-seconds: the costliest start first (conftest)

GC = GC_RAW
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def gc_data(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gc") / "data"
    files = sorted(GC.glob("*.csv"))
    assert len(files) == 3, "the GC service inventory files of data/raw are required"
    subprocess.run(
        [BIN / "barometre", "import", "gc-service-inventory", *files, "--out", out],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_section_renders_for_the_gc_strategy(gc_data, lang):
    ctx = s.ReportContext(compute(gc_data), "2018-2019", lang)
    assert [t.id for t in ctx.strategy.targets] == ["uptake", "feedback", "end-to-end"]
    html = "".join(
        str(b)
        for b in (
            s.page_header(ctx),
            s.global_index(ctx),
            s.messages(ctx),
            s.target_cards(ctx),
            s.coverage(ctx),
        )
    )
    assert "57,9" in html or "57.9" in html  # uptake 2018-2019 = 249 / 430
    for amb in ctx.strategy.ambitions:
        str(s.ambition_header(ctx, amb.id))
        for target in s.ambition_targets(ctx, amb.id):
            section = str(s.target_section(ctx, target))
            assert 'class="vega-spec"' in section
    code = ctx.ds.sample["code"].iloc[0]
    str(s.organisation_summary(ctx, code))
    str(s.organisation_figure(ctx, code))
    str(s.methodology(ctx))


def test_overview_notebook_runs_with_papermill_on_gc_data(gc_data, tmp_path):
    out = tmp_path / "overview.ipynb"
    subprocess.run(
        [BIN / "papermill", ROOT / "notebooks" / "overview.ipynb", out, "-p", "data_dir", str(gc_data),
         "-p", "lang", "en", "--no-progress-bar", "--cwd", ROOT / "notebooks"],
        check=True, capture_output=True,
    )  # fmt: skip
    nb = nbformat.read(out, as_version=4)
    text = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    # its targets by their labels (« uptake » is an id: test_target_words)
    assert "Services over 75% applied for online" in text and "2018-2019" in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_nothing_empty_on_a_strategy_without_target_values(gc_data, lang):
    """No index of « — », no empty chart: a section with nothing to show says why in one sentence."""
    import html
    import re

    from barometre.i18n import t

    ctx = s.ReportContext(compute(gc_data), "2018-2019", lang)
    overview = str(s.global_index(ctx)) + str(s.index_figure(ctx)) + str(s.overview_figure(ctx))
    assert t("site.no_index.no_target_values", lang, period="2018-2019") in shown(overview)
    assert 'class="kpi"' not in overview and str(s.index_figure(ctx)) == ""
    # no status is computed, so none « changed »: said so, not « Aucun statut n'a changé »
    changed = shown(s.what_changed(ctx))
    assert t("brief.changes.no_targets", lang, previous="2017-2018") in changed
    assert t("brief.changes.none", lang, previous="2017-2018") not in changed
    pages = [overview]
    for amb in ctx.strategy.ambitions:
        pages.append(str(s.ambition_header(ctx, amb.id)))
        pages += [str(s.target_section(ctx, tg)) for tg in s.ambition_targets(ctx, amb.id)]
    for code in ctx.ds.sample["code"][:10]:
        pages += [str(s.organisation_summary(ctx, code)), str(s.organisation_figure(ctx, code))]
    text = re.sub(r'<script type="application/json".*?</script>', "", "".join(pages), flags=re.S)
    assert t("chart.no_data", lang) not in text
    assert not re.search(r"(:|point de départ|starting point)\s*—", re.sub(r"<[^>]+>", " ", text)), (
        "an empty « — »"
    )
    assert t("col.status", lang) not in str(s.organisation_summary(ctx, ctx.ds.sample["code"].iloc[0]))
    # no target line is drawn, so no text alternative describes one
    for clause in ("chart.overview.target_clause", "chart.organisation.target_clause",
                   "chart.organisation.threshold_clause"):  # fmt: skip
        assert html.escape(t(clause, lang).lstrip(", ")) not in "".join(pages), clause


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_methodology_explains_only_what_the_strategy_computes(gc_data, lang):
    """The GC methodology explained the progress rate, the pace ratio, six statuses, the global index and
    targets in shares of organisations: none of them exists for a strategy without target values and
    with pooled targets only. One sentence says what is not computed; Québec's page keeps every section."""
    import html

    from barometre.i18n import format_percent, t
    from conftest import DEMO

    gc = html.unescape(str(s.methodology(s.ReportContext(compute(gc_data), "2018-2019", lang))))
    quebec = html.unescape(str(s.methodology(s.ReportContext(compute(DEMO), "2022-2023", lang))))
    computed_only_with_targets = [t(key, lang) for key in ("methodology.h_progress", "methodology.h_pace",
                                  "methodology.h_status", "methodology.h_index", "methodology.value_share",
                                  "methodology.status_achieved")]  # fmt: skip
    for text in computed_only_with_targets:
        assert text not in gc and text in quebec, text
    said = t("methodology.no_target_values", lang)
    assert said in gc and said not in quebec
    half = format_percent(0.5, lang)
    assert t("methodology.coverage_no_status", lang, threshold=half) in gc
    assert t("methodology.coverage", lang, threshold=half) in quebec
    # what both compute stays: the value, the change, the interval, the projection, the parameters
    for key in ("methodology.value", "methodology.h_change", "methodology.h_ci", "methodology.h_projection",
                "methodology.h_targets"):  # fmt: skip
        assert t(key, lang) in gc and t(key, lang) in quebec, key


def test_key_messages_give_each_target_without_value_its_value_and_name_it_in_the_page_language(gc_data):
    """The overview's only key message read « Sans cible chiffrée, seule la tendance est suivie : uptake,
    feedback, end-to-end. »: no trend, and English ids in French text. Each target now has its value, by its
    label in the page's language; its change is not given, 2017-2018 (11 of 72 reporting) not counting, as
    in the brief's table. The brief and the deck say the same; the site's overview gives it as its cards do,
    with their caution (it said « non donnée » above cards that gave it)."""
    from barometre.brief import build_content
    from conftest import plain

    res = compute(gc_data)
    said = {
        "fr": ["La cible « Services demandés en ligne à plus de 75 % », sans valeur cible chiffrée, est à 57,9 %",
               "La cible « Services avec rétroaction en ligne », sans valeur cible chiffrée, est à 39,3 %",
               "La cible « Services entièrement en ligne », sans valeur cible chiffrée, est à 26,2 %"],
        "en": ["Target “Services over 75% applied for online”, with no numeric target value, stands at 57.9%",
               "Target “Services with online feedback”, with no numeric target value, stands at 39.3%",
               "Target “Services fully online”, with no numeric target value, stands at 26.2%"],
    }  # fmt: skip
    withheld = {"fr": " en 2018-2019 ; évolution depuis 2017-2018 non donnée : trop peu d'organisations y ont déclaré.",
                "en": " in 2018-2019; change since 2017-2018 not given: too few organisations reported in it."}  # fmt: skip
    # the site's overview gives the change as its cards below do (it said « non donnée » above « ▲ +13,5 pts »)
    cautious = {"fr": (", en hausse de 13,5 pts depuis 2017-2018, une évolution à lire avec prudence : trop peu "
                       "d'organisations avaient déclaré en 2017-2018 pour que cette période compte."),
                "en": (", up 13.5 pts since 2017-2018, a change to read with caution: too few organisations "
                       "reported in 2017-2018 for that period to count.")}  # fmt: skip
    for lang in ("fr", "en"):
        brief = [plain(m) for m in build_content(res, "2018-2019", lang).key_messages]
        assert brief == [m + withheld[lang] for m in said[lang]], brief
        site = plain(shown(s.messages(s.ReportContext(res, "2018-2019", lang))))
        assert all(m in site for m in said[lang]) and "uptake" not in site and "end-to-end" not in site, site
        in_period = {"fr": " en 2018-2019", "en": " in 2018-2019"}[lang]
        assert said[lang][0] + in_period + cautious[lang] in site, site
        assert withheld[lang] not in site
        card = plain(shown(s.target_cards(s.ReportContext(res, "2018-2019", lang))))
        assert {"fr": "▲ +13,5 pts depuis", "en": "▲ +13.5 pts since"}[lang] in card, card


def test_the_pages_and_the_downloads_give_one_status(gc_data):
    """2016-2017 and 2017-2018 (10 and 11 of 72 departments): the ambition pages' cards and chart tables
    said « Données insuffisantes », ``donnees/indicateurs-series.csv`` an empty status. Both now say
    ``insufficient_data`` (BRIEF §4), and the counted 2018-2019 has no status in either."""
    from barometre.api import results
    from barometre.charts import trend_table
    from barometre.i18n import t
    from barometre.render.data_export import period_tables
    from barometre.report_context import context

    ctx = context(gc_data, "2018-2019", "fr")
    raw = results(gc_data, up_to="2018-2019")
    series = period_tables(raw.dataset, raw, "2018-2019")["indicateurs-series"]
    shown_rows = ctx.results.indicators.set_index(["period", "target"])["status"].fillna("")
    download = series.set_index(["period", "target"])["status"].fillna("")
    assert download.to_dict() == shown_rows.loc[download.index].to_dict()
    assert set(download[download.index.get_level_values(0) < "2018-2019"]) == {"insufficient_data"}
    assert set(download.xs("2018-2019", level="period")) == {""}
    table = trend_table(ctx.results, "uptake", "fr", formatted=True)
    words = dict(zip(table[t("chart.col.period", "fr")], table[t("chart.col.status", "fr")], strict=True))
    assert words["2016-2017"] == t("status.insufficient_data", "fr")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pages_say_what_the_uptake_leaves_out(gc_data, lang):
    """« 57,9 % » (249 / 430) of 1 250 services, with no word of the 820 left out nor of telephone
    applications never known: the uptake's notes on its ambition page say both for the report's period,
    and the methodology page has a row per target and period, with the counts of exclusions.csv."""
    from barometre.i18n import format_number
    from barometre.report_context import context

    ctx = context(gc_data, "2018-2019", lang)
    notes = shown(s.target_intro(ctx, ctx.strategy.target("uptake")))
    for n in (430, 1250, 820, 641, 179):
        assert format_number(n, lang) in notes, n
    assert ("telephone applications unknown" if lang == "en" else "demandes par téléphone inconnues") in notes
    assert "telephone_applications" not in notes  # the field in words, not its name
    assert "online applications unknown" in notes if lang == "en" else "demandes en ligne inconnues" in notes
    feedback = shown(s.target_intro(ctx, ctx.strategy.target("feedback")))
    assert (
        format_number(322, lang) in feedback and "téléphone" not in feedback and "telephone" not in feedback
    )
    method = str(s.methodology(ctx))
    table = method[method.index("<table", method.index("exclusions.csv")) :]
    table = table[: table.index("</table>")]
    assert table.count("<tr") == 1 + 9  # a header, three targets × three years
    assert format_number(277, lang) in shown(table) and format_number(70, lang) in shown(table)
    earlier = str(s.methodology(context(gc_data, "2016-2017", lang)))
    assert "2018-2019" not in shown(earlier[earlier.index("exclusions.csv") :].split("</table>")[0])
