"""scripts/deck_check.py: a small deck with one broken slide of each kind, in Chromium."""

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import deck_check  # noqa: E402
import slides  # noqa: E402


def _md(text, kind="slide"):
    return nbformat.v4.new_markdown_cell(text, metadata={"slideshow": {"slide_type": kind}})


def _code(source, output, kind="-"):
    cell = nbformat.v4.new_code_cell(source, outputs=[
        nbformat.v4.new_output("stream", name="stdout", text=output)] if output else [])
    cell.metadata = {"slideshow": {"slide_type": kind}}
    return cell


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    out = tmp_path_factory.mktemp("deck")
    slides.copy_assets(out)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        _md("## A good slide\n\nThe neuron computes $\\sigma(b + w^\\top x)$, a logistic "
            "regression's formula."),
        _md("Many words " * 20, kind="notes"),  # speaker notes are not counted
        _md("## Below the good one", kind="subslide"),
        _code("x = 1", "1\n"),
        _md("## Too many words\n\n" + "word " * 70),
        _md("## Long code"),
        _code("\n".join(f"a{k} = {k}" for k in range(14)), "done\n"),
        _md("## Too wide"),
        _code("s = '" + "x" * 110 + "'", ""),
        _md("## Too tall"),
        _code("for k in range(40): print(k)", "".join(f"{k}\n" for k in range(40))),
    ]
    html, _ = slides.exporter().from_notebook_node(nb, resources={"metadata": {"name": "t"}})
    (out / "t.html").write_text(html)
    [report] = deck_check.check_decks([out / "t.html"])
    return report


def test_the_walk_is_linear_and_reaches_every_slide(measured):
    assert not measured.errors
    titles = [s.title for s in measured.slides]
    assert titles == ["A good slide", "Below the good one", "Too many words", "Long code",
                      "Too wide", "Too tall"]


def test_a_good_slide_passes_and_notes_are_not_counted(measured):
    good, below = measured.slides[:2]
    assert good.problems() == [] and below.problems() == []
    assert 5 <= good.words <= 15
    assert good.prose >= deck_check.MIN_PROSE_PX and below.code >= deck_check.MIN_CODE_PX


@pytest.mark.parametrize(("number", "complaint"), [
    (3, "words of prose"),
    (4, "a code cell of 14 lines"),
    (5, "cut off"),
    (6, "cut off: content runs"),
])
def test_each_broken_slide_is_caught(measured, number, complaint):
    problems = measured.slides[number - 1].problems()
    assert any(complaint in p for p in problems), problems


def test_the_summary_gives_words_and_fonts(measured):
    summary = measured.summary()
    assert summary["slides"] == 6 and summary["max_words"] >= 70
    assert summary["min_code_px"] == deck_check.MIN_CODE_PX
    assert summary["problems"] == len(measured.problems()) >= 4
