"""Plans method (issue 14), checked against values computed by hand."""

import math

import pytest
from barometre.dataset import load_dataset
from barometre.i18n import t
from barometre.plans import (
    dataset_government_plans,
    dataset_organisation_plans,
    dataset_summary,
    dataset_unweighted_plans,
    latest_values,
)
from plans_helpers import make_dataset

OBS = """\
2019-2020,A,1.1,2,10
2020-2021,A,1.1,5,10
2019-2020,B,1.1,3,20
2020-2021,B,1.1,2,20
2021-2022,D,1.1,8,10
2022-2023,D,1.1,9,10
2021-2022,A,6.1,5,10
2021-2022,B,6.1,6,10
2021-2022,D,6.1,1,10
2021-2022,B,4.1,1,1
2021-2022,C,4.1,0,1
"""
PLANS = """\
organisation,target,period,planned_value
A,1.1,2020-2021,0.4
B,1.1,2020-2021,0.3
A,1.1,2021-2022,0.6
A,1.1,2022-2023,0.9
C,1.1,2022-2023,0.7
A,6.1,2022-2023,0.5
C,6.1,2022-2023,0.8
D,6.1,2022-2023,0.6
A,4.1,2022-2023,1
"""
R = "2021-2022"


@pytest.fixture
def ds(tmp_path):
    return load_dataset(make_dataset(tmp_path / "d", OBS, PLANS))


def gov(ds, target, period, r=R):
    g = dataset_government_plans(ds, r)
    return g[(g["target"] == target) & (g["period"] == period)].iloc[0]


def suffice(row):
    assert row["plans_suffice"] is not None
    return bool(row["plans_suffice"])


def counts(row):
    return (row["organisations_with_plan"], row["organisations_status_quo"], row["organisations_excluded"],
            row["organisations_expected"])  # fmt: skip


def test_latest_values_take_the_latest_period_up_to_r(ds):
    lv = latest_values(ds.observations, ds.organisations, R, ds.strategy)
    one = lv[lv["target"] == "1.1"].set_index("organisation")
    assert one.loc["A", "value"] == pytest.approx(0.5) and one.loc["A", "weight"] == 10
    assert one.loc["B", "value"] == pytest.approx(0.1) and one.loc["B", "weight"] == 20
    assert one.loc["D", "value"] == pytest.approx(0.8)  # 2022-2023 (0.9) is after R
    assert "C" not in one.index


def test_pooled_plans_with_status_quo_and_a_plan_without_data(ds):
    # A plans 0.9 (w 10); B no plan → status quo 0.1 (w 20); C plans 0.7 but has no weight → excluded;
    # D no plan → status quo 0.8 (w 10). G = (9 + 2 + 8) / 40 = 0.475 < 0.75: plans fall short.
    row = gov(ds, "1.1", "2022-2023")
    assert row["planned_value"] == pytest.approx(19 / 40)
    assert row["target_value"] == 0.75
    assert suffice(row) is False
    assert counts(row) == (1, 2, 1, 4)
    # 2020-2021, before R: values held up to 2020-2021. A 0.4 (w 10), B 0.3 (w 20); D first reported 1.1 in
    # 2021-2022 (its 0.8 is a later year's) and C never: neither counted → (4 + 6) / 30
    row = gov(ds, "1.1", "2020-2021")
    assert row["planned_value"] == pytest.approx(10 / 30)
    assert counts(row) == (2, 0, 2, 4)
    assert list(dataset_government_plans(ds, R).query("target == '1.1'")["period"]) == [
        "2020-2021", "2021-2022", "2022-2023",
    ]  # fmt: skip


def test_the_plans_left_out_for_want_of_a_weight_are_listed(ds):
    """C's 1.1 plan is the one counted excluded above; its 6.1 plan needs no weight; D reports 1.1 later."""
    rows = dataset_unweighted_plans(ds, R).to_dict("records")
    assert rows == [{"organisation": "C", "target": "1.1", "period": "2022-2023"}]
    assert dataset_unweighted_plans(ds, "2019-2020")["organisation"].tolist() == ["C"]  # A, B have weights


def test_report_period_changes_the_status_quo(ds):
    # With R = 2022-2023, D's latest value is 0.9: G = (9 + 2 + 9) / 40 = 0.5.
    assert gov(ds, "1.1", "2022-2023", "2022-2023")["planned_value"] == pytest.approx(0.5)


def test_share_target_with_exclusive_threshold(ds):
    # 6.1: an organisation meets the threshold when its ratio is > 0.5 (exclusive).
    # A plans 0.5 (does not meet), C plans 0.8 with no data (meets), D plans 0.6 (meets),
    # B no plan → status quo 0.6 (meets). G = 3 / 4 = 0.75 ≥ 0.6: plans suffice.
    row = gov(ds, "6.1", "2022-2023")
    assert row["planned_value"] == pytest.approx(0.75)
    assert suffice(row) is True
    assert counts(row) == (3, 1, 0, 4)


def test_share_target_with_inclusive_threshold_falls_short(ds):
    # 4.1: ratio ≥ 1 (inclusive). A plans 1 (meets), B status quo 1 (meets), C status quo 0, D nothing.
    row = gov(ds, "4.1", "2022-2023")
    assert row["planned_value"] == pytest.approx(2 / 3)
    assert suffice(row) is False
    assert counts(row) == (1, 2, 1, 4)


def test_plan_status_per_organisation(ds):
    by = dataset_organisation_plans(ds, R)
    one = by[by["target"] == "1.1"]
    got = [(r.organisation, r.period, r.plan_status) for r in one.itertuples()]
    assert got == [
        ("A", "2019-2020", "no_plan"),
        ("A", "2020-2021", "met"),
        ("A", "2021-2022", "no_data"),
        ("B", "2019-2020", "no_plan"),
        ("B", "2020-2021", "behind"),
        ("D", "2021-2022", "no_plan"),
    ]  # plans after R (2022-2023) are not judged yet
    gaps = one.set_index(["organisation", "period"])["gap"]
    assert gaps[("A", "2020-2021")] == pytest.approx(0.1)
    assert gaps[("B", "2020-2021")] == pytest.approx(-0.2)
    assert math.isnan(gaps[("A", "2021-2022")]) and math.isnan(gaps[("D", "2021-2022")])


def test_value_equal_to_plan_is_met(tmp_path):
    ds = load_dataset(make_dataset(tmp_path / "e", "2020-2021,A,1.1,3,10\n",
                                   "organisation,target,period,planned_value\nA,1.1,2020-2021,0.3\n"))  # fmt: skip
    row = dataset_organisation_plans(ds, "2020-2021").iloc[0]
    assert row["plan_status"] == "met" and row["gap"] == pytest.approx(0)


def test_summary_for_the_brief(ds):
    s = dataset_summary(ds, R)
    assert s.period == "2022-2023"
    assert (s.organisations_with_plan, s.organisations_expected) == (4, 4)
    assert (s.targets_planned, s.targets_suffice, s.targets_short) == (3, 1, ("1.1", "4.1"))
    assert s.organisations_without_plan == ()
    # the targets with a target value no plan was filed for: left out of « 1 sur 3 », named apart
    assert s.targets_unplanned == ("1.2", "1.3", "2.1", "3.1", "4.2", "5.1", "5.2")


def test_no_plans_give_empty_frames(tmp_path):
    ds = load_dataset(make_dataset(tmp_path / "n", OBS))
    assert dataset_government_plans(ds, R).empty
    s = dataset_summary(ds, R)
    assert s.period is None and s.organisations_with_plan == 0
    assert s.organisations_without_plan == ("A", "B", "C", "D")


def test_demo_plans_show_every_case():
    from conftest import DEMO

    ds = load_dataset(DEMO)
    assert ds.report.ok and ds.has_plans
    s = dataset_summary(ds, "2022-2023")
    assert s.period == "2022-2023"
    assert s.organisations_expected - s.organisations_with_plan == 3
    assert s.targets_short == ("2.1",) and s.targets_suffice == 9
    statuses = set(dataset_organisation_plans(ds, "2022-2023")["plan_status"])
    assert statuses == {"met", "behind", "no_data", "no_plan"}


def test_decreasing_target_reverses_the_comparisons(ds):
    from dataclasses import replace

    from barometre.plans import government_plans, organisation_plans

    targets = tuple(replace(tg, direction="decrease", target_value=0.5) if tg.id == "1.1" else tg
                    for tg in ds.strategy.targets)  # fmt: skip
    strategy = replace(ds.strategy, targets=targets)
    g = government_plans(ds.plans, ds.observations, ds.organisations, strategy, R)
    row = g[(g["target"] == "1.1") & (g["period"] == "2022-2023")].iloc[0]
    assert row["planned_value"] == pytest.approx(19 / 40) and suffice(row) is True  # 0.475 ≤ 0.5
    by = organisation_plans(ds.plans, ds.observations, ds.organisations, strategy, R).set_index(
        ["organisation", "target", "period"]
    )
    assert by.loc[("A", "1.1", "2020-2021"), "plan_status"] == "behind"  # 0.5 > planned 0.4
    assert by.loc[("B", "1.1", "2020-2021"), "plan_status"] == "met"  # 0.1 ≤ planned 0.3


def test_dataset_tables_are_computed_once_per_period_and_copied(ds, monkeypatch):
    import barometre.plans as plans_module

    calls = []
    real = plans_module.government_plans
    monkeypatch.setattr(plans_module, "government_plans", lambda *a: calls.append(a[-1]) or real(*a))
    first = plans_module.dataset_government_plans(ds, "2022-2023")
    first.loc[:, "planned_value"] = -1.0  # a caller changing its copy changes nobody else's
    again = plans_module.dataset_government_plans(ds, "2022-2023")
    other = plans_module.dataset_government_plans(ds, "2021-2022")
    assert calls == ["2022-2023", "2021-2022"]
    assert not again.empty and again.equals(
        real(ds.plans, ds.observations, ds.organisations, ds.strategy, "2022-2023")
    )
    assert other.equals(real(ds.plans, ds.observations, ds.organisations, ds.strategy, "2021-2022"))


def test_an_actual_value_short_of_its_plan_never_reads_as_meeting_it(tmp_path):
    """1 499 / 2 500 = 59,96 % against a plan of 60 %: « En retard sur le plan » beside « 59,9 % », not
    « 60 % » (the table and the organisation page's line); a value equal to its plan reads as the plan."""
    from barometre.plans_charts import format_actual, plan_table

    obs = "2020-2021,A,1.1,1499,2500\n2020-2021,B,1.1,3,10\n"
    plans = "organisation,target,period,planned_value\nA,1.1,2020-2021,0.6\nB,1.1,2020-2021,0.3\n"
    ds = load_dataset(make_dataset(tmp_path / "f", obs, plans))
    rows = dataset_organisation_plans(ds, "2020-2021").set_index("organisation")
    assert rows.loc["A", "plan_status"] == "behind" and rows.loc["B", "plan_status"] == "met"
    table = plan_table(ds, "A", "2020-2021", "en")
    assert list(table["Actual value"]) == ["59.9%"] and list(table["Planned value"]) == ["60%"]
    from barometre.plans_sections import organisation_plans
    from barometre.report_context import context

    page = str(organisation_plans(context(tmp_path / "f", "2020-2021", "en"), "A"))
    assert "59.9%" in page and "60%" in page and "59.96" not in page
    from barometre.api import compute
    from barometre.explorer_plans import plan_versus_actual_table

    explorer = plan_versus_actual_table(
        compute(tmp_path / "f"), "1.1", ["A"], "2020-2021", "en", formatted=True
    )
    assert list(explorer["Actual value"]) == ["59.9%"]
    assert format_actual(0.3, 0.3, "en") == "30%" and format_actual(0.3 - 1e-13, 0.3, "en") == "30%"  # met
    assert format_actual(0.2503, 0.25, "en", decreases=True) == "25.1%"  # above « at most 25 % »


def test_after_the_deadline_the_plans_of_the_report_s_period_are_judged(tmp_path, capsys):
    """A year after the deadline, the overview, brief and deck judged the 2022-2023 plans (« 25 organisations
    sur 25 ont déposé un plan ; … auraient suffi pour 9 cibles sur 10 en 2022-2023 ») while the plans just
    collected were for 2023-2024. A report after the deadline now judges the plans of its own period."""
    import shutil

    from barometre.api import results
    from barometre.brief import build_content
    from barometre.plans import dataset_summary
    from conftest import DEMO, rewrite_csv, with_next_year

    data = with_next_year(shutil.copytree(DEMO, tmp_path / "demo"))
    rewrite_csv(data / "observations.csv",
                lambda rows: rows + [{**r, "period": "2023-2024"} for r in rows if r["period"] == "2022-2023"])  # fmt: skip
    filing = ["MFSN", "MFEDU", "MFFIN"]  # three organisations file a 2023-2024 plan, of 1.1 alone
    rewrite_csv(data / "plans.csv", lambda rows: rows + [
        {**r, "period": "2023-2024"} for r in rows
        if r["period"] == "2022-2023" and r["organisation"] in filing and r["target"] == "1.1"
    ])  # fmt: skip
    ds = load_dataset(data)
    after = dataset_summary(ds, "2023-2024")
    # judged on the 2023-2024 plans alone: 1.1, planned by three (not the nine others on their 2022-2023 plans)
    assert after.period == "2023-2024" and after.organisations_with_plan == 3 and after.targets_planned == 1
    at = dataset_summary(ds, "2022-2023")  # at the deadline: as before
    assert at.period == "2022-2023" and at.organisations_with_plan == 22
    line = build_content(results(data), "2023-2024", "fr").plans_line
    assert line.startswith("3 organisations sur 25 ont déposé un plan") and "en 2023-2024" in line, line
    # the ambition page: 1.2 had plans for 2022-2023, none for 2023-2024 (it said « n'a déposé de plan » at all)
    from barometre import plans_sections, sections
    from conftest import plain, shown

    page = plain(shown(plans_sections.ambition_plans(sections.context(data, "2023-2024", "fr"), 1)))
    assert "Aucune organisation n'a déposé de plan pour la cible 1.2 en 2023-2024." in page, page[:800]
    # no plan filed for 2023-2024: the deadline's plans, as before
    rewrite_csv(data / "plans.csv", lambda rows: [r for r in rows if r["period"] != "2023-2024"])
    none_yet = dataset_summary(load_dataset(data), "2023-2024")
    assert none_yet.period == "2022-2023" and none_yet.organisations_with_plan == 22
    # … said so: « 22 organisations sur 25 ont déposé un plan » read as this year's plans and organisations
    assert none_yet.unplanned == "2023-2024" and at.unplanned is None
    assert dataset_summary(ds, "2021-2022").unplanned is None  # before the deadline: the plans to it
    for lang, start in (("fr", "Aucun plan déposé pour 2023-2024 ; à l'échéance (2022-2023), 22 organisations "
                               "sur 25 en avaient déposé un ; réalisés, les plans auraient suffi pour"),
                        ("en", "No plan filed for 2023-2024; at the deadline (2022-2023), 22 of 25 organisations "
                               "had filed one; if delivered, the plans would have been enough for")):  # fmt: skip
        assert plain(plans_sections.brief_line(load_dataset(data), "2023-2024", lang)).startswith(start)
    overview = plain(shown(plans_sections.overview_plans(sections.context(data, "2023-2024", "fr"))))
    assert (
        "Aucun plan n'a été déposé pour 2023-2024 ; ce qui suit porte sur les plans à l'échéance (2022-2023)"
        in overview
    )
    assert "Aucun plan" not in plain(
        shown(plans_sections.overview_plans(sections.context(data, "2022-2023", "fr")))
    )
    from barometre.cli import main

    assert main(["plans", "--data", str(data), "--period", "2023-2024", "--by", "organisation"]) == 0
    err = plain(capsys.readouterr().err)
    assert (
        "Aucun plan n'a été déposé pour 2023-2024 : les plans lus sont ceux des périodes 2020-2021 à 2022-2023."
        in err
    )
    assert main(["plans", "--data", str(data), "--period", "2022-2023"]) == 0
    assert "Aucun plan" not in capsys.readouterr().err
    # a target reached after the deadline's plans: « pourtant atteinte », not « déjà atteinte » (it was later)
    from barometre.plans_sections import brief_line

    line = brief_line(load_dataset(data), "2023-2024", "fr", ("2.1",))
    assert plain(line).endswith(
        "La cible 2.1 est pourtant atteinte en 2023-2024, sans que les plans l'annoncent."
    ), line
    assert t("plans.brief.reached_anyway", "fr", n=2, ids="2.1 et 3.1", period="2023-2024").endswith(
        "sans que les plans les annoncent."
    )
    # plans of one earlier period only: the deadline named is the strategy's, the command says « ceux de »
    rewrite_csv(data / "plans.csv", lambda rows: [r for r in rows if r["period"] == "2021-2022"])
    line = plain(plans_sections.brief_line(load_dataset(data), "2023-2024", "fr"))
    assert line.startswith("Aucun plan déposé pour 2023-2024 ; à l'échéance (2022-2023),"), line
    assert main(["plans", "--data", str(data), "--period", "2023-2024"]) == 0
    assert "les plans lus sont ceux de 2021-2022." in plain(capsys.readouterr().err)


def _without_target_value(folder, ids):
    """Point ``folder``'s dataset at a copy of the Québec strategy whose targets ``ids`` have no target value."""
    import yaml
    from conftest import ROOT

    raw = yaml.safe_load((ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text("utf-8"))
    for x in raw["targets"]:
        if x["id"] in ids:
            x.pop("target_value", None)
    (folder / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    meta = folder / "dataset.yaml"
    meta.write_text(meta.read_text("utf-8").replace("quebec-2019-2023", "strategy.yaml"), "utf-8")
    return folder


def test_a_planned_target_without_a_target_value_is_not_counted_among_those_judged(tmp_path):
    """The 2025-2026 brief said « les plans n'auraient suffi pour aucune des 4 cibles planifiées (A1, A2, C1) »:
    4 counted, 3 named, B1 had plans but no target value, so whether its plans suffice cannot be said. Only the
    targets judged are counted; with none judged, no sentence on whether the plans suffice at all."""
    from barometre import plans_sections, sections
    from conftest import plain, shown

    obs = "2021-2022,A,1.1,1,10\n2021-2022,B,1.1,2,10\n2021-2022,A,1.2,1,10\n2021-2022,B,1.2,2,10\n"
    plans = "organisation,target,period,planned_value\nA,1.1,2022-2023,0.2\nA,1.2,2022-2023,0.3\n"
    data = _without_target_value(make_dataset(tmp_path / "v", obs, plans), {"1.2"})
    s = dataset_summary(load_dataset(data), R)
    assert (s.period, s.targets_planned, s.targets_suffice, s.targets_short) == ("2022-2023", 1, 0, ("1.1",))
    for lang, said in (("fr", "réalisés, les plans ne suffisent pas pour la cible planifiée en 2022-2023 (1.1)."),
                       ("en", "if delivered, the plans do not suffice for the planned target in 2022-2023 (1.1).")):  # fmt: skip
        assert said in plain(plans_sections.brief_line(load_dataset(data), R, lang))
    overview = plain(shown(plans_sections.overview_plans(sections.context(data, R, "fr"))))
    assert "ne suffisent pas à atteindre la cible planifiée en 2022-2023." in overview, overview
    # plans for the target without a target value alone: who filed, and nothing on sufficiency
    (data / "plans.csv").write_text(
        "organisation,target,period,planned_value\nA,1.2,2022-2023,0.3\n", "utf-8"
    )
    s = dataset_summary(load_dataset(data), R)
    assert (s.period, s.targets_planned, s.targets_suffice, s.targets_short) == ("2022-2023", 0, 0, ())
    for lang, said in (
        ("fr", "1 organisation sur 4 a déposé un plan."),
        ("en", "1 of 4 organisations has filed a plan."),
    ):
        assert plain(plans_sections.brief_line(load_dataset(data), R, lang)) == said
    for lang in ("fr", "en"):
        overview = plain(shown(plans_sections.overview_plans(sections.context(data, R, lang))))
        assert "suffi" not in overview and " 0 " not in overview and "plan" in overview, overview


PAST_OBS = """\
2020-2021,A,1.1,2,10
2022-2023,A,1.1,5,20
2020-2021,B,1.1,1,10
2022-2023,B,1.1,9,10
2022-2023,C,1.1,6,10
"""
PAST_PLANS = """\
organisation,target,period,planned_value
A,1.1,2020-2021,0.5
C,1.1,2020-2021,0.7
A,1.1,2022-2023,0.6
"""


def test_a_past_planned_period_is_judged_on_the_values_up_to_it(tmp_path, capsys):
    """The 2025-2026 report gave G(2022-2023) = 0.44357 for A1, holding organisations without a plan at their
    2025-2026 values (0.627674 in the 2023-2024 report). A past planned period P is now judged on the values up
    to P: status quo and weights alike, whatever the report's period; a period after it on the values up to R."""
    from barometre.cli import main

    data = make_dataset(tmp_path / "p", PAST_OBS, PAST_PLANS)
    ds = load_dataset(data)
    # P = 2020-2021 < R = 2022-2023: A plans 0.5 (w 10, not its later 20); B no plan → 0.1 (not its later 0.9),
    # w 10; C's plan has no weight up to 2020-2021 (it reports 1.1 from 2022-2023) → left out; D nothing
    row = gov(ds, "1.1", "2020-2021", "2022-2023")
    assert row["planned_value"] == pytest.approx((5 + 1) / 20)
    assert counts(row) == (1, 1, 2, 4)
    for r in ("2020-2021", "2021-2022"):  # the same as its own report said, and the year after
        assert gov(ds, "1.1", "2020-2021", r)[["planned_value", *GOVERNMENT_COUNTS]].equals(
            row[["planned_value", *GOVERNMENT_COUNTS]]
        )
    assert dataset_unweighted_plans(ds, "2022-2023").to_dict("records") == [
        {"organisation": "C", "target": "1.1", "period": "2020-2021"}
    ]
    # P = R: the values up to R. A 0.6 (w 20), B 0.9 (w 10), C 0.6 (w 10) → (12 + 9 + 6) / 40
    assert gov(ds, "1.1", "2022-2023", "2022-2023")["planned_value"] == pytest.approx(27 / 40)
    # P after R = 2021-2022: the values known in R. A 0.6 (w 10), B 0.1 (w 10), C no weight → (6 + 1) / 20
    row = gov(ds, "1.1", "2022-2023", "2021-2022")
    assert row["planned_value"] == pytest.approx(7 / 20) and counts(row) == (1, 1, 2, 4)
    # the command names C's plan as lacking a value up to its own period, not up to R (it has one in R)
    assert main(["plans", "--data", str(data), "--period", "2022-2023"]) == 0
    err = capsys.readouterr().err
    assert "faute de valeur déclarée jusqu'en 2020-2021 pour le pondérer\u00a0: C (1.1)." in err, err
    assert "with no value reported up to 2020-2021 to weight it: C (1.1)." in err
    assert "jusqu'en 2022-2023" not in err


GOVERNMENT_COUNTS = ["organisations_with_plan", "organisations_status_quo", "organisations_excluded"]
