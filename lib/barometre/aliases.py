"""French column names accepted as aliases of the canonical (English) names, per file kind.

A Québec analyst exports ``période; organisation; cible; numérateur; dénominateur``;
the dataset contract names those columns ``period, organisation, target, numerator,
denominator``. :func:`apply_aliases` renames aliases to the canonical names before
``require_columns``, so the same validation applies to both. Matching ignores case,
accents, and spaces or hyphens written for ``_`` (``Periode``, ``NUMÉRATEUR``,
``valeur prévue``). A file that gives both an alias and its canonical name (or two
aliases of one column) is refused, naming both columns.

``COLUMN_ALIASES`` is the one place where aliases are declared; the plans file
(``plans.csv``) uses the ``plans`` entry through the same function.

Organisation types are values, not columns, but are matched the same way:
:func:`organisation_type` gives a known type (« ministère ») in a page's language,
:func:`organisation_type_options` the types as a filter list's options; and
:func:`nearest_code` names the known organisation code an unknown one most likely stands for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache

from .errors import InputFileError
from .i18n import LANGUAGES, both, catalogue, t
from .readers import RawTable

# file kind → {alias: canonical name}. Canonical names map to themselves implicitly.
COLUMN_ALIASES: dict[str, dict[str, str]] = {
    "observations": {
        "période": "period",
        "organisation": "organisation",
        "organisme": "organisation",  # Québec's word for a public body (« ministères et organismes »)
        "ministère_ou_organisme": "organisation",
        "cible": "target",
        "numérateur": "numerator",
        "dénominateur": "denominator",
        "note": "note",
        "source": "source",
    },
    "organisations": {
        "code": "code",
        "nom_fr": "name_fr",
        "nom_français": "name_fr",
        "nom_en": "name_en",
        "nom_anglais": "name_en",
        "type": "type",
        "effectif": "employees",
        "employés": "employees",
        "échantillon": "in_sample",
        "dans_l'échantillon": "in_sample",
        "première_période": "from_period",
        "dernière_période": "until_period",
        "langue": "language",
    },
    "plans": {
        "organisation": "organisation",
        "organisme": "organisation",
        "ministère_ou_organisme": "organisation",
        "cible": "target",
        "période": "period",
        "valeur_prévue": "planned_value",
        "note": "note",
        "source": "source",
    },
}


def fold(name: str) -> str:
    """A header folded for matching: no accents, case-folded, spaces and hyphens as ``_``."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()
    return re.sub(r"[\s\-]+", "_", text)


def name_key(name: object) -> str:
    """A name folded for matching: no accents, case-folded, one kind of apostrophe and of space."""
    return fold(str(name).replace("’", "'").replace("\u00a0", " "))


def sort_key(name: object) -> str:
    """A name as a list sorts it: folded as :func:`name_key`, its numbers in their order (« n° 2 », « n° 10 »).

    As text, « Centre de services scolaire n° 10 » came before « … n° 2 ».
    """
    return re.sub(r"\d+", lambda m: m[0].zfill(12), name_key(name))


@lru_cache(maxsize=1)
def _organisation_types() -> dict[str, tuple[str, str]]:
    """Each ``orgtype.*`` label of the catalogue, folded: (its key, its language)."""
    return {name_key(entry[lang]): (key, lang) for key, entry in catalogue().items()
            if key.startswith("orgtype.") for lang in LANGUAGES}  # fmt: skip


def organisation_type(kind: str, lang: str = "fr") -> str:
    """An organisation's type (a value of organisations.csv, in French in Québec's data) in ``lang``.

    A type the catalogue names (``orgtype.*``, e.g. « ministère » / « department ») is given in ``lang``,
    as written when it already is in ``lang``; a type it does not know is shown as written. On the
    English pages « ministère » was a French word in an English sentence, with nothing to say so.
    """
    found = _organisation_types().get(name_key(kind))
    if found is None or found[1] == lang:
        return kind
    return t(found[0], lang)


def organisation_type_options(kinds: Iterable[str], lang: str = "fr") -> list[tuple[str, str]]:
    """The types ``kinds`` as (label, value) options of a filter list in ``lang``.

    Each label begins with a capital, as « Tous les types » above them does (« Ministère », « Agency »),
    in the label's alphabetical order, accents aside; the value stays the data's own.
    """
    labels = [(organisation_type(kind, lang), kind) for kind in kinds]
    return sorted(((label[:1].upper() + label[1:], kind) for label, kind in labels), key=lambda o: fold(o[0]))


def canonical_names(kind: str) -> dict[str, str]:
    """Folded header → canonical column name, for one file kind (aliases and canonical names)."""
    if kind not in COLUMN_ALIASES:
        raise KeyError(f"unknown file kind {kind!r}; known: {', '.join(COLUMN_ALIASES)}")
    names = {fold(alias): canon for alias, canon in COLUMN_ALIASES[kind].items()}
    for canon in set(COLUMN_ALIASES[kind].values()):
        names[fold(canon)] = canon
    return names


def apply_aliases(table: RawTable, kind: str) -> RawTable:
    """Return ``table`` with alias headers renamed to canonical names (other columns unchanged).

    Raises an :class:`InputFileError` when two headers of the file stand for the same
    column (``période`` and ``period``), naming both.
    """
    names = canonical_names(kind)
    seen: dict[str, str] = {}
    rename: dict[str, str] = {}
    for col in table.frame.columns:
        canon = names.get(fold(col))
        if canon is None:
            continue
        if canon in seen:
            fields = {"file": table.name(), "first": seen[canon], "second": col, "column": canon}
            raise InputFileError(
                both("error.alias_clash", **fields),
                file=table.file,
                column=canon,
            )
        seen[canon] = col
        if col != canon:
            rename[col] = canon
    if not rename:
        return table
    return replace(table, frame=table.frame.rename(columns=rename))


# What a totals row writes where the organisation goes, as name_key reads it
TOTAL_ROWS = frozenset(
    name_key(word)
    for word in ("Total", "Totaux", "Sous-total", "Grand total", "Total général", "Somme", "Ensemble",
                 "Toutes les organisations", "Gouvernement", "All", "All organisations", "Sum")
)  # fmt: skip


def nearest_code(value: str, codes: Iterable[str], names: Mapping[str, str] | None = None) -> dict[str, str]:
    """Message fields for an unknown organisation code: the known code it most likely stands for.

    An organisation's name (``names``: :func:`name_key` of each name → its code; « Ministère de la Santé »
    in any case or accents) says its code; else the same code in other letter case or with stray spaces
    (« mfedu », « MF EDU »), else the one code a typo away (difflib, 0.8 alike; saying how to add a new
    organisation too); none, or two as close, leaves the rule's own wording.
    """
    import difflib

    if name_key(value) in TOTAL_ROWS:  # « Total » under the last organisation, as a spreadsheet sums it
        return {"message": "unknown_organisation_total"}
    if names and name_key(value) in names:
        return {"message": "unknown_organisation_name", "suggestion": str(names[name_key(value)])}
    known = {str(c).upper().replace(" ", ""): str(c) for c in codes}
    key = str(value).upper().replace(" ", "")
    scores = sorted(((difflib.SequenceMatcher(None, key, k).ratio(), k) for k in known), reverse=True)
    if key in known:  # the same code in another case or with a space: a slip
        return {"message": "unknown_organisation_near", "suggestion": known[key]}
    if scores and scores[0][0] >= 0.8 and (len(scores) == 1 or scores[1][0] < scores[0][0]):
        # a letter off: a typo, or a new organisation (UFNUM beside CFNUM), whose figures « Vouliez-vous
        # dire » alone led to credit to another: how to add it is said too
        return {"message": "unknown_organisation_near_or_new", "suggestion": known[scores[0][1]]}
    return {}  # nothing close, or two codes as close: naming one would mislead


__all__ = [
    "COLUMN_ALIASES",
    "apply_aliases",
    "canonical_names",
    "fold",
    "name_key",
    "nearest_code",
    "organisation_type",
    "organisation_type_options",
]
