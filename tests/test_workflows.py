"""Checks of the GitHub workflows that can be made without running them.

actionlint, the standard linter, ships on PyPI only as a package that downloads its binary
from GitHub at install time, which this project's machines cannot reach; these tests check
the structure the workflows rely on instead: valid YAML, runners and steps, actions pinned
to a major version, the commands they run exist.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
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
                assert step["with"]["python-version"] == "3.11"
                assert step["with"]["cache"] == "pip"
            for target in re.findall(r"make ([\w-]+)", step.get("run", "")):
                assert target in MAKE_TARGETS, f"make {target} is not a Makefile target"


def test_ci_runs_what_a_newcomer_runs():
    steps = _load(ROOT / ".github/workflows/ci.yml")["jobs"]["test"]["steps"]
    assert any(s.get("run") == "bash .ci/run" for s in steps)


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
