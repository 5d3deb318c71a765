"""Charts: encodings, target line, interval band, projection, locale, accessibility, selection."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import altair as alt
import barometre as b
import pandas as pd
import pytest
import vl_convert as vlc
import yaml
from barometre import charts
from barometre.i18n import format_goal, format_percent, t, vega_format_locale
from chart_contrast import contrast_on_white, pale_marks
from chart_text import assert_no_overlap, text_boxes
from conftest import rewrite_csv, with_strategy

pytestmark = pytest.mark.cost(7)  # CPU-seconds: the costliest start first (conftest)

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
PERIOD = "2022-2023"


@pytest.fixture(scope="module")
def res() -> b.Results:
    """Results of the demo dataset."""
    return b.compute(DEMO, b.Options(bootstrap=60))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> b.Results:
    """A two-ambition strategy whose target 5.2 has no target value (and no contributions)."""
    folder = tmp_path_factory.mktemp("small") / "demo"
    shutil.copytree(DEMO, folder)
    raw = yaml.safe_load((ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text("utf-8"))
    raw["id"] = "small-test"
    raw["ambitions"] = [a for a in raw["ambitions"] if str(a["id"]) in ("1", "5")]
    raw["targets"] = [x for x in raw["targets"] if x["id"] in ("1.1", "5.2")]
    for x in raw["targets"]:
        if x["id"] == "5.2":
            x.pop("target_value", None)
    raw["contributions"] = []
    (folder / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    meta = yaml.safe_load((folder / "dataset.yaml").read_text("utf-8"))
    meta["strategy"] = "strategy.yaml"
    (folder / "dataset.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
    return b.compute(folder, b.Options(bootstrap=20))


def layers(spec: dict) -> list[dict]:
    """Every unit spec (with a mark) inside a layered/concatenated/faceted spec."""
    found = []
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "mark" in node:
                found.append(node)
            for key in ("layer", "hconcat", "vconcat", "concat"):
                stack.extend(node.get(key, []))
            if "spec" in node:
                stack.append(node["spec"])
    return found


def mark_type(unit: dict) -> str:
    """The mark type of a unit spec."""
    mark = unit["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def data_of(spec: dict, unit: dict) -> list[dict]:
    """The inline data rows a unit spec uses (Altair puts them in ``datasets``)."""
    data = unit.get("data") or spec.get("data")
    return spec["datasets"][data["name"]]


def texts(spec: dict) -> str:
    """All the text of a spec, for 'is this label present' checks."""
    return json.dumps(spec, ensure_ascii=False)


# --------------------------------------------------------------------------- trend


def test_trend_encodings_band_target_and_projection(res: b.Results) -> None:
    spec = charts.trend_chart(res, "1.1", "fr").to_dict()
    units = layers(spec)
    lines = [u for u in units if mark_type(u) == "line"]
    main = lines[0]
    assert main["encoding"]["x"]["field"] == "period"
    assert main["encoding"]["x"]["type"] == "ordinal"
    assert main["encoding"]["x"]["scale"]["domain"] == list(res.dataset.strategy.periods)
    assert main["encoding"]["y"]["field"] == "value"
    assert main["encoding"]["y"]["axis"]["format"] == ".0%"
    # 95 % band from ci_low to ci_high.
    band = next(u for u in units if mark_type(u) == "area")
    assert band["encoding"]["y"]["field"] == "ci_low"
    assert band["encoding"]["y2"]["field"] == "ci_high"
    rows = data_of(spec, band)
    ind = res.indicators[res.indicators["target"] == "1.1"].set_index("period")
    assert {r["period"]: r["ci_high"] for r in rows} == pytest.approx(ind["ci_high"].to_dict())
    # Target rule at the strategy's target value.
    target_value = res.dataset.strategy.target("1.1").target_value
    rules = [u for u in units if mark_type(u) == "rule" and u["encoding"]["y"]["field"] == "target_value"]
    assert len(rules) == 1
    assert data_of(spec, rules[0])[0]["target_value"] == pytest.approx(target_value)
    assert "Cible\u00a0: 75\u00a0%" in texts(spec)
    # The deadline itself is counted: no projection segment (it would have zero length).
    assert not [u for u in lines if u["mark"].get("strokeDash")]


def test_trend_projection_to_deadline(res: b.Results) -> None:
    """Results as they stood in 2021-2022: a dashed segment from 2021-2022 to the deadline's projection."""
    ind = res.indicators[res.indicators["period"] != PERIOD]
    then = b.Results(res.dataset, ind, res.by_organisation, res.summary)
    spec = charts.trend_chart(then, "1.1", "fr").to_dict()
    dashed = [u for u in layers(spec) if mark_type(u) == "line" and u["mark"].get("strokeDash")]
    assert len(dashed) == 1
    proj = data_of(spec, dashed[0])
    row = ind[(ind["target"] == "1.1") & (ind["period"] == "2021-2022")].iloc[0]
    assert [r["period"] for r in proj] == ["2021-2022", res.dataset.strategy.deadline_period]
    assert proj[0]["value"] == pytest.approx(row["value"])
    assert proj[1]["value"] == pytest.approx(row["projected_value"])
    assert "Projection 2022-2023\u00a0: 73,8\u00a0%" in texts(spec)


def test_trend_interval_tooltip_rounds_as_the_table(res: b.Results) -> None:
    """d3's « .1% » computes 41/80 × 100 in floats (51.24999…) and wrote « 51,2 % » where the table says
    « 51,3 % »: the tooltip now shows the table's text."""
    ind = res.indicators.copy()
    mask = (ind["target"] == "1.1") & (ind["period"] == PERIOD)
    ind.loc[mask, ["ci_low", "ci_high"]] = [41 / 80, 0.9]
    spec = charts.trend_chart(
        b.Results(res.dataset, ind, res.by_organisation, res.summary), "1.1", "fr"
    ).to_dict()
    tips = [
        tip for u in layers(spec) for tip in u.get("encoding", {}).get("tooltip", []) if isinstance(tip, dict)
    ]
    fields = {tip["field"] for tip in tips}
    assert "ci_low_label" in fields and "ci_low" not in fields and "ci_high" not in fields
    rows = [
        r
        for u in layers(spec)
        if u.get("data")
        for r in data_of(spec, u)
        if r.get("period") == PERIOD and "ci_low_label" in r
    ]
    assert rows and {r["ci_low_label"] for r in rows} == {"51,3\u00a0%"}
    table = charts.trend_table(
        b.Results(res.dataset, ind, res.by_organisation, res.summary), "1.1", "fr", formatted=True
    )
    assert "51,3\u00a0%" in table.iloc[-1].tolist()


def test_trend_projection_starts_at_latest_counted_period(res: b.Results, tmp_path) -> None:
    """4.2 with too few reports in 2021-2022 (a report before the deadline): the projection runs from
    2020-2021, its latest counted period, to the deadline. At the deadline there is none (its table says
    « — »): 4.2 too few reported in 2022-2023 drew one from 2021-2022, its ring on the uncounted cross."""
    from barometre.api import compute_dataset, known_up_to

    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    kept = {"MFSN", "MFEDU"}
    rewrite_csv(folder / "observations.csv", lambda rows: [
        r for r in rows if (r["target"], r["period"]) != ("4.2", "2021-2022") or r["organisation"] in kept
    ])  # fmt: skip
    early = compute_dataset(known_up_to(b.compute(folder, b.Options(bootstrap=20)).dataset, "2021-2022"))
    spec = charts.trend_chart(early, "4.2", "en").to_dict()
    dashed = [u for u in layers(spec) if mark_type(u) == "line" and u["mark"].get("strokeDash")]
    proj = data_of(spec, dashed[0])
    ind = early.indicators[early.indicators["target"] == "4.2"].set_index("period")
    assert [r["period"] for r in proj] == ["2020-2021", "2022-2023"]
    assert proj[1]["value"] == pytest.approx(ind.loc["2020-2021", "projected_value"])
    at_deadline = charts.trend_chart(res, "4.2", "en").to_dict()
    assert not [u for u in layers(at_deadline) if mark_type(u) == "line" and u["mark"].get("strokeDash")]
    spec = at_deadline
    # The uncounted period is marked by shape and named in the legend/tooltip.
    points = [u for u in layers(spec) if mark_type(u) == "point" and "shape" in u.get("encoding", {})]
    assert points[0]["encoding"]["shape"]["scale"]["range"] == ["circle", "cross"]
    assert "Insufficient coverage" in texts(spec)
    assert "Insufficient data" in texts(spec)  # the latest status, written out
    # the tooltip answers its title: it read « Period counted | Period counted » for a counted period
    tip = next(
        tip for tip in points[0]["encoding"]["tooltip"] if tip.get("title") == t("chart.col.counted", "en")
    )
    answers = {row[tip["field"]] for row in data_of(spec, points[0])}
    assert answers == {"yes", "no: insufficient coverage (fewer than 50% of organisations)"}, answers


def test_trend_has_title_description_and_translations(res: b.Results) -> None:
    fr = charts.trend_chart(res, "2.1", "fr").to_dict()
    en = charts.trend_chart(res, "2.1", "en").to_dict()
    assert fr["title"]["text"] == t("chart.trend.title", "fr", id="2.1")
    assert en["title"]["text"] == t("chart.trend.title", "en", id="2.1")
    assert fr["title"]["text"] != en["title"]["text"]
    label, status = fr["title"]["subtitle"]  # the target, then the latest status written out
    assert label == res.dataset.strategy.target("2.1").label("fr")
    latest = res.indicators[res.indicators["target"] == "2.1"].dropna(subset=["value"]).iloc[-1]
    assert status == t("chart.trend.status_line", "fr", period=latest["period"],
                       status=charts.status_label(latest["status"], "fr"))  # fmt: skip
    assert "19,3\u00a0%" in fr["description"] and "19.3%" in en["description"]
    tips = {
        tip.get("title")
        for u in layers(fr)
        for tip in u["encoding"].get("tooltip", [])
        if isinstance(tip, dict)
    }
    assert t("chart.col.value", "fr") in tips and t("chart.col.ci_low", "fr") in tips


def test_the_trend_s_text_says_which_periods_are_not_counted(res: b.Results) -> None:
    """4.2's 2022-2023 value (10 organisations of 25) is drawn as a hollow cross and its tooltip says « non »;
    the chart's text gave « 2022-2023 : 55,9 % » as any counted value."""
    ind = res.indicators[res.indicators["target"] == "4.2"].set_index("period")
    assert (
        ind.loc["2022-2023", "organisations_reporting"] < 0.5 * ind.loc["2022-2023", "organisations_expected"]
    )
    for lang in ("fr", "en"):
        text = charts.trend_chart(res, "4.2", lang).to_dict()["description"]
        said = t("chart.trend.value_not_counted", lang, threshold=format_percent(0.5, lang))
        value = format_percent(ind.loc["2022-2023", "value"], lang, 1)
        assert f"2022-2023{t('punct.colon', lang)}{value} {said}" in text, text
        assert text.count(said) == sum(
            r < 0.5 * e
            for r, e in zip(ind["organisations_reporting"], ind["organisations_expected"], strict=True)
        )
    assert "(non comptabilisée" not in charts.trend_chart(res, "1.1", "fr").to_dict()["description"]


def test_locale_is_in_config_and_embed_options(res: b.Results) -> None:
    spec = charts.trend_chart(res, "1.1", "fr").to_dict()
    assert spec["config"]["locale"]["number"] == vega_format_locale("fr")
    assert spec["config"]["locale"]["time"]["months"][2] == "mars"
    assert spec["usermeta"]["embedOptions"]["formatLocale"]["decimal"] == ","
    opts = charts.embed_options("en")
    assert opts["formatLocale"]["decimal"] == "." and opts["timeFormatLocale"]["months"][0] == "January"
    assert set(opts) >= {"formatLocale", "timeFormatLocale"}


def test_french_axis_renders_with_french_percent(res: b.Results) -> None:
    """vl-convert applies config.locale: the French axis reads « 50 % », the English one « 50% »."""
    fr = vlc.vegalite_to_svg(charts.trend_chart(res, "1.1", "fr").to_dict())
    en = vlc.vegalite_to_svg(charts.trend_chart(res, "1.1", "en").to_dict())
    assert "50\u00a0%" in fr or "50&#160;%" in fr or "50&nbsp;%" in fr
    assert "50%" in en and "50%" not in fr


def test_target_without_target_value_has_no_rule(small: b.Results) -> None:
    spec = charts.trend_chart(small, "5.2", "fr").to_dict()
    units = layers(spec)
    assert not [
        u
        for u in units
        if mark_type(u) == "rule" and u["encoding"].get("y", {}).get("field") == "target_value"
    ]
    assert t("chart.trend.no_target_sentence", "fr").strip() in spec["description"]
    assert "Cible\u00a0:" not in texts(spec)
    with_target = charts.trend_chart(small, "1.1", "fr").to_dict()
    assert "Cible\u00a0: 75\u00a0%" in texts(with_target)
    # Status is empty for such a target; its label says so.
    table = charts.trend_table(small, "5.2", "fr")
    assert set(table[t("chart.col.status", "fr")]) == {t("status.not_applicable", "fr")}
    assert table[t("chart.col.target_value", "fr")].isna().all()


def test_trend_table_matches_indicators(res: b.Results) -> None:
    table = charts.trend_table(res, "3.1", "en")
    ind = res.indicators[res.indicators["target"] == "3.1"].reset_index(drop=True)
    assert list(table["Period"]) == list(ind["period"])
    assert table["Value"].tolist() == pytest.approx(ind["value"].tolist())
    fr = charts.trend_table(res, "3.1", "fr", formatted=True)
    assert fr["Valeur"].iloc[0] == "24,5\u00a0%"
    assert list(fr.columns) != list(table.columns)


# --------------------------------------------------------------------------- distribution


def rule_labels(spec: dict) -> dict[str, tuple[float, str, int]]:
    """The distribution chart's rule labels: kind → (value, align, dx)."""
    found = {}
    for u in layers(spec):
        rows = spec.get("datasets", {}).get(u.get("data", {}).get("name"), [])
        if mark_type(u) == "text" and rows and "kind" in rows[0]:
            found[rows[0]["kind"]] = (rows[0]["x"], u["mark"]["align"], u["mark"]["dx"])
    return found


def test_distribution_rule_labels_stay_inside_a_narrow_chart(res: b.Results) -> None:
    """Government and target labels past the middle of the axis end at their rule (a phone's narrow
    chart cut them on the right); those before it start there."""
    high = rule_labels(charts.distribution_chart(res, "1.1", PERIOD, "fr").to_dict())
    assert high["gov"][0] > 0.5 and high["gov"][1:] == ("right", -3), high  # 73,6 %
    assert high["target"] == (0.75, "right", -3), high
    low = rule_labels(charts.distribution_chart(res, "2.1", PERIOD, "fr").to_dict())
    assert low["gov"][0] < 0.5 and low["gov"][1:] == ("left", 3), low  # 28,5 %


@pytest.mark.parametrize("width", [150, 400])  # a phone's plot, the desktop's
def test_distribution_values_sit_in_a_column_clear_of_points_and_rules(res: b.Results, width: int) -> None:
    """Each organisation's value was written next to its point, over the government and target rules
    wherever values neared them (1.1: « 72,7 % » across both): the values now stand in a column right
    of the plot, and no two labels overlap."""
    for target in res.dataset.strategy.targets:
        spec = charts.distribution_chart(res, target.id, PERIOD, "fr").properties(width=width).to_dict()
        boxes = text_boxes(vlc.vegalite_to_svg(spec))
        values = [bx for bx in boxes if ":" not in bx[0]]
        assert len(values) == len(charts.distribution_table(res, target.id, PERIOD, "fr")), target.id
        assert all(left >= width for _, left, *_ in values), (target.id, values)
        assert len({round(left) for _, left, *_ in values}) == 1, target.id  # one column
        assert_no_overlap(boxes, f"{target.id} ({width} px)")


@pytest.mark.parametrize("kind", ["overview", "index"])
def test_overview_values_sit_in_a_column_right_of_the_bars(res: b.Results, kind: str) -> None:
    """The overview wrote each value at its bar's end, where the target's tick crossed the values close
    below their target (1.1: « 73,6 % » under the tick at 75 %), and the index chart's longest bar put
    its value past the chart's edge on a phone (« 96,2 % »): the values now stand in a column right of
    the bars' plot, where no tick goes."""
    import re

    for lang in ("fr", "en"):
        if kind == "overview":
            spec = charts.overview_chart(res, PERIOD, lang).to_dict()
            width, rows = spec["hconcat"][0]["width"], len(res.dataset.strategy.targets)
        else:
            spec = charts.index_chart(res, PERIOD, lang, include_ambitions=True).to_dict()
            width, rows = spec["width"], len(charts.index_table(res, PERIOD, lang, include_ambitions=True))
        values = [bx for bx in text_boxes(vlc.vegalite_to_svg(spec)) if re.fullmatch(r"[\d.,]+\s?%", bx[0])]
        assert len(values) == rows, (lang, values)
        assert all(left >= width for _, left, *_ in values), (lang, width, values)
        assert len({round(left) for _, left, *_ in values}) == 1, values  # one column


def test_distribution_selection_bound_to_select(res: b.Results) -> None:
    spec = charts.distribution_chart(res, "1.1", PERIOD, "fr", highlight="MFSN").to_dict()
    params = [p for u in layers(spec) for p in u.get("params", [])] + spec.get("params", [])
    sel = next(p for p in params if p["name"] == "organisation_highlight")
    assert sel["select"]["type"] == "point"
    assert sel["select"]["fields"] == ["organisation"]
    assert sel["bind"]["input"] == "select"
    assert sel["bind"]["options"][0] is None
    assert "MFSN" in sel["bind"]["options"]
    assert "Ministère fictif de la Santé numérique" in sel["bind"]["labels"]
    # in French alphabetical order, as the explorer's list: « l'Éducation » came after « l'Environnement »
    from barometre.aliases import name_key

    names = sel["bind"]["labels"][1:]
    assert names == sorted(names, key=name_key) and names != sorted(names), names
    assert sel["value"] == [{"organisation": "MFSN"}]
    points = next(u for u in layers(spec) if mark_type(u) == "point")
    assert points["encoding"]["opacity"]["condition"]["param"] == "organisation_highlight"
    assert points["encoding"]["shape"]["field"] == "status_label"  # status by shape, not only colour
    assert points["encoding"]["x"]["axis"]["format"] == ".0%"
    n = len(res.by_organisation.query("target == '1.1' and period == @PERIOD"))
    assert len(data_of(spec, points)) == n
    assert f"({n} organisations)" in spec["description"]


def test_distribution_table_changes_with_period(res: b.Results) -> None:
    a = charts.distribution_table(res, "4.2", "2021-2022", "fr")
    c = charts.distribution_table(res, "4.2", PERIOD, "fr")
    assert len(a) != len(c)  # 22 vs 10 organisations reported 4.2
    assert a["Valeur"].is_monotonic_decreasing


# --------------------------------------------------------------------------- furthest


def test_furthest_lists_largest_gaps_first(res: b.Results) -> None:
    table = charts.furthest_table(res, "5.2", PERIOD, "fr", n=5)
    sub = res.by_organisation.query("target == '5.2' and period == @PERIOD")
    gaps = (sub["value"] - sub["target_value"]).sort_values()
    assert len(table) == 5
    assert table["Écart à la cible"].tolist() == pytest.approx(gaps.head(5).tolist())
    assert (table["Écart à la cible"] < 0).all()
    spec = charts.furthest_chart(res, "5.2", PERIOD, "fr", n=5).to_dict()
    bars = next(u for u in layers(spec) if mark_type(u) == "bar")
    assert len(data_of(spec, bars)) == 5
    assert spec["title"]["text"] == t("chart.furthest.title", "fr", id="5.2", period=PERIOD)
    assert "pts" in texts(spec)


def test_furthest_lists_an_organisation_on_a_threshold_to_pass(tmp_path: Path) -> None:
    """6.1 « plus de 50 % »: an organisation at 1/2 has not passed it, so it is behind (gap 0), not left out."""
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)

    def half(rows: list[dict]) -> list[dict]:
        for r in rows:
            if r["target"] == "6.1" and r["period"] == PERIOD:
                r["numerator"], r["denominator"] = ("1", "2") if r["organisation"] == first else ("9", "10")
        return rows

    first = (
        pd.read_csv(folder / "observations.csv", dtype=str).query("target == '6.1'")["organisation"].iloc[0]
    )
    rewrite_csv(folder / "observations.csv", half)
    table = charts.furthest_table(b.compute(folder, b.Options(bootstrap=0)), "6.1", PERIOD, "fr", n=5)
    assert table["Code"].tolist() == [first]
    assert table["Écart à la cible"].tolist() == [0.0]


def test_furthest_names_no_organisation_among_those_tied_at_the_cut(tmp_path: Path) -> None:
    """Eight organisations at 0 % of 5.2 (75 %): the five « furthest » were the first five of them by name,
    read as a ranking. Those tied at the cut are counted, not named; the ambition page says so."""
    from barometre.report_context import context
    from barometre.sections_ambition import furthest_organisations

    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    rows = pd.read_csv(folder / "observations.csv", dtype=str).query("target == '5.2' and period == @PERIOD")
    zero = set(rows["organisation"].iloc[:8])

    def behind(rows: list[dict]) -> list[dict]:
        for r in rows:
            if r["target"] == "5.2" and r["period"] == PERIOD and r["organisation"] in zero:
                r["numerator"] = "0"
        return rows

    rewrite_csv(folder / "observations.csv", behind)
    res = b.compute(folder, b.Options(bootstrap=0))
    table = charts.furthest_table(res, "5.2", PERIOD, "fr", n=5)
    assert table.empty  # all five places fall among the eight tied
    assert charts.furthest_tie(res, "5.2", PERIOD, "fr", n=5) == (8, "\u221275,0\u00a0pts")
    assert charts.furthest_tie(res, "5.2", PERIOD, "fr", n=10)[0] == 0  # ten places: the tie fits whole
    assert len(charts.furthest_table(res, "5.2", PERIOD, "fr", n=10)) == 10
    # two tied at the fifth place are both named, the table a line longer; five are counted
    from barometre.ties import Cut, cut

    assert cut(list("abcdeef"), 5) == Cut(6) and cut(list("aeeeeef"), 3) == Cut(1, 5)
    assert cut(list("abcdeef"), 5, most=5) == Cut(4, 2)  # named whole only within ``most``
    page = str(furthest_organisations(context(folder, PERIOD, "fr"), res.dataset.strategy.target("5.2")))
    assert "8 organisations sont ex aequo au plus grand écart" in html.unescape(page).replace("\u00a0", " ")
    assert "<table" not in page


def test_furthest_without_target_uses_lowest_values(small: b.Results) -> None:
    spec = charts.furthest_chart(small, "5.2", PERIOD, "en").to_dict()
    assert spec["title"]["text"] == t("chart.furthest.title_no_target", "en", id="5.2", period=PERIOD)
    assert not [u for u in layers(spec) if mark_type(u) == "tick"]


# --------------------------------------------------------------------------- overview and index


def test_overview_shows_status_as_text_and_shape(res: b.Results) -> None:
    spec = charts.overview_chart(res, PERIOD, "fr").to_dict()
    units = layers(spec)
    assert any(mark_type(u) == "text" and u["encoding"]["text"]["field"] == "status_label" for u in units)
    assert any(mark_type(u) == "point" and u["encoding"]["shape"]["field"] == "status_label" for u in units)
    bars = next(u for u in units if mark_type(u) == "bar")
    rows = data_of(spec, bars)
    assert [r["target"] for r in rows] == res.dataset.strategy.target_ids
    ind = res.period_indicators(PERIOD).set_index("target")
    for r in rows:
        assert r["status_label"] == charts.status_label(ind.loc[r["target"], "status"], "fr")
    assert "Recul\u00a0: 1" in spec["description"]
    table = charts.overview_table(res, PERIOD, "en")
    assert len(table) == 10 and "Status" in table.columns


def test_overview_any_strategy(small: b.Results) -> None:
    spec = charts.overview_chart(small, PERIOD, "fr").to_dict()
    bars = next(u for u in layers(spec) if mark_type(u) == "bar")
    assert [r["target"] for r in data_of(spec, bars)] == ["1.1", "5.2"]
    assert "Sans cible chiffrée" in texts(spec)


def test_index_chart_is_mean_progress(res: b.Results) -> None:
    spec = charts.index_chart(res, PERIOD, "fr").to_dict()
    bars = next(u for u in layers(spec) if mark_type(u) == "bar")
    rows = data_of(spec, bars)
    assert rows[0]["label"] == t("chart.global_index", "fr")
    ind = res.period_indicators(PERIOD)
    assert rows[0]["progress"] == pytest.approx(ind["progress"].dropna().mean())
    assert len(rows) == 1 + len(res.dataset.strategy.contributions)
    assert len(charts.index_table(res, PERIOD, "en", include_ambitions=True)) == 1 + 2 + 6


def test_index_chart_without_contributions(small: b.Results) -> None:
    table = charts.index_table(small, PERIOD, "fr")
    assert list(table["Portée"]) == [t("chart.global_index", "fr")]
    charts.index_chart(small, PERIOD, "fr").to_dict()


# --------------------------------------------------------------------------- organisation


def test_organisation_chart_compares_with_government(res: b.Results) -> None:
    spec = charts.organisation_chart(res, "MFSN", "en").to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    kinds = {r["kind"] for r in rows}
    assert kinds == {"organisation", "government"}
    own = res.by_organisation.query("organisation == 'MFSN'")
    # a value each, and a row without one where its line breaks (6.1: no report in 2020-2021)
    assert sum(r["kind"] == "organisation" and r["value"] is not None for r in rows) == len(own)
    assert spec["facet"]["field"] == "target_title"
    # each panel its own period axis: shared, it sat under the last row only (an empty cell's, or 3 000 px
    # below the first panel on a phone)
    assert spec["resolve"]["axis"]["x"] == "independent"
    line = next(u for u in layers(spec) if mark_type(u) == "line")
    assert line["encoding"]["strokeDash"]["field"] == "series"  # told apart by dash, not only colour
    table = charts.organisation_table(res, "MFSN", "fr")
    assert len(table) == len(own)
    gov = res.indicators.set_index(["target", "period"])["value"]
    first = table.iloc[0]
    assert first["Valeur gouvernementale"] == pytest.approx(gov[(first["Cible"], first["Période"])])


# --------------------------------------------------------------------------- every chart is valid


def all_charts(r: b.Results, lang: str) -> dict[str, alt.TopLevelMixin]:
    """One chart of each kind."""
    target = r.dataset.strategy.target_ids[-1]
    org = r.dataset.sample["code"].iloc[0]
    return {
        "trend": charts.trend_chart(r, target, lang),
        "distribution": charts.distribution_chart(r, target, PERIOD, lang, highlight=org),
        "furthest": charts.furthest_chart(r, target, PERIOD, lang),
        "overview": charts.overview_chart(r, PERIOD, lang),
        "index": charts.index_chart(r, PERIOD, lang, include_ambitions=True),
        "organisation": charts.organisation_chart(r, org, lang),
    }


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_chart_validates_renders_and_is_described(res: b.Results, small: b.Results, lang: str) -> None:
    for r in (res, small):
        for name, chart in all_charts(r, lang).items():
            spec = chart.to_dict()  # altair validates against the Vega-Lite schema here
            assert spec.get("description"), name
            assert spec.get("title"), name
            svg = vlc.vegalite_to_svg(spec)
            assert svg.startswith("<svg"), name
            # the organisation's line was Okabe-Ito orange, 2.2:1 on white, the ambitions' bars sky blue
            assert not pale_marks(svg), (name, pale_marks(svg))


def test_series_and_statuses_are_drawn_at_3_to_1_at_least(res: b.Results) -> None:
    """Every colour a chart gives a series or a status reaches 3:1 on white (WCAG 1.4.11), the eighth
    series (Okabe-Ito yellow, 1.2:1 as it is) included, and so do the points drawn in them."""
    for colour in [*charts.SERIES_COLOURS, *charts.STATUS_COLOURS.values()]:
        assert contrast_on_white(colour) >= 3, colour
    strategy = res.dataset.strategy
    frame = pd.DataFrame(
        [{"period": p, "series": f"S{i}", "value": 0.1 * i + 0.02 * j} for i in range(8) for j, p in
         enumerate(strategy.periods)]
    )  # fmt: skip
    svg = vlc.vegalite_to_svg(charts.comparison_chart(frame, strategy, "1.1", "fr", title="8").to_dict())
    assert not pale_marks(svg), pale_marks(svg)


def test_empty_selection_gives_a_described_empty_chart(res: b.Results) -> None:
    """A period nobody reported: a chart that says so, not an error."""
    empty = res.by_organisation.iloc[0:0]
    r = b.Results(res.dataset, res.indicators.iloc[0:0], empty, res.summary.iloc[0:0])
    for chart in (
        charts.trend_chart(r, "1.1", "fr"),
        charts.distribution_chart(r, "1.1", PERIOD, "fr"),
        charts.furthest_chart(r, "1.1", PERIOD, "fr"),
        charts.index_chart(r, PERIOD, "fr"),
        charts.organisation_chart(r, "MFSN", "fr"),
    ):
        spec = chart.to_dict()
        assert t("chart.no_data", "fr") in texts(spec)
        assert spec["description"]
    assert charts.distribution_table(r, "1.1", PERIOD, "fr").empty
    assert isinstance(charts.overview_table(r, PERIOD, "fr"), pd.DataFrame)


def test_palette_is_okabe_ito_and_statuses_have_distinct_shapes() -> None:
    greys = {charts.GREY, charts.NO_TARGET_GREY}
    assert set(charts.STATUS_COLOURS.values()) - greys <= set(charts.ON_WHITE.values())
    assert charts.ON_WHITE.keys() == charts.OKABE_ITO.keys()  # its hues, some darker
    shapes = list(charts.STATUS_SHAPES.values())  # the statuses and "" (no numeric target value)
    assert len(set(shapes)) == len(shapes)


def test_a_status_is_drawn_as_the_icon_its_table_writes(res: b.Results) -> None:
    """« ✔ Cible atteinte » in a table sat beside a diamond in the chart, « ✖ Recul » beside a triangle: each
    status is now drawn as its icon, in every chart with a status legend, inside Vega's symbol box."""
    import re

    from barometre.blocks import STATUS_ICONS
    from barometre.charts.status_glyphs import GLYPHS

    def shape_scales(node):
        if isinstance(node, dict):
            scale = node.get("shape", {}).get("scale", {}) if isinstance(node.get("shape"), dict) else {}
            if "domain" in scale and "range" in scale:
                yield dict(zip(scale["domain"], scale["range"], strict=True))
            for value in node.values():
                yield from shape_scales(value)
        elif isinstance(node, list):
            for value in node:
                yield from shape_scales(value)

    label = {t(f"status.{code}", "fr"): code for code in STATUS_ICONS if code}
    specs = [charts.distribution_chart(res, tg, PERIOD, "fr").to_dict() for tg in ("4.2", "5.2", "1.3")]
    drawn = {
        label[name]: path for spec in specs for scale in shape_scales(spec) for name, path in scale.items()
    }
    assert {"target_achieved", "deterioration", "insufficient_data", "limited_progress"} <= set(drawn)
    for code, path in drawn.items():
        assert path == GLYPHS[STATUS_ICONS[code]], code
    for path in GLYPHS.values():
        numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", path)]
        assert numbers and all(-1 <= n <= 1 for n in numbers), path


def test_descriptions_mention_the_target_line_only_when_it_is_drawn(res: b.Results, small: b.Results) -> None:
    overview = charts.overview_chart(res, PERIOD, "fr").to_dict()["description"]
    assert t("chart.overview.target_clause", "fr") in overview
    # MFSN reports 4.1 and 6.1, targets in shares of organisations: its line there is the threshold
    # (a line at 50 % under « 60 % des organisations … » read as a wrong target)
    org = charts.organisation_chart(res, "MFSN", "en").to_dict()["description"]
    assert org.endswith("(dashes)" + t("chart.organisation.threshold_clause", "en") + ".")
    assert "the threshold each must reach" in org
    pooled = charts.organisation_chart(small, "MFSN", "fr").to_dict()["description"]  # 1.1 and 5.2 only
    assert pooled.endswith("(tirets)" + t("chart.organisation.target_clause", "fr") + ".")


@pytest.mark.parametrize("width", [240, 520])  # a phone's chart, the desktop's
def test_trend_chart_labels_do_not_collide(res: b.Results, width: int) -> None:
    """The target's label and the latest status were both at the right end: near the target (1.1:
    73,6 % for 75 %) they overlapped on a phone. No two labels of any trend chart overlap."""
    for lang in ("fr", "en"):
        for target in res.dataset.strategy.targets:
            svg = vlc.vegalite_to_svg(
                charts.trend_chart(res, target.id, lang).properties(width=width).to_dict()
            )
            boxes = text_boxes(svg)
            assert len(boxes) >= 2, target.id
            assert_no_overlap(boxes, f"{target.id} ({lang}, {width} px)")


def test_points_without_a_target_value_are_visible_in_the_strip_plot(small: b.Results, monkeypatch) -> None:
    """A strategy without target values (the GC's) drew its strip plot with the line-like "stroke" shape
    and no outline: every point was invisible. Drawn to SVG, each point is an area, filled, and shown."""
    import re

    from barometre.charts import organisations

    monkeypatch.setattr(organisations, "DOT_PLOT_MAX", 5)  # the demo's 22 organisations: a strip plot
    spec = charts.distribution_chart(small, "5.2", PERIOD, "fr").to_dict()
    svg = vlc.vegalite_to_svg(spec)
    (points,) = re.findall(r'<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
    paths = re.findall(r"<path ([^>]*)/>", points)
    assert len(paths) == len(small.by_organisation.query("target == '5.2' and period == @PERIOD"))
    for attrs in paths:
        a = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
        assert "Z" in a["d"] or "A" in a["d"], f"a point with no area: {a['d']}"
        assert a["fill"] not in ("none", "transparent") and float(a.get("opacity", 1)) >= 0.2, a
    for status in ("", "insufficient_data"):
        assert contrast_on_white(charts.STATUS_COLOURS[status]) >= 3, status  # WCAG 1.4.11


def test_from_dict_cache_gives_the_same_specs_as_altair(res: b.Results, monkeypatch) -> None:
    """charts.from_dict_cache only keeps altair's class table: every chart is the same without it."""
    import json

    from altair.utils import schemapi
    from barometre.charts import from_dict_cache

    assert schemapi.SchemaBase.from_dict.__func__ is from_dict_cache._from_dict  # installed by charts.base
    with_cache = {
        name: json.dumps(c.to_dict(validate=False), sort_keys=True)
        for name, c in all_charts(res, "fr").items()
    }
    assert from_dict_cache._converters  # the table was kept
    monkeypatch.setattr(schemapi.SchemaBase, "from_dict", classmethod(from_dict_cache._altair_from_dict))
    without = {
        name: json.dumps(c.to_dict(validate=False), sort_keys=True)
        for name, c in all_charts(res, "fr").items()
    }
    assert with_cache == without


def test_layer_copies_gives_the_same_specs_as_altair(res: b.Results, monkeypatch) -> None:
    """charts.layer_copies only skips copies of parameter-free layers: every chart is the same without it."""
    import json

    from altair.vegalite.v6 import api
    from barometre.charts import layer_copies

    assert api._remove_duplicate_params is layer_copies._remove_duplicate_params  # installed by charts.base
    assert api._combine_subchart_params is layer_copies._combine_subchart_params
    with_it = {
        n: json.dumps(c.to_dict(validate=False), sort_keys=True) for n, c in all_charts(res, "fr").items()
    }
    layered = [c for c in all_charts(res, "fr").values() if isinstance(c, alt.LayerChart)]
    # both paths are taken: layers without parameters, and a selection lifted from a layer by altair
    assert layered and any(c.params is not alt.Undefined for c in layered)
    for name in layer_copies.NAMES:
        monkeypatch.setattr(api, name, layer_copies._altair[name])
    without = {
        n: json.dumps(c.to_dict(validate=False), sort_keys=True) for n, c in all_charts(res, "fr").items()
    }
    assert with_it == without


def test_layer_copies_leaves_the_callers_layers_alone() -> None:
    """Layers without parameters are shared, not copied: layering must not change them."""
    df = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    line = alt.Chart(df).mark_line().encode(x="x:Q", y="y:Q").properties(width=200)
    points = alt.Chart(df).mark_point().encode(x="x:Q", y="y:Q")
    before = (line.to_dict(), points.to_dict())
    layered = alt.layer(line, points, title="T")
    assert layered.to_dict()["width"] == 200  # moved up from the layer, as altair does
    assert (line.to_dict(), points.to_dict()) == before


def header_lines(svg: str) -> list[list[str]]:
    """The lines of each panel title (facet header) of a chart drawn to SVG."""
    import html
    import re

    found = []
    for group in re.findall(r'<g class="mark-text role-title-text"[^>]*>(.*?)</g>', svg, re.S):
        for text in re.findall(r"<text [^>]*>(.*?)</text>", group, re.S):
            spans = re.findall(r"<tspan[^>]*>(.*?)</tspan>", text) or [text]
            found.append([html.unescape(s) for s in spans])
    return found


def test_panel_titles_wrap_whole_within_their_panel(res: b.Results) -> None:
    """Each small multiple's title (« 1.1 — 75 % des nouveaux services numériques… ») was cut to one
    line, saying little more than the target's number. Now it takes up to three lines of the panel's
    width and, for the demo's targets, is shown whole."""
    from barometre.charts.panels import PANEL_WIDTH
    from barometre.plans_charts import plan_chart

    org = res.dataset.organisations["code"].iloc[0]
    for lang in ("fr", "en"):
        titles = {f"{tg.id} — {tg.label(lang)}" for tg in res.dataset.strategy.targets}
        for name, chart in [
            ("organisation", charts.organisation_chart(res, org, lang)),
            ("plan", plan_chart(res.dataset, org, "2022-2023", lang)),
        ]:
            shown = [lines for lines in header_lines(vlc.vegalite_to_svg(chart.to_dict())) if len(lines) > 1
                     or " — " in lines[0]]  # fmt: skip
            assert len(shown) >= 5, (name, lang, shown)
            for lines in shown:
                joined = " ".join(lines).replace("\u00a0", " ")
                assert joined in {t.replace("\u00a0", " ") for t in titles}, (name, lang, lines)
                assert not any(line.startswith(("%", ":")) for line in lines[1:]), lines
                for line in lines:
                    assert len(line) * 11 * 0.56 <= PANEL_WIDTH + 10, (name, lang, line)
            assert any(len(lines) > 1 for lines in shown), (name, lang)


def test_wrapped_labels_expr_glues_french_spaces_and_ends_in_an_ellipsis() -> None:
    import json

    from barometre.charts.panels import wrapped_labels_expr

    long = "1.1 — 75 % des services " + "très " * 30 + "fin"
    expr = wrapped_labels_expr([long, "court"], 120, 11, 3)
    lines = json.loads(expr[expr.index("[") : expr.index("]") + 1])
    assert len(lines) == 3 and lines[-1].endswith("…"), lines
    assert "75\u00a0%" in lines[0] or lines[1].startswith("75\u00a0%"), lines
    assert "court" not in expr and expr.endswith(": datum.label")
    assert expr.startswith("datum.value === ")


@pytest.fixture(scope="module")
def down(res: b.Results) -> b.Results:
    """The demo with 5.2 as a target to go down to: at most 25 % (direction: decrease, none in Québec's)."""
    import dataclasses

    from barometre.api import compute_dataset

    strategy = res.dataset.strategy
    targets = tuple(dataclasses.replace(x, direction="decrease", target_value=0.25) if x.id == "5.2" else x
                    for x in strategy.targets)  # fmt: skip
    ds = dataclasses.replace(res.dataset, strategy=dataclasses.replace(strategy, targets=targets))
    return compute_dataset(ds, b.Options(bootstrap=20))


def test_furthest_from_a_target_to_go_down_to(down: b.Results) -> None:
    """A target to go down to (direction: decrease, none in the Québec strategy): the organisations
    furthest from it are those above it. The list gave those below it, i.e. the ones that had met it."""
    table = charts.furthest_table(down, "5.2", PERIOD, "fr", n=5)
    values = down.by_organisation.query("target == '5.2' and period == @PERIOD")["value"]
    assert len(table) == 5 and (table["Valeur"] > 0.25).all()
    assert table["Valeur"].tolist() == pytest.approx(values.sort_values(ascending=False).head(5).tolist())
    assert table["Écart à la cible"].tolist() == pytest.approx((0.25 - table["Valeur"]).tolist())
    assert (table["Écart à la cible"] < 0).all()


def test_a_target_to_go_down_to_reads_at_most(down: b.Results, res: b.Results) -> None:
    """« Valeur cible 25 % » said nothing of a ceiling: the reader took 25 % for a level to reach.
    Wherever a target to go down to is shown as a target it reads « au plus 25 % » (« at most 25% »),
    and plans that overshoot it are « de trop », not « il manque »; a target to reach is unchanged."""
    from barometre.brief.content import build_content
    from barometre.plans_sections import ambition_plans
    from barometre.report_context import ReportContext, target_card

    at_most = {"fr": "au plus 25\u00a0%", "en": "at most 25%"}
    for lang, text in at_most.items():
        trend = charts.trend_table(down, "5.2", lang, formatted=True)
        assert set(trend[t("chart.col.target_value", lang)]) == {text}
        assert text in charts.trend_chart(down, "5.2", lang).to_dict()["description"]
        dist = charts.distribution_table(down, "5.2", PERIOD, lang, formatted=True)
        assert set(dist[t("chart.col.organisation_target", lang)]) == {text}
        assert text in charts.distribution_chart(down, "5.2", PERIOD, lang).to_dict()["description"]
        overview = charts.overview_table(down, PERIOD, lang, formatted=True).set_index(
            t("chart.col.target", lang)
        )
        assert overview.loc["5.2", t("chart.col.target_value", lang)] == text
        assert overview.loc["5.1", t("chart.col.target_value", lang)] == (
            "75\u00a0%" if lang == "fr" else "75%"
        )
        ctx = ReportContext(down, PERIOD, lang)
        assert text in target_card(ctx, down.dataset.strategy.target("5.2"))
        assert text not in target_card(ctx, down.dataset.strategy.target("5.1"))
        brief = build_content(down, PERIOD, lang)
        assert next(r for r in brief.rows if r.id == "5.2").target_text == text
    from barometre.sections_methodology import methodology

    said = t("methodology.decrease", "fr")  # the rule of such a target, only where a strategy has one
    assert said in html.unescape(str(methodology(ReportContext(down, PERIOD, "fr"))))
    assert said not in html.unescape(str(methodology(ReportContext(res, PERIOD, "fr"))))
    # the status legend said « la valeur atteint ou dépasse la cible », wrong for a target to bring down
    for data, key in ((down, "methodology.status_achieved_down"), (res, "methodology.status_achieved")):
        assert t(key, "fr") in html.unescape(str(methodology(ReportContext(data, PERIOD, "fr"))))
    plans = str(ambition_plans(ReportContext(down, PERIOD, "fr"), 5))
    assert "(cible au plus 25\u00a0%)\u00a0: les plans ne suffisaient pas" in plans and "de trop" in plans
    assert "il manquait" not in plans.split("5.2", 1)[1]


def test_a_threshold_to_pass_reads_more_than_in_the_organisation_tables():
    """6.1 counts organisations above one half (``inclusive: false``): the tables gave each organisation
    the target « 50 % », and one at exactly 50 % read as on its target with the status « En bonne voie »."""
    from barometre.api import results
    from barometre.charts.organisation import organisation_table
    from barometre.charts.organisations import distribution_table, furthest_table
    from barometre.i18n import format_goal
    from conftest import DEMO

    res = results(DEMO)
    column = {"fr": "Cible de l'organisation", "en": "Organisation's target"}
    for lang, passed in (("fr", "plus de 50\u00a0%"), ("en", "more than 50%")):
        for table in (distribution_table(res, "6.1", "2022-2023", lang, formatted=True),
                      furthest_table(res, "6.1", "2022-2023", lang, formatted=True)):  # fmt: skip
            assert set(table[column[lang]]) == {passed}, table
        # 4.1 counts organisations at their target or above it (``inclusive: true``): « 100 % »
        assert set(distribution_table(res, "4.1", "2022-2023", lang, formatted=True)[column[lang]]) == {
            format_goal(1.0, lang)
        }
    mine = organisation_table(res, "MFSN", "fr", formatted=True)
    goals = dict(zip(mine["Cible"] + " " + mine["Période"], mine["Cible de l'organisation"], strict=True))
    assert goals["6.1 2022-2023"] == "plus de 50\u00a0%" and goals["1.1 2022-2023"] == "75\u00a0%"
    assert (
        format_goal(0.5, "fr", above=True) == "plus de 50\u00a0%"
        and format_goal(None, "en", above=True) == "—"
    )


def test_the_comparison_chart_keeps_its_width_with_many_organisations():
    """The explorer's comparison chart laid its legend in one row: 6 organisations made it 1 450 px wide, 30
    made it 6 115 px, and names past the fifth were off the screen. Beyond three series, two columns."""
    import re

    from barometre.api import results
    from barometre.charts.trend import comparison_chart

    res = results(DEMO)
    by, codes = res.by_organisation, list(res.dataset.organisations["code"])
    widths = {}
    for n in (2, 12, 25):
        frame = by[(by["target"] == "1.1") & by["organisation"].isin(codes[:n])]
        frame = frame[["period", "organisation", "value"]].rename(columns={"organisation": "series"})
        svg = vlc.vegalite_to_svg(
            comparison_chart(frame, res.dataset.strategy, "1.1", "fr", title="x").to_json()
        )
        widths[n] = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
    assert widths[12] == widths[25] == widths[2] < 700, widths


def test_a_small_tie_named_in_the_table_is_not_said_unnamed_below_it() -> None:
    """The demo's 2020-2021 table for 5.2 named two organisations tied at −32,3 pts, and the sentence under it
    said « Puis 2 organisations sont ex aequo … aucune n'est nommée avant les autres »."""
    from barometre.report_context import context
    from barometre.sections_ambition import furthest_organisations

    for period, target in (("2020-2021", "5.2"), ("2021-2022", "1.1")):
        res = b.compute(DEMO, b.Options(bootstrap=0))
        assert charts.furthest_tie(res, target, period, "fr", n=5) == (0, "")
        page = str(furthest_organisations(context(DEMO, period, "fr"), res.dataset.strategy.target(target)))
        assert "ex aequo" not in page and "<table" in page


def _status_point_outlines(spec) -> list[float]:
    """The outline widths a chart gives its status points (the mark's, the encoding's and their legend's: Vega draws
    a legend symbol's at 1,5 unless told)."""
    found: list[float] = []
    if isinstance(spec, dict):
        encoding = spec.get("encoding", {})
        if "status_label" in json.dumps(encoding.get("shape", {})):
            mark = spec.get("mark", {})
            width = encoding.get("strokeWidth", {})
            found += [w for w in (mark.get("strokeWidth"), width.get("value"), width.get("condition", {}).get("value"))
                      if w]  # fmt: skip
            found += [legend.get("symbolStrokeWidth", 1.5) for channel in ("shape", "color")
                      if (legend := encoding.get(channel, {}).get("legend"))]  # fmt: skip
        for value in spec.values():
            found += _status_point_outlines(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _status_point_outlines(value)
    return found


def test_status_shapes_keep_their_colour_under_a_thin_outline(res, monkeypatch):
    """The organisations' dot plot drew its points with a 1,2 px black outline: the rings of ⊘ « Échéance
    manquée » and ◷ « Cible atteinte en retard » filled with it, two dark discs told apart by neither colour
    nor shape, in the chart and in its legend. Every status point and legend symbol has a thin outline."""
    from barometre.charts import organisations

    drawn = [charts.distribution_chart(res, "5.1", PERIOD), charts.overview_chart(res, PERIOD)]
    monkeypatch.setattr(
        organisations, "DOT_PLOT_MAX", 5
    )  # the strip plot of many, its chosen one drawn large
    for chart in (
        *drawn,
        charts.distribution_chart(res, "5.1", PERIOD),
        charts.distribution_chart(res, "6.1", PERIOD),
    ):
        widths = _status_point_outlines(chart.to_dict())
        assert widths and max(widths) <= 0.5, widths


def _rule_labels(spec: dict) -> list[str]:
    """The texts of a chart's rule labels (its text layers with one datum)."""
    found = []
    for layer in spec.get("layer", []):
        if (
            layer.get("mark", {}).get("type") == "text"
            and layer.get("data", {}).get("name") in spec["datasets"]
        ):
            rows = spec["datasets"][layer["data"]["name"]]
            found += [row["label"] for row in rows if "label" in row and len(rows) == 1]
    return found


def test_organisations_of_a_share_target_are_drawn_against_their_threshold(res):
    """6.1 (60 % of organisations over 50 %) drew each organisation's ratio beside « Cible : 60 % » and
    « Gouvernement : 58,3 % », a share of organisations: one at 56,8 % with ✔ sat left of the target's line.
    Its rule is the threshold each must pass; the government's share is said under the title, with its target."""
    for lang in ("fr", "en"):
        spec = charts.distribution_chart(res, "6.1", PERIOD, lang).to_dict()
        edge = t("goal.above", lang, value="50\u00a0%" if lang == "fr" else "50%")
        assert _rule_labels(spec) == [t("chart.threshold_line", lang, value=edge)]
        gov = res.period_indicators(PERIOD).set_index("target").loc["6.1", "value"]
        share = t("chart.distribution.share_line", lang, value=charts.base._pct(gov, lang),
                  goal="60\u00a0%" if lang == "fr" else "60%")  # fmt: skip
        assert share in spec["title"]["subtitle"]
        plain = charts.distribution_chart(res, "1.1", PERIOD, lang).to_dict()  # a value on the same scale
        assert len(_rule_labels(plain)) == 2 and len(plain["title"]["subtitle"]) == 1


def test_a_rule_label_from_the_middle_on_ends_at_its_rule(res):
    """6.1's « Threshold: more than 50% » started at its rule in the middle of the plot and ran 19 px past
    the chart's right edge on a phone: the room is left of the middle (the organisations' names under it),
    so a label there ends at its rule; a rule left of the middle keeps its label to its right."""
    for lang in ("fr", "en"):
        aligns = {}
        for target_id in ("6.1", "1.1", "2.1"):
            spec = charts.distribution_chart(res, target_id, PERIOD, lang).to_dict()
            for layer in spec["layer"]:
                rows = spec["datasets"].get(layer.get("data", {}).get("name"), [])
                if layer["mark"].get("type") == "text" and len(rows) == 1 and "label" in rows[0]:
                    aligns[rows[0]["label"]] = (rows[0]["x"], layer["mark"]["align"])
        assert aligns and all((a == "right") == (x >= 0.5) for x, a in aligns.values()), aligns
        assert any(x == 0.5 and a == "right" for x, a in aligns.values()), aligns


def test_an_organisation_is_not_compared_with_a_share_of_organisations(res):
    """MFSN's page read 6.1 « 2,9 % | 58,3 % | −55,4 pts »: its own ratio against the share of organisations
    over the threshold. No gap is given there, the government value is marked and the note says why; its chart
    draws no government line on those targets."""
    from barometre import sections
    from conftest import DEMO, shown

    ctx = sections.context(DEMO, PERIOD, "fr")
    table = sections.organisation_table(ctx, "MFSN").set_index(t("col.target_id", "fr"))
    assert table.loc["6.1", t("col.gap", "fr")] == "—" and table.loc["4.1", t("col.gap", "fr")] == "—"
    assert table.loc["6.1", t("col.gov_value", "fr")].endswith("\u00a0*")
    assert (
        table.loc["1.1", t("col.gap", "fr")] != "—" and "*" not in table.loc["1.1", t("col.gov_value", "fr")]
    )
    page = shown(sections.organisation_summary(ctx, "MFSN").html)
    assert t("org.share_note", "fr", n=2, ids="4.1 et 6.1") in page
    data = charts.organisation_table(res, "MFSN", "fr")
    government = data.set_index(t("chart.col.target", "fr"))[t("chart.col.government", "fr")]
    assert government.loc["6.1"].isna().all() and government.loc["1.1"].notna().all()


def test_the_baseline_label_is_clear_of_a_line_that_falls_from_it(tmp_path):
    """« Référence 2019-2020 : 28,5 % » sat under its rule, where the line of a target to bring down falls
    from it: the line crossed the label. It sits on the side the line leaves free: above the rule for 2.1,
    which falls; under it for 5.2, also to bring down, which rises first; under it for 1.1, which rises."""
    from chart_text import crosses, line_segments, symbol_marks

    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    raw = yaml.safe_load((ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text("utf-8"))
    for x in raw["targets"]:
        if x["id"] in ("2.1", "5.2"):
            x.update(direction="decrease", target_value=0.1)
    (folder / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    meta = folder / "dataset.yaml"
    meta.write_text(meta.read_text("utf-8").replace("quebec-2019-2023", "strategy.yaml"), "utf-8")
    share = {"2019-2020": 1.0, "2020-2021": 0.55, "2021-2022": 0.4, "2022-2023": 0.3}

    def falling(rows):
        for r in rows:
            if r["target"] == "2.1":
                r["numerator"] = str(int(int(r["numerator"]) * share[r["period"]]))
        return rows

    rewrite_csv(folder / "observations.csv", falling)
    res = b.compute(folder, b.Options(bootstrap=20))
    for target, width in ((tg, w) for tg in ("2.1", "5.2", "1.1") for w in (240, 520)):
        svg = vlc.vegalite_to_svg(charts.trend_chart(res, target, "fr").properties(width=width).to_dict())
        (label,) = [box for box in text_boxes(svg) if box[0].startswith("Référence")]
        hit = [s for s in line_segments(svg) if crosses(s, label[1:])]
        assert not hit, f"{target}, {width} px: the line crosses « {label[0]} »"
        assert_no_overlap(text_boxes(svg), f"{target} ({width} px)")
        # nor does the first point, which sits on the rule (it covered the label's foot, 3 px from the rule)
        _, left, top, right, bottom = label
        covered = [
            (x, y) for x, y, r in symbol_marks(svg) if left - r < x < right + r and top - r < y < bottom + r
        ]
        assert not covered, f"{target}, {width} px: a point covers « {label[0]} »: {covered}"


def test_a_baseline_at_an_edge_of_the_plot_is_named_under_the_title(tmp_path):
    """A baseline at 0 % (6.1 of a synthetic 300-organisation site): its label sat under the rule, on the
    period axis' « 2019-2020 »; put on the other side, a line staying near 0 % crossed it and the projection's
    label met it. With no room on the side its line leaves free, the baseline is a line under the title:
    1.1 rises slowly from 0 % (0, 2, 4, 5 %); 2.1, to bring down, falls from 100 %. Every text of the plot
    stays inside it, none over another, in the deadline's report and in an earlier one (with a projection)."""
    from barometre.api import compute_dataset, known_up_to

    def to_bring_down(raw):
        (target,) = [x for x in raw["targets"] if x["id"] == "2.1"]
        target.update(direction="decrease", target_value=0.1)

    folder = with_strategy(Path(shutil.copytree(DEMO, tmp_path / "demo")), to_bring_down)
    slow = {"2019-2020": 0, "2020-2021": 2, "2021-2022": 4, "2022-2023": 5}

    def at_the_edges(rows):
        for r in rows:
            if r["target"] == "1.1":
                r["numerator"], r["denominator"] = str(slow[r["period"]]), "100"
            if r["period"] == "2019-2020" and r["target"] == "2.1":
                r["numerator"] = r["denominator"]
        return rows

    rewrite_csv(folder / "observations.csv", at_the_edges)
    res = b.compute(folder, b.Options(bootstrap=20))
    early = compute_dataset(known_up_to(res.dataset, "2021-2022"))
    named = {
        "1.1": t("chart.baseline_line", "fr", period="2019-2020", value=format_percent(0, "fr")),
        "2.1": t("chart.baseline_line", "fr", period="2019-2020", value=format_percent(1, "fr")),
    }
    for results, target, width in ((r, tg, w) for r in (res, early) for tg in named for w in (240, 520)):
        chart = charts.trend_chart(results, target, "fr").properties(width=width)
        where = f"{target}, {results.dataset.latest_period}, {width} px"
        assert named[target] in chart.to_dict()["title"]["subtitle"], where
        boxes = text_boxes(vlc.vegalite_to_svg(chart.to_dict()))
        assert not [box for box in boxes if box[0].startswith("Référence")], where
        assert all(0 <= top and bottom <= 300 for _, _, top, _, bottom in boxes), (where, boxes)
        assert_no_overlap(boxes, where)
    # with room under its rule, the label stays in the plot, as before
    spec = charts.trend_chart(b.compute(DEMO, b.Options(bootstrap=20)), "1.1", "fr").to_dict()
    assert not [line for line in spec["title"]["subtitle"] if line.startswith("Référence")]


def test_no_line_crosses_the_projection_s_label(tmp_path):
    """« Projection 2022-2023 : 53,2 % » sat under the end of a line rising to it, which crossed it, on every
    earlier report of the demo. It goes on the side the line does not come from; under the title when that
    side has no room before the plot's edge (« Projection 2022-2023 : 0 % » of a target to bring down, 2.1
    and 5.2 here: flipped above its point, the line falling to it crossed it) or the target's rule is in the
    way. Its ring and tooltip stay in the plot. Every target, two earlier reports, a phone's width and a
    desktop's."""
    from barometre.api import compute_dataset, known_up_to
    from chart_text import crosses, line_segments

    def to_bring_down(raw):
        for target in raw["targets"]:
            if target["id"] in ("2.1", "5.2"):
                target.update(direction="decrease", target_value=0.1)

    folder = with_strategy(Path(shutil.copytree(DEMO, tmp_path / "demo")), to_bring_down)
    shares = {"2.1": {"2019-2020": 100, "2020-2021": 50, "2021-2022": 1},
              "5.2": {"2019-2020": 60, "2020-2021": 30, "2021-2022": 5}}  # fmt: skip

    def falling(rows):
        for r in rows:
            if r["target"] in shares and r["period"] in shares[r["target"]]:
                r["numerator"], r["denominator"] = str(shares[r["target"]][r["period"]]), "100"
        return rows

    rewrite_csv(folder / "observations.csv", falling)
    res = b.compute(folder, b.Options(bootstrap=0))
    drawn = 0
    for period in ("2020-2021", "2021-2022"):
        early = compute_dataset(known_up_to(res.dataset, period))
        for target, width in ((tg, w) for tg in res.dataset.strategy.target_ids for w in (240, 520)):
            spec = charts.trend_chart(early, target, "fr").properties(width=width).to_dict()
            where, svg = f"{target}, {period}, {width} px", vlc.vegalite_to_svg(spec)
            in_plot = [box for box in text_boxes(svg) if box[0].startswith("Projection")]
            under_title = [line for line in spec["title"]["subtitle"] if line.startswith("Projection")]
            if (target, period) in (("2.1", "2021-2022"), ("5.2", "2021-2022")):
                named = t("chart.projection_label", "fr", period="2022-2023", value=format_percent(0, "fr"))
                assert under_title == [named] and not in_plot, where
            assert len(in_plot + under_title) == 1, (where, in_plot, under_title)
            for label in in_plot:
                assert not [s for s in line_segments(svg) if crosses(s, label[1:])], (
                    f"{where}: a line crosses it"
                )
            drawn += len(in_plot)
            assert_no_overlap(text_boxes(svg), where)
    assert drawn > 10  # most stay beside their point


def _no_nan(constant: str) -> None:
    """For json.loads: the pages' JSON.parse refuses NaN and Infinity, and the chart is not drawn."""
    raise AssertionError(f"{constant} in the chart's JSON")


def test_an_organisation_s_line_breaks_at_a_year_it_did_not_report(res):
    """MFSN did not report 6.1 in 2020-2021: its line went straight from 2019-2020 to 2021-2022, as if a value
    were known in between. It breaks there; the data table lists only the years reported."""
    import re

    from barometre.charts.organisation import _organisation_frame

    frame = _organisation_frame(res, "MFSN", "fr")
    gap = frame[(frame["target"] == "6.1") & (frame["period"] == "2020-2021")]
    assert len(gap) == 1 and gap["value"].isna().all() and (gap["kind"] == "organisation").all()
    table = charts.organisation_table(res, "MFSN", "fr")
    assert not (
        (table[t("chart.col.target", "fr")] == "6.1") & (table[t("chart.col.period", "fr")] == "2020-2021")
    ).any()
    chart = charts.organisation_chart(res, "MFSN", "fr")
    json.loads(chart.to_json(), parse_constant=_no_nan)  # the page's JSON.parse refuses NaN: no chart drawn
    svg = vlc.vegalite_to_svg(chart.to_dict())
    lines = [d for group in re.findall(r'<g class="mark-line role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
             for d in re.findall(r'<path [^>]*d="([^"]*)"', group)]  # fmt: skip
    assert sum(d.count("M") > 1 for d in lines) == 1, lines  # 6.1's line, in two pieces


def test_a_plan_line_breaks_at_a_period_without_a_plan(tmp_path):
    """MFSN's plan for 6.1 without its 2021-2022 value (withdrawn): the dashed line went straight from
    2020-2021 to 2022-2023, as if something were planned in between, and the actual line through 2020-2021,
    a year not reported, unlike the page's main chart."""
    import re

    from barometre.dataset import load_dataset
    from barometre.plans_charts import plan_chart

    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    rewrite_csv(folder / "plans.csv", lambda rows: [r for r in rows if (r["organisation"], r["target"],
                                                                       r["period"]) != ("MFSN", "6.1", "2021-2022")])  # fmt: skip
    chart = plan_chart(load_dataset(folder), "MFSN", PERIOD, "fr")
    json.loads(
        chart.to_json(), parse_constant=_no_nan
    )  # a gap's NaN label: no chart on any organisation page
    svg = vlc.vegalite_to_svg(chart.to_dict())
    lines = [d for group in re.findall(r'<g class="mark-line role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
             for d in re.findall(r'<path [^>]*d="([^"]*)"', group)]  # fmt: skip
    # 6.1's plan (no plan for 2021-2022) and its actual values (no report in 2020-2021), each in two pieces
    assert sum(d.count("M") > 1 for d in lines) == 2, lines


def test_the_explorer_s_lines_break_at_a_year_not_reported_too(res):
    """The report's charts broke MFSN's 6.1 line at 2020-2021 (no report); the explorer's comparison, small
    multiples and plan-versus-actual panels still drew it straight through. Their JSON has no NaN either."""
    import re

    from barometre.explorer_charts import small_multiples_chart
    from barometre.explorer_plans import plan_versus_actual_chart

    by = res.by_organisation
    own = by[(by["organisation"] == "MFSN") & (by["target"] == "6.1")][["period", "value"]].assign(
        series="MFSN"
    )
    drawn = [
        charts.comparison_chart(own, res.dataset.strategy, "6.1", "fr", title="6.1"),
        small_multiples_chart(res, "6.1", ["MFSN"], "fr"),
        plan_versus_actual_chart(res, "6.1", ["MFSN"], PERIOD, "fr"),
    ]
    for chart in drawn:
        json.loads(chart.to_json(), parse_constant=_no_nan)
        svg = vlc.vegalite_to_svg(chart.to_dict())
        lines = [d for group in re.findall(r'<g class="mark-line role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
                 for d in re.findall(r'<path [^>]*d="([^"]*)"', group)]  # fmt: skip
        assert any(d.count("M") > 1 for d in lines), (chart.to_dict().get("title"), lines)


def test_the_government_trend_breaks_at_a_year_nobody_reported(tmp_path):
    """No organisation reported 2.1 in 2020-2021: the trend's line (and its band) went straight from 2019-2020
    to 2021-2022, as if the government's value were known in between, while every other line chart broke.
    The line breaks there; the chart's JSON has no NaN (the page would draw no chart)."""
    import re

    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    rewrite_csv(
        folder / "observations.csv",
        lambda rows: [r for r in rows if (r["target"], r["period"]) != ("2.1", "2020-2021")],
    )
    res = b.compute(folder, b.Options(bootstrap=20))
    for lang in ("fr", "en"):
        chart = charts.trend_chart(res, "2.1", lang)
        json.loads(chart.to_json(), parse_constant=_no_nan)
        svg = vlc.vegalite_to_svg(chart.to_dict())
        pieces = [
            d.count("M")
            for kind in ("line", "area")
            for group in re.findall(rf'<g class="mark-{kind} role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
            for d in re.findall(r'<path [^>]*d="([^"]*)"', group)
        ]
        # the government's line and its band, each in two pieces (the projection's dashes are one)
        assert sorted(pieces)[-2:] == [2, 2], pieces


def test_a_plan_chart_s_description_never_reads_de_before_a_vowel():
    """« Pour 9 cibles du plan de Institut fictif… », « de Agence fictive… »: on 24 of the demo's 25
    organisation pages. French elides « de » before a vowel (« de l'Institut ») and the name is the
    organisation's own: the description names it apart instead."""
    import re

    from barometre.dataset import load_dataset
    from barometre.plans_charts import plan_chart

    ds = load_dataset(DEMO)
    for code in sorted(set(ds.plans["organisation"]))[:25]:
        description = plan_chart(ds, code, PERIOD, "fr").to_dict()["description"]
        name = ds.organisation_name(code, "fr")
        assert name in description and not re.search(r"\bde [AEIOUÉÈÊaeiouéèê]", description), description


def test_a_target_to_go_down_to_reads_at_most_in_the_tooltips(down: b.Results) -> None:
    """The overview's, the distribution's, the furthest's and an organisation's tooltips gave 5.2's target
    as « 25,0 % », where the tables beside them say « au plus 25 % ». Every tooltip of a target value reads
    as the tables do; a target to reach keeps « 75 % »."""

    def tips(chart) -> set[str]:
        spec = chart.to_dict()
        rows = [row for data in spec.get("datasets", {}).values() for row in data]
        return {row["goal_label"] for row in rows if row.get("goal_label")}

    for lang, at_most in (("fr", "au plus 25\u00a0%"), ("en", "at most 25%")):
        drawn = [
            charts.overview_chart(down, PERIOD, lang),
            charts.distribution_chart(down, "5.2", PERIOD, lang),
            charts.furthest_chart(down, "5.2", PERIOD, lang),
            charts.organisation_chart(down, "MFSN", lang),
        ]
        for chart in drawn:
            assert at_most in tips(chart), (chart.to_dict().get("title"), tips(chart))
            encoded = json.dumps(chart.to_dict())
            assert '"field": "target_value", "format"' not in encoded  # no tooltip of the bare number
        assert format_goal(0.75, lang) in tips(charts.overview_chart(down, PERIOD, lang))
