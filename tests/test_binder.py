"""The Binder set-up: files repo2docker reads, and requirements that agree with the main pins."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def test_binder_requirements_are_generated_from_the_main_pins():
    # scripts/binder_requirements.py derives them; --check fails if they drifted
    subprocess.run([sys.executable, str(ROOT / "scripts" / "binder_requirements.py"), "--check"], check=True)
    main = dict(re.findall(r"^([\w.-]+)==(\S+)", (ROOT / "requirements.txt").read_text(), re.M))
    lower = {k.lower().replace("_", "-"): v for k, v in main.items()}
    for name, version in re.findall(r"^([\w.-]+)==(\S+)", (BINDER / "requirements.txt").read_text(), re.M):
        assert lower[name] == version, name


def test_binder_requirements_name_no_local_path():
    # a local path (`-e .`) would make repo2docker copy the repository first: no cache reuse
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        assert not line.startswith(("-e", ".", "/", "file:")), line


def test_postbuild_and_start():
    post, start = (BINDER / "postBuild").read_text(), (BINDER / "start").read_text()
    assert "--no-deps" in post and (BINDER / "postBuild").stat().st_mode & 0o111
    assert "python scripts/citations.py chapters/*.ipynb" in post  # readable in JupyterLab
    assert "export KERAS_BACKEND=jax" in start and 'exec "$@"' in start
    assert (BINDER / "start").stat().st_mode & 0o111
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"


def test_binder_has_rise_and_myst_for_live_slides():
    # the chapters' slideshow metadata drives live slides in JupyterLab (RISE) on Binder
    names = re.findall(r"^([\w.-]+)==", (BINDER / "requirements.txt").read_text(), re.M)
    assert "jupyterlab-rise" in names and "jupyterlab-myst" in names
