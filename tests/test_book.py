"""Checks of the book as a whole: configuration, table of contents and stored notebooks.

These guard what nbval and the Sphinx build do not: every chapter is in the table of
contents, the Colab install cell points at the repository named in _config.yml, and the
notebooks are stored executed, in order and without per-run metadata.
"""

from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())


def _toc_files() -> list[str]:
    files = [TOC["root"]]
    for part in TOC["parts"]:
        files += [entry["file"] for entry in part["chapters"]]
    return files


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    nb = nbformat.read(path, as_version=4)
    return [c for c in nb.cells if c.cell_type == "code"]


def test_there_are_chapters():
    assert CHAPTERS, "no notebooks in chapters/"


def test_toc_lists_every_chapter_and_every_entry_exists():
    files = _toc_files()
    for nb_path in CHAPTERS:
        assert f"chapters/{nb_path.stem}" in files, f"{nb_path.name} is missing from _toc.yml"
    for f in files:
        assert any((ROOT / f).with_suffix(ext).exists() for ext in (".md", ".ipynb")), f


def test_config_publishes_stored_outputs_with_launch_buttons():
    assert CONFIG["execute"]["execute_notebooks"] == "off"
    assert CONFIG["only_build_toc_files"] is True
    assert CONFIG["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert CONFIG["launch_buttons"]["colab_url"].startswith("https://colab.research.google.com")
    assert CONFIG["repository"]["url"].startswith("https://github.com/")
    assert CONFIG["repository"]["branch"] == "main"
    assert "sphinx_exercise" in CONFIG["sphinx"]["extra_extensions"]


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=lambda p: p.name)
def test_first_code_cell_installs_glmnn_on_colab_only(nb_path):
    source = _code_cells(nb_path)[0].source
    url, branch = CONFIG["repository"]["url"], CONFIG["repository"]["branch"]
    assert 'if "google.colab" in sys.modules:' in source
    assert f"glmnn @ git+{url}@{branch}" in source, "Colab install URL differs from _config.yml"


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=lambda p: p.name)
def test_notebook_is_stored_executed_in_order_and_clean(nb_path):
    cells = [c for c in _code_cells(nb_path) if c.source.strip()]
    counts = [c.execution_count for c in cells]
    assert counts == list(range(1, len(cells) + 1)), "re-run the chapter top to bottom (make execute)"
    for c in cells:
        assert "execution" not in c.metadata, "volatile metadata left in: run make execute"
        assert not any(o.output_type == "error" for o in c.outputs), "a stored output is an error"
        assert not c.source.rstrip().endswith(";"), "nbval does not hide values after ';'"


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_follows_the_template(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("## Overview", "## Summary", "## Exercises", "## References"):
        assert heading in text, f"{nb_path.name} lacks a '{heading}' section"
    assert text.count("```{exercise}") >= 3
    assert "{cite" in text
    code = "\n".join(c.source for c in _code_cells(nb_path))
    if "random" in code.replace("np.random.default_rng(SEED)", ""):  # draws random numbers
        assert "np.random.default_rng(SEED)" in code, "random draws need the seeded generator"
