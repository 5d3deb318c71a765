"""Explorer: set widget values in plain Python, check the resulting chart data and table."""

from __future__ import annotations

import json
from pathlib import Path

import barometre as b
import pytest
import vl_convert as vlc
from barometre.charts import trend_chart
from barometre.explorer import build_explorer, government_series
from barometre.i18n import t

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"


@pytest.fixture(scope="module")
def res() -> b.Results:
    """Results of the demo dataset."""
    return b.compute(DEMO, b.Options(bootstrap=40))


def chart_rows(chart) -> list[dict]:
    """Rows of the series layer (the line) of a comparison chart."""
    spec = chart.to_dict()
    for unit in spec["layer"]:
        mark = unit["mark"]
        if (mark if isinstance(mark, str) else mark["type"]) == "line":
            return spec["datasets"][unit["data"]["name"]]
    raise AssertionError("no line layer")


def test_defaults(res: b.Results) -> None:
    ex = build_explorer(res, "fr")
    strategy = res.dataset.strategy
    assert ex.period.value == res.dataset.latest_period
    assert ex.ambition.value == strategy.ambitions[0].id
    assert ex.target.value == strategy.targets_of(strategy.ambitions[0].id)[0].id
    assert ex.organisations.value == ()
    assert ex.view.value == "pooled"
    assert ex.period.description == t("explorer.period", "fr")
    assert build_explorer(res, "en").period.description == t("explorer.period", "en")
    # Without organisations, the chart shows the government series only.
    data = ex.current_data()
    assert set(data["kind"]) == {"government"}


def test_choosing_organisations_changes_the_compared_series(res: b.Results) -> None:
    ex = build_explorer(res, "fr")
    before = ex.refresh_count
    ex.organisations.value = ("MFSN",)
    assert ex.refresh_count == before + 1  # the observe callback ran
    data = ex.current_data()
    own = data[data["kind"] == "organisation"]
    expected = res.by_organisation.query("organisation == 'MFSN' and target == '1.1'")
    assert set(own["series"]) == {res.dataset.organisation_name("MFSN", "fr")}
    assert own["value"].tolist() == pytest.approx(expected["value"].tolist())
    names = {r["series"] for r in chart_rows(ex.current_chart())}
    assert res.dataset.organisation_name("MFSN", "fr") in names
    ex.organisations.value = ("MFEDU", "MFTRA")
    names = {r["series"] for r in chart_rows(ex.current_chart())}
    assert res.dataset.organisation_name("MFSN", "fr") not in names
    assert {res.dataset.organisation_name(c, "fr") for c in ("MFEDU", "MFTRA")} <= names
    # The table follows: government row then the chosen organisations.
    table = ex.current_table()
    assert list(table["Code"])[0] == ""
    assert set(table["Code"][1:]) == {"MFEDU", "MFTRA"}
    # The distribution chart highlights the first chosen organisation.
    spec = ex.current_distribution_chart().to_dict()
    params = spec["params"]
    assert params[0]["value"] == [{"organisation": "MFEDU"}]


def test_changing_period_changes_the_table(res: b.Results) -> None:
    ex = build_explorer(res, "en")
    ex.select_target("4.2")
    ex.period.value = "2021-2022"
    a = ex.current_table()
    ex.period.value = "2022-2023"
    c = ex.current_table()
    by_org = res.by_organisation.query("target == '4.2'")
    assert len(a) == 1 + len(by_org.query("period == '2021-2022'"))
    assert len(c) == 1 + len(by_org.query("period == '2022-2023'"))
    assert len(a) != len(c)
    gov = res.indicators.query("target == '4.2'").set_index("period")["value"]
    assert a["Value"].iloc[0] == pytest.approx(gov["2021-2022"])
    assert c["Value"].iloc[0] == pytest.approx(gov["2022-2023"])
    # The chosen period is drawn as a vertical rule on the chart.
    spec = ex.current_chart().to_dict()
    rule_rows = [
        spec["datasets"][u["data"]["name"]]
        for u in spec["layer"]
        if (u["mark"] if isinstance(u["mark"], str) else u["mark"]["type"]) == "rule" and "x" in u["encoding"]
    ]
    assert rule_rows[0][0]["period"] == "2022-2023"


def test_ambition_updates_target_options(res: b.Results) -> None:
    ex = build_explorer(res, "fr")
    ex.ambition.value = "5"
    assert [v for _, v in ex.target.options] == ["5.1", "5.2"]
    assert ex.target.value == "5.1"
    assert set(ex.current_data()["period"]) == set(res.dataset.periods)
    title = ex.current_chart().to_dict()["title"]["text"]
    assert title.startswith("Cible 5.1")


def test_pooled_and_mean_views_differ_and_mean_is_the_mean(res: b.Results) -> None:
    ex = build_explorer(res, "fr")
    ex.select_target("2.1")
    ex.period.value = "2021-2022"
    pooled = ex.current_table()["Valeur"].iloc[0]
    ex.view.value = "mean"
    mean = ex.current_table()["Valeur"].iloc[0]
    # Hand-computed unweighted mean of the organisations' own ratios.
    obs = res.dataset.observations.query("target == '2.1' and period == '2021-2022'")
    sample = set(res.dataset.sample["code"])
    obs = obs[obs["organisation"].isin(sample)]
    ratios = [n / d for n, d in zip(obs["numerator"], obs["denominator"], strict=True)]
    assert mean == pytest.approx(sum(ratios) / len(ratios))
    assert pooled == pytest.approx(obs["numerator"].sum() / obs["denominator"].sum())
    assert abs(mean - pooled) > 1e-4
    # The chart's government series follows the view.
    rows = [r for r in chart_rows(ex.current_chart()) if r["series"] == t("explorer.series.mean", "fr")]
    assert {r["period"]: r["value"] for r in rows}["2021-2022"] == pytest.approx(mean)
    # No pooled interval band in the mean view; there is one in the pooled view.
    marks = [u["mark"]["type"] for u in ex.current_chart().to_dict()["layer"] if isinstance(u["mark"], dict)]
    assert "area" not in marks
    ex.view.value = "pooled"
    marks = [u["mark"]["type"] for u in ex.current_chart().to_dict()["layer"] if isinstance(u["mark"], dict)]
    assert "area" in marks


def test_government_series_views(res: b.Results) -> None:
    pooled = government_series(res, "6.1", "pooled")
    mean = government_series(res, "6.1", "mean")
    assert list(pooled["period"]) == list(mean["period"]) == res.dataset.periods
    counts = res.by_organisation.query("target == '6.1'").groupby("period").size()
    assert mean.set_index("period")["organisations_reporting"].to_dict() == counts.to_dict()
    with pytest.raises(ValueError):
        government_series(res, "6.1", "median")


def test_explorer_charts_render(res: b.Results) -> None:
    ex = build_explorer(res, "fr")
    ex.organisations.value = ("MFSN", "MFEDU")
    for chart in (ex.current_chart(), ex.current_distribution_chart()):
        spec = chart.to_dict()
        assert spec["description"]
        assert vlc.vegalite_to_svg(spec).startswith("<svg")
    formatted = ex.current_table(formatted=True)
    assert formatted["Valeur"].iloc[0].endswith("\u00a0%")
    assert ex.widget.children  # the app is a displayable VBox


def test_export_csv_and_excel_of_the_selection(res: b.Results) -> None:
    import base64
    import io
    import re

    import openpyxl
    from barometre.explorer import download_links, selection_csv, selection_xlsx

    ex = build_explorer(res, "fr")
    ex.organisations.value = ("MFSN", "MFEDU")
    table = ex.current_table()
    # A hostile organisation name must never become a formula.
    table.loc[1, "Série"] = '=HYPERLINK("http://x")'
    csv_text = selection_csv(table).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    # as a French-locale spreadsheet reads it: « ; » between cells, the decimal comma (it got one cell a line)
    assert csv_text.splitlines()[0].startswith("Série;Code;Valeur")
    first = csv_text.splitlines()[1].split(";")
    assert (
        "," in first[2]
        and "." not in first[2]
        and float(first[2].replace(",", ".")) == pytest.approx(table["Valeur"].iloc[0])
    )
    assert selection_csv(table, "en").decode("utf-8-sig").splitlines()[0].startswith("Série,Code,Valeur")
    book = openpyxl.load_workbook(io.BytesIO(selection_xlsx(table, "fr")))
    sheet = book.active
    assert [c.value for c in sheet[1]][:3] == ["Série", "Code", "Valeur"]
    assert sheet.cell(2, 3).value == pytest.approx(table["Valeur"].iloc[1 - 1])
    assert sheet.cell(2, 3).number_format in ("0\\ %", "0.0\\ %")  # as the pages write it (below)
    assert sheet.cell(2, 4).number_format == "#,##0"
    assert sheet.cell(3, 1).value == '\'=HYPERLINK("http://x")'
    assert sheet.cell(3, 1).data_type == "s"
    codes = {sheet.cell(i, 2).value for i in range(3, sheet.max_row + 1)}
    assert codes == {"MFSN", "MFEDU"}
    # One click: two links with data: URIs whose content is the files themselves.
    links = download_links(table, "fr", "explorateur-1.1-2022-2023")
    hrefs = dict(
        re.findall(r'download="[^"]+\.(\w+)" href="data:[^;]+(?:;charset=utf-8)?;base64,([^"]+)"', links)
    )
    assert set(hrefs) == {"csv", "xlsx"}
    assert base64.b64decode(hrefs["csv"]) == selection_csv(table, "fr")
    assert "Télécharger la sélection" in links
    assert "Download the selection" in download_links(table, "en", "explorer")
    # The widget shows the links of the current selection.
    assert "explorateur-1.1-2022-2023.xlsx" in ex.export_links.value
    ex.period.value = "2021-2022"
    assert "explorateur-1.1-2021-2022.xlsx" in ex.export_links.value


def test_filters_by_type_and_reported_versus_expected(res: b.Results) -> None:
    ex = build_explorer(res, "fr")
    ex.select_target("1.1")
    ex.period.value = "2022-2023"
    sample = res.dataset.sample
    organismes = set(sample.query("type == 'organisme'")["code"])
    ex.org_type.value = "organisme"
    # The organisation list and the table keep only that type.
    assert {c for _, c in ex.organisations.options} == organismes
    reported = ex.current_table()
    assert set(reported["Code"][1:]) == organismes - {"BFARC"}  # BFARC did not report 1.1 in 2022-2023
    ex.coverage.value = "expected"
    expected = ex.current_table()
    assert set(expected["Code"][1:]) == organismes
    row = expected[expected["Code"] == "BFARC"].iloc[0]
    assert row["Statut"] == t("explorer.no_data.status", "fr")
    assert row["Valeur"] != row["Valeur"]  # NaN: missing is not zero
    # Choosing organisations of another type is impossible once filtered; "all types" brings them back.
    ex.org_type.value = ""
    assert len(ex.organisations.options) == len(sample)


def test_clear_message_when_a_selection_has_no_data(res: b.Results) -> None:
    ex = build_explorer(res, "fr")
    ex.select_target("1.1")
    ex.period.value = "2022-2023"
    assert ex.no_data_message() == ""
    ex.organisations.value = ("BFARC", "MFSN")
    name = res.dataset.organisation_name("BFARC", "fr")
    message = ex.no_data_message()
    assert message.startswith("Aucune donnée déclarée pour " + name)
    assert res.dataset.organisation_name("MFSN", "fr") not in message
    assert "Aucune donnée déclarée" in ex.message.value
    en = build_explorer(res, "en")
    en.select_target("1.1")
    en.organisations.value = ("BFARC",)
    assert en.no_data_message().startswith("No data reported for")
    # The chart is never empty: the government series is still drawn (BFARC's other periods too).
    ex.organisations.value = ("BFARC",)
    series = {r["series"] for r in chart_rows(ex.current_chart())}
    assert t("explorer.series.pooled", "fr") in series


def test_small_multiples_one_panel_per_organisation_same_scale(res: b.Results) -> None:
    ex = build_explorer(res, "fr")
    ex.select_target("4.2")
    ex.organisations.value = ("MFSN", "MFEDU", "BFARC")
    spec = ex.current_multiples_chart().to_dict()
    panels = spec["concat"]
    assert [p["title"] for p in panels] == [
        res.dataset.organisation_name(c, "fr") for c in ex.organisations.value
    ]
    for panel in panels:
        domains = {json.dumps(u["encoding"]["y"]["scale"]["domain"]) for u in panel["layer"]}
        assert domains == {"[0, 1]"}  # the same scale everywhere
        marks = [u["mark"]["type"] if isinstance(u["mark"], dict) else u["mark"] for u in panel["layer"]]
        assert marks.count("line") == 2 and "rule" in marks  # government, organisation, target
    own = res.by_organisation.query("organisation == 'MFSN' and target == '4.2'")["value"].tolist()
    first = panels[0]["layer"][1]["data"]["name"]
    assert [r["value"] for r in spec["datasets"][first]] == pytest.approx(own)
    assert vlc.vegalite_to_svg(spec).startswith("<svg")
    assert build_explorer(res, "en").current_multiples_chart().to_dict()["title"]  # nothing chosen: a message


def test_plan_versus_actual_of_the_chosen_organisations(res: b.Results) -> None:
    """Hand-checked from data/demo/plans.csv and observations.csv (target 2.1, where the plans fall short)."""
    ex = build_explorer(res, "fr")
    ex.select_target("2.1")
    ex.period.value = "2021-2022"
    ex.organisations.value = ("MFSN", "MFEDU")
    data = ex.current_plan_data()
    rows = {(r.organisation, r.period): r for r in data.itertuples()}
    # MFSN planned 15 %, 17 %, 19 %; reported 2/16, 3/17, 3/18 (5/17 in 2022-2023, after the chosen period).
    assert rows["MFSN", "2019-2020"].plan_status == "no_plan"
    assert rows["MFSN", "2019-2020"].value == pytest.approx(2 / 16)
    assert rows["MFSN", "2020-2021"].planned_value == pytest.approx(0.15)
    assert rows["MFSN", "2020-2021"].value == pytest.approx(3 / 17)
    assert rows["MFSN", "2020-2021"].gap == pytest.approx(3 / 17 - 0.15)
    assert rows["MFSN", "2020-2021"].plan_status == "met"
    assert rows["MFSN", "2021-2022"].value == pytest.approx(3 / 18)
    assert rows["MFSN", "2021-2022"].plan_status == "behind"  # 16,7 % < 17 %
    assert rows["MFSN", "2022-2023"].planned_value == pytest.approx(0.19)
    assert rows["MFSN", "2022-2023"].plan_status == "planned"  # after the chosen period: no actual yet
    assert rows["MFSN", "2022-2023"].value != rows["MFSN", "2022-2023"].value  # NaN
    # MFEDU planned 37 %, 39 %, 41 %; reported 9/28, 11/29: behind twice.
    assert [rows["MFEDU", p].plan_status for p in ("2020-2021", "2021-2022")] == ["behind", "behind"]
    assert rows["MFEDU", "2020-2021"].gap == pytest.approx(9 / 28 - 0.37)
    assert list(dict.fromkeys(data["organisation"])) == ["MFSN", "MFEDU"]
    assert len(data) == 8  # 4 periods each
    # The table: French formats and the status in words.
    table = ex.current_plan_table(formatted=True)
    mfsn = table[(table["Code"] == "MFSN") & (table["Période"] == "2020-2021")].iloc[0]
    assert mfsn["Valeur prévue"] == "15\u00a0%"
    assert mfsn["Valeur réalisée"] == "17,6\u00a0%"
    assert mfsn["Écart au plan"] == "+2,6\u00a0pts"
    assert mfsn["Situation par rapport au plan"] == "Plan respecté"
    behind = table[(table["Code"] == "MFEDU") & (table["Période"] == "2021-2022")].iloc[0]
    assert (behind["Écart au plan"], behind["Situation par rapport au plan"]) == (
        "−1,1\u00a0pt",
        "En retard sur le plan",
    )
    assert ex.no_plan_message() == "" and ex.plan_message.value == ""
    # The chosen period decides what is actual: in 2022-2023 MFSN reported 5/17 against 19 %.
    ex.period.value = "2022-2023"
    last = ex.current_plan_data().query("organisation == 'MFSN' and period == '2022-2023'").iloc[0]
    assert (last["value"], last["plan_status"]) == (pytest.approx(5 / 17), "met")
    en = build_explorer(res, "en")
    en.select_target("2.1")
    en.organisations.value = ("MFEDU",)
    assert "Behind plan" in set(en.current_plan_table()["Against the plan"])


def test_plan_versus_actual_chart_one_panel_per_organisation_with_a_plan(res: b.Results) -> None:
    ex = build_explorer(res, "fr")
    ex.select_target("2.1")
    ex.period.value = "2021-2022"
    ex.organisations.value = ("MFSN", "MFJUS", "MFEDU")  # MFJUS filed no plan at all
    spec = ex.current_plan_chart().to_dict()
    panels = spec["concat"]
    names = [res.dataset.organisation_name(c, "fr") for c in ("MFSN", "MFEDU")]
    assert [p["title"]["text"] for p in panels] == names
    # The status at the chosen period in words, in each panel's subtitle.
    assert [p["title"]["subtitle"] for p in panels] == ["2021-2022\u00a0: En retard sur le plan"] * 2
    for panel in panels:
        domains = {
            json.dumps(u["encoding"]["y"]["scale"]["domain"]) for u in panel["layer"] if "y" in u["encoding"]
        }
        assert domains == {"[0, 1]"}  # the same scale everywhere
    planned = panels[0]["layer"][1]
    assert planned["mark"]["strokeDash"] == [6, 3] and planned["mark"]["point"]["shape"] == "square"
    assert [r["shown"] for r in spec["datasets"][planned["data"]["name"]]] == pytest.approx(
        [0.15, 0.17, 0.19]
    )
    actual = panels[0]["layer"][2]
    assert [r["shown"] for r in spec["datasets"][actual["data"]["name"]]] == pytest.approx(
        [2 / 16, 3 / 17, 3 / 18]
    )
    assert vlc.vegalite_to_svg(spec).startswith("<svg")
    # The organisation without a plan is named, never silently dropped.
    name = res.dataset.organisation_name("MFJUS", "fr")
    assert ex.no_plan_message() == f"Aucun plan déposé pour {name} (cible 2.1)."
    assert "Aucun plan déposé pour " + name in ex.plan_message.value


def test_no_plan_for_the_selection_says_so(res: b.Results, demo_copy) -> None:
    ex = build_explorer(res, "fr")
    ex.select_target("2.1")
    assert ex.no_plan_message().startswith("Choisissez une ou plusieurs organisations")
    # CFTAX filed a plan, but not for target 2.1; MFJUS filed none.
    ex.organisations.value = ("CFTAX", "MFJUS")
    names = ", ".join(res.dataset.organisation_name(c, "fr") for c in ("CFTAX", "MFJUS"))
    assert ex.no_plan_message() == f"Aucun plan déposé pour {names} (cible 2.1)."
    assert ex.current_plan_data().empty and ex.current_plan_table().empty
    spec = ex.current_plan_chart().to_dict()  # never an empty chart: the message itself
    assert spec["datasets"][spec["data"]["name"]] == [
        {"message": f"Aucun plan déposé pour {names} (cible 2.1)."}
    ]
    ex.select_target("1.1")
    assert "CFTAX" not in ex.no_plan_message() and ex.current_plan_data()[
        "organisation"
    ].unique().tolist() == ["CFTAX"]
    en = build_explorer(res, "en")
    en.organisations.value = ("MFJUS",)
    assert en.no_plan_message().startswith(
        "No plan filed for " + res.dataset.organisation_name("MFJUS", "en")
    )
    # More than five without a plan: five named, the others counted (it listed every one of 294)
    ex.select_target("1.1")  # eight of the demo's organisations have no plan for 1.1
    ex.organisations.value = tuple(res.dataset.sample["code"])
    message = ex.no_plan_message()
    assert message.count(",") == 4 and message.endswith(" et 3 autres (cible 1.1)."), message
    # A dataset without plans.csv says so once, not « Aucun plan déposé pour » each one chosen; no error.
    (demo_copy / "plans.csv").unlink()
    bare = build_explorer(b.compute(demo_copy, b.Options(bootstrap=10)), "fr")
    bare.organisations.value = ("MFSN", "MFJUS")
    assert bare.no_plan_message() == "Ce jeu de données n'a aucun plan de transformation (plans.csv)."
    assert bare.current_plan_table().empty


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("lang=en", "en"),
        ("lang=EN", "en"),
        ("lang=fr", "fr"),
        ("", "fr"),
        ("lang=de", "fr"),
        ("a=1&lang=en", "en"),
        ("lang=en-CA", "en"),  # the PDF's and the deck's tag: it opened the app in French
        ("lang=fr_CA", "fr"),
    ],
)
def test_the_app_takes_its_language_from_the_address(monkeypatch, query: str, lang: str) -> None:
    """Voilà runs the notebook without parameters: the app was French only. It gives the kernel the
    address's query string; « ?lang=en » now opens the app in English (checked by hand in Voilà: the
    widgets in English, the page's lang « en », axe without violations), anything else keeps the
    notebook's own ``lang``."""
    from barometre.explorer_app import language_from_address

    monkeypatch.setenv("QUERY_STRING", query)
    assert language_from_address("fr") == lang
    monkeypatch.delenv("QUERY_STRING")
    assert language_from_address("en") == "en"  # JupyterLab: the notebook's parameter


def test_the_app_notebook_and_template_follow_the_address() -> None:
    """The notebook builds the app in the address's language and the template sets the page's lang
    attribute from it (the server writes voila.json's « fr »); the notebook's French text says it is
    French, whatever the page's language."""
    root = Path(__file__).parent.parent
    cells = json.loads((root / "notebooks" / "explorer.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "open_explorer(data_dir, lang=lang, period=period)" in code
    intro = "".join(cells[0]["source"])
    assert intro.count('<span lang="fr">') == 2 and '<em lang="en">' in intro
    template = (
        root / "deploy" / "jupyter" / "voila" / "templates" / "barometre" / "index.html.j2"
    ).read_text(encoding="utf-8")
    assert "new URLSearchParams(location.search).get('lang') || '').trim().toLowerCase()" in template
    assert "document.documentElement.lang = asked" in template
    # one language on the page: « Explorateur / Explorer » and both intros were shown in either
    assert 'html[lang="fr"] .jp-RenderedMarkdown [lang="en"]' in template
    assert 'html[lang="en"] .jp-RenderedMarkdown .other-language' in template
    assert intro.startswith(
        '# <span lang="fr">Explorateur</span><span lang="en"><span class="other-language"> / '
    )


def test_data_that_cannot_be_used_say_why_in_the_app(tmp_path, monkeypatch) -> None:
    """A missing data folder showed Voilà's « There was an error when executing cell [2] » in English, the
    cause only in the server's log; the app now shows the library's message in the page's language."""
    from barometre.explorer_app import open_explorer

    monkeypatch.delenv("QUERY_STRING", raising=False)
    box = open_explorer(tmp_path / "absent", lang="fr")
    assert 'role="alert"' in box.value and "L'explorateur ne peut pas s'ouvrir" in box.value
    assert (
        str(tmp_path / "absent") in box.value and "introuvable" in box.value and "not found" not in box.value
    )
    monkeypatch.setenv("QUERY_STRING", "lang=en")
    english = open_explorer(tmp_path / "absent", lang="fr").value
    assert "The explorer cannot open" in english and "introuvable" not in english
    monkeypatch.delenv("QUERY_STRING")
    assert type(open_explorer(DEMO, lang="fr")).__name__ == "Explorer"


def test_organisation_types_are_given_in_the_page_s_language(res: b.Results) -> None:
    """The data's types are French (« ministère »): the English explorer and the English organisation
    index showed French words in English pages, with nothing to say so (WCAG 3.1.2). Known types are
    now given in English; the filter still works on the data's own values; an unknown type is shown
    as written. The options begin with a capital, as « Tous les types » above them does (they read
    « Tous les types, ministère, organisme »), in each language's alphabetical order."""
    from barometre.aliases import organisation_type
    from barometre.pages_static import organisation_index

    english = build_explorer(res, "en")
    assert list(english.org_type.options)[1:] == [
        ("Agency", "organisme"), ("Crown corporation", "société d'État"), ("Department", "ministère"),
    ]  # fmt: skip
    english.org_type.value = "organisme"
    assert {c for _, c in english.organisations.options} == set(
        res.dataset.sample.query("type == 'organisme'")["code"]
    )
    french = build_explorer(res, "fr")
    assert [label for label, _ in list(french.org_type.options)[1:]] == [
        "Ministère",
        "Organisme",
        "Société d'État",
    ]
    page = str(organisation_index(res.dataset, "2022-2023", "en")).replace("&#39;", "'")
    assert '<option value="société d\'État">Crown corporation</option>' in page
    assert '<option value="ministère">Department</option>' in page
    assert page.index(">Agency<") < page.index(">Crown corporation<") < page.index(">Department<")
    assert organisation_type("agence spéciale", "en") == "agence spéciale"
    assert (
        organisation_type("Department", "fr") == "ministère"
        and organisation_type("Department", "en") == "Department"
    )


def test_an_analyst_s_kernel_sees_data_saved_since(demo_copy) -> None:
    """``results()`` is memoised for notebooks and widgets, per folder: a kernel kept the data as it first
    read them, and an ingestion since did not show until the kernel was restarted."""
    from conftest import rewrite_csv

    before = b.results(demo_copy)
    assert b.results(demo_copy) is before  # unchanged files: the same results, not computed again
    rewrite_csv(demo_copy / "observations.csv", lambda rows: [r for r in rows if r["period"] != "2022-2023"])
    after = b.results(demo_copy)
    assert before.dataset.latest_period == "2022-2023" and after.dataset.latest_period == "2021-2022"


def test_the_organisation_list_is_in_french_alphabetical_order(res: b.Results) -> None:
    """« Ministère fictif de l'Éducation… » came after « …de l'Environnement… », and every « École… » after
    « Tribunal… » at 300 organisations: the list sorted by code point, accented capitals last."""
    app = build_explorer(res, lang="fr")
    names = [name for name, _code in app.organisations.options]
    education = next(n for n in names if "Éducation" in n)
    environment = next(n for n in names if "Environnement" in n)
    assert names.index(education) < names.index(environment), names


def test_numbered_names_are_listed_in_their_numbers_order(demo_copy) -> None:
    """« Centre de services scolaire n° 10 » came before « … n° 2 » (names sorted as text): in the explorer's
    list, the site's organisation index and the distribution chart's menu, « n° 2 » comes first."""
    import csv
    import re

    from barometre import charts
    from barometre.pages_static import organisation_index

    path = demo_copy / "organisations.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row, n in zip(rows[:3], (10, 2, 1), strict=True):
        row["name_fr"] = f"Centre de services scolaire n° {n}"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    results = b.compute(demo_copy, b.Options(bootstrap=0))
    want = [f"Centre de services scolaire n° {n}" for n in (1, 2, 10)]

    def numbered(names: list[str]) -> list[str]:
        return [n for n in names if n.startswith("Centre de services scolaire")]

    assert numbered([n for n, _c in build_explorer(results, "fr").organisations.options]) == want, "explorer"
    page = str(organisation_index(results.dataset, "2022-2023", "fr"))
    assert numbered(re.findall(r">(Centre de services scolaire n° \d+)</a>", page)) == want
    spec = charts.distribution_chart(results, "1.1", "2022-2023", "fr").to_dict()
    (menu,) = [p["bind"]["labels"] for p in spec.get("params", []) if "bind" in p]
    assert numbered(menu) == want


def test_a_search_box_narrows_the_organisation_list(res: b.Results) -> None:
    """At 300 organisations the list was ten rows to scroll, with no search: « ecole » (no accent) or a code
    narrows it; an organisation already chosen stays listed and chosen; clearing the search lists all."""
    ex = build_explorer(res, "fr")
    every = len(ex.organisations.options)
    ex.organisations.value = ("MFSN",)
    ex.search.value = "EDUCATION"
    names = [n for n, _c in ex.organisations.options]
    assert any("Éducation" in n for n in names) and len(names) == 2, names  # MFSN stays, still chosen
    assert ex.organisations.value == ("MFSN",)
    ex.search.value = "mfjus"
    assert [c for _n, c in ex.organisations.options] == sorted(["MFJUS", "MFSN"], key=lambda c: c != "MFJUS")
    ex.search.value = (
        "justice ministere"  # its words in any order, as « iles madeleine » for « Îles-de-la-… »
    )
    assert [c for _n, c in ex.organisations.options] == sorted(["MFJUS", "MFSN"], key=lambda c: c != "MFJUS")
    ex.search.value = ""
    assert len(ex.organisations.options) == every and ex.organisations.value == ("MFSN",)
    assert ex.search_note.value == ""


def test_the_search_says_what_it_found_and_when_nothing_matches(res: b.Results) -> None:
    """A word that matched nothing left an empty list without a word: the search says what it found, and when
    nothing matches, what to try; in the explorer's language; nothing once the box is cleared."""

    def said(app) -> str:
        return app.search_note.value.replace("\xa0", " ").replace("\u202f", " ")

    ex = build_explorer(res, "fr")
    ex.search.value = "zzzz"
    assert ex.organisations.options == ()
    assert "Aucune organisation de la liste ne correspond à « zzzz »" in said(ex)
    assert 'role="status"' in said(ex)
    ex.search.value = "ministere"
    n = len(ex.organisations.options)
    assert n > 1 and f"{n} organisations correspondent à « ministere »" in said(ex)
    ex.search.value = "mfjus"
    assert "Une organisation correspond à « mfjus »" in said(ex)
    ex.search.value = "  "
    assert ex.search_note.value == ""
    # a word starts one of the name's: « ice » found « Justice » and every « Office »; « l'educ » found every
    # name with an « l » in it before its « educ » narrowed it (« l'île » found « silence »)
    ex.search.value = "ice"
    assert ex.organisations.options == ()
    ex.search.value = "l’educ"
    assert [c for _n, c in ex.organisations.options] == ["MFEDU"]
    ex.search.value = "d'exc"
    assert [c for _n, c in ex.organisations.options] == ["CFNUM"], ex.organisations.options
    en = build_explorer(res, "en")
    en.search.value = "<b>zzzz"
    assert 'No organisation in the list matches "&lt;b&gt;zzzz"' in en.search_note.value.replace(
        "&quot;", '"'
    )


def test_the_mean_view_of_a_target_counted_in_organisations_says_it_does_not_compare(res: b.Results) -> None:
    """6.1 counts the organisations over one half: its « mean of the organisations » (48,3 %) sat beside the
    target of 60 % as if comparable. The view now says what it is not; the aggregated view says nothing."""
    ex = build_explorer(res, "fr")
    ex.period.value = "2021-2022"  # before the deadline (at it, a target not reached says what its status is)
    ex.select_target("6.1")
    assert ex.message.value == ""
    ex.view.value = "mean"
    assert "La cible 6.1 compte des organisations (celles au-dessus de 50\u00a0%)" in ex.message.value
    ex.select_target("1.1")  # a pooled target: its mean is a mean of ratios like its value
    assert ex.message.value == ""
    ex.select_target("4.1")  # counts the organisations at 100 % (inclusive): none can be « above 100 % »
    assert "La cible 4.1 compte des organisations (celles qui atteignent 100\u00a0%)" in ex.message.value


def _figures_dataset(folder: Path) -> b.Results:
    """Two organisations; P pooled (60 %), D to go down to 25 %, S organisations over 50 % (60 %)."""
    import yaml

    folder.mkdir()
    strategy = {
        "id": "figures", "title": "Figures", "periods": ["2019-2020", "2020-2021"],
        "baseline_period": "2019-2020", "deadline_period": "2020-2021",
        "ambitions": [{"id": "1", "title": "Un"}],
        "targets": [
            {"id": "P", "ambition": "1", "label": "P", "target_value": 0.6},
            {"id": "D", "ambition": "1", "label": "D", "target_value": 0.25, "direction": "decrease"},
            {"id": "S", "ambition": "1", "label": "S", "target_value": 0.6,
             "aggregation": {"method": "share_of_organisations", "threshold": 0.5, "inclusive": False}},
        ],
        "contributions": [{"id": "c", "title": "C", "targets": ["P", "D", "S"]}],
    }  # fmt: skip
    (folder / "strategy.yaml").write_text(yaml.safe_dump(strategy, allow_unicode=True), "utf-8")
    (folder / "dataset.yaml").write_text("title: F\nstrategy: strategy.yaml\nsynthetic: true\n", "utf-8")
    (folder / "organisations.csv").write_text("code,name_fr,name_en\nA,Org A,Org A\nB,Org B,Org B\n", "utf-8")
    rows = ["period,organisation,target,numerator,denominator"]
    for period in ("2019-2020", "2020-2021"):
        rows += [f"{period},A,P,5996,10000", f"{period},B,P,5996,10000", f"{period},A,D,3,10",
                 f"{period},B,D,3,10", f"{period},A,S,1,2", f"{period},B,S,3,4"]  # fmt: skip
    (folder / "observations.csv").write_text("\n".join(rows) + "\n", "utf-8")
    return b.compute(folder, b.Options(bootstrap=0))


def test_counts_with_decimals_keep_them_in_the_table_and_the_excel_download(demo_copy: Path) -> None:
    """A numerator of 10,5 (accepted, with a warning) read « 11 » beside « 95,5 % » (10,5/11): the table and the
    Excel cell write it « 10,5 »; whole counts stay whole (« 11 », « #,##0 »)."""
    import io

    import openpyxl
    from barometre.explorer_export import selection_xlsx
    from barometre.explorer_selection import selection_table

    obs = demo_copy / "observations.csv"
    obs.write_text(
        obs.read_text(encoding="utf-8").replace("2022-2023,MFSN,1.1,10,11,", "2022-2023,MFSN,1.1,10.5,11,"),
        encoding="utf-8",
    )
    res = b.compute(demo_copy, b.Options(bootstrap=10))
    args = (res, "1.1", "2022-2023", "pooled", ("MFSN", "MFJUS"), "reported", "Gouvernement")
    shown = selection_table(*args, "fr", formatted=True).set_index("Code")
    assert shown.loc["MFSN", "Numérateur"] == "10,5" and shown.loc["MFSN", "Dénominateur"] == "11"
    en = selection_table(*args, "en", formatted=True).set_index("Code")
    assert en.loc["MFSN", "Numerator"] == "10.5"
    sheet = openpyxl.load_workbook(io.BytesIO(selection_xlsx(selection_table(*args, "fr"), "fr"))).active
    cells = {
        sheet.cell(i, 2).value: (sheet.cell(i, 4), sheet.cell(i, 5)) for i in range(2, sheet.max_row + 1)
    }
    numerator, denominator = cells["MFSN"]
    assert numerator.value == 10.5 and numerator.number_format == "#,##0.0"
    assert denominator.number_format == "#,##0" and cells["MFJUS"][0].number_format == "#,##0"


def test_the_selection_table_writes_values_and_targets_as_the_pages_do(tmp_path: Path) -> None:
    """0.5996 read « 60 % » beside a 60 % target the pages say it misses (« 59,9 % »); a target to
    go down to read « 25 % » (the pages: « au plus 25 % »), an organisation's threshold « 50 % » (« plus de »)."""
    import io

    import openpyxl
    from barometre.explorer_export import selection_xlsx
    from barometre.explorer_selection import selection_table

    res = _figures_dataset(tmp_path / "figures")
    args = ("2020-2021", "pooled", ("A", "B"), "reported", "Gouvernement")
    for lang, value, at_most, above in (("fr", "59,9\u00a0%", "au plus 25\u00a0%", "plus de 50\u00a0%"),
                                        ("en", "59.9%", "at most 25%", "more than 50%")):  # fmt: skip
        shown = selection_table(res, "P", *args, lang, formatted=True)
        assert set(shown[t("chart.col.value", lang)]) == {value}, shown
        assert (
            selection_table(res, "D", *args, lang, formatted=True)[
                t("chart.col.organisation_target", lang)
            ].tolist()
            == [at_most] * 3
        )
        goals = selection_table(res, "S", *args, lang, formatted=True)[
            t("chart.col.organisation_target", lang)
        ]
        assert goals.tolist()[1:] == [above] * 2 and not goals.iloc[0].startswith(above.split()[0])
    sheets = {}
    for target in ("P", "D", "S"):
        table = selection_table(res, target, *args, "fr")
        sheets[target] = openpyxl.load_workbook(io.BytesIO(selection_xlsx(table, "fr"))).active
    p = sheets["P"]
    assert p.cell(2, 3).value == pytest.approx(0.5996) and p.cell(2, 3).number_format == "0.00\\ %"  # 59,96 %
    assert sheets["D"].cell(2, 6).number_format == '"au plus "0\\ %' and sheets["D"].cell(2, 6).value == 0.25
    assert (
        sheets["S"].cell(3, 6).number_format == '"plus de "0\\ %'
        and sheets["S"].cell(2, 6).number_format == "0\\ %"
    )


def _excel_shows(value: float, number_format: str) -> str:
    """What a French-locale spreadsheet shows of ``value`` in a ``0.0\\ %``-style format (half away from zero)."""
    from barometre.i18n import round_half_up

    number = number_format.rpartition('"')[2]
    decimals = len(number.partition(".")[2].partition("\\")[0])
    text = f"{round_half_up(value * 100, decimals):.{decimals}f}".replace(".", ",")
    return number_format.rpartition('"')[0].strip('"') + text + "\u00a0%"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_excel_download_writes_each_percentage_as_the_pages_do(lang: str) -> None:
    """The Excel download read « 75,0 % » and « au plus 25,0 % » where the pages and the CSV say « 75 % » and
    « au plus 25 % »: each cell's format keeps the decimals the pages write, no trailing zero."""
    import io

    import openpyxl
    import pandas as pd
    from barometre.explorer_export import selection_xlsx
    from barometre.i18n import format_goal, format_percent

    values, goals = [0.75, 0.125, 0.5996, 0.003, 0.7504, 1.0], [0.6, 0.6, 0.6, 0.25, 0.25, 0.5]
    table = pd.DataFrame(
        {
            t("chart.col.series", lang): list("ABCDEF"),
            t("chart.col.value", lang): values,
            t("chart.col.organisation_target", lang): goals,
        }
    )
    table.attrs.update(at_most=[False, False, False, True, True, False], above=[False] * 6)
    sheet = openpyxl.load_workbook(io.BytesIO(selection_xlsx(table, lang))).active
    shown = [sheet.cell(i, 2).number_format for i in range(2, 8)]
    assert shown[0] == ("0\\ %" if lang == "fr" else "0%") and shown[-1] == shown[0]  # 75 %, 100 %
    if lang == "fr":
        read = [_excel_shows(v, f) for v, f in zip(values, shown, strict=True)]
        assert read == [format_percent(v, "fr") for v in values[:2]] + ["59,96\u00a0%"] + [
            format_percent(v, "fr") for v in values[3:]
        ]
        targets = [_excel_shows(g, sheet.cell(i, 3).number_format) for i, g in enumerate(goals, start=2)]
        assert targets == [
            format_goal(g, "fr", at_most=m) for g, m in zip(goals, table.attrs["at_most"], strict=True)
        ]


def test_the_explorer_s_table_has_a_caption_naming_its_target_and_period(res: b.Results, monkeypatch) -> None:
    """The selection table had no caption: a screen reader's list of tables named it « table » only. The
    table the explorer displays is captioned with its target and period, in the explorer's language; the
    plan versus actual table with its target."""
    import IPython
    import IPython.display

    shown: list = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())  # as in a kernel: the explorer draws
    monkeypatch.setattr(IPython.display, "display", lambda obj, *a, **kw: shown.append(obj))
    for lang, caption in (
        ("fr", "Cible 1.2, 2021-2022\u00a0: valeurs du gouvernement et des organisations"),
        ("en", "Target 1.2, 2021-2022: government and organisation values"),
    ):
        shown.clear()
        ex = build_explorer(res, lang)
        ex.period.value, ex.target.value = "2021-2022", "1.2"
        # the selection table is displayed as the HTML it rendered to (a failure to render said in words)
        tables = [s.to_html() if hasattr(s, "to_html") else str(getattr(s, "data", "")) for s in shown]
        tables = [h for h in tables if f">{t('chart.col.status', lang)}</th>" in h]  # not the plans'
        assert tables and f"<caption>{caption}</caption>" in tables[-1], tables[-1:]
    shown.clear()
    ex.organisations.value = ("MFSN",)  # it filed a plan: its plan versus actual table is shown too
    plans = [s.to_html() for s in shown if hasattr(s, "to_html") and "Target 1.2: planned" in s.to_html()]
    assert (
        plans
        and "<caption>Target 1.2: planned and actual for the chosen organisations</caption>" in plans[-1]
    )


def test_a_target_not_reached_at_the_deadline_says_what_its_status_measures(res: b.Results) -> None:
    """1.1 in 2022-2023, the deadline (73,6 % of a 75 % target), read « En bonne voie » in the explorer with no
    word that the deadline had come; the overview and the brief say it. The explorer's message says it for a
    target not reached, not for one reached (1.3) nor before the deadline."""
    from barometre.deadline_shown import shown_statuses

    for lang in ("fr", "en"):
        ex = build_explorer(shown_statuses(res), lang)
        note = t("msg.at_deadline", lang, deadline="2022-2023", baseline="2019-2020")
        ex.select_target("1.1")
        ex.period.value = "2022-2023"
        assert note in ex.message.value.replace("&#x27;", "'")
        ex.select_target("1.3")  # reached
        assert note not in ex.message.value.replace("&#x27;", "'")
        ex.select_target("1.1")
        ex.period.value = "2021-2022"
        assert note not in ex.message.value.replace("&#x27;", "'")


def test_a_report_rejected_at_validation_is_not_said_undeclared(demo_copy: Path) -> None:
    """MFSN's 1.1 row of 2019-2020 with « abc » as numerator, MFEDU's sent twice, two figures: rejected, they
    vanished, and the page said « Aucune donnée déclarée » of both with no word of the rows rejected."""
    obs = demo_copy / "observations.csv"
    lines = obs.read_text(encoding="utf-8").splitlines()
    (mfsn,) = [i for i, line in enumerate(lines) if line.startswith("2019-2020,MFSN,1.1,")]
    lines[mfsn] = lines[mfsn].replace(",4,9,", ",abc,9,")
    (mfedu,) = [line for line in lines if line.startswith("2019-2020,MFEDU,1.1,")]
    cells = mfedu.split(",")  # sent again with another figure (an identical copy counts once)
    cells[3] = str(int(cells[3]) + 1)
    obs.write_text("\n".join([*lines, ",".join(cells)]) + "\n", encoding="utf-8")
    res = b.compute(demo_copy, b.Options(bootstrap=10))
    ex = build_explorer(res, "fr", period="2019-2020")
    # once for the page: how many rows, and the command that lists them
    assert "3 lignes rejetées" in ex.rejected.value and "barometre validate" in ex.rejected.value
    assert "3 rows rejected" in build_explorer(res, "en").rejected.value
    assert ex.rejected in ex.widget.children
    ex.select_target("1.1")
    ex.organisations.value = ("MFSN", "MFEDU", "BFARC")
    ex.coverage.value = "expected"
    rejected = t("explorer.rejected.status", "fr")
    table = ex.current_table().set_index("Code")
    assert table.loc["MFSN", "Statut"] == table.loc["MFEDU", "Statut"] == rejected
    message = ex.no_data_message()
    names = {c: res.dataset.organisation_name(c, "fr") for c in ("MFSN", "MFEDU")}
    assert message.startswith("Déclarations rejetées à la validation pour "), message
    assert "Aucune donnée déclarée" not in message and all(n in message for n in names.values())
    # none chosen: named too, the table of all the expected ones says it
    ex.organisations.value = ()
    assert names["MFSN"] in ex.no_data_message() and "Aucune donnée" not in ex.no_data_message()
    statuses = ex.current_table().set_index("Code")["Statut"]
    assert statuses["MFSN"] == statuses["MFEDU"] == rejected
    # a clean dataset says nothing of rejected rows
    assert build_explorer(b.compute(DEMO, b.Options(bootstrap=10)), "fr").rejected.value == ""


def _datasets_of(spec: dict, mark_filter) -> list[list[dict]]:
    """Rows of each layer whose mark passes ``mark_filter``."""
    marks = [(u["mark"] if isinstance(u["mark"], dict) else {"type": u["mark"]}, u) for u in spec["layer"]]
    return [spec["datasets"][u["data"]["name"]] for m, u in marks if mark_filter(m) and "data" in u]


def test_a_government_period_that_does_not_count_is_marked_as_on_the_site(res: b.Results) -> None:
    """Demo 4.2 in 2022-2023: 10 of 25 organisations reported. The site's trend chart draws a « + » with the
    legend « Couverture insuffisante (moins de 50 % des organisations) » and says « (non comptabilisée …) »;
    the explorer drew a filled point like any other, its tooltip « Valeur 56,1 % »."""
    legend = t("chart.not_counted", "fr", threshold="50\u00a0%")
    site = trend_chart(res, "4.2", "fr").to_dict()
    scale = next(u["encoding"]["shape"]["scale"] for u in site["layer"] if "shape" in u.get("encoding", {}))
    site_shape = scale["range"][scale["domain"].index(legend)]  # the site's « + »
    ex = build_explorer(res, "fr")
    ex.select_target("4.2")
    ex.organisations.value = ("MFSN",)
    gov = ex.current_data().query("kind == 'government'").set_index("period")["counted"]
    assert not gov["2022-2023"] and gov["2021-2022"]
    for view in ("pooled", "mean"):  # the coverage is the period's, whatever the view
        ex.view.value = view
        spec = ex.current_chart().to_dict()
        crosses = _datasets_of(spec, lambda m: m["type"] == "point" and m.get("shape") == site_shape)
        assert [(r["period"], r["series"]) for rows in crosses for r in rows] == [
            ("2022-2023", ex.series_label)
        ]
        assert crosses[0][0]["point_label"] == legend
        assert crosses[0][0]["counted_tip"].startswith("non")
        filled = _datasets_of(spec, lambda m: m["type"] == "point" and "shape" not in m)
        assert ("2022-2023", ex.series_label) not in {(r["period"], r["series"]) for r in filled[0]}
        assert (
            "2022-2023 (non comptabilisée\u00a0: moins de 50\u00a0% des organisations ont déclaré)"
            in spec["description"]
        )
        layer = next(u for u in spec["layer"] if isinstance(u["mark"], dict) and u["mark"].get("shape"))
        assert layer["encoding"]["opacity"]["scale"]["domain"] == [legend]
        # opaque at both ends of its point scale: with « range: [1] » JupyterLab's Vega (the app's) drew
        # neither the « + » nor its legend symbol (vl-convert did)
        assert layer["encoding"]["opacity"]["scale"]["range"] == [1, 1]
        assert t("chart.col.counted", "fr") in [tip["title"] for tip in layer["encoding"]["tooltip"]]
        assert legend in vlc.vegalite_to_svg(spec)  # the legend, drawn
    ex.select_target("4.1")  # every period counts: no « + », nothing said
    spec = ex.current_chart().to_dict()
    assert not _datasets_of(spec, lambda m: m.get("shape") == site_shape)
    assert "comptabilisée" not in spec["description"]
    # six series and more: none drawn with the « + » of a period that does not count (the sixth was)
    ex.organisations.value = tuple(res.dataset.organisations["code"][:8])
    spec = ex.current_chart().to_dict()
    ranges = [u["encoding"]["shape"]["scale"]["range"] for u in spec.get("layer", [spec])
              if "scale" in u.get("encoding", {}).get("shape", {})]  # fmt: skip
    assert ranges and all(site_shape not in r for r in ranges), ranges


def test_the_type_filter_keeps_the_organisations_already_chosen(res: b.Results) -> None:
    """Three organisations chosen, then « Type : Organisme »: the ministry was silently dropped, « Tous les
    types » did not bring it back, and the page logged « Error setting state: Cannot set properties of
    undefined (setting 'selected') » at each change (the new, shorter list arrived before the choice)."""
    ex = build_explorer(res, "fr")
    chosen = ("MFSN", "OFMOB", "RFPER")  # a ministry and two organismes
    ex.organisations.value = chosen
    page = {"_options_labels": ex.organisations._options_labels, "index": ex.organisations.index}
    sent: list[dict] = []

    def receive(msg: dict, buffers=None) -> None:  # what the page's list gets, message after message
        sent.append(msg)
        page.update(msg["state"])
        assert all(0 <= i < len(page["_options_labels"]) for i in page["index"]), msg

    ex.organisations._send = receive
    ex.org_type.value = "organisme"
    assert ex.organisations.value == chosen
    labels = dict((c, label) for label, c in ex.organisations.options)
    ministry = res.dataset.organisation_name("MFSN", "fr")
    assert labels["MFSN"] == f"{ministry} (type «\u00a0ministère\u00a0»)"  # why it is listed
    assert set(labels) - {"MFSN"} == set(res.dataset.sample.query("type == 'organisme'")["code"])
    assert set(ex.current_table()["Code"][1:]) == set(chosen)
    assert {r["series"] for r in chart_rows(ex.current_chart())} >= {ministry}
    ex.org_type.value = ""
    assert (
        ex.organisations.value == chosen
        and dict((c, lb) for lb, c in ex.organisations.options)["MFSN"] == ministry
    )
    ex.period.value = "2019-2020"
    ex.search.value = "régie"
    assert ex.organisations.value == chosen and sent
    assert [page["_options_labels"][i] for i in page["index"]] == [
        label for label, c in ex.organisations.options if c in chosen
    ]
    en = build_explorer(res, "en")
    en.organisations.value = ("MFSN",)
    en.org_type.value = "organisme"
    assert dict((c, lb) for lb, c in en.organisations.options)["MFSN"].endswith("(type 'department')")


def test_a_small_multiple_of_an_organisation_whose_reports_were_all_rejected_says_so(demo_copy: Path) -> None:
    """Every 1.1 row of MFSN with « abc » as numerator: its panel said « Aucune donnée déclarée », as for an
    organisation that never reported. It says « Déclaration rejetée à la validation »; another stays as it was."""
    from barometre.explorer import small_multiples_chart

    obs = demo_copy / "observations.csv"
    lines = obs.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    col = header.index("numerator")
    for i, line in enumerate(lines):
        cells = line.split(",")
        if cells[1:3] == ["MFSN", "1.1"]:
            cells[col] = "abc"
            lines[i] = ",".join(cells)
    obs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = b.compute(demo_copy, b.Options(bootstrap=10))
    for lang in ("fr", "en"):
        spec = json.dumps(
            small_multiples_chart(res, "1.1", ["MFSN", "MFEDU"], lang).to_dict(), ensure_ascii=False
        )
        assert t("explorer.rejected.status", lang) in spec
        assert t("explorer.no_data.status", lang) not in spec
    spec = json.dumps(
        small_multiples_chart(b.compute(DEMO, b.Options(bootstrap=10)), "1.1", ["MFSN"]).to_dict()
    )
    assert "rejet" not in spec


def test_a_type_without_data_is_one_sentence_with_the_rejected_report_after_it(tmp_path) -> None:
    """No organisation chosen, none with data for 1.1 in 2019-2020, MFSN's row rejected: the one sentence for
    the type became a list of the 25 organisations' names (1 133 characters)."""
    import contextlib
    import io
    import shutil

    from conftest import DEMO

    data = Path(shutil.copytree(DEMO, tmp_path / "demo"))
    lines = (data / "observations.csv").read_text(encoding="utf-8").splitlines()
    kept = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] == "2019-2020" and cells[2] == "1.1":
            if cells[1] == "MFSN":  # its row refused at validation
                kept.append(",".join([*cells[:3], "abc", *cells[4:]]))
            continue
        kept.append(line)
    (data / "observations.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    with contextlib.redirect_stderr(io.StringIO()):
        results = b.compute(data, b.Options(bootstrap=10))
    ex = build_explorer(results, "fr", period="2019-2020")
    ex.select_target("1.1")
    said = ex.no_data_message()
    assert said.startswith(
        "Aucune organisation n'a de donnée déclarée (cible 1.1, 2019-2020)."
    )  # not « type « — » »
    assert "Déclaration rejetée à la validation pour Ministère fictif de la Santé numérique" in said
    assert "Ministère fictif de l'Éducation" not in said and len(said) < 600, said


def test_an_organisation_without_a_type_is_named_alone() -> None:
    """A chosen organisation of no type read « Nom (type « — ») » beside a type filter."""
    from types import SimpleNamespace

    import pandas as pd
    from barometre.explorer_selection import name_with_type

    orgs = pd.DataFrame({"code": ["A", "B"], "type": ["ministère", None]})
    results = SimpleNamespace(
        dataset=SimpleNamespace(organisations=orgs, organisation_name=lambda c, lang: f"Nom {c}")
    )
    assert name_with_type(results, "B", "fr") == "Nom B"
    assert name_with_type(results, "A", "fr") == "Nom A (type «\u00a0ministère\u00a0»)"


def test_the_search_box_s_example_is_a_code_of_the_dataset(res: b.Results, tmp_path: Path) -> None:
    """The box said « ex. école, MFSN » whatever the data: MFSN is a code of the demo alone."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
    from synthetic import write_dataset

    first = build_explorer(res, "fr").organisations.options[0][1]
    assert build_explorer(res, "fr").search.placeholder == f"nom ou code (ex. {first})"
    other = b.compute(
        write_dataset(tmp_path / "d", organisations=6, ambitions=["1"]), b.Options(bootstrap=10)
    )
    ex = build_explorer(other, "en")
    codes = [c for _n, c in ex.organisations.options]
    assert ex.search.placeholder == f"name or code (e.g. {codes[0]})" and "MFSN" not in codes
