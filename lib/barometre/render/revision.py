"""Revisions of a published period: its figures' key, its first publication and last revision dates.

A period's manifest keeps the key of the figures its pages show (``__figures__``: the indicators up to it, by
organisation, and the plans, as its downloads write them), the date it was first published
(``__first_published__``) and the date its figures were last revised (``__revised__``). A period published
again with other figures (late rows, a corrected numerator) is a revision, said on each of its pages; one
rendered again from the same figures (``--force``, a new version of the code) is not.

A revision that comes from the strategy's target values (a strategy file edited under the same id: 2.1 aimed at
60 % instead of 50 %) says which targets changed (``__targets_changed__``), on the pages and in the run's
warnings: the 2022-2023 report read « Chiffres révisés » as if data had been corrected, its 2.1 judged on 60 %.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from ..api import Results, compute_dataset, known_up_to
from ..dataset import Dataset
from ..export import to_csv
from ..i18n import LANGUAGES, both, format_date, format_goal, joined, t
from .data_export import period_tables
from .staging import MANIFEST, read_manifest

FIGURES = ("indicateurs-series", "indicateurs-organisations", "plans-gouvernement", "plans-organisations")
# the columns that are figures, in this order: a column added to the downloads by a later version is no revision
COLUMNS = ("period", "target", "organisation", "value", "numerator", "denominator", "organisations_reporting",
           "organisations_expected", "ci_low", "ci_high", "baseline_value", "target_value", "progress",
           "pace_ratio", "status", "projected_value", "planned_value", "plans_suffice", "organisations_with_plan",
           "organisations_status_quo", "organisations_excluded", "plan_status", "gap")  # fmt: skip
FIGURES_KEY, FIRST, REVISED = "__figures__", "__first_published__", "__revised__"
PLANS_REVISED = "__plans_revised__"  # the last publication that changed the plans' figures only
TARGETS_CHANGED = "__targets_changed__"  # [[target, value aimed at before, now], …] of the last revision
SERIES = "indicateurs-series"  # the download that gives each target's value aimed at (``target_value``)
# the way the key is made: a key made another way (a column added to COLUMNS, another number format, a method
# that computes a figure otherwise) says nothing of a revision — every period would read « Chiffres révisés »
# after such an upgrade. 2: a past planned period's plans judged on the values up to it (plans.held_to);
# 3: the intervals drawn from the target's and period's names, whatever the order of the file or the strategy
KEY_VERSION = "3"
INTERVALS = ("ci_low", "ci_high")
# earlier key versions a period keyed so is still compared under, from its published downloads: the tables that
# read as this version's, and the columns this version computes otherwise (left out of the comparison)
AS_NOW: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "1": (FIGURES[:2], INTERVALS),  # its plans were judged otherwise (2): the indicators only
    "2": (FIGURES, INTERVALS),
}
UNREADABLE = (OSError, UnicodeDecodeError, ValueError, pd.errors.ParserError)  # a download edited by hand


def _digest(texts: dict[str, str], leave_out: Collection[str] = ()) -> str:
    """One key for the figures of tables given as their CSV text (as the downloads write them).

    The columns ``leave_out`` are left out (those an earlier key version computed otherwise).
    """
    digest = hashlib.sha256()
    for name in FIGURES:
        if name not in texts:
            continue
        frame = pd.read_csv(io.StringIO(texts[name]), dtype=str, keep_default_na=False)
        kept = frame[[c for c in COLUMNS if c in frame.columns and c not in leave_out]]
        digest.update(f"{name}\n{kept.to_csv(index=False, lineterminator=chr(10))}\n".encode())
    return f"{KEY_VERSION}:{digest.hexdigest()}"


def _version(key: str | None) -> str | None:
    return None if key is None else key.split(":")[0]


def downloads_changed(
    folder: Path, tables: dict[str, pd.DataFrame], names: Collection[str], leave_out: Collection[str] = ()
) -> bool | None:
    """Whether the tables ``names`` of ``tables`` differ from the published ``folder``'s downloads.

    The columns ``leave_out`` aside; None when not known (the indicators' downloads missing or edited by
    hand). A plans table written then and not now, or now and not then, is a change.
    """
    for lang in LANGUAGES:
        data = folder / lang / "donnees"
        if all((data / f"{n}.csv").is_file() for n in names if n in FIGURES[:2]):
            written = [n for n in names if (data / f"{n}.csv").is_file()]
            try:
                before = _digest(
                    {n: (data / f"{n}.csv").read_text(encoding="utf-8") for n in written}, leave_out
                )
            except UNREADABLE:  # edited by hand: not known
                return None
            now = {n: to_csv(tables[n].reset_index(drop=True)) for n in names if n in tables}
            return before != _digest(now, leave_out)
    return None  # no downloads: not known


def indicators_changed(
    folder: Path, manifest: dict[str, Any], tables: dict[str, pd.DataFrame]
) -> bool | None:
    """Whether the indicators of ``tables`` differ from those the published ``folder``'s downloads give.

    None when not known. A period keyed by an earlier version is compared but for the columns that version
    computed otherwise (:data:`AS_NOW`).
    """
    version = _version(published_figures(folder, manifest))
    leave_out = AS_NOW[version][1] if version in AS_NOW else ()
    return downloads_changed(folder, tables, FIGURES[:2], leave_out)


def figures_changed(folder: Path, manifest: dict[str, Any], tables: dict[str, pd.DataFrame]) -> bool:
    """Whether the figures of ``tables`` differ from those the published ``folder`` gave (False: not known).

    One rule for a revision and for a stale period left out of a run: after the upgrade to key 2, a
    correction was said in neither (the keys' versions differed). A period keyed by an earlier version is
    compared from its downloads, as this version reads them (:data:`AS_NOW`).
    """
    before = published_figures(folder, manifest)
    if _version(before) in AS_NOW:  # an earlier key: compared from the downloads, as this version reads them
        names, leave_out = AS_NOW[str(_version(before))]
        return downloads_changed(folder, tables, names, leave_out) is True
    return changed(before, figures_key(tables))


def changed(before: str | None, now: str) -> bool:
    """Whether figures keyed ``before`` differ from those keyed ``now`` (False when it cannot be told)."""
    if before is None or before.split(":")[0] != now.split(":")[0]:
        return False
    return before != now


def figures_key(tables: dict[str, pd.DataFrame]) -> str:
    """The key of the figures a period's pages and downloads show (notes, names and titles left out).

    ``tables``: the period's :func:`~.data_export.period_tables`.
    """
    return _digest({name: to_csv(tables[name].reset_index(drop=True)) for name in FIGURES if name in tables})


def current_tables(ds: Dataset, period: str) -> dict[str, pd.DataFrame]:
    """The downloads' tables of ``period`` as the data now make them: what was known up to it, its plans too.

    The whole dataset's plans made every earlier period of a strategy followed past its deadline « stale ».
    """
    res = compute_dataset(known_up_to(ds, period))
    return period_tables(res.dataset, res, period)


def current_figures(ds: Dataset, period: str) -> str:
    """The figures' key of ``period`` as the data now make it (:func:`current_tables`)."""
    return figures_key(current_tables(ds, period))


def published_figures(folder: Path, manifest: dict[str, Any]) -> str | None:
    """The figures' key of a published period: its manifest's, else its downloads'; None without either.

    A site made before the key was kept in manifests is read from its downloads.
    """
    kept = manifest.get(FIGURES_KEY)
    if isinstance(kept, str):
        return kept
    for lang in LANGUAGES:
        data = folder / lang / "donnees"
        if (data / "indicateurs-series.csv").is_file():
            names = [n for n in FIGURES if (data / f"{n}.csv").is_file()]
            try:
                return _digest({n: (data / f"{n}.csv").read_text(encoding="utf-8") for n in names})
            except UNREADABLE:  # a file edited by hand: not known
                return None
    return None


def published_targets(folder: Path) -> dict[str, float | None] | None:
    """Each target's value aimed at, as the published period ``folder``'s download gives it; None if not read."""
    for lang in LANGUAGES:
        path = folder / lang / "donnees" / f"{SERIES}.csv"
        if path.is_file():
            try:
                return _targets(pd.read_csv(path, dtype=str, keep_default_na=False), folder.name)
            except UNREADABLE:  # edited by hand: not known
                return None
    return None


def _targets(frame: pd.DataFrame, period: str) -> dict[str, float | None] | None:
    """Each target's ``target_value`` in ``period``'s rows of a series table (None: a target without one)."""
    if not {"period", "target", "target_value"} <= set(frame.columns):
        return None
    rows = frame[frame["period"].astype(str) == period]
    values = pd.to_numeric(rows["target_value"], errors="coerce")
    return {str(tg): (None if pd.isna(v) else float(v)) for tg, v in zip(rows["target"], values, strict=True)}


def _differ(a: float | None, b: float | None) -> bool:
    return (a is None) != (b is None) or (a is not None and b is not None and abs(a - b) > 1e-9)


def target_changes(
    before: dict[str, float | None] | None, tables: dict[str, pd.DataFrame], period: str
) -> list:
    """[[target, before, now], …]: the targets whose value aimed at differs from the published one."""
    # read as the download writes them (rounded to 6 decimals): 2/3 published as 0.666667 is no change
    text = to_csv(tables[SERIES]) if SERIES in tables else ""
    now = _targets(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False), period) if text else None
    if not before or not now:
        return []
    return [
        [tg, before[tg], value] for tg, value in now.items() if tg in before and _differ(before[tg], value)
    ]


def _changes_text(changes: list, lang: str, down: Collection[str] = ()) -> str:
    """« 2.1 : 50 % → 60 % » for each target changed; « 1.3 : au plus 25 % → au plus 20 % » for one of ``down``."""
    shown = [f"{tg}{t('punct.colon', lang)}{format_goal(old, lang, at_most=tg in down)} → "
             f"{format_goal(new, lang, at_most=tg in down)}" for tg, old, new in changes]  # fmt: skip
    return joined(shown, lang)


def targets_warning(period: str, changes: list, down: Collection[str] = ()) -> str:
    """The run's warning for a period whose target values the strategy changed since its publication.

    ``down``: the targets to go down to, whose values read « au plus … ».
    """
    return both("site.warning.targets_changed", period=period, n=len(changes),
                changes={lang: _changes_text(changes, lang, down) for lang in LANGUAGES})  # fmt: skip


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass
class Revision:
    """A period's publication dates: first published (None: before they were kept), last revised."""

    figures: str
    first: dt.date | None
    revised: dt.date | None
    now: bool = False  # its figures changed since the last publication: revised by this one
    targets: list = field(default_factory=list)  # the targets whose value aimed at that revision changed
    down: frozenset[str] = frozenset()  # the strategy's targets to go down to (« au plus … »)
    plans: dt.date | None = None  # the last publication that changed the plans' figures only, if later
    plans_only: bool = False  # this publication changed the plans' figures, not the indicators

    @property
    def summary_key(self) -> str:
        """The run summary's line for a period this publication revised: its figures, or its plans only."""
        return "site.summary.plans_revised" if self.plans_only else "site.summary.revised"

    def note(self, lang: str) -> str:
        """One sentence for the top of each page, two when the plans changed since; empty: never revised."""
        plans = ""
        if self.plans is not None:  # « Chiffres révisés » read as a data correction when plans were added
            key = (
                "site.plans_revised"
                if self.revised is not None or self.first is None
                else "site.plans_revised_first"
            )
            plans = t(key, lang, date=format_date(self.plans, lang),
                      first=format_date(self.first, lang) if self.first else "")  # fmt: skip
        if self.revised is None:
            return plans
        when = format_date(self.revised, lang)
        if self.first is None:
            said = t("site.revised_unknown_first", lang, date=when)
        else:
            said = t("site.revised", lang, date=when, first=format_date(self.first, lang))
        if self.targets:
            said += " " + t(
                "site.revised_targets",
                lang,
                n=len(self.targets),
                changes=_changes_text(self.targets, lang, self.down),
            )
        return f"{said} {plans}" if plans else said

    def keep(self, manifest: dict[str, Any]) -> None:
        """Write the key and the dates into the period's manifest."""
        manifest[FIGURES_KEY] = self.figures
        if self.targets:
            manifest[TARGETS_CHANGED] = self.targets
        else:
            manifest.pop(TARGETS_CHANGED, None)
        for name, day in ((FIRST, self.first), (REVISED, self.revised), (PLANS_REVISED, self.plans)):
            if day is None:
                manifest.pop(name, None)
            else:
                manifest[name] = day.isoformat()


def archive_dates(folder: Path) -> Markup:
    """« première publication : 12 novembre 2026 ; chiffres révisés le … » / its English, for the archive page."""
    manifest = read_manifest(folder) or {}
    first, revised = _date(manifest.get(FIRST)), _date(manifest.get(REVISED))
    plans = _date(manifest.get(PLANS_REVISED))
    said = {
        lang: t("punct.semicolon", lang).join(
            [
                t(key, lang, date=format_date(day, lang))
                for key, day in (
                    ("archive.first_published", first),
                    ("archive.revised", revised),
                    ("archive.plans_revised", plans),
                )
                if day is not None
            ]
        )  # fmt: skip
        for lang in LANGUAGES
    }
    if not said["fr"]:
        return Markup("")
    return Markup('{} / <span lang="en">{}</span>').format(said["fr"], said["en"])


def going_down(ds: Dataset) -> frozenset[str]:
    """The ids of ``ds``'s targets to go down to (« au plus … »)."""
    return frozenset(tg.id for tg in ds.strategy.targets if tg.decreases)


def revision(
    folder: Path,
    manifest: dict[str, Any],
    tables: dict[str, pd.DataFrame],
    today: dt.date,
    down: frozenset[str] = frozenset(),
) -> Revision:
    """The dates a period's pages give once published today with the figures of ``tables`` (its downloads).

    A first publication is dated today; a period published before keeps its first date (unknown for a
    site made before dates were kept); its figures changed since: revised today, with the targets whose
    value aimed at changed (``down``: those to go down to).
    """
    figures = figures_key(tables)
    published = (folder / MANIFEST).is_file() and any(
        (folder / lang / "index.html").is_file() for lang in LANGUAGES
    )
    if not published:
        return Revision(figures, today, None)
    first, revised = _date(manifest.get(FIRST)), _date(manifest.get(REVISED))
    plans = _date(manifest.get(PLANS_REVISED))
    if figures_changed(folder, manifest, tables):
        targets = target_changes(published_targets(folder), tables, folder.name)
        # the indicators as published: the plans changed
        if not targets and indicators_changed(folder, manifest, tables) is False:
            return Revision(
                figures,
                first,
                revised,
                now=True,
                targets=_kept_targets(manifest),
                down=down,
                plans=today,
                plans_only=True,
            )  # the last revision's words kept: its targets too
        return Revision(figures, first, today, now=True, targets=targets, down=down)
    return Revision(figures, first, revised, targets=_kept_targets(manifest), down=down, plans=plans)


def _kept_targets(manifest: dict[str, Any]) -> list:
    """The target changes a manifest keeps of its last revision (none when edited into another shape)."""
    kept = manifest.get(TARGETS_CHANGED)
    if not isinstance(kept, list) or not all(isinstance(c, list) and len(c) == 3 for c in kept):
        return []
    return kept


def published_revision(folder: Path, res: Results, period: str) -> Revision | None:
    """The revision a published period's pages say, when the data still make its figures; else None.

    ``barometre brief`` writes the pack into the site's period folder: a brief written there after a revision
    says it as the pages do (it replaced the render's brief, which said it, with one that did not).
    """
    manifest = read_manifest(folder) or {}
    revised, plans = _date(manifest.get(REVISED)), _date(manifest.get(PLANS_REVISED))
    if (revised is None and plans is None) or manifest.get(FIGURES_KEY) != figures_key(
        period_tables(res.dataset, res, period)
    ):
        return None
    return Revision(
        str(manifest[FIGURES_KEY]),
        _date(manifest.get(FIRST)),
        revised,
        targets=_kept_targets(manifest),
        down=going_down(res.dataset),
        plans=plans,
    )


def stale_periods(ds: Dataset, out: Path, chosen: list[str]) -> list[str]:
    """Periods published in ``out``, left out of ``chosen``, whose figures the data now change."""
    stale = []
    for period in ds.periods:
        folder = Path(out) / period
        manifest = None if period in chosen else read_manifest(folder)
        if manifest is None:
            continue
        # a key made another way tells no change: no figures computed to compare with it
        before = published_figures(folder, manifest)
        known = _version(before) in {KEY_VERSION, *AS_NOW}
        if known and figures_changed(folder, manifest, current_tables(ds, period)):
            stale.append(period)
    return stale
