"""The deck on an organisation's own PowerPoint template: what a ministry hands over is often a .potx,
16:9, with layouts named in French or trimmed. Before, a .potx, a file that was not a deck and a template
without the default layouts each ended in a traceback (after the PDF was written)."""

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from barometre.api import results
from barometre.brief import build_content
from barometre.brief.deck import write_deck
from barometre.brief.slides import FOOTNOTE
from barometre.brief.template import BODIES, TITLES
from barometre.cli import main
from barometre.i18n import t
from conftest import DEMO
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Inches

PERIOD = "2022-2023"
FRENCH_NAMES = ["Diapositive de titre", "Titre et contenu", "En-tête de section", "Deux contenus",
                "Comparaison", "Titre seul", "Vide"]  # fmt: skip


@pytest.fixture(scope="module")
def content():
    return build_content(results(DEMO, up_to=PERIOD), PERIOD, "fr")


def as_potx(pptx: Path, potx: Path) -> Path:
    """The same package saved as a PowerPoint template (its main part declared a template)."""
    with zipfile.ZipFile(pptx) as src, zipfile.ZipFile(potx, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", b"template.main+xml")
            out.writestr(item, data)
    return potx


def keep_layouts(prs, keep: set[int]) -> None:
    for i, layout in reversed(list(enumerate(prs.slide_layouts))):
        if i not in keep:
            prs.slide_layouts.remove(layout)


def slide_texts(slide) -> str:
    """The slide's texts, a span of years with its hyphen (on the slide a non-breaking one)."""
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame).replace("\u2011", "-")


def check_deck(path: Path, content) -> Presentation:
    """Every slide has its title in a title placeholder and no empty content area; the texts are there."""
    prs = Presentation(str(path))
    assert len(prs.slides) == 14  # with « Déclarations manquantes en 2022-2023 »
    for slide in prs.slides:
        title = slide.shapes.title
        assert title is not None and title.placeholder_format.type in TITLES and title.text
        empty = [
            s.name
            for s in slide.placeholders
            if s.placeholder_format.type in BODIES and not s.text_frame.text
        ]
        assert not empty, (title.text, empty)
    first, method = prs.slides[0], prs.slides[-1]
    assert content.strategy_title in slide_texts(first) and t("brief.synthetic", "fr") in slide_texts(first)
    assert content.method in slide_texts(method)
    organisations = next(s for s in prs.slides if s.shapes.title.text == t("deck.slide.organisations", "fr"))
    text = slide_texts(organisations)
    assert (
        t("brief.h.improved_since", "fr", previous="2021-2022") in text and t("brief.h.behind", "fr") in text
    )
    return prs


def test_without_a_template_the_deck_is_16_9_and_its_layouts_span_it(content, tmp_path):
    """python-pptx's own template is 4:3 (10 × 7.5 in): the minister's office got a deck in the shape of an old
    projector's screen, with black bands on every screen it was shown on. It is 16:9 now, as PowerPoint's
    own, and every placeholder of its masters and layouts is widened once, in proportion."""
    old = Presentation()  # python-pptx's default, 4:3
    prs = Presentation(str(write_deck(content, tmp_path / "deck.pptx")))
    assert (prs.slide_width, prs.slide_height) == (old.slide_height * 16 // 9, old.slide_height)  # 13.333 in
    factor = prs.slide_width / old.slide_width
    for was, now in zip(old.slide_layouts, prs.slide_layouts, strict=True):
        assert was.name == now.name
        for a, b in zip(was.placeholders, now.placeholders, strict=True):
            where = f"{now.name}: {b.name}"
            assert abs(b.left - a.left * factor) <= 1 and abs(b.width - a.width * factor) <= 1, where
            assert (b.top, b.height) == (a.top, a.height), where
            assert b.left + b.width <= prs.slide_width, where
    for slide in prs.slides:
        assert slide.shapes.title.width > 0.75 * prs.slide_width  # titles span the slide
        for shape in slide.shapes:
            where = f"slide {prs.slides.index(slide) + 1}: {shape.name}"
            assert 0 <= shape.left and shape.left + shape.width <= prs.slide_width, where
            assert 0 <= shape.top and shape.top + shape.height <= prs.slide_height, where


def test_a_16_9_potx_with_french_layout_names(content, tmp_path):
    base = Presentation()
    base.slide_width, base.slide_height = Inches(13.333), Inches(7.5)
    for layout, name in zip(base.slide_layouts, FRENCH_NAMES, strict=False):
        layout.name = name
    base.save(str(tmp_path / "modele.pptx"))
    template = as_potx(tmp_path / "modele.pptx", tmp_path / "modele.potx")
    deck = write_deck(content, tmp_path / "deck.pptx", template)
    prs = check_deck(deck, content)
    assert prs.slide_width == Inches(13.333)
    used = [s.slide_layout.name for s in prs.slides]
    assert used[0] == "Diapositive de titre" and used[-1] == "Titre et contenu"
    assert used[1] == "Titre seul" and "Deux contenus" in used
    for slide in prs.slides:  # every shape on the slide
        for shape in slide.shapes:
            assert (
                shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height
            )


def test_a_template_with_one_layout_of_a_title_only(content, tmp_path):
    """No content layout: the text goes into boxes under the title, two side by side for the organisations."""
    base = Presentation()
    keep_layouts(base, {5})
    base.slide_layouts[0].name = "Titre de la marque"
    base.save(str(tmp_path / "titre.pptx"))
    prs = check_deck(write_deck(content, tmp_path / "deck.pptx", tmp_path / "titre.pptx"), content)
    organisations = next(s for s in prs.slides if s.shapes.title.text == t("deck.slide.organisations", "fr"))
    boxes = [
        s
        for s in organisations.shapes
        if s.has_text_frame and not s.is_placeholder  # not the title, the footer or the slide number
    ]
    *boxes, note = boxes  # under the two lists, what the most improved's mean is taken over
    assert note.name == FOOTNOTE and note.text_frame.text == content.improved_note
    assert len(boxes) == 2 and boxes[0].left + boxes[0].width < boxes[1].left
    assert all(box.top + box.height <= note.top for box in boxes)


def test_a_template_with_a_lower_title_gets_its_caption_and_charts_below_it(content, tmp_path):
    """A ministry's title box from 0,6 to 1,9 in (7,5 in high): the headline, an ambition's title, the charts
    and tables were placed at fixed heights under the default title, so « Ambition 1 » sat on « Les citoyens… »."""
    base = Presentation()
    for lay in base.slide_layouts:
        for ph in lay.placeholders:
            if ph.placeholder_format.type in TITLES and lay.name != "Title Slide":
                ph.top, ph.height = Inches(0.6), Inches(1.3)
    keep_layouts(base, {0, 5})  # no content layout: the bullets go in text boxes under the title too
    base.save(str(tmp_path / "bas.pptx"))
    prs = Presentation(str(write_deck(content, tmp_path / "deck.pptx", tmp_path / "bas.pptx")))
    # the default title box ends 1,55 in down, its caption starts at 1,2 in (the title is centred in its box):
    # the same room is kept under a lower title box
    default_title = next(
        p for p in Presentation().slide_layouts[5].placeholders if p.placeholder_format.idx == 0
    )
    room = default_title.top + default_title.height - int(prs.slide_height * 0.16)
    checked = 0
    for slide in list(prs.slides)[1:]:
        below = [s for s in slide.shapes if not s.is_placeholder and s.top < prs.slide_height * 0.8]
        for shape in below:  # text boxes, charts and tables; not the footer
            assert shape.top >= Inches(1.9) - room, (slide.shapes.title.text, shape.name, shape.top / 914400)
            checked += 1
    assert checked > 15
    # on the default layouts, nothing moves
    default = Presentation(str(write_deck(content, tmp_path / "defaut.pptx")))
    ambition = next(s for s in default.slides if s.shapes.title.text == "Ambition 1")
    assert min(s.top for s in ambition.shapes if not s.is_placeholder) == int(default.slide_height * 0.16)


def test_a_template_with_more_content_areas_than_a_slide_needs(content, tmp_path):
    """Only « Comparaison » (two headings, two contents) besides the title slide: no empty area is left."""
    base = Presentation()
    keep_layouts(base, {0, 4})
    base.save(str(tmp_path / "comparaison.pptx"))
    prs = check_deck(write_deck(content, tmp_path / "deck.pptx", tmp_path / "comparaison.pptx"), content)
    method = next(
        s for s in prs.slides[-1].shapes if s.has_text_frame and content.method in s.text_frame.text
    )
    assert method.height > prs.slide_height * 0.4  # a content area, not the small heading above it


def make_text_file(path: Path) -> Path:
    path.write_text("ceci n'est pas une présentation", encoding="utf-8")
    return path


def make_empty_zip(path: Path) -> Path:
    zipfile.ZipFile(path, "w").close()
    return path


def make_macro_template(path: Path) -> Path:
    Presentation().save(str(path.with_suffix(".pptx")))
    with zipfile.ZipFile(path.with_suffix(".pptx")) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                    b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
                )
            out.writestr(item, data)
    return path


def make_no_title_template(path: Path) -> Path:
    base = Presentation()
    keep_layouts(base, {6})  # « Blank » alone
    base.save(str(path))
    return path


@pytest.mark.parametrize(
    ("make", "key"),
    [
        (make_text_file, "brief.error.template_unreadable"),
        (make_empty_zip, "brief.error.template_unreadable"),
        (make_macro_template, "brief.error.template_macros"),
        (make_no_title_template, "brief.error.template_no_title"),
    ],
    ids=["text", "empty-zip", "macros", "no-title"],
)  # fmt: skip
def test_a_template_that_cannot_be_used_stops_the_run_before_any_file(tmp_path, capsys, make, key):
    template = make(tmp_path / "modele.pptm" if "macros" in key else tmp_path / "modele.pptx")
    out = tmp_path / "out"
    assert (
        main(["brief", "--data", str(DEMO), "--out", str(out), "--lang", "fr", "--template", str(template)])
        == 2
    )
    err = capsys.readouterr().err
    assert t(key, "fr", template=template) in err and t(key, "en", template=template) in err
    assert "Traceback" not in err
    assert not out.exists() or not any(out.rglob("*.*")), list(out.rglob("*"))


FOOTERS = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


def footer_and_number(slide) -> tuple[str, str]:
    found = {p.placeholder_format.type: p for p in slide.placeholders if p.placeholder_format.type in FOOTERS}
    number = found[PP_PLACEHOLDER.SLIDE_NUMBER]._element.xpath(".//a:fld[@type='slidenum']/a:t")
    footer = found[PP_PLACEHOLDER.FOOTER].text_frame.text.replace("\u2011", "-")  # see slides.unbroken
    return footer, number[0].text


def test_every_slide_says_synthetic_data_and_its_number_below_the_content(content, tmp_path):
    """A slide shown or printed alone said nothing of the fictitious data (only the first and last did) and
    had no number. Now PowerPoint's own footer and slide-number field, on every slide but the title, in a
    grey of 7:1 (the default one is about 3.5:1), as the title slide's subtitle; nothing of the slide runs
    into them."""
    prs = Presentation(str(write_deck(content, tmp_path / "deck.pptx")))
    footer = t("deck.footer_synthetic", "fr", period=PERIOD)
    assert "fictives" in footer
    assert not [p for p in prs.slides[0].placeholders if p.placeholder_format.type in FOOTERS]
    # the title slide's subtitle (which says « Données fictives ») too: the default grey is about 3.5:1
    (subtitle,) = _bodies_of(prs.slides[0])
    assert {r.font.color.rgb for p in subtitle.text_frame.paragraphs for r in p.runs} == {
        RGBColor(0x59, 0x59, 0x59)
    }
    for number, slide in enumerate(prs.slides, start=1):
        if number == 1:
            continue
        assert footer_and_number(slide) == (footer, str(number)), slide.shapes.title.text
        shapes = {p.placeholder_format.type: p for p in slide.placeholders}
        assert shapes[PP_PLACEHOLDER.FOOTER].text_frame.paragraphs[0].runs[0].font.color.rgb == RGBColor(
            0x59, 0x59, 0x59
        )
        floor = min(shapes[k].top for k in FOOTERS)
        for shape in slide.shapes:
            if not (shape.is_placeholder and shape.placeholder_format.type in FOOTERS):
                assert shape.top + shape.height <= floor, (slide.shapes.title.text, shape.name)
    organisations = next(s for s in prs.slides if s.shapes.title.text == t("deck.slide.organisations", "fr"))
    heading = _bodies_of(organisations)[0].text_frame.paragraphs[0]
    assert heading.text.replace("\u2011", "-") == t("brief.h.improved_since", "fr", previous="2021-2022")
    assert heading.runs[0].font.bold
    assert heading._p.xpath("./a:pPr/a:buNone")  # a heading, not the first bullet of the list


def _bodies_of(slide) -> list:
    return sorted(
        (s for s in slide.placeholders if s.placeholder_format.type in BODIES), key=lambda s: s.left
    )


def test_real_data_says_no_synthetic_and_a_template_keeps_its_footer_colour(content, tmp_path):
    real = replace(content, synthetic=False)
    Presentation().save(str(tmp_path / "modele.pptx"))
    prs = Presentation(str(write_deck(real, tmp_path / "deck.pptx", tmp_path / "modele.pptx")))
    assert footer_and_number(prs.slides[1]) == (t("deck.footer", "fr", period=PERIOD), "2")
    assert all(footer_and_number(s)[0] == t("deck.footer", "fr", period=PERIOD) for s in list(prs.slides)[1:])
    run = next(p for p in prs.slides[1].placeholders if p.placeholder_format.type == PP_PLACEHOLDER.FOOTER)
    assert run.text_frame.paragraphs[0].runs[0].font.color.type is None  # the template's own
    (subtitle,) = _bodies_of(prs.slides[0])
    assert subtitle.text_frame.paragraphs[0].runs[0].font.color.type is None


def test_a_template_without_footer_placeholders_gets_text_boxes(content, tmp_path):
    base = Presentation()
    for layout in base.slide_layouts:
        for ph in list(layout.placeholders):
            if ph.placeholder_format.type in (*FOOTERS, PP_PLACEHOLDER.DATE):
                ph._element.getparent().remove(ph._element)
    base.save(str(tmp_path / "modele.pptx"))
    prs = Presentation(str(write_deck(content, tmp_path / "deck.pptx", tmp_path / "modele.pptx")))
    texts = slide_texts(prs.slides[4])
    assert t("deck.footer_synthetic", "fr", period=PERIOD) in texts
    assert prs.slides[4].shapes[-1]._element.xpath(".//a:fld[@type='slidenum']/a:t")[0].text == "5"


@pytest.mark.parametrize("command", ["render", "publish"])
def test_render_and_publish_refuse_an_unusable_template_before_any_page(tmp_path, capsys, caplog, command):
    """The scheduled publication takes the template too (``--template``, the DAG's ``template`` param:
    tests/test_airflow.py builds its deck on one, and test_publish.py checks a new template makes a new
    deck); one it cannot use stops the run at once, exit 2."""
    template = make_no_title_template(tmp_path / "modele.pptx")
    out = tmp_path / "reports"
    assert (
        main([command, "--data", str(DEMO), "--out", str(out), "--lang", "fr", "--template", str(template)])
        == 2
    )
    said = capsys.readouterr().err + caplog.text  # publish logs it (the scheduler's log)
    assert t("brief.error.template_no_title", "fr", template=template) in said
    assert not list(out.glob("*/fr/*.html"))
    if command == "publish":
        record = json.loads(next((out / "runs").glob("*.json")).read_text(encoding="utf-8"))
        assert record["exit_code"] == 2 and record["template"] == str(template.resolve())
        assert t("brief.error.template_no_title", "en", template=template) in record["errors"][0]


def font_sizes(shape) -> set[float]:
    return {run.font.size.pt for p in shape.text_frame.paragraphs for run in p.runs if run.font.size}


def test_long_names_and_titles_get_smaller_type_not_a_slide_that_runs_over(content, tmp_path):
    """Organisation names four times the demo's and an ambition title of three lines: the text ran off the
    slide, over the footer, and the title's last line hid behind the table. The type is now made smaller
    to fit; the demo keeps its sizes."""
    suffix = (" et des Affaires intergouvernementales, de la Francophonie et de la Réforme des institutions"
              " démocratiques, de l'Accès à l'information et de la Protection des renseignements personnels")  # fmt: skip
    first = next(r for r in content.rollups if r.scope == "ambition")
    long_title = first.title + (" publiques, de leur conception à leur évaluation, dans toutes les régions"
                                " du Québec et pour chacun des publics que servent les organisations")  # fmt: skip
    long = replace(
        content,
        improved=[line.replace(" (", suffix + " (", 1) for line in content.improved],
        behind=[line.replace(" (", suffix + " (", 1) for line in content.behind],
        rollups=[replace(r, title=long_title) if r is first else r for r in content.rollups],
    )
    sizes = {}
    for name, c in (("demo", content), ("long", long)):
        prs = Presentation(str(write_deck(c, tmp_path / f"{name}.pptx")))
        organisations = next(
            s for s in prs.slides if s.shapes.title.text == t("deck.slide.organisations", "fr")
        )
        ambition = next(s for s in prs.slides if s.shapes.title.text == "Ambition 1")
        caption = next(s for s in ambition.shapes if s.has_text_frame and not s.is_placeholder)
        table = next(s for s in ambition.shapes if s.has_table)
        assert caption.top + caption.height <= table.top
        sizes[name] = (font_sizes(_bodies_of(organisations)[0]), font_sizes(caption))
    assert sizes["demo"] == ({14.0}, {16.0})
    (org_long,), (caption_long,) = sizes["long"]
    assert 10 <= org_long < 14 and 11 <= caption_long < 16


def test_a_template_whose_layouts_number_every_placeholder_0(content, tmp_path):
    """LibreOffice writes idx 0 for every placeholder of a layout. A slide placeholder takes its position from
    the layout's of the same idx: the organisations slide's two columns sat on the title's box, one over the
    other, in 10 pt. Each now has its own layout placeholder's position."""
    base = Presentation()
    base.slide_width = Inches(13.333)
    for layout in base.slide_layouts:
        for ph in layout.placeholders:
            if ph.placeholder_format.type not in (*FOOTERS, PP_PLACEHOLDER.DATE):
                ph._element.xpath("./p:nvSpPr/p:nvPr/p:ph")[0].set("idx", "0")
    base.save(str(tmp_path / "libreoffice.pptx"))
    prs = check_deck(write_deck(content, tmp_path / "deck.pptx", tmp_path / "libreoffice.pptx"), content)
    organisations = next(s for s in prs.slides if s.shapes.title.text == t("deck.slide.organisations", "fr"))
    left, right = _bodies_of(organisations)
    assert left.left + left.width <= right.left  # side by side, not one over the other
    title = organisations.shapes.title
    assert left.top >= title.top + title.height  # under the title, not on it
    assert font_sizes(left) == {14.0}


def test_a_template_saved_by_libreoffice_gives_one_core_properties_part(content, tmp_path):
    """LibreOffice names the core properties' relationship « …/officedocument/2006/… »: python-pptx missed it
    and wrote a second docProps/core.xml into the deck (« Duplicate name »), signed « python-pptx »."""
    import collections
    import warnings

    Presentation().save(str(tmp_path / "base.pptx"))
    with zipfile.ZipFile(tmp_path / "base.pptx") as src, zipfile.ZipFile(tmp_path / "lo.pptx", "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "_rels/.rels":
                data = data.replace(b"/package/2006/relationships/metadata/core-properties",
                                    b"/officedocument/2006/relationships/metadata/core-properties")  # fmt: skip
            out.writestr(item, data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # zipfile's « Duplicate name » is a warning
        deck = write_deck(content, tmp_path / "deck.pptx", tmp_path / "lo.pptx")
    with zipfile.ZipFile(deck) as package:
        names = collections.Counter(info.filename for info in package.infolist())
    assert names["docProps/core.xml"] == 1, names


def test_a_value_that_does_not_count_is_hatched_and_said_on_the_glance_slide(content, tmp_path):
    """4.2, reported by 10 organisations of 25, was drawn in the same blue as every measured value on the
    deck's charts (the brief greys it): its bar is hatched, and the glance slide says why in words."""
    from pptx.enum.dml import MSO_FILL

    prs = Presentation(str(write_deck(content, tmp_path / "deck.pptx")))
    glance = next(s for s in prs.slides if s.shapes.title.text == t("deck.slide.targets", "fr"))
    chart = next(shape.chart for shape in glance.shapes if shape.has_chart)
    categories = list(chart.plots[0].categories)
    (insufficient,) = [i for i, c in enumerate(categories) if c.startswith("4.2")]
    assert categories[insufficient].endswith("(Données insuffisantes)")
    (values,) = [s for s in chart.plots[0].series if s.name == t("deck.series.value", "fr", period=PERIOD)]
    fills = [values.points[i].format.fill.type for i in range(len(categories))]
    assert fills[insufficient] == MSO_FILL.PATTERNED
    assert [f for i, f in enumerate(fills) if i != insufficient and f == MSO_FILL.PATTERNED] == []


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two hex colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_a_table_s_header_row_reads_as_one_without_the_template_s_table_styles():
    """A template saved by LibreOffice has no table styles: the ambition tables' header row read as one more
    row. It is bold, over a rule, set on its cells (any viewer shows them)."""
    from barometre.brief.deck import build_deck
    from pptx.oxml.ns import qn

    deck = build_deck(build_content(results(DEMO), PERIOD, "fr"))
    tables = [shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table]
    assert tables
    for table in tables:
        for cell in table.rows[0].cells:
            assert all(run.font.bold for p in cell.text_frame.paragraphs for run in p.runs)
            rule = cell._tc.tcPr.find(qn("a:lnB"))
            assert rule is not None and int(rule.get("w")) > 0
            # white on the style's accent (4F81BD) was 4,0:1: AA asks 4,5:1 of 10-point bold text
            fill = cell._tc.tcPr.find(qn("a:solidFill"))
            assert fill is not None, "header cell on the table style's colour"
            back, *texts = [fill[0].get("val")] + [str(run.font.color.rgb) for p in cell.text_frame.paragraphs
                                                    for run in p.runs]  # fmt: skip
            assert texts and all(contrast(back, text) >= 4.5 for text in texts), (back, texts)
        assert not any(run.font.bold for cell in table.rows[1].cells for p in cell.text_frame.paragraphs
                       for run in p.runs)  # fmt: skip
