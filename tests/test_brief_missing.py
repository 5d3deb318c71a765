"""The brief and the deck say who was expected and did not report: named by target when few, else counted."""

import re
import sys
from pathlib import Path

import pytest
from barometre.api import results
from barometre.brief import build_content
from barometre.brief.deck import build_deck
from barometre.brief.pdf import write_pdf
from barometre.i18n import t
from barometre.organisation_periods import expected_codes
from conftest import DEMO, shown
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
from synthetic import write_dataset  # noqa: E402

pytestmark = pytest.mark.cost(12)  # CPU-seconds: the costliest start first (conftest)

PERIOD = "2022-2023"


def flat(text: str) -> str:
    return " ".join(text.replace("\u2011", "-").split())


def pdf_text(path: Path) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(path).pages))


def missing_slide(deck, lang: str):
    title = t("brief.h.missing", lang, period=PERIOD)
    return next(s for s in deck.slides if flat(s.shapes.title.text) == title)


def not_reporting(res, target: str) -> list[str]:
    """The expected organisations without a row for ``target`` in PERIOD, read from the observations."""
    obs = res.dataset.observations
    rows = obs[(obs["period"] == PERIOD) & (obs["target"] == target)]
    return [
        c for c in expected_codes(res.dataset.organisations, PERIOD) if c not in set(rows["organisation"])
    ]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_organisations_that_did_not_report_a_target_are_named(lang, tmp_path):
    """4.1 read « 22 / 25 » beside its value and nobody said which three organisations had not reported it.
    The brief names them under « Déclarations manquantes », target by target (« 4.1 : A, B et C »), and counts
    a target missed by more (4.2: 15 of 25); the deck gives the same lines on a slide and in its notes."""
    res = results(DEMO, up_to=PERIOD)
    content = build_content(res, PERIOD, lang)
    name = res.dataset.organisation_name
    missing = {tg.id: not_reporting(res, tg.id) for tg in res.dataset.strategy.targets}
    ind = res.period_indicators(PERIOD).set_index("target")
    for target, codes in missing.items():  # the lists reconcile with the table's « Déclarants »
        assert (
            len(codes)
            == ind.loc[target, "organisations_expected"] - ind.loc[target, "organisations_reporting"]
        )
    assert len(missing["4.1"]) == 3 and len(missing["4.2"]) == 15
    names = [name(c, lang) for c in missing["4.1"]]
    joined = f"{names[0]}, {names[1]}{t('list.and', lang)}{names[2]}"
    assert t("brief.missing.named", lang, id="4.1", names=joined) in content.missing.lines
    assert t("brief.missing.counted", lang, id="4.2", n=15, total=25) in content.missing.lines
    late = {c for codes in missing.values() for c in codes}
    summary = t("brief.missing.summary", lang, n=len(late), total=25, period=PERIOD)
    assert content.missing.summary == f"{summary} {t('brief.missing.by_target', lang)}"
    assert [re.match(r"[\d.]+", line)[0] for line in content.missing.lines] == [
        tg for tg, codes in missing.items() if codes
    ]  # one line a target, in the strategy's order
    pages = [
        flat(page.extract_text())
        for page in PdfReader(write_pdf(content, tmp_path / "brief.pdf", "test")).pages
    ]
    assert len(pages) == 2
    # on one page: split by the page break, 5.2 and 6.1 started two columns again at the top of page 2
    (text,) = [page for page in pages if t("brief.h.missing", lang, period=PERIOD) in page]
    for line in content.missing.all_lines:
        assert flat(line) in text
    slide = missing_slide(build_deck(content), lang)
    notes = flat(slide.notes_slide.notes_text_frame.text)
    shown = flat(
        " ".join(shape.text_frame.text for shape in slide.placeholders if shape != slide.shapes.title)
    )
    for line in content.missing.all_lines:
        assert flat(line) in shown and flat(line) in notes


def test_three_hundred_organisations_are_counted_with_where_the_full_list_is(tmp_path):
    """At 300 organisations, 135 missed a target: each target is counted, none named (a list of 135 names
    overflows a page), and the brief says where the full list is on the site, on two pages still."""
    data = write_dataset(tmp_path / "data", organisations=300)
    res = results(data, up_to=PERIOD)
    late = {c for tg in res.dataset.strategy.targets for c in not_reporting(res, tg.id)}
    assert len(late) > 100
    for lang in ("fr", "en"):
        content = build_content(res, PERIOD, lang)
        assert content.missing.summary.startswith(f"{len(late)} ")
        assert content.missing.where == t("brief.missing.where", lang)
        assert len(content.missing.lines) == 1 and "organisations/index.html" in content.missing.where
        # each target with its own number (« de 7 à 24 organisations chacune » hid which), one lead-in
        counts = {tg.id: len(not_reporting(res, tg.id)) for tg in res.dataset.strategy.targets}
        items = [t("brief.missing.count_item", lang, id=target, n=n) for target, n in counts.items()]
        each = t("brief.missing.counted_each", lang, total=len(expected_codes(res.dataset.organisations, PERIOD)),
                 counts=t("brief.missing.count_sep", lang).join(items))  # fmt: skip
        assert content.missing.lines == [each]
        assert t("brief.missing.by_target", lang) not in content.missing.summary
        named = [res.dataset.organisation_name(c, lang) for c in late]
        assert not [n for n in named if n in " ".join(content.missing.all_lines)]
        path = write_pdf(content, tmp_path / lang / "brief.pdf", "test")
        assert len(PdfReader(path).pages) == 2
        assert flat(content.missing.where) in pdf_text(path)
        slide = missing_slide(build_deck(content), lang)
        assert flat(content.missing.where) in flat(slide.notes_slide.notes_text_frame.text)
        # the count (bold) and where the full list is: plain paragraphs, not indented as bullets
        body = next(sh for sh in slide.placeholders if sh != slide.shapes.title).text_frame.paragraphs
        for paragraph in (body[0], body[-1]):
            ppr = paragraph._p.pPr
            assert ppr.xpath("./a:buNone") and ppr.get("marL") == "0" and ppr.get("indent") == "0"
        assert flat(body[-1].text) == flat(content.missing.where)


def test_a_period_where_every_expected_organisation_reported_says_nothing_of_it(demo_copy):
    """No missing report: no section, no slide (the brief keeps its length)."""
    import pandas as pd

    res = results(demo_copy, up_to=PERIOD)
    obs = res.dataset.observations
    keep = obs[obs["period"] != PERIOD]
    full = pd.DataFrame([
        {"period": PERIOD, "organisation": c, "target": tg.id, "numerator": 1, "denominator": 2}
        for c in expected_codes(res.dataset.organisations, PERIOD) for tg in res.dataset.strategy.targets
    ])  # fmt: skip
    pd.concat([keep, full])[["period", "organisation", "target", "numerator", "denominator"]].to_csv(
        demo_copy / "observations.csv", index=False
    )
    content = build_content(results(demo_copy, up_to=PERIOD), PERIOD, "fr")
    assert content.missing is None
    titles = [flat(s.shapes.title.text) for s in build_deck(content).slides]
    assert not [x for x in titles if x.startswith(t("brief.h.missing", "fr", period=""))]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_organisation_that_reported_nothing_is_named_once_apart(demo_copy, lang, tmp_path):
    """An organisation without a single row in the period is named once (« Parmi elles, 1 n'a rien déclaré :
    X. ») and left out of the targets' lines: named on each of the ten, it filled a third of a page and the
    brief of a year past the deadline ran to three pages."""
    import pandas as pd

    obs = pd.read_csv(demo_copy / "observations.csv")
    gone = "MFSN"  # reported every target in 2022-2023
    assert len(obs[(obs["period"] == PERIOD) & (obs["organisation"] == gone)]) == 10
    obs[~((obs["period"] == PERIOD) & (obs["organisation"] == gone))].to_csv(
        demo_copy / "observations.csv", index=False
    )
    res = results(demo_copy, up_to=PERIOD)
    content = build_content(res, PERIOD, lang)
    name = res.dataset.organisation_name(gone, lang)
    said = t("brief.missing.silent_named", lang, n=1, names=name)
    assert content.missing.summary.endswith(f"{said} {t('brief.missing.others_by_target', lang)}")
    assert not [line for line in content.missing.lines if name in line]
    assert not [line for line in content.missing.lines if line.startswith("2.1")]  # missed by it alone
    assert [line for line in content.missing.lines if line.startswith("4.1")]  # missed by others too
    # a count is out of the others: 9 of 25 declared 4.2, 16 did not: the silent one and 15 of the other 24
    ind = res.period_indicators(PERIOD).set_index("target").loc["4.2"]
    assert ind["organisations_expected"] - ind["organisations_reporting"] == 16
    assert t("brief.missing.counted", lang, id="4.2", n=15, total=24) in content.missing.lines
    path = write_pdf(content, tmp_path / "brief.pdf", "test")
    assert len(PdfReader(path).pages) == 2 and flat(said) in pdf_text(path)


def test_the_site_page_the_brief_points_to_lists_each_organisation_s_targets_not_reported():
    """« Liste complète : page « Organisations » du site » pointed to a page that gave only « 8 cibles
    déclarées » per organisation: it now names the targets each did not report, as the brief counts them."""
    import html

    from barometre.organisation_periods import unreported
    from barometre.pages_static import organisation_index

    res = results(DEMO, up_to=PERIOD)
    _expected, by_target, _rejected = unreported(res.dataset, PERIOD)
    for lang in ("fr", "en"):
        page = html.unescape(str(organisation_index(res.dataset, PERIOD, lang)))
        items = {m[0]: m[1] for m in re.findall(r'<li data-name="[^"]*? ([a-z0-9]+)"[^>]*>(.*?)</li>', page)}
        for code in res.dataset.organisations["code"]:
            missed = [tg for tg, codes in by_target.items() if code in codes]
            if code.lower() not in items:
                continue
            said = t("orgindex.not_reported", lang, n=len(missed), ids=", ".join(missed)) if missed else ""
            marker = {"fr": "non déclar", "en": "not reported"}[lang]
            assert (said in items[code.lower()]) if missed else (marker not in items[code.lower()]), code
        assert any("4.1" in item for item in items.values())


def test_a_brief_written_alone_does_not_point_to_a_page_by_its_path(tmp_path):
    """Written alone (« barometre brief » into an empty folder), the note sent its reader to
    « organisations/index.html », a page not beside it; written with the site it still names the page."""
    from barometre.brief.pack import write_language

    res, lang = results(DEMO, up_to=PERIOD), "fr"
    alone, _deck = write_language(res, PERIOD, lang, tmp_path / "alone")
    text = flat(pdf_text(alone))
    assert "organisations/index.html" not in text and flat(t("brief.missing.where_alone", lang)) in text
    beside, _deck = write_language(res, PERIOD, lang, tmp_path / "site", with_site=True)
    assert flat(t("brief.missing.where", lang)) in flat(pdf_text(beside))
    assert "organisations/index.html" not in t("brief.missing.where_alone", "en")


def test_many_organisations_that_reported_nothing_are_counted_once_apart(tmp_path):
    """The service inventory's 2016-2017: « 62 des 72 … Parmi elles, 61 n'ont rien déclaré », then « uptake :
    62 ; feedback : 61 ; end-to-end : 61 » out of 72, the 61 counted again in each target. Counted apart (too
    many to name), they leave the targets' counts too, which are out of the others."""
    from conftest import rewrite_csv

    data = write_dataset(tmp_path / "data", organisations=60)
    res = results(data, up_to=PERIOD)
    silent = sorted(expected_codes(res.dataset.organisations, PERIOD))[:10]
    rewrite_csv(data / "observations.csv",
                lambda rows: [r for r in rows if not (r["period"] == PERIOD and r["organisation"] in silent)])  # fmt: skip
    res = results(data, up_to=PERIOD)
    total = len(expected_codes(res.dataset.organisations, PERIOD))
    for lang in ("fr", "en"):
        content = build_content(res, PERIOD, lang)
        assert t("brief.missing.silent", lang, n=10) in content.missing.summary
        said = " ".join(content.missing.lines)
        for tg in res.dataset.strategy.targets:
            others = [c for c in not_reporting(res, tg.id) if c not in silent]
            if len(others) > 3:
                assert t("brief.missing.count_item", lang, id=tg.id, n=len(others)) in said, said
        assert t("brief.missing.counted_each", lang, total=total - 10, counts="").rstrip(" .") in said, said


def _reject(rows, period: str, target: str, codes=None):
    """Rows with ``target``'s row of ``period`` made invalid (numerator > denominator) for ``codes`` (None: all).

    Written as a spreadsheet may write them (« 2022-23 », « Cible 4.1 »): validation reads them as its rows.
    """
    for r in rows:
        if r["period"] == period and r["target"] == target and (codes is None or r["organisation"] in codes):
            r["numerator"] = str(float(r["denominator"]) + 5)
            r["period"], r["target"] = period[:5] + period[-2:], f"Cible {target}"
    return rows


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_report_rejected_at_validation_is_not_called_missing(demo_copy, lang, tmp_path):
    """MFSN reported 4.1 in 2022-2023, but its row was rejected (numerator above the denominator): the brief
    said it « n'a pas déclaré » 4.1 and counted it among the 19 that did not report every target, and the office
    would have chased an organisation that had reported. It is named apart, as rejected at validation, to be
    corrected or requested again; the missing ones are unchanged, and the figures still leave the row out."""
    from conftest import rewrite_csv

    rejected = "MFSN"  # reported every target in 2022-2023
    rewrite_csv(demo_copy / "observations.csv", lambda rows: _reject(rows, PERIOD, "4.1", {rejected}))
    before, res = results(DEMO, up_to=PERIOD), results(demo_copy, up_to=PERIOD)
    assert res.dataset.report.rows_rejected == 1
    was, now = (r.period_indicators(PERIOD).set_index("target").loc["4.1"] for r in (before, res))
    assert now["organisations_reporting"] == was["organisations_reporting"] - 1  # not counted still
    name = res.dataset.organisation_name(rejected, lang)
    old, content = build_content(before, PERIOD, lang).missing, build_content(res, PERIOD, lang).missing
    assert (content.summary, content.lines) == (old.summary, old.lines)  # « 19 des 25 », the same names
    assert not [line for line in [content.summary, *content.lines] if name in line]
    said = t("brief.missing.named", lang, id="4.1", names=name)
    assert content.rejected == t("brief.rejected.named", lang, items=said)
    assert content.all_lines == [*old.all_lines[:-1], content.rejected, content.where]
    assert content.where == t("brief.missing.where_rejected", lang)  # the site's list gives them too
    path = write_pdf(build_content(res, PERIOD, lang), tmp_path / "brief.pdf", "test")
    assert len(PdfReader(path).pages) == 2 and flat(content.rejected) in pdf_text(path)
    slide = missing_slide(build_deck(build_content(res, PERIOD, lang)), lang)
    notes = flat(slide.notes_slide.notes_text_frame.text)
    assert flat(content.rejected) in notes
    # on the slide a paragraph apart, as in the brief, not one more bullet of those that did not report
    from pptx.oxml.ns import qn

    said = next(p for sh in slide.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs
                if flat(p.text) == flat(content.rejected))  # fmt: skip
    assert said._p.pPr is not None and said._p.pPr.find(qn("a:buNone")) is not None
    # the report of an earlier period knows nothing of this period's rows
    from barometre.organisation_periods import unreported

    assert not [c for c in unreported(res.dataset, "2021-2022")[2].values() if c]


def test_a_target_whose_every_row_was_rejected_is_not_called_missing_by_everyone(demo_copy):
    """Every row of 4.1 rejected in a period every expected organisation reported in full: the brief said
    « 25 des 25 organisations attendues n'ont pas déclaré toutes les cibles ». They all reported: the brief says
    so, and counts the rejected reports (too many to name), with where the full list is."""
    import pandas as pd
    from conftest import rewrite_csv

    res = results(demo_copy, up_to=PERIOD)
    codes = expected_codes(res.dataset.organisations, PERIOD)
    obs = res.dataset.observations
    full = pd.DataFrame([
        {"period": PERIOD, "organisation": c, "target": tg.id, "numerator": 1, "denominator": 2}
        for c in codes for tg in res.dataset.strategy.targets
    ])  # fmt: skip
    pd.concat([obs[obs["period"] != PERIOD], full])[["period", "organisation", "target", "numerator", "denominator"]].to_csv(
        demo_copy / "observations.csv", index=False
    )  # fmt: skip
    rewrite_csv(demo_copy / "observations.csv", lambda rows: _reject(rows, PERIOD, "4.1"))
    res = results(demo_copy, up_to=PERIOD)
    assert res.period_indicators(PERIOD).set_index("target").loc["4.1", "organisations_reporting"] == 0
    # one organisation expected: « Les 1 organisation attendue a déclaré » read badly
    one = {lang: t("brief.rejected.all_reported", lang, total=1, period=PERIOD) for lang in ("fr", "en")}
    assert one["fr"].startswith("L'organisation attendue a") and one["en"].startswith(
        "The expected organisation"
    )
    for lang in ("fr", "en"):
        content = build_content(res, PERIOD, lang)
        missing = content.missing
        assert missing.lines == [] and not missing.summary.startswith(f"{len(codes)} ")
        assert missing.summary == t("brief.rejected.all_reported", lang, total=len(codes), period=PERIOD)
        item = t("brief.missing.count_item", lang, id="4.1", n=len(codes))
        assert missing.rejected == t("brief.rejected.counted", lang, total=len(codes), items=item)
        assert missing.where == t("brief.missing.where_rejected", lang)
        titles = [flat(s.shapes.title.text) for s in build_deck(content).slides]
        assert t("brief.h.rejected", lang, period=PERIOD) in titles
        assert t("brief.h.missing", lang, period=PERIOD) not in titles


def test_an_organisation_whose_whole_report_was_rejected_is_named_once(demo_copy):
    """Every 2022-2023 row of BFARC rejected: the brief read « 1.2 : Bibliothèque … ; 1.3 : Bibliothèque … »
    eight times (with more rejected reports it was only counted, never named). Its whole report is named once;
    another organisation's one rejected row is still named by target, after it."""
    from conftest import rewrite_csv

    whole, other = "BFARC", "MFSN"
    res = results(demo_copy, up_to=PERIOD)
    obs = res.dataset.observations
    filed = sorted(set(obs.loc[(obs["period"] == PERIOD) & (obs["organisation"] == whole), "target"]))
    assert len(filed) >= 5

    def reject(rows):
        for target in filed:
            _reject(rows, PERIOD, target, {whole})
        return _reject(rows, PERIOD, "4.1", {other})

    rewrite_csv(demo_copy / "observations.csv", reject)
    res = results(demo_copy, up_to=PERIOD)
    assert res.dataset.report.rows_rejected == len(filed) + 1
    for lang in ("fr", "en"):
        name = res.dataset.organisation_name(whole, lang)
        content = build_content(res, PERIOD, lang)
        said = t("brief.rejected.whole", lang, n=1, names=name)
        item = t("brief.missing.named", lang, id="4.1", names=res.dataset.organisation_name(other, lang))
        assert content.missing.rejected == said + " " + t("brief.rejected.named", lang, items=item)
        assert content.missing.rejected.count(name) == 1
        # on the lines of those that did not report, only for the targets it did not file
        unfiled = [tg for tg in res.dataset.strategy.target_ids if tg not in filed]
        named_on = {line.split(t("punct.colon", lang))[0] for line in content.missing.lines if name in line}
        assert named_on and named_on <= set(unfiled), named_on
        notes = flat(missing_slide(build_deck(content), lang).notes_slide.notes_text_frame.text)
        assert flat(said) in notes
    two = t("brief.rejected.whole", "fr", n=2, names="A et B")
    assert (
        two
        == "Déclarations rejetées en entier à la validation, donc non comptées (à corriger ou à redemander)\u00a0: A et B."
    )


def test_the_site_s_organisations_page_says_a_rejected_target_was_reported(demo_copy):
    """The organisations index said « non déclarées : 3.1, 4.1, 5.2 » of MFJUS, whose 4.1 row was rejected: it
    says « non déclarées : 3.1, 5.2 ; déclarée mais rejetée à la validation : 4.1 », the others unchanged."""
    import html

    from barometre.pages_static import organisation_index
    from conftest import rewrite_csv

    rewrite_csv(demo_copy / "observations.csv", lambda rows: _reject(rows, PERIOD, "4.1", {"MFSN", "MFJUS"}))
    before, res = results(DEMO, up_to=PERIOD), results(demo_copy, up_to=PERIOD)

    def items(r, lang):
        page = html.unescape(str(organisation_index(r.dataset, PERIOD, lang)))
        return {m[0]: m[1] for m in re.findall(r'<li data-name="[^"]*? ([a-z0-9]+)"[^>]*>(.*?)</li>', page)}

    for lang in ("fr", "en"):
        old, new = items(before, lang), items(res, lang)
        assert {"fr": "non déclar", "en": "not reported"}[lang] not in new["mfsn"]
        missed = t("orgindex.not_reported", lang, n=2, ids="3.1, 5.2")
        assert missed in old["mfjus"] and missed in new["mfjus"]
        rejected = t("orgindex.rejected", lang, n=1, ids="4.1")
        assert rejected in new["mfsn"] and f"{missed}{rejected}" in new["mfjus"]
        # « 9 cibles comptées », not « 9 cibles déclarées ; déclarée mais rejetée : 4.1 » of 10 reported
        assert t("orgindex.targets_counted", lang, n=9, period=PERIOD) in shown(new["mfsn"])
        assert t("orgindex.targets_reported", lang, n=10, period=PERIOD) in shown(old["mfsn"])
        assert {k: v for k, v in new.items() if k not in ("mfsn", "mfjus")} == {
            k: v for k, v in old.items() if k not in ("mfsn", "mfjus")
        }


def test_an_organisation_s_plan_says_its_rejected_report_was_rejected(demo_copy):
    """MFSN's page: its table said « 4.1 … déclaré mais rejeté », the plan section below « Prévu, aucune donnée
    déclarée » for the same 4.1, the chart's table too. Both now say the report was rejected at validation."""
    from barometre import plans_sections, sections
    from conftest import rewrite_csv

    rewrite_csv(demo_copy / "observations.csv", lambda rows: _reject(rows, PERIOD, "4.1", {"MFSN"}))
    for lang in ("fr", "en"):
        page = shown(plans_sections.organisation_plans(sections.context(demo_copy, PERIOD, lang), "MFSN"))
        said = t("plans.status.rejected", lang)
        assert said in page, page[:600]
        assert t("plans.org.count.rejected", lang, n=1) in page
        figure = shown(
            plans_sections.organisation_plan_figure(sections.context(demo_copy, PERIOD, lang), "MFSN")
        )
        assert said in figure  # the table beside the chart
    # the explorer's plan versus actual too (it read « Prévu, aucune donnée déclarée »)
    from barometre.explorer_plans import plan_versus_actual_table

    table = plan_versus_actual_table(results(demo_copy), "4.1", ["MFSN"], PERIOD, "fr", formatted=True)
    assert t("plans.status.rejected", "fr") in set(table.iloc[:, -1]) | set(table.astype(str).stack())
