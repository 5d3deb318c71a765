"""What each figure leaves out (exclusions.csv), said in the brief and the deck as on the site; and an
organisation that filed units all left out is said to have filed, not « n'a rien déclaré »."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from barometre.api import results
from barometre.brief import build_content
from barometre.cli import main
from barometre.dataset import load_dataset
from barometre.exclusions_shown import left_out_notes
from barometre.i18n import format_number, t
from barometre.pages_static import organisation_index
from barometre.report_context import context
from barometre.sections_organisation import organisation_header, organisation_table
from barometre.target_words import target_tag
from conftest import GC_RAW, shown
from pptx import Presentation
from pypdf import PdfReader

pytestmark = pytest.mark.cost(14)  # CPU-seconds: the costliest start first (conftest)

BIN = Path(sys.executable).parent
GC_PERIOD, PERIOD = "2018-2019", "2022-2023"
NUCLEAR = "canadian-nuclear-safety-commission"  # 7 services in 2018-2019, every count « ND »


def flat(text: str) -> str:
    """Text with its spaces (non-breaking, narrow, line breaks) as single plain spaces."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2011", "-").split())


@pytest.fixture(scope="module")
def gc_pack(tmp_path_factory) -> tuple[Path, Path]:
    """The GC Service Inventory imported, and its brief and deck of 2018-2019 (written alone, no site)."""
    root = tmp_path_factory.mktemp("gc")
    files = sorted(GC_RAW.glob("*.csv"))
    assert len(files) == 3, "the GC service inventory files of data/raw are required"
    subprocess.run([BIN / "barometre", "import", "gc-service-inventory", *files, "--out", root / "data"],
                   check=True, capture_output=True)  # fmt: skip
    assert main(["brief", "--data", str(root / "data"), "--out", str(root / "out")]) == 0
    return root / "data", root / "out" / GC_PERIOD


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_brief_and_the_deck_say_what_the_uptake_leaves_out_as_the_site_does(gc_pack, lang):
    """The brief gave « uptake 57,9 % » with no word of the 820 services of 1 250 left out, nor of the unknown
    values taken as 0: the site's notes said it, the brief and the deck did not. Under the brief's table, one
    sentence gives each target's counts (the site's own « la valeur compte 430 unités sur 1 250 »); each
    target's slide has it as a footnote, with the site's notes in its speaker notes. The brief keeps to a page."""
    data, out = gc_pack
    ctx = context(data, GC_PERIOD, lang)
    site = [flat(note) for note in left_out_notes(ctx, ctx.strategy.target("uptake"))]
    counts = {"fr": "la valeur compte 430 unités sur 1 250", "en": "the value counts 430 units of 1,250"}[
        lang
    ]
    assert counts in site[0]  # the site's figures, which the brief and deck repeat
    pdf = PdfReader(out / lang / "brief.pdf")
    assert len(pdf.pages) == 1
    text = flat(" ".join(page.extract_text() for page in pdf.pages))
    content = build_content(results(data, up_to=GC_PERIOD), GC_PERIOD, lang)
    content.site_link = ""  # written alone, as the pack was
    said = flat(content.left_out_text())
    assert said and said in text
    uptake, feedback = (target_tag(ctx.strategy.target(i), lang) for i in ("uptake", "feedback"))  # by label
    assert flat(f"{uptake}{t('punct.colon', lang).rstrip()} {counts}") in said
    for n in (820, 322, 283):  # every target's units left out
        assert format_number(n, lang).replace("\u202f", " ").replace("\u00a0", " ") in said, n
    assert t("method.counted_as_zero_part", lang) in said  # telephone applications unknown, taken as 0
    assert flat(t("method.left_out_brief_alone", lang, n=2, items="x")).split("(")[1].split(")")[0] in said
    deck = Presentation(out / lang / "presentation.pptx")
    slide = next(x for x in deck.slides if flat(uptake) in flat(" ".join(sh.table.cell(1, 0).text
                                                                         for sh in x.shapes if sh.has_table)))  # fmt: skip
    foot = flat(next(sh.text_frame.text for sh in slide.shapes if sh.name == "Footnote"))
    assert counts in foot and flat(feedback) not in foot
    notes = flat(slide.notes_slide.notes_text_frame.text)
    assert all(note in notes for note in site)  # the site's notes, word for word
    glance = next(x for x in deck.slides if x.shapes.title.text == t("deck.slide.targets", lang))
    assert said in flat(glance.notes_slide.notes_text_frame.text)


def test_a_dataset_without_exclusions_has_no_word_of_them(demo_copy):
    """The Québec demo has no exclusions.csv: its brief and deck say nothing of units left out."""
    for lang in ("fr", "en"):
        content = build_content(results(demo_copy, up_to=PERIOD), PERIOD, lang)
        assert content.left_out == {} and content.left_out_text() == ""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_department_whose_services_were_all_left_out_filed_and_is_said_so(gc_pack, lang):
    """The Canadian Nuclear Safety Commission filed 7 services in 2018-2019, every count « ND »: none counted,
    so it had no observation, and the brief said « Parmi elles, 1 n'a rien déclaré : Commission canadienne de
    sûreté nucléaire », the organisations page « n'ont rien déclaré jusqu'en 2018-2019 ». exclusions.csv
    names each department's services left out: it filed, its values unusable, and is said so. In 2016-2017,
    when it filed nothing, it still « n'a rien déclaré »."""
    data, out = gc_pack
    ex = pd.read_csv(data / "exclusions.csv")
    mine = ex[(ex["organisation"] == NUCLEAR) & (ex["period"] == GC_PERIOD)]
    assert set(mine["kind"]) == {"left_out"} and mine.groupby("target")["count"].sum().eq(7).all()
    res = results(data, up_to=GC_PERIOD)
    name = res.dataset.organisation_name(NUCLEAR, lang)
    summary = build_content(res, GC_PERIOD, lang).missing.summary
    assert t("brief.missing.unusable_named", lang, n=1, names=name) in summary
    assert t("brief.missing.silent_named", lang, n=1, names=name) not in summary
    assert flat(t("brief.missing.unusable_named", lang, n=1, names=name)) in flat(
        " ".join(p.extract_text() for p in PdfReader(out / lang / "brief.pdf").pages)
    )
    index = shown(organisation_index(res.dataset, GC_PERIOD, lang).html)
    assert t("orgindex.unusable", lang, n=1, period=GC_PERIOD, names=name) in index
    assert t("orgindex.without_data", lang, n=1, period=GC_PERIOD, names=name) not in index
    before = shown(organisation_index(res.dataset, "2016-2017", lang).html)
    said = before.split(t("orgindex.intro", lang))[1].split(t("site.orgindex.search", lang))[0]
    assert (
        name in said and {"fr": "rien déclaré", "en": "reported nothing"}[lang] in said
    )  # among those silent
    assert {"fr": "faute de valeur utilisable", "en": "for want of a usable value"}[lang] not in said


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_organisation_page_says_its_units_were_filed_and_left_out(demo_copy, lang):
    """An organisation with a page (it reported before) whose units of the period were all left out read
    « L'organisation n'a rien déclaré en 2022-2023. » It filed 12 units, none usable: its page says so, and
    the brief names it apart from those that reported nothing."""
    gone = "MFSN"
    obs = pd.read_csv(demo_copy / "observations.csv")
    obs[~((obs["period"] == PERIOD) & (obs["organisation"] == gone))].to_csv(
        demo_copy / "observations.csv", index=False
    )
    reason = {"reason_fr": "valeur inconnue (ND)", "reason_en": "value unknown (ND)"}
    rows = [{"period": PERIOD, "target": tg, "kind": "left_out", "count": 12, **reason, "organisation": gone}
            for tg in ("1.1", "1.2")]  # fmt: skip
    pd.DataFrame(rows).to_csv(demo_copy / "exclusions.csv", index=False)
    ctx = context(demo_copy, PERIOD, lang)
    lead = shown(organisation_header(ctx, gone).html)
    assert t("org.lead_unusable", lang, units=12, n=12, period=PERIOD) in lead
    assert t("org.lead_nothing", lang, period=PERIOD) not in lead
    res = results(demo_copy, up_to=PERIOD)
    summary = build_content(res, PERIOD, lang).missing.summary
    assert (
        t("brief.missing.unusable_named", lang, n=1, names=res.dataset.organisation_name(gone, lang))
        in summary
    )
    assert (
        t("brief.missing.silent_named", lang, n=1, names=res.dataset.organisation_name(gone, lang))
        not in summary
    )


def test_an_unknown_organisation_in_exclusions_is_rejected_with_its_row(demo_copy):
    """exclusions.csv's organisation column names codes of organisations.csv: another is refused, named."""
    reason = {"reason_fr": "valeur inconnue (ND)", "reason_en": "value unknown (ND)"}
    rows = [{"period": PERIOD, "target": "1.1", "kind": "left_out", "count": 3, **reason, "organisation": code}
            for code in ("MFSN", "NOPE")]  # fmt: skip
    pd.DataFrame(rows).to_csv(demo_copy / "exclusions.csv", index=False)
    ds = load_dataset(demo_copy)
    assert list(ds.exclusions["organisation"]) == ["MFSN"]
    [issue] = [e for e in ds.report.errors if "exclusions" in str(e.file)]
    assert (issue.row, issue.column) == (3, "organisation")


def test_the_page_the_brief_points_to_for_the_reasons_is_the_site_s_methodology_page(gc_pack):
    """The note under the brief's table pointed to « methodology.html »: the site's page is methodologie.html,
    in both languages. It names the file the site writes its methodology page to (a site without one fails)."""
    from barometre.exclusions_shown import left_out_brief
    from barometre.render.pages import site_pages

    data, _out = gc_pack
    res = results(data, up_to=GC_PERIOD)
    pages = [page for page in site_pages(res.dataset, GC_PERIOD, ["fr", "en"]) if page.kind == "methodology"]
    assert sorted(page.lang for page in pages) == ["en", "fr"], pages
    for page in pages:
        said = left_out_brief(["uptake"], page.lang)
        assert f", {page.path})" in said, (page.path, said)


def test_one_unit_counted_is_singular():
    """A target whose value counts a single unit read « la valeur compte 1 unités sur 5 »."""
    for key in ("method.left_out", "method.left_out_short"):
        said = {lang: flat(t(key, lang, period=GC_PERIOD, id="uptake", counted=format_number(1, lang), total="5",
                             left="4", n=4, reasons="4 — ND", parts="4")) for lang in ("fr", "en")}  # fmt: skip
        assert "compte 1 unité sur 5" in said["fr"] and "counts 1 unit of 5" in said["en"], said
    for lang in ("fr", "en"):
        zero = flat(t("method.counted_as_zero", lang, counted=format_number(1, lang), reasons="1 — ND"))
        assert "1 unités" not in zero and "1 units" not in zero, zero


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_target_filed_with_every_unit_left_out_is_no_missing_report(gc_pack, lang):
    """In 2018-2019, 12 departments filed uptake's services with every count « ND » (all left out): the brief
    listed them among « n'ont pas déclaré toutes les cibles … uptake : 12 organisations sur 71 », their pages
    read « non déclaré », and the office would have chased reports that were made. They are said to have filed
    with no usable value, in the brief, on the organisations page and on their own page."""
    data, out = gc_pack
    ex = pd.read_csv(data / "exclusions.csv")
    obs = pd.read_csv(data / "observations.csv")
    now = obs[obs["period"] == GC_PERIOD]
    filed = ex[(ex["period"] == GC_PERIOD) & (ex["kind"] == "left_out") & (ex["target"] == "uptake")]
    reported = set(now.loc[now["target"] == "uptake", "organisation"])
    # they reported other targets (the Nuclear Safety Commission, every target left out, is said apart above)
    unusable = (set(filed["organisation"]) - reported) & set(now["organisation"])
    assert len(unusable) == 12, sorted(unusable)
    res = results(data, up_to=GC_PERIOD)
    missing = build_content(res, GC_PERIOD, lang).missing
    said = flat(" ".join(missing.all_lines))
    uptake = flat(target_tag(res.dataset.strategy.target("uptake"), lang))
    assert flat(t("brief.missing.unusable_count", lang, id=uptake, n=12)) in said, said
    assert flat(t("brief.missing.summary", lang, n=13, total=72, period=GC_PERIOD)) not in said
    assert {"fr": "ont pas déclaré", "en": "did not report"}[lang] not in said, said
    heading = t("brief.h.unusable", lang, period=GC_PERIOD)  # not « Déclarations manquantes »: none is
    assert missing.heading == "brief.h.unusable"
    assert flat(heading) in flat(
        " ".join(p.extract_text() for p in PdfReader(out / lang / "brief.pdf").pages)
    )
    index = shown(organisation_index(res.dataset, GC_PERIOD, lang).html)
    assert index.count(flat(t("orgindex.unusable_targets", lang, n=1, ids="x")).split(":")[0].strip()) == 13
    assert flat(t("orgindex.not_reported", lang, n=1, ids="x")).split(":")[0].strip() not in index
    ctx = context(data, GC_PERIOD, lang)
    for code in sorted(unusable)[:3]:
        cells = organisation_table(ctx, code).iloc[:, 2].tolist()
        assert t("word.unusable", lang) in cells and t("word.not_reported", lang) not in cells, (code, cells)
