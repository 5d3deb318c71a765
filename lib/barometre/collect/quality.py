"""Data-quality report of a period: per organisation received or not, complete or not, errors, warnings.

Written as CSV (one line per organisation, and one line per issue) and as self-contained HTML in French
and English. The report depends only on the dataset (its ingestion log included) and on the files of the
run, not on the clock: the same ingestion run twice writes the same report. An organisation that sent
nothing in the run keeps what its own latest return said (:mod:`.returns`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2
import pandas as pd

from ..dataset import load_dataset, sha256_file
from ..i18n import LANGUAGES, format_number, format_percent, format_points, format_timestamp, t, texts
from ..organisation_periods import expected
from .history import latest_outcomes, read_history, read_log
from .identity import received_key
from .ingest import REJECTED, IngestResult
from .issues import ERROR, WARNING, CollectIssue, cell_order, collect_issue, told_together
from .returns import carried_counts, earlier_return_issues, latest_returns

JUMP_POINTS = 0.30
DENOMINATOR_CHANGE = 0.5
SUMMARY_KEYS = (
    "expected",
    "received",
    "not_received",
    "complete",
    "incomplete",
    "with_errors",
    "errors",
    "warnings",
)
ORG_COLUMNS = [
    "organisation", "name_fr", "name_en", "received", "complete", "targets_reported", "targets_expected",
    "missing_targets", "errors", "warnings", "last_submission",
]  # fmt: skip
DETAIL_COLUMNS = [
    "organisation",
    "file",
    "cell",
    "severity",
    "rule",
    "value",
    "rows",
    "message_fr",
    "message_en",
]


@dataclass
class QualityReport:
    """The data-quality report of one period."""

    period: str
    summary: dict[str, int]
    organisations: pd.DataFrame
    details: list[CollectIssue]
    footer: dict[str, str]
    synthetic: bool
    titles: dict[str, str] = field(default_factory=dict)  # the dataset's title in each language (title_en)
    # every file of the run, in name order: its organisations, its outcome and its counts, as the console gives
    files: list[dict[str, object]] = field(default_factory=list)


def _ratio_warnings(obs: pd.DataFrame, period: str, previous: str | None) -> list[CollectIssue]:
    """Jumps of more than 30 points and denominators changed by more than half, from the previous period."""
    if previous is None:
        return []
    now = obs[obs["period"] == period]
    before = obs[obs["period"] == previous].set_index(["organisation", "target"])
    issues = []
    for row in now.itertuples(index=False):
        key = (row.organisation, row.target)
        if key not in before.index:
            continue
        prev = before.loc[key]
        r_now, r_prev = row.numerator / row.denominator, prev["numerator"] / prev["denominator"]
        yes_no = row.denominator <= 1 and float(prev["denominator"]) <= 1  # a 0/1 answer flips by design
        if abs(r_now - r_prev) > JUMP_POINTS and not yes_no:
            issues.append(
                collect_issue(
                    "observations.csv", "", "jump", row.target, severity=WARNING,
                    organisation=row.organisation, previous=previous,
                    before={lang: format_percent(r_prev, lang) for lang in ("fr", "en")},
                    after={lang: format_percent(r_now, lang) for lang in ("fr", "en")},
                    points={lang: format_points(r_now - r_prev, lang, (r_prev, r_now)) for lang in ("fr", "en")},
                )
            )  # fmt: skip
        d_prev = float(prev["denominator"])
        if d_prev > 0 and abs(row.denominator - d_prev) > DENOMINATOR_CHANGE * d_prev:
            issues.append(
                collect_issue(
                    "observations.csv", "", "denominator_change", row.target, severity=WARNING,
                    organisation=row.organisation, previous=previous,
                    before={lang: format_number(d_prev, lang) for lang in ("fr", "en")},
                    after={lang: format_number(row.denominator, lang) for lang in ("fr", "en")},
                )
            )  # fmt: skip
    return issues


def _set_aside(issue: CollectIssue, kept: str) -> CollectIssue:
    """An issue of a file set aside for a newer one of its organisation (``kept``), said so before it."""
    said = texts("collect.q.set_aside", kept=kept)
    return replace(issue, message=said["fr"] + issue.message, message_en=said["en"] + issue.message_en)


def build_quality(result: IngestResult) -> QualityReport:
    """Build the report of ``result.period`` from the merged dataset and the files of the run."""
    ds = load_dataset(result.data_dir)
    period, strategy = result.period, ds.strategy
    obs = ds.observations
    idx = strategy.periods.index(period)
    previous = strategy.periods[idx - 1] if idx > 0 else None
    # a file whose organisations all sent a later one in this run is set aside: the newer one's issues count
    # for its organisations; its own are listed, said set aside, and counted in the totals as the console does
    # (a newer file refused, a code conflict say, sets nothing aside: ingest merged the older one)
    order = sorted(range(len(result.files)), key=lambda n: received_key(result.files[n].path))
    latest = {
        o: n for n in order if result.files[n].status != REJECTED for o in result.files[n].organisations
    }
    kept = [
        not f.organisations or any(latest.get(o, n) == n for o in f.organisations)
        for n, f in enumerate(result.files)
    ]
    run_issues = [i for n, f in enumerate(result.files) if kept[n] for i in f.issues]
    aside = [
        _set_aside(i, result.files[latest[f.organisations[0]]].path.name)
        for n, f in enumerate(result.files)
        if not kept[n]
        for i in f.issues
    ]
    derived = _ratio_warnings(obs, period, previous)
    log = read_log(result.data_dir)
    # a file merged before is shown with the outcome it had then: the same run twice, the same report
    outcome = latest_outcomes(log)
    returns = latest_returns(log, period)
    log = log[log["period"] == period]
    logged_orgs = set(returns)
    run_orgs = {o for f in result.files for o in f.organisations}
    # an organisation that sent nothing in this run keeps what its own latest return said
    carried = {o: r for o, r in returns.items() if o not in run_orgs}
    hist = read_history(result.data_dir)
    hist = hist[(hist["period"] == period) & (hist["origin"] == "soumission")]
    in_period = obs[obs["period"] == period]
    rows, details = [], [*run_issues, *aside]
    # a target left out of a file sent in this run is said at that file (it was « observations.csv », no cell)
    sent = {o: str(f.path) for f in result.files if f.status == "merged" for o in f.organisations}
    for org in expected(ds.organisations, period).itertuples(index=False):
        code = org.code
        reported = set(in_period.loc[in_period["organisation"] == code, "target"])
        received = bool(reported) or code in logged_orgs or code in run_orgs
        missing = [tid for tid in strategy.target_ids if tid not in reported]
        mine = [i for i in run_issues if code in i.organisation.split()]  # a file of several: each one's
        flagged = {i.value for i in mine if i.rule in ("target_empty", "target_missing")}
        # A target answered in this run but rejected is not « left empty »: its error is listed already.
        flagged |= {tid for f in result.files for o, tid in f.answered if o == code}
        extra = [i for i in derived if i.organisation == code]
        earlier = carried.get(code)
        # a workbook read in an earlier run named its empty targets itself: they are in its count
        if reported and not (earlier and earlier.workbook):
            extra += [
                collect_issue(
                    sent.get(code, "observations.csv"),
                    "",
                    "target_empty",
                    tid,
                    severity=WARNING,
                    organisation=code,
                )
                for tid in missing
                if tid not in flagged
            ]
        details.extend(extra)
        last = [*hist.loc[hist["organisation"] == code, "ingested_at"]]
        last += [returns[code].ingested_at] if code in returns else []  # a plan-only return has no history
        own = (earlier.errors, earlier.warnings) if earlier else (
            sum(1 for i in mine if i.severity == ERROR), sum(1 for i in mine if i.severity == WARNING)
        )  # fmt: skip
        rows.append(
            {
                "organisation": code,
                "name_fr": org.name_fr,
                "name_en": org.name_en,
                "received": received,
                "complete": received and not missing,
                "targets_reported": len(reported),
                "targets_expected": len(strategy.target_ids),
                "missing_targets": " ".join(missing) if received else "",
                "errors": own[0],
                "warnings": own[1] + len(extra),
                "last_submission": max(last) if last else "",
            }
        )
    frame = pd.DataFrame(rows, columns=ORG_COLUMNS)
    earlier_errors, earlier_warnings = carried_counts(carried)
    summary = {
        "expected": len(frame),
        "received": int(frame["received"].sum()),
        "not_received": int((~frame["received"]).sum()),
        "complete": int(frame["complete"].sum()),
        "incomplete": int((frame["received"] & ~frame["complete"]).sum()),
        "with_errors": int((frame["errors"] > 0).sum()),
        "errors": sum(1 for i in details if i.severity == ERROR) + earlier_errors,
        "warnings": sum(1 for i in details if i.severity == WARNING) + earlier_warnings,
        "files": len(result.files),
        "rows_read": result.rows_read,
        "rows_accepted": result.rows_accepted,
        "rows_rejected": result.rows_rejected,
    }
    obs_file = result.data_dir / "observations.csv"
    footer = {
        "data": str(ds.title),
        "when": max(log["ingested_at"]) if len(log) else "—",
        "strategy": strategy.id,
        "sha": sha256_file(obs_file)[:16] if obs_file.exists() else "—",
    }
    details.extend(
        earlier_return_issues(carried, result.data_dir)
    )  # after the counts: each stands for its return's count
    order = {c: i for i, c in enumerate(frame["organisation"])}
    details.sort(
        key=lambda i: (
            order.get(i.organisation.split(" ")[0], len(order)),
            i.severity != ERROR,
            i.file,
            cell_order(i.cell),  # C7 before C10
        )
    )
    titles = {lang: ds.title_in(lang) for lang in LANGUAGES}
    files = [
        {"file": f.path.name, "organisation": " ".join(f.organisations),
         "status": outcome.get(f.sha256, f.status) if f.status == "already" else f.status,
         "accepted": f.rows_accepted, "rejected": f.rows_rejected, "errors": len(f.errors),
         "warnings": len(f.warnings)}
        for f in result.files
    ]  # fmt: skip
    return QualityReport(period, summary, frame, details, footer, ds.synthetic, titles, files)


def _csv(frame: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue().encode("utf-8")


PAGE = jinja2.Template(
    """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ tr('collect.q.title', period=period) }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 72rem;
       padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
h1 { color: #1f3864; } table { border-collapse: collapse; width: 100%; }
.wrap { overflow-x: auto; margin: 1rem 0 2rem; } /* a wide table scrolls in its own region on a phone */
th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #1f3864; color: #fff; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.synthetic { background: #fff3cd; border: 1px solid #8a6d00; padding: .5rem 1rem; }
.error { font-weight: bold; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); } footer { font-size: .85rem; color: #444; border-top: 1px solid #999; }
dl.summary { display: grid; grid-template-columns: max-content max-content; gap: .2rem 1.5rem; }
dl.summary dt { font-weight: bold; } dl.summary dd { margin: 0; text-align: right; }
</style>
</head>
<body>
<main>
<p><a href="{{ other_href }}" lang="{{ other_lang }}">{{ tr('collect.q.other_lang') }}</a></p>
<h1>{{ tr('collect.q.title', period=period) }}</h1>
{% if synthetic %}<p class="synthetic">{{ tr('collect.q.synthetic') }}</p>{% endif %}
<h2>{{ tr('collect.q.summary') }}</h2>
<dl class="summary">
{% for key, label in summary_rows %}<dt>{{ label }}</dt><dd>{{ num(summary[key]) }}</dd>
{% endfor %}</dl>
<h2>{{ tr('collect.q.by_org') }}</h2>
<div class="wrap" role="region" tabindex="0" aria-label="{{ tr('collect.q.by_org') }}"><table>
<caption class="visually-hidden">{{ tr('collect.q.by_org') }}</caption>
<thead><tr>
<th scope="col">{{ tr('collect.q.col.code') }}</th><th scope="col">{{ tr('collect.q.col.organisation') }}</th>
<th scope="col">{{ tr('collect.q.col.received') }}</th><th scope="col">{{ tr('collect.q.col.complete') }}</th>
<th scope="col">{{ tr('collect.q.col.targets') }}</th><th scope="col">{{ tr('collect.q.col.missing') }}</th>
<th scope="col">{{ tr('collect.q.col.errors') }}</th><th scope="col">{{ tr('collect.q.col.warnings') }}</th>
<th scope="col">{{ tr('collect.q.col.last') }}</th></tr></thead>
<tbody>
{% for r in orgs %}<tr>
<th scope="row">{{ r.organisation }}</th><td>{{ r.name_en if lang == 'en' else r.name_fr }}</td>
<td>{{ yesno(r.received) }}</td><td>{{ yesno(r.complete) if r.received else '—' }}</td>
<td class="n">{{ num(r.targets_reported) }} / {{ num(r.targets_expected) }}</td><td>{{ r.missing_targets or '—' }}</td>
<td class="n{% if r.errors %} error{% endif %}">{{ num(r.errors) }}</td><td class="n">{{ num(r.warnings) }}</td>
<td>{{ when(r.last_submission) if r.last_submission else '—' }}</td></tr>
{% endfor %}</tbody></table></div>
{% if files %}<h2>{{ tr('collect.q.files_read') }}</h2>
<div class="wrap" role="region" tabindex="0" aria-label="{{ tr('collect.q.files_read') }}"><table>
<thead><tr><th scope="col">{{ tr('collect.q.col.file') }}</th><th scope="col">{{ tr('collect.q.col.code') }}</th>
<th scope="col">{{ tr('collect.q.col.outcome') }}</th><th scope="col">{{ tr('collect.q.col.accepted') }}</th>
<th scope="col">{{ tr('collect.q.col.rejected') }}</th><th scope="col">{{ tr('collect.q.col.errors') }}</th>
<th scope="col">{{ tr('collect.q.col.warnings') }}</th></tr></thead>
<tbody>
{% for f in files %}<tr><th scope="row">{{ f.file }}</th><td>{{ f.organisation or '—' }}</td>
<td>{{ tr('collect.status.' + f.status) }}</td><td class="n">{{ num(f.accepted) }}</td><td class="n">{{ num(f.rejected) }}</td>
<td class="n{% if f.errors %} error{% endif %}">{{ num(f.errors) }}</td><td class="n">{{ num(f.warnings) }}</td></tr>
{% endfor %}</tbody></table></div>{% endif %}
<h2>{{ tr('collect.q.details') }}</h2>
{% if details %}<div class="wrap" role="region" tabindex="0" aria-label="{{ tr('collect.q.details') }}"><table>
<thead><tr><th scope="col">{{ tr('collect.q.col.code') }}</th><th scope="col">{{ tr('collect.q.col.severity') }}</th>
<th scope="col">{{ tr('collect.q.col.file') }}</th><th scope="col">{{ tr('collect.q.col.cell') }}</th>
<th scope="col">{{ tr('collect.q.col.message') }}</th></tr></thead>
<tbody>
{% for i in details %}<tr><td>{{ i.organisation or '—' }}</td>
<td{% if i.severity == 'error' %} class="error"{% endif %}>{{ tr('collect.q.' + i.severity) }}</td>
<td>{{ i.file_name }}</td><td>{{ i.cell or '—' }}</td>
<td>{{ i.message_en if lang == 'en' else i.message }}{% if i.rows > 1 %} (×{{ i.rows }}){% endif %}</td></tr>
{% endfor %}</tbody></table></div>{% else %}<p>{{ tr('collect.q.none') }}</p>{% endif %}
</main>
<footer><p>{{ tr('collect.q.footer', **footer) }}</p></footer>
</body>
</html>
""",
    autoescape=True,
)


def render_html(report: QualityReport, lang: str) -> str:
    """The report as a self-contained HTML page in ``lang``."""
    other = "en" if lang == "fr" else "fr"
    summary_rows = [(k, t(f"collect.q.{k}", lang)) for k in SUMMARY_KEYS] + [
        ("files", t("collect.q.files", lang))
    ]
    # a file's empty targets in one line (the details CSV keeps one per target)
    details = [dict(i.to_dict(), file_name=Path(i.file).name) for i in told_together(report.details)]
    return PAGE.render(
        lang=lang,
        other_lang=other,
        other_href=f"qualite-{report.period}-{other}.html",
        tr=lambda key, **kw: t(key, lang, **kw),
        num=lambda x: format_number(x, lang),
        yesno=lambda b: t("collect.q.yes" if b else "collect.q.no", lang),
        when=lambda stamp: format_timestamp(stamp, lang),  # « 6 décembre 2026, 10 h 20 UTC »; ISO in the CSV
        period=report.period,
        synthetic=report.synthetic,
        summary=report.summary,
        summary_rows=summary_rows,
        orgs=report.organisations.to_dict("records"),
        details=details,
        files=report.files,
        footer={
            **report.footer,
            "data": report.titles.get(lang) or report.footer["data"],
            "when": format_timestamp(report.footer["when"], lang),
        },  # title_en in English
    )


def write_quality(report: QualityReport, out_dir: Path) -> list[Path]:
    """Write ``qualite-<period>.csv``, ``-details.csv``, ``-fr.html`` and ``-en.html``; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    base = f"qualite-{report.period}"
    details = pd.DataFrame(
        [
            {
                "organisation": i.organisation, "file": Path(i.file).name, "cell": i.cell, "severity": i.severity,
                "rule": i.rule, "value": i.value, "rows": i.rows, "message_fr": i.message, "message_en": i.message_en,
            }
            for i in report.details
        ],
        columns=DETAIL_COLUMNS,
    )  # fmt: skip
    outputs = {
        out_dir / f"{base}.csv": _csv(report.organisations),
        out_dir / f"{base}-details.csv": _csv(details),
        out_dir / f"{base}-fr.html": render_html(report, "fr").encode("utf-8"),
        out_dir / f"{base}-en.html": render_html(report, "en").encode("utf-8"),
    }
    for path, data in outputs.items():
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    return list(outputs)
