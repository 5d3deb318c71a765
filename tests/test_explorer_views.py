"""What the explorer's charts and notes say follows what they draw: the view, the target, the Type filter."""

from __future__ import annotations

import json
from pathlib import Path

import barometre as b
import pytest
from barometre.explorer import build_explorer, government_series, small_multiples_chart
from barometre.i18n import t
from barometre.importers.gc_service_inventory import import_gc_service_inventory
from conftest import GC_RAW

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"


@pytest.fixture(scope="module")
def res() -> b.Results:
    """Results of the demo dataset."""
    return b.compute(DEMO, b.Options(bootstrap=20))


def texts(chart) -> str:
    """Every text of a chart's spec, its non-breaking spaces as spaces."""
    return json.dumps(chart.to_dict(), ensure_ascii=False).replace("\u202f", " ").replace("\\u00a0", " ")


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_distribution_chart_s_government_rule_follows_the_view(res: b.Results, lang: str) -> None:
    """Under « Moyenne des organisations » it kept « Gouvernement : 55,9 % » (the pooled value) beside a
    comparison chart and a table at 50,6 %."""
    ex = build_explorer(res, lang)
    ex.select_target("4.2")
    ex.period.value = "2022-2023"
    ex.organisations.value = ("AFREV", "CFTAX")
    ex.view.value = "mean"
    mean = government_series(res, "4.2", "mean").set_index("period").loc["2022-2023", "value"]
    pooled = government_series(res, "4.2", "pooled").set_index("period").loc["2022-2023", "value"]
    assert round(mean, 3) == 0.506 and round(pooled, 3) == 0.559
    shown = plain(texts(ex.current_distribution_chart()))
    table = ex.current_table(formatted=True)
    value = plain(table[t("chart.col.value", lang)].iloc[0])  # the government row, as the table says it
    assert plain(t("chart.mean_line", lang, value=value)) in shown
    assert plain(t("chart.government_line", lang, value="55,9 %" if lang == "fr" else "55.9%")) not in shown
    ex.view.value = "pooled"
    shown = plain(texts(ex.current_distribution_chart()))
    assert plain(t("chart.government_line", lang, value="55,9 %" if lang == "fr" else "55.9%")) in shown
    assert plain(t("chart.mean_line", lang, value=value)) not in shown


def test_under_the_mean_view_a_share_target_s_rule_is_the_mean_of_values(res: b.Results) -> None:
    """A share-of-organisations target (6.1): the mean of ratios is a value on the organisations' axis."""
    ex = build_explorer(res, "fr")
    ex.select_target("6.1")
    ex.view.value = "mean"
    shown = plain(texts(ex.current_distribution_chart()))
    assert "Moyenne des organisations : " in shown and "des organisations atteignent leur seuil" not in shown


@pytest.fixture(scope="module")
def gc(tmp_path_factory) -> b.Results:
    """Results of the real GC service inventory: no target values."""
    out = tmp_path_factory.mktemp("gc") / "data"
    import_gc_service_inventory(sorted(GC_RAW.glob("*.csv")), out)
    return b.compute(out, b.Options(bootstrap=20))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_small_multiples_say_only_the_lines_they_draw(res: b.Results, gc: b.Results, lang: str) -> None:
    """GC targets have no value: the subtitle said « trait noir : cible » over panels without that line."""
    target = gc.dataset.strategy.targets[0].id
    codes = sorted(set(gc.by_organisation["organisation"]))[:2]
    shown = texts(small_multiples_chart(gc, target, codes, lang))
    target_word = "trait noir" if lang == "fr" else "black line"
    assert target_word not in shown
    assert '"mark": {"type": "rule"' not in shown and '"mark": "rule"' not in shown  # indeed none drawn
    demo = texts(small_multiples_chart(res, "1.1", ["MFSN"], lang))
    assert target_word in demo  # a target with a value: its line drawn, and said


def test_the_search_says_how_many_the_type_filter_hides(res: b.Results) -> None:
    """« Bibli » under « Ministère » said no organisation matched: « Bibliothèque et archives fictives » is an
    organisme."""
    ex = build_explorer(res, "fr")
    ex.org_type.value = "ministère"
    ex.search.value = "Bibli"
    assert ex.organisations.options == ()
    said = plain(ex.search_note.value)
    assert "Aucune organisation du type choisi ne correspond à « Bibli »" in said
    assert "le filtre Type en cache une : choisissez « Tous les types » pour la voir" in said
    assert "videz la recherche" not in said  # the word was right: the filter hid it
    ex.search.value = "fict"
    shown = len(ex.organisations.options)
    ex.org_type.value = ""
    every = len(ex.organisations.options)
    assert (
        f"{every} organisations correspondent à « fict »."
        == plain(ex.search_note.value).split(">")[1].split("<")[0]
    )
    ex.org_type.value = "ministère"
    assert f"Le filtre Type en cache {every - shown} autres" in plain(ex.search_note.value)
    en = build_explorer(res, "en")
    en.org_type.value = "ministère"
    en.search.value = "Library"
    assert "the Type filter hides one: choose “All types” to see it" in plain(en.search_note.value)
