"""Rebuild, without Docker, the environment Binder builds, and run every chapter in it.

Usage: python scripts/binder_check.py   (what `make binder-check` runs; needs Python 3.11)

What repo2docker does for this repository, step by step, and what this script does instead:

1. repo2docker starts from its own conda environment for Python 3.11, with a Jupyter server
   stack frozen in its lock file. Here: a fresh venv with the same versions of the server
   stack, read from the lock file of the pinned jupyter-repo2docker package.
2. It installs binder/requirements.txt, then copies the repository, then runs
   binder/postBuild. Here: the same, and a check that no server package changed version.
3. It starts every process through binder/start. Here: every chapter, and a scratch notebook
   that only runs `import keras; keras.backend.backend()`, are executed through binder/start
   in a kernel of that environment; the scratch notebook must say "jax".
4. The Dockerfile repo2docker generates (`--no-build --no-run --debug`) must install the
   requirements before it copies the repository (so an edit of a chapter reuses the cached
   environment), and must not reinstall the repository as a package over them.

It prints the time taken and the size of the environment.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from binder_requirements import SERVER_STACK  # noqa: E402
from packaging.utils import canonicalize_name as canonical  # noqa: E402

BUILD = ROOT / "_build"
R2D_VERSION = "2026.4.0"
PYTHON = shutil.which("python3.11") or sys.executable
QUIET = ["--quiet", "--disable-pip-version-check"]


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run(cmd, check=True, **kw)


def venv(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    run([PYTHON, "-m", "venv", str(path)])
    return path / "bin"


def server_pins(r2d_bin: Path) -> dict[str, str]:
    """The server stack's versions, from repo2docker's Python 3.11 lock file."""
    pkg = subprocess.check_output(
        [str(r2d_bin / "python"), "-c", "import os, repo2docker; print(os.path.dirname(repo2docker.__file__))"],
        text=True).strip()
    lock = Path(pkg) / "buildpacks" / "conda" / "environment.py-3.11-linux-64.lock"
    pins = {}
    for m in re.finditer(r"/([A-Za-z0-9_.-]+?)-([0-9][^-/]*)-[^-/]+\.conda", lock.read_text()):
        name = canonical(m.group(1)).replace("nbconvert-core", "nbconvert")
        if name in SERVER_STACK:
            pins[name] = m.group(2)
    return pins


def freeze(bin_: Path) -> dict[str, str]:
    out = subprocess.check_output([str(bin_ / "python"), "-m", "pip", "freeze", "--all"], text=True)
    return {canonical(a): b for a, b in (line.split("==", 1) for line in out.splitlines() if "==" in line)}


def dockerfile_check(r2d_bin: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "repo"
        run(["git", "clone", "--quiet", str(ROOT), str(copy)])
        for name in ("binder",):  # the working copy's binder folder, committed or not
            shutil.rmtree(copy / name, ignore_errors=True)
            shutil.copytree(ROOT / name, copy / name)
        out = subprocess.run([str(r2d_bin / "jupyter-repo2docker"), "--no-build", "--no-run", "--debug", "."],
                             cwd=copy, capture_output=True, text=True, check=True)
    lines = (out.stdout + out.stderr).splitlines()
    install = [i for i, l in enumerate(lines) if 'pip install --no-cache-dir -r "binder/requirements.txt"' in l]
    copy_repo = [i for i, l in enumerate(lines) if re.search(r"^COPY .*\bsrc/ \$\{REPO_DIR\}/", l)]
    assert install and copy_repo, "Dockerfile: requirements install or repository copy not found"
    assert install[0] < copy_repo[0], "Dockerfile installs the requirements after copying the repository"
    assert not any(re.search(r"pip install --no-cache-dir \.\s*$", l) for l in lines), \
        "Dockerfile reinstalls the repository as a package"
    assert any("binder/postBuild" in l for l in lines)
    print("Dockerfile: requirements installed before the repository is copied in; no `pip install .`")


def execute(bin_: Path, notebook: Path, outdir: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}  # start must set it
    env["PATH"] = f"{bin_}:{env['PATH']}"
    run(["bash", str(ROOT / "binder" / "start"), str(bin_ / "jupyter"), "nbconvert", "--to", "notebook",
         "--execute", "--ExecutePreprocessor.timeout=600", "--output-dir", str(outdir), str(notebook)],
        env=env, cwd=notebook.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return outdir / notebook.name


def main() -> int:
    start = time.perf_counter()
    BUILD.mkdir(exist_ok=True)
    r2d = venv(BUILD / "r2d-venv")
    run([str(r2d / "pip"), "install", *QUIET, f"jupyter-repo2docker=={R2D_VERSION}"])
    dockerfile_check(r2d)

    pins = server_pins(r2d)
    env_bin = venv(BUILD / "binder-env")
    run([str(env_bin / "pip"), "install", *QUIET, *(f"{n}=={v}" for n, v in sorted(pins.items()))])
    before = freeze(env_bin)
    run([str(env_bin / "pip"), "install", *QUIET, "-r", str(ROOT / "binder" / "requirements.txt")])
    env = dict(os.environ, PATH=f"{env_bin}:{os.environ['PATH']}")
    with tempfile.TemporaryDirectory() as tmp:  # Binder runs postBuild in its copy of the repo
        copy = Path(tmp) / "repo"
        run(["git", "clone", "--quiet", str(ROOT), str(copy)])
        run(["bash", "binder/postBuild"], cwd=copy, env=env)
        # JupyterLab cannot resolve {cite}: postBuild wrote the citations out as text
        left = [p.name for p in (copy / "chapters").glob("*.ipynb") if "{cite" in p.read_text()]
        assert not left, f"{{cite}} roles left for JupyterLab in {left}"
    after = freeze(env_bin)
    changed = {n: (before[n], after.get(n)) for n in before if n in SERVER_STACK and after.get(n) != before[n]}
    assert not changed, f"binder/requirements.txt changed server packages: {changed}"
    print(f"server stack: {len(pins)} packages at repo2docker's versions, none changed")
    # MyST rendering and live slides (RISE, driven by the chapters' slide metadata)
    listed = run([str(env_bin / "jupyter"), "labextension", "list"], env=env,
                 capture_output=True, text=True)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", listed.stdout + listed.stderr)
    for extension in ("jupyterlab-myst", "jupyterlab-rise"):
        assert re.search(rf"{extension} v\S+ enabled OK", plain), f"{extension} is not enabled"
    print("JupyterLab extensions enabled: jupyterlab-myst (MyST), jupyterlab-rise (slides)")

    with tempfile.TemporaryDirectory() as tmp:
        outdir = Path(tmp)
        for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
            t0 = time.perf_counter()
            execute(env_bin, nb, outdir)
            print(f"{nb.name}: ran in the Binder environment in {time.perf_counter() - t0:.1f} s", flush=True)
        scratch = outdir / "scratch" / "scratch.ipynb"
        scratch.parent.mkdir()
        scratch.write_text(json.dumps({
            "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                       "source": "import keras\nprint(keras.backend.backend())", "id": "scratch"}],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}))
        done = json.loads(execute(env_bin, scratch, outdir).read_text())
        said = "".join(done["cells"][0]["outputs"][0]["text"]).strip()
        print(f"scratch notebook: import keras; keras.backend.backend() -> {said!r}")
        assert said == "jax", said

    size = sum(f.stat().st_size for f in (BUILD / "binder-env").rglob("*") if f.is_file())
    print(f"binder-check passed in {time.perf_counter() - start:.0f} s; environment {size / 2**30:.2f} GiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
