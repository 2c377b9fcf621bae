"""Checks of the book as a whole: configuration, table of contents and stored notebooks.

These guard what nbval and the Sphinx build do not: every chapter is in the table of
contents, the Colab install cell points at the repository named in _config.yml, and the
notebooks are stored executed, in order and without per-run metadata.
"""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

import glmnn

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
    url = CONFIG["repository"]["url"]
    assert 'if "google.colab" in sys.modules:' in source
    # the release this notebook was tested with: the tag of the package's version
    assert f"glmnn @ git+{url}@v{glmnn.__version__}" in source, "Colab cell must pin the release tag"
    assert '"--no-deps"' in source, "the Colab cell must leave Colab's own packages alone"


def test_package_version_is_the_same_everywhere():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'version = "{glmnn.__version__}"' in pyproject
    assert f'version: "{glmnn.__version__}"' in (ROOT / "CITATION.cff").read_text()
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## {glmnn.__version__} " in changelog, "CHANGELOG.md lacks an entry for this version"


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=lambda p: p.name)
def test_notebook_is_stored_executed_in_order_and_clean(nb_path):
    cells = [c for c in _code_cells(nb_path) if c.source.strip()]
    counts = [c.execution_count for c in cells]
    assert counts == list(range(1, len(cells) + 1)), "re-run the chapter top to bottom (make execute)"
    for c in cells:
        assert not any(o.output_type == "error" for o in c.outputs), "a stored output is an error"
        assert not c.source.rstrip().endswith(";"), "nbval does not hide values after ';'"
        kinds = [o.get("name") if o.output_type == "stream" else None for o in c.outputs]
        assert not any(a and a == b for a, b in zip(kinds, kinds[1:])), "split streams: run make execute"
    # per-run metadata: the same nbstripout call as `make execute`, as a check
    strip = [sys.executable, "-m", "nbstripout", "--verify", "--keep-output", "--keep-count", "--keep-id",
             "--extra-keys", "metadata.language_info.version", str(nb_path)]
    assert subprocess.run(strip, capture_output=True).returncode == 0, "volatile metadata left in: run make execute"


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


# A number in scientific notation at rounding level (1e-11 and below): as a value its digits
# differ between correct machines, and as a printed bound ("< 1e-12") it asserts at rounding
# level, which another machine's arithmetic may break (CONTRIBUTING.md, "Portable outputs").
# Bounds are 1e-10 or looser.
_ROUNDING_LEVEL = re.compile(r"\d(?:\.\d+)?e-(?:1[1-9]|[2-9]\d)\b")
# "digits of agreement" and the like: a rounding-level gap in disguise
_DIGITS_OF_AGREEMENT = re.compile(r"\b1[3-6]\.\d digits\b")


def _text_outputs(path: Path) -> list[str]:
    texts = []
    for cell in _code_cells(path):
        for out in cell.outputs:
            if out.output_type == "stream":
                texts.append(out.text)
            elif "data" in out:
                texts += [out.data[k] for k in ("text/plain", "text/markdown", "text/html") if k in out.data]
    return texts


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=lambda p: p.name)
def test_stored_outputs_print_no_rounding_level_digits(nb_path):
    for text in _text_outputs(nb_path):
        for line in text.splitlines():
            assert not _ROUNDING_LEVEL.search(line), f"rounding-level number printed: {line!r}"
            assert not _DIGITS_OF_AGREEMENT.search(line), f"digits of agreement printed: {line!r}"


@pytest.mark.parametrize(
    "line",
    ["largest |glmnn - statsmodels Logit|: 5.6e-17", "relative gap   2.01678e-15", "-4.17e-11",
     "network after Newton:          14.8 digits", "gap -4.4e-16",
     "a = b: largest relative difference < 1e-12 (asserted)", "sum < 1e-15 (asserted)"],
)
def test_rounding_level_check_catches(line):
    assert _ROUNDING_LEVEL.search(line) or _DIGITS_OF_AGREEMENT.search(line)


@pytest.mark.parametrize(
    "line",
    ["a = b: largest relative difference < 1e-10 (asserted)", "relative difference 1.6e-09",
     "1.6e-10", "Newton 12 digits"],
)
def test_rounding_level_check_allows(line):
    assert not _ROUNDING_LEVEL.search(line) and not _DIGITS_OF_AGREEMENT.search(line)


def test_mathematics_is_served_by_the_site_itself():
    cfg = CONFIG["sphinx"]["config"]
    assert not cfg["mathjax_path"].startswith(("http:", "https:", "//")), "MathJax from a CDN"
    assert cfg["html_static_path"] == ["_mathjax"]
    script = (ROOT / "scripts" / "fetch_mathjax.py").read_text()
    # two pinned packages (MathJax and its font), each with its registry integrity
    assert len(re.findall(r'"sha512-[A-Za-z0-9+/]{86}=="', script)) == 2
    assert 'VERSION = "4.1.3"' in script
    assert "VERSION-4.1.3" in (ROOT / "Makefile").read_text()
    # MathJax 4 breaks wide formulas into lines; its font is served by the site too
    output = cfg["mathjax3_config"]["output"]
    assert output["displayOverflow"] == "linebreak"
    assert output["fontPath"].startswith("[mathjax]/")


@pytest.mark.parametrize("path", sorted((ROOT / "chapters").glob("*.ipynb")), ids=lambda p: p.stem)
def test_figures_use_the_course_font_size(path):
    # matplotlib's 10-point default is about 7 CSS px on the page, 4-6 px on a phone
    source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    if "matplotlib" in source:
        assert 'plt.rcParams["font.size"] = 13' in source


@pytest.mark.parametrize("path", sorted((ROOT / "chapters").glob("*.ipynb")), ids=lambda p: p.stem)
def test_code_lines_fit_the_code_box(path):
    # 79 columns fit the page's code box at 1280 px (_static/course.css) and a slide
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                assert len(line) <= 79, line


def test_glossary_a_to_z_lists_every_term_once_in_alphabetical_order():
    text = (ROOT / "glossary.md").read_text(encoding="utf-8")
    block = re.search(r"^```\{glossary\}\n(.*?)^```", text, re.M | re.S)
    assert block, "glossary.md has no {glossary} directive"
    # a term is a line of the directive that is not indented (its definition is)
    terms = [line.strip() for line in block.group(1).splitlines() if line[:1].strip()]
    assert len(terms) == len(set(terms)) >= 50
    head = text[:block.start()]
    assert "(glossary-a-z)=\n## A to Z\n" in head and "## The terms, by topic" in head
    a_to_z = head.split("## A to Z", 1)[1].split("## The terms, by topic", 1)[0]
    listed = re.findall(r"\{term\}`([^`<]+?)`", a_to_z)
    assert sorted(listed) == sorted(terms), "the A to Z must list exactly the glossary's terms"
    assert listed == sorted(listed, key=str.casefold), "the A to Z is not in alphabetical order"
    letters = re.findall(r"^\*\*(\w)\*\* ·", a_to_z, re.M)
    assert letters == sorted(set(t[0].upper() for t in terms)), "one line per first letter"
    for line in re.findall(r"^\*\*\w\*\* ·.*$", a_to_z, re.M):
        group = re.findall(r"\{term\}`([^`<]+?)`", line)
        assert {t[0].upper() for t in group} == {line[2]}, f"a term under another letter: {line}"
