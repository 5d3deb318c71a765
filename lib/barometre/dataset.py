"""Dataset directories: ``organisations.csv``, ``observations.*``, ``dataset.yaml``; optional ones.

The optional files are ``plans.csv`` and ``exclusions.csv`` (what an importer left out of each count).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import yaml

from . import yaml_text
from .aliases import apply_aliases
from .errors import DatasetError
from .exclusions import empty_exclusions, read_exclusions
from .i18n import both, t
from .plans_validation import PLANS_FILE, empty_plans, read_plans
from .readers import RawTable, parse_bool, read_table
from .span_advice import span_warnings
from .strategy import Strategy, load_strategy, strategy_sha256
from .strategy_model import earliest_fiscal_start, fiscal_year_start, normalise_period
from .validation import ValidationReport, normalise_target, validate_observations
from .validation_organisations import validate_organisations
from .validation_report import Issue, make_issue

T = TypeVar("T")
OBSERVATION_FILES = ("observations.csv", "observations.parquet", "observations.xlsx")


@dataclass
class Dataset:
    """A loaded, validated dataset: only accepted rows are in the frames."""

    path: Path
    meta: dict[str, Any]
    strategy: Strategy
    organisations: pd.DataFrame
    observations: pd.DataFrame
    report: ValidationReport
    file_hashes: dict[str, str] = field(default_factory=dict)
    plans: pd.DataFrame = field(default_factory=empty_plans)
    # rejected observation rows by the earliest fiscal year they may name (None: no year), for earlier reports
    rejected_years: dict[int | None, int] = field(default_factory=dict)
    # (period, organisation, target) of the rejected observation rows that name all three readably: reported,
    # but not counted (the reports say « déclarée mais rejetée », not « non déclarée »)
    rejected_keys: frozenset[tuple[str, str, str]] = field(default_factory=frozenset)
    # the rows of each period the rejected observation rows name, as written once normalised (« 2023 »)
    rejected_periods: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # what an importer left out of each target's count, and why (exclusions.csv, optional)
    exclusions: pd.DataFrame = field(default_factory=empty_exclusions)
    _names: dict[str, dict[str, str]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _derived: dict[tuple, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def rows_rejected_up_to(self, period: str) -> int:
        """Rows rejected, less the observation rows of periods after ``period``.

        A report for 2019-2020 said « 2 lignes … ont été rejetées » of a row of 2022-2023 (and of next year's
        file, refused until the strategy follows it): what was known up to the period, as its figures.
        """
        year = fiscal_year_start(period)
        later = sum(
            n for y, n in self.rejected_years.items() if y is not None and year is not None and y > year
        )
        return self.report.rows_rejected - later

    @property
    def has_plans(self) -> bool:
        """True when the dataset has a ``plans.csv`` with at least one accepted row."""
        return not self.plans.empty

    @property
    def title(self) -> str:
        """The dataset's title."""
        return str(self.meta.get("title", self.path.name))

    def title_in(self, lang: str) -> str:
        """The title in ``lang``: ``title_en`` (``title_fr``) when dataset.yaml gives one, else ``title``.

        The English pages, brief and deck said « Dataset: Baromètre de démonstration (données fictives) »;
        the GC import wrote ``title_fr`` and ``title_en`` that nothing read.
        """
        return self.about_in("title", lang) or self.title

    def about_in(self, field: str, lang: str) -> str:
        """``title``, ``source`` or ``licence`` of dataset.yaml in ``lang``, or "".

        ``source_en`` (``title_fr`` …) when dataset.yaml gives one, else the field as given.
        """
        value = self.meta.get(f"{field}_{lang}") or self.meta.get(field)
        return str(value).strip() if value else ""

    @property
    def synthetic(self) -> bool:
        """True when the dataset is declared synthetic (every page then says so)."""
        return self.meta.get("synthetic") is True

    @property
    def periods(self) -> list[str]:
        """Strategy periods that have at least one accepted observation, in order."""
        present = set(self.observations["period"])
        return [p for p in self.strategy.periods if p in present]

    @property
    def latest_period(self) -> str:
        """The most recent period with data."""
        if not self.periods:
            raise DatasetError(both("error.no_valid_observation", path=self.path))
        return self.periods[-1]

    @property
    def sample(self) -> pd.DataFrame:
        """Organisations in the sample (the expected reporters)."""
        return self.organisations[self.organisations["in_sample"]].reset_index(drop=True)

    def organisation_names(self, lang: str = "fr") -> dict[str, str]:
        """Every organisation's name in ``lang``, by code (read once per language)."""
        if lang not in self._names:
            orgs = self.organisations
            column = "name_en" if lang == "en" else "name_fr"
            self._names[lang] = dict(zip(orgs["code"].astype(str), orgs[column].astype(str), strict=True))
        return self._names[lang]

    def derived(self, key: tuple, make: Callable[[], T]) -> T:
        """A value computed from this dataset by ``make``, once per ``key``; a table is copied for each caller.

        A kernel renders many pages from one loaded dataset: a table several sections need (the
        government plans of a period, say) is computed once. The dataset's frames are never changed in
        place, so a kept value cannot go stale; values that are not tables must be immutable.
        """
        if key not in self._derived:
            self._derived[key] = make()
        value = self._derived[key]
        return value.copy() if isinstance(value, pd.DataFrame) else value

    def organisation_name(self, code: str, lang: str = "fr") -> str:
        """Name of an organisation in ``lang`` (its code when unknown)."""
        return self.organisation_names(lang).get(code, code)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def find_observations(folder: Path) -> Path:
    """Return the observations file of a dataset folder (CSV, Parquet or Excel)."""
    for name in OBSERVATION_FILES:
        if (folder / name).exists():
            return folder / name
    raise DatasetError(both("error.no_observations_file", folder=folder, files=", ".join(OBSERVATION_FILES)))


def read_meta(folder: Path) -> dict[str, Any]:
    """Read and check ``dataset.yaml``."""
    path = folder / "dataset.yaml"
    if not path.exists():
        raise DatasetError(both("error.no_dataset_yaml", folder=folder))
    try:
        meta = yaml_text.load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DatasetError(both("error.invalid_yaml", path=path, reason=exc)) from None
    if not isinstance(meta, dict):
        raise DatasetError(both("error.mapping_expected", path=path))
    for key in ("title", "strategy"):
        if not meta.get(key):
            raise DatasetError(both("error.key_required", path=path, field=key))
    # « synthetic: non » or « "false" » read as true: every page of real data would have said « fictives »
    flag = meta.get("synthetic")
    parsed = flag if isinstance(flag, bool) else parse_bool("" if flag is None else str(flag), default=False)
    if parsed is None:
        raise DatasetError(both("error.synthetic_not_boolean", path=path, value=flag))
    meta["synthetic"] = parsed
    return meta


def load_dataset_parts(
    folder: str | Path,
) -> tuple[dict[str, Any], Strategy, pd.DataFrame, ValidationReport]:
    """Load the metadata, strategy and organisations of a dataset (not its observations)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DatasetError(both("error.dataset_not_found", folder=folder))
    meta = read_meta(folder)
    strategy = load_strategy(meta["strategy"], base_dir=folder)
    orgs, report = validate_organisations(read_table(folder / "organisations.csv"))
    if strategy.untranslated:  # said, not shown in French on the English pages without a word
        report.warnings.append(_untranslated(strategy))
    return meta, strategy, orgs, report


def load_dataset(folder: str | Path, observations: str | Path | None = None) -> Dataset:
    """Load and validate a dataset folder; rejected rows are in ``dataset.report``.

    ``observations`` replaces the folder's own observations file (used by
    ``barometre validate FILE --data DIR``).
    """
    folder = Path(folder)
    meta, strategy, orgs, report = load_dataset_parts(folder)
    obs_path = Path(observations) if observations else find_observations(folder)
    table = read_table(obs_path)
    obs, obs_report = validate_observations(table, strategy, orgs)
    report.extend(obs_report)
    if not observations:
        report.warnings += other_observation_files(folder, obs_path)
    strategy = strategy.extended_to(obs["period"])
    report.warnings += span_warnings(str(folder / "organisations.csv"), orgs, obs, strategy)
    plans, plans_report, plans_path = read_plans(folder, strategy, orgs)
    report.extend(plans_report)
    exclusions, exclusions_report, exclusions_path = read_exclusions(folder, strategy, orgs)
    report.extend(exclusions_report)
    inputs = [
        folder / "organisations.csv",
        folder / "dataset.yaml",
        obs_path,
        *([plans_path] if plans_path else []),
        *([exclusions_path] if exclusions_path else []),
    ]
    hashes = {p.name: sha256_file(p) for p in sorted(inputs)}
    rejected = _rejected_rows(table, obs_report, strategy, orgs)
    found = list(rejected.values())
    return Dataset(
        folder,
        meta,
        strategy,
        orgs,
        obs,
        report,
        hashes,
        plans,
        _rejected_years(found),
        _rejected_keys(found),
        exclusions=exclusions,
        rejected_periods=_rejected_periods(rejected),
    )


def other_observation_files(folder: Path, read: Path) -> list[Issue]:
    """A warning naming the observations files of ``folder`` that are not read (only ``read`` is).

    « observations (1).csv » saved with the new figures, or a broken « observations.parquet » beside the CSV,
    were ignored without a word: the run published the old figures.
    """
    from .collect.history import HISTORY_FILE  # ingest's own, written beside observations.csv
    from .readers import reader_names

    readable = set(reader_names())
    others = sorted(p.name for p in folder.iterdir()
                    if p.is_file() and p.name.lower().startswith("observations") and not p.samefile(read)
                    and p.suffix.lower() in readable and p.name != HISTORY_FILE)  # fmt: skip
    if not others:
        return []
    return [make_issue(str(read), None, None, None, "other_observation_files", files=", ".join(others),
                       read=read.name, n=len(others))]  # fmt: skip


def _rejected_rows(
    table: RawTable, report: ValidationReport, strategy: Strategy, organisations: pd.DataFrame
) -> dict[int, tuple[str, str | None, str | None]]:
    """Each rejected row of an observations table (by row): its period, its organisation and target when readable.

    Normalised as validation reads them (``normalise_period``, ``normalise_target`` with the strategy's ids);
    an organisation not in ``organisations`` or a target not in the strategy is None.
    """
    rows = {e.row for e in report.errors if e.file == table.file and e.row is not None}
    if not rows:
        return {}
    frame = apply_aliases(table, "observations").frame
    empty = [""] * len(table.rows)
    columns = {c: dict(zip(table.rows, frame[c] if c in frame else empty, strict=True))
               for c in ("period", "organisation", "target")}  # fmt: skip
    codes, ids = set(organisations["code"].astype(str)), strategy.target_ids
    out = {}
    for row in sorted(rows):
        org = str(columns["organisation"].get(row, "")).strip()
        target = normalise_target(str(columns["target"].get(row, "")), ids)
        out[row] = (normalise_period(columns["period"].get(row, "")), org if org in codes else None,
                    target if target in ids else None)  # fmt: skip
    return out


def _rejected_periods(rejected: dict[int, tuple[str, str | None, str | None]]) -> dict[str, tuple[int, ...]]:
    """The rejected observation rows by the period they name, normalised (« 2022-23 » → 2022-2023)."""
    out: dict[str, list[int]] = {}
    for row, (period, _org, _target) in rejected.items():
        out.setdefault(period, []).append(row)
    return {period: tuple(found) for period, found in out.items()}


def _rejected_years(rejected: list[tuple[str, str | None, str | None]]) -> dict[int | None, int]:
    """The rejected rows counted by the earliest fiscal year their period may name (None: no year in it).

    « 2023 » counts from 2022-2023: a report for 2021-2022 said its rows, of 2022-2023 or of 2023-2024, were
    rejected from what it knew.
    """
    counts: dict[int | None, int] = {}
    for period, _org, _target in rejected:
        year = earliest_fiscal_start(period)
        counts[year] = counts.get(year, 0) + 1
    return counts


def _rejected_keys(rejected: list[tuple[str, str | None, str | None]]) -> frozenset[tuple[str, str, str]]:
    """(period, organisation, target) of the rejected rows whose three are readable."""
    return frozenset(
        (period, org, target)
        for period, org, target in rejected
        if fiscal_year_start(period) is not None and org is not None and target is not None
    )


def changed_inputs(ds: Dataset, strategy_hash: str) -> list[str]:
    """The files ``ds`` was read from that are no longer what was read: changed, gone, or new (plans).

    A render reads the data once for its tables and downloads, and each page's kernel reads them
    again: a file saved in between would mix two versions in one publication. ``strategy_hash`` is
    the strategy file's hash when it was read (:func:`~barometre.strategy.strategy_sha256`).
    """
    changed = [name for name, digest in ds.file_hashes.items()
               if not (ds.path / name).is_file() or sha256_file(ds.path / name) != digest]  # fmt: skip
    if PLANS_FILE not in ds.file_hashes and (ds.path / PLANS_FILE).exists():
        changed.append(PLANS_FILE)
    source = Path(ds.strategy.source_path)
    if not source.is_file() or strategy_sha256(ds.strategy) != strategy_hash:
        changed.append(source.name)
    return sorted(changed)


__all__ = ["Dataset", "changed_inputs", "load_dataset", "sha256_file"]


def _untranslated(strategy: Strategy) -> Issue:
    """The warning naming the strategy's texts without English: « cible A.2 : « 90 % des processus… » »."""
    source = strategy.source_path
    places = {}
    for lang, quote in (("fr", "«\u00a0{}\u00a0»"), ("en", "'{}'")):
        named = []
        for place_fr, place_en, text in strategy.untranslated:
            place = (place_fr if lang == "fr" else place_en).removeprefix(source).lstrip(", ")
            named.append(
                f"{place}{t('punct.colon', lang)}{quote.format(text)}" if place else quote.format(text)
            )
        places[lang] = t("punct.semicolon", lang).join(named)
    return make_issue(
        source, None, None, None, "strategy_untranslated", places=places, n=len(strategy.untranslated)
    )
