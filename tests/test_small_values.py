"""A target whose values are very small percentages (about 0,3 %) reads on every page as it moved.

A tester's target of 1 % at 0,261 % then 0,306 % read « ≈ +0,0 pt depuis 2022-2023 » beside « Progrès
limités », « intervalle à 95 % : 0,3 % à 0,3 % », a history of 0,2 % / 0,3 % / 0,3 %, « Écart −0,0 pt » on
an organisation's page, and nine organisations from −0,81 to −0,76 point « ex aequo » at « −0,8 pt ».
Here the demo's 2.1 (50 %) is given values of that size.
"""

import json
import re

import pytest
from barometre import charts, sections
from barometre.i18n import t
from barometre.sections_ambition import target_intro
from conftest import plain, rewrite_csv, shown

PERIOD, TARGET = "2022-2023", "2.1"
# out of 100 000 per organisation: 0,2 %, 0,23 %, 0,261 %, then 0,306 % on average (the offsets cancel out)
BEFORE = {"2019-2020": 200, "2020-2021": 230, "2021-2022": 261}
NOW, OFFSETS = 306, (-60, -59, -40, 40, 59, 60)


@pytest.fixture
def small(demo_copy):
    """The demo with 2.1 about 0,3 %: in 2022-2023 three organisations lowest (0,246 %, 0,247 %, 0,266 %)."""

    def shrink(rows: list[dict]) -> list[dict]:
        now = [r for r in rows if r["target"] == TARGET and r["period"] == PERIOD]
        assert len(now) > len(OFFSETS)
        for r in rows:
            if r["target"] == TARGET:
                r["numerator"], r["denominator"] = str(BEFORE.get(r["period"], NOW)), "100000"
        for r, offset in zip(now, OFFSETS, strict=False):
            r["numerator"] = str(NOW + offset)
        return rows

    rewrite_csv(demo_copy / "observations.csv", shrink)
    return demo_copy


def test_a_small_change_reads_as_it_moved_on_the_card_and_in_its_history(small):
    for lang, change, history in (("fr", "+0,05 pt", ["0,2 %", "0,23 %", "0,26 %", "0,31 %"]),
                                  ("en", "+0.05 pts", ["0.2%", "0.23%", "0.26%", "0.31%"])):  # fmt: skip
        ctx = sections.context(small, PERIOD, lang)
        card = plain(sections._trend(ctx, TARGET)[1])
        assert card.startswith(t("trend.since", lang, delta=change, period="2021-2022")), card
        table = charts.trend_table(ctx.results, TARGET, lang, formatted=True)
        assert [plain(v) for v in table[t("chart.col.value", lang)]] == history


def test_a_small_change_that_is_large_beside_its_values_is_a_rise_everywhere(small):
    """0,261 % to 0,306 % (+17 %) read « ≈ +0,05 pt »: stable beside targets that moved half a point. The
    card, the brief's table and the deck's table say « ▲ », and the methodology page says the rule."""
    from barometre.api import results
    from barometre.brief import build_content
    from barometre.brief.deck import build_deck

    for lang in ("fr", "en"):
        ctx = sections.context(small, PERIOD, lang)
        assert sections._trend(ctx, TARGET)[0] == "▲"
        row = next(r for r in build_content(results(small), PERIOD, lang).rows if r.id == TARGET)
        assert (row.arrow, plain(row.change_text)) == ("▲", "+0,05 pt" if lang == "fr" else "+0.05 pts")
        method = plain(shown(sections.methodology(ctx)))
        assert t("methodology.change_signs", lang, points="0,5" if lang == "fr" else "0.5",
                 share="5 %" if lang == "fr" else "5%").replace("\u00a0", " ") in method  # fmt: skip
    deck = build_deck(build_content(results(small), PERIOD, "fr"))
    cells = [
        c.text for s in deck.slides for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells
    ]
    assert any(plain(c).startswith("▲ +0,05 pt") for c in cells), cells


def test_a_small_value_s_interval_reads_as_two_values(small):
    ctx = sections.context(small, PERIOD, "fr")
    row = ctx.row(TARGET)
    assert row["ci_low"] < row["value"] < row["ci_high"]
    said = plain(shown(target_intro(ctx, ctx.strategy.target(TARGET))))
    low, high = re.search(r"intervalle à 95 % : (\S+) % à (\S+) %", said).groups()
    assert float(low.replace(",", ".")) < 0.31 < float(high.replace(",", ".")), said  # not « 0,3 % à 0,3 % »
    assert "Valeur 0,31 %" in said and "point de départ 0,2 %" in said


def test_organisations_tie_only_when_their_gaps_read_the_same_at_the_values_precision(small):
    """Every organisation read « −49,7 pts » from 50 %: all ex aequo, none named. Written to the hundredth,
    as their values are, the three furthest are named (two tied, named whole) and the rest counted."""
    ctx = sections.context(small, PERIOD, "fr")
    frame, tied, gap = charts.furthest_with_tie(ctx.results, TARGET, PERIOD, "fr", n=5, formatted=True)
    gaps = [plain(g) for g in frame[t("chart.col.gap", "fr")]]
    assert gaps == ["−49,75 pts", "−49,75 pts", "−49,73 pts"]
    reporting = int(ctx.row(TARGET)["organisations_reporting"])
    assert (tied, plain(gap)) == (reporting - len(OFFSETS), "−49,69 pts")


def test_an_organisation_s_gap_to_a_small_government_value_is_not_zero(small):
    by = sections.context(small, PERIOD, "fr").results.by_organisation
    lowest = (
        by[(by["target"] == TARGET) & (by["period"] == PERIOD)].sort_values("value")["organisation"].iloc[0]
    )
    for lang, said in (("fr", "−0,06 pt"), ("en", "−0.06 pts")):
        ctx = sections.context(small, PERIOD, lang)
        gaps = sections.organisation_table(ctx, lowest).set_index(t("col.target_id", lang))[
            t("col.gap", lang)
        ]
        assert plain(gaps[TARGET]) == said


def test_plans_short_of_a_small_target_say_by_how_much_at_its_precision():
    """« le gouvernement atteint 0,34 % en 2024-2025 (cible 1 %) : les plans ne suffisent pas, il manque
    0,7 point »: the distance is as precise as the two values it is between."""
    import pandas as pd
    from barometre.plans_sections import _verdict
    from conftest import DEMO

    row = pd.Series({"planned_value": 0.0034, "target_value": 0.01, "period": PERIOD, "plans_suffice": False})
    for lang, said in (("fr", "0,34 % en 2022-2023 (cible 1 %)"), ("en", "0.34% in 2022-2023 (target 1%)")):
        ctx = sections.context(DEMO, PERIOD, lang)
        verdict = plain(_verdict(ctx, ctx.strategy.target(TARGET), row))
        assert said in verdict and ("0,66 point." if lang == "fr" else "0.66 points.") in verdict, verdict


# --------------------------------------------------------------------------- the value axis of small values


@pytest.fixture
def small_goal(small):
    """:func:`small` with 2.1's target at 0,44 % (its values 0,2 % to 0,31 %), its plans a hundredth of the
    demo's: on 0–100 % its line, points and target sat flat on the bottom of every chart."""
    import yaml
    from conftest import rewrite_csv, with_next_year

    with_next_year(small, "2023-2024")  # a strategy file of the dataset's own, to change
    raw = yaml.safe_load((small / "strategy.yaml").read_text(encoding="utf-8"))
    next(tg for tg in raw["targets"] if tg["id"] == TARGET)["target_value"] = 0.0044
    (small / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")

    def hundredth(rows: list[dict]) -> list[dict]:
        for r in rows:
            if r["target"] == TARGET:
                r["planned_value"] = str(round(float(r["planned_value"]) / 100, 6))
        return rows

    rewrite_csv(small / "plans.csv", hundredth)
    return small


def value_domains(spec: dict) -> list:
    """Every explicit domain of a value scale (field ``value``, ``shown``, ``ci_low``) in a chart's spec."""
    stack, found = [spec], []
    while stack:
        node = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
        stack += list(children)
        encoding = node.get("encoding", {}) if isinstance(node, dict) else {}
        found += [
            e["scale"]["domain"] for e in (encoding.get("x", {}), encoding.get("y", {}))
            if e.get("field") in ("value", "shown", "ci_low") and "domain" in e.get("scale", {})
        ]  # fmt: skip
    return found


def test_the_axis_ends_at_a_round_step_above_small_numbers_and_at_100_otherwise():
    from barometre.charts.value_axis import axis_format, axis_top

    assert axis_top([0.0032, 0.0044]) == 0.005  # 0,44 % with a tenth of room: 0,5 %
    assert axis_top([0.0046]) == 0.01 and axis_top([0.02, 0.06], None) == 0.1 and axis_top([0.22]) == 0.5
    assert axis_top([0.2, 0.3]) == axis_top([0.75]) == axis_top([]) == axis_top([0.0]) == 1
    assert (axis_format(1), axis_format(0.5), axis_format(0.1), axis_format(0.005)) == (
        ".0%",
        ".0%",
        ".1~%",
        ".2~%",
    )


def test_a_small_target_s_charts_end_at_their_step_and_say_so(small_goal):
    from barometre.api import results
    from barometre.explorer_charts import small_multiples_chart
    from barometre.explorer_plans import plan_versus_actual_chart

    res = results(small_goal)
    codes = list(res.dataset.plans.loc[res.dataset.plans["target"] == TARGET, "organisation"].unique()[:3])
    for lang in ("fr", "en"):
        note = t("chart.axis.small", lang, top="0,5 %" if lang == "fr" else "0.5%")
        one_target = {
            "trend": charts.trend_chart(res, TARGET, lang),
            "distribution": charts.distribution_chart(res, TARGET, PERIOD, lang),
            "furthest": charts.furthest_chart(res, TARGET, PERIOD, lang),
            "multiples": small_multiples_chart(res, TARGET, codes, lang),
            "plans": plan_versus_actual_chart(res, TARGET, codes, PERIOD, lang),
            "comparison": charts.comparison_chart(
                res.indicators[res.indicators["target"] == TARGET].assign(series="g"), res.dataset.strategy,
                TARGET, lang,
            ),
        }  # fmt: skip
        for name, chart in one_target.items():
            spec = chart.to_dict()
            assert value_domains(spec) and all(d == [0, 0.005] for d in value_domains(spec)), name
            assert plain(note) in [plain(line) for line in spec["title"]["subtitle"]], name
            assert plain(note) in plain(spec["description"]), name
            assert '"format": ".2~%"' in json.dumps(spec), name  # its ticks: « 0,1 % », not « 0 % »


def test_a_small_target_s_panel_ends_at_its_step_beside_others_at_100(small_goal):
    """The organisation page's and the plan page's panels, one per target: 2.1's to 0,5 %, the others' to 100 %."""
    from barometre.api import results
    from barometre.charts.value_axis import TOP_FIELD
    from barometre.plans_charts import plan_chart

    res = results(small_goal)
    code = res.dataset.plans.loc[res.dataset.plans["target"] == TARGET, "organisation"].iloc[0]
    for chart in (charts.organisation_chart(res, code, "fr"), plan_chart(res.dataset, code, PERIOD, "fr")):
        spec = chart.to_dict()
        assert spec["resolve"]["scale"]["y"] == "independent"
        rows = next(iter(spec["datasets"].values()))
        tops = {r["target"]: r[TOP_FIELD] for r in rows}
        assert tops[TARGET] == 0.005 and {v for k, v in tops.items() if k != TARGET} == {1}
        assert "pour 2.1 (de 0 à 0,5 %)" in plain(spec["title"]["subtitle"])


def test_each_small_axis_chart_s_description_ends_with_the_note_and_a_full_stop(small_goal):
    """Two charts ended their description « … pas à 100 %. », four « … pas à 100 % » with no full stop, the
    organisation's and the plan's panels too: one style, the note last, then a full stop."""
    from barometre.api import results
    from barometre.charts.value_axis import panels_note
    from barometre.explorer_charts import small_multiples_chart
    from barometre.explorer_plans import plan_versus_actual_chart
    from barometre.plans_charts import plan_chart

    res = results(small_goal)
    codes = list(res.dataset.plans.loc[res.dataset.plans["target"] == TARGET, "organisation"].unique()[:3])
    for lang in ("fr", "en"):
        note = t("chart.axis.small", lang, top="0,5 %" if lang == "fr" else "0.5%")
        panels = panels_note({TARGET: 0.005}, lang)
        comparison = res.indicators[res.indicators["target"] == TARGET].assign(series="g")
        for name, chart, said in (
            ("trend", charts.trend_chart(res, TARGET, lang), note),
            ("distribution", charts.distribution_chart(res, TARGET, PERIOD, lang), note),
            ("furthest", charts.furthest_chart(res, TARGET, PERIOD, lang), note),
            ("multiples", small_multiples_chart(res, TARGET, codes, lang), note),
            ("plans", plan_versus_actual_chart(res, TARGET, codes, PERIOD, lang), note),
            ("comparison", charts.comparison_chart(comparison, res.dataset.strategy, TARGET, lang), note),
            ("organisation", charts.organisation_chart(res, codes[0], lang), panels),
            ("plan", plan_chart(res.dataset, codes[0], PERIOD, lang), panels),
        ):
            text, end = plain(chart.to_dict()["description"]), plain(said) + "."
            before = text.removesuffix(end)  # a sentence, ended, before the note (the comparison has none)
            assert text.endswith(end) and (before == "" or before.endswith(". ")), (name, text[-120:])
            # the explorer's panels said « même échelle de 0 à 100 % » before « … va de 0 à 0,5 % »
            assert "100" not in before, (name, before)


def test_a_small_axis_s_ticks_read_with_their_decimals(small_goal):
    """Drawn: « 0 %, 0,1 %, … 0,5 % »; with the 0–100 % format the axis read « 0 %, 0 %, 0 %, 1 %, 1 % »."""
    import vl_convert as vlc
    from barometre.api import results

    res = results(small_goal)
    for lang, ticks in (("fr", ["0 %", "0,1 %", "0,2 %", "0,3 %", "0,4 %", "0,5 %"]),
                        ("en", ["0%", "0.1%", "0.2%", "0.3%", "0.4%", "0.5%"])):  # fmt: skip
        svg = vlc.vegalite_to_svg(charts.trend_chart(res, TARGET, lang).to_dict())
        groups = re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg, re.S)
        labels = [plain(x) for x in re.findall(r"<text [^>]*>([^<]*)</text>", groups[-1])]
        assert [x for x in labels if x in ticks] == ticks, labels
        assert len(set(labels)) == len(labels), labels


def test_the_demo_s_charts_of_one_target_still_end_at_100():
    """The Québec demo's values (20 % to 90 %) and targets (50 % to 100 %): every chart keeps 0–100 %."""
    from barometre.api import results
    from barometre.explorer_charts import small_multiples_chart
    from barometre.plans_charts import plan_chart
    from conftest import DEMO

    res = results(DEMO)
    codes = list(res.dataset.plans["organisation"].unique()[:4])
    for target in res.dataset.strategy.target_ids:
        for chart in (
            charts.trend_chart(res, target, "fr"),
            charts.distribution_chart(res, target, PERIOD, "fr"),
            charts.furthest_chart(res, target, PERIOD, "fr"),
            small_multiples_chart(res, target, codes, "fr"),
        ):
            spec = chart.to_dict()
            assert {str(d) for d in value_domains(spec)} == {"[0, 1]"}
            assert t("chart.axis.small", "fr", top="")[:20] not in str(spec), target
    for code in codes:
        for chart in (
            charts.organisation_chart(res, code, "fr"),
            plan_chart(res.dataset, code, PERIOD, "fr"),
        ):
            spec = chart.to_dict()
            assert "resolve" not in spec or "scale" not in spec["resolve"], code
            assert {str(d) for d in value_domains(spec)} == {"[0, 1]"}, code


def test_a_small_panel_of_a_target_whose_id_is_a_word_is_named_by_its_label(small_goal):
    """« … ne va pas à 100 % pour reuse (de 0 à 0,5 %) »: a word id (the GC import's « uptake ») is named by
    its label on every page, in the small-axis note too."""
    import yaml
    from barometre.api import results
    from barometre.plans_charts import plan_chart
    from conftest import rewrite_csv

    raw = yaml.safe_load((small_goal / "strategy.yaml").read_text(encoding="utf-8"))
    text = yaml.safe_dump(raw, allow_unicode=True).replace("'2.1'", "reuse")
    (small_goal / "strategy.yaml").write_text(text, encoding="utf-8")
    for name in ("observations.csv", "plans.csv"):
        rewrite_csv(small_goal / name, lambda rows: [{**r, "target": "reuse" if r["target"] == TARGET else r["target"]}
                                                     for r in rows])  # fmt: skip
    res = results(small_goal)
    label = res.dataset.strategy.target("reuse").short("fr")
    code = res.dataset.plans.loc[res.dataset.plans["target"] == "reuse", "organisation"].iloc[0]
    for chart in (charts.organisation_chart(res, code, "fr"), plan_chart(res.dataset, code, PERIOD, "fr")):
        subtitle = plain(chart.to_dict()["title"]["subtitle"])
        assert f"pour {plain(label)} (de 0 à 0,5 %)" in subtitle and "reuse" not in subtitle, subtitle
