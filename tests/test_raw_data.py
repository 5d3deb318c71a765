"""data/raw is the project's own, immutable copy of public data: checksums in its README match."""

import hashlib
import re

from conftest import GC_RAW


def _readme_checksums() -> dict[str, str]:
    text = (GC_RAW / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| (\S+\.csv) \| [\d,]+ \| ([0-9a-f]{64}) \|$", text, flags=re.M))


def test_readme_lists_every_raw_file_with_its_sha256():
    listed = _readme_checksums()
    files = sorted(p.name for p in GC_RAW.glob("*.csv"))
    assert files == ["2016-2017_services.csv", "2017-2018_services.csv", "2018-2019_services.csv"]
    assert sorted(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256((GC_RAW / name).read_bytes()).hexdigest() == digest, name


def test_readme_names_source_licence_and_immutability():
    text = (GC_RAW / "README.md").read_text(encoding="utf-8")
    for needle in (
        "open.canada.ca",
        "open-data/service-inventory-etl",
        "Open Government Licence – Canada 2.0",
        "raw data is immutable: never edit these files",
    ):
        assert needle.lower() in text.lower(), needle
