"""Build a report site: execute changed pages, export, publish atomically.

The run is a template method: validate parameters, plan pages, stage a copy of
the published period, execute what changed, write pages and data, then swap the
staged folder into place. Whatever happens before the swap, the published site
is untouched; a failed page keeps its last good version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from ..api import compute_dataset, known_inputs, known_up_to, resolve_period
from ..dataset import Dataset, changed_inputs, load_dataset
from ..errors import ParameterError, RenderError
from ..i18n import LANGUAGES, both, check_lang, format_timestamp
from ..language_parts import french_shown, mark_language
from ..os_errors import written_whole
from ..pages_downloads import downloads_page
from ..pages_static import organisation_index
from ..paths import notebooks_dir, project_root
from ..period_notes import unfinished
from ..strategy import strategy_sha256
from . import data_export
from .assets import SiteAssets, remove_unused_assets, write_assets
from .execute import Job, cell_timeout
from .executors import Executor, LocalExecutor
from .fingerprint import library_fingerprint
from .html import Provenance, git_commit, render_page, under_way_notes
from .outputs import drop_gone, keep_outputs, pages_to_make, pages_warning
from .pages import Page, navigation, other_language_href, site_pages
from .revision import archive_dates, going_down, revision, targets_warning
from .site_pack import pack_files, write_downloads
from .site_strategy import STRATEGY_KEY, check_site
from .staging import MANIFEST, clean_stale, read_manifest, remove_when_written, swap
from .summary import PageResult, RenderSummary, raise_if_failed, summary_table
from .worker_pool import MAIN_GUARD_EXIT, starting_worker

log = logging.getLogger("barometre.render")


def page_hash(page: Page, common: str, notebooks: Path) -> str:
    """Hash of everything a page depends on: data, strategy, notebook, library, parameters."""
    digest = hashlib.sha256(common.encode())
    digest.update(
        json.dumps({"kind": page.kind, "path": page.path, "p": page.parameters}, sort_keys=True).encode()
    )
    if page.notebook:
        digest.update((notebooks / page.notebook).read_bytes())
    return digest.hexdigest()


def validate_request(ds: Dataset, period: str | None, langs: list[str], notebooks: Path) -> str:
    """Check parameters before any kernel starts; return the resolved period."""
    for lang in langs:
        check_lang(lang)
    if not langs:
        raise ParameterError(both("site.error.no_language"))
    period = resolve_period(ds, period)
    for name in ("overview.ipynb", "ambition.ipynb", "organisation.ipynb", "methodology.ipynb"):
        if not (notebooks / name).exists():
            raise ParameterError(both("site.error.notebook_not_found", path=notebooks / name))
    return period


def _progress(total: int):
    """A progress bar on a terminal; none in a log file (a scheduled run, Airflow).

    In a log, its carriage returns made one line of thousands of characters per period; the run's
    summary line says what was rendered.
    """
    from tqdm import tqdm

    quiet = total == 0 or not sys.stderr.isatty()
    return tqdm(total=total, unit="page", desc="Rendu / Rendering", file=sys.stderr, disable=quiet)


def render_site(
    data_dir: Path,
    out: Path,
    period: str | None = None,
    langs: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    notebooks: Path | None = None,
    standalone: bool = False,
    executor: Executor | None = None,
    template: Path | None = None,
    expect: dict[str, str] | None = None,
    whole: bool = False,
    strategy_checked: bool = False,
) -> RenderSummary:
    """Render the report site of one period into ``out/<period>/<lang>/``.

    Pages link the Vega bundle and the CSS written once under ``out/assets/``
    (shared by every period); ``standalone=True`` inlines them in every page instead.
    The minister's deck is built on ``template`` (an organisation's .pptx or .potx) when given.
    Pages run on ``executor`` (an entered executor, see
    :mod:`barometre.render.executors`); by default on ``jobs`` local processes.
    Data files saved during the render leave the published period as it was (:class:`RenderError`);
    ``expect`` (file → sha256, as a publication read them first) must match the data at the start too.
    A failed page keeps its last good version beside the new ones; with ``whole`` (a publication), a period
    whose pages did not all render stays as it was published, whole (``summary.withheld``);
    ``strategy_checked``: the caller checked ``out`` holds no other strategy's periods (a publication, once).
    """
    if starting_worker():
        raise SystemExit(MAIN_GUARD_EXIT)  # the parent stops the render and says why, once
    langs = list(langs or LANGUAGES)
    notebooks = Path(notebooks or notebooks_dir())
    ds = load_dataset(data_dir)
    if expect is not None and ds.file_hashes != expect:
        names = set(expect) | set(ds.file_hashes)
        _data_changed(ds, period, sorted(n for n in names if expect.get(n) != ds.file_hashes.get(n)))
    period = validate_request(ds, period, langs, notebooks)
    timeout = cell_timeout()  # a bad BAROMETRE_CELL_TIMEOUT stops the render before any kernel starts
    if template is not None:  # nor does an unusable deck template wait for the pages to be rendered
        from ..brief.template import open_template

        open_template(template)
    out = Path(out)
    if not strategy_checked:
        # another strategy's period is never replaced by this one's, nor real data by synthetic ones
        check_site(out, ds.strategy.id, ds.synthetic)
    out.mkdir(parents=True, exist_ok=True)
    clean_stale(out)
    strategy_hash = strategy_sha256(ds.strategy)
    assets = None if standalone else write_assets(out)
    published = out / period
    # the languages the period will have: a page links to the other one only when it is there (« --lang fr »
    # on a new site linked every page to an English page never rendered)
    present = sorted(set(langs) | {x for x in LANGUAGES if (published / x / "index.html").exists()})
    pages = site_pages(ds, period, present)  # a language already there is kept in step: same data, same links
    # the footer's render time (BRIEF §6), once a run, and its day in UTC as the footer gives it (a revision's
    # date): the machine's own day read « révisés le 7 décembre » above « produit le 6 décembre, 20 h 20 UTC »
    rendered = dt.datetime.now(dt.UTC).replace(microsecond=0)
    today = rendered.date()
    common = json.dumps(
        {
            "data": known_inputs(ds, period),  # a later period's new figures leave this one as it is
            "strategy": strategy_hash,
            "lib": library_fingerprint(),
            "period": period,
            "assets": list(assets.names) if assets else "inline",
            "languages": present,
            # pages made while the period was under way say so (« provisoires »): made again once it is over
            "under_way": unfinished(period, today) is not None,
        },
        sort_keys=True,
    )
    manifest = read_manifest(published) or {}
    hashes = {p.key: page_hash(p, common, notebooks) for p in pages}
    # the downloads and the pack: the data, the languages and the deck's template (a new one makes a new deck)
    deck = hashlib.sha256(Path(template).read_bytes()).hexdigest() if template else ""
    data_key = hashlib.sha256((common + ",".join(present) + deck).encode()).hexdigest()
    # new inputs, a missing page, or one edited by hand since (it was « inchangée » until --force)
    todo, edited = pages_to_make(pages, published, manifest, hashes, force)
    # the downloads and the pack as written, every file still there: a deleted donnees/ folder or brief.pdf
    # stayed deleted (« inchangées : 287 », exit 0)
    written = manifest.get("__data_files__")
    kept = isinstance(written, list) and all((published / str(f)).is_file() for f in written)
    data_current = manifest.get("__data__") == data_key and kept and not force
    summary = RenderSummary(period, out, notices=[pages_warning("changed", period, edited)] if edited else [])
    if edited:
        log.warning("%s", summary.notices[0])
    summary.results += [PageResult(p.key, "skipped") for p in pages if p not in todo]
    if not todo and data_current:  # the pack is counted as a first render counts it: unchanged, not gone
        summary.results += [PageResult(k, "skipped") for k in pack_files(present) if (published / k).exists()]
        _write_archive(out, assets)
        return summary

    staging = out / f".staging-{period}-{os.getpid()}"
    results = compute_dataset(known_up_to(ds, period))  # a period published again with other figures: revised
    # the downloads' tables, made once for every language, from what was known for the period (its plans too)
    tables = data_export.period_tables(results.dataset, results, period)
    dates = revision(published, manifest, tables, today, going_down(ds))
    summary.revised, summary.revised_key = dates.now, dates.summary_key
    if dates.now and dates.targets and not dates.plans_only:  # a strategy edited under its id: said
        summary.notices.append(targets_warning(period, dates.targets, dates.down))
        log.warning("%s", summary.notices[-1])
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="downloads")
    pending: list[Future[list[PageResult]]] = []  # what the thread writes into the staging folder
    stop = threading.Event()  # set when the run ends: a stopped run does not wait for every brief
    try:
        if published.exists():
            shutil.copytree(published, staging)
            if gone := drop_gone(staging, manifest, hashes):  # no longer in the data
                summary.notices.append(pages_warning("gone", period, gone))
                log.warning("%s", summary.notices[-1])
        else:
            staging.mkdir(parents=True)
        provenance = Provenance(
            dataset_title=ds.title,
            strategy=f"{ds.strategy.id} (sha256 {strategy_hash[:12]})",
            hashes=ds.file_hashes,
            date="",
            commit=git_commit(str(project_root())),
            revisions={lang: dates.note(lang) for lang in present},
            under_way=under_way_notes(period, today, present),  # « Données au … », as the brief says it
        )
        by_key = {p.key: p for p in todo}
        notebook_pages = [p for p in todo if p.notebook]
        jobs_list = [
            Job(
                key=p.key,
                notebook=str(notebooks / p.notebook),
                parameters={**p.parameters, "data_dir": str(Path(data_dir).resolve())},
                cwd=str(notebooks),
                timeout=timeout,
            )
            for p in notebook_pages
        ]
        bar = _progress(len(todo))
        # The data downloads and the minister's pack need no page: a thread writes them while the
        # kernels execute the pages (this process mostly waits for them).
        downloads = pool.submit(write_downloads, ds, results, tables, period, present, staging, template,
                                provenance.revisions, dates.now, today, stop)  # fmt: skip
        pending.append(downloads)
        for p in todo:
            if not p.notebook:
                content = str(downloads_page(period, p.lang, tables) if p.kind == "downloads"
                              else organisation_index(ds, period, p.lang))  # fmt: skip
                _write_page(ds, p, period, staging, provenance, rendered, content, False, assets, present)
                manifest[p.key] = hashes[p.key]
                summary.results.append(PageResult(p.key, "rendered"))
                bar.update(1)
        for outcome in _execute(jobs_list, executor, jobs):
            page = by_key[outcome.key]
            if outcome.ok:
                try:
                    _write_page(ds, page, period, staging, provenance, rendered, outcome.content, outcome.charts,
                                assets, present)  # fmt: skip
                    manifest[page.key] = hashes[page.key]
                    summary.results.append(PageResult(page.key, "rendered", outcome.seconds))
                except Exception as exc:  # export failure: report like a failed cell
                    summary.results.append(
                        PageResult(page.key, "failed", outcome.seconds, f"{type(exc).__name__}: {exc}")
                    )
            else:
                manifest.pop(page.key, None)
                summary.results.append(
                    PageResult(
                        page.key, "failed", outcome.seconds, outcome.error, outcome.cell, outcome.texts
                    )
                )
            bar.update(1)
        bar.close()
        summary.results += downloads.result()
        changed = changed_inputs(ds, strategy_hash)
        if changed:  # the kernels may have read another version than the tables and downloads
            _data_changed(ds, period, changed)
        # a pack that failed is not current: the next run writes it again (it was counted as written)
        packs = set(pack_files(present))
        pack_failed = any(r.state == "failed" and r.key in packs for r in summary.results)
        manifest["__data__"], manifest[STRATEGY_KEY] = "" if pack_failed else data_key, ds.strategy.id
        dates.keep(manifest)  # the figures' key, the first publication and last revision dates
        keep_outputs(manifest, staging, hashes)  # each page's bytes: one edited later is made again
        manifest["__data_files__"] = sorted(
            p.relative_to(staging).as_posix()
            for lang in present
            for p in [*(staging / lang / "donnees").rglob("*"), *(staging / f for f in pack_files([lang]))]
            if p.is_file()
        )
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        # a first publication with failed pages (not a failed brief): 45 broken links, served; in a publication,
        # an old page beside new ones (« Valeur 81,5 % » under an index saying « 0 % »)
        if any(r.key.endswith(".html") for r in summary.failed) and (whole or not published.exists()):
            summary.withheld = True
        else:
            swap(staging, published, out)
    finally:
        remove_when_written(pool, staging, pending, stop)
    _write_archive(out, assets)
    remove_unused_assets(out)
    return summary


def _data_changed(ds: Dataset, period: str | None, files: list[str]) -> None:
    """Stop a render whose data changed while it ran: nothing of that period is replaced."""
    raise RenderError(
        both("site.error.data_changed", folder=ds.path, period=period or "—", files=", ".join(files))
    )


def _execute(jobs_list: list[Job], executor: Executor | None, jobs: int | None):
    if executor is not None:
        yield from executor.run(jobs_list)
        return
    with LocalExecutor(jobs=jobs) as local:
        yield from local.run(jobs_list)


def _write_page(
    ds: Dataset,
    page: Page,
    period: str,
    staging: Path,
    provenance: Provenance,
    rendered: dt.datetime,
    content: str,
    charts: bool,
    assets: SiteAssets | None,
    languages: list[str],
) -> None:
    provenance.date = format_timestamp(rendered.isoformat(), page.lang)  # « 6 décembre 2026, 15 h 04 UTC »
    provenance.dataset_title = ds.title_in(page.lang)
    provenance.source = ds.about_in("source", page.lang)
    provenance.licence = ds.about_in("licence", page.lang)
    html = render_page(
        content=content,
        lang=page.lang,
        title=page.title,
        period=period,
        root=page.root,
        nav=navigation(ds, page),
        other_href=other_language_href(page) if set(languages) - {page.lang} else "",
        synthetic=ds.synthetic,
        provenance=provenance,
        has_charts=charts,
        assets=assets,
        site_root=page.root + "../../",
    )
    if page.lang != "fr":  # French for want of English, read as French (WCAG 3.1.2)
        html = mark_language(html, french_shown(ds.strategy, ds.meta), "fr")
    target = staging / page.key
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(target)


def _write_archive(out: Path, assets: SiteAssets | None = None) -> None:
    """``reports/index.html``: every period and language rendered, newest first."""
    from ..pages_static import archive_page

    entries = []
    for period_dir in sorted(
        (p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True
    ):
        langs = [lang for lang in LANGUAGES if (period_dir / lang / "index.html").exists()]
        if langs:
            entries.append((period_dir.name, langs))
    from ..publish.records import runs_section

    dates = {period: archive_dates(out / period) for period, _ in entries}
    html = archive_page(entries, assets.css if assets else None, runs_section(out), dates)
    with written_whole(out / "index.html") as tmp:  # a full disk leaves the old archive, no partial file
        tmp.write_text(html, encoding="utf-8")


__all__ = ["RenderSummary", "raise_if_failed", "render_site", "summary_table"]
