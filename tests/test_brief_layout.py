"""The brief's page breaks: a heading and a table's caption stay with the table's first rows."""

from pathlib import Path

import pytest
from barometre.cli import main
from barometre.i18n import t
from conftest import DEMO
from pypdf import PdfReader

pytestmark = pytest.mark.cost(8)  # CPU-seconds: the costliest start first (conftest)

PERIOD = "2020-2021"  # the English brief's page 1 ended on the rollup table's heading and caption


def tags(node) -> list[str]:
    """Every element of a PDF structure tree, in order."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        return [x for k in node for x in tags(k)]
    if not hasattr(node, "get"):
        return []
    return ([str(node["/S"])] if "/S" in node else []) + (tags(node["/K"]) if "/K" in node else [])


@pytest.fixture(scope="module")
def briefs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("briefs")
    assert main(["brief", "--data", str(DEMO), "--out", str(out), "--period", PERIOD, "--lang", "fr,en"]) == 0
    return out / PERIOD


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_table_s_heading_and_caption_stay_with_its_first_rows(briefs, lang):
    """« Progress by contribution and ambition » and its caption ended page 1, the rows on page 2: a reader
    turned the page to find the table, and the PDF tagged it as two tables. Each table is one, on the page
    of its heading and caption."""
    reader = PdfReader(briefs / lang / "brief.pdf")
    assert len(reader.pages) == 2
    assert tags(reader.trailer["/Root"]["/StructTreeRoot"]).count("/Table") == 2  # targets, rollup
    heading = t("brief.h.rollup", lang)
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    caption = f"{heading} — {PERIOD}"
    on = [i for i, text in enumerate(pages) if caption in text]
    assert len(on) == 1, pages
    rows_page = pages[on[0]].split(caption, 1)[1]
    assert t("brief.col.scope", lang) in rows_page and "10 / 10" in rows_page, rows_page[:300]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_before_the_deadline_the_brief_and_deck_say_when_it_is(briefs, lang):
    """A brief of 2025-2026 (deadline 2026-2027, 31 March 2027) said « échéance » and « 31 mars 2027 »
    nowhere: its risks read « valeur projetée en 2026-2027 » without saying that was the deadline. The
    headline gives the day and the years left, in the note and on the deck's index slide, in two pages."""
    from pptx import Presentation

    said = t("brief.headline.deadline_ahead", lang, date={"fr": "31\u00a0mars\u00a02023",
             "en": "March\u00a031, 2023"}[lang], deadline="2022-2023", n=2, period=PERIOD)  # fmt: skip
    assert said.startswith({"fr": "Échéance de la stratégie", "en": "Strategy deadline"}[lang])
    reader = PdfReader(briefs / lang / "brief.pdf")
    first = " ".join(reader.pages[0].extract_text().replace("\u00a0", " ").split())
    assert " ".join(said.replace("\u00a0", " ").split()) in first  # in the headline, on page 1
    prs = Presentation(str(briefs / lang / "presentation.pptx"))
    index = prs.slides[1]  # the headline under the index slide's title, and in its notes
    texts = [s.text_frame.text.replace("\u2011", "-") for s in index.shapes if s.has_text_frame]
    assert any(said in text for text in texts), texts
    assert said in index.notes_slide.notes_text_frame.text


def test_long_organisation_names_fit_the_organisations_slide_at_the_size_saved(demo_copy):
    """Names of 145 characters were saved at 12 pt in boxes they did not fit: counted by characters, not by
    words wrapped, at 0.5 em a character where LibreOffice's DejaVu Sans wraps French names at 0.55. Only a
    viewer's own shrinking hid the list running over the footnote (PowerPoint shrinks once text is edited)."""
    from barometre.api import results
    from barometre.brief import build_content
    from barometre.brief.deck import build_deck
    from barometre.brief.slides import EMU_PER_POINT, INDENT_PT, INSET_PT, LINE_HEIGHT, wrapped_lines
    from conftest import rewrite_csv

    assert wrapped_lines("aaaa bbbb cc", 9) == 2 and wrapped_lines("aaaa bbbb", 8) == 2  # by words
    assert wrapped_lines("x" * 20, 8) == 3 and wrapped_lines("", 8) == 1

    def long_names(rows):
        for i, row in enumerate(rows):
            row["name_fr"] = ("Commission d'évaluation « très » particulière de l'aménagement, de l'économie "
                              f"régionale et de l'écoresponsabilité des Îles-de-la-Madeleine n° {i:02d}")  # fmt: skip
        return rows

    rewrite_csv(demo_copy / "organisations.csv", long_names)
    prs = build_deck(build_content(results(demo_copy), "2022-2023", "fr"))
    slide = next(s for s in prs.slides if s.shapes.title.text == t("deck.slide.organisations", "fr"))
    bodies = [s for s in slide.placeholders if s.placeholder_format.idx != 0 and s.has_text_frame][:2]
    sizes = {r.font.size.pt for b in bodies for p in b.text_frame.paragraphs for r in p.runs}
    assert len(sizes) == 1, sizes  # both lists at one size
    (size,) = sizes
    for body in bodies:
        per_line = int((body.width / EMU_PER_POINT - 2 * INSET_PT - INDENT_PT) / (0.55 * size))
        lines = sum(wrapped_lines(p.text, per_line) for p in body.text_frame.paragraphs)
        assert lines * size * LINE_HEIGHT <= body.height / EMU_PER_POINT - INSET_PT, (size, lines)
