"""HTML blocks: text escaped, spans of years kept whole."""

import pandas as pd
from barometre.blocks import paragraph, table, tag


def test_a_span_of_years_stays_on_one_line():
    """A card read « depuis 2021- » over « 2022 » at 1366 px: a span of years is one unbreakable piece."""
    html = str(paragraph("+12,2 pts depuis 2021-2022 ; stratégie 2019-2023 <b>"))
    assert html == (
        '<p>+12,2 pts depuis <span class="nowrap">2021-2022</span> ; stratégie '
        '<span class="nowrap">2019-2023</span> &lt;b&gt;</p>'
    )
    cell = str(table(pd.DataFrame({"Période": ["2022-2023"], "Valeur": ["2020-2021"]})))
    assert '<th scope="row"><span class="nowrap">2022-2023</span></th>' in cell
    assert '<td><span class="nowrap">2020-2021</span></td>' in cell


def test_each_row_s_first_cell_is_its_header():
    """A screen reader moving down a column said « 73,6 % » without the « 1.1 » of its row."""
    html = str(
        table(pd.DataFrame({"Cible": ["1.1", "1.2"], "Valeur": ["73,6 %", "59,9 %"]}), numeric=["Valeur"])
    )
    assert html.count('<th scope="col">') == 2 and html.count('<th scope="row">') == 2
    assert '<th scope="row">1.1</th><td class="num">73,6 %</td>' in html


def test_text_only_elements_keep_their_text():
    """An <option> holds text only: a span inside it would be dropped by the browser, with its words."""
    assert (
        str(tag("option", "2021-2022", value="2021-2022")) == '<option value="2021-2022">2021-2022</option>'
    )
    assert str(tag("p", "12-2023 et 20212-20223")) == "<p>12-2023 et 20212-20223</p>"


def test_an_organisation_page_writes_its_statuses_as_the_cards_do():
    """The organisation page's table said « Cible atteinte » where the cards, the brief and the charts show
    « ✔ Cible atteinte »: its statuses are now the cards' badges (icon, words and colour)."""
    from barometre import sections
    from conftest import DEMO, shown

    ctx = sections.context(DEMO, "2022-2023", "fr")
    html = str(sections.organisation_summary(ctx, "MFSN"))
    assert html.count('<span class="status status-') == len(ctx.strategy.targets)
    assert "✔ Cible atteinte" in shown(html) and "✖ Recul" in shown(html)
    assert sections.organisation_table(ctx, "MFSN").iloc[0, -1] == "Cible atteinte"  # the data: words alone


def test_an_ambition_s_progress_says_how_many_of_its_targets_it_counts():
    """Ambition 4 read « 68,8 % (2 cibles) »: 4.1's progress alone, 4.2 having too few reports (10 of 25). The
    overview and the brief say « 1 / 2 »; the ambition's page says one target of two is counted."""
    from barometre import sections
    from barometre.i18n import t
    from conftest import DEMO, shown

    for lang in ("fr", "en"):
        ctx = sections.context(DEMO, "2022-2023", lang)
        lead = shown(sections.ambition_header(ctx, 4).html)
        summary = ctx.results.summary.query("period == '2022-2023' and scope == 'ambition' and id == '4'")
        value = ctx.pct(float(summary["progress"].iloc[0]))
        included = t("kpi.targets_included", lang, n=1, total=2)
        assert t("ambition.lead_counted", lang, period="2022-2023", progress=value, included=included) in lead
        full = shown(sections.ambition_header(ctx, 1).html)  # its three targets counted
        assert "(3 cibles)" in full if lang == "fr" else "(3 targets)" in full


def test_an_ambition_with_no_target_counted_says_so_without_a_dash(demo_copy):
    """Nobody reported 2.1: the lead read « taux d'avancement moyen de l'ambition : — (0 cible sur 1 prise en
    compte) »."""
    from barometre import sections
    from conftest import rewrite_csv, shown

    rewrite_csv(demo_copy / "observations.csv", lambda rows: [r for r in rows if r["target"] != "2.1"])
    for lang, said in (
        (
            "fr",
            "Période 2022-2023 · pas de taux d'avancement moyen pour l'ambition : 0 cible sur 1 prise en compte.",
        ),
        ("en", "Period 2022-2023 · no mean progress rate for the ambition: 0 of 1 target included."),
    ):
        lead = shown(sections.ambition_header(sections.context(demo_copy, "2022-2023", lang), 2).html)
        assert said in lead.replace("\u00a0", " ") and "—" not in lead.split("·")[1], lead
