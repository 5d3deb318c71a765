"""Smoke test: the same notebooks and sections adapt to another strategy (real GC data)."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from barometre import sections as s
from barometre.api import compute
from conftest import GC_RAW, ROOT

GC = GC_RAW
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def gc_data(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gc") / "data"
    files = sorted(GC.glob("*.csv"))
    assert len(files) == 3, "the GC service inventory files of data/raw are required"
    subprocess.run(
        [BIN / "barometre", "import", "gc-service-inventory", *files, "--out", out],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_section_renders_for_the_gc_strategy(gc_data, lang):
    ctx = s.ReportContext(compute(gc_data), "2018-2019", lang)
    assert [t.id for t in ctx.strategy.targets] == ["uptake", "feedback", "end-to-end"]
    html = "".join(
        str(b)
        for b in (
            s.page_header(ctx),
            s.global_index(ctx),
            s.messages(ctx),
            s.target_cards(ctx),
            s.coverage(ctx),
        )
    )
    assert "57,9" in html or "57.9" in html  # uptake 2018-2019 = 249 / 430
    for amb in ctx.strategy.ambitions:
        str(s.ambition_header(ctx, amb.id))
        for target in s.ambition_targets(ctx, amb.id):
            section = str(s.target_section(ctx, target))
            assert 'class="vega-spec"' in section
    code = ctx.ds.sample["code"].iloc[0]
    str(s.organisation_summary(ctx, code))
    str(s.organisation_figure(ctx, code))
    str(s.methodology(ctx))


def test_overview_notebook_runs_with_papermill_on_gc_data(gc_data, tmp_path):
    out = tmp_path / "overview.ipynb"
    subprocess.run(
        [BIN / "papermill", ROOT / "notebooks" / "overview.ipynb", out, "-p", "data_dir", str(gc_data),
         "-p", "lang", "en", "--no-progress-bar", "--cwd", ROOT / "notebooks"],
        check=True, capture_output=True,
    )  # fmt: skip
    nb = nbformat.read(out, as_version=4)
    text = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    assert "uptake" in text and "2018-2019" in text
