"""A value just short of its target never reads as reaching it, wherever it is written.

59,96 % for a 60 % target was written « 60 % » beside « Accélération nécessaire » (cards, tables, the
minister's brief and deck, the charts' data tables); and a progress of 99,96 % read « 100 % ».
"""

import sys

import pytest
from barometre.api import compute
from barometre.brief.content import build_content
from barometre.charts.overview import overview_chart, overview_table
from barometre.charts.trend import trend_chart, trend_table
from barometre.i18n import format_percent, format_value
from barometre.report_context import context, target_card
from barometre.sections import targets_table
from conftest import ROOT, plain, rewrite_csv
from pptx.oxml.ns import qn

sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from synthetic import write_dataset  # noqa: E402

PERIOD = "2022-2023"


@pytest.mark.parametrize(
    ("x", "goal", "at_most", "fr", "en"),
    [(0.5996, 0.6, False, "59,9 %", "59.9%"),  # short of 60 %: not « 60 % »
     (0.59996, 0.6, False, "59,9 %", "59.9%"),
     (0.6, 0.6, False, "60 %", "60%"),  # reached: as ever
     (0.6004, 0.6, False, "60 %", "60%"),
     (0.2503, 0.25, True, "25,1 %", "25.1%"),  # above « au plus 25 % »: not « 25 % »
     (0.2497, 0.25, True, "25 %", "25%"),
     (0.9996, None, False, "99,9 %", "99.9%"),  # short of everything: never « 100 % »
     (1.0, None, False, "100 %", "100%"),
     (0.125, 0.6, False, "12,5 %", "12.5%")],
)  # fmt: skip
def test_a_value_short_of_its_goal_is_rounded_away_from_it(x, goal, at_most, fr, en):
    assert plain(format_value(x, goal, "fr", at_most=at_most)) == fr
    assert format_value(x, goal, "en", at_most=at_most) == en


def test_every_goal_and_distance_stays_on_its_side():
    for goal in [i / 100 for i in range(1, 100)] + [0.125, 1 / 3]:
        for delta in (-4e-4, -4e-5, -1e-9, 0.0, 1e-9, 4e-5, 4e-4):
            x = goal + delta
            for at_most in (False, True):
                shown = float(format_value(x, goal, "en", at_most=at_most).rstrip("%"))
                edge = round(goal * 100, 9)
                if (x > goal) if at_most else (x < goal):
                    assert (shown > edge) if at_most else (shown < edge), (goal, x, at_most)
    assert format_percent(0.99999, "en") == "99.9%" and format_percent(0.00004, "en") == "0.004%"
    assert format_percent(0.1250004, "en") == "12.5%"  # no goal to stay short of: no more decimals


@pytest.fixture(scope="module")
def short_of_60(tmp_path_factory):
    """Three organisations; target 3.1 (60 %) pooled at 1 499 / 2 500 = 59,96 % in 2022-2023."""
    data = write_dataset(tmp_path_factory.mktemp("short") / "data", organisations=3, ambitions=["3"])

    def short_of_60(rows: list[dict]) -> list[dict]:
        latest = [r for r in rows if r["period"] == PERIOD and r["target"] == "3.1"]
        assert len(latest) == 3
        for r, (num, den) in zip(latest, [(500, 1000), (499, 750), (500, 750)], strict=True):
            r["numerator"], r["denominator"] = str(num), str(den)
        return rows

    rewrite_csv(data / "observations.csv", short_of_60)
    return data


def test_a_value_short_of_its_target_never_reads_as_reaching_it(short_of_60):
    res = compute(short_of_60)
    row = res.indicators.query("period == @PERIOD and target == '3.1'").iloc[0]
    assert row["value"] == pytest.approx(0.5996) and row["status"] != "target_achieved"
    ctx = context(short_of_60, PERIOD, "fr")
    card = plain(str(target_card(ctx, ctx.strategy.target("3.1"))))
    assert "<dd>59,9 %</dd>" in card and "<dd>60 %</dd>" in card  # the value, then the target
    assert plain(targets_table(ctx).iloc[0]["Valeur"]) == "59,9 %"
    overview = overview_table(res, PERIOD, "fr", formatted=True)
    assert plain(overview.iloc[0]["Valeur"]) == "59,9 %"
    assert plain(trend_table(res, "3.1", "fr", formatted=True).iloc[-1]["Valeur"]) == "59,9 %"
    for chart in (overview_chart(res, PERIOD, "fr"), trend_chart(res, "3.1", "fr")):  # label and tooltip
        spec = chart.to_dict()
        shown = {plain(str(r.get("value_label"))) for rows in spec["datasets"].values() for r in rows}
        assert "59,9 %" in shown and "60 %" not in shown
        tooltips = str(spec)
        assert "'field': 'value_label'" in tooltips and "'field': 'value', 'format'" not in tooltips
    for lang, text in (("fr", "59,9 %"), ("en", "59.9%")):
        (brief_row,) = build_content(res, PERIOD, lang).rows
        assert plain(brief_row.value_text) == text and brief_row.target_text.startswith("60")


def test_every_chart_tooltip_writes_the_value_as_the_tables_do(short_of_60):
    """d3's « .1% » in a tooltip rounds 59,96 % to « 60,0 % »: each chart's value tooltip is the text."""
    from barometre.charts.organisation import organisation_chart
    from barometre.charts.organisations import distribution_chart, furthest_chart

    res = compute(short_of_60)
    code = res.dataset.organisations["code"].iloc[0]
    charts = [distribution_chart(res, "3.1", PERIOD, "fr"), furthest_chart(res, "3.1", PERIOD, "fr"),
              organisation_chart(res, code, "fr")]  # fmt: skip
    for chart in charts:
        spec = str(chart.to_dict())
        assert "'field': 'value_label'" in spec and "'field': 'value', 'format'" not in spec


def test_the_explorer_s_and_the_plans_tooltips_write_the_value_as_the_tables_do(short_of_60, tmp_path):
    """The explorer's comparison and small multiples, the plan charts (site and explorer) and the index
    chart still had d3's « .1% »: 59,96 % of a 60 % target read « 60,0 % », an actual of 66,67 % against a
    plan of 66,67 % (« En retard sur le plan ») read « 66,7 % »."""
    import shutil

    import pandas as pd
    from barometre.charts.overview import index_chart
    from barometre.charts.trend import comparison_chart
    from barometre.explorer_charts import small_multiples_chart
    from barometre.explorer_plans import plan_versus_actual_chart
    from barometre.plans_charts import plan_chart

    data = tmp_path / "data"
    shutil.copytree(short_of_60, data)
    res = compute(data)
    by_org = res.by_organisation.query("period == @PERIOD and target == '3.1'").set_index("organisation")
    third = by_org["value"].idxmax()  # 500 / 750 = 66,67 %
    (data / "plans.csv").write_text(
        f"organisation,target,period,planned_value\n{third},3.1,{PERIOD},0.6667\n", encoding="utf-8"
    )
    res = compute(data)

    def shown(chart, field: str) -> set[str]:
        spec = chart.to_dict()
        datasets = spec.get("datasets", {}).values()
        return {plain(str(r[field])) for rows in datasets for r in rows if field in r}

    gov = pd.DataFrame({"period": [PERIOD], "series": ["Gouvernement"], "value": [0.5996]})
    for chart in (
        comparison_chart(gov, res.dataset.strategy, "3.1", "fr"),
        small_multiples_chart(res, "3.1", [third]),
    ):
        assert "59,9 %" in shown(chart, "value_label") and "60,0 %" not in shown(chart, "value_label")
        assert "'format': '.1%'" not in str(chart.to_dict())
    for chart in (
        plan_chart(res.dataset, third, PERIOD, "fr"),
        plan_versus_actual_chart(res, "3.1", [third], PERIOD),
    ):
        labels = shown(chart, "shown_label")
        assert "66,6 %" in labels and "66,7 %" in labels, labels  # the actual, then the plan
        assert "'format': '.1%'" not in str(chart.to_dict())
    spec = str(index_chart(res, PERIOD, "fr").to_dict())
    assert "'field': 'value_label'" in spec and "'field': 'progress', 'format'" not in spec


def test_the_decks_charts_label_a_value_short_of_its_target_with_the_decimals_it_takes(short_of_60):
    """The deck's charts keep number formats (live when edited), so PowerPoint rounds 59,96 % to
    « 60,0 % »; that bar is labelled with two decimals instead (« 59,96 % »), each label in the plot's type
    size (they were 18 pt)."""
    from barometre.brief.deck import build_deck
    from barometre.i18n import t

    value_name = t("deck.series.value", "fr", period=PERIOD)
    prs = build_deck(build_content(compute(short_of_60), PERIOD, "fr"))
    short = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_chart:
                continue
            plot = shape.chart.plots[0]
            ids = [str(c).split(" ")[0] for c in plot.categories]
            value = next(s for s in plot.series if len(plot.series) == 1 or s.name == value_name)
            for label in value._element.iter(qn("c:dLbl")):
                size = label.find(f"{qn('c:txPr')}/{qn('a:p')}/{qn('a:pPr')}/{qn('a:defRPr')}").get("sz")
                assert int(size) == plot.data_labels.font.size.pt * 100
                if len(plot.series) == 2 and ids[int(label.find(qn("c:idx")).get("val"))] == "3.1":
                    short.append(label.find(qn("c:numFmt")).get("formatCode"))
    assert short and all(fmt == "[$-C0C]0.00\u00a0%" for fmt in short), short
