"""Write each chapter deck's title slide and closing slide into the chapter notebook.

Usage: python scripts/deck_frame.py [--check] [CHAPTER.ipynb ...]   (default: every chapter)

Both slides are markdown cells tagged `slide-only` and `remove-cell` (scripts/slides.py): the
book hides them, the reveal.js deck and RISE on Binder show them. They are written from what
the course states elsewhere, so that nothing is typed twice:

- the title slide (cell id `slide-title`, right after the chapter's `# title` cell, which
  itself is skipped on the slides): the chapter's number and title, the course's title, and
  the attribution line of the instructors' page (instructors.md, "Reusing the material");
- the closing slide (cell id `slide-closing`, the last cell): the titles of the chapter's
  exercises, numbered as the book numbers them, and the link to the chapter's page on the
  course site (`html.baseurl` of _config.yml).

--check writes nothing and fails when a notebook's slides are not what this script writes
(tests/test_slides.py runs it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from slides import SLIDE_ONLY, chapters  # noqa: E402

COURSE = "Logistic regression is the smallest neural network"
TAGS = ["remove-cell", SLIDE_ONLY]
EXERCISE = re.compile(r"^`{3,}\{exercise\}[ \t]*(.*?)\s*$", re.M)


def attribution() -> str:
    """The attribution line of instructors.md, without "Adapted from" and "Changes"."""
    text = (ROOT / "instructors.md").read_text()
    block = re.search(r"^```text\n(Adapted from .*?)^```", text, re.M | re.S).group(1)
    lines = [ln for ln in block.splitlines() if not ln.startswith("Changes:")]
    return " ".join(lines).removeprefix("Adapted from ").strip()


def site_url(stem: str) -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return config["html"]["baseurl"].rstrip("/") + f"/chapters/{stem}.html"


def exercise_titles(nb: nbformat.NotebookNode) -> list[str]:
    """The titles of the chapter's exercises, in order (an exercise must have one)."""
    titles = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            titles.extend(m.group(1) for m in EXERCISE.finditer(cell.source))
    return titles


def title_source(number: int, title: str) -> str:
    return (f"# Chapter {number} · {title}\n\n"
            f"*{COURSE}*\n\n"
            f'<p class="slide-small">{attribution()}</p>')


def closing_source(number: int, stem: str, titles: list[str]) -> str:
    items = "\n".join(f"{k}. **Exercise {number}.{k}** {t}" if t
                      else f"{k}. **Exercise {number}.{k}**"
                      for k, t in enumerate(titles, start=1))
    url = site_url(stem)
    return (f"## Exercises\n\n{items}\n\n"
            f"Solutions and the whole chapter: [{url.split('://', 1)[1]}]({url})")


def _cell(cell_id: str, source: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source, metadata={
        "slideshow": {"slide_type": "slide"}, "tags": list(TAGS)})
    cell.id = cell_id
    return cell


def framed(path: Path, number: int) -> nbformat.NotebookNode:
    """The notebook at `path` with its title and closing slides as this script writes them."""
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.get("id") not in ("slide-title", "slide-closing")]
    head = next(i for i, c in enumerate(cells)
                if c.cell_type == "markdown" and re.search(r"^# ", c.source, re.M))
    title = re.search(r"^# (.+)$", cells[head].source, re.M).group(1).strip()
    cells[head].metadata.setdefault("slideshow", {})["slide_type"] = "skip"
    cells.insert(head + 1, _cell("slide-title", title_source(number, title)))
    cells.append(_cell("slide-closing", closing_source(number, path.stem,
                                                       exercise_titles(nb))))
    nb.cells = cells
    return nb


def main(argv: list[str]) -> int:
    check = "--check" in argv
    wanted = [Path(a).resolve() for a in argv if a != "--check"]
    stale = []
    for number, path in enumerate(chapters(), start=1):
        if wanted and path.resolve() not in wanted:
            continue
        nb = framed(path, number)
        if check:
            if nbformat.writes(nb) != nbformat.writes(nbformat.read(path, as_version=4)):
                stale.append(path.name)
        else:
            nbformat.write(nb, path)
            print(f"{path.name}: title and closing slides written")
    if stale:
        print("title or closing slides out of date (run python scripts/deck_frame.py): "
              + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
