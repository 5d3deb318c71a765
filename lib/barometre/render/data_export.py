"""The ``donnees/`` folder of a report: CSV, JSON and a Frictionless data package."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..api import Results
from ..dataset import Dataset
from ..export import to_csv, to_json
from ..pages_downloads import description

FIELD_TYPES = {"i": "integer", "f": "number", "b": "boolean"}


def _both(fr: str, en: str) -> str:
    """« français / English », or the one text when both are the same (or only one is given)."""
    return " / ".join(dict.fromkeys(text for text in (fr, en) if text))


def _schema(frame: pd.DataFrame) -> dict:
    return {
        "fields": [{"name": c, "type": FIELD_TYPES.get(frame[c].dtype.kind, "string")} for c in frame.columns]
    }


def period_tables(ds: Dataset, results: Results, period: str) -> dict[str, pd.DataFrame]:
    """The tables of a period's downloads, by file name (without extension)."""
    periods = [p for p in ds.periods if p <= period]
    obs = ds.observations[ds.observations["period"].isin(periods)]
    tables = {
        "indicateurs": results.indicators[results.indicators["period"] == period],
        "indicateurs-series": results.indicators[results.indicators["period"].isin(periods)],
        "indicateurs-organisations": results.by_organisation[results.by_organisation["period"] == period],
        "observations": obs[
            ["period", "organisation", "target", "numerator", "denominator", "note", "source"]
        ],
    }
    if ds.has_plans:
        from ..plans import dataset_government_plans, dataset_organisation_plans

        tables["plans-gouvernement"] = dataset_government_plans(ds, period)
        tables["plans-organisations"] = dataset_organisation_plans(ds, period)
    return tables


def write_data(
    ds: Dataset, results: Results, period: str, folder: Path, tables: dict[str, pd.DataFrame] | None = None
) -> list[Path]:
    """Write the period's tables as CSV (formula-safe) and JSON, plus ``datapackage.json``.

    ``tables``: :func:`period_tables`, when the caller made them already.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written, resources = [], []
    for name, frame in (period_tables(ds, results, period) if tables is None else tables).items():
        frame = frame.reset_index(drop=True)
        csv_path, json_path = folder / f"{name}.csv", folder / f"{name}.json"
        csv_path.write_text(to_csv(frame), encoding="utf-8")
        json_path.write_text(to_json(frame), encoding="utf-8")
        written += [csv_path, json_path]
        resources.append(
            {
                "name": name,
                "path": csv_path.name,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": _both(description(name, "fr"), description(name, "en")),
                "schema": _schema(frame),
            }
        )
    package = {
        "name": f"barometre-{ds.strategy.id}-{period}".lower(),
        # in both languages, as the descriptions: the English site's « Data » link opened a French title
        "title": _both(f"{ds.title_in('fr')} — {period}", f"{ds.title_in('en')} — {period}"),
        "description": _both(ds.strategy.title("fr"), ds.strategy.title("en")),
        "licenses": [
            {
                "name": _both(ds.about_in("licence", "fr"), ds.about_in("licence", "en"))
                or "inconnue / unknown"
            }
        ],
        "sources": [{"title": _both(ds.about_in("source", "fr"), ds.about_in("source", "en"))}],
        "synthetic": ds.synthetic,
        "resources": resources,
    }
    dp = folder / "datapackage.json"
    dp.write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")
    return [*written, dp]
