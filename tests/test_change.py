"""Change since the previous period, raw and at constant sample (hand-computed)."""

import math

import pandas as pd
import pytest
from barometre.i18n import t
from barometre.methodology import INDICATOR_COLUMNS, Options, compute_by_organisation, compute_indicators
from test_methodology import ORGS, P0, P1, P2, P3, make_strategy

ROWS = [
    # pooled target P: C drops out in P1, D joins
    (P0, "A", "P", 2, 10), (P0, "B", "P", 3, 10), (P0, "C", "P", 5, 10),
    (P1, "A", "P", 4, 10), (P1, "B", "P", 6, 10), (P1, "D", "P", 9, 10),
    # P2 has no data for P; P3 has one organisation
    (P3, "A", "P", 5, 10),
    # share target S (> 0.5, exclusive)
    (P0, "A", "S", 6, 10), (P0, "B", "S", 5, 10), (P0, "C", "S", 8, 10),
    (P1, "A", "S", 5, 10), (P1, "B", "S", 6, 10), (P1, "D", "S", 1, 1),
]  # fmt: skip


@pytest.fixture(scope="module")
def ind():
    obs = pd.DataFrame(ROWS, columns=["period", "organisation", "target", "numerator", "denominator"])
    frame = compute_indicators(obs, ORGS, make_strategy(), [P0, P1, P3], Options(bootstrap=0))
    return frame.set_index(["target", "period"])


def test_columns_are_part_of_the_contract():
    assert INDICATOR_COLUMNS[-4:] == [
        "previous_value", "change", "constant_sample_organisations", "constant_sample_change"]  # fmt: skip


def test_pooled_change_with_an_organisation_missing_and_one_joining(ind):
    row = ind.loc[("P", P1)]
    assert row["value"] == pytest.approx(19 / 30)
    assert row["previous_value"] == pytest.approx(10 / 30)
    assert row["change"] == pytest.approx(19 / 30 - 10 / 30)
    # A and B reported both times: 10/20 now, 5/20 before
    assert row["constant_sample_organisations"] == 2
    assert row["constant_sample_change"] == pytest.approx(0.25)


def test_share_target_change_uses_its_own_rule(ind):
    row = ind.loc[("S", P1)]
    assert row["previous_value"] == pytest.approx(2 / 3) and row["change"] == pytest.approx(0)
    # A: 0.6 → 0.5 (meets, then not); B: 0.5 → 0.6 (not, then meets): 1/2 both times
    assert row["constant_sample_organisations"] == 2
    assert row["constant_sample_change"] == pytest.approx(0)


def test_no_previous_data_leaves_the_change_empty(ind):
    first = ind.loc[("P", P0)]
    assert all(math.isnan(first[c]) for c in ("previous_value", "change", "constant_sample_organisations"))
    # P3 follows P2, which has no data: the previous value is that of P2 (none), not P1's
    after_gap = ind.loc[("P", P3)]
    assert math.isnan(after_gap["previous_value"]) and math.isnan(after_gap["change"])
    assert math.isnan(after_gap["constant_sample_change"])


def test_by_organisation_change():
    obs = pd.DataFrame(ROWS, columns=["period", "organisation", "target", "numerator", "denominator"])
    by = compute_by_organisation(obs, ORGS, make_strategy(), [P0, P1, P2, P3]).set_index(
        ["organisation", "target", "period"])  # fmt: skip
    assert by.loc[("A", "P", P1), "previous_value"] == pytest.approx(0.2)
    assert by.loc[("A", "P", P1), "change"] == pytest.approx(0.2)
    assert math.isnan(by.loc[("D", "P", P1), "previous_value"])


def test_cards_show_both_changes_and_say_when_the_sample_changed(demo_copy):
    from barometre import sections
    from conftest import DEMO, rewrite_csv

    ctx = sections.context(DEMO, "2022-2023", "fr")
    ind = ctx.now.set_index("target")
    # 1.1: 131/178 now, 0.613636 before; 23 organisations reported both times
    arrow, text = sections._trend(ctx, "1.1")
    assert arrow == "▲"  # not the arrow of a status (↗ « En bonne voie »)
    assert (
        text
        == "+12,2\u00a0pts depuis 2021-2022\u00a0; +12,2\u00a0pts à périmètre constant (23 organisations)"
    )
    assert ind.loc["1.1", "change"] == pytest.approx(131 / 178 - ind.loc["1.1", "previous_value"])
    # 4.2: only 10 organisations reported in 2022-2023 (22 the year before): the page says so
    _arrow, text = sections._trend(ctx, "4.2")
    assert "(10 organisations)" in text and "12 départs" in text
    card = str(sections.target_card(ctx, ctx.strategy.target("4.2")))
    assert "à périmètre constant" in card and "a changé" in card
    en = sections._trend(sections.context(DEMO, "2022-2023", "en"), "4.2")[1]
    assert "on a constant sample (10 organisations)" in en and "12 left" in en
    # … and that 2022-2023 does not count for 4.2 (10 of 25 < 50 %), as the brief's « † » says: the card
    # gave « −… pts » with its arrow and nothing to say so; 1.1, counted both times, says nothing of it
    assert text.endswith(t("trend.not_counted", "fr", period="2022-2023", threshold="50 %"))
    assert ".. " not in text and "ne compte pas" in card
    assert en.endswith("2022-2023 does not count: fewer than 50% of the expected organisations reported, so read "
                       "this change with caution.")  # fmt: skip
    assert "ne compte pas" not in sections._trend(ctx, "1.1")[1]
    # both periods short of reporters: one sentence, not the same one twice in a row
    kept = []

    def ten_in_2021(rows):  # 10 of 4.2's reports of 2021-2022 kept: short of half, as in 2022-2023
        for r in rows:
            if (r["period"], r["target"]) == ("2021-2022", "4.2"):
                kept.append(r)
                if len(kept) > 10:
                    continue
            yield r

    rewrite_csv(demo_copy / "observations.csv", lambda rows: list(ten_in_2021(rows)))
    later = sections.context(demo_copy, "2022-2023", "fr")
    said = sections._trend(later, "4.2")[1].replace("\u00a0", " ")
    assert said.endswith("Ni 2021-2022 ni 2022-2023 ne comptent : moins de 50 % des organisations attendues ont "
                         "déclaré chaque fois, évolution à lire avec prudence.") and said.count("comptent") == 1  # fmt: skip
    assert "à périmètre constant" in str(sections.methodology(ctx))


def test_a_change_never_wears_the_arrow_of_a_status():
    """The brief's table read « ↘ Progrès limités » beside « ↗ +2,4 pts »: statuses and changes drew from one
    set of arrows. A change now has its own signs, on the site's cards and in the brief and deck."""
    from barometre import sections
    from barometre.api import results
    from barometre.blocks import STATUS_ICONS, change_sign
    from barometre.brief import build_content
    from conftest import DEMO

    status_signs = set(STATUS_ICONS.values()) - {"·"}
    changes = ((0.024, (0.6, 0.576)), (-0.053, (0.4, 0.453)), (0.004, (0.604, 0.6)), (float("nan"), (0.5, None)),
               (None, ()))  # fmt: skip
    assert [change_sign(d, ends) for d, ends in changes] == ["▲", "▼", "≈", "·", "·"]
    rows = build_content(results(DEMO), "2022-2023", "fr").rows
    assert {"▲", "▼"} <= {r.arrow for r in rows} <= {"▲", "▼", "≈", "·"}  # 4.2 has no change to give: ·
    assert not {r.arrow for r in rows} & status_signs
    ctx = sections.context(DEMO, "2022-2023", "fr")
    card_signs = {sections._trend(ctx, target.id)[0] for target in ctx.strategy.targets}
    assert card_signs <= {"▲", "▼", "≈", "·"} and not card_signs & status_signs


@pytest.mark.parametrize(
    ("change", "ends", "sign"),
    [(0.0012, (0.0044, 0.0032), "▲"), (-0.0012, (0.0032, 0.0044), "▼"), (0.004, (0.05, 0.046), "▲"),
     (0.004, (0.604, 0.6), "≈"), (-0.005, (0.6, 0.605), "≈"), (0.0051, (0.6, 0.5949), "▲"),
     (0.0, (0.0, 0.0), "≈"), (0.000004, (0.00001, 0.000006), "≈")],
)  # fmt: skip
def test_a_change_is_stable_only_when_small_in_points_and_beside_its_values(change, ends, sign):
    """« ≈ +0,12 pt » from 0,32 % to 0,44 % (+38 %): half a point was « stable » whatever the values. A change
    is « ≈ » at most half a point and under 5 % of the larger value; one that reads « 0,0 pt » is always."""
    from barometre.blocks import change_sign

    assert change_sign(change, ends) == sign


def test_a_target_measured_for_the_first_time_while_the_others_were_is_a_change(demo_copy):
    """3.1 had too few reports in 2020-2021 and its first status in 2021-2022, when every other target already
    had one: « Ce qui a changé » did not name it (a first status was never a change). It is one now; the
    strategy's own first statuses (2020-2021, after its starting period) still are not, one line each."""
    from barometre.api import results
    from barometre.blocks import STATUS_ICONS
    from barometre.brief import build_content
    from barometre.brief.changes import status_text
    from conftest import rewrite_csv

    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if not (r["period"] == "2020-2021" and r["target"] == "3.1")])  # fmt: skip
    res = results(demo_copy)
    assert res.period_indicators("2020-2021").set_index("target").loc["3.1", "status"] == "insufficient_data"
    now = res.period_indicators("2021-2022").set_index("target").loc["3.1", "status"]
    for lang in ("fr", "en"):
        lines = build_content(res, "2021-2022", lang).all_changes
        (line,) = [c.line for c in lines if " 3.1 " in c.line]
        label = res.dataset.strategy.target("3.1").short(lang)
        assert line == t("brief.change.first_status", lang, icon=STATUS_ICONS[now], named=f"3.1 {label}",
                         now=status_text(now, lang))  # fmt: skip
        first = build_content(res, "2020-2021", lang)
        assert not first.all_changes and first.first_statuses
