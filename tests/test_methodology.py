"""Hand-computed expectations for every formula and status boundary of the methodology (brief §4)."""

import math

import numpy as np
import pandas as pd
import pytest
from barometre.api import results
from barometre.export import to_csv
from barometre.methodology import (
    INDICATOR_COLUMNS,
    Options,
    compute_by_organisation,
    compute_indicators,
    coverage_met,
    organisation_matrix,
    pace_ratio,
    progress,
    projection,
    reporting_needed,
    status,
    summary_index,
)
from barometre.narrative import key_messages
from barometre.strategy import parse_strategy
from conftest import DEMO, rewrite_csv

P0, P1, P2, P3 = "2019-2020", "2020-2021", "2021-2022", "2022-2023"
NO_BOOT = Options(bootstrap=0)


def make_strategy(pace_method="linear", s_inclusive=False, coverage_threshold=0.5, deadline=P3):
    """Four targets: P pooled (0.75), S share > 0.5 (0.6), I share ≥ 1 (1.0), N pooled without target."""
    return parse_strategy(
        {
            "id": "test", "title": "Test", "periods": [P0, P1, P2, P3],
            "baseline_period": P0, "deadline_period": deadline, "pace_method": pace_method,
            "coverage_threshold": coverage_threshold,
            "ambitions": [{"id": "1", "title": "Un"}, {"id": "2", "title": "Deux"}],
            "targets": [
                {"id": "P", "ambition": "1", "label": "P", "target_value": 0.75},
                {"id": "S", "ambition": "2", "label": "S", "target_value": 0.6,
                 "aggregation": {"method": "share_of_organisations", "threshold": 0.5,
                                 "inclusive": s_inclusive}},
                {"id": "I", "ambition": "2", "label": "I", "target_value": 1.0,
                 "aggregation": {"method": "share_of_organisations", "threshold": 1.0, "inclusive": True}},
                {"id": "N", "ambition": "1", "label": "N"},
            ],
            "contributions": [
                {"id": "c1", "title": "C1", "targets": ["P", "N"]},
                {"id": "c2", "title": "C2", "targets": ["S", "I"]},
            ],
        },
        "test-strategy",
    )  # fmt: skip


ORGS = pd.DataFrame(
    {
        "code": ["A", "B", "C", "D", "Z"],
        "name_fr": list("ABCDZ"),
        "name_en": list("ABCDZ"),
        "in_sample": [True, True, True, True, False],
    }
)


def obs(*rows):
    """rows: (period, organisation, target, numerator, denominator)."""
    return pd.DataFrame(
        [{"period": p, "organisation": o, "target": t, "numerator": float(n), "denominator": float(d)}
         for p, o, t, n, d in rows]
    )  # fmt: skip


def everyone(period, target, num, den, orgs="ABCD"):
    return [(period, o, target, num, den) for o in orgs]


def row(frame, target, period):
    sub = frame[(frame["target"] == target) & (frame["period"] == period)]
    assert len(sub) == 1
    return sub.iloc[0]


# --- value ------------------------------------------------------------------------------------


def test_pooled_value_is_sum_of_numerators_over_sum_of_denominators():
    data = obs((P0, "A", "P", 1, 4), (P0, "B", "P", 3, 6), (P0, "Z", "P", 5, 5))
    ind = compute_indicators(data, ORGS, make_strategy(), [P0], NO_BOOT)
    r = row(ind, "P", P0)
    assert list(ind.columns) == INDICATOR_COLUMNS
    assert r["value"] == pytest.approx(0.4)  # (1 + 3) / (4 + 6); Z is out of sample
    assert (r["numerator"], r["denominator"]) == (4, 10)
    assert (r["organisations_reporting"], r["organisations_expected"]) == (2, 4)
    assert r["baseline_value"] == pytest.approx(0.4)
    assert r["target_value"] == 0.75


def test_share_of_organisations_exclusive_threshold():
    # ratios 0.5, 0.6, 0, 1: "more than half" counts B and D only (A at exactly 0.5 does not)
    data = obs((P0, "A", "S", 1, 2), (P0, "B", "S", 3, 5), (P0, "C", "S", 0, 3), (P0, "D", "S", 2, 2))
    r = row(compute_indicators(data, ORGS, make_strategy(), [P0], NO_BOOT), "S", P0)
    assert r["value"] == pytest.approx(0.5)
    assert (r["numerator"], r["denominator"]) == (2, 4)


def test_share_of_organisations_inclusive_threshold():
    data = obs((P0, "A", "S", 1, 2), (P0, "B", "S", 3, 5), (P0, "C", "S", 0, 3), (P0, "D", "S", 2, 2))
    r = row(compute_indicators(data, ORGS, make_strategy(s_inclusive=True), [P0], NO_BOOT), "S", P0)
    assert r["value"] == pytest.approx(0.75)  # A at exactly 0.5 now counts
    assert (r["numerator"], r["denominator"]) == (3, 4)
    # I: "ratio ≥ 1" — A and C deployed measures, B did not
    data = obs((P0, "A", "I", 1, 1), (P0, "B", "I", 0, 1), (P0, "C", "I", 1, 1))
    r = row(compute_indicators(data, ORGS, make_strategy(), [P0], NO_BOOT), "I", P0)
    assert r["value"] == pytest.approx(2 / 3)
    assert (r["numerator"], r["denominator"], r["organisations_reporting"]) == (2, 3, 3)


# --- progress, pace, status -------------------------------------------------------------------


def series(values, target="P", den=100, periods=(P0, P1, P2, P3), strategy=None):
    """Every organisation reports num/den with num = value × den in each period."""
    rows = []
    for period, v in zip(periods, values, strict=False):
        if v is not None:
            rows += everyone(period, target, round(v * den), den)
    strat = strategy or make_strategy()
    return compute_indicators(obs(*rows), ORGS, strat, list(periods[: len(values)]), NO_BOOT)


def test_progress_and_linear_pace_by_hand():
    ind = series([0.4, 0.5])
    r = row(ind, "P", P1)
    assert r["progress"] == pytest.approx(0.1 / 0.35)  # (0.5 − 0.4) / (0.75 − 0.4)
    assert r["pace_ratio"] == pytest.approx(0.1 / (0.35 / 3))  # 0.857…: one year of three
    assert r["status"] == "acceleration_needed"
    assert r["projected_value"] == pytest.approx(0.7)  # line through (0, 0.4), (1, 0.5) at year 3
    base = row(ind, "P", P0)
    assert base["progress"] == 0 and base["status"] == "insufficient_data" and math.isnan(base["pace_ratio"])


@pytest.mark.parametrize(
    ("v1", "expected"),
    [
        (0.268, "limited_progress"),  # R = 0.118 / 0.2 = 0.59
        (0.27, "acceleration_needed"),  # R = 0.12 / 0.2 = 0.6 exactly
        (0.3398, "acceleration_needed"),  # R = 0.949
        (0.34, "on_track"),  # R = 0.19 / 0.2 = 0.95 exactly
        (0.10, "deterioration"),  # R < 0
        (0.15, "limited_progress"),  # R = 0
    ],
)
def test_status_boundaries(v1, expected):
    # baseline 0.15, target 0.75 over 3 years: the required pace is 0.2 a year
    r = row(series([0.15, v1], den=10000), "P", P1)
    assert r["pace_ratio"] == pytest.approx((v1 - 0.15) / 0.2)
    assert r["status"] == expected


def test_target_reached():
    r = row(series([0.4, 0.6, 0.75]), "P", P2)
    assert r["progress"] == 1.0
    assert r["status"] == "target_achieved"
    r = row(series([0.4, 0.9]), "P", P1)
    assert (r["progress"], r["status"]) == (1.0, "target_achieved")


def test_baseline_already_at_target():
    r = row(series([0.8, 0.7]), "P", P1)
    assert r["progress"] == 0.0
    assert math.isnan(r["pace_ratio"])  # no distance to cover: no required pace
    assert r["status"] == "deterioration"
    assert progress(0.7, 0.8, 0.75) == 0.0
    r = row(series([0.8, 0.8]), "P", P1)
    assert (r["progress"], r["status"]) == (1.0, "target_achieved")


def test_one_period_only():
    ind = series([0.4])
    r = row(ind, "P", P0)
    assert r["status"] == "insufficient_data"
    assert math.isnan(r["projected_value"])
    assert row(series([0.8]), "P", P0)["status"] == "target_achieved"


def test_coverage_under_half_is_insufficient_data():
    rows = everyone(P0, "P", 40, 100) + everyone(P1, "P", 60, 100, orgs="A")
    ind = compute_indicators(obs(*rows), ORGS, make_strategy(), [P0, P1], NO_BOOT)
    r = row(ind, "P", P1)
    assert (r["organisations_reporting"], r["organisations_expected"]) == (1, 4)
    assert r["value"] == pytest.approx(0.6)  # the value is still shown
    assert r["status"] == "insufficient_data"
    assert math.isnan(r["progress"]) and math.isnan(r["pace_ratio"]) and math.isnan(r["projected_value"])
    # exactly half (2 of 4) counts
    rows = everyone(P0, "P", 40, 100) + everyone(P1, "P", 50, 100, orgs="AB")
    r = row(compute_indicators(obs(*rows), ORGS, make_strategy(), [P0, P1], NO_BOOT), "P", P1)
    assert r["status"] == "acceleration_needed"
    assert r["progress"] == pytest.approx(0.1 / 0.35)


def test_a_threshold_met_exactly_counts_whatever_the_float_rounding():
    """55 of 100 organisations are 55 %: in floats 0.55 × 100 is 55.000000000000007, which once asked for 56."""
    orgs = pd.DataFrame(
        {"code": [f"O{i:03d}" for i in range(100)], "name_fr": "x", "name_en": "x", "in_sample": True}
    )
    strategy = make_strategy(coverage_threshold=0.55)
    codes = list(orgs["code"])

    def at_p1(reporting: int) -> pd.Series:
        rows = [(P0, o, "P", 40, 100) for o in codes] + [(P1, o, "P", 50, 100) for o in codes[:reporting]]
        return row(compute_indicators(obs(*rows), orgs, strategy, [P0, P1], NO_BOOT), "P", P1)

    assert at_p1(55)["status"] == "acceleration_needed"
    assert at_p1(54)["status"] == "insufficient_data"
    rows = [(P0, o, "P", 40, 100) for o in codes] + [(P1, o, "P", 50, 100) for o in codes[:54]]
    ind = compute_indicators(obs(*rows), orgs, strategy, [P0, P1], NO_BOOT)
    said = key_messages(ind, summary_index(ind, strategy), strategy, P1, "fr")
    assert "Données insuffisantes pour 4 cibles en 2020-2021 (P, S, I, N)\u00a0: selon la cible, de 0 à 54 " \
           "organisations sur 100 ont déclaré (il en faut au moins 55)." in said, said  # fmt: skip
    assert not any("cible N," in line for line in said), said  # N (no target value, none reported) said once
    assert reporting_needed(100, 0.55) == 55 and reporting_needed(25, 0.5) == 13
    assert coverage_met(55, 100, 0.55) and not coverage_met(54, 100, 0.55) and not coverage_met(0, 0, 0.5)


def test_key_messages_say_how_many_reports_are_needed_and_group_many_targets(demo_copy):
    """One target short of reports: its own sentence, with the number needed (it said « la moitié », wrong for
    any other threshold). A collection under way, every target short: one sentence, not ten alike."""
    res = results(DEMO)
    strategy = res.dataset.strategy
    said = {
        lang: key_messages(res.indicators, res.summary, strategy, "2022-2023", lang) for lang in ("fr", "en")
    }
    assert "Données insuffisantes pour la cible 4.2 en 2022-2023\u00a0: 10 organisations sur 25 ont déclaré " \
           "(il en faut au moins 13)." in said["fr"], said["fr"]  # fmt: skip
    assert "Insufficient data for target 4.2 in 2022-2023: 10 of 25 organisations reported " \
           "(at least 13 are needed)." in said["en"], said["en"]  # fmt: skip
    first_five = {"MFSN", "MFEDU", "MFTRA", "MFFIN", "MFENV"}
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if r["period"] < "2022-2023" or r["organisation"] in first_five])  # fmt: skip
    res = results(demo_copy)
    for lang, sentence in {
        "fr": "Données insuffisantes pour 10 cibles en 2022-2023 (1.1, 1.2, 1.3, 2.1, 3.1, 4.1, 4.2, 5.1, 5.2, "
              "6.1)\u00a0: selon la cible, de {low} à {high} organisations sur 25 ont déclaré (il en faut au moins 13).",
        "en": "Insufficient data for 10 targets in 2022-2023 (1.1, 1.2, 1.3, 2.1, 3.1, 4.1, 4.2, 5.1, 5.2, "
              "6.1): depending on the target, {low} to {high} of 25 organisations reported (at least 13 are needed).",
    }.items():  # fmt: skip
        now = res.period_indicators("2022-2023")
        low, high = int(now["organisations_reporting"].min()), int(now["organisations_reporting"].max())
        said = key_messages(res.indicators, res.summary, res.dataset.strategy, "2022-2023", lang)
        assert sentence.format(low=low, high=high) in said, said
        assert sum("2022-2023" in m and ("insuffisantes" in m or "Insufficient" in m) for m in said) == 1


def test_key_messages_say_why_a_target_fully_reported_has_insufficient_data(demo_copy):
    """Target 2.1 without any 2019-2020 row: « Données insuffisantes » beside 25 organisations of 25 said
    nothing of why. The key messages name the starting period, in both languages; the demo says nothing."""
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if not (r["period"] == P0 and r["target"] == "2.1")])  # fmt: skip
    res = results(demo_copy)
    now = res.period_indicators(P3).set_index("target")
    assert now.loc["2.1", "status"] == "insufficient_data" and now.loc["2.1", "organisations_reporting"] == 25
    said = {
        lang: key_messages(res.indicators, res.summary, res.dataset.strategy, P3, lang)
        for lang in ("fr", "en")
    }
    assert "Données insuffisantes pour la cible 2.1\u00a0: sa période de départ, 2019-2020, n'a pas de valeur " \
           "comptée (aucune déclaration, ou trop peu), et l'avancement se mesure à partir d'elle." in said["fr"], said  # fmt: skip
    assert (
        "Insufficient data for target 2.1: its starting period, 2019-2020, has no counted value"
        in " ".join(said["en"])
    )
    demo = results(DEMO)
    for period in (P1, P2, P3):
        assert not any(
            "départ" in m
            for m in key_messages(demo.indicators, demo.summary, demo.dataset.strategy, period, "fr")
        )


def test_past_the_deadline_the_key_messages_say_what_the_status_measures():
    """In a period after the deadline, « 1 cible demande une accélération » read as if there were still time."""
    strategy = make_strategy(deadline=P2)
    rows = [r for p, v in ((P0, 40), (P1, 50), (P2, 60), (P3, 70)) for r in everyone(p, "P", v, 100)]
    ind = compute_indicators(obs(*rows), ORGS, strategy, [P0, P1, P2, P3], NO_BOOT)
    said = {p: key_messages(ind, summary_index(ind, strategy), strategy, p, "fr") for p in (P2, P3)}
    passed = [m for m in said[P3] if "est passée" in m]
    assert passed == ["L'échéance de la stratégie, le 31\u00a0mars\u00a02022 (exercice 2021-2022), est passée\u00a0: pour une "
                      "cible non atteinte, le rythme observé depuis 2019-2020 est comparé à celui qu'il fallait pour "
                      "l'atteindre à l'échéance."]  # fmt: skip
    assert not [m for m in said[P2] if "est passée" in m]  # at the deadline itself, not yet


def test_reporting_needed_is_the_exact_ceiling_for_every_two_decimal_threshold():
    from fractions import Fraction

    thresholds = [i / 100 for i in range(1, 101)]
    expected = np.arange(1, 301)
    for threshold in thresholds:
        exact = [math.ceil(Fraction(str(threshold)) * n) for n in expected]
        assert list(reporting_needed(expected, threshold)) == exact, threshold
        met = coverage_met(np.array(exact), expected, threshold)
        short = coverage_met(np.array(exact) - 1, expected, threshold)
        assert met.all() and not short.any(), threshold


def test_uncounted_baseline_leaves_progress_empty():
    rows = everyone(P0, "P", 40, 100, orgs="A") + everyone(P1, "P", 50, 100)
    r = row(compute_indicators(obs(*rows), ORGS, make_strategy(), [P0, P1], NO_BOOT), "P", P1)
    assert math.isnan(r["baseline_value"]) and math.isnan(r["progress"])
    assert r["status"] == "insufficient_data"


def test_a_value_too_few_reported_is_insufficient_data_without_a_target_value():
    """BRIEF §4: a period that fewer than half the expected organisations reported does not count, and
    « the status is insufficient_data » — with or without a target value. The indicators said "" where
    the pages said « Données insuffisantes » (one department of four); a counted period keeps none."""
    rows = everyone(P0, "N", 20, 100, orgs="A") + everyone(P1, "N", 30, 100)
    ind = compute_indicators(obs(*rows), ORGS, make_strategy(), [P0, P1], NO_BOOT)
    assert row(ind, "N", P0)["status"] == "insufficient_data"
    assert row(ind, "N", P1)["status"] == ""
    assert status(0.2, None, False, 0, math.nan, math.nan) == "insufficient_data"  # the scalar form agrees
    assert status(0.3, None, True, 1, math.nan, math.nan) == ""
    assert status(math.nan, None, False, 0, math.nan, math.nan) == "insufficient_data"  # nobody reported


def test_a_period_no_organisation_reported_is_insufficient_data_without_a_target_value():
    """0 of the expected organisations is under half of them: « insufficient_data », as it is for a target
    with a target value. The indicators left the status empty for a target without one."""
    rows = everyone(P0, "N", 20, 100) + everyone(P1, "P", 30, 100) + everyone(P2, "N", 40, 100)
    ind = compute_indicators(obs(*rows), ORGS, make_strategy(), [P0, P1, P2], NO_BOOT)
    r = row(ind, "N", P1)
    assert math.isnan(r["value"]) and r["organisations_reporting"] == 0
    assert r["status"] == "insufficient_data"
    assert row(ind, "N", P2)["status"] == ""


def test_target_without_target_value_has_empty_progress_and_status():
    ind = series([0.2, 0.3, 0.4], target="N")
    r = row(ind, "N", P2)
    assert r["value"] == pytest.approx(0.4)
    assert math.isnan(r["target_value"]) and math.isnan(r["progress"]) and math.isnan(r["pace_ratio"])
    assert r["status"] == ""
    assert r["projected_value"] == pytest.approx(0.5)  # the trend is still shown
    line = to_csv(ind[(ind["target"] == "N") & (ind["period"] == P2)]).splitlines()[1].split(",")
    cells = dict(zip(INDICATOR_COLUMNS, line, strict=True))
    assert cells["target_value"] == cells["progress"] == cells["pace_ratio"] == cells["status"] == ""


def test_cagr_option():
    strat = make_strategy(pace_method="cagr")
    r = row(series([0.25, None, 0.36], strategy=strat), "P", P2)
    # ((0.36 / 0.25)^(1/2) − 1) / ((0.75 / 0.25)^(1/3) − 1) = 0.2 / 0.44225
    assert r["pace_ratio"] == pytest.approx(0.45223333933593124)
    assert r["status"] == "limited_progress"


def test_cagr_zero_base_is_replaced_by_0_001():
    # ((0.3 / 0.001)^1 − 1) / ((0.75 / 0.001)^(1/3) − 1) = 299 / 8.0856
    assert pace_ratio(0.3, 0.0, 0.75, 1, 3, "cagr") == pytest.approx(36.97930770596981)
    r = row(series([0.0, 0.3], strategy=make_strategy(pace_method="cagr")), "P", P1)
    assert r["pace_ratio"] == pytest.approx(36.97930770596981)
    assert r["status"] == "on_track"


def test_scalar_functions():
    assert progress(0.5, 0.4, 0.75) == pytest.approx(2 / 7)
    assert progress(0.3, 0.4, 0.75) == 0.0  # clamped
    assert progress(0.75, 0.4, 0.75) == 1.0
    assert math.isnan(progress(math.nan, 0.4, 0.75))
    assert pace_ratio(0.5, 0.4, 0.75, 1, 3) == pytest.approx(0.1 / (0.35 / 3))
    assert math.isnan(pace_ratio(0.5, 0.4, 0.75, 0, 3))  # same period as the baseline
    assert status(0.5, None, True, 2, 0.4, 1.0) == ""
    assert status(0.5, 0.75, True, 2, 0.4, math.nan) == "insufficient_data"
    assert status(0.5, 0.5, True, 1, 0.5, math.nan, inclusive=False) == "insufficient_data"
    assert status(0.51, 0.5, True, 1, 0.4, math.nan, inclusive=False) == "target_achieved"


def test_projection_least_squares_clipped():
    # x̄ = 2020, ȳ = 0.5333…, slope = (0.1333… + 0.1666…) / 2 = 0.15 → 0.5333… + 2 × 0.15
    assert projection([2019, 2020, 2021], [0.4, 0.5, 0.7], 2022) == pytest.approx(0.8333333333)
    assert projection([2019, 2020], [0.5, 0.9], 2022) == 1.0
    assert projection([2019, 2020], [0.5, 0.1], 2022) == 0.0
    assert math.isnan(projection([2019], [0.5], 2022))
    ind = series([0.4, 0.5, 0.7])
    assert row(ind, "P", P2)["projected_value"] == pytest.approx(0.8333333333)
    assert row(series([0.5, 0.9]), "P", P1)["projected_value"] == 1.0


def test_decreasing_target_is_mirrored():
    strat = make_strategy()
    raw_target = strat.target("P")
    import dataclasses

    dec = dataclasses.replace(raw_target, direction="decrease", target_value=0.25)
    strat = dataclasses.replace(strat, targets=(dec, *strat.targets[1:]))
    r = row(series([0.6, 0.5], strategy=strat), "P", P1)
    # mirrored: 0.4 → 0.5 towards 0.75, as in the increasing case
    assert r["progress"] == pytest.approx(0.1 / 0.35)
    assert r["status"] == "acceleration_needed"


def test_cagr_of_a_decreasing_target_is_on_the_value_itself():
    """39,6 % to bring down to 10 % in four years: the compound rate needed is (0,10/0,396)^(1/4) − 1 = −29 % a
    year; −16,8 % in one year is R = 0,58, « Progrès limités » (Statistics Canada's method). On 1 − value, the
    complement's rate gave R = 1,05, « En bonne voie »."""
    import dataclasses

    strat = make_strategy(pace_method="cagr")
    dec = dataclasses.replace(strat.target("P"), direction="decrease", target_value=0.10)
    strat = dataclasses.replace(strat, targets=(dec, *strat.targets[1:]))
    r = row(series([0.396, 0.3294], den=10_000, strategy=strat), "P", P1)
    expected = ((0.3294 / 0.396) - 1) / (
        (0.10 / 0.396) ** (1 / 3) - 1
    )  # the fixture's deadline is 3 years on
    assert r["pace_ratio"] == pytest.approx(expected) and 0 < expected < 0.6
    assert r["status"] == "limited_progress"
    rising = row(series([0.396, 0.45], den=10_000, strategy=strat), "P", P1)  # away from the target
    assert rising["pace_ratio"] < 0 and rising["status"] == "deterioration"
    # the linear form is unchanged: on 1 − value or on the value, the same ratio
    lin = dataclasses.replace(strat, pace_method="linear")
    assert row(series([0.396, 0.3294], den=10_000, strategy=lin), "P", P1)["pace_ratio"] == pytest.approx(
        (0.3294 - 0.396) / ((0.10 - 0.396) / 3)
    )


# --- bootstrap --------------------------------------------------------------------------------


def _varied():
    rng = np.random.default_rng(3)
    orgs = pd.DataFrame({"code": [f"O{i}" for i in range(30)], "in_sample": True})
    rows = []
    for i in range(30):
        den = int(rng.integers(5, 50))
        rows.append((P0, f"O{i}", "P", int(rng.integers(0, den + 1)), den))
        rows.append((P0, f"O{i}", "S", int(rng.integers(0, den + 1)), den))
    return obs(*rows), orgs


def test_bootstrap_interval_is_reproducible_and_contains_the_value():
    data, orgs = _varied()
    strat = make_strategy()
    a = compute_indicators(data, orgs, strat, [P0], Options(bootstrap=500, seed=11))
    b = compute_indicators(data, orgs, strat, [P0], Options(bootstrap=500, seed=11))
    c = compute_indicators(data, orgs, strat, [P0], Options(bootstrap=500, seed=12))
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["ci_low"], c["ci_low"])
    for _, r in a.dropna(subset=["value"]).iterrows():
        assert r["ci_low"] <= r["value"] <= r["ci_high"]
        assert r["ci_high"] - r["ci_low"] > 0.01
    assert a["ci_low"].isna().sum() == 2  # I and N: nobody reported
    d = compute_indicators(data, orgs, strat, [P0], NO_BOOT)
    assert d["ci_low"].isna().all() and d["ci_high"].isna().all()


def test_the_interval_of_the_same_figures_is_the_same_whatever_order_they_come_in():
    """The bootstrap drew organisations by their position in the file, with draws seeded by the target's and
    the period's positions in the strategy: a file sorted by organisation, or a strategy listing its targets
    in another order or starting a year earlier, moved published intervals by up to 4.5 points."""
    import dataclasses

    data, orgs = _varied()
    strat = make_strategy()
    boot = Options(bootstrap=200, seed=11)
    key = ["period", "target"]
    first = compute_indicators(data, orgs, strat, [P0], boot).sort_values(key, ignore_index=True)
    assert first["ci_low"].notna().sum() == 2  # P and S: an interval each
    shuffled = data.sample(frac=1, random_state=3)
    assert list(shuffled["organisation"]) != list(data["organisation"])
    reordered = dataclasses.replace(strat, targets=strat.targets[::-1], periods=("2018-2019", *strat.periods))
    for frame, strategy in ((shuffled, strat), (data, reordered), (shuffled, reordered)):
        again = compute_indicators(frame, orgs, strategy, [P0], boot).sort_values(key, ignore_index=True)
        pd.testing.assert_frame_equal(again[[*key, "ci_low", "ci_high"]], first[[*key, "ci_low", "ci_high"]])


# --- summary index ----------------------------------------------------------------------------


def test_summary_index_is_mean_progress():
    strat = make_strategy()
    ind = pd.DataFrame(
        {"period": [P1] * 4, "target": ["P", "S", "I", "N"], "progress": [0.2, 0.5, 1.0, math.nan]}
    )
    summ = summary_index(ind, strat).set_index(["scope", "id"])
    assert summ.loc[("global", "global"), "progress"] == pytest.approx((0.2 + 0.5 + 1.0) / 3)
    assert summ.loc[("global", "global"), "targets_included"] == 3
    assert summ.loc[("global", "global"), "targets_total"] == 4
    assert summ.loc[("contribution", "c1"), "progress"] == pytest.approx(0.2)  # N has no progress
    assert summ.loc[("contribution", "c2"), "progress"] == pytest.approx(0.75)
    assert summ.loc[("ambition", "1"), "progress"] == pytest.approx(0.2)
    assert summ.loc[("ambition", "2"), "progress"] == pytest.approx(0.75)


# --- per organisation -------------------------------------------------------------------------


def test_per_organisation_rows():
    data = obs(
        (P0, "A", "P", 1, 4), (P1, "A", "P", 2, 4),
        (P0, "B", "S", 2, 5), (P1, "B", "S", 1, 2),
        (P1, "C", "P", 2, 4), (P0, "Z", "P", 1, 1),
    )  # fmt: skip
    by = compute_by_organisation(data, ORGS, make_strategy(), [P0, P1])
    assert list(by.columns) == ["organisation", *INDICATOR_COLUMNS]
    assert len(by) == 5  # Z out of sample; no row for what was not reported
    assert list(by["organisation"]) == ["A", "A", "B", "B", "C"]
    a = by[(by["organisation"] == "A") & (by["period"] == P1)].iloc[0]
    assert a["value"] == 0.5 and a["baseline_value"] == 0.25
    assert a["progress"] == pytest.approx(0.5)  # (0.5 − 0.25) / (0.75 − 0.25)
    assert a["pace_ratio"] == pytest.approx(1.5)
    assert a["status"] == "on_track"
    assert a["projected_value"] == 1.0  # 0.25 + 3 × 0.25
    assert (a["organisations_reporting"], a["organisations_expected"]) == (1, 1)
    b = by[(by["organisation"] == "B") & (by["period"] == P1)].iloc[0]
    # share target: an organisation aims at the threshold, "more than half" (0.5 does not reach it)
    assert b["target_value"] == 0.5
    assert b["status"] == "on_track"
    assert b["pace_ratio"] == pytest.approx(3.0)
    c = by[by["organisation"] == "C"].iloc[0]
    assert math.isnan(c["baseline_value"]) and c["status"] == "insufficient_data"
    matrix = organisation_matrix(by, P1, make_strategy())
    assert matrix.loc["A", "P"] == 0.5 and matrix.loc["B", "S"] == 0.5
    assert math.isnan(matrix.loc["B", "P"])


def test_an_organisation_on_an_exclusive_threshold_has_not_reached_it():
    """« Plus de 50 % »: an organisation at 1/2 has not reached it; its progress was 1 (« 100 % ») beside
    « Recul » when it stayed at 1/2 since the start (level is not a decline), or « En bonne voie »."""
    data = obs(
        (P0, "A", "S", 1, 2), (P1, "A", "S", 1, 2), (P2, "A", "S", 2, 5),
        (P0, "B", "S", 0, 5), (P1, "B", "S", 1, 2),
        (P0, "C", "S", 3, 5), (P1, "C", "S", 1, 2),
    )  # fmt: skip
    strategy = make_strategy()
    by = compute_by_organisation(data, ORGS, strategy, [P0, P1, P2])

    def cell(org, period):
        return by[(by["organisation"] == org) & (by["period"] == period)].iloc[0]

    level, down = cell("A", P1), cell("A", P2)
    assert (level["progress"], level["status"]) == (0.0, "limited_progress")
    assert (down["progress"], down["status"]) == (0.0, "deterioration")
    rising = cell("B", P1)
    assert 0.999 < rising["progress"] < 1 and rising["status"] == "on_track"
    assert to_csv(by).count(",0.999999,") == 1  # written below 1 in the exports too
    fallen = cell("C", P1)  # reached at the start (60 % > 50 %), no longer
    assert (fallen["progress"], fallen["status"]) == (0.0, "deterioration")
    for r in (level, down, rising, fallen):
        assert r["progress"] == progress(r["value"], r["baseline_value"], 0.5, inclusive=False)
    assert status(0.5, 0.5, True, 2, 0.5, math.nan, inclusive=False) == "limited_progress"
    assert status(0.4, 0.5, True, 2, 0.5, math.nan, inclusive=False) == "deterioration"
    assert progress(0.5, 0.5, 0.5) == 1.0  # inclusive: reached


def test_per_organisation_agrees_with_the_scalar_functions():
    from barometre.dataset import load_dataset
    from barometre.strategy import period_year
    from conftest import DEMO

    ds = load_dataset(DEMO)
    strat = ds.strategy
    by = compute_by_organisation(ds.observations, ds.organisations, strat, ds.periods)
    t0, big_t = period_year(strat.baseline_period), period_year(strat.deadline_period)
    for (_org, tid), g in by.groupby(["organisation", "target"]):
        target = strat.target(tid)
        goal = target.threshold if target.aggregation == "share_of_organisations" else target.target_value
        inclusive = target.inclusive if target.aggregation == "share_of_organisations" else True
        vals = dict(zip(g["period"], g["value"], strict=True))
        base = vals.get(strat.baseline_period, math.nan)
        for _, r in g.iterrows():
            upto = [p for p in ds.periods if p in vals and period_year(p) <= period_year(r["period"])]
            ratio = pace_ratio(r["value"], base, goal, period_year(r["period"]) - t0, big_t - t0)
            assert r["progress"] == pytest.approx(progress(r["value"], base, goal, inclusive), nan_ok=True)
            assert r["pace_ratio"] == pytest.approx(ratio, nan_ok=True)
            assert r["status"] == status(r["value"], goal, True, len(upto), base, ratio, inclusive)
            proj = projection([period_year(p) for p in upto], [vals[p] for p in upto], big_t)
            assert r["projected_value"] == pytest.approx(proj, nan_ok=True, abs=1e-9)


def test_a_target_to_bring_down_that_rises_is_said_to_decline_since_its_lowest_point():
    """A « decrease » target going from 19 % to 29 % (away from « au plus 10 % ») recedes since its start;
    the message once took the highest value as the best and said « sous son niveau de départ »."""
    strategy = parse_strategy(
        {
            "id": "down", "title": "Down", "periods": [P0, P1, P2, P3], "baseline_period": P0,
            "deadline_period": P3, "ambitions": [{"id": "1", "title": "Un"}],
            "targets": [{"id": "D", "ambition": "1", "label": "D", "target_value": 0.10, "direction": "decrease"}],
            "contributions": [{"id": "c1", "title": "C1", "targets": ["D"]}],
        },
        "down-strategy",
    )  # fmt: skip
    rows = everyone(P0, "D", 19, 100) + everyone(P1, "D", 29, 100)
    ind = compute_indicators(obs(*rows), ORGS, strategy, [P0, P1], NO_BOOT)
    assert row(ind, "D", P1)["status"] == "deterioration"
    said = {
        lang: key_messages(ind, summary_index(ind, strategy), strategy, P1, lang) for lang in ("fr", "en")
    }
    # « recule depuis » read as a fall every year; a target to bring down is above its best, the lowest
    best = "au-dessus de son meilleur niveau (le plus bas), 19\u00a0%, atteint en"
    assert f"La cible D est en recul\u00a0: 29\u00a0% en {P1}, {best} {P0}." in said["fr"], said
    assert (
        f"Target D has deteriorated: 29% in {P1}, above its best (lowest) level, 19%, reached in {P0}."
        in said["en"]
    )
    assert not [m for m in said["fr"] if "niveau de départ" in m], said


def test_a_target_without_value_has_its_value_and_change_in_words_named_by_label_when_its_id_is_a_word():
    """« Sans cible chiffrée, seule la tendance est suivie : uptake, feedback. » gave no trend, and ids that
    are English words. Each such target now has its value and its change in words (« stable » by the rule of
    « ≈ »), named by its id when a code (« N »), by its label in the page's language when a word."""
    strategy = parse_strategy(
        {
            "id": "none", "title": "None", "periods": [P0, P1, P2, P3], "baseline_period": P0,
            "deadline_period": P3, "ambitions": [{"id": "1", "title": "Un"}],
            "targets": [{"id": "N", "ambition": "1", "label": "N"},
                        {"id": "online", "ambition": "1", "label": {"fr": "Part des services en ligne",
                                                                    "en": "Share of online services"},
                         "short_label": {"fr": "Services en ligne", "en": "Online services"}}],
            "contributions": [{"id": "c1", "title": "C1", "targets": ["N", "online"]}],
        },
        "none-strategy",
    )  # fmt: skip
    rows = [*everyone(P0, "N", 19, 100), *everyone(P1, "N", 29, 100), *everyone(P2, "N", 292, 1000),
            *everyone(P0, "online", 40, 100), *everyone(P1, "online", 31, 100),
            *everyone(P2, "online", 20, 100, orgs="A")]  # fmt: skip
    ind = compute_indicators(obs(*rows), ORGS, strategy, [P0, P1, P2], NO_BOOT)

    def said(period, lang):
        return [
            m.replace("\u00a0", " ")
            for m in key_messages(ind, summary_index(ind, strategy), strategy, period, lang)
        ]

    assert said(P0, "fr") == [f"La cible N, sans valeur cible chiffrée, est à 19 % en {P0}.",
                              f"La cible « Services en ligne », sans valeur cible chiffrée, est à 40 % en {P0}."]  # fmt: skip
    assert said(P1, "fr") == [
        f"La cible N, sans valeur cible chiffrée, est à 29 % en {P1}, en hausse de 10,0 pts depuis {P0}.",
        f"La cible « Services en ligne », sans valeur cible chiffrée, est à 31 % en {P1}, en baisse de 9,0 pts depuis {P0}.",
    ]
    assert said(P1, "en") == [f"Target N, with no numeric target value, stands at 29% in {P1}, up 10.0 pts since {P0}.",
                              f"Target “Online services”, with no numeric target value, stands at 31% in {P1}, down 9.0 pts "
                              f"since {P0}."]  # fmt: skip
    # 0,2 point from 29 %: stable; « online » reported by one organisation of four in P2: not counted
    assert said(P2, "fr")[-2:] == [
        f"La cible N, sans valeur cible chiffrée, est à 29,2 % en {P2}, stable (+0,2 pt) depuis {P1}.",
        f"La cible « Services en ligne », sans valeur cible chiffrée, est à 20 % en {P2}, une période qui ne compte pas.",
    ]
    every = [m for period in (P0, P1, P2) for lang in ("fr", "en") for m in said(period, lang)]
    assert not [m for m in every if "online" in m], every
