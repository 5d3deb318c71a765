"""The minister's pack: brief.pdf (tagged, accessible, ≤ 2 pages) and presentation.pptx (native charts)."""

import dataclasses
import datetime as dt
import html
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest
from barometre.api import results
from barometre.brief import build_content
from barometre.cli import main
from barometre.i18n import format_percent, format_points, t
from barometre.report_context import ReportContext
from barometre.sections import global_index
from conftest import DEMO, GC_RAW, ROOT, deck_texts, rewrite_csv, shown, with_next_year, with_strategy
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pypdf import PdfReader

pytestmark = pytest.mark.cost(6)  # CPU-seconds: the costliest start first (conftest)

PERIOD = "2022-2023"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pack")
    assert main(["brief", "--data", str(DEMO), "--out", str(out), "--lang", "fr,en"]) == 0
    return out / PERIOD


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def deck_text(path: Path) -> str:
    return "\n".join(deck_texts(Presentation(str(path)))).replace(
        "\u2011", "-"
    )  # a span of years is never broken on a slide (slides.unbroken)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_has_every_target_value_and_status(pack, lang):
    path = pack / lang / "brief.pdf"
    reader = PdfReader(path)
    assert 1 <= len(reader.pages) <= 2
    text = " ".join(pdf_text(path).split())
    ind = results(DEMO).period_indicators(PERIOD)
    for _, row in ind.iterrows():
        assert " ".join(format_percent(row["value"], lang).split()) in text, row["target"]
        assert t(f"status.{row['status']}", lang) in text, row["target"]
    assert "2021-2022" in text  # what changed since the previous period
    achieved = int((ind["status"] == "target_achieved").sum())
    deadline = t("brief.headline.deadline", lang, period=PERIOD, n=achieved, total=len(ind))
    assert " ".join(deadline.split()) in text  # 2022-2023 is the deadline: how many targets were met
    assert deadline in deck_text(pack / lang / "presentation.pptx")
    plans = {"fr": "ont déposé un plan", "en": "have filed a plan"}[lang]
    assert plans in text  # the one line on the organisations' transformation plans
    assert t("brief.synthetic", lang).split(":")[0].strip() in text
    # written alone (no site in its folder), it points to no « Rapport complet : index.html »
    # made-up data: no source or licence to credit (the GC brief credits its own)
    assert "CC0-1.0" not in text and "CC0-1.0" not in deck_text(pack / lang / "presentation.pptx")
    full_report = " ".join(t("brief.site", lang, link="index.html").split()[:2])
    assert full_report not in text and not (pack / lang / "index.html").exists()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_is_tagged_with_language_title_and_bookmarks(pack, lang):
    reader = PdfReader(pack / lang / "brief.pdf")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == {"fr": "fr-CA", "en": "en-CA"}[lang]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title.startswith(t("brief.title", lang, period=PERIOD))
    # a file manager or a mail's attachment list shows the title alone: made-up figures say so there too
    assert reader.metadata.title.endswith({"fr": " (données fictives)", "en": " (synthetic data)"}[lang])

    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item["/Title"]]

    bookmarks = list(titles(reader.outline))
    assert len(bookmarks) >= 6 and t("brief.h.risks", lang) in bookmarks  # headings become bookmarks
    tags = structure(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/Table", "/TH", "/L", "/Figure"} <= {s for s, _ in tags}
    figures = [alt for s, alt in tags if s == "/Figure"]
    assert figures and all(alt and PERIOD in alt for alt in figures)  # the chart's text alternative


def structure(node) -> list[tuple[str, str | None]]:
    """(tag, alt text) of every element of a PDF structure tree."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        return [x for k in node for x in structure(k)]
    if not hasattr(node, "get"):
        return []
    out = [(str(node["/S"]), str(node["/Alt"]) if "/Alt" in node else None)] if "/S" in node else []
    return out + (structure(node["/K"]) if "/K" in node else [])


def _charts(prs):
    return [s for slide in prs.slides for s in slide.shapes if s.has_chart]


def drawn(chart) -> tuple[list[str], list]:
    """A chart's categories as they read on the slide (top-down for bars), and its series in that order too.

    A horizontal bar chart draws its first category at the bottom, and a cluster's first series at its bottom,
    unless the category axis is reversed; a chart's data may be given either way.
    """
    plot = chart.plots[0]
    categories, series = [str(c) for c in plot.categories], list(plot.series)
    horizontal = chart.chart_type.name.startswith("BAR")
    if horizontal and not chart.category_axis.reverse_order:
        return categories[::-1], series[::-1]
    return categories, series


def drawn_values(series, chart) -> list:
    """``series``' values in the order its bars read."""
    values = list(series.values)
    horizontal = chart.chart_type.name.startswith("BAR")
    return values[::-1] if horizontal and not chart.category_axis.reverse_order else values


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_deck_native_charts_equal_the_indicators(pack, lang):
    prs = Presentation(str(pack / lang / "presentation.pptx"))
    assert 8 <= len(prs.slides) <= 14
    ind = results(DEMO).period_indicators(PERIOD).set_index("target")
    glance = prs.slides[2].shapes
    chart = next(s for s in glance if s.has_chart).chart
    categories, (value, goal) = drawn(chart)
    assert [c.split(" ")[0] for c in categories] == list(ind.index)
    assert drawn_values(value, chart) == pytest.approx(list(ind["value"]))
    assert drawn_values(goal, chart) == pytest.approx(list(ind["target_value"]))
    summ = results(DEMO).summary
    glob = summ[(summ["period"] == PERIOD) & (summ["scope"] == "global")].iloc[0]["progress"]
    index_chart = next(s for s in prs.slides[1].shapes if s.has_chart).chart
    assert index_chart.plots[0].series[0].values[0] == pytest.approx(glob)
    titles = [slide.shapes.title.text for slide in prs.slides]
    changes = next(x for x in titles if x.startswith(t("deck.slide.changes", lang)))
    assert changes.endswith("2021\u20112022 → 2022\u20112023")  # a title never wraps inside a period
    # the English title slide read « … where do we stand? — 2022- » over « 2023 », the method slide « Strategy
    # 2019- » over « 2023 »: no text on a slide breaks a span of years at its hyphen
    assert titles[0].endswith(" — 2022\u20112023")
    shown = [p.text for slide in prs.slides for shape in slide.shapes if shape.has_text_frame
             for p in shape.text_frame.paragraphs]  # fmt: skip
    assert any("2019\u20112023" in text for text in shown)
    assert not [text for text in shown if re.search(r"\d{4}-\d{4}", text)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_deck_chart_numbers_are_written_the_language_s_way(pack, lang):
    """The charts' values and ticks carry their language: LibreOffice wrote « 61.3% » in the French deck
    (its own locale), beside « 61,3 % » in the tables. The values stay numbers (editable)."""
    expected = {"fr": ("[$-C0C]0.0\u00a0%", "[$-C0C]0\u00a0%"), "en": ("[$-1009]0.0%", "[$-1009]0%")}[lang]
    charts = [shape.chart for shape in _charts(Presentation(str(pack / lang / "presentation.pptx")))]
    for chart in charts:
        labels = chart.plots[0].data_labels
        assert (labels.number_format, labels.number_format_is_linked) == (expected[0], False)
        ticks = chart.value_axis.tick_labels
        assert (ticks.number_format, ticks.number_format_is_linked) == (expected[1], False)
        assert all(isinstance(v, float) for s in chart.plots[0].series for v in s.values if v is not None)


def contrast_on_white(hex_colour: str) -> float:
    """WCAG contrast ratio of an sRGB colour (« 767676 ») against white."""

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_colour[i : i + 2], 16)) for i in (0, 2, 4))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_deck_charts_are_readable_as_projected(pack, lang):
    """The glance chart drew eleven 18-pt ticks that touched (« 0 % 10 % 20 % … »), each value's label over its
    target's (« 73,6 % » on « 75 % »), and target values in red, read as « bad » beside blue values. Ticks
    are now every 20 %, the bars thick enough for their labels, the target values grey; both series stand
    out from the white slide (WCAG 1.4.11: 3:1)."""
    for frame in _charts(Presentation(str(pack / lang / "presentation.pptx"))):
        axis, plot = frame.chart.value_axis, frame.chart.plots[0]
        assert (axis.major_unit, axis.tick_labels.font.size.pt) == (0.2, 12)
        if len(plot.series) < 2:
            continue
        fills = [str(series.format.fill.fore_color.rgb) for series in drawn(frame.chart)[1]]
        assert fills == ["0072B2", "767676"] and all(contrast_on_white(f) >= 3 for f in fills)
        bars = len(plot.categories) * 2
        label = plot.data_labels.font.size.pt
        assert (plot.gap_width, label) == ((40, 9) if bars > 8 else (60, 11)), bars
        # each bar's thickness on the slide (points; the plot about three quarters of the frame's height)
        bar = frame.height / 12700 * 0.75 / len(plot.categories) / (1 + plot.gap_width / 100) / 2
        assert bar >= label, (bars, bar, label)


def label_formats(series) -> list[str]:
    """The number format of each point's data label, in the order of the points."""
    found = {int(d.find(qn("c:idx")).get("val")): d.find(qn("c:numFmt")).get("formatCode")
             for d in series._element.iter(qn("c:dLbl"))}  # fmt: skip
    return [found.get(i) for i in range(len(series.values))]


def as_labelled(value: float | None, code: str | None, lang: str) -> str | None:
    """What a label of number format ``code`` shows for ``value``: rounded to the nearest, as PowerPoint does."""
    from barometre.i18n import format_number, round_half_up

    if value is None or code is None:
        return None
    decimals = len(code.split(".")[1].split("\u00a0")[0].rstrip("%")) if "." in code else 0
    number = format_number(round_half_up(value * 100, decimals), lang, decimals)
    return f"{number}\u00a0%" if lang == "fr" else f"{number}%"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_chart_label_reads_as_the_table_and_notes_write_it(lang):
    """The labels were « 0.0 % » for every bar: « 85,0 % » on the bar beside « 85 % » in the table and
    the notes, « 75,0 % » beside a target of « 75 % ». Each point has the format of its text, a value
    short of its target more decimals than it (« 59,96 % », never « 60,0 % » nor « 60 % »)."""
    from barometre.brief.deck import build_deck

    ind = results(DEMO).indicators.copy()  # results() are cached: changed on a copy
    now = ind["period"] == PERIOD
    ind.loc[now & ind["target"].eq("1.3"), "value"] = 0.85
    ind.loc[now & ind["target"].eq("6.1"), "value"] = 0.5996  # of 60 %: written « 59,9 % »
    content = build_content(dataclasses.replace(results(DEMO), indicators=ind), PERIOD, lang)
    rows = {r.id: r for r in content.rows}
    assert rows["1.3"].value_text.startswith("85") and "," not in rows["1.3"].value_text.replace(".", ",")
    glance = index = 0
    for shape in _charts(build_deck(content)):
        plot = shape.chart.plots[0]
        names = [str(c) for c in plot.categories]
        if plot.series[0].name.startswith(t("deck.series.progress", lang, period="")):
            index += 1
            scored = [r for r in content.rollups if r.scope != "ambition"]  # the index and contributions
            for r, value, code in zip(
                scored, plot.series[0].values, label_formats(plot.series[0]), strict=True
            ):
                assert as_labelled(value, code, lang) == r.progress_text, (r.title, code)
            continue
        glance += 1
        ids = [name.split(" ")[0] for name in names]
        value, *goal = drawn(shape.chart)[1]
        for i, code, number in zip(ids, label_formats(value), value.values, strict=True):
            if rows[i].id == "6.1":
                assert code.endswith(("0.00\u00a0%", "0.00%")) and as_labelled(number, code, lang).startswith(
                    "59"
                )
            elif number is not None:
                assert as_labelled(number, code, lang) == rows[i].value_text, (i, code)
        for i, code, number in zip(ids, label_formats(goal[0]), goal[0].values, strict=True):
            assert as_labelled(number, code, lang) == format_percent(rows[i].target_value, lang), (i, code)
    assert index == 1 and glance >= 7  # the index, the glance and the ambitions' charts


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_deck_is_accessible(pack, lang):
    prs = Presentation(str(pack / lang / "presentation.pptx"))
    tag = {"fr": "fr-CA", "en": "en-CA"}[lang]
    for slide in prs.slides:
        assert slide.shapes.title is not None and slide.shapes.title.text.strip()
        assert slide.notes_slide.notes_text_frame.text.strip()
        for shape in slide.shapes:
            if shape.has_chart or shape.has_table or shape.shape_type == 13:  # 13: picture
                descr = shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
                assert descr and len(descr) > 20, shape.name
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    for run in p.runs:
                        assert run.font._rPr.get("lang") == tag
    assert len(_charts(prs)) >= 8
    # File > Info: this deck's properties, not python-pptx's template's (« Steve Canny », 2013)
    props = prs.core_properties
    made_up = {"fr": " (données fictives)", "en": " (synthetic data)"}[lang]  # the title alone says so too
    assert props.language == tag and props.title == t("brief.deck_title", lang, period=PERIOD) + made_up
    assert props.author == props.last_modified_by == "Baromètre" and not props.comments
    assert props.created.date() >= dt.date.today() - dt.timedelta(days=1) and props.revision == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_file_manager_describes_this_deck(pack, lang):
    """The file's extended properties and thumbnail came from python-pptx's template: « Microsoft Macintosh
    PowerPoint », « On-screen Show (4:3) », « 0 slides », and a blank 4:3 picture that a file manager shows
    as the deck. They now describe this deck, and there is no picture of another one."""
    path = pack / lang / "presentation.pptx"
    prs = Presentation(str(path))
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        app = ElementTree.fromstring(archive.read("docProps/app.xml"))
    assert not [name for name in names if "thumbnail" in name], names
    ns = {"ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
          "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"}  # fmt: skip
    assert app.findtext("ep:Application", namespaces=ns) == "Baromètre"
    assert app.findtext("ep:PresentationFormat", namespaces=ns) == "Widescreen"
    assert (
        app.findtext("ep:Slides", namespaces=ns)
        == app.findtext("ep:Notes", namespaces=ns)
        == str(len(prs.slides))
    )
    titles = [e.text for e in app.findall("ep:TitlesOfParts/vt:vector/vt:lpstr", namespaces=ns)]
    assert titles == [s.shapes.title.text.replace("\u2011", "-") for s in prs.slides]
    assert titles[0] == t("brief.deck_title", lang, period=PERIOD)


def test_no_organisations_names_no_organisation(tmp_path):
    assert main(["brief", "--data", str(DEMO), "--out", str(tmp_path), "--no-organisations"]) == 0
    orgs = pd.read_csv(DEMO / "organisations.csv")
    for lang in ("fr", "en"):
        text = pdf_text(tmp_path / PERIOD / lang / "brief.pdf") + deck_text(
            tmp_path / PERIOD / lang / "presentation.pptx"
        )
        flat = " ".join(text.split())
        for name in [*orgs["name_fr"], *orgs["name_en"]]:
            assert name not in flat
        assert t("brief.h.improved", lang) not in flat and t("brief.h.behind", lang) not in flat
    with_orgs = build_content(results(DEMO), PERIOD, "fr")
    assert with_orgs.improved and with_orgs.behind  # the default brief does name some


def test_one_period_dataset_gives_a_sensible_pack(demo_copy, tmp_path):
    obs = pd.read_csv(demo_copy / "observations.csv", dtype=str, keep_default_na=False)
    obs[obs["period"] == "2019-2020"].to_csv(demo_copy / "observations.csv", index=False, lineterminator="\n")
    assert main(["brief", "--data", str(demo_copy), "--out", str(tmp_path), "--lang", "fr"]) == 0
    text = " ".join(pdf_text(tmp_path / "2019-2020" / "fr" / "brief.pdf").split())
    assert " ".join(t("brief.changes.first", "fr").split()) in text
    # no trend column at the first period: it read « aucune période précédente » ten times, and so did the notes
    assert "aucune période précédente" not in text and t("brief.col.trend", "fr") not in text
    assert len(Presentation(str(tmp_path / "2019-2020" / "fr" / "presentation.pptx")).slides) >= 8
    assert len(PdfReader(tmp_path / "2019-2020" / "fr" / "brief.pdf").pages) == 2
    # The strategy's starting period: the index is 0 % because the values are the starting points, and
    # every organisation is at 0 %. The brief said « l'indice global d'avancement atteint 0 % » and
    # ranked five organisations « furthest behind » at « avancement moyen 0 % » each.
    baseline = " ".join(t("msg.global_baseline", "fr", period="2019-2020", value="0\u00a0%").split())
    assert text.count(baseline) == 1 and "atteint 0" not in text
    assert " ".join(t("brief.org.baseline", "fr").split()) in text and "avancement moyen" not in text
    assert " ".join(t("brief.org.first", "fr").split()) in text
    content = build_content(results(demo_copy), "2019-2020", "en")
    # and when the deadline is, three years on (« 2022-2023 » alone said nothing of the time left)
    ahead = t("brief.headline.deadline_ahead", "en", date="March\u00a031, 2023", deadline="2022-2023", n=3,
              period="2019-2020")  # fmt: skip
    assert content.headline == t("msg.global_baseline", "en", period="2019-2020", value="0%") + " " + ahead
    assert content.headline.startswith(content.key_messages[0]) and not content.behind
    # Every target counted (24 of 25 organisations reported) read « ? Données insuffisantes », ten times
    # over, in the status counts, the table, the chart and the deck: at the start nothing is missing.
    assert "Données insuffisantes" not in text and text.count("Point de départ") == 11  # 10 rows + count
    assert [(c[0], c[3]) for c in content.status_counts] == [("starting_point", 10)]
    deck = deck_text(tmp_path / "2019-2020" / "fr" / "presentation.pptx")
    assert "Données insuffisantes" not in deck and "Point de départ" in deck
    assert "aucune période précédente" not in deck and t("brief.col.trend", "fr") not in deck


def gc_files() -> list[Path]:
    files = sorted(GC_RAW.glob("*.csv"))
    assert len(files) == 3, "the GC service inventory files of data/raw are required"
    return files


def test_gc_strategy_without_target_values(tmp_path):
    data = tmp_path / "gc"
    subprocess.run([BIN / "barometre", "import", "gc-service-inventory", *gc_files(), "--out", data],
                   check=True, capture_output=True)  # fmt: skip
    assert main(["brief", "--data", str(data), "--out", str(tmp_path / "out")]) == 0
    from barometre.brief.figures import targets_figure

    # the chart's « ? » beside each indicator too few reported is said in its text alternative (it was not)
    first = targets_figure(build_content(results(data), "2016-2017", "fr")).alt
    assert first.count("(Données insuffisantes)") == 3, first
    assert "(" not in targets_figure(build_content(results(data), "2018-2019", "fr")).alt  # no status there
    for lang in ("fr", "en"):
        text = " ".join(pdf_text(tmp_path / "out" / "2018-2019" / lang / "brief.pdf").split())
        assert (
            " ".join(t("brief.headline.no_index.no_target_values", lang, period="2018-2019", n=3).split())
            in text
        )
        assert "nan" not in text.lower().split()
        # nothing empty: one sentence instead of a table of « — », no index chart without an index
        # not « aucune cible n'a à la fois une valeur cible chiffrée et des données suffisantes »
        assert " ".join(t("brief.rollup.no_targets", lang).split()) in text
        assert " ".join(t("brief.rollup.none", lang, period="2018-2019").split()) not in text
        assert t("brief.col.counted", lang) not in text
        # no status, pace or gap without target values: said so, not « no target in deterioration »
        # … and, every change withheld (2017-2018 does not count), no « voir l'évolution de chaque valeur »
        said = [t("brief.changes.no_targets_withheld", lang, previous="2017-2018"), t("brief.risks.no_targets", lang),
                t("brief.org.no_targets", lang)]  # fmt: skip
        for sentence in said:
            assert " ".join(sentence.split()) in text
        for misleading in ("brief.risks.none", "brief.org.none"):
            assert " ".join(t(misleading, lang).split()) not in text
        assert "(voir l'évolution de chaque valeur)" not in text and "(see each value's change)" not in text
        # real data: the source and the licence's attribution, in the language (the Open Government
        # Licence – Canada asks for it wherever the data are used)
        credit = {"fr": "Contient des informations visées par la Licence du gouvernement ouvert – Canada.",
                  "en": "Contains information licensed under the Open Government Licence – Canada."}[lang]  # fmt: skip
        assert credit in text and {"fr": "Conseil du Trésor", "en": "Treasury Board"}[lang] in text
        title = PdfReader(tmp_path / "out" / "2018-2019" / lang / "brief.pdf").metadata.title
        assert title.startswith(t("brief.title", lang, period="2018-2019")) and "(" not in title  # real data
        prs = Presentation(str(tmp_path / "out" / "2018-2019" / lang / "presentation.pptx"))
        assert 8 <= len(prs.slides) <= 14
        # no « Indice global et contributions » slide (a title over one sentence), no « Valeur visée » legend
        # over an empty series, and the method says there is no status (it said « statut selon le rythme »)
        titles = [slide.shapes.title.text for slide in prs.slides]
        assert t("deck.slide.index", lang) not in titles and titles[1] == t("deck.slide.targets", lang)
        # … its headline heads the first targets slide (it was in the speaker notes only)
        shown = [s.text_frame.text.replace("\u2011", "-") for s in prs.slides[1].shapes if s.has_text_frame]
        headline = t("brief.headline.no_index.no_target_values", lang, period="2018-2019", n=3)
        assert any(" ".join(headline.split()) in " ".join(x.split()) for x in shown), shown
        chart = next(shape.chart for shape in prs.slides[1].shapes if shape.has_chart)
        assert [series.name for series in chart.plots[0].series] == [
            t("deck.series.value", lang, period="2018-2019")
        ]
        deck = deck_text(tmp_path / "out" / "2018-2019" / lang / "presentation.pptx")
        assert all(sentence in deck for sentence in said)
        assert t("brief.method_no_targets", lang, threshold=format_percent(0.5, lang)) in deck
        assert t("brief.chart.title_no_targets", lang, period="2018-2019") in text


def test_template_builds_on_the_organisations_masters(tmp_path):
    template = tmp_path / "modele.pptx"
    base = Presentation()
    base.core_properties.author = "Ministère fictif"
    base.save(str(template))
    assert main(["brief", "--data", str(DEMO), "--out", str(tmp_path / "out"), "--lang", "fr",
                 "--template", str(template)]) == 0  # fmt: skip
    prs = Presentation(str(tmp_path / "out" / PERIOD / "fr" / "presentation.pptx"))
    assert prs.core_properties.author == "Ministère fictif"
    assert prs.core_properties.last_modified_by == "Baromètre"
    assert prs.core_properties.created.date() >= dt.date.today() - dt.timedelta(days=1)
    assert (
        main(
            ["brief", "--data", str(DEMO), "--out", str(tmp_path), "--template", str(tmp_path / "nope.pptx")]
        )
        == 2
    )


def test_targets_without_data_this_period_are_not_read_as_progress(demo_copy):
    """Ambition 5's targets unreported in 2022-2023: the index rose « +29,7 pts » with nothing to say it
    counted 7 targets instead of 10, and their change read « aucune période précédente » although
    2021-2022 was there. The headline now says how many targets counted then and now; their change is « — »."""
    from barometre.brief.pdf import brief_html
    from markupsafe import escape

    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if not (r["period"] == PERIOD and r["target"].startswith("5."))])  # fmt: skip
    res = results(demo_copy)
    fr, en = (build_content(res, PERIOD, lang) for lang in ("fr", "en"))
    assert fr.headline.endswith(
        t("brief.headline.counted", "fr", n=7, total=10, before=10, previous="2021-2022")
    )
    assert "covers 7 of the 10 targets, compared with 10 in 2021-2022." in en.headline
    assert [r.change_text for r in fr.rows if r.id.startswith("5.")] == ["—", "—"]
    # the table by contribution and ambition: targets counted, and a mark where the change is not like for like
    rollups = {(r.scope, r.id): r for r in fr.rollups}
    assert (rollups["global", "global"].counted_text, rollups["ambition", "5"].counted_text) == (
        "7 / 10",
        "0 / 2",
    )
    changed = [k for k, r in rollups.items() if r.changed_targets]
    assert changed == [("global", "global"), ("contribution", "administration"), ("ambition", "4")]
    html, english = brief_html(fr, "test"), brief_html(en, "test")
    note = str(escape(t("brief.rollup.changed_targets", "fr", previous="2021-2022")))
    assert html.count("&nbsp;*</td>") == 3 and note in html
    assert "Cible atteinte\u00a0: " in html and "Target achieved: " in english
    # the demo as it is: 4.2 left the index in 2022-2023 (10 organisations of 25 reported it)
    demo = build_content(results(DEMO), PERIOD, "fr")
    assert "L'indice porte sur 9 des 10 cibles, contre 10 en 2021-2022." in demo.headline
    # … and its change is not given (too few reporters), every other one is, with one note for the first
    assert [r.id for r in demo.rows if r.change_text == "—"] == [r.id for r in demo.rows if r.change_withheld]
    assert [r.id for r in demo.rows if r.change_withheld] == ["4.2"]
    demo_html = brief_html(demo, "test")
    assert demo_html.count("&nbsp;†</td>") == 1
    assert str(escape(t("brief.change.withheld", "fr"))) in demo_html
    earlier = build_content(results(DEMO), "2021-2022", "fr")  # the same ten targets both periods
    assert "L'indice porte sur" not in earlier.headline
    assert not any(r.changed_targets for r in earlier.rollups)
    assert "&nbsp;*</td>" not in brief_html(earlier, "test")
    assert not any(r.change_withheld for r in earlier.rows) and "†" not in brief_html(earlier, "test")


def test_a_change_from_a_period_too_few_reported_is_not_given(demo_copy, tmp_path):
    """Four organisations of 25 reported 1.1 in 2021-2022: the brief read « +14,5 pts » for that period
    (status « Données insuffisantes ») and « +11,8 pts » the next, both against a value of 4 organisations.
    Neither is progress: the change is « — », marked †, said in « Données et méthode » and the slide's notes."""
    from barometre.brief.deck import write_deck
    from barometre.brief.pdf import brief_html, write_pdf

    kept = []

    def keep_four(rows):
        for r in rows:
            if r["period"] == "2021-2022" and r["target"] == "1.1":
                kept.append(r)
                if len(kept) > 4:
                    continue
            yield r

    rewrite_csv(demo_copy / "observations.csv", lambda rows: list(keep_four(rows)))
    res = results(demo_copy)
    for period, coverage in (("2021-2022", "4 / 25"), (PERIOD, "24 / 25")):
        fr = build_content(res, period, "fr")
        row = next(r for r in fr.rows if r.id == "1.1")
        assert (row.change_text, row.arrow, row.coverage_text) == ("—", "·", coverage) and row.change_withheld
        assert not pd.isna(res.indicators.set_index(["period", "target"]).loc[(period, "1.1"), "change"])
    fr, en = (build_content(res, PERIOD, lang) for lang in ("fr", "en"))
    assert next(r for r in fr.rows if r.id == "1.2").change_text.endswith("pts")  # the others are given
    note_fr = t("brief.change.withheld", "fr")
    assert html.unescape(brief_html(fr, "test")).count(note_fr) == 1
    assert t("brief.change.withheld", "en") in html.unescape(brief_html(en, "test"))
    deck = tmp_path / "deck.pptx"
    write_deck(fr, deck)
    notes = [s.notes_slide.notes_text_frame.text for s in Presentation(deck).slides if s.has_notes_slide]
    assert any(note_fr in n and "1.1" in n and "50\u00a0%" in n for n in notes), notes
    # on the slide itself (the minister's office shows the deck as is): « — † » in the table, and why
    slide = next(s for s in Presentation(deck).slides if s.shapes.title.text == "Ambition 1")
    cells = [c.text for s in slide.shapes if s.has_table for row in s.table.rows for c in row.cells]
    assert "· —\u00a0†" in cells, cells
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert any(text.startswith(note_fr) and "50\u00a0%" in text for text in texts), texts  # with why
    chart = next(s for s in slide.shapes if s.has_chart)
    footnote = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith(note_fr))
    assert chart.top + chart.height <= footnote.top  # the chart ends above it
    others = [s for s in Presentation(deck).slides if s.shapes.title.text.startswith("Ambition ")]
    marked = [
        s.shapes.title.text
        for s in others
        if any(x.text_frame.text.startswith(note_fr) for x in s.shapes if x.has_text_frame)
    ]
    assert marked == ["Ambition 1", "Ambition 4"]  # 1.1, and the demo's own 4.2 (10 of 25): no other
    # this brief ran onto a third page in French (before the note, too): it is laid out tighter, on two
    for lang, content in (("fr", fr), ("en", en)):
        pdf = write_pdf(content, tmp_path / lang / "brief.pdf", "test")
        assert len(PdfReader(pdf).pages) == 2, lang
    assert " ".join(note_fr.split()) in " ".join(pdf_text(tmp_path / "fr" / "brief.pdf").split())
    assert '<html lang="fr-CA" class="fit-1">' in brief_html(fr, "test", fit=1)
    assert '<html lang="fr-CA">' in brief_html(fr, "test")


def test_a_change_whose_reporters_changed_is_marked_as_the_site_says_it(pack):
    """The site's card says « l'écart à périmètre constant est le plus comparable » when more than 10 % of
    the reporters joined or left (4.1: +9,8 pts raw, +13,6 pts at constant sample); the brief gave the raw
    change alone. It is marked « ‡ », and the notes give the change at constant sample, on the PDF's page
    and on the ambition's slide."""
    from barometre.report_context import _trend, context

    res = results(DEMO)
    fr, en = (build_content(res, PERIOD, lang) for lang in ("fr", "en"))
    ctx = context(DEMO, PERIOD, "fr")
    said = t("trend.sample_changed", "fr", joined=0, left=0).split("(")[0]
    site = [tg.id for tg in res.dataset.strategy.targets if said in _trend(ctx, tg.id)[1]]
    marked = [r.id for r in fr.rows if r.sample_note]
    assert marked == [r.id for r in en.rows if r.sample_note] and marked
    # the site's targets, but 4.2 (its change is withheld, « — † »: nothing to compare)
    assert marked == [i for i in site if i != "4.2"] == ["1.2", "4.1"]
    ind = res.indicators.set_index(["period", "target"])
    for lang, content in (("fr", fr), ("en", en)):
        note = " ".join(content.sample_text().split())
        for target in marked:
            row = ind.loc[(PERIOD, target)]
            item = t(
                "brief.change.sample_item",
                lang,
                id=target,
                delta=format_points(row["constant_sample_change"], lang),
            )
            assert " ".join(item.split()) in note, (item, note)
        assert " ".join(note.split()) in " ".join(pdf_text(pack / lang / "brief.pdf").split())
    assert "; à périmètre constant : 1.2 +9,8 pts et 4.1 +13,6 pts." in fr.sample_text().replace(
        "\u00a0", " "
    )
    cells = pdf_text(pack / "fr" / "brief.pdf")
    assert cells.count("‡") == len(marked) + 1  # each marked change, and its note
    slide = next(s for s in Presentation(pack / "fr" / "presentation.pptx").slides
                 if s.shapes.title.text == "Ambition 4")  # fmt: skip
    table = [c.text for s in slide.shapes if s.has_table for row in s.table.rows for c in row.cells]
    assert next(c for c in table if c.startswith("▲")).endswith("pts\u00a0‡"), table
    texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "4.1\u00a0+13,6\u00a0pts." in texts  # a target's id never ends a line away from its change
    texts = texts.replace("\u00a0", " ").replace("\u2011", "-")  # a span of years is never broken on a slide
    # in the brief's words (and the site's): the deck's overview and ambition slides worded it two ways
    assert "‡ L'ensemble des organisations déclarantes a changé depuis 2021-2022 (plus de 10 % arrivées ou " \
           "parties) ; à périmètre constant : 4.1 +13,6 pts." in texts  # fmt: skip
    assert "1.2" not in texts  # each slide notes its own targets


def test_a_period_where_everything_falls_still_fits_two_pages(demo_copy, tmp_path):
    """Every 2022-2023 numerator cut to 30 %: nine targets in « Recul », nine status changes, and the brief
    ran onto a third page. Each list now names four, then the other targets in one line."""
    from barometre.brief.changes import MAX_LINES
    from barometre.brief.pdf import write_pdf

    def cut(rows):
        for row in rows:
            if row["period"] == PERIOD:
                row["numerator"] = str(int(int(row["numerator"]) * 0.3))
        return rows

    rewrite_csv(demo_copy / "observations.csv", cut)
    res = results(demo_copy)
    ind = res.period_indicators(PERIOD)
    assert (ind["status"] == "deterioration").sum() == 9  # the case this test is about
    for lang in ("fr", "en"):
        content = build_content(res, PERIOD, lang)
        assert len(content.risks) == len(content.changes) == MAX_LINES + 1
        # the five others, in strategy order: at the deadline, each one missed (« non atteintes »)
        assert content.risks[-1] == t("brief.more_risks.past", lang, n=5, ids="1.2, 2.1, 3.1, 5.1, 6.1",
                                      where=t("brief.risks.where", lang))  # fmt: skip
        assert content.changes[-1].startswith(t("brief.more_changes", lang, n=6, ids="", where="")[:12])
        pdf = write_pdf(content, tmp_path / lang / "brief.pdf", "test")
        assert len(PdfReader(pdf).pages) == 2, lang


def test_the_headline_says_what_the_index_covers(demo_copy):
    """The demo without its baseline year (2019-2020): no target has a starting point in 2020-2021, and the
    headline said « la stratégie ne fixe pas de valeurs cibles chiffrées », which is false; later the index
    was « 100 % » — the one target already achieved, of ten — with nothing to say so."""
    rewrite_csv(demo_copy / "observations.csv", lambda rows: [r for r in rows if r["period"] != "2019-2020"])
    res = results(demo_copy)
    first, second, last = (build_content(res, p, "fr").headline for p in ("2020-2021", "2021-2022", PERIOD))
    assert first == t("brief.headline.no_index.no_data", "fr", period="2020-2021", n=10)
    # the site said « aucune cible de cette stratégie n'a de valeur cible chiffrée » too
    site = shown(global_index(ReportContext(res, "2020-2021", "fr")))
    assert t("site.no_index.no_data", "fr", period="2020-2021", baseline="2019-2020") in site
    # before the deadline, the headline ends with when it is
    ahead = t("brief.headline.deadline_ahead", "fr", date="31\u00a0mars\u00a02023", deadline=PERIOD, n=1,
              period="2021-2022")  # fmt: skip
    assert second == (t("brief.headline.no_previous_index", "fr", period="2021-2022", index="100\u00a0%",
                        previous="2020-2021") + " " + t("brief.headline.counted_only", "fr", n=1, total=10)
                      + " " + ahead)  # fmt: skip
    assert last.endswith(" " + t("brief.headline.counted_only", "fr", n=1, total=10))


def test_a_period_before_the_baseline_says_so_on_the_site_and_in_the_brief(demo_copy):
    """A strategy whose periods start a year before its baseline (2018-2019, history kept for the trend): the
    site said « aucune cible de cette stratégie n'a de valeur cible chiffrée » there, which is false."""
    text = (ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text(encoding="utf-8")
    early = text.replace("periods: [2019-2020,", "periods: [2018-2019, 2019-2020,", 1)
    assert early != text
    (demo_copy / "strategie.yaml").write_text(
        early.replace("id: quebec-2019-2023", "id: historique", 1), encoding="utf-8"
    )
    meta = demo_copy / "dataset.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("strategy: quebec-2019-2023", "strategy: strategie.yaml"),
        encoding="utf-8",
    )
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [{**r, "period": "2018-2019"} for r in rows if r["period"] == "2019-2020"] + rows)  # fmt: skip
    res = results(demo_copy, up_to="2018-2019")
    for lang in ("fr", "en"):
        site = shown(global_index(ReportContext(res, "2018-2019", lang)))
        assert t("site.no_index.before_baseline", lang, period="2018-2019", baseline="2019-2020") in site
        assert build_content(res, "2018-2019", lang).headline == t(
            "brief.headline.no_index.before_baseline", lang, period="2018-2019", n=10, baseline="2019-2020"
        )
    assert "cette période précède la période de départ de la stratégie (2019-2020)" in t(
        "site.no_index.before_baseline", "fr", period="2018-2019", baseline="2019-2020"
    )


def _twenty_targets(data: Path, label=None) -> Path:
    """The demo with twice the targets (1.6 … 6.6 beside the ten, their values shifted); ``label(target)``
    gives each target its short label in both languages."""
    import yaml
    from conftest import ROOT

    quebec = ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml"
    raw = yaml.safe_load(quebec.read_text(encoding="utf-8"))
    more = []
    for target in raw["targets"]:
        ambition, n = target["id"].split(".")
        more.append({**target, "id": f"{ambition}.{int(n) + 5}"})
    raw["targets"] += more
    if label:
        for target in raw["targets"]:
            target["short_label"] = label(target)
    (data / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    text = (data / "dataset.yaml").read_text(encoding="utf-8")
    (data / "dataset.yaml").write_text(text.replace("quebec-2019-2023", "strategy.yaml"), encoding="utf-8")

    def twice(rows):
        copies = []
        for i, row in enumerate(rows):
            ambition, n = row["target"].split(".")
            numerator = max(0, min(int(row["denominator"]), int(row["numerator"]) + i % 3 - 1))
            copies.append({**row, "target": f"{ambition}.{int(n) + 5}", "numerator": str(numerator)})
        return rows + copies

    rewrite_csv(data / "observations.csv", twice)
    (data / "plans.csv").unlink()
    return data


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height of an SVG document (its root's ``width`` and ``height``)."""
    import re

    root = re.search(r"<svg[^>]*>", svg).group(0)
    return tuple(float(re.search(rf' {side}="([\d.]+)"', root).group(1)) for side in ("width", "height"))


def test_a_strategy_of_twenty_targets_still_fits_two_pages(demo_copy, tmp_path):
    """Another strategy, twice the targets (the demo's ten and ten more, 1.6 … 6.6, their values shifted):
    the brief ran onto a third page, its chart 22 px a target. Past ten targets the chart is in columns of
    ten and the tables' rows are smaller; every target is still named in the table and the chart."""
    import re

    from barometre.brief.deck import write_deck
    from barometre.brief.figures import targets_figure
    from barometre.brief.pdf import write_pdf

    res = results(_twenty_targets(demo_copy))
    res_ten = results(DEMO)
    assert len(res.dataset.strategy.targets) == 20
    for lang in ("fr", "en"):
        content = build_content(res, PERIOD, lang)
        pdf = write_pdf(content, tmp_path / lang / "brief.pdf", "test")
        assert len(PdfReader(pdf).pages) == 2, lang
        text = pdf_text(pdf)
        for row in content.rows:
            assert f"{row.id} {row.label}" in " ".join(text.split()), row.id
        # the chart in two columns of ten: each target named as large as in a chart of ten (one column
        # of twenty had names of 8 px, 4 pt once printed), the chart no taller than ten targets' chart
        svg = targets_figure(content).svg
        names = re.findall(r'font-size="(\d+)px"[^>]*>(\d\.\d) ', svg)
        assert sorted(name for _size, name in names) == sorted(r.tag for r in content.rows), lang
        assert {size for size, _name in names} == {"11"}, lang
        # each column's axis in steps of 50 (« 80% » ran into « 100% » at a column's width)
        ticks = [re.sub(r"\s", "", x) for x in re.findall(r">(\d+[^<]{0,2}%)</text>", svg)]
        assert ticks == ["0%", "50%", "100%"] * 2, (lang, ticks)
        ten = targets_figure(build_content(res_ten, PERIOD, lang)).svg
        (width, height), (ten_width, ten_height) = svg_size(svg), svg_size(ten)
        assert height <= ten_height and width >= ten_width, lang
        # the deck: ambitions 1 and 4 to 6 (four or six targets each) had their chart below the table and
        # off the slide; its glance slide was titled « Les dix cibles »
        prs = Presentation(str(write_deck(content, tmp_path / lang / "presentation.pptx")))
        charts = [(slide, shape) for slide in prs.slides for shape in slide.shapes if shape.has_chart]
        assert len(charts) == 3 + 6, lang  # index, glance on two slides, one per ambition
        for slide, shape in charts:
            where = f"{lang} slide {prs.slides.index(slide) + 1}"
            assert 0 <= shape.top and shape.top + shape.height <= prs.slide_height, where
            assert shape.left + shape.width <= prs.slide_width, where
        # the glance chart drew forty bars on one slide: ten targets a slide, each target once
        glance = t("deck.slide.targets", lang)
        assert prs.slides[2].shapes.title.text == glance and "dix" not in glance
        assert prs.slides[3].shapes.title.text == t("deck.slide.continued", lang, title=glance)
        shown = [c for s in (prs.slides[2], prs.slides[3]) for shape in s.shapes if shape.has_chart
                 for c in drawn(shape.chart)[0]]  # fmt: skip
        assert [c.split(" (")[0] for c in shown] == [f"{r.id} {r.label}" for r in content.rows], lang
        assert [
            len(shape.chart.plots[0].categories) for shape in prs.slides[2].shapes if shape.has_chart
        ] == [10]


def test_a_brief_over_its_pages_splits_its_tables_rather_than_leave_a_page_nearly_blank(demo_copy, tmp_path):
    """Twenty targets whose names take two lines: each table went whole to the next page, the first page
    held the headline and the status counts alone, and the French note ran to four pages at its tightest
    type. Longer than two pages all the same, its tables are split by the page break (their
    header row repeated): the first page starts the targets' table, and the least tight layout of the
    fewest pages is written."""
    from barometre.brief import pdf as brief_pdf
    from test_brief_pdf_tags import cells_of, elements, headers_of, table_attributes, tree_of
    from weasyprint import HTML

    def label(target):
        words = {"fr": "Part des démarches administratives entièrement numériques de bout en bout",
                 "en": "Share of administrative procedures fully digital from end to end"}  # fmt: skip
        return {lang: f"{text} ({target['id']})" for lang, text in words.items()}

    res = results(_twenty_targets(demo_copy, label))
    for lang in ("fr", "en"):
        content = build_content(res, PERIOD, lang)
        said: list[str] = []
        pdf = brief_pdf.write_pdf(content, tmp_path / lang / "brief.pdf", "test", said)
        pages = PdfReader(pdf).pages
        first = " ".join(pages[0].extract_text().split())
        assert f"{content.rows[0].id} {content.rows[0].label}" in first, lang
        whole = [len(HTML(string=brief_pdf.brief_html(content, "test", fit=fit), base_url=str(tmp_path)).render(
                 pdf_variant="pdf/ua-1").pages) for fit in range(brief_pdf.FIT_LEVELS)]  # fmt: skip
        # French: four pages whole at best, three split; English: three either way, its tables kept whole
        shorter = len(pages) < min(whole) if lang == "fr" else len(pages) == min(whole)
        assert shorter, (lang, len(pages), whole)
        assert len(said) == (len(pages) > brief_pdf.PAGES), said
        text = " ".join(pdf_text(pdf).split())
        for row in content.rows:  # every target still named, once in the table
            assert f"{row.id} {row.label}" in text, row.id
        # each part of a split table is a table of its own, its header row repeated: every value is still
        # read with its target and its column
        tree = tree_of(PdfReader(pdf))
        ids = tree["/IDTree"]["/Names"]
        resolved = {str(k): ref.idnum for k, ref in zip(ids[::2], ids[1::2], strict=True)}
        tables = [e for e, *_ in elements(tree) if e["/S"] == "/Table"]
        assert len(tables) > 2 if lang == "fr" else len(tables) == 2, lang  # the targets and the index
        for table in tables:
            headers = headers_of(table)
            for cell, _row, _group in cells_of(table):
                if cell["/S"] == "/TD":
                    named = {table_attributes(headers[resolved[str(h)]])["/Scope"]
                             for h in table_attributes(cell)["/Headers"]}  # fmt: skip
                    assert named == {"/Row", "/Column"}, lang


def test_every_change_line_starts_with_its_sign():
    """« ▲ 5.2 … » and « ▼ 6.1 … » had a sign, « 4.2 … : données devenues insuffisantes » none: each line
    of « what changed » now starts with one, the status's own sign for a target achieved or unmeasured."""
    from barometre.blocks import STATUS_ICONS

    signs = {"▲", "▼", *STATUS_ICONS.values()}
    for lang in ("fr", "en"):
        changes = build_content(results(DEMO), PERIOD, lang).changes
        assert changes and all(line.split(" ", 1)[0] in signs for line in changes), changes
        assert any(line.startswith("? 4.2 ") for line in changes), changes


def test_a_strategy_without_contributions_breaks_the_index_down_by_ambition(demo_copy, tmp_path):
    """Another strategy may group its targets in no contribution: the site and the brief still said
    « Indice global et contributions », and the deck's index slide drew one lone bar (the global index).
    Now they say « et ambitions », and the slide has a bar per ambition, each named short."""
    import yaml
    from barometre.brief.deck import write_deck
    from barometre.brief.pdf import write_pdf
    from barometre.charts import index_chart
    from barometre.sections import index_figure
    from barometre.sections_methodology import methodology

    quebec = ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml"
    raw = yaml.safe_load(quebec.read_text(encoding="utf-8"))
    del raw["contributions"]
    (demo_copy / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meta = demo_copy / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("quebec-2019-2023", "strategy.yaml"), "utf-8")
    res = results(demo_copy)
    for lang, words in (("fr", "Indice global et ambitions"), ("en", "Global index and ambitions")):
        ctx = ReportContext(res, PERIOD, lang)
        site = html.unescape(str(global_index(ctx)) + str(index_figure(ctx)) + str(methodology(ctx)))
        assert site.count(words) >= 3 and "contribution" not in site.lower(), lang
        assert index_chart(res, PERIOD, lang).to_dict()["title"].startswith(words)
        content = build_content(res, PERIOD, lang)
        assert not content.has_contributions
        text = " ".join(pdf_text(write_pdf(content, tmp_path / lang / "brief.pdf", "test")).split())
        assert t("brief.h.rollup_ambitions", lang) in text and "contribution" not in text.lower()
        deck = write_deck(content, tmp_path / lang / "deck.pptx")
        slide = Presentation(str(deck)).slides[1]
        assert slide.shapes.title.text_frame.text == words
        (chart,) = [shape.chart for shape in slide.shapes if shape.has_chart]
        assert list(chart.plots[0].categories)[1:] == [f"Ambition {n}" for n in range(1, 7)]
    # a strategy with contributions keeps its words
    demo = build_content(results(DEMO), PERIOD, "fr")
    assert demo.has_contributions and demo.rollup_key("brief.h.rollup") == "brief.h.rollup"


def test_a_brief_that_runs_over_even_tightened_is_written_and_said(monkeypatch, tmp_path, caplog):
    """Each fit level is tried in turn, then each again with tables split by the page break; when even the
    tightest runs over, the PDF is still written (a longer note beats none) and the log of the publication
    says how many pages it has."""
    from barometre.brief import pdf

    monkeypatch.setattr(pdf, "PAGES", 1)
    tried = []
    real_html = pdf.brief_html
    monkeypatch.setattr(pdf, "brief_html", lambda *a: tried.append((a[3], a[5])) or real_html(*a))
    content = build_content(results(DEMO), PERIOD, "fr")
    with caplog.at_level("WARNING", logger="barometre.brief"):
        path = pdf.write_pdf(content, tmp_path / "brief.pdf", "test")
    assert tried == [(fit, split) for split in (False, True) for fit in range(pdf.FIT_LEVELS)]
    assert len(PdfReader(path).pages) == 2
    assert "compte 2 pages, plus de 1 même resserrée" in caplog.text and "runs to 2 pages" in caplog.text


def test_a_brief_just_over_at_fit_level_three_still_keeps_to_two_pages(tmp_path):
    """A year after the deadline (late, missed and changed targets, 13 organisations missing reports) ran
    to a third page of two lines at the tightest layout, and publish exit 0. A tighter last layout keeps it
    to two: lines are added to the demo's brief until layout 3 (tight type, names split) runs over."""
    from barometre.brief import pdf
    from weasyprint import HTML

    content = build_content(results(DEMO), PERIOD, "fr")
    base = list(content.changes)
    for n in range(2, 80, 2):
        content.changes = base + [
            f"Changement ajouté n° {i} : une ligne de plus dans la note." for i in range(n)
        ]
        if len(HTML(string=pdf.brief_html(content, "test", fit=3)).render().pages) > 2:
            break
    else:
        pytest.fail("layout 3 never ran over")
    assert len(PdfReader(pdf.write_pdf(content, tmp_path / "brief.pdf", "test")).pages) == 2


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_pdf_page_says_synthetic_data_in_its_footer(pack, lang):
    """Page 2 printed alone said nothing of the fictitious data: the footer of every page now does."""
    footer = f"{t('brief.title', lang, period=PERIOD)} · {t('banner.synthetic_title', lang)}"
    pages = PdfReader(pack / lang / "brief.pdf").pages
    assert len(pages) == 2
    for page in pages:
        assert footer in " ".join(page.extract_text().split()), page.extract_text()[-300:]


def test_a_strategy_of_one_target_is_a_one_page_note(demo_copy, tmp_path):
    """One target (2.1): the note filled its first page and put its last line (« Rapport complet … ») alone
    on a second; it is now laid out a little tighter, on one page. Its plans line read « les plans
    suffisent pour 0 cible sur 1 » (and the overview's « suffisent à atteindre 0 cible sur 1 »): they say
    the plans do not suffice for the planned target."""
    import yaml
    from barometre.brief.pdf import last_page_fill, write_pdf
    from conftest import ROOT

    quebec = ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml"
    raw = yaml.safe_load(quebec.read_text(encoding="utf-8"))
    raw["targets"] = [tg for tg in raw["targets"] if tg["id"] == "2.1"]
    raw["ambitions"] = [a for a in raw["ambitions"] if str(a["id"]) == "2"]
    raw["contributions"] = []
    (demo_copy / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    text = (demo_copy / "dataset.yaml").read_text(encoding="utf-8")
    (demo_copy / "dataset.yaml").write_text(
        text.replace("quebec-2019-2023", "strategy.yaml"), encoding="utf-8"
    )
    for name in ("observations.csv", "plans.csv"):
        rewrite_csv(demo_copy / name, lambda rows: [r for r in rows if r["target"] == "2.1"])
    res = results(demo_copy)
    for lang, said in (("fr", "les plans n'auraient pas suffi pour la cible planifiée en 2022-2023 (2.1)"),
                       ("en", "the plans would not have been enough for the planned target in 2022-2023 (2.1)")):  # fmt: skip
        content = build_content(res, PERIOD, lang)
        assert said in content.plans_line
        pdf = write_pdf(content, tmp_path / lang / "brief.pdf", "test")
        assert len(PdfReader(pdf).pages) == 1, lang
        assert "index.html" in pdf_text(pdf)  # its last line is there, on the one page
    # the site's overview said « les plans suffisent à atteindre 0 cible sur 1 » too
    from barometre import plans_sections, sections

    for lang, said in (("fr", "les plans n'auraient pas suffi à atteindre la cible planifiée en 2022-2023"),
                       ("en", "the plans would not have been enough to reach the planned target in 2022-2023")):  # fmt: skip
        assert said in shown(plans_sections.overview_plans(sections.context(demo_copy, PERIOD, lang)))
    # what tells a nearly empty last page: the demo's second page is full
    from barometre.brief.pdf import brief_html
    from weasyprint import HTML

    demo_content = build_content(results(DEMO), PERIOD, "fr")
    demo = next(
        d
        for fit in range(3)
        if len((d := HTML(string=brief_html(demo_content, "test", fit=fit)).render()).pages) <= 2
    )
    assert len(demo.pages) == 2 and last_page_fill(demo) > 0.5


def test_a_year_without_data_is_not_called_the_first_period_measured(demo_copy):
    """The demo without 2021-2022: the brief for 2022-2023 said « Première période mesurée : aucune
    comparaison possible » and « aucune période précédente » beside each target, and the site « une seule
    période », though 2019-2020 and 2020-2021 were measured. They say that 2021-2022 has no data."""
    from barometre.report_context import target_card

    rewrite_csv(demo_copy / "observations.csv", lambda rows: [r for r in rows if r["period"] != "2021-2022"])
    res = results(demo_copy)
    for lang in ("fr", "en"):
        c = build_content(res, PERIOD, lang)
        assert c.previous is None and c.unmeasured == "2021-2022"
        assert t("brief.headline.no_previous_index.named", lang, period=PERIOD, index=c.rollups[0].progress_text,
                 previous="2021-2022") in c.headline  # fmt: skip
        assert {r.change_text for r in c.rows} == {t("brief.no_data_in", lang, period="2021-2022")}
        assert c.changes_empty == t("brief.changes.unmeasured", lang, previous="2021-2022")
        assert c.improved_empty == t("brief.org.unmeasured", lang, previous="2021-2022")
    ctx = ReportContext(res, PERIOD, "fr")
    card = shown(target_card(ctx, ctx.strategy.target("1.1")))
    assert t("trend.no_value", "fr", period="2021-2022") in card and t("trend.none", "fr") not in card
    # a first measured period stays one: 2020-2021 without 2019-2020 has nothing before it
    rewrite_csv(demo_copy / "observations.csv", lambda rows: [r for r in rows if r["period"] != "2019-2020"])
    first = build_content(results(demo_copy), "2020-2021", "fr")
    assert first.unmeasured is None and first.changes_empty == t("brief.changes.first", "fr")


def test_a_first_status_is_not_a_change_and_a_status_regained_is(demo_copy):
    """2020-2021, the first period after the baseline, listed ten « de nouveau mesurable » lines: a status
    needs two measured periods, so none had one before. A status lost for want of reporting organisations
    and found again is still said to be measurable again."""
    first = build_content(results(DEMO), "2020-2021", "en")
    assert first.changes == [] and first.first_statuses
    assert first.changes_empty == t("brief.changes.first_statuses", "en", previous="2019-2020")
    # target 1.1 reported by two organisations only in 2021-2022: insufficient, then measured again
    keep = {"MFSN", "MFEDU"}
    rewrite_csv(demo_copy / "observations.csv", lambda rows: [
        r for r in rows if not (r["period"] == "2021-2022" and r["target"] == "1.1" and r["organisation"] not in keep)
    ])  # fmt: skip
    again = build_content(results(demo_copy), PERIOD, "en")
    said = [line for line in again.changes if " 1.1 " in line]
    assert said and "measurable again" in said[0], again.changes


def test_from_the_deadline_on_the_headline_says_how_many_targets_are_achieved(demo_copy):
    """The 2022-2023 brief, at the strategy's deadline, read « l'indice global d'avancement atteint 61,3 % »
    and counted « En bonne voie : 2 » with nothing to say that the time was up: how many targets were met
    is what the office is asked first. The strategy followed a year past its deadline (2023-2024, in a
    copy of the strategy file) says that the deadline has passed; before the deadline it says when it is."""
    from barometre.narrative import key_messages

    dates = {"fr": "31\u00a0mars\u00a02023", "en": "March\u00a031, 2023"}

    with_next_year(demo_copy)

    def next_year(rows):  # 2023-2024: every numerator of 5.1 at its denominator, so one more target is met
        later = [{**r, "period": "2023-2024"} for r in rows if r["period"] == PERIOD]
        for r in later:
            if r["target"] == "5.1" and r["denominator"]:
                r["numerator"] = r["denominator"]
        return rows + later

    rewrite_csv(demo_copy / "observations.csv", next_year)
    res = results(demo_copy)
    periods = ("2021-2022", PERIOD, "2023-2024")
    achieved = {p: int((res.period_indicators(p)["status"] == "target_achieved").sum()) for p in periods}
    assert achieved["2023-2024"] == achieved[PERIOD] + 1 >= 2  # the count is the period's own
    for lang in ("fr", "en"):
        before = build_content(res, "2021-2022", lang)
        # before the deadline: when it is, and no verdict (« Strategy deadline », not « At the … deadline »)
        ahead = t(
            "brief.headline.deadline_ahead", lang, date=dates[lang], deadline=PERIOD, n=1, period="2021-2022"
        )
        assert before.headline.endswith(" " + ahead)
        assert before.headline.count("chéance") + before.headline.count("deadline") == 1
        at = build_content(res, PERIOD, lang).headline
        assert at.startswith(
            t("brief.headline.deadline", lang, period=PERIOD, n=achieved[PERIOD], total=10) + " "
        )
        after = build_content(res, "2023-2024", lang).headline
        day = (
            "31\u00a0mars\u00a02023" if lang == "fr" else "March\u00a031, 2023"
        )  # the strategy's deadline_date, in words
        # 5.1, reached in 2023-2024 only, is reached after the deadline
        assert after.startswith(t("brief.headline.after_deadline_late", lang, period="2023-2024", date=day,
                                  n=achieved["2023-2024"], total=10, late=1) + " ")  # fmt: skip
        # the site's key messages say what the status of a target not achieved measures from then on
        for period, key in (
            ("2021-2022", None),
            (PERIOD, "msg.at_deadline"),
            ("2023-2024", "msg.after_deadline"),
        ):
            said = key_messages(res.indicators, res.summary, res.dataset.strategy, period, lang)
            expected = t(key, lang, deadline=PERIOD, baseline="2019-2020", date=day) if key else None
            found = [m for m in said if "chéance" in m or "deadline" in m]
            assert found[:1] == ([expected] if key else []), period
    # « 1.1 ↗ En bonne voie » at 73,6 % of 75 % read as met: from the deadline on, the headline says it is not
    assert build_content(res, PERIOD, "fr").headline.startswith(
        "À l'échéance de la stratégie (2022-2023), 1 cible sur 10 est atteinte. Sur les 10, 1 ne peut être "
        "jugée, trop peu d'organisations ayant déclaré. Les cibles 1.1 et 6.1 sont dites "
        "«\u00a0En bonne voie\u00a0» pour le chemin parcouru, mais ne sont pas atteintes. L'indice global"
    )  # 4.2 (10 organisations of 25) is not counted as missed
    assert set(res.period_indicators(PERIOD).query("status == 'on_track'")["target"]) == {"1.1", "6.1"}
    assert (
        "En bonne voie" not in build_content(res, "2021-2022", "fr").headline
    )  # before it, on track is fine
    assert build_content(res, "2023-2024", "en").headline.startswith(
        "The strategy's deadline, March\u00a031, 2023, has passed: in 2023-2024, 2 of 10 targets are achieved, "
        "1 of them after the deadline."
    )


def test_the_deadline_period_under_way_gives_no_verdict_before_its_day():
    """A brief made on 8 December 2026 of the 2026-2027 deadline period said « À l'échéance de la stratégie
    (2026-2027), 1 cible sur 10 est atteinte », « 75 % (non atteinte) » and « non atteinte à l'échéance »
    four months before 31 March 2027, beside its own « la période 2026-2027 est en cours ». Until the
    deadline day it speaks as before the deadline: when it is, the pace and the projected value."""
    res = results(DEMO)
    before_day = build_content(res, PERIOD, "fr", today=dt.date(2023, 3, 1))
    assert "À l'échéance" not in before_day.headline and "atteinte" not in before_day.headline
    assert before_day.headline.endswith(
        " Échéance de la stratégie\u00a0: 31\u00a0mars\u00a02023, à la fin de la période en cours (2022-2023)."
    )
    assert not any("non atteinte" in before_day.goal_text(r) for r in before_day.rows)
    assert before_day.risks and not any("échéance" in line for line in before_day.risks)
    assert all("valeur projetée en 2022-2023" in line for line in before_day.risks if " — " in line)
    on_day = build_content(res, PERIOD, "en", today=dt.date(2023, 4, 1))
    assert on_day.headline.startswith("At the strategy's deadline (2022-2023), 1 of 10 targets is achieved.")
    assert any("(not\u00a0achieved)" in on_day.goal_text(r) for r in on_day.rows)


def test_a_period_before_the_starting_one_says_so_not_insufficient_data(demo_copy):
    """A strategy that starts in 2020-2021 with 2019-2020 data before it: the 2019-2020 brief said « les données
    sont insuffisantes pour chaque cible … le premier risque » and the site « leur période de départ n'a pas de
    valeur comptée », of 24 organisations of 25; ``indicators`` gave 2019-2020 a progress of 0 against the
    2020-2021 value, which its own report (known up to 2019-2020) could not know."""
    import yaml
    from barometre.narrative import key_messages

    raw = yaml.safe_load(
        (ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text(encoding="utf-8")
    )
    raw["baseline_period"] = "2020-2021"
    (demo_copy / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meta = demo_copy / "dataset.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("quebec-2019-2023", "strategy.yaml"), encoding="utf-8"
    )
    res = results(demo_copy)
    early = res.period_indicators("2019-2020")
    assert early["baseline_value"].isna().all() and early["progress"].isna().all()
    known = results(demo_copy, up_to="2019-2020").period_indicators("2019-2020")  # the period's own report
    assert known["progress"].isna().all() and list(early["status"]) == list(known["status"])
    assert res.period_indicators("2020-2021")["baseline_value"].notna().sum() >= 9
    said = key_messages(res.indicators, res.summary, res.dataset.strategy, "2019-2020", "fr")
    assert t("msg.before_baseline", "fr", period="2019-2020", baseline="2020-2021") in said
    assert not [m for m in said if "n'a pas de valeur comptée" in m]
    content = build_content(results(demo_copy, up_to="2019-2020"), "2019-2020", "en")
    assert content.risks_empty == t(
        "brief.risks.before_baseline", "en", period="2019-2020", baseline="2020-2021"
    )
    assert content.rollup_empty.startswith("No progress rate in 2019-2020: the period comes before")
    assert content.behind == [] and "Before the starting period (2020-2021)" in content.behind_empty


def test_one_organisation_is_not_ranked_both_most_improved_and_furthest_behind(demo_copy):
    """One ministry's return ingested for a new year: the brief named it first of « Les plus fortes
    progressions » and first of « Les plus éloignées de leurs cibles ». A list ranks two organisations or more,
    and names at most half of them."""
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if r["period"] != PERIOD or r["organisation"] in ("MFSN", "MFEDU")])  # fmt: skip
    two = build_content(results(demo_copy, up_to=PERIOD), PERIOD, "fr")
    assert len(two.behind) <= 1 and "behind" not in two.too_few
    # 2 of 25 reported in 2022-2023: the table gives no change, nor does « most improved » (test_brief_rankings)
    assert two.improved == [] and two.improved_empty == t("brief.org.no_change", "fr", previous="2021-2022")
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if r["period"] != PERIOD or r["organisation"] == "MFSN"])  # fmt: skip
    one = build_content(results(demo_copy, up_to=PERIOD), PERIOD, "fr")
    assert one.improved == one.behind == [] and one.too_few == {"improved", "behind"}
    assert one.behind_empty == "Trop peu d'organisations comparables pour les classer."
    full = build_content(results(DEMO, up_to=PERIOD), PERIOD, "fr")
    assert len(full.improved) == len(full.behind) == 5 and not full.too_few


def test_a_full_disk_leaves_the_brief_already_there_whole_and_names_it(pack, tmp_path, monkeypatch, capsys):
    """A scheduled run that filled the disk left a truncated brief.pdf where a good one had been, and said
    « Impossible d'écrire ou de lire ? ». The PDF is written beside it and replaces it only once whole."""
    import errno
    import shutil

    out = tmp_path / "out"
    shutil.copytree(pack / "fr", out / PERIOD / "fr")
    brief = out / PERIOD / "fr" / "brief.pdf"
    before = brief.read_bytes()
    write_bytes = Path.write_bytes

    def disk_full(self, data):
        if self.parent != brief.parent:
            return write_bytes(self, data)
        write_bytes(self, data[:4096])  # part of a PDF, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    code = main(["brief", "--data", str(DEMO), "--lang", "fr", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 74, err
    assert f"Impossible d'écrire ou de lire {brief}\u00a0: plus d'espace libre sur le disque" in err, err
    assert f"Cannot write or read {brief}: no space left on the disk" in err, err
    assert brief.read_bytes() == before
    assert sorted(p.name for p in brief.parent.iterdir()) == sorted(p.name for p in (pack / "fr").iterdir())


def test_a_folder_where_the_deck_goes_is_named_in_both_languages(tmp_path):
    from barometre.brief.deck import write_deck
    from barometre.errors import OutputError

    content = build_content(results(DEMO), PERIOD, "fr")
    where = tmp_path / "presentation.pptx"
    where.mkdir()
    with pytest.raises(OutputError) as err:
        write_deck(content, where)
    assert f"{where}\u00a0: c'est un dossier, pas un fichier" in str(err.value)
    assert f"{where}: it is a folder, not a file" in str(err.value)
    assert [p.name for p in tmp_path.iterdir()] == ["presentation.pptx"]


def test_risks_do_not_say_none_of_targets_nobody_could_measure(demo_copy):
    """15 of 25 organisations sent nothing in 2022-2023: every target « Données insuffisantes », and the
    brief's and deck's risks read « Aucune cible en recul ni en progrès limités ». They now say no risk
    could be measured; at the baseline, that risks are measured from the next period."""
    import dataclasses

    from barometre.brief.pdf import brief_html

    orgs = sorted({r["organisation"] for r in pd.read_csv(demo_copy / "observations.csv").to_dict("records")})
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if r["period"] != PERIOD or r["organisation"] in orgs[:10]])  # fmt: skip
    res = results(demo_copy)
    every = "1.1, 1.2, 1.3, 2.1, 3.1, 4.1, 4.2, 5.1, 5.2, 6.1"
    for lang, words in (("fr", "Aucun risque ne peut être mesuré en 2022-2023"),
                        ("en", "No risk can be measured in 2022-2023")):  # fmt: skip
        c = build_content(res, PERIOD, lang)
        assert {r.status for r in c.rows} == {"insufficient_data"} and not c.risks
        assert c.risks_empty.startswith(words) and f"({every})" in c.risks_empty, c.risks_empty
        assert html.escape(c.risks_empty, quote=False) in brief_html(c, "test")
    base = build_content(results(DEMO), "2019-2020", "fr")
    assert not base.risks and base.risks_empty == t("brief.risks.baseline", "fr")
    # Some targets measured and none at risk, two without a status: said, with their ids.
    c = build_content(results(DEMO), PERIOD, "en")
    c.rows = [dataclasses.replace(r, status="insufficient_data" if r.id in ("2.1", "6.1") else "on_track")
              for r in c.rows]  # fmt: skip
    assert c.risks_empty == (
        "No measured target is in deterioration or limited progress, but 2 targets have no status in "
        "2022-2023, for want of enough data (2.1, 6.1): their risk is not known."
    )
    c.rows = [dataclasses.replace(r, status="on_track") for r in c.rows]
    assert c.risks_empty == t("brief.risks.none", "en")


def test_a_target_without_a_value_keeps_its_line_in_the_brief_chart(demo_copy, tmp_path):
    """No 5.1 rows in 2022-2023: the brief's chart dropped the line (9 labels for 10 targets) while its table
    and the deck kept it. The line stays, with « — » where the bar would be."""
    from barometre.brief.figures import targets_figure

    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if not (r["period"] == PERIOD and r["target"] == "5.1")])  # fmt: skip
    content = build_content(results(demo_copy), PERIOD, "fr")
    figure = targets_figure(content)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", figure.svg)
    ids = [text.split()[0] for text in texts if re.match(r"\d\.\d ", text)]
    assert ids == [r.id for r in content.rows] and "5.1" in ids, texts
    assert texts.count("—") == 1
    assert "5.1\u00a0: —" in figure.alt or "5.1 : —" in figure.alt, figure.alt
    # the deck's notes say it in words: they read « 5.1 … : — — Données insuffisantes ; — »
    from barometre.brief.deck import write_deck

    deck = write_deck(content, tmp_path / "deck.pptx")
    notes = "\n".join(
        s.notes_slide.notes_text_frame.text for s in Presentation(deck).slides if s.has_notes_slide
    )
    label = next(r.label for r in content.rows if r.id == "5.1")
    assert f"5.1 {label}\u00a0: aucune valeur — Données insuffisantes\n" in notes + "\n", notes
    assert "— —" not in notes and "; —\n" not in notes + "\n"


def test_most_improved_counts_a_fall_of_a_target_to_bring_down_as_progress(demo_copy):
    """5.1 and 2.1 made targets to bring down (« au plus »): an organisation whose value rose on them was
    ranked « most improved » on its plain mean change. Its gain on such a target is now the fall."""
    import yaml
    from barometre.i18n import format_points

    quebec = ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml"
    raw = yaml.safe_load(quebec.read_text(encoding="utf-8"))
    for target in raw["targets"]:
        if target["id"] in ("2.1", "5.1"):
            target.update(direction="decrease", target_value=0.2)
    (demo_copy / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    text = (demo_copy / "dataset.yaml").read_text(encoding="utf-8")
    (demo_copy / "dataset.yaml").write_text(
        text.replace("quebec-2019-2023", "strategy.yaml"), encoding="utf-8"
    )
    res = results(demo_copy)
    by = res.by_organisation
    units = by[by["period"] == "2021-2022"].set_index(["organisation", "target"])["denominator"]
    given = [tg for tg in res.dataset.strategy.target_ids if res.change_given(tg, PERIOD, "2021-2022")]
    assert "4.2" not in given and "2.1" in given and "5.1" in given  # 4.2: too few reported in 2022-2023
    now = by[
        (by["period"] == PERIOD) & by["target"].isin(set(given) - {"4.1", "6.1"}) & (by["denominator"] >= 10)
    ]
    now = now[[units.get(k, 0) >= 10 for k in zip(now["organisation"], now["target"], strict=True)]]
    now = now.dropna(subset=["change"])  # the targets the list ranks on (test_brief_rankings)
    sign = now["target"].map(lambda tid: -1.0 if tid in ("2.1", "5.1") else 1.0)
    gains = (now["change"] * sign).groupby(now["organisation"]).mean()
    top = gains[gains > 0].sort_values(ascending=False).head(5)
    plain = now.groupby("organisation")["change"].mean().sort_values(ascending=False).head(5)
    assert list(top.index) != list(plain.index)  # the direction changes the ranking in this data
    content = build_content(res, PERIOD, "fr")
    name = res.dataset.organisation_name
    assert content.improved == [
        t(
            "brief.org.improved",
            "fr",
            name=name(code, "fr"),
            delta=format_points(value, "fr"),
            previous="2021-2022",
        )
        for code, value in top.items()
    ]


def test_status_counts_count_every_target_once(demo_copy):
    """A target without a numeric target value was in no count (« 1 + 2 + … » made 9 of 10): it is counted
    « Sans cible chiffrée », as the site counts it."""
    import yaml

    quebec = ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml"
    raw = yaml.safe_load(quebec.read_text(encoding="utf-8"))
    next(tg for tg in raw["targets"] if tg["id"] == "4.1")["target_value"] = None
    (demo_copy / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    text = (demo_copy / "dataset.yaml").read_text(encoding="utf-8")
    (demo_copy / "dataset.yaml").write_text(
        text.replace("quebec-2019-2023", "strategy.yaml"), encoding="utf-8"
    )
    for lang in ("fr", "en"):
        content = build_content(results(demo_copy), PERIOD, lang)
        assert sum(n for *_rest, n in content.status_counts) == len(content.rows) == 10
        assert content.status_counts[-1][1:] == ("·", t("status.not_applicable", lang), 1)
        # the deck's bar of 4.1 stands alone, without a value aimed at: its label says why
        from barometre.brief.deck import build_deck

        names = [str(c) for shape in _charts(build_deck(content)) for c in shape.chart.plots[0].categories]
        (label,) = [n for n in names if n.startswith("4.1 ")]
        assert label.endswith(f"({t('status.not_applicable', lang)})"), label
        assert not any(n.endswith(f"({t('status.not_applicable', lang)})") for n in names if n != label)
    assert build_content(results(DEMO), PERIOD, "fr").status_counts[-1][0] == "insufficient_data"


def test_what_changed_lists_the_bad_news_before_the_good_and_never_hides_a_target_reached():
    """Seven changes, four listed: the brief kept the first four in target order (1.2 ✔, 1.3 ▼, 3.1 ✔,
    4.1 ✔) and folded 5.1's new « Recul » into « Et 3 autres changements »; worse statuses come first. Then
    it folded the period's only target reached (1.3 « Recul → Cible atteinte ») into « Et 5 autres
    changements … (voir le rapport complet) », on a half-empty slide, without saying where that report is:
    a target reached is always listed, the slide lists what it holds, the report lists them all."""
    from barometre.brief.changes import MAX_LINES
    from barometre.brief.deck import build_deck
    from barometre.sections import what_changed

    ind = results(DEMO).indicators.copy()  # results() are cached: changed on a copy
    res = dataclasses.replace(results(DEMO), indicators=ind)
    previous = "2021-2022"
    ind.loc[ind["period"] == previous, "status"] = "acceleration_needed"
    now = ind["period"] == PERIOD
    ind.loc[now, "status"] = "on_track"  # six up: 1.1, 1.2, 1.3, 2.1, 4.1, 4.2
    ind.loc[now & ind["target"].isin(["5.1", "6.1"]), "status"] = "deterioration"
    ind.loc[now & ind["target"].eq("3.1"), "status"] = "target_achieved"  # last of the good news
    ind.loc[now & ind["target"].eq("5.2"), "status"] = "acceleration_needed"  # unchanged: not listed
    for lang in ("fr", "en"):
        c = build_content(res, PERIOD, lang)
        assert [line.split(" ")[:2] for line in c.changes[: MAX_LINES + 1]] == [
            ["▼", "5.1"], ["▼", "6.1"], ["▲", "1.1"], ["▲", "1.2"], ["✔", "3.1"]]  # fmt: skip
        where = t("brief.changes.where", lang, previous=previous)
        assert c.changes[MAX_LINES + 1:] == [
            t("brief.more_changes", lang, n=4, ids="1.3, 2.1, 4.1, 4.2", where=where)]  # fmt: skip
        title = t("deck.slide.changes", lang)
        deck = build_deck(c)
        slide = next(s for s in deck.slides if s.shapes.title.text.startswith(title))
        assert len(slide_texts(slide)) == len(c.all_changes) == 9  # all nine fit the slide
        site = shown(what_changed(ReportContext(res, PERIOD, lang)))
        assert t("brief.h.changes", lang, previous=previous) in site  # the section the line names
        assert all(shown(change.line) in site for change in c.all_changes)


def test_the_method_line_names_the_pace_method_and_past_the_deadline_what_a_status_means(demo_copy):
    """Past the deadline four targets read « Accélération nécessaire »; what that then means was said only
    in the deck's speaker notes, never in the PDF. And « cagr » and « linear » gave the same method line."""
    yaml_path = ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml"
    text = yaml_path.read_text(encoding="utf-8").replace("pace_method: linear", "pace_method: cagr", 1)
    text = text.replace("2022-2023]", "2022-2023, 2023-2024]", 1)
    assert "pace_method: cagr" in text and "2023-2024]" in text
    (demo_copy / "strategie.yaml").write_text(text, encoding="utf-8")
    meta = demo_copy / "dataset.yaml"
    meta.write_text(
        re.sub(r"(?m)^strategy:.*$", "strategy: strategie.yaml", meta.read_text(encoding="utf-8"))
    )
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: rows + [{**r, "period": "2023-2024"} for r in rows if r["period"] == PERIOD])  # fmt: skip
    for lang in ("fr", "en"):
        at = build_content(results(DEMO), PERIOD, lang).method
        after = build_content(results(demo_copy), "2023-2024", lang).method
        assert t("brief.pace.linear", lang) in at and t("brief.pace.cagr", lang) in after
        day = "31\u00a0mars\u00a02023" if lang == "fr" else "March\u00a031, 2023"
        pace = t("brief.pace.cagr", lang)
        meaning = t("brief.method_past", lang, deadline=PERIOD, baseline="2019-2020", date=day, pace=pace,
                    threshold=format_percent(0.5, lang))  # fmt: skip
        assert after == meaning and day not in at
        # past the deadline a status no longer comes from the pace (« statut selon le rythme… requis »)
        assert t("brief.method", lang, threshold="", pace="").split(";")[-1].split(",")[0] not in after


def test_the_brief_chart_marks_a_target_to_bring_down_at_its_tick():
    """« au plus 10 % » drawn as a plain tick: a bar short of it looked like a target missed."""
    from barometre.brief.figures import targets_figure

    content = build_content(results(DEMO), PERIOD, "fr")
    assert "≤" not in re.findall(r"<text[^>]*>([^<]*)</text>", targets_figure(content).svg)
    rows = [dataclasses.replace(r, at_most=r.id == "4.2") for r in content.rows]
    texts = re.findall(
        r"<text[^>]*>([^<]*)</text>", targets_figure(dataclasses.replace(content, rows=rows)).svg
    )
    assert texts.count("≤") == 1, texts


def test_a_pace_ratio_never_reads_across_its_status_line(tmp_path):
    """R = 0,59958 read « rythme observé 0,60 fois le rythme requis » beside « Progrès limités » (R < 0,6), and
    R = −0,0013 « 0,00 » beside « Recul » (R < 0): the ratio is now rounded away from the line it is under."""
    (tmp_path / "organisations.csv").write_text("code,name_fr,name_en\nA,Org A,Org A\n", "utf-8")
    (tmp_path / "observations.csv").write_text(
        "period,organisation,target,numerator,denominator\n"
        "2019-2020,A,1.1,1,4\n2020-2021,A,1.1,34993,100000\n"  # R = 0.09993 / (0.5 / 3) = 0.59958
        "2019-2020,A,1.2,1,10\n2020-2021,A,1.2,9972,100000\n",  # R = −0.00028 / (0.65 / 3) = −0.0013
        "utf-8",
    )
    (tmp_path / "dataset.yaml").write_text(
        "title: Rythme\nstrategy: quebec-2019-2023\nsynthetic: true\n", "utf-8"
    )
    res = results(tmp_path)
    # R < 0 is said in words since (« la valeur s'est éloignée de la cible », not « −0,01 fois »)
    for lang, limited, recul in (("fr", "0,59", "éloignée de la cible"), ("en", "0.59", "moved away from")):
        said = " ".join(build_content(res, "2020-2021", lang).risks)
        assert f" {limited} " in said and recul in said, said
        assert "0,60" not in said and "0.60" not in said and " 0,00 " not in said and " 0.00 " not in said


def slide_texts(slide) -> list[str]:
    """Every paragraph of a slide's text boxes and placeholders (not its title, footer or number)."""
    out = []
    for shape in slide.shapes:
        if not shape.has_text_frame or shape == slide.shapes.title:
            continue
        if shape.is_placeholder and shape.placeholder_format.type in (PP_PLACEHOLDER.FOOTER,
                                                                      PP_PLACEHOLDER.SLIDE_NUMBER):  # fmt: skip
            continue
        if shape.text_frame.text.startswith(("Baromètre ", "Barometer ")) or shape.text_frame.text.isdigit():
            continue  # the footer and number drawn as text boxes
        out += [p.text for p in shape.text_frame.paragraphs if p.text.strip()]
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_index_slide_shows_the_targets_by_status_as_the_brief_does(lang):
    """The deck gave the status counts only in slide 2's notes: a period where every target fell read
    « 0 % » over an empty chart. They are under the headline, glyph and word, in the brief's order."""
    from barometre.brief.deck import build_deck

    content = build_content(results(DEMO), PERIOD, lang)
    colon = t("punct.colon", lang)
    # « ; » between them: « · » was also the glyph of « Sans cible chiffrée » (« : 4 · · Sans cible … »)
    line = t("punct.semicolon", lang).join(
        f"{icon} {label}{colon}{n}" for _c, icon, label, n in content.status_counts
    )
    line = line.replace("\xa0", " ")
    slide = build_deck(content).slides[1]
    texts = [text.replace("\xa0", " ") for text in slide_texts(slide)]
    assert line in texts and line in slide.notes_slide.notes_text_frame.text.replace("\xa0", " ")
    ind = results(DEMO).indicators.copy()
    ind.loc[ind["period"] == PERIOD, "status"] = "deterioration"
    fallen = build_content(dataclasses.replace(results(DEMO), indicators=ind), PERIOD, lang)
    slide = build_deck(fallen).slides[1]
    assert f"✖ {t('status.deterioration', lang)}{colon}10".replace(" ", "\xa0") in slide_texts(slide)


def test_a_ranking_never_names_an_arbitrary_few_of_organisations_tied_at_the_cut(demo_copy):
    """300 organisations, 228 of them at « avancement moyen 0 % »: the brief and the deck named five of them
    as « Les plus éloignées de leurs cibles », chosen by nothing. Those ahead of a tie at the cut are named,
    the tie is counted; the same for « Les plus fortes progressions »."""
    from barometre.brief.rankings import rank_organisations

    res = results(DEMO, up_to=PERIOD)
    by = res.by_organisation.copy()
    now = by["period"] == PERIOD
    orgs = sorted(by.loc[now, "organisation"].unique())
    tied, ahead = orgs[:9], orgs[9]  # nine of them at 0 %, one further: four names would be arbitrary
    by.loc[now & by["organisation"].isin(tied), "progress"] = 0.0
    by.loc[now & by["organisation"].eq(ahead), "progress"] = -0.0  # the same, as written
    by.loc[now & ~by["organisation"].isin([*tied, ahead]), "progress"] = 0.5
    by.loc[now & by["organisation"].isin(orgs[:8]), "change"] = 0.1  # eight tied at +10 pts
    by.loc[now & ~by["organisation"].isin(orgs[:8]), "change"] = 0.0
    by.loc[now & by["organisation"].eq(orgs[-1]), "change"] = 0.3  # one ahead of them
    for lang in ("fr", "en"):
        ranked = rank_organisations(dataclasses.replace(res, by_organisation=by), PERIOD, lang)
        assert ranked.behind == [t("brief.org.behind_tied", lang, n=10, progress=format_percent(0, lang))]
        name = res.dataset.organisation_name(orgs[-1], lang)
        assert ranked.improved == [
            t("brief.org.improved", lang, name=name, delta=format_points(0.3, lang), previous="2021-2022"),
            t("brief.org.improved_tied", lang, n=8, delta=format_points(0.1, lang), previous="2021-2022"),
        ]
    # never more than half of them named, a tie named whole included: 4 organisations, 3 tied at the cut
    four = by[by["organisation"].isin(orgs[:4])].copy()
    four.loc[four["period"] == PERIOD, "progress"] = four.loc[four["period"] == PERIOD, "organisation"].map(
        dict(zip(orgs[:4], [0.1, 0.5, 0.5, 0.5], strict=True)))  # fmt: skip
    small = rank_organisations(dataclasses.replace(res, by_organisation=four), PERIOD, "fr")
    assert len(small.behind) <= 2 and not any(", ex aequo" in line for line in small.behind)
    full = rank_organisations(res, PERIOD, "fr")  # the demo: two tied at the fifth place behind, both named
    assert (len(full.improved), len(full.behind)) == (5, 5) and full.behind[-1].count(", ex aequo (") == 1
    # two tied at the fifth place: « 5. 2 organisations ex aequo » named nobody; both are, on the fifth line
    by.loc[now, "progress"] = 0.9
    for rank, code in enumerate(orgs[:6]):
        by.loc[now & by["organisation"].eq(code), "progress"] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.5][rank]
    ranked = rank_organisations(dataclasses.replace(res, by_organisation=by), PERIOD, "fr")
    names = [res.dataset.organisation_name(c, "fr") for c in orgs[:6]]
    assert ranked.behind == [
        *(t("brief.org.behind", "fr", name=n, progress=format_percent(p, "fr"))
          for n, p in zip(names[:4], [0.1, 0.2, 0.3, 0.4], strict=True)),
        t("brief.org.behind", "fr", name=f"{names[4]} et {names[5]}, ex aequo", progress=format_percent(0.5, "fr")),
    ]  # fmt: skip
    # tied ahead of the cut: four at « 26,8 % » were « 1. » to « 4. », ranked by their codes; one line now
    for rank, code in enumerate(orgs[:6]):
        by.loc[now & by["organisation"].eq(code), "progress"] = [0.1, 0.1, 0.1, 0.2, 0.3, 0.4][rank]
    ranked = rank_organisations(dataclasses.replace(res, by_organisation=by), PERIOD, "fr")
    assert ranked.behind == [
        t("brief.org.behind", "fr", name=f"{names[0]}, {names[1]} et {names[2]}, ex aequo",
          progress=format_percent(0.1, "fr")),
        *(t("brief.org.behind", "fr", name=n, progress=format_percent(p, "fr"))
          for n, p in zip(names[3:5], [0.2, 0.3], strict=True)),
    ]  # fmt: skip


@pytest.mark.parametrize("period", ["2019-2020", "2020-2021", PERIOD])
def test_every_line_of_a_slide_is_in_its_speaker_notes(period):
    """The risks slide's notes left out its plans line, the organisations slide's its columns' messages
    (« Aucune organisation à signaler. »), the title slide its subtitle; an ambition slide's notes held the
    whole « Méthode : … » paragraph that is not on it (it is on the method slide)."""
    from barometre.brief.deck import build_deck

    for lang in ("fr", "en"):
        content = build_content(results(DEMO), period, lang)
        for number, slide in enumerate(build_deck(content).slides, start=1):
            notes = " ".join(slide.notes_slide.notes_text_frame.text.split())
            for text in slide_texts(slide):  # a span of years unbroken on the slide only (slides.unbroken)
                assert " ".join(text.replace("\u2011", "-").split()) in notes, (period, lang, number, text)
            if slide.shapes.title.text.startswith(t("nav.ambition", lang, n="")):
                assert content.method not in notes


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_text_typed_later_in_the_deck_is_in_the_deck_s_language(pack, lang):
    """The French deck's default text style and its charts' text said « en-US »: what was typed in it later
    was spell-checked in English. The default styles, the notes' and the charts' say fr-CA (en-CA)."""
    tag = {"fr": "fr-CA", "en": "en-CA"}[lang]
    with zipfile.ZipFile(pack / lang / "presentation.pptx") as deck:
        names = [
            n for n in deck.namelist() if n.startswith("ppt/charts/chart") or n in ("ppt/presentation.xml",)
        ]
        names += [n for n in deck.namelist() if re.match(r"ppt/(slideMasters|notesMasters)/\w+\.xml$", n)]
        for name in names:
            root = ElementTree.fromstring(deck.read(name))
            styles = [root] if "/charts/" in name or name.endswith("presentation.xml") else [
                e for e in root.iter() if e.tag in (qn("p:txStyles"), qn("p:notesStyle"))]  # fmt: skip
            found = [e.get("lang") for s in styles for e in s.iter() if e.get("lang")]
            assert found and set(found) == {tag}, (name, set(found))
            if "/charts/" in name:
                assert root.find(qn("c:lang")).get("val") == tag


def test_the_risks_left_out_are_named_by_status_in_strategy_order():
    """« Et 6 autres cibles en recul ou en progrès limités : 1.1, 6.1, 2.1 … » when all six were « Recul »:
    the line says what the others are, each status with its targets, in the strategy's order."""
    from barometre.brief.changes import MAX_LINES, risks

    before = "2021-2022"  # before the deadline, where a status is a pace (at it, every one is missed)
    ind = results(DEMO).indicators.copy()  # results() are cached: changed on a copy
    now = ind["period"] == before
    ind.loc[now, "status"] = "deterioration"
    ind.loc[now, "pace_ratio"] = -ind.loc[now, "target"].str.replace(".", "").astype(float)  # 6.1 worst
    ind.loc[now & ind["target"].isin(["1.1", "4.2"]), "status"] = "limited_progress"
    ind.loc[now & ind["target"].isin(["1.1", "4.2"]), "pace_ratio"] = 0.3
    res = dataclasses.replace(results(DEMO), indicators=ind)
    for lang in ("fr", "en"):
        lines = risks(res, before, lang)
        assert [line.split(" ")[0] for line in lines[:MAX_LINES]] == ["6.1", "5.2", "5.1", "4.1"]
        assert lines[MAX_LINES:] == [t("brief.more_risks.both", lang, n=6, down="1.2, 1.3, 2.1, 3.1",
                                       limited="1.1, 4.2", where=t("brief.risks.where", lang))]  # fmt: skip


@pytest.mark.parametrize(("lang", "since"), [("fr", "depuis 2021-2022"), ("en", "since 2021-2022")])
def test_most_improved_says_since_when_its_gain_is_measured(lang, since, tmp_path):
    """« +20,9 pts en moyenne par cible » did not say against what: an organisation's gain is its own change
    since the period just before (2021-2022 for 2022-2023), never since the starting period. The heading of
    the brief's list and of the deck's column says so, once (on each line, it made each line two)."""
    from barometre.brief.deck import build_deck
    from barometre.brief.pdf import brief_html

    content = build_content(results(DEMO, up_to=PERIOD), PERIOD, lang)
    assert len(content.improved) == 5 and not [line for line in content.improved if since in line]
    heading = t("brief.h.improved_since", lang, previous="2021-2022")
    assert heading.endswith(since) and f"<h3>{heading}</h3>" in brief_html(content, "test")
    slide = next(
        s for s in build_deck(content).slides if s.shapes.title.text == t("deck.slide.organisations", lang)
    )
    assert heading in [text.replace("\u2011", "-") for text in slide_texts(slide)]


def _bring_down(folder: Path, ids: tuple[str, ...], goal: float = 0.2) -> None:
    """Make the targets ``ids`` of the dataset at ``folder`` targets to bring down (« au plus »)."""
    import yaml

    quebec = ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml"
    raw = yaml.safe_load(quebec.read_text(encoding="utf-8"))
    for target in raw["targets"]:
        if target["id"] in ids:
            target.update(direction="decrease", target_value=goal)
    (folder / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    text = (folder / "dataset.yaml").read_text(encoding="utf-8")
    (folder / "dataset.yaml").write_text(text.replace("quebec-2019-2023", "strategy.yaml"), encoding="utf-8")


@pytest.mark.parametrize(("lang", "better", "worse"), [("fr", "amélioration", "dégradation"),
                                                        ("en", "improvement", "worsening")])  # fmt: skip
def test_a_fall_of_a_target_to_bring_down_reads_as_good_news(demo_copy, tmp_path, lang, better, worse):
    """« ▼ −5,3 pts » beside a target « au plus 20 % » read like bad news, the same sign as a fall of a
    target to raise. The arrow keeps the value's direction; the words say the news, in the brief's table, the
    deck's ambition tables and the speaker notes alike. A target to raise keeps its plain change."""
    from barometre.brief.deck import build_deck
    from barometre.brief.pdf import write_pdf

    _bring_down(demo_copy, ("5.2", "1.1"))  # 5.2 fell 5,3 pts in 2022-2023, 1.1 rose 12,2 pts
    content = build_content(results(demo_copy, up_to=PERIOD), PERIOD, lang)
    rows = {r.id: r for r in content.rows}
    fell = f"{format_points(-0.0533, lang)[:-4]}"  # « −5,3 »
    assert rows["5.2"].arrow == "▼" and rows["5.2"].change_text.startswith(fell)
    assert rows["5.2"].change_text.endswith(f"({better})") and rows["1.1"].change_text.endswith(f"({worse})")
    assert rows["1.1"].arrow == "▲" and "(" not in rows["1.3"].change_text  # 1.3 rose: a target to raise
    pdf = " ".join(pdf_text(write_pdf(content, tmp_path / "brief.pdf", "test")).split())
    assert f"▼ {' '.join(rows['5.2'].change_text.split())}" in pdf
    assert len(PdfReader(tmp_path / "brief.pdf").pages) == 2  # the words and the missing reports included
    deck = build_deck(content)
    cells = [
        c.text
        for s in deck.slides
        for sh in s.shapes
        if sh.has_table
        for row in sh.table.rows
        for c in row.cells
    ]
    assert f"▼ {rows['5.2'].change_text}" in cells and f"▲ {rows['1.1'].change_text}" in cells
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides)
    assert rows["5.2"].change_text in notes and rows["1.1"].change_text in notes
    # the site's target cards say it the same way (their ▼ stood bare)
    from barometre import sections

    ctx = sections.context(demo_copy, PERIOD, lang)
    arrow, text = sections._trend(ctx, "5.2")
    assert arrow == "▼" and text.startswith(
        t("trend.since", lang, delta=rows["5.2"].change_text, period="2021-2022")
    )
    assert f"({better})" not in sections._trend(ctx, "1.3")[1]  # a target to raise: its plain change


def legend_as_read(chart) -> dict[str, list[str]]:
    """A chart's legend as each viewer lists it: PowerPoint as the bars of a cluster read (top-down for
    horizontal bars), LibreOffice bottom-up for horizontal bars, whatever the category axis's order."""
    names = [s.name for s in chart.plots[0].series]
    horizontal = chart.chart_type.name.startswith("BAR")
    return {
        "PowerPoint": [s.name for s in drawn(chart)[1]],
        "LibreOffice": names[::-1] if horizontal else names,
    }


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_chart_s_legend_reads_in_the_order_of_its_bars(lang):
    """LibreOffice showed « Valeur visée ■ Valeur 2022-2023 » under bars that read the value first: it lists a
    horizontal bar chart's legend bottom-up whatever the category axis's order. Every chart with a legend
    reads the period's value, then the target value, in LibreOffice as in PowerPoint, its bars top-down in
    the strategy's order."""
    from barometre.brief.deck import build_deck

    content = build_content(results(DEMO), PERIOD, lang)
    expected = [t("deck.series.value", lang, period=PERIOD), t("deck.series.target", lang)]
    charts = [shape.chart for shape in _charts(build_deck(content)) if shape.chart.has_legend]
    assert len(charts) >= 7  # the glance and each ambition's
    order = [r.id for r in content.rows]
    for chart in charts:
        assert legend_as_read(chart) == {"PowerPoint": expected, "LibreOffice": expected}
        ids = [c.split(" ")[0] for c in drawn(chart)[0]]
        assert ids == sorted(ids, key=order.index)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_deck_target_bar_of_a_target_to_bring_down_says_at_most(demo_copy, lang):
    """The grey « Valeur visée » bar of « au plus 20 % » read « 20 % »: a value above it looked like a target
    beaten. Its label's number format says « au plus » (a number still: it follows the data when edited)."""
    from barometre.brief.deck import build_deck
    from pptx.oxml.ns import qn

    _bring_down(demo_copy, ("5.2",))
    deck = build_deck(build_content(results(demo_copy, up_to=PERIOD), PERIOD, lang))
    word = t("goal.at_most", lang, value="")
    codes = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.has_chart or len(shape.chart.plots[0].series) < 2:
                continue
            cats = list(shape.chart.plots[0].categories)
            for series in shape.chart.plots[0].series:
                for cat, point in zip(cats, series.points, strict=False):
                    dlbl = point.data_label._dLbl
                    code = dlbl.find(qn("c:numFmt")).get("formatCode")
                    codes.setdefault(str(cat).split(" ")[0], set()).add(code)
                    if (
                        f'"{word}"' in code
                    ):  # on one line (LibreOffice broke it over two, taller than its bar)
                        assert dlbl.find(qn("c:txPr")).find(qn("a:bodyPr")).get("wrap") == "none"
    assert any(f'"{word}"' in code for code in codes["5.2"])
    assert not [code for cat, found in codes.items() if cat != "5.2" for code in found if f'"{word}"' in code]


def test_an_organisation_s_gap_on_a_target_to_bring_down_says_which_way_is_better(demo_copy):
    """MFSN's page read « Écart +8,7 pts » on 5.2 « au plus 20 % »: above the government there is behind it.
    The gap says so in words, as a change does; a target to raise keeps its plain gap."""
    from barometre import sections

    _bring_down(demo_copy, ("5.2",))
    for lang in ("fr", "en"):
        ctx = sections.context(demo_copy, PERIOD, lang)
        gaps = sections.organisation_table(ctx, "MFSN").set_index(t("col.target_id", lang))[
            t("col.gap", lang)
        ]
        assert gaps["5.2"] == f"{format_points(0.087, lang)} ({t('gap.worse', lang)})", gaps["5.2"]
        assert "(" not in gaps["1.1"]


def test_an_ambition_slide_with_a_long_footnote_keeps_its_bars_as_thick_as_their_labels():
    """Three targets, one change withheld (« † ») and changes whose reporters changed (« ‡ »): a note of three
    lines took the chart's room, and its bars came out thinner than their 11-point labels. The chart then gets a
    slide of its own, as under a longer table; a two-line note leaves it under the table."""
    from barometre.brief.deck import build_deck

    content = build_content(results(DEMO), PERIOD, "fr")
    for row in content.rows:
        if row.id == "1.1":
            row.change_withheld, row.change_text = True, "—"
    two_lines = build_deck(content)  # « † » and why: at 0.55 em a character (slides.CHAR_EM), two lines
    first = [s.shapes.title.text for s in two_lines.slides].index("Ambition 1")
    assert any(s.has_chart for s in two_lines.slides[first].shapes)  # room enough under a two-line note
    for row in content.rows:  # a long note, as a strategy's long target ids and labels make it
        if row.id == "1.3":
            row.sample_note = "1.3 +6,7 pts"
        if row.id == "1.2":
            row.sample_note = "1.2 " + "+9,9 pts sur un échantillon " * 6
    deck = build_deck(content)
    titles = [s.shapes.title.text for s in deck.slides]
    first = titles.index("Ambition 1")
    own = deck.slides[first + 1]
    assert titles[first + 1].startswith("Ambition 1") and titles[first + 1] != "Ambition 1", titles
    assert not any(s.has_chart for s in deck.slides[first].shapes) and any(s.has_chart for s in own.shapes)
    notes = " ".join(s.text_frame.text for s in deck.slides[first].shapes if s.has_text_frame)
    assert "†" in notes and "‡" in notes  # the footnote stays under its table
    for frame in _charts(deck):
        plot = frame.chart.plots[0]
        if len(plot.series) < 2:
            continue
        bar = frame.height / 12700 * 0.75 / len(plot.categories) / (1 + plot.gap_width / 100) / 2
        assert bar >= plot.data_labels.font.size.pt, (frame.name, bar)


def test_an_ambition_of_ten_targets_runs_its_table_on_to_another_slide(demo_copy):
    """A strategy whose one ambition holds all ten targets: its table ran 10 rows down the slide, through
    its footnote (« † Évolution non donnée … » over « 6.1 »). The table goes on to « Ambition 1 (suite) »,
    each part above its own footnote, and the chart of the ten targets gets a slide of its own."""
    from barometre.brief.deck import ROW_SHARE, build_deck
    from barometre.brief.slides import FOOTNOTE

    def one_ambition(raw):
        for target in raw["targets"]:
            target["ambition"] = 1
        raw["ambitions"] = raw["ambitions"][:1]
        raw.pop("contributions", None)

    folder = with_strategy(demo_copy, one_ambition)
    deck = build_deck(build_content(results(folder), PERIOD, "fr"))
    height = deck.slide_height
    parts = [s for s in deck.slides if s.shapes.title.text.startswith("Ambition 1")]
    assert [s.shapes.title.text for s in parts] == ["Ambition 1"] + ["Ambition 1 (suite)"] * (len(parts) - 1)
    tables = [s for s in parts if any(x.has_table for x in s.shapes)]
    assert len(tables) >= 2, [s.shapes.title.text for s in parts]
    listed = []
    for slide in tables:
        (frame,) = [x for x in slide.shapes if x.has_table]
        rows = len(frame.table.rows) - 1
        listed += [frame.table.cell(i, 0).text.split(" ")[0] for i in range(1, rows + 1)]
        notes = [x for x in slide.shapes if x.name == FOOTNOTE]
        bottom = frame.top + ROW_SHARE * height * (rows + 1)  # its rows, each with room to spare
        assert all(bottom <= note.top for note in notes), (
            slide.shapes.title.text,
            rows,
            bottom,
            notes[0].top,
        )
        assert not any(x.has_chart for x in slide.shapes)
    assert listed == ["1.1", "1.2", "1.3", "2.1", "3.1", "4.1", "4.2", "5.1", "5.2", "6.1"]
    (chart,) = [x for s in parts for x in s.shapes if x.has_chart]
    assert len(chart.chart.plots[0].categories) == 10


def test_at_the_deadline_every_target_short_of_its_value_is_a_risk(pack):
    """The 2022-2023 brief, at the deadline, listed 5.2, 5.1 and 2.1 as risks and called 1.2, 3.1 and 4.1
    « Accélération nécessaire » with no word that the deadline had come; the next year's brief said all six
    were « non atteintes à l'échéance ». At the deadline every target short of its value is missed: each one
    is named (four, then the others), its status in words, in the brief and on the deck's risks slide."""
    from barometre.brief.changes import MAX_LINES

    ind = results(DEMO, up_to=PERIOD).period_indicators(PERIOD)
    scored = ind[ind["target_value"].notna()]
    short = set(scored.loc[~scored["status"].isin(["target_achieved", "insufficient_data"]), "target"])
    assert {"acceleration_needed", "on_track"} <= set(
        ind.loc[ind["target"].isin(short), "status"]
    )  # the case
    for lang in ("fr", "en"):
        content = build_content(results(DEMO, up_to=PERIOD), PERIOD, lang)
        named = [line.split(" ")[0] for line in content.risks[:MAX_LINES]]
        rest = content.risks[MAX_LINES].split(t("punct.colon", lang), 1)[1].split(";")[0]
        assert set(named) | {i.strip() for i in rest.split(",")} == short, content.risks
        assert named[0] == "5.2"  # the furthest from its pace first, as before
        missed = {
            "fr": "non atteinte à l'échéance (statut : ",
            "en": "not achieved by the deadline (status: ",
        }[lang]
        assert all(missed in line.replace("\u00a0", " ") for line in content.risks[:MAX_LINES]), content.risks
        deck = " ".join(" ".join(deck_text(pack / lang / "presentation.pptx").split()).split("\u2011"))
        assert " ".join(content.risks[MAX_LINES].split()) in deck.replace("\u2011", "-")


def test_a_value_too_few_reported_says_so_without_a_target_value(tmp_path):
    """The service inventory's 2016-2017: 10 of 72 departments reported, and the brief, the deck and the cards
    showed 49,1 % like any other value (« Sans objet »), while the same brief withheld the next period's
    change for too few reporters. A value that does not count says so as every other target's does:
    « Données insuffisantes », a hatched bar on the deck; the counted period keeps no status. The
    indicators file says the same (BRIEF §4: a period that does not count is « insufficient_data »)."""
    from barometre.brief.deck import build_deck
    from barometre.deadline_shown import shown_statuses
    from barometre.report_context import target_card

    data = tmp_path / "gc"
    subprocess.run([BIN / "barometre", "import", "gc-service-inventory", *gc_files(), "--out", data],
                   check=True, capture_output=True)  # fmt: skip
    res = results(data, up_to="2016-2017")
    assert res.period_indicators("2016-2017")["status"].eq("insufficient_data").all()  # as the pages say
    for lang in ("fr", "en"):
        content = build_content(res, "2016-2017", lang)
        assert {r.status_text for r in content.rows} == {t("status.insufficient_data", lang)}
        deck = build_deck(content)
        xml = b"".join(p.blob for p in deck.part.package.iter_parts() if "/charts/chart" in str(p.partname))
        assert b"pattFill" in xml  # hatched: not counted, never by the colour alone
        ctx = ReportContext(shown_statuses(res), "2016-2017", lang)
        card = shown(target_card(ctx, res.dataset.strategy.target("uptake")))
        assert t("status.insufficient_data", lang) in card
    counted = build_content(results(data, up_to="2018-2019"), "2018-2019", "fr")
    assert t("status.insufficient_data", "fr") not in {r.status_text for r in counted.rows}


def test_the_deck_s_method_slide_says_source_once(tmp_path):
    """The service inventory's « Méthode et sources » slide had two bullets starting « Source : » (the dataset's
    title, then the data's source and licence). The dataset's line says « Données : »."""
    from barometre.brief.deck import build_deck

    data = tmp_path / "gc"
    subprocess.run([BIN / "barometre", "import", "gc-service-inventory", *gc_files(), "--out", data],
                   check=True, capture_output=True)  # fmt: skip
    for lang in ("fr", "en"):
        deck = build_deck(build_content(results(data), "2018-2019", lang))
        slide = next(s for s in deck.slides if s.shapes.title.text == t("deck.slide.method", lang))
        lines = [p.text for s in slide.shapes if s.has_text_frame and s != slide.shapes.title
                 for p in s.text_frame.paragraphs]  # fmt: skip
        source = {"fr": "Source\u00a0:", "en": "Source:"}[lang]
        assert sum(line.startswith(source) for line in lines) == 1, lines


def test_targets_too_few_reported_are_not_said_to_be_missed():
    """2023-2024 with 8 or 9 of 25 organisations reporting each target: the overview said « Aucune des 10
    cibles n'est atteinte », beside 1.1 at 86 % of a 75 % target. Targets too few reported are neither
    achieved nor missed: the message says so, for all of them or for the others."""
    from barometre.narrative import key_messages

    res = results(DEMO)
    ind = res.indicators.copy()  # results() are cached: changed on a copy
    now = ind["period"] == PERIOD
    ind.loc[now, "organisations_reporting"] = 8
    ind.loc[now, "status"] = "insufficient_data"
    for lang in ("fr", "en"):
        said = key_messages(ind, res.summary, res.dataset.strategy, PERIOD, lang)
        assert t("msg.achieved_unknown", lang, total=10, period=PERIOD) in said, said
        assert t("msg.achieved_none", lang, total=10, period=PERIOD) not in said
    some = res.indicators.copy()
    now = some["period"] == PERIOD
    some.loc[now & some["target"].isin(["1.1", "1.3"]), "organisations_reporting"] = 8
    some.loc[now & some["target"].isin(["1.1", "1.3"]), "status"] = "insufficient_data"
    some.loc[now & some["status"].eq("target_achieved"), "status"] = "limited_progress"
    said = key_messages(some, res.summary, res.dataset.strategy, PERIOD, "fr")
    assert t("msg.achieved_none_judged", "fr", judged=7, unjudged=3, period=PERIOD) in said, said  # 4.2 too
    full = key_messages(res.indicators, res.summary, res.dataset.strategy, PERIOD, "fr")
    assert t("msg.achieved", "fr", n=1, total=10, period=PERIOD) in full  # counted: as before
    one = some[~some["period"].eq(PERIOD) | some["target"].isin(["1.1", "1.2", "1.3"])]  # one judged, two not
    said = key_messages(one, res.summary, res.dataset.strategy, PERIOD, "fr")
    assert t("msg.achieved_none_judged_one", "fr", unjudged=2, period=PERIOD) in said, said  # not « des 1 »
    alone = some[~some["period"].eq(PERIOD) | some["target"].eq("1.1")]
    said = key_messages(alone, res.summary, res.dataset.strategy, PERIOD, "en")
    assert t("msg.achieved_unknown_one", "en", period=PERIOD) in said, said


def test_a_target_too_few_reported_is_named_beside_the_risks(pack):
    """At the deadline the risks named every target not achieved but 4.2 (55,9 % of 60 %, 10 of 25
    reporting): « 1 cible sur 10 est atteinte », eight in the risks, one nowhere. It is named after them, as
    too few reported to judge, in the brief and on the deck's risks slide."""
    for lang in ("fr", "en"):
        content = build_content(results(DEMO, up_to=PERIOD), PERIOD, lang)
        assert content.risks and content.risks_unknown == t(
            "brief.risks.unknown", lang, n=1, ids="4.2", period=PERIOD
        )
        assert not [line for line in content.risks if line.startswith("4.2")]
        said = " ".join(content.risks_unknown.split())
        assert said in " ".join(pdf_text(pack / lang / "brief.pdf").split())
        slide = next(s for s in Presentation(pack / lang / "presentation.pptx").slides
                     if s.shapes.title.text == t("deck.slide.risks", lang))  # fmt: skip
        texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame).replace("\u2011", "-")
        assert said in " ".join(texts.split())  # (a span of years is never broken on a slide)


def test_a_target_nobody_reported_is_not_said_too_few_reported(demo_copy):
    """5.2 with no row in 2022-2023 was named with 4.2 (10 of 25) as « trop peu d'organisations ont déclaré »:
    nobody did. Each is said as it is."""
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if not (r["period"] == PERIOD and r["target"] == "5.2")])  # fmt: skip
    for lang in ("fr", "en"):
        said = build_content(results(demo_copy, up_to=PERIOD), PERIOD, lang).risks_unknown
        assert said == " ".join((t("brief.risks.unknown", lang, n=1, ids="4.2", period=PERIOD),
                                 t("brief.risks.none_reported", lang, n=1, ids="5.2", period=PERIOD))), said  # fmt: skip


def test_the_organisations_counted_apart_are_said_where_to_find(tmp_path):
    """The service inventory's 2016-2017: « Parmi elles, 61 n'ont rien déclaré. Les autres, cible par cible :
    uptake : … », and no word of where the 61 are listed (8059be9 took them out of the counts, and with
    them the line « Liste complète : page « Organisations » … »)."""
    data = tmp_path / "gc"
    subprocess.run([BIN / "barometre", "import", "gc-service-inventory", *gc_files(), "--out", data],
                   check=True, capture_output=True)  # fmt: skip
    for lang in ("fr", "en"):
        missing = build_content(results(data, up_to="2016-2017"), "2016-2017", lang).missing
        assert t("brief.missing.silent", lang, n=61) in missing.summary
        assert missing.where == t("brief.missing.where", lang), missing


def test_a_target_counted_without_a_starting_value_is_not_said_too_few_reported(demo_copy):
    """1.1 without its 2019-2020 rows: counted in 2021-2022 (24 of 25 reporting) but with no starting value,
    so « Données insuffisantes »; the brief said « 1.1 : trop peu d'organisations ont déclaré ». Only a
    target whose period does not count is named so."""
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if (r["target"], r["period"]) != ("1.1", "2019-2020")])  # fmt: skip
    content = build_content(results(demo_copy, up_to="2021-2022"), "2021-2022", "fr")
    row = next(r for r in content.rows if r.id == "1.1")
    assert row.status == "insufficient_data" and row.counted  # the case
    assert "1.1" not in content.risks_unknown.split("\u00a0:")[0]


def test_at_the_deadline_each_ambition_slide_says_which_targets_are_not_achieved(pack):
    """2022-2023 is the deadline: slide « Ambition 1 » alone said « ↗ En bonne voie » for 1.1 at 73,6 % of
    75 %, while the risks slide named it « non atteinte ». The target value of each target short of it reads
    « 75 % (non atteinte) » on its ambition slide; in no other period."""
    ind = results(DEMO).period_indicators(PERIOD).set_index("target")
    strategy = results(DEMO).dataset.strategy
    for lang, words in (("fr", "(non\u00a0atteinte)"), ("en", "(not\u00a0achieved)")):
        prs = Presentation(pack / lang / "presentation.pptx")
        for amb in strategy.ambitions:
            slide = next(s for s in prs.slides if s.shapes.title.text == f"Ambition {amb.id}")
            [table] = [s.table for s in slide.shapes if s.has_table]
            goals = {row.cells[0].text.split()[0]: row.cells[2].text for row in list(table.rows)[1:]}
            for tg in strategy.targets_of(amb.id):
                short = ind.loc[tg.id, "status"] in ("on_track", "acceleration_needed", "limited_progress",
                                                      "deterioration")  # fmt: skip
                assert goals[tg.id].endswith(words) == short, (lang, tg.id, goals)
    assert goals_of(build_content(results(DEMO), PERIOD, "fr"))["1.1"] == "75\u00a0% (non\u00a0atteinte)"
    assert goals_of(build_content(results(DEMO), PERIOD, "fr"))["1.3"] == "75\u00a0%"  # achieved
    assert goals_of(build_content(results(DEMO), "2021-2022", "fr"))["1.1"] == "75\u00a0%"
    # the brief's table too: the same brief's risks said « non atteinte » beside « 75 % » and « En bonne voie »
    text = " ".join(pdf_text(pack / "fr" / "brief.pdf").split()).replace("\u00a0", " ")
    assert "73,6 % 75 % (non atteinte) ↗ En bonne voie" in text, text[:1500]
    assert text.count("(non atteinte)") == 8  # 1.3 achieved, 4.2 too few reports to judge


def goals_of(content) -> dict[str, str]:
    return {r.id: content.goal_text(r) for r in content.rows}


def test_a_target_short_at_the_deadline_without_a_starting_value_is_not_measured_for_the_first_time(
    demo_copy,
):
    """2.1 with too few reports in 2019-2020 (10 of 25) has no starting value: « Données insuffisantes » in
    every period, though counted from 2020-2021 on; past the deadline it is « Échéance manquée ». « Ce qui a
    changé » said « 2.1 … : mesurable pour la première fois, Échéance manquée » of a target counted three
    years: it is one of the targets not achieved at the deadline."""

    with_next_year(demo_copy)

    def thin_start_and_next_year(rows):
        kept, seen = [], 0
        for r in rows:
            if r["period"] == "2019-2020" and r["target"] == "2.1":
                seen += 1
                if seen > 10:
                    continue
            kept.append(r)
        return kept + [{**r, "period": "2023-2024"} for r in kept if r["period"] == PERIOD]

    rewrite_csv(demo_copy / "observations.csv", thin_start_and_next_year)
    res = results(demo_copy)
    ind = res.indicators.set_index(["period", "target"])
    assert ind.loc[(PERIOD, "2.1"), "status"] == "insufficient_data" and res.counted("2.1", PERIOD)
    for lang, words in (("fr", "mesurable pour la première fois"), ("en", "measurable for the first time")):
        content = build_content(res, "2023-2024", lang)
        assert not any(words in line for line in content.changes), content.changes
        [passed] = [line for line in content.changes if line.startswith("⊘")]
        assert "2.1" in passed.split("(")[0], passed


def test_a_brief_written_after_a_correction_says_another_data_version(demo_copy, tmp_path):
    """A brief printed for the minister and the one written after a correction (one numerator of 5.2) both
    ended « Produit le … par Baromètre 0.1.0 »: nothing told them apart. Both files now give the data's
    version, the same for the same files, another after the correction, on the deck's method slide too."""
    from barometre.brief.content import data_version
    from barometre.dataset import load_dataset

    first = data_version(load_dataset(demo_copy), PERIOD)
    assert first == data_version(load_dataset(demo_copy), PERIOD) and len(first) == 12
    earlier = data_version(load_dataset(demo_copy), "2021-2022")
    assert main(["brief", "--data", str(demo_copy), "--out", str(tmp_path / "a"), "--lang", "fr,en"]) == 0

    def correct(rows):
        row = next(r for r in rows if r["period"] == PERIOD and r["target"] == "5.2")
        row["numerator"] = str(int(row["numerator"]) + 1)
        return rows

    rewrite_csv(demo_copy / "observations.csv", correct)
    second = data_version(load_dataset(demo_copy), PERIOD)
    assert second != first
    # a later period's row changes none of an earlier brief's figures, nor its version
    assert data_version(load_dataset(demo_copy), "2021-2022") == earlier
    assert main(["brief", "--data", str(demo_copy), "--out", str(tmp_path / "b"), "--lang", "fr"]) == 0
    before = " ".join(pdf_text(tmp_path / "a" / PERIOD / "fr" / "brief.pdf").split())
    after = " ".join(pdf_text(tmp_path / "b" / PERIOD / "fr" / "brief.pdf").split())
    assert f"version des données : {first}." in before.replace("\u00a0", " ")
    assert f"version des données : {second}." in after.replace("\u00a0", " ")
    assert f"data version: {first}." in " ".join(
        pdf_text(tmp_path / "a" / PERIOD / "en" / "brief.pdf").split()
    )
    assert f"(version {first})" in deck_text(tmp_path / "a" / PERIOD / "fr" / "presentation.pptx")


def test_a_risk_moving_away_from_its_target_is_not_a_negative_number_of_times_the_pace():
    """« rythme observé −0,12 fois celui qu'il fallait » is no sentence for a minister: a target whose value
    went the wrong way since the starting period says so, before the deadline and after it."""
    from barometre.brief.changes import risks

    res = results(DEMO)
    ind = res.indicators.copy()  # results() are cached: changed on a copy
    at = (ind["period"] == "2021-2022") & (ind["target"] == "5.2")
    ind.loc[at, ["pace_ratio", "status"]] = [-0.12, "deterioration"]
    lines = risks(dataclasses.replace(res, indicators=ind), "2021-2022", "fr")
    [line] = [x for x in lines if x.startswith("5.2")]
    assert "la valeur s'est éloignée de la cible depuis 2019-2020\u00a0; valeur projetée en 2022-2023" in line
    assert "fois" not in line and "−0,12" not in line
    [line] = [
        x for x in risks(dataclasses.replace(res, indicators=ind), "2021-2022", "en") if x.startswith("5.2")
    ]
    assert "the value has moved away from the target since 2019-2020; projected value in 2022-2023" in line
    assert any("0,33 fois le rythme requis" in x for x in lines)  # a pace ahead still says how far


def test_an_ambition_slide_is_read_table_chart_then_its_footnote(pack):
    """The « ‡ » note under the chart of « Ambition 4 » came before the chart in the slide's reading order (the
    order of its shapes, which screen readers follow): it is now read after the chart it is under."""
    for lang in ("fr", "en"):
        for slide in Presentation(pack / lang / "presentation.pptx").slides:
            kinds = [("table" if s.has_table else "chart" if s.has_chart else "note" if s.name == "Footnote"
                      else "other") for s in slide.shapes]  # fmt: skip
            if "note" in kinds:
                assert kinds.count("note") == 1, (lang, slide.shapes.title.text, kinds)  # then footer, number
                if "chart" in kinds:  # else the chart is on a slide of its own, after this one
                    assert kinds.index("table") < kinds.index("chart") < kinds.index("note"), kinds
    slide = next(s for s in Presentation(pack / "fr" / "presentation.pptx").slides
                 if s.shapes.title.text == "Ambition 4")  # fmt: skip
    shapes = list(slide.shapes)
    chart = next(i for i, s in enumerate(shapes) if s.has_chart)
    assert "‡" in shapes[chart + 1].text_frame.text  # read right after the chart


def test_a_target_reached_though_its_plans_fall_short_is_said_reached(demo_copy):
    """300 organisations: « les plans auraient suffi pour 2 cibles sur 10 (pas pour 1.1, 1.2, 1.3, …) » under
    the risks, while the same brief showed « 1.3 ✔ Cible atteinte »: its organisations did better than their
    plans. The plans' line now says that a target it names is achieved all the same."""
    from barometre.plans_sections import brief_line

    res = results(DEMO)
    assert brief_line(res.dataset, PERIOD, "fr").endswith("(pas pour 2.1).")  # 2.1 not achieved: as before
    ind = res.indicators.copy()  # results() are cached: changed on a copy
    at = (ind["period"] == PERIOD) & (ind["target"] == "2.1")
    ind.loc[at, ["value", "status"]] = [0.52, "target_achieved"]
    # not « des organisations font mieux que leur plan »: reached by those without a plan, or by fewer reporting,
    # it read as a fact the plans' data contradicted (none of 3.1's planners had met its plan)
    for lang, said in (("fr", "(pas pour 2.1). La cible 2.1 est pourtant atteinte en 2022-2023, sans que les plans "
                               "l'annoncent."),
                       ("en", "(not for 2.1). Target 2.1 is achieved in 2022-2023 all the same, though the plans "
                              "did not announce it.")):  # fmt: skip
        content = build_content(dataclasses.replace(res, indicators=ind), PERIOD, lang)
        assert content.plans_line.endswith(said), content.plans_line
    # a report before the plans' period: achieved already, not « sans que les plans l'annoncent » (another year's)
    earlier = brief_line(res.dataset, "2021-2022", "fr", ("2.1",))
    assert "(pas pour 2.1)" in earlier and earlier.endswith(
        "La cible 2.1 est pourtant déjà atteinte en 2021-2022."
    )


def test_the_same_rows_in_another_order_are_the_same_data_version(demo_copy):
    """Rows sorted another way (by Excel, a re-export) gave the brief another « version des données », and
    every page of the site was made again: the figures are the same."""
    from barometre.brief.content import data_version
    from barometre.dataset import load_dataset

    before = {p: data_version(load_dataset(demo_copy), p) for p in ("2021-2022", PERIOD)}
    rewrite_csv(demo_copy / "observations.csv", lambda rows: rows[::-1])
    assert {p: data_version(load_dataset(demo_copy), p) for p in ("2021-2022", PERIOD)} == before

    def one_figure(rows):
        row = next(r for r in rows if r["period"] == PERIOD)
        row["numerator"] = str(int(row["numerator"]) - 1)
        return rows

    rewrite_csv(demo_copy / "observations.csv", one_figure)
    assert data_version(load_dataset(demo_copy), PERIOD) != before[PERIOD]


def test_a_brief_made_before_its_period_ends_says_its_figures_are_provisional(tmp_path):
    """Made on 6 December 2026 for 2026-2027, the brief and the deck said « Données au 31 mars 2027 (fin de
    la période 2026-2027) », a day to come, and never that the figures were not final (the console said it).
    They are as of the day the pack is made, and said provisional, wherever the data date is given."""
    from barometre.brief.deck import write_deck
    from barometre.brief.pdf import brief_html

    made = dt.date(2023, 1, 15)  # the demo's 2022-2023 period is under way until 31 March 2023
    for lang, day, end in (("fr", "15\u00a0janvier\u00a02023", "31\u00a0mars\u00a02023"),
                           ("en", "January\u00a015, 2023", "March\u00a031, 2023")):  # fmt: skip
        content = build_content(results(DEMO), PERIOD, lang, today=made)
        said = t("period.under_way", lang, date=day, period=PERIOD, end=end)
        assert content.data_date == said
        assert {"fr": "provisoires", "en": "provisional"}[lang] in said and "«" not in said
        page = html.unescape(brief_html(content, "test"))
        assert said in page and t("brief.generated", lang, date=day, version="test", data="") in page
        # no « Données au 31 mars 2023 » left; the deadline is that day, still to come (no verdict yet)
        deadline = t("brief.headline.deadline_current", lang, date=end, period=PERIOD)
        assert content.headline.endswith(" " + deadline)
        assert end not in page.replace(said, "").replace(deadline, "")
        assert page.count(said) == 2 and f'<p class="revision">{said}</p>' in page  # under the title too
        prs = Presentation(str(write_deck(content, tmp_path / lang / "presentation.pptx")))
        slides = [[s.text_frame.text.replace("\u2011", "-") for s in sl.shapes if s.has_text_frame]
                  for sl in prs.slides]  # fmt: skip
        assert any(said in text for text in slides[0]) and any(said in text for text in slides[-1])
        assert said in prs.slides[0].notes_slide.notes_text_frame.text
    # the day after the period's end (the console's rule: period_notes.unfinished) it is final
    over = build_content(results(DEMO), PERIOD, "fr", today=dt.date(2023, 4, 1))
    assert over.data_date == t("brief.data_date", "fr", date="31\u00a0mars\u00a02023", period=PERIOD)
    assert not over.under_way and html.unescape(brief_html(over, "test")).count(over.data_date) == 1
    on_the_day = build_content(results(DEMO), PERIOD, "fr", today=dt.date(2023, 3, 31))
    assert on_the_day.data_date.startswith("Données au 31\u00a0mars\u00a02023\u00a0: la période")
