"""Organisations created or abolished during the strategy (organisations.csv: from_period, until_period).

Without these columns, a ministry created in 2022-2023 was expected in every earlier period: adding it to
next year's organisations.csv changed the coverage, and could change the status, of periods already
published; a ministry abolished in 2021 stayed expected, and without a plan, for ever.
"""

import csv
import json
import shutil
from pathlib import Path

import pytest
from barometre.api import compute, results
from barometre.cli import main
from barometre.collect.templates import write_templates
from barometre.i18n import t
from barometre.plans import dataset_summary
from barometre.plans_sections import ambition_plans
from barometre.report_context import ReportContext
from conftest import DEMO, rewrite_csv, shown

NEW, GONE = "MCN", "MFEDU"  # created in 2022-2023; abolished after 2020-2021


def reorganised(folder: Path) -> Path:
    """The demo with a new ministry (MCN, from 2022-2023, reporting as MFSN did) and MFEDU gone after 2020-2021."""

    def organisations(rows):
        for r in rows:
            r["from_period"], r["until_period"] = "", "2020-21" if r["code"] == GONE else ""
        new = {
            **rows[0],
            "code": NEW,
            "name_fr": "Ministère fictif du Numérique",
            "name_en": "Fictional Ministry of Digital",
        }
        return [*rows, {**new, "from_period": "2022-2023", "until_period": ""}]

    def observations(rows):
        kept = [r for r in rows if not (r["organisation"] == GONE and r["period"] > "2020-2021")]
        return kept + [
            {**r, "organisation": NEW}
            for r in rows
            if r["organisation"] == "MFSN" and r["period"] == "2022-2023"
        ]

    rewrite_csv(folder / "organisations.csv", organisations)
    rewrite_csv(folder / "observations.csv", observations)
    rewrite_csv(folder / "plans.csv", lambda rows: [r for r in rows if r["organisation"] != GONE])
    return folder


def test_a_new_or_abolished_organisation_is_expected_only_while_it_exists(demo_copy):
    before = compute(DEMO).indicators.set_index(["period", "target"])
    after = compute(reorganised(demo_copy)).indicators.set_index(["period", "target"])
    expected = after["organisations_expected"].groupby("period").unique().map(list).to_dict()
    assert expected == {"2019-2020": [25], "2020-2021": [25], "2021-2022": [24], "2022-2023": [25]}
    # the periods before either change are the demo's, to the digit
    for period in ("2019-2020", "2020-2021"):
        assert after.loc[period].equals(before.loc[period]), period
    # coverage of later periods is counted on the organisations that existed then
    rows = after.xs("2021-2022", level="period")
    assert (rows["organisations_reporting"] <= 24).all()


def test_rows_outside_an_organisation_s_periods_are_rejected_with_the_fix(demo_copy, capsys):
    reorganised(demo_copy)
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: rows + [{**rows[0], "organisation": NEW, "period": "2020-2021"}])  # fmt: skip
    last_row = len((demo_copy / "observations.csv").read_text(encoding="utf-8").splitlines())  # header: row 1
    assert main(["validate", str(demo_copy), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    [issue] = [e for e in report["errors"] if e["rule"] == "inactive_organisation"]
    assert (Path(issue["file"]).name, issue["row"], issue["column"], issue["value"]) == (
        "observations.csv", last_row, "period", "2020-2021")  # fmt: skip
    assert issue["message"] == (
        "L'organisation «\u00a0MCN\u00a0» n'existe qu'à partir de 2022-2023 selon organisations.csv (colonne from_period)\u00a0; "
        "une ligne de 2020-2021 ne peut pas être retenue. Corrigez la période de la ligne, ou from_period."
    )
    assert report["rows_read"] == report["rows_accepted"] + report["rows_rejected"]


@pytest.mark.parametrize(
    ("first", "last", "column", "rule"),
    [("bientôt", "", "from_period", "not_period"), ("2022-2023", "2020-21", "until_period", "period_order")],
)
def test_a_wrong_period_in_organisations_csv_names_the_row_and_column(
    demo_copy, capsys, first, last, column, rule
):
    def change(rows):
        for r in rows:
            r["from_period"], r["until_period"] = (first, last) if r["code"] == "MFTRA" else ("", "")
        return rows

    rewrite_csv(demo_copy / "organisations.csv", change)
    main(["validate", str(demo_copy), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    mine = [e for e in report["errors"] if Path(e["file"]).name == "organisations.csv"]
    assert [(e["row"], e["column"], e["rule"]) for e in mine] == [(4, column, rule)]


def test_collection_and_plans_leave_out_an_organisation_that_no_longer_exists(demo_copy, tmp_path):
    reorganised(demo_copy)
    written = write_templates(demo_copy, "2022-2023", tmp_path / "out")
    names = {p.name for p in written}
    assert any(NEW in n for n in names) and not any(GONE in n for n in names)
    from barometre.dataset import load_dataset

    ds = load_dataset(demo_copy)
    summary = dataset_summary(ds, "2022-2023")
    assert GONE not in summary.organisations_without_plan
    assert NEW in summary.organisations_without_plan  # it exists at the deadline and filed no plan
    assert summary.organisations_expected == 25
    # the 2021-2022 report knows nothing of a ministry created in 2022-2023 (it named it « sans plan »)
    earlier = dataset_summary(ds, "2021-2022")
    assert NEW not in earlier.organisations_without_plan and earlier.organisations_expected == 24
    html = shown(ambition_plans(ReportContext(results(demo_copy, up_to="2021-2022"), "2021-2022", "fr"), 1))
    assert "Sans plan pour 2022-2023" in html and "Ministère fictif du Numérique" not in html


def test_french_headers_name_the_periods_too(demo_copy):
    path = demo_copy / "organisations.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*rows[0], "première_période", "dernière_période"])
        for r in rows:
            writer.writerow([*r.values(), "", "2020-2021" if r["code"] == GONE else ""])
    expected = compute(demo_copy).indicators.groupby("period")["organisations_expected"].max()
    assert expected["2021-2022"] == 24 and expected["2019-2020"] == 25


def test_the_page_of_an_abolished_organisation_says_it_is_no_longer_expected(demo_copy):
    """Its page in a later period said « non déclaré » for every target, as if it had failed to report."""
    import html

    from barometre.report_context import ReportContext
    from barometre.sections_organisation import organisation_header, organisation_table

    res = compute(reorganised(demo_copy))
    for lang, said, cell in (("fr", "n'existe que jusqu'en 2020-2021", "non attendue"),
                             ("en", "only exists up to 2020-2021", "not expected")):  # fmt: skip
        ctx = ReportContext(res, "2022-2023", lang)
        assert said in shown(organisation_header(ctx, GONE))
        assert set(organisation_table(ctx, GONE).iloc[:, 2]) == {cell}
    earlier = ReportContext(res, "2020-2021", "fr")
    assert "n'existe" not in html.unescape(str(organisation_header(earlier, GONE)))
    assert "non attendue" not in set(organisation_table(earlier, GONE).iloc[:, 2])


def test_the_page_of_an_organisation_that_reported_nothing_says_so_once(demo_copy):
    """MFCUL's page in a period it reported nothing read « non déclarée » on every row with no sentence to say
    it, while the brief names it among those that reported nothing; an abolished one's page says its story."""
    from barometre.report_context import ReportContext
    from barometre.sections_organisation import organisation_header, organisation_table

    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: [r for r in rows if (r["organisation"], r["period"]) != ("MFSN", "2022-2023")])  # fmt: skip
    res = compute(reorganised(demo_copy))
    for lang, said in (("fr", "L'organisation n'a rien déclaré en 2022-2023."),
                       ("en", "The organisation reported nothing in 2022-2023.")):  # fmt: skip
        ctx = ReportContext(res, "2022-2023", lang)
        assert said in shown(organisation_header(ctx, "MFSN"))
        assert organisation_table(ctx, "MFSN").iloc[:, 2].nunique() == 1
        assert t("org.lead_nothing", lang, period="2022-2023") not in shown(organisation_header(ctx, GONE))
    earlier = ReportContext(res, "2021-2022", "fr")
    assert "rien déclaré" not in shown(organisation_header(earlier, "MFSN"))


def test_the_page_of_an_organisation_created_after_the_start_says_why_its_targets_lack_a_status(demo_copy):
    """MCN, created in 2022-2023, reported every target, and its page read « Données insuffisantes » for each
    with nothing to say why (it has no value in the starting period); an abolished one's page said its story."""
    from barometre.sections_organisation import organisation_header, organisation_table

    res = compute(reorganised(demo_copy))
    for lang, said in (("fr", "L'organisation existe depuis 2022-2023 (organisations.csv), après la période de "
                              "départ de la stratégie (2019-2020)"),
                       ("en", "The organisation has existed since 2022-2023 (organisations.csv), after the strategy's "
                              "starting period (2019-2020)")):  # fmt: skip
        ctx = ReportContext(res, "2022-2023", lang)
        assert said in shown(organisation_header(ctx, NEW))
    statuses = set(organisation_table(ReportContext(res, "2022-2023", "fr"), NEW).iloc[:, 5])
    assert "Données insuffisantes" in statuses and statuses <= {"Données insuffisantes", "Cible atteinte"}
    assert "existe depuis" not in shown(organisation_header(ReportContext(res, "2022-2023", "fr"), "MFSN"))


def _with_silent_organisations(folder: Path) -> Path:
    """The reorganised demo plus two organisations that never report: NFIA, created in 2021-2022, and OLD,
    abolished after 2019-2020."""
    reorganised(folder)

    def organisations(rows):
        extra = [("NFIA", "Agence fictive de l'intelligence artificielle", "Fictional AI Agency", "2021-2022", ""),
                 ("OLD", "Office fictif disparu", "Fictional Bygone Office", "", "2019-2020")]  # fmt: skip
        return rows + [{**rows[0], "code": c, "name_fr": fr, "name_en": en, "from_period": first,
                        "until_period": last} for c, fr, en, first, last in extra]  # fmt: skip

    rewrite_csv(folder / "organisations.csv", organisations)
    return folder


def test_the_organisations_index_names_as_silent_only_those_that_existed_in_the_period(demo_copy):
    """An agency created in 2021-2022 (no rows yet) made every earlier period's index say « 1 organisation de
    l'échantillon n'a rien déclaré jusqu'en 2019-2020 … : Agence fictive de l'intelligence artificielle »."""
    from barometre.dataset import load_dataset
    from barometre.pages_static import organisation_index

    ds = load_dataset(_with_silent_organisations(demo_copy))
    said = {(p, lang): shown(organisation_index(ds, p, lang))
            for p in ("2019-2020", "2020-2021", "2021-2022") for lang in ("fr", "en")}  # fmt: skip
    assert "1 organisation de l'échantillon n'a rien déclaré jusqu'en 2019-2020" in said["2019-2020", "fr"]
    assert (
        "Office fictif disparu" in said["2019-2020", "fr"]
        and "Fictional Bygone Office" in said["2019-2020", "en"]
    )
    for lang, name in (
        ("fr", "Agence fictive de l'intelligence artificielle"),
        ("en", "Fictional AI Agency"),
    ):
        assert name not in said["2019-2020", lang] and name not in said["2020-2021", lang]
        assert name in said["2021-2022", lang]  # it exists then, and has reported nothing
    # OLD, abolished before 2020-2021, is not « silent » in it: nobody is
    assert "rien déclaré" not in said["2020-2021", "fr"] and "reported nothing" not in said["2020-2021", "en"]
    assert "Office fictif disparu" not in said["2021-2022", "fr"]


def test_the_explorer_lists_only_the_organisations_that_exist_in_the_chosen_period(demo_copy):
    """Every organisation was listed in every period: one created in 2022-2023 could be chosen in 2019-2020,
    one abolished after 2020-2021 in 2022-2023, and the explorer then said « Aucune donnée déclarée pour … »
    where the organisation's page says « non attendue »."""
    from barometre.explorer import build_explorer

    res = compute(reorganised(demo_copy))
    ex = build_explorer(res, "fr", period="2019-2020")
    listed = lambda: {c for _, c in ex.organisations.options}  # noqa: E731
    assert NEW not in listed() and GONE in listed() and len(listed()) == 25
    ex.period.value = "2022-2023"
    assert NEW in listed() and GONE not in listed() and len(listed()) == 25
    ex.period.value = "2020-2021"
    assert GONE in listed() and NEW not in listed()


def test_a_chosen_organisation_stays_chosen_with_its_history_in_a_period_it_does_not_exist_in(demo_copy):
    """Choosing a period before an organisation's creation (or after its abolition) silently unchose it: its
    history vanished from the charts, the table switched to every organisation, and going back to the period
    it exists in did not bring it back. It stays chosen, listed with its periods, and the message says why it
    has no row in the table (not « Aucune donnée déclarée », as if it should have reported)."""
    from barometre.explorer import build_explorer

    res = compute(reorganised(demo_copy))
    ex = build_explorer(res, "fr", period="2022-2023")
    ex.select_target("5.2")
    ex.organisations.value = (NEW,)
    history = ex.current_data().query("code == @NEW")
    assert len(history) == 1  # its one period, 2022-2023
    ex.period.value = "2019-2020"
    assert ex.organisations.value == (NEW,)
    assert ex.current_data().query("code == @NEW").equals(history)
    assert "Ministère fictif du Numérique" in json.dumps(
        ex.current_multiples_chart().to_dict(), ensure_ascii=False
    )
    labels = dict((c, n) for n, c in ex.organisations.options)
    assert labels[NEW] == "Ministère fictif du Numérique (à partir de 2022-2023)" and len(labels) == 26
    message = ex.message.value.replace("\u00a0", " ")
    assert (
        "Ministère fictif du Numérique (à partir de 2022-2023) : organisation qui n&#x27;existe pas en 2019-2020"
        in message
    )
    assert "historique reste dans les graphiques" in message and "Aucune donnée" not in message
    for coverage in ("reported", "expected"):  # the table has its government row only, not every organisation
        ex.coverage.value = coverage
        assert len(ex.current_table()) == 1 and ex.missing_organisations() == []
    ex.period.value = "2022-2023"
    assert ex.organisations.value == (NEW,) and ex.no_data_message() == ""  # (the deadline note aside)
    assert dict((c, n) for n, c in ex.organisations.options)[NEW] == "Ministère fictif du Numérique"
    # abolished: MFEDU chosen in 2019-2020 keeps its history in 2022-2023, in English too
    en = build_explorer(res, "en", period="2019-2020")
    en.select_target("5.2")
    en.organisations.value = (GONE, "MFSN")
    before = en.current_data()
    en.period.value = "2022-2023"
    assert en.organisations.value == (GONE, "MFSN") and en.current_data().equals(before)
    assert (
        "Fictional Ministry of Education and Knowledge (up to 2020-2021): organisation that does not exist"
        in (en.message.value)
    )
    assert res.dataset.organisation_name(GONE, "en") not in set(en.current_table().iloc[:, 0])


def test_recording_an_abolition_later_leaves_the_plans_of_earlier_reports_as_published(tmp_path):
    """MFEDU, abolished after 2020-2021, was dropped from the plans of every report once organisations.csv
    said so: 2019-2020's « 22 organisations sur 25 ont déposé un plan » became « 21 sur 24 », and its planned
    values moved. A report counts on what was known in its period: an organisation that existed then stays
    expected for the later planned periods; the reports after its abolition no longer count it."""
    from barometre.dataset import load_dataset
    from barometre.plans import dataset_government_plans

    def copy(name: str, until: str) -> Path:
        folder = tmp_path / name
        shutil.copytree(DEMO, folder)
        rewrite_csv(folder / "organisations.csv", lambda rows: [
            {**r, "from_period": "", "until_period": until if r["code"] == GONE else ""} for r in rows])  # fmt: skip
        # its rows for the years after 2020-2021, rejected once it is abolished, are not in either copy
        for name in ("plans.csv", "observations.csv"):
            rewrite_csv(folder / name, lambda rows: [
                r for r in rows if not (r["organisation"] == GONE and r["period"] > "2020-2021")])  # fmt: skip
        return folder

    before, after = load_dataset(copy("before", "")), load_dataset(copy("after", "2020-2021"))
    for period in ("2019-2020", "2020-2021"):  # published before the abolition was recorded: unchanged
        assert dataset_government_plans(after, period).equals(dataset_government_plans(before, period)), (
            period
        )
        assert dataset_summary(after, period) == dataset_summary(before, period), period
        pages = [shown(ambition_plans(ReportContext(results(ds.path, up_to=period), period, "fr"), 1))
                 for ds in (before, after)]  # fmt: skip
        assert pages[0] == pages[1], period
    assert dataset_summary(before, "2020-2021").organisations_expected == 25
    later = dataset_summary(after, "2021-2022")  # the abolition is known: no longer expected
    assert later.organisations_expected == 24 and GONE not in later.organisations_without_plan
    expected = (
        dataset_government_plans(after, "2021-2022").groupby("period")["organisations_expected"].unique()
    )
    # it existed in 2020-2021: a share in that year's planned value, none in the years after
    assert expected.map(list).to_dict() == {"2020-2021": [25], "2021-2022": [24], "2022-2023": [24]}


def test_a_plan_filed_before_an_abolition_is_kept_for_the_reports_that_knew_it(tmp_path):
    """Recording MFEDU's abolition (until_period 2020-2021) rejected its plan for 2021-2022 and 2022-2023: the
    rows had to go, and 2019-2020's planned value for 1.3 moved (81,2 % → 80,6 % in the reviewer's data). The
    plan was filed while it existed: kept, with a warning; it counts in the reports up to 2020-2021 only."""
    from barometre.dataset import load_dataset
    from barometre.explorer_plans import plan_versus_actual
    from barometre.plans import dataset_government_plans, dataset_organisation_plans
    from barometre.plans_charts import plan_frame

    def copy(name: str, until: str, drop_plans: bool = False) -> Path:
        folder = tmp_path / name
        shutil.copytree(DEMO, folder)
        rewrite_csv(folder / "organisations.csv", lambda rows: [
            {**r, "from_period": "", "until_period": until if r["code"] == GONE else ""} for r in rows])  # fmt: skip
        for file in ("observations.csv", "plans.csv") if drop_plans else ("observations.csv",):
            rewrite_csv(folder / file, lambda rows: [
                r for r in rows if not (r["organisation"] == GONE and r["period"] > "2020-2021")])  # fmt: skip
        return folder

    before, after = load_dataset(copy("before", "")), load_dataset(copy("after", "2020-2021"))
    dropped = load_dataset(copy("dropped", "2020-2021", drop_plans=True))
    assert not [e for e in after.report.errors if e.file.endswith("plans.csv")]
    [warning] = [w for w in after.report.warnings if w.rule == "plan_after_abolition"]
    plans = (after.path / "plans.csv").read_text(encoding="utf-8").splitlines()
    first = 1 + next(i for i, line in enumerate(plans) if line.startswith(f"{GONE},") and "2021-2022" in line)
    assert (warning.row, warning.column, warning.value) == (first, "period", "2021-2022")
    assert warning.message == (
        f"L'organisation «\u00a0{GONE}\u00a0» n'existe que jusqu'en 2020-2021 selon organisations.csv (colonne "
        "until_period)\u00a0; son plan pour 2021-2022, 2022-2023 (20 lignes) est gardé\u00a0: il compte dans "
        "les rapports des périodes où elle existait, jusqu'en 2020-2021, et non dans les suivants."
    )
    assert warning.message_en.startswith(f"Organisation '{GONE}' only exists up to 2020-2021")
    for period in ("2019-2020", "2020-2021"):  # what was known then, to the digit
        assert dataset_government_plans(after, period).equals(dataset_government_plans(before, period)), (
            period
        )
        assert dataset_summary(after, period) == dataset_summary(before, period), period
        assert dataset_organisation_plans(after, period).equals(dataset_organisation_plans(before, period))
    assert set(plan_frame(after, GONE, "2020-2021")["period"]) >= {"2021-2022", "2022-2023"}
    for period in ("2021-2022", "2022-2023"):  # its abolition is known: as if the rows were not there
        assert dataset_government_plans(after, period).equals(dataset_government_plans(dropped, period)), (
            period
        )
        assert dataset_organisation_plans(after, period).equals(dataset_organisation_plans(dropped, period))
        assert plan_frame(after, GONE, period).equals(plan_frame(dropped, GONE, period)), period
    explored = plan_versus_actual(
        results(after.path), "1.1", [GONE], "2021-2022"
    )  # the explorer's plan table
    assert set(explored["period"]) == set(
        plan_versus_actual(results(dropped.path), "1.1", [GONE], "2021-2022")["period"]
    )


def test_the_explorer_offers_only_the_types_of_organisations_existing_in_the_chosen_period(demo_copy):
    """The type list offered every type of the sample in every period: « Tribunal », whose only organisation
    was created in 2022-2023, could be chosen in 2019-2020 for an empty list and an empty table, without a word.
    """
    from barometre.explorer import build_explorer

    reorganised(demo_copy)

    def retype(kind):
        return lambda rows: [{**r, "type": "tribunal" if r["code"] == NEW else kind(r)} for r in rows]

    rewrite_csv(demo_copy / "organisations.csv", retype(lambda r: r["type"]))
    res = compute(demo_copy)
    ex = build_explorer(res, "fr", period="2019-2020")
    types = lambda: [v for _, v in ex.org_type.options]  # noqa: E731
    assert types() == ["", "ministère", "organisme", "société d'État"]
    ex.period.value = "2022-2023"
    assert types() == ["", "ministère", "organisme", "société d'État", "tribunal"]
    ex.org_type.value = "tribunal"
    assert [c for _, c in ex.organisations.options] == [NEW] and ex.no_data_message() == ""
    # back to a period without one: the chosen type stays, saying it has none, and the message says so
    ex.period.value = "2019-2020"
    assert ex.org_type.value == "tribunal" and ex.organisations.options == ()
    assert (
        dict((v, n) for n, v in ex.org_type.options)["tribunal"]
        == "Tribunal (aucune organisation en 2019-2020)"
    )
    said = ex.message.value.replace("\u00a0", " ")
    assert "Aucune organisation de type « tribunal » n&#x27;existe en 2019-2020" in said
    assert len(ex.current_table()) == 1
    ex.org_type.value = ""
    assert types() == ["", "ministère", "organisme", "société d'État"] and len(ex.organisations.options) == 25
    # no organisation of the period has a type: the list says so
    rewrite_csv(demo_copy / "organisations.csv", retype(lambda r: ""))
    en = build_explorer(compute(demo_copy), "en", period="2019-2020")
    assert en.org_type.options == (("All (no type given in 2019-2020)", ""),)
    en.period.value = "2022-2023"
    assert en.org_type.options == (("All types", ""), ("Tribunal", "tribunal"))


def test_the_organisations_index_says_an_abolished_organisation_is_no_longer_expected(demo_copy):
    """Its entry read « 0 cible déclarée en 2022-2023 » beside the others, as if it had failed to report."""
    from barometre.dataset import load_dataset
    from barometre.i18n import t
    from barometre.pages_static import organisation_index

    ds = load_dataset(reorganised(demo_copy))
    for lang in ("fr", "en"):
        page = shown(organisation_index(ds, "2022-2023", lang).html)
        name = ds.organisation_name(GONE, lang)
        entry = page.split(name, 1)[1][:120]
        assert t("orgindex.ended", lang, until="2020-2021", period="2022-2023") in entry, entry
        earlier = shown(organisation_index(ds, "2020-2021", lang).html).split(name, 1)[1][:80]
        assert t("orgindex.targets_reported", lang, n=10, period="2020-2021") in earlier, earlier


def test_an_organisation_whose_rows_were_rejected_is_not_said_to_have_reported_nothing(demo_copy):
    """MFSN's rows of 2022-2023 all rejected at validation (numerator above the denominator): its page read
    « L'organisation n'a rien déclaré » and « non déclaré » on every row, and in 2019-2020, all its rows
    rejected, the organisations index listed it among those that reported nothing. It reported: each says so."""
    from barometre.pages_static import organisation_index
    from barometre.report_context import ReportContext
    from barometre.sections_organisation import organisation_header, organisation_table

    def reject(rows):
        for r in rows:
            if r["organisation"] == "MFSN" and r["period"] in ("2019-2020", "2022-2023"):
                r["numerator"] = str(float(r["denominator"]) + 5)
        return rows

    rewrite_csv(demo_copy / "observations.csv", reject)
    res = compute(demo_copy)
    name = res.dataset.organisation_name("MFSN", "fr")
    for lang in ("fr", "en"):
        ctx = ReportContext(res, "2022-2023", lang)
        assert t("org.lead_nothing", lang, period="2022-2023") not in shown(organisation_header(ctx, "MFSN"))
        assert set(organisation_table(ctx, "MFSN").iloc[:, 2]) == {t("word.rejected", lang)}
        assert t("org.lead_none_counted", lang, period="2022-2023") in shown(organisation_header(ctx, "MFSN"))
    index = str(organisation_index(res.dataset, "2019-2020", "fr"))
    page = shown(index)
    assert "rien déclaré" not in page and 'href="MFSN.html"' not in index
    assert t("orgindex.only_rejected", "fr", n=1, period="2019-2020", names=name) in page
    # a period whose rows of MFSN were accepted: nothing said of the rejected ones
    earlier = ReportContext(res, "2021-2022", "fr")
    assert t("word.rejected", "fr") not in set(organisation_table(earlier, "MFSN").iloc[:, 2])
