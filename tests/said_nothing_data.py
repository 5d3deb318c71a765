"""Two small strategies from the demo's 1.1 and 5.2: none with a target value, and one with (1.1) and without (5.2).

For the tests of what says nothing (« — » or « Sans cible chiffrée » on every row): test_said_nothing*.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import barometre as b
import yaml
from conftest import DEMO, ROOT, rewrite_csv

PERIOD, PREVIOUS = "2022-2023", "2021-2022"


def _dataset(folder: Path, with_target: set[str]) -> Path:
    """The demo's 1.1 and 5.2 (ambitions 1 and 5, no contributions), a target value only for ``with_target``."""
    shutil.copytree(DEMO, folder)
    raw = yaml.safe_load((ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text("utf-8"))
    raw["id"], raw["contributions"] = f"test-{folder.name}", []
    raw["ambitions"] = [a for a in raw["ambitions"] if str(a["id"]) in ("1", "5")]
    raw["targets"] = [x for x in raw["targets"] if x["id"] in ("1.1", "5.2")]
    for x in raw["targets"]:
        if x["id"] not in with_target:
            x.pop("target_value", None)
    (folder / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    meta = yaml.safe_load((folder / "dataset.yaml").read_text("utf-8"))
    meta["strategy"] = "strategy.yaml"
    (folder / "dataset.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
    return folder


def without_target_values(folder: Path) -> b.Results:
    """No target value at all; in 2021-2022 too few organisations reported: every change is withheld."""
    _dataset(folder, set())
    keep = {"MFSN", "MFEDU"}  # 2 of 25: 2021-2022 does not count
    rewrite_csv(folder / "observations.csv",
                lambda rows: [r for r in rows if r["period"] != PREVIOUS or r["organisation"] in keep])  # fmt: skip
    return b.compute(folder, b.Options(bootstrap=0))


def mixed_target_values(folder: Path) -> b.Results:
    """1.1 with its target value (75 %), 5.2 without."""
    return b.compute(_dataset(folder, {"1.1"}), b.Options(bootstrap=0))
