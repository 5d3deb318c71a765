"""The explorer's charts are fitted to their output area's width (a phone at 390 px as a desktop).

The browser test (tests/test_lab.py, Voilà at 390 px) measures the drawn charts; these check the specs
that JupyterLab's renderer is given, and that Vega-Lite compiles them.
"""

from __future__ import annotations

import json
from pathlib import Path

import barometre as b
import pytest
import vl_convert as vlc
from barometre.charts.base import VEGALITE_V5_MIME
from barometre.explorer import build_explorer
from barometre.explorer_fit import CSS, PHONE, fitted

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"


@pytest.fixture(scope="module")
def ex():
    """The explorer on the demo, four organisations chosen."""
    explorer = build_explorer(b.compute(DEMO, b.Options(bootstrap=20)), "fr")
    explorer.organisations.value = ("MFSN", "MFJUS", "MFEDU", "OFMOB")
    return explorer


def spec_and_patch(chart) -> tuple[dict, list[dict]]:
    data, metadata = fitted(chart, "fr")
    return data[VEGALITE_V5_MIME], metadata[VEGALITE_V5_MIME]["embed_options"].get("patch", [])


def test_single_views_take_their_area_s_width(ex) -> None:
    for chart in (ex.current_chart(), ex.current_distribution_chart()):
        spec, patch = spec_and_patch(chart)
        assert spec["width"] == "container"  # it was 520 or 400 px of plot, whatever the screen
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
        assert vlc.vegalite_to_vega(spec)["signals"][0]["name"] == "width"
        (width,) = [p["value"] for p in patch if p["path"] == "/signals/-" and p["value"]["name"] == "width"]
        assert width["init"].startswith("min(768, "), width  # at most 48rem, as on the site
    # the chart's box is a block as wide as its area (JupyterLab's renderer made it an inline box)
    assert "display: block" in CSS


def test_small_multiples_take_as_many_columns_as_fit(ex) -> None:
    for chart in (ex.current_multiples_chart(), ex.current_plan_chart()):
        spec, patch = spec_and_patch(chart)
        assert spec["columns"] == 3  # at most the columns asked (a desktop keeps its three)
        (columns,) = [p for p in patch if p["path"] == "/layout/columns"]
        expr = columns["value"]["signal"]
        assert "min(3, floor(" in expr and "containerSize()[0]" in expr, expr
        assert vlc.vegalite_to_vega(spec)["layout"]["columns"] == 3  # the path patched exists


def test_on_a_phone_titles_wrap_and_legends_take_one_column(ex) -> None:
    spec, _ = spec_and_patch(ex.current_chart())
    text = spec["title"]["text"]["expr"]
    assert f"< {PHONE} ? [" in text  # lines on a phone, the one line elsewhere
    legend = spec["layer"][1]["encoding"]["color"]["legend"]
    assert legend["columns"]["expr"].endswith("? 1 : 2"), legend
    assert "containerSize()[0]" in legend["labelLimit"]["expr"]
    # two lines for a long label (« Couverture insuffisante (moins de 50 % des organisations) » was cut), and
    # legends one under the other: the « + » legend beside the series' ran past the drawing's edge
    assert "length(datum.label) > " in legend["labelExpr"], legend
    assert spec["config"]["legend"]["layout"] == {"bottom": {"direction": "vertical", "anchor": "start"}}
    vega = vlc.vegalite_to_vega(spec)
    assert "signal" in vega["title"]["text"]


def test_on_a_phone_organisations_names_wrap_whole_and_rows_grow(ex) -> None:
    spec, patch = spec_and_patch(ex.current_distribution_chart())
    axis = spec["layer"][0]["encoding"]["y"]["axis"]
    name = "Office fictif de la protection des consommateurs"
    cases = axis["labelExpr"]
    assert json.dumps(name) in cases, cases
    lines = json.loads(cases.split(json.dumps(name) + " ? ")[1].split("]")[0] + "]")
    assert " ".join(lines) == name and len(lines) > 1, lines  # every word kept, over lines
    (height,) = [p["value"] for p in patch if p["path"] == "/signals/-" and p["value"]["name"] == "height"]
    assert f"< {PHONE} ? " in height["init"]
    vega = vlc.vegalite_to_vega(spec)
    assert any(s["name"] == "width" for s in vega["signals"])  # the patch's « /signals/- » exists


def test_the_table_shows_series_value_and_status_first(ex) -> None:
    from barometre.explorer_fit import useful_first

    for lang, first in (("fr", ["Série", "Valeur", "Statut"]), ("en", ["Series", "Value", "Status"])):
        explorer = build_explorer(ex.results, lang)
        explorer.organisations.value = ("MFSN",)
        table = explorer.current_table(formatted=True)
        shown = useful_first(table, lang)
        assert list(shown.columns[:3]) == first, list(shown.columns)
        assert sorted(shown.columns) == sorted(table.columns)  # none lost, none added
        assert shown.equals(table[list(shown.columns)])  # rows and cells as they were
