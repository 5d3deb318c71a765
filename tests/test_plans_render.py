"""Plan sections in the report: a render with and without plans.csv, and the sections' text (FR, EN)."""

import csv
import re
import shutil
from html import unescape

import pytest
from barometre.i18n import t
from barometre.plans_sections import ambition_plans, organisation_plans, overview_plans
from barometre.render.site import render_site
from barometre.sections import context
from conftest import DEMO, shown

pytestmark = pytest.mark.cost(8)  # CPU-seconds: the costliest start first (conftest)

KEEP = ["MFTRA", "MFSN", "MFJUS", "SFLOG", "OFPRO", "CFAIN"]  # MFJUS files no plan


def small_demo(folder):
    """The demo dataset cut down to six organisations (a fast render), without plans.csv."""
    shutil.copytree(DEMO, folder)
    (folder / "plans.csv").unlink()
    for name, key in (("organisations.csv", "code"), ("observations.csv", "organisation")):
        rows = list(csv.DictReader((folder / name).open(encoding="utf-8")))
        with (folder / name).open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(r for r in rows if r[key] in KEEP)
    return folder


def text(path):
    """The page's text, every run of white space (no-break spaces too) as one space."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))))


def test_render_with_plans(rendered_site):
    """The shared demo site (rendered once per run) has the plan sections on every page type."""
    site = rendered_site / "2022-2023" / "fr"
    org, no_plan = text(site / "organisations" / "MFTRA.html"), text(site / "organisations" / "MFJUS.html")
    overview, ambition = text(site / "index.html"), text(site / "ambition-2.html")
    assert "Plan de transformation : prévu et réalisé" in org
    assert "En retard sur le plan" in org and "Valeur prévue" in org  # status in words, data table
    assert "Ministère fictif des Transports durables : prévu et réalisé" in org  # chart title
    assert "n'a pas déposé de plan de transformation" in no_plan
    assert "22 organisations sur 25 ont déposé un plan de transformation" in overview
    # 2022-2023 is measured in its own report: the plans' hypothesis is said in the past
    assert "Si chaque organisation avait réalisé son plan, le gouvernement aurait atteint" in ambition
    assert "Ministère fictif de la Justice de proximité" in ambition  # without a plan
    # the methodology said nothing of plans: how « Plan respecté » and « les plans suffisent » are reckoned
    method = text(site / "methodologie.html")
    assert "Plans de transformation" in method and "statu quo" in method and "Plan respecté" in method


def test_render_without_plans(tmp_path):
    """Without plans.csv (six organisations, for a fast render) no page mentions plans."""
    data = small_demo(tmp_path / "data")
    summary = render_site(data, tmp_path / "out", period="2022-2023", langs=["fr"], jobs=1)
    assert not summary.failed, [(r.key, r.error) for r in summary.failed]
    site = tmp_path / "out" / "2022-2023" / "fr"
    org, no_plan = text(site / "organisations" / "MFTRA.html"), text(site / "organisations" / "MFJUS.html")
    overview, ambition = text(site / "index.html"), text(site / "ambition-2.html")
    assert "Ministère fictif des Transports durables" in org  # the page is there, without plans
    for page in (org, no_plan, overview, ambition, text(site / "methodologie.html")):
        assert (
            "Plan de transformation" not in page
            and "Plans de transformation" not in page
            and "réalisé son plan" not in page
        )
        assert "plan de transformation" not in page


def test_a_plan_not_counted_for_want_of_a_value_is_named():
    """MFEMP files a plan for 1.3 but reports no 1.3 value up to 2020-2021: it was one of « 1 sans donnée
    utilisable », unnamed; its plan is left out of the government value and the page now says whose it is."""
    fr, en = (
        shown(ambition_plans(context(DEMO, "2020-2021", "fr"), 1)),
        shown(ambition_plans(context(DEMO, "2020-2021", "en"), 1)),
    )
    assert "1 sans donnée utilisable, sur 25 attendues." in fr
    assert (
        "Plan déposé mais non compté, faute de valeur déclarée "
        "jusqu'en 2020-2021 pour le pondérer (1)\u00a0: Ministère fictif de l'Emploi et de la Solidarité."
    ) in fr
    assert (
        "Plan filed but not counted, with no value reported up to 2020-2021 to weight it (1): Fictional Ministry of Employment"
        in en
    )
    assert "non compté" not in shown(ambition_plans(context(DEMO, "2022-2023", "fr"), 1))


def test_sections_on_the_demo_in_french_and_english():
    fr, en = context(DEMO, "2022-2023", "fr"), context(DEMO, "2022-2023", "en")
    amb = shown(ambition_plans(fr, 2))
    assert "le gouvernement aurait atteint 26,3\u00a0% en 2022-2023 (cible 50\u00a0%)" in amb
    assert "les plans ne suffisaient pas, il manquait 23,7 points" in amb
    assert "the plans fell short by 23.7 points" in str(ambition_plans(en, 2))
    assert "les plans suffisaient, avec une marge de" in str(ambition_plans(fr, 1))
    ov = shown(overview_plans(fr))
    assert "22 organisations sur 25" in ov and "9 cibles sur 10 en 2022-2023" in ov
    assert "22 organisations out of 25" in str(overview_plans(en))
    org = unescape(str(organisation_plans(fr, "MFTRA")))
    assert "Cible 1.1\u00a0: En retard sur le plan (prévu 84\u00a0%, réalisé 55,6\u00a0%)." in org
    assert "Target 1.1: Behind plan (planned 84%, actual 55.6%)." in unescape(
        str(organisation_plans(en, "MFTRA"))
    )


def test_the_plans_table_right_aligns_its_figures_and_its_counts():
    """The counts « Avec un plan », « Statu quo », « Sans donnée utilisable » sat on the left of their cells
    while the percentages beside them were on the right."""
    page = str(ambition_plans(context(DEMO, "2022-2023", "fr"), 1))
    body = page[page.rindex("<table") :]
    for row in re.findall(r"<tr>(.*?)</tr>", body[body.index("<tbody") :], re.S):
        cells = re.findall(r"<t[hd]([^>]*)>", row)
        assert len(cells) == 8 and [i for i, c in enumerate(cells) if 'class="num"' in c] == [2, 3, 5, 6, 7]


def test_earlier_report_period_uses_data_known_then():
    ctx = context(DEMO, "2020-2021", "fr")
    org = shown(organisation_plans(ctx, "MFTRA"))
    assert "En 2020-2021" in org and "Prévu (période à venir)" in org
    assert "2022-2023" in org  # the planned trajectory continues to the deadline


def test_brief_line_for_the_ministers_pack():
    from barometre.dataset import load_dataset
    from barometre.plans_sections import brief_line

    ds = load_dataset(DEMO)
    assert brief_line(ds, "2022-2023", "fr") == (
        "22 organisations sur 25 ont déposé un plan\u00a0; réalisés, les plans auraient suffi pour 9 cibles sur 10 "
        "en 2022-2023 (pas pour 2.1)."
    )
    assert brief_line(ds, "2022-2023", "en").startswith("22 of 25 organisations have filed a plan")


def test_a_target_no_organisation_planned_for_is_named_beside_the_count(demo_copy):
    """Every plan for 5.2 (at 37 %, « Recul ») left out: the brief and the overview read « les plans auraient
    suffi pour 8 cibles sur 9 » in a strategy of ten, and 5.2 was named nowhere but on its ambition's page."""
    from barometre.dataset import load_dataset
    from barometre.plans_sections import brief_line
    from conftest import rewrite_csv

    rewrite_csv(demo_copy / "plans.csv", lambda rows: [r for r in rows if r["target"] != "5.2"])
    ds = load_dataset(demo_copy)
    assert brief_line(ds, "2022-2023", "fr") == (
        "22 organisations sur 25 ont déposé un plan\u00a0; réalisés, les plans auraient suffi pour 8 cibles sur 9 "
        "en 2022-2023 (pas pour 2.1). Aucune organisation n'a déposé de plan pour la cible 5.2."
    )
    assert brief_line(ds, "2022-2023", "en").endswith(" No organisation filed a plan for target 5.2.")
    overview = unescape(shown(overview_plans(context(demo_copy, "2022-2023", "fr"))))
    assert "Aucune organisation n'a déposé de plan pour la cible 5.2." in overview


def test_an_ambition_none_of_whose_targets_is_planned_speaks_in_the_tense_of_the_others(demo_copy):
    """Plans for 1.1 only: in the deadline's report, ambition 1 read « Si chaque organisation avait réalisé son
    plan », ambitions 2 to 6 « Si chaque organisation réalise son plan », of the same measured period."""
    from conftest import rewrite_csv

    rewrite_csv(demo_copy / "plans.csv", lambda rows: [r for r in rows if r["target"] == "1.1"])
    for period, past in (("2022-2023", True), ("2020-2021", False)):
        for lang in ("fr", "en"):
            heading = t("plans.ambition.heading" + "_past" * past, lang)
            for ambition in ("1", "2"):
                page = unescape(shown(ambition_plans(context(demo_copy, period, lang), ambition)))
                assert heading in page, (period, lang, ambition)


def test_a_report_after_the_planned_period_speaks_of_it_in_the_past(demo_copy):
    """The strategy followed one year past its end (2023-2024 reported): the plans' paragraphs still said
    « si chaque organisation réalise son plan, le gouvernement atteint … en 2022-2023 », in the present, of a
    period already measured. They now say what the plans would have given; the 2022-2023 report keeps the
    present."""
    from barometre.plans_sections import brief_line, plans_table
    from conftest import ROOT, rewrite_csv

    quebec = (ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml").read_text(encoding="utf-8")
    (demo_copy / "strategy.yaml").write_text(
        quebec.replace("2021-2022, 2022-2023]", "2021-2022, 2022-2023, 2023-2024]"), encoding="utf-8"
    )
    meta = demo_copy / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("quebec-2019-2023", "strategy.yaml"), "utf-8")
    rewrite_csv(demo_copy / "observations.csv",
                lambda rows: rows + [{**r, "period": "2023-2024"} for r in rows if r["period"] == "2022-2023"])  # fmt: skip
    plain = lambda html: re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", str(html))))  # noqa: E731
    later, then = context(demo_copy, "2023-2024", "fr"), context(demo_copy, "2022-2023", "fr")
    amb, ov = plain(ambition_plans(later, 2)), plain(overview_plans(later))
    assert "Si chaque organisation avait réalisé son plan, le gouvernement aurait atteint" in amb
    assert "en 2022-2023 (cible 50 %) : les plans ne suffisaient pas, il manquait" in amb
    assert "les plans auraient suffi à atteindre 9 cibles sur 10 en 2022-2023" in ov
    assert "Les plans ne suffisaient pas pour" in ov and "réalise son plan" not in amb + ov
    assert "les plans auraient suffi pour 9 cibles sur 10 en 2022-2023" in brief_line(later.ds, "2023-2024")
    table = plans_table(later, later.strategy.targets_of("2"))
    assert "Valeur si les plans avaient été réalisés" in table.columns
    assert table["Verdict"].tolist() == ["Les plans ne suffisaient pas"]
    english = plain(ambition_plans(context(demo_copy, "2023-2024", "en"), 2))
    assert "Had every organisation delivered its plan, the government would have reached" in english
    assert "the plans fell short by" in english
    # the report of the planned period itself measures it too: past, as the deadline's report says it
    # (« réalise son plan … les plans suffisent » sat beside 2022-2023's « 5.2 Recul »); before it, present
    assert "Si chaque organisation avait réalisé son plan, le gouvernement aurait atteint" in plain(
        ambition_plans(then, 2)
    )
    assert "les plans auraient suffi pour 9 cibles" in brief_line(then.ds, "2022-2023")
    before = plain(ambition_plans(context(demo_copy, "2021-2022", "fr"), 2))
    assert "Si chaque organisation réalise son plan, le gouvernement atteint" in before


def planned(data, target: str) -> set[str]:
    """The organisations with a plan for ``target`` in 2022-2023 in ``data``'s plans.csv."""
    rows = csv.DictReader((data / "plans.csv").open(encoding="utf-8"))
    return {r["organisation"] for r in rows if r["target"] == target and r["period"] == "2022-2023"}


def test_a_long_list_of_organisations_without_a_plan_is_counted_and_folded(demo_copy):
    """At 300 organisations « Sans plan pour 2022-2023 (92) : … » was a paragraph of 92 names under each
    target: the plans part of ambition 1 ran to seven phone screens. Past ten names the list is folded under
    a summary that counts them; a few names stay in the sentence."""
    from barometre.plans_sections import NAMES_INLINE

    kept = {"MFSN", "MFEDU"}
    rows = list(csv.DictReader((demo_copy / "plans.csv").open(encoding="utf-8")))
    with (demo_copy / "plans.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(r for r in rows if r["organisation"] in kept)
    for lang in ("fr", "en"):
        html = str(ambition_plans(context(demo_copy, "2022-2023", lang), 1))
        folded = re.findall(r"<details[^>]*><summary>(.*?)</summary>\s*<p>([^<]*)</p>", html)
        assert len(folded) == 3, html  # 1.1, 1.2, 1.3
        for (summary, names), target in zip(folded, ("1.1", "1.2", "1.3"), strict=True):
            n = 25 - len(kept & planned(demo_copy, target))
            assert n > NAMES_INLINE
            said = unescape(re.sub("<[^>]+>", "", summary)).replace("\u00a0", " ")
            assert said == t("plans.ambition.without_count", lang, n=n, period="2022-2023").replace(
                "\u00a0", " "
            )
            assert len(unescape(names).split(", ")) == n
        overview = str(overview_plans(context(demo_copy, "2022-2023", lang)))  # « Sans plan : » there too
        (summary,) = re.findall(r"<details[^>]*><summary>(.*?)</summary>", overview)
        said = unescape(summary).replace("\u00a0", " ")
        assert said == t("plans.overview.without_count", lang, n=25 - len(kept)).replace("\u00a0", " ")
    few = str(ambition_plans(context(DEMO, "2022-2023", "fr"), 1))
    assert "<details" not in few
    assert "Sans plan pour 2022-2023 (8)" in unescape(re.sub("<[^>]+>", "", few)).replace("\u00a0", " ")


def test_several_plans_not_counted_are_said_in_the_plural(tmp_path):
    """« Plan déposé mais non compté … pour le pondérer (3) » named three organisations in the singular."""
    from plans_helpers import make_dataset

    plans = "organisation,target,period,planned_value\n" + "".join(f"{c},1.1,2022-2023,0.9\n" for c in "BCD")
    folder = make_dataset(tmp_path / "d", "2019-2020,A,1.1,1,2\n", plans)
    fr = shown(ambition_plans(context(folder, "2019-2020", "fr"), 1))
    assert (
        "Plans déposés mais non comptés, faute de valeur déclarée jusqu'en 2019-2020 pour les pondérer (3)"
        in fr
    )
    assert "(3)\u00a0: Org B, Org C, Org D." in fr
    en = shown(ambition_plans(context(folder, "2019-2020", "en"), 1))
    assert (
        "Plans filed but not counted, with no value reported up to 2019-2020 to weight them (3): Org B" in en
    )


def test_the_lead_names_the_period_the_values_are_held_to(tmp_path):
    """A report after the planned period judges it on the values up to it (barometre.plans.held_to); the lead
    said « dernière valeur déclarée jusqu'en 2023-2024 », the report's period, above a 2022-2023 value, and a
    plan left out for want of a value up to 2020-2021 was said to lack one up to the report's period."""
    from conftest import plain, with_next_year
    from plans_helpers import make_dataset
    from test_plans import PAST_OBS, PAST_PLANS

    later = "2021-2022,B,1.1,1,10\n2023-2024,A,1.1,5,20\n"  # reports for 2021-2022 and 2023-2024
    data = with_next_year(make_dataset(tmp_path / "d", PAST_OBS + later, PAST_PLANS))
    for lang, said in (("fr", "une organisation sans plan compte pour la dernière valeur qu'elle a déclarée, pour 2022-2023 ou une période précédente."),
                       ("en", "an organisation without a plan counts for the last value it reported, for 2022-2023 or an earlier period.")):  # fmt: skip
        page = plain(shown(ambition_plans(context(data, "2023-2024", lang), 1)))
        assert said in page, page[:600]
    # a period still to come: held to the report's (it read « rester à sa dernière valeur déclarée jusqu'en
    # 2021-2022 », as if the value were kept until then, above a value for 2022-2023)
    ahead = make_dataset(tmp_path / "ahead", PAST_OBS + later, "organisation,target,period,planned_value\n"
                         "A,1.1,2022-2023,0.6\n")  # fmt: skip
    for lang, said in (("fr", "est supposée garder la dernière valeur qu'elle a déclarée, pour 2021-2022 ou une période précédente."),
                       ("en", "is assumed to keep the last value it reported, for 2021-2022 or an earlier period.")):  # fmt: skip
        page = plain(shown(ambition_plans(context(ahead, "2021-2022", lang), 1)))
        assert said in page, page[:600]
    # 1.1 judged on 2022-2023, 1.2 on its only planned period 2020-2021: each held to its own period
    with (data / "plans.csv").open("a", encoding="utf-8") as fh:
        fh.write("A,1.2,2020-2021,0.5\n")
    page = plain(shown(ambition_plans(context(data, "2022-2023", "fr"), 1)))
    assert "la dernière valeur qu'elle a déclarée, pour la période planifiée ou une précédente." in page, (
        page[:600]
    )
    page = plain(shown(ambition_plans(context(data, "2021-2022", "en"), 1)))
    assert (
        "the last value it reported, for the planned period or an earlier one, 2021-2022 at the latest."
        in page
    ), page[:600]
    # C's 2020-2021 plan for 1.1: no value up to 2020-2021 (it has one in 2022-2023)
    (data / "plans.csv").write_text(PAST_PLANS.replace("A,1.1,2022-2023,0.6\n", ""), encoding="utf-8")
    page = plain(shown(ambition_plans(context(data, "2022-2023", "fr"), 1)))
    assert (
        "Plan déposé mais non compté, faute de valeur déclarée jusqu'en 2020-2021 pour le pondérer (1) : Org C."
        in page
    ), page
