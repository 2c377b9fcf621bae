"""Write the student version of every chapter: the exercises without their solutions.

Usage: python scripts/student_notebooks.py [OUTDIR]   (what `make student` runs; default
_student/)

A solution is either one fenced block ```` ```{solution} label ```` ... ```` ``` ```` inside a
markdown cell, or a span from ```` ```{solution-start} label ```` to ```` ```{solution-end} ````
that may cover several cells: its markdown text and its code cells (with their outputs) are
removed, everything else is kept as it is, outputs included. The folder also gets a zip of
all student notebooks. Citations ({cite} roles, which JupyterLab and Colab do not resolve) are
written out as author-year text (scripts/citations.py). Each student notebook must still run
top to bottom
(`make student-check`), because no later cell may depend on a solution's variables.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from citations import bibliography, render  # noqa: E402
FENCE = re.compile(r"^(`{3,})\{solution\}.*?^\1\s*$\n?", re.M | re.S)
START = re.compile(r"^`{3,}\{solution-start\}[^\n]*\n(?::[^\n]*\n)*`{3,}\s*$\n?", re.M)
END = re.compile(r"^`{3,}\{solution-end\}\s*\n`{3,}\s*$\n?", re.M)


def strip_solutions(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without solutions (see the module docstring)."""
    nb = nbformat.from_dict(nb)
    kept = []
    inside = False
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            if not inside:
                kept.append(cell)
            continue
        text, out = cell.source, ""
        while text:
            if inside:
                end = END.search(text)
                if end is None:
                    text = ""
                    break
                text, inside = text[end.end():], False
            else:
                start = START.search(text)
                if start is None:
                    out += text
                    break
                out, text, inside = out + text[: start.start()], text[start.end():], True
        out = FENCE.sub("", out).strip("\n")
        if out.strip():
            cell.source = out
            kept.append(cell)
    if inside:
        raise ValueError("a {solution-start} block is never closed by {solution-end}")
    nb.cells = kept
    return nb


def main(argv: list[str]) -> int:
    outdir = Path(argv[0]) if argv else ROOT / "_student"
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    bib = bibliography()
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        student = strip_solutions(nbformat.read(path, as_version=4))
        for cell in student.cells:
            if cell.cell_type == "markdown":
                cell.source = render(cell.source, bib)
        target = outdir / path.name
        nbformat.write(student, target)
        written.append(target)
    with zipfile.ZipFile(outdir / "glmnn-course-student-notebooks.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for target in written:
            z.write(target, f"student-notebooks/{target.name}")
    print(f"{len(written)} student notebooks and a zip in {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
