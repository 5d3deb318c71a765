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
