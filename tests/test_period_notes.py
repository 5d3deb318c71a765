"""Rows of a period not yet over are accepted with a warning: its figures are not final."""

import datetime as dt
import json
import shutil

import numpy as np
import pandas as pd
import yaml
from barometre.cli import main
from barometre.period_notes import period_end, unfinished_period_warnings
from barometre.strategy_model import fiscal_year_of
from conftest import DEMO, ROOT, rewrite_csv


def test_a_period_is_over_the_day_after_its_31_march():
    f = pd.DataFrame({"period": ["2026-2027", "2026-2027", "2025-2026"], "_row": [2, 3, 4]})
    accepted = np.array([True, False, True])  # a rejected row says its own error, not this
    assert period_end("2026-2027") == dt.date(2027, 3, 31) and period_end("2026") is None
    on_the_day = unfinished_period_warnings("obs.csv", f, accepted, dt.date(2027, 3, 31))
    assert [(w.row, w.column, w.value, w.rule) for w in on_the_day] == [
        (2, "period", "2026-2027", "unfinished_period")
    ]
    assert "se termine le 31\u00a0mars\u00a02027" in on_the_day[0].message
    assert "n'est pas terminée le 31\u00a0mars\u00a02027" in on_the_day[0].message
    assert "ends on March\u00a031, 2027" in on_the_day[0].message_en
    assert unfinished_period_warnings("obs.csv", f, accepted, dt.date(2027, 4, 1)) == []
    assert len(unfinished_period_warnings("obs.csv", f, accepted, dt.date(2026, 3, 31))) == 2


def test_validate_says_the_current_year_s_figures_are_not_final(tmp_path, capsys):
    """Figures for the fiscal year under way were accepted without a word (the brief said « Données au 31 mars
    2027 » beside « Produit le 6 décembre 2026 »). They are still accepted, exit 0, with a warning naming the
    rows, the period's end and what to check; the finished year before says nothing."""
    current = fiscal_year_of(dt.date.today())
    start = int(current[:4])
    data = tmp_path / "demo"
    shutil.copytree(DEMO, data)
    raw = yaml.safe_load(
        (ROOT / "lib/barometre/strategies/quebec-2019-2023.yaml").read_text(encoding="utf-8")
    )
    later = [f"{y}-{y + 1}" for y in range(2023, start + 1)]
    raw["periods"] += later
    (data / "strategy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meta = data / "dataset.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("quebec-2019-2023", "strategy.yaml"), encoding="utf-8"
    )
    sizes = {}

    def add(rows):
        last = [r for r in rows if r["period"] == "2022-2023"]
        sizes.update(before=len(rows) + len(last) * (len(later) - 1), n=len(last))
        return rows + [{**r, "period": p} for p in later for r in last]

    rewrite_csv(data / "observations.csv", add)
    assert main(["validate", str(data), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows_rejected"] == 0
    said = [w for w in report["warnings"] if w["rule"] == "unfinished_period"]
    first = sizes["before"] + 2  # the header is row 1
    assert [w["row"] for w in said] == list(range(first, first + sizes["n"]))
    assert {w["value"] for w in said} == {current}
    assert f"se termine le 31\u00a0mars\u00a0{start + 1}" in said[0]["message"]
