"""Checks of scripts/stacks.py (`make stacks-check`) and of the files it reads.

Running the stacks themselves takes minutes and the network (`make stacks-check`, in
.ci/run); these tests check what can be checked offline: the vendored Colab pins, that
pyproject's lower bounds are the versions it tests, the cache keys, the Python finder and
the message when a Python is missing.
"""

import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import stacks  # noqa: E402


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_colab_pins_name_their_source_commit_and_date():
    head = (ROOT / "stacks/colab.txt").read_text()
    assert "googlecolab/backend-info, pip-freeze.txt" in head
    assert re.search(r"# commit [0-9a-f]{40} \(\d{4}-\d{2}-\d{2}\), Python 3\.13\.", head)


def test_colab_pins_every_root_the_chapters_need():
    pins = _pins(ROOT / "stacks/colab.txt")
    roots = stacks.requirement_lines(stacks.ALL["newest"])
    assert roots, "stacks/chapters.in is empty"
    for root in roots:
        assert canonicalize_name(root) in pins, f"{root} is not pinned in stacks/colab.txt"


def test_pyproject_lower_bounds_are_the_versions_the_colab_stack_tests():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins(ROOT / "stacks/colab.txt")
    for dep in project["dependencies"]:
        req = Requirement(dep)
        (spec,) = req.specifier
        assert spec.operator == ">=", dep
        assert pins[canonicalize_name(req.name)] == spec.version, (
            f"{dep}: Colab's runtime, the oldest stack tested, has "
            f"{pins[canonicalize_name(req.name)]}")
    assert project["requires-python"] == ">=3.11"


def test_the_chapters_import_nothing_outside_the_stacks_roots():
    """What a chapter imports must be pinned on the Colab stack (else it floats or is missing)."""
    import json

    roots = {canonicalize_name(r) for r in stacks.requirement_lines(stacks.ALL["newest"])}
    stdlib = set(sys.stdlib_module_names)
    names = {"glmnn"}
    for nb in stacks.chapters():
        for cell in json.loads(nb.read_text())["cells"]:
            if cell["cell_type"] == "code":
                src = "".join(cell["source"])
                names |= set(re.findall(r"^\s*(?:import|from) ([A-Za-z_]\w*)", src, re.M))
    module_to_package = {"IPython": "ipython"}
    for name in sorted(names - stdlib - {"glmnn"}):
        assert canonicalize_name(module_to_package.get(name, name)) in roots, name


def test_every_toc_chapter_is_run():
    found = [p.name for p in stacks.chapters()]
    on_disk = sorted(p.name for p in (ROOT / "chapters").glob("*.ipynb"))
    assert found == on_disk


def test_requirement_lines_leave_out_the_editable_install():
    lines = stacks.requirement_lines(stacks.ALL["py3.12"])
    assert "-e ." not in lines and any(line.startswith("numpy==") for line in lines)


def test_cache_key_follows_python_requirements_and_week(monkeypatch):
    exe = sys.executable
    a = stacks.cache_key(stacks.ALL["py3.12"], exe)
    assert a == stacks.cache_key(stacks.ALL["py3.12"], exe)  # deterministic
    assert a != stacks.cache_key(stacks.ALL["colab"], exe)  # other file, other key
    newest = stacks.cache_key(stacks.ALL["newest"], exe)

    class LaterDate(stacks.dt.date):
        @classmethod
        def today(cls):
            return stacks.dt.date(2100, 1, 4)

    monkeypatch.setattr(stacks.dt, "date", LaterDate)
    assert stacks.cache_key(stacks.ALL["newest"], exe) != newest  # floats: a new week
    assert stacks.cache_key(stacks.ALL["py3.12"], exe) == a  # pinned: does not


def test_cache_lives_outside_the_clone(monkeypatch, tmp_path):
    monkeypatch.delenv("GLMNN_STACKS_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert stacks.cache_root() == tmp_path / "glmnn-stacks"
    assert ROOT not in stacks.cache_root().parents


def test_find_python_finds_this_one_and_not_a_missing_one(monkeypatch):
    here = "%d.%d" % sys.version_info[:2]
    monkeypatch.setenv("GLMNN_PYTHON" + here.replace(".", "_"), sys.executable)
    assert stacks.find_python(here) == sys.executable
    assert stacks.find_python("2.1") is None


def test_a_missing_python_fails_the_stack_and_says_how_to_get_it(monkeypatch, capsys):
    monkeypatch.setattr(stacks, "find_python", lambda version: None)
    assert stacks.check(["py3.12"]) == 1
    out = capsys.readouterr().out
    assert "Python 3.12 was not found" in out and "pyenv install 3.12" in out
    assert "GLMNN_PYTHON3_12" in out
    assert re.search(r"\| py3\.12 +\| 3\.12 +\| \(all\) +\| - +\| FAILED: Python missing", out)


def test_refresh_refuses_a_freeze_without_a_root(tmp_path):
    freeze = tmp_path / "pip-freeze.txt"
    freeze.write_text("numpy==2.1.3\n")
    with pytest.raises(SystemExit, match="not in Colab's freeze: scipy"):
        stacks.refresh_colab(freeze, "0" * 40, "2026-08-19", "uv")


def test_unknown_stack_is_refused():
    with pytest.raises(SystemExit):
        stacks.main(["check", "nonesuch"])
