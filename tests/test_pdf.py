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


ENTRIES = book_pdf.contents_entries(ROOT)
HEADER = "Logistic regression is the smallest neural network"


def _contents_line(number: int | None, title: str, page: int | None) -> str:
    """One entry of the contents as ``pdftotext -layout`` prints it: the number far right."""
    text = f"{number}. {title}" if number else title
    return f"      {text:<60}  {page}" if page is not None else f"      {text}"


def _contents_text(pages: dict[str, int]) -> str:
    """The contents page as printed: captions, numbered chapters, then the other documents."""
    lines = [HEADER, "", "", "Contents", "Chapters", ""]
    for n, (title, name) in enumerate(ENTRIES, start=1):
        if n == len(CHAPTERS) + 1:
            lines += ["For instructors", ""]  # a caption with the name of the entry below
        chapter = n if n <= len(CHAPTERS) else None
        lines += [_contents_line(chapter, title, pages.get(name)), ""]
    return "\n".join(lines + ["", " " * 50 + "2 / 240"])


def _good_pages() -> dict[int, str]:
    """The layout text of the pages the contents check reads: the contents and each start."""
    dests = {name: 7 + 20 * i for i, (_, name) in enumerate(ENTRIES)}
    pages = {1: "Logistic regression is the smallest neural network\n\nAn open course.",
             2: _contents_text(dests)}
    for title, name in ENTRIES:
        pages[dests[name]] = f"{HEADER}\n\n\n{title}\nThe first paragraph."
    return pages


@pytest.fixture
def fake_pdf(tmp_path, monkeypatch):
    """A stand-in PDF whose text, page count, contents page and destinations the test chooses."""
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(b"%PDF-1.4 stand-in")
    pages = _good_pages()
    state = {"text": _good_text(), "pages": 20 * len(CHAPTERS), "layout": pages,
             "dests": {name: 7 + 20 * i for i, (_, name) in enumerate(ENTRIES)}}
    monkeypatch.setattr(book_pdf, "pdf_text", lambda path: state["text"])
    monkeypatch.setattr(book_pdf, "page_count", lambda path: state["pages"])
    monkeypatch.setattr(book_pdf, "destinations", lambda path: state["dests"])
    monkeypatch.setattr(book_pdf, "layout_text", lambda path, first, last: "\f".join(
        state["layout"].get(n, HEADER) for n in range(first, last + 1)))
    return pdf, state


def _contents_changed(state: dict, old: str, new: str) -> None:
    state["layout"][2] = state["layout"][2].replace(old, new, 1)


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
    # the contents page: a wrong number, a missing one, an entry left out, no contents at all
    (lambda s: _contents_changed(s, "  7\n", "  8\n"), "page 8, but it starts on page 7"),
    (lambda s: _contents_changed(s, "  27\n", "\n"), "has no page number (it starts on page 27)"),
    (lambda s: _contents_changed(s, ENTRIES[-1][0], "Works cited"), "is not listed"),
    (lambda s: _contents_changed(s, "Contents", "Content"), "no contents page"),
    # a destination that is not where its entry starts (the numbers agree with it, wrongly)
    (lambda s: s["dests"].update({ENTRIES[0][1]: 6}) or _contents_changed(s, "  7\n", "  6\n"),
     "is not on page 6"),
    (lambda s: s["dests"].pop(ENTRIES[-1][1]), "has no named destination"),
])
def test_a_broken_pdf_is_caught(fake_pdf, change, complaint):
    pdf, state = fake_pdf
    change(state)
    problems = book_pdf.check_pdf(pdf)
    assert any(complaint in p for p in problems), problems


PDFINFO_DESTS = """\
Page  Destination                 Name
   1 [ XYZ    0  843 null      ] ""
   3 [ XYZ    0  472 null      ] "chapter-map"
   7 [ XYZ    0  814 null      ] "document-chapters/01-neuron"
   7 [ XYZ    0  814 null      ] "ch-neuron"
  28 [ XYZ    0  814 null      ] "document-chapters/02-loss"
  31 [ XYZ    0  760 null      ] "overview"
  52 [ XYZ    0  760 null      ] "overview"
"""


def test_named_destinations_are_read_from_pdfinfo():
    dests = book_pdf.parse_destinations(PDFINFO_DESTS)
    assert dests["document-chapters/01-neuron"] == 7 and dests["ch-neuron"] == 7
    assert dests["document-chapters/02-loss"] == 28 and dests["chapter-map"] == 3
    assert dests["overview"] == 31  # a name listed twice: its first page
    assert "Name" not in dests and "Destination" not in dests


def test_the_contents_entries_are_the_documents_after_the_introduction():
    titles = [t for t, _ in ENTRIES]
    names = [n for _, n in ENTRIES]
    assert titles[:len(CHAPTERS)] == book_pdf.chapter_titles()
    assert names[0] == f"document-chapters/{CHAPTERS[0].stem}"
    assert {"Glossary", "Bibliography"} <= set(titles) and "document-glossary" in names
    assert len(ENTRIES) == len(set(names)) > len(CHAPTERS)


def test_the_printed_page_numbers_are_read_from_the_contents_page():
    text = "\n".join([
        "Book title", "", "Contents", "Chapters", "",
        "      1. The neuron                                     7", "",
        "      2. One objective: likelihood and",  # a title wrapped onto two lines
        "      cross-entropy                                     28", "",
        "      3. Many optimisers, one estimate", "",  # no number
        "For instructors", "", "      For instructors           210", "",
        "Reference", "", "      Glossary                 232", "",
        "\f1. The neuron: one neuron and the delta rule. 12",  # the introduction's chapter map
    ])
    titles = ["The neuron", "One objective: likelihood and cross-entropy",
              "Many optimisers, one estimate", "For instructors", "Glossary", "Bibliography"]
    assert book_pdf.printed_contents(text, titles) == [
        ("The neuron", 7), ("One objective: likelihood and cross-entropy", 28),
        ("Many optimisers, one estimate", None), ("For instructors", 210), ("Glossary", 232)]
    assert book_pdf.printed_contents(text.replace("Contents", "Preface"), titles) == []


ACTUAL = [("The neuron", 7), ("One objective", 28), ("Glossary", 232)]


def test_right_contents_numbers_pass():
    assert book_pdf.contents_page_problems(list(ACTUAL), ACTUAL) == []


@pytest.mark.parametrize("printed, complaint", [
    ([("The neuron", 7), ("One objective", 27), ("Glossary", 232)],
     "'One objective' printed as page 27, but it starts on page 28"),
    ([("The neuron", 7), ("One objective", None), ("Glossary", 232)],
     "'One objective' has no page number (it starts on page 28)"),
    ([("The neuron", 7), ("Glossary", 232)], "'One objective' is not listed"),
])
def test_wrong_or_missing_contents_numbers_are_reported(printed, complaint):
    problems = book_pdf.contents_page_problems(printed, ACTUAL)
    assert problems == [f"contents: {complaint}"]


def test_an_entry_without_a_destination_is_reported():
    actual = [("The neuron", 7), ("One objective", None)]
    problems = book_pdf.contents_page_problems([("The neuron", 7), ("One objective", 28)], actual)
    assert problems == ["contents: 'One objective' has no named destination in the PDF"]


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
