"""The site at 300 organisations: a distribution chart that does not grow, a usable organisation index."""

import json
import re
import sys

import barometre as b
import pytest
import vl_convert as vlc
from barometre import charts
from barometre import sections as s
from barometre.pages_static import organisation_index
from chart_contrast import pale_marks
from conftest import DEMO, ROOT, shown

sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from synthetic import write_dataset  # noqa: E402

PERIOD = "2022-2023"


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> b.Results:
    """A synthetic dataset with more organisations than the dot plot shows one row each."""
    folder = write_dataset(tmp_path_factory.mktemp("many") / "data", organisations=charts.DOT_PLOT_MAX + 30)
    return b.compute(folder, b.Options(bootstrap=20))


def test_distribution_is_a_strip_plot_beyond_the_dot_plot_limit(many):
    table = charts.distribution_table(many, "1.1", PERIOD, "fr")
    assert len(table) > charts.DOT_PLOT_MAX  # the full list stays in the data table
    code = many.dataset.sample["code"].iloc[0]
    spec = charts.distribution_chart(many, "1.1", PERIOD, "fr", highlight=code).to_dict()
    assert spec["height"] == 170  # does not grow with the number of organisations
    assert "Nuage de points" in spec["description"]
    params = spec.get("params", []) + [p for layer in spec["layer"] for p in layer.get("params", [])]
    assert params and params[0]["bind"]["input"] == "select"
    assert len(params[0]["bind"]["options"]) == len(table) + 1  # every organisation, plus "all"
    assert params[0]["value"] == [{"organisation": code}]
    # with no organisation highlighted every point is drawn in full (at 0.9, pink and grey fell under 3:1)
    for target in ("1.1", "5.2"):
        svg = vlc.vegalite_to_svg(charts.distribution_chart(many, target, PERIOD, "fr").to_dict())
        assert not pale_marks(svg), (target, pale_marks(svg))


def test_small_datasets_keep_one_row_per_organisation():
    res = b.compute(DEMO, b.Options(bootstrap=20))
    spec = charts.distribution_chart(res, "1.1", PERIOD, "fr").to_dict()
    rows = len(charts.distribution_table(res, "1.1", PERIOD, "fr"))
    assert rows <= charts.DOT_PLOT_MAX and spec["height"] == max(120, 18 * rows)


def test_organisation_index_groups_searches_and_filters(many):
    ds = many.dataset
    html = str(organisation_index(ds, PERIOD, "fr"))
    assert 'id="org-q"' in html and 'type="search"' in html and 'for="org-q"' in html
    assert 'id="org-type"' in html and 'for="org-type"' in html  # several types in the synthetic data
    for kind in set(ds.organisations["type"]):
        assert f'<option value="{kind}">' in html.replace("&#39;", "'")
    reporting = set(ds.observations.loc[ds.observations["period"] <= PERIOD, "organisation"])
    listed = [c for c in ds.sample["code"] if c in reporting]
    assert html.count('data-name="') == len(listed)
    for code in listed:
        assert f'href="{code}.html"' in html
    # names spread over the alphabet as a government's do; « École … » and « Éditeur … » go under E
    letters = re.findall(r'<h2 id="lettre-(.)">', html)
    assert letters == sorted(letters) and len(letters) >= 8 and "E" in letters and "É" not in letters
    assert re.findall(r'<a href="#lettre-(.)">', html) == letters  # one link for each group, in order
    starts = [n[:1].upper() for n in re.findall(r'data-name="([^"]*)"', html)]  # folded names
    assert starts == sorted(starts) and set(starts) == set(letters)
    assert "<script>" in html  # the search works in the page, offline


def test_an_organisation_that_never_reported_is_named_not_dropped(tmp_path):
    """The GC site said « 71 organisations » and « Chaque organisation de l'échantillon a sa page » while a
    72nd, in the sample, had reported nothing: no page, and named nowhere. It is named now."""
    import shutil

    import pandas as pd
    from barometre.dataset import load_dataset

    data = tmp_path / "demo"
    shutil.copytree(DEMO, data)
    obs = pd.read_csv(data / "observations.csv", dtype=str, keep_default_na=False)
    obs[obs["organisation"] != "MFFIN"].to_csv(data / "observations.csv", index=False, lineterminator="\n")
    ds = load_dataset(data)
    name = {lang: ds.organisation_name("MFFIN", lang) for lang in ("fr", "en")}
    fr, en = (str(organisation_index(ds, PERIOD, lang)).replace("&#39;", "'") for lang in ("fr", "en"))
    assert 'href="MFFIN.html"' not in fr
    assert (
        f"1 organisation de l'échantillon n'a rien déclaré jusqu'en {PERIOD} et n'a donc pas de page"
        in shown(fr)
    )
    assert f"{name['fr']}." in fr and f"so it has no page: {name['en']}." in en
    assert "pas de page" not in str(organisation_index(load_dataset(DEMO), PERIOD, "fr"))


@pytest.fixture(scope="module")
def three_hundred(tmp_path_factory) -> b.Results:
    """300 organisations, ambition 1 only (three targets, as on the real site's heaviest page)."""
    folder = write_dataset(tmp_path_factory.mktemp("300") / "data", organisations=300, ambitions=["1"])
    return b.compute(folder, b.Options(bootstrap=20))


def test_an_ambition_page_of_300_organisations_carries_only_what_its_charts_read(three_hundred):
    """Ambition 1's page weighed 470 KB at 300 organisations: each target's distribution chart (93 KB: a row
    of data per organisation, each repeating the target value no mark read, and a menu naming them all) and
    its table (46 KB). The rows carry only what the marks and tooltips read (440 KB); nobody is left out."""
    ctx = s.ReportContext(three_hundred, PERIOD, "fr")
    targets = s.ambition_targets(ctx, "1")
    html = str(s.ambition_header(ctx, "1")) + "".join(str(s.target_section(ctx, tg)) for tg in targets)
    scripts = re.findall(r'<script type="application/json" class="vega-spec"[^>]*>(.*?)</script>', html, re.S)
    assert len(scripts) == 2 * len(targets)
    drawn = [json.loads(text)["spec"] for text in scripts]
    for target, spec in zip(targets, drawn[1::2], strict=True):  # each target: its trend, its distribution
        codes = set(charts.distribution_table(three_hundred, target.id, PERIOD, "fr").iloc[:, 0])
        assert len(codes) > 250 and target.id in str(spec["title"])
        rows = [r for data in spec["datasets"].values() for r in data if "lane" in r]  # the strip's points
        assert {r["organisation"] for r in rows} == codes
        assert not any("target_value" in r for r in rows)  # the same on every row: the rule's own datum
        for code in codes:  # in the table beside the chart, as its row's header
            assert f'<th scope="row">{code}' in html
