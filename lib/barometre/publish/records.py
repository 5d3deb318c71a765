"""Run records: ``<out>/runs/<UTC timestamp>.json``, one per publication, and their archive listing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..i18n import format_number, t
from ..os_errors import written_whole

RUNS = "runs"
SHOWN = 10  # runs listed on the archive page
KEEP = 500  # run records kept (a year and more of nightly runs); older ones are deleted at the end of a run

# exit code → status key of the catalogue (publish.status.*)
STATUS = {0: "published", 1: "failures", 2: "unusable", 69: "cluster", 74: "io_error", 75: "locked",
          130: "interrupted", 143: "interrupted"}  # fmt: skip


def new_record_path(out: Path, started: dt.datetime) -> Path:
    """A fresh ``runs/<YYYYMMDDTHHMMSSZ>.json`` path, suffixed ``_002``, ``_003`` … if that second is taken.

    Names sort in the order of the runs (the archive page and the Airflow DAG take the last by name):
    « _ » sorts after « . », so ``…Z_002.json`` comes after ``…Z.json`` (``-2`` came before it).
    """
    folder = Path(out) / RUNS
    folder.mkdir(parents=True, exist_ok=True)
    stamp = started.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path, n = folder / f"{stamp}.json", 1
    while path.exists():
        n += 1
        path = folder / f"{stamp}_{n:03d}.json"
    return path


def write_record(path: Path, record: dict[str, Any]) -> None:
    """Write a record atomically (a reader never sees half a file)."""
    with written_whole(path) as tmp:  # a full disk leaves no partial file beside the records
        tmp.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def read_record(path: Path) -> dict[str, Any] | None:
    """A record, or None when it cannot be read."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def mark_interrupted(path: str | Path | None) -> None:
    """A record left ``running`` by a killed run is marked ``interrupted``."""
    if not path:
        return
    record = read_record(Path(path))
    if record is not None and record.get("status") == "running":
        record["status"] = "interrupted"
        write_record(Path(path), record)


def prune(out: Path, current: Path) -> list[Path]:
    """Delete all but the :data:`KEEP` newest records, never ``current``; return those deleted."""
    folder = Path(out) / RUNS
    names = sorted(p for p in folder.glob("*.json") if p.is_file() and not p.name.startswith("."))
    old = [p for p in names[: max(0, len(names) - KEEP)] if p != Path(current)]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def recent_records(out: Path, limit: int = SHOWN) -> list[dict[str, Any]]:
    """The last ``limit`` records, newest first."""
    folder = Path(out) / RUNS
    if not folder.is_dir():
        return []
    records = []
    for path in sorted(folder.glob("*.json"), reverse=True)[:limit]:
        record = read_record(path)
        if record is not None:
            record["_file"] = f"{RUNS}/{path.name}"
            records.append(record)
    return records


def _both(key: str, **kw: Any) -> Markup:
    """« texte fr » / <span lang=en>english</span>."""
    return Markup('{} / <span lang="en">{}</span>').format(t(key, "fr", **kw), t(key, "en", **kw))


def count(n: float | int) -> str:
    """A count for both languages at once: « 1 555 », grouped by a narrow no-break space (SI)."""
    return format_number(round(n), "fr")


def _typed(record: dict[str, Any], key: str, kind: type, default: Any) -> Any:
    value = record.get(key)
    return value if isinstance(value, kind) else default


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _count(value: Any) -> str:
    return count(value) if _number(value) else "—"


def status_key(record: dict[str, Any]) -> str:
    """Catalogue key of a record's outcome (never shown by colour alone); fill it with :func:`status_values`."""
    if record.get("status") == "withheld":  # nothing published: the periods held back, and their pages if any
        return "publish.status.withheld" + "_pages" * bool(status_values(record)["n_pages"])
    if record.get("status") in ("running", "interrupted", "bad_parameters", "held_partly", "nothing"):
        return f"publish.status.{record['status']}"
    code = record.get("exit_code")
    return f"publish.status.{STATUS.get(code, 'failures') if isinstance(code, int) else 'failures'}"


def status_values(record: dict[str, Any]) -> dict[str, Any]:
    """The counts a status names: periods held back as they were, pages rendered for them and not published."""
    held = _typed(record, "withheld", dict, {})
    periods = held.get("periods") if isinstance(held.get("periods"), list) else []
    pages = held.get("pages") if _number(held.get("pages")) else 0
    return {
        "n_periods": len(periods),
        "periods": count(len(periods)),
        "names": ", ".join(str(p) for p in periods),  # which: the archive's row said « 1 période retenue »
        "n_pages": pages,
        "pages": count(pages),
    }


def runs_section(out: Path, limit: int = SHOWN) -> Markup:
    """The archive page's table of the last publications (empty when none ran)."""
    records = recent_records(out, limit)
    if not records:
        return Markup("")
    head = ["publish.col.start", "publish.col.duration", "publish.col.periods", "publish.col.pages",
            "publish.col.rows", "publish.col.status"]  # fmt: skip
    rows = []
    for r in records:
        # a record edited by hand (« "pages": null », « "rendered": "many" ») stopped every later publish with
        # a traceback: a field of the wrong type reads « — »
        pages, rows_ = _typed(r, "pages", dict, {}), _typed(r, "rows", dict, {})
        periods = _typed(r, "periods", list, [])
        duration, code = r.get("duration_seconds"), r.get("exit_code")
        cells = [
            Markup('<a href="{}">{}</a>').format(r["_file"], str(r.get("start", "")).replace("T", " ")),
            escape(f"{count(duration)}\u00a0s") if _number(duration) else "—",
            escape(", ".join(str(p) for p in periods) or "—"),
            escape(" / ".join(_count(pages.get(k, 0)) for k in ("rendered", "unchanged", "failed"))),
            escape(" / ".join(_count(rows_.get(k, 0)) for k in ("accepted", "rejected"))),
            Markup("{} ({})").format(
                _both(status_key(r), **status_values(r)), code if isinstance(code, int) else "—"
            ),
        ]
        # the start of the run heads its row, as the first cell of every table of the site
        first = Markup('<th scope="row">{}</th>').format(cells[0])
        rows.append(
            Markup("<tr>{}{}</tr>").format(
                first, Markup("").join(Markup("<td>{}</td>").format(c) for c in cells[1:])
            )
        )
    header = Markup("").join(Markup('<th scope="col">{}</th>').format(_both(k)) for k in head)
    return Markup(
        '<section aria-labelledby="runs-title"><h2 id="runs-title">{}</h2><p>{}</p>'
        # a phone scrolls the table in its own box, which the keyboard reaches (as every table of the site)
        '<div class="table-wrap" tabindex="0" role="region" aria-label="{}">'
        '<table class="data-table runs"><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div></section>'
    ).format(
        _both("publish.runs_title"),
        _both("publish.runs_intro"),
        f"{t('publish.runs_table', 'fr')} / {t('publish.runs_table', 'en')}",
        header,
        Markup("").join(rows),
    )
