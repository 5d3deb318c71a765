"""A report for period P shows only what was known up to P, and stays the same when later data arrive."""

import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from barometre import sections as s
from barometre.api import known_up_to, results
from conftest import DEMO, shown

pytestmark = pytest.mark.cost(5)  # CPU-seconds: the costliest start first (conftest)

P = "2020-2021"
LATER = ("2021-2022", "2022-2023")


@pytest.fixture(scope="module")
def before(tmp_path_factory):
    """The demo dataset as it stood before 2021-2022 data arrived."""
    folder = tmp_path_factory.mktemp("known") / "demo"
    shutil.copytree(DEMO, folder)
    obs = pd.read_csv(folder / "observations.csv", dtype=str, keep_default_na=False)
    obs[~obs["period"].isin(LATER)].to_csv(folder / "observations.csv", index=False, lineterminator="\n")
    return folder


def page_html(data_dir, lang="fr") -> str:
    """Every section of the overview, ambition 1 and one organisation page for period P."""
    ctx = s.context(data_dir, P, lang)
    parts = [s.page_header(ctx), s.global_index(ctx), s.index_figure(ctx), s.messages(ctx),
             s.overview_figure(ctx), s.target_cards(ctx), s.coverage(ctx), s.ambition_header(ctx, 1)]  # fmt: skip
    parts += [s.target_section(ctx, tg) for tg in s.ambition_targets(ctx, 1)]
    parts += [s.organisation_header(ctx, "MFSN"), s.organisation_summary(ctx, "MFSN"),
              s.organisation_figure(ctx, "MFSN")]  # fmt: skip
    html = "\n".join(str(p) for p in parts)
    return re.sub(r"chart-\d+", "chart-N", html)


def test_the_report_is_the_same_before_and_after_later_data(before):
    assert page_html(before) == page_html(DEMO)
    assert page_html(before, "en") == page_html(DEMO, "en")


def test_no_later_period_in_charts_tables_or_text(before):
    # chart axes span the strategy's periods up to the deadline (where the projection is drawn): leave them out
    html = re.sub(r'"domain":\[[^\]]*\]', "", page_html(DEMO))
    assert "2021-2022" not in html  # later values, periods, text alternatives
    # the deadline is named (projection to 2022-2023), never a 2022-2023 value
    deadline = re.findall(r"(\w+) 2022-2023[ \u00a0]?: ", html)
    assert deadline and set(deadline) <= {"pour", "échéance", "Projection"}, set(deadline)
    assert "73,6 %" not in html  # 1.1's 2022-2023 value


def test_results_up_to_a_period_equal_those_computed_before(before):
    full = results(DEMO, up_to=P)
    then = results(before)
    assert sorted(full.indicators["period"].unique()) == ["2019-2020", P]
    pd.testing.assert_frame_equal(full.indicators, then.indicators)
    pd.testing.assert_frame_equal(full.by_organisation, then.by_organisation)
    pd.testing.assert_frame_equal(full.summary, then.summary)


def test_known_up_to_rejects_an_unknown_period():
    from barometre.errors import ParameterError

    with pytest.raises(ParameterError):
        known_up_to(results(DEMO).dataset, "2031-2032")


def test_a_projection_to_the_deadline_is_spoken_of_only_before_the_deadline(demo_copy):
    """The Québec strategy followed one year past its deadline (2022-2023), in a copy of the strategy file
    with 2023-2024 in its periods, as the later-period message advises. The 2023-2024 pages said
    « projection pour 2022-2023 : 60,9 % » (a line fitted through 2023-2024 and read at a year gone by)
    and the brief's risks « valeur projetée en 2022-2023 »; the chart had drawn no projection. From the
    deadline on, the text gives the value against the target instead, as the chart does."""
    import yaml
    from barometre.brief import build_content
    from conftest import ROOT, rewrite_csv

    raw = yaml.safe_load(
        (ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text(encoding="utf-8")
    )
    raw["periods"].append("2023-2024")
    (demo_copy / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    text = (demo_copy / "dataset.yaml").read_text(encoding="utf-8")
    (demo_copy / "dataset.yaml").write_text(
        text.replace("quebec-2019-2023", "strategy.yaml"), encoding="utf-8"
    )
    rewrite_csv(
        demo_copy / "observations.csv",
        lambda rows: rows + [{**r, "period": "2023-2024"} for r in rows if r["period"] == "2022-2023"],
    )
    res = results(demo_copy)
    for period, before in (("2021-2022", True), ("2022-2023", False), ("2023-2024", False)):
        ctx = s.context(demo_copy, period, "fr")
        html = "\n".join(str(s.target_section(ctx, tg)) for tg in s.ambition_targets(ctx, 5))
        assert ("projection pour 2022-2023" in shown(html)) is before, period
        assert ("Valeur projetée à l'échéance" in html) is before, period  # the chart's text alternative
        risks = build_content(res, period, "fr").risks
        assert risks and all(("valeur projetée en 2022-2023" in line) is before for line in risks), (
            period,
            risks,
        )
        if not before:  # from the deadline on: « 37,2 % en 2023-2024, cible 75 % non atteinte »
            assert all(f" en {period}, cible " in line for line in risks if line[0].isdigit()), risks


def test_a_plan_for_a_year_after_the_deadline_leaves_earlier_reports_as_they_were(tmp_path):
    """A strategy followed past its deadline (2023-2024 added): a ministry's plan for 2023-2024, changed at a
    weekly ingestion, made every earlier report « Chiffres révisés » (their downloads carried the 2023-2024
    plan rows) and rendered them all again. An earlier report's plans run to the deadline; a plan for the
    deadline still changes it, and the 2023-2024 report shows its own year's plans."""
    import yaml
    from barometre.api import known_inputs
    from barometre.dataset import load_dataset
    from barometre.render.revision import current_figures
    from conftest import ROOT, rewrite_csv

    data = tmp_path / "demo"
    shutil.copytree(DEMO, data)
    raw = yaml.safe_load(
        (ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text(encoding="utf-8")
    )
    raw["periods"].append("2023-2024")
    (data / "strategie.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meta = data / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("quebec-2019-2023", "strategie.yaml"), "utf-8")
    rewrite_csv(data / "plans.csv", lambda rows: rows + [
        {**r, "period": "2023-2024"} for r in rows if r["period"] == "2022-2023"
    ])  # fmt: skip

    def keys(period: str) -> tuple[dict, str]:
        ds = load_dataset(data)  # the pages' key, and the figures' (publish compares it with the published)
        return known_inputs(ds, period), current_figures(ds, period)

    start = {p: keys(p) for p in ("2019-2020", "2022-2023", "2023-2024")}

    def change(period: str):
        def edit(rows):
            row = next(r for r in rows if r["period"] == period and r["organisation"] == "MFSN")
            row["planned_value"] = "0.91" if row["planned_value"] != "0.91" else "0.92"
            return rows

        return edit

    rewrite_csv(data / "plans.csv", change("2023-2024"))
    assert keys("2019-2020") == start["2019-2020"] and keys("2022-2023") == start["2022-2023"]
    assert keys("2023-2024") != start["2023-2024"]  # its own year's plans: in its report
    rewrite_csv(data / "plans.csv", change("2022-2023"))  # the deadline's plan: every report's trajectory
    assert keys("2019-2020")[1] != start["2019-2020"][1]


def test_a_year_added_to_an_open_ended_strategy_leaves_earlier_reports_as_they_were(tmp_path):
    """The GC's strategy is open-ended: its periods grow with the data. A year added ran every chart of the
    2016-2017 report to 2019-2020, a year unknown then, and rendered every earlier period again."""
    import subprocess

    from barometre.api import known_inputs
    from barometre.dataset import load_dataset
    from conftest import GC_RAW

    BIN = Path(sys.executable).parent

    data = tmp_path / "gc"
    subprocess.run([BIN / "barometre", "import", "gc-service-inventory", *sorted(GC_RAW.glob("*.csv")), "--out",
                    data], check=True, capture_output=True)  # fmt: skip
    first = load_dataset(data)
    keys = {p: known_inputs(first, p) for p in first.strategy.periods}
    obs = data / "observations.csv"
    lines = obs.read_text("utf-8").splitlines()
    obs.write_text("\n".join(lines + [x.replace("2018-2019,", "2019-2020,", 1) for x in lines
                                      if x.startswith("2018-2019,")]) + "\n", "utf-8")  # fmt: skip
    later = load_dataset(data)
    assert later.strategy.periods[-1] == "2019-2020"
    assert {p: known_inputs(later, p) for p in first.strategy.periods} == keys
    # the strategy file's own periods (to its 2018-2019 deadline), never a year the data bring later
    assert known_up_to(later, "2016-2017").strategy.periods == ("2016-2017", "2017-2018", "2018-2019")
    assert known_up_to(later, "2019-2020").strategy.periods[-1] == "2019-2020"
    ctx = s.context(data, "2016-2017", "en")
    html = "\n".join(str(part) for part in [s.overview_figure(ctx), *(s.target_section(ctx, tg)
                                                                    for tg in s.ambition_targets(ctx, 1))])  # fmt: skip
    assert "2018-2019" in html and "2019-2020" not in html  # the charts' axes, their tables
