"""What an unattended run must not publish unseen: periods whose rows fell, and the site it leaves.

A truncated ``observations.csv`` (a copy cut short, a disk filling during an export) reads without an error:
the rows it lost are simply not there. A night's run republished 2021-2022 from 4 organisations of 25 instead
of 24, as a « revision », with exit 0: cron mailed nothing. A period that keeps fewer than :data:`KEPT_AT_LEAST`
of the rows it was last published with is held back as it was, and so is every period after it, the run exits
1, and ``--force`` publishes them when the fall is meant (saying so).
"""

from __future__ import annotations

import csv
import shlex
from pathlib import Path

import pandas as pd

from ..i18n import LANGUAGES, both
from ..strategy_model import fiscal_year_start

KEPT_AT_LEAST = 0.5  # share of a period's published rows below which a run holds it back
PUBLISHED_ROWS = Path("donnees") / "observations.csv"  # a period's download: the rows it was published with


def published_rows(out: Path, period: str) -> int | None:
    """The rows of ``period`` in its published download (rows of earlier periods left out); None if unpublished."""
    for lang in LANGUAGES:
        path = Path(out) / period / lang / PUBLISHED_ROWS
        if path.is_file():
            try:
                with path.open(encoding="utf-8", newline="") as fh:
                    return sum(row.get("period") == period for row in csv.DictReader(fh))
            except (OSError, UnicodeDecodeError, csv.Error):
                return None  # a download not read is no evidence of a fall
    return None


def fallen(
    observations: pd.DataFrame, out: Path, period: str, share: float = KEPT_AT_LEAST
) -> tuple[int, int] | None:
    """(rows now, rows when last published) when ``period`` kept under ``share`` of them, else None."""
    before = published_rows(out, period)
    if not before:
        return None
    now = int((observations["period"] == period).sum())
    return (now, before) if now < share * before else None


def published_periods(out: Path) -> set[str]:
    """The periods ``out`` publishes (a page of theirs is there)."""
    return {page.parent.parent.name for page in Path(out).glob("*/*/index.html")
            if fiscal_year_start(page.parent.parent.name) is not None}  # fmt: skip


def hold_reason(
    observations: pd.DataFrame, out: Path, period: str, lost: list[str], held: list[str]
) -> dict[str, object] | None:
    """Why a run holds ``period`` back (its catalogue key and values), or None to publish it.

    Held: a period after one held already (its pages are made of the rows held back: 2023-2024's series gave
    2022-2023 from 12 organisations while 2022-2023's page, held, said 24); a period that kept under half its
    published rows; when published periods lost every row (a file cut in an earlier period), any period with
    fewer rows than it was published with (2021-2022 cut to 60 % was published as a « revision »).
    """
    if held:
        return {"key": "publish.error.after_held", "period": period, "held": held[0]}
    drop = fallen(observations, out, period, share=1.0 if lost else KEPT_AT_LEAST)
    if drop is None:
        return None
    key = "publish.error.rows_fallen_lost" if lost else "publish.error.rows_fallen"
    return {"key": key, "period": period, "now": drop[0], "before": drop[1], "lost": ", ".join(lost)}


def held_words(reason: dict, data_dir: Path, out: Path, langs: list[str], force: bool) -> str:
    """Why a period is held back, with the command that publishes it if that is meant.

    Under ``--force``: that it was published all the same (an upgrade's --force published a cut file unseen).
    """
    values = dict(reason)
    key = str(values.pop("key"))
    if force:
        return both(
            "publish.warn.forced", period=values["period"], now=values["now"], before=values["before"]
        )
    periods = [str(values["held"]), str(values["period"])] if "held" in values else [str(values["period"])]
    words = ["barometre", "publish", "--data", str(data_dir), "--out", str(out), "--periods", ",".join(periods),
             "--lang", ",".join(langs), "--force"]  # fmt: skip
    return both(key, **values, command=shlex.join(words))


def site_warnings(
    out: Path, periods: list[str], chosen: list[str], synthetic: bool
) -> tuple[list[str], list[str]]:
    """The published periods whose rows all went, and what a run says of the site it leaves.

    Each such period (its pages stay); and, publishing real data, the periods left as published from synthetic
    data (demo pages beside the first real ones: the archive told them apart nowhere). Either makes exit 1.
    """
    from ..render.site_strategy import published_synthetic

    published = published_periods(out)
    lost = sorted(published - set(periods))
    said = [both("publish.warn.period_without_data", period=gone, folder=Path(out) / gone) for gone in lost]
    fictional = [] if synthetic else sorted(p for p in published - set(chosen) - set(lost)
                                            if published_synthetic(Path(out) / p) is True)  # fmt: skip
    if fictional:
        said.append(both("publish.warn.synthetic_left", periods=", ".join(fictional), n=len(fictional)))
    return lost, fictional, said


__all__ = [
    "KEPT_AT_LEAST", "fallen", "hold_reason", "held_words", "published_periods", "published_rows", "site_warnings",
]  # fmt: skip
