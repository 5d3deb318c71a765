"""Targets whose ids are words (the GC import's « uptake », « feedback », « end-to-end ») are named by their label.

French pages read « Cible uptake — … », the overview chart's axis « uptake, feedback, end-to-end », the brief
« uptake Services demandés en ligne… »: English words in French text, without ``lang="en"``. One rule
(:func:`barometre.target_words.id_is_word`) names them by their label in the page's language everywhere a
person reads them; a code (« 1.1 ») is shown as it was, and the downloads keep the ids.
"""

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from barometre import sections as s
from barometre.api import compute
from barometre.i18n import t
from barometre.strategy import load_strategy
from barometre.target_words import id_is_word, target_name, target_tag, with_id
from conftest import GC_RAW, deck_texts

pytestmark = pytest.mark.cost(6)  # CPU-seconds: the costliest start first (conftest)

# an English page's own words say « feedback » (« Services with online feedback »): its other two ids
WORD_IDS = {"fr": re.compile(r"(?<![\w-])(?:uptake|feedback|end-to-end)(?![\w-])"),
            "en": re.compile(r"(?<![\w-])(?:uptake|end-to-end)(?![\w-])")}  # fmt: skip
PERIOD = "2018-2019"


@pytest.fixture(scope="module")
def gc_data(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gc") / "data"
    files = sorted(GC_RAW.glob("*.csv"))
    bin_dir = Path(sys.executable).parent
    subprocess.run([bin_dir / "barometre", "import", "gc-service-inventory", *files, "--out", out],
                   check=True, capture_output=True)  # fmt: skip
    return out


@pytest.fixture(scope="module")
def gc(gc_data):
    return compute(gc_data)


class _Text(HTMLParser):
    """What a reader reads of a page: its text and its labels (aria-label, alt, title), outside lang="en"."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "col", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.langs: list[str | None] = []
        self.read: list[str] = []
        self.tags: list[str] = []

    def _english(self) -> bool:
        return next((lang for lang in reversed(self.langs) if lang), "") == "en"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if not self._english() or attrs.get("lang") not in (None, "en"):
            self.read += [attrs[k] or "" for k in ("aria-label", "alt", "title") if k in attrs]
        if tag not in self.VOID:
            self.langs.append(attrs.get("lang"))
            self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.langs:
            self.langs.pop()
            self.tags.pop()

    def handle_data(self, data):  # a chart's spec is data (its encodings: test_the_overview_chart…)
        if not self._english() and not (self.tags and self.tags[-1] in ("script", "style")):
            self.read.append(data)


def read_text(html: str) -> str:
    parser = _Text()
    parser.feed(str(html))
    return " ".join(parser.read)


def test_one_rule_tells_a_word_from_a_code():
    quebec = load_strategy("quebec-2019-2023")
    gc = load_strategy("gc-services")
    assert not any(id_is_word(i) for i in ("1.1", "6.2", "D4", "C", "A1", "4.10"))
    assert all(id_is_word(i) for i in ("uptake", "feedback", "end-to-end", "bis", "services2"))
    # an item inserted after 6.1: its page heading read « 60 % des organisations… », no « Cible 6.1 bis — »
    assert not any(id_is_word(i) for i in ("6.1 bis", "6.1bis", "4-ter", "2.3 Quater"))
    assert with_id("6.1 bis", "Libellé", "fr") == t("chart.target_title", "fr", id="6.1 bis", label="Libellé")
    one = quebec.target("1.1")
    assert target_tag(one, "fr") == "1.1" and target_name(quebec, "1.1", "fr") == "1.1"
    assert with_id("1.1", "Libellé", "fr") == t("chart.target_title", "fr", id="1.1", label="Libellé")
    uptake = gc.target("uptake")
    assert target_tag(uptake, "fr") == "Services demandés en ligne à plus de 75\u00a0%"
    assert target_tag(uptake, "en") == "Services over 75% applied for online"
    assert target_name(gc, "uptake", "fr") == "«\u00a0Services demandés en ligne à plus de 75\u00a0%\u00a0»"
    assert with_id("uptake", "Libellé", "fr") == "Libellé"
    assert with_id("1.1", "Libellé", "fr", "{id} ({label})") == "1.1 (Libellé)"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_gc_pages_name_no_target_by_an_english_word(gc, gc_data, lang):
    """« Cible uptake — Part des services… », « uptake » in each table's first column and on the overview
    chart's axis, « Graphique linéaire de la cible uptake (…) », « Cible uptake : évolution … » in captions and
    aria-labels: each now names the target by its label in the page's language."""
    ctx = s.ReportContext(gc, PERIOD, lang)
    overview = [s.page_header(ctx), s.global_index(ctx), s.messages(ctx), s.overview_figure(ctx),
                s.target_cards(ctx), s.coverage(ctx)]  # fmt: skip
    ambitions = [s.target_section(ctx, tg) for tg in ctx.strategy.targets]
    code = ctx.ds.sample["code"].iloc[0]
    others = [s.methodology(ctx), s.organisation_summary(ctx, code), s.organisation_figure(ctx, code)]
    for block in [*overview, *ambitions, *others]:
        html = str(block)
        assert not WORD_IDS[lang].search(read_text(html)), WORD_IDS[lang].findall(read_text(html))
    uptake = ctx.strategy.target("uptake")
    section = read_text(ambitions[0])
    assert uptake.label(lang) in section and t("chart.trend.title", lang, id=ctx.name("uptake")) in section
    assert f"{t('word.target', lang)} uptake" not in section


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_overview_chart_reads_labels_on_its_axis(gc, lang):
    """The overview chart's axis listed « uptake, feedback, end-to-end » (its tooltip too)."""
    from barometre.charts import overview_chart

    spec = overview_chart(gc, PERIOD, lang).to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    values = {str(row.get("target")) for rows in spec["datasets"].values() for row in rows}
    assert not values & {"uptake", "feedback", "end-to-end"}
    shorts = [tg.short(lang) for tg in gc.dataset.strategy.targets]
    assert set(shorts) <= values and json.dumps(shorts, ensure_ascii=False) in text  # the axis' order


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_brief_and_the_deck_name_no_target_by_an_english_word(gc, lang):
    """The brief's table read « uptake Services demandés en ligne à plus de 75 % », its chart's axis
    « uptake », its list of missing reports « uptake : 12 organisations sur 71 »; the deck the same."""
    from barometre.brief import build_content
    from barometre.brief.deck import build_deck
    from barometre.brief.pdf import brief_html

    content = build_content(gc, PERIOD, lang)
    html = brief_html(content, "test")
    assert not WORD_IDS[lang].search(read_text(html)), WORD_IDS[lang].findall(read_text(html))
    assert content.rows[0].titled == content.rows[0].label and content.rows[0].tag == content.rows[0].label
    deck = build_deck(content)
    said = deck_texts(deck)
    assert not WORD_IDS[lang].search("\n".join(said)), WORD_IDS[lang].findall("\n".join(said))


def test_the_explorer_names_no_target_by_an_english_word(gc):
    """The explorer's target menu read « uptake — … », its chart « Cible uptake : … »."""
    from barometre.explorer import Explorer

    ex = Explorer(gc, lang="fr")
    ex.select_target("uptake")
    options = [label for label, _ in ex.target.options]
    assert not any(WORD_IDS["fr"].search(o) for o in options), options
    assert "uptake" not in ex.target_name and ex.target.value == "uptake"
    chart = json.dumps(ex.current_chart().to_dict(), ensure_ascii=False)
    title = t("explorer.chart.title", "fr", id=ex.target_name, series=ex.series_label)
    assert title in chart and "Cible uptake" not in chart


def test_the_downloads_keep_the_ids(gc_data):
    """Machine-readable files are read by programs: their target column keeps « uptake »."""
    from barometre.api import results
    from barometre.render.data_export import period_tables

    raw = results(gc_data, up_to=PERIOD)
    tables = period_tables(raw.dataset, raw, PERIOD)
    assert set(tables["indicateurs"]["target"]) == {"uptake", "feedback", "end-to-end"}


def test_an_organisation_s_table_names_a_word_id_target_once(gc):
    """The organisation's table put the target's label under its id: for a word id, its short label then its
    label (« Services demandés en ligne à plus de 75 % Part des services dont… »), long on a phone."""
    from barometre.sections_organisation import organisation_table, shown_table
    from markupsafe import escape

    ctx = s.ReportContext(gc, PERIOD, "fr")
    code = str(gc.by_organisation.loc[gc.by_organisation["period"] == PERIOD, "organisation"].iloc[0])
    cells = shown_table(organisation_table(ctx, code), "fr").iloc[:, 0].tolist()
    labels = [tg.label("fr") for tg in gc.dataset.strategy.targets]
    assert [str(c) for c in cells] == [f'<span class="target-label">{escape(x)}</span>' for x in labels], (
        cells
    )


def test_the_brief_s_other_status_changes_name_a_word_id_by_its_label(demo_copy):
    """« Et 4 autres changements de statut : cibles 1.3, 2.1, uptake, end-to-end »: the ids folded into the
    brief's last line of what changed are named as its other lines name them, a word id by its label."""
    import dataclasses

    import yaml
    from barometre.api import results
    from barometre.brief import build_content
    from conftest import ROOT, rewrite_csv

    words = {"4.1": "uptake", "4.2": "end-to-end"}  # a strategy whose ids are words, with target values
    text = yaml.safe_dump(
        yaml.safe_load((ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text(encoding="utf-8")),
        allow_unicode=True,
    )
    for code, word in words.items():
        text = text.replace(f"'{code}'", word)
    (demo_copy / "strategy.yaml").write_text(text, encoding="utf-8")
    meta = demo_copy / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("quebec-2019-2023", "strategy.yaml"), "utf-8")
    for name in ("observations.csv", "plans.csv"):
        rewrite_csv(demo_copy / name, lambda rows: [{**r, "target": words.get(r["target"], r["target"])}
                                                    for r in rows])  # fmt: skip
    res = results(demo_copy)
    assert set(words.values()) <= set(res.dataset.strategy.target_ids)
    ind = res.indicators.copy()
    res = dataclasses.replace(res, indicators=ind)
    previous, period = "2021-2022", "2022-2023"
    ind.loc[ind["period"] == previous, "status"] = "acceleration_needed"
    now = ind["period"] == period
    ind.loc[now, "status"] = "on_track"  # six up: 1.1, 1.2, 1.3, 2.1, uptake, end-to-end
    ind.loc[now & ind["target"].isin(["5.1", "6.1"]), "status"] = "deterioration"  # listed first
    ind.loc[now & ind["target"].eq("3.1"), "status"] = "target_achieved"  # always listed
    ind.loc[now & ind["target"].eq("5.2"), "status"] = "acceleration_needed"  # unchanged
    strategy = res.dataset.strategy
    for lang in ("fr", "en"):
        last = build_content(res, period, lang).changes[-1]
        ids = ", ".join(["1.3", "2.1", *(target_name(strategy, word, lang) for word in words.values())])
        where = t("brief.changes.where", lang, previous=previous)
        assert last == t("brief.more_changes", lang, n=4, ids=ids, where=where), last
        assert not WORD_IDS["fr"].search(last), last


def test_the_type_the_gc_import_gives_its_departments_reads_in_english(gc_data):
    """The English explorer's type list read « Ministère ou organisme fédéral », the one type the import
    gives every department: a French label the catalogue did not know, shown as written."""
    import csv

    from barometre.aliases import organisation_type_options

    with (gc_data / "organisations.csv").open(encoding="utf-8") as fh:
        kinds = sorted({row["type"] for row in csv.DictReader(fh)})
    assert kinds, "no type in the import: nothing to name in English"
    assert organisation_type_options(kinds, "en") == [("Federal department or agency", k) for k in kinds]
    assert organisation_type_options(kinds, "fr") == [("Ministère ou organisme fédéral", k) for k in kinds]
