"""What each figure leaves out (exclusions.csv), said in the brief and the deck as on the site."""

import subprocess
import sys
from pathlib import Path

import pytest
from barometre.api import results
from barometre.brief import build_content
from barometre.cli import main
from barometre.exclusions_shown import left_out_notes
from barometre.i18n import format_number, t
from barometre.report_context import context
from conftest import GC_RAW
from pptx import Presentation
from pypdf import PdfReader

pytestmark = pytest.mark.cost(14)  # CPU-seconds: the costliest start first (conftest)

BIN = Path(sys.executable).parent
GC_PERIOD, PERIOD = "2018-2019", "2022-2023"


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
    assert f"uptake{t('punct.colon', lang).rstrip()} {counts}".replace("\u00a0", " ") in said
    for n in (820, 322, 283):  # every target's units left out
        assert format_number(n, lang).replace("\u202f", " ").replace("\u00a0", " ") in said, n
    assert t("method.counted_as_zero_part", lang) in said  # telephone applications unknown, taken as 0
    assert flat(t("method.left_out_brief_alone", lang, n=2, items="x")).split("(")[1].split(")")[0] in said
    deck = Presentation(out / lang / "presentation.pptx")
    slide = next(x for x in deck.slides if "uptake" in " ".join(sh.table.cell(1, 0).text for sh in x.shapes
                                                                  if sh.has_table))  # fmt: skip
    foot = flat(next(sh.text_frame.text for sh in slide.shapes if sh.name == "Footnote"))
    assert counts in foot and "feedback" not in foot
    notes = flat(slide.notes_slide.notes_text_frame.text)
    assert all(note in notes for note in site)  # the site's notes, word for word
    glance = next(x for x in deck.slides if x.shapes.title.text == t("deck.slide.targets", lang))
    assert said in flat(glance.notes_slide.notes_text_frame.text)


def test_a_dataset_without_exclusions_has_no_word_of_them(demo_copy):
    """The Québec demo has no exclusions.csv: its brief and deck say nothing of units left out."""
    for lang in ("fr", "en"):
        content = build_content(results(demo_copy, up_to=PERIOD), PERIOD, lang)
        assert content.left_out == {} and content.left_out_text() == ""
