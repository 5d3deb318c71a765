"""The periods a publication covers: ``--periods all`` or the named ones, each checked against the data."""

from __future__ import annotations

from ..errors import DatasetError, ParameterError
from ..i18n import both
from ..strategy_model import normalise_period


def named_periods(wanted: str | list[str] | None) -> list[str]:
    """The periods named by ``--periods`` (comma-separated, or a list), « 2022-23 » read 2022-2023 as elsewhere."""
    if wanted is None:
        return []
    names = (
        normalise_period(p) for p in (wanted.split(",") if isinstance(wanted, str) else wanted) if p.strip()
    )
    return list(dict.fromkeys(names))  # « 2022-23,2022-2023 »: one period, rendered once


def choose_periods(available: list[str], wanted: str | list[str] | None) -> list[str]:
    """``all`` (or nothing) → every period with data; otherwise the named ones, checked."""
    if not available:
        raise DatasetError(both("publish.error.no_period"))
    if wanted in (None, "all", ["all"]):
        return list(available)
    names = named_periods(wanted)
    unknown = [p for p in names if p not in available]
    if unknown or not names:
        shown = ", ".join(unknown) or "—"
        raise ParameterError(
            both(
                "publish.error.periods_without_data",
                unknown=shown,
                available=", ".join(available),
                n=len(unknown),
            )
        )
    return names
