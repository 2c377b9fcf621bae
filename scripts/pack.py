"""One chapter as a pack: a zip a lecturer can drop into a course page.

Usage: python scripts/pack.py [OUTDIR] [--only=05 ...]   (what `make pack` runs; default
_packs/; needs `make student slides handouts` first, which `make pack` does)

For every chapter of _toc.yml, OUTDIR/packs/<chapter>.zip holds, in a folder of that name:

- README.md: what the pack is, what it needs, how to run each part, the licence and the
  ready-to-paste attribution line of the instructors' page (scripts/deck_frame.py);
- <chapter>.ipynb: the full chapter, with its stored and tested outputs;
- student/<chapter>.ipynb: the student notebook (scripts/student_notebooks.py);
- slides/<chapter>.html with the assets it needs offline, and slides/<chapter>.pdf, its PDF
  handout (scripts/slides.py, scripts/deck_check.py);
- figures/figure-N.M.png and .svg for every figure, numbered as in the book, and
  figures/README.md with each figure's caption and alt text.

The PNG files are the book's own, from the stored outputs. The SVG files come from running
the chapter once more with IPython's inline backend set to also write SVG (an IPython
profile in a temporary folder); they are cached in _build/svg-cache by a hash of the
notebook's code, so a second `make pack` runs no chapter that has not changed. The book
build publishes OUTDIR (`html_extra_path`): packs/<chapter>.zip, linked from the chapter
page and the instructors' page. scripts/site_check.py opens every zip and checks it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from deck_frame import COURSE, attribution, site_url  # noqa: E402
from slides import chapters, label_map  # noqa: E402

SLIDES = ROOT / "_slides" / "slides"
STUDENT = ROOT / "_student"
REPOSITORY = "https://github.com/glmnn-course/glmnn-course"


def figures(nb: nbformat.NotebookNode, labels: dict[str, str]) -> list[dict]:
    """Every figure of the chapter: cell id, number, caption, alt text and PNG bytes."""
    out = []
    for cell in nb.cells:
        fig = cell.metadata.get("mystnb", {}).get("figure")
        if not fig:
            continue
        png = next(o["data"]["image/png"] for o in cell.outputs
                   if "image/png" in o.get("data", {}))
        out.append({"id": cell.id, "number": labels[fig["name"]].split()[-1],
                    "caption": fig["caption"].strip(),
                    "alt": cell.metadata["mystnb"].get("image", {}).get("alt", "").strip(),
                    "png": base64.b64decode(png)})
    return out


def code_hash(nb: nbformat.NotebookNode) -> str:
    code = "\n\0".join(c.source for c in nb.cells if c.cell_type == "code")
    return hashlib.sha256(code.encode()).hexdigest()[:16]


def svg_figures(path: Path, cache: Path) -> dict[str, str]:
    """{cell id: SVG text} of every figure cell, from running the chapter with SVG output."""
    nb = nbformat.read(path, as_version=4)
    target = cache / f"{path.stem}-{code_hash(nb)}.json"
    if target.is_file():
        return json.loads(target.read_text())
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory() as ipython_dir:
        profile = Path(ipython_dir) / "profile_default"
        profile.mkdir(parents=True)
        (profile / "ipython_kernel_config.py").write_text(
            "c.InlineBackend.figure_formats = {'png', 'svg'}\n")
        old = os.environ.get("IPYTHONDIR")
        os.environ["IPYTHONDIR"] = ipython_dir
        os.environ.setdefault("KERAS_BACKEND", "jax")
        try:
            NotebookClient(nb, timeout=900, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        finally:
            if old is None:
                os.environ.pop("IPYTHONDIR", None)
            else:
                os.environ["IPYTHONDIR"] = old
    svgs = {}
    for cell in nb.cells:
        if cell.metadata.get("mystnb", {}).get("figure"):
            svg = [o["data"]["image/svg+xml"] for o in cell.outputs
                   if "image/svg+xml" in o.get("data", {})]
            if len(svg) != 1:
                raise SystemExit(f"{path.name}: figure cell {cell.id} made {len(svg)} SVGs")
            svgs[cell.id] = svg[0] if isinstance(svg[0], str) else "".join(svg[0])
    cache.mkdir(parents=True, exist_ok=True)
    for old_file in cache.glob(f"{path.stem}-*.json"):
        old_file.unlink()
    target.write_text(json.dumps(svgs))
    return svgs


def readme(number: int, stem: str, title: str, figs: list[dict]) -> str:
    """The pack's README.md."""
    import glmnn

    lines = [
        f"# Chapter {number}: {title}",
        "",
        f"From the open course *{COURSE}*: {site_url(stem)}",
        "",
        "## What is in this pack",
        "",
        f"- `{stem}.ipynb`: the chapter as a notebook, with the outputs the course tested.",
        f"- `student/{stem}.ipynb`: the same chapter for students: the exercises without "
        "their solutions, an answer cell after each, and a cell that checks the answer "
        "(\"Right\" or \"Not yet\", with a hint).",
        f"- `slides/{stem}.html`: the lecture's slides (reveal.js). Open the file in a "
        "browser; it works offline. Arrow keys or space move on, S opens the speaker notes "
        "(the chapter's full text), F shows them full screen.",
        f"- `slides/{stem}.pdf`: the slides as a PDF handout, one page per slide.",
        "- `figures/`: every figure as PNG and SVG, numbered as in the book; "
        "`figures/README.md` gives their captions and alt texts.",
        "",
        "## What it needs",
        "",
        "- The slides and the handout: a web browser and a PDF reader, nothing else.",
        "- The notebooks: Python 3.11, 3.12 or 3.13 with the course's helper package. In a "
        "new virtual environment:",
        "",
        f'      python -m pip install "glmnn @ git+{REPOSITORY}@v{glmnn.__version__}" '
        "jupyterlab",
        "",
        "  then `jupyter lab` in this folder. The package brings numpy, scipy, pandas, "
        "matplotlib, statsmodels, Keras and JAX; the chapter runs Keras on JAX and needs no "
        "download.",
        "- Or Google Colab: upload a notebook (File > Upload notebook) and run it from the "
        "top; its first code cell installs the helper package there.",
        "",
        "## Licence and attribution",
        "",
        "The text and figures are licensed CC BY 4.0, the code (the notebooks' code cells and "
        "`glmnn`) MIT. You may copy, change and share them, in commercial teaching too, if "
        "you credit the course. Paste this where you use them, with what you changed:",
        "",
        "```text",
        f"Adapted from {attribution()}",
        "Changes: <what you changed, or none>.",
        "```",
        "",
        f"The full terms: {REPOSITORY}/blob/HEAD/LICENSE-CONTENT.md and "
        f"{REPOSITORY}/blob/HEAD/LICENSE. Passages quoted from Stack Exchange keep their "
        "CC BY-SA 4.0 licence; the chapter names them where it uses them.",
        "",
        "## Figures",
        "",
    ]
    lines += [f"- Figure {f['number']}: `figures/figure-{f['number']}.png`, `.svg`"
              for f in figs]
    return "\n".join(lines) + "\n"


def figures_readme(number: int, title: str, figs: list[dict]) -> str:
    lines = [f"# The figures of chapter {number}: {title}", ""]
    for f in figs:
        lines += [f"## Figure {f['number']}", "", f"Files: figure-{f['number']}.png, "
                  f"figure-{f['number']}.svg", "", f"Caption: {f['caption']}", "",
                  f"Alt text: {f['alt']}", ""]
    return "\n".join(lines)


def pack(path: Path, number: int, labels, out: Path, cache: Path) -> Path:
    """Write out/<chapter>.zip for the chapter notebook at `path`."""
    stem = path.stem
    nb = nbformat.read(path, as_version=4)
    title = re.search(r"^# (.+)$", next(c.source for c in nb.cells if c.cell_type == "markdown"
                                        and re.search(r"^# ", c.source, re.M)), re.M).group(1)
    figs = figures(nb, labels)
    svgs = svg_figures(path, cache)
    needed = [STUDENT / path.name, SLIDES / f"{stem}.html", SLIDES / f"{stem}.pdf"]
    for f in needed:
        if not f.is_file():
            raise SystemExit(f"{f.relative_to(ROOT)} is missing: run make student slides "
                             "handouts (make pack does)")
    target = out / f"{stem}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        def put(name: str, data) -> None:
            z.writestr(f"{stem}/{name}", data)

        put("README.md", readme(number, stem, title, figs))
        put(f"{stem}.ipynb", path.read_bytes())
        put(f"student/{stem}.ipynb", (STUDENT / path.name).read_bytes())
        put(f"slides/{stem}.html", (SLIDES / f"{stem}.html").read_bytes())
        put(f"slides/{stem}.pdf", (SLIDES / f"{stem}.pdf").read_bytes())
        for asset in sorted((SLIDES / "assets").rglob("*")):
            if asset.is_file():
                put(f"slides/{asset.relative_to(SLIDES).as_posix()}", asset.read_bytes())
        for f in figs:
            put(f"figures/figure-{f['number']}.png", f["png"])
            put(f"figures/figure-{f['number']}.svg", svgs[f["id"]])
        put("figures/README.md", figures_readme(number, title, figs))
    return target


def main(argv: list[str]) -> int:
    only = [a.split("=", 1)[1] for a in argv if a.startswith("--only=")]
    argv = [a for a in argv if not a.startswith("--only=")]
    outdir = Path(argv[0]) if argv else ROOT / "_packs"
    out = outdir / "packs"
    out.mkdir(parents=True, exist_ok=True)
    paths = chapters()
    labels = label_map(paths)
    for number, path in enumerate(paths, start=1):
        if only and not any(path.stem.startswith(o) for o in only):
            continue
        start = time.monotonic()
        target = pack(path, number, labels, out, ROOT / "_build" / "svg-cache")
        size = target.stat().st_size / 2**20
        print(f"{target.relative_to(outdir)}: {size:.1f} MiB in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
