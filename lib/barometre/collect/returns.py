"""Each organisation's latest return of a period, as the ingestion log recorded it.

The quality report of a run knows the issues of the files it read; an organisation that sent nothing in
this run keeps what its own latest return said: the log line of that file (its time, its counts of errors
and warnings). The log is appended in the order files were ingested, so a later line is a newer return
(a return superseded in its own batch comes before the one that replaced it).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..i18n import LANGUAGES, format_timestamp
from .issues import ERROR, WARNING, CollectIssue, collect_issue
from .reading import WORKBOOK_SUFFIXES


@dataclass(frozen=True)
class LoggedReturn:
    """One file of the ingestion log: when it came, whom it was for, what it said."""

    file: str
    sha256: str
    ingested_at: str
    organisations: tuple[str, ...]
    errors: int
    warnings: int

    @property
    def workbook(self) -> bool:
        """A collection workbook names each of its empty targets itself (« Cible 2.1 laissée vide »)."""
        return self.file.lower().endswith(WORKBOOK_SUFFIXES)


def _count(cell: object) -> int:
    text = str(cell).strip()
    return int(text) if text.isdigit() else 0


def latest_returns(log: pd.DataFrame, period: str) -> dict[str, LoggedReturn]:
    """For each organisation, the last file of ``period`` in ``log`` that named it."""
    latest: dict[str, LoggedReturn] = {}
    for row in log.itertuples(index=False):
        if period not in [p.strip() for p in str(row.period).split(",")]:
            continue
        orgs = tuple(str(row.organisations).split())
        entry = LoggedReturn(
            str(row.file),
            str(row.sha256),
            str(row.ingested_at),
            orgs,
            _count(row.errors),
            _count(row.warnings),
        )
        for org in orgs:
            latest[org] = entry
    return latest


def validate_command(file: str, data_dir: Path) -> str:
    """``barometre validate <file> --data <data>``, to run as written from the folder ingest was run in.

    The file as ingest read it (its folder too: the log keeps it so) and the dataset whose organisations
    and strategy apply; quoted for the shell where a name has spaces (« … corrigé.xlsx »). It said
    « barometre validate collecte-MFENV-2023-2024.xlsx »: « Fichier introuvable », or the demo's strategy.
    """
    return f"barometre validate {shlex.quote(file)} --data {shlex.quote(str(data_dir))}"


def earlier_return_issues(carried: dict[str, LoggedReturn], data_dir: Path) -> list[CollectIssue]:
    """One line per severity for each earlier return kept in the report: its counts, its file, its time.

    ``carried`` maps organisations to their latest return when it was not read in this run; a file that
    named several of them is said once, with the command that says its issues again (``data_dir``: the
    dataset as this run was given it).
    """
    issues: list[CollectIssue] = []
    seen: set[str] = set()
    for entry in carried.values():
        if entry.sha256 in seen:
            continue
        seen.add(entry.sha256)
        orgs = " ".join(o for o in entry.organisations if carried.get(o) == entry)
        for severity, n in ((ERROR, entry.errors), (WARNING, entry.warnings)):
            if n:
                issues.append(
                    collect_issue(
                        entry.file, "", "earlier_return", entry.file, severity=severity,
                        organisation=orgs, n=n,
                        when={lang: format_timestamp(entry.ingested_at, lang) for lang in LANGUAGES},
                        command=validate_command(entry.file, data_dir),
                    )
                )  # fmt: skip
    return issues


def carried_counts(carried: dict[str, LoggedReturn]) -> tuple[int, int]:
    """Errors and warnings of the earlier returns kept in the report, each file counted once."""
    files = {entry.sha256: entry for entry in carried.values()}
    return sum(e.errors for e in files.values()), sum(e.warnings for e in files.values())
