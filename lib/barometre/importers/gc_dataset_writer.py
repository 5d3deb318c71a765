"""Write an imported GC Service Inventory as a dataset folder: CSV files, ``dataset.yaml`` and report."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import yaml

from ..errors import ImportFailure
from ..exclusions import COUNTED_AS_ZERO, EXCLUSION_COLUMNS, EXCLUSIONS_FILE, LEFT_OUT, ORGANISATION
from ..i18n import LANGUAGES, both, t
from .gc_report import REPORT_FILE, ImportResult, zero_reason

LICENCE = (
    "Open Government Licence – Canada 2.0 (https://open.canada.ca/en/open-government-licence-canada). "
    "Contains information licensed under the Open Government Licence – Canada."
)
LICENCE_FR = (  # the licence's own French attribution, for the French pages
    "Licence du gouvernement ouvert – Canada 2.0 (https://ouvert.canada.ca/fr/licence-du-gouvernement-ouvert-canada). "
    "Contient des informations visées par la Licence du gouvernement ouvert – Canada."
)


def _csv_text(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _exclusions(result: ImportResult) -> str:
    """``exclusions.csv``: what each figure leaves out, for its reader.

    Per period, target and department, the service-years each rule left out, and why, and those counted
    with a count field unknown (read as 0). By department: one whose services were all left out filed all
    the same (it read « n'a rien déclaré »).
    """
    rows = []
    order = {p: i for i, p in enumerate(result.strategy.periods)}
    for tid, by_p in result.inventory.tallies.items():
        rule = result.inventory.rules[tid]
        for period, tally in sorted(by_p.items(), key=lambda item: order.get(item[0], 999)):
            for code in tally.excluded:  # the reasons in the order met, each department under it
                cond = rule.condition(code)
                reasons = [cond.describe(lang) for lang in ("fr", "en")]
                rows += [[period, tid, LEFT_OUT, n, *reasons, org]
                         for (org, c), n in sorted(tally.excluded_by.items()) if c == code]  # fmt: skip
            for fld in tally.counted_as_zero:
                reasons = [zero_reason(fld, lang) for lang in ("fr", "en")]
                rows += [[period, tid, COUNTED_AS_ZERO, n, *reasons, org]
                         for (org, f), n in sorted(tally.counted_as_zero_by.items()) if f == fld]  # fmt: skip
    return _csv_text([*EXCLUSION_COLUMNS, ORGANISATION], rows)


def write_dataset(result: ImportResult, period_files: dict[str, list[str]]) -> None:
    """Write the dataset files and the import report into ``result.out``."""
    out = result.out
    if out.exists() and not out.is_dir():
        raise ImportFailure(both("import.error.out_is_file", out=out))
    periods = [p for p in result.strategy.periods if p in period_files] or list(result.strategy.periods)
    files = ", ".join(f.file for f in result.files)
    meta = {
        "title": " / ".join(
            t("import.gc.dataset_title", lang, first=periods[0], last=periods[-1]) for lang in LANGUAGES
        ),
        **{
            f"title_{lang}": t("import.gc.dataset_title", lang, first=periods[0], last=periods[-1])
            for lang in LANGUAGES
        },
        "strategy": result.strategy.id,
        "synthetic": False,
        "source": t("import.gc.source", "fr", files=files),
        "source_en": t("import.gc.source", "en", files=files),
        "licence": LICENCE,
        "licence_fr": LICENCE_FR,
        "generated_by": "barometre import gc-service-inventory",
        "input_files": [{"file": f.file, "sha256": f.sha256} for f in result.files],
    }
    organisations = _csv_text(
        ["code", "name_fr", "name_en", "type", "in_sample"],
        [
            [d.code, d.name_fr, d.name_en, "ministère ou organisme fédéral", "true"]
            for d in result.departments
        ],
    )
    observations = _csv_text(
        ["period", "organisation", "target", "numerator", "denominator", "source"],
        [
            [o["period"], o["organisation"], o["target"], o["numerator"], o["denominator"], o["source"]]
            for o in result.inventory.observations
        ],
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "organisations.csv").write_text(organisations, encoding="utf-8")
        (out / "observations.csv").write_text(observations, encoding="utf-8")
        (out / EXCLUSIONS_FILE).write_text(_exclusions(result), encoding="utf-8")
        (out / "dataset.yaml").write_text(
            "# Données réelles importées par « barometre import gc-service-inventory ». / "
            "Real data imported by 'barometre import gc-service-inventory'.\n"
            + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000),
            encoding="utf-8",
        )
        (out / REPORT_FILE).write_text(
            json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ImportFailure(both("import.error.write", out=out, reason=reason)) from None
