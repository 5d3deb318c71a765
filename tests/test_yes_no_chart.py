"""A yes/no target at 300 organisations: its answers counted, not 273 points piled at 100 % (4.1).

4.1 (« 1 if the organisation deploys measures, else 0 ») is a share of organisations counted at 100 %: each
organisation answers yes or no. Its strip plot drew the yes at 100 % and the no at 0 %, half clipped by the
plot's border. The strategy says which targets these are (not the values), the chart counts each answer in
words (« Oui : 235 organisations sur 280 (83,9 %) »), the menu still names one organisation with its answer.
"""

import html
import json
import re
import sys

import barometre as b
import pytest
import vl_convert as vlc
from barometre import charts
from barometre import sections as s
from barometre.strategy import load_strategy
from chart_contrast import pale_marks
from conftest import ROOT, rewrite_csv

sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from synthetic import write_dataset  # noqa: E402

MIXED = "2020-2021"  # in the synthetic data, 4.1 is answered yes by some and no by others this year


@pytest.fixture(scope="module")
def ambition4(tmp_path_factory) -> b.Results:
    """300 organisations, ambition 4 only (4.1 yes/no, 4.2 pooled); 4.2's values all 0 or 100 % too."""
    folder = write_dataset(tmp_path_factory.mktemp("300-4") / "data", organisations=300, ambitions=["4"])

    def all_or_nothing(rows):  # a pooled target whose every organisation happens to be at 0 or 100 %
        for row in rows:
            if row["target"] == "4.2":
                row["numerator"] = (
                    row["denominator"] if 2 * int(row["numerator"]) >= int(row["denominator"]) else "0"
                )
        return rows

    rewrite_csv(folder / "observations.csv", all_or_nothing)
    return b.compute(folder, b.Options(bootstrap=20))


def _answers(res: b.Results, target: str, period: str) -> tuple[int, int]:
    """Yes and no counted from the organisations' own numbers (each reports 1 or 0 over 1)."""
    by = res.by_organisation
    rows = by[(by["target"] == target) & (by["period"] == period) & by["value"].notna()]
    yes = int((rows["numerator"] == rows["denominator"]).sum())
    return yes, len(rows) - yes


def _marks(spec: dict) -> list[str]:
    return [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]
    ]


def test_the_strategy_says_which_targets_are_answered_yes_or_no():
    quebec = load_strategy("quebec-2019-2023")
    assert quebec.target("4.1").yes_no  # a share of organisations counted at 100 %
    assert not quebec.target("6.1").yes_no  # a share of organisations over 50 %: where each stands counts
    assert not quebec.target("1.1").yes_no and not quebec.target("4.2").yes_no  # pooled


def test_a_yes_no_target_counts_its_answers(ambition4):
    yes, no = _answers(ambition4, "4.1", MIXED)
    total = yes + no
    assert yes > 200 and no > 20  # the test's premise: both answers, far past the dot plot
    ind = ambition4.indicators.query("target == '4.1' and period == @MIXED").iloc[0]
    assert ind["organisations_reporting"] == total and ind["value"] == pytest.approx(
        yes / total
    )  # reconciles
    table = charts.distribution_table(ambition4, "4.1", MIXED, "fr")
    code = table.loc[table["Réponse"] == "non", "Code"].iloc[0]  # an organisation that answers no
    name = ambition4.dataset.organisation_name(code, "fr")
    spec = charts.distribution_chart(ambition4, "4.1", MIXED, "fr", highlight=code).to_dict()
    assert "bar" in _marks(spec) and "point" not in _marks(spec)  # no strip plot
    rows = [r for data in spec["datasets"].values() for r in data]
    assert not any("lane" in r for r in rows)
    assert {r["organisation"] for r in rows if "organisation" in r} == set(table["Code"])  # each clickable
    yes_share, no_share = (f"{100 * n / total:.1f}".replace(".", ",") + "\u00a0%" for n in (yes, no))
    said = (f"Oui\u00a0: {yes} organisations sur {total} ({yes_share})",
            f"Non\u00a0: {no} organisations sur {total} ({no_share})")  # fmt: skip
    assert {r["label"] for r in rows if "label" in r} >= set(said)
    # the screen reader hears the counts and the target
    description = spec["description"]
    assert said[0] in description and f"non\u00a0: {no} organisations sur {total}" in description
    assert "cible\u00a0: 100\u00a0% des organisations" in description and "tableau de données" in description
    params = spec.get("params", []) + [p for layer in spec["layer"] for p in layer.get("params", [])]
    assert params[0]["bind"]["input"] == "select" and len(params[0]["bind"]["options"]) == len(table) + 1
    assert params[0]["value"] == [{"organisation": code}]
    svg = html.unescape(vlc.vegalite_to_svg(spec))
    for text in (*said, f"▲ {name}\u00a0: non", "Cible\u00a0: 100\u00a0%"):  # drawn, in words
        assert f">{text}</text>" in svg, text
    assert not pale_marks(svg), pale_marks(svg)
    en = charts.distribution_chart(ambition4, "4.1", MIXED, "en").to_dict()
    assert (
        f"Yes: {yes} organisations of {total} ({yes_share.replace(',', '.').replace(chr(160), '')})"
        in en["description"]
    )


def test_the_table_beside_it_gives_each_organisation_its_answer(ambition4):
    yes, no = _answers(ambition4, "4.1", MIXED)
    for lang, column, words in (("fr", "Réponse", ("oui", "non")), ("en", "Answer", ("yes", "no"))):
        table = charts.distribution_table(ambition4, "4.1", MIXED, lang, formatted=True)
        assert len(table) == yes + no  # the full list
        assert list(table[column].value_counts()[list(words)]) == [yes, no]
    assert "Réponse" not in charts.distribution_table(ambition4, "4.2", MIXED, "fr")


@pytest.fixture(scope="module")
def ambition6(tmp_path_factory) -> b.Results:
    """60 organisations, ambition 6 only (6.1: a share of organisations over 50 %)."""
    folder = write_dataset(tmp_path_factory.mktemp("60-6") / "data", organisations=60, ambitions=["6"])
    return b.compute(folder, b.Options(bootstrap=20))


def test_chosen_by_the_strategy_not_by_the_values(ambition4, ambition6):
    """4.2 is pooled: its organisations all at 0 or 100 % here, it keeps its strip plot (the first attempt
    chose by the values and drew it as yes and no); 6.1, a share of organisations over 50 %, keeps it too."""
    by = ambition4.by_organisation
    values = by.loc[(by["target"] == "4.2") & (by["period"] == MIXED), "value"].dropna()
    assert set(values) == {0.0, 1.0} and len(values) > charts.DOT_PLOT_MAX
    for res, target in ((ambition4, "4.2"), (ambition6, "6.1")):
        spec = charts.distribution_chart(res, target, MIXED, "fr").to_dict()
        assert "Nuage de points" in spec["description"] and "point" in _marks(spec), target
        assert any("lane" in r for data in spec["datasets"].values() for r in data)


def test_the_ambition_page_section_of_4_1_is_the_yes_no_chart(ambition4):
    ctx = s.ReportContext(ambition4, MIXED, "fr")
    section = str(s.target_section(ctx, ambition4.dataset.strategy.target("4.1")))
    scripts = re.findall(
        r'<script type="application/json" class="vega-spec"[^>]*>(.*?)</script>', section, re.S
    )
    spec = json.loads(scripts[1])["spec"]  # its trend, its distribution
    yes, no = _answers(ambition4, "4.1", MIXED)
    assert f"Oui\u00a0: {yes} organisations sur {yes + no}" in spec["description"]
    assert "point" not in _marks(spec)
    for code in charts.distribution_table(ambition4, "4.1", MIXED, "fr")["Code"]:
        assert f'<th scope="row">{code}' in section  # every organisation in the table beside it
