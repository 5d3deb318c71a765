"""The data behind the explorer's selection: the comparison series, the table and who has no data.

Plain functions of the results and of the chosen target, period, view and
organisations, so that :class:`barometre.explorer.Explorer` only reads its widgets.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

import pandas as pd

from . import charts
from .aliases import name_key, organisation_type, organisation_type_options, sort_key
from .api import Results
from .charts.base import to_table
from .charts.coverage import not_counted_words, uncounted_periods
from .deadline_shown import DEADLINE_MISSED, NOT_REACHED, status_note
from .explorer_charts import government_series
from .explorer_export import TABLE_SPEC
from .i18n import format_number, format_percent, t
from .organisation_periods import expected, span_fields, unreported
from .target_words import target_name

NO_DATA = "__no_data__"  # status of an expected organisation that did not report (table only)
REJECTED = (
    "__rejected__"  # status of one that reported, but whose row was rejected at validation (table only)
)


def type_options(sample: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """The organisation types of ``sample`` as (label in ``lang``, value) options, as the site's index."""
    types = {str(x) for x in sample.get("type", pd.Series(dtype=object)).dropna() if str(x).strip()}
    return organisation_type_options(types, lang)


def period_type_options(results: Results, period: str, chosen: str, lang: str) -> list[tuple[str, str]]:
    """Options of the type list in ``period``: every type (``""``), then the types of its organisations.

    Only the types some organisation existing in ``period`` has; with none, the first option says so
    (« Tous (aucun type renseigné en 2019-2020) »). A ``chosen`` type without organisations then stays
    listed, saying it: « Organisme (aucune organisation en 2019-2020) ».
    """
    options = type_options(expected(results.dataset.organisations, period), lang)
    everything = t("explorer.org_type.all" if options else "explorer.org_type.none", lang, period=period)
    if chosen and chosen not in {v for _, v in options}:
        label = organisation_type_options([chosen], lang)[0][0]
        options = [*options, (t("explorer.org_type.empty", lang, type=label, period=period), chosen)]
    return [(everything, ""), *options]


def no_type_message(results: Results, org_type: str, period: str, lang: str) -> str:
    """« Aucune organisation de type « organisme » en 2019-2020… » ('' without a type, or with some)."""
    if not org_type or type_codes(results, org_type, period):
        return ""
    return t("explorer.org_type.none_in_period", lang, type=organisation_type(org_type, lang), period=period)


def type_codes(results: Results, org_type: str, period: str | None = None) -> list[str]:
    """Codes of the expected organisations of type ``org_type`` (``""``: every one), in ``period`` if given."""
    sample = expected(results.dataset.organisations, period)
    if org_type and "type" in sample:
        sample = sample[sample["type"].astype(str) == org_type]
    return list(sample["code"])


def organisation_options(
    results: Results,
    codes: Sequence[str],
    lang: str,
    query: str = "",
    keep: Sequence[str] = (),
    period: str | None = None,
) -> list[tuple[str, str]]:
    """(name, code) options of ``codes`` whose name or code holds ``query``, and the chosen ``keep``.

    In French alphabetical order (« École… » with the E, not after « Tribunal… »); case and accents are
    ignored in the search (« ecole » finds « École »), and its words are found in any order (« iles madeleine »
    finds « Îles-de-la-Madeleine »); a chosen organisation stays listed whatever the query,
    and one that is not among ``codes`` with what keeps it out beside its name: its periods when it does not
    exist in the chosen period (« Ministère du Numérique (à partir de 2022-2023) »), else (it exists in
    ``period``, of another type than the one chosen) its type: « Ministère… (type « ministère ») ».
    """
    name = results.dataset.organisation_name
    found = set(search_matches(results, codes, lang, query))
    pairs = [(name(c, lang), c) for c in codes if c in found or c in keep]
    listed = set(codes)
    absent = set(not_existing(results, keep, period)) if period is not None else set(keep)
    pairs += [
        (name_with_span(results, c, lang) if c in absent else name_with_type(results, c, lang), c)
        for c in keep
        if c not in listed
    ]
    return sorted(pairs, key=lambda p: (sort_key(p[0]), p[0]))


def search_matches(results: Results, codes: Sequence[str], lang: str, query: str) -> list[str]:
    """The ``codes`` whose name has a word starting with each word of ``query``, or whose code holds it.

    Case and accents are ignored, the words are found in any order, and all codes match an empty query.
    """
    name = results.dataset.organisation_name
    wanted = name_key(query.strip())
    # each word, wherever it is in the name: « iles madeleine » finds « Îles-de-la-Madeleine »; a word starts
    # one of the name's (« ice » found « Justice » and every « Office »); a letter alone is an elided article
    # (« l'île » found « silence » through its « l » and « ile »)
    words = [w for w in _words(wanted) if len(w) > 1]
    return [
        c
        for c in codes
        if not words
        or all(any(n.startswith(w) for n in _words(name_key(name(c, lang)))) for w in words)
        or wanted in name_key(c)
    ]


def _words(text: str) -> list[str]:
    """The words of ``text`` (between spaces, hyphens, apostrophes and other punctuation)."""
    return [w for w in re.split(r"[\W_]+", text) if w]


def search_note(
    results: Results, codes: Sequence[str], lang: str, query: str, others: Sequence[str] = ()
) -> str:
    """What the search found, said under its box ('' with no query).

    « 3 organisations correspondent à « ecole » … », or that none does and what to try: the list went empty
    without a word. ``others``: the organisations the Type filter leaves out; those matching are counted, as
    hidden by the filter (« Bibli » under « Ministère » said none matched, « Bibliothèque… » an organisme).
    """
    if not query.strip():
        return ""
    n = len(search_matches(results, codes, lang, query))
    hidden = len(search_matches(results, [c for c in others if c not in set(codes)], lang, query))
    if hidden:
        key = "explorer.search.hidden" if n else "explorer.search.none_of_type"
        said = t("explorer.search.found", lang, n=n, query=query.strip()) + " " if n else ""
        return said + t(key, lang, n=hidden, query=query.strip(), all=t("explorer.org_type.all", lang))
    return t("explorer.search.found" if n else "explorer.search.none", lang, n=n, query=query.strip())


def name_with_type(results: Results, code: str, lang: str) -> str:
    """An organisation's name and its type: « Ministère fictif de la Santé numérique (type « ministère ») »."""
    orgs = results.dataset.organisations
    kinds = orgs.loc[orgs["code"] == code, "type"] if "type" in orgs else pd.Series(dtype=object)
    kind = next((str(k) for k in kinds.dropna() if str(k).strip()), "")
    if not kind:  # « (type « — ») » read badly: the name alone
        return results.dataset.organisation_name(code, lang)
    return t("explorer.other_type", lang, name=results.dataset.organisation_name(code, lang),
             type=organisation_type(kind, lang))  # fmt: skip


def span_label(results: Results, code: str, lang: str) -> str:
    """The periods an organisation exists in, from organisations.csv (« à partir de 2022-2023 »)."""
    fields = span_fields(pd.Series({"organisation": code}), results.dataset.organisations)
    wording = fields["message"].rsplit("_", 1)[-1]
    return t(f"explorer.span.{wording}", lang, **fields)


def name_with_span(results: Results, code: str, lang: str) -> str:
    """An organisation's name and the periods it exists in: « Ministère du Numérique (à partir de 2022-2023) »."""
    return f"{results.dataset.organisation_name(code, lang)} ({span_label(results, code, lang)})"


def not_existing(results: Results, codes: Sequence[str], period: str) -> list[str]:
    """Those of ``codes`` that do not exist in ``period`` (created after it, or abolished before)."""
    existing = set(type_codes(results, "", period))
    return [c for c in codes if c not in existing]


def table_codes(results: Results, chosen: Sequence[str], org_type: str, period: str) -> list[str]:
    """Organisations of the table: the ``chosen`` ones that exist in ``period``; none chosen: the type's."""
    if not chosen:
        return type_codes(results, org_type, period)
    absent = set(not_existing(results, chosen, period))
    return [c for c in chosen if c not in absent]


def not_existing_message(results: Results, codes: Sequence[str], period: str, lang: str) -> str:
    """What the chosen ``codes`` that do not exist in ``period`` still show, and what not ('' when none)."""
    absent = not_existing(results, codes, period)
    if not absent:
        return ""
    names = ", ".join(name_with_span(results, c, lang) for c in absent)
    return t("explorer.not_existing", lang, names=names, n=len(absent), period=period)


def organisations_without_data(
    results: Results, target_id: str, period: str, codes: Sequence[str]
) -> list[str]:
    """Those of ``codes`` without a value for the target and period."""
    by_org = results.by_organisation
    rows = by_org[(by_org["target"] == target_id) & (by_org["period"] == period) & by_org["value"].notna()]
    return [c for c in codes if c not in set(rows["organisation"])]


def rejected_codes(results: Results, target_id: str, period: str, codes: Sequence[str]) -> list[str]:
    """Those of ``codes`` that reported the target in ``period``, but whose rows were all rejected at validation.

    As the brief and the site count them (:func:`.organisation_periods.unreported`): they did report, so they
    are never « Aucune donnée déclarée ».
    """
    if not codes or not results.dataset.rejected_keys:  # every redraw asks: nothing to look up, most often
        return []
    refused = set(unreported(results.dataset, period)[2].get(str(target_id), ()))
    return [c for c in codes if c in refused]


def rejected_rows_note(results: Results, lang: str) -> str:
    """« Attention : 3 lignes rejetées ; « barometre validate … » dit lesquelles et pourquoi. » ('' when none)."""
    ds = results.dataset
    n = ds.report.rows_rejected
    if not n:
        return ""
    return t("data.warning.rejected", lang, n=format_number(n, lang), folder=shlex.quote(str(ds.path)))


def no_data_message(
    results: Results, target_id: str, period: str, organisations: Sequence[str], org_type: str, lang: str
) -> str:
    """« Aucune donnée déclarée pour… » naming what has no data in the selection ('' when all has).

    ``organisations`` are the chosen ones; with none chosen, those of type ``org_type`` count. Chosen ones
    that do not exist in ``period`` are said apart (see :func:`not_existing_message`), and so are those whose
    report was rejected at validation (« Déclaration rejetée à la validation pour… »).
    """
    chosen = table_codes(results, organisations, org_type, period)
    missing = organisations_without_data(results, target_id, period, chosen)
    rejected = rejected_codes(results, target_id, period, missing)
    where = dict(id=target_name(results.dataset.strategy, target_id, lang), period=period)
    name = results.dataset.organisation_name
    refused = (
        t("explorer.rejected.organisations", lang, n=len(rejected),
          names=", ".join(name(c, lang) for c in rejected), **where)
        if rejected
        else ""
    )  # fmt: skip
    silent = [c for c in missing if c not in rejected]
    every = bool(chosen) and len(missing) == len(chosen)
    if every and not organisations:  # the type's said in one sentence, those refused named after it
        # « Tous les types »: no type to name (it read « de type « — » »)
        none = t("explorer.no_data.type", lang, type=org_type, **where) if org_type else ""
        return " ".join(m for m in (none or t("explorer.no_data.any", lang, **where), refused) if m)
    absent = not_existing_message(results, organisations, period, lang)
    unreported_ = ""
    if silent and (organisations or every):  # none chosen: the type's said only when none of them has data
        names = ", ".join(name(c, lang) for c in silent)
        unreported_ = t("explorer.no_data.organisations", lang, names=names, **where)
    return " ".join(m for m in (absent, unreported_, refused) if m)


def comparison_data(
    results: Results, target_id: str, view: str, codes: Sequence[str], series_label: str, lang: str
) -> pd.DataFrame:
    """Tidy data of the comparison chart: ``period``, ``series``, ``kind``, ``code``, ``value``, ``counted``.

    ``kind`` is ``government`` (under ``view``, named ``series_label``) or
    ``organisation`` (one series per organisation of ``codes``). ``counted`` is False for the government
    in a period that does not count (coverage under the threshold, whatever the view), as the site says it.
    """
    gov = government_series(results, target_id, view)
    gov["counted"] = ~gov["period"].isin(uncounted_periods(results, target_id))
    parts = [gov.assign(series=series_label, kind="government", code="")[
        ["period", "series", "kind", "code", "value", "counted"]
    ]]  # fmt: skip
    by_org = results.by_organisation
    own = by_org[(by_org["target"] == target_id) & by_org["organisation"].isin(codes)]
    for code in codes:
        rows = own[own["organisation"] == code]
        name = results.dataset.organisation_name(code, lang)
        parts.append(
            rows.assign(series=name, kind="organisation", code=code, counted=True)[
                ["period", "series", "kind", "code", "value", "counted"]
            ]
        )
    return pd.concat(parts, ignore_index=True)


def not_counted_note(results: Results, target_id: str, series_label: str, lang: str) -> str:
    """« Gouvernement (agrégé), 2022-2023 (non comptabilisée : …). » for the chart's text ('' when all count)."""
    periods = uncounted_periods(results, target_id)
    if not periods:
        return ""
    said = t("punct.semicolon", lang).join(
        f"{p} {not_counted_words(results.dataset.strategy, lang)}" for p in periods
    )
    return f"{series_label}{t('punct.colon', lang)}{said}."


def selection_table(
    results: Results,
    target_id: str,
    period: str,
    view: str,
    chosen: Sequence[str],
    coverage: str,
    series_label: str,
    lang: str,
    formatted: bool = False,
) -> pd.DataFrame:
    """Table of one period and target: the government row, then the ``chosen`` organisations.

    With ``coverage == "expected"``, chosen organisations without a row are listed
    without a value. Columns (in the language): series, code, value, numerator,
    denominator, organisation's target, status.
    """
    gov = government_series(results, target_id, view)
    gov = gov[gov["period"] == period]
    ind = results.indicators
    official = ind[(ind["target"] == target_id) & (ind["period"] == period)]
    rows = [
        {
            "series": series_label,
            "code": "",
            "value": float(gov["value"].iloc[0]) if len(gov) else float("nan"),
            "numerator": float(official["numerator"].iloc[0])
            if view == "pooled" and len(official)
            else float("nan"),
            "denominator": float(official["denominator"].iloc[0])
            if view == "pooled" and len(official)
            else float("nan"),
            "target_value": float(official["target_value"].iloc[0]) if len(official) else float("nan"),
            "status_label": charts.status_label(official["status"].iloc[0], lang)
            if view == "pooled" and len(official)
            else "",
            # the code, for the table to leave out a column of « Sans cible chiffrée » on every row
            "status": official["status"].iloc[0] if view == "pooled" and len(official) else "",
        }
    ]
    by_org = results.by_organisation
    orgs = by_org[(by_org["target"] == target_id) & (by_org["period"] == period)]
    orgs = orgs[orgs["organisation"].isin(chosen)]
    if coverage == "expected":  # expected organisations without a row: listed, no value
        absent = [c for c in chosen if c not in set(orgs["organisation"])]
        refused = set(rejected_codes(results, target_id, period, absent))  # reported, but rejected
        status = [REJECTED if c in refused else NO_DATA for c in absent]
        orgs = pd.concat([orgs, pd.DataFrame({"organisation": absent, "status": status})], ignore_index=True)
    words = {NO_DATA: t("explorer.no_data.status", lang), REJECTED: t("explorer.rejected.status", lang)}
    orgs = orgs.assign(
        series=orgs["organisation"].map(lambda c: results.dataset.organisation_name(c, lang)),
        code=orgs["organisation"],
        status_label=orgs["status"].map(lambda s: words.get(s) or charts.status_label(s, lang)),
    ).sort_values(["value", "series"], ascending=[False, True])
    frame = pd.concat(
        [
            pd.DataFrame(rows),
            orgs[
                [
                    "series",
                    "code",
                    "value",
                    "numerator",
                    "denominator",
                    "target_value",
                    "status_label",
                    "status",
                ]
            ],
        ],
        ignore_index=True,
    )
    # the target as the pages read it: « au plus 25 % » to go down to; an organisation's threshold to
    # pass, « plus de 50 % » (the government row's target is its own value)
    target = results.dataset.strategy.target(target_id)
    frame["at_most"] = target.decreases
    frame["above"] = (frame.index > 0) & (target.threshold is not None) & (not target.inclusive)
    return to_table(frame, TABLE_SPEC, lang, formatted)


def view_note(results: Results, target_id: str, view: str, lang: str) -> str:
    """What the « mean of the organisations » view does not say of a target counted in organisations.

    For 6.1 (« 60 % des organisations » whose ratio is over one half) the mean of the ratios (48,3 %) sat
    beside the target of 60 %, as if comparable: it is not the share of organisations over the threshold.
    """
    target = results.dataset.strategy.target(target_id)
    if view != "mean" or target.aggregation != "share_of_organisations" or target.threshold is None:
        return ""
    key = "explorer.view.mean_share" + ("" if target.inclusive else "_above")
    return t(
        key,
        lang,
        id=target_name(results.dataset.strategy, target_id, lang),
        threshold=format_percent(target.threshold, lang),
    )


def deadline_note(results: Results, target_id: str, period: str, lang: str) -> str:
    """What the government's status of the chosen target measures once the deadline has come, when not reached.

    1.1 in 2022-2023 (73,6 % of a 75 % target) read « En bonne voie » with no word that the deadline had
    come; the overview and the brief say it.
    """
    ind = results.indicators
    row = ind[(ind["target"] == target_id) & (ind["period"] == period)]
    if row.empty or row["status"].iloc[0] not in (*NOT_REACHED, DEADLINE_MISSED):
        return ""
    return status_note(results.dataset.strategy, period, lang)
