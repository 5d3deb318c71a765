"""Target ids as files write them: « 1,1 » and « Cible 1.1 » read as 1.1; what an unknown one may have meant."""

from __future__ import annotations

import re

from .aliases import name_key

_TARGET_WORD = re.compile(r"^(?:cible|target|objectif)\s*(?:n[o°º]\.?\s*)?", re.IGNORECASE)


def normalise_target(value: str, known: list[str] | None = None) -> str:
    """Keep text ids; a French spreadsheet may write the id ``1.1`` as the number ``1,1``, or « Cible 1.1 »."""
    text = str(value).strip()
    if known is None or text in known:
        return text
    for candidate in (text, _TARGET_WORD.sub("", text)):
        if candidate.replace(",", ".") in known:
            return candidate.replace(",", ".")
    return text


def target_hint(value: str, known: list[str]) -> dict[str, str]:
    """Message fields for an unknown target written as its id and more words (« 1.2 Services améliorés »)."""
    head = str(value).strip().split(maxsplit=1)[0] if str(value).strip() else ""
    head = normalise_target(head.rstrip(":—-"), known)
    if head in known:
        return {"message": "unknown_target_near", "suggestion": head}
    # « acc-ligne », « Délais » for ACC-ligne, DELAIS: the likeliest slip with ids in words, and no hint
    same = [k for k in known if name_key(k) == name_key(str(value))]
    return {"message": "unknown_target_case", "suggestion": same[0]} if len(same) == 1 else {}
