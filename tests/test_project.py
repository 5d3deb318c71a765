"""Foundation: layout, dependency lists in sync, notebooks without outputs."""

import json
import re
import tomllib

import pytest
import yaml
from conftest import ROOT

NAME = re.compile(r"^([A-Za-z0-9_.\-]+)\s*(>=\s*[0-9][^,;\s]*)?")


def _parse(spec: str) -> tuple[str, str]:
    m = NAME.match(spec.strip())
    assert m, spec
    return m.group(1).lower().replace("_", "-"), (m.group(2) or "").replace(" ", "")


def test_layout_exists():
    for name in ["notebooks", "lib/barometre", "data", "reports", "environment.yml", "tests",
                 "Makefile", "pyproject.toml", "README.md", ".ci/run", "reports/README.md"]:  # fmt: skip
        assert (ROOT / name).exists(), name


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_parse(s) for s in project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for s in dep["pip"]:
                if not s.startswith("-e"):
                    listed.update([_parse(s)])
        elif not dep.startswith(("python", "pip")) or dep.startswith("python-"):
            listed.update([_parse(dep)])
    assert listed == wanted, {
        "missing in environment.yml": sorted(set(wanted) - set(listed)),
        "extra in environment.yml": sorted(set(listed) - set(wanted)),
        "version differs": sorted(k for k in wanted if k in listed and listed[k] != wanted[k]),
    }


def test_every_dependency_has_a_minimum_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert ">=" in spec, spec


def test_notebooks_are_committed_without_outputs():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks, "no notebook found"
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [], f"{path.name}: outputs committed"
                assert cell.get("execution_count") is None, f"{path.name}: execution count committed"


def test_notebooks_carry_the_kernel_metadata_jupyterlab_would_write():
    """JupyterLab rewrites a notebook's kernel name and language information with what the kernel reports
    as soon as it opens it, and marks it modified when they differ: every notebook opened with unsaved
    changes (checked by hand in JupyterLab: with these, they open unmodified). The committed ones carry
    what the project's kernel reports; only the Python patch version may differ from one machine to the
    next (it then marks them modified again)."""
    import sys

    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        info = kc.kernel_info(reply=True, timeout=60)["content"]["language_info"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    display_name = KernelSpecManager().get_kernel_spec("python3").display_name
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]
        assert meta["kernelspec"] == {
            "display_name": display_name,
            "language": "python",
            "name": "python3",
        }, path
        committed = dict(meta["language_info"])
        assert committed.pop("version").rsplit(".", 1)[0] == minor, (path.name, meta["language_info"])
        assert committed == {k: v for k, v in info.items() if k != "version"}, (path.name, committed, info)


def test_makefile_targets_are_phony_and_documented():
    text = (ROOT / "Makefile").read_text()
    phony = set(re.search(r"^\.PHONY:(.*)$", text, re.M).group(1).split())
    for target in ["install", "reports", "test", "lab", "bench", "clean"]:
        assert target in phony
        assert re.search(rf"^{target}:.*## ", text, re.M), target


def test_a_notebook_kernel_that_dies_while_starting_is_started_once_more():
    import warnings

    from conftest import retrying_kernel_start

    calls = []

    def start(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            kwargs["stderr"].write("Address already in use")
            raise RuntimeError("Kernel died before replying to kernel_info")
        return "kernel"

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert retrying_kernel_start(start)(kernel_name="python3") == "kernel"
    assert len(calls) == 2 and "Address already in use" in str(seen[0].message)

    def always_dies(**kwargs):
        raise RuntimeError("Kernel died before replying to kernel_info")

    with warnings.catch_warnings(record=True), pytest.raises(RuntimeError):
        retrying_kernel_start(always_dies)(kernel_name="python3")


MODULE_LINES = 410  # « about 400 »: a module that grows past it is split by what its parts do


def test_no_library_module_grows_past_about_400_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in sorted((ROOT / "lib" / "barometre").rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert not long, long


def test_an_installed_package_finds_the_project_in_barometre_home(tmp_path, monkeypatch):
    """A package installed outside a source checkout, run by a scheduler from « / », sought its notebooks in
    « /notebooks » (« Carnet introuvable : /notebooks/overview.ipynb »): BAROMETRE_HOME names the project's
    folder; a checkout keeps its own; without either, the working directory as before."""
    from barometre import paths

    assert paths.project_root() == ROOT  # the checkout around the package
    monkeypatch.setattr(paths, "PACKAGE_DIR", tmp_path / "site-packages" / "barometre")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BAROMETRE_HOME", raising=False)
    assert paths.project_root() == tmp_path
    monkeypatch.setenv("BAROMETRE_HOME", str(ROOT))
    assert paths.project_root() == ROOT and paths.notebooks_dir() == ROOT / "notebooks"
