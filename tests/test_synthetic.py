"""The synthetic scale dataset of the benchmarks: valid, complete enough, deterministic."""

from __future__ import annotations

import sys
from pathlib import Path

from barometre import load_dataset

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
from synthetic import write_dataset  # noqa: E402


def test_synthetic_dataset_is_valid_and_deterministic(tmp_path):
    first = write_dataset(tmp_path / "a", organisations=300)
    second = write_dataset(tmp_path / "b", organisations=300)
    for name in ("organisations.csv", "observations.csv", "dataset.yaml"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    ds = load_dataset(first)
    assert ds.report.rows_rejected == 0
    assert len(ds.organisations) == 300
    assert ds.periods == ["2019-2020", "2020-2021", "2021-2022", "2022-2023"]
    assert ds.synthetic
    # every in-sample organisation reports most targets in the latest period
    latest = ds.observations[ds.observations["period"] == "2022-2023"]
    assert latest["organisation"].nunique() == 294
    assert 0.9 < len(latest) / (294 * 10) < 0.97


def test_a_cut_strategy_keeps_only_the_chosen_ambitions(tmp_path):
    ds = load_dataset(write_dataset(tmp_path / "cut", organisations=6, ambitions=["1", "4"]))
    assert ds.report.rows_rejected == 0
    assert [str(a.id) for a in ds.strategy.ambitions] == ["1", "4"]
    assert ds.strategy.target_ids == ["1.1", "1.2", "1.3", "4.1", "4.2"]
    assert set(ds.observations["target"]) == set(ds.strategy.target_ids)
