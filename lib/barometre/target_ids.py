"""Target ids as files write them: « 1,1 » and « Cible 1.1 » read as 1.1; what an unknown one may have meant.

Excel turns a typed « 1.2 » into a date and shows it « 01-févr » (« 2-Jan » in English, « 2023-01-02 »
once saved): the message says so and how to keep the column as text. A target the strategy renamed
(2.1 → 2.1a) is suggested as organisations are (« Vouliez-vous dire « 2.1a » ? »).
"""

from __future__ import annotations

import datetime as dt
import re

from .aliases import name_key

_TARGET_WORD = re.compile(r"^(?:cible|target|objectif)\s*(?:n[o°º]\.?\s*)?", re.IGNORECASE)
_MONTHS = {
    **dict.fromkeys(("janv", "jan", "january", "janvier"), 1),
    **dict.fromkeys(("févr", "fevr", "fév", "fev", "feb", "february", "février", "fevrier"), 2),
    **dict.fromkeys(("mars", "mar", "march"), 3),
    **dict.fromkeys(("avr", "apr", "april", "avril"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juin", "jun", "june"), 6),
    **dict.fromkeys(("juil", "jul", "july", "juillet"), 7),
    **dict.fromkeys(("août", "aout", "aug", "august"), 8),
    **dict.fromkeys(("sept", "sep", "september", "septembre"), 9),
    **dict.fromkeys(("oct", "october", "octobre"), 10),
    **dict.fromkeys(("nov", "november", "novembre"), 11),
    **dict.fromkeys(("déc", "dec", "december", "décembre", "decembre"), 12),
}
_DAY_MONTH = re.compile(r"^(\d{1,2})[-\s/.]([^\W\d_]+)\.?(?:[-\s/.]\d{2,4})?$")  # 01-févr, 2-Jan, 2-Jan-23
_MONTH_DAY = re.compile(r"^([^\W\d_]+)\.?[-\s/.](\d{1,2})$")  # janv-22, Jan-2 (a day or a year: both read)
_ISO = re.compile(r"^\d{4}-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")  # 2023-01-02 (00:00:00)
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/\d{2,4}$")  # 02/01/2023


def excel_date(text: str) -> list[tuple[int, int]] | None:
    """The (day, month) readings of a cell that looks like a date a spreadsheet made, or None.

    « 01-févr » → [(1, 2)]; « 02/01/2023 » → [(2, 1), (1, 2)] (day or month first); « janv-22 » → [(22, 1)].
    """
    s = str(text).strip()
    readings: list[tuple[int, int]] = []
    for pattern, day_at, month_at in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        found = pattern.match(s)
        if found and found[month_at].casefold() in _MONTHS:
            readings = [(int(found[day_at]), _MONTHS[found[month_at].casefold()])]
            break
    if found := _ISO.match(s):
        readings = [(int(found[2]), int(found[1]))]
    elif found := _SLASHED.match(s):
        readings = [(int(found[1]), int(found[2])), (int(found[2]), int(found[1]))]
    readings = [r for r in dict.fromkeys(readings) if _is_day(*r)]  # « 31/02/2022 » is no date: not Excel's
    return readings or None


def _is_day(day: int, month: int) -> bool:
    """Whether ``day``/``month`` is a day of some year (29 February included)."""
    try:
        dt.date(2000, month, day)
    except ValueError:
        return False
    return True


def normalise_target(value: str, known: list[str] | None = None) -> str:
    """Keep text ids; a French spreadsheet may write the id ``1.1`` as the number ``1,1``, or « Cible 1.1 »."""
    text = str(value).strip()
    if known is None or text in known:
        return text
    for candidate in (text, _TARGET_WORD.sub("", text)):
        if candidate.replace(",", ".") in known:
            return candidate.replace(",", ".")
    return text


def target_hint(value: str, known: list[str]) -> dict:
    """Message fields for an unknown target: what it was likely meant to be.

    An id with more words (« 1.2 Services améliorés »), a date Excel made of an id (« 01-févr »), an id in
    another case (« acc-ligne »), or one the strategy renamed (2.1 for 2.1a).
    """
    head = str(value).strip().split(maxsplit=1)[0] if str(value).strip() else ""
    head = normalise_target(head.rstrip(":—-"), known)
    if head in known:
        return {"message": "unknown_target_near", "suggestion": head}
    dates = excel_date(str(value))
    if dates is not None:  # the ids it may have been: 1.2 (day.month) or 2.1 (month.day)
        maybe = [
            k for k in dict.fromkeys(f"{a}.{b}" for d, m in dates for a, b in ((d, m), (m, d))) if k in known
        ]
        if not maybe:
            return {"message": "unknown_target_date"}
        return {"message": "unknown_target_date_maybe",
                "maybe": {"fr": " ou ".join(f"« {k} »" for k in maybe),
                          "en": " or ".join(f"'{k}'" for k in maybe)}}  # fmt: skip
    # « acc-ligne », « Délais » for ACC-ligne, DELAIS: the likeliest slip with ids in words, and no hint
    key = name_key(str(value))
    same = [k for k in known if name_key(k) == key]
    if len(same) == 1:
        return {"message": "unknown_target_case", "suggestion": same[0]}
    # 2.1 when the strategy has 2.1a (renamed), or 1.10 for 1.1: one id begins as the value does
    longer = [k for k in known if key and (name_key(k).startswith(key) or key.startswith(name_key(k)))]
    return {"message": "unknown_target_renamed", "suggestion": longer[0]} if len(longer) == 1 else {}
