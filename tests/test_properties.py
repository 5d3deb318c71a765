"""Property tests: no row is ever lost, values and progress stay proportions."""

import csv
import io

import numpy as np
import pandas as pd
from barometre.dataset import load_dataset_parts
from barometre.methodology import Options, compute_by_organisation, compute_indicators
from barometre.readers import read_csv
from barometre.validation import validate_observations
from conftest import DEMO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_META, STRATEGY, ORGS, _R = load_dataset_parts(DEMO)
CODES = list(ORGS["code"]) + ["INCONNU", ""]
PERIODS = list(STRATEGY.periods) + ["2030-2031", "2022/2023", ""]
TARGETS = STRATEGY.target_ids + ["9.9", ""]
NUMBERS = st.one_of(
    st.integers(0, 500).map(str),
    st.integers(-5, 5).map(str),
    st.sampled_from(["", "abc", "1 234", "12,5", "1\u00a0000", "0", "3.0", "nan", "-0"]),
)
ROW = st.tuples(st.sampled_from(PERIODS), st.sampled_from(CODES), st.sampled_from(TARGETS), NUMBERS, NUMBERS)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _write(tmp_path, rows, sep):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n")
    w.writerow(["period", "organisation", "target", "numerator", "denominator"])
    w.writerows(rows)
    path = tmp_path / "o.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@SETTINGS
@given(rows=st.lists(ROW, max_size=40), sep=st.sampled_from([",", ";"]))
def test_rows_are_never_lost(tmp_path, rows, sep):
    table = read_csv(_write(tmp_path, rows, sep))
    accepted, report = validate_observations(table, STRATEGY, ORGS)
    nonblank = [r for r in rows if "".join(r).strip()]
    assert report.rows_read == len(nonblank)
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    assert len(accepted) == report.rows_accepted
    rejected_rows = {e.row for e in report.errors}
    assert len(rejected_rows) == report.rows_rejected  # every rejected row has at least one reason
    assert set(accepted["row"]).isdisjoint(rejected_rows)
    assert set(accepted["row"]) | rejected_rows == set(table.rows)
    # accepted rows are usable: counts, numerator ≤ denominator, no missing value turned into zero
    assert (accepted["denominator"] > 0).all()
    assert (accepted["numerator"] >= 0).all()
    assert (accepted["numerator"] <= accepted["denominator"]).all()


OBS = st.lists(
    st.tuples(
        st.sampled_from(list(STRATEGY.periods)),
        st.sampled_from(list(ORGS["code"])),
        st.sampled_from(STRATEGY.target_ids),
        st.integers(0, 300),
        st.integers(1, 300),
    ),
    max_size=120,
)


@settings(max_examples=40, deadline=None)
@given(cells=OBS)
def test_values_and_progress_stay_proportions(cells):
    data = {}
    for period, org, target, num, den in cells:
        data[(period, org, target)] = (min(num, den), den)
    frame = pd.DataFrame(
        [{"period": p, "organisation": o, "target": t, "numerator": float(n), "denominator": float(d)}
         for (p, o, t), (n, d) in data.items()],
        columns=["period", "organisation", "target", "numerator", "denominator"],
    )  # fmt: skip
    ind = compute_indicators(frame, ORGS, STRATEGY, list(STRATEGY.periods), Options(bootstrap=50))
    for col in ("value", "progress", "projected_value", "ci_low", "ci_high", "baseline_value"):
        vals = ind[col].dropna()
        assert ((vals >= 0) & (vals <= 1)).all(), col
    counted = ind.dropna(subset=["value"])
    assert (counted["ci_low"] <= counted["value"] + 1e-12).all()
    assert (counted["value"] <= counted["ci_high"] + 1e-12).all()
    pooled = ind[~ind["target"].isin(["4.1", "6.1"])].dropna(subset=["value"])
    assert np.allclose(pooled["value"], pooled["numerator"] / pooled["denominator"])
    assert ind["status"].isin(["target_achieved", "on_track", "acceleration_needed", "limited_progress",
                               "deterioration", "insufficient_data"]).all()  # fmt: skip
    by = compute_by_organisation(frame, ORGS, STRATEGY, list(STRATEGY.periods))
    in_sample = frame[frame["organisation"].isin(ORGS.loc[ORGS["in_sample"], "code"])]
    assert len(by) == len(in_sample)  # one row per reported cell, none invented
    for col in ("value", "progress", "projected_value"):
        vals = by[col].dropna()
        assert ((vals >= 0) & (vals <= 1)).all(), col
