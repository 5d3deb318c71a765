"""The translation catalogue: every entry one whole text per language, and a malformed entry named."""

import datetime as dt

import pytest
from barometre.errors import BarometreError
from barometre.i18n import LANGUAGES, catalogue, catalogue_entries, format_number, t


def test_every_entry_has_one_non_empty_text_per_language():
    entries = catalogue()
    assert len(entries) > 400
    for key, value in entries.items():
        assert set(value) == set(LANGUAGES), key
        assert all(isinstance(value[lang], str) and value[lang].strip() for lang in LANGUAGES), key


def test_english_texts_use_english_quotation_marks():
    """« » are French: an English message quoted a layout name « Title Only »."""
    french = {
        key: value["en"] for key, value in catalogue().items() if "«" in value["en"] or "»" in value["en"]
    }
    assert not french, french


def test_texts_with_commas_are_whole():
    assert t("footer.downloads", "fr") == "Télécharger les données (CSV, JSON)"
    assert t("footer.downloads", "en") == "Download the data (CSV, JSON)"
    assert t("publish.status.unusable", "fr") == "Données inutilisables, rien publié"
    assert t("publish.status.unusable", "en") == "Unusable data, nothing published"


@pytest.mark.parametrize(
    "text",
    [
        "a.key: {fr: Un texte, coupé, en: A text, cut}\n",  # unquoted commas: extra keys, cut texts
        "a.key: {fr: Texte seulement en français}\n",
        "a.key: {fr: Texte, en: }\n",
        "a.key: Texte sans langue\n",
    ],
)
def test_a_malformed_entry_is_an_error_naming_file_and_key(text):
    with pytest.raises(BarometreError) as err:
        catalogue_entries("site.yaml", "ok.key: {fr: Bien, en: Fine}\n" + text)
    assert "site.yaml" in str(err.value) and "'a.key'" in str(err.value)


def test_a_quoted_comma_is_kept():
    entries = catalogue_entries("site.yaml", 'a.key: {fr: "Un texte, entier", en: "A text, whole"}\n')
    assert entries == {"a.key": {"fr": "Un texte, entier", "en": "A text, whole"}}


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "shown"),
    [
        (-0.113, "fr", 2, "\u22120,11"),  # a minus sign, as the charts write it
        (-1234.5, "en", 1, "\u22121,234.5"),
        (-0.001, "fr", 2, "0,00"),  # rounded to zero: no sign
        (1234.5, "fr", 1, "1\u202f234,5"),
        (None, "fr", 0, "—"),
    ],
)
def test_numbers_are_written_the_language_s_way(value, lang, decimals, shown):
    assert format_number(value, lang, decimals) == shown


def test_french_punctuation_never_starts_a_line():
    """A plain space before « : ; ! ? » or inside guillemets lets a line break there (« Cible » at the end
    of one line, « : 75 % » at the start of the next): every French text of the catalogue has no-break
    spaces there, the English texts are left alone."""
    import re

    loose = re.compile(r" [:;!?»]|« ")
    for key, entry in catalogue().items():
        assert not loose.search(entry["fr"]), (key, entry["fr"])
    assert t("brief.deck_title", "fr", period="2022-2023") == (
        "Transformation numérique\u00a0: où en sommes-nous\u00a0? — 2022-2023"
    )
    assert (
        t("brief.deck_title", "en", period="2022-2023")
        == "Digital transformation: where do we stand? — 2022-2023"
    )
    # texts filled in later keep their own spaces (a name, a file path)
    assert t("punct.colon", "fr").join(["Cible 1.1", "75\u00a0%"]) == "Cible 1.1\u00a0: 75\u00a0%"


@pytest.mark.parametrize(
    ("n", "fr", "en"),
    [
        (0, "0 cible sur 10 est atteinte en 2022-2023.", "0 of 10 targets are achieved in 2022-2023."),
        (1, "1 cible sur 10 est atteinte en 2022-2023.", "1 of 10 targets is achieved in 2022-2023."),
        (3, "3 cibles sur 10 sont atteintes en 2022-2023.", "3 of 10 targets are achieved in 2022-2023."),
        ("1\u00a0234", "1\u00a0234 cibles sur 10 sont atteintes en 2022-2023.", None),
    ],
)
def test_counts_agree_with_their_words(n, fr, en):
    """« 1 cible(s) sur 10 sont atteintes » read as a form to fill in: a count's words agree with it,
    by each language's rule (French: 0 and 1 singular; English: only 1)."""
    assert t("msg.achieved", "fr", n=n, total=10, period="2022-2023") == fr
    if en:
        assert t("msg.achieved", "en", n=n, total=10, period="2022-2023") == en


def test_no_text_for_people_hedges_a_plural_with_a_count_beside_it():
    """No « (s) »: a text with a count, or a list whose length is known, writes both forms,
    ``{n:cible|cibles}``: two forms, no more."""
    import string

    for key, entry in catalogue().items():
        for lang in LANGUAGES:
            assert "(s)" not in entry[lang], (key, lang, entry[lang])
            for _, field, spec, _ in string.Formatter().parse(entry[lang]):
                if spec and "|" in spec:
                    assert spec.count("|") == 1, (key, lang, field, spec)


def test_one_of_a_count_reads_in_the_singular():
    """Texts that wrote a plural after any count: « 1 organisations sur 25 », « les 1 organisations les plus
    éloignées », « for each of the 1 targets »."""
    assert t("coverage.short", "fr", n=1, total=25) == "1 organisation sur 25"
    assert t("coverage.short", "en", n=1, total=1) == "1 of 1 organisation"
    one = t("chart.furthest.description", "fr", count=1, id="1.1", period="2022-2023", first="")
    assert "l'organisation la plus éloignée de sa cible pour la cible 1.1 en 2022-2023." in one
    many = t("chart.furthest.description", "en", count=3, id="1.1", period="2022-2023", first="")
    assert "the 3 organisations furthest from their target for target 1.1 in 2022-2023, from furthest" in many
    assert t("chart.organisation.description", "en", count=1, name="X", target="").startswith(
        "Small multiple line charts: for the one target reported by X,"
    )
    filed = t("plans.brief.filed", "fr", n=1, total=25)
    assert t("plans.brief.all", "fr", filed=filed, targets=1, period="2022-2023") == (
        "1 organisation sur 25 a déposé un plan\u00a0; réalisés, les plans suffisent pour la cible planifiée "
        "en 2022-2023."
    )


def test_numbers_in_messages_are_written_each_language_s_way():
    """« Lignes lues : 1555 » / "Rows read: 1555": a count given per language fills each text with its own
    (« 1 555 », "1,555"), and the plural is read from it as the language writes it (« 1,5 » is one and a half
    in French, "1,000" a thousand in English)."""
    from barometre.i18n import both, numbers, plural_one

    said = both("validate.summary", read=numbers(1555), accepted=numbers(1555), rejected=numbers(0))
    assert said.startswith("Lignes lues\u00a0: 1\u202f555, acceptées\u00a0: 1\u202f555, rejetées\u00a0: 0.")
    assert said.endswith("Rows read: 1,555, accepted: 1,555, rejected: 0.")
    assert plural_one("1,5", "fr") and not plural_one("1\u202f000", "fr")
    assert not plural_one("1,000", "en") and plural_one("1", "en")


def test_a_count_given_as_an_integer_is_written_each_language_s_way():
    """« 2940 lignes des fichiers de données ont été rejetées » on a page of a 300-organisation dataset: a count
    that agrees with its words is a number like any other (« 2 940 », "2,940"), NumPy's too."""
    import numpy as np

    assert t("coverage.rejected", "fr", rejected=2940).startswith(
        "2\u202f940 lignes des fichiers de données ont été rejetées"
    )
    assert t("coverage.rejected", "en", rejected=np.int64(2940)).startswith(
        "2,940 rows of the data files were"
    )
    assert t("coverage.rejected", "fr", rejected=1).startswith(
        "1 ligne des fichiers de données a été rejetée"
    )
    assert (
        t("msg.achieved", "en", n=1, total=10, period="2022-2023")
        == "1 of 10 targets is achieved in 2022-2023."
    )


@pytest.mark.parametrize(
    ("count", "fr", "en"),
    [(1, "valeur gouvernementale de la cible en 2022-2023", "government value of the target in 2022-2023"),
     (10, "valeur gouvernementale de chacune des 10 cibles en 2022-2023",
      "government value of each of the 10 targets in 2022-2023")],
)  # fmt: skip
def test_the_glance_chart_of_a_one_target_strategy_says_the_target(count, fr, en):
    """A strategy of one target: the chart's text alternative read « chacune des 1 cibles »."""
    kw = {"count": count, "period": "2022-2023", "target": "", "counts": ""}
    assert fr in t("chart.overview.description", "fr", **kw)
    assert en in t("chart.overview.description", "en", **kw)


def test_an_organisation_s_name_is_never_made_to_agree_or_lose_its_article():
    """« Emploi et Développement social Canada comparée au gouvernement » (the feminine of « organisation »
    given to a masculine name) and « déclarées par Conseil d'examen … » (no article): the texts around a
    name now read right whatever the name."""
    for name in (
        "Emploi et Développement social Canada",
        "Conseil d'examen du prix des médicaments brevetés",
    ):
        title = t("chart.organisation.title", "fr", name=name)
        assert title == f"{name}\u00a0: comparaison avec le gouvernement", title
        described = t("chart.organisation.description", "fr", count=3, name=name, target="")
        assert f"par l'organisation {name}," in described, described


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [(0.014, "+1,4\u00a0pt", "+1.4\u00a0pts"), (-0.019, "−1,9\u00a0pt", "−1.9\u00a0pts"),
     (0.02, "+2,0\u00a0pts", "+2.0\u00a0pts"), (0.152, "+15,2\u00a0pts", "+15.2\u00a0pts"),
     (0.0, "0,0\u00a0pt", "0.0\u00a0pts"), (0.01, "+1,0\u00a0pt", "+1.0\u00a0pts")],
)  # fmt: skip
def test_percentage_points_agree_with_their_number(value, fr, en):
    """« +1,4 pts » read as a plural below 2 in French: the unit agrees with the number as it is written
    (singular below 2 in French; in English only a bare 1 is singular, "1.0 points" is not, CLDR)."""
    from barometre.i18n import format_points

    assert (format_points(value, "fr"), format_points(value, "en")) == (fr, en)


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [(0.3125, "31,3\u00a0%", "31.3%"), (0.0625, "6,3\u00a0%", "6.3%"), (0.8875, "88,8\u00a0%", "88.8%"),
     (0.145, "14,5\u00a0%", "14.5%"), (0.755, "75,5\u00a0%", "75.5%")],
)  # fmt: skip
def test_a_half_rounds_up_as_in_a_spreadsheet_and_the_charts(value, fr, en):
    """5 organisations of 16 is 31,25 %: the tables said « 31,2 % » (Python rounds a half to even) while the
    chart's tooltip (Vega's ``.1%``), PowerPoint and a spreadsheet say « 31,3 % »."""
    from barometre.i18n import format_percent

    assert (format_percent(value, "fr"), format_percent(value, "en")) == (fr, en)
    assert format_number(2.5, "fr") == "3" and format_number(-2.5, "en") == "−3"
    import numpy as np  # a pandas cell's integer, a float32, an infinity: as before, no error

    assert (
        format_number(np.int64(1234), "en"),
        format_number(float("inf")),
        format_percent(np.float32(0.5)),
    ) == ("1,234", "inf", "50\u00a0%")


def test_no_target_achieved_reads_as_none_not_zero(tmp_path):
    """« 0 cible sur 4 est atteinte » and « de 0 à 1 organisations … ont déclaré »: the key messages say
    « Aucune des 10 cibles n'est atteinte » and agree with the larger count of a range."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from barometre.api import results
    from barometre.narrative import key_messages
    from conftest import DEMO

    res = results(DEMO, up_to="2020-2021")
    said = key_messages(res.indicators, res.summary, res.dataset.strategy, "2020-2021", "fr")
    assert "Aucune des 10 cibles n'est atteinte en 2020-2021." in said
    assert not [m for m in said if "0 cible sur" in m]
    english = key_messages(res.indicators, res.summary, res.dataset.strategy, "2020-2021", "en")
    assert "None of the 10 targets is achieved in 2020-2021." in english
    ranged = t(
        "msg.insufficient_many_range", "fr", count=3, period="P", ids="a", low=0, high=1, total=23, needed=12
    )
    assert "de 0 à 1 organisation sur 23 a déclaré" in ranged


def test_at_the_deadline_no_target_achieved_reads_as_none():
    from types import SimpleNamespace

    from barometre.brief.dates import deadline_sentence
    from barometre.strategy import load_strategy

    strategy = load_strategy("quebec-2019-2023")
    rows = [SimpleNamespace(id=f"{i}", status="limited_progress", target_value=0.5) for i in range(4)]
    made = dt.date(2026, 12, 8)
    assert deadline_sentence(strategy, "2022-2023", rows, "fr", made) == (
        "À l'échéance de la stratégie (2022-2023), aucune des 4 cibles n'est atteinte. "
    )
    rows[1].status = rows[2].status = "insufficient_data"  # said unjudged, not counted as missed in silence
    assert deadline_sentence(strategy, "2022-2023", rows, "fr", made) == (
        "À l'échéance de la stratégie (2022-2023), aucune des 4 cibles n'est atteinte. Sur les 4, 2 ne peuvent "
        "être jugées, trop peu d'organisations ayant déclaré. "
    )
    assert deadline_sentence(strategy, "2022-2023", rows, "fr", dt.date(2023, 3, 31)) == ""  # its day to come


def test_a_distance_in_points_agrees_with_its_number():
    """« avec une marge de 0,0 points »: the plans' distances now agree, as the site's « pt »/« pts » do."""
    assert (
        t("plans.points", "fr", n="0,0") == "0,0 point" and t("plans.points", "fr", n="23,7") == "23,7 points"
    )


def test_format_banded_keeps_a_number_under_the_lines_it_is_under():
    from barometre.i18n import format_banded

    lines = (0.0, 0.6, 0.95)
    assert format_banded(0.59958, lines) == "0,59"
    assert format_banded(0.9496, lines, "en") == "0.94"
    assert format_banded(-0.0007, lines) == "\u22120,01"
    assert format_banded(0.596, lines) == "0,59"
    assert (
        format_banded(0.5999999999, lines) == "0,60"
    )  # 0.6 once taken to 9 decimals, as the status takes it
    assert format_banded(0.6004, lines) == "0,60" and format_banded(0.126, lines) == "0,13"
    assert format_banded(-0.126, lines) == "\u22120,13" and format_banded(None, lines) == "—"


def test_a_half_computed_in_floats_rounds_up():
    """41/80 = 51,25 % read « 51,2 % » (51.24999999999999 in floats), 23/80 « 28,7 % »: half up says « 51,3 % »,
    as a spreadsheet does; a value just short of its target still never reads as reaching it."""
    from barometre.i18n import format_percent, format_points, label_decimals, round_half_up

    assert format_percent(41 / 80) == "51,3\u00a0%" and format_percent(23 / 80, "en") == "28.8%"
    assert round_half_up(41 / 80 * 100, 1) == 51.3 and round_half_up(1.005, 2) == 1.01
    assert format_points(23 / 80) == "+28,8\u00a0pts"
    assert (
        format_percent(0.5996, goal=0.6) == "59,9\u00a0%"
        and format_percent(0.59999999999, goal=0.6) == "59,9\u00a0%"
    )
    assert format_percent(0.9999999999) == "99,9\u00a0%" and label_decimals(0.5996, 0.6) == 2


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [(0.00261, "0,26\u00a0%", "0.26%"), (0.00306, "0,31\u00a0%", "0.31%"), (0.003, "0,3\u00a0%", "0.3%"),
     (0.00045, "0,045\u00a0%", "0.045%"), (0.0000004, "0\u00a0%", "0%"), (0.0, "0\u00a0%", "0%"),
     (0.0099, "0,99\u00a0%", "0.99%"), (0.00996, "1\u00a0%", "1%"), (0.75, "75\u00a0%", "75%"), (0.125, "12,5\u00a0%", "12.5%")],
)  # fmt: skip
def test_a_very_small_percentage_reads_with_two_significant_digits(value, fr, en):
    """A target of 1 % at about 0,3 %: 0,261 % and 0,306 % both read « 0,3 % » (history, interval « 0,3 % à
    0,3 % »). Under 0,95 %, two significant digits (three decimals at most, no trailing zero); tens of
    percent read as before."""
    from barometre.i18n import format_percent, label_decimals

    assert (format_percent(value, "fr"), format_percent(value, "en")) == (fr, en)
    assert label_decimals(0.00306) == 2 and label_decimals(0.3125) == 1  # a deck's label: « 0,31 % »
    assert format_percent(0.00996, goal=0.01) == "0,99\u00a0%"  # short of a 1 % target, at its precision


@pytest.mark.parametrize(
    ("value", "ends", "fr", "en"),
    [(0.00306 - 0.00261, (0.00306, 0.00261), "+0,05\u00a0pt", "+0.05\u00a0pts"),
     (0.001922 - 0.01, (0.001922, 0.01), "\u22120,81\u00a0pt", "\u22120.81\u00a0pts"),
     (0.0024 - 0.0028, (0.0024, 0.0028), "\u22120,04\u00a0pt", "\u22120.04\u00a0pts"),
     (-0.00003, (), "\u22120,003\u00a0pt", "\u22120.003\u00a0pts"),  # not zero: never « −0,0 pt »
     (0.6 - 0.598788, (0.6, 0.598788), "+0,1\u00a0pt", "+0.1\u00a0pts"),  # tens of percent: as before
     (0.152, (0.3, 0.148), "+15,2\u00a0pts", "+15.2\u00a0pts"), (-0.000001, (), "0,0\u00a0pt", "0.0\u00a0pts"),
     # no trailing zero past the first decimal: « +9,50 pts » from 0,5 % to 10 %, « −0,950 pt »
     (0.095, (0.005, 0.1), "+9,5\u00a0pts", "+9.5\u00a0pts"), (-0.0095, (0.0005, 0.01), "\u22120,95\u00a0pt",
     "\u22120.95\u00a0pts")],
)  # fmt: skip
def test_a_change_between_small_percentages_is_written_as_precisely_as_they_are(value, ends, fr, en):
    """« ≈ +0,0 pt depuis 2022-2023 » from 0,261 % to 0,306 % (+17 %), « Écart −0,0 pt », and nine
    organisations from −0,81 to −0,76 point « ex aequo » at « −0,8 pt »: a difference takes the decimals of
    the small percentages it is the difference of, and one that is not zero never reads zero."""
    from barometre.i18n import format_points

    assert (format_points(value, "fr", ends), format_points(value, "en", ends)) == (fr, en)


@pytest.mark.parametrize(
    ("items", "fr", "en"),
    [([], "", ""), (["1.1"], "1.1", "1.1"), (["1.1", "6.1"], "1.1 et 6.1", "1.1 and 6.1"),
     (["A", "B", "C"], "A, B et C", "A, B and C")],
)  # fmt: skip
def test_a_list_inside_a_sentence_ends_with_and(items, fr, en):
    from barometre.i18n import joined

    assert (joined(items, "fr"), joined(items, "en")) == (fr, en)


def test_a_date_is_never_split_by_a_line_break():
    """The brief broke « 31 » from « mars 2023 » at a line's end: a date's spaces are no-break spaces."""
    import datetime as dt

    from barometre.i18n import format_date

    assert format_date(dt.date(2023, 3, 31), "fr") == "31\u00a0mars\u00a02023"
    assert format_date(dt.date(2023, 4, 1), "fr") == "1er\u00a0avril\u00a02023"
    assert format_date(dt.date(2023, 3, 31), "en") == "March\u00a031, 2023"


def test_a_key_written_twice_in_one_catalogue_file_is_refused():
    """brief.yaml held « brief.risks.unknown » twice: YAML kept the last in silence (across files the
    catalogue already refused it)."""
    from barometre.i18n import CatalogueError, catalogue_entries

    one = 'a.b: {fr: "un", en: "one"}\n'
    assert catalogue_entries("x.yaml", one + 'a.c: {fr: "deux", en: "two"}\n')
    with pytest.raises(CatalogueError, match=r"x\.yaml: translation key defined twice in the file: a\.b"):
        catalogue_entries("x.yaml", one + "# a comment\n" + one)
