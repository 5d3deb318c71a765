"""The brief's « Les plus fortes progressions »: what an organisation's mean gain is taken over."""

import pandas as pd
import pytest
from barometre.api import results
from barometre.brief import build_content
from barometre.brief.deck import build_deck
from barometre.brief.pdf import brief_html
from barometre.i18n import format_points, t
from conftest import rewrite_csv, shown

pytestmark = pytest.mark.cost(6)  # CPU-seconds: the costliest start first (conftest)

PERIOD, BEFORE = "2022-2023", "2021-2022"


def _set(rows: list[dict], org: str, target: str, values: dict[str, tuple[int, int]]) -> list[dict]:
    """``rows`` with ``org``'s ``target`` reported as ``values[period]`` (numerator, denominator)."""
    for r in rows:
        if r["organisation"] == org and r["target"] == target and r["period"] in values:
            r["numerator"], r["denominator"] = map(str, values[r["period"]])
    return rows


def _organisations_slide(content) -> str:
    slide = next(s for s in build_deck(content).slides
                 if s.shapes.title is not None and s.shapes.title.text == t("deck.slide.organisations", content.lang))  # fmt: skip
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame).replace("\u2011", "-")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_most_improved_is_no_yes_or_no_flip_nor_a_few_units_nor_a_change_the_table_withholds(demo_copy, lang):
    """On 2023-2024 a ministry came first at « +12,2 pts en moyenne par cible » through 4.1 going from 0 to 1
    (« +100 pts »: an organisation's 4.1 is a yes or a no); on the Government of Canada's data an agency came
    first through 1/5 to 0/2 services, though the table gave no change (« — † ») for any target. The mean is
    now over the targets whose change the table gives, where the organisation counted 10 units both times,
    without the targets counted as a share of organisations; the list's note says so."""
    flip, few, withheld = "MFTRA", "BFARC", "CFAIN"

    def change(rows):
        _set(rows, flip, "4.1", {BEFORE: (0, 1), PERIOD: (1, 1)})
        _set(rows, few, "1.2", {BEFORE: (0, 5), PERIOD: (5, 5)})
        _set(rows, withheld, "5.2", {BEFORE: (0, 50), PERIOD: (50, 50)})
        keep = {"AFREV", "BFARC", "CFAIN", "CFNUM", "CFTAX", "IFSTA", "MFAGR", "MFCUL", "MFEDU", "MFEMP"}
        # 10 of 25 reported 5.2 in 2021-2022: too few for its change to be given
        return [
            r
            for r in rows
            if not (r["period"] == BEFORE and r["target"] == "5.2" and r["organisation"] not in keep)
        ]

    rewrite_csv(demo_copy / "observations.csv", change)
    res = results(demo_copy, up_to=PERIOD)
    content = build_content(res, PERIOD, lang)
    given = {r.id for r in content.rows if not r.change_withheld}
    assert "5.2" not in given and {"1.2", "4.1"} <= given
    by = res.by_organisation
    units = by[by["period"] == BEFORE].set_index(["organisation", "target"])["denominator"]
    now = by[(by["period"] == PERIOD) & by["target"].isin(given - {"4.1", "6.1"}) & (by["denominator"] >= 10)]
    now = now[[units.get((o, tg), 0) >= 10 for o, tg in zip(now["organisation"], now["target"], strict=True)]]
    means = (
        now.dropna(subset=["change"]).groupby("organisation")["change"].mean().sort_values(ascending=False)
    )
    assert pd.Series(means.values).round(3).head(6).is_unique  # no tie at the cut in this data
    name = res.dataset.organisation_name
    assert content.improved == [
        t("brief.org.improved", lang, name=name(code, lang), delta=format_points(value, lang))
        for code, value in means.head(5).items()
    ]
    assert not {flip, few, withheld} & set(means.head(5).index)
    and_ = {"fr": "4.1 et 6.1", "en": "4.1 and 6.1"}[lang]
    note = content.improved_note
    assert note == t("brief.org.improved_note", lang, units=10, points=10) + " " + t(
        "brief.org.improved_note_shares", lang, n=2, ids=and_
    )
    assert note in shown(brief_html(content, "test")) and note in _organisations_slide(content)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_most_improved_names_nobody_when_the_table_gives_no_change(demo_copy, lang):
    """The Government of Canada's brief said « Aucune évolution n'est donnée (†) : trop peu d'organisations
    avaient déclaré en 2017-2018 » and then ranked five organisations on their change since 2017-2018. With no
    change given, the list ranks nobody and says why, in one sentence (no note under it)."""
    keep = {"AFREV", "BFARC", "CFAIN", "CFNUM", "CFTAX", "IFSTA", "MFAGR", "MFCUL", "MFEDU", "MFEMP"}
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if r["period"] != BEFORE or r["organisation"] in keep])  # fmt: skip
    content = build_content(results(demo_copy, up_to=PERIOD), PERIOD, lang)
    assert all(
        r.change_withheld for r in content.rows
    )  # 10 of 25 reported in 2021-2022: « — † » on each line
    assert content.improved == []
    sentence = t("brief.org.no_change", lang, previous=BEFORE)
    assert content.improved_empty == sentence
    html = shown(brief_html(content, "test"))
    assert sentence in html and content.improved_note not in html
    slide = _organisations_slide(content)
    assert sentence in slide and content.improved_note not in slide
