"""The slide decks (scripts/slides.py): one per chapter, built from the chapters' metadata."""

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import deck_frame  # noqa: E402
import slides  # noqa: E402

CHAPTERS = slides.chapters()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    decks = slides.build(out)
    return out, decks


def _deck(built, path):
    out, _ = built
    return BeautifulSoup((out / "slides" / f"{path.stem}.html").read_text(), "html.parser")


def _shown(soup):
    """Slide content without the speaker notes."""
    for aside in soup.select("aside.notes"):
        aside.decompose()
    return soup


def test_every_chapter_of_the_toc_has_a_deck(built):
    out, decks = built
    assert CHAPTERS and [d["file"] for d in decks] == [f"slides/{p.stem}.html" for p in CHAPTERS]
    assert json.loads((out / "slides" / "index.json").read_text()) == decks
    assert (out / "slides" / "glmnn-course-slides.zip").stat().st_size > 0


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_deck_has_a_sensible_number_of_slides(built, path):
    soup = _deck(built, path)
    n = slides.count_slides(str(soup))
    assert 10 <= n <= 40, n
    deck = next(d for d in built[1] if d["file"] == f"slides/{path.stem}.html")
    assert deck["slides"] == n


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_figure_of_the_chapter_is_on_a_slide(built, path):
    nb = nbformat.read(path, as_version=4)
    names = [c.metadata["mystnb"]["figure"]["name"] for c in nb.cells
             if c.metadata.get("mystnb", {}).get("figure")]
    soup = _shown(_deck(built, path))
    for name in names:
        fig = soup.find("figure", id=name)
        assert fig is not None, f"{name} is not on a slide"
        assert fig.img["alt"].strip() and fig.img["src"].startswith("data:image/png")
        assert re.match(r"Figure \d+\.\d+", fig.figcaption.get_text())


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_slide_shows_a_long_code_cell(built, path):
    soup = _shown(_deck(built, path))
    for block in soup.select(".jp-InputArea pre"):
        lines = block.get_text().rstrip("\n").splitlines()
        assert len(lines) <= slides.MAX_CODE_LINES, "\n".join(lines[:3])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_myst_markup_is_left_and_nothing_is_fetched_from_outside(built, path):
    soup = _deck(built, path)
    text = soup.get_text()
    for raw in ("{term}", "{cite", "{ref}", "{numref}", "{eq}", "{doc}", "{download}",
                "```{", "{exercise}", "{solution"):
        assert raw not in text, raw
    assert not re.search(r"^\([\w-]+\)=", text, re.M)
    for tag in soup.find_all(["script", "link", "img"]):
        url = tag.get("src") or tag.get("href") or ""
        assert not url.startswith(("http:", "https:", "//")), url


def test_myst_roles_become_plain_text():
    labels = {"ch-neuron": "The neuron", "eq-x": "(1.2)", "fig-a": "Figure 1.1"}
    bib = {"k1": ("Smith", "2001"), "k2": ("Doe and Roe", "1999")}
    text = ("(sec-a)=\n## A {term}`neuron`\nSee {ref}`ch-neuron`, {numref}`fig-a`, {eq}`eq-x`, "
            "{term}`weights <weight>` {cite:p}`k1,k2` and {cite:t}`k1`.\n$$\na\n$$ (eq-x)")
    out = slides.myst_to_markdown(text, labels, bib)
    assert out == ("## A neuron\nSee The neuron, Figure 1.1, (1.2), weights (Smith, 2001; Doe and "
                   "Roe, 1999) and Smith (2001).\n$$\na\n\\tag{1.2}\n$$")


def test_label_map_numbers_figures_and_equations_in_order():
    labels = slides.label_map(CHAPTERS[:1])
    nb = nbformat.read(CHAPTERS[0], as_version=4)
    figs = [c.metadata["mystnb"]["figure"]["name"] for c in nb.cells
            if c.metadata.get("mystnb", {}).get("figure")]
    assert [labels[f] for f in figs] == [f"Figure 1.{k}" for k in range(1, len(figs) + 1)]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_page_and_instructors_link_the_deck_its_handout_and_the_pack(path):
    nb = nbformat.read(path, as_version=4)
    overview = next(c.source for c in nb.cells if c.source.startswith("## Overview"))
    assert f'<a href="../slides/{path.stem}.html">' in overview
    assert f'<a href="../slides/{path.stem}.pdf">PDF handout</a>' in overview
    assert f'<a href="../packs/{path.stem}.zip">' in overview
    assert "../slides/glmnn-course-slides.zip" in overview
    instructors = (ROOT / "instructors.md").read_text()
    for target in (f"slides/{path.stem}.html", f"slides/{path.stem}.pdf",
                   f"packs/{path.stem}.zip"):
        assert f'<a href="{target}">' in instructors, target


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_cell_has_a_slide_type_and_the_deck_opens_on_the_title_slide(path):
    nb = nbformat.read(path, as_version=4)
    kinds = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
    allowed = {"slide", "subslide", "-", "notes", "skip"}
    assert set(kinds) <= allowed, set(kinds) - allowed
    shown = [c for c, k in zip(nb.cells, kinds) if k not in ("skip", "notes")]
    assert shown[0].id == "slide-title" and shown[-1].id == "slide-closing"


def test_title_and_closing_slides_are_what_deck_frame_writes():
    assert deck_frame.main(["--check"]) == 0


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_title_slide_credits_the_course_and_closing_slide_lists_every_exercise(path):
    nb = nbformat.read(path, as_version=4)
    number = CHAPTERS.index(path) + 1
    title = next(c.source for c in nb.cells if c.id == "slide-title")
    closing = next(c.source for c in nb.cells if c.id == "slide-closing")
    line = deck_frame.attribution()
    assert line.startswith('"Logistic regression is the smallest neural network" by ')
    assert line in title and "CC BY 4.0" in line and "Changes" not in line
    assert title.startswith(f"# Chapter {number} · {slides.chapter_title(nb)}")
    labels = re.findall(r"^:label:\s*(ex-[\w-]+)", "\n".join(c.source for c in nb.cells), re.M)
    titles = deck_frame.exercise_titles(nb)
    assert len(titles) == len(labels) >= 3
    assert all(2 <= len(t.split()) <= 8 for t in titles), titles
    for k, t in enumerate(titles, start=1):
        assert f"**Exercise {number}.{k}** {t}" in closing
    assert f"({deck_frame.site_url(path.stem)})" in closing


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_slide_only_cells_are_hidden_from_the_book_and_plain_markdown(path):
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if slides.SLIDE_ONLY in c.metadata.get("tags", [])]
    assert len(cells) >= 5
    for cell in cells:
        assert cell.cell_type == "markdown" and "remove-cell" in cell.metadata["tags"]
        # RISE and plain Jupyter show these cells as they are: no MyST
        assert not slides.ROLE.search(cell.source), cell.source[:80]
        assert "```{" not in cell.source and not re.search(r"^\([\w-]+\)=", cell.source, re.M)
        assert not slides.EQ_LABEL.search(cell.source)
    for cell in nb.cells:
        if slides.OUTPUT_ONLY in cell.metadata.get("tags", []):
            assert cell.cell_type == "code" and cell.outputs


def test_slide_only_cells_are_kept_and_output_only_cells_lose_their_code(tmp_path):
    nb = nbformat.v4.new_notebook()
    md = nbformat.v4.new_markdown_cell
    code = nbformat.v4.new_code_cell("print('hidden code')", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="shown output\n")])
    code.metadata = {"slideshow": {"slide_type": "-"}, "tags": [slides.OUTPUT_ONLY]}
    nb.cells = [
        md("# T", metadata={"slideshow": {"slide_type": "skip"}}),
        md("## On the slide", metadata={"slideshow": {"slide_type": "slide"},
                                        "tags": ["remove-cell", slides.SLIDE_ONLY]}),
        md("book only", metadata={"slideshow": {"slide_type": "-"}, "tags": ["remove-cell"]}),
        code,
    ]
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    out = slides.slide_notebook(path, {}, {})
    text = "\n".join(c.source for c in out.cells)
    assert "## On the slide" in text and "book only" not in text
    assert out.cells[-1].source == "" and out.cells[-1].outputs


def test_decks_use_linear_navigation_at_the_fixed_size(built):
    html = (built[0] / "slides" / f"{CHAPTERS[0].stem}.html").read_text()
    assert 'navigationMode: "linear"' in html
    assert f"width: {slides.DECK_WIDTH}," in html and f"height: {slides.DECK_HEIGHT}," in html
