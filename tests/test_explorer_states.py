"""Every state of the explorer (GC and demo data) draws its table, and its export is that table.

A column that says nothing on every row is left out of the formatted table (GC data has no status;
nor has the « moyenne » government row alone): styling it anyway put a pandas traceback where the
table was, on first opening the GC explorer.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import barometre as b
import pytest
from barometre import explorer as explorer_module
from barometre.explorer import build_explorer
from barometre.explorer_display import table_styler
from barometre.i18n import t
from barometre.importers.gc_service_inventory import import_gc_service_inventory
from conftest import GC_RAW

pytestmark = pytest.mark.cost(40)  # CPU-seconds: the costliest start first (conftest)

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"


@pytest.fixture(scope="module")
def demo() -> b.Results:
    """Results of the demo dataset."""
    return b.compute(DEMO, b.Options(bootstrap=20))


@pytest.fixture(scope="module")
def gc(tmp_path_factory) -> b.Results:
    """Results of the real GC service inventory (no organisation targets, no statuses)."""
    out = tmp_path_factory.mktemp("gc") / "data"
    import_gc_service_inventory(sorted(GC_RAW.glob("*.csv")), out)
    return b.compute(out, b.Options(bootstrap=20))


def states(ex):
    """Every target × period × view × coverage, with no organisation, the first two, the last one."""
    codes = [o[1] if isinstance(o, tuple) else o for o in ex.organisations.options]
    choices = ((), tuple(codes[:2]), tuple(codes[-1:]))
    for target in ex.results.dataset.strategy.targets:
        ex.select_target(target.id)
        for period in ex.period.options:
            ex.period.value = period
            for view, coverage, chosen in itertools.product(
                ("pooled", "mean"), ("reported", "expected"), choices
            ):
                ex.view.value, ex.coverage.value = view, coverage
                ex.organisations.value = tuple(c for c in chosen if c in codes)
                yield (target.id, period, view, coverage, ex.organisations.value)


@pytest.mark.parametrize("which", ["gc", "demo"])
def test_every_state_draws_its_table_and_exports_it(which, request) -> None:
    res = request.getfixturevalue(which)
    ex = build_explorer(res, "fr")
    ex.refresh = lambda: None  # kept fast: each state's table is drawn below, not once per widget set
    series, code = t("chart.col.series", "fr"), t("chart.col.code", "fr")
    seen = without_status = 0
    for state in states(ex):
        seen += 1
        shown = table_styler(ex)
        page = shown.to_html()  # raised KeyError « None of [Index(['Statut']…» in 48 of 108 GC states
        assert (
            t("explorer.table.caption", "fr", id=ex.target_name, period=ex.period.value).split(" :")[0]
            in page
        )
        without_status += t("chart.col.status", "fr") not in shown.data.columns
        exported = ex.current_table()  # what the CSV and Excel links hold
        assert len(shown.data) == len(exported), state
        assert shown.data[series].tolist() == exported[series].tolist(), state
        assert shown.data[code].tolist() == exported[code].tolist(), state
    assert seen >= 100
    assert without_status > 0  # the case that failed is among those drawn


def test_no_export_links_beside_a_table_that_failed_to_draw(demo, monkeypatch) -> None:
    ex = build_explorer(demo, "fr")
    assert "barometre-download" in ex.export_links.value
    links_while_drawing = []

    def failing_draw(explorer):
        links_while_drawing.append(explorer.export_links.value)
        return False  # its table could not be drawn: the page says so

    monkeypatch.setattr(explorer_module, "draw", failing_draw)
    ex.period.value = ex.period.options[0]
    # while the new table is drawn, no links to it beside the last one's table; after, none beside no table
    assert links_while_drawing == [""]
    assert ex.export_links.value == ""
