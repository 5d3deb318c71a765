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
