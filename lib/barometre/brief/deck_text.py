"""The deck's text that is not in the brief's content as such: the status counts in one line."""

from __future__ import annotations

from ..i18n import NBSP, t
from .content import BriefContent

COUNTS_SEPARATOR = "\u00a0· "  # the dot ends a line, never starts one


def status_counts_line(c: BriefContent) -> str:
    """The brief's « Les cibles par statut » in one line: « ✔ Cible atteinte : 1 · ↗ En bonne voie : 3 ».

    Glyph and word, in the brief's order and words; "" when no target has a status. Said only in the
    notes of the index slide before, so a period where every target fell read as an index of « 0 % ».
    """
    colon = t("punct.colon", c.lang)
    items = (f"{icon} {label}{colon}{n}" for _code, icon, label, n in c.status_counts)
    # a line breaks between two statuses, never inside one (« ? Données » over « insuffisantes : 1 »)
    return COUNTS_SEPARATOR.join(item.replace(" ", NBSP) for item in items)
