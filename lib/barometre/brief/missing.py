"""Who was expected and did not report in the period: named in the brief and the deck, or counted when many.

A target at « 100 % ✔ » read as every organisation's while 3 of the expected ones had not reported it (the
« 22 / 25 » beside it said how many, never who). The brief and the deck say how many expected organisations missed a target, and which targets each missed: a
target missed by a few organisations names them (« 4.1 : A, B et C »), as a tie of a
few is named (:mod:`barometre.ties`); the other targets are counted together, and the brief says where the
full list is on the site (a list of 300 organisations would overflow the page). A few organisations that
reported nothing at all are named once, apart, and left out of the targets' lines (named on every line,
one of them filled a third of a page); one that filed units whose values were all left out (« ND » in every
row, exclusions.csv naming it) is said to have filed, not « rien déclaré ». An organisation whose row was rejected at validation did report: it is
not among them (the office chased organisations that had reported); a sentence apart names those reports, to be
corrected or requested again by the central team, or counts them when many.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..api import Results
from ..exclusions import filed_unusable, left_out_cells
from ..i18n import joined, t
from ..organisation_periods import unreported
from ..target_words import tags
from ..ties import TOGETHER

MOST_NAMED = 8  # targets whose missing organisations are named; past that every target is counted


@dataclass
class MissingReports:
    """The brief's « Déclarations manquantes »: a summary, one line a target (or a few together), where."""

    summary: str
    lines: list[str] = field(default_factory=list)
    where: str = ""  # where the full list is on the site, when some organisations are only counted
    rejected: str = ""  # the reports rejected at validation, by target: named, or counted when many
    # « Déclarations rejetées » when every expected organisation reported; « … sans valeur utilisable » when
    # every one listed filed, its units left out
    heading: str = "brief.h.missing"

    @property
    def all_lines(self) -> list[str]:
        """Every line, as a slide and its notes give them."""
        return [self.summary, *self.lines, *([self.rejected] if self.rejected else []),
                *([self.where] if self.where else [])]  # fmt: skip

    def where_alone(self, lang: str) -> str:
        """Where the full list is, for a brief written without the site beside it."""
        return t("brief.missing.where_alone" + "_rejected" * bool(self.rejected), lang)


@dataclass
class _Sorted:
    """Who did not report what, sorted out once: by target, who is missing, filed unusable, was rejected.

    The organisations that reported nothing at all are apart (``silent``), in none of the three lists.
    """

    expected: list[str]
    missing: dict[str, list[str]]  # filed no row of the target: to chase
    unusable: dict[str, list[str]]  # filed it, every unit left out for want of a usable value
    rejected: dict[str, list[str]]  # reported it, rejected at validation
    silent: list[str]  # no row of any target (in ``missing`` and ``unusable`` of none)
    filed: list[str]  # of ``silent``, those that filed units, all left out: not « rien déclaré »


def _sorted_out(res: Results, period: str) -> _Sorted:
    """Who did not report what in ``period``: one pass over :func:`unreported` and the units left out."""
    ds = res.dataset
    expected, by_target, refused = unreported(ds, period)
    # none reported: every target missing, or filed with every unit left out
    gone = set.intersection(*(set(by_target[target]) for target in ds.strategy.target_ids))
    # a target filed, its every unit left out for want of a usable value: not missing, said apart (the GC's
    # 12 departments whose uptake was all « ND » were to be chased for a report they had made)
    cells = left_out_cells(ds.exclusions, period)
    missing: dict[str, list[str]] = {}
    unusable: dict[str, list[str]] = {}
    for target, codes in by_target.items():
        for code in codes:
            if code not in gone:  # said once, apart
                (unusable if (code, target) in cells else missing).setdefault(target, []).append(code)
    rejected = {target: codes for target, codes in refused.items() if codes}
    silent = [code for code in expected if code in gone]
    # filed, every unit left out for want of a usable value (exclusions.csv by organisation): not « rien déclaré »
    reported = set(ds.observations.loc[ds.observations["period"] == period, "organisation"])
    filed = filed_unusable(ds.exclusions, period, reported)
    return _Sorted(expected, missing, unusable, rejected, silent, [code for code in silent if code in filed])


def missing_reports(res: Results, period: str, lang: str, names: bool = True) -> MissingReports | None:
    """What the brief says of the expected organisations that did not report in ``period``; None if none.

    ``names``: whether organisations may be named (not with ``--no-organisations``: then all are counted).
    """
    who = _sorted_out(res, period)
    unusable_line = _unusable_for(who.unusable, res, lang, names)
    # reported, but rejected at validation: not « n'a pas déclaré », a sentence of their own
    rejected, rejected_counted = (
        _rejected(who.rejected, who.missing, len(who.expected), res, lang, names)
        if who.rejected
        else ("", False)
    )
    all_reported = not who.missing and not who.silent
    if all_reported and not who.rejected and not unusable_line:
        return None
    # those that filed every unit unusable are said apart (« a déclaré, mais… »), not among those that did not
    nothing = [code for code in who.silent if code not in who.filed]
    late = {code for codes in who.missing.values() for code in codes} | set(nothing)
    parts: list[str] = []  # the summary's sentences
    if all_reported and who.rejected:
        parts.append(t("brief.rejected.all_reported", lang, total=len(who.expected), period=period))
    if late:
        parts.append(t("brief.missing.summary", lang, n=len(late), total=len(who.expected), period=period))
    name = res.dataset.organisation_name
    # named once, apart (counted when many: 61 of 72 were counted again in every target's count): not again on
    # every target's line, nor in its count
    named = names and len(who.silent) <= TOGETHER
    for key, codes in (("silent", nothing), ("unusable", who.filed)):
        if codes:
            said = joined([name(code, lang) for code in codes], lang) if named else ""
            key = f"brief.missing.{key}_named" if named else f"brief.missing.{key}"
            parts.append(t(key, lang, n=len(codes), names=said))
    if unusable_line:
        parts.append(unusable_line)
    few = {target: codes for target, codes in who.missing.items() if len(codes) <= TOGETHER}
    if not names or len(few) > MOST_NAMED:
        few = {}
    counted = {target: len(codes) for target, codes in who.missing.items() if target not in few}
    # « Les autres » : a count is out of them (9 / 25 declared: 15 of the other 24)
    among = len(who.expected) - len(who.silent)
    if few or len(counted) == 1:  # a line a target follows; the counts' own line says what it counts
        parts.append(t("brief.missing.others_by_target" if who.silent else "brief.missing.by_target", lang))
    lines = []  # in the strategy's order; several targets counted together, last
    shown = tags(res.dataset.strategy, lang)  # « uptake : 12 organisations sur 71 »: its label
    for target, codes in who.missing.items():
        if target in few:
            names_of = joined([name(code, lang) for code in codes], lang)
            lines.append(t("brief.missing.named", lang, id=shown[target], names=names_of))
        elif len(counted) == 1:
            lines.append(_counted(counted, among, lang, shown))
    if len(counted) > 1:
        lines.append(_counted(counted, among, lang, shown))
    # the list of them (and of the rejected reports, when some are)
    where = "brief.missing.where" + "_rejected" * bool(who.rejected)
    listed = counted or (who.silent and not named) or rejected_counted
    # « Déclarations rejetées » when every expected organisation reported; none missing: every organisation
    # listed filed, its units left out (« Déclarations manquantes » over « … ce ne sont pas des déclarations
    # manquantes » said and unsaid it)
    heading = (
        "brief.h.rejected" if all_reported and who.rejected
        else "brief.h.missing" if late or who.rejected else "brief.h.unusable"
    )  # fmt: skip
    return MissingReports(" ".join(parts), lines, t(where, lang) if listed else "", rejected, heading)


def _rejected(
    refused: dict[str, list[str]],
    missing: dict[str, list[str]],
    total: int,
    res: Results,
    lang: str,
    names: bool,
) -> tuple[str, bool]:
    """The sentence on the reports rejected at validation, and whether it counts them (the list is on the site).

    An organisation none of whose rows was accepted is named once, its whole report rejected (it read
    « 1.2 : A ; 1.3 : A ; … » eight times, or was only counted); the others by target when few
    (« 4.1 : A et B ; 5.2 : C »), else each target's count out of ``total``.
    """
    name = res.dataset.organisation_name
    shown = tags(res.dataset.strategy, lang)
    every = res.dataset.strategy.target_ids
    whole = [c for c in dict.fromkeys(c for codes in refused.values() for c in codes)
             if all(c in refused.get(tg, ()) or c in missing.get(tg, ()) for tg in every)]  # fmt: skip
    lead = ""
    if names and whole and len(whole) <= TOGETHER:
        lead = t(
            "brief.rejected.whole", lang, n=len(whole), names=joined([name(c, lang) for c in whole], lang)
        )
        refused = {
            tg: kept for tg, codes in refused.items() if (kept := [c for c in codes if c not in whole])
        }
        if not refused:
            return lead, False
        lead += " "
    if names and len(refused) <= MOST_NAMED and all(len(codes) <= TOGETHER for codes in refused.values()):
        items = [t("brief.missing.named", lang, id=shown[target], names=joined([name(c, lang) for c in codes], lang))
                 for target, codes in refused.items()]  # fmt: skip
        said = t("brief.rejected.named", lang, items=t("brief.missing.count_sep", lang).join(items))
        return lead + said, False
    items = [
        t("brief.missing.count_item", lang, id=shown[target], n=len(codes))
        for target, codes in refused.items()
    ]
    sep = t("brief.missing.count_sep", lang)
    return lead + t("brief.rejected.counted", lang, total=total, items=sep.join(items)), True


def _unusable_for(by_target: dict[str, list[str]], res: Results, lang: str, names: bool) -> str:
    """« Déclarées, mais sans valeur utilisable … : uptake : A et B ; feedback : 12 organisations. », or ""."""
    if not by_target:
        return ""
    shown = tags(res.dataset.strategy, lang)
    name = res.dataset.organisation_name
    items = [
        t("brief.missing.named", lang, id=shown[target], names=joined([name(c, lang) for c in codes], lang))
        if names and len(codes) <= TOGETHER
        else t("brief.missing.unusable_count", lang, id=shown[target], n=len(codes))
        for target, codes in by_target.items()
    ]
    return t("brief.missing.unusable_targets", lang, items=t("brief.missing.count_sep", lang).join(items))


def _counted(counted: dict[str, int], total: int, lang: str, shown: dict[str, str]) -> str:
    """« 4.2 : 15 organisations sur 25 », or every target counted with its own number on one line.

    ``shown``: each target as named (:func:`barometre.target_words.tags`).
    """
    if len(counted) == 1:
        ((target, n),) = counted.items()
        return t("brief.missing.counted", lang, id=shown[target], n=n, total=total)
    items = [t("brief.missing.count_item", lang, id=shown[target], n=n) for target, n in counted.items()]
    return t(
        "brief.missing.counted_each", lang, total=total, counts=t("brief.missing.count_sep", lang).join(items)
    )
