"""How a target is named to people: by its id when a code (« 1.1 », « D4 »), by its label when a word.

A strategy imported from the Government of Canada's Service Inventory has ids that are English words
(« uptake », « feedback », « end-to-end »): in a French page they read « Cible uptake — … », an English
word without ``lang="en"``. One rule, :func:`id_is_word`, decides everywhere (headings, chart axes,
tables, captions, the brief, the deck, the explorer); machine-readable downloads keep the ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .i18n import t
from .strategy_model import Strategy, Target

WORD = re.compile(r"[^\W\d_]{3}")  # three letters in a row: a word, not a code
# « 6.1 bis », « 4 ter »: the Latin ordinals that number an item inserted after another are part of a code
ORDINAL = re.compile(r"(?<=\d)[\s.-]*(?:bis|ter|quater|quinquies|sexies)\b", re.IGNORECASE)


def id_is_word(target_id: object) -> bool:
    """Whether a target id has a word in it (« uptake », « end-to-end »), so is in one language only.

    « 1.1 », « D4 », « C », « 6.1 bis » are codes, read alike in every language, and are shown as they are.
    """
    return bool(WORD.search(ORDINAL.sub("", str(target_id))))


def tag_of(target_id: str, label: str) -> str:
    """A target where a code would stand, given its short ``label``: its id, else the label."""
    return label if id_is_word(target_id) else target_id


def name_of(target_id: str, label: str, lang: str) -> str:
    """A target in running text, given its short ``label``: its id when a code, else the label quoted."""
    return t("msg.target_named", lang, label=label) if id_is_word(target_id) else target_id


def titled(target_id: str, label: str, lang: str) -> str:
    """« 1.1 Services conçus avec les citoyens » (a line of a list, a row); the label alone for a word id."""
    return with_id(target_id, label, lang, "{id} {label}")


def target_tag(target: Target, lang: str) -> str:
    """A target where a code would stand (table rows, chart axes, lists): its id, else its short label."""
    return tag_of(target.id, target.short(lang))


def target_name(strategy: Strategy, target_id: str, lang: str) -> str:
    """A target as running text names it (« la cible 1.1 »): its id when a code, else its short label quoted.

    « La cible « Services entièrement en ligne » … »: the page's own label names a word id.
    """
    if not id_is_word(target_id):
        return target_id
    return name_of(target_id, strategy.target(target_id).short(lang), lang)


def names(strategy: Strategy, ids: Iterable[object], lang: str) -> list[str]:
    """:func:`target_name` of each of ``ids``, in their order."""
    return [target_name(strategy, str(i), lang) for i in ids]


def with_id(target_id: object, label: str, lang: str, form: str | None = None) -> str:
    """« 1.1 — label » (``chart.target_title``, or ``form``) where the id is a code; the label alone for a word.

    « uptake — Part des services… » said the target twice, once in English: the label says it.
    """
    if id_is_word(target_id):
        return label
    if form is not None:  # « 1.1 (label) », « 1.1 label »: the same rule in another layout
        return form.format(id=target_id, label=label)
    return t("chart.target_title", lang, id=target_id, label=label)


def tags(strategy: Strategy, lang: str) -> dict[str, str]:
    """:func:`target_tag` of every target of ``strategy``, by id (to map a column of ids for a chart)."""
    return {tg.id: target_tag(tg, lang) for tg in strategy.targets}
