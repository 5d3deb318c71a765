"""A strategy text without English, shown in French on the English pages, is marked French (WCAG
3.1.2): a screen reader read « 75 % des nouveaux services… » with an English voice."""

import datetime as dt
from pathlib import Path

import yaml
from barometre.api import results
from barometre.language_parts import mark_language
from conftest import ROOT
from markupsafe import escape

LABEL = "Services améliorés par l'évaluation citoyenne"


def test_only_the_page_s_text_is_marked():
    page = (
        '<html lang="en"><head><title>1.2 Services améliorés par l&#39;évaluation citoyenne</title>'
        '<script>{"title": "Services améliorés par l\'évaluation citoyenne"}</script></head><body>'
        '<h2><a href="#x" aria-label="Services améliorés par l&#39;évaluation citoyenne">1.2 — '
        "Services améliorés par l&#39;évaluation citoyenne</a></h2>"
        "<td>Services améliorés par l'évaluation citoyenne</td>"  # as pandas writes it
        '<p lang="fr">Services améliorés par l&#39;évaluation citoyenne</p>'
        "<select><option>Services améliorés par l&#39;évaluation citoyenne</option></select>"
        "<svg><text>Services améliorés par l&#39;évaluation citoyenne</text></svg></body></html>"
    )
    marked = mark_language(page, [LABEL], "fr")
    span = '<span lang="fr">'
    assert f"1.2 — {span}Services améliorés par l&#39;évaluation citoyenne</span></a>" in marked
    assert f"<td>{span}Services améliorés par l'évaluation citoyenne</span></td>" in marked
    assert marked.count(span) == 2  # not the title, script, attribute, French paragraph, option or SVG
    assert mark_language(page, ["1.2"], "fr") == page  # that short, it may be the page's own language
    # void elements, hreflang, a closing tag inside a script's text, an option without its end tag
    tricky = (
        '<link rel="alternate" hreflang="fr" href="x"><a hreflang="fr" href="x">Services améliorés par '
        'l&#39;évaluation citoyenne</a><script>var s = "</title>Services améliorés par l\'évaluation citoyenne";'
        "</script><select><option>Services améliorés par l&#39;évaluation citoyenne</select>"
        "<p>Services améliorés par l&#39;évaluation citoyenne</p>"
    )
    marked = mark_language(tricky, [LABEL], "fr")
    assert marked.count(span) == 2 and f"<p>{span}" in marked and f'href="x">{span}' in marked
    assert 'var s = "</title>Services améliorés par l\'évaluation citoyenne";</script>' in marked


def _without_english(demo_copy: Path) -> Path:
    raw = yaml.safe_load(
        (ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text(encoding="utf-8")
    )
    raw["targets"][1]["label"].pop("en")
    raw["targets"][1].pop("short_label", None)
    (demo_copy / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meta = (demo_copy / "dataset.yaml").read_text(encoding="utf-8")
    (demo_copy / "dataset.yaml").write_text(
        meta.replace("quebec-2019-2023", "strategy.yaml"), encoding="utf-8"
    )
    return demo_copy


def test_the_english_pages_mark_the_french_shown_for_want_of_english(demo_copy, tmp_path):
    from barometre.render import site
    from barometre.render.html import Provenance
    from barometre.render.pages import site_pages

    meta = (demo_copy / "dataset.yaml").read_text(encoding="utf-8")  # its English title left out too
    (demo_copy / "dataset.yaml").write_text(
        "\n".join(line for line in meta.splitlines() if not line.startswith("title_en")) + "\n",
        encoding="utf-8",
    )
    res = results(_without_english(demo_copy))
    (french,) = [text for *_, text in res.dataset.strategy.untranslated]
    escaped = str(escape(french))  # as Jinja writes it (« l&#39;évaluation »)
    # not the brief: WeasyPrint writes no /Lang for an element's lang, so a PDF's parts cannot be marked (yet)
    # a page of the site: the overview's card heading, as the notebook writes it
    overview = next(p for p in site_pages(res.dataset, "2022-2023", ["en"]) if p.kind == "overview")
    provenance = Provenance("demo", "quebec", {}, "")
    heading = f"<h3>1.2 — {escaped}</h3>"
    site._write_page(res.dataset, overview, "2022-2023", tmp_path, provenance, dt.datetime.now(dt.UTC), heading,
                     False, None, ["en"])  # fmt: skip
    written = (tmp_path / overview.key).read_text(encoding="utf-8")
    assert f'<h3>1.2 — <span lang="fr">{escaped}</span></h3>' in written
    title = str(escape(res.dataset.title_in("en")))  # the footer's dataset, French for want of title_en
    assert title.startswith("Baromètre de démonstration") and f'<span lang="fr">{title}</span>' in written


def test_a_dataset_title_and_source_without_english_are_marked_french():
    """dataset.yaml without title_en and source_en: the English footer said « Dataset: Baromètre de
    l'accélération… » under lang="en"."""
    from barometre.language_parts import french_shown
    from barometre.strategy import load_strategy

    quebec = load_strategy("quebec-2019-2023")
    meta = {"title": "Baromètre de l'accélération", "source": "Données d'essai", "licence": "CC0-1.0"}
    assert french_shown(quebec, meta) == ["Baromètre de l'accélération", "Données d'essai"]
    assert french_shown(quebec, {**meta, "title_en": "Acceleration barometer"}) == ["Données d'essai"]
    page = mark_language(
        "<li>Dataset: Baromètre de l&#39;accélération</li>", french_shown(quebec, meta), "fr"
    )
    assert page == '<li>Dataset: <span lang="fr">Baromètre de l&#39;accélération</span></li>'
