"""The Service Inventory's columns: the published layout, and the columns of a file that no rule reads.

A new release may add columns (``org_id``, ``num_applications_by_email``…). They are not lost in
silence: each column outside the published layout that no rule reads is named, with the read column
it resembles, and one that looks like an application channel is said not to be counted in the
indicator that counts the channels (the online uptake).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..i18n import t

# The 39 columns of the published yearly files (2016-2017 to 2018-2019), as the reader names them.
INVENTORY_COLUMNS = (
    "fiscal_yr", "service_id", "service_name_en", "service_name_fr", "department_name_en",
    "department_name_fr", "external_internal", "service_type", "special_designations",
    "service_description_en", "service_description_fr", "service_url_en", "service_url_fr",
    "program_name_en", "program_name_fr", "last_gba", "ident_platform", "client_target_groups",
    "info_service", "service_fee", "cra_business_number", "use_of_sin", "service_channels",
    "calls_received", "web_visits_info_service", "online_applications", "telephone_applications",
    "in_person_applications", "postal_mail_applications", "other_applications", "e_registration",
    "e_authentication", "e_application", "e_decision", "e_issuance", "e_feedback", "client_feedback",
    "special_remarks_en", "special_remarks_fr",
)  # fmt: skip
CHANNEL_WORD = "application"  # « num_applications_by_fax », « email_applications »…


@dataclass(frozen=True)
class UnreadColumn:
    """A column of a file that is not in the published layout and that no rule reads."""

    file: str
    column: str
    close: str = ""  # the read column it resembles, if any
    channel: bool = False  # looks like an application channel (counts of applications)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"file": self.file, "column": self.column, "resembles": self.close, "channel": self.channel}


def is_channel(column: str) -> bool:
    """Whether a column's name says it counts applications made through some channel."""
    return CHANNEL_WORD in column and not column.startswith("e_")


def unread_columns(file: str, columns: Iterable[str], read: Iterable[str]) -> list[UnreadColumn]:
    """The columns of ``file`` outside the published layout that no rule reads (``read``), in file order.

    Columns without a name (a trailing separator, read ``unnamed: i``) are left alone.
    """
    read = list(dict.fromkeys(read))
    known = set(INVENTORY_COLUMNS) | set(read)
    out = []
    for column in columns:
        if column in known or not column.strip() or column.startswith("unnamed: "):
            continue
        close = difflib.get_close_matches(column, read, n=1, cutoff=0.7)
        out.append(UnreadColumn(file, column, close[0] if close else "", is_channel(column)))
    return out


# --------------------------------------------------------------------------- missing columns

RESEMBLANCE = 0.6  # difflib ratio from which a found column is said to resemble a missing one
SHARED_WORD = 5  # a shared word this long (« feedback », « department ») makes two names resemble
GENERIC_WORDS = {"applications", "application"}


@dataclass(frozen=True)
class MissingColumns:
    """A file that looks like the inventory but lacks required columns: it is left out."""

    file: str
    missing: tuple[tuple[str, str], ...]  # (required column, found column that resembles it or "")
    rows: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"file": self.file, "missing": [{"column": c, "resembles": r} for c, r in self.missing]}


def looks_like_inventory(columns: Iterable[str], required: Iterable[str]) -> bool:
    """Whether a file has at least half the required columns, or half the published layout."""
    found, required = set(columns), list(dict.fromkeys(required))
    return 2 * len(found & set(required)) >= len(required) or 2 * len(found & set(INVENTORY_COLUMNS)) >= len(
        INVENTORY_COLUMNS
    )


def _likeness(a: str, b: str) -> float:
    """How much two column names resemble: difflib's ratio, on the names and on their sorted words."""
    words_a, words_b = a.split("_"), b.split("_")
    ratio = max(
        difflib.SequenceMatcher(None, a, b).ratio(),
        difflib.SequenceMatcher(None, "_".join(sorted(words_a)), "_".join(sorted(words_b))).ratio(),
    )
    shared = {w for w in set(words_a) & set(words_b) if len(w) >= SHARED_WORD and w not in GENERIC_WORDS}
    return max(ratio, RESEMBLANCE) if shared else ratio


def resembling(missing: list[str], columns: Iterable[str]) -> list[tuple[str, str]]:
    """Each missing column with the found column that resembles it most (each found column once).

    Only columns outside the published layout are candidates: ``client_feedback`` is its own
    column, not a renamed ``e_feedback``.
    """
    candidates = [c for c in columns if c not in INVENTORY_COLUMNS and not c.startswith("unnamed: ")]
    pairs = sorted(
        ((_likeness(m, c), i, m, c) for i, m in enumerate(missing) for c in candidates),
        key=lambda p: (-p[0], p[1]),
    )
    chosen: dict[str, str] = {}
    for score, _i, m, c in pairs:
        if score >= RESEMBLANCE and m not in chosen and c not in chosen.values():
            chosen[m] = c
    return [(m, chosen.get(m, "")) for m in missing]


def missing_text(m: MissingColumns, lang: str) -> str:
    """A file's missing columns, each with the found column that resembles it."""
    missing = ", ".join(
        t("import.missing_resembles", lang, column=c, found=r) if r else c for c, r in m.missing
    )
    return t("import.file_missing_columns", lang, file=m.file, n=len(m.missing), missing=missing)
