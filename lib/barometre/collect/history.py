"""Merge accepted submissions into ``observations.csv``, with an append-only history and ingestion log.

- ``observations.csv`` keeps the brief's columns (``period, organisation, target, numerator, denominator,
  note, source``) plus provenance columns the core reader ignores: ``source_file, source_sha256,
  ingested_at``. A submission for an organisation and period replaces all earlier rows of that pair.
- ``observations_history.csv`` is only ever appended to: every merged submission (one ``version`` per
  organisation and period), and, before they are first replaced, the rows that were there before
  (``origin = antérieur``), so that nothing is lost.
- ``ingestion_log.csv`` records each distinct file (by sha256) once, with its outcome and counts, and once more
  when a file refused (its figures all rejected) is later taken in (ingested for its own period).

A file whose sha256 is in the history, or logged with an outcome other than refused, is not merged again; a plan
already archived is not merged again either: the same ingestion run twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import ImportFailure
from ..i18n import both
from ..readers import parse_number
from ..strategy import Strategy
from ..validation import PROVENANCE_COLUMNS as VALIDATION_PROVENANCE
from .dataset_files import DatasetFile, read_dataset_file, to_csv, write_dataset_file

BASE_COLUMNS = ["period", "organisation", "target", "numerator", "denominator", "note", "source"]
PROVENANCE_COLUMNS = list(VALIDATION_PROVENANCE)  # the columns validation knows as provenance
OBSERVATION_COLUMNS = BASE_COLUMNS + PROVENANCE_COLUMNS
HISTORY_FILE = "observations_history.csv"
HISTORY_COLUMNS = ["recorded_at", "version", "origin", *OBSERVATION_COLUMNS]
LOG_FILE = "ingestion_log.csv"
LOG_COLUMNS = [
    "ingested_at", "file", "sha256", "period", "organisations", "rows_read",
    "rows_accepted", "rows_rejected", "errors", "warnings", "outcome",
]  # fmt: skip
ORIGIN_SUBMISSION = "soumission"
ORIGIN_PRIOR = "antérieur"


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ImportFailure(
            both("collect.error.unreadable_history", path=path, reason=type(exc).__name__)
        ) from None
    frame = frame.astype(object)
    for c in columns:
        if c not in frame.columns:
            frame[c] = ""
    return frame


def format_count(x: float) -> str:
    """``4.0`` → ``4``: counts are written as people wrote them."""
    x = float(x)
    return str(int(x)) if x.is_integer() else repr(x)


REFUSED = ("rejected", "empty")  # outcomes of a file nothing was taken from: it may be ingested again


def latest_outcomes(log: pd.DataFrame) -> dict[str, str]:
    """Each logged file's latest outcome, by sha256 (a file refused, then taken in, has two lines)."""
    return dict(zip(log["sha256"], log["outcome"], strict=True))


def known_hashes(data_dir: Path, log: pd.DataFrame | None = None) -> set[str]:
    """sha256 of every file already taken in: in the history, or logged with an outcome not :data:`REFUSED`.

    ``log``: the ingestion log, when the caller has read it.

    A workbook refused for its period (« Ingérez-le avec --period 2021-2022 ») was « déjà intégré (même sha256) »
    when ingested as told, and its figures were never merged.
    """
    hist = _read_csv(data_dir / HISTORY_FILE, HISTORY_COLUMNS)
    last = latest_outcomes(read_log(data_dir) if log is None else log)
    return {h for h in hist["source_sha256"] if h} | {
        h for h, outcome in last.items() if h and outcome not in REFUSED
    }


@dataclass
class Batch:
    """One file's accepted rows to merge (``rows`` has the core accepted columns)."""

    file: str
    sha256: str
    rows: pd.DataFrame


@dataclass
class MergeStats:
    """What a merge changed."""

    added: int = 0  # rows for a (period, organisation, target) not on file before
    replaced: int = 0  # rows that took the place of one on file with other figures or another note
    unchanged: int = 0  # rows that took the place of one on file with the same figures and note
    reformatted: bool = False  # observations.csv was written back in the reference form (it was not in it)
    history_rows: int = 0
    # (period, organisation, targets): targets on file that a new submission left out, now gone
    withdrawn: list[tuple[str, str, list[str]]] = field(default_factory=list)


def observations_path(data_dir: Path) -> Path:
    """The dataset's ``observations.csv`` (ingestion writes CSV only)."""
    for other in ("observations.parquet", "observations.xlsx"):
        if (data_dir / other).exists() and not (data_dir / "observations.csv").exists():
            raise ImportFailure(both("collect.error.not_csv", path=data_dir / other))
    return data_dir / "observations.csv"


def read_observations_file(data_dir: Path) -> DatasetFile:
    """``observations.csv`` of the dataset ``data_dir``, as validation reads it (:mod:`.dataset_files`)."""
    return read_dataset_file(observations_path(data_dir), OBSERVATION_COLUMNS, "observations")


def _order(frame: pd.DataFrame, strategy: Strategy, organisations: pd.DataFrame) -> pd.DataFrame:
    period_rank = {p: i for i, p in enumerate(strategy.periods)}
    org_rank = {c: i for i, c in enumerate(organisations["code"])}
    target_rank = {t: i for i, t in enumerate(strategy.target_ids)}
    big = 10**6
    keys = pd.DataFrame(
        {
            "p": frame["period"].map(lambda x: period_rank.get(x, big)),
            "o": frame["organisation"].map(lambda x: org_rank.get(x, big)),
            "t": frame["target"].map(lambda x: target_rank.get(x, big)),
        }
    )
    order = keys.sort_values(["p", "o", "t"], kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def _history_record(
    rows: pd.DataFrame, origin: str, versions: dict[tuple[str, str], int], key: tuple[str, str], now: str
) -> pd.DataFrame:
    """History rows for one new version of ``key`` (period, organisation); bumps ``versions``."""
    versions[key] = versions.get(key, 0) + 1
    record = rows[OBSERVATION_COLUMNS].copy()
    record.insert(0, "origin", origin)
    record.insert(0, "version", str(versions[key]))
    record.insert(0, "recorded_at", now)
    return record


def merge(
    data_dir: Path,
    batches: list[Batch],
    strategy: Strategy,
    organisations: pd.DataFrame,
    now: str,
    on_file: DatasetFile | None = None,
) -> MergeStats:
    """Merge ``batches`` in order into the dataset; append to the history; return what changed.

    ``on_file`` is ``observations.csv`` as read before anything was written (read here when not given).
    """
    on_file = on_file or read_observations_file(data_dir)
    obs = on_file.frame
    extra = [c for c in obs.columns if c not in OBSERVATION_COLUMNS]
    hist_path = data_dir / HISTORY_FILE
    hist = _read_csv(hist_path, HISTORY_COLUMNS)
    history_shas = {h for h in hist["source_sha256"] if h}
    versions: dict[tuple[str, str], int] = {}
    for (p, o), v in hist.groupby(["period", "organisation"])["version"]:
        versions[(p, o)] = max(int(x) for x in v if str(x).isdigit()) if len(v) else 0
    new_history: list[pd.DataFrame] = []
    stats = MergeStats()
    # what each pair had on file before the batch, and its last return in it: the counts are the net change
    # (a return superseded in the same batch added nothing that stayed: « ajoutées : 2 » grew the file by 1)
    before: dict[tuple[str, str], dict[str, tuple]] = {}
    after: dict[tuple[str, str], dict[str, tuple]] = {}
    for batch in batches:
        for (period, org), rows in batch.rows.groupby(["period", "organisation"], sort=False):
            mask = obs["period"].eq(period) & obs["organisation"].eq(org)
            current = obs[mask]
            before.setdefault((str(period), str(org)), _figures(current))  # first met: as on file
            # Rows not yet in the history (demo rows, manual edits) are archived before being replaced.
            unarchived = current[
                ~current["source_sha256"].isin(history_shas) | current["source_sha256"].eq("")
            ]
            if len(unarchived):
                new_history.append(_history_record(unarchived, ORIGIN_PRIOR, versions, (period, org), now))
            fresh = pd.DataFrame(
                {
                    "period": rows["period"].astype(str),
                    "organisation": rows["organisation"].astype(str),
                    "target": rows["target"].astype(str),
                    "numerator": rows["numerator"].map(format_count),
                    "denominator": rows["denominator"].map(format_count),
                    "note": rows["note"].astype(str),
                    "source": f"Formulaire de collecte {period} ({Path(batch.file).name})",
                    "source_file": Path(batch.file).name,
                    "source_sha256": batch.sha256,
                    "ingested_at": now,
                }
            ).astype(object)
            for c in extra:
                fresh[c] = ""
            new_history.append(_history_record(fresh, ORIGIN_SUBMISSION, versions, (period, org), now))
            history_shas.add(batch.sha256)
            obs = pd.concat([obs[~mask], fresh[obs.columns]], ignore_index=True)
            after[(str(period), str(org))] = _figures(fresh)  # the last return of the batch stays
    for (period, org), kept in after.items():
        # a row for a target on file before replaces it (unchanged when its figures and note are the same),
        # one for a new target is added; a target on file that the (last) return leaves out is withdrawn
        was = before.get((period, org), {})
        same = sum(1 for tid in kept.keys() & was.keys() if kept[tid] == was[tid])
        stats.unchanged += same
        stats.replaced += len(kept.keys() & was.keys()) - same
        stats.added += len(kept.keys() - was.keys())
        if gone := was.keys() - kept.keys():
            order = [tid for tid in strategy.target_ids if tid in gone] + sorted(
                gone - set(strategy.target_ids)
            )
            stats.withdrawn.append((period, org, order))
    if not new_history:
        return stats
    obs = _order(obs, strategy, organisations)
    history = pd.concat(new_history, ignore_index=True)[HISTORY_COLUMNS]
    stats.history_rows = len(history)
    _append(hist_path, history)
    stats.reformatted = write_dataset_file(on_file, obs[OBSERVATION_COLUMNS + extra]) and on_file.reformatted
    return stats


def _figures(rows: pd.DataFrame) -> dict[str, tuple]:
    """Each target's numerator, denominator and note, as numbers where they read as numbers (« 5 » = « 5.0 »)."""

    def value(text: object) -> object:
        number = parse_number(str(text))
        return str(text).strip() if number is None else number

    return {
        str(tid): (value(num), value(den), str(note).strip())
        for tid, num, den, note in zip(rows["target"], rows["numerator"], rows["denominator"], rows["note"],
                                       strict=True)
    }  # fmt: skip


def _append(path: Path, frame: pd.DataFrame) -> None:
    """Append rows to a CSV (header written when the file is new); never rewrites earlier lines."""
    new = not path.exists() or path.stat().st_size == 0
    with open(path, "ab") as fh:
        fh.write(to_csv(frame, header=new))


def append_log(data_dir: Path, entries: list[dict]) -> None:
    """Append one line per newly seen file to ``ingestion_log.csv``."""
    if entries:
        _append(data_dir / LOG_FILE, pd.DataFrame(entries, columns=LOG_COLUMNS))


def read_log(data_dir: Path) -> pd.DataFrame:
    """The ingestion log (empty frame when there is none)."""
    return _read_csv(data_dir / LOG_FILE, LOG_COLUMNS)


def read_history(data_dir: Path) -> pd.DataFrame:
    """The observations history (empty frame when there is none)."""
    return _read_csv(data_dir / HISTORY_FILE, HISTORY_COLUMNS)
