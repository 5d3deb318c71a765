"""Deterministic, clearly synthetic demo dataset (fictional organisations, four fiscal years).

``barometre demo-data`` writes the same bytes on every run: the generator uses
Python's own seeded ``random.Random`` and integer counts only.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

SEED = 2019
PERIODS = ["2019-2020", "2020-2021", "2021-2022", "2022-2023"]

# code, French name, English name, type, employees
ORGANISATIONS = [
    (
        "MFSN",
        "Ministère fictif de la Santé numérique",
        "Fictional Ministry of Digital Health",
        "ministère",
        4200,
    ),
    (
        "MFEDU",
        "Ministère fictif de l'Éducation et du Savoir",
        "Fictional Ministry of Education and Knowledge",
        "ministère",
        3100,
    ),
    (
        "MFTRA",
        "Ministère fictif des Transports durables",
        "Fictional Ministry of Sustainable Transport",
        "ministère",
        2600,
    ),
    (
        "MFFIN",
        "Ministère fictif des Finances publiques",
        "Fictional Ministry of Public Finance",
        "ministère",
        1500,
    ),
    (
        "MFENV",
        "Ministère fictif de l'Environnement et des Lacs",
        "Fictional Ministry of the Environment and Lakes",
        "ministère",
        1900,
    ),
    (
        "MFCUL",
        "Ministère fictif de la Culture et des Langues",
        "Fictional Ministry of Culture and Languages",
        "ministère",
        700,
    ),
    (
        "MFEMP",
        "Ministère fictif de l'Emploi et de la Solidarité",
        "Fictional Ministry of Employment and Solidarity",
        "ministère",
        3600,
    ),
    (
        "MFJUS",
        "Ministère fictif de la Justice de proximité",
        "Fictional Ministry of Community Justice",
        "ministère",
        2300,
    ),
    (
        "MFAGR",
        "Ministère fictif de l'Agriculture nordique",
        "Fictional Ministry of Northern Agriculture",
        "ministère",
        1100,
    ),
    (
        "MFTOU",
        "Ministère fictif du Tourisme et des Régions",
        "Fictional Ministry of Tourism and Regions",
        "ministère",
        450,
    ),
    ("OFMOB", "Office fictif de la mobilité", "Fictional Mobility Office", "organisme", 820),
    (
        "RFPER",
        "Régie fictive des permis et licences",
        "Fictional Permits and Licences Board",
        "organisme",
        1250,
    ),
    (
        "RFAUT",
        "Régie fictive de l'assurance des artisans",
        "Fictional Artisans' Insurance Board",
        "organisme",
        1700,
    ),
    (
        "CFNUM",
        "Centre fictif d'excellence numérique",
        "Fictional Centre of Digital Excellence",
        "organisme",
        160,
    ),
    (
        "SFTRV",
        "Société fictive des traversiers du Nord",
        "Fictional Northern Ferries Corporation",
        "société d'État",
        640,
    ),
    (
        "SFLOG",
        "Société fictive du logement abordable",
        "Fictional Affordable Housing Corporation",
        "société d'État",
        880,
    ),
    (
        "AFREV",
        "Agence fictive du revenu citoyen",
        "Fictional Citizen Revenue Agency",
        "organisme",
        5200,
    ),
    ("CFAIN", "Commission fictive des aînés", "Fictional Seniors' Commission", "organisme", 210),
    (
        "OFLAN",
        "Office fictif de la langue claire",
        "Fictional Plain Language Office",
        "organisme",
        270,
    ),
    (
        "IFSTA",
        "Institut fictif de la statistique régionale",
        "Fictional Institute of Regional Statistics",
        "organisme",
        390,
    ),
    (
        "BFARC",
        "Bibliothèque et archives fictives",
        "Fictional Library and Archives",
        "organisme",
        560,
    ),
    (
        "CFTAX",
        "Commission fictive de la tarification",
        "Fictional Pricing Commission",
        "organisme",
        130,
    ),
    ("RFENE", "Régie fictive de l'énergie verte", "Fictional Green Energy Board", "organisme", 340),
    (
        "SFPAR",
        "Société fictive des parcs et sentiers",
        "Fictional Parks and Trails Corporation",
        "société d'État",
        980,
    ),
    (
        "OFPRO",
        "Office fictif de la protection des consommateurs",
        "Fictional Consumer Protection Office",
        "organisme",
        300,
    ),
    (
        "LFPIL",
        "Laboratoire fictif d'innovation (projet pilote)",
        "Fictional Innovation Lab (pilot)",
        "organisme",
        40,
    ),
]
OUT_OF_SAMPLE = {"LFPIL"}

# Population level per period and spread across organisations, per target.
TRAJECTORIES: dict[str, tuple[list[float], float]] = {
    "1.1": ([0.35, 0.48, 0.61, 0.74], 0.10),
    "1.2": ([0.30, 0.40, 0.50, 0.61], 0.10),
    "1.3": ([0.55, 0.68, 0.79, 0.86], 0.08),
    "2.1": ([0.20, 0.23, 0.25, 0.28], 0.08),
    "3.1": ([0.25, 0.33, 0.42, 0.50], 0.10),
    "4.1": ([0.40, 0.56, 0.72, 0.84], 0.0),
    "4.2": ([0.20, 0.31, 0.42, 0.50], 0.10),
    "5.1": ([0.30, 0.33, 0.36, 0.39], 0.10),
    "5.2": ([0.42, 0.47, 0.44, 0.40], 0.08),
    "6.1": ([0.16, 0.30, 0.45, 0.60], 0.0),
}
# Units per organisation: (minimum, maximum) size of the denominator.
DENOMINATOR_RANGE = {
    "1.1": (2, 12), "1.2": (5, 60), "1.3": (1, 10), "2.1": (10, 120), "3.1": (4, 40),
    "5.1": (5, 60), "5.2": (20, 200), "6.1": (4, 40),
}  # fmt: skip
THIN_TARGET, THIN_PERIOD, THIN_REPORTERS = "4.2", "2022-2023", 10
MISSING_RATE = 0.06
NOTES = [
    "Données estimées à partir du registre des services",
    "Révisé après validation interne",
    "Inclut les services offerts en partenariat",
]


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def generate() -> tuple[str, str, str]:
    """Return the text of organisations.csv, observations.csv and dataset.yaml."""
    rng = random.Random(SEED)
    sample = [o for o in ORGANISATIONS if o[0] not in OUT_OF_SAMPLE]
    org_effect = {o[0]: {t: rng.gauss(0, 1) for t in TRAJECTORIES} for o in sample}
    org_size = {o[0]: {t: rng.random() for t in TRAJECTORIES} for o in sample}
    thin = set(rng.sample([o[0] for o in sample], THIN_REPORTERS))
    adopted: dict[str, int] = {}  # 4.1: period index from which an organisation deploys measures
    order = sorted(sample, key=lambda o: org_effect[o[0]]["4.1"], reverse=True)
    for rank, (code, *_rest) in enumerate(order):
        share = (rank + 0.5) / len(order)
        levels = TRAJECTORIES["4.1"][0]
        adopted[code] = next((i for i, lv in enumerate(levels) if share <= lv), 99)
    obs = io.StringIO()
    w = csv.writer(obs, lineterminator="\n")
    w.writerow(["period", "organisation", "target", "numerator", "denominator", "note", "source"])
    for pi, period in enumerate(PERIODS):
        for code, *_rest in sample:
            for target, (levels, spread) in TRAJECTORIES.items():
                if target == THIN_TARGET and period == THIN_PERIOD and code not in thin:
                    continue
                if rng.random() < MISSING_RATE:
                    continue
                note = rng.choice(NOTES) if rng.random() < 0.04 else ""
                source = f"Formulaire de collecte {period}"
                if target == "4.1":
                    num, den = (1 if pi >= adopted[code] else 0), 1
                elif target == "4.2":
                    emp = next(o[4] for o in sample if o[0] == code)
                    den = emp
                    p = _clip(levels[pi] + spread * org_effect[code][target] + rng.gauss(0, 0.02))
                    num = round(den * p)
                elif target == "6.1":
                    lo, hi = DENOMINATOR_RANGE[target]
                    den = lo + int(org_size[code][target] * (hi - lo))
                    # an organisation publishes most of its data when its latent rank is high enough
                    rank = sorted(org_effect, key=lambda c: org_effect[c][target], reverse=True).index(code)
                    above = (rank + 0.5) / len(sample) <= levels[pi]
                    ratio = 0.55 + 0.4 * rng.random() if above else 0.45 * rng.random()
                    num = min(den, round(den * ratio))
                    if above and num / den <= 0.5:
                        num = den // 2 + 1
                    if not above and num / den > 0.5:
                        num = den // 2
                else:
                    lo, hi = DENOMINATOR_RANGE[target]
                    den = lo + int(org_size[code][target] * (hi - lo)) + rng.randint(0, 2)
                    p = _clip(levels[pi] + spread * org_effect[code][target] + rng.gauss(0, 0.03))
                    num = round(den * p)
                w.writerow([period, code, target, num, den, note, source])
    orgs = io.StringIO()
    w = csv.writer(orgs, lineterminator="\n")
    w.writerow(["code", "name_fr", "name_en", "type", "employees", "in_sample"])
    for code, fr, en, kind, emp in ORGANISATIONS:
        w.writerow([code, fr, en, kind, emp, "false" if code in OUT_OF_SAMPLE else "true"])
    meta = (
        "# Jeu de données de démonstration — entièrement fictif.\n"
        "title: Baromètre de démonstration (données fictives)\n"
        "title_en: Demonstration barometer (synthetic data)\n"
        "strategy: quebec-2019-2023\n"
        "synthetic: true\n"
        "source: Généré par « barometre demo-data » ; organisations et chiffres inventés.\n"
        'source_en: Generated by "barometre demo-data"; made-up organisations and figures.\n'
        "licence: CC0-1.0\n"
    )
    return orgs.getvalue(), obs.getvalue(), meta


# Plans (issue 14): most organisations file one; one target's plans fall short of it.
PLAN_SEED = SEED + 14
PLAN_PERIODS = PERIODS[1:]
NO_PLAN_ORGANISATIONS = 3
ON_PLAN_ORGANISATIONS = 7  # realistic plans: these organisations deliver them
AMBITION = (0.06, 0.18)  # how far above the target the other organisations plan to end
PLAN_SKIP_RATE = 0.08  # a filed plan may leave a target out
SHORT_TARGET = "2.1"  # organisations plan modest gains only: the plans fall short of 50 %
TARGET_VALUES = {"1.1": 0.75, "1.2": 0.75, "1.3": 0.75, "2.1": 0.50, "3.1": 0.60, "4.2": 0.60,
                 "5.1": 0.75, "5.2": 0.75, "6.1": 0.60}  # fmt: skip
PLAN_SOURCE = "Plan de transformation numérique 2020-2023"
PLAN_NOTES = ["Plan révisé en cours d'année", "Cible alignée sur la stratégie gouvernementale"]


def generate_plans(observations: str) -> str:
    """Return the text of plans.csv: a planned trajectory per organisation and target.

    Each plan starts from the organisation's 2019-2020 ratio and reaches its
    commitment in 2022-2023 in equal steps. Three organisations that deploy
    measures by the deadline (target 4.1) file no plan; seven file realistic
    plans (just below what they then deliver) for the targets they reach; the
    other plans aim above each target (4.1: measures deployed from a chosen
    year), except for target 2.1, where every plan commits to modest gains
    only, so the plans fall short of it.
    """
    rng = random.Random(PLAN_SEED)
    sample = [o[0] for o in ORGANISATIONS if o[0] not in OUT_OF_SAMPLE]
    ratios: dict[tuple[str, str, str], float] = {}
    for row in csv.DictReader(io.StringIO(observations)):
        key = (row["organisation"], row["target"], row["period"])
        ratios[key] = int(row["numerator"]) / int(row["denominator"])
    adopters = [c for c in sample if ratios.get((c, "4.1", PERIODS[-1])) == 1]
    no_plan = set(rng.sample(adopters, NO_PLAN_ORGANISATIONS))
    on_plan = set(rng.sample([c for c in sample if c not in no_plan], ON_PLAN_ORGANISATIONS))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["organisation", "target", "period", "planned_value", "note", "source"])
    steps = len(PLAN_PERIODS)
    for code in sample:
        if code in no_plan:
            continue
        for target, (levels, _spread) in TRAJECTORIES.items():
            if target != "4.1" and rng.random() < PLAN_SKIP_RATE:
                continue
            base = ratios.get((code, target, PERIODS[0]), levels[0])
            if target == "4.1":
                start = rng.randint(1, steps)
                # an organisation that already deploys measures plans to keep them
                done = [j for j in range(1, steps + 1) if ratios.get((code, target, PERIODS[j])) == 1]
                start = min([start, *done[:1]])
                planned = [1.0 if base == 1 or j >= start else 0.0 for j in range(1, steps + 1)]
            else:
                if target == SHORT_TARGET:
                    goal = base + rng.uniform(0.03, 0.10)
                else:
                    goal = TARGET_VALUES[target] + rng.uniform(*AMBITION)
                goal = min(1.0, max(goal, base))
                planned = [base + (goal - base) * j / steps for j in range(1, steps + 1)]
                final = ratios.get((code, target, PERIODS[-1]), 0.0)
                if code in on_plan and final >= TARGET_VALUES[target]:  # plans it then delivers
                    planned = [
                        _clip(ratios[(code, target, p)] - rng.uniform(0.0, 0.03))
                        if (code, target, p) in ratios
                        else v
                        for p, v in zip(PLAN_PERIODS, planned, strict=True)
                    ]
            for period, value in zip(PLAN_PERIODS, planned, strict=True):
                note = rng.choice(PLAN_NOTES) if rng.random() < 0.03 else ""
                w.writerow([code, target, period, f"{value:.2f}", note, PLAN_SOURCE])
    return out.getvalue()


def write_demo(out: str | Path) -> list[Path]:
    """Write the demo dataset into ``out``; return the files written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    orgs, obs, meta = generate()
    files = []
    for name, text in (
        ("organisations.csv", orgs),
        ("observations.csv", obs),
        ("dataset.yaml", meta),
        ("plans.csv", generate_plans(obs)),
    ):
        path = out / name
        path.write_text(text, encoding="utf-8", newline="")
        files.append(path)
    return files
