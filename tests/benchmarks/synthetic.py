"""A deterministic, clearly synthetic dataset of any size, for scale benchmarks and tests.

``write_dataset(out, organisations=300)`` writes a dataset folder (organisations.csv,
observations.csv, dataset.yaml) for the Québec 2019-2023 strategy: four fiscal
years, every target, about 6 % of rows missing, a few organisations out of the
sample, types and sizes that vary. The same arguments always give the same bytes.
``ambitions=["1", "4"]`` keeps only those ambitions and their targets, in a strategy.yaml of the dataset's
own (a smaller site, where what is tested is the publication, not the strategy).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import yaml

QUEBEC = Path(__file__).resolve().parents[2] / "lib" / "barometre" / "strategies" / "quebec-2019-2023.yaml"

PERIODS = ["2019-2020", "2020-2021", "2021-2022", "2022-2023"]
TYPES = ("ministère", "organisme", "société d'État")
# Government level per period for each target (the demo's trajectories).
LEVELS: dict[str, list[float]] = {
    "1.1": [0.35, 0.48, 0.61, 0.74],
    "1.2": [0.30, 0.40, 0.50, 0.61],
    "1.3": [0.55, 0.68, 0.79, 0.86],
    "2.1": [0.20, 0.23, 0.25, 0.28],
    "3.1": [0.25, 0.33, 0.42, 0.50],
    "4.1": [0.40, 0.56, 0.72, 0.84],
    "4.2": [0.20, 0.31, 0.42, 0.50],
    "5.1": [0.30, 0.33, 0.36, 0.39],
    "5.2": [0.42, 0.47, 0.44, 0.40],
    "6.1": [0.16, 0.30, 0.45, 0.60],
}
MISSING_RATE = 0.06
# Names as a government's list has them, spread over the alphabet (an index of 300 names under one
# letter tests nothing), the kind of body matching its type, « fictif » in every one of them.
KINDS: dict[str, list[tuple[str, str]]] = {
    "ministère": [("Ministère fictif", "Department")],
    "organisme": [
        ("Office fictif", "Office"), ("Commission fictive", "Commission"), ("Régie fictive", "Board"),
        ("Bureau fictif", "Bureau"), ("Institut fictif", "Institute"), ("École nationale fictive", "National School"),
        ("Agence fictive", "Agency"), ("Tribunal fictif", "Tribunal"), ("Conseil fictif", "Council"),
    ],
    "société d'État": [("Société fictive", "Corporation"), ("Éditeur fictif", "Publisher")],
}  # fmt: skip
DOMAINS = [
    ("de l'agriculture", "Agriculture"), ("de la culture", "Culture"), ("de l'économie", "the Economy"),
    ("de l'éducation", "Education"), ("de l'énergie", "Energy"), ("de l'environnement", "the Environment"),
    ("des finances", "Finance"), ("de la famille", "Families"), ("de l'habitation", "Housing"),
    ("de la justice", "Justice"), ("de la santé", "Health"), ("du tourisme", "Tourism"),
    ("des transports", "Transport"), ("du travail", "Labour"), ("des forêts", "Forests"),
    ("de la langue", "Language"), ("de l'immigration", "Immigration"),
]  # fmt: skip


def organisation_names(i: int, kind: str) -> tuple[str, str]:
    """French and English names of the ``i``-th organisation, of type ``kind`` (no random draw)."""
    body_fr, body_en = KINDS[kind][i % len(KINDS[kind])]
    domain_fr, domain_en = DOMAINS[(7 * i) % len(DOMAINS)]
    return f"{body_fr} {domain_fr} n° {i:03d}", f"{body_en} of {domain_en} No. {i:03d} (fictional)"


def organisation_rows(organisations: int, rng: np.random.Generator) -> list[list[object]]:
    """Rows of organisations.csv: code, names, type, employees, in_sample."""
    rows = []
    for i in range(1, organisations + 1):
        kind = TYPES[int(rng.integers(0, len(TYPES)))]
        employees = int(rng.lognormal(6.0, 1.1)) + 10
        in_sample = "false" if i % 50 == 0 else "true"
        rows.append([f"ORG{i:03d}", *organisation_names(i, kind), kind, employees, in_sample])
    return rows


def observation_rows(
    orgs: list[list[object]], rng: np.random.Generator, targets: set[str] | None = None
) -> list[list[object]]:
    """Rows of observations.csv for the in-sample organisations (of ``targets`` only, when given)."""
    rows = []
    effects = {str(o[0]): rng.normal(0, 1, len(LEVELS)) for o in orgs}
    for pi, period in enumerate(PERIODS):
        for org in orgs:
            if org[5] != "true":
                continue
            code = str(org[0])
            for ti, (target, levels) in enumerate(LEVELS.items()):
                if rng.random() < MISSING_RATE:
                    continue
                if targets is not None and target not in targets:
                    continue
                level = levels[pi] + 0.12 * effects[code][ti] + rng.normal(0, 0.03)
                level = min(1.0, max(0.0, level))
                if target == "4.1":
                    num, den = int(level >= 1 - levels[pi]), 1
                elif target == "4.2":
                    den = int(org[4])
                    num = round(den * level)
                else:
                    den = int(rng.integers(3, 80))
                    num = round(den * level)
                rows.append([period, code, target, num, den, "", f"Jeu synthétique {period}"])
    return rows


def cut_strategy(ambitions: list[str]) -> dict:
    """The Québec strategy with only ``ambitions``, their targets and the contributions left whole."""
    raw = yaml.safe_load(QUEBEC.read_text(encoding="utf-8"))
    raw["id"] = "quebec-2019-2023-" + "-".join(ambitions)
    raw["ambitions"] = [a for a in raw["ambitions"] if str(a["id"]) in ambitions]
    raw["targets"] = [t for t in raw["targets"] if str(t["ambition"]) in ambitions]
    kept = {t["id"] for t in raw["targets"]}
    raw["contributions"] = [c for c in raw.get("contributions", []) if set(c["targets"]) <= kept]
    return raw


def write_dataset(
    out: Path, organisations: int = 300, seed: int = 300, ambitions: list[str] | None = None
) -> Path:
    """Write a synthetic dataset of ``organisations`` organisations into ``out``; return ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    strategy, targets = "quebec-2019-2023", None
    if ambitions:
        raw = cut_strategy(ambitions)
        (out / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")
        strategy, targets = "strategy.yaml", {t["id"] for t in raw["targets"]}
    orgs = organisation_rows(organisations, rng)
    with open(out / "organisations.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "name_fr", "name_en", "type", "employees", "in_sample"])
        w.writerows(orgs)
    with open(out / "observations.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["period", "organisation", "target", "numerator", "denominator", "note", "source"])
        w.writerows(observation_rows(orgs, rng, targets))
    (out / "dataset.yaml").write_text(
        f"title: Baromètre synthétique ({organisations} organisations fictives)\n"
        f"title_en: Synthetic barometer ({organisations} fictional organisations)\n"
        f"strategy: {strategy}\n"
        "synthetic: true\n"
        f"source: tests/benchmarks/synthetic.py (graine {seed}) ; organisations et chiffres inventés.\n"
        f"source_en: tests/benchmarks/synthetic.py (seed {seed}); made-up organisations and figures.\n"
        "licence: CC0-1.0\n",
        encoding="utf-8",
    )
    return out


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(write_dataset(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 300))
