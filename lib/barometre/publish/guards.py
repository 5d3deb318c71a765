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
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..i18n import LANGUAGES, both, joined
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


def publish_command(
    data_dir: Path, out: Path, periods: list[str], langs: list[str], template: Path | None, *extra: str
) -> str:
    """The ``barometre publish`` command line that publishes ``periods`` as this run would (its languages, template)."""
    words = [
        "barometre",
        "publish",
        "--data",
        str(data_dir),
        "--out",
        str(out),
        "--periods",
        ",".join(periods),
    ]
    if sorted(langs) != sorted(LANGUAGES):
        words += ["--lang", ",".join(langs)]
    if template is not None:
        words += ["--template", str(template)]
    return shlex.join([*words, *extra])


@dataclass
class FallenRows:
    """The published periods whose rows fell since their publication, found once before a run renders any.

    Held: a period that kept under half its published rows; when published periods lost every row (a file cut
    in an earlier period), any period with fewer rows than it was published with (2021-2022 cut to 60 % was
    published as a « revision »); and every period after one of those, named or not in ``--periods``, in
    whatever order (its pages are made of those rows: 2023-2024's series gave 2022-2023 from 12 organisations
    while 2022-2023's page, held, said 24).
    """

    fell: dict[str, tuple[int, int]]  # period → (rows now, rows when last published), by fiscal year
    lost: list[str]

    def reason(self, period: str) -> dict[str, object] | None:
        """Why a run holds ``period`` back (catalogue key and values), or None to publish it."""
        year = fiscal_year_start(period) or 0
        earlier = [p for p in self.fell if (fiscal_year_start(p) or 0) < year]
        periods = [*earlier, period]  # what the command to publish them all names
        if period in self.fell:
            now, before = self.fell[period]
            key = "publish.error.rows_fallen_lost" if self.lost else "publish.error.rows_fallen"
            return {"key": key, "period": period, "now": now, "before": before, "periods": periods,
                    "lost": {lang: joined(self.lost, lang) for lang in LANGUAGES}, "n": len(self.lost)}  # fmt: skip
        if earlier:
            return {"key": "publish.error.after_held", "period": period, "periods": periods,
                    "held": {lang: joined(earlier, lang) for lang in LANGUAGES}, "n": len(earlier)}  # fmt: skip
        return None


def fallen_rows(observations: pd.DataFrame, out: Path, lost: list[str], synthetic: bool) -> FallenRows:
    """:class:`FallenRows` of ``out`` for the data's ``observations``.

    A period published from synthetic data and now published from real data is no fall (the demo's rows are
    no measure of the real ones: the first real publication was held « fichier tronqué ? »).
    """
    from ..render.site_strategy import published_kinds

    share, kinds = 1.0 if lost else KEPT_AT_LEAST, published_kinds(out)
    fell = {}
    for period in sorted(published_periods(out), key=lambda p: fiscal_year_start(p) or 0):
        if not synthetic and kinds.get(period) is True:
            continue
        if (drop := fallen(observations, out, period, share)) is not None:
            fell[period] = drop
    return FallenRows(fell, lost)


def held_words(
    reason: dict, data_dir: Path, out: Path, langs: list[str], template: Path | None, force: bool
) -> str:
    """Why a period is held back, with the command that publishes it if that is meant.

    Under ``--force``: that it was published all the same (an upgrade's --force published a cut file unseen), or
    "" for a period held only for an earlier one's rows.
    """
    values = dict(reason)
    key, periods = str(values.pop("key")), list(values.pop("periods"))
    if force:  # said of a period whose own rows fell; one after it has nothing of its own to say
        if "now" not in values:
            return ""
        return both(
            "publish.warn.forced", period=values["period"], now=values["now"], before=values["before"]
        )
    return both(key, **values, command=publish_command(data_dir, out, periods, langs, template, "--force"))


def site_warnings(
    out: Path, periods: list[str], chosen: list[str], synthetic: bool, data_dir: Path, langs: list[str],
    template: Path | None,
) -> tuple[list[str], list[str], list[str]]:  # fmt: skip
    """The published periods whose rows all went, those left from synthetic data, and what a run says of them.

    Each such period (its pages stay); and, publishing real data, the periods left as published from synthetic
    data (demo pages beside the first real ones: the archive told them apart nowhere). Either makes exit 1.
    """
    from ..render.site_strategy import published_kinds

    published, kinds = published_periods(out), published_kinds(out)
    fictional = [] if synthetic else sorted(p for p in published - set(chosen) if kinds.get(p) is True)
    lost = sorted(published - set(periods) - set(fictional))  # a demo period the real data lack is not lost
    said = [both("publish.warn.period_without_data", period=gone, folder=Path(out) / gone) for gone in lost]
    if fictional:
        command = publish_command(data_dir, out, fictional, langs, template)
        said.append(both("publish.warn.synthetic_left", periods=", ".join(fictional), n=len(fictional),
                         command=command))  # fmt: skip
    return lost, fictional, said


__all__ = [
    "KEPT_AT_LEAST", "FallenRows", "fallen", "fallen_rows", "held_words", "publish_command", "published_periods",
    "published_rows", "site_warnings",
]  # fmt: skip
