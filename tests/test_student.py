"""The student notebooks: exercises kept, solutions (text, code and outputs) removed."""

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("student_notebooks", ROOT / "scripts" / "student_notebooks.py")
student = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(student)
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def test_a_span_over_several_cells_is_removed_with_its_code():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb = _nb(
        md("intro"),
        md("```{exercise}\n:label: ex-a\n\nDo it.\n```\n\n```{solution-start} ex-a\n:class: dropdown\n```\n\nHint text"),
        code("answer = 42"),
        md("Because.\n\n```{solution-end}\n```\n\n## References"),
        md("```{solution} ex-b\n:class: dropdown\n\nshort\n```\n\nafter"),
    )
    out = student.strip_solutions(nb)
    text = "\n".join(c.source for c in out.cells)
    assert "Do it." in text and "## References" in text and "after" in text and "intro" in text
    assert "solution" not in text and "answer" not in text and "Hint" not in text and "short" not in text
    assert all(c.cell_type == "markdown" for c in out.cells)


def test_an_unclosed_span_is_an_error():
    nb = _nb(nbformat.v4.new_markdown_cell("```{solution-start} ex-a\n```\n\nno end"))
    with pytest.raises(ValueError, match="never closed"):
        student.strip_solutions(nb)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_keeps_its_exercises_and_loses_its_solutions(path):
    full = nbformat.read(path, as_version=4)
    out = student.strip_solutions(full)
    text = "\n".join(c.source for c in out.cells if c.cell_type == "markdown")
    full_text = "\n".join(c.source for c in full.cells if c.cell_type == "markdown")
    assert text.count("```{exercise}") == full_text.count("```{exercise}") >= 3
    assert "{solution" not in text and "## References" in text
    kept = [c.source for c in out.cells if c.cell_type == "code"]
    solution_code = sum(c.cell_type == "code" for c in full.cells) - len(kept)
    assert solution_code >= 1 and all(any(k == c.source for c in full.cells) for k in kept)


def test_student_notebooks_show_citations_as_text(tmp_path):
    """JupyterLab and Colab do not resolve {cite}: the student notebooks spell them out."""
    assert student.main([str(tmp_path)]) == 0
    for path in CHAPTERS:
        nb = nbformat.read(tmp_path / path.name, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert "{cite" not in text, path.name
    first = nbformat.read(tmp_path / CHAPTERS[0].name, as_version=4)
    assert any("Albert and Anderson (1984)" in c.source or "Albert and Anderson, 1984" in c.source
               for c in first.cells)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    assert student.main([str(out)]) == 0
    return out


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_student_notebooks_are_plain_markdown(written, path):
    """Colab and plain JupyterLab know no MyST: none of it may be left."""
    nb = nbformat.read(written / path.name, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            left = student.MYST_LEFT.search(cell.source)
            assert left is None, (path.name, cell.source[max(0, left.start() - 40):left.end() + 40])
        assert "slide-only" not in cell.metadata.get("tags", [])
    full = nbformat.read(path, as_version=4)
    exercises = sum(c.source.count("```{exercise}") for c in full.cells)
    number = CHAPTERS.index(path) + 1
    heads = [ln for c in nb.cells for ln in c.source.splitlines()
             if ln.startswith(f"### Exercise {number}.")]
    assert len(heads) == exercises >= 3 and all(": " in h for h in heads), heads


def test_plain_markdown_rewrites_exercises_asides_and_roles():
    text = ("(sec-x)=\n## A {term}`neuron`\n\n```{exercise} A title\n:label: ex-a\n\nDo "
            "{ref}`sec-x`.\n```\n\n````{admonition} Aside\n:class: dropdown\n\nLine one\n\n"
            "Line two\n````\n**For students:** {download}`x <y.ipynb>`")
    out = student.plain_markdown(text, 3, [1], {"sec-x": "“A neuron”"}, {})
    assert out == ("## A neuron\n\n### Exercise 3.2: A title\n\nDo “A neuron”.\n\n"
                   "> **Aside**\n>\n> Line one\n>\n> Line two")
    assert student.MYST_LEFT.search(out) is None


def test_the_zip_has_a_readme_on_installing_glmnn(written):
    import zipfile

    with zipfile.ZipFile(written / "glmnn-course-student-notebooks.zip") as z:
        names = z.namelist()
        text = z.read("student-notebooks/README.md").decode()
    assert names[0] == "student-notebooks/README.md"
    assert len([n for n in names if n.endswith(".ipynb")]) == len(CHAPTERS)
    import glmnn

    assert f"git+https://github.com/glmnn-course/glmnn-course@v{glmnn.__version__}" in text
    assert "Colab" in text and "CC BY 4.0" in text
