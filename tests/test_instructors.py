"""Checks of the instructors' page, instructors.md, against the chapters it describes.

The page promises, for every chapter listed in _toc.yml, a section that links the chapter's
label and its slide deck, with objectives, prerequisites, a 50-minute lecture plan,
misconceptions and every exercise of the chapter. Everything expected is read from _toc.yml,
_config.yml and the chapter notebooks, never typed here: a new chapter, a new or renamed
exercise, or a lecture plan that no longer adds up fails this file. No build is needed.
"""

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGE_FILE = ROOT / "instructors.md"
PAGE = PAGE_FILE.read_text()
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())

LECTURE_MINUTES = 50  # the length of the lecture the plans are written for
DIFFICULTIES = {"warm-up", "core", "stretch"}
PDF = "pdf/glmnn-course.pdf"
# the five parts of a chapter section, in this order
PARTS = ["**Objectives.**", "**Prerequisites.**", "**A 50-minute lecture.**",
         "**Misconceptions.**", "**Exercises.**"]

LABEL_DEF = re.compile(r"^\(([\w-]+)\)=\s*$", re.M)
DIRECTIVE_LABEL = re.compile(r"^:label:\s*(\S+)\s*$", re.M)
EXERCISE = re.compile(r"^(?:`{3,}|:{3,})\{exercise(?:-start)?\}[^\n]*\n((?:[ \t]*:[\w-]+:[^\n]*\n)*)",
                      re.M)
# {ref}`label`, {ref}`text <label>`, and the same with {numref}
REF = re.compile(r"\{(?:ref|numref)\}`(?:[^`<]*<)?([\w-]+)>?`")


def _toc_files() -> list[str]:
    files = [TOC["root"]]
    for part in TOC["parts"]:
        files += [entry["file"] for entry in part["chapters"]]
    return files


CHAPTER_FILES = [f for f in _toc_files() if f.startswith("chapters/")]


def _markdown(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _chapter(file: str) -> dict:
    path = (ROOT / file).with_suffix(".ipynb")
    text = _markdown(path)
    first = LABEL_DEF.search(text)
    assert first and first.group(1).startswith("ch-"), f"{file} does not open with a ch- label"
    exercises = []
    for match in EXERCISE.finditer(text):
        label = DIRECTIVE_LABEL.search(match.group(1))
        assert label, f"an exercise in {file} has no :label:"
        exercises.append(label.group(1))
    return {"file": file, "stem": path.stem, "label": first.group(1), "text": text,
            "exercises": exercises}


CHAPTERS = [_chapter(f) for f in CHAPTER_FILES]
LABEL_NUMBER = {ch["label"]: i for i, ch in enumerate(CHAPTERS, 1)}


def _without_code(text: str) -> str:
    """The text with fenced code blocks blanked out (their lines kept, emptied)."""
    return re.sub(r"^(`{3,})[^\n]*\n.*?^\1\s*$",
                  lambda m: "\n" * m.group(0).count("\n"), text, flags=re.M | re.S)


def _sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) of every level-2 section of the page, code blocks ignored."""
    parts = re.split(r"^## (.*)$", _without_code(text), flags=re.M)
    return list(zip(parts[1::2], parts[2::2]))


def _chapter_section(chapter: dict) -> tuple[str, str]:
    """The one section whose opening, before its objectives, links the chapter's label."""
    found = [(head, body) for head, body in _sections(PAGE)
             if PARTS[0] in body and chapter["label"] in REF.findall(body.split(PARTS[0])[0])]
    assert len(found) == 1, f"{len(found)} sections introduce {chapter['label']}, expected 1"
    return found[0]


def _part(body: str, marker: str) -> str:
    """The text of one of the five parts of a chapter section."""
    start = body.index(marker) + len(marker)
    later = [body.index(m) for m in PARTS if m in body and body.index(m) > start - len(marker)
             and m != marker]
    return body[start: min(later) if later else len(body)]


def _table_rows(text: str) -> list[list[str]]:
    """Rows of the first Markdown table in text, header and separator excluded."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip().startswith("|")]
    assert len(lines) >= 3, "no table found"
    rows = [[cell.strip() for cell in ln.strip("|").split("|")] for ln in lines]
    assert set("".join(rows[1])) <= set("-: "), "the table has no header separator"
    return rows[2:]


def _fenced(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```\s*$", text, flags=re.M | re.S)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _book_labels() -> set[str]:
    """Every label defined in the book's sources: (label)= targets and directive :label:s."""
    labels = set()
    for file in _toc_files():
        path = ROOT / file
        if path.with_suffix(".ipynb").exists():
            text = _markdown(path.with_suffix(".ipynb"))
        else:
            text = path.with_suffix(".md").read_text()
        labels |= set(LABEL_DEF.findall(text)) | set(DIRECTIVE_LABEL.findall(text))
    return labels


def test_page_is_in_the_toc_and_opens_with_its_label():
    assert PAGE_FILE.stem in _toc_files()
    assert PAGE_FILE.parent == ROOT  # the raw links below are relative to the site root
    assert PAGE.startswith("(instructors)=\n# For instructors\n")


def test_there_are_chapters_with_exercises():
    assert CHAPTERS, "no chapters in _toc.yml"
    assert all(ch["exercises"] for ch in CHAPTERS), "a chapter without exercises"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda ch: ch["stem"])
def test_chapter_section_has_the_five_parts_in_order(chapter):
    head, body = _chapter_section(chapter)
    number = LABEL_NUMBER[chapter["label"]]
    assert head.startswith(f"Chapter {number}:"), f"section {head!r} is not chapter {number}"
    positions = [body.find(marker) for marker in PARTS]
    assert -1 not in positions, f"missing: {[m for m, p in zip(PARTS, positions) if p < 0]}"
    assert positions == sorted(positions), "the five parts are out of order"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda ch: ch["stem"])
def test_objectives_are_three_to_five(chapter):
    _, body = _chapter_section(chapter)
    items = re.findall(r"^- \S", _part(body, PARTS[0]), flags=re.M)
    assert 3 <= len(items) <= 5, f"{len(items)} objectives"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda ch: ch["stem"])
def test_prerequisites_name_only_earlier_chapters_and_the_mathematics(chapter):
    _, body = _chapter_section(chapter)
    text = _part(body, PARTS[1])
    number = LABEL_NUMBER[chapter["label"]]
    named = [LABEL_NUMBER[label] for label in REF.findall(text) if label in LABEL_NUMBER]
    assert all(n < number for n in named), f"prerequisites name chapters {named}"
    assert named or number == 1, "no earlier chapter named"
    assert "Mathematics:" in text


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda ch: ch["stem"])
def test_lecture_plan_adds_up_to_the_lecture(chapter):
    _, body = _chapter_section(chapter)
    rows = _table_rows(_part(body, PARTS[2]))
    assert all(re.fullmatch(r"\d+", row[0]) for row in rows), "a row without its minutes"
    assert all(len(row) == 3 and row[1] for row in rows), "a row without what to show live"
    assert sum(int(row[0]) for row in rows) == LECTURE_MINUTES


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda ch: ch["stem"])
def test_every_misconception_is_settled_with_numbers(chapter):
    _, body = _chapter_section(chapter)
    items = re.split(r"^- ", _part(body, PARTS[3]), flags=re.M)[1:]
    assert items, "no misconceptions"
    for item in items:
        assert item.lstrip().startswith('*"'), f"not a quoted belief: {item[:60]!r}"
        assert re.search(r"\d", item), f"settled without a number: {item[:60]!r}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda ch: ch["stem"])
def test_exercise_table_lists_every_exercise_of_the_chapter(chapter):
    _, body = _chapter_section(chapter)
    rows = _table_rows(_part(body, PARTS[4]))
    listed = []
    for row in rows:
        labels = REF.findall(row[0])
        assert len(labels) == 1, f"row {row} does not reference one exercise"
        listed.append(labels[0])
        assert row[1] in DIFFICULTIES, f"{labels[0]}: difficulty {row[1]!r}"
        assert re.fullmatch(r"\d+", row[2]) and 0 < int(row[2]) <= 90, f"{labels[0]}: {row[2]}"
    assert sorted(listed) == sorted(chapter["exercises"])


def test_exercise_references_exist_and_every_exercise_is_referenced():
    in_notebooks = {label for ch in CHAPTERS for label in ch["exercises"]}
    on_page = {label for label in REF.findall(PAGE) if label.startswith("ex-")}
    assert on_page - in_notebooks == set(), "the page names exercises the chapters lack"
    assert in_notebooks - on_page == set(), "the page leaves out exercises"


def test_every_reference_on_the_page_has_a_target():
    missing = set(REF.findall(PAGE)) - _book_labels()
    assert not missing, f"no such labels in the book: {sorted(missing)}"


def test_slide_handout_pack_and_pdf_links_point_at_the_published_files():
    hrefs = re.findall(r'<a href="([^"]+)">', PAGE)
    slides = {h for h in hrefs if h.startswith("slides/")}
    assert slides == {f"slides/{ch['stem']}.{ext}" for ch in CHAPTERS for ext in ("html", "pdf")}
    packs = {h for h in hrefs if h.startswith("packs/")}
    assert packs == {f"packs/{ch['stem']}.zip" for ch in CHAPTERS}
    for chapter in CHAPTERS:  # each chapter's section links its own deck, handout and pack
        _, body = _chapter_section(chapter)
        for target in (f"slides/{chapter['stem']}.html", f"slides/{chapter['stem']}.pdf",
                       f"packs/{chapter['stem']}.zip"):
            assert f'<a href="{target}">' in body.split(PARTS[0])[0], target
    assert PDF in hrefs
    assert all(not h.startswith(("/", "..")) for h in hrefs), "links must be site-relative"


def test_dependency_map_covers_every_chapter_and_looks_back_only():
    (body,) = [b for h, b in _sections(PAGE) if h.startswith("Which chapters depend")]
    rows = _table_rows(body)
    seen = {}
    for row in rows:
        (label,) = REF.findall(row[0])
        seen[label] = [int(n) for n in re.findall(r"\d+", row[1])]
    assert set(seen) == set(LABEL_NUMBER)
    for label, needs in seen.items():
        assert all(n < LABEL_NUMBER[label] for n in needs), f"{label} needs {needs}"
        assert needs or LABEL_NUMBER[label] == 1, f"{label} needs nothing?"


def test_licences_are_the_ones_of_license_content():
    (body,) = [b for h, b in _sections(PAGE) if h.startswith("Reusing")]
    licence_text = (ROOT / "LICENSE-CONTENT.md").read_text()
    for licence in ("CC BY 4.0", "MIT", "CC BY-SA 4.0"):
        assert licence in body and licence in licence_text, licence


def test_attribution_lines_name_the_licence_and_the_course():
    start = PAGE.index("## Reusing")
    blocks = _fenced(PAGE[start: PAGE.index("\n## ", start + 1)], "text")
    assert len(blocks) == 2, "expected the attribution line and its Stack Exchange variant"
    course = [CONFIG["title"], CONFIG["author"], CONFIG["repository"]["url"]]
    plain, quoted = (_flat(b) for b in blocks)
    for needed in [*course, "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"]:
        assert needed in plain, needed
        assert needed in quoted, needed
    assert "CC BY-SA" not in plain
    assert "CC BY-SA 4.0" in quoted and "https://stats.stackexchange.com/" in quoted


def test_citation_is_the_one_of_intro_and_citation_cff():
    intro = (ROOT / "intro.md").read_text()
    (page_bib,) = _fenced(PAGE, "bibtex")
    (intro_bib,) = _fenced(intro, "bibtex")
    assert page_bib == intro_bib
    assert "CITATION.cff" in PAGE
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert f"title        = {{{cff['title']}}}" in page_bib
    assert cff["repository-code"] in page_bib


def _chapter_numbers() -> list[float]:
    """Every number the chapters print (stored outputs) or state in their text."""
    text = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            text.append(cell.source)
            for out in cell.get("outputs", []):
                text.append(out.get("text", ""))
                text.append("".join(out.get("data", {}).get("text/plain", "")))
    found = re.findall(r"-?\d[\d,]*(?:\.\d+)?", "\n".join(text))
    return [float(n.replace(",", "")) for n in found if n.replace(",", "").strip("-")]


def test_every_number_quoted_from_a_chapter_is_one_the_chapter_computes():
    # the lecture plans quote results ("loss 0.402812 against the minimum 0.402801"): each
    # must be a number a chapter prints or states, possibly rounded, so a page that is not
    # updated after a chapter changes fails here instead of teaching stale numbers
    numbers = _chapter_numbers()
    chapters = PAGE[PAGE.index("\n## Chapter 1"):PAGE.index("\n## Which chapters")]
    quoted = re.findall(r"(?<![\w.^{])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.^{])-?\d+\.\d+", chapters)
    assert len(quoted) > 50
    for q in quoted:
        value = float(q.replace(",", ""))
        places = len(q.split(".")[1]) if "." in q else 0
        assert any(round(n, places) == value for n in numbers), f"{q} is printed by no chapter"


def _chapter_bounds(number: int) -> str:
    """What chapter `number` states or asserts as a bound: its text, its printed outputs, and
    the bounds of its assertions (not, say, a solver's tol=1e-12)."""
    path = sorted((ROOT / "chapters").glob("*.ipynb"))[number - 1]
    text = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            text.append(cell.source)
            continue
        # bounds of assertions: rtol=/atol=, `< 1e-3`, report.below(..., 1e-10)
        text += re.findall(r"(?:\b[ar]tol=|[<>]=?\s*|,\s*)1e-\d+", cell.source)
        for out in cell.get("outputs", []):
            text.append(out.get("text", ""))
            text.append("".join(out.get("data", {}).get("text/plain", "")))
    return "\n".join(text)


def test_every_bound_quoted_in_latex_is_one_its_chapter_uses():
    # "to a relative $10^{-12}$" in chapter 6's plan must be a bound chapter 6 itself states
    # or asserts (as 1e-12 or 10^{-12}), not one of another chapter's
    sections = re.split(r"\n## Chapter (\d+)", PAGE[:PAGE.index("\n## Which chapters")])[1:]
    checked = 0
    for number, body in zip(sections[::2], sections[1::2]):
        text = _chapter_bounds(int(number))
        agreements = r"(?:to|within|below)(?: a relative| an absolute)?\s+\$10\^\{(-\d+)\}\$"
        for exponent in re.findall(agreements, body):
            checked += 1
            assert (re.search(rf"1e{exponent}(?!\d)", text) or f"10^{{{exponent}}}" in text), (
                f"chapter {number}'s plan quotes 10^{{{exponent}}}, which the chapter never uses")
    assert checked >= 5
