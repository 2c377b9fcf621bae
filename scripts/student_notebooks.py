"""Write the student version of every chapter: the exercises without their solutions.

Usage: python scripts/student_notebooks.py [OUTDIR]   (what `make student` runs; default
_student/)

A solution is either one fenced block ```` ```{solution} label ```` ... ```` ``` ```` inside a
markdown cell, or a span from ```` ```{solution-start} label ```` to ```` ```{solution-end} ````
that may cover several cells: its markdown text and its code cells (with their outputs) are
removed, everything else is kept, outputs included, except the cells written for the slides
only (tag `slide-only`).

Students open these notebooks in Colab or plain JupyterLab, which know no MyST, so every
markdown cell is written as plain Markdown: an exercise becomes a heading "Exercise 5.1: its
title" followed by its text, a dropdown aside a block quote, glossary terms, references to
chapters, sections, figures and equations their text and numbers (as on the slides,
scripts/slides.py), citations author-year text (scripts/citations.py), labels are dropped and
the page's download lines left out. The folder also gets a zip of all student notebooks with a
README.md on opening them. After each exercise comes an answer cell (its stub in
glmnn.exercises: what to put there, ending in `answer = ...`), then the chapter's check cell,
emptied of its output, which says "Right" or "Not yet" with a hint (Colab, or Jupyter with `glmnn` installed from the release the
chapters pin). Each student notebook must still run top to bottom (`make student-check`),
because no later cell may depend on a solution's variables.
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


EXERCISE = re.compile(r"^(`{3,})\{exercise\}[ \t]*(.*?)\n((?::[^\n]*\n)*)(.*?)^\1[ \t]*$",
                      re.M | re.S)
ADMONITION = re.compile(r"^(`{3,})\{admonition\}[ \t]*(.*?)\n((?::[^\n]*\n)*)(.*?)^\1[ \t]*$",
                        re.M | re.S)
#: the cell that checks an exercise's answer (tests/test_exercises.py)
CHECK_CELL = re.compile(r'exercises\.check\("(ex-[\w-]+)", answer\)')
#: what plain Jupyter would show as raw MyST (tests/test_student.py looks for each)
MYST_LEFT = re.compile(r"`{3,}\{|:{3,}\{|\{[a-z:]+\}`|^\([\w-]+\)=|^:(label|class):|\$\$ \(",
                       re.M)


def asides_as_quotes(text: str) -> str:
    """Every ``{admonition}`` of `text` as a block quote headed by its title in bold."""
    def aside(m):
        body = "\n".join(f"> {line}" if line else ">" for line in m.group(4).strip().splitlines())
        return f"> **{m.group(2).strip()}**\n>\n{body}\n"

    return ADMONITION.sub(aside, text)


def plain_markdown(text: str, chapter: int, counter: list[int], labels, bib) -> str:
    """A markdown cell of chapter `chapter` as plain Markdown (see the module docstring).

    `counter` holds the number of exercises seen so far in the chapter (updated in place).
    """
    from slides import myst_to_markdown  # scripts/slides.py imports this module

    text = re.sub(r"^\*\*For (students|lecturers):\*\*.*\n?", "", text, flags=re.M)

    def exercise(m):
        counter[0] += 1
        title = m.group(2).strip()
        head = f"### Exercise {chapter}.{counter[0]}" + (f": {title}" if title else "")
        return f"{head}\n\n{m.group(4).strip()}\n"

    text = EXERCISE.sub(exercise, text)
    text = asides_as_quotes(text)
    text = render(text, bib)
    return re.sub(r"\n{3,}", "\n\n", myst_to_markdown(text, labels, bib)).strip()


def readme() -> str:
    """The zip's README: how to open the notebooks, with the install line the chapters use."""
    first = nbformat.read(sorted((ROOT / "chapters").glob("*.ipynb"))[0], as_version=4)
    spec = re.search(r'"(glmnn @ git\+[^"]+)"', "\n".join(c.source for c in first.cells)).group(1)
    return f"""# Student notebooks: Logistic regression is the smallest neural network

One notebook per chapter, with the exercises and without their solutions. Each exercise has
a cell for your answer and a cell that checks it.

## In Google Colab

Upload a notebook (File > Upload notebook) and run it from the top. Its first code cell
installs the course's helper package `glmnn` on Colab, and nothing else.

## In Jupyter on your own machine

With Python 3.11, 3.12 or 3.13, in a new virtual environment:

    python -m pip install "{spec}" jupyterlab

That installs `glmnn` and what it needs (numpy, scipy, pandas, matplotlib, statsmodels,
Keras and JAX). Then start `jupyter lab` in this folder. The chapters run Keras on JAX;
each sets `KERAS_BACKEND=jax` before it imports Keras.

## The rest of the course

The book, with the solutions: https://glmnn-course.github.io/glmnn-course/
The source: https://github.com/glmnn-course/glmnn-course

Text and figures are licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/),
code MIT: "Logistic regression is the smallest neural network" by The glmnn course authors.
"""


def student_notebook(path: Path, chapter: int, labels, bib) -> nbformat.NotebookNode:
    """The student version of the chapter notebook at `path` (chapter number `chapter`)."""
    nb = strip_solutions(nbformat.read(path, as_version=4))
    nb.cells = [c for c in nb.cells if "slide-only" not in c.metadata.get("tags", [])]
    counter = [0]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = plain_markdown(cell.source, chapter, counter, labels, bib)
    nb.cells = [c for c in nb.cells if c.cell_type != "markdown" or c.source.strip()]
    # an answer cell before each exercise's check (glmnn.exercises says what goes in it)
    from glmnn import exercises

    cells = []
    for cell in nb.cells:
        found = CHECK_CELL.search(cell.source) if cell.cell_type == "code" else None
        if found:
            answer = nbformat.v4.new_code_cell(exercises.stub(found.group(1)).rstrip("\n"))
            answer.metadata = {"slideshow": {"slide_type": "skip"}, "tags": ["answer"]}
            cells.append(answer)
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    nb.cells = cells
    return nb


def main(argv: list[str]) -> int:
    from slides import chapters, label_map

    outdir = Path(argv[0]) if argv else ROOT / "_student"
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    bib = bibliography()
    paths = chapters()
    labels = label_map(paths)
    for number, path in enumerate(paths, start=1):
        target = outdir / path.name
        nbformat.write(student_notebook(path, number, labels, bib), target)
        written.append(target)
    (outdir / "README.md").write_text(readme())
    with zipfile.ZipFile(outdir / "glmnn-course-student-notebooks.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.write(outdir / "README.md", "student-notebooks/README.md")
        for target in written:
            z.write(target, f"student-notebooks/{target.name}")
    print(f"{len(written)} student notebooks, a README and a zip in {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
