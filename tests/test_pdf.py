"""The book's PDF (scripts/book_pdf.py).

The checks themselves are tested on made-up PDF text, so they run everywhere. The real PDF is
checked when GLMNN_PDF names one (`make pdf` builds and checks it; for example
`GLMNN_PDF=_build/html/pdf/glmnn-course.pdf .venv/bin/python -m pytest tests/test_pdf.py`):
building it needs Chromium and takes a while, so the unit tests do not build it themselves.
"""

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("book_pdf", ROOT / "scripts" / "book_pdf.py")
book_pdf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(book_pdf)
CHAPTERS = book_pdf._chapter_notebooks(ROOT)


def test_every_chapter_has_a_title():
    titles = book_pdf.chapter_titles()
    assert len(titles) == len(CHAPTERS) >= 1
    assert all(titles) and not any("`" in t or "*" in t for t in titles)


def test_the_chapters_number_figures_and_equations():
    counts = book_pdf.numbered_items()
    assert sorted(counts) == list(range(1, len(CHAPTERS) + 1))
    assert sum(f for f, _ in counts.values()) >= 1 and sum(e for _, e in counts.values()) >= 1


def _good_text() -> str:
    """What a complete PDF's text holds: every title, figure number and equation number."""
    lines = list(book_pdf.chapter_titles())
    for chapter, (figures, equations) in book_pdf.numbered_items().items():
        lines += [f"Fig. {chapter}.{i} A caption." for i in range(1, figures + 1)]
        lines += [f"z = b + w x ({chapter}.{i})" for i in range(1, equations + 1)]
    return "\n".join(lines)


@pytest.fixture
def fake_pdf(tmp_path, monkeypatch):
    """A stand-in PDF whose text and page count the test chooses."""
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(b"%PDF-1.4 stand-in")
    state = {"text": _good_text(), "pages": 20 * len(CHAPTERS)}
    monkeypatch.setattr(book_pdf, "pdf_text", lambda path: state["text"])
    monkeypatch.setattr(book_pdf, "page_count", lambda path: state["pages"])
    return pdf, state


def test_a_complete_pdf_passes(fake_pdf):
    pdf, _ = fake_pdf
    assert book_pdf.check_pdf(pdf) == []


@pytest.mark.parametrize("change, complaint", [
    (lambda s: s.update(pages=3), "pages, expected"),
    (lambda s: s.update(text=s["text"].replace(book_pdf.chapter_titles()[-1], "")), "chapter title"),
    (lambda s: s.update(text=s["text"].replace("Fig. 1.1 ", "Figure ")), "Fig. 1.1"),
    (lambda s: s.update(text=s["text"].replace("(1.1)", "")), "(1.1)"),
    (lambda s: s.update(text=s["text"] + "\nwhere \\(\\sigma(z)\\) is"), "raw TeX"),
    (lambda s: s.update(text=s["text"] + "\n$$\n\\frac{1}{2}\n$$"), "raw TeX"),
    (lambda s: s.update(text=s["text"] + "\nUndefined control sequence \\sgima"), "MathJax error"),
])
def test_a_broken_pdf_is_caught(fake_pdf, change, complaint):
    pdf, state = fake_pdf
    change(state)
    problems = book_pdf.check_pdf(pdf)
    assert any(complaint in p for p in problems), problems


def test_tex_printed_by_the_code_is_allowed(fake_pdf):
    pdf, state = fake_pdf
    code = book_pdf._code_text(ROOT)
    state["text"] += "\n" + "\n".join(t for t in book_pdf.RAW_TEX if t in code)
    assert book_pdf.check_pdf(pdf) == []


def test_links_must_not_point_at_the_local_server_or_leave_the_pdf(fake_pdf):
    pdf, _ = fake_pdf
    pdf.write_bytes(b"%PDF-1.4 /URI (http://127.0.0.1:8000/_downloads/x.ipynb)")
    assert any("127.0.0.1" in p for p in book_pdf.check_pdf(pdf))
    pdf.write_bytes(b"%PDF-1.4 /URI (https://example.org/book/intro.html#ch-neuron)")
    assert any("inside the PDF" in p for p in book_pdf.check_pdf(pdf))


def test_a_missing_pdf_is_reported(tmp_path):
    assert "does not exist" in book_pdf.check_pdf(tmp_path / "none.pdf")[0]


def test_the_built_pdf():
    path = os.environ.get("GLMNN_PDF")
    if not path:
        pytest.skip("GLMNN_PDF is not set: `make pdf` builds and checks the PDF; set GLMNN_PDF "
                    "to a built PDF (e.g. _build/html/pdf/glmnn-course.pdf) to check it here")
    assert book_pdf.check_pdf(Path(path)) == []
