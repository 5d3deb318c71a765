"""A strategy followed past its deadline: what the pages, the brief and the deck say of its targets.

The demo strategy ends in 2022-2023; next year's file brings 2023-2024 (a copy of the strategy with the
period added). Its targets not reached read « Accélération nécessaire » or « En bonne voie », as if there
were time left, and a target first reached in 2023-2024 read like one reached on time. The statuses of the
indicator files are a contract and stay; what people read says that the deadline has passed.
"""

import re
import shutil
from pathlib import Path

import pytest
import yaml
from barometre.api import results
from barometre.brief import build_content
from barometre.i18n import t
from barometre.strategy import load_strategy
from conftest import DEMO, ROOT, plain, rewrite_csv, shown

pytestmark = pytest.mark.cost(8)  # CPU-seconds (conftest)

DEADLINE, NEXT = "2022-2023", "2023-2024"
BUNDLED = ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml"
NOT_MET = ("on_track", "acceleration_needed", "limited_progress", "deterioration")


def follow_next_year(data: Path) -> None:
    """Make ``data`` follow 2023-2024 as the README says: a copy of the strategy with the period added."""
    raw = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    raw["periods"].append(NEXT)
    (data / "strategie.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meta = data / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("quebec-2019-2023", "strategie.yaml"), "utf-8")


@pytest.fixture(scope="module")
def past(tmp_path_factory) -> Path:
    """The demo and 2023-2024: the deadline's figures again, and 5.1 reached (every numerator at its
    denominator) a year late."""
    data = tmp_path_factory.mktemp("past-deadline") / "demo"
    shutil.copytree(DEMO, data)
    follow_next_year(data)

    def next_year(rows: list[dict]) -> list[dict]:
        later = [{**r, "period": NEXT} for r in rows if r["period"] == DEADLINE]
        for r in later:
            if r["target"] == "5.1":
                r["numerator"] = r["denominator"]
        return rows + later

    rewrite_csv(data / "observations.csv", next_year)
    return data


def test_the_indicator_files_keep_the_methodology_statuses(past):
    now = results(past).period_indicators(NEXT).set_index("target")["status"]
    assert now["5.1"] == "target_achieved" and now["1.3"] == "target_achieved"
    assert set(now.drop(["5.1", "1.3", "4.2"])) <= set(NOT_MET)
    assert "acceleration_needed" in set(now)  # the case that read as if there were time left


def test_the_pages_say_the_deadline_has_passed(past):
    from barometre import sections as s

    for lang in ("fr", "en"):
        ctx = s.context(past, NEXT, lang)
        table = s.targets_table(ctx).set_index(t("col.target_id", lang))[t("col.status", lang)]
        missed, late = t("status.deadline_missed", lang), t("status.achieved_late", lang)
        assert table["5.1"] == late and table["1.3"] == t("status.target_achieved", lang)
        assert table["1.1"] == missed and table["5.2"] == missed
        assert not {t(f"status.{c}", lang) for c in NOT_MET} & set(table)
        cards = shown(s.target_cards(ctx).html)
        assert missed in cards and late in cards and t("status.acceleration_needed", lang) not in cards
        # « Cibles atteintes 2 / 10 »: a target reached late is reached
        assert "2 / 10" in shown(s.global_index(ctx).html)
        # … and said so: « 2 / 10 » beside the brief's « dont 1 atteinte après l'échéance » read as on time
        late_note = {"fr": "parmi les cibles chiffrées, dont 1 après l'échéance",
                     "en": "among targets with a numeric value, 1 of them after the deadline"}[lang]  # fmt: skip
        assert late_note in plain(shown(s.global_index(ctx).html))
        assert "échéance" not in plain(shown(s.global_index(s.context(past, DEADLINE, "fr")).html))
        said = plain(shown(s.messages(ctx).html))
        assert plain(t("msg.achieved_late", lang, n=1, ids="5.1", deadline=DEADLINE, period=NEXT)) in said
        # in which period: « achieved after the deadline (2022-2023) » read as achieved in 2022-2023
        assert {"fr": f"non atteinte à l'échéance ({DEADLINE}), l'est en {NEXT}",
                "en": f"not achieved at the deadline ({DEADLINE}), is achieved in {NEXT}"}[lang] in said  # fmt: skip
        assert (
            "31 mars 2023" if lang == "fr" else "March 31, 2023"
        ) in said  # plain: no-break spaces as spaces
        # the deadline's own report keeps its statuses (« En bonne voie » there is the method's word)
        at = s.targets_table(s.context(past, DEADLINE, lang)).set_index(t("col.target_id", lang))
        assert at.loc["1.1", t("col.status", lang)] == t("status.on_track", lang)
    # short enough for a badge, a table cell and a chart's legend at 390 px (a longer one was cut there)
    assert (
        t("status.deadline_missed", "fr") == "Échéance manquée"
        and t("status.deadline_missed", "en") == "Deadline missed"
    )
    assert t("status.achieved_late", "en") == "Target achieved late"


def test_an_organisation_past_the_deadline_reads_the_same(past):
    from barometre import sections as s

    ctx = s.context(past, NEXT, "fr")
    orgs = ctx.results.by_organisation
    now = orgs[orgs["period"] == NEXT]
    assert not set(now["status"]) & set(NOT_MET)
    assert "deadline_missed" in set(now["status"])
    raw = results(past).by_organisation
    assert set(raw[raw["period"] == NEXT]["status"]) & set(NOT_MET)  # the files keep theirs


def test_the_brief_says_which_targets_were_reached_late(past):
    res = results(past)
    for lang in ("fr", "en"):
        c = build_content(res, NEXT, lang)
        assert c.headline.startswith(
            t(
                "brief.headline.after_deadline_late",
                lang,
                date="31\u00a0mars\u00a02023" if lang == "fr" else "March\u00a031, 2023",
                period=NEXT,
                n=2,
                total=10,
                late=1,
            )  # fmt: skip
        )
        assert c.headline.count(NEXT) == 1, c.headline  # « …: en 2023-2024, … En 2023-2024, l'indice … »
        rows = {r.id: r for r in c.rows}
        assert rows["5.1"].status_text == t("status.achieved_late", lang) and rows["5.1"].icon == "◷"
        assert rows["3.1"].status_text == t("status.deadline_missed", lang) and rows["3.1"].icon == "⊘"
        counts = {code: n for code, _icon, _label, n in c.status_counts}
        assert (
            counts["achieved_late"] == 1 and counts["target_achieved"] == 1 and counts["deadline_missed"] == 7
        )
        # 5.1 reached late; the seven « Accélération nécessaire → Échéance manquée » in one line, not seven
        assert [line[:1] for line in c.changes] == ["⊘", "◷"] and c.changes[1].startswith("◷ 5.1"), c.changes
        assert c.risks and all(NEXT in r and t("status.deadline_missed", lang) not in r for r in c.risks[:-1])
        text = " ".join(c.risks)
        assert "rythme requis" not in text and "required pace" not in text


def test_the_reports_say_the_deadline_date_in_words(tmp_path):
    """The strategy's ``deadline_date`` was read and never used: the reports give the day in words."""
    from barometre.deadline_shown import after_deadline_text

    text = BUNDLED.read_text(encoding="utf-8")
    said = {lang: plain(after_deadline_text(load_strategy(BUNDLED), lang)) for lang in ("fr", "en")}
    assert said["fr"].startswith(
        "L'échéance de la stratégie, le 31 mars 2023 (exercice 2022-2023), est passée"
    )
    assert said["en"].startswith(
        "The strategy's deadline, March 31, 2023 (fiscal year 2022-2023), has passed"
    )
    other = tmp_path / "strategie.yaml"
    other.write_text(text.replace("deadline_date: 2023-03-31", 'deadline_date: "2022-12-31"'), "utf-8")
    said = plain(after_deadline_text(load_strategy(other), "fr"))
    assert said.startswith("L'échéance de la stratégie, le 31 décembre 2022 (exercice 2022-2023), est passée")


def test_no_projection_to_a_deadline_gone_by_from_an_earlier_counted_period(past):
    """4.2 is last counted in 2021-2022 (too few reports since): its 2023-2024 chart drew a dashed line to
    « Valeur projetée à l'échéance 2022-2023 » and said « Projected value at the 2022-2023 deadline ».
    The deadline's own report drew it too, its ring on the uncounted value's cross (together they read as a
    counted point), while its data table said « — » as the README does from the deadline on."""
    from barometre import charts
    from barometre import sections as s

    for period, drawn in (("2021-2022", True), (DEADLINE, False), (NEXT, False)):
        ctx = s.context(past, period, "en")
        spec = str(charts.trend_chart(ctx.results, "4.2", "en").to_dict())
        assert ("Projected value at the 2022-2023 deadline" in spec) is drawn, period
        assert ("Projection 2022-2023" in spec) is drawn, period  # the dashed line's label


def test_the_methodology_page_says_what_the_statuses_past_the_deadline_mean(past):
    from barometre import sections as s

    for lang in ("fr", "en"):
        page = plain(shown(s.methodology(s.context(past, NEXT, lang)).html))
        day = "31\u00a0mars\u00a02023" if lang == "fr" else "March\u00a031, 2023"
        for code in ("achieved_late", "deadline_missed"):
            said = plain(t(f"status.{code}", lang) + " — " + t(f"methodology.status_{code}", lang,
                                                              deadline=DEADLINE, date=day))  # fmt: skip
            assert said in page, code
    # a strategy that ends with its deadline does not speak of them
    assert t("status.deadline_missed", "fr") not in shown(s.methodology(s.context(DEMO, DEADLINE, "fr")).html)


def test_two_years_past_the_deadline_a_target_lost_again_is_a_change(past, tmp_path):
    """2024-2025 after 2023-2024: 5.1, reached late, falls back; 3.1 is reached late. Both are said; the
    targets still short (« Échéance dépassée » both years) are not."""
    data = tmp_path / "demo"
    shutil.copytree(past, data)
    text = (data / "strategie.yaml").read_text(encoding="utf-8")
    (data / "strategie.yaml").write_text(text.replace(f"- {NEXT}\n", f"- {NEXT}\n- 2024-2025\n"), "utf-8")

    def later(rows: list[dict]) -> list[dict]:
        new = [{**r, "period": "2024-2025"} for r in rows if r["period"] == NEXT]
        for r in new:
            if r["target"] == "5.1":
                r["numerator"] = "0"
            if r["target"] == "3.1":
                r["numerator"] = r["denominator"]
        return rows + new

    rewrite_csv(data / "observations.csv", later)
    c = build_content(results(data), "2024-2025", "fr")
    assert [line[:5] for line in c.changes] == ["▼ 5.1", "◷ 3.1"], c.changes
    assert plain(c.changes[0]).endswith(": Cible atteinte en retard → Échéance manquée.")


def test_reached_after_the_deadline_is_late_unless_reached_at_it(past, tmp_path):
    """An organisation with no 4.1 row at the deadline that reaches it in 2023-2024 read « Cible atteinte »,
    as if met on time: lateness was told from the pace statuses at the deadline, not from being reached
    then. Applied twice (the site's « Ce qui a changé » builds the brief's content from shown statuses), the
    methodology's statuses are kept, not replaced by the shown ones."""
    from barometre.deadline_shown import ACHIEVED_LATE, METHOD_STATUS, shown_statuses

    data = tmp_path / "demo"
    shutil.copytree(past, data)
    res = results(data)
    obs = res.dataset.observations
    at = obs[(obs["period"] == DEADLINE) & (obs["target"] == "4.1")]
    silent = sorted(set(res.dataset.organisations["code"]) - set(at["organisation"]))
    org = next(
        code for code in silent if not obs[(obs["organisation"] == code) & (obs["period"] == NEXT)].empty
    )
    rewrite_csv(data / "observations.csv", lambda rows: [*rows, {**next(r for r in rows if r["organisation"] == org
                and r["period"] == NEXT), "target": "4.1", "numerator": "7", "denominator": "7"}])  # fmt: skip
    res = results(data)
    once = shown_statuses(res)
    by = once.by_organisation.set_index(["organisation", "target", "period"])
    assert by.loc[(org, "4.1", NEXT), METHOD_STATUS] == "target_achieved"
    assert by.loc[(org, "4.1", NEXT), "status"] == ACHIEVED_LATE
    twice = shown_statuses(once)
    for frame in ("indicators", "by_organisation"):
        assert getattr(twice, frame)[METHOD_STATUS].equals(getattr(once, frame)[METHOD_STATUS]), frame
        assert "deadline_missed" not in set(getattr(twice, frame)[METHOD_STATUS])


def test_past_the_deadline_the_risks_are_the_targets_not_achieved(past):
    """3.1 (« Échéance manquée » everywhere, pace « Accélération nécessaire ») was left
    out of the brief's risks, chosen by pace statuses; the line for the others said « en progrès limités »,
    a status no page shows past the deadline."""
    res = results(past)
    for lang in ("fr", "en"):
        c = build_content(res, NEXT, lang)
        missed = [r.id for r in c.rows if r.status == "deadline_missed"]
        assert "3.1" in missed and len(missed) == 7
        said = [r.split(" ")[0] for r in c.risks[:-1]] + re.findall(r"\b\d\.\d\b", c.risks[-1])
        assert sorted(said) == sorted(missed), c.risks
        text = " ".join(c.risks)
        assert t("status.limited_progress", lang).lower() not in text.lower()


def test_the_deadline_s_own_methodology_page_says_nothing_of_the_statuses_after_it(past):
    from barometre import sections as s

    for period in ("2021-2022", DEADLINE):
        assert t("status.deadline_missed", "fr") not in shown(
            s.methodology(s.context(past, period, "fr")).html
        )


def test_a_deadline_date_written_as_a_timestamp_is_its_day(tmp_path):
    """« deadline_date: 2023-03-31 00:00:00 » (YAML reads a timestamp) stopped the reading with « TypeError :
    can't compare datetime.datetime to datetime.date », naming neither the key nor the fix."""
    import datetime as dt

    other = tmp_path / "strategie.yaml"
    text = BUNDLED.read_text(encoding="utf-8")
    other.write_text(text.replace("deadline_date: 2023-03-31", "deadline_date: 2023-03-31 00:00:00"), "utf-8")
    assert load_strategy(other).deadline_day == dt.date(2023, 3, 31)


@pytest.mark.parametrize("bring_down", [(), ("1.1", "5.2")])
def test_the_brief_of_a_year_past_the_deadline_keeps_to_two_pages(past, tmp_path, bring_down):
    """With an organisation silent in 2023-2024 the French brief ran to three pages (named on every target's
    line of « Déclarations manquantes », two-line risks, the gains' period on each line); with two targets to
    bring down (« au plus 20 % », « (dégradation) ») too."""
    from barometre.brief.pdf import write_pdf
    from pypdf import PdfReader

    data = tmp_path / "demo"
    shutil.copytree(past, data)
    raw = yaml.safe_load((data / "strategie.yaml").read_text(encoding="utf-8"))
    for target in raw["targets"]:
        if target["id"] in bring_down:
            target.update(direction="decrease", target_value=0.2)
    (data / "strategie.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    rewrite_csv(data / "observations.csv",
                lambda rows: [r for r in rows if not (r["period"] == NEXT and r["organisation"] == "MFCUL")])  # fmt: skip
    res = results(data)
    for lang in ("fr", "en"):
        c = build_content(res, NEXT, lang)
        assert c.missing is not None and res.dataset.organisation_name("MFCUL", lang) in c.missing.summary
        assert len(PdfReader(write_pdf(c, tmp_path / lang / "brief.pdf", "test")).pages) == 2, lang


def test_an_organisation_short_of_its_target_without_a_baseline_has_missed_it(past):
    """An organisation with a 2023-2024 value short of its target but no starting value (so no pace) read
    « Données insuffisantes » past the deadline; not reaching a target needs no pace to be said."""
    from barometre.deadline_shown import DEADLINE_MISSED, METHOD_STATUS, shown_statuses

    by = shown_statuses(results(past)).by_organisation
    now = by[by["period"].eq(NEXT) & by[METHOD_STATUS].eq("insufficient_data")]
    known = now[now["value"].notna()]
    assert not known.empty and set(known["status"]) == {DEADLINE_MISSED}
    assert set(now[now["value"].isna()]["status"]) <= {"insufficient_data"}
    gov = shown_statuses(results(past)).period_indicators(NEXT).set_index("target")
    assert gov.loc["4.2", "status"] == "insufficient_data"  # too few reports: the period does not count


def test_the_explorer_app_shows_the_statuses_past_the_deadline(past):
    """The app opens on the statuses as the pages show them (an earlier call gave the methodology's)."""
    from barometre.explorer_app import open_explorer

    ex = open_explorer(past, "fr", period=NEXT)
    ex.select_target("3.1")
    table = ex.current_table()
    shown = " ".join(map(str, table.to_numpy().ravel()))
    assert t("status.deadline_missed", "fr") in shown
    assert t("status.acceleration_needed", "fr") not in shown


def test_a_status_legend_of_long_labels_lists_them_one_under_the_other(past):
    """The organisations' chart put its legend in one row past the chart's edge at 390 px (« Échéance
    dépassée, cible non atteint », a fourth entry gone): long labels are listed one under the other."""
    from barometre.charts.base import LEGEND_ROW, _status_color

    long = _status_color(
        "fr", present=["target_achieved", "achieved_late", "deadline_missed", "insufficient_data"]
    )
    assert long.to_dict()["legend"]["columns"] == 1
    short = _status_color("fr", present=["target_achieved", "deterioration"])
    assert "columns" not in short.to_dict()["legend"]
    assert sum(len(t(f"status.{c}", "fr")) for c in ("target_achieved", "deterioration")) <= LEGEND_ROW


def test_a_government_value_counted_without_a_counted_start_has_missed_its_target(past, tmp_path):
    """1.2 with 5 of 25 organisations in 2019-2020 (its start not counted) and 23 of 25 in 2023-2024, short of
    its target, read « Données insuffisantes » past the deadline: left out of the misses and the risks."""
    data = tmp_path / "demo"
    shutil.copytree(past, data)
    kept: list[str] = []

    def thin_start(rows: list[dict]) -> list[dict]:
        out = []
        for r in rows:
            if r["period"] == "2019-2020" and r["target"] == "1.2":
                if len(kept) >= 5:
                    continue
                kept.append(r["organisation"])
            out.append(r)
        return out

    rewrite_csv(data / "observations.csv", thin_start)
    res = results(data)
    raw = res.period_indicators(NEXT).set_index("target").loc["1.2"]
    assert raw["status"] == "insufficient_data" and raw["value"] < raw["target_value"]
    c = build_content(res, NEXT, "fr")
    rows = {r.id: r for r in c.rows}
    assert rows["1.2"].status == "deadline_missed"
    [line] = [line for line in c.risks if line.startswith("1.2")]
    assert "aucun rythme n'est mesuré" in line and "fois celui" not in line


def test_a_target_reached_at_the_deadline_and_lost_since_reads_recul_not_deadline_missed(past, tmp_path):
    """1.3, reached at the deadline and short of it in 2023-2024, read « Échéance manquée »: its deadline was
    met. It reads « Recul », is a change (« Cible atteinte → Recul ») and is among the brief's risks."""
    data = tmp_path / "demo"
    shutil.copytree(past, data)

    def lose(rows: list[dict]) -> list[dict]:
        for r in rows:
            if r["period"] == NEXT and r["target"] == "1.3":
                r["numerator"] = str(int(r["denominator"]) // 2)
        return rows

    rewrite_csv(data / "observations.csv", lose)
    res = results(data)
    assert res.period_indicators(DEADLINE).set_index("target").loc["1.3", "status"] == "target_achieved"
    c = build_content(res, NEXT, "fr")
    assert {r.id: r for r in c.rows}["1.3"].status == "deterioration"
    assert [line for line in c.changes if "1.3" in line and t("status.deterioration", "fr") in line]
    [line] = [line for line in c.risks if line.startswith("1.3")]
    assert "atteinte à l'échéance 2022-2023, elle ne l'est plus" in line and "fois celui" not in line
    # the key messages say its fall (it was in no group: not missed, not in « Recul » by its pace)
    from barometre import sections as s
    from barometre.methodology_government import summary_index
    from barometre.narrative import key_messages

    ctx = s.context(data, NEXT, "fr")
    ind = ctx.results.indicators
    messages = key_messages(ind, summary_index(ind, ctx.strategy), ctx.strategy, NEXT, "fr")
    assert [m for m in messages if m.startswith("La cible 1.3 est en recul") or "1.3 est en recul" in m], (
        messages
    )


def test_a_target_not_shown_in_recul_is_not_said_to_be_en_recul(past, tmp_path):
    """5.2, « Échéance manquée » and up 3,4 points in 2023-2024, read « La cible 5.2 est en recul » in the key
    messages of the site and of the brief and deck, beside « ✖ Recul : 1 » (that was 1.3). « Recul » is a
    status: 5.2, below its best level, « reste sous » it; a target shown « Recul » still is « en recul »."""
    from barometre import sections
    from barometre.deadline_shown import DEADLINE_MISSED

    data = tmp_path / "demo"
    shutil.copytree(past, data)

    def rise(rows: list[dict]) -> list[dict]:
        for r in rows:
            if r["period"] == NEXT and r["target"] == "5.2":  # 37,2 % at the deadline, 45,2 % in 2020-2021
                r["numerator"] = str(round(int(r["denominator"]) * 0.406))
        return rows

    rewrite_csv(data / "observations.csv", rise)
    said = {}
    for lang in ("fr", "en"):
        c = build_content(results(data), NEXT, lang)
        assert {r.id: r for r in c.rows}["5.2"].status == DEADLINE_MISSED
        site = plain(shown(sections.messages(sections.context(data, NEXT, lang))))
        said[lang] = [plain(m) for m in c.key_messages if m.startswith(("La cible 5.2 ", "Target 5.2 "))]
        assert len(said[lang]) == 1 and said[lang][0] in site, (said, site)
    assert said["fr"][0].startswith(
        "La cible 5.2 reste sous son meilleur niveau (45,2 % en 2020-2021) : 40,"
    ), said
    assert said["en"][0].startswith("Target 5.2 remains below its best level (45.2% in 2020-2021): 40."), said


def test_targets_named_as_the_subject_of_a_message_end_with_and(past):
    """« Les cibles 5.1 et 6.1, non atteintes … », not « Les cibles 5.1, 6.1, non atteintes … »."""
    from barometre.deadline_shown import ACHIEVED_LATE, shown_statuses
    from barometre.narrative import key_messages

    res = shown_statuses(results(past))
    indicators = res.indicators.copy()
    indicators.loc[(indicators["period"] == NEXT) & (indicators["target"] == "6.1"), "status"] = ACHIEVED_LATE
    said = {
        lang: key_messages(indicators, res.summary, res.dataset.strategy, NEXT, lang) for lang in ("fr", "en")
    }
    assert (
        "Les cibles 5.1 et 6.1, non atteintes à l'échéance (2022-2023), le sont en 2023-2024\u00a0: atteintes après "
        "l'échéance." in said["fr"]
    )
    assert (
        "Targets 5.1 and 6.1, not achieved at the deadline (2022-2023), are achieved in 2023-2024: after the deadline."
        in said["en"]
    )


def test_a_trend_past_the_deadline_marks_the_deadline(past):
    """« Statut en 2023-2024 : Échéance manquée » under the title, and nothing on the chart said where the
    deadline was. Past it, a dotted rule at 2022-2023 is named « Échéance », clear of the other labels at a
    phone's width and the desktop's, and the text alternative gives its date; at the deadline, no rule."""
    import vl_convert as vlc
    from barometre import charts
    from barometre.deadline_shown import shown_statuses
    from chart_text import assert_no_overlap, text_boxes

    res = shown_statuses(results(past))
    for lang in ("fr", "en"):
        for target in res.dataset.strategy.targets:
            chart = charts.trend_chart(res, target.id, lang)
            assert chart.to_dict()["description"].endswith(
                t("chart.trend.deadline_sentence", lang, period=DEADLINE,
                  date="31\u00a0mars\u00a02023" if lang == "fr" else "March\u00a031, 2023")
            )  # fmt: skip
            for width in (240, 520):
                boxes = text_boxes(vlc.vegalite_to_svg(chart.properties(width=width).to_dict()))
                assert t("chart.deadline_line", lang) in [box[0] for box in boxes]
                assert_no_overlap(boxes, f"{target.id} ({lang}, {width} px)")
    at = charts.trend_chart(results(past, up_to=DEADLINE), "5.1", "fr")
    assert "Échéance" not in vlc.vegalite_to_svg(at.to_dict())


def test_five_periods_on_a_phone_are_written_on_two_lines_apart(past):
    """« 2019-20202020-2021… »: a fifth period (2023-2024) left the labels of a phone's trend chart touching
    each other. Too narrow for one line, each period is « 2019- » over « 2020 »; wide, it stays on one."""
    import vl_convert as vlc
    from barometre import charts
    from chart_text import axis_labels

    res = results(past)
    periods = list(res.dataset.strategy.periods)
    assert len(periods) == 5
    for width, lines in ((240, 2), (330, 2), (520, 1)):
        chart = charts.trend_chart(res, "4.1", "fr").properties(width=width)
        labels = axis_labels(vlc.vegalite_to_svg(chart.to_dict()))
        assert ["".join(label[0]) for label in labels] == periods
        assert {len(label[0]) for label in labels} == {lines}, width
        for (left, x1, size), (right, x2, _) in zip(labels, labels[1:], strict=False):
            half = (max(map(len, left)) + max(map(len, right))) * size * 0.56 / 2
            assert x2 - x1 > half + 2, f"{left} touches {right} at {width} px"


def test_the_first_report_past_the_deadline_says_which_targets_now_read_deadline_missed(past):
    """The 2022-2023 brief read « → Accélération nécessaire » for 1.2, the 2023-2024 one « ⊘ Échéance
    manquée », and « Ce qui a changé » said « Aucun statut n'a changé »: one line names them."""
    from barometre import sections as s
    from barometre.deadline_shown import DEADLINE_MISSED, shown_statuses

    res = shown_statuses(results(past))
    before = res.period_indicators(DEADLINE).set_index("target")["status"]
    now = res.period_indicators(NEXT).set_index("target")["status"]
    missed = [tg for tg in now.index if now[tg] == DEADLINE_MISSED and before[tg] in NOT_MET]
    assert len(missed) >= 2
    for lang in ("fr", "en"):
        line = t("brief.change.deadline_passed", lang, n=len(missed), deadline=DEADLINE,
                 ids=t("list.and", lang).join([", ".join(missed[:-1]), missed[-1]]))  # fmt: skip
        assert line in build_content(results(past), NEXT, lang).changes
        assert plain(line) in plain(shown(s.what_changed(s.context(past, NEXT, lang)).html))


def test_an_organisation_created_after_the_start_is_told_what_its_statuses_mean_past_the_deadline(
    past, tmp_path
):
    """Its page said « sans valeur de départ, une cible qu'elle n'atteint pas a l'état « Données
    insuffisantes » » above a table of « ⊘ Échéance manquée »: past the deadline, a value short of its target
    is missed, starting value or not."""
    from barometre import sections as s
    from barometre.sections_organisation import organisation_header

    data = tmp_path / "demo"
    shutil.copytree(past, data)

    def created(rows: list[dict]) -> list[dict]:
        return [{**r, "from_period": "2021-2022" if r["code"] == "MFSN" else ""} for r in rows]

    rewrite_csv(data / "organisations.csv", created)
    rewrite_csv(data / "observations.csv",
                lambda rows: [r for r in rows if not (r["organisation"] == "MFSN" and r["period"] < "2021-2022")])  # fmt: skip
    for lang in ("fr", "en"):
        ctx = s.context(data, NEXT, lang)
        lead = plain(shown(organisation_header(ctx, "MFSN").html))
        assert plain(t("org.lead_after_baseline_past", lang, since="2021-2022", baseline="2019-2020")) in lead
        at = plain(shown(organisation_header(s.context(data, DEADLINE, lang), "MFSN").html))
        assert plain(t("org.lead_after_baseline", lang, since="2021-2022", baseline="2019-2020")) in at


def test_an_organisation_created_after_the_deadline_reaches_its_target_on_no_deadline(past, tmp_path):
    """A new agency of 2023-2024 meeting 1.1 in its first year read « Cible atteinte en retard », for a
    deadline it never had; an organisation there at the deadline still reads it."""
    from barometre.deadline_shown import ACHIEVED_LATE, shown_statuses

    data = tmp_path / "demo"
    shutil.copytree(past, data)
    first = {}

    def add(orgs):
        first.update(orgs[0])
        new = {**orgs[0], "code": "NOUV", "name_fr": "Agence nouvelle", "name_en": "New agency"}
        return [{**o, "from_period": o.get("from_period", "")} for o in orgs] + [{**new, "from_period": NEXT}]

    rewrite_csv(data / "organisations.csv", add)
    rewrite_csv(data / "observations.csv", lambda rows: rows + [
        {**r, "organisation": "NOUV", "numerator": r["denominator"]}
        for r in rows if r["period"] == NEXT and r["organisation"] == first["code"] and r["target"] == "5.1"
    ])  # fmt: skip
    by = shown_statuses(results(data)).by_organisation.set_index(["organisation", "target", "period"])
    assert by.loc[("NOUV", "5.1", NEXT), "status"] == "target_achieved"
    assert by.loc[(first["code"], "5.1", NEXT), "status"] == ACHIEVED_LATE  # there at the deadline: late


def thin(data: Path, period: str, targets: set[str], keep: int = 5) -> None:
    """Keep the first ``keep`` organisations' rows of ``targets`` in ``period``: too few for it to count."""
    seen: dict[str, int] = {}

    def change(rows: list[dict]) -> list[dict]:
        out = []
        for r in rows:
            if r["period"] == period and r["target"] in targets:
                seen[r["target"]] = seen.get(r["target"], 0) + 1
                if seen[r["target"]] > keep:
                    continue
            out.append(r)
        return out

    rewrite_csv(data / "observations.csv", change)


def _deck_text(content) -> str:
    """Every text of the deck built from ``content``: its slides and their notes."""
    from barometre.brief.deck import build_deck

    texts = []
    for slide in build_deck(content).slides:
        texts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        texts.append(slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "")
    return plain("\n".join(texts))


def _card(html: str, target: str) -> str:
    """The text of one target's card in the cards' HTML."""
    start = html.index(f'id="carte-{target}"')
    return plain(shown(html[start : html.index("</article>", start)]))


@pytest.fixture(scope="module")
def unknown_since(past, tmp_path_factory) -> Path:
    """``past`` with 3.1 (missed at the deadline) and 1.3 (reached at it) reported by 5 of 25 in 2023-2024;
    4.2 is reported by 10 of 25 at the deadline and after it, in ``past`` already."""
    data = tmp_path_factory.mktemp("unknown-since") / "demo"
    shutil.copytree(past, data)
    thin(data, NEXT, {"3.1", "1.3"})
    return data


def test_past_the_deadline_a_target_too_few_reported_says_what_the_deadline_said(unknown_since):
    """C1 (0,40 % of 1 % at the 2024-2025 deadline, 14 of 40 reporting in 2025-2026) read only « trop peu
    d'organisations ont déclaré en 2025-2026 pour juger cette cible » in the brief and the deck, « Données
    insuffisantes » on its card, and was not among the targets « passent à « Échéance manquée » »: nobody
    learnt it had missed its deadline. The statuses stay « Données insuffisantes » (BRIEF §4); the brief,
    the deck, the cards and the key messages say what the deadline said, or that it could not judge."""
    from barometre import sections as s
    from barometre.i18n import format_percent, format_value

    res = results(unknown_since)
    then = res.period_indicators(DEADLINE).set_index("target")
    assert then.loc["3.1", "status"] in NOT_MET and then.loc["1.3", "status"] == "target_achieved"
    assert then.loc["4.2", "organisations_reporting"] == 10  # of 25: not counted at the deadline either
    now = res.period_indicators(NEXT).set_index("target")
    assert set(now.loc[["3.1", "1.3", "4.2"], "status"]) == {"insufficient_data"}  # the status rules stay

    c = build_content(res, NEXT, "fr")
    said = plain(c.risks_unknown)
    missed_31 = f"3.1 : échéance manquée (en 2022-2023 : {plain(format_value(then.loc['3.1', 'value'], 0.6))}"
    assert missed_31 + " pour une cible de 60 %) ; trop peu d'organisations ont déclaré en 2023-2024" in said
    assert "1.3 : cible atteinte à l'échéance (en 2022-2023 : " in said
    assert (
        "4.2 : trop peu d'organisations avaient déclaré en 2022-2023 pour juger la cible à l'échéance" in said
    )
    assert "pour juger cette cible" not in said
    [change] = [line for line in c.changes if line.startswith("? 3.1")]
    assert "données devenues insuffisantes ; " + missed_31.split(" : ", 1)[1] in plain(change)
    assert missed_31 in _deck_text(c)

    for lang in ("fr", "en"):
        c = build_content(res, NEXT, lang)
        known = {tg: t("deadline.known", lang, goal=format_percent(then.loc[tg, "target_value"], lang),
                       value=format_value(then.loc[tg, "value"], then.loc[tg, "target_value"], lang))
                 for tg in ("3.1", "1.3")}  # fmt: skip
        lines = [t(f"deadline.line.{verdict}", lang, id=tg, deadline=DEADLINE, period=NEXT, known=known.get(tg))
                 for tg, verdict in (("1.3", "achieved"), ("3.1", "missed"), ("4.2", "unjudged"))]  # fmt: skip
        assert c.risks_unknown == " ".join(lines)  # in the strategy's order
        deck = _deck_text(c)
        assert all(plain(line) in deck for line in lines)
        # « Ce qui a changé »: the deadline just before, missed; on the site's overview too
        line = t("brief.change.insufficient_missed", lang, named=f"3.1 {c.rows[4].label}", deadline=DEADLINE,
                 known=known["3.1"])  # fmt: skip
        assert c.rows[4].id == "3.1" and line in c.changes
        ctx = s.context(unknown_since, NEXT, lang)
        assert plain(line) in plain(shown(s.what_changed(ctx).html))
        # the cards (overview and ambition pages) and the key messages
        cards = str(s.target_cards(ctx).html)
        for tg, verdict in (("3.1", "missed"), ("1.3", "achieved"), ("4.2", "unjudged")):
            card = _card(cards, tg)
            assert t("status.insufficient_data", lang) in card
            assert plain(t("deadline.card", lang, deadline=DEADLINE)) in card
            assert plain(t(f"deadline.card.{verdict}", lang, known=known.get(tg))) in card
        ambition = _card(str(s.target_intro(ctx, ctx.strategy.target("3.1")).html), "3.1")
        assert plain(t("deadline.card.missed", lang, known=known["3.1"])) in ambition
        messages = [plain(m) for m in c.key_messages]
        assert (
            plain(t("msg.at_deadline.missed", lang, id="3.1", deadline=DEADLINE, known=known["3.1"]))
            in messages
        )
        # at the deadline itself nothing is said of « à l'échéance »: its own status says it
        deadline_cards = plain(shown(s.target_cards(s.context(unknown_since, DEADLINE, lang)).html))
        assert plain(t("deadline.card", lang, deadline=DEADLINE)) not in deadline_cards
    en = build_content(res, NEXT, "en").risks_unknown
    assert "3.1: deadline missed (in 2022-2023: " in en and "% against a target of 60%)" in en


def test_past_the_deadline_with_every_target_judged_achieved_the_others_are_said(past, tmp_path):
    """With no target judged short of it, the risks read « Aucune cible mesurée n'est en recul … : son risque
    n'est pas connu » beside 3.1's line saying it had missed its deadline."""
    data = tmp_path / "demo"
    shutil.copytree(past, data)

    def reach(rows: list[dict]) -> list[dict]:
        return [{**r, "numerator": r["denominator"]} if r["period"] == NEXT else r for r in rows]

    rewrite_csv(data / "observations.csv", reach)
    thin(data, NEXT, {"3.1"})
    fr = plain(build_content(results(data), NEXT, "fr").risks_empty)
    assert fr == "Chaque cible jugée en 2023-2024 est atteinte."
    for lang in ("fr", "en"):
        c = build_content(results(data), NEXT, lang)
        assert not c.risks and {r.status for r in c.rows if r.counted} <= {"target_achieved", "achieved_late"}
        assert c.risks_empty == t("brief.risks.judged_achieved", lang, period=NEXT)
        assert c.risks_unknown.startswith("3.1") and "4.2" in c.risks_unknown


def test_a_target_followed_since_the_deadline_is_not_said_missed_since(unknown_since):
    """A target counted in a period between the deadline and the report's (reached late there, maybe) read
    « échéance manquée … ; trop peu … pour suivre la cible depuis »: it was followed since. Only a target
    not counted since the deadline says what the deadline said."""
    import dataclasses

    import pandas as pd
    from barometre.deadline_known import MISSED, at_deadline

    res = results(unknown_since)
    later = "2024-2025"
    strategy = dataclasses.replace(res.dataset.strategy, periods=(*res.dataset.strategy.periods, later))
    ind = res.indicators
    thin_row = ind[ind["period"].eq(NEXT) & ind["target"].eq("3.1")].assign(period=later)
    frame = pd.concat([ind, thin_row], ignore_index=True)
    assert at_deadline(frame, strategy, "3.1", later, "fr").verdict == MISSED  # not counted since
    followed = frame.copy()
    at_next = followed["period"].eq(NEXT) & followed["target"].eq("3.1")
    followed.loc[at_next, "organisations_reporting"] = followed.loc[at_next, "organisations_expected"]
    assert at_deadline(followed, strategy, "3.1", later, "fr") is None
