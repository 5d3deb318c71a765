"""Rows of a period not yet over are accepted with a warning: its figures are not final."""

import datetime as dt
import json
import shutil

import numpy as np
import pandas as pd
import yaml
from barometre.cli import main
from barometre.period_notes import period_end, unfinished_period_warnings
from barometre.strategy_model import fiscal_year_of
from conftest import DEMO, ROOT, rewrite_csv


def test_a_period_is_over_the_day_after_its_31_march():
    f = pd.DataFrame({"period": ["2026-2027", "2026-2027", "2025-2026"], "_row": [2, 3, 4]})
    accepted = np.array([True, False, True])  # a rejected row says its own error, not this
    assert period_end("2026-2027") == dt.date(2027, 3, 31) and period_end("2026") is None
    on_the_day = unfinished_period_warnings("obs.csv", f, accepted, dt.date(2027, 3, 31))
    assert [(w.row, w.column, w.value, w.rule) for w in on_the_day] == [
        (2, "period", "2026-2027", "unfinished_period")
    ]
    assert "se termine le 31\u00a0mars\u00a02027" in on_the_day[0].message
    assert "n'est pas terminée le 31\u00a0mars\u00a02027" in on_the_day[0].message
    assert "ends on March\u00a031, 2027" in on_the_day[0].message_en
    assert unfinished_period_warnings("obs.csv", f, accepted, dt.date(2027, 4, 1)) == []
    early = unfinished_period_warnings("obs.csv", f, accepted, dt.date(2026, 3, 31))
    assert len(early) == 2
    # what the reports will say: data as of that day, provisional (not « Données au 31 mars 2027 »)
    plain = early[0].message.replace("\u00a0", " ")
    assert "les rapports les diront provisoires, « Données au 31 mars 2026 »" in plain, plain
    assert "'Data as of March 31, 2026'" in early[0].message_en.replace("\u00a0", " ")


def test_validate_says_the_current_year_s_figures_are_not_final(tmp_path, capsys):
    """Figures for the fiscal year under way were accepted without a word (the brief said « Données au 31 mars
    2027 » beside « Produit le 6 décembre 2026 »). They are still accepted, exit 0, with a warning naming the
    rows, the period's end and what to check; the finished year before says nothing."""
    current = fiscal_year_of(dt.date.today())
    start = int(current[:4])
    data = tmp_path / "demo"
    shutil.copytree(DEMO, data)
    raw = yaml.safe_load(
        (ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text(encoding="utf-8")
    )
    later = [f"{y}-{y + 1}" for y in range(2023, start + 1)]
    raw["periods"] += later
    (data / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meta = data / "dataset.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("quebec-2019-2023", "strategy.yaml"), encoding="utf-8"
    )
    sizes = {}

    def add(rows):
        last = [r for r in rows if r["period"] == "2022-2023"]
        sizes.update(before=len(rows) + len(last) * (len(later) - 1), n=len(last))
        return rows + [{**r, "period": p} for p in later for r in last]

    rewrite_csv(data / "observations.csv", add)
    assert main(["validate", str(data), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows_rejected"] == 0
    said = [w for w in report["warnings"] if w["rule"] == "unfinished_period"]
    first = sizes["before"] + 2  # the header is row 1
    assert [w["row"] for w in said] == list(range(first, first + sizes["n"]))
    assert {w["value"] for w in said} == {current}
    assert f"se termine le 31\u00a0mars\u00a0{start + 1}" in said[0]["message"]


def test_the_site_and_its_brief_say_a_period_under_way_is_provisional_in_the_same_words(
    tmp_path, monkeypatch
):
    """The site of a period not over said nothing of it (its footer « Rapport produit le 6 décembre 2026 »
    alone), its brief « Données au 31 mars 2027 ». Every page has a banner, and the brief and the deck written
    with it say the same sentence, dated the day the site is made (the pages' UTC day)."""
    import sys
    import types

    from barometre.i18n import t
    from barometre.render import site
    from pptx import Presentation
    from pypdf import PdfReader

    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    from synthetic import write_dataset  # three organisations and ambition 3 alone: a small site

    made = dt.datetime(2023, 1, 15, 23, 30, tzinfo=dt.UTC)  # 2022-2023 is under way until 31 March 2023
    clock = types.SimpleNamespace(now=lambda tz=None: made)
    monkeypatch.setattr(site, "dt", types.SimpleNamespace(datetime=clock, UTC=dt.UTC))
    small = write_dataset(tmp_path / "small", organisations=3, ambitions=["3"])
    summary = site.render_site(small, tmp_path / "out", "2022-2023", langs=["fr", "en"], jobs=1)
    assert not summary.failed, summary.failed
    for lang, day, end in (("fr", "15\u00a0janvier\u00a02023", "31\u00a0mars\u00a02023"),
                           ("en", "January\u00a015, 2023", "March\u00a031, 2023")):  # fmt: skip
        said = t("period.under_way", lang, date=day, period="2022-2023", end=end)
        assert {"fr": "provisoires", "en": "provisional"}[lang] in said
        folder = tmp_path / "out" / "2022-2023" / lang
        for page in ("index.html", "ambition-3.html", "methodologie.html"):
            text = (folder / page).read_text(encoding="utf-8").replace("&#39;", "'")
            assert f'<p class="banner" role="note">{said}</p>' in text, page
        pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(folder / "brief.pdf").pages).split())
        assert " ".join(said.split()) in pdf
        deck = Presentation(str(folder / "presentation.pptx"))
        assert said in deck.slides[0].notes_slide.notes_text_frame.text
    # made again from the same data once the period is over: no page, brief or deck still says it is under
    # way (the pages were « inchangées » and kept their banner)
    made = dt.datetime(2023, 4, 3, 6, 0, tzinfo=dt.UTC)
    again = site.render_site(small, tmp_path / "out", "2022-2023", langs=["fr", "en"], jobs=1)
    assert not again.failed and not any(r.state == "skipped" for r in again.results), again.results
    for lang in ("fr", "en"):
        folder = tmp_path / "out" / "2022-2023" / lang
        for page in ("index.html", "ambition-3.html", "methodologie.html"):
            assert '<p class="banner" role="note">' not in (folder / page).read_text(encoding="utf-8"), page
        pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(folder / "brief.pdf").pages).split())
        assert {"fr": "provisoires", "en": "provisional"}[lang] not in pdf
