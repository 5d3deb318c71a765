"""The small public API that notebooks and commands call."""

from __future__ import annotations

import shlex
import sys
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .dataset import Dataset, load_dataset
from .errors import NoUsableDataError, ParameterError
from .i18n import both, t
from .issue_groups import told
from .methodology import (
    Options,
    compute_by_organisation,
    compute_indicators,
    organisation_matrix,
    summary_index,
)
from .methodology_formulas import row_counted
from .paths import default_data_dir
from .strategy_model import Strategy, fiscal_year_start, normalise_period, period_year

REJECTED_GROUPS_SHOWN = 5  # problems told on stderr, commonest first; barometre validate tells them all
WARNING_GROUPS_SHOWN = 10  # warnings told on stderr, the same way (one per row flooded every command)


@dataclass
class Results:
    """Everything computed from one dataset."""

    dataset: Dataset
    indicators: pd.DataFrame
    by_organisation: pd.DataFrame
    summary: pd.DataFrame

    def matrix(self, period: str) -> pd.DataFrame:
        """Organisation × target values for one period."""
        return organisation_matrix(self.by_organisation, period, self.dataset.strategy)

    def period_indicators(self, period: str) -> pd.DataFrame:
        """Indicator rows of one period, in strategy order."""
        return self.indicators[self.indicators["period"] == period].reset_index(drop=True)

    def counted(self, target: str, period: str | None) -> bool:
        """Whether enough organisations reported ``target`` in ``period`` for the period to count (no row: no)."""
        ind = self.indicators
        rows = ind[(ind["target"] == target) & (ind["period"] == period)]
        return row_counted(rows.iloc[0] if len(rows) else None, self.dataset.strategy)

    def change_given(self, target: str, period: str, previous: str | None) -> bool:
        """Whether ``target``'s change from ``previous`` to ``period`` is given: both periods count.

        The brief's table withholds the others (« — † »); its most improved organisations rank on these only.
        """
        return self.counted(target, period) and self.counted(target, previous)


def compute(data_dir: str | Path | None = None, options: Options | None = None) -> Results:
    """Load a dataset folder and compute indicators, per-organisation values and the index."""
    ds = load_dataset(data_dir or default_data_dir())
    return compute_dataset(ds, options)


def warn_if_rejected(ds: Dataset) -> None:
    """Say on stderr how many rows of ``ds`` were rejected and which columns nothing read, if any.

    The command goes on without them.
    """
    folder = shlex.quote(str(ds.path))
    if ds.report.errors:
        print(both("data.warning.rejected", n=ds.report.rows_rejected, folder=folder), file=sys.stderr)
        # often a single cause, next year's period: told once, with its rows
        groups, more = told(ds.report.errors, REJECTED_GROUPS_SHOWN, folder)
        for group in groups:
            print(f"  {group.describe('fr')} / {group.describe('en')}", file=sys.stderr)
        if more:
            print(f"  {more}", file=sys.stderr)
    # a warning of each row (145 counts written « 4.20E+03 »): one line with its rows, as errors are
    groups, more = told(ds.report.warnings, WARNING_GROUPS_SHOWN, folder)
    for group in groups:
        print(f"{group.describe('fr')} / {group.describe('en')}", file=sys.stderr)
    if more:  # unindented, as the warnings it follows (the errors' lines are under their heading)
        print(more, file=sys.stderr)


def require_observations(ds: Dataset) -> None:
    """Raise a :class:`NoUsableDataError` when no observation of ``ds`` was accepted.

    The message names the observations file, the rows read and the most frequent
    reasons for rejection, so that nobody publishes an empty barometer.
    """
    if not ds.observations.empty:
        return
    obs_errors = [e for e in ds.report.errors if Path(e.file).name != "organisations.csv"]
    file = (
        obs_errors[0].file
        if obs_errors
        else next((n for n in ds.file_hashes if n.startswith("observations")), "observations")
    )
    # each reason in words (« unknown_period (917) » read as code to an analyst), by rule and value: one
    # message and its count (« 1999-2000 » for 5 rows and « 2030-2031 » for 912 are two reasons)
    reasons = Counter((e.rule, e.value) for e in obs_errors).most_common(4)
    first = {key: next(e for e in obs_errors if (e.rule, e.value) == key) for key, _n in reasons}
    parts = {}
    for lang in ("fr", "en"):
        why = "; ".join(
            t("error.reason_rows", lang, text=first[key].text(lang).rstrip(". "), n=n) for key, n in reasons
        ) or t("error.no_rows_in_file", lang)
        parts[lang] = t("error.no_usable_observation", lang, folder=ds.path, file=Path(file).name, why=why)
    raise NoUsableDataError(f"{parts['fr']} / {parts['en']}", file=str(ds.path / Path(file).name))


def compute_dataset(ds: Dataset, options: Options | None = None) -> Results:
    """Compute every result for an already loaded dataset (one with no accepted observation is an error)."""
    require_observations(ds)
    periods = ds.periods
    ind = compute_indicators(ds.observations, ds.organisations, ds.strategy, periods, options)
    by_org = compute_by_organisation(ds.observations, ds.organisations, ds.strategy, periods)
    return Results(ds, ind, by_org, summary_index(ind, ds.strategy))


def known_up_to(ds: Dataset, period: str) -> Dataset:
    """The dataset as it was known for ``period``: observations of later periods are dropped.

    A report for period P is computed from this, so that its charts, tables, text
    alternatives, key messages, projections, intervals and downloads show only
    what was known up to P, and stay the same when later data arrive. Its plans run to the deadline (the
    trajectory it shows), or to P after it: a plan for a year past both, filed since for a strategy followed
    after its deadline, made every earlier report « Chiffres révisés » at each weekly ingestion.
    """
    order = ds.strategy.periods
    if period not in order:
        raise ParameterError(both("error.period_unknown_to_strategy", period=period))
    later = set(order[order.index(period) + 1 :])
    keep = ~ds.observations["period"].isin(later)
    horizon = max(order.index(period), order.index(ds.strategy.deadline_period))
    plans = ds.plans[~ds.plans["period"].isin(order[horizon + 1 :])] if ds.has_plans else ds.plans
    return replace(
        ds, observations=ds.observations[keep].reset_index(drop=True), plans=plans.reset_index(drop=True),
        strategy=strategy_known_up_to(ds.strategy, period),
    )  # fmt: skip


def strategy_known_up_to(strategy: Strategy, period: str) -> Strategy:
    """The strategy as a report for ``period`` knows it: an open-ended one's periods up to ``period``.

    An open-ended strategy's periods grow with the data: a year added next spring ran every chart of the
    2016-2017 report to 2019-2020, and rendered every earlier period again. They reach ``period`` (or the
    baseline and deadline periods it declares, when later), as the strategy file alone would give them.
    """
    if not strategy.open_ended:
        return strategy
    last = max(period_year(p) for p in (period, strategy.baseline_period, strategy.deadline_period))
    return replace(strategy, periods=tuple(p for p in strategy.periods if period_year(p) <= last))


def known_inputs(ds: Dataset, period: str) -> dict[str, Any]:
    """What a report for ``period`` is made from, as hashes (the key of its pages and downloads).

    The observations known up to ``period`` (rows of later periods change none of its pages, see
    :func:`known_up_to`), the organisations created by then, the other files whole, the strategy's periods
    (an open-ended strategy grows with the data) and the count of rejected rows up to it (the overview gives
    it). The key held the whole observations file's hash: a correction of the latest period's figures
    rendered every period of the archive again; the organisations file's, a new agency every page.
    """
    import hashlib

    from .organisation_periods import created_by
    from .plans_validation import PLANS_FILE

    def digest(frame: pd.DataFrame) -> str:
        # in a fixed order: the same rows sorted another way (by Excel, a re-export) make the same report
        rows = (
            frame.astype(str).sort_values(list(frame.columns), kind="stable") if len(frame.columns) else frame
        )
        return hashlib.sha256(rows.to_csv(index=False, lineterminator="\n").encode("utf-8")).hexdigest()

    known = known_up_to(ds, period)
    return {
        "observations_up_to_period": digest(
            known.observations.drop(columns=["file", "row"], errors="ignore")
        ),
        # an organisation created after the period is in none of its pages
        "organisations_up_to_period": digest(ds.organisations[created_by(ds.organisations, period)]),
        "plans_up_to_period": digest(known.plans.drop(columns=["file", "row"], errors="ignore")),
        "files": {
            name: h
            for name, h in ds.file_hashes.items()
            if not name.startswith("observations.") and name not in ("organisations.csv", PLANS_FILE)
        },  # fmt: skip
        "periods": list(known.strategy.periods),
        "rows_rejected": ds.rows_rejected_up_to(period),
    }


def _stamp(data_dir: str) -> tuple:
    """The folder's files as (name, modification time, size): a file saved since gives a new cache key.

    An analyst's kernel (the explorer in JupyterLab) kept the results of the data as they were when it
    first read them: data ingested since did not show until the kernel was restarted.
    """
    folder = Path(data_dir)
    if not folder.is_dir():
        return ()
    stats = ((p.name, p.stat()) for p in folder.iterdir() if p.is_file())
    return tuple(sorted((name, st.st_mtime_ns, st.st_size) for name, st in stats))


@lru_cache(maxsize=4)
def _cached(data_dir: str, bootstrap: int, seed: int, stamp: tuple) -> Results:
    return compute(data_dir, Options(bootstrap=bootstrap, seed=seed))


@lru_cache(maxsize=8)
def _cached_up_to(data_dir: str, bootstrap: int, seed: int, stamp: tuple, period: str) -> Results:
    full = _cached(data_dir, bootstrap, seed, stamp)
    return compute_dataset(known_up_to(full.dataset, period), Options(bootstrap=bootstrap, seed=seed))


def results(
    data_dir: str | Path | None = None, options: Options | None = None, up_to: str | None = None
) -> Results:
    """Like :func:`compute`, memoised per folder and the state of its files (for notebooks and widgets).

    With ``up_to`` (a period), only the observations of periods up to it are
    used (see :func:`known_up_to`); the latest period gives the full results.
    """
    options = options or Options()
    folder = str(Path(data_dir or default_data_dir()).resolve())
    key = (folder, options.bootstrap, options.seed, _stamp(folder))
    full = _cached(*key)
    if up_to is None or up_to == full.dataset.latest_period:
        return full
    return _cached_up_to(*key, up_to)


def refuse_rejected_period(ds: Dataset, period: str) -> None:
    """Raise a :class:`ParameterError` saying why, when ``period``'s rows were read but all rejected.

    Next year's file names a period the strategy does not know: « absente des données » would be
    wrong, its rows are there; the message gives their number and the reason, with what to do.
    """
    rejected = [e for e in ds.report.errors if e.column == "period" and e.value == period]
    if not rejected and (start := fiscal_year_start(period)) is not None:
        # « 2023 » alone, one of its two years (« 2022-2023 ou 2023-2024 ? »): 212 rows of next year read
        # « absente des données »
        years = {str(start), str(start + 1)}
        rejected = [e for e in ds.report.errors if e.column == "period" and str(e.value).strip() in years]
        # the rows of the one spelling named, the commonest (« 2023 »): « 2024 » rows may be another period's
        if rejected:
            spelling = Counter(str(e.value).strip() for e in rejected).most_common(1)[0][0]
            rejected = [e for e in rejected if str(e.value).strip() == spelling]
        key = "error.period_rejected_year"
    else:
        key = "error.period_rejected"
    if rejected:
        reason = {"fr": rejected[0].message, "en": rejected[0].message_en}
        if key == "error.period_rejected":  # it begins « Période « 2023-2024 » : », as the reason does
            from .newer_rejected import unrepeated

            reason = unrepeated(reason, period)
        n, folder = len(rejected), shlex.quote(str(ds.path))
        raise ParameterError(
            both(key, period=period, n=n, reason=reason, folder=folder, year=rejected[0].value)
        )


def resolve_period(ds: Dataset, period: str | None) -> str:
    """Return ``period`` (default: the latest with data) or list the valid ones.

    The default is refused when a later period's rows (or a period that may be later: « 2023 ») were all
    rejected: the previous one was published as if nothing had happened (:mod:`barometre.newer_rejected`).
    """
    from .newer_rejected import refuse_newer_rejected

    require_observations(ds)
    if period in (None, "", "latest"):
        refuse_newer_rejected(ds)
        return ds.latest_period
    period = normalise_period(period)  # « --period 2022-23 », as the files may write it
    if period not in ds.periods:
        refuse_rejected_period(ds, str(period))
        raise ParameterError(both("error.period_not_in_data", period=period, valid=", ".join(ds.periods)))
    return str(period)
