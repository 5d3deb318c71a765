"""On the site, in the explorer's table, the brief and the deck, a column, legend, tooltip line, card line or
chart text that would say « — » or « Sans cible chiffrée » on every row is left out (issue #12: the Government
of Canada's indicators have no target value: « Cible visée — », « Statut · Sans cible chiffrée », « Évolution
· — † » on every row); where some rows have a target value, the column stays."""

from __future__ import annotations

import html
import json

import barometre as b
import pytest
from barometre import charts
from barometre import sections as s
from barometre.brief import build_content
from barometre.brief.deck import build_deck
from barometre.brief.figures import targets_figure
from barometre.brief.pdf import brief_html
from barometre.i18n import t
from conftest import shown
from said_nothing_data import PERIOD, PREVIOUS, mixed_target_values, without_target_values

pytestmark = pytest.mark.cost(8)  # CPU-seconds: the costliest start first (conftest)

LANGS = ("fr", "en")


@pytest.fixture(scope="module")
def none(tmp_path_factory) -> b.Results:
    return without_target_values(tmp_path_factory.mktemp("none") / "data")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> b.Results:
    return mixed_target_values(tmp_path_factory.mktemp("mixed") / "data")


def tips(spec: dict) -> set[str]:
    """Every tooltip line's title in a chart's spec."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "tooltip" and isinstance(value, list):
                    found.update(x.get("title", "") for x in value if isinstance(x, dict))
                walk(value)
        elif isinstance(node, list):
            for x in node:
                walk(x)

    walk(spec)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_site_leaves_out_what_says_nothing_without_target_values(none, lang):
    target_value, progress, status = (t(k, lang) for k in ("chart.col.target_value", "chart.col.progress",
                                                           "chart.col.status"))  # fmt: skip
    table = charts.overview_table(none, PERIOD, lang, formatted=True)
    assert list(table[t("chart.col.target", lang)]) == ["1.1", "5.2"]
    assert not {target_value, progress, status} & set(table.columns)
    spec = charts.overview_chart(none, PERIOD, lang).to_dict()
    assert not {target_value, progress, status} & tips(spec)
    # no « Statut » column of « Sans cible chiffrée » beside the bars, and the description does not promise one
    assert "hconcat" not in spec and '"shape": {' not in json.dumps(spec)
    assert '"text": {"field": "status_label"' not in json.dumps(spec)
    assert spec["description"] == t("chart.overview.description_values", lang, count=2, period=PERIOD)
    organisation_target = t("chart.col.organisation_target", lang)
    for target in ("1.1", "5.2"):
        spec = charts.distribution_chart(none, target, PERIOD, lang).to_dict()
        status_channels = [u["encoding"][c] for u in spec["layer"] for c in ("color", "shape")
                           if u.get("encoding", {}).get(c, {}).get("field") == "status_label"]  # fmt: skip
        assert status_channels and all(
            c["legend"] is None for c in status_channels
        )  # « Sans cible chiffrée » alone
        assert not {organisation_target, status} & tips(spec)
        data = charts.distribution_table(none, target, PERIOD, lang, formatted=True)
        assert not {organisation_target, status} & set(data.columns) and len(data) > 10
        spec = charts.trend_chart(none, target, lang).to_dict()
        # its status stays: 2021-2022, 2 of 25 reporting, reads « Données insuffisantes » (BRIEF §4)
        assert not {target_value, progress} & tips(spec) and status in tips(spec)
        assert spec["title"]["subtitle"] == [
            none.dataset.strategy.target(target).label(lang)
        ]  # no « Statut … »
    # the raw tables keep every column (the downloads' schema)
    assert {target_value, status} <= set(charts.overview_table(none, PERIOD, lang).columns)
    ctx = s.ReportContext(none, PERIOD, lang)
    lead = shown(s.page_header(ctx))  # not « l'état de chaque cible est indiqué en toutes lettres »
    assert t("page.lead_no_targets", lang, period=PERIOD, dataset=none.dataset.title_in(lang)) in lead
    cards = html.unescape(str(s.target_cards(ctx)))
    assert cards.count(t("status.not_applicable", lang)) == 2  # « Valeur cible : Sans cible chiffrée » only
    assert f"<dt>{t('col.status', lang)}</dt>" not in cards
    page = html.unescape(str(s.target_section(ctx, none.dataset.strategy.target("5.2"))))
    assert t("furthest.no_target", lang, id="5.2") in page


@pytest.mark.parametrize("lang", LANGS)
def test_site_keeps_a_column_some_rows_fill(mixed, lang):
    target_value, status = t("chart.col.target_value", lang), t("chart.col.status", lang)
    table = charts.overview_table(mixed, PERIOD, lang, formatted=True)
    assert table[target_value].iloc[0] != "—" and table[target_value].iloc[1] == "—"  # 1.1's 75 %, 5.2's none
    assert status in table.columns
    spec = charts.overview_chart(mixed, PERIOD, lang).to_dict()
    assert {target_value, status} <= tips(spec)
    # the status column: 5.2's « Sans cible chiffrée » beside 1.1's status
    assert "hconcat" in spec and '"text": {"field": "status_label"' in json.dumps(spec)
    organisation_target = t("chart.col.organisation_target", lang)
    # each ambition's table on its own: 1.1's organisations have a target, 5.2's none
    assert (
        organisation_target in charts.distribution_table(mixed, "1.1", PERIOD, lang, formatted=True).columns
    )
    assert (
        organisation_target
        not in charts.distribution_table(mixed, "5.2", PERIOD, lang, formatted=True).columns
    )
    ctx = s.ReportContext(mixed, PERIOD, lang)
    lead = shown(s.page_header(ctx))
    assert t("page.lead", lang, period=PERIOD, dataset=mixed.dataset.title_in(lang)) in lead
    cards = html.unescape(str(s.target_cards(ctx)))
    assert cards.count(f"<dt>{t('col.status', lang)}</dt>") == 1  # 1.1's


@pytest.mark.parametrize("lang", LANGS)
def test_the_explorer_s_table_leaves_out_what_says_nothing_too(none, mixed, lang):
    """The explorer's table dropped « Cible de l'organisation — » but kept « Statut · Sans cible chiffrée » on
    every row, among its first three columns on a phone. Both go without target values; with some, both stay."""
    from barometre.explorer_selection import selection_table

    organisation_target, status = t("chart.col.organisation_target", lang), t("chart.col.status", lang)
    codes = tuple(none.by_organisation["organisation"].unique()[:3])
    table = selection_table(
        none, "5.2", PERIOD, "pooled", codes, "reported", "Gouvernement", lang, formatted=True
    )
    assert len(table) > 1 and not {organisation_target, status} & set(table.columns), table.columns
    table = selection_table(
        mixed, "1.1", PERIOD, "pooled", codes, "reported", "Gouvernement", lang, formatted=True
    )
    assert {organisation_target, status} <= set(table.columns)


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
