"""The publication run: lock, validate, render every period, archive, run record.

Exit codes: 0 published; 1 published with rejected rows or a pack not written, or periods held back (a page failed,
data changed during the run, a period kept under half the rows it was published with), or a published period left
without rows, or a data file whose last line has no line end (cut short?); 2 unusable input or parameters (nothing is published); 69 the Dask cluster is unreachable, has no worker
or was lost; 74 the output folder cannot be written (full disk, rights); 75 another run holds the lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import BarometreError, ClusterError, OutputError, ParameterError
from ..i18n import LANGUAGES, both, parse_languages
from ..issue_groups import told
from ..os_errors import output_error
from . import records, stopping
from .guards import fallen_rows, held_words, publish_command, published_periods, site_warnings
from .lock import OutputLock
from .periods import choose_periods, named_periods

if TYPE_CHECKING:
    from ..render.site import RenderSummary

log = logging.getLogger("barometre.publish")
REJECTED_SHOWN = 20  # problems logged (each with its rows); barometre validate tells them all
WARNINGS_SHOWN = 20  # warnings logged and recorded the same way (one a row made 100 000 entries)


@dataclass
class PublishResult:
    """What a publication did; ``record`` is the run record's content."""

    exit_code: int
    record_path: Path
    record: dict[str, Any] = field(default_factory=dict)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def publish(
    data_dir: Path,
    out: Path,
    langs: str | list[str] | None = None,
    periods: str | list[str] | None = None,
    executor: str = "local",
    cluster: str | None = None,
    jobs: int | None = None,
    force: bool = False,
    template: Path | None = None,
) -> PublishResult:
    """Publish every period of ``data_dir`` into ``out``; raises :class:`LockHeld` when locked."""
    from ..render import executors
    from ..render.site import _write_archive

    out = Path(out)
    started = _now()
    clock = time.perf_counter()
    lock = OutputLock(out, started)
    lock.acquire()  # LockHeld → exit 75, nothing written
    forget: Callable[[], None] | None = None  # unregisters the last words of a stop past its grace
    try:
        path = records.new_record_path(out, started)
        # said in the record too: it was on stderr only (the record, Airflow's XCom, said nothing)
        taken = lock.stale.taken_over() if lock.stale is not None else ""
        if lock.stale is not None:
            log.warning("%s", taken)
            records.mark_interrupted(lock.stale.record)
        langs = langs if isinstance(langs, str) else list(langs or LANGUAGES)  # « --lang » is read in the run
        record: dict[str, Any] = {
            "start": started.isoformat(),
            "end": None,
            "duration_seconds": None,
            "status": "running",
            "exit_code": None,
            "version": __version__,
            "data": str(Path(data_dir).resolve()),
            "data_hashes": {},
            "strategy": None,
            "periods": [],
            "languages": langs.split(",") if isinstance(langs, str) else langs,  # as asked, until read
            "executor": executor,
            "template": str(Path(template).resolve()) if template else None,
            "cluster": cluster or (os.environ.get(executors.CLUSTER_ENV) if executor != "local" else None),
            "pages": {"rendered": 0, "unchanged": 0, "failed": 0},
            "failed_pages": [],
            "withheld": {"periods": [], "pages": 0},  # periods held back as they were, their pages
            "revised": [],  # periods published again with other figures, or plans (their pages say which)
            "rows": {"read": 0, "accepted": 0, "rejected": 0},
            "errors": [],
            "warnings": [taken] if taken else [],  # what the run went on despite: a column nothing reads
        }
        records.write_record(path, record)
        lock.note_record(str(path))
        forget = stopping.on_overdue(lambda code: _overdue(record, path, clock, code))
        code = _run(record, path, data_dir, out, langs, periods, executor, cluster, jobs, force, template)
        record.update(
            end=_now().isoformat(),
            duration_seconds=round(time.perf_counter() - clock, 1),
            exit_code=code,
            status="bad_parameters"
            if record.pop("cause", None) == "parameters"
            else _held_status(record, code) or records.STATUS.get(code, "failures"),
        )
        records.write_record(path, record)
        # the most recent records.KEEP only: a year of nights left 365 files, never pruned
        records.prune(out, path)
        # lists this run, with its outcome, code and counts (an unusable dataset too: its periods stay as they were)
        _write_archive(out)
        return PublishResult(code, path, record)
    except BaseException as exc:
        # disk full, no rights: said in words, exit code 74 (a traceback exited 1, "published with failures")
        said = (
            exc
            if isinstance(exc, OutputError)
            else output_error(exc, out)
            if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError)
            else None
        )
        if "record" in locals():
            record.pop("cause", None)
            code = 130 if isinstance(exc, KeyboardInterrupt) else said.exit_code if said else 1
            # SIGTERM: 143, as the process exits
            if isinstance(exc, SystemExit) and isinstance(exc.code, int):
                code = exc.code
            record.update(
                end=_now().isoformat(),
                duration_seconds=round(time.perf_counter() - clock, 1),
                status=records.STATUS[code] if said else "interrupted",
                exit_code=code,
            )
            record["errors"].append(str(said) if said else _stopped(exc))
            try:
                records.write_record(path, record)
                _write_archive(out)  # its row said « En cours / Running » with the counts of no period
            except Exception:  # a full disk, a page that fails: the run's own cause is what goes out
                log.debug("the record or the archive of an ended run could not be written", exc_info=True)
        if said:
            raise said from None
        raise
    finally:
        if forget is not None:
            forget()
        lock.release()


def _overdue(record: dict[str, Any], path: Path, clock: float, code: int) -> None:
    """A stopped run whose cleanup outlived its grace: its record says so before the process ends."""
    record.pop("cause", None)
    record.update(end=_now().isoformat(), duration_seconds=round(time.perf_counter() - clock, 1),
                  status="interrupted", exit_code=code)  # fmt: skip
    record["errors"] += [_stopped(SystemExit(code)), stopping.overdue_text()]
    records.write_record(path, record)


def _stopped(exc: BaseException) -> str:
    """What stopped a run, in words: a signal (« Publication arrêtée (SIGTERM) … »), else the exception."""
    import signal

    code = 130 if isinstance(exc, KeyboardInterrupt) else getattr(exc, "code", None)
    if isinstance(exc, KeyboardInterrupt | SystemExit) and isinstance(code, int) and code > 128:
        with contextlib.suppress(ValueError):  # the record and the Airflow XCom said « SystemExit: 143 »
            return both("publish.terminated", signal=signal.Signals(code - 128).name)
    return f"{type(exc).__name__}: {exc}"


def _run(
    record: dict[str, Any],
    path: Path,
    data_dir: Path,
    out: Path,
    langs: str | list[str],
    periods: str | list[str] | None,
    executor: str,
    cluster: str | None,
    jobs: int | None,
    force: bool,
    template: Path | None = None,
) -> int:
    """Validate, then render each period on one executor; return the exit code."""
    from ..api import refuse_rejected_period, require_observations
    from ..dataset import load_dataset
    from ..newer_rejected import newer_rejected_words
    from ..render import executors
    from ..render.execute import cell_timeout
    from ..render.site import render_site
    from ..render.site_strategy import check_site
    from ..strategy import strategy_sha256

    try:
        if isinstance(langs, str):  # « --lang de »: exit 2 with a record and an archive row, as « --periods »
            record["languages"] = langs = parse_languages(langs)
        ds = load_dataset(data_dir)
        record["data_hashes"] = ds.file_hashes  # the rows read, even when the run stops at its periods
        # the strategy too (a bundled id or the dataset's own file): a new target value is a new publication
        record["strategy"] = {"id": ds.strategy.id, "sha256": strategy_sha256(ds.strategy)}
        record["rows"] = {
            "read": ds.report.rows_read,
            "accepted": ds.report.rows_accepted,
            "rejected": ds.report.rows_rejected,
        }
        require_observations(ds)  # no usable row: say which file and why, as render does (exit 2)
        # before any period: none of another strategy is replaced, no demo over real data
        check_site(out, ds.strategy.id, ds.synthetic)
        try:
            chosen = choose_periods(ds.periods, periods)
        except ParameterError:
            for name in named_periods(periods):  # a period whose rows were all rejected: say so, and why
                refuse_rejected_period(ds, name)
            # a published period whose rows all went is no wrong parameter: said below (exit 1), the others run
            gone = published_periods(out) - set(ds.periods)
            if not gone.intersection(named_periods(periods)):
                raise
            rest = [name for name in named_periods(periods) if name not in gone]
            chosen = choose_periods(ds.periods, rest) if rest else []
        factory = executors.create(executor, jobs=jobs, cluster=cluster)
        # an unusable BAROMETRE_CELL_TIMEOUT or BAROMETRE_CLUSTER_TIMEOUT: exit 2 before any period, once (it was
        # said for each period, each « held back », exit 1; or « cluster unavailable », 69)
        cell_timeout()
        if executor != executors.DEFAULT:
            from ..render.dask_executor import connect_timeout

            connect_timeout()
        if template is not None:  # an unusable deck template: exit 2 before any page, not once per period
            from ..brief.template import open_template

            open_template(template)
    except BarometreError as exc:
        log.error("Erreur / Error: %s", exc)
        record["errors"].append(str(exc))
        # « --executor dusk » is no data problem: not « données inutilisables »
        if isinstance(exc, ParameterError):
            record["cause"] = "parameters"
        return exc.exit_code if exc.exit_code != 1 else 2
    report = ds.report
    record["periods"] = chosen
    folder = shlex.quote(str(data_dir))
    groups, more = told(report.errors, REJECTED_SHOWN, folder)  # rows with the same problem: one line
    for group in groups:  # in the record too: the operator and the Airflow XCom see why the run exits 1
        said = both("publish.rejected_rows", issue={lang: group.describe(lang) for lang in LANGUAGES})
        log.warning("%s", said)  # the log cron mails, in both languages as the record (it was French only)
        record["errors"].append(said)
    if more:
        log.warning("%s", more)
        record["errors"].append(more)
    # next year's rows, or « 2023 »: all rejected, the previous year published as the latest, said as such
    newer = newer_rejected_words(ds, "publish.newer_period_rejected")
    for said in newer:
        log.error("%s", said)
        record["errors"].append(said)
    # a column nothing reads, an ambiguous head count: named, never unsaid; the same warning of many rows
    # (counts written « 4.20E+03 ») is one entry with its rows, as rejected rows are
    groups, more = told(report.warnings, WARNINGS_SHOWN, folder)
    for group in groups:
        said = f"{group.describe('fr')} / {group.describe('en')}"
        log.warning("Avertissement / Warning: %s", said)
        record["warnings"].append(said)
    if more:
        log.warning("%s", more)
        record["warnings"].append(more)
    # a period published before whose rows are all gone: its pages stay, with figures the data no longer have
    lost, left, said = site_warnings(out, ds.periods, chosen, ds.synthetic, data_dir, langs, template)
    for words in said:
        log.warning("Avertissement / Warning: %s", words)
        record["warnings"].append(words)
    failed_periods, fell = False, fallen_rows(ds.observations, out, lost, ds.synthetic)
    _warn_stale(record, ds, data_dir, out, chosen, langs, template, fell)
    records.write_record(path, record)
    try:
        with factory as ex:
            for period in chosen:
                log.info("Période / Period %s", period)
                if reason := fell.reason(period):
                    said = held_words(reason, data_dir, out, langs, template, force)
                    # --force publishes all the same, and says so: an upgrade's --force published a cut file unseen
                    if force:
                        if said:
                            log.warning("Avertissement / Warning: %s", said)
                            record["warnings"].append(said)
                    else:
                        log.error("%s", said)
                        record["errors"].append(said)
                        record["withheld"]["periods"].append(period)
                        failed_periods = True
                        continue
                try:
                    summary = render_site(
                        data_dir,
                        out,
                        period,
                        langs,
                        jobs,
                        force,
                        executor=ex,
                        template=template,
                        expect=ds.file_hashes,  # every period from the data this run read first
                        whole=True,  # a failed page holds its period back: never an old page beside new ones
                        strategy_checked=True,  # once, before the first period
                    )
                except ClusterError:
                    raise  # the cluster is gone: every period after this one would fail the same way
                except BarometreError as exc:  # data saved meanwhile…: the period stays as it was
                    log.error("%s : %s", period, exc)
                    record["errors"].append(f"{period}: {exc}")
                    record["withheld"]["periods"].append(period)
                    failed_periods = True
                    continue
                _count(record, summary, out)
                # what the executor said while it rendered (a Dask worker gone): it was on stderr only
                record["warnings"] += executors.drain_warnings(ex)
                records.write_record(path, record)
    except BarometreError as exc:  # the cluster unreachable, without workers, or lost (69)
        log.error("Erreur / Error: %s", exc)
        record["errors"].append(str(exc))
        return exc.exit_code if exc.exit_code != 1 else 2
    # another observations file beside the one read (« observations (1).csv », a new parquet): its figures may be
    # the ones to publish; a nightly run published the old ones with exit 0, unmailed
    # … or a file whose last line stops without a line end (a copy cut short: « 1;12 » read « 1;1 », exit 0)
    unread = any(w.rule in ("other_observation_files", "last_line_cut") for w in report.warnings)
    if failed_periods or lost or left or unread or newer or record["pages"]["failed"] or report.rows_rejected:
        return 1
    return 0


def _warn_stale(
    record: dict[str, Any], ds: Any, data_dir: Path, out: Path, chosen: list[str], langs: list[str],
    template: Path | None, fell: Any,
) -> None:  # fmt: skip
    """Name the published periods left out whose figures the data now change, and how to update them.

    « --periods 2022-2023 » after a correction of 2020-2021 left the site contradicting itself (« 52,7 % » in the trend, « 47,3 % » on the 2020-2021 pages), exit 0, nothing said.
    The exit code stays what the run's own work makes it: what was asked was published, whole and right.
    """
    from ..render.revision import stale_periods

    stale = stale_periods(ds, out, chosen)
    # one whose rows fell would be held back by the command given (« lignes tardives ou corrigées » read wrong)
    for period in (p for p in stale if fell.reason(p)):
        record["warnings"].append(held_words(fell.reason(period), data_dir, out, langs, template, False))
        log.warning("Avertissement / Warning: %s", record["warnings"][-1])
    if not (stale := [p for p in stale if not fell.reason(p)]):
        return
    command = publish_command(data_dir, out, stale, langs, template)
    said = both("publish.warn.stale_periods", n=len(stale), periods=", ".join(stale), command=command)
    log.warning("Avertissement / Warning: %s", said)
    record["warnings"].append(said)


def _held_status(record: dict[str, Any], code: int) -> str | None:
    """The status of a run that exits 1 without publishing all it was asked, else None.

    ``withheld``: periods held back, nothing published; ``held_partly``: some published; ``nothing``: no period
    asked for had rows (it read « Publié avec erreurs »).
    """
    if code == 1 and not record["periods"]:
        return "nothing"
    if code != 1 or not record["withheld"]["periods"]:
        return None
    return "held_partly" if record["pages"]["rendered"] else "withheld"


def _count(record: dict[str, Any], summary: RenderSummary, out: Path) -> None:
    """Add a period's pages to the record; a period held back counts its new pages as withheld, not rendered."""
    period, pages, held = summary.period, record["pages"], record["withheld"]
    if summary.withheld:
        held["periods"].append(period)
        held["pages"] += summary.count("rendered")
    else:
        pages["rendered"] += summary.count("rendered")
    pages["unchanged"] += summary.count("skipped")
    record["warnings"] += summary.warnings  # a brief over two pages: on stderr only, the record said nothing
    pages["failed"] += summary.count("failed")
    record["failed_pages"] += [
        {"period": period, "page": r.key, "cell": r.cell, "error": r.error} for r in summary.failed
    ]
    # one line per cause: a worker of another version failed 140 pages with the same 650 characters each
    by_cause: dict[str, list[str]] = {}
    for r in summary.failed:
        by_cause.setdefault(r.error, []).append(r.key)
    for error, keys in by_cause.items():
        pages = ", ".join(f"{period}/{k}" for k in keys[:3]) + (
            f" (+{len(keys) - 3})" if len(keys) > 3 else ""
        )
        log.error("ÉCHEC / FAILED %s : %s", pages, error)
    if not summary.withheld:
        if summary.revised:  # the log said « pages rendues : 288 » and not which published figures changed
            record["revised"].append(period)
            log.info(both(summary.revised_key, period=period))
        return
    if (out / period).exists():  # published before: kept whole, not an old page beside new ones
        # the pages that hold it back: its web pages (a failed brief or deck does not, render_site)
        failed = [r.key for r in summary.failed if r.key.endswith(".html")]
        said = both("publish.error.period_held", n=len(failed), period=period, pages=", ".join(failed))
    else:  # its first publication, with holes: not published at all
        said = both("site.error.first_withheld", n=len(summary.failed), period=period)
    log.error("%s : %s", period, said)
    record["errors"].append(f"{period}: {said}")
