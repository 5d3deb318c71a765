"""In the brief and the deck, a column or a chart's text that would say « — » or « Sans cible chiffrée » on every
row of a table is left out (issue #12: the Government of Canada's indicators have no target value: « Cible visée
— », « Statut · Sans cible chiffrée », « Évolution · — † » on every row); where some rows have a target value,
the column stays. The site: test_said_nothing.py."""

from __future__ import annotations

import html

import barometre as b
import pytest
from barometre.brief import build_content
from barometre.brief.deck import build_deck
from barometre.brief.figures import targets_figure
from barometre.brief.pdf import brief_html
from barometre.i18n import t
from said_nothing_data import PERIOD, PREVIOUS, mixed_target_values, without_target_values

pytestmark = pytest.mark.cost(4)  # CPU-seconds: the costliest start first (conftest)

LANGS = ("fr", "en")


@pytest.fixture(scope="module")
def none(tmp_path_factory) -> b.Results:
    return without_target_values(tmp_path_factory.mktemp("none") / "data")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> b.Results:
    return mixed_target_values(tmp_path_factory.mktemp("mixed") / "data")


def _slide_tables(prs) -> list[list[str]]:
    return [[c.text for c in shape.table.rows[0].cells] for slide in prs.slides for shape in slide.shapes
            if shape.has_table]  # fmt: skip


def _alt_texts(prs) -> list[str]:
    return [
        d for slide in prs.slides for shape in slide.shapes for d in shape._element.xpath(".//p:cNvPr/@descr")
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_brief_and_deck_leave_out_what_says_nothing_without_target_values(none, lang):
    content = build_content(none, PERIOD, lang)
    assert all(r.change_withheld for r in content.rows)  # 2021-2022 does not count
    page = html.unescape(brief_html(content, "test"))
    headers = [t(f"brief.col.{k}", lang) for k in ("goal", "status", "trend")]
    for header in headers:
        assert f">{header}</th>" not in page, header
    assert f">{t('brief.col.coverage', lang)}</th>" in page
    assert "†" not in page  # no column marks a change withheld: nothing refers to a « † »
    assert t("brief.changes.no_targets_withheld", lang, previous=PREVIOUS) in page
    assert "·" not in targets_figure(content).svg  # no « 1.1 · » beside every bar: the glyph of no status
    prs = build_deck(content)
    expected = [t(f"brief.col.{k}", lang) for k in ("target", "value", "coverage")]
    assert _slide_tables(prs) == [expected, expected]  # ambitions 1 and 5
    said = t("brief.change.withheld_plain", lang)
    notes = [slide.shapes for slide in prs.slides]
    footnotes = [sh.text_frame.text for shapes in notes for sh in shapes if sh.has_text_frame]
    assert sum(said in text for text in footnotes) == 2 and not any("†" in text for text in footnotes)
    alts = " ".join(_alt_texts(prs))
    assert "/ —" not in alts and t("status.not_applicable", lang) not in alts


@pytest.mark.parametrize("lang", LANGS)
def test_brief_and_deck_keep_a_column_some_rows_fill(mixed, lang):
    content = build_content(mixed, PERIOD, lang)
    page = html.unescape(brief_html(content, "test"))
    for key in ("goal", "status", "trend"):
        assert f">{t(f'brief.col.{key}', lang)}</th>" in page, key
    assert "5.2 ·" in targets_figure(content).svg  # beside 1.1's status glyph
    prs = build_deck(content)
    goal, status = t("brief.col.goal", lang), t("brief.col.status", lang)
    first, second = _slide_tables(prs)
    assert goal in first and status in first  # ambition 1: 1.1 and its 75 %
    assert goal not in second and status not in second  # ambition 5: 5.2 alone, without target value
    glance = next(alt for alt in _alt_texts(prs) if "1.1 " in alt and "5.2 " in alt)
    assert f"({t('status.not_applicable', lang)})" in glance and "/ —" not in glance
