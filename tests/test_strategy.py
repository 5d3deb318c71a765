"""Strategy registry: the bundled Québec strategy, loading by path, clear errors for bad files."""

import copy

import pytest
import yaml
from barometre.errors import StrategyError
from barometre.strategy import bundled_strategies, load_strategy, parse_strategy
from conftest import ROOT, plain
from hypothesis import given, settings
from hypothesis import strategies as st

QC = load_strategy("quebec-2019-2023")
RAW = yaml.safe_load(open(QC.source_path, encoding="utf-8"))


def test_bundled_quebec_strategy_matches_the_brief():
    assert "quebec-2019-2023" in bundled_strategies()
    assert QC.target_ids == ["1.1", "1.2", "1.3", "2.1", "3.1", "4.1", "4.2", "5.1", "5.2", "6.1"]
    assert [a.id for a in QC.ambitions] == ["1", "2", "3", "4", "5", "6"]
    values = {t.id: t.target_value for t in QC.targets}
    assert values == {"1.1": 0.75, "1.2": 0.75, "1.3": 0.75, "2.1": 0.5, "3.1": 0.6, "4.1": 1.0,
                      "4.2": 0.6, "5.1": 0.75, "5.2": 0.75, "6.1": 0.6}  # fmt: skip
    t41, t61 = QC.target("4.1"), QC.target("6.1")
    assert (t41.aggregation, t41.threshold, t41.inclusive) == ("share_of_organisations", 1.0, True)
    assert (t61.aggregation, t61.threshold, t61.inclusive) == ("share_of_organisations", 0.5, False)
    assert {c.targets for c in QC.contributions} == {
        ("1.1", "1.2", "1.3", "2.1", "3.1"), ("4.1", "4.2", "5.1", "5.2", "6.1"),
    }  # fmt: skip
    assert (QC.baseline_period, QC.deadline_period, QC.pace_method) == ("2019-2020", "2022-2023", "linear")
    assert QC.coverage_threshold == 0.5
    for t in QC.targets:
        assert t.label.fr and t.label.en and t.effect.fr and t.effect.en and t.unit.fr


def test_load_by_path_relative_and_absolute(tmp_path):
    raw = copy.deepcopy(RAW)
    raw["id"] = "copie"
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    a = load_strategy(tmp_path / "s.yaml")
    b = load_strategy("s.yaml", base_dir=tmp_path)
    assert a.id == b.id == "copie" and a.target_ids == QC.target_ids


def test_an_edited_file_is_read_again(tmp_path):
    path = tmp_path / "s.yaml"
    raw = copy.deepcopy(RAW)
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    assert load_strategy(path).pace_method == "linear"
    raw["pace_method"] = "cagr"
    path.write_text(yaml.safe_dump(raw) + "\n# edited\n", encoding="utf-8")
    assert load_strategy(path).pace_method == "cagr"


def _mutated(fn):
    raw = copy.deepcopy(RAW)
    fn(raw)
    return raw


BAD = {
    "unknown ambition": (lambda r: r["targets"][0].update(ambition=9), "ambition inconnue «\u00a09\u00a0»"),
    "duplicate target id": (lambda r: r["targets"][1].update(id="1.1"), "identifiant de cible en double\u00a0: 1.1"),
    "target value above 1": (lambda r: r["targets"][0].update(target_value=75), "target_value = 75"),
    "negative target value": (lambda r: r["targets"][0].update(target_value=-0.1), "entre 0 et 1"),
    "target value as text": (lambda r: r["targets"][0].update(target_value="75 %"), "target_value = '75 %'"),
    "contribution unknown target": (
        lambda r: r["contributions"][0]["targets"].append("9.9"), "cible inconnue 9.9"),
    "duplicate contribution": (
        lambda r: r["contributions"].append(copy.deepcopy(r["contributions"][0])), "contribution en double"),
    "duplicate ambition": (lambda r: r["ambitions"].append(r["ambitions"][0]), "ambition en double"),
    "threshold above 1": (
        lambda r: r["targets"][5]["aggregation"].update(threshold=50), "threshold = 50"),
    "threshold missing": (
        lambda r: r["targets"][5]["aggregation"].pop("threshold"), "exige un seuil"),
    "inclusive as text": (
        lambda r: r["targets"][5]["aggregation"].update(inclusive="non"), "inclusive = 'non'"),
    "unknown aggregation": (lambda r: r["targets"][0].update(aggregation="median"), "agrégation «\u00a0median\u00a0»"),
    "aggregation as list": (lambda r: r["targets"][0].update(aggregation=[1]), "dictionnaire"),
    "unknown pace method": (lambda r: r.update(pace_method="exponential"), "rythme «\u00a0exponential\u00a0»"),
    "coverage above 1": (lambda r: r.update(coverage_threshold=50), "coverage_threshold = 50"),
    "periods not a list": (lambda r: r.update(periods="2019-2020"), "«\u00a0periods\u00a0» doit être une liste"),
    "bad period": (lambda r: r["periods"].append("2023/2024"), "ma-strategie.yaml, clé «\u00a0periods\u00a0»\u00a0: période «\u00a02023/2024\u00a0» invalide"),
    "periods out of order": (lambda r: r["periods"].reverse(), "ordre chronologique"),
    "deadline not a period": (lambda r: r.update(deadline_period="2025-2026"), "deadline_period"),
    "deadline before baseline": (
        lambda r: r.update(deadline_period="2019-2020", baseline_period="2022-2023"), "doit suivre"),
    "no targets": (lambda r: r.update(targets=[]), "aucune cible"),
    "target not a mapping": (lambda r: r["targets"].append("1.9"), "dictionnaire"),
    "label missing": (lambda r: r["targets"][0].pop("label"), "«\u00a0label\u00a0» est absente"),
    "text without French": (lambda r: r["targets"][0].update(label={"en": "x"}), "version française"),
    "not a mapping": (lambda r: r.clear(), "«\u00a0id\u00a0» est absente"),
    # a key misspelt was ignored in silence: 1.2 « au plus » read as a target to raise, read « Cible atteinte »
    "direction misspelt": (lambda r: r["targets"][1].update(direcion=r["targets"][1].pop("direction", "decrease")),
                           "cible 1.2\u00a0: la clé «\u00a0direcion\u00a0» n'est pas lue à cet endroit (vouliez-vous dire «\u00a0direction\u00a0»\u00a0?)"),
    "target value misspelt": (lambda r: r["targets"][0].update(target_valeu=r["targets"][0].pop("target_value")),
                              "«\u00a0target_valeu\u00a0» n'est pas lue"),
    "pace method misspelt": (lambda r: r.update(pace_methode="cagr"), "(vouliez-vous dire «\u00a0pace_method\u00a0»\u00a0?)"),
    "threshold misspelt": (lambda r: r["targets"][5]["aggregation"].update(treshold=0.5), "«\u00a0treshold\u00a0»"),
    "an aggregation key beside it": (lambda r: r["targets"][5].update(inclusive=False),
                                     "cible 4.1\u00a0: la clé «\u00a0inclusive\u00a0» n'est pas lue à cet endroit."),
    "a target's own baseline": (lambda r: r["targets"][0].update(baseline_period="2020-2021"),
                                "cible 1.1\u00a0: la clé «\u00a0baseline_period\u00a0» n'est pas lue à cet endroit."),
    "an ambition's title in English only": (lambda r: r["ambitions"][1].update(title={"en": "Two"}),
                                            "ambition 2, clé «\u00a0title\u00a0»\u00a0: un texte"),
    # « cible 1.2 : un texte doit avoir … » did not say which of its texts (it was « effect »)
    "a text with English only": (lambda r: r["targets"][1].update(effect={"en": "Less paper."}),
                                 "cible 1.2, clé «\u00a0effect\u00a0»\u00a0: un texte doit avoir au moins une version"),
    # a comma in a text between braces cut it, the rest read as a key without a value: lost in silence
    "a text cut by its comma": (
        lambda r: r["targets"][0].update(yaml.safe_load("numerator: {fr: 1 si l'audit a été réalisé, sinon 0, en: 1 if done}")),
        "cible 1.1, clé «\u00a0numerator\u00a0»\u00a0: «\u00a0sinon 0\u00a0» n'a pas de valeur dans ce texte"),
    "a text cut before a year": (lambda r: r["targets"][0].update(yaml.safe_load("label: {fr: Taux de réussite, 2023}")),
                                 "«\u00a02023\u00a0» n'a pas de valeur dans ce texte"),
    "a text cut by a colon": (lambda r: r["targets"][0].update(yaml.safe_load("unit: {fr: dossier traité, soit : fermé ou refusé, en: file}")),
                              "«\u00a0soit\u00a0» n'est pas une langue de ce texte"),
    "a third language": (lambda r: r["targets"][0].update(unit={"fr": "employé", "en": "employee", "de": "Mitarbeiter"}),
                         "«\u00a0de\u00a0» n'est pas une langue de ce texte"),
    "a text's English key misspelt": (lambda r: r["targets"][0].update(label={"fr": "Services", "eng": "Services"}),
                                      "la clé «\u00a0eng\u00a0» n'est pas lue à cet endroit (vouliez-vous dire «\u00a0en\u00a0»\u00a0?)"),
    # its only target moved under another ambition: its page read « 0 cible », the overview « (0 cible sur 0) »
    "an ambition no target belongs to": (lambda r: r["targets"][-1].update(ambition="5"),
                                         "aucune cible ne relève de l'ambition 6\u00a0: donnez son identifiant"),
    "a contribution without targets": (lambda r: r["contributions"][0].update(targets=[]),
                                       "contribution relations\u00a0: aucune cible\u00a0: nommez ses cibles"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_strategy_gives_a_clear_error(case):
    mutate, words = BAD[case]
    with pytest.raises(StrategyError) as err:
        parse_strategy(_mutated(mutate), "ma-strategie.yaml")
    message = str(err.value)
    assert words in message
    assert message.startswith("ma-strategie.yaml") or "ma-strategie.yaml" in message or "Période" in message
    assert " / " in message  # French, then English


@pytest.mark.parametrize(
    ("mutate", "english"),
    [(lambda r: r["targets"][1].update(direction="decreasing"),
      "ma-strategie.yaml, target 1.2: unknown direction 'decreasing' (increase, decrease)."),
     (lambda r: r["targets"][1].update(aggregation="median"),
      "ma-strategie.yaml, target 1.2: unknown aggregation 'median' (pooled, share_of_organisations)."),
     (lambda r: r["targets"][1].update(ambition="9"),
      "ma-strategie.yaml, target 1.2: unknown ambition '9' (ambitions declared: 1, 2, 3, 4, 5, 6)."),
     (lambda r: r.update(pace_method="log"), "ma-strategie.yaml: unknown pace method 'log' (linear, cagr).")],
)  # fmt: skip
def test_the_english_error_names_the_part_in_english_with_the_valid_choices(mutate, english):
    """The English half read « …yaml, cible S2: unknown direction 'decreasing'. »: a French word, and the
    accepted values the French half gave were left out."""
    with pytest.raises(StrategyError) as err:
        parse_strategy(_mutated(mutate), "ma-strategie.yaml")
    french, english_half = str(err.value).split(" / ")
    assert english_half == english
    assert "cible 1.2" in french or "pace" in english


def test_missing_and_invalid_files(tmp_path):
    with pytest.raises(StrategyError, match="Stratégie introuvable\u00a0: «\u00a0nulle-part\u00a0»"):
        load_strategy("nulle-part")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nperiods: [2019-2020\n", encoding="utf-8")
    with pytest.raises(StrategyError, match="YAML valide"):
        load_strategy(bad)
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(StrategyError, match="dictionnaire YAML"):
        load_strategy(listing)


def test_target_without_value_and_unknown_lookups():
    raw = _mutated(lambda r: r["targets"][0].pop("target_value"))
    strat = parse_strategy(raw, "x")
    assert strat.target("1.1").target_value is None
    with pytest.raises(StrategyError, match="Cible inconnue «\u00a09.9\u00a0»"):
        QC.target("9.9")
    with pytest.raises(StrategyError, match="Ambition inconnue"):
        QC.ambition(42)


leaf = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 100), st.floats(allow_nan=True), st.text(max_size=5)
)
tree = st.recursive(leaf, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
                    max_leaves=12)  # fmt: skip
KEYS = ["id", "periods", "ambitions", "targets", "contributions", "title", "coverage_threshold",
        "baseline_period", "deadline_period", "pace_method"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from(KEYS), value=tree, target_key=st.sampled_from(["aggregation", "label", "id",
       "ambition", "target_value", "direction"]), target_value=tree)  # fmt: skip
def test_any_shape_gives_strategy_error_or_a_strategy(key, value, target_key, target_value):
    raw = copy.deepcopy(RAW)
    raw[key] = value
    raw["targets"] = copy.deepcopy(RAW["targets"]) if key != "targets" else raw["targets"]
    if isinstance(raw["targets"], list) and raw["targets"] and isinstance(raw["targets"][0], dict):
        raw["targets"][0][target_key] = target_value
    try:
        parse_strategy(raw, "fuzz")
    except StrategyError:
        pass


def test_short_labels_are_whole_words():
    """The brief's and the deck's tables name each target by its short label. The GC strategy had none, and
    its labels were cut at 59 characters inside a word (« … sont faite… »); a label is now cut after a
    whole word, and the GC targets have short labels of their own."""
    import dataclasses

    gc = load_strategy("gc-services")
    for target in gc.targets:
        for lang in ("fr", "en"):
            assert "…" not in target.short(lang) and len(target.short(lang)) <= 60, target.id
    long = dataclasses.replace(gc.targets[0], short_label=None)
    assert long.short("fr") == "Part des services dont plus de 75\u00a0% des demandes connues…"
    cut_after_percent = dataclasses.replace(
        long, label=dataclasses.replace(long.label, fr="Part de 75 % " + "x" * 70)
    )
    assert cut_after_percent.short("fr") == "Part de 75\u00a0%…"  # never « Part de 75… »


@pytest.mark.parametrize(
    ("written", "read"),
    [("2022-23", "2022-2023"), ("2022/2023", "2022-2023"), ("2022\u20132023", "2022-2023"), (" 2022 - 23 ", "2022-2023"),
     ("1999-00", "1999-2000"), ("2022-2023", "2022-2023"), ("2022-24", "2022-24"), ("22-23", "22-23")],
)  # fmt: skip
def test_a_fiscal_year_written_another_way_is_read_as_the_strategy_writes_it(written, read):
    """Next year's file may write « 2022-23 » or « 2022/2023 »: the observation and plan files now read
    them as the collection workbooks already did (they rejected every row); not two consecutive years
    stays as written, to be rejected with the strategy's periods."""
    from barometre.strategy_model import normalise_period

    assert normalise_period(written) == read


def test_observations_and_plans_with_short_fiscal_years_are_all_accepted(demo_copy):
    from barometre.dataset import load_dataset

    for name in ("observations.csv", "plans.csv"):
        path = demo_copy / name
        path.write_text(path.read_text(encoding="utf-8").replace(",2022-2023,", ",2022-23,").replace(
            "\n2022-2023,", "\n2022/23,"), encoding="utf-8")  # fmt: skip
    ds = load_dataset(demo_copy)
    assert ds.report.rows_rejected == 0 and ds.periods[-1] == "2022-2023"
    assert (ds.plans["period"] == "2022-2023").any() and not ds.plans["period"].str.contains("/|-23$").any()


@pytest.mark.parametrize(
    ("change", "key", "period"),
    [
        (
            lambda raw: raw.update(periods=[2025, 2026], baseline_period=2025, deadline_period=2026),
            "periods",
            "2025",
        ),
        (lambda raw: raw.update(baseline_period="2019"), "baseline_period", "2019"),
        (lambda raw: raw.update(periods={"from": "2019/20"}), "periods.from", "2019/20"),
    ],
)
def test_a_period_not_written_as_a_fiscal_year_names_the_file_and_key(tmp_path, change, key, period):
    """Calendar years (``periods: [2025, 2026]``) were refused with « Période « 2025 » invalide » and no word of
    which file or key held it."""
    from pathlib import Path

    bundled = Path(__file__).resolve().parent.parent / "lib/barometre/strategies/quebec-2019-2023.yaml"
    raw = yaml.safe_load(bundled.read_text("utf-8"))
    change(raw)
    path = tmp_path / "ma-strategie.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    with pytest.raises(StrategyError) as err:
        load_strategy(path)
    text = str(err.value).replace("\u00a0", " ")
    assert f"{path}, clé « {key} » : période « {period} » invalide" in text, text
    assert f"{path}, key '{key}': invalid period '{period}'" in text, text


def test_a_key_of_the_authors_that_resembles_no_key_read_is_kept_unread():
    """A note added by the file's authors (« notes », « source ») is no mistake: the strategy loads."""
    raw = _mutated(lambda r: (r.update(notes="adoptée en 2019"), r["targets"][0].update(source="plan 2019")))
    assert parse_strategy(raw, "ma-strategie.yaml").extra == {"notes": "adoptée en 2019"}


def test_texts_without_english_are_named_not_shown_in_french_in_silence(demo_copy, capsys):
    """A strategy whose title and one target's label had no « en » validated without a word, and the English
    pages showed them in French. Validation now names them, with their French text."""
    import json

    from barometre.cli import main
    from conftest import ROOT

    raw = yaml.safe_load(
        (ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text(encoding="utf-8")
    )
    raw["title"].pop("en")
    raw["targets"][1]["label"].pop("en")
    (demo_copy / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meta = (
        (demo_copy / "dataset.yaml").read_text(encoding="utf-8").replace("quebec-2019-2023", "strategy.yaml")
    )
    (demo_copy / "dataset.yaml").write_text(meta, encoding="utf-8")
    assert main(["validate", str(demo_copy), "--format", "json"]) == 0
    [warning] = [
        w for w in json.loads(capsys.readouterr().out)["warnings"] if w["rule"] == "strategy_untranslated"
    ]
    label = raw["targets"][1]["label"]["fr"]
    assert (
        f"2 textes de la stratégie n'ont pas de version anglaise (clé en)\u00a0: cible 1.2\u00a0: «\u00a0{label}\u00a0»"
        in (warning["message"])
    )
    assert f"target 1.2: '{label}'; '{raw['title']['fr']}'" in warning["message_en"]
    assert parse_strategy(RAW, "x.yaml").untranslated == ()  # the bundled strategy has every English text


BUNDLED = ROOT / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml"


def test_deadline_date_is_checked_against_the_deadline_period(tmp_path):
    """``deadline_date`` was read and never checked: 2024-03-31 beside ``deadline_period: 2022-2023`` passed."""
    text = BUNDLED.read_text(encoding="utf-8")
    assert load_strategy(BUNDLED).deadline_day.isoformat() == "2023-03-31"
    wrong = tmp_path / "strategie.yaml"
    wrong.write_text(text.replace("deadline_date: 2023-03-31", "deadline_date: 2024-03-31"), "utf-8")
    with pytest.raises(StrategyError) as err:
        load_strategy(wrong)
    message = plain(str(err.value))
    assert "strategie.yaml, clé deadline_date : 2024-03-31 tombe dans l'exercice 2023-2024" in message
    assert "deadline_period 2022-2023" in message and "key deadline_date" in message
    wrong.write_text(text.replace("deadline_date: 2023-03-31", "deadline_date: fin mars 2023"), "utf-8")
    with pytest.raises(StrategyError, match="deadline_date"):
        load_strategy(wrong)
    # absent, the deadline is the last day of the deadline's fiscal year
    wrong.write_text(text.replace("deadline_date: 2023-03-31\n", ""), "utf-8")
    assert load_strategy(wrong).deadline_day.isoformat() == "2023-03-31"


def test_validate_s_json_names_the_strategy_file_of_a_strategy_error(tmp_path, capsys):
    """`validate --format json` gave the dataset's folder as the file of « méthode de rythme inconnue », while
    its message named the strategy file: a tool reading the JSON pointed the analyst to the wrong file."""
    import json
    import shutil

    from barometre.cli import main
    from conftest import DEMO

    data = tmp_path / "demo"
    shutil.copytree(DEMO, data)
    text = (ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text(encoding="utf-8")
    (data / "strat.yaml").write_text(text.replace("pace_method: linear", "pace_method: lineaire"), "utf-8")
    meta = data / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("quebec-2019-2023", "strat.yaml"), "utf-8")
    assert main(["validate", str(data), "--format", "json"]) == 2
    (error,) = json.loads(capsys.readouterr().out)["errors"]
    assert error["rule"] == "invalid_strategy" and error["file"] == str(data / "strat.yaml")
    (data / "strat.yaml").unlink()  # a strategy file not found: named too
    assert main(["validate", str(data), "--format", "json"]) == 2
    (error,) = json.loads(capsys.readouterr().out)["errors"]
    assert error["rule"] == "invalid_strategy" and error["file"] == str(data / "strat.yaml")


def test_a_strategy_file_s_french_texts_get_no_break_spaces():
    """The service inventory's « Services demandés en ligne à plus de 75 % » (a plain space, as anyone types
    it) broke at the brief's line end, « % » alone on the next line. French texts of a strategy file bind
    « % : ; ! ? » and guillemets as the catalogue does; English texts are left as written."""
    from barometre.strategy import load_strategy

    gc = load_strategy("gc-services")
    label = gc.target("uptake").short("fr")
    assert label.endswith("75\u00a0%") and " %" not in label
    quebec = load_strategy("quebec-2019-2023")
    assert quebec.target("2.1").label("fr").startswith("50\u00a0% des services")
    assert " :" not in quebec.target("2.1").effect("fr")
    assert quebec.target("2.1").label("en") == quebec.target("2.1").label.en  # English as written
