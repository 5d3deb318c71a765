"""A tiny hand-made dataset for the plans tests (Québec strategy, four organisations)."""

from pathlib import Path

ORGS = "code,name_fr,name_en,in_sample\nA,Org A,Org A,true\nB,Org B,Org B,true\nC,Org C,Org C,true\nD,Org D,Org D,true\nX,Hors,Outside,false\n"
META = "title: Plans test\nstrategy: quebec-2019-2023\nsynthetic: true\n"
HEADER = "period,organisation,target,numerator,denominator\n"


def make_dataset(folder: Path, observations: str, plans: str | None = None) -> Path:
    """Write organisations, dataset.yaml, observations (rows after the header) and optional plans."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "organisations.csv").write_text(ORGS, encoding="utf-8")
    (folder / "dataset.yaml").write_text(META, encoding="utf-8")
    (folder / "observations.csv").write_text(HEADER + observations, encoding="utf-8")
    if plans is not None:
        (folder / "plans.csv").write_text(plans, encoding="utf-8")
    return folder
