"""Run every chapter on the stacks readers run: Colab's runtime, the newest releases, 3.12, 3.13.

Usage:
    python scripts/stacks.py check [STACK ...]        (what `make stacks-check` runs)
    python scripts/stacks.py refresh-colab FREEZE --commit SHA --date YYYY-MM-DD

`check` builds one virtual environment per stack, cached outside the clone (in
$GLMNN_STACKS_CACHE, else $XDG_CACHE_HOME/glmnn-stacks, else ~/.cache/glmnn-stacks) under a
key made of the stack's Python, its install commands and its requirements file's content, as
`make` does for .venv. It installs `glmnn` from this clone the way the stack's readers get it,
runs every chapter of _toc.yml top to bottom, and prints a table: stack, Python, chapter,
seconds, result. It exits non-zero if any chapter fails or a stack cannot be built.

The stacks:

- ``colab``: Google Colab's runtime as Google publishes it (stacks/colab.txt, compiled from
  the pip-freeze.txt of googlecolab/backend-info by `refresh-colab`), Python 3.13, `glmnn`
  installed with ``--no-deps`` as the chapters' Colab cell does, KERAS_BACKEND unset.
  Chapters run with their assertions; outputs are not compared (they are another stack's).
- ``newest``: the newest release of everything in stacks/chapters.in, Python 3.13: what
  Dependabot will propose next. It floats: its cache key also holds the ISO week, so it is
  rebuilt once a week (and the weekly workflow runs it on a fresh machine).
- ``py3.12`` and ``py3.13``: requirements.txt itself on that Python, and strict nbval (the
  stored outputs compared, with tests/sanitize.cfg), exactly as `make nbval` does on 3.11.

When a stack's Python is missing, the stack fails with a message that says how to get it
(or which variable points at it: GLMNN_PYTHON3_12, GLMNN_PYTHON3_13).

`refresh-colab` rewrites stacks/colab.txt from a newer pip-freeze.txt: uv compiles the roots
in stacks/chapters.in for Python 3.13 on Linux with the freeze as constraints, so every
package the chapters need gets Colab's version, and names any dependency the freeze lacks (pinned at what uv chose).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STACKS = ROOT / "stacks"
QUIET = ["--quiet", "--disable-pip-version-check"]
FREEZE_SOURCE = "googlecolab/backend-info"


@dataclass(frozen=True)
class Stack:
    name: str
    python: str  # "3.13"
    requirements: str  # relative to the repository
    glmnn_install: tuple[str, ...]  # pip arguments before the path of this clone
    keras_backend: str | None  # None: unset, as on Colab
    strict_nbval: bool  # compare the stored outputs (the pinned stacks only)
    floats: bool = False  # newest releases: rebuilt every ISO week


ALL = {
    "colab": Stack("colab", "3.13", "stacks/colab.txt", ("--no-deps",), None, False),
    "newest": Stack("newest", "3.13", "stacks/chapters.in", (), "jax", False, floats=True),
    "py3.12": Stack("py3.12", "3.12", "requirements.txt", ("--no-deps",), "jax", True),
    "py3.13": Stack("py3.13", "3.13", "requirements.txt", ("--no-deps",), "jax", True),
}


# ---------------------------------------------------------------------------------------------
# finding a Python


def _version_of(exe: str) -> str | None:
    try:
        out = subprocess.run([exe, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def find_python(version: str) -> str | None:
    """A working interpreter of `version` ("3.13"), or None.

    Looks at $GLMNN_PYTHON3_13 (for 3.13), `python3.13` on PATH (pyenv shims that are not
    active are skipped because they do not run), then the usual install places.
    """
    env = os.environ.get("GLMNN_PYTHON" + version.replace(".", "_"))
    candidates = [env] if env else []
    candidates.append(shutil.which(f"python{version}") or "")
    home = Path.home()
    for pattern in (f".pyenv/versions/{version}*/bin/python{version}",
                    f".local/share/uv/python/cpython-{version}*/bin/python{version}"):
        candidates += [str(p) for p in sorted(home.glob(pattern), reverse=True)]
    candidates += [f"/usr/bin/python{version}", f"/usr/local/bin/python{version}",
                   f"/opt/homebrew/bin/python{version}"]
    for exe in candidates:
        if exe and _version_of(exe) == version:
            return exe
    return None


def missing_python_message(version: str) -> str:
    return (f"Python {version} was not found. Install it (Debian/Ubuntu: apt install "
            f"python{version} python{version}-venv, or the deadsnakes PPA; macOS: brew install "
            f"python@{version}; any system: pyenv install {version}), or set "
            f"GLMNN_PYTHON{version.replace('.', '_')} to its interpreter.")


# ---------------------------------------------------------------------------------------------
# building a stack's environment


def cache_root() -> Path:
    if os.environ.get("GLMNN_STACKS_CACHE"):
        return Path(os.environ["GLMNN_STACKS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "glmnn-stacks"


def requirement_lines(stack: Stack) -> list[str]:
    """The stack's requirements, without the editable install of this clone (installed apart)."""
    lines = []
    for line in (ROOT / stack.requirements).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and line != "-e .":
            lines.append(line)
    return lines


def cache_key(stack: Stack, python_exe: str) -> str:
    h = hashlib.sha256()
    full = subprocess.run([python_exe, "-c", "import sys; print(sys.version)"],
                          capture_output=True, text=True).stdout
    h.update(full.encode())
    h.update(json.dumps([stack.requirements, stack.glmnn_install]).encode())
    h.update("\n".join(requirement_lines(stack)).encode())
    if stack.floats:
        year, week, _ = dt.date.today().isocalendar()
        h.update(f"{year}-W{week:02d}".encode())
    return h.hexdigest()[:16]


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run(cmd, check=True, **kw)


def environment(stack: Stack, python_exe: str) -> Path:
    """The stack's virtual environment, built if its cache key is new. Returns its bin/."""
    root = cache_root()
    key = cache_key(stack, python_exe)
    path = root / f"{stack.name}-{key}"
    done = path / "glmnn-stack-complete"
    if not done.exists():
        for old in root.glob(f"{stack.name}-*"):  # one environment per stack, not a pile
            shutil.rmtree(old, ignore_errors=True)
        root.mkdir(parents=True, exist_ok=True)
        run([python_exe, "-m", "venv", str(path)])
        pip = [str(path / "bin" / "python"), "-m", "pip"]
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("\n".join(requirement_lines(stack)) + "\n")
        try:
            upgrade = ["--upgrade"] if stack.floats else []
            run(pip + ["install", *QUIET, *upgrade, "-r", f.name])
        finally:
            os.unlink(f.name)
        done.write_text(key + "\n")
    return path / "bin"


def install_glmnn(stack: Stack, bin_: Path) -> None:
    """This clone's glmnn, as the stack's readers get it (a fresh copy every run)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "glmnn"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
            ".git", ".venv", "_build", "_student", "_slides", "_mathjax", "node_modules",
            "*.egg-info", "build"))
        run([str(bin_ / "python"), "-m", "pip", "install", *QUIET, "--force-reinstall",
             *stack.glmnn_install, str(copy)])


def versions(bin_: Path) -> str:
    code = ("import importlib.metadata as m\n"
            "print(' '.join(f'{n} {m.version(n)}' for n in "
            "('numpy', 'scipy', 'pandas', 'statsmodels', 'matplotlib', 'jax', 'keras')))")
    return subprocess.run([str(bin_ / "python"), "-c", code], capture_output=True,
                          text=True).stdout.strip()


# ---------------------------------------------------------------------------------------------
# running the chapters


def chapters() -> list[Path]:
    import yaml  # in .venv, which runs this script

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    found = []

    def walk(node):
        if isinstance(node, dict):
            if str(node.get("file", "")).startswith("chapters/"):
                found.append(ROOT / (node["file"] + ".ipynb"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(toc)
    return found


RUNNER = r"""
import sys, nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, timeout=600, kernel_name="python3",
                        resources={"metadata": {"path": sys.argv[2]}})
try:
    client.execute()
except CellExecutionError as e:
    cells = [c for c in nb.cells if c.cell_type == "code"]
    failed = next((i for i, c in enumerate(cells, 1)
                   if any(o.get("output_type") == "error" for o in c.get("outputs", []))), "?")
    print(f"RESULT code cell {failed}: {e.ename}: {str(e.evalue).splitlines()[0][:120] if e.evalue else ''}")
    sys.exit(1)
print("RESULT ok")
"""


def run_chapter(stack: Stack, bin_: Path, nb: Path) -> tuple[float, str]:
    env = dict(os.environ)
    env.pop("KERAS_BACKEND", None)
    if stack.keras_backend:
        env["KERAS_BACKEND"] = stack.keras_backend
    env.pop("PYTHONPATH", None)
    env.pop("MPLBACKEND", None)  # figures inline, as in the stored outputs nbval compares
    start = time.perf_counter()
    if stack.strict_nbval:
        cmd = [str(bin_ / "python"), "-m", "pytest", "-q", "--nbval", "--nbval-current-env",
               "--nbval-sanitize-with", "tests/sanitize.cfg", str(nb.relative_to(ROOT))]
    else:
        cmd = [str(bin_ / "python"), "-c", RUNNER, str(nb), str(nb.parent)]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if out.returncode == 0:
        result = "ok (strict nbval)" if stack.strict_nbval else "ok"
    elif stack.strict_nbval:
        fails = [line for line in out.stdout.splitlines() if line.startswith("FAILED")]
        result = "FAILED " + ("; ".join(f.split("::", 1)[-1] for f in fails) or "(see log)")
        print(out.stdout[-4000:], out.stderr[-2000:], sep="\n")
    else:
        lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT")]
        result = "FAILED " + (lines[-1][7:] if lines else "(see log)")
        print(out.stdout[-2000:], out.stderr[-4000:], sep="\n")
    return seconds, result


def check(names: list[str]) -> int:
    rows: list[tuple[str, str, str, str, str]] = []
    failed = False
    for name in names:
        stack = ALL[name]
        exe = find_python(stack.python)
        if exe is None:
            print(f"stack {name}: {missing_python_message(stack.python)}", flush=True)
            rows.append((name, stack.python, "(all)", "-", "FAILED: Python missing"))
            failed = True
            continue
        try:
            bin_ = environment(stack, exe)
            install_glmnn(stack, bin_)
        except subprocess.CalledProcessError as e:
            rows.append((name, stack.python, "(all)", "-", f"FAILED to build: {e}"))
            failed = True
            continue
        python_full = subprocess.run([str(bin_ / "python"), "-V"], capture_output=True,
                                     text=True).stdout.split()[-1]
        print(f"stack {name}: Python {python_full}; {versions(bin_)}", flush=True)
        for nb in chapters():
            seconds, result = run_chapter(stack, bin_, nb)
            print(f"  {nb.stem}: {seconds:.1f} s, {result}", flush=True)
            rows.append((name, python_full, nb.stem, f"{seconds:.1f}", result))
            failed |= not result.startswith("ok")
    header = ("stack", "Python", "chapter", "seconds", "result")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(5)]
    print()
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as f:
            for row in [header, tuple("-" * 3 for _ in widths), *rows]:
                f.write("| " + " | ".join(row) + " |\n")
    return 1 if failed else 0


# ---------------------------------------------------------------------------------------------
# refreshing stacks/colab.txt


def refresh_colab(freeze: Path, commit: str, date: str, uv: str) -> None:
    pins = {}
    for line in freeze.read_text().splitlines():
        line = line.strip()
        if "==" in line and not line.startswith("#") and " @ " not in line:
            pins[re.sub(r"[-_.]+", "-", line.split("==")[0]).lower()] = line
    roots = requirement_lines(ALL["newest"])
    missing = [r for r in roots if re.sub(r"[-_.]+", "-", r).lower() not in pins]
    if missing:
        sys.exit(f"not in Colab's freeze: {', '.join(missing)}")
    with tempfile.TemporaryDirectory() as tmp:
        constraints = Path(tmp) / "colab-freeze.txt"
        constraints.write_text("\n".join(pins.values()) + "\n")
        out = Path(tmp) / "colab.txt"
        run([uv, "pip", "compile", "--quiet", "--no-header", "--no-annotate",
             "--python-version", "3.13", "--python-platform", "x86_64-manylinux_2_28",
             "-c", str(constraints), str(STACKS / "chapters.in"), "-o", str(out)])
        compiled = [line for line in out.read_text().splitlines()
                    if line.strip() and not line.startswith("#")]
    floating = [line for line in compiled
                if re.sub(r"[-_.]+", "-", line.split("==")[0]).lower() not in pins]
    if floating:  # a dependency Colab leaves out (it installs packages with --no-deps)
        print("not in Colab's freeze, pinned at what uv chose:", ", ".join(floating))
    header = [
        f"# Google Colab's runtime as Google publishes it: {FREEZE_SOURCE}, pip-freeze.txt at",
        f"# commit {commit} ({date}), Python 3.13.",
        "# Only what the chapters import and what runs them (stacks/chapters.in), with their",
        "# dependencies, each at Colab's version. Written by",
        "#   python scripts/stacks.py refresh-colab pip-freeze.txt --commit SHA --date YYYY-MM-DD",
        "# never by hand. `make stacks-check` runs every chapter on it.",
    ] + ([f"# Not in Colab's freeze (a dependency Colab leaves out), pinned at what uv chose: "
          f"{', '.join(floating)}"] if floating else [])
    (STACKS / "colab.txt").write_text("\n".join(header + compiled) + "\n")
    print(f"stacks/colab.txt: {len(compiled)} pins from {commit[:12]} ({date})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="run every chapter on each stack")
    p_check.add_argument("stacks", nargs="*", default=[])
    p_ref = sub.add_parser("refresh-colab", help="rewrite stacks/colab.txt from a pip-freeze.txt")
    p_ref.add_argument("freeze", type=Path)
    p_ref.add_argument("--commit", required=True)
    p_ref.add_argument("--date", required=True, type=dt.date.fromisoformat)
    p_ref.add_argument("--uv", default=shutil.which("uv") or str(Path(sys.executable).parent / "uv"))
    args = parser.parse_args(argv)
    if args.command == "check":
        names = args.stacks or os.environ.get("STACKS", "").split() or list(ALL)
        unknown = [n for n in names if n not in ALL]
        if unknown:
            parser.error(f"unknown stack {unknown}; choose from {list(ALL)}")
        return check(names)
    if not re.fullmatch(r"[0-9a-f]{40}", args.commit):
        parser.error("--commit must be the 40-hex commit of pip-freeze.txt")
    refresh_colab(args.freeze, args.commit, args.date.isoformat(), args.uv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
