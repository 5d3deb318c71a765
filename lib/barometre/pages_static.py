"""Pages built without a notebook: the organisations index and the archive (the downloads: pages_downloads)."""

from __future__ import annotations

import unicodedata
from importlib import resources

import pandas as pd
from markupsafe import Markup, escape

from .aliases import organisation_type_options, sort_key
from .blocks import HTML, heading, paragraph, tag
from .dataset import Dataset
from .exclusions import filed_unusable, left_out_cells
from .i18n import LANGUAGES, t
from .organisation_periods import unreported
from .paths import file_stem
from .strategy_model import fiscal_year_start
from .target_words import names as target_names

FILTER_SCRIPT = """(function () {
  var q = document.getElementById('org-q'), type = document.getElementById('org-type');
  var count = document.getElementById('org-count');
  function fold(x) { return x.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase(); }
  function apply() {
    var words = fold(q.value).split(/\\s+/).filter(Boolean), kind = type ? type.value : '', shown = 0;
    document.querySelectorAll('.org-group').forEach(function (group) {
      var visible = 0;
      group.querySelectorAll('li[data-name]').forEach(function (li) {
        var text = li.getAttribute('data-name');
        var ok = (!kind || li.getAttribute('data-type') === kind) &&
          words.every(function (w) { return text.indexOf(w) >= 0; });
        li.hidden = !ok; visible += ok;
      });
      group.hidden = !visible; shown += visible;
    });
    document.querySelectorAll('.letters a').forEach(function (a) {  // no letter that leads to nothing
      a.parentNode.hidden = document.getElementById(a.getAttribute('href').slice(1)).parentNode.hidden;
    });
    var form = shown === 0 ? 'data-zero' : shown === 1 ? 'data-one' : 'data-many';  // each language's plural
    count.textContent = count.getAttribute(form).replace('#', shown);
  }
  q.addEventListener('input', apply);
  if (type) { type.addEventListener('change', apply); }
})();"""


def _fold(text: str) -> str:
    """Lower case without accents, for grouping and searching."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def organisation_index(ds: Dataset, period: str, lang: str) -> HTML:
    """The organisation pages in alphabetical groups, with a search box and a filter by type.

    Without JavaScript the grouped list and the letter index still work; the search
    and the type filter hide the entries that do not match.
    """
    reported = ds.observations[ds.observations["period"] <= period]
    counts = reported[reported["period"] == period].groupby("organisation").size()
    # expected: not those created later or abolished before; by target, those that did not report it (the full
    # list the brief's « Déclarations manquantes » points to), turned into each organisation's targets
    expected, by_target, rejected = unreported(ds, period)
    existing, missed, unfilled = set(expected), {}, {}
    cells = left_out_cells(ds.exclusions, period)  # filed, every unit left out: not « non déclarée »
    for target, codes in by_target.items():
        for code in codes:
            (unfilled if (code, target) in cells else missed).setdefault(code, []).append(target)
    refused: dict[str, list[str]] = {}  # reported but rejected at validation: not « non déclarée »
    for target, codes in rejected.items():
        for code in codes:
            refused.setdefault(code, []).append(target)
    seen = set(reported["organisation"])
    year = fiscal_year_start(period)  # rows rejected up to the period: reported, none counted
    tried = {org for p, org, _ in ds.rejected_keys if year is not None and fiscal_year_start(p) <= year}
    by_code = ds.organisations.set_index("code")
    types = by_code["type"] if "type" in by_code else None
    # listed and not expected: abolished before the period (rows before an organisation's creation are
    # rejected at load); « 0 cible déclarée » read as a failure to report
    until = by_code["until_period"] if "until_period" in by_code else pd.Series(dtype=object)
    entries = []
    silent = []  # in the sample and existing in the period, nothing reported up to it: no page, but named
    refused_only = []  # the same, but reported rows all rejected at validation
    unusable = []  # the same, but filed units all left out for want of a usable value (exclusions.csv)
    filed = filed_unusable(ds.exclusions, period, seen, up_to=True)
    for code in ds.sample["code"]:
        if code not in seen:
            if code in existing:
                kept = refused_only if code in tried else unusable if code in filed else silent
                kept.append(ds.organisation_name(code, lang))
            continue
        name = ds.organisation_name(code, lang)
        kind = "" if types is None or pd.isna(types.get(code)) else str(types.get(code))
        missing = missed.get(code, [])
        entries.append(
            (_fold(name), code, name, kind, missing, refused.get(code, []), unfilled.get(code, []))
        )
    entries.sort(key=lambda e: (sort_key(e[2]), e[1]))  # « n° 2 » before « n° 10 »
    groups: dict[str, list[Markup]] = {}

    def listed(key: str, targets: list[str]) -> str:
        """« ; non déclarées : … » naming ``targets`` as the page's language names them, "" when none."""
        return (
            t(key, lang, n=len(targets), ids=", ".join(target_names(ds.strategy, targets, lang)))
            if targets
            else ""
        )

    for folded, code, name, kind, missing, rejected, unusable_for in entries:
        letter = folded[:1].upper() if folded[:1].isalpha() else "#"
        groups.setdefault(letter, []).append(
            tag(
                "li",
                tag("a", name, href=f"{file_stem(code)}.html"),
                " — ",
                # « 8 cibles déclarées ; déclarées mais rejetées : 1.2, 5.1 » of 10 reported: 8 counted
                t(
                    "orgindex.targets_" + ("counted" if rejected else "reported"),
                    lang,
                    n=int(counts.get(code, 0)),
                    period=period,
                )  # fmt: skip
                if code in existing
                else t("orgindex.ended", lang, until=until.get(code, ""), period=period),
                listed("orgindex.not_reported", missing),
                listed("orgindex.rejected", rejected),
                listed("orgindex.unusable_targets", unusable_for),
                data_name=f"{folded} {code.lower()}",
                data_type=kind or None,
            )
        )
    kinds = {entry[3] for entry in entries if entry[3]}  # each organisation's type
    controls = [
        tag("span", tag("label", t("site.orgindex.search", lang), for_="org-q"),
            Markup('<input id="org-q" type="search" autocomplete="off">'), class_="field"),
    ]  # fmt: skip
    if len(kinds) > 1:
        options = [tag("option", t("site.orgindex.all_types", lang), value="")]
        options += [tag("option", label, value=k) for label, k in organisation_type_options(kinds, lang)]
        controls.append(tag("span", tag("label", t("site.orgindex.type", lang), for_="org-type"),
                            tag("select", *options, id="org-type"), class_="field"))  # fmt: skip
    controls.append(
        tag(
            "p",
            t("site.orgindex.count", lang, n=len(entries)),
            id="org-count",
            aria_live="polite",
            data_zero=t("site.orgindex.script_count", lang, n=0, shown="#"),
            data_one=t("site.orgindex.script_count", lang, n=1, shown="#"),
            data_many=t("site.orgindex.script_count", lang, n=2, shown="#"),
        )  # fmt: skip
    )
    letters = tag(
        "nav",
        tag("ul", *[tag("li", tag("a", letter, href=f"#lettre-{letter}")) for letter in groups]),
        class_="letters",
        aria_label=t("site.orgindex.letters", lang),
    )
    sections = [
        tag(
            "section",
            tag("h2", letter, id=f"lettre-{letter}"),
            tag("ul", *items, class_="org-list"),
            class_="org-group",
            aria_labelledby=f"lettre-{letter}",
        )  # fmt: skip
        for letter, items in groups.items()
    ]
    without = Markup("")
    for key, codes in (("without_data", silent), ("only_rejected", refused_only), ("unusable", unusable)):
        if codes:
            names = ", ".join(sorted(codes, key=_fold))
            without += paragraph(t(f"orgindex.{key}", lang, n=len(codes), period=period, names=names)).html
    return HTML(
        Markup("").join(
            [
                heading(t("nav.organisations", lang), 1).html,
                paragraph(t("orgindex.intro", lang)).html,
                without,
                tag(
                    "form",
                    *controls,
                    class_="org-filter",
                    role="search",
                    aria_label=t("site.orgindex.filter", lang),
                    onsubmit="return false",
                ),  # fmt: skip
                letters,
                *sections,
                Markup(f"<script>{FILTER_SCRIPT}</script>"),
            ]
        )
    )


def archive_page(
    entries: list[tuple[str, list[str]]],
    css_href: str | None = None,
    extra: Markup | str = "",
    dates: dict[str, Markup] | None = None,
) -> str:
    """``reports/index.html``: every rendered period and language, newest first (bilingual).

    ``css_href`` links the shared stylesheet (without it the CSS is inlined); ``extra`` is
    HTML appended to the page (the last scheduled publications); ``dates`` gives, by period, when it was
    first published and last revised.
    """
    if css_href:
        style = f'<link rel="stylesheet" href="{escape(css_href)}">'
    else:
        css = resources.files("barometre").joinpath("assets/style.css").read_text("utf-8")
        style = f"<style>{css}</style>"
    rows = []
    for period, langs in entries:
        links = Markup(" · ").join(
            tag("a", t("archive.lang_" + lang, "fr"), href=f"{period}/{lang}/index.html", hreflang=lang)
            for lang in langs
            if lang in LANGUAGES
        )
        when = (dates or {}).get(period)
        rows.append(tag("li", tag("strong", period), " — ", links, *([" — ", when] if when else [])))
    body = tag("ul", *rows) if rows else paragraph(t("archive.empty", "fr")).html
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(t('archive.title', 'fr'))}</title>{style}</head>\n<body>"
        f'<header class="site"><div class="bar"><span class="brand">{escape(t("site.title", "fr"))}</span></div></header>'
        f'<main id="contenu"><h1>{escape(t("archive.title", "fr"))}</h1>'
        f"<p>{escape(t('archive.intro', 'fr'))}</p>"
        f'<p lang="en">{escape(t("archive.intro", "en"))}</p>{body}{Markup(extra)}</main></body></html>\n'
    )
