"""The deck's own text: the status counts in one line, as many changes as their slide holds, the organisations."""

from __future__ import annotations

from ..i18n import NBSP, t
from . import slides
from .changes import MAX_LINES, shown_changes
from .content import BriefContent


def status_counts_line(c: BriefContent) -> str:
    """The brief's « Les cibles par statut » in one line: « ✔ Cible atteinte : 1 ; ↗ En bonne voie : 3 ».

    Glyph and word, in the brief's order and words; "" when no target has a status. Said only in the
    notes of the index slide before, so a period where every target fell read as an index of « 0 % ».
    """
    colon = t("punct.colon", c.lang)
    items = (f"{icon} {label}{colon}{n}" for _code, icon, label, n in c.status_counts)
    # a line breaks between two statuses, never inside one (« ? Données » over « insuffisantes : 1 »); not
    # « · » between them: « Sans cible chiffrée » has the dot as its glyph (« … : 4 · · Sans cible chiffrée »)
    return t("punct.semicolon", c.lang).join(item.replace(" ", NBSP) for item in items)


def changes_that_fit(c: BriefContent, width: int, height: int, size: int = 16) -> list[str]:
    """« Ce qui a changé » for a text area of ``width`` × ``height`` (EMU): as many changes as fit at ``size``.

    The brief's four, then « Et 5 autres changements… », left a slide half empty; no fewer than the brief's.
    """
    if not c.all_changes:
        return [c.changes_empty]
    for most in range(len(c.all_changes), MAX_LINES, -1):
        lines = shown_changes(c.all_changes, most, c.lang, c.previous)
        if slides.fits(lines, width, height, size):
            return lines
    return c.changes


def organisations_slide(prs, c: BriefContent) -> None:
    """The two lists side by side, and under them what the most improved's mean is taken over (the brief's note)."""
    slide = slides.new_slide(prs, "two")
    slides.title(slide, t("deck.slide.organisations", c.lang))
    columns = ((c.improved_heading, c.improved, c.improved_empty),
               (t("brief.h.behind", c.lang), c.behind, c.behind_empty))  # fmt: skip
    shown = [[head, *(lines or [empty])] for head, lines, empty in columns]
    foot = [c.improved_note] if c.improved else []
    top = slides.footnote(slide, foot[0]) if foot else slides.BOTTOM
    bodies = slides.bodies(slide, 2)
    for body in bodies:
        if foot:  # the columns end above the note (all four set: a placeholder's own size is inherited)
            left, upper, width = body.left, body.top, body.width
            body.left, body.top, body.width = left, upper, width
            body.height = int(slides.slide_size(slide)[1] * top) - upper
    # both lists at one size, the one at which the longer fits (11 pt beside 10 pt read as two kinds)
    size = min(slides.fitting_size(column, body.width or 0, body.height or 0, 14)
               for body, column in zip(bodies, shown, strict=True))  # fmt: skip
    for body, column in zip(bodies, shown, strict=True):
        slides.bullets(body, column, size, heading=True)
    slides.footnotes_last(slide)
    slides.notes(slide, [line for column in shown for line in column] + foot)  # a column's message too
