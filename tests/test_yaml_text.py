"""YAML parsing (barometre.yaml_text): the fast loader gives what yaml.safe_load gives, errors quote the line."""

from importlib import resources

import pytest
import yaml
from barometre import yaml_text


def bundled_yaml() -> list[str]:
    root = resources.files("barometre")
    return [f"{folder}/{p.name}" for folder in ("locales", "strategies")
            for p in root.joinpath(folder).iterdir() if p.name.endswith(".yaml")]  # fmt: skip


@pytest.mark.parametrize("name", bundled_yaml())
def test_every_bundled_file_parses_as_safe_load_does(name: str):
    text = resources.files("barometre").joinpath(name).read_text("utf-8")
    assert yaml_text.load(text) == yaml.safe_load(text)


def test_types_and_accents_as_safe_load():
    text = "date: 2023-03-31\nratio: 0.75\nnom: « Ministère »\nvide:\nliste: [1, '2']\noui: yes\n"
    assert yaml_text.load(text) == yaml.safe_load(text)
    assert yaml_text.load(text.encode("utf-8")) == yaml.safe_load(text)


def test_unsafe_tags_are_refused():
    with pytest.raises(yaml.YAMLError):
        yaml_text.load("a: !!python/object/apply:os.system ['true']\n")


def test_syntax_error_quotes_the_offending_line():
    with pytest.raises(yaml.YAMLError) as err:
        yaml_text.load("title: ok\nstrategy: [quebec\nperiods: x\n")
    assert "line 3" in str(err.value) and "periods: x" in str(err.value)
